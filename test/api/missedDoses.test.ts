// Missed or paused days: within the course, planned at most a year ahead (a pause to 9999-12-31
// once made every clinical read of the patient slow and its projected end unreadable).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApi, type ApiClient, type TestApi } from '../support/api.js';
import { assertProblem, assertStatus, authorizeAndDispense, enrollPatient, qualifyFirstMonth, type Patient } from '../support/journeys.js';
import { storedRows } from '../support/routes.js';

describe('missed and paused days', () => {
  let api: TestApi;
  let patient: Patient;
  before(async () => {
    api = await startTestApi();
    patient = await enrollPatient(api, { category: 'PCNGP', enrolledOn: '2025-03-01' });
    api.today('2025-03-10');
  });
  after(() => api.close());

  test('a pause from the enrollment to a year ahead is recorded; before the enrollment or further ahead is 400, naming the field, nothing stored', async () => {
    const post = (from: string, to: string) => api.as('prescriber').post(`/patients/${patient.id}/missed-doses`, { from, to, reason: 'Travel' });
    assertStatus(await post('2025-03-01', '2025-03-02'), 201, 'from the enrollment day');
    assertStatus(await post('2026-03-01', '2026-03-11'), 201, 'planned a year ahead (2026-03-11 = today + 366)');
    const rows = await storedRows(api);
    const early = await post('2025-02-28', '2025-03-02');
    assertProblem(early, 400, 'before the enrollment');
    assert.deepEqual(
      early.body.errors.map((error: { field: string; code: string }) => [error.field, error.code]),
      [['from', 'DATE_TOO_EARLY']],
    );
    const late = await post('2025-04-01', '9999-12-31');
    assertProblem(late, 400, 'far ahead');
    assert.deepEqual(
      late.body.errors.map((error: { field: string; code: string }) => [error.field, error.code]),
      [['to', 'DATE_TOO_LATE']],
    );
    assertProblem(await post('2026-03-01', '2026-03-12'), 400, 'one day past a year ahead');
    assert.deepEqual(await storedRows(api), rows);
  });
});

// Issue 12, item 7: a patient could record missed-dose pauses on her own record, changing the
// cumulative dose her prescriber doses by. Now the patient reports; the care team confirms (or
// declines) in one click; only the confirmed days count. The care team's own record counts at once.
describe('missed days the patient reports: counted once the care team confirms them', () => {
  let api: TestApi;
  let patient: Patient;
  let patientClient: ApiClient;
  const FIRST_FILL = '2025-03-10';
  const base = () => `/patients/${patient.id}`;
  const takenMgPerKg = async () => {
    const review = await api.as('prescriber').get(`${base()}/clinical`);
    assertStatus(review, 200, 'review');
    return review.body.cumulative.asDispensed.cumulativeMgPerKg as number;
  };

  before(async () => {
    api = await startTestApi();
    patient = await enrollPatient(api, { enrolledOn: '2025-02-19', account: { email: 'missed.patient@test.example', password: 'missed password 1' } });
    patientClient = await api.logIn('missed.patient@test.example', 'missed password 1');
    assertStatus(await api.as('delegate').post(`/patients/${patient.id}/weights`, { measuredOn: '2025-02-19', value: 80, unit: 'kg' }), 201, 'weight');
    const { prescriptionId } = await qualifyFirstMonth(api, patient, { confirmationOn: FIRST_FILL });
    await authorizeAndDispense(api, patient, prescriptionId as string, FIRST_FILL);
    api.today('2025-03-20');
  });
  after(() => api.close());

  test("the patient's report changes nothing until confirmed; she sees it waiting for her care team; the care team sees it to confirm", async () => {
    // 40 mg a day from 03-10 at 80 kg, today 03-20: 11 days, 5.5 mg/kg.
    assert.equal(await takenMgPerKg(), 5.5);
    const reported = await patientClient.post(`${base()}/missed-doses`, { from: '2025-03-15', to: '2025-03-16', reason: 'Forgot on holiday' });
    assertStatus(reported, 201, 'report');
    assert.equal(reported.body.status, 'awaitingCareTeam');
    assert.equal(await takenMgPerKg(), 5.5, 'a report alone does not change the dose the prescriber sees');

    const own = await patientClient.get(`${base()}/clinical`);
    assertStatus(own, 200, "the patient's review");
    assert.deepEqual(own.body.missedDoseReports, [
      { id: reported.body.id, from: '2025-03-15', to: '2025-03-16', reason: 'Forgot on holiday', status: 'awaitingCareTeam', note: null },
    ]);
    const careTeam = await api.as('delegate').get(`${base()}/clinical`);
    assert.deepEqual(
      careTeam.body.missedDoseReports.map((report: { id: string; status: string }) => [report.id, report.status]),
      [[reported.body.id, 'awaitingCareTeam']],
    );
    // ...and finds it on the worklist, without opening every record.
    const reportItem = async () => {
      const worklist = await api.as('delegate').get('/worklist?limit=1000');
      assertStatus(worklist, 200, 'worklist');
      const entry = worklist.body.patients.find((candidate: { patientId: string }) => candidate.patientId === patient.id);
      return entry?.items.find((item: { code: string }) => item.code === 'MISSED_DOSE_REPORTS');
    };
    const listed = await reportItem();
    assert.equal(listed?.form, 'missedDoses', 'on the worklist while it waits');
    assert.match(listed.message, /2025-03-15 to 2025-03-16/);

    // The patient cannot confirm her own report; a pharmacist cannot see it.
    assertProblem(await patientClient.post(`${base()}/missed-doses/${reported.body.id}/review`, { decision: 'confirmed' }), 403, 'the patient');
    assertProblem(await api.as('pharmacist').post(`${base()}/missed-doses/${reported.body.id}/review`, { decision: 'confirmed' }), 404, 'a pharmacist');
    assert.equal(await takenMgPerKg(), 5.5);

    const confirmed = await api.as('delegate').post(`${base()}/missed-doses/${reported.body.id}/review`, { decision: 'confirmed' });
    assertStatus(confirmed, 201, 'confirmed');
    assert.equal(confirmed.body.status, 'counted');
    assert.equal(await takenMgPerKg(), 4.5, 'two days less once confirmed');
    assert.equal(await reportItem(), undefined, 'off the worklist once answered');
    assertProblem(await api.as('prescriber').post(`${base()}/missed-doses/${reported.body.id}/review`, { decision: 'declined' }), 409, 'answered once');
    const after = await patientClient.get(`${base()}/clinical`);
    assert.equal(after.body.missedDoseReports[0].status, 'counted');

    const audit = await api.services.db
      .selectFrom('audit_events')
      .select(['action', 'actor_id', 'outcome'])
      .where('patient_id', '=', patient.id)
      .where('action', 'like', 'missedDoses.%')
      .where('outcome', '=', 'ok')
      .orderBy('id')
      .execute();
    assert.deepEqual(
      audit.map((row) => [row.action, row.actor_id]),
      [
        ['missedDoses.report', (await patientClient.get('/me')).body.id],
        ['missedDoses.confirm', api.ids.users.delegate],
      ],
    );
  });

  test('a declined report stays on record and never counts; the care team records missed days that count at once', async () => {
    const before = await takenMgPerKg();
    const reported = await patientClient.post(`${base()}/missed-doses`, { from: '2025-03-12', to: '2025-03-12' });
    assertStatus(reported, 201, 'report');
    const declined = await api
      .as('prescriber')
      .post(`${base()}/missed-doses/${reported.body.id}/review`, { decision: 'declined', note: 'Pharmacy records show she took them' });
    assertStatus(declined, 201, 'declined');
    assert.equal(declined.body.status, 'declined');
    assert.equal(await takenMgPerKg(), before);
    const own = await patientClient.get(`${base()}/clinical`);
    const report = own.body.missedDoseReports.find((candidate: { id: string }) => candidate.id === reported.body.id);
    assert.deepEqual([report.status, report.note], ['declined', 'Pharmacy records show she took them']);

    const recorded = await api.as('prescriber').post(`${base()}/missed-doses`, { from: '2025-03-18', to: '2025-03-18' });
    assertStatus(recorded, 201, "the care team's record");
    assert.equal(recorded.body.status, 'counted');
    assert.equal(await takenMgPerKg(), before - 0.5);
    // The care team's own record is not a report: nothing to confirm.
    assertProblem(await api.as('prescriber').post(`${base()}/missed-doses/${recorded.body.id}/review`, { decision: 'confirmed' }), 404, 'not a report');
  });
});
