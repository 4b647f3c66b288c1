// The prescriber's worklist: every patient of theirs who needs something, most urgent first
// (urgent alerts and pregnancy holds, then windows closing soonest, then what is overdue, then
// warnings, then what is due this week), each with what to do, the words for the patient's state
// (domain/stateWords.ts) and, per triage group, how many items it holds.
import { sql } from 'kysely';
import type { PatientStateSummary } from '../../domain/stateWords.js';

/** The part of the state's words a worklist card shows: its badge. */
export type PatientStateBadge = Pick<PatientStateSummary, 'tone' | 'label'>;
import { type WorklistGroup, type WorklistItem } from '../../domain/worklist.js';
import { careTeamPrescriberId } from '../access.js';
import { writeAudit } from '../audit.js';
import { programToday, type Actor, type Services } from '../context.js';
import { ForbiddenError, InvalidInputError } from '../errors.js';
import { refreshStaleEntries } from './refreshWorklistEntry.js';
import { prescriberHasStaleEntries } from '../../db/worklistEntries.js';
import type { IsoDate } from '../../domain/dates.js';

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
  // Usually nothing is stale, so one statement checks that and reads everything the answer needs;
  // when something is, it is recomputed first (set-based, refreshWorklistEntry.ts) and read again.
  let read = await readWorklist(services, prescriberId, today, cursor, options.limit);
  if (read.anyStale) {
    await refreshStaleEntries(services, prescriberId, today);
    read = await readWorklist(services, prescriberId, today, cursor, options.limit);
  }
  const rows = read.page;
  const more = rows.length > options.limit;
  const page = more ? rows.slice(0, options.limit) : rows;
  const counted = read.counts;
  const latestSnoozes = read.snoozes;
  // Only snoozes still running come back (the statement keeps those after today).
  const snoozed = latestSnoozes
    .map((row) => ({
      patientId: row.patient_id,
      programId: row.program_id,
      name: `${row.given_name} ${row.family_name}`,
      itemCode: row.item_code,
      until: row.snoozed_until,
    }))
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
  const groups: Record<WorklistGroup, number> = { urgent: counted.urgent, blocksFill: counted.blocksFill, dueSoon: counted.dueSoon, routine: counted.routine };
  const last = page.at(-1);
  const next =
    more && last !== undefined
      ? encodeWorklistCursor({ urgency: last.urgency ?? 0, dueOn: last.due_on ?? NO_DUE_DATE, familyName: last.family_name, patientId: last.id })
      : null;
  return { asOf: today, groups, patients, snoozed, next };
}

interface WorklistRow {
  id: string;
  program_id: string;
  given_name: string;
  family_name: string;
  urgency: number | null;
  due_on: string | null;
  state: string | null;
  items: unknown;
  summary: PatientStateBadge | null;
}

/**
 * One round trip for a steady-state read (issue 12, item 6: each statement cost the server about
 * 0.1 ms of CPU in socket writes alone): whether any of the prescriber's entries is stale, one page
 * of the list in a stable order (the patient id breaks the last ties; one row more than the page
 * to know whether another follows), the whole list's item count per triage group (each entry
 * carries its counts, generated from its items: migration 0025), and the latest snooze of each
 * snoozed item (what is snoozed stays in sight, folded away on the page). Only what a card shows:
 * the state's badge (tone and label), not its headline, steps and blockers (the patient's page).
 */
async function readWorklist(services: Services, prescriberId: string, today: IsoDate, cursor: WorklistCursor | null, limit: number) {
  const dueOrder = sql`coalesce(w.due_on, ${NO_DUE_DATE}::date)`;
  const after =
    cursor === null
      ? sql`true`
      : sql`(w.urgency, ${dueOrder}, p.family_name, p.id) > (${cursor.urgency}::smallint, ${cursor.dueOn}::date, ${cursor.familyName}, ${cursor.patientId}::uuid)`;
  const { rows } = await sql<{
    any_stale: boolean;
    urgent: number;
    blocks_fill: number;
    due_soon: number;
    routine: number;
    page: WorklistRow[];
    snoozes: Array<{ patient_id: string; item_code: string; snoozed_until: string; given_name: string; family_name: string; program_id: string }>;
  }>`
    WITH page AS (
      SELECT p.id, p.program_id, p.given_name, p.family_name, w.urgency, w.due_on, w.state, w.items,
             CASE WHEN w.summary IS NULL THEN NULL ELSE jsonb_build_object('tone', w.summary->'tone', 'label', w.summary->'label') END AS summary
      FROM worklist_entries w JOIN patients p ON p.id = w.patient_id
      WHERE w.prescriber_id = ${prescriberId} AND w.urgency IS NOT NULL AND ${after}
      ORDER BY w.urgency, ${dueOrder}, p.family_name, p.id
      LIMIT ${limit + 1}
    ),
    latest_snoozes AS (
      SELECT DISTINCT ON (s.patient_id, s.item_code) s.patient_id, s.item_code, s.snoozed_until, p.given_name, p.family_name, p.program_id
      FROM worklist_snoozes s JOIN patients p ON p.id = s.patient_id
      WHERE p.prescriber_id = ${prescriberId}
      ORDER BY s.patient_id, s.item_code, s.recorded_at DESC
    )
    SELECT
      -- Any of the prescriber's entries marked or expired (db/worklistEntries.ts).
      ${prescriberHasStaleEntries(services.db, prescriberId, today)} AS any_stale,
      coalesce(sum(w.urgent_items), 0)::int AS urgent,
      coalesce(sum(w.blocks_fill_items), 0)::int AS blocks_fill,
      coalesce(sum(w.due_soon_items), 0)::int AS due_soon,
      coalesce(sum(w.routine_items), 0)::int AS routine,
      -- json, not jsonb: the page is only sent on (jsonb_agg cost PostgreSQL about 1 ms more a read).
      (SELECT coalesce(json_agg(page ORDER BY page.urgency, coalesce(page.due_on, ${NO_DUE_DATE}::date), page.family_name, page.id), '[]') FROM page) AS page,
      (SELECT coalesce(json_agg(latest_snoozes), '[]') FROM latest_snoozes WHERE snoozed_until > ${today}::date) AS snoozes
    FROM worklist_entries w
    WHERE w.prescriber_id = ${prescriberId} AND w.urgency IS NOT NULL`.execute(services.db);
  const row = rows[0];
  if (row === undefined) {
    throw new Error('the worklist read returned no row');
  }
  return {
    anyStale: row.any_stale,
    page: row.page,
    counts: { urgent: row.urgent, blocksFill: row.blocks_fill, dueSoon: row.due_soon, routine: row.routine },
    snoozes: row.snoozes,
  };
}
