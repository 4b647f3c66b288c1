// An authorization's state is derived from its facts: used once dispensed, reversed once a
// reversal is recorded, expired once its do-not-dispense-after date has passed (R-AUTH-1..4).
import { earliestOf, isAfter, type IsoDate } from './dates.js';
import type { Authorization } from './facts.js';

export type AuthorizationStatus = 'active' | 'used' | 'reversed' | 'expired';

/**
 * The date that binds the pharmacy: the earlier of ours and the REMS system's (D-4). Null only for
 * a checklist record of a program without a dispensing window (Australia: no last day).
 */
export function effectiveDoNotDispenseAfter(authorization: Pick<Authorization, 'doNotDispenseAfter' | 'remsDoNotDispenseAfter'>): IsoDate | null {
  const ours = authorization.doNotDispenseAfter;
  const program = authorization.remsDoNotDispenseAfter;
  return ours === null || program === null ? (ours ?? program) : earliestOf(ours, program);
}

/** A US authorization's RMA number (set on every REMS row: migration 0030's check). */
export function usRmaNumber(authorization: Pick<Authorization, 'rmaNumber' | 'remsRmaNumber' | 'ruleSet'>): string {
  const number = authorization.remsRmaNumber ?? authorization.rmaNumber;
  if (number === null) {
    throw new Error(`Authorization under ${authorization.ruleSet} has no RMA number`);
  }
  return number;
}

/** A US authorization's binding date (both dates are set on every REMS row: migration 0030's check). */
export function usDoNotDispenseAfter(authorization: Pick<Authorization, 'doNotDispenseAfter' | 'remsDoNotDispenseAfter' | 'ruleSet'>): IsoDate {
  const date = effectiveDoNotDispenseAfter(authorization);
  if (date === null) {
    throw new Error(`Authorization under ${authorization.ruleSet} has no do-not-dispense-after date`);
  }
  return date;
}

export function authorizationStatus(authorization: Authorization, today: IsoDate): AuthorizationStatus {
  if (authorization.dispense !== null) {
    return 'used';
  }
  if (authorization.reversal !== null) {
    return 'reversed';
  }
  const lastDay = effectiveDoNotDispenseAfter(authorization);
  return lastDay !== null && isAfter(today, lastDay) ? 'expired' : 'active';
}
