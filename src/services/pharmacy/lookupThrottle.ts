// How many failed look-ups by program identifier and birth date a pharmacy may make (issue 12 item 7:
// a pharmacist who knew an identifier found the birth date by trying dates, 189 tries, nothing in
// the way). Every use case that finds a patient that way (GET /pharmacy/patients, authorization,
// dispense, reversal, $rems-etasu, SCRIPT REMSRequest / RxFill / REMSInitiationRequest) goes through
// withPatient, which applies this. Two limits, both derived from the recorded failures
// (lookup_failures, a fact per failed look-up) rather than kept in a flag:
// - per user (a pharmacist, or a pharmacy system's client): after USER_FAILURES failures within
//   WINDOW, any identifier, look-ups by identifier are refused until the oldest of them leaves the
//   window (someone trying dates on many identifiers);
// - per identifier (as typed, normalized, whether or not a patient has it): after
//   IDENTIFIER_FAILURES failures within WINDOW, from anyone, look-ups of that identifier are refused
//   the same way (several accounts trying dates on one patient).
// While refused, even the right birth date is refused (429 with Retry-After), so guessing cannot
// go on; the answer is the same whether or not the identifier exists. The per-identifier limit can
// hold up a legitimate dispense for at most WINDOW after the guessing stops: the safer side, as the
// birth date is what protects the record (§1.1), and the refusals are in the patient's trail.
import { sql } from 'kysely';
import type { Executor } from '../../db/executor.js';
import { failureTimes, lookupFailureColumns, type LookupFailureWindow } from '../../db/lookupFailures.js';

/** The look-up throttle's parameters: the one place to change them (README: Security). */
export const LOOKUP_THROTTLE = {
  windowMinutes: 60,
  userFailures: 10,
  identifierFailures: 5,
} as const;

const WINDOW_MS = LOOKUP_THROTTLE.windowMinutes * 60_000;

export interface RecentLookupFailures {
  /** Times of the user's failed look-ups within the window, newest first (at most USER_FAILURES). */
  user: Date[];
  /** Times of the identifier's failed look-ups within the window, newest first (at most IDENTIFIER_FAILURES). */
  identifier: Date[];
}

/** When a look-up may be tried again, or null when it may be tried now. */
export function lookupBlockedUntil(failures: RecentLookupFailures): Date | null {
  const until = [failures.user[LOOKUP_THROTTLE.userFailures - 1], failures.identifier[LOOKUP_THROTTLE.identifierFailures - 1]]
    .filter((oldest): oldest is Date => oldest !== undefined)
    .map((oldest) => oldest.getTime() + WINDOW_MS);
  return until.length === 0 ? null : new Date(Math.max(...until));
}

/**
 * Look-ups of one identifier are decided one at a time (a transaction-scoped advisory lock taken
 * before the patient row), so a parallel burst of guesses on one patient cannot slip under its limit.
 */
export async function serializeLookups(trx: Executor, programId: string): Promise<void> {
  // Only the identifier is locked: that keeps a burst of guesses on one patient exact. A lock per
  // user held for the whole transaction made every authorization by one user (a pharmacy system's
  // client is one user) wait for the one before: the benchmark's authorizations fell from 381 to
  // 194 a second. The per-user limit is therefore counted without a lock: a parallel burst across
  // many identifiers may pass it by the requests in flight, each identifier still at most its 5.
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`lookup-identifier:${programId}`}, 0))`.execute(trx);
}

/** The window of recent failures the throttle decides on, for this user and identifier, as of `now`. */
export function lookupWindow(userId: string, programId: string, now: Date): LookupFailureWindow {
  return {
    userId,
    programId,
    since: new Date(now.getTime() - WINDOW_MS),
    until: now,
    userLimit: LOOKUP_THROTTLE.userFailures,
    identifierLimit: LOOKUP_THROTTLE.identifierFailures,
  };
}

/**
 * Both limits' recent failures in one round trip, when the patient's facts are not read (a look-up
 * that matched no one); otherwise they come with the facts (db/patientFacts.ts). Always a statement
 * that starts after serializeLookups: a statement's snapshot is taken when it starts, so one that
 * also waited for the lock would miss the failures the previous holder committed while it waited.
 */
export async function recentLookupFailures(db: Executor, userId: string, programId: string, now: Date): Promise<RecentLookupFailures> {
  const columns = lookupFailureColumns(lookupWindow(userId, programId, now));
  const { rows } = await sql<{
    user_ms: number[];
    identifier_ms: number[];
  }>`SELECT ${columns.userMs} AS user_ms, ${columns.identifierMs} AS identifier_ms`.execute(db);
  return { user: failureTimes(rows[0]?.user_ms), identifier: failureTimes(rows[0]?.identifier_ms) };
}

/** A failed look-up: who, which identifier (never the birth date tried), when. */
export async function recordLookupFailure(db: Executor, failure: { userId: string; programId: string; at: Date }): Promise<void> {
  await db.insertInto('lookup_failures').values({ user_id: failure.userId, program_id: failure.programId, attempted_at: failure.at }).execute();
}
