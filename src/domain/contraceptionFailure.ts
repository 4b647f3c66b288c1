// R-CON-7: unprotected intercourse, a contraception failure or a late/missed period, reported by the
// patient or her care team. The label's steps: stop the drug, contact the prescriber, consider
// emergency contraception, take a pregnancy test. The app blocks every fill (and every dispense)
// until a NEGATIVE pregnancy test collected after the report is recorded [APP].
//
// Distinct from a suspected pregnancy (R-PREG-1, pregnancy.ts): that hold is cleared only by the
// prescriber with a documented reason, whatever tests follow; this block lifts itself on the
// negative test, because the program's remedy for R-CON-7 is the test.
//
// A late or missed period is reported HERE (domain.md lists it under R-CON-7 with the same steps,
// and a late period is exactly when a urine test is reliable). A care team that suspects a
// pregnancy (symptoms, a positive home test) reports a suspected pregnancy instead, which keeps the
// prescriber's clearance.
import { addDays, compareDates, isAfter, isOnOrBefore, type IsoDate } from './dates.js';
import { reason, type Reason } from './decision.js';
import type { ContraceptionFailureReport, PatientFacts, PregnancyTest } from './facts.js';

/**
 * The negative test must be collected at least this many days after the report day: 1 = strictly
 * after the day of the report. A test collected the same day may have been collected before the
 * event (the facts carry dates, not times), so it cannot answer for it: the safer choice. Note that
 * after unprotected intercourse a urine test turns positive only about two weeks after conception;
 * the patient is told to repeat the test if her period does not come (CONTRACEPTION_FAILURE_STEPS).
 */
export const CONTRACEPTION_FAILURE_TEST_MIN_DAYS_AFTER = 1;

/** What the patient is told to do, in plain words (R-CON-7, domain.md §6 message 4). */
export const CONTRACEPTION_FAILURE_STEPS = [
  'Stop taking the capsules now.',
  'Call your prescriber today.',
  'Ask about emergency contraception: it works best the sooner it is taken.',
  'Take a pregnancy test. Your next fill waits until a negative test collected after the day of the report is recorded; if your period does not come, test again.',
] as const;

/** A negative test that answers for a report: negative, collected after it, and valid evidence (R-PT-7 for a home test). */
function resolves(test: PregnancyTest, report: ContraceptionFailureReport, asOf: IsoDate): boolean {
  return (
    test.result === 'negative' &&
    isOnOrBefore(test.specimenDate, asOf) &&
    !isAfter(addDays(report.reportedOn, CONTRACEPTION_FAILURE_TEST_MIN_DAYS_AFTER), test.specimenDate) &&
    (test.setting !== 'home' || test.homeEvidence?.prescriberAttested === true)
  );
}

/** The earliest report on or before `asOf` that no later negative test has answered, or null. */
export function unresolvedContraceptionFailure(
  facts: Pick<PatientFacts, 'contraceptionFailureReports' | 'pregnancyTests'>,
  asOf: IsoDate,
): ContraceptionFailureReport | null {
  const open = facts.contraceptionFailureReports
    .filter((report) => isOnOrBefore(report.reportedOn, asOf))
    .filter((report) => !facts.pregnancyTests.some((test) => resolves(test, report, asOf)))
    // The latest report decides the date the test must follow (a test after it answers every earlier one too).
    .sort((a, b) => compareDates(a.reportedOn, b.reportedOn) || a.recordedAt.localeCompare(b.recordedAt));
  return open.at(-1) ?? null;
}

export function contraceptionFailureReasons(facts: Pick<PatientFacts, 'contraceptionFailureReports' | 'pregnancyTests'>, asOf: IsoDate): Reason[] {
  const report = unresolvedContraceptionFailure(facts, asOf);
  if (report === null) {
    return [];
  }
  const testFrom = addDays(report.reportedOn, CONTRACEPTION_FAILURE_TEST_MIN_DAYS_AFTER);
  return [
    reason(
      'CONTRACEPTION_FAILURE_REPORTED',
      'R-CON-7',
      // Neutral words: the pharmacy reads this reason too, and what happened is not its business.
      `A possible contraception failure was reported on ${report.reportedOn}: no fill until a negative pregnancy test collected after that day is recorded.`,
      `Record a negative pregnancy test collected on or after ${testFrom} (after ${report.reportedOn}). Meanwhile the patient stops the capsules, contacts the prescriber and considers emergency contraception.`,
      { earliestChangeDate: testFrom },
    ),
  ];
}
