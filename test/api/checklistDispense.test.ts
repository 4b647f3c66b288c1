// Outside the US the pharmacist's checklist takes the place of the authorization request
// (issue 14, item 3; programs.md §0.4): POST /pharmacy/checklist-dispenses judges the program's
// conditions on the dispense day and records the dispense with its checklist — no RMA number, the
// app's last day. P-01/P-02 (EU, day 7 vs day 8), P-07 (Italy's certification day), P-25
// (Australia: no window); a refusal writes nothing; a US patient's fill is refused here (it goes
// through the authorization); the same Idempotency-Key gives the same dispense, never a second.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApi, type TestApi } from '../support/api.js';
import { assertRefused, assertStatus, enrollPatient, factsOf, lookupOf, recordPregnancyTest, writePrescription, type Patient } from '../support/journeys.js';
import { programSteps } from '../support/programJourneys.js';
import { storedRows } from '../support/routes.js';

describe("the pharmacist's checklist outside the US (issue 14, item 3)", () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi();
  });
  after(() => api.close());

  /** A patient who can get pregnant, under `jurisdiction`, with what a first prescription there needs. */
  async function patientUnder(jurisdiction: string, enrolledOn: string): Promise<Patient> {
    const steps = programSteps(api);
    const patient = await steps.patient(jurisdiction, { enrolledOn });
    await steps.qualified(enrolledOn);
    await steps.form(patient, 'EU-PPP-ACK-2018', enrolledOn);
    await steps.contraception(patient, enrolledOn);
    return patient;
  }

  function checklist(patient: Patient, prescriptionId: string, dispensedOn: string, overrides: Record<string, unknown> = {}, key?: string) {
    api.today(dispensedOn);
    const body = {
      ...lookupOf(patient),
      prescriptionId,
      dispensedOn,
      product: 'claravis',
      strengthMg: 40,
      quantity: 30,
      daysSupply: 30,
      medicationGuideGiven: true,
      ...overrides,
    };
    return api.as('pharmacist').post('/pharmacy/checklist-dispenses', body, key === undefined ? {} : { 'idempotency-key': key });
  }

  test('EU (P-01/P-02): written on day 0, dispensed on day 7 with the last day shown; day 8 refused DISPENSE_WINDOW_CLOSED and nothing written', async () => {
    const patient = await patientUnder('EU', '2026-01-05');
    assertStatus(await recordPregnancyTest(api, patient, 'screening', '2026-03-02'), 201, 'test');
    const written = await writePrescription(api, patient, '2026-03-02');
    assertStatus(written, 201, 'prescription');
    const prescriptionId = written.body.id as string;

    const stored = await storedRows(api);
    const late = await checklist(patient, prescriptionId, '2026-03-10');
    const reasons = assertRefused(late, 'DISPENSE_WINDOW_CLOSED');
    assert.equal(reasons[0]?.rule, 'PPP-DSP-1');
    assert.deepEqual(await storedRows(api), stored, 'a refused checklist writes nothing');

    const onTime = await checklist(patient, prescriptionId, '2026-03-09');
    assertStatus(onTime, 201, 'dispense on day 7');
    assert.equal(onTime.body.ruleSet, 'EU-PPP-2018');
    assert.equal(onTime.body.lastDayToDispense, '2026-03-09', 'the last day shown');

    const facts = await factsOf(api, patient);
    const record = facts.authorizations.find((row: { id: string }) => row.id === onTime.body.checklistId);
    assert.equal(record.rmaNumber, null, 'no authorization number outside the US');
    assert.equal(record.dispense.dispensedOn, '2026-03-09', 'the dispense is on the patient’s record');

    const again = await checklist(patient, prescriptionId, '2026-03-09');
    assertRefused(again, 'PRESCRIPTION_ALREADY_DISPENSED');
  });

  test('the counter outside the US: the queue and the prescription say it can be dispensed until its last day; one step records the checklist and the dispense, no RMA number', async () => {
    const patient = await patientUnder('EU', '2026-01-05');
    assertStatus(await api.as('prescriber').post(`/patients/${patient.id}/pharmacy`, { pharmacyId: api.ids.pharmacyId }), 200, 'pharmacy chosen');
    assertStatus(await recordPregnancyTest(api, patient, 'screening', '2026-03-02'), 201, 'test');
    const prescriptionId = (await writePrescription(api, patient, '2026-03-02')).body.id as string;

    api.today('2026-03-05');
    const queue = await api.as('pharmacist').get('/pharmacy/queue');
    const expected = queue.body.expected.find((row: { prescriptionId: string }) => row.prescriptionId === prescriptionId);
    assert.deepEqual(expected?.verdict, { kind: 'ready', until: '2026-03-09', warnings: [] }, 'the checklist passes, until day 7');
    const counter = await api.as('pharmacist').get(`/pharmacy/prescriptions/${prescriptionId}`);
    assert.deepEqual(counter.body.verdict, expected.verdict, 'the counter says the same as the queue');

    const stepped = await api.as('pharmacist').post(`/pharmacy/prescriptions/${prescriptionId}/authorize-and-dispense`, { medicationGuideGiven: true });
    assertStatus(stepped, 201, 'one step');
    assert.equal(stepped.body.authorization.rmaNumber, null, 'no authorization number outside the US');
    assert.equal(stepped.body.authorization.ruleSet, 'EU-PPP-2018');
    assert.equal(stepped.body.authorization.doNotDispenseAfter, '2026-03-09');
    assert.equal(stepped.body.dispense.dispensedOn, '2026-03-05');
    assert.ok(
      stepped.body.next.needs.some((need: { code: string }) => need.code === 'PRESCRIPTION_PENDING'),
      'what the next fill needs, in the program’s terms',
    );
    const after = await api.as('pharmacist').get(`/pharmacy/prescriptions/${prescriptionId}`);
    assert.equal(after.body.verdict.kind, 'dispensed');
  });

  test("the pharmacy's queue counts the practice's own today: in Australia a prescription written on Sydney's today is there while New York is still on the day before", async () => {
    const steps = programSteps(api);
    const patient = await steps.patient('AU-ACT', { enrolledOn: '2026-05-01' });
    assertStatus(await api.as('prescriber').post(`/patients/${patient.id}/pharmacy`, { pharmacyId: api.ids.pharmacyId }), 200, 'pharmacy chosen');
    await steps.contraception(patient, '2026-04-01');
    await steps.assessment(patient, 'mentalHealth', '2026-05-01');
    await steps.test(patient, '2026-05-01', { setting: 'clinic' });
    await steps.test(patient, '2026-05-04', { setting: 'clinic' });
    assertStatus(
      await api
        .as('prescriber')
        .post(`/prescribers/${api.ids.users.prescriber}/attributes`, { specialty: 'dermatology', effectiveOn: '2026-05-01', retinoidExperience: true }),
      201,
      'attributes',
    );
    // 23:00 UTC on the 4th: 19:00 in New York, 09:00 on the 5th in Sydney.
    api.setClock(new Date('2026-05-04T23:00:00Z'));
    const written = await api.as('prescriber').post(`/patients/${patient.id}/prescriptions`, {
      writtenOn: '2026-05-05',
      product: 'claravis',
      strengthMg: 40,
      capsulesPerDay: 1,
      daysSupply: 30,
      quantity: 30,
      refills: 0,
    });
    assertStatus(written, 201, "written on Sydney's today");
    const queue = await api.as('pharmacist').get('/pharmacy/queue');
    const expected = queue.body.expected.find((row: { prescriptionId: string }) => row.prescriptionId === written.body.id);
    assert.ok(expected !== undefined, 'in the queue on the practice’s day');
    assert.deepEqual(expected.verdict, { kind: 'ready', until: null, warnings: [] }, 'no dispensing window in Australia');
  });

  test('a prescription written while the practice was under the US rules is not dispensed on the EU checklist: PRESCRIPTION_NOT_JUDGED_BY_PROGRAM, and nothing else stands in the way', async () => {
    const patient = await patientUnder('EU', '2026-01-05');
    assertStatus(await recordPregnancyTest(api, patient, 'screening', '2026-03-02'), 201, 'test');
    assertStatus(await api.as('admin').post(`/organizations/${api.ids.practiceId}/jurisdiction`, { jurisdiction: 'US' }), 200, 'US');
    const written = await writePrescription(api, patient, '2026-03-02');
    assertStatus(written, 201, 'written under the US rules');
    assertStatus(await api.as('admin').post(`/organizations/${api.ids.practiceId}/jurisdiction`, { jurisdiction: 'EU' }), 200, 'EU again');
    const refused = await checklist(patient, written.body.id as string, '2026-03-03');
    const reasons = assertRefused(refused, 'PRESCRIPTION_NOT_JUDGED_BY_PROGRAM');
    assert.deepEqual(
      reasons.map((reason) => reason.code),
      ['PRESCRIPTION_NOT_JUDGED_BY_PROGRAM'],
    );
    assert.ok(reasons[0]?.message.includes('REMS-'), reasons[0]?.message);
  });

  test('the same Idempotency-Key gives the same dispense back, never a second', async () => {
    const patient = await patientUnder('EU', '2026-01-05');
    assertStatus(await recordPregnancyTest(api, patient, 'screening', '2026-03-02'), 201, 'test');
    const prescriptionId = (await writePrescription(api, patient, '2026-03-02')).body.id as string;
    const first = await checklist(patient, prescriptionId, '2026-03-03', {}, 'checklist-retry-1');
    assertStatus(first, 201, 'first');
    const stored = await storedRows(api);
    const replay = await checklist(patient, prescriptionId, '2026-03-03', {}, 'checklist-retry-1');
    assertStatus(replay, 201, 'replay');
    assert.equal(replay.body.id, first.body.id);
    assert.deepEqual(await storedRows(api), stored, 'nothing written twice');
  });

  test('what is handed over must match the prescription, with the patient information: refused with each reason', async () => {
    const patient = await patientUnder('EU', '2026-01-05');
    assertStatus(await recordPregnancyTest(api, patient, 'screening', '2026-03-02'), 201, 'test');
    const prescriptionId = (await writePrescription(api, patient, '2026-03-02')).body.id as string;
    const refused = await checklist(patient, prescriptionId, '2026-03-03', { strengthMg: 20, quantity: 31, medicationGuideGiven: false });
    assertRefused(refused, 'PRODUCT_NOT_SUBSTITUTABLE', 'QUANTITY_EXCEEDS_PRESCRIPTION', 'PATIENT_INFORMATION_REQUIRED');
  });

  test("Italy (P-07): the 7 days run from the doctor's certification, not the writing", async () => {
    const patient = await patientUnder('EU-IT', '2026-01-05');
    assertStatus(await recordPregnancyTest(api, patient, 'screening', '2026-03-02'), 201, 'test');
    api.today('2026-03-04');
    const written = await api.as('prescriber').post(`/patients/${patient.id}/prescriptions`, {
      writtenOn: '2026-03-04',
      certifiedOn: '2026-03-02',
      product: 'claravis',
      strengthMg: 40,
      capsulesPerDay: 1,
      daysSupply: 30,
      quantity: 30,
      refills: 0,
    });
    assertStatus(written, 201, 'prescription with its certification');
    const prescriptionId = written.body.id as string;
    assertRefused(await checklist(patient, prescriptionId, '2026-03-10'), 'DISPENSE_WINDOW_CLOSED');
    const dispensed = await checklist(patient, prescriptionId, '2026-03-09');
    assertStatus(dispensed, 201, 'day 7 after the certification');
    assert.equal(dispensed.body.ruleSet, 'EU-PPP-2018+IT');
  });

  test('a certification after the prescription, or in a US practice: 400 naming certifiedOn, nothing written', async () => {
    const patient = await patientUnder('EU-IT', '2026-01-05');
    const stored = await storedRows(api);
    api.today('2026-03-04');
    const body = { writtenOn: '2026-03-04', product: 'claravis', strengthMg: 40, capsulesPerDay: 1, daysSupply: 30, quantity: 30, refills: 0 };
    const late = await api.as('prescriber').post(`/patients/${patient.id}/prescriptions`, { ...body, certifiedOn: '2026-03-05' });
    assertStatus(late, 400, 'certification after writing');
    assert.ok(JSON.stringify(late.body).includes('certifiedOn'));
    assert.deepEqual(await storedRows(api), stored);
  });

  test('a US patient: refused here (PROGRAM_USES_REMS_ENGINE), her fills go through the authorization', async () => {
    const patient = await enrollPatient(api, { enrolledOn: '2026-01-05' });
    api.today('2026-01-05');
    assertStatus(await api.as('admin').post(`/organizations/${api.ids.practiceId}/jurisdiction`, { jurisdiction: 'US' }), 200, 'jurisdiction');
    const prescriptionId = '00000000-0000-4000-8000-000000000000';
    assertRefused(await checklist(patient, prescriptionId, '2026-01-05'), 'PROGRAM_USES_REMS_ENGINE');
  });
});
