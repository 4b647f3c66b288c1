// domain.md §7.1 — windows and authorization (PCGP), through the HTTP API.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApi, type TestApi } from '../support/api.js';
import {
  answerComprehension,
  assertRefused,
  assertStatus,
  authorizeAndDispense,
  codes,
  confirmCounseling,
  declareContraception,
  dispense,
  enrollPatient,
  factsOf,
  lookupOf,
  pcgpOnTreatment,
  qualifyFirstMonth,
  qualifyMonth,
  reasonWithCode,
  recordPregnancyTest,
  requestAuthorization,
  statusOn,
  writePrescription,
} from '../support/journeys.js';

describe('§7.1 windows and authorization (PCGP)', () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi({ program: { rems2026EffectiveDate: '2026-08-08', enforcementDiscretion: false } });
  });
  after(() => api.close());

  /** Given a PCGP on REMS-2021 whose confirmation specimen was collected 2025-03-10, all monthly items done. */
  async function qualifiedOn20250310() {
    const patient = await enrollPatient(api, { enrolledOn: '2025-02-19' });
    const { test: confirmation, prescriptionId } = await qualifyFirstMonth(api, patient, { confirmationOn: '2025-03-10' });
    assert.deepEqual(confirmation.body.window, { opensOn: '2025-03-10', lastDay: '2025-03-16', anchor: 'specimen', testId: confirmation.body.id });
    return { patient, prescriptionId: prescriptionId as string };
  }

  test('T-01 day 7 allowed: authorization and dispense on 2025-03-16, doNotDispenseAfter = 2025-03-16', async () => {
    const { patient, prescriptionId } = await qualifiedOn20250310();

    const authorization = await requestAuthorization(api, patient, prescriptionId, '2025-03-16');
    assertStatus(authorization, 201);
    assert.equal(authorization.body.authorization.doNotDispenseAfter, '2025-03-16');
    assert.equal(authorization.body.authorization.ruleSet, 'REMS-2021');
    assert.equal((await statusOn(api, patient, '2025-03-16')).state, 'AUTHORIZED');

    const dispensed = await dispense(api, patient, authorization.body.id, '2025-03-16');
    assertStatus(dispensed, 201);
    const status = await statusOn(api, patient, '2025-03-16');
    assert.equal(status.state, 'ON_TREATMENT');
    assert.equal(status.dispenseCount, 1);
  });

  test('D-5 the window closes at the end of day 7 in New York, not in UTC', async () => {
    const { patient, prescriptionId } = await qualifiedOn20250310();
    const clock = api.services.now;
    try {
      // 2025-03-17 03:30 UTC is still 2025-03-16 (day 7) 23:30 in New York.
      api.services.now = () => new Date('2025-03-17T03:30:00Z');
      const lateEvening = await api.as('pharmacist').post('/authorizations', { ...lookupOf(patient), prescriptionId });
      assertStatus(lateEvening, 201);
      assert.equal(lateEvening.body.authorization.requestedOn, '2025-03-16');
      assertStatus(
        await api.as('pharmacist').post(`/authorizations/${lateEvening.body.id}/reversal`, { ...lookupOf(patient), reason: 'Test of the clock' }),
        201,
      );
      // Half past midnight in New York is day 8.
      api.services.now = () => new Date('2025-03-17T04:30:00Z');
      assertRefused(await api.as('pharmacist').post('/authorizations', { ...lookupOf(patient), prescriptionId }), 'WINDOW_CLOSED');
    } finally {
      api.services.now = clock;
    }
  });

  test('T-02 day 8 refused: WINDOW_CLOSED with no earliestChangeDate (a new test is required)', async () => {
    const { patient, prescriptionId } = await qualifiedOn20250310();

    const refused = await requestAuthorization(api, patient, prescriptionId, '2025-03-17');
    const reasons = assertRefused(refused, 'WINDOW_CLOSED');
    const closed = reasonWithCode(reasons, 'WINDOW_CLOSED');
    assert.equal(closed.earliestChangeDate, null);
    assert.equal(closed.deadline, '2025-03-16');
    assert.match(closed.action, /new negative test/i);
    assert.equal((await factsOf(api, patient)).authorizations.length, 0, 'a refused request stores no authorization');
  });

  test('T-03 authorized on day 6, picked up day 8: DO_NOT_DISPENSE_AFTER_PASSED, authorization reversed, stock returned', async () => {
    const { patient, prescriptionId } = await qualifiedOn20250310();
    const authorization = await requestAuthorization(api, patient, prescriptionId, '2025-03-15');
    assertStatus(authorization, 201);
    assert.equal(authorization.body.authorization.doNotDispenseAfter, '2025-03-16');

    const refused = await dispense(api, patient, authorization.body.id, '2025-03-17');
    const reasons = assertRefused(refused, 'DO_NOT_DISPENSE_AFTER_PASSED');
    assert.equal(reasonWithCode(reasons, 'DO_NOT_DISPENSE_AFTER_PASSED').deadline, '2025-03-16');
    assert.deepEqual(refused.body.recorded, { reversedAuthorizationId: authorization.body.id, stockToReturn: true });

    const [stored] = (await factsOf(api, patient)).authorizations;
    assert.equal(stored.dispense, null);
    assert.equal(stored.reversal?.reversedOn, '2025-03-17');
    const status = await statusOn(api, patient, '2025-03-17');
    assert.equal(status.activeAuthorization, null);
    assert.equal(status.state, 'WINDOW_MISSED_FIRST');
    // The pharmacy cannot use it any more.
    assertRefused(await dispense(api, patient, authorization.body.id, '2025-03-17'), 'AUTHORIZATION_REVERSED');
  });

  test('T-05 test too old at the visit: TEST_OUTSIDE_WINDOW, and a new test opens a new window', async () => {
    // Month 2 (no lockout applies): specimen 2025-04-01, visit 2025-04-09.
    const patient = await pcgpOnTreatment(api, '2025-03-03');
    assertStatus(await recordPregnancyTest(api, patient, 'monthly', '2025-04-01'), 201);
    assertStatus(await confirmCounseling(api, patient, '2025-04-09'), 201);
    assertStatus(await answerComprehension(api, patient, '2025-04-09'), 201);
    assertStatus(await declareContraception(api, patient, '2025-04-09'), 201);

    const prescription = await writePrescription(api, patient, '2025-04-09');
    assertStatus(prescription, 201);
    const { fillability } = prescription.body;
    assert.equal(fillability.allowed, false);
    const outside = reasonWithCode(fillability.reasons, 'TEST_OUTSIDE_WINDOW');
    assert.equal(outside.rule, 'R-WIN-2');
    assert.match(outside.action, /new pregnancy test/i);
    assertRefused(await requestAuthorization(api, patient, prescription.body.id, '2025-04-09'), 'TEST_OUTSIDE_WINDOW');

    // The new test requested at the visit opens a new window; the same prescription can then be filled.
    const retest = await recordPregnancyTest(api, patient, 'monthly', '2025-04-09');
    assert.equal(retest.body.qualification.allowed, true, JSON.stringify(retest.body.qualification));
    assert.deepEqual(retest.body.window, { opensOn: '2025-04-09', lastDay: '2025-04-15', anchor: 'specimen', testId: retest.body.id });
    await authorizeAndDispense(api, patient, prescription.body.id, '2025-04-09');
  });

  test('T-06 missing comprehension: COMPREHENSION_PENDING', async () => {
    const patient = await enrollPatient(api, { enrolledOn: '2025-04-01' });
    const { prescriptionId } = await qualifyFirstMonth(api, patient, { confirmationOn: '2025-04-20', omit: ['comprehension'] });

    const refused = await requestAuthorization(api, patient, prescriptionId as string, '2025-04-22');
    assert.deepEqual(codes(assertRefused(refused)), ['COMPREHENSION_PENDING']);

    // Answering the questions is all it takes.
    assertStatus(await answerComprehension(api, patient, '2025-04-22'), 201);
    assertStatus(await requestAuthorization(api, patient, prescriptionId as string, '2025-04-22'), 201);
  });

  test('T-07 missing counseling: COUNSELING_PENDING under both rule sets', async () => {
    for (const confirmationOn of ['2025-05-20', '2026-09-21']) {
      const patient = await enrollPatient(api, { enrolledOn: confirmationOn.replace(/-\d\d$/, '-01') });
      const { prescriptionId } = await qualifyFirstMonth(api, patient, { confirmationOn, omit: ['counseling'] });

      const refused = await requestAuthorization(api, patient, prescriptionId as string, confirmationOn);
      assert.deepEqual(codes(assertRefused(refused)), ['COUNSELING_PENDING'], confirmationOn);
      assert.equal(reasonWithCode(refused.body.reasons, 'COUNSELING_PENDING').rule, 'R-CNS-1');
    }
  });

  test('T-08 contraception not confirmed this month: CONTRACEPTION_PENDING', async () => {
    // Month 1 declared and filled; month 2 has everything but a new contraception declaration.
    const patient = await pcgpOnTreatment(api, '2025-05-05');
    const { prescriptionId } = await qualifyMonth(api, patient, { testOn: '2025-06-02', omit: ['contraception'] });

    const refused = await requestAuthorization(api, patient, prescriptionId as string, '2025-06-02');
    assert.deepEqual(codes(assertRefused(refused)), ['CONTRACEPTION_PENDING']);

    assertStatus(await declareContraception(api, patient, '2025-06-03'), 201);
    assertStatus(await requestAuthorization(api, patient, prescriptionId as string, '2025-06-03'), 201);
  });

  test('T-10 REMS date earlier than the app date: dispense on 03-16 refused (the earlier date wins, D-4)', async () => {
    const { patient, prescriptionId } = await qualifiedOn20250310();
    const authorization = await requestAuthorization(api, patient, prescriptionId, '2025-03-12');
    assertStatus(authorization, 201);
    assert.equal(authorization.body.authorization.doNotDispenseAfter, '2025-03-16');

    const confirmed = await api.as('pharmacist').post(`/authorizations/${authorization.body.id}/rems-confirmation`, {
      ...lookupOf(patient),
      remsRmaNumber: 'REMS-0001',
      doNotDispenseAfter: '2025-03-15',
    });
    assertStatus(confirmed, 201);
    assert.equal(confirmed.body.authorization.doNotDispenseAfter, '2025-03-15');
    assert.equal((await statusOn(api, patient, '2025-03-12')).activeAuthorization.doNotDispenseAfter, '2025-03-15');

    const refused = await dispense(api, patient, authorization.body.id, '2025-03-16');
    assert.equal(reasonWithCode(assertRefused(refused, 'DO_NOT_DISPENSE_AFTER_PASSED'), 'DO_NOT_DISPENSE_AFTER_PASSED').deadline, '2025-03-15');
    assert.equal(refused.body.recorded.reversedAuthorizationId, authorization.body.id);
    // A new authorization in the same window cannot outlive the REMS date either.
    assertRefused(await requestAuthorization(api, patient, prescriptionId, '2025-03-16'), 'WINDOW_CLOSED');
  });
});
