// The month's visit in one form (issue 10): the draft the server computes from the facts, one
// submit that records every part in one transaction with one audit row each, refused as a whole
// with every reason of every part, prescriber-only parts, two care-team members at once, and the
// prescription preview. Gate cases: a stale "same as last month" after a category change, a
// carried-forward method no longer accepted, a result nobody chose.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addDays } from '../../src/domain/dates.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { assertProblem, assertRefused, assertStatus, codes, enrollPatient, factsOf, pcgpOnTreatment, type Patient } from '../support/journeys.js';
import { refusedWithoutRecord, storedRows } from '../support/routes.js';

const FIRST_FILL = '2025-03-03';
/** 28 days after the first fill: her next fill is due. */
const VISIT = addDays(FIRST_FILL, 28);

const NEGATIVE = (on: string) => ({ specimenDate: on, result: 'negative', setting: 'lab', clia: true });
const SAME_PRESCRIPTION = { product: 'claravis', strengthMg: 40, capsulesPerDay: 1, daysSupply: 30 };

describe('the monthly visit (issue 10)', () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi();
  });
  after(() => api.close());

  async function dueForNextFill(): Promise<Patient> {
    const patient = await pcgpOnTreatment(api, FIRST_FILL);
    api.today(VISIT);
    return patient;
  }

  /** The visit as the form sends it: prepared for today (the clock the test set). */
  const visit = async (patient: Patient, body: object, as: 'prescriber' | 'delegate' = 'prescriber') => {
    const today = (await api.as(as).get(`/patients/${patient.id}/monthly-visit`)).body.today as string;
    return api.as(as).post(`/patients/${patient.id}/monthly-visit`, { visitOn: today, ...body });
  };
  const draft = async (patient: Patient, as: 'prescriber' | 'delegate' = 'prescriber') => {
    const response = await api.as(as).get(`/patients/${patient.id}/monthly-visit`);
    assertStatus(response, 200, 'draft');
    return response.body;
  };

  async function auditActions(patient: Patient, since: Date): Promise<string[]> {
    const rows = await api.services.db
      .selectFrom('audit_events')
      .select(['action', 'outcome'])
      .where('patient_id', '=', patient.id)
      .where('occurred_at', '>=', since)
      .execute();
    return rows.map((row) => `${row.action}:${row.outcome}`).sort();
  }

  test('the draft: what the month needs, derived from the facts; the last test place and prescription carried; no result', async () => {
    const patient = await dueForNextFill();
    const body = await draft(patient);
    assert.equal(body.today, VISIT);
    assert.equal(body.available, true);
    assert.deepEqual(
      { state: body.pregnancyTest.state, kind: body.pregnancyTest.kind, setting: body.pregnancyTest.setting, clia: body.pregnancyTest.clia },
      { state: 'due', kind: 'monthly', setting: 'lab', clia: true },
    );
    assert.equal('result' in body.pregnancyTest, false, 'a result is never drafted');
    assert.equal(body.contraception.state, 'due');
    assert.deepEqual(body.contraception.sameAsLastMonth, { allowed: true });
    assert.deepEqual(body.contraception.last.methods, ['iudCopper', 'maleCondom']);
    assert.equal(body.counseling.state, 'due');
    assert.equal(body.prescription.state, 'due');
    assert.deepEqual(body.prescription.prefill, { product: 'claravis', strengthMg: 40, capsulesPerDay: 1, daysSupply: 30, source: 'lastPrescription' });
    assert.deepEqual(body.canSubmit, { pregnancyTest: true, contraception: true, counseling: true, prescription: true });
    const status = await api.as('prescriber').get(`/patients/${patient.id}/status`);
    assert.deepEqual(body.verdict, status.body);
    const delegate = await draft(patient, 'delegate');
    assert.deepEqual(delegate.canSubmit, { pregnancyTest: true, contraception: true, counseling: false, prescription: false });
  });

  test('one submit records the four facts in one transaction, one audit row each, and answers the verdict the status endpoint gives', async () => {
    const patient = await dueForNextFill();
    const before = await factsOf(api, patient);
    const since = new Date();
    const response = await visit(patient, {
      pregnancyTest: NEGATIVE(VISIT),
      contraception: { sameAsLastMonth: true },
      counseling: { counseledOn: VISIT },
      prescription: SAME_PRESCRIPTION,
    });
    assertStatus(response, 201, 'monthly visit');
    const after = await factsOf(api, patient);
    assert.equal(after.pregnancyTests.length, (before.pregnancyTests as unknown[]).length + 1);
    const test = after.pregnancyTests.at(-1);
    assert.deepEqual([test.kind, test.specimenDate, test.resultDate, test.result], ['monthly', VISIT, VISIT, 'negative']);
    const carried = after.contraception.at(-1);
    const original = before.contraception.at(-1);
    assert.deepEqual(
      [carried.declaredOn, carried.methods, carried.startedOn, carried.enteredBy],
      [VISIT, original.methods, original.startedOn, 'prescriber'],
      'carried with its original start date, declared today',
    );
    assert.equal(after.counselings.length, (before.counselings as unknown[]).length + 1);
    const prescription = after.prescriptions.at(-1);
    assert.deepEqual([prescription.writtenOn, prescription.quantity, prescription.refills], [VISIT, 30, 0]);
    assert.deepEqual(
      (await auditActions(patient, since)).filter((action) => !/^(patient|monthlyVisit)\.read/.test(action)),
      ['contraception.record:ok', 'counseling.record:ok', 'pregnancyTest.record:ok', 'prescription.write:ok'],
    );
    const status = await api.as('prescriber').get(`/patients/${patient.id}/status`);
    assert.deepEqual(response.body.verdict, status.body);
    // Only the patient's own part is left.
    assert.deepEqual(codes(response.body.verdict.blockers), ['COMPREHENSION_PENDING']);
    assert.deepEqual(Object.keys(response.body.recorded).sort(), ['contraception', 'counseling', 'pregnancyTest', 'prescription']);
  });

  test('a delegate records the test and contraception; counseling or a prescription from a delegate is 403 and stores nothing; the prescriber finishes in one submit', async () => {
    const patient = await dueForNextFill();
    const forbidden = await refusedWithoutRecord(api, () =>
      visit(patient, { pregnancyTest: NEGATIVE(VISIT), contraception: { sameAsLastMonth: true }, counseling: { counseledOn: VISIT } }, 'delegate'),
    );
    assert.equal(forbidden.status, 403);
    assertProblem(await visit(patient, { prescription: SAME_PRESCRIPTION }, 'delegate'), 403, 'delegate prescription');
    assertStatus(await visit(patient, { pregnancyTest: NEGATIVE(VISIT), contraception: { sameAsLastMonth: true } }, 'delegate'), 201, 'delegate part');
    assert.equal((await factsOf(api, patient)).contraception.at(-1).enteredBy, 'delegate');
    const body = await draft(patient);
    assert.deepEqual([body.pregnancyTest.state, body.contraception.state, body.counseling.state, body.prescription.state], ['done', 'done', 'due', 'due']);
    const { source: _source, ...prefill } = body.prescription.prefill;
    const finished = await visit(patient, { counseling: { counseledOn: VISIT }, prescription: prefill });
    assertStatus(finished, 201, 'prescriber finishes');
    assert.deepEqual(codes(finished.body.verdict.blockers), ['COMPREHENSION_PENDING']);
  });

  test('a result nobody chose is a 400 naming the field; nothing is stored', async () => {
    const patient = await dueForNextFill();
    const { result: _result, ...noResult } = NEGATIVE(VISIT);
    const response = await refusedWithoutRecord(api, () => visit(patient, { pregnancyTest: noResult, contraception: { sameAsLastMonth: true } }));
    assert.equal(response.status, 400);
    assert.ok(
      response.body.errors.some((error: { field: string }) => error.field === 'pregnancyTest/result'),
      JSON.stringify(response.body.errors),
    );
  });

  test('one part refused refuses the whole with every reason of every part; nothing is stored', async () => {
    const patient = await dueForNextFill();
    const refused = await refusedWithoutRecord(api, () =>
      visit(patient, {
        pregnancyTest: NEGATIVE(VISIT),
        contraception: { methods: ['progestinOnlyPill', 'maleCondom'], abstinence: false, startedOn: addDays(VISIT, -90) },
        counseling: { counseledOn: VISIT },
        prescription: { ...SAME_PRESCRIPTION, strengthMg: 35 },
      }),
    );
    assertRefused(refused, 'NO_PRIMARY_METHOD', 'STRENGTH_NOT_AVAILABLE');
    // A field problem in one part and a rule refusal in another: 400, naming the field and carrying the reasons.
    const mixed = await refusedWithoutRecord(api, () =>
      visit(patient, { pregnancyTest: NEGATIVE(addDays(VISIT, 1)), prescription: { ...SAME_PRESCRIPTION, daysSupply: 31 } }),
    );
    assert.equal(mixed.status, 400);
    assert.deepEqual(
      mixed.body.errors.map((error: { field: string }) => error.field),
      ['pregnancyTest/specimenDate', 'pregnancyTest/resultDate'],
    );
    assert.deepEqual(codes(mixed.body.reasons), ['DAYS_SUPPLY_OVER_30']);
    const audit = await api.services.db
      .selectFrom('audit_events')
      .select(['outcome'])
      .where('patient_id', '=', patient.id)
      .where('action', '=', 'monthlyVisit.record')
      .execute();
    assert.deepEqual(
      audit.map((row) => row.outcome),
      ['refused', 'refused'],
      'each refusal is audited',
    );
  });

  test('gate: a stale "same as last month" after a change to PCNGP is refused, and after a change back to PCGP needs the full form', async () => {
    const patient = await dueForNextFill();
    assertStatus(
      await api.as('prescriber').post(`/patients/${patient.id}/category-changes`, {
        category: 'PCNGP',
        criterion: 'totalHysterectomy',
        reason: 'Operative report received',
        effectiveOn: VISIT,
      }),
      201,
      'category change',
    );
    const draftAfter = await draft(patient);
    assert.equal(draftAfter.contraception.state, 'notNeeded');
    assert.equal(draftAfter.pregnancyTest.state, 'notNeeded');
    assertRefused(await refusedWithoutRecord(api, () => visit(patient, { contraception: { sameAsLastMonth: true } })), 'CONTRACEPTION_NOT_REQUIRED');
    assertRefused(await refusedWithoutRecord(api, () => visit(patient, { pregnancyTest: NEGATIVE(VISIT) })), 'PREGNANCY_TEST_NOT_REQUIRED');

    const later = addDays(VISIT, 3);
    api.today(later);
    assertStatus(
      await api.as('prescriber').post(`/patients/${patient.id}/category-changes`, {
        category: 'PCGP',
        criterion: 'reproductivePotential',
        reason: 'Hysterectomy was recorded in error',
        effectiveOn: later,
      }),
      201,
      'category change back',
    );
    const back = await draft(patient);
    // The qualification starts again with the change to PCGP: nothing declared since it to carry.
    assert.deepEqual(codes(back.contraception.sameAsLastMonth.reasons), ['NO_PREVIOUS_DECLARATION']);
    assertRefused(await refusedWithoutRecord(api, () => visit(patient, { contraception: { sameAsLastMonth: true } })), 'NO_PREVIOUS_DECLARATION');
  });

  test('gate: a PCNGP patient changed to PCGP with no declaration cannot carry one forward', async () => {
    const patient = await enrollPatient(api, { category: 'PCNGP', enrolledOn: '2025-05-01' });
    api.today('2025-05-10');
    assertStatus(
      await api.as('prescriber').post(`/patients/${patient.id}/category-changes`, {
        category: 'PCGP',
        criterion: 'reproductivePotential',
        reason: 'Reassessed',
        effectiveOn: '2025-05-10',
      }),
      201,
      'category change',
    );
    const body = await draft(patient);
    assert.equal(body.pregnancyTest.kind, 'screening');
    assert.deepEqual(codes(body.contraception.sameAsLastMonth.reasons), ['NO_PREVIOUS_DECLARATION']);
    assertRefused(await refusedWithoutRecord(api, () => visit(patient, { contraception: { sameAsLastMonth: true } })), 'NO_PREVIOUS_DECLARATION');
  });

  test("gate: a carried-forward method no longer accepted is refused (re-checked under today's rules)", async () => {
    const patient = await dueForNextFill();
    // A declaration stored under earlier rules that today's no longer accept (a fixture: the route refuses it now).
    const prescriberId = api.ids.users.prescriber;
    await api.services.db
      .insertInto('contraception_declarations')
      .values({
        patient_id: patient.id,
        declared_on: addDays(VISIT, -1),
        methods: ['progestinOnlyPill', 'maleCondom'],
        abstinence: false,
        started_on: addDays(VISIT, -100),
        takes_enzyme_inducer: false,
        entered_by: 'prescriber',
        recorded_by: prescriberId,
      })
      .execute();
    const body = await draft(patient);
    assert.deepEqual(codes(body.contraception.sameAsLastMonth.reasons), ['LAST_METHODS_NOT_ACCEPTED', 'NO_PRIMARY_METHOD']);
    assertRefused(
      await refusedWithoutRecord(api, () => visit(patient, { pregnancyTest: NEGATIVE(VISIT), contraception: { sameAsLastMonth: true } })),
      'LAST_METHODS_NOT_ACCEPTED',
      'NO_PRIMARY_METHOD',
    );
  });

  test('the first month through the form: screening visit (test + full contraception), then the confirmation visit finishes it', async () => {
    const enrolledOn = '2025-06-02';
    const patient = await enrollPatient(api, { category: 'PCGP', enrolledOn });
    const first = await draft(patient);
    assert.deepEqual(
      [first.pregnancyTest.kind, first.pregnancyTest.state, first.pregnancyTest.setting, first.pregnancyTest.clia],
      ['screening', 'due', 'clinic', true],
      'no earlier test: the clinic default place',
    );
    assert.deepEqual(codes(first.contraception.sameAsLastMonth.reasons), ['NO_PREVIOUS_DECLARATION']);
    assert.equal(first.prescription.state, 'notYet');
    assert.deepEqual(first.prescription.prefill, { product: null, strengthMg: null, capsulesPerDay: null, daysSupply: 30, source: 'none' });
    assertStatus(
      await visit(patient, {
        pregnancyTest: { specimenDate: enrolledOn, result: 'negative', setting: 'clinic', clia: true },
        contraception: { methods: ['implant', 'maleCondom'], abstinence: false, startedOn: addDays(enrolledOn, -40) },
      }),
      201,
      'screening visit',
    );
    const between = await draft(patient);
    assert.equal(between.pregnancyTest.state, 'notYet');
    assert.equal(between.pregnancyTest.earliestOn, addDays(enrolledOn, 19));

    const confirmationOn = addDays(enrolledOn, 19);
    api.today(confirmationOn);
    const second = await draft(patient);
    assert.deepEqual([second.pregnancyTest.kind, second.pregnancyTest.state, second.pregnancyTest.setting], ['confirmation', 'due', 'clinic']);
    assert.deepEqual(second.contraception.sameAsLastMonth, { allowed: true });
    assert.equal(second.prescription.state, 'due');
    const response = await visit(patient, {
      pregnancyTest: { specimenDate: confirmationOn, result: 'negative', setting: 'clinic', clia: true },
      contraception: { sameAsLastMonth: true },
      counseling: { counseledOn: confirmationOn },
      prescription: SAME_PRESCRIPTION,
    });
    assertStatus(response, 201, 'confirmation visit');
    assert.deepEqual(codes(response.body.verdict.blockers), ['COMPREHENSION_PENDING']);
    assert.equal(response.body.verdict.window.opensOn, confirmationOn);
    assert.equal((await factsOf(api, patient)).contraception.at(-1).startedOn, addDays(enrolledOn, -40));
  });

  test('two care-team members submitting the same month at once: one visit is recorded, the others are refused, no duplicate fact', async () => {
    const patient = await dueForNextFill();
    const rowsBefore = await storedRows(api);
    const body = { pregnancyTest: NEGATIVE(VISIT), contraception: { sameAsLastMonth: true } };
    const full = { ...body, counseling: { counseledOn: VISIT }, prescription: SAME_PRESCRIPTION };
    const answers = await Promise.all([
      ...Array.from({ length: 4 }, () => visit(patient, full)),
      ...Array.from({ length: 4 }, () => visit(patient, body, 'delegate')),
    ]);
    const statuses = answers.map((answer) => answer.status);
    assert.equal(statuses.filter((status) => status === 201).length, 1, JSON.stringify(statuses));
    for (const answer of answers.filter((candidate) => candidate.status !== 201)) {
      assert.equal(answer.status, 422);
      assert.ok(codes(answer.body.reasons).includes('ALREADY_RECORDED_TODAY'), JSON.stringify(answer.body));
    }
    const rowsAfter = await storedRows(api);
    assert.equal(rowsAfter.pregnancy_tests, (rowsBefore.pregnancy_tests ?? 0) + 1);
    assert.equal(rowsAfter.contraception_declarations, (rowsBefore.contraception_declarations ?? 0) + 1);
    assert.ok((rowsAfter.prescriptions ?? 0) - (rowsBefore.prescriptions ?? 0) <= 1);
    const winner = answers.find((answer) => answer.status === 201);
    if (winner !== undefined && 'prescription' in winner.body.recorded) {
      // The prescriber won: a delegate's later test + contraception finds the month done.
      assert.equal(rowsAfter.prescriptions, (rowsBefore.prescriptions ?? 0) + 1);
    }
    // A second prescription for the month is refused by the form even on another day.
    api.today(addDays(VISIT, 1));
    const again = await visit(patient, { prescription: SAME_PRESCRIPTION });
    if (winner !== undefined && 'prescription' in winner.body.recorded) {
      assertRefused(again, 'ALREADY_RECORDED_TODAY');
    }
  });

  test('the prescription preview: mg/kg/day on the course weight, the cumulative dose at the end of the supply, Absorica LD with its conventional equivalent; no weight, no number', async () => {
    const patient = await dueForNextFill();
    const preview = (terms: Record<string, string>) =>
      api.as('prescriber').get(`/patients/${patient.id}/prescription-preview?${new URLSearchParams(terms).toString()}`);
    const noWeight = await preview({ product: 'claravis', strengthMg: '40', capsulesPerDay: '1', daysSupply: '30' });
    assertStatus(noWeight, 200, 'preview without weight');
    assert.equal(noWeight.body.mgPerKgPerDay, null);
    assert.equal(noWeight.body.cumulativeMgPerKgAtEnd, null);
    assert.match(noWeight.body.missing, /No weight is recorded/);

    assertStatus(await api.as('prescriber').post(`/patients/${patient.id}/weights`, { unit: 'kg', value: 64, measuredOn: FIRST_FILL }), 201, 'weight');
    const claravis = await preview({ product: 'claravis', strengthMg: '40', capsulesPerDay: '1', daysSupply: '30' });
    assertStatus(claravis, 200, 'preview');
    assert.equal(claravis.body.dailyMg, 40);
    assert.equal(claravis.body.mgPerKgPerDay, 0.63);
    assert.equal(claravis.body.conventionalEquivalent, null);
    // The supply in hand lasts to FIRST_FILL + 29; this one follows it: 60 days × 40 mg / 64 kg.
    assert.deepEqual(claravis.body.supply, { from: addDays(FIRST_FILL, 30), to: addDays(FIRST_FILL, 59) });
    assert.equal(claravis.body.cumulativeMgPerKgAtEnd, 37.5);
    assert.equal(typeof claravis.body.projectedTargetDate, 'string');

    const ld = await preview({ product: 'absoricaLd', strengthMg: '32', capsulesPerDay: '1', daysSupply: '30' });
    assertStatus(ld, 200, 'Absorica LD preview');
    assert.equal(ld.body.mgPerKgPerDay, 0.5);
    assert.deepEqual(ld.body.conventionalEquivalent, { dailyMg: 40, mgPerKgPerDay: 0.63 });
    assert.equal(typeof ld.body.cumulativeAsDispensedMgPerKgAtEnd, 'number');
    assertProblem(await preview({ product: 'claravis', strengthMg: '0', capsulesPerDay: '1', daysSupply: '30' }), 400, 'bad strength');
    assertProblem(
      await api.as('pharmacist').get(`/patients/${patient.id}/prescription-preview?product=claravis&strengthMg=40&capsulesPerDay=1&daysSupply=30`),
      404,
      'pharmacist',
    );
  });

  test('an empty visit, or a form prepared for another day, is refused; the draft of a patient on pregnancy hold offers no visit', async () => {
    const patient = await dueForNextFill();
    assertProblem(await visit(patient, {}), 400, 'empty');
    const stale = await refusedWithoutRecord(api, () =>
      api.as('prescriber').post(`/patients/${patient.id}/monthly-visit`, { visitOn: addDays(VISIT, -1), pregnancyTest: NEGATIVE(VISIT) }),
    );
    assert.deepEqual(
      stale.body.errors.map((error: { field: string; code: string }) => `${error.field}:${error.code}`),
      ['visitOn:NOT_TODAY'],
    );
    assertStatus(await visit(patient, { pregnancyTest: { ...NEGATIVE(VISIT), result: 'positive' } }), 201, 'positive test');
    const body = await draft(patient);
    assert.equal(body.available, false);
    assert.deepEqual(codes(body.reasons), ['PREGNANCY_HOLD']);
  });
});

// Issue 12, item 7: a wrong contraception part answered every finding of both of its shapes
// ("same as last month", or the methods), an anyOf list naming fields the caller never sent.
describe("the monthly visit's contraception part, sent wrong: one finding, naming the field", () => {
  let api: TestApi;
  let patientId: string;
  before(async () => {
    api = await startTestApi();
    api.today(VISIT);
    patientId = (await api.enroll({ category: 'PCGP', enrolledOn: VISIT })).id;
  });
  after(() => api.close());

  const errorsFor = async (contraception: unknown) => {
    const answer = await api.as('prescriber').post(`/patients/${patientId}/monthly-visit`, { visitOn: VISIT, contraception });
    assertProblem(answer, 400, JSON.stringify(contraception));
    return (answer.body.errors as Array<{ field: string; code: string; message: string }>).map((error) => [error.field, error.code]);
  };

  test('a wrong value in either shape is named once, in the shape it came closest to', async () => {
    assert.deepEqual(await errorsFor({ methods: ['malePillNotAMethod'], abstinence: false, startedOn: VISIT }), [['contraception/methods/0', 'ENUM']]);
    assert.deepEqual(await errorsFor({ methods: [], abstinence: 'no', startedOn: VISIT }), [['contraception/abstinence', 'TYPE']]);
    assert.deepEqual(await errorsFor({ methods: [], abstinence: false }), [['contraception/startedOn', 'REQUIRED']]);
    assert.deepEqual(await errorsFor({ sameAsLastMonth: false }), [['contraception/sameAsLastMonth', 'CONST']]);
    assert.deepEqual(await errorsFor('yes'), [['contraception', 'TYPE']]);
  });
});
