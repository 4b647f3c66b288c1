import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addDays, type IsoDate } from './dates.js';
import type { PregnancyTest } from './facts.js';
import { pregnancyTestInputProblems, qualifyPregnancyTest, type QualificationContext } from './pregnancyTests.js';
import { CONFIG, aHomeTest, aPregnancyTest, codes, configWith, reasonWithCode } from '../../test/support/patientFacts.js';

const NO_DISCRETION = configWith({ enforcementDiscretion: false });

/** Before the first dose: screened 30 days and contracepting 60 days before `specimenDate`, no missed window. */
function firstDoseContext(specimenDate: IsoDate, overrides: Partial<QualificationContext> = {}): QualificationContext {
  return {
    preTreatment: true,
    screening: aPregnancyTest('screening', addDays(specimenDate, -30)),
    contraceptionStartedOn: addDays(specimenDate, -60),
    missedFirstWindowAnchor: null,
    homeTestingOptIn: null,
    ...overrides,
  };
}

/** During treatment (month 2 onwards). */
function monthlyContext(overrides: Partial<QualificationContext> = {}): QualificationContext {
  return {
    preTreatment: false,
    screening: null,
    contraceptionStartedOn: null,
    missedFirstWindowAnchor: null,
    homeTestingOptIn: null,
    ...overrides,
  };
}

const optedIn = (optedInOn: IsoDate) => ({ optedInOn, procedure: 'Photo with the patient identifier' });

describe('confirmation test timing (R-PT-2, R-CON-5)', () => {
  const screening = aPregnancyTest('screening', '2025-01-01');

  test('T-11 R-PT-2: confirmation 18 days after screening → CONFIRMATION_TOO_EARLY, earliestChangeDate 2025-01-20', () => {
    const test18 = aPregnancyTest('confirmation', '2025-01-19');
    const decision = qualifyPregnancyTest(test18, firstDoseContext('2025-01-19', { screening }), CONFIG);
    assert.equal(decision.allowed, false);
    assert.deepEqual(codes(decision.reasons), ['CONFIRMATION_TOO_EARLY']);
    assert.equal(reasonWithCode(decision.reasons, 'CONFIRMATION_TOO_EARLY').earliestChangeDate, '2025-01-20');
  });

  test('T-12 R-PT-2: confirmation 19 days after screening → accepted', () => {
    const test19 = aPregnancyTest('confirmation', '2025-01-20');
    const decision = qualifyPregnancyTest(test19, firstDoseContext('2025-01-20', { screening }), CONFIG);
    assert.equal(decision.allowed, true);
    assert.deepEqual(decision.reasons, []);
  });

  test('R-PT-2 under REMS-2026 too: 18 days refused, 19 accepted', () => {
    const screening2026 = aPregnancyTest('screening', '2026-09-01');
    const early = qualifyPregnancyTest(aPregnancyTest('confirmation', '2026-09-19'), firstDoseContext('2026-09-19', { screening: screening2026 }), CONFIG);
    assert.deepEqual(codes(early.reasons), ['CONFIRMATION_TOO_EARLY']);
    const onTime = qualifyPregnancyTest(aPregnancyTest('confirmation', '2026-09-20'), firstDoseContext('2026-09-20', { screening: screening2026 }), CONFIG);
    assert.equal(onTime.allowed, true);
  });

  test('R-ENR-3: no screening test → SCREENING_TEST_PENDING', () => {
    const decision = qualifyPregnancyTest(aPregnancyTest('confirmation', '2025-01-20'), firstDoseContext('2025-01-20', { screening: null }), CONFIG);
    assert.deepEqual(codes(decision.reasons), ['SCREENING_TEST_PENDING']);
  });

  test('R-CON-5: contraception started 30 days before the specimen is enough', () => {
    const decision = qualifyPregnancyTest(
      aPregnancyTest('confirmation', '2025-03-10'),
      firstDoseContext('2025-03-10', { contraceptionStartedOn: '2025-02-08' }),
      CONFIG,
    );
    assert.equal(decision.allowed, true);
  });

  test('R-CON-5: contraception started 29 days before → CONTRACEPTION_TOO_RECENT, earliestChangeDate = start + 30', () => {
    const decision = qualifyPregnancyTest(
      aPregnancyTest('confirmation', '2025-03-10'),
      firstDoseContext('2025-03-10', { contraceptionStartedOn: '2025-02-09' }),
      CONFIG,
    );
    assert.deepEqual(codes(decision.reasons), ['CONTRACEPTION_TOO_RECENT']);
    assert.equal(reasonWithCode(decision.reasons, 'CONTRACEPTION_TOO_RECENT').earliestChangeDate, '2025-03-11');
  });

  test('R-CON-5: no contraception recorded → CONTRACEPTION_PENDING', () => {
    const decision = qualifyPregnancyTest(
      aPregnancyTest('confirmation', '2025-03-10'),
      firstDoseContext('2025-03-10', { contraceptionStartedOn: null }),
      CONFIG,
    );
    assert.deepEqual(codes(decision.reasons), ['CONTRACEPTION_PENDING']);
  });
});

describe('setting, laboratory and result (R-PT-1..R-PT-3, R-PT-8)', () => {
  for (const specimenDate of ['2025-03-10', '2026-09-10']) {
    test(`T-14 R-PT-8 (${specimenDate}): a confirmation test at home → PRETREATMENT_TEST_MUST_BE_MEDICAL_SETTING, even with opt-in`, () => {
      const decision = qualifyPregnancyTest(
        aHomeTest(specimenDate, { kind: 'confirmation' }),
        firstDoseContext(specimenDate, { homeTestingOptIn: optedIn('2025-01-01') }),
        CONFIG,
      );
      assert.equal(decision.allowed, false);
      assert.ok(codes(decision.reasons).includes('PRETREATMENT_TEST_MUST_BE_MEDICAL_SETTING'));
    });
  }

  test('T-15 R-PT-2: REMS-2021 without enforcement discretion, a clinic test without CLIA → CLIA_REQUIRED', () => {
    const clinic = aPregnancyTest('confirmation', '2025-03-10', { setting: 'clinic', clia: false });
    const decision = qualifyPregnancyTest(clinic, firstDoseContext('2025-03-10'), NO_DISCRETION);
    assert.deepEqual(codes(decision.reasons), ['CLIA_REQUIRED']);
  });

  test('T-15 R-PT-2: with enforcement discretion the same test is accepted with FDA_ENFORCEMENT_DISCRETION', () => {
    const clinic = aPregnancyTest('confirmation', '2025-03-10', { setting: 'clinic', clia: false });
    const decision = qualifyPregnancyTest(clinic, firstDoseContext('2025-03-10'), CONFIG);
    assert.equal(decision.allowed, true);
    assert.deepEqual(codes(decision.warnings), ['FDA_ENFORCEMENT_DISCRETION']);
  });

  test('§2.12: under REMS-2026 a non-CLIA clinic test is accepted without any warning', () => {
    const clinic = aPregnancyTest('confirmation', '2026-09-10', { setting: 'clinic', clia: false });
    const decision = qualifyPregnancyTest(clinic, firstDoseContext('2026-09-10'), NO_DISCRETION);
    assert.equal(decision.allowed, true);
    assert.deepEqual(decision.warnings, []);
  });

  test('§2.3: sensitivity 25 mIU/mL is enough, 26 → TEST_SENSITIVITY_TOO_LOW', () => {
    const ok = qualifyPregnancyTest(aPregnancyTest('monthly', '2025-05-10', { sensitivityMiuPerMl: 25 }), monthlyContext(), CONFIG);
    assert.equal(ok.allowed, true);
    const weak = qualifyPregnancyTest(aPregnancyTest('monthly', '2025-05-10', { sensitivityMiuPerMl: 26 }), monthlyContext(), CONFIG);
    assert.deepEqual(codes(weak.reasons), ['TEST_SENSITIVITY_TOO_LOW']);
  });

  test('R-PREG-1: a positive test never opens a window → TEST_POSITIVE; an invalid one → TEST_RESULT_INVALID', () => {
    assert.deepEqual(codes(qualifyPregnancyTest(aPregnancyTest('monthly', '2025-05-10', { result: 'positive' }), monthlyContext(), CONFIG).reasons), [
      'TEST_POSITIVE',
    ]);
    assert.deepEqual(codes(qualifyPregnancyTest(aPregnancyTest('monthly', '2025-05-10', { result: 'invalid' }), monthlyContext(), CONFIG).reasons), [
      'TEST_RESULT_INVALID',
    ]);
  });

  test('R-PT-1: screening, end-of-treatment and post-treatment tests do not open a window → NOT_A_QUALIFYING_TEST', () => {
    for (const kind of ['screening', 'endOfTreatment', 'postTreatment'] as const) {
      const decision = qualifyPregnancyTest(aPregnancyTest(kind, '2025-05-10'), monthlyContext(), CONFIG);
      assert.deepEqual(codes(decision.reasons), ['NOT_A_QUALIFYING_TEST'], kind);
    }
  });
});

describe('home tests after the first dose (R-PT-3, R-PT-7)', () => {
  test('T-21 R-PT-7: REMS-2026, opted in, photo evidence attested → accepted', () => {
    const decision = qualifyPregnancyTest(aHomeTest('2026-10-05'), monthlyContext({ homeTestingOptIn: optedIn('2026-09-01') }), CONFIG);
    assert.equal(decision.allowed, true);
    assert.deepEqual(decision.warnings, []);
  });

  test('T-22 R-PT-7: REMS-2026 without opt-in → HOME_TEST_NOT_PERMITTED', () => {
    const decision = qualifyPregnancyTest(aHomeTest('2026-10-05'), monthlyContext(), CONFIG);
    assert.deepEqual(codes(decision.reasons), ['HOME_TEST_NOT_PERMITTED']);
  });

  test('R-PT-7: an opt-in recorded the day after the specimen does not count; on the specimen day it does', () => {
    const late = qualifyPregnancyTest(aHomeTest('2026-10-05'), monthlyContext({ homeTestingOptIn: optedIn('2026-10-06') }), CONFIG);
    assert.deepEqual(codes(late.reasons), ['HOME_TEST_NOT_PERMITTED']);
    const sameDay = qualifyPregnancyTest(aHomeTest('2026-10-05'), monthlyContext({ homeTestingOptIn: optedIn('2026-10-05') }), CONFIG);
    assert.equal(sameDay.allowed, true);
  });

  test('R-PT-7: evidence the prescriber has not attested → HOME_TEST_NOT_ATTESTED; no evidence → HOME_TEST_EVIDENCE_MISSING', () => {
    const context = monthlyContext({ homeTestingOptIn: optedIn('2026-09-01') });
    assert.deepEqual(codes(qualifyPregnancyTest(aHomeTest('2026-10-05', { attested: false }), context, CONFIG).reasons), ['HOME_TEST_NOT_ATTESTED']);
    assert.deepEqual(codes(qualifyPregnancyTest(aHomeTest('2026-10-05', { evidence: false }), context, CONFIG).reasons), ['HOME_TEST_EVIDENCE_MISSING']);
  });

  test('T-23 R-PT-3: REMS-2021 home test without enforcement discretion → HOME_TEST_NOT_PERMITTED', () => {
    const decision = qualifyPregnancyTest(aHomeTest('2025-05-10'), monthlyContext(), NO_DISCRETION);
    assert.deepEqual(codes(decision.reasons), ['HOME_TEST_NOT_PERMITTED']);
  });

  test('T-23 R-PT-3: REMS-2021 home test with enforcement discretion → accepted with FDA_ENFORCEMENT_DISCRETION', () => {
    const decision = qualifyPregnancyTest(aHomeTest('2025-05-10'), monthlyContext(), CONFIG);
    assert.equal(decision.allowed, true);
    assert.deepEqual(codes(decision.warnings), ['FDA_ENFORCEMENT_DISCRETION']);
  });

  test('§0.3: the home-test rules switch with the specimen date (2026-08-07 REMS-2021, 2026-08-08 REMS-2026)', () => {
    const context = monthlyContext();
    assert.deepEqual(codes(qualifyPregnancyTest(aHomeTest('2026-08-07'), context, NO_DISCRETION).reasons), ['HOME_TEST_NOT_PERMITTED']);
    assert.equal(reasonWithCode(qualifyPregnancyTest(aHomeTest('2026-08-07'), context, NO_DISCRETION).reasons, 'HOME_TEST_NOT_PERMITTED').rule, 'R-PT-3');
    assert.equal(reasonWithCode(qualifyPregnancyTest(aHomeTest('2026-08-08'), context, NO_DISCRETION).reasons, 'HOME_TEST_NOT_PERMITTED').rule, 'R-PT-7');
    assert.equal(qualifyPregnancyTest(aHomeTest('2026-08-08'), monthlyContext({ homeTestingOptIn: optedIn('2026-08-01') }), NO_DISCRETION).allowed, true);
  });

  test('property R-PT-8: no home test ever opens a window before the first dose, whatever the date, opt-in or discretion', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 900 }),
        fc.constantFrom('confirmation', 'monthly', 'unscheduled'),
        fc.boolean(),
        fc.boolean(),
        (offset, kind, withOptIn, discretion) => {
          const specimenDate = addDays('2025-06-01', offset);
          const decision = qualifyPregnancyTest(
            aHomeTest(specimenDate, { kind }),
            firstDoseContext(specimenDate, { homeTestingOptIn: withOptIn ? optedIn('2025-01-01') : null }),
            configWith({ enforcementDiscretion: discretion }),
          );
          assert.equal(decision.allowed, false);
          assert.ok(codes(decision.reasons).includes('PRETREATMENT_TEST_MUST_BE_MEDICAL_SETTING'));
        },
      ),
    );
  });
});

describe('REMS-2021 first-window lockout (R-MISS-2, R-MISS-3, R-MISS-5)', () => {
  const anchor = '2025-03-10';

  test("R-MISS-2: a new test on day 18 after the missed window's specimen → FIRST_WINDOW_LOCKOUT, earliestChangeDate day 19", () => {
    const decision = qualifyPregnancyTest(
      aPregnancyTest('confirmation', '2025-03-28'),
      firstDoseContext('2025-03-28', { missedFirstWindowAnchor: anchor }),
      CONFIG,
    );
    assert.deepEqual(codes(decision.reasons), ['FIRST_WINDOW_LOCKOUT']);
    assert.equal(reasonWithCode(decision.reasons, 'FIRST_WINDOW_LOCKOUT').earliestChangeDate, '2025-03-29');
  });

  test("R-MISS-2: a new test on day 19 after the missed window's specimen → accepted", () => {
    const decision = qualifyPregnancyTest(
      aPregnancyTest('confirmation', '2025-03-29'),
      firstDoseContext('2025-03-29', { missedFirstWindowAnchor: anchor }),
      CONFIG,
    );
    assert.equal(decision.allowed, true);
  });

  test('R-MISS-3: under REMS-2026 a repeat the day after the missed window is accepted (no lockout)', () => {
    const decision = qualifyPregnancyTest(
      aPregnancyTest('confirmation', '2026-09-08'),
      firstDoseContext('2026-09-08', { missedFirstWindowAnchor: '2026-09-01' }),
      CONFIG,
    );
    assert.equal(decision.allowed, true);
  });

  test("R-MISS-5: lockout straddling the effective date — the new test's specimen date picks the rule set", () => {
    // Missed first window opened 2026-07-25 (REMS-2021); the 19-day lockout would run to 2026-08-13.
    const missed = '2026-07-25';
    const dayBefore = qualifyPregnancyTest(
      aPregnancyTest('confirmation', '2026-08-07'),
      firstDoseContext('2026-08-07', { missedFirstWindowAnchor: missed }),
      CONFIG,
    );
    assert.deepEqual(codes(dayBefore.reasons), ['FIRST_WINDOW_LOCKOUT']);
    const effectiveDay = qualifyPregnancyTest(
      aPregnancyTest('confirmation', '2026-08-08'),
      firstDoseContext('2026-08-08', { missedFirstWindowAnchor: missed }),
      CONFIG,
    );
    assert.equal(effectiveDay.allowed, true);
  });

  test('R-MISS-5: the lockout straddling the effective date can end on the effective date, not anchor + 19', () => {
    const decision = qualifyPregnancyTest(
      aPregnancyTest('confirmation', '2026-08-07'),
      firstDoseContext('2026-08-07', { missedFirstWindowAnchor: '2026-07-25' }),
      CONFIG,
    );
    // A test collected on 2026-08-08 is judged under REMS-2026 (no lockout), so that is the earliest change.
    assert.equal(reasonWithCode(decision.reasons, 'FIRST_WINDOW_LOCKOUT').earliestChangeDate, '2026-08-08');
  });
});

describe('impossible test input (R-PT-6)', () => {
  const today = '2025-03-10';
  const problemCodes = (test: PregnancyTest, earlier: PregnancyTest[] = []) =>
    pregnancyTestInputProblems(test, today, earlier).map((problem) => `${problem.field}:${problem.code}`);

  test('R-PT-6: a specimen dated today is fine; tomorrow → specimenDate DATE_IN_FUTURE', () => {
    assert.deepEqual(problemCodes(aPregnancyTest('monthly', '2025-03-10')), []);
    assert.deepEqual(problemCodes(aPregnancyTest('monthly', '2025-03-11', { resultDate: '2025-03-11' })), [
      'specimenDate:DATE_IN_FUTURE',
      'resultDate:DATE_IN_FUTURE',
    ]);
  });

  test('R-PT-6: a result dated after today → resultDate DATE_IN_FUTURE', () => {
    assert.deepEqual(problemCodes(aPregnancyTest('monthly', '2025-03-09', { resultDate: '2025-03-11' })), ['resultDate:DATE_IN_FUTURE']);
  });

  test('R-PT-6: a result dated before its specimen → RESULT_BEFORE_SPECIMEN', () => {
    assert.deepEqual(problemCodes(aPregnancyTest('monthly', '2025-03-09', { resultDate: '2025-03-08' })), ['resultDate:RESULT_BEFORE_SPECIMEN']);
  });

  test('R-PT-6: a confirmation collected the day before the screening → CONFIRMATION_BEFORE_SCREENING; the same day is not', () => {
    const screening = aPregnancyTest('screening', '2025-02-10');
    assert.deepEqual(problemCodes(aPregnancyTest('confirmation', '2025-02-09'), [screening]), ['specimenDate:CONFIRMATION_BEFORE_SCREENING']);
    assert.deepEqual(problemCodes(aPregnancyTest('confirmation', '2025-02-10'), [screening]), []);
  });

  test('R-PT-7: a home test without evidence is refused as input (homeEvidence REQUIRED)', () => {
    assert.deepEqual(problemCodes(aHomeTest('2025-03-09', { evidence: false })), ['homeEvidence:REQUIRED']);
    assert.deepEqual(problemCodes(aHomeTest('2025-03-09')), []);
  });
});

describe('rule-set switch for the laboratory rule (§0.3, R-PT-2)', () => {
  test('§0.3 R-PT-2: without enforcement discretion a non-CLIA clinic confirmation is refused on 2026-08-07, accepted on 2026-08-08', () => {
    const config = configWith({ enforcementDiscretion: false });
    const before = aPregnancyTest('confirmation', '2026-08-07', { setting: 'clinic', clia: false });
    assert.deepEqual(codes(qualifyPregnancyTest(before, firstDoseContext('2026-08-07'), config).reasons), ['CLIA_REQUIRED']);
    const on = aPregnancyTest('confirmation', '2026-08-08', { setting: 'clinic', clia: false });
    assert.equal(qualifyPregnancyTest(on, firstDoseContext('2026-08-08'), config).allowed, true);
  });
});
