// How many wrong passwords a log-in tolerates. Two limits, both derived from the recorded attempts
// (login_attempts) rather than kept in a flag:
// - per account: after ACCOUNT_FAILURES wrong passwords in a row (no success in between) within
//   WINDOW, the account is locked until WINDOW has passed since the last of them: even the right
//   password is refused meanwhile, so guessing cannot continue. The count is per email as typed,
//   whether or not an account has it, so a lock-out reveals nothing about which accounts exist.
// - per address: after ADDRESS_FAILURES wrong passwords from one address within WINDOW, across
//   any accounts, that address is refused until the oldest of them leaves the window (a password
//   sprayer trying one password on many accounts).
// Attempts refused by the throttle are audited but not counted, so a locked-out user's own retries
// do not extend the lock.
import { sql } from 'kysely';
import type { Executor } from '../context.js';

export const LOGIN_THROTTLE = {
  windowMinutes: 15,
  accountFailures: 5,
  addressFailures: 20,
} as const;

const WINDOW_MS = LOGIN_THROTTLE.windowMinutes * 60_000;

export interface RecentFailures {
  /** Times of the account's failures since its last success, within the window, newest first. */
  account: Date[];
  /** Times of the address's failures within the window, newest first. */
  address: Date[];
}

/** When log-in may be tried again, or null when it may be tried now. */
export function loginBlockedUntil(failures: RecentFailures): Date | null {
  const until: Date[] = [];
  const lastAccountFailure = failures.account[0];
  if (failures.account.length >= LOGIN_THROTTLE.accountFailures && lastAccountFailure !== undefined) {
    until.push(new Date(lastAccountFailure.getTime() + WINDOW_MS));
  }
  const oldestCountedAddressFailure = failures.address[LOGIN_THROTTLE.addressFailures - 1];
  if (oldestCountedAddressFailure !== undefined) {
    until.push(new Date(oldestCountedAddressFailure.getTime() + WINDOW_MS));
  }
  return until.length === 0 ? null : new Date(Math.max(...until.map((date) => date.getTime())));
}

/**
 * Log-ins for one email, and from one address, are decided one at a time (transaction-scoped
 * advisory locks, address first then email, always in that order), so a burst of parallel guesses
 * cannot all slip under the limit before any of them is counted.
 */
export async function serializeLogInAttempts(trx: Executor, email: string, ip: string | null): Promise<void> {
  if (ip !== null) {
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`login-address:${ip}`}, 0))`.execute(trx);
  }
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`login-email:${email}`}, 0))`.execute(trx);
}

export async function recentLoginFailures(db: Executor, email: string, ip: string | null, now: Date): Promise<RecentFailures> {
  const windowStart = new Date(now.getTime() - WINDOW_MS);
  const account = await sql<{ attempted_at: Date }>`
    SELECT attempted_at FROM login_attempts
    WHERE email = ${email} AND NOT succeeded AND attempted_at > ${windowStart}
      AND attempted_at > coalesce((SELECT max(attempted_at) FROM login_attempts WHERE email = ${email} AND succeeded), '-infinity')
    ORDER BY attempted_at DESC
    LIMIT ${LOGIN_THROTTLE.accountFailures}`.execute(db);
  const address =
    ip === null
      ? []
      : await db
          .selectFrom('login_attempts')
          .select('attempted_at')
          .where('ip', '=', ip)
          .where('succeeded', '=', false)
          .where('attempted_at', '>', windowStart)
          .orderBy('attempted_at', 'desc')
          .limit(LOGIN_THROTTLE.addressFailures)
          .execute();
  return { account: account.rows.map((row) => row.attempted_at), address: address.map((row) => row.attempted_at) };
}

export async function recordLogInAttempt(db: Executor, attempt: { email: string; ip: string | null; at: Date; succeeded: boolean }): Promise<void> {
  await db
    .insertInto('login_attempts')
    .values({ email: attempt.email, ip: attempt.ip, attempted_at: attempt.at, succeeded: attempt.succeeded })
    .execute();
}
