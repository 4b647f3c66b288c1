// Pregnancy tests: what makes a recorded test impossible (R-PT-6) and what lets a negative test
// open a prescription window (R-PT-1..R-PT-8, R-MISS-2/3, R-CON-5).
import { addDays, daysBetween, earliestOf, isAfter, isBefore, type IsoDate } from './dates.js';
import { decide, reason, type Decision, type Reason } from './decision.js';
import type { HomeTestingOptIn, PregnancyTest } from './facts.js';
import { ruleSetOn, type ProgramConfig } from './ruleSets.js';

export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

type NewTest = Pick<PregnancyTest, 'kind' | 'specimenDate' | 'resultDate' | 'setting' | 'homeEvidence'>;

/**
 * Dates no real test can have. These are input errors: the request is refused and nothing is
 * stored (R-PT-6).
 */
export function pregnancyTestInputProblems(test: NewTest, today: IsoDate, earlierTests: readonly PregnancyTest[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (isAfter(test.specimenDate, today)) {
    problems.push({
      field: 'specimenDate',
      code: 'DATE_IN_FUTURE',
      message: `The specimen date ${test.specimenDate} is after today (${today}).`,
    });
  }
  if (isAfter(test.resultDate, today)) {
    problems.push({
      field: 'resultDate',
      code: 'DATE_IN_FUTURE',
      message: `The result date ${test.resultDate} is after today (${today}).`,
    });
  }
  if (isBefore(test.resultDate, test.specimenDate)) {
    problems.push({
      field: 'resultDate',
      code: 'RESULT_BEFORE_SPECIMEN',
      message: 'A result cannot be dated before its specimen was collected.',
    });
  }
  if (test.kind === 'confirmation') {
    const screenings = earlierTests.filter((earlier) => earlier.kind === 'screening');
    if (screenings.length > 0 && screenings.every((screening) => isBefore(test.specimenDate, screening.specimenDate))) {
      problems.push({
        field: 'specimenDate',
        code: 'CONFIRMATION_BEFORE_SCREENING',
        message: 'A confirmation test cannot be collected before the screening test.',
      });
    }
  }
  if (test.setting === 'home' && test.homeEvidence === null) {
    problems.push({
      field: 'homeEvidence',
      code: 'REQUIRED',
      message: 'A home test needs its evidence (how it was captured, who interpreted it, the prescriber attestation).',
    });
  }
  return problems;
}

/** What the engine knows when it asks whether a test can open a window. */
export interface QualificationContext {
  /** No dose taken yet in this qualification episode (first prescription, or after a category change or restart). */
  preTreatment: boolean;
  /** The latest negative screening test of the episode. */
  screening: PregnancyTest | null;
  /** Since when two methods (or abstinence) have been in place, per the latest valid declaration on or before the specimen. */
  contraceptionStartedOn: IsoDate | null;
  /** The specimen date of the test that opened a first window which lapsed unused (R-MISS-2). */
  missedFirstWindowAnchor: IsoDate | null;
  homeTestingOptIn: HomeTestingOptIn | null;
}

/**
 * The first specimen date that escapes the lockout after a missed first window (R-MISS-2), judged
 * from `onDate`; null when the rule set of `onDate` has no lockout (R-MISS-3). The rule set of the
 * new test's own date decides (R-MISS-5), so a lockout running past the REMS-2026 effective date
 * ends on that date.
 */
export function firstWindowLockoutEnd(missedAnchor: IsoDate, onDate: IsoDate, config: ProgramConfig): IsoDate | null {
  const { firstWindowLockoutDays } = ruleSetOn(onDate, config);
  if (firstWindowLockoutDays === null) {
    return null;
  }
  const end = addDays(missedAnchor, firstWindowLockoutDays);
  const switchDate = config.rems2026EffectiveDate;
  const noLockoutFromSwitch = isAfter(switchDate, onDate) && ruleSetOn(switchDate, config).firstWindowLockoutDays === null;
  return noLockoutFromSwitch ? earliestOf(end, switchDate) : end;
}

const WINDOW_OPENING_KINDS = new Set<PregnancyTest['kind']>(['confirmation', 'monthly', 'unscheduled']);

/**
 * Can this test open a prescription window? The rule set is the one in force on the specimen
 * date (R-MISS-5). Positive and invalid results never qualify; positives put the patient on
 * pregnancy hold elsewhere (pregnancy.ts).
 */
export function qualifyPregnancyTest(test: PregnancyTest, context: QualificationContext, config: ProgramConfig): Decision {
  const rules = ruleSetOn(test.specimenDate, config);
  const reasons: Reason[] = [];
  const warnings: Reason[] = [];

  if (!WINDOW_OPENING_KINDS.has(test.kind)) {
    reasons.push(
      reason(
        'NOT_A_QUALIFYING_TEST',
        'R-PT-1',
        `A ${test.kind} test does not open a prescription window.`,
        context.preTreatment ? 'Record the confirmation test.' : 'Record the monthly test.',
      ),
    );
    return decide(reasons);
  }
  if (test.result !== 'negative') {
    reasons.push(
      reason(
        test.result === 'positive' ? 'TEST_POSITIVE' : 'TEST_RESULT_INVALID',
        test.result === 'positive' ? 'R-PREG-1' : 'R-PT-3',
        test.result === 'positive' ? 'The test is positive.' : 'The test result is invalid.',
        test.result === 'positive' ? 'Stop isotretinoin; see the pregnancy hold steps.' : 'Repeat the test.',
      ),
    );
    return decide(reasons);
  }
  if (test.sensitivityMiuPerMl !== null && test.sensitivityMiuPerMl > rules.hcgMinSensitivityMiuPerMl) {
    reasons.push(
      reason(
        'TEST_SENSITIVITY_TOO_LOW',
        'R-PT-1',
        `The test detects hCG only from ${test.sensitivityMiuPerMl} mIU/mL; at least ${rules.hcgMinSensitivityMiuPerMl} mIU/mL sensitivity is required.`,
        `Repeat with a test sensitive to ${rules.hcgMinSensitivityMiuPerMl} mIU/mL or less.`,
      ),
    );
  }

  if (context.preTreatment) {
    const lockoutEnd = context.missedFirstWindowAnchor === null ? null : firstWindowLockoutEnd(context.missedFirstWindowAnchor, test.specimenDate, config);
    reasons.push(
      ...pretreatmentReasons(test, context, rules.screenToConfirmMinDays, rules.contraceptionMinDaysBefore, rules.firstWindowLockoutDays, lockoutEnd),
    );
  } else if (test.setting === 'home') {
    const home = homeTestDecision(test, context, rules.homeTests, rules.id === 'REMS-2021' && config.enforcementDiscretion);
    reasons.push(...home.reasons);
    warnings.push(...home.warnings);
  }

  if (test.setting !== 'home' && rules.cliaRequired && !test.clia) {
    if (config.enforcementDiscretion) {
      warnings.push(
        reason(
          'FDA_ENFORCEMENT_DISCRETION',
          'R-PT-2',
          'The test is not from a CLIA-certified laboratory; accepted only under FDA enforcement discretion.',
          'Prefer a CLIA-certified laboratory test.',
        ),
      );
    } else {
      reasons.push(
        reason(
          'CLIA_REQUIRED',
          'R-PT-2',
          `Under ${rules.id} this test must come from a CLIA-certified laboratory.`,
          'Repeat the test in a CLIA-certified laboratory.',
        ),
      );
    }
  }
  return decide(reasons, warnings);
}

function pretreatmentReasons(
  test: PregnancyTest,
  context: QualificationContext,
  screenToConfirmMinDays: number,
  contraceptionMinDaysBefore: number,
  firstWindowLockoutDays: number | null,
  lockoutEnd: IsoDate | null,
): Reason[] {
  const reasons: Reason[] = [];
  if (test.setting === 'home') {
    reasons.push(
      reason(
        'PRETREATMENT_TEST_MUST_BE_MEDICAL_SETTING',
        'R-PT-8',
        'Before the first dose every window-opening test must be done in a medical setting; this was a home test.',
        'Repeat the test in a clinic or laboratory.',
      ),
    );
  }
  if (context.screening === null) {
    reasons.push(
      reason('SCREENING_TEST_PENDING', 'R-ENR-3', 'There is no negative screening test.', 'Record a negative screening test done in a medical setting.'),
    );
  } else if (daysBetween(context.screening.specimenDate, test.specimenDate) < screenToConfirmMinDays) {
    const earliest = addDays(context.screening.specimenDate, screenToConfirmMinDays);
    reasons.push(
      reason(
        'CONFIRMATION_TOO_EARLY',
        'R-PT-2',
        `The confirmation specimen must be collected at least ${screenToConfirmMinDays} days after the screening specimen of ${context.screening.specimenDate}.`,
        `Collect the confirmation test on or after ${earliest}.`,
        { earliestChangeDate: earliest },
      ),
    );
  }
  if (context.contraceptionStartedOn === null) {
    reasons.push(
      reason(
        'CONTRACEPTION_PENDING',
        'R-CON-5',
        'No valid contraception (two methods, or an abstinence commitment) is recorded before this test.',
        'Record the two methods (or the abstinence commitment) and the date they started.',
      ),
    );
  } else if (daysBetween(context.contraceptionStartedOn, test.specimenDate) < contraceptionMinDaysBefore) {
    const earliest = addDays(context.contraceptionStartedOn, contraceptionMinDaysBefore);
    reasons.push(
      reason(
        'CONTRACEPTION_TOO_RECENT',
        'R-CON-5',
        `Two-method contraception must be in use for ${contraceptionMinDaysBefore} days before the confirmation test; it started on ${context.contraceptionStartedOn}.`,
        `Collect the confirmation test on or after ${earliest}.`,
        { earliestChangeDate: earliest },
      ),
    );
  }
  if (firstWindowLockoutDays !== null && context.missedFirstWindowAnchor !== null && lockoutEnd !== null && isBefore(test.specimenDate, lockoutEnd)) {
    reasons.push(
      reason(
        'FIRST_WINDOW_LOCKOUT',
        'R-MISS-2',
        `The first prescription was not filled in the window opened by the test of ${context.missedFirstWindowAnchor}; a new test must be collected at least ${firstWindowLockoutDays} days after it` +
          (lockoutEnd === addDays(context.missedFirstWindowAnchor, firstWindowLockoutDays)
            ? '.'
            : `, or from ${lockoutEnd}, when REMS-2026 (no lockout, R-MISS-3) takes effect.`),
        `Collect the new test on or after ${lockoutEnd}.`,
        { earliestChangeDate: lockoutEnd },
      ),
    );
  }
  return reasons;
}

function homeTestDecision(
  test: PregnancyTest,
  context: QualificationContext,
  homeTests: 'never' | 'withPrescriberOptIn',
  toleratedByEnforcementDiscretion: boolean,
): Decision {
  if (homeTests === 'never') {
    return toleratedByEnforcementDiscretion
      ? decide(
          [],
          [
            reason(
              'FDA_ENFORCEMENT_DISCRETION',
              'R-PT-3',
              'Home tests are not part of REMS-2021; accepted only under FDA enforcement discretion.',
              'Prefer a test in a medical setting.',
            ),
          ],
        )
      : decide([
          reason(
            'HOME_TEST_NOT_PERMITTED',
            'R-PT-3',
            'Home tests are not accepted under REMS-2021 without FDA enforcement discretion.',
            'Repeat the test in a medical setting.',
          ),
        ]);
  }
  const reasons: Reason[] = [];
  if (context.homeTestingOptIn === null || isAfter(context.homeTestingOptIn.optedInOn, test.specimenDate)) {
    reasons.push(
      reason(
        'HOME_TEST_NOT_PERMITTED',
        'R-PT-7',
        'The prescriber has not opted this patient in to home testing.',
        'Repeat the test in a medical setting, or the prescriber records the home-testing opt-in and its procedure first.',
      ),
    );
  }
  if (test.homeEvidence !== null && !test.homeEvidence.prescriberAttested) {
    reasons.push(
      reason(
        'HOME_TEST_NOT_ATTESTED',
        'R-PT-7',
        'The prescriber has not attested the home test result.',
        'The prescriber reviews the evidence and attests the result.',
      ),
    );
  }
  if (test.homeEvidence === null) {
    reasons.push(
      reason(
        'HOME_TEST_EVIDENCE_MISSING',
        'R-PT-7',
        'A home test needs captured evidence (a dated photo or a supervised video visit).',
        'Record the evidence of the home test.',
      ),
    );
  }
  return decide(reasons);
}
