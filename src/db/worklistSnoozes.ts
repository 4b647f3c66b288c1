// Reads of the worklist snoozes (migrations/0014_worklist_snoozes.sql): the latest snooze of each
// item code still running on `today` (a later snooze of the same code replaces an earlier one).
import type { IsoDate } from '../domain/dates.js';
import type { WorklistSnooze } from '../domain/worklist.js';
import type { Executor } from '../services/context.js';

export async function activeWorklistSnoozes(db: Executor, patientId: string, today: IsoDate): Promise<WorklistSnooze[]> {
  const rows = await db
    .selectFrom('worklist_snoozes')
    .select(['item_code', 'snoozed_until', 'recorded_at'])
    .where('patient_id', '=', patientId)
    .orderBy('recorded_at')
    .execute();
  const latest = new Map<string, IsoDate>();
  for (const row of rows) {
    latest.set(row.item_code, row.snoozed_until);
  }
  return [...latest].filter(([, until]) => until > today).map(([code, until]) => ({ code, until }));
}
