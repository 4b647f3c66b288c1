// The prescriber's worklist: every patient of theirs who needs something, most urgent first
// (urgent alerts and pregnancy holds, then windows closing soonest, then what is overdue, then
// warnings, then what is due this week), each with what to do, the words for the patient's state
// (domain/stateWords.ts) and, per triage group, how many items it holds.
import { sql } from 'kysely';
import type { PatientStateSummary } from '../../domain/stateWords.js';
import { WORKLIST_GROUPS, type WorklistGroup, type WorklistItem } from '../../domain/worklist.js';
import { careTeamPrescriberId } from '../access.js';
import { writeAudit } from '../audit.js';
import { programToday, type Actor, type Services } from '../context.js';
import { ForbiddenError } from '../errors.js';
import { refreshStaleEntries } from './refreshWorklistEntry.js';


export async function getWorklist(services: Services, actor: Actor, options: { limit: number }) {
  const prescriberId = careTeamPrescriberId(actor);
  if (prescriberId === null) {
    throw new ForbiddenError('The worklist is for a prescriber and their delegates.');
  }
  const today = programToday(services);
  await refreshStaleEntries(services, prescriberId, today);
  const rows = await services.db
    .selectFrom('worklist_entries as w')
    .innerJoin('patients as p', 'p.id', 'w.patient_id')
    .select(['p.id', 'p.program_id', 'p.given_name', 'p.family_name', 'w.urgency', 'w.due_on', 'w.state', 'w.items', 'w.summary'])
    .where('w.prescriber_id', '=', prescriberId)
    .where('w.urgency', 'is not', null)
    .orderBy('w.urgency')
    .orderBy(sql`w.due_on ASC NULLS LAST`)
    .orderBy('p.family_name')
    .limit(options.limit)
    .execute();
  // What is snoozed stays in sight (folded away on the page): the latest snooze of each item, still running.
  const snoozeRows = await services.db
    .selectFrom('worklist_snoozes as s')
    .innerJoin('patients as p', 'p.id', 's.patient_id')
    .select(['s.patient_id', 's.item_code', 's.snoozed_until', 's.recorded_at', 'p.given_name', 'p.family_name', 'p.program_id'])
    .where('p.prescriber_id', '=', prescriberId)
    .where('s.snoozed_until', '>', today)
    .orderBy('s.recorded_at')
    .execute();
  const latestSnoozes = new Map<string, (typeof snoozeRows)[number]>();
  for (const row of snoozeRows) {
    latestSnoozes.set(`${row.patient_id} ${row.item_code}`, row);
  }
  // A later snooze of the same item that already ended replaces a running one: read every snooze of those items.
  const ended = await services.db
    .selectFrom('worklist_snoozes as s')
    .innerJoin('patients as p', 'p.id', 's.patient_id')
    .select(['s.patient_id', 's.item_code', 's.recorded_at'])
    .where('p.prescriber_id', '=', prescriberId)
    .where('s.snoozed_until', '<=', today)
    .execute();
  for (const row of ended) {
    const key = `${row.patient_id} ${row.item_code}`;
    const running = latestSnoozes.get(key);
    if (running !== undefined && row.recorded_at > running.recorded_at) {
      latestSnoozes.delete(key);
    }
  }
  const snoozed = [...latestSnoozes.values()]
    .map((row) => ({ patientId: row.patient_id, programId: row.program_id, name: `${row.given_name} ${row.family_name}`, itemCode: row.item_code, until: row.snoozed_until }))
    .sort((a, b) => a.until.localeCompare(b.until) || a.name.localeCompare(b.name));
  await writeAudit(services.db, actor, { action: 'worklist.read', outcome: 'ok', detail: { patients: rows.length } });
  const patients = rows.map((row) => ({
    patientId: row.id,
    programId: row.program_id,
    name: `${row.given_name} ${row.family_name}`,
    state: row.state,
    urgency: row.urgency,
    dueOn: row.due_on,
    summary: row.summary as PatientStateSummary,
    items: row.items as WorklistItem[],
  }));
  const groups = Object.fromEntries(WORKLIST_GROUPS.map((group) => [group, 0])) as Record<WorklistGroup, number>;
  for (const item of patients.flatMap((patient) => patient.items)) {
    groups[item.group] += 1;
  }
  return { asOf: today, groups, patients, snoozed };
}
