// When each of the patient's next steps is due, in dates (domain.md §2.7, R-WIN-1, R-WIN-1a,
// R-PT-3, R-MON-1): the patient's to-do list gives every step a date or a date range from these,
// so the web never works a window out for itself.
import { capsuleSupply, nextMonthlyTestRange, type CapsuleSupply } from './course.js';
import { addDays, isAfter, latestOf, type IsoDate } from './dates.js';
import type { PatientFacts } from './facts.js';
import type { ProgramStatus } from './programStatus.js';
import { ruleSetOn, type ProgramConfig } from './ruleSets.js';

export interface StepDates {
  /** The blocker's code (status.blockers). */
  code: string;
  /** Not before this day; null when it can be done now. */
  from: IsoDate | null;
  /** The last day it can be done in time; null when no day is set yet. */
  by: IsoDate | null;
  /**
   * It must fall in the window the month's pregnancy test opens: `by` is then the latest such day
   * (a test on the last day of its range), and an earlier test brings it forward.
   */
  inTestWindow: boolean;
}

export interface PatientSchedule {
  capsules: CapsuleSupply;
  /** The range in which this month's pregnancy test is best taken, while one is needed and no window is open. */
  nextTest: { from: IsoDate; by: IsoDate; late: boolean } | null;
  /** One entry per blocker of the fill, in the status's order. */
  steps: StepDates[];
  /** The days a pregnancy test's window lasts under today's rules (R-WIN-1), for "within N days of your test". */
  testWindowDays: number;
}

/** Blockers a new pregnancy test resolves. */
const TEST_CODES = new Set([
  'MONTHLY_TEST_PENDING',
  'TEST_OUTSIDE_WINDOW',
  'WINDOW_CLOSED',
  'NOT_A_QUALIFYING_TEST',
  'TEST_RESULT_INVALID',
  'TEST_SENSITIVITY_TOO_LOW',
  'CLIA_REQUIRED',
]);
/** The month's items that must be dated after the previous dispense and fall in the test's window (R-WIN-1a). */
const MONTH_ITEMS = new Set(['COUNSELING_PENDING', 'CONTRACEPTION_PENDING', 'COMPREHENSION_PENDING', 'PRESCRIPTION_PENDING']);
const ON_TREATMENT_STATES: ReadonlySet<ProgramStatus['state']> = new Set(['ON_TREATMENT', 'AWAITING_MONTHLY_QUALIFICATION', 'WINDOW_MISSED']);

export function patientSchedule(status: ProgramStatus, facts: PatientFacts, config: ProgramConfig): PatientSchedule {
  const { asOf } = status;
  const capsules = capsuleSupply(facts, asOf);
  const windowDays = ruleSetOn(asOf, config).pcgpWindowDays;
  const windowOpen = status.window !== null && !isAfter(asOf, status.window.lastDay);
  const testNeeded = status.blockers.some((blocker) => TEST_CODES.has(blocker.code));
  const nextTest =
    status.category === 'PCGP' && ON_TREATMENT_STATES.has(status.state) && capsules.lastDay !== null && !windowOpen && testNeeded
      ? nextMonthlyTestRange(capsules.lastDay, asOf, windowDays)
      : null;
  const lastDispensedOn = facts.authorizations
    .flatMap((a) => (a.dispense !== null && !isAfter(a.dispense.dispensedOn, asOf) ? [a.dispense.dispensedOn] : []))
    .sort()
    .at(-1);
  const future = (date: IsoDate | null | undefined): IsoDate | null => (date !== null && date !== undefined && isAfter(date, asOf) ? date : null);

  const steps = status.blockers.map((blocker): StepDates => {
    if (nextTest !== null && TEST_CODES.has(blocker.code)) {
      return { code: blocker.code, from: future(nextTest.from), by: nextTest.by, inTestWindow: false };
    }
    if (windowOpen && status.window !== null && blocker.code !== 'WINDOW_CLOSED') {
      return { code: blocker.code, from: future(blocker.earliestChangeDate), by: blocker.deadline ?? status.window.lastDay, inTestWindow: false };
    }
    if (nextTest !== null && MONTH_ITEMS.has(blocker.code)) {
      // Dated after the previous dispense (R-WIN-1a), and by the last day of the test's window.
      const from = lastDispensedOn === undefined ? null : future(latestOf(addDays(lastDispensedOn, 1), asOf));
      return { code: blocker.code, from, by: addDays(nextTest.by, windowDays - 1), inTestWindow: true };
    }
    const lockout = ['WINDOW_CLOSED', 'FIRST_WINDOW_LOCKOUT'].includes(blocker.code) ? status.lockoutUntil : null;
    return { code: blocker.code, from: future(blocker.earliestChangeDate ?? lockout), by: blocker.deadline ?? null, inTestWindow: false };
  });
  return { capsules, nextTest, steps, testWindowDays: windowDays };
}
