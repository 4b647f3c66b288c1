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
// An attempt is recorded *before* its password is checked, as pending (logIn.ts): the check runs
// with no lock and no connection held, and a pending attempt counts as a failure until it is
// settled. So a burst of parallel guesses is still stopped at exactly the limit, while a log-in's
// hash never makes anyone wait for a lock. When only pending attempts reach a limit, the answer is
// a 429 with a short Retry-After (they are settled within a hash's time) rather than the lock-out:
// the safer choice (never more guesses checked than the limit) that costs a right password at
// most a retry. A pending attempt older than PENDING_STALE_SECONDS (its server died mid-log-in)
// counts as a settled failure.
import { sql } from 'kysely';
import type { Executor } from '../../db/executor.js';

export const LOGIN_THROTTLE = {
  windowMinutes: 15,
  accountFailures: 5,
  addressFailures: 20,
  /** Retry-After when only attempts still being checked reach a limit. */
  pendingRetrySeconds: 2,
  /** A pending attempt older than this was abandoned (its server stopped): a settled failure. */
  pendingStaleSeconds: 60,
} as const;

const WINDOW_MS = LOGIN_THROTTLE.windowMinutes * 60_000;

export interface Failure {
  at: Date;
  /** Recorded before its password was checked and not settled yet. */
  pending: boolean;
}

export interface RecentFailures {
  /**
   * The account's failures since its last success, within the window: the settled ones newest
   * first, then the pending ones; at most the limit.
   */
  account: Failure[];
  /** The address's failures within the window, in the same order; at most the limit. */
  address: Failure[];
}

function blockedUntil(account: Date[], address: Date[]): Date | null {
  const until: Date[] = [];
  const lastAccountFailure = account[0];
  if (account.length >= LOGIN_THROTTLE.accountFailures && lastAccountFailure !== undefined) {
    until.push(new Date(lastAccountFailure.getTime() + WINDOW_MS));
  }
  const oldestCountedAddressFailure = address[LOGIN_THROTTLE.addressFailures - 1];
  if (oldestCountedAddressFailure !== undefined) {
    until.push(new Date(oldestCountedAddressFailure.getTime() + WINDOW_MS));
  }
  return until.length === 0 ? null : new Date(Math.max(...until.map((date) => date.getTime())));
}

/**
 * When log-in may be tried again, or null when it may be tried now: the lock-out of settled
 * failures, or, when attempts still being checked complete a limit, a short wait for them.
 */
export function loginBlockedUntil(failures: RecentFailures, now: Date): Date | null {
  const settled = (list: Failure[]) => list.filter((failure) => !failure.pending).map((failure) => failure.at);
  const lockedUntil = blockedUntil(settled(failures.account), settled(failures.address));
  if (lockedUntil !== null && lockedUntil.getTime() > now.getTime()) {
    return lockedUntil;
  }
  const all = (list: Failure[]) => list.map((failure) => failure.at);
  const withPending = blockedUntil(all(failures.account), all(failures.address));
  if (withPending !== null && withPending.getTime() > now.getTime()) {
    return new Date(now.getTime() + LOGIN_THROTTLE.pendingRetrySeconds * 1000);
  }
  return null;
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
  const staleBefore = new Date(now.getTime() - LOGIN_THROTTLE.pendingStaleSeconds * 1000);
  // Settled failures first (newest first), then pending ones: the first rows up to the limit are
  // what the lock-out needs, and the rest tell whether attempts in flight complete a limit.
  const account = await sql<{ attempted_at: Date; pending: boolean }>`
    SELECT attempted_at, pending AND attempted_at > ${staleBefore} AS pending FROM login_attempts
    WHERE email = ${email} AND NOT succeeded AND attempted_at > ${windowStart}
      AND attempted_at > coalesce((SELECT max(attempted_at) FROM login_attempts WHERE email = ${email} AND succeeded), '-infinity')
    ORDER BY 2, attempted_at DESC
    LIMIT ${LOGIN_THROTTLE.accountFailures}`.execute(db);
  const address =
    ip === null
      ? { rows: [] }
      : await sql<{ attempted_at: Date; pending: boolean }>`
          SELECT attempted_at, pending AND attempted_at > ${staleBefore} AS pending FROM login_attempts
          WHERE ip = ${ip} AND NOT succeeded AND attempted_at > ${windowStart}
          ORDER BY 2, attempted_at DESC
          LIMIT ${LOGIN_THROTTLE.addressFailures}`.execute(db);
  const failures = (rows: { attempted_at: Date; pending: boolean }[]) => rows.map((row) => ({ at: row.attempted_at, pending: row.pending }));
  return { account: failures(account.rows), address: failures(address.rows) };
}

export async function recordLogInAttempt(db: Executor, attempt: { email: string; ip: string | null; at: Date; succeeded: boolean }): Promise<void> {
  await db.insertInto('login_attempts').values({ email: attempt.email, ip: attempt.ip, attempted_at: attempt.at, succeeded: attempt.succeeded }).execute();
}

/** Records an attempt whose password is still to be checked: a failure until settled. */
export async function recordPendingLogInAttempt(db: Executor, attempt: { email: string; ip: string | null; at: Date }): Promise<string> {
  const row = await db
    .insertInto('login_attempts')
    .values({ email: attempt.email, ip: attempt.ip, attempted_at: attempt.at, succeeded: false, pending: true })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Settles a pending attempt once its password was checked. */
export async function settleLogInAttempt(db: Executor, id: string, succeeded: boolean): Promise<void> {
  await db.updateTable('login_attempts').set({ pending: false, succeeded }).where('id', '=', id).execute();
}

/**
 * Withdraws a pending attempt whose password was never checked (the log-in was refused a turn of
 * the hash, logInAdmission.ts): not an attempt the throttle counts, like a log-in refused before it
 * was recorded. Only a pending one: a settled attempt is never removed.
 */
export async function withdrawLogInAttempt(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('login_attempts').where('id', '=', id).where('pending', '=', true).execute();
}
