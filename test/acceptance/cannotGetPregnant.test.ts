// domain.md §7.4 — patients who cannot get pregnant (R-CNS-2, R-WIN-3, R-WIN-4, R-CAT-1, R-CAT-2),
// through the HTTP API.
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
  enrollPatient,
  factsOf,
  pcngpVisit,
  recordPregnancyTest,
  requestAuthorization,
  statusOn,
  writePrescription,
} from '../support/journeys.js';

describe('§7.4 patients who cannot get pregnant', () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi({ program: { rems2026EffectiveDate: '2026-08-08', enforcementDiscretion: false } });
  });
  after(() => api.close());

  test('T-25 REMS-2021 PCNGP month 3 without a new counseling confirmation: COUNSELING_PENDING', async () => {
    const patient = await enrollPatient(api, { category: 'PCNGP', enrolledOn: '2025-03-03' });
    const month1 = await pcngpVisit(api, patient, '2025-03-03');
    const filled = await authorizeAndDispense(api, patient, month1, '2025-03-03');
    assert.equal(filled.doNotDispenseAfter, '2025-04-01', 'R-WIN-3: 30 days from the visit, visit = day 1');
    const month2 = await pcngpVisit(api, patient, '2025-04-01');
    await authorizeAndDispense(api, patient, month2, '2025-04-01');

    const month3 = await pcngpVisit(api, patient, '2025-04-30', { counsel: false });
    const refused = await requestAuthorization(api, patient, month3, '2025-04-30');
    assert.deepEqual(codes(assertRefused(refused)), ['COUNSELING_PENDING']);
    assert.equal(refused.body.reasons[0].rule, 'R-CNS-2');

    assertStatus(await confirmCounseling(api, patient, '2025-04-30'), 201);
    assertStatus(await requestAuthorization(api, patient, month3, '2025-04-30'), 201);
  });

  test('T-26 REMS-2026 PCNGP counseled at enrollment only: the month-3 authorization is allowed', async () => {
    const patient = await enrollPatient(api, { category: 'PCNGP', enrolledOn: '2026-09-01' });
    const month1 = await pcngpVisit(api, patient, '2026-09-01');
    await authorizeAndDispense(api, patient, month1, '2026-09-01');
    const month2 = await pcngpVisit(api, patient, '2026-10-01', { counsel: false });
    await authorizeAndDispense(api, patient, month2, '2026-10-01');

    const month3 = await pcngpVisit(api, patient, '2026-10-30', { counsel: false });
    const authorization = await requestAuthorization(api, patient, month3, '2026-10-30');
    assertStatus(authorization, 201);
    assert.equal(authorization.body.authorization.ruleSet, 'REMS-2026');
    // No 30-day window from a visit (R-WIN-4); the authorization auto-expires after 30 days.
    assert.equal(authorization.body.authorization.doNotDispenseAfter, '2026-11-28');
    const status = await statusOn(api, patient, '2026-10-30');
    assert.equal(status.state, 'AUTHORIZED');
    assert.equal(status.window, null);
  });

  test('T-28 enrolling as PCNGP with only "tubal ligation" as criterion: CATEGORY_CRITERION_INVALID', async () => {
    api.today('2025-03-10');
    const before = await api.as('prescriber').get('/patients?limit=1000');
    const refused = await api.as('prescriber').post('/patients', {
      givenName: 'Tubal',
      familyName: 'Ligation',
      birthDate: '1990-04-04',
      category: 'PCNGP',
      criterion: 'tubalLigation',
      enrolledOn: '2025-03-10',
    });
    assert.deepEqual(codes(assertRefused(refused)), ['CATEGORY_CRITERION_INVALID']);
    assert.equal(refused.body.reasons[0].rule, 'R-CAT-1');
    assert.deepEqual((await api.as('prescriber').get('/patients?limit=1000')).body, before.body, 'nobody was enrolled');

    // The same patient is enrolled as PCGP (a tubal ligation is a primary method, not a category).
    const enrolled = await api.as('prescriber').post('/patients', {
      givenName: 'Tubal',
      familyName: 'Ligation',
      birthDate: '1990-04-04',
      category: 'PCGP',
      criterion: 'tubalLigation',
      enrolledOn: '2025-03-10',
    });
    assertStatus(enrolled, 201);
  });

  test('T-29 category change PCNGP → PCGP: the next authorization waits for the whole PCGP qualification', async () => {
    const patient = await enrollPatient(api, { category: 'PCNGP', enrolledOn: '2025-03-01' });
    const month1 = await pcngpVisit(api, patient, '2025-03-01');
    await authorizeAndDispense(api, patient, month1, '2025-03-01');

    api.today('2025-03-20');
    const change = await api.as('prescriber').post(`/patients/${patient.id}/category-changes`, {
      category: 'PCGP',
      criterion: 'reproductivePotential',
      reason: 'Earlier classification was wrong: patient has a uterus and ovaries',
      effectiveOn: '2025-03-20',
    });
    assertStatus(change, 201);
    const changed = await statusOn(api, patient, '2025-03-20');
    assert.equal(changed.category, 'PCGP');

    // The usual month-2 visit is no longer enough.
    const month2 = await pcngpVisit(api, patient, '2025-03-31');
    const refused = await requestAuthorization(api, patient, month2, '2025-03-31');
    const refusedCodes = codes(assertRefused(refused, 'SCREENING_TEST_PENDING', 'CONTRACEPTION_PENDING', 'CONFIRMATION_TEST_PENDING', 'COMPREHENSION_PENDING'));
    assert.ok(refusedCodes.includes('CONSENT_MISSING'), 'the birth-defects consent is needed');

    // Confirmation-style qualification: birth-defects consent, screening, two methods, then a
    // confirmation test at least 19 days after the screening.
    api.today('2025-03-31');
    assertStatus(await api.as('prescriber').post(`/patients/${patient.id}/consents`, { kind: 'birthDefects', signedOn: '2025-03-31' }), 201);
    assertStatus(await recordPregnancyTest(api, patient, 'screening', '2025-03-31'), 201);
    assertStatus(await declareContraception(api, patient, '2025-03-31', { startedOn: '2025-02-15' }), 201);
    const tooEarly = await recordPregnancyTest(api, patient, 'monthly', '2025-04-10');
    assert.deepEqual(codes(tooEarly.body.qualification.reasons), ['CONFIRMATION_TOO_EARLY'], 'a month-style test does not do');
    assertRefused(await requestAuthorization(api, patient, month2, '2025-04-10'), 'CONFIRMATION_TEST_PENDING');

    const confirmation = await recordPregnancyTest(api, patient, 'confirmation', '2025-04-19');
    assert.equal(confirmation.body.qualification.allowed, true, JSON.stringify(confirmation.body.qualification));
    assertStatus(await confirmCounseling(api, patient, '2025-04-19'), 201);
    assertStatus(await answerComprehension(api, patient, '2025-04-19'), 201);
    const month2Again = await writePrescription(api, patient, '2025-04-19');
    assert.equal(month2Again.body.fillability.allowed, true, JSON.stringify(month2Again.body.fillability));
    const filled = await authorizeAndDispense(api, patient, month2Again.body.id, '2025-04-19');
    assert.equal(filled.doNotDispenseAfter, '2025-04-25', 'now a 7-day PCGP window');
    assert.equal((await factsOf(api, patient)).categoryAssignments.length, 2);
  });
});
