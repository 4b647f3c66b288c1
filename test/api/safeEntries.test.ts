// Safe entries (issue 10, item 5): a reported contraception failure blocks the fill until a later
// negative test (R-CON-7); a second record for the same person is refused unless overridden with a
// reason; an implausible weight needs confirming; a patient's log-in is created from her email and
// activated by her with a one-time link.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApi, type TestApi } from '../support/api.js';
import {
  assertProblem,
  assertStatus,
  codes,
  enrollPatient,
  factsOf,
  qualifyFirstMonth,
  recordPregnancyTest,
  requestAuthorization,
  type Patient,
} from '../support/journeys.js';

async function auditRows(api: TestApi, action: string, patientId: string | null = null) {
  let query = api.services.db.selectFrom('audit_events').selectAll().where('action', '=', action);
  if (patientId !== null) {
    query = query.where('patient_id', '=', patientId);
  }
  return query.orderBy('occurred_at').execute();
}

describe('R-CON-7: a contraception failure blocks the fill until a negative test collected after it', () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi();
  });
  after(() => api.close());

  async function qualified(confirmationOn: string): Promise<{ patient: Patient; prescriptionId: string }> {
    const patient = await enrollPatient(api, { enrolledOn: '2025-02-01' });
    const { prescriptionId } = await qualifyFirstMonth(api, patient, { confirmationOn });
    return { patient, prescriptionId: prescriptionId as string };
  }

  test('reported by the care team: blocked, an active authorization reversed; a negative test the next day lets the fill through', async () => {
    const { patient, prescriptionId } = await qualified('2025-03-10');
    const authorization = await requestAuthorization(api, patient, prescriptionId, '2025-03-10');
    assertStatus(authorization, 201, 'authorized before the report');

    api.today('2025-03-11');
    const reported = await api.as('delegate').post(`/patients/${patient.id}/contraception-failures`, { reportedOn: '2025-03-11', kind: 'contraceptionFailure', note: 'Condom broke' });
    assertStatus(reported, 201, 'report');
    assert.equal(reported.body.negativeTestCollectedFrom, '2025-03-12');
    assert.deepEqual(reported.body.reversedAuthorizations, [authorization.body.authorization.rmaNumber]);
    assert.match(reported.body.steps.join(' '), /Stop taking the capsules now/);

    const facts = await factsOf(api, patient);
    assert.deepEqual(
      facts.contraceptionFailureReports.map((r: any) => [r.reportedOn, r.kind]),
      [['2025-03-11', 'contraceptionFailure']],
    );
    const audit = await auditRows(api, 'contraceptionFailure.report', patient.id);
    assert.deepEqual(audit.map((row) => [row.outcome, row.entity_id]), [['ok', reported.body.id]]);

    const status = await api.as('prescriber').get(`/patients/${patient.id}/status`);
    assert.ok(codes(status.body.blockers).includes('CONTRACEPTION_FAILURE_REPORTED'), JSON.stringify(status.body.blockers));
    const refused = await requestAuthorization(api, patient, prescriptionId, '2025-03-11');
    assertStatus(refused, 422, 'refused while unresolved');
    assert.ok(codes(refused.body.reasons).includes('CONTRACEPTION_FAILURE_REPORTED'));

    // A test collected the day of the report does not answer for it.
    api.today('2025-03-12');
    assertStatus(await recordPregnancyTest(api, patient, 'unscheduled', '2025-03-11'), 201, 'same-day test');
    assert.ok(codes((await requestAuthorization(api, patient, prescriptionId, '2025-03-12')).body.reasons).includes('CONTRACEPTION_FAILURE_REPORTED'));

    assertStatus(await recordPregnancyTest(api, patient, 'unscheduled', '2025-03-12'), 201, 'next-day test');
    const authorized = await requestAuthorization(api, patient, prescriptionId, '2025-03-12');
    assertStatus(authorized, 201, 'authorized after the negative test');
  });

  test('reported by the patient herself; a positive test after it keeps it blocked (and holds the pregnancy)', async () => {
    const email = 'failure.reporter@test.example';
    const patient = await enrollPatient(api, { enrolledOn: '2025-02-01', account: { email, password: 'a long enough password' } });
    const { prescriptionId } = await qualifyFirstMonth(api, patient, { confirmationOn: '2025-03-10' });
    const herself = await api.logIn(email, 'a long enough password');
    api.today('2025-03-11');
    assertStatus(await herself.post(`/patients/${patient.id}/contraception-failures`, { reportedOn: '2025-03-11', kind: 'unprotectedIntercourse' }), 201, 'her report');
    const audit = await auditRows(api, 'contraceptionFailure.report', patient.id);
    const patientUser = await api.services.db.selectFrom('patients').select('user_id').where('id', '=', patient.id).executeTakeFirstOrThrow();
    assert.equal(audit.at(-1)?.actor_id, patientUser.user_id, 'audited as hers');
    api.today('2025-03-13');
    assertStatus(await recordPregnancyTest(api, patient, 'unscheduled', '2025-03-13', { result: 'positive' }), 201, 'positive test');
    const refused = await requestAuthorization(api, patient, prescriptionId as string, '2025-03-13');
    assertStatus(refused, 422);
    assert.ok(codes(refused.body.reasons).includes('CONTRACEPTION_FAILURE_REPORTED') && codes(refused.body.reasons).includes('PREGNANCY_HOLD'));
  });

  test('bad input changes nothing: a future date, an unknown kind; another practice is told 404', async () => {
    const patient = await enrollPatient(api, { enrolledOn: '2025-02-01' });
    api.today('2025-03-11');
    const future = await api.as('prescriber').post(`/patients/${patient.id}/contraception-failures`, { reportedOn: '2025-03-12', kind: 'latePeriod' });
    assertProblem(future, 400, 'future');
    assert.equal(future.body.errors[0].field, 'reportedOn');
    assertProblem(await api.as('prescriber').post(`/patients/${patient.id}/contraception-failures`, { reportedOn: '2025-03-11', kind: 'forgotPill' }), 400, 'kind');
    assertProblem(await api.as('otherPrescriber').post(`/patients/${patient.id}/contraception-failures`, { reportedOn: '2025-03-11', kind: 'latePeriod' }), 404, 'other practice');
    assert.deepEqual((await factsOf(api, patient)).contraceptionFailureReports, []);
  });
});

describe('a weight implausible for the age asks for confirmation', () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi();
  });
  after(() => api.close());

  test('154 "kg" for a 13-year-old is refused WEIGHT_IMPLAUSIBLE naming the range, nothing stored; confirmed, it is stored and says so', async () => {
    const patient = await enrollPatient(api, { enrolledOn: '2025-03-10', birthDate: '2012-01-15' });
    const prescriber = api.as('prescriber');
    const refused = await prescriber.post(`/patients/${patient.id}/weights`, { measuredOn: '2025-03-10', value: 154, unit: 'kg' });
    assertStatus(refused, 422, 'implausible');
    assert.deepEqual(codes(refused.body.reasons), ['WEIGHT_IMPLAUSIBLE']);
    assert.match(refused.body.reasons[0].message, /aged 13 \(20–150 kg/);
    const stored = () => api.services.db.selectFrom('weight_measurements').selectAll().where('patient_id', '=', patient.id).orderBy('recorded_at').execute();
    assert.equal((await stored()).length, 0);
    assert.equal((await auditRows(api, 'weight.record', patient.id)).at(-1)?.outcome, 'refused');

    // The same weight in pounds is plausible.
    assertStatus(await prescriber.post(`/patients/${patient.id}/weights`, { measuredOn: '2025-03-10', value: 154, unit: 'lb' }), 201, 'in pounds');
    const confirmed = await prescriber.post(`/patients/${patient.id}/weights`, { measuredOn: '2025-03-10', value: 154, unit: 'kg', confirmedImplausible: true });
    assertStatus(confirmed, 201, 'confirmed');
    assert.equal(confirmed.body.confirmedImplausible, true);
    assert.deepEqual((await stored()).map((row) => [row.entered_value, row.entered_unit, row.implausible_confirmed]), [
      [154, 'lb', false],
      [154, 'kg', true],
    ]);
  });
});
