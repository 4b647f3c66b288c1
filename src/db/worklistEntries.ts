// Reads and writes of the worklist cache (migrations/0003_worklist.sql).
import { sql } from 'kysely';
import type { IsoDate } from '../domain/dates.js';
import type { PatientStateSummary } from '../domain/stateWords.js';
import type { WorklistEntry } from '../domain/worklist.js';
import type { Executor } from './executor.js';

/** Called in the transaction of every write to a patient's facts. */
export async function markWorklistStale(db: Executor, patientId: string, prescriberId: string): Promise<void> {
  await markWorklistStaleQuery(db, patientId, prescriberId).execute();
}

/** The statement of markWorklistStale, to send with other writes of the same transaction (withPatient). */
export function markWorklistStaleQuery(db: Executor, patientId: string, prescriberId: string) {
  return db
    .insertInto('worklist_entries')
    .values({ patient_id: patientId, prescriber_id: prescriberId })
    .onConflict((conflict) =>
      conflict.column('patient_id').doUpdateSet({
        needs_refresh: true,
        prescriber_id: prescriberId,
        fact_version: sql`worklist_entries.fact_version + 1`,
      }),
    );
}

/**
 * Marks every entry of a practice's patients: a practice-wide setting (its dose target, its
 * program, a parameter) changed what their entries were derived from. Their next read recomputes them.
 */
export async function markPracticeWorklistStale(db: Executor, practiceId: string): Promise<void> {
  await db
    .updateTable('worklist_entries')
    .set({ needs_refresh: true, fact_version: sql`fact_version + 1` })
    .where('patient_id', 'in', db.selectFrom('patients').select('id').where('practice_id', '=', practiceId))
    .execute();
}

/**
 * Patients (of one prescriber, or all) whose entry is missing, marked, expired on `today`, or filed
 * under another prescriber than the patient's (the worklist lists entries by their prescriber_id).
 */
export async function staleWorklistPatients(db: Executor, prescriberId: string | null, today: IsoDate, limit: number): Promise<string[]> {
  if (prescriberId === null) {
    // The scheduled work: one pass over every patient, stopping at the first `limit` stale ones.
    const rows = await db
      .selectFrom('patients as p')
      .leftJoin('worklist_entries as w', (join) => join.onRef('w.patient_id', '=', 'p.id').onRef('w.prescriber_id', '=', 'p.prescriber_id'))
      .select('p.id')
      .where((eb) => eb.or([eb('w.patient_id', 'is', null), eb('w.needs_refresh', '=', true), eb('w.valid_until', '<=', sql<string>`${today}::date`)]))
      .limit(limit)
      .execute();
    return rows.map((row) => row.id);
  }
  const rows = await db
    .selectFrom(prescriberStalePatients(db, prescriberId, today).as('stale'))
    .select('stale.id')
    .limit(limit)
    .execute();
  return rows.map((row) => row.id);
}

/**
 * A prescriber's patients without a current entry, as a query (the refresh pages through it). The
 * prescriber's patient ids (an index-only scan, migrations/0004) minus their current entries
 * (worklist_entries_refresh_idx), hashed: a few dozen pages. A left join of the patients to their
 * entries was planned as a nested loop (or a scan of the whole cache) visiting about 2,500 pages
 * per read for 500 patients.
 */
export function prescriberStalePatients(db: Executor, prescriberId: string, today: IsoDate) {
  const current = db
    .selectFrom('worklist_entries as w')
    .select('w.patient_id as id')
    .where('w.prescriber_id', '=', prescriberId)
    .where('w.valid_until', '>', sql<string>`${today}::date`)
    .where('w.needs_refresh', '=', false);
  return db.selectFrom('patients as p').select('p.id').where('p.prescriber_id', '=', prescriberId).except(current);
}

/**
 * Whether any of a prescriber's entries is marked or expired on `today`: two index probes (every
 * worklist read asks; usually the answer is no). Every patient has an entry from the transaction
 * that enrolled them (migrations/0026), so a patient without one is not looked for here: only an
 * entry deleted by hand can be missing, and the scheduled refresh (staleWorklistPatients with no
 * prescriber) computes it within its next run.
 */
export function prescriberHasStaleEntries(db: Executor, prescriberId: string, today: IsoDate) {
  const marked = db
    .selectFrom('worklist_entries as w')
    .select(sql<number>`1`.as('one'))
    .where('w.prescriber_id', '=', prescriberId)
    .where('w.needs_refresh', '=', true);
  const expired = db
    .selectFrom('worklist_entries as w')
    .select(sql<number>`1`.as('one'))
    .where('w.prescriber_id', '=', prescriberId)
    .where('w.valid_until', '<=', sql<string>`${today}::date`);
  return sql<boolean>`(EXISTS (${marked}) OR EXISTS (${expired}))`;
}

export async function currentFactVersion(db: Executor, patientId: string): Promise<string | null> {
  const row = await db.selectFrom('worklist_entries').select('fact_version').where('patient_id', '=', patientId).executeTakeFirst();
  return row?.fact_version ?? null;
}

/**
 * Stores a computed entry, unless a write bumped the version since `readVersion` was read (then
 * the row stays marked and the next refresh recomputes it). Returns whether it was stored.
 */
export async function storeWorklistEntry(
  db: Executor,
  patientId: string,
  prescriberId: string,
  readVersion: string | null,
  entry: WorklistEntry,
  summary: PatientStateSummary,
): Promise<boolean> {
  const values = {
    summary: JSON.stringify(summary),
    needs_refresh: false,
    computed_on: entry.computedOn,
    valid_until: entry.validUntil,
    urgency: entry.urgency,
    due_on: entry.dueOn,
    state: entry.state,
    items: JSON.stringify(entry.items),
  };
  if (readVersion === null) {
    const inserted = await db
      .insertInto('worklist_entries')
      .values({ patient_id: patientId, prescriber_id: prescriberId, ...values })
      .onConflict((conflict) => conflict.column('patient_id').doNothing())
      .executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
  }
  const updated = await db
    .updateTable('worklist_entries')
    // The patient's prescriber too, so an entry filed under another one is moved to the right list.
    .set({ ...values, prescriber_id: prescriberId })
    .where('patient_id', '=', patientId)
    .where('fact_version', '=', readVersion)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) > 0;
}

export interface ComputedWorklistEntry {
  patientId: string;
  prescriberId: string;
  /** The entry's fact_version read before the facts it was computed from; null when there was no entry. */
  readVersion: string | null;
  entry: WorklistEntry;
  summary: PatientStateSummary;
}

/**
 * storeWorklistEntry for a batch, in one statement: each entry is inserted when none existed (and
 * none was inserted meanwhile), or updated when its version is still the one read before its
 * facts; an entry whose facts changed since stays marked for the next refresh. Returns how many were stored.
 */
export async function storeWorklistEntries(db: Executor, entries: readonly ComputedWorklistEntry[]): Promise<number> {
  if (entries.length === 0) {
    return 0;
  }
  const rows = entries.map(({ patientId, prescriberId, readVersion, entry, summary }) => ({
    patient_id: patientId,
    prescriber_id: prescriberId,
    read_version: readVersion,
    summary,
    computed_on: entry.computedOn,
    valid_until: entry.validUntil,
    urgency: entry.urgency,
    due_on: entry.dueOn,
    state: entry.state,
    items: entry.items,
  }));
  const result = await sql<{ stored: number }>`
    WITH v AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS v(
        patient_id uuid, prescriber_id uuid, read_version bigint, summary jsonb, computed_on date, valid_until date,
        urgency smallint, due_on date, state text, items jsonb)
    ),
    inserted AS (
      INSERT INTO worklist_entries (patient_id, prescriber_id, summary, needs_refresh, computed_on, valid_until, urgency, due_on, state, items)
      SELECT patient_id, prescriber_id, summary, false, computed_on, valid_until, urgency, due_on, state, items FROM v WHERE read_version IS NULL
      ON CONFLICT (patient_id) DO NOTHING
      RETURNING 1
    ),
    updated AS (
      -- The patient's prescriber too, so an entry filed under another one is moved to the right list.
      UPDATE worklist_entries w
      SET summary = v.summary, needs_refresh = false, computed_on = v.computed_on, valid_until = v.valid_until, urgency = v.urgency,
          due_on = v.due_on, state = v.state, items = v.items, prescriber_id = v.prescriber_id
      FROM v
      WHERE v.read_version IS NOT NULL AND w.patient_id = v.patient_id AND w.fact_version = v.read_version
      RETURNING 1
    )
    SELECT ((SELECT count(*) FROM inserted) + (SELECT count(*) FROM updated))::int AS stored`.execute(db);
  return result.rows[0]?.stored ?? 0;
}
