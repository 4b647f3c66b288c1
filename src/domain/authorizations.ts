// An authorization's state is derived from its facts: used once dispensed, reversed once a
// reversal is recorded, expired once its do-not-dispense-after date has passed (R-AUTH-1..4).
import { earliestOf, isAfter, type IsoDate } from './dates.js';
import type { Authorization } from './facts.js';

export type AuthorizationStatus = 'active' | 'used' | 'reversed' | 'expired';

/** The date that binds the pharmacy: the earlier of ours and the REMS system's (D-4). */
export function effectiveDoNotDispenseAfter(authorization: Pick<Authorization, 'doNotDispenseAfter' | 'remsDoNotDispenseAfter'>): IsoDate {
  return authorization.remsDoNotDispenseAfter === null
    ? authorization.doNotDispenseAfter
    : earliestOf(authorization.doNotDispenseAfter, authorization.remsDoNotDispenseAfter);
}

export function authorizationStatus(authorization: Authorization, today: IsoDate): AuthorizationStatus {
  if (authorization.dispense !== null) {
    return 'used';
  }
  if (authorization.reversal !== null) {
    return 'reversed';
  }
  return isAfter(today, effectiveDoNotDispenseAfter(authorization)) ? 'expired' : 'active';
}
