// The failed look-ups by program identifier and birth date (lookup_failures, migration 0021) that
// the look-up throttle counts (services/pharmacy/lookupThrottle.ts decides with them): the newest
// of one user's and of one identifier's within a window, as epoch milliseconds, newest first.
// Written as two columns so they can be read on their own or with the patient's facts in the same
// statement (db/patientFacts.ts), which saves the authorization a round trip.
import { sql, type RawBuilder } from 'kysely';

export interface LookupFailureWindow {
  userId: string;
  /** Normalized (domain/pharmacyVerdict.ts normalizeProgramId). */
  programId: string;
  /** The window: failures at `since` < t ≤ `until`. */
  since: Date;
  until: Date;
  /** How many of each to read at most: the throttle's limits. */
  userLimit: number;
  identifierLimit: number;
}

/** Parameters may be stand-ins (strings) while a statement is compiled once (patientFacts.ts). */
type Parameter<T> = T | string;

export function lookupFailureColumns(window: { [K in keyof LookupFailureWindow]: Parameter<LookupFailureWindow[K]> }): {
  userMs: RawBuilder<number[]>;
  identifierMs: RawBuilder<number[]>;
} {
  const recent = (column: 'user_id' | 'program_id', value: unknown, limit: unknown) => sql<number[]>`ARRAY(
    SELECT extract(epoch FROM attempted_at)::float8 * 1000 FROM lookup_failures
    WHERE ${sql.ref(column)} = ${value} AND attempted_at > ${window.since}::timestamptz AND attempted_at <= ${window.until}::timestamptz
    ORDER BY attempted_at DESC LIMIT ${limit}::int)`;
  return {
    userMs: recent('user_id', sql`${window.userId}::uuid`, window.userLimit),
    identifierMs: recent('program_id', window.programId, window.identifierLimit),
  };
}

/** Epoch milliseconds (as PostgreSQL returns them) to dates. */
export function failureTimes(ms: readonly number[] | null | undefined): Date[] {
  return (ms ?? []).map((value) => new Date(value));
}
