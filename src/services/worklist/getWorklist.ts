// The prescriber's worklist: every patient of theirs who needs something, most urgent first
// (urgent alerts and pregnancy holds, then windows closing soonest, then what is overdue, then
// warnings, then what is due this week), each with what to do, the words for the patient's state
// (domain/stateWords.ts) and, per triage group, how many items it holds.
import { sql } from 'kysely';
import type { PatientStateSummary } from '../../domain/stateWords.js';

/** The part of the state's words a worklist card shows: its badge. */
export type PatientStateBadge = Pick<PatientStateSummary, 'tone' | 'label'>;
import { WORKLIST_GROUPS, type WorklistGroup, type WorklistItem } from '../../domain/worklist.js';
import { careTeamPrescriberId } from '../access.js';
import { writeAudit } from '../audit.js';
import { programToday, type Actor, type Services } from '../context.js';
import { ForbiddenError, InvalidInputError } from '../errors.js';
import { refreshStaleEntries } from './refreshWorklistEntry.js';


/** The API's default page: what a screen shows first; the rest comes a page at a time ("Show more"). */
export const WORKLIST_DEFAULT_LIMIT = 50;

/** Where a page ends, in the list's order: urgency, due date (none last), family name, patient id. */
interface WorklistCursor {
  urgency: number;
  dueOn: string;
  familyName: string;
  patientId: string;
}

/** The same day as 'infinity' in the order: an entry without a due date comes after every dated one. */
const NO_DUE_DATE = '9999-12-31';

export function encodeWorklistCursor(cursor: WorklistCursor): string {
  return Buffer.from(JSON.stringify([cursor.urgency, cursor.dueOn, cursor.familyName, cursor.patientId])).toString('base64url');
}

/** The cursor of `after`, or an InvalidInputError naming the parameter (a cursor is only ever one this API made). */
export function decodeWorklistCursor(after: string): WorklistCursor {
  try {
    const [urgency, dueOn, familyName, patientId] = JSON.parse(Buffer.from(after, 'base64url').toString('utf8')) as unknown[];
    if (
      typeof urgency === 'number' &&
      Number.isInteger(urgency) &&
      urgency >= 0 &&
      urgency < 100 &&
      typeof dueOn === 'string' &&
      /^\d{4}-\d{2}-\d{2}$/.test(dueOn) &&
      typeof familyName === 'string' &&
      typeof patientId === 'string' &&
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(patientId)
    ) {
      return { urgency, dueOn, familyName, patientId };
    }
  } catch {
    // Not base64url JSON: refused below.
  }
  throw new InvalidInputError([{ field: 'after', code: 'INVALID_CURSOR', message: 'not a cursor of this list (use the `next` of the page before)' }]);
}

export async function getWorklist(services: Services, actor: Actor, options: { limit: number; after?: string }) {
  const prescriberId = careTeamPrescriberId(actor);
  if (prescriberId === null) {
    throw new ForbiddenError('The worklist is for a prescriber and their delegates.');
  }
  const cursor = options.after === undefined ? null : decodeWorklistCursor(options.after);
  const today = programToday(services);
  await refreshStaleEntries(services, prescriberId, today);
  // One page, in a stable order (the patient id breaks the last ties), one row more than the page
  // to know whether another follows. Only what a card shows: the state's badge (tone and label) of
  // the summary, not its headline, steps and blockers (the patient's page shows those).
  const dueOrder = sql<string>`coalesce(w.due_on, ${NO_DUE_DATE}::date)`;
  const rows = await services.db
    .selectFrom('worklist_entries as w')
    .innerJoin('patients as p', 'p.id', 'w.patient_id')
    .select([
      'p.id',
      'p.program_id',
      'p.given_name',
      'p.family_name',
      'w.urgency',
      'w.due_on',
      'w.state',
      'w.items',
      sql<PatientStateBadge | null>`CASE WHEN w.summary IS NULL THEN NULL ELSE jsonb_build_object('tone', w.summary->'tone', 'label', w.summary->'label') END`.as('summary'),
    ])
    .where('w.prescriber_id', '=', prescriberId)
    .where('w.urgency', 'is not', null)
    .$if(cursor !== null, (query) => {
      const after = cursor as WorklistCursor;
      return query.where(
        sql<boolean>`(w.urgency, ${dueOrder}, p.family_name, p.id) > (${after.urgency}::smallint, ${after.dueOn}::date, ${after.familyName}, ${after.patientId}::uuid)`,
      );
    })
    .orderBy('w.urgency')
    .orderBy(dueOrder)
    .orderBy('p.family_name')
    .orderBy('p.id')
    .limit(options.limit + 1)
    .execute();
  const more = rows.length > options.limit;
  const page = more ? rows.slice(0, options.limit) : rows;
  // Per triage group, how many items the whole list holds (not only this page), counted in SQL.
  const counted = await services.db
    .selectFrom('worklist_entries as w')
    .innerJoin(sql<{ item: unknown }>`jsonb_array_elements(w.items)`.as('i'), (join) => join.onTrue())
    .select([sql<string>`i.value->>'group'`.as('group'), sql<number>`count(*)::int`.as('items')])
    .where('w.prescriber_id', '=', prescriberId)
    .where('w.urgency', 'is not', null)
    .groupBy(sql`i.value->>'group'`)
    .execute();
  // What is snoozed stays in sight (folded away on the page): the latest snooze of each item, if still running.
  const latestSnoozes = await services.db
    .selectFrom('worklist_snoozes as s')
    .innerJoin('patients as p', 'p.id', 's.patient_id')
    .distinctOn(['s.patient_id', 's.item_code'])
    .select(['s.patient_id', 's.item_code', 's.snoozed_until', 's.recorded_at', 'p.given_name', 'p.family_name', 'p.program_id'])
    .where('p.prescriber_id', '=', prescriberId)
    .orderBy('s.patient_id')
    .orderBy('s.item_code')
    .orderBy('s.recorded_at', 'desc')
    .execute();
  const snoozed = latestSnoozes
    .filter((row) => row.snoozed_until > today)
    .map((row) => ({ patientId: row.patient_id, programId: row.program_id, name: `${row.given_name} ${row.family_name}`, itemCode: row.item_code, until: row.snoozed_until }))
    .sort((a, b) => a.until.localeCompare(b.until) || a.name.localeCompare(b.name));
  await writeAudit(services.db, actor, { action: 'worklist.read', outcome: 'ok', detail: { patients: page.length } });
  const patients = page.map((row) => ({
    patientId: row.id,
    programId: row.program_id,
    name: `${row.given_name} ${row.family_name}`,
    state: row.state,
    urgency: row.urgency,
    dueOn: row.due_on,
    summary: row.summary,
    items: row.items as WorklistItem[],
  }));
  const groups = Object.fromEntries(WORKLIST_GROUPS.map((group) => [group, 0])) as Record<WorklistGroup, number>;
  for (const row of counted) {
    if (row.group in groups) {
      groups[row.group as WorklistGroup] += row.items;
    }
  }
  const last = page.at(-1);
  const next =
    more && last !== undefined
      ? encodeWorklistCursor({ urgency: last.urgency ?? 0, dueOn: last.due_on ?? NO_DUE_DATE, familyName: last.family_name, patientId: last.id })
      : null;
  return { asOf: today, groups, patients, snoozed, next };
}
