// domain.md §7.3 — home pregnancy tests after the first dose (R-PT-3, R-PT-7, FDA enforcement
// discretion), through the HTTP API.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApi, type TestApi } from '../support/api.js';
import {
  assertRefused,
  assertStatus,
  authorizeAndDispense,
  codes,
  HOME_TEST_EVIDENCE,
  pcgpOnTreatment,
  qualifyMonth,
  requestAuthorization,
  statusOn,
  withProgram,
  type Patient,
} from '../support/journeys.js';

describe('§7.3 home tests', () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi({ program: { rems2026EffectiveDate: '2026-08-08', enforcementDiscretion: false } });
  });
  after(() => api.close());

  async function optIn(patient: Patient, optedInOn: string): Promise<void> {
    api.today(optedInOn);
    const response = await api.as('prescriber').post(`/patients/${patient.id}/home-testing-opt-ins`, {
      optedInOn,
      procedure: 'Photo of the cassette beside the patient identifier, reviewed by the prescriber the same day',
    });
    assertStatus(response, 201, 'opt-in');
  }

  /** Month 2's test taken at home, with photo evidence the prescriber attested. */
  const homeTest = { setting: 'home', clia: false, homeEvidence: HOME_TEST_EVIDENCE } as const;

  test('T-21 REMS-2026 home monthly test with opt-in, photo evidence and attestation: accepted, opens the window', async () => {
    const patient = await pcgpOnTreatment(api, '2026-09-01');
    await optIn(patient, '2026-09-01');

    const month2 = await qualifyMonth(api, patient, { testOn: '2026-09-29', test: homeTest });
    const { qualification, window } = month2.test.body;
    assert.equal(qualification.allowed, true, JSON.stringify(qualification));
    assert.deepEqual(qualification.warnings, []);
    assert.deepEqual(window, { opensOn: '2026-09-29', lastDay: '2026-10-05', anchor: 'specimen', testId: month2.test.body.id });
    assert.equal((await statusOn(api, patient, '2026-09-29')).state, 'QUALIFIED_WINDOW_OPEN');
    const filled = await authorizeAndDispense(api, patient, month2.prescriptionId as string, '2026-09-30');
    assert.equal(filled.doNotDispenseAfter, '2026-10-05');
  });

  test('T-22 REMS-2026 home monthly test without opt-in: HOME_TEST_NOT_PERMITTED', async () => {
    const patient = await pcgpOnTreatment(api, '2026-09-01');

    const month2 = await qualifyMonth(api, patient, { testOn: '2026-09-29', test: homeTest });
    assertStatus(month2.test, 201, 'the test is kept as a fact');
    assert.equal(month2.test.body.qualification.allowed, false);
    assert.deepEqual(codes(month2.test.body.qualification.reasons), ['HOME_TEST_NOT_PERMITTED']);
    assert.equal(month2.test.body.window, null);
    assertRefused(await requestAuthorization(api, patient, month2.prescriptionId as string, '2026-09-29'), 'HOME_TEST_NOT_PERMITTED');
  });

  test('T-23 REMS-2021 home test: rejected with enforcement discretion off; accepted with warning FDA_ENFORCEMENT_DISCRETION with it on', async () => {
    const withoutDiscretion = await pcgpOnTreatment(api, '2025-09-01');
    await optIn(withoutDiscretion, '2025-09-01');
    const refused = await qualifyMonth(api, withoutDiscretion, { testOn: '2025-09-29', test: homeTest });
    assert.equal(refused.test.body.qualification.allowed, false);
    assert.deepEqual(codes(refused.test.body.qualification.reasons), ['HOME_TEST_NOT_PERMITTED']);
    assert.equal(refused.test.body.window, null);
    assertRefused(await requestAuthorization(api, withoutDiscretion, refused.prescriptionId as string, '2025-09-29'), 'HOME_TEST_NOT_PERMITTED');

    await withProgram(api, { enforcementDiscretion: true }, async () => {
      const withDiscretion = await pcgpOnTreatment(api, '2025-09-01');
      const accepted = await qualifyMonth(api, withDiscretion, { testOn: '2025-09-29', test: homeTest });
      assert.equal(accepted.test.body.qualification.allowed, true, JSON.stringify(accepted.test.body.qualification));
      assert.deepEqual(codes(accepted.test.body.qualification.warnings), ['FDA_ENFORCEMENT_DISCRETION']);
      assert.equal(accepted.test.body.window.lastDay, '2025-10-05');
      const authorization = await requestAuthorization(api, withDiscretion, accepted.prescriptionId as string, '2025-09-29');
      assertStatus(authorization, 201);
      assert.ok(codes(authorization.body.warnings).includes('FDA_ENFORCEMENT_DISCRETION'), JSON.stringify(authorization.body));
    });
  });
});
