// domain.md §7.6 — pregnancy, end of treatment, blood donation, a second course (R-PREG-1,
// R-END-1..4), through the HTTP API.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApi, type TestApi } from '../support/api.js';
import {
  assertRefused,
  assertStatus,
  codes,
  dispense,
  factsOf,
  pcgpOnTreatment,
  qualifyMonth,
  reasonWithCode,
  recordPregnancyTest,
  requestAuthorization,
  statusOn,
  type Patient,
} from '../support/journeys.js';

describe('§7.6 pregnancy, end of treatment, donation', () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi({ program: { rems2026EffectiveDate: '2026-08-08', enforcementDiscretion: false } });
  });
  after(() => api.close());

  test('T-37 positive monthly test: PREGNANCY_HOLD, the active authorization reversed, the steps listed, authorizations refused', async () => {
    const patient = await pcgpOnTreatment(api, '2025-03-03');
    const month2 = await qualifyMonth(api, patient, { testOn: '2025-03-31' });
    const authorization = await requestAuthorization(api, patient, month2.prescriptionId as string, '2025-03-31');
    assertStatus(authorization, 201);

    const positive = await recordPregnancyTest(api, patient, 'monthly', '2025-04-01', { result: 'positive' });
    assertStatus(positive, 201);
    assert.deepEqual(positive.body.reversedAuthorizations, [authorization.body.authorization.rmaNumber]);
    assert.deepEqual(codes(positive.body.qualification.reasons), ['TEST_POSITIVE']);

    const status = await statusOn(api, patient, '2025-04-01');
    assert.equal(status.state, 'PREGNANCY_HOLD');
    assert.equal(status.activeAuthorization, null);
    const hold = reasonWithCode(status.blockers, 'PREGNANCY_HOLD');
    assert.equal(hold.rule, 'R-PREG-1');
    for (const step of [/stop isotretinoin/i, /obstetrician-gynecologist/i, /pregnancy registry/i, /MedWatch/]) {
      assert.match(hold.action, step);
    }
    const [stored] = (await factsOf(api, patient)).authorizations.filter((a: { id: unknown }) => a.id === authorization.body.id);
    assert.equal(stored.reversal.reason, 'PREGNANCY_HOLD');

    assertRefused(await dispense(api, patient, authorization.body.id, '2025-04-01'), 'AUTHORIZATION_REVERSED');
    assertRefused(await requestAuthorization(api, patient, month2.prescriptionId as string, '2025-04-02'), 'PREGNANCY_HOLD');
    // A later negative test does not lift the hold; only the prescriber's documented clearance does (R-PREG-3).
    assertStatus(await recordPregnancyTest(api, patient, 'unscheduled', '2025-04-03'), 201);
    assert.equal((await statusOn(api, patient, '2025-04-03')).state, 'PREGNANCY_HOLD');
  });

  async function endCourse(patient: Patient, lastDoseOn: string): Promise<void> {
    api.today(lastDoseOn);
    const ended = await api.as('prescriber').post(`/patients/${patient.id}/course-end`, { lastDoseOn, reason: 'targetReached' });
    assertStatus(ended, 201, 'course end');
  }

  test('T-39 end of course dates: PCGP last dose 2025-09-01', async () => {
    const patient = await pcgpOnTreatment(api, '2025-08-04');
    await endCourse(patient, '2025-09-01');

    const ended = await statusOn(api, patient, '2025-09-01');
    assert.equal(ended.state, 'END_OF_TREATMENT');
    assert.equal(ended.endOfCourse.lastDoseOn, '2025-09-01');
    assert.equal(ended.endOfCourse.endOfTreatmentTestDue, '2025-09-01', 'end-of-treatment test due now');
    assert.equal(ended.endOfCourse.postTreatmentTestDue, '2025-10-01');
    assert.equal(ended.endOfCourse.contraceptionUntil, '2025-10-01');
    assert.equal(ended.endOfCourse.bloodDonationAllowedFrom, '2025-10-02');
    assert.ok(codes(ended.blockers).includes('COURSE_ENDED'));

    assertStatus(await recordPregnancyTest(api, patient, 'endOfTreatment', '2025-09-01'), 201);
    assert.equal((await statusOn(api, patient, '2025-09-01')).state, 'POST_TREATMENT');
    assertStatus(await recordPregnancyTest(api, patient, 'postTreatment', '2025-10-01'), 201);
    assert.equal((await statusOn(api, patient, '2025-10-01')).state, 'POST_TREATMENT', 'no blood donation until 2025-10-02');
    assert.equal((await statusOn(api, patient, '2025-10-02')).state, 'COMPLETED');
  });

  test('T-41 second course too soon: RETREATMENT_BEFORE_8_WEEKS at 6 weeks requires a reason; none at 8 weeks', async () => {
    const sixWeeks = await pcgpOnTreatment(api, '2025-08-04');
    await endCourse(sixWeeks, '2025-09-01');
    api.today('2025-10-13');
    const withoutReason = await api.as('prescriber').post(`/patients/${sixWeeks.id}/course-restarts`, { restartedOn: '2025-10-13' });
    const warning = reasonWithCode(assertRefused(withoutReason), 'RETREATMENT_BEFORE_8_WEEKS');
    assert.equal(warning.earliestChangeDate, '2025-10-27');
    const withReason = await api.as('prescriber').post(`/patients/${sixWeeks.id}/course-restarts`, {
      restartedOn: '2025-10-13',
      reason: 'Early relapse of nodular acne with scarring',
    });
    assertStatus(withReason, 201);
    assert.deepEqual(codes(withReason.body.warnings), ['RETREATMENT_BEFORE_8_WEEKS']);
    // The new course starts a new qualification: a fresh screening test first.
    assert.ok(codes((await statusOn(api, sixWeeks, '2025-10-13')).blockers).includes('SCREENING_TEST_PENDING'));

    const eightWeeks = await pcgpOnTreatment(api, '2025-08-04');
    await endCourse(eightWeeks, '2025-09-01');
    api.today('2025-10-27');
    const onTime = await api.as('prescriber').post(`/patients/${eightWeeks.id}/course-restarts`, { restartedOn: '2025-10-27' });
    assertStatus(onTime, 201);
    assert.deepEqual(onTime.body.warnings, []);
  });
});
