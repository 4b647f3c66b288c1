// Reads of the worklist snoozes (migrations/0014_worklist_snoozes.sql): the latest snooze of each
// item code still running on `today` (a later snooze of the same code replaces an earlier one).
import { sql } from 'kysely';
import type { IsoDate } from '../domain/dates.js';
import type { WorklistSnooze } from '../domain/worklist.js';
import type { Executor } from './executor.js';

export async function activeWorklistSnoozes(db: Executor, patientId: string, today: IsoDate): Promise<WorklistSnooze[]> {
  return (await activeWorklistSnoozesMany(db, [patientId], today)).get(patientId) ?? [];
}

/** The same, for each of a batch of patients (the worklist refresh), in one statement. */
export async function activeWorklistSnoozesMany(db: Executor, patientIds: readonly string[], today: IsoDate): Promise<Map<string, WorklistSnooze[]>> {
  const byPatient = new Map<string, WorklistSnooze[]>(patientIds.map((id) => [id, []]));
  if (patientIds.length === 0) {
    return byPatient;
  }
  const rows = await db
    .selectFrom('worklist_snoozes')
    .select(['patient_id', 'item_code', 'snoozed_until', 'recorded_at'])
    .where('patient_id', '=', sql<string>`any(${[...new Set(patientIds)]}::uuid[])`)
    .orderBy('recorded_at')
    .execute();
  const latest = new Map<string, Map<string, IsoDate>>();
  for (const row of rows) {
    let codes = latest.get(row.patient_id);
    if (codes === undefined) {
      codes = new Map();
      latest.set(row.patient_id, codes);
    }
    codes.set(row.item_code, row.snoozed_until);
  }
  for (const [patientId, codes] of latest) {
    byPatient.set(
      patientId,
      [...codes].filter(([, until]) => until > today).map(([code, until]) => ({ code, until })),
    );
  }
  return byPatient;
}
