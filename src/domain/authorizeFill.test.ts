import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { authorizeFill, type FillDecision, type FillRequest } from './authorizeFill.js';
import { addDays, type IsoDate } from './dates.js';
import type { Reason } from './decision.js';
import type { PatientFacts } from './facts.js';
import type { ProgramConfig } from './ruleSets.js';
import { CONFIG, codes, givenPatient, pcgpReadyForFirstFill, reasonWithCode } from '../../test/support/patientFacts.js';

function requestFill(
  facts: PatientFacts,
  prescriptionId: string,
  requestedOn: IsoDate,
  options: { pharmacyCertified?: boolean; config?: ProgramConfig } = {},
): FillDecision {
  const request: FillRequest = { prescriptionId, requestedOn, pharmacyCertified: options.pharmacyCertified ?? true };
  return authorizeFill(facts, request, options.config ?? CONFIG);
}

function refusalReasons(decision: FillDecision): Reason[] {
  assert.equal(decision.kind, 'refused', `expected a refusal, got ${decision.kind}`);
  return decision.decision.reasons;
}

function refusalCodes(decision: FillDecision): string[] {
  return codes(refusalReasons(decision));
}

function authorizedUntil(decision: FillDecision): IsoDate {
  if (decision.kind !== 'authorized') {
    assert.fail(`expected an authorization, got ${decision.kind}` + (decision.kind === 'refused' ? `: ${codes(decision.decision.reasons).join(', ')}` : ''));
  }
  return decision.doNotDispenseAfter;
}

describe('PCGP prescription window (R-WIN-1, R-WIN-2)', () => {
  const facts = pcgpReadyForFirstFill('2025-03-10').facts();

  test('T-01 R-WIN-1: authorization on day 7 of the window (2025-03-16) is allowed, doNotDispenseAfter 2025-03-16', () => {
    const decision = requestFill(facts, 'rx-1', '2025-03-16');
    assert.equal(authorizedUntil(decision), '2025-03-16');
    assert.equal(decision.kind === 'authorized' && decision.ruleSet, 'REMS-2021');
  });

  test('R-WIN-1: authorization on day 1 (the specimen date) is allowed, doNotDispenseAfter still day 7', () => {
    assert.equal(authorizedUntil(requestFill(facts, 'rx-1', '2025-03-10')), '2025-03-16');
  });

  test('T-02 R-WIN-1: authorization on day 8 (2025-03-17) → WINDOW_CLOSED with no earliestChangeDate', () => {
    const reasons = refusalReasons(requestFill(facts, 'rx-1', '2025-03-17'));
    assert.deepEqual(codes(reasons), ['WINDOW_CLOSED']);
    const closed = reasonWithCode(reasons, 'WINDOW_CLOSED');
    assert.equal(closed.earliestChangeDate, null);
    assert.equal(closed.deadline, '2025-03-16');
    assert.equal(closed.rule, 'R-WIN-1');
  });

  test('T-05 R-WIN-2: a monthly specimen of 04-01 used at the visit of 04-09 → TEST_OUTSIDE_WINDOW; a new test opens a window', () => {
    const month2 = pcgpReadyForFirstFill('2025-03-05')
      .filled('rx-1', '2025-03-05')
      .monthlyTest('2025-04-01')
      .monthlyVisit('2025-04-09', { prescription: 'rx-2' });
    assert.ok(refusalCodes(requestFill(month2.facts(), 'rx-2', '2025-04-09')).includes('TEST_OUTSIDE_WINDOW'));
    const withNewTest = month2.monthlyTest('2025-04-09').facts();
    assert.equal(authorizedUntil(requestFill(withNewTest, 'rx-2', '2025-04-09')), '2025-04-15');
  });

  test("R-WIN-2: a specimen 6 days before the visit is still usable on the visit day (its window's last day)", () => {
    const facts2 = pcgpReadyForFirstFill('2025-03-05')
      .filled('rx-1', '2025-03-05')
      .monthlyTest('2025-04-03')
      .monthlyVisit('2025-04-09', { prescription: 'rx-2' })
      .facts();
    assert.equal(authorizedUntil(requestFill(facts2, 'rx-2', '2025-04-09')), '2025-04-09');
  });

  test('T-06 R-CMP-1: everything but the comprehension questions → COMPREHENSION_PENDING', () => {
    const noComprehension = givenPatient({ category: 'PCGP', enrolledOn: '2025-02-08' })
      .screeningTest('2025-02-08')
      .contraception({ declaredOn: '2025-02-08', startedOn: '2025-01-01' })
      .confirmationTest('2025-03-10')
      .monthlyVisit('2025-03-10', { prescription: 'rx-1', comprehension: false })
      .facts();
    assert.deepEqual(refusalCodes(requestFill(noComprehension, 'rx-1', '2025-03-12')), ['COMPREHENSION_PENDING']);
  });

  test('R-CMP-1: a failed comprehension check does not count', () => {
    const failed = givenPatient({ category: 'PCGP', enrolledOn: '2025-02-08' })
      .screeningTest('2025-02-08')
      .contraception({ declaredOn: '2025-02-08', startedOn: '2025-01-01' })
      .confirmationTest('2025-03-10')
      .monthlyVisit('2025-03-10', { prescription: 'rx-1', comprehension: false })
      .comprehension('2025-03-10', false)
      .facts();
    assert.deepEqual(refusalCodes(requestFill(failed, 'rx-1', '2025-03-12')), ['COMPREHENSION_PENDING']);
  });

  for (const confirmationOn of ['2025-03-10', '2026-09-10']) {
    test(`T-07 R-CNS-1 (${confirmationOn}): no monthly counseling confirmation → COUNSELING_PENDING`, () => {
      const noCounseling = givenPatient({ category: 'PCGP', enrolledOn: addDays(confirmationOn, -30) })
        .screeningTest(addDays(confirmationOn, -30))
        .contraception({ declaredOn: addDays(confirmationOn, -30), startedOn: addDays(confirmationOn, -60) })
        .confirmationTest(confirmationOn)
        .monthlyVisit(confirmationOn, { prescription: 'rx-1', counseling: false })
        .facts();
      assert.deepEqual(refusalCodes(requestFill(noCounseling, 'rx-1', addDays(confirmationOn, 2))), ['COUNSELING_PENDING']);
    });
  }

  test('T-08 R-CON-1: contraception not confirmed this month (month 2) → CONTRACEPTION_PENDING', () => {
    const month2 = pcgpReadyForFirstFill('2025-03-05')
      .filled('rx-1', '2025-03-05')
      .monthlyTest('2025-04-02')
      .monthlyVisit('2025-04-02', { prescription: 'rx-2', contraception: false })
      .facts();
    assert.deepEqual(refusalCodes(requestFill(month2, 'rx-2', '2025-04-03')), ['CONTRACEPTION_PENDING']);
  });

  test('R-WIN-1a: month-2 items dated on the day of the last dispense do not count for month 2', () => {
    const month2 = pcgpReadyForFirstFill('2025-03-05')
      .filled('rx-1', '2025-03-05')
      .monthlyTest('2025-04-02')
      .monthlyVisit('2025-04-02', { prescription: 'rx-2', comprehension: false })
      .comprehension('2025-03-05')
      .facts();
    assert.deepEqual(refusalCodes(requestFill(month2, 'rx-2', '2025-04-03')), ['COMPREHENSION_PENDING']);
  });

  test('property R-WIN-1: a first PCGP authorization is allowed exactly when requestedOn − specimen is 0..6', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: -3, max: 12 }), (offset, day) => {
        const specimen = addDays('2025-01-01', offset);
        const facts = pcgpReadyForFirstFill(specimen).facts();
        const decision = requestFill(facts, 'rx-1', addDays(specimen, day));
        assert.equal(decision.kind === 'authorized', day >= 0 && day <= 6, `specimen ${specimen}, day ${day}`);
        if (decision.kind === 'authorized') {
          assert.equal(decision.doNotDispenseAfter, addDays(specimen, 6));
        }
      }),
      { numRuns: 150 },
    );
  });

  test('property R-WIN-1: a monthly PCGP authorization is allowed exactly when requestedOn − specimen is 0..6', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: -2, max: 10 }), (offset, day) => {
        const firstSpecimen = addDays('2025-01-01', offset);
        const monthly = addDays(firstSpecimen, 28);
        const facts = pcgpReadyForFirstFill(firstSpecimen)
          .filled('rx-1', firstSpecimen)
          .monthlyTest(monthly)
          .monthlyVisit(monthly, { prescription: 'rx-2' })
          .facts();
        const decision = requestFill(facts, 'rx-2', addDays(monthly, day));
        assert.equal(decision.kind === 'authorized', day >= 0 && day <= 6, `monthly ${monthly}, day ${day}`);
      }),
      { numRuns: 150 },
    );
  });
});

describe('first prescription and missed windows (R-PT-2, R-MISS-1..R-MISS-5)', () => {
  test('T-12 R-PT-2: confirmation 19 days after screening opens the window 01-20..01-26', () => {
    const facts = givenPatient({ category: 'PCGP', enrolledOn: '2025-01-01' })
      .screeningTest('2025-01-01')
      .contraception({ declaredOn: '2025-01-01', startedOn: '2024-12-01' })
      .confirmationTest('2025-01-20')
      .monthlyVisit('2025-01-20', { prescription: 'rx-1' })
      .facts();
    const decision = requestFill(facts, 'rx-1', '2025-01-20');
    assert.equal(authorizedUntil(decision), '2025-01-26');
    assert.deepEqual(decision.kind === 'authorized' && decision.readiness.window, {
      opensOn: '2025-01-20',
      lastDay: '2025-01-26',
      anchor: 'specimen',
      testId: facts.pregnancyTests[1]?.id,
    });
  });

  test('T-11 R-PT-2: confirmation 18 days after screening → CONFIRMATION_TOO_EARLY, earliestChangeDate 2025-01-20', () => {
    const facts = givenPatient({ category: 'PCGP', enrolledOn: '2025-01-01' })
      .screeningTest('2025-01-01')
      .contraception({ declaredOn: '2025-01-01', startedOn: '2024-12-01' })
      .confirmationTest('2025-01-19')
      .monthlyVisit('2025-01-19', { prescription: 'rx-1' })
      .facts();
    const reasons = refusalReasons(requestFill(facts, 'rx-1', '2025-01-19'));
    assert.deepEqual(codes(reasons), ['CONFIRMATION_TOO_EARLY', 'CONFIRMATION_TEST_PENDING']);
    assert.equal(reasonWithCode(reasons, 'CONFIRMATION_TOO_EARLY').earliestChangeDate, '2025-01-20');
    assert.equal(reasonWithCode(reasons, 'CONFIRMATION_TEST_PENDING').earliestChangeDate, '2025-01-20');
  });

  test('R-CON-5: CONFIRMATION_TEST_PENDING points at the later of screening + 19 and contraception start + 30', () => {
    const facts = givenPatient({ category: 'PCGP', enrolledOn: '2025-01-01' })
      .screeningTest('2025-01-01')
      .contraception({ declaredOn: '2025-01-01', startedOn: '2025-01-05' })
      .monthlyVisit('2025-01-10')
      .facts();
    const reasons = refusalReasons(requestFill({ ...facts, prescriptions: [] }, 'rx-1', '2025-01-10'));
    assert.equal(reasonWithCode(reasons, 'CONFIRMATION_TEST_PENDING').earliestChangeDate, '2025-02-04');
  });

  test('R-MISS-2: REMS-2021 missed first window, new test on day 18 → not opened (FIRST_WINDOW_LOCKOUT, earliestChangeDate day 19)', () => {
    const facts = pcgpReadyForFirstFill('2025-03-10').confirmationTest('2025-03-28').monthlyVisit('2025-03-28', { prescription: 'rx-2' }).facts();
    const decision = requestFill(facts, 'rx-2', '2025-03-28');
    const reasons = refusalReasons(decision);
    assert.ok(codes(reasons).includes('WINDOW_CLOSED'));
    assert.equal(reasonWithCode(reasons, 'FIRST_WINDOW_LOCKOUT').earliestChangeDate, '2025-03-29');
    assert.ok(decision.kind === 'refused');
    assert.equal(decision.readiness.lockoutUntil, '2025-03-29');
    const newTest = decision.readiness.testQualifications.at(-1);
    assert.equal(newTest?.test.specimenDate, '2025-03-28');
    assert.deepEqual(codes(newTest.decision.reasons), ['FIRST_WINDOW_LOCKOUT']);
    assert.equal(reasonWithCode(newTest.decision.reasons, 'FIRST_WINDOW_LOCKOUT').earliestChangeDate, '2025-03-29');
  });

  test('R-MISS-2: REMS-2021 missed first window, new test on day 19 → window opens (03-29..04-04)', () => {
    const facts = pcgpReadyForFirstFill('2025-03-10').confirmationTest('2025-03-29').monthlyVisit('2025-03-29', { prescription: 'rx-2' }).facts();
    assert.equal(authorizedUntil(requestFill(facts, 'rx-2', '2025-03-29')), '2025-04-04');
  });

  test('R-MISS-2: a test inside the lockout does not restart the lockout — day 19 from the missed window still opens', () => {
    const facts = pcgpReadyForFirstFill('2025-03-10')
      .confirmationTest('2025-03-20')
      .confirmationTest('2025-03-29')
      .monthlyVisit('2025-03-29', { prescription: 'rx-2' })
      .facts();
    assert.equal(authorizedUntil(requestFill(facts, 'rx-2', '2025-03-30')), '2025-04-04');
  });

  test('R-MISS-2: an authorization that expired unused is a missed first window too', () => {
    const facts = pcgpReadyForFirstFill('2025-03-10')
      .authorization({ prescriptionId: 'rx-1', requestedOn: '2025-03-15', doNotDispenseAfter: '2025-03-16' })
      .confirmationTest('2025-03-27')
      .monthlyVisit('2025-03-27', { prescription: 'rx-2' })
      .facts();
    const decision = requestFill(facts, 'rx-2', '2025-03-27');
    assert.ok(refusalCodes(decision).includes('FIRST_WINDOW_LOCKOUT'));
    assert.ok(decision.kind === 'refused');
    assert.equal(decision.readiness.missedFirstWindowAnchor, '2025-03-10');
    assert.deepEqual(codes(decision.readiness.testQualifications.at(-1)?.decision.reasons ?? []), ['FIRST_WINDOW_LOCKOUT']);
  });

  test('T-18 R-MISS-3: REMS-2026 missed first window (09-01), medical-setting test 09-09 → window 09-09..09-15, no lockout', () => {
    const facts = pcgpReadyForFirstFill('2026-09-01')
      .confirmationTest('2026-09-09', { setting: 'clinic', clia: false })
      .monthlyVisit('2026-09-09', { prescription: 'rx-2' })
      .facts();
    const decision = requestFill(facts, 'rx-2', '2026-09-15');
    assert.equal(authorizedUntil(decision), '2026-09-15');
    assert.equal(decision.kind === 'authorized' && decision.readiness.lockoutUntil, null);
    assert.deepEqual(refusalCodes(requestFill(facts, 'rx-2', '2026-09-16')), ['WINDOW_CLOSED']);
  });

  test('T-19 R-PT-8: REMS-2026 missed first window, home repeat → PRETREATMENT_TEST_MUST_BE_MEDICAL_SETTING, no window', () => {
    const facts = pcgpReadyForFirstFill('2026-09-01')
      .homeTestingOptIn('2026-08-20')
      .homeTest('2026-09-09', { kind: 'confirmation' })
      .monthlyVisit('2026-09-09', { prescription: 'rx-2' })
      .facts();
    const decision = requestFill(facts, 'rx-2', '2026-09-09');
    assert.ok(refusalCodes(decision).includes('PRETREATMENT_TEST_MUST_BE_MEDICAL_SETTING'));
    assert.ok(refusalCodes(decision).includes('WINDOW_CLOSED'));
    assert.ok(decision.kind === 'refused');
    const homeRepeat = decision.readiness.testQualifications.at(-1);
    assert.equal(homeRepeat?.test.setting, 'home');
    assert.deepEqual(codes(homeRepeat.decision.reasons), ['PRETREATMENT_TEST_MUST_BE_MEDICAL_SETTING']);
  });

  test('T-20 R-MISS-1: dispensed twice on REMS-2021, month-3 window lapsed, a test the next day opens a window at once', () => {
    const builder = pcgpReadyForFirstFill('2025-03-05')
      .filled('rx-1', '2025-03-05')
      .monthlyTest('2025-04-03')
      .monthlyVisit('2025-04-03', { prescription: 'rx-2' })
      .filled('rx-2', '2025-04-03')
      .monthlyTest('2025-05-01')
      .monthlyVisit('2025-05-01', { prescription: 'rx-3' });
    assert.deepEqual(refusalCodes(requestFill(builder.facts(), 'rx-3', '2025-05-08')), ['WINDOW_CLOSED']);
    const facts = builder.monthlyTest('2025-05-08').facts();
    const decision = requestFill(facts, 'rx-3', '2025-05-08');
    assert.equal(authorizedUntil(decision), '2025-05-14');
    assert.equal(decision.kind === 'authorized' && decision.readiness.lockoutUntil, null);
  });

  test('R-MISS-5: a REMS-2021 first window lapsing into REMS-2026 — test on 2026-08-07 locked out, on 2026-08-08 opens', () => {
    // The first window opened 2026-07-25 (REMS-2021) and lapsed on 07-31; anchor + 19 = 2026-08-13.
    const repeatedOn = (specimenDate: IsoDate) =>
      pcgpReadyForFirstFill('2026-07-25').confirmationTest(specimenDate).monthlyVisit(specimenDate, { prescription: 'rx-2' }).facts();

    const refused = requestFill(repeatedOn('2026-08-07'), 'rx-2', '2026-08-07');
    const lockout = reasonWithCode(refusalReasons(refused), 'FIRST_WINDOW_LOCKOUT');
    assert.equal(lockout.earliestChangeDate, '2026-08-08');

    const decision = requestFill(repeatedOn('2026-08-08'), 'rx-2', '2026-08-08');
    assert.equal(authorizedUntil(decision), '2026-08-14');
    assert.equal(decision.kind === 'authorized' && decision.ruleSet, 'REMS-2026');
  });

  test('R-MISS-5: while a straddling lockout is running, lockoutUntil shows the effective date, not anchor + 19', () => {
    const facts = pcgpReadyForFirstFill('2026-07-25').facts();
    const decision = requestFill(facts, 'rx-1', '2026-08-01');
    assert.ok(decision.kind === 'refused');
    assert.equal(decision.readiness.lockoutUntil, '2026-08-08');
  });
});

describe('patients who cannot get pregnant (R-WIN-3, R-WIN-4, R-CNS-2)', () => {
  test('R-WIN-3: REMS-2021 PCNGP window — visit + 29 allowed (doNotDispenseAfter visit + 29)', () => {
    const facts = givenPatient({ category: 'PCNGP', enrolledOn: '2025-01-10' }).monthlyVisit('2025-01-10', { prescription: 'rx-1' }).facts();
    assert.equal(authorizedUntil(requestFill(facts, 'rx-1', '2025-02-08')), '2025-02-08');
    assert.equal(authorizedUntil(requestFill(facts, 'rx-1', '2025-01-10')), '2025-02-08');
  });

  test('R-WIN-3: REMS-2021 PCNGP window — visit + 30 → WINDOW_CLOSED (R-WIN-3)', () => {
    const facts = givenPatient({ category: 'PCNGP', enrolledOn: '2025-01-10' }).monthlyVisit('2025-01-10', { prescription: 'rx-1' }).facts();
    const reasons = refusalReasons(requestFill(facts, 'rx-1', '2025-02-09'));
    assert.deepEqual(codes(reasons), ['WINDOW_CLOSED']);
    assert.equal(reasonWithCode(reasons, 'WINDOW_CLOSED').rule, 'R-WIN-3');
  });

  test('R-MISS-4: REMS-2021 PCNGP — a new counseling visit after a lapsed window opens a new one', () => {
    const facts = givenPatient({ category: 'PCNGP', enrolledOn: '2025-01-10' })
      .monthlyVisit('2025-01-10', { prescription: 'rx-1' })
      .monthlyVisit('2025-02-15', { prescription: 'rx-2' })
      .facts();
    assert.equal(authorizedUntil(requestFill(facts, 'rx-2', '2025-02-15')), '2025-03-16');
  });

  test('T-25 R-CNS-2: REMS-2021 PCNGP month 3 without a new counseling confirmation → COUNSELING_PENDING', () => {
    const facts = givenPatient({ category: 'PCNGP', enrolledOn: '2025-01-10' })
      .monthlyVisit('2025-01-10', { prescription: 'rx-1' })
      .filled('rx-1', '2025-01-10')
      .monthlyVisit('2025-02-08', { prescription: 'rx-2' })
      .filled('rx-2', '2025-02-08')
      .prescription({ id: 'rx-3', writtenOn: '2025-03-08' })
      .facts();
    assert.deepEqual(refusalCodes(requestFill(facts, 'rx-3', '2025-03-08')), ['COUNSELING_PENDING']);
  });

  test('T-26 R-CNS-2 R-WIN-4: REMS-2026 PCNGP counseled at enrollment only, month 3 → allowed', () => {
    const facts = givenPatient({ category: 'PCNGP', enrolledOn: '2026-09-01' })
      .monthlyVisit('2026-09-01', { prescription: 'rx-1' })
      .filled('rx-1', '2026-09-01', '2026-09-30')
      .prescription({ id: 'rx-2', writtenOn: '2026-10-01' })
      .filled('rx-2', '2026-10-01', '2026-10-30')
      .prescription({ id: 'rx-3', writtenOn: '2026-10-31' })
      .facts();
    const decision = requestFill(facts, 'rx-3', '2026-10-31');
    assert.equal(authorizedUntil(decision), '2026-11-29');
    assert.equal(decision.kind === 'authorized' && decision.ruleSet, 'REMS-2026');
  });

  test('R-WIN-4: REMS-2026 PCNGP has no window; doNotDispenseAfter = requestedOn + 29, even long after the visit', () => {
    const facts = givenPatient({ category: 'PCNGP', enrolledOn: '2026-09-01' })
      .counseled('2026-09-01')
      .prescription({ id: 'rx-1', writtenOn: '2026-11-20' })
      .facts();
    assert.equal(authorizedUntil(requestFill(facts, 'rx-1', '2026-12-05')), '2027-01-03');
  });

  test('R-CNS-2 R-ENR-5: REMS-2026 PCNGP never counseled → COUNSELING_PENDING', () => {
    const facts = givenPatient({ category: 'PCNGP', enrolledOn: '2026-09-01' }).prescription({ id: 'rx-1', writtenOn: '2026-09-01' }).facts();
    assert.deepEqual(refusalCodes(requestFill(facts, 'rx-1', '2026-09-02')), ['COUNSELING_PENDING']);
  });

  test('§0.3: a PCNGP counseled on 2026-08-07 is judged by the request date — 08-08 under REMS-2026 gives requestedOn + 29', () => {
    const facts = givenPatient({ category: 'PCNGP', enrolledOn: '2026-08-07' }).monthlyVisit('2026-08-07', { prescription: 'rx-1' }).facts();
    const before = requestFill(facts, 'rx-1', '2026-08-07');
    assert.equal(authorizedUntil(before), '2026-09-05');
    assert.equal(before.kind === 'authorized' && before.ruleSet, 'REMS-2021');
    const after = requestFill(facts, 'rx-1', '2026-08-08');
    assert.equal(authorizedUntil(after), '2026-09-06');
    assert.equal(after.kind === 'authorized' && after.ruleSet, 'REMS-2026');
  });

  test('T-29 R-CAT-2: PCNGP on treatment changed to PCGP → blocked until the whole PCGP qualification is complete', () => {
    const onTreatment = givenPatient({ category: 'PCNGP', enrolledOn: '2025-01-10' })
      .monthlyVisit('2025-01-10', { prescription: 'rx-1' })
      .filled('rx-1', '2025-01-10')
      .monthlyVisit('2025-02-08', { prescription: 'rx-2' })
      .filled('rx-2', '2025-02-08')
      .screeningTest('2025-03-01')
      .categoryChange({ category: 'PCGP', effectiveOn: '2025-03-05', criterion: 'reproductivePotential' })
      .monthlyVisit('2025-03-08', { prescription: 'rx-3' });
    const blocked = refusalCodes(requestFill(onTreatment.facts(), 'rx-3', '2025-03-08'));
    for (const code of ['CONSENT_MISSING', 'SCREENING_TEST_PENDING', 'CONFIRMATION_TEST_PENDING']) {
      assert.ok(blocked.includes(code), `${code} in [${blocked.join(', ')}]`);
    }

    onTreatment
      .consent('birthDefects', '2025-03-05')
      .screeningTest('2025-03-05')
      .contraception({ declaredOn: '2025-03-05', startedOn: '2025-02-20' })
      .confirmationTest('2025-03-23')
      .monthlyVisit('2025-03-23', { prescription: 'rx-4' });
    assert.deepEqual(refusalCodes(requestFill(onTreatment.facts(), 'rx-4', '2025-03-23')), ['CONFIRMATION_TOO_EARLY', 'CONFIRMATION_TEST_PENDING']);

    onTreatment.confirmationTest('2025-03-24').monthlyVisit('2025-03-24', { prescription: 'rx-5' });
    assert.equal(authorizedUntil(requestFill(onTreatment.facts(), 'rx-5', '2025-03-24')), '2025-03-30');
  });
});

describe('prescription, pharmacy and enrollment checks (R-RX-*, R-ENR-1)', () => {
  const ready = () => pcgpReadyForFirstFill('2025-03-10');

  test('T-30 R-RX-1: a 31-day prescription → DAYS_SUPPLY_OVER_30; 30 days authorized', () => {
    const facts31 = ready().prescription({ id: 'rx-31', writtenOn: '2025-03-10', daysSupply: 31 }).facts();
    assert.deepEqual(refusalCodes(requestFill(facts31, 'rx-31', '2025-03-11')), ['DAYS_SUPPLY_OVER_30']);
    const facts30 = ready().prescription({ id: 'rx-30', writtenOn: '2025-03-10', daysSupply: 30 }).facts();
    assert.equal(authorizedUntil(requestFill(facts30, 'rx-30', '2025-03-11')), '2025-03-16');
  });

  test('T-31 R-RX-2: a prescription with 1 refill → REFILLS_NOT_ALLOWED', () => {
    const facts = ready().prescription({ id: 'rx-refill', writtenOn: '2025-03-10', refills: 1 }).facts();
    assert.deepEqual(refusalCodes(requestFill(facts, 'rx-refill', '2025-03-11')), ['REFILLS_NOT_ALLOWED']);
  });

  test('T-32 R-RX-3: the same request sent twice returns the existing authorization (same RMA), before and after dispense', () => {
    const builder = ready();
    const first = requestFill(builder.facts(), 'rx-1', '2025-03-12');
    builder.authorization({ prescriptionId: 'rx-1', requestedOn: '2025-03-12', doNotDispenseAfter: authorizedUntil(first) });
    const again = requestFill(builder.facts(), 'rx-1', '2025-03-12');
    assert.equal(again.kind, 'existing');
    assert.equal(again.authorization.rmaNumber, 'RMA-auth-rx-1');
    builder.dispensed('auth-rx-1', '2025-03-13');
    const afterDispense = requestFill(builder.facts(), 'rx-1', '2025-03-14');
    assert.equal(afterDispense.kind, 'existing');
    assert.equal(afterDispense.authorization.rmaNumber, 'RMA-auth-rx-1');
  });

  test('R-RX-3: another prescription with an active authorization → ACTIVE_AUTHORIZATION_EXISTS', () => {
    const facts = ready()
      .authorization({ prescriptionId: 'rx-1', requestedOn: '2025-03-11', doNotDispenseAfter: '2025-03-16' })
      .prescription({ id: 'rx-1b', writtenOn: '2025-03-11' })
      .facts();
    assert.deepEqual(refusalCodes(requestFill(facts, 'rx-1b', '2025-03-12')), ['ACTIVE_AUTHORIZATION_EXISTS']);
  });

  test('R-RX-2: month 2 cannot reuse the month-1 prescription → PRESCRIPTION_FROM_EARLIER_MONTH', () => {
    const facts = ready()
      .authorization({ id: 'auth-first', prescriptionId: 'rx-1', requestedOn: '2025-03-10', doNotDispenseAfter: '2025-03-16' })
      .dispensed('auth-first', '2025-03-10')
      .monthlyTest('2025-04-07')
      .monthlyVisit('2025-04-07')
      .prescription({ id: 'rx-2', writtenOn: '2025-03-10' })
      .facts();
    assert.deepEqual(refusalCodes(requestFill(facts, 'rx-2', '2025-04-08')), ['PRESCRIPTION_FROM_EARLIER_MONTH', 'PRESCRIPTION_BEFORE_VISIT']);
  });

  test('R-WIN-1a: a prescription dated after the request → PRESCRIPTION_NOT_YET_VALID with its date', () => {
    const facts = ready().prescription({ id: 'rx-later', writtenOn: '2025-03-14' }).facts();
    const reasons = refusalReasons(requestFill(facts, 'rx-later', '2025-03-12'));
    assert.deepEqual(codes(reasons), ['PRESCRIPTION_NOT_YET_VALID']);
    assert.equal(reasonWithCode(reasons, 'PRESCRIPTION_NOT_YET_VALID').earliestChangeDate, '2025-03-14');
  });

  test('T-33 R-ENR-1: pharmacy not certified, alone → PHARMACY_NOT_CERTIFIED', () => {
    assert.deepEqual(refusalCodes(requestFill(ready().facts(), 'rx-1', '2025-03-12', { pharmacyCertified: false })), ['PHARMACY_NOT_CERTIFIED']);
  });

  test('T-33 R-ENR-1: prescriber not certified, alone → PRESCRIBER_NOT_CERTIFIED', () => {
    const facts = { ...ready().facts(), prescriberCertified: false };
    assert.deepEqual(refusalCodes(requestFill(facts, 'rx-1', '2025-03-12')), ['PRESCRIBER_NOT_CERTIFIED']);
  });

  test('T-33 R-ENR-1: patient not enrolled, alone → PATIENT_NOT_ENROLLED', () => {
    const facts = { ...ready().facts(), categoryAssignments: [] };
    assert.deepEqual(refusalCodes(requestFill(facts, 'rx-1', '2025-03-12')), ['PATIENT_NOT_ENROLLED']);
  });

  test('R-ENR-4: missing birth-defects consent for PCGP → CONSENT_MISSING', () => {
    const facts = ready().facts();
    const withoutBirthDefects = { ...facts, consents: facts.consents.filter((consent) => consent.kind !== 'birthDefects') };
    assert.deepEqual(refusalCodes(requestFill(withoutBirthDefects, 'rx-1', '2025-03-12')), ['CONSENT_MISSING']);
  });

  test('R-ENR-2: a patient who turns 12 on the request day can be authorized; the day before cannot', () => {
    const builder = pcgpReadyForFirstFill('2025-03-10');
    const facts = { ...builder.facts(), birthDate: '2013-03-12' };
    facts.consents.push({ kind: 'guardian', signedOn: '2025-02-08' });
    assert.deepEqual(refusalCodes(requestFill(facts, 'rx-1', '2025-03-11')), ['AGE_BELOW_INDICATION']);
    assert.equal(authorizedUntil(requestFill(facts, 'rx-1', '2025-03-12')), '2025-03-16');
  });

  test('R-ENR-4: a minor without a guardian consent → CONSENT_MISSING', () => {
    const facts = { ...pcgpReadyForFirstFill('2025-03-10').facts(), birthDate: '2010-01-01' };
    assert.deepEqual(refusalCodes(requestFill(facts, 'rx-1', '2025-03-12')), ['CONSENT_MISSING']);
  });
});

describe('pregnancy hold and the end of the course (R-PREG-1, R-PREG-3, R-END-1)', () => {
  test('T-37 R-PREG-1: a positive monthly test → further authorizations refused PREGNANCY_HOLD', () => {
    const facts = pcgpReadyForFirstFill('2025-03-05')
      .filled('rx-1', '2025-03-05')
      .monthlyTest('2025-04-02', { result: 'positive' })
      .monthlyVisit('2025-04-02', { prescription: 'rx-2' })
      .facts();
    assert.ok(refusalCodes(requestFill(facts, 'rx-2', '2025-04-02')).includes('PREGNANCY_HOLD'));
  });

  test('R-PREG-1: a reported pregnancy blocks even with a valid window', () => {
    const facts = pcgpReadyForFirstFill('2025-03-10').pregnancyReported('2025-03-12').facts();
    assert.deepEqual(refusalCodes(requestFill(facts, 'rx-1', '2025-03-12')), ['PREGNANCY_HOLD']);
    assert.equal(authorizedUntil(requestFill(facts, 'rx-1', '2025-03-11')), '2025-03-16');
  });

  test('R-PREG-3: after the prescriber clears a false positive, a new negative test opens a window', () => {
    const facts = pcgpReadyForFirstFill('2025-03-05')
      .filled('rx-1', '2025-03-05')
      .monthlyTest('2025-04-02', { result: 'positive' })
      .pregnancyCleared('2025-04-04')
      .monthlyTest('2025-04-04')
      .monthlyVisit('2025-04-04', { prescription: 'rx-2' })
      .facts();
    assert.equal(authorizedUntil(requestFill(facts, 'rx-2', '2025-04-04')), '2025-04-10');
  });

  test('R-END-1: after the course ended, an authorization → COURSE_ENDED', () => {
    const facts = pcgpReadyForFirstFill('2025-03-05')
      .filled('rx-1', '2025-03-05')
      .courseEnded('2025-04-03')
      .monthlyTest('2025-04-03')
      .monthlyVisit('2025-04-03', { prescription: 'rx-2' })
      .facts();
    assert.deepEqual(refusalCodes(requestFill(facts, 'rx-2', '2025-04-04')), ['COURSE_ENDED']);
  });
});

describe("the REMS system's date binds the window (D-4)", () => {
  test('T-10 D-4: after the REMS date (03-15) has passed, a new request for the same prescription on 03-16 → WINDOW_CLOSED', () => {
    const facts = pcgpReadyForFirstFill('2025-03-10')
      .authorization({ prescriptionId: 'rx-1', requestedOn: '2025-03-12', doNotDispenseAfter: '2025-03-16', remsDoNotDispenseAfter: '2025-03-15' })
      .facts();
    const reasons = refusalReasons(requestFill(facts, 'rx-1', '2025-03-16'));
    assert.deepEqual(codes(reasons), ['WINDOW_CLOSED']);
    assert.equal(reasonWithCode(reasons, 'WINDOW_CLOSED').deadline, '2025-03-15');
  });

  test("D-4: a reversed authorization's REMS date still ends the window; a later REMS date never extends it", () => {
    const earlier = pcgpReadyForFirstFill('2025-03-10')
      .authorization({ prescriptionId: 'rx-1', requestedOn: '2025-03-11', doNotDispenseAfter: '2025-03-16', remsDoNotDispenseAfter: '2025-03-14' })
      .reversed('auth-rx-1', '2025-03-12', 'Wrong quantity entered')
      .facts();
    assert.equal(authorizedUntil(requestFill(earlier, 'rx-1', '2025-03-13')), '2025-03-14');
    assert.deepEqual(refusalCodes(requestFill(earlier, 'rx-1', '2025-03-15')), ['WINDOW_CLOSED']);

    const later = pcgpReadyForFirstFill('2025-03-10')
      .authorization({ prescriptionId: 'rx-1', requestedOn: '2025-03-11', doNotDispenseAfter: '2025-03-16', remsDoNotDispenseAfter: '2025-03-20' })
      .reversed('auth-rx-1', '2025-03-12', 'Wrong quantity entered')
      .facts();
    assert.equal(authorizedUntil(requestFill(later, 'rx-1', '2025-03-13')), '2025-03-16');
    assert.deepEqual(refusalCodes(requestFill(later, 'rx-1', '2025-03-17')), ['WINDOW_CLOSED']);
  });

  test("D-4: a REMS date from an earlier month's authorization does not shorten this month's window", () => {
    const facts = pcgpReadyForFirstFill('2025-03-05')
      .authorization({ prescriptionId: 'rx-1', requestedOn: '2025-03-05', doNotDispenseAfter: '2025-03-11', remsDoNotDispenseAfter: '2025-03-10' })
      .dispensed('auth-rx-1', '2025-03-05')
      .monthlyTest('2025-04-02')
      .monthlyVisit('2025-04-02', { prescription: 'rx-2' })
      .facts();
    assert.equal(authorizedUntil(requestFill(facts, 'rx-2', '2025-04-08')), '2025-04-08');
  });
});
