// domain.md §7.2 — the first prescription: screening, confirmation, missed first windows
// (R-PT-2, R-PT-8, R-MISS-2, R-MISS-3, R-MISS-5), through the HTTP API.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApi, type TestApi } from '../support/api.js';
import {
  assertStatus,
  authorizeAndDispense,
  codes,
  declareContraception,
  enrollPatient,
  HOME_TEST_EVIDENCE,
  pcgpOnTreatment,
  qualifyFirstMonth,
  qualifyMonth,
  reasonWithCode,
  recordPregnancyTest,
  requestAuthorization,
  statusOn,
  withProgram,
  type Patient,
} from '../support/journeys.js';

describe('§7.2 first prescription, screening and confirmation', () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi({ program: { rems2026EffectiveDate: '2026-08-08', enforcementDiscretion: false } });
  });
  after(() => api.close());

  /** Enrolled and screened on `screeningOn`, two methods in use since `contraceptionStartedOn`. */
  async function screened(screeningOn: string, contraceptionStartedOn: string): Promise<Patient> {
    const patient = await enrollPatient(api, { enrolledOn: screeningOn });
    assertStatus(await recordPregnancyTest(api, patient, 'screening', screeningOn), 201);
    assertStatus(await declareContraception(api, patient, screeningOn, { startedOn: contraceptionStartedOn }), 201);
    return patient;
  }

  test('T-11 confirmation 18 days after screening: CONFIRMATION_TOO_EARLY, earliestChangeDate 2025-01-20', async () => {
    const patient = await screened('2025-01-01', '2024-12-01');
    assert.equal((await statusOn(api, patient, '2025-01-01')).state, 'AWAITING_CONFIRMATION');

    const confirmation = await recordPregnancyTest(api, patient, 'confirmation', '2025-01-19');
    assertStatus(confirmation, 201, 'the test is a fact and is kept');
    assert.equal(confirmation.body.qualification.allowed, false);
    assert.deepEqual(codes(confirmation.body.qualification.reasons), ['CONFIRMATION_TOO_EARLY']);
    assert.equal(confirmation.body.qualification.reasons[0].earliestChangeDate, '2025-01-20');
    assert.equal(confirmation.body.window, null);
    const status = await statusOn(api, patient, '2025-01-19');
    assert.equal(status.state, 'AWAITING_CONFIRMATION');
    assert.equal(status.window, null);
  });

  test('T-12 confirmation 19 days after screening: accepted, window 2025-01-20..2025-01-26', async () => {
    const patient = await screened('2025-01-01', '2024-12-01');

    const confirmation = await recordPregnancyTest(api, patient, 'confirmation', '2025-01-20');
    assertStatus(confirmation, 201);
    assert.equal(confirmation.body.qualification.allowed, true, JSON.stringify(confirmation.body.qualification));
    assert.deepEqual(confirmation.body.window, { opensOn: '2025-01-20', lastDay: '2025-01-26', anchor: 'specimen', testId: confirmation.body.id });
    const status = await statusOn(api, patient, '2025-01-20');
    assert.equal(status.state, 'QUALIFIED_WINDOW_OPEN');
    assert.deepEqual(status.window, confirmation.body.window);
  });

  test('T-14 confirmation test at home: PRETREATMENT_TEST_MUST_BE_MEDICAL_SETTING under either rule set', async () => {
    for (const [screeningOn, confirmationOn] of [
      ['2025-02-01', '2025-02-20'],
      ['2026-09-01', '2026-09-20'],
    ] as const) {
      const patient = await screened(screeningOn, '2024-06-01');
      const home = await recordPregnancyTest(api, patient, 'confirmation', confirmationOn, { setting: 'home', homeEvidence: HOME_TEST_EVIDENCE });
      assertStatus(home, 201);
      assert.equal(home.body.qualification.allowed, false);
      assert.ok(codes(home.body.qualification.reasons).includes('PRETREATMENT_TEST_MUST_BE_MEDICAL_SETTING'), JSON.stringify(home.body));
      assert.equal(home.body.window, null);
    }
  });

  test('T-15 REMS-2021 non-CLIA confirmation: CLIA_REQUIRED without enforcement discretion; accepted with a warning with it', async () => {
    const withoutDiscretion = await screened('2025-02-01', '2024-12-01');
    const refused = await recordPregnancyTest(api, withoutDiscretion, 'confirmation', '2025-02-20', { setting: 'clinic', clia: false });
    assertStatus(refused, 201);
    assert.deepEqual(codes(refused.body.qualification.reasons), ['CLIA_REQUIRED']);
    assert.equal(refused.body.window, null);

    await withProgram(api, { enforcementDiscretion: true }, async () => {
      const withDiscretion = await screened('2025-02-01', '2024-12-01');
      const accepted = await recordPregnancyTest(api, withDiscretion, 'confirmation', '2025-02-20', { setting: 'clinic', clia: false });
      assertStatus(accepted, 201);
      assert.equal(accepted.body.qualification.allowed, true);
      assert.deepEqual(codes(accepted.body.qualification.warnings), ['FDA_ENFORCEMENT_DISCRETION']);
      assert.equal(accepted.body.window.lastDay, '2025-02-26');
    });
  });

  /** Given the first window opened by specimen 2026-09-01 lapsed (REMS-2026). */
  async function missedFirstWindowIn2026(): Promise<Patient> {
    const patient = await enrollPatient(api, { enrolledOn: '2026-08-13' });
    const { test } = await qualifyFirstMonth(api, patient, { confirmationOn: '2026-09-01', screeningOn: '2026-08-13' });
    assert.equal(test.body.window.lastDay, '2026-09-07');
    const status = await statusOn(api, patient, '2026-09-08');
    assert.equal(status.state, 'WINDOW_MISSED_FIRST');
    assert.equal(status.lockoutUntil, null, 'REMS-2026 has no lockout (R-MISS-3)');
    return patient;
  }

  test('T-18 missed first window, REMS-2026: a medical-setting test on 2026-09-09 opens 09-09..09-15, no lockout', async () => {
    const patient = await missedFirstWindowIn2026();

    const repeat = await recordPregnancyTest(api, patient, 'confirmation', '2026-09-09', { setting: 'clinic', clia: false });
    assertStatus(repeat, 201);
    assert.equal(repeat.body.qualification.allowed, true, JSON.stringify(repeat.body.qualification));
    assert.deepEqual(repeat.body.window, { opensOn: '2026-09-09', lastDay: '2026-09-15', anchor: 'specimen', testId: repeat.body.id });
    const status = await statusOn(api, patient, '2026-09-09');
    assert.equal(status.state, 'QUALIFIED_WINDOW_OPEN');
    assert.equal(status.lockoutUntil, null);
  });

  test('T-19 missed first window, REMS-2026, home repeat: PRETREATMENT_TEST_MUST_BE_MEDICAL_SETTING', async () => {
    const patient = await missedFirstWindowIn2026();
    assertStatus(
      await api.as('prescriber').post(`/patients/${patient.id}/home-testing-opt-ins`, { optedInOn: '2026-09-08', procedure: 'Photo with ID card' }),
      201,
    );

    const home = await recordPregnancyTest(api, patient, 'confirmation', '2026-09-09', { setting: 'home', homeEvidence: HOME_TEST_EVIDENCE });
    assertStatus(home, 201);
    assert.equal(home.body.qualification.allowed, false);
    assert.ok(codes(home.body.qualification.reasons).includes('PRETREATMENT_TEST_MUST_BE_MEDICAL_SETTING'), JSON.stringify(home.body));
    assert.equal(home.body.window, null);
    const status = await statusOn(api, patient, '2026-09-09');
    assert.equal(status.state, 'WINDOW_MISSED_FIRST');
    assert.ok(codes(status.blockers).includes('PRETREATMENT_TEST_MUST_BE_MEDICAL_SETTING'), JSON.stringify(status.blockers));
  });

  test('T-20 missed later window (month 3, REMS-2021): a test the next day opens a new window at once', async () => {
    const patient = await pcgpOnTreatment(api, '2025-02-20');
    const month2 = await qualifyMonth(api, patient, { testOn: '2025-03-20' });
    await authorizeAndDispense(api, patient, month2.prescriptionId as string, '2025-03-20');
    const month3 = await qualifyMonth(api, patient, { testOn: '2025-04-17' });
    assert.equal(month3.test.body.window.lastDay, '2025-04-23');

    const missed = await statusOn(api, patient, '2025-04-24');
    assert.equal(missed.state, 'WINDOW_MISSED');
    assert.equal(missed.lockoutUntil, null);
    assert.ok(codes(missed.blockers).includes('WINDOW_CLOSED'));

    const retest = await recordPregnancyTest(api, patient, 'monthly', '2025-04-24');
    assert.equal(retest.body.qualification.allowed, true, JSON.stringify(retest.body.qualification));
    assert.deepEqual(retest.body.window, { opensOn: '2025-04-24', lastDay: '2025-04-30', anchor: 'specimen', testId: retest.body.id });
    await authorizeAndDispense(api, patient, month3.prescriptionId as string, '2025-04-24');
  });

  test('R-MISS-2 REMS-2021 lockout: after a missed first window a new test opens one only 19 days after the missed specimen', async () => {
    const patient = await enrollPatient(api, { enrolledOn: '2025-02-19' });
    const { prescriptionId } = await qualifyFirstMonth(api, patient, { confirmationOn: '2025-03-10' });

    const missed = await statusOn(api, patient, '2025-03-17');
    assert.equal(missed.state, 'WINDOW_MISSED_FIRST');
    assert.equal(missed.lockoutUntil, '2025-03-29');

    const tooSoon = await recordPregnancyTest(api, patient, 'confirmation', '2025-03-28');
    assertStatus(tooSoon, 201);
    assert.deepEqual(codes(tooSoon.body.qualification.reasons), ['FIRST_WINDOW_LOCKOUT']);
    assert.equal(reasonWithCode(tooSoon.body.qualification.reasons, 'FIRST_WINDOW_LOCKOUT').earliestChangeDate, '2025-03-29');
    assert.equal(tooSoon.body.window, null);
    const refused = await requestAuthorization(api, patient, prescriptionId as string, '2025-03-28');
    assert.equal(refused.status, 422);
    assert.ok(codes(refused.body.reasons).includes('WINDOW_CLOSED'));

    const onDay19 = await recordPregnancyTest(api, patient, 'confirmation', '2025-03-29');
    assert.equal(onDay19.body.qualification.allowed, true, JSON.stringify(onDay19.body.qualification));
    assert.deepEqual(onDay19.body.window, { opensOn: '2025-03-29', lastDay: '2025-04-04', anchor: 'specimen', testId: onDay19.body.id });
    const status = await statusOn(api, patient, '2025-03-29');
    assert.equal(status.state, 'QUALIFIED_WINDOW_OPEN');
    await authorizeAndDispense(api, patient, prescriptionId as string, '2025-03-29');
  });

  test('R-MISS-5 a lapsed first window whose REMS-2021 lockout straddles the REMS-2026 effective date ends on that date', async () => {
    // Window 2026-07-25..07-31 lapses; REMS-2021 would lock out until 08-13, but REMS-2026 (no lockout) starts 08-08.
    const patient = await enrollPatient(api, { enrolledOn: '2026-07-06' });
    await qualifyFirstMonth(api, patient, { confirmationOn: '2026-07-25', omit: ['prescription'] });
    const missed = await statusOn(api, patient, '2026-08-01');
    assert.equal(missed.state, 'WINDOW_MISSED_FIRST');
    assert.equal(missed.ruleSet, 'REMS-2021');
    assert.equal(missed.lockoutUntil, '2026-08-08');

    const dayBefore = await recordPregnancyTest(api, patient, 'confirmation', '2026-08-07');
    assert.deepEqual(codes(dayBefore.body.qualification.reasons), ['FIRST_WINDOW_LOCKOUT']);
    assert.equal(dayBefore.body.qualification.reasons[0].earliestChangeDate, '2026-08-08');
    assert.equal(dayBefore.body.window, null);

    const effectiveDay = await recordPregnancyTest(api, patient, 'confirmation', '2026-08-08');
    assert.equal(effectiveDay.body.qualification.allowed, true, JSON.stringify(effectiveDay.body.qualification));
    assert.deepEqual(effectiveDay.body.window, { opensOn: '2026-08-08', lastDay: '2026-08-14', anchor: 'specimen', testId: effectiveDay.body.id });
    const status = await statusOn(api, patient, '2026-08-08');
    assert.equal(status.ruleSet, 'REMS-2026');
    assert.equal(status.state, 'QUALIFIED_WINDOW_OPEN');
    assert.equal(status.lockoutUntil, null);
  });
});
