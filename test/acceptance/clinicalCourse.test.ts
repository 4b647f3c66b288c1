// domain.md §7.7 — the clinical course through the API: interactions (T-42), lab bands (T-45),
// PHQ-9 item 9 (T-47), red flags (T-49), cumulative dose (T-50), and who may do what.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApi, TEST_PASSWORD, type TestApi } from '../support/api.js';
import { assertRefused, assertStatus, authorizeAndDispense, codes, enrollPatient, writePrescription, type Patient } from '../support/journeys.js';

const ON = '2026-09-01';

describe('§7.7 the clinical course', () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi();
  });
  after(() => api.close());

  /** A PCNGP patient under REMS-2026, counseled at enrollment: prescriptions are judged on clinical grounds alone. */
  async function counseledPatient(account?: string): Promise<Patient> {
    const patient = await enrollPatient(api, {
      category: 'PCNGP',
      enrolledOn: ON,
      ...(account === undefined ? {} : { account: { email: account, password: TEST_PASSWORD } }),
    });
    assertStatus(await api.as('prescriber').post(`/patients/${patient.id}/counselings`, { counseledOn: ON, modality: 'inPerson' }), 201);
    return patient;
  }

  test('T-42 tetracycline: active doxycycline blocks a new prescription INTERACTION_TETRACYCLINE until the prescriber overrides with a reason', async () => {
    const patient = await counseledPatient();
    const medication = await api.as('delegate').post(`/patients/${patient.id}/medications`, { name: 'Doxycycline 100 mg twice daily', startedOn: ON });
    assertStatus(medication, 201);
    assert.deepEqual(medication.body.recognizedAs, ['doxycycline']);
    assert.deepEqual(codes(medication.body.interactions.blocks), ['INTERACTION_TETRACYCLINE']);

    const blocked = await writePrescription(api, patient, ON);
    assert.deepEqual(codes(assertRefused(blocked)), ['INTERACTION_TETRACYCLINE']);
    const listed = (await api.as('prescriber').get('/worklist?limit=1000')).body.patients.find(
      (entry: { patientId: string }) => entry.patientId === patient.id,
    );
    assert.ok(codes(listed.items).includes('INTERACTION_TETRACYCLINE'), 'the block waits on the worklist for the prescriber');
    const facts = await api.as('prescriber').get(`/patients/${patient.id}`);
    assert.deepEqual(facts.body.facts.prescriptions, [], 'the refused prescription was not stored');

    const noReason = await api.as('prescriber').post(`/patients/${patient.id}/interaction-overrides`, { code: 'INTERACTION_TETRACYCLINE', reason: '' });
    assert.equal(noReason.status, 400, 'an override needs a reason');
    assert.equal(
      (await api.as('delegate').post(`/patients/${patient.id}/interaction-overrides`, { code: 'INTERACTION_TETRACYCLINE', reason: 'Short course' })).status,
      403,
      'a delegate cannot override',
    );
    assertStatus(
      await api.as('prescriber').post(`/patients/${patient.id}/interaction-overrides`, {
        code: 'INTERACTION_TETRACYCLINE',
        reason: 'Doxycycline stops tomorrow; eye exam arranged',
      }),
      201,
    );
    assertStatus(await writePrescription(api, patient, ON), 201);
  });

  test('T-42 stopping the tetracycline lifts the block without an override', async () => {
    const patient = await counseledPatient();
    const medication = await api.as('prescriber').post(`/patients/${patient.id}/medications`, { name: 'minocycline', startedOn: '2026-08-01' });
    assertRefused(await writePrescription(api, patient, ON), 'INTERACTION_TETRACYCLINE');
    assertStatus(await api.as('prescriber').post(`/patients/${patient.id}/medications/${medication.body.id}/stop`, { stoppedOn: ON }), 201);
    assertStatus(await writePrescription(api, patient, ON), 201);
  });

  test('T-45 triglyceride bands: 499 watch, 500 act, 799 act, 800 stop, 1000 stop; non-fasting stored with REPEAT_FASTING', async () => {
    const patient = await counseledPatient();
    const bandOf = async (value: number, extra: Record<string, unknown> = {}) => {
      const response = await api.as('delegate').post(`/patients/${patient.id}/lab-results`, {
        analyte: 'triglycerides',
        value,
        unit: 'mg/dL',
        collectedOn: '2026-09-02',
        fasting: true,
        ...extra,
      });
      assertStatus(response, 201);
      return response.body.classification;
    };
    // The first dispense was yesterday, so these are on-treatment bands, not the baseline's.
    const prescription = await writePrescription(api, patient, ON);
    await authorizeAndDispense(api, patient, prescription.body.id, ON);
    api.today('2026-09-02');
    assert.equal((await bandOf(499)).band, 'watch');
    assert.equal((await bandOf(500)).band, 'act');
    assert.equal((await bandOf(799)).band, 'act');
    assert.equal((await bandOf(800)).band, 'stop');
    assert.equal((await bandOf(1000)).band, 'stop');
    const nonFasting = await bandOf(180, { fasting: false });
    assert.deepEqual(nonFasting.flags, ['REPEAT_FASTING']);
    const review = await api.as('prescriber').get(`/patients/${patient.id}/clinical`);
    assert.equal(review.body.labs.length, 6, 'every result is stored, the non-fasting one too');
    assert.ok(
      review.body.openAlerts.some((item: { severity: string }) => item.severity === 'urgent'),
      'a stop band raises an urgent alert',
    );
  });

  test('T-47 PHQ-9 item 9: total 6 with item 9 = 1 raises an urgent alert; acknowledging without a note is refused', async () => {
    const patient = await counseledPatient('phq9.patient@test.example');
    const patientClient = await api.logIn('phq9.patient@test.example', TEST_PASSWORD);
    const answered = await patientClient.post(`/patients/${patient.id}/phq9`, { answeredOn: ON, answers: [1, 1, 1, 1, 0, 0, 1, 0, 1] });
    assertStatus(answered, 201);
    assert.equal(answered.body.total, 6);
    assert.equal(answered.body.band, 'mild');
    assert.equal(answered.body.alerts, undefined, 'the patient is not shown the prescriber alert itself');
    assert.match(answered.body.messages.join(' '), /988/, 'the patient sees crisis resources at once');

    const review = await api.as('prescriber').get(`/patients/${patient.id}/clinical`);
    const [urgent] = review.body.openAlerts;
    assert.equal(urgent.code, 'SUICIDAL_IDEATION');
    assert.equal(urgent.severity, 'urgent');
    assert.equal(urgent.requiresNote, true);

    assertRefused(await writePrescription(api, patient, ON), 'ALERT_NOT_ACKNOWLEDGED');
    assert.deepEqual(
      codes(assertRefused(await api.as('prescriber').post(`/patients/${patient.id}/alert-acknowledgements`, { alertKey: urgent.key, note: '   ' }))),
      ['ACKNOWLEDGEMENT_NOTE_REQUIRED'],
    );
    assert.equal(
      (await api.as('delegate').post(`/patients/${patient.id}/alert-acknowledgements`, { alertKey: urgent.key, note: 'Called' })).status,
      403,
      'only the prescriber acknowledges',
    );
    assertStatus(
      await api.as('prescriber').post(`/patients/${patient.id}/alert-acknowledgements`, {
        alertKey: urgent.key,
        note: 'Called the patient the same day: safe, no plan; referred to mental health; isotretinoin paused.',
      }),
      201,
    );
    const after = await api.as('prescriber').get(`/patients/${patient.id}/clinical`);
    assert.equal(after.body.openAlerts.length, 0);
    assert.equal(after.body.alerts[0].acknowledgement.note.startsWith('Called the patient'), true, 'the alert stays on record with its note');
    assertStatus(await writePrescription(api, patient, ON), 201);
  });

  test('T-49 red flags: severe headache with blurred vision → SUSPECT_INTRACRANIAL_HYPERTENSION (stop and refer); severe abdominal pain → SUSPECT_PANCREATITIS', async () => {
    const patient = await counseledPatient();
    const headache = await api.as('prescriber').post(`/patients/${patient.id}/symptom-reports`, {
      reportedOn: ON,
      entries: [
        { symptom: 'severeHeadache', severity: 'severe' },
        { symptom: 'blurredVision', severity: 'moderate' },
      ],
    });
    assertStatus(headache, 201);
    const intracranial = headache.body.alerts.find((item: { code: string }) => item.code === 'SUSPECT_INTRACRANIAL_HYPERTENSION');
    assert.ok(intracranial, JSON.stringify(headache.body.alerts));
    assert.equal(intracranial.severity, 'urgent');
    assert.match(intracranial.recommendedAction, /stop/i);
    assert.match(intracranial.recommendedAction, /refer|neurolog|eye/i);

    const abdominal = await api.as('prescriber').post(`/patients/${patient.id}/symptom-reports`, {
      reportedOn: ON,
      entries: [{ symptom: 'severeAbdominalPain', severity: 'severe' }],
    });
    assert.ok(codes(abdominal.body.alerts).includes('SUSPECT_PANCREATITIS'), JSON.stringify(abdominal.body.alerts));
  });

  test('T-50 cumulative dose: 70 kg, target 150 mg/kg, 40 mg/day × 28 days then 70 mg/day → 1 120 mg (16.0 mg/kg) after 28 days, 134 days to go; 3 missed days move it by 3', async () => {
    const patient = await counseledPatient();
    assertStatus(await api.as('delegate').post(`/patients/${patient.id}/weights`, { measuredOn: ON, value: 154.3, unit: 'lb' }), 201);
    const plan = await api.as('prescriber').post(`/patients/${patient.id}/dose-plans`, {
      product: 'claravis',
      startOn: ON,
      targetMgPerKg: 150,
      steps: [
        { from: ON, dailyMg: 40 },
        { from: '2026-09-29', dailyMg: 70 },
      ],
    });
    assertStatus(plan, 201);
    assert.equal(plan.body.weightKg, 70, '154.3 lb is stored as 70.0 kg');
    const proposal = await api.as('prescriber').get(`/patients/${patient.id}/dose-proposal?product=claravis&mgPerKgPerDay=1`);
    assertStatus(proposal, 200);
    assert.equal(proposal.body.proposal.dose.dailyMg, 70, '1 mg/kg/day at 70 kg in claravis capsules');
    assert.equal(
      proposal.body.proposal.dose.capsules.reduce((sum: number, line: { strengthMg: number; count: number }) => sum + line.strengthMg * line.count, 0),
      70,
    );
    assert.deepEqual(
      codes((await api.as('prescriber').get(`/patients/${patient.id}/dose-proposal?product=claravis&mgPerKgPerDay=2.5`)).body.proposal.reasons),
      ['DOSE_ABOVE_MAXIMUM'],
    );
    const prescription = await writePrescription(api, patient, ON, { strengthMg: 40, daysSupply: 28 });
    assertStatus(prescription, 201);
    await authorizeAndDispense(api, patient, prescription.body.id, ON, { strengthMg: 40, daysSupply: 28, quantity: 28 });

    api.today('2026-09-28');
    const review = (await api.as('prescriber').get(`/patients/${patient.id}/clinical`)).body;
    assert.equal(review.cumulative.asDispensed.cumulativeMg, 1120);
    assert.equal(review.cumulative.asDispensed.cumulativeMgPerKg, 16);
    assert.equal(review.cumulative.asDispensed.targetMg, 10500);
    assert.equal(review.cumulative.daysRemaining, 134);

    assertStatus(await api.as('prescriber').post(`/patients/${patient.id}/missed-doses`, { from: '2026-10-10', to: '2026-10-12', reason: 'Travel' }), 201);
    const moved = (await api.as('prescriber').get(`/patients/${patient.id}/clinical`)).body;
    assert.equal(moved.cumulative.daysRemaining, 137);
  });

  test("access: another prescriber's patient is 404 on every clinical route; a pharmacist sees no clinical record", async () => {
    const patient = await counseledPatient();
    assert.equal((await api.as('otherPrescriber').get(`/patients/${patient.id}/clinical`)).status, 404);
    assert.equal((await api.as('otherPrescriber').post(`/patients/${patient.id}/weights`, { measuredOn: ON, value: 70, unit: 'kg' })).status, 404);
    assert.equal((await api.as('pharmacist').get(`/patients/${patient.id}/clinical`)).status, 404);
    assert.equal((await api.as('admin').post(`/patients/${patient.id}/phq9`, { answeredOn: ON, answers: [0, 0, 0, 0, 0, 0, 0, 0, 0] })).status, 404);
  });

  test("lab CSV import: good rows stored, bad rows and other prescribers' patients reported by line, nothing lost", async () => {
    const patient = await counseledPatient();
    const other = await api.as('otherPrescriber').post('/patients', {
      givenName: 'Other',
      familyName: 'Patient',
      birthDate: '2000-01-01',
      category: 'PCNGP',
      criterion: 'assignedMaleAtBirth',
      enrolledOn: ON,
    });
    assertStatus(other, 201);
    const csv = [
      'program id,collected date,analyte,value,unit,reference low,reference high,fasting',
      `${patient.programId},${ON},triglycerides,180,mg/dL,,,yes`,
      `${patient.programId},2026-02-30,alt,30,U/L,0,40,`,
      `${other.body.programId},${ON},alt,30,U/L,0,40,`,
      `${patient.programId},${ON},alt,130,U/L,0,40,`,
    ].join('\n');
    const imported = await api.as('delegate').post('/lab-imports', { fileName: 'august.csv', csv });
    assertStatus(imported, 201);
    assert.equal(imported.body.accepted, 2);
    assert.equal(imported.body.rejected, 2);
    assert.deepEqual(
      imported.body.rowErrors.map((error: { row: number }) => error.row),
      [3, 4],
    );
    const review = (await api.as('prescriber').get(`/patients/${patient.id}/clinical`)).body;
    assert.equal(review.labs.length, 2);
    assert.equal(
      review.labs.find((lab: { result: { analyte: string } }) => lab.result.analyte === 'alt').classification.band,
      'act',
      'ALT 130 U/L with an upper limit of 40 is 3.25 × ULN',
    );
  });
});
