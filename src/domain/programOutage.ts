// When the program's own system is down (issue 12, item 5). In a US deployment the pharmacy
// obtains the RMA number from the iPLEDGE REMS (website or contact center) before every dispense
// (R-AUTH-1); isocourse records each attempt to reach it. From those facts, derived here, never
// stored: whether a fill is in an outage (no number yet, the last attempt did not reach the
// system), whether it is at risk (its do-not-dispense-after date falls before the number can be
// expected), and the dispense gate's reason when the number the rules require is missing. An
// outage never unlocks a dispense: "unavailable" is a record of what happened, not a permission.
import { usDoNotDispenseAfter } from './authorizations.js';
import { addDays, daysBetween, isAfter, type IsoDate } from './dates.js';
import { reason, type Reason } from './decision.js';
import type { Authorization, ProgramAttempt } from './facts.js';
import type { ProgramConfig } from './ruleSets.js';

/** A fill waiting for the program's number while its system cannot be reached. */
export interface ProgramOutage {
  /** The first of the failed attempts since the last success (or since the first attempt). */
  since: string;
  lastAttempt: ProgramAttempt;
  /** Failed attempts in this run. */
  attempts: number;
  /** The binding do-not-dispense-after date (D-4). */
  closesOn: IsoDate;
  /** The window closes within the outage horizon (PROGRAM_OUTAGE_HORIZON_DAYS), today counted, and has not closed yet. */
  atRisk: boolean;
}

/**
 * The outage state of a fill: null when the program's number is recorded, when no attempt failed
 * last, or when the fill is already dispensed or reversed. An 'error' answer counts as not reached,
 * like 'unavailable': either way the pharmacy has no number (the safer reading).
 */
export function programOutage(authorization: Authorization, today: IsoDate, config: Pick<ProgramConfig, 'programOutageHorizonDays'>): ProgramOutage | null {
  const attempts = authorization.programAttempts ?? [];
  const last = attempts.at(-1);
  if (
    authorization.remsRmaNumber !== null ||
    authorization.dispense !== null ||
    authorization.reversal !== null ||
    last === undefined ||
    last.outcome === 'reached'
  ) {
    return null;
  }
  let first = attempts.length - 1;
  while (first > 0 && attempts[first - 1]?.outcome !== 'reached') {
    first -= 1;
  }
  const closesOn = usDoNotDispenseAfter(authorization);
  return {
    since: attempts[first]?.attemptedAt ?? last.attemptedAt,
    lastAttempt: last,
    attempts: attempts.length - first,
    closesOn,
    atRisk: closesWithinHorizon(closesOn, today, config),
  };
}

/** The window has not closed and closes within the outage horizon, today counted (at risk while the system is down). */
export function closesWithinHorizon(closesOn: IsoDate, today: IsoDate, config: Pick<ProgramConfig, 'programOutageHorizonDays'>): boolean {
  return !isAfter(today, closesOn) && daysBetween(today, closesOn) < config.programOutageHorizonDays;
}

/** The first day a fill in an outage becomes at risk (the worklist recomputes on it). */
export function atRiskFrom(closesOn: IsoDate, config: Pick<ProgramConfig, 'programOutageHorizonDays'>): IsoDate {
  return addDays(closesOn, -(config.programOutageHorizonDays - 1));
}

/**
 * The dispense gate's reason when the number the rules require is missing: in a US deployment
 * (programRmaRequired) the program's own RMA number must be recorded first, outage or not.
 */
export function missingProgramNumber(
  authorization: Authorization,
  today: IsoDate,
  config: Pick<ProgramConfig, 'programRmaRequired' | 'programOutageHorizonDays'>,
): Reason | null {
  if (!config.programRmaRequired || authorization.remsRmaNumber !== null) {
    return null;
  }
  const outage = programOutage(authorization, today, config);
  return reason(
    'PROGRAM_RMA_NUMBER_MISSING',
    'R-AUTH-1',
    outage === null
      ? "The RMA number from the program's system (iPLEDGE REMS) is not recorded for this fill."
      : `The program's system could not be reached (last tried ${outage.lastAttempt.attemptedAt}); isocourse never dispenses without its RMA number.`,
    `Obtain the RMA number from the iPLEDGE REMS (website or contact center) and record it with its do-not-dispense-after date, then dispense by ${outage?.closesOn ?? usDoNotDispenseAfter(authorization)}.`,
  );
}

/** The program-system side of an authorization, as the pharmacist's pages show it. */
export function programSystemView(authorization: Authorization) {
  const attempts = authorization.programAttempts ?? [];
  const last = attempts.at(-1) ?? null;
  return {
    state:
      authorization.remsRmaNumber !== null
        ? ('numberRecorded' as const)
        : last === null
          ? ('notTried' as const)
          : last.outcome === 'reached'
            ? ('numberRecorded' as const)
            : ('unavailable' as const),
    attempts: attempts.length,
    lastAttempt: last,
  };
}
