// Reads and writes of the worklist cache (migrations/0003_worklist.sql).
import { sql } from 'kysely';
import type { IsoDate } from '../domain/dates.js';
import type { WorklistEntry } from '../domain/worklist.js';
import type { Executor } from '../services/context.js';

/** Called in the transaction of every write to a patient's facts. */
export async function markWorklistStale(db: Executor, patientId: string, prescriberId: string): Promise<void> {
  await db
    .insertInto('worklist_entries')
    .values({ patient_id: patientId, prescriber_id: prescriberId })
    .onConflict((conflict) =>
      conflict.column('patient_id').doUpdateSet({
        needs_refresh: true,
        prescriber_id: prescriberId,
        fact_version: sql`worklist_entries.fact_version + 1`,
      }),
    )
    .execute();
}

/** Patients (of one prescriber, or all) whose entry is missing, marked, or expired on `today`. */
export async function staleWorklistPatients(db: Executor, prescriberId: string | null, today: IsoDate, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('patients as p')
    .leftJoin('worklist_entries as w', 'w.patient_id', 'p.id')
    .select('p.id')
    .$if(prescriberId !== null, (query) => query.where('p.prescriber_id', '=', prescriberId as string))
    .where((eb) => eb.or([eb('w.patient_id', 'is', null), eb('w.needs_refresh', '=', true), eb('w.valid_until', '<=', sql<string>`${today}::date`)]))
    .limit(limit)
    .execute();
  return rows.map((row) => row.id);
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
): Promise<boolean> {
  const values = {
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
    .set(values)
    .where('patient_id', '=', patientId)
    .where('fact_version', '=', readVersion)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) > 0;
}
