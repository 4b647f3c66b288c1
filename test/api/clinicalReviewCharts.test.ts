// What the patient page's charts read from GET /patients/{id}/clinical: the cumulative dose curve
// to date (history), every PHQ-9 score (moodHistory), and the lab thresholds the bands were
// judged by (labThresholds) — for the care team and for the patient alike.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApi, type ApiClient, type TestApi } from '../support/api.js';
import { assertStatus, authorizeAndDispense, enrollPatient, qualifyFirstMonth, type Patient } from '../support/journeys.js';

const FIRST_FILL = '2025-03-10';

describe('GET /patients/{id}/clinical: the figures the charts draw', () => {
  let api: TestApi;
  let patient: Patient;
  let patientClient: ApiClient;

  before(async () => {
    api = await startTestApi();
    patient = await enrollPatient(api, { enrolledOn: '2025-02-19', account: { email: 'charts.patient@test.example', password: 'charts password 1' } });
    patientClient = await api.logIn('charts.patient@test.example', 'charts password 1');
    assertStatus(await api.as('delegate').post(`/patients/${patient.id}/weights`, { measuredOn: '2025-02-19', value: 80, unit: 'kg' }), 201, 'weight');
    const { prescriptionId } = await qualifyFirstMonth(api, patient, { confirmationOn: FIRST_FILL });
    await authorizeAndDispense(api, patient, prescriptionId as string, FIRST_FILL);
    api.today('2025-03-20');
    const base = `/patients/${patient.id}`;
    assertStatus(await patientClient.post(`${base}/phq9`, { answeredOn: '2025-03-10', answers: [0, 1, 0, 1, 0, 0, 0, 0, 0] }), 201, 'PHQ-9');
    assertStatus(await patientClient.post(`${base}/phq9`, { answeredOn: '2025-03-18', answers: [2, 2, 1, 2, 1, 1, 1, 1, 0] }), 201, 'PHQ-9');
    // The patient reports the missed days; they count once her care team confirms them.
    const reported = await patientClient.post(`${base}/missed-doses`, { from: '2025-03-15', to: '2025-03-16' });
    assertStatus(reported, 201, 'missed days reported');
    assertStatus(await api.as('delegate').post(`${base}/missed-doses/${reported.body.id}/review`, { decision: 'confirmed' }), 201, 'missed days confirmed');
    assertStatus(
      await api.as('delegate').post(`${base}/lab-results`, { analyte: 'triglycerides', value: 180, unit: 'mg/dL', collectedOn: '2025-03-19', fasting: true }),
      201,
      'lab',
    );
  });
  after(() => api.close());

  test('the cumulative curve: 0 the day before the first fill, flat over the missed days, today last', async () => {
    const review = await api.as('prescriber').get(`/patients/${patient.id}/clinical`);
    assertStatus(review, 200, 'review');
    const { cumulative } = review.body;
    // 40 mg a day from 03-10 (qualifyFirstMonth's claravis 40 mg × 1) at 80 kg; 03-15 and 03-16 missed; today 03-20.
    assert.deepEqual(cumulative.history, [
      { on: '2025-03-09', mgPerKg: 0 },
      { on: '2025-03-14', mgPerKg: 2.5 },
      { on: '2025-03-16', mgPerKg: 2.5 },
      { on: '2025-03-20', mgPerKg: 4.5 },
    ]);
    assert.equal(cumulative.asDispensed.cumulativeMgPerKg, 4.5);
    assert.equal(typeof cumulative.projectedTargetDate, 'string');
  });

  test('every PHQ-9 to date, oldest first, and the thresholds of the lab bands', async () => {
    for (const [who, client] of [
      ['the prescriber', api.as('prescriber')],
      ['the delegate', api.as('delegate')],
      ['the patient', patientClient],
    ] as const) {
      const review = await client.get(`/patients/${patient.id}/clinical`);
      assertStatus(review, 200, who);
      assert.deepEqual(
        review.body.moodHistory,
        [
          { answeredOn: '2025-03-10', total: 2, band: 'minimal', item9: 0 },
          { answeredOn: '2025-03-18', total: 11, band: 'moderate', item9: 0 },
        ],
        who,
      );
      assert.deepEqual(review.body.labThresholds.triglycerides, { watchFromMgDl: 150, actFromMgDl: 500, stopFromMgDl: 800, alwaysStopFromMgDl: 1000 }, who);
      assert.deepEqual(review.body.labThresholds.liverEnzymes, { watchAboveUln: 1, actAboveUln: 3, stopAboveUln: 5 }, who);
      assert.equal(review.body.labs[0].classification.band, 'watch', `${who}: 180 mg/dL is in the watch band the thresholds draw`);
    }
  });
});
