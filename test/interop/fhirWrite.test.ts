// Import from the EHR (issue 11 item 2): a transaction or batch Bundle of lab and weight
// Observations, accepted per entry like the CSV import. What a practice's staff would notice: the
// good entries are on the patient's clinical page, each bad entry says what is wrong and stored
// nothing, the same observation sent twice is there once, and a body that is no Bundle writes nothing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Bundle, BundleEntry, Observation, OperationOutcome, QuestionnaireResponse, QuestionnaireResponseItem, Reference } from '@medplum/fhirtypes';
import type { SubmitAnswer } from '../../src/interop/fhir/submitResponse.js';
import { PROGRAM_ID_SYSTEM } from '../../src/interop/fhir/systems.js';
import { startTestApi, TEST_NPIS, type EnrolledPatient, type TestApi } from '../support/api.js';
import { interopHttpClient, registerInteropClient, type InteropHttpClient, type InteropResponse } from '../support/interopClients.js';
import { enrollOthersPatient, type Patient } from '../support/journeys.js';
import { assertValidFhir } from '../support/fhirValidation.js';

const ON = '2025-03-10';

function lab(programId: string, loinc: string, value: number, unit: string, extra: Partial<Observation> = {}): Observation {
  return {
    resourceType: 'Observation',
    status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] }],
    code: { coding: [{ system: 'http://loinc.org', code: loinc }] },
    subject: { identifier: { system: PROGRAM_ID_SYSTEM, value: programId } },
    effectiveDateTime: '2025-03-05T08:30:00-05:00',
    valueQuantity: { value, unit, system: 'http://unitsofmeasure.org', code: unit },
    ...extra,
  };
}

function weight(programId: string, value: number, unit: string, extra: Partial<Observation> = {}): Observation {
  return {
    resourceType: 'Observation',
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '29463-7', display: 'Body weight' }] },
    subject: { identifier: { system: PROGRAM_ID_SYSTEM, value: programId } },
    effectiveDateTime: '2025-03-06',
    valueQuantity: { value, unit, system: 'http://unitsofmeasure.org', code: unit },
    ...extra,
  };
}

function bundle(type: 'transaction' | 'batch', resources: unknown[]): Bundle {
  return {
    resourceType: 'Bundle',
    type,
    entry: resources.map((resource) => ({ resource: resource as Observation, request: { method: 'POST', url: 'Observation' } })),
  };
}

function statusOf(entry: BundleEntry | undefined): number {
  return Number.parseInt(entry?.response?.status ?? '0', 10);
}

function issueText(entry: BundleEntry | undefined): string {
  return (entry?.response?.outcome?.issue ?? []).map((issue) => issue.details?.text ?? '').join(' | ');
}

describe('FHIR import of labs and weights', () => {
  let api: TestApi;
  let patient: EnrolledPatient;
  let other: EnrolledPatient;
  let foreign: Patient;
  let ehr: InteropHttpClient;

  /** Posts a Bundle as the practice's EHR: the answer is 200 and a valid FHIR Bundle. */
  const importBundle = async (body: unknown): Promise<Bundle> => {
    const res = await ehr.post('/fhir/r4', body);
    assert.equal(res.status, 200, res.text);
    assert.match(String(res.headers['content-type']), /^application\/fhir\+json/);
    assertValidFhir(res.body);
    return res.body as Bundle;
  };

  before(async () => {
    api = await startTestApi();
    api.today(ON);
    patient = await api.enroll({ category: 'PCNGP', enrolledOn: '2025-03-01', birthDate: '1995-04-02', givenName: 'Ana' });
    other = await api.enroll({ category: 'PCNGP', enrolledOn: '2025-03-01', birthDate: '1990-01-01', givenName: 'Other' });
    foreign = await enrollOthersPatient(api, '2025-03-01');
    api.today(ON);
    ehr = (await registerInteropClient(api, { kind: 'practice', scopes: ['system/Observation.c'] })).client;
  });
  after(() => api.close());

  const labsOf = (patientId: string) =>
    api.services.db.selectFrom('lab_results').selectAll().where('patient_id', '=', patientId).orderBy('recorded_at').execute();
  const weightsOf = (patientId: string) => api.services.db.selectFrom('weight_measurements').selectAll().where('patient_id', '=', patientId).execute();

  test('each good entry is recorded, each bad one says why and stores nothing', async () => {
    const request = bundle('transaction', [
      lab(patient.programId, '2571-8', 180, 'mg/dL', { identifier: [{ system: 'urn:oid:1.2.3.4', value: 'TG-1' }] }),
      lab(patient.programId, '1742-6', 40, 'U/L', { referenceRange: [{ high: { value: 35, unit: 'U/L', system: 'http://unitsofmeasure.org', code: 'U/L' } }] }),
      lab(patient.programId, '1920-8', 30, 'U/L'), // AST without its upper reference limit
      weight(patient.programId, 154, '[lb_av]'),
      lab(patient.programId, '2571-8', 150, 'mg/dL', { status: 'preliminary' }),
      lab(patient.programId, '718-7', 13, 'g/dL'), // haemoglobin: not a lab isocourse keeps
      lab('ZZZZZZZZZZ', '2571-8', 150, 'mg/dL'),
    ]);
    const response = await importBundle(request);
    assertValidFhir(response);
    assert.equal(response.type, 'transaction-response');
    assert.deepEqual(response.entry?.map(statusOf), [201, 201, 422, 201, 422, 422, 404]);
    assert.match(response.entry[0]?.response?.location ?? '', /^Observation\/lab-[0-9a-f-]{36}$/);
    assert.match(issueText(response.entry[2]), /upper reference limit/);
    assert.equal(response.entry[2]?.response?.outcome?.issue[0]?.expression?.[0], 'Observation.referenceRange[0].high');
    assert.match(issueText(response.entry[4]), /released results/);
    assert.match(issueText(response.entry[5]), /718-7 is not a lab or weight/);
    assert.match(issueText(response.entry[6]), /no patient of yours/i);

    const labs = await labsOf(patient.id);
    assert.deepEqual(
      labs.map((row) => [row.analyte, row.value, row.unit, row.collected_on]),
      [
        ['triglycerides', 180, 'mg/dL', '2025-03-05'],
        ['alt', 40, 'U/L', '2025-03-05'],
      ],
    );
    const weights = await weightsOf(patient.id);
    assert.deepEqual(
      weights.map((row) => [row.weight_kg, row.entered_value, row.entered_unit, row.measured_on]),
      [[69.9, 154, 'lb', '2025-03-06']],
    );
    const audit = await api.services.db
      .selectFrom('audit_events')
      .select(['action', 'outcome'])
      .where('patient_id', '=', patient.id)
      .where('action', 'in', ['labResult.import', 'weight.import'])
      .execute();
    assert.equal(audit.filter((row) => row.outcome === 'ok').length, 3);
  });

  test('the same observation sent again is there once, by identifier or by code, date and value', async () => {
    const before = (await labsOf(patient.id)).length;
    const request = bundle('batch', [
      lab(patient.programId, '2571-8', 180, 'mg/dL', { identifier: [{ system: 'urn:oid:1.2.3.4', value: 'TG-1' }] }),
      lab(patient.programId, '1742-6', 40, 'U/L', { referenceRange: [{ high: { value: 35, unit: 'U/L' } }] }),
      weight(patient.programId, 154, '[lb_av]'),
      lab(patient.programId, '2571-8', 999, 'mg/dL', { identifier: [{ system: 'urn:oid:1.2.3.4', value: 'TG-1' }] }),
    ]);
    const response = await importBundle(request);
    assertValidFhir(response);
    assert.equal(response.type, 'batch-response');
    assert.deepEqual(response.entry?.map(statusOf), [200, 200, 200, 409]);
    assert.match(issueText(response.entry[3]), /already imported with another value/);
    assert.equal((await labsOf(patient.id)).length, before);
    assert.equal((await weightsOf(patient.id)).length, 1);
  });

  test('the same batch sent twice at once (a retry racing the first try) records each observation once', async () => {
    const request = bundle('batch', [
      lab(patient.programId, '2085-9', 55, 'mg/dL', { identifier: [{ system: 'urn:oid:1.2.3.4', value: 'HDL-7' }] }),
      weight(patient.programId, 70.4, 'kg', { effectiveDateTime: '2025-03-09' }),
    ]);
    const [first, second] = await Promise.all([importBundle(request), importBundle(request)]);
    // Per entry, one answer created it (201) and the other found it (200).
    for (const index of [0, 1]) {
      assert.deepEqual([statusOf(first.entry?.[index]), statusOf(second.entry?.[index])].sort(), [200, 201], `entry ${index}`);
    }
    assert.deepEqual(new Set([first.entry?.[0]?.response?.location, second.entry?.[0]?.response?.location]).size, 1, 'both answers name the one fact');
    assert.equal((await labsOf(patient.id)).filter((row) => row.analyte === 'hdl').length, 1);
    assert.equal((await weightsOf(patient.id)).filter((row) => row.measured_on === '2025-03-09').length, 1);
  });

  test('a patient of another practice is not found, in the same words as an unknown identifier', async () => {
    const unknown = await importBundle(bundle('batch', [lab('QQQQQQQQQQ', '2571-8', 100, 'mg/dL')]));
    assert.equal(statusOf(unknown.entry?.[0]), 404);
    const elsewhere = await importBundle(
      bundle('batch', [
        lab(foreign.programId, '2571-8', 100, 'mg/dL'),
        { ...lab(foreign.programId, '2571-8', 100, 'mg/dL'), subject: { reference: `Patient/${foreign.id}` } },
      ]),
    );
    assert.deepEqual(elsewhere.entry?.map(statusOf), [404, 404]);
    assert.deepEqual(await labsOf(foreign.id), []);
    // Patient/<isocourse id> names her too; another patient's record is not touched by mine.
    const byId = await importBundle(bundle('batch', [{ ...lab(other.programId, '2093-3', 5.2, 'mmol/L'), subject: { reference: `Patient/${other.id}` } }]));
    assertValidFhir(byId);
    assert.equal(statusOf(byId.entry?.[0]), 201);
    assert.deepEqual(
      (await labsOf(other.id)).map((row) => [row.analyte, row.unit]),
      [['totalCholesterol', 'mmol/L']],
    );
    const notUuid = await importBundle(bundle('batch', [{ ...lab(other.programId, '2093-3', 5.3, 'mmol/L'), subject: { reference: 'Patient/pat017' } }]));
    assert.equal(statusOf(notUuid.entry?.[0]), 404);
  });

  test("the EHR's own identifier, linked when it came with the program identifier, finds her later; a name and birth date alone only ask the care team", async () => {
    const mrn = { system: 'urn:oid:2.16.840.1.113883.19.5', value: 'MRN-4411' };
    const carriedPatient = (identifier: { system: string; value: string }[]) => ({
      fullUrl: 'urn:uuid:5d1f0a8e-2c43-4b4e-9a59-0f3c1c8f9a01',
      resource: { resourceType: 'Patient', identifier, name: [{ family: 'Patient', given: ['Ana'] }], birthDate: '1995-04-02' },
    });
    const observed = (value: number) => ({
      ...lab(patient.programId, '2571-8', value, 'mg/dL'),
      subject: { reference: 'urn:uuid:5d1f0a8e-2c43-4b4e-9a59-0f3c1c8f9a01' },
    });
    const first = await importBundle({
      resourceType: 'Bundle',
      type: 'batch',
      entry: [
        carriedPatient([{ system: PROGRAM_ID_SYSTEM, value: patient.programId }, mrn]),
        { resource: observed(201), request: { method: 'POST', url: 'Observation' } },
      ],
    });
    assert.deepEqual(first.entry?.map(statusOf), [200, 201]);
    const later = await importBundle(bundle('batch', [{ ...lab(patient.programId, '2571-8', 202, 'mg/dL'), subject: { identifier: mrn } }]));
    assert.deepEqual(later.entry?.map(statusOf), [201]);

    const byName = await importBundle({
      resourceType: 'Bundle',
      type: 'batch',
      entry: [carriedPatient([]), { resource: observed(203), request: { method: 'POST', url: 'Observation' } }],
    });
    assert.deepEqual(byName.entry?.map(statusOf), [200, 422]);
    assert.match(issueText(byName.entry[1]), /never linked automatically/);
    assert.deepEqual(
      (await labsOf(patient.id)).filter((row) => row.value >= 201 && row.value <= 203).map((row) => row.value),
      [201, 202],
    );
    const reviews = await api.services.db.selectFrom('patient_match_reviews').select('candidate_patient_id').execute();
    assert.deepEqual(
      reviews.map((review) => review.candidate_patient_id),
      [patient.id],
    );
  });

  test('a body that is not a transaction or batch Bundle is refused whole with an OperationOutcome, nothing written', async () => {
    const before = (await labsOf(patient.id)).length;
    const sent: [string, string][] = [
      ['{"resourceType": "Bundle", "type": "batch", "entry": [', 'application/fhir+json'],
      ['null', 'application/fhir+json'],
      ['[]', 'application/json'],
      [JSON.stringify(lab(patient.programId, '2571-8', 101, 'mg/dL')), 'application/fhir+json'],
      [
        JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: [{ resource: lab(patient.programId, '2571-8', 101, 'mg/dL') }] }),
        'application/fhir+json',
      ],
      [JSON.stringify({ resourceType: 'Bundle', type: 'batch' }), 'application/fhir+json'],
      [JSON.stringify({ resourceType: 'Bundle', type: 'batch', entry: [1] }), 'application/fhir+json'],
    ];
    for (const [body, type] of sent) {
      const res = await ehr.raw('POST', '/fhir/r4', body, type);
      assert.equal(res.status, 400, `${body}: ${res.text}`);
      assert.equal(res.body.resourceType, 'OperationOutcome', body);
      assertValidFhir(res.body);
    }
    assert.equal((await labsOf(patient.id)).length, before);
  });

  test("only a practice's EHR with the scope to create Observations imports, and only with its token", async () => {
    const request = bundle('batch', [lab(patient.programId, '2571-8', 102, 'mg/dL')]);
    const reader = await registerInteropClient(api, { kind: 'practice', scopes: ['system/Observation.rs'] });
    const pharmacy = await registerInteropClient(api, { kind: 'pharmacy', scopes: ['system/Observation.c'] });
    for (const [client, status] of [
      [reader.client, 403],
      [pharmacy.client, 403],
      [interopHttpClient(api, null), 401],
      [interopHttpClient(api, 'not-a-token'), 401],
    ] as const) {
      const res = await client.post('/fhir/r4', request);
      assert.equal(res.status, status, res.text);
      assertValidFhir(res.body);
    }
    assert.deepEqual(
      (await labsOf(patient.id)).filter((row) => row.value === 102),
      [],
    );
  });

  test('an implausible weight or a weight in stones is refused with its reason', async () => {
    const response = await importBundle(
      bundle('batch', [weight(patient.programId, 700, 'kg'), weight(patient.programId, 11, '[stone_av]'), weight(patient.programId, -3, 'kg')]),
    );
    assertValidFhir(response);
    assert.deepEqual(response.entry?.map(statusOf), [422, 422, 422]);
    assert.match(issueText(response.entry[0]), /needs confirming/);
    assert.match(issueText(response.entry[1]), /kg or \[lb_av\]/);
    assert.deepEqual((await weightsOf(patient.id)).filter((row) => row.measured_on === '2025-03-06').length, 1);
  });

  test('an observation dated in year 0000 is refused on its entry, never a 500; the others are recorded', async () => {
    const weightsBefore = (await weightsOf(patient.id)).length;
    const labsBefore = (await labsOf(patient.id)).length;
    const res = await ehr.post(
      '/fhir/r4',
      bundle('batch', [
        weight(patient.programId, 70.1, 'kg', { effectiveDateTime: '0000-01-01' }),
        lab(patient.programId, '2571-8', 181, 'mg/dL', { effectiveDateTime: '0000-01-01T08:30:00Z' }),
        weight(patient.programId, 70.2, 'kg', { effectiveDateTime: '2025-03-08' }),
      ]),
    );
    assert.equal(res.status, 200, res.text);
    assertValidFhir(res.body);
    const entries = (res.body as Bundle).entry ?? [];
    assert.deepEqual(entries.map(statusOf), [422, 422, 201]);
    assert.match(issueText(entries[0]), /effectiveDateTime/);
    assert.equal((await weightsOf(patient.id)).length, weightsBefore + 1);
    assert.equal((await labsOf(patient.id)).length, labsBefore);
  });
});

const NPI = 'http://hl7.org/fhir/sid/us-npi';
const PRESCRIBER_NPI = TEST_NPIS.prescriber;

/** A refusal as an EHR reads it: a status and a valid OperationOutcome. */
function refusalOf(res: InteropResponse): { status: number; problems: { code: string; text: string; expression: string | undefined }[] } {
  assert.ok(res.status >= 400 && res.status < 500, `${res.status} ${res.text}`);
  assert.equal(res.body.resourceType, 'OperationOutcome', res.text);
  assertValidFhir(res.body);
  const outcome = res.body as OperationOutcome;
  return {
    status: res.status,
    problems: outcome.issue.map((issue) => ({ code: issue.code, text: issue.details?.text ?? issue.diagnostics ?? '', expression: issue.expression?.[0] })),
  };
}

function answer(linkId: string, value: Record<string, unknown> | Record<string, unknown>[]): QuestionnaireResponseItem {
  return { linkId, answer: Array.isArray(value) ? value : [value] };
}

function response(
  questionnaire: string,
  subject: Reference,
  item: QuestionnaireResponseItem[],
  extra: Partial<QuestionnaireResponse> = {},
): QuestionnaireResponse {
  return {
    resourceType: 'QuestionnaireResponse',
    status: 'completed',
    questionnaire: `https://ehr.example/fhir/Questionnaire/${questionnaire}`,
    subject,
    authored: `${ON}T10:00:00-05:00`,
    item,
    ...extra,
  };
}

describe('QuestionnaireResponse/$submit of the monthly items', () => {
  let api: TestApi;
  let patient: EnrolledPatient;
  let foreign: Patient;
  let ehr: InteropHttpClient;
  let ehrUserId: string;
  const byProgramId = (programId: string): Reference => ({ identifier: { system: PROGRAM_ID_SYSTEM, value: programId } });

  before(async () => {
    api = await startTestApi();
    api.today(ON);
    patient = await api.enroll({ category: 'PCGP', enrolledOn: '2025-02-20', birthDate: '2001-08-09', givenName: 'Bea' });
    foreign = await enrollOthersPatient(api, '2025-03-01');
    api.today(ON);
    const registered = await registerInteropClient(api, { kind: 'practice', scopes: ['system/QuestionnaireResponse.c'] });
    ehr = registered.client;
    ehrUserId = (await api.services.db.selectFrom('interop_clients').select('user_id').where('id', '=', registered.id).executeTakeFirstOrThrow()).user_id;
  });
  after(() => api.close());

  const submit = async (body: unknown): Promise<SubmitAnswer> => {
    const res = await ehr.post('/fhir/r4/QuestionnaireResponse/$submit', body);
    assert.equal(res.status, 201, res.text);
    if (res.body.outcome !== undefined) {
      assertValidFhir(res.body.outcome);
    }
    return res.body as SubmitAnswer;
  };
  const refusal = async (body: unknown) => refusalOf(await ehr.post('/fhir/r4/QuestionnaireResponse/$submit', body));
  const count = async (table: 'contraception_declarations' | 'comprehension_checks' | 'pregnancy_tests' | 'counseling_attestations') =>
    Number(
      (
        await api.services.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('patient_id', '=', patient.id)
          .executeTakeFirstOrThrow()
      ).n,
    );

  test("the birth-control declaration, then the month's check, as the web forms record them", async () => {
    const declared = await submit(
      response('isocourse-contraception', byProgramId(patient.programId), [
        answer('declaredOn', { valueDate: '2025-02-20' }),
        answer('methods', [{ valueCoding: { code: 'iudCopper' } }, { valueCoding: { code: 'maleCondom' } }]),
        answer('abstinence', { valueBoolean: false }),
        answer('startedOn', { valueDate: '2025-01-15' }),
      ]),
    );
    assert.equal(declared.case_number, patient.programId);
    assert.deepEqual(declared.patient, { reference: `Patient/${patient.id}` });
    assert.deepEqual(
      declared.recorded.map((fact) => [fact.fact, fact['methods']]),
      [['contraception', ['iudCopper', 'maleCondom']]],
    );

    const checked = await submit(
      response('isocourse-monthly-check', { reference: `Patient/${patient.id}` }, [
        answer('checkedOn', { valueDate: ON }),
        answer('comprehensionPassed', { valueBoolean: true }),
        answer('confirmsSameContraception', { valueBoolean: true }),
      ]),
    );
    assert.deepEqual(
      checked.recorded.map((fact) => fact.fact),
      ['comprehension', 'contraception'],
    );
    const rows = await api.services.db
      .selectFrom('contraception_declarations')
      .select(['declared_on', 'started_on', 'methods', 'entered_by', 'recorded_by'])
      .where('patient_id', '=', patient.id)
      .orderBy('declared_on')
      .execute();
    assert.deepEqual(
      rows.map((row) => [row.declared_on, row.started_on, row.methods, row.entered_by, row.recorded_by]),
      [
        ['2025-02-20', '2025-01-15', ['iudCopper', 'maleCondom'], 'delegate', ehrUserId],
        [ON, '2025-01-15', ['iudCopper', 'maleCondom'], 'delegate', ehrUserId],
      ],
    );
    assert.equal(await count('comprehension_checks'), 1);
  });

  test('a declaration the rules refuse says why and stores nothing', async () => {
    const before = await count('contraception_declarations');
    const refused = await refusal(
      response('isocourse-contraception', byProgramId(patient.programId), [
        answer('declaredOn', { valueDate: ON }),
        answer('methods', [{ valueCoding: { code: 'withdrawal' } }]),
        answer('abstinence', { valueBoolean: false }),
        answer('startedOn', { valueDate: '2025-01-15' }),
      ]),
    );
    assert.equal(refused.status, 422);
    assert.ok(refused.problems.every((problem) => problem.code === 'business-rule'));
    assert.equal(await count('contraception_declarations'), before);
  });

  test('a pregnancy test result, and the counseling signed by the prescriber named by NPI', async () => {
    const tested = await submit(
      response('isocourse-pregnancy-test', byProgramId(patient.programId), [
        answer('kind', { valueCoding: { code: 'confirmation' } }),
        answer('specimenDate', { valueDate: '2025-03-07' }),
        answer('resultDate', { valueDate: '2025-03-08' }),
        answer('result', { valueCoding: { code: 'negative' } }),
        answer('setting', { valueCoding: { code: 'lab' } }),
        answer('clia', { valueBoolean: true }),
      ]),
    );
    assert.deepEqual(
      tested.recorded.map((fact) => [fact.fact, fact['kind'], fact['result']]),
      [['pregnancyTest', 'confirmation', 'negative']],
    );

    const counseling = (author?: QuestionnaireResponse['author']) =>
      response(
        'isocourse-counseling',
        byProgramId(patient.programId),
        [answer('counseledOn', { valueDate: ON }), answer('modality', { valueCoding: { code: 'telehealth' } })],
        author === undefined ? {} : { author },
      );
    const unsigned = await refusal(counseling());
    assert.equal(unsigned.status, 422);
    assert.equal(unsigned.problems[0]?.expression, 'QuestionnaireResponse.author');
    const stranger = await refusal(counseling({ identifier: { system: NPI, value: '1999999999' } }));
    assert.equal(stranger.status, 403);
    assert.equal(await count('counseling_attestations'), 0);

    // In a message Bundle, the author is the Practitioner carried with it.
    const signed = await submit({
      resourceType: 'Bundle',
      type: 'message',
      entry: [
        { resource: counseling({ reference: 'Practitioner/doc1' }) },
        { resource: { resourceType: 'Practitioner', id: 'doc1', identifier: [{ system: NPI, value: PRESCRIBER_NPI }] } },
      ],
    });
    assert.deepEqual(
      signed.recorded.map((fact) => [fact.fact, fact['modality']]),
      [['counseling', 'telehealth']],
    );
    const row = await api.services.db
      .selectFrom('counseling_attestations')
      .select(['prescriber_id', 'counseled_on', 'modality'])
      .where('patient_id', '=', patient.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { prescriber_id: api.ids.users.prescriber, counseled_on: ON, modality: 'telehealth' });
  });

  test('who the patient is: an identifier and, when sent, the same birth date; never a name alone', async () => {
    const check = (subject: Reference) =>
      response('isocourse-monthly-check', subject, [answer('checkedOn', { valueDate: ON }), answer('comprehensionPassed', { valueBoolean: true })]);
    const before = await count('comprehension_checks');
    assert.equal((await refusal(check(byProgramId('ZZZZZZZZZZ')))).status, 404);
    assert.equal((await refusal(check({ reference: 'Patient/pat017' }))).status, 404);
    assert.equal((await refusal(check({ reference: `Patient/${foreign.id}` }))).status, 404);
    assert.equal((await refusal(check(byProgramId(foreign.programId)))).status, 404);
    // Carried in the Bundle: her identifier with another birth date is not her.
    const carried = (birthDate: string, identifier: boolean) => ({
      resourceType: 'Bundle',
      type: 'message',
      entry: [
        { resource: check({ reference: 'Patient/p1' }) },
        {
          resource: {
            resourceType: 'Patient',
            id: 'p1',
            name: [{ given: ['Bea'], family: 'Patient' }],
            birthDate,
            ...(identifier ? { identifier: [{ system: PROGRAM_ID_SYSTEM, value: patient.programId }] } : {}),
          },
        },
      ],
    });
    const wrongBirthDate = await refusal(carried('2001-08-10', true));
    assert.equal(wrongBirthDate.status, 404);
    // Her name and birth date alone: the care team is asked, nothing is linked or recorded.
    const byName = await refusal(carried(patient.birthDate, false));
    assert.equal(byName.status, 422);
    assert.match(byName.problems[0]?.text ?? '', /never linked automatically\. The care team was asked to review the match/);
    const reviews = await api.services.db.selectFrom('patient_match_reviews').select('candidate_patient_id').execute();
    assert.deepEqual(
      reviews.map((review) => review.candidate_patient_id),
      [patient.id],
    );
    assert.equal(await count('comprehension_checks'), before);
    const right = await submit(carried(patient.birthDate, true));
    assert.equal(right.case_number, patient.programId);
  });

  test('what cannot be a completed isocourse form is refused whole, nothing written', async () => {
    const before = await count('comprehension_checks');
    const wrongType = await refusal(
      response('isocourse-monthly-check', byProgramId(patient.programId), [
        answer('checkedOn', { valueDate: ON }),
        answer('comprehensionPassed', { valueString: 'yes' }),
      ]),
    );
    assert.equal(wrongType.status, 422);
    assert.match(wrongType.problems[0]?.text ?? '', /comprehensionPassed must be a boolean/);
    assert.equal(
      (await refusal(response('isocourse-monthly-check', byProgramId(patient.programId), [answer('checkedOn', { valueDate: ON })], { status: 'in-progress' })))
        .status,
      422,
    );
    assert.equal((await refusal(response('SomeOtherForm', byProgramId(patient.programId), []))).status, 422);
    assert.equal(
      (
        await refusal(
          response('isocourse-monthly-check', byProgramId(patient.programId), [
            answer('checkedOn', { valueDate: '2025-04-01' }),
            answer('comprehensionPassed', { valueBoolean: true }),
          ]),
        )
      ).status,
      422,
    );
    for (const body of [null, 'text', [], { resourceType: 'Patient' }, { resourceType: 'Bundle', type: 'message' }, { resourceType: 'Parameters' }]) {
      assert.equal((await refusal(body)).status, 400);
    }
    assert.equal(await count('comprehension_checks'), before);
  });
});

describe("QuestionnaireResponse/$submit of isocourse's own enrollment form", () => {
  let api: TestApi;
  let ehr: InteropHttpClient;
  const enrollment = (items: QuestionnaireResponseItem[]) =>
    response('IPledgeRemsPatientEnrollment', { reference: 'urn:uuid:0b0e9f5e-7a39-4d1c-9a43-1f0d9a1f6e10' }, items, {
      author: { identifier: { system: NPI, value: PRESCRIBER_NPI } },
    });
  const names = [answer('5.1', { valueString: 'Cara' }), answer('5.3', { valueString: 'Mendes' }), answer('5.11', { valueDate: '2004-05-06' })];

  before(async () => {
    api = await startTestApi();
    api.today(ON);
    ehr = (await registerInteropClient(api, { kind: 'practice', scopes: ['system/Questionnaire.rs', 'system/QuestionnaireResponse.c'] })).client;
  });
  after(() => api.close());

  test('every form isocourse serves is a valid Questionnaire in a $questionnaire-package; an unknown one is not found', async () => {
    for (const id of [
      'IPledgeRemsPatientEnrollment',
      'IPledgeRemsPrescriberEnrollmentForm',
      'isocourse-monthly-check',
      'isocourse-contraception',
      'isocourse-pregnancy-test',
      'isocourse-counseling',
    ]) {
      const res = await ehr.post(`/fhir/r4/Questionnaire/${id}/$questionnaire-package`, { resourceType: 'Parameters' });
      assert.equal(res.status, 200, res.text);
      assertValidFhir(res.body);
      assert.equal(res.body.parameter[0].resource.entry.at(-1).resource.id, id);
    }
    const unknown = await ehr.post('/fhir/r4/Questionnaire/NoSuchForm/$questionnaire-package', { resourceType: 'Parameters' });
    assert.equal(unknown.status, 404);
    assertValidFhir(unknown.body);
  });

  test('a patient who can get pregnant: enrolled with both consents, her screening test and the counseling by telehealth', async () => {
    const res = await ehr.post(
      '/fhir/r4/QuestionnaireResponse/$submit',
      enrollment([
        { linkId: '1', item: [{ linkId: '1.2', item: [answer('1.2.1', { valueBoolean: true })] }] },
        {
          linkId: '2',
          item: [answer('2.2', { valueCoding: { system: 'http://snomed.info/sct', code: '60001007' } }), answer('2.3', { valueDate: '2025-03-08' })],
        },
        { linkId: '5', item: names },
        { linkId: '6', item: [answer('6.2', { valueBoolean: true })] },
        { linkId: '7', item: [answer('7.2', { valueBoolean: true })] },
        { linkId: '8', item: [answer('8.1', { valueString: 'Patient Attestation' })] },
        { linkId: '9', item: [answer('9.4', { valueBoolean: true }), answer('9.10', { valueCoding: { code: 'telehealth' } })] },
      ]),
    );
    assert.equal(res.status, 201, res.text);
    const answerBody = res.body as SubmitAnswer;
    assert.equal(answerBody.outcome, undefined, 'everything was recorded');
    assert.deepEqual(
      answerBody.recorded.map((fact) => [fact.fact, fact['kind'] ?? fact['category'] ?? fact['modality']]),
      [
        ['enrollment', 'PCGP'],
        ['consent', 'general'],
        ['consent', 'birthDefects'],
        ['pregnancyTest', 'screening'],
        ['counseling', 'telehealth'],
      ],
    );
    const patient = await api.services.db.selectFrom('patients').selectAll().where('program_id', '=', answerBody.case_number).executeTakeFirstOrThrow();
    assert.deepEqual([patient.given_name, patient.family_name, patient.birth_date], ['Cara', 'Mendes', '2004-05-06']);
    const test = await api.services.db
      .selectFrom('pregnancy_tests')
      .select(['kind', 'result', 'setting', 'clia', 'specimen_date'])
      .where('patient_id', '=', patient.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(test, { kind: 'screening', result: 'negative', setting: 'clinic', clia: true, specimen_date: '2025-03-08' });
  });

  test('a patient who cannot get pregnant without the reason why is not enrolled', async () => {
    const before = await api.services.db.selectFrom('patients').select('id').execute();
    const res = await ehr.post(
      '/fhir/r4/QuestionnaireResponse/$submit',
      enrollment([
        { linkId: '1', item: [{ linkId: '1.2', item: [answer('1.2.1', { valueBoolean: false })] }] },
        { linkId: '4', item: [answer('4.1', { valueBoolean: false }), answer('4.2', { valueBoolean: false })] },
        { linkId: '5', item: [answer('5.1', { valueString: 'Dan' }), answer('5.3', { valueString: 'Okafor' }), answer('5.11', { valueDate: '1999-01-02' })] },
      ]),
    );
    const refused = refusalOf(res);
    assert.equal(refused.status, 422);
    assert.match(refused.problems[0]?.text ?? '', /needs the reason \(R-CAT-1\)/);
    assert.equal((await api.services.db.selectFrom('patients').select('id').execute()).length, before.length);
  });

  test('consents not all affirmed: enrolled, and the answer says the consents were not recorded', async () => {
    const res = await ehr.post(
      '/fhir/r4/QuestionnaireResponse/$submit',
      enrollment([
        { linkId: '1', item: [{ linkId: '1.2', item: [answer('1.2.1', { valueBoolean: false })] }] },
        { linkId: '4', item: [answer('4.3', { valueBoolean: true })] },
        { linkId: '5', item: [answer('5.1', { valueString: 'Eve' }), answer('5.3', { valueString: 'Tran' }), answer('5.11', { valueDate: '1970-03-04' })] },
        { linkId: '6', item: [answer('6.2', { valueBoolean: false })] },
      ]),
    );
    assert.equal(res.status, 201, res.text);
    assertValidFhir(res.body.outcome);
    assert.deepEqual(
      (res.body as SubmitAnswer).recorded.map((fact) => fact.fact),
      ['enrollment'],
    );
    const texts = (res.body.outcome as OperationOutcome).issue.map((issue) => issue.details?.text ?? '');
    assert.ok(texts.some((text) => /consents were not recorded/.test(text)));
    assert.ok(texts.some((text) => /counseling was not recorded/.test(text)));
  });
});

describe("QuestionnaireResponse/$submit enrollment links the EHR's own identifiers of the new patient", () => {
  let api: TestApi;
  let ehr: InteropHttpClient;
  let cds: InteropHttpClient;
  const MEDICARE = 'http://hl7.org/fhir/sid/us-medicare';
  const MRN_SYSTEM = 'urn:oid:2.16.840.1.113883.3.7418.1';
  const patientUrl = 'urn:uuid:5d1c8a2e-4b6f-4a55-9e0d-2c7b1f3a9e41';

  /** The SMART app's message Bundle: the enrollment form and the EHR's Patient it is about. */
  const enrollmentMessage = (ehrPatient: Record<string, unknown>, given: string, family: string, birthDate: string) => ({
    resourceType: 'Bundle',
    type: 'collection',
    entry: [
      {
        fullUrl: 'urn:uuid:9a0c3e1d-7f52-4e0b-8d1a-6b2e4c9f0a17',
        resource: response(
          'IPledgeRemsPatientEnrollment',
          { reference: patientUrl },
          [
            { linkId: '1', item: [{ linkId: '1.2', item: [answer('1.2.1', { valueBoolean: false })] }] },
            { linkId: '4', item: [answer('4.1', { valueBoolean: true })] },
            { linkId: '5', item: [answer('5.1', { valueString: given }), answer('5.3', { valueString: family }), answer('5.11', { valueDate: birthDate })] },
            { linkId: '6', item: [answer('6.2', { valueBoolean: true })] },
          ],
          { author: { identifier: { system: NPI, value: PRESCRIBER_NPI } } },
        ),
      },
      { fullUrl: patientUrl, resource: { resourceType: 'Patient', birthDate, name: [{ use: 'official', given: [given], family }], ...ehrPatient } },
    ],
  });
  /** What the EHR signs next: a draft isotretinoin order for its patient, named by its own identifier alone. */
  const orderSign = (identifier: { system: string; value: string }, given: string, family: string, birthDate: string) => ({
    hookInstance: 'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea',
    hook: 'order-sign',
    context: {
      userId: 'Practitioner/pra1234',
      patientId: 'ehr-42',
      draftOrders: {
        resourceType: 'Bundle',
        entry: [
          {
            resource: {
              resourceType: 'MedicationRequest',
              id: 'draft-1',
              status: 'draft',
              intent: 'order',
              subject: { reference: 'Patient/ehr-42' },
              medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '6064' }] },
            },
          },
        ],
      },
    },
    prefetch: { patient: { resourceType: 'Patient', id: 'ehr-42', birthDate, name: [{ use: 'official', given: [given], family }], identifier: [identifier] } },
  });

  before(async () => {
    api = await startTestApi();
    api.today(ON);
    ehr = (await registerInteropClient(api, { kind: 'practice', scopes: ['system/QuestionnaireResponse.c'] })).client;
    cds = (await registerInteropClient(api, { kind: 'practice' })).client;
  });
  after(() => api.close());

  test('enrolled from the EHR with its MRN and Medicare id: its next order-sign naming her by the MRN alone gets her real cards, no review', async () => {
    const res = await ehr.post(
      '/fhir/r4/QuestionnaireResponse/$submit',
      enrollmentMessage(
        {
          identifier: [
            { type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] }, system: MRN_SYSTEM, value: 'MRN-20931' },
            { system: MEDICARE, value: '1EG4-TE5-MK73' },
          ],
        },
        'Ana',
        'Lima',
        '1990-07-14',
      ),
    );
    assert.equal(res.status, 201, res.text);
    const enrolled = res.body as SubmitAnswer;
    const patientId = enrolled.patient.reference?.split('/')[1] as string;
    assert.deepEqual(enrolled.recorded[0]?.['linkedIdentifiers'], [
      { system: MRN_SYSTEM, value: 'MRN-20931' },
      { system: MEDICARE, value: '1EG4-TE5-MK73' },
    ]);
    const links = await api.services.db
      .selectFrom('patient_links')
      .select(['identifier_system', 'identifier_value', 'patient_id', 'basis'])
      .orderBy('identifier_system')
      .execute();
    assert.deepEqual(links, [
      { identifier_system: MEDICARE, identifier_value: '1EG4-TE5-MK73', patient_id: patientId, basis: 'enrollment' },
      { identifier_system: MRN_SYSTEM, identifier_value: 'MRN-20931', patient_id: patientId, basis: 'enrollment' },
    ]);
    const audited = await api.services.db
      .selectFrom('audit_events')
      .select(['action'])
      .where('patient_id', '=', patientId)
      .where('action', '=', 'patient_link.create')
      .execute();
    assert.equal(audited.length, 2, 'each link is audited');

    const status = await api.as('prescriber').get(`/patients/${patientId}/status`);
    const blockers = status.body.blockers as Array<{ message: string }>;
    assert.ok(blockers.length > 0, 'a patient just enrolled cannot be prescribed yet');
    const cards = await cds.post('/cds-services/rems-order-sign', orderSign({ system: MRN_SYSTEM, value: 'MRN-20931' }, 'Ana', 'Lima', '1990-07-14'));
    assert.equal(cards.status, 200, cards.text);
    assert.deepEqual(
      cards.body.cards.map((card: { summary: string }) => card.summary),
      blockers.map((blocker) => blocker.message),
      'the engine\'s reasons for her, not "needs review" nor "enroll"',
    );
    assert.equal((await api.services.db.selectFrom('patient_match_reviews').select('id').execute()).length, 0);
  });

  test('an EHR identifier already linked to a patient of the practice: nobody is enrolled twice, nothing recorded', async () => {
    const patientsBefore = (await api.services.db.selectFrom('patients').select('id').execute()).length;
    const res = await ehr.post(
      '/fhir/r4/QuestionnaireResponse/$submit',
      enrollmentMessage(
        {
          identifier: [
            { system: MRN_SYSTEM, value: 'MRN-20931' },
            { system: MEDICARE, value: '9ZZ9-ZZ9-ZZ99' },
          ],
        },
        'Anna',
        'Lima-Souza',
        '1990-07-14',
      ),
    );
    const refused = refusalOf(res);
    assert.equal(refused.status, 409);
    assert.match(refused.problems[0]?.text ?? '', /already names a patient of this practice/);
    assert.equal((await api.services.db.selectFrom('patients').select('id').execute()).length, patientsBefore);
    assert.equal((await api.services.db.selectFrom('patient_links').select('id').where('identifier_value', '=', '9ZZ9-ZZ9-ZZ99').execute()).length, 0);
  });

  test('two enrollments of one EHR chart at once (different names, the same MRN): one patient, one link; the other refused', async () => {
    const patientsBefore = (await api.services.db.selectFrom('patients').select('id').execute()).length;
    const [first, second] = await Promise.all([
      ehr.post(
        '/fhir/r4/QuestionnaireResponse/$submit',
        enrollmentMessage({ identifier: [{ system: MRN_SYSTEM, value: 'MRN-55555' }] }, 'Carla', 'Dias', '1992-11-30'),
      ),
      ehr.post(
        '/fhir/r4/QuestionnaireResponse/$submit',
        enrollmentMessage({ identifier: [{ system: MRN_SYSTEM, value: 'MRN-55555' }] }, 'Karla', 'Diaz', '1992-11-29'),
      ),
    ]);
    assert.deepEqual([first.status, second.status].sort(), [201, 409], `${first.text} ${second.text}`);
    assert.equal((await api.services.db.selectFrom('patients').select('id').execute()).length, patientsBefore + 1);
    const links = await api.services.db.selectFrom('patient_links').select('patient_id').where('identifier_value', '=', 'MRN-55555').execute();
    const enrolled = (first.status === 201 ? first : second).body as SubmitAnswer;
    assert.deepEqual(links, [{ patient_id: enrolled.patient.reference?.split('/')[1] }]);
  });

  test('an EHR identifier the database cannot keep refuses the enrollment before anything is written', async () => {
    const patientsBefore = (await api.services.db.selectFrom('patients').select('id').execute()).length;
    const res = await ehr.post(
      '/fhir/r4/QuestionnaireResponse/$submit',
      enrollmentMessage({ identifier: [{ system: MRN_SYSTEM, value: 'x'.repeat(201) }] }, 'Bea', 'Costa', '1988-02-03'),
    );
    assert.equal(refusalOf(res).status, 422);
    assert.equal((await api.services.db.selectFrom('patients').select('id').execute()).length, patientsBefore);
  });
});

/** Every place in a JSON value, each replaced by each of `replacements` (the original left alone). */
function* mutations(value: unknown, replacements: unknown[]): Generator {
  for (const replacement of replacements) {
    yield replacement;
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      for (const mutated of mutations(item, replacements)) {
        yield value.map((other, at) => (at === index ? mutated : other));
      }
    }
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      for (const mutated of mutations(item, replacements)) {
        yield { ...value, [key]: mutated };
      }
    }
  }
}

describe('malformed FHIR in any element: a refusal naming it, never a 500', () => {
  let api: TestApi;
  let ehr: InteropHttpClient;
  let patient: EnrolledPatient;

  before(async () => {
    api = await startTestApi();
    api.today(ON);
    patient = await api.enroll({ category: 'PCGP', enrolledOn: '2025-03-01', birthDate: '1998-02-03', givenName: 'Fay' });
    ehr = (await registerInteropClient(api, { kind: 'practice', scopes: ['system/Observation.c', 'system/QuestionnaireResponse.c'] })).client;
  });
  after(() => api.close());

  const replacements = [null, 'x', 7, -1e308, [], {}, true, [null]];

  test('an import Bundle', async () => {
    const valid = bundle('batch', [
      lab(patient.programId, '1742-6', 30, 'U/L', {
        identifier: [{ system: 'urn:x', value: 'A' }],
        referenceRange: [{ low: { value: 5, code: 'U/L' }, high: { value: 40, code: 'U/L' } }],
      }),
    ]);
    let sent = 0;
    for (const body of mutations(valid, replacements)) {
      const res = await ehr.post('/fhir/r4', body);
      sent += 1;
      assert.ok(res.status === 200 || res.status === 400, `${res.status} for ${JSON.stringify(body)}: ${res.text}`);
      assertValidFhir(res.body);
    }
    assert.ok(sent > 100);
  });

  test('a QuestionnaireResponse, alone and in a message Bundle', async () => {
    const qr = response(
      'isocourse-pregnancy-test',
      { identifier: { system: PROGRAM_ID_SYSTEM, value: patient.programId } },
      [
        answer('kind', { valueCoding: { code: 'unscheduled' } }),
        answer('specimenDate', { valueDate: '2025-03-07' }),
        answer('resultDate', { valueDate: '2025-03-07' }),
        answer('result', { valueCoding: { code: 'negative' } }),
        answer('setting', { valueCoding: { code: 'lab' } }),
        answer('clia', { valueBoolean: true }),
        answer('sensitivityMiuPerMl', { valueDecimal: 25 }),
      ],
      { author: { reference: 'Practitioner/d' } },
    );
    const message = {
      resourceType: 'Bundle',
      type: 'message',
      entry: [{ resource: qr }, { resource: { resourceType: 'Practitioner', id: 'd', identifier: [{ system: NPI, value: PRESCRIBER_NPI }] } }],
    };
    for (const valid of [qr, message]) {
      for (const body of mutations(valid, replacements)) {
        const res = await ehr.post('/fhir/r4/QuestionnaireResponse/$submit', body);
        assert.ok(res.status < 500, `${res.status} for ${JSON.stringify(body)}: ${res.text}`);
        if (res.status !== 201) {
          assert.equal(res.body.resourceType, 'OperationOutcome', res.text);
          assertValidFhir(res.body);
        }
      }
    }
  });
});
