// A patient's program status, derived from the facts on a given date (domain.md §2.13): the
// state, the open window, what blocks the next fill, what to do and by when.
import { authorizationStatus, usDoNotDispenseAfter, usRmaNumber } from './authorizations.js';
import { endOfCourseSchedule, endedCourse, type EndOfCourseSchedule } from './course.js';
import { addDays, isAfter, isOnOrBefore, type IsoDate } from './dates.js';
import { reason, type Reason } from './decision.js';
import type { PatientFacts, RiskCategory } from './facts.js';
import { fillReadiness, type PrescriptionWindow } from './fillReadiness.js';
import { programOutage, type ProgramOutage } from './programOutage.js';
import type { ProgramConfig } from './ruleSets.js';

export const PROGRAM_STATES = [
  'NOT_ENROLLED',
  'ENROLLED',
  'AWAITING_CONFIRMATION',
  'QUALIFIED_WINDOW_OPEN',
  'AUTHORIZED',
  'ON_TREATMENT',
  'AWAITING_MONTHLY_QUALIFICATION',
  'WINDOW_MISSED_FIRST',
  'WINDOW_MISSED',
  'PREGNANCY_HOLD',
  'END_OF_TREATMENT',
  'POST_TREATMENT',
  'COMPLETED',
] as const;

export type ProgramState = (typeof PROGRAM_STATES)[number];

export interface ActiveAuthorizationSummary {
  id: string;
  rmaNumber: string;
  prescriptionId: string;
  requestedOn: IsoDate;
  doNotDispenseAfter: IsoDate;
  /** The pharmacy could not reach the program's system for its RMA number (issue 12, item 5); null otherwise. */
  programOutage: ProgramOutage | null;
}

export interface ProgramStatus {
  asOf: IsoDate;
  state: ProgramState;
  category: RiskCategory | null;
  /** The rule set's key: a US one ('REMS-2026'), or another program's ('UK-2026'; empty when none is configured). */
  ruleSet: string;
  window: PrescriptionWindow | null;
  activeAuthorization: ActiveAuthorizationSummary | null;
  /** Under REMS-2021, the first day a new test can open a window after a missed first window. */
  lockoutUntil: IsoDate | null;
  /** What blocks the next fill, each with what fixes it and by when. Empty when a fill can be authorized today. */
  blockers: Reason[];
  warnings: Reason[];
  endOfCourse: EndOfCourseSchedule | null;
  dispenseCount: number;
  /** The last day the most recently dispensed supply lasts (R-MON-1); null before any dispense. */
  supplyEndsOn: IsoDate | null;
}

/** The status was derived by the US engine (a REMS rule set), not by another program's (programStatusElsewhere). */
export function judgedByUsRules(status: Pick<ProgramStatus, 'ruleSet'>): boolean {
  return status.ruleSet.startsWith('REMS-');
}

export function programStatus(facts: PatientFacts, asOf: IsoDate, config: ProgramConfig): ProgramStatus {
  const readiness = fillReadiness(facts, asOf, config);
  const active = facts.authorizations.find((authorization) => authorizationStatus(authorization, asOf) === 'active');
  const hasPrescriptionThisMonth = facts.prescriptions.some(
    (prescription) =>
      readiness.monthFrom !== null &&
      isOnOrBefore(prescription.writtenOn, asOf) &&
      (readiness.preTreatment ? !isAfter(readiness.monthFrom, prescription.writtenOn) : isAfter(prescription.writtenOn, readiness.monthFrom)),
  );
  const blockers = [...readiness.reasons];
  if (active === undefined && readiness.category !== null && !hasPrescriptionThisMonth) {
    blockers.push(
      reason(
        'PRESCRIPTION_PENDING',
        'R-RX-2',
        'There is no prescription for this month.',
        "The prescriber writes this month's prescription (at most 30 days, no refills).",
        readiness.window === null ? {} : { deadline: readiness.window.lastDay },
      ),
    );
  }
  const ended = endedCourse(facts, asOf);
  const status: ProgramStatus = {
    asOf,
    state: 'ENROLLED',
    category: readiness.category?.category ?? null,
    ruleSet: readiness.rules.id,
    window: readiness.window,
    activeAuthorization:
      active === undefined
        ? null
        : {
            id: active.id,
            rmaNumber: usRmaNumber(active),
            prescriptionId: active.prescriptionId,
            requestedOn: active.requestedOn,
            doNotDispenseAfter: usDoNotDispenseAfter(active),
            programOutage: programOutage(active, asOf, config),
          },
    lockoutUntil: readiness.lockoutUntil,
    blockers: active === undefined ? blockers : [],
    warnings: readiness.warnings,
    endOfCourse: ended === null || readiness.category === null ? null : endOfCourseSchedule(ended, readiness.category.category, facts.pregnancyTests, config),
    dispenseCount: facts.authorizations.filter((authorization) => authorization.dispense !== null).length,
    supplyEndsOn: lastSupplyDay(facts, asOf),
  };
  status.state = deriveState(status, readiness.preTreatment, readiness.pregnancyHoldSince !== null, active !== undefined, facts, asOf);
  if (status.state === 'PREGNANCY_HOLD' || status.endOfCourse !== null) {
    status.blockers = readiness.reasons.filter((r) => ['PREGNANCY_HOLD', 'COURSE_ENDED'].includes(r.code));
  }
  return status;
}

function deriveState(
  status: ProgramStatus,
  preTreatment: boolean,
  pregnancyHold: boolean,
  authorized: boolean,
  facts: PatientFacts,
  asOf: IsoDate,
): ProgramState {
  if (status.category === null) {
    return 'NOT_ENROLLED';
  }
  if (pregnancyHold) {
    return 'PREGNANCY_HOLD';
  }
  if (status.endOfCourse !== null) {
    const schedule = status.endOfCourse;
    const canGetPregnant = status.category === 'PCGP';
    if (canGetPregnant && !schedule.endOfTreatmentTestDone) {
      return 'END_OF_TREATMENT';
    }
    const waitOver = !isAfter(schedule.bloodDonationAllowedFrom, asOf);
    return waitOver && (!canGetPregnant || schedule.postTreatmentTestDone) ? 'COMPLETED' : 'POST_TREATMENT';
  }
  if (authorized) {
    return 'AUTHORIZED';
  }
  const windowOpen = status.window !== null && !isAfter(asOf, status.window.lastDay);
  const windowMissed = status.window !== null && isAfter(asOf, status.window.lastDay);
  if (windowMissed) {
    return preTreatment && status.category === 'PCGP' ? 'WINDOW_MISSED_FIRST' : 'WINDOW_MISSED';
  }
  if (windowOpen) {
    return 'QUALIFIED_WINDOW_OPEN';
  }
  const counseled = !status.blockers.some((blocker) => blocker.code === 'COUNSELING_PENDING');
  if (status.category === 'PCNGP' && status.window === null && counseled) {
    // PCNGP under REMS-2026 has no window: once counseled at enrollment the patient is qualified.
    return !preTreatment && supplyLasts(facts, asOf) ? 'ON_TREATMENT' : 'QUALIFIED_WINDOW_OPEN';
  }
  if (preTreatment) {
    if (status.category === 'PCGP') {
      const screened = !status.blockers.some((b) => b.code === 'SCREENING_TEST_PENDING');
      const contracepting = !status.blockers.some((b) => b.code === 'CONTRACEPTION_PENDING');
      return screened && contracepting ? 'AWAITING_CONFIRMATION' : 'ENROLLED';
    }
    return 'ENROLLED';
  }
  return supplyLasts(facts, asOf) ? 'ON_TREATMENT' : 'AWAITING_MONTHLY_QUALIFICATION';
}

/** The last day of the latest supply dispensed on or before `asOf`. */
export function lastSupplyDay(facts: Pick<PatientFacts, 'authorizations'>, asOf: IsoDate): IsoDate | null {
  const days = facts.authorizations.flatMap((authorization) =>
    authorization.dispense !== null && isOnOrBefore(authorization.dispense.dispensedOn, asOf)
      ? [addDays(authorization.dispense.dispensedOn, authorization.dispense.daysSupply - 1)]
      : [],
  );
  return days.length === 0 ? null : days.reduce((latest, day) => (isAfter(day, latest) ? day : latest));
}

/** The last dispensed supply has not run out on `asOf`. */
function supplyLasts(facts: PatientFacts, asOf: IsoDate): boolean {
  return facts.authorizations.some(
    (authorization) =>
      authorization.dispense !== null &&
      isOnOrBefore(authorization.dispense.dispensedOn, asOf) &&
      !isAfter(asOf, addDays(authorization.dispense.dispensedOn, authorization.dispense.daysSupply - 1)),
  );
}
