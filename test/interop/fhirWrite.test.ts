// Import from the EHR (issue 11 item 2): a transaction or batch Bundle of lab and weight
// Observations, accepted per entry like the CSV import. What a practice's staff would notice: the
// good entries are on the patient's clinical page, each bad entry says what is wrong and stored
// nothing, the same observation sent twice is there once, and a body that is no Bundle writes nothing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Bundle, BundleEntry, Observation } from '@medplum/fhirtypes';
import { importObservationBundle, UnreadableBundleError } from '../../src/interop/fhir/importObservations.js';
import { PROGRAM_ID_SYSTEM } from '../../src/interop/fhir/systems.js';
import type { Actor } from '../../src/services/context.js';
import { startTestApi, type EnrolledPatient, type TestApi } from '../support/api.js';
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
  let ehr: Actor;

  before(async () => {
    api = await startTestApi();
    api.today(ON);
    patient = await api.enroll({ category: 'PCNGP', enrolledOn: '2025-03-01', birthDate: '1995-04-02', givenName: 'Ana' });
    other = await api.enroll({ category: 'PCNGP', enrolledOn: '2025-03-01', birthDate: '1990-01-01', givenName: 'Other' });
    // The practice's EHR acts like the practice's staff: a delegate of the practice's prescriber.
    ehr = { userId: api.ids.users.delegate, role: 'delegate', organizationId: api.ids.practiceId, supervisingPrescriberId: api.ids.users.prescriber, ip: null };
  });
  after(() => api.close());

  const labsOf = (patientId: string) => api.services.db.selectFrom('lab_results').selectAll().where('patient_id', '=', patientId).orderBy('recorded_at').execute();
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
    const response = await importObservationBundle(api.services, ehr, request);
    assertValidFhir(response);
    assert.equal(response.type, 'transaction-response');
    assert.deepEqual(response.entry?.map(statusOf), [201, 201, 422, 201, 422, 422, 404]);
    assert.match(response.entry?.[0]?.response?.location ?? '', /^Observation\/lab-[0-9a-f-]{36}$/);
    assert.match(issueText(response.entry?.[2]), /upper reference limit/);
    assert.equal(response.entry?.[2]?.response?.outcome?.issue?.[0]?.expression?.[0], 'Observation.referenceRange[0].high');
    assert.match(issueText(response.entry?.[4]), /released results/);
    assert.match(issueText(response.entry?.[5]), /718-7 is not a lab or weight/);
    assert.match(issueText(response.entry?.[6]), /no patient of yours/i);

    const labs = await labsOf(patient.id);
    assert.deepEqual(
      labs.map((row) => [row.analyte, row.value, row.unit, row.collected_on]),
      [
        ['triglycerides', 180, 'mg/dL', '2025-03-05'],
        ['alt', 40, 'U/L', '2025-03-05'],
      ],
    );
    const weights = await weightsOf(patient.id);
    assert.deepEqual(weights.map((row) => [row.weight_kg, row.entered_value, row.entered_unit, row.measured_on]), [[69.9, 154, 'lb', '2025-03-06']]);
    const audit = await api.services.db.selectFrom('audit_events').select(['action', 'outcome']).where('patient_id', '=', patient.id).where('action', 'in', ['labResult.import', 'weight.import']).execute();
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
    const response = await importObservationBundle(api.services, ehr, request);
    assertValidFhir(response);
    assert.equal(response.type, 'batch-response');
    assert.deepEqual(response.entry?.map(statusOf), [200, 200, 200, 409]);
    assert.match(issueText(response.entry?.[3]), /already imported with another value/);
    assert.equal((await labsOf(patient.id)).length, before);
    assert.equal((await weightsOf(patient.id)).length, 1);
  });

  test('a patient of another practice is not found, in the same words as an unknown identifier', async () => {
    const foreign = await api.services.db.selectFrom('patients').select('program_id').where('practice_id', '!=', api.ids.practiceId).executeTakeFirst();
    const unknown = await importObservationBundle(api.services, ehr, bundle('batch', [lab('QQQQQQQQQQ', '2571-8', 100, 'mg/dL')]));
    assert.equal(statusOf(unknown.entry?.[0]), 404);
    if (foreign !== undefined) {
      const response = await importObservationBundle(api.services, ehr, bundle('batch', [lab(foreign.program_id, '2571-8', 100, 'mg/dL')]));
      assert.equal(statusOf(response.entry?.[0]), 404);
    }
    // Patient/<isocourse id> names her too; another patient's record is not touched by mine.
    const byId = await importObservationBundle(api.services, ehr, bundle('batch', [{ ...lab(other.programId, '2093-3', 5.2, 'mmol/L'), subject: { reference: `Patient/${other.id}` } }]));
    assertValidFhir(byId);
    assert.equal(statusOf(byId.entry?.[0]), 201);
    assert.deepEqual((await labsOf(other.id)).map((row) => [row.analyte, row.unit]), [['totalCholesterol', 'mmol/L']]);
    const notUuid = await importObservationBundle(api.services, ehr, bundle('batch', [{ ...lab(other.programId, '2093-3', 5.3, 'mmol/L'), subject: { reference: 'Patient/pat017' } }]));
    assert.equal(statusOf(notUuid.entry?.[0]), 404);
  });

  test('a body that is not a transaction or batch Bundle is refused whole, nothing written', async () => {
    for (const body of [null, [], { resourceType: 'Observation' }, { resourceType: 'Bundle', type: 'collection', entry: [] }, { resourceType: 'Bundle', type: 'batch' }, { resourceType: 'Bundle', type: 'batch', entry: [1] }]) {
      await assert.rejects(importObservationBundle(api.services, ehr, body), UnreadableBundleError);
    }
  });

  test('an implausible weight or a weight in stones is refused with its reason', async () => {
    const response = await importObservationBundle(api.services, ehr, bundle('batch', [weight(patient.programId, 700, 'kg'), weight(patient.programId, 11, '[stone_av]'), weight(patient.programId, -3, 'kg')]));
    assertValidFhir(response);
    assert.deepEqual(response.entry?.map(statusOf), [422, 422, 422]);
    assert.match(issueText(response.entry?.[0]), /needs confirming/);
    assert.match(issueText(response.entry?.[1]), /kg or \[lb_av\]/);
    assert.equal((await weightsOf(patient.id)).length, 1);
  });
});
