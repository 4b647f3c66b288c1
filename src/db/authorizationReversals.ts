// Reversing an authorization is a fact of its own (R-AUTH-2); a pregnancy hold reverses every
// active one at once (R-PREG-1).
import { authorizationStatus } from '../domain/authorizations.js';
import type { IsoDate } from '../domain/dates.js';
import type { Authorization } from '../domain/facts.js';
import type { Executor } from './executor.js';

export async function reverseAuthorization(db: Executor, authorizationId: string, reversedOn: IsoDate, reason: string, recordedBy: string): Promise<void> {
  await db
    .insertInto('authorization_reversals')
    .values({ authorization_id: authorizationId, reversed_on: reversedOn, reason, recorded_by: recordedBy })
    .execute();
}

/** Reverses each active authorization; returns their RMA numbers. */
export async function reverseActiveAuthorizations(
  db: Executor,
  authorizations: readonly Authorization[],
  today: IsoDate,
  reason: string,
  recordedBy: string,
): Promise<string[]> {
  const active = authorizations.filter((authorization) => authorizationStatus(authorization, today) === 'active');
  for (const authorization of active) {
    await reverseAuthorization(db, authorization.id, today, reason, recordedBy);
  }
  // A checklist record outside the US has no number (and is never active: it is written dispensed).
  return active.flatMap((authorization) => (authorization.rmaNumber === null ? [] : [authorization.rmaNumber]));
}
