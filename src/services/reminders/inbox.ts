// The in-app inbox: the delivered reminders addressed to the person logged in, each marked done
// when the facts say its task is done today (reminderTaskDone: derived on every read, no flag).
import { loadPatientFacts } from '../../db/patientFacts.js';
import { patientStatusOf } from '../programs/patientStatus.js';
import { loadOrganizationProgram, programFor, todayFor } from '../programs/programFor.js';
import { reminderTaskDone, type ReminderEvidence } from '../../domain/reminders.js';
import { programToday, type Actor, type Services } from '../context.js';
import { NotFoundError } from '../errors.js';

/**
 * What the reminders of one patient are judged against, read once per patient of the inbox: her
 * status as her practice's program derives it, on her practice's today (the same as her to-do list).
 */
async function evidenceOf(services: Services, patientId: string): Promise<ReminderEvidence | undefined> {
  const patient = await services.db.selectFrom('patients').select(['id', 'prescriber_id', 'practice_id']).where('id', '=', patientId).executeTakeFirst();
  if (patient === undefined) {
    return undefined;
  }
  const program = programFor(services.program, await loadOrganizationProgram(services.db, patient.practice_id), programToday(services));
  const today = todayFor(program, services.now());
  const [facts, labs] = await Promise.all([
    loadPatientFacts(services.db, patientId, today),
    services.db.selectFrom('lab_results').select('collected_on').where('patient_id', '=', patientId).execute(),
  ]);
  const status = await patientStatusOf(services.db, { patient, facts, today, program });
  return { facts, status, labsCollectedOn: labs.map((lab) => lab.collected_on) };
}

export async function readInbox(services: Services, actor: Actor) {
  const rows = await services.db
    .selectFrom('outbox_messages')
    .select(['id', 'patient_id', 'kind', 'dedupe_key', 'subject', 'body', 'due_on', 'delivered_at', 'read_at'])
    .where('recipient_user_id', '=', actor.userId)
    .where('delivered_at', 'is not', null)
    .orderBy('delivered_at', 'desc')
    .limit(200)
    .execute();
  const evidence = new Map<string, ReminderEvidence>();
  for (const patientId of new Set(rows.map((row) => row.patient_id))) {
    const known = await evidenceOf(services, patientId);
    if (known !== undefined) {
      evidence.set(patientId, known);
    }
  }
  return rows.map((row) => {
    const known = evidence.get(row.patient_id);
    const prefix = `${row.patient_id}:`;
    const dedupeKey = row.dedupe_key.startsWith(prefix) ? row.dedupe_key.slice(prefix.length) : row.dedupe_key;
    return {
      id: row.id,
      kind: row.kind,
      subject: row.subject,
      body: row.body,
      dueOn: row.due_on,
      deliveredAt: row.delivered_at?.toISOString() ?? null,
      read: row.read_at !== null,
      done: known === undefined ? false : reminderTaskDone({ kind: row.kind, dedupeKey, dueOn: row.due_on }, known),
    };
  });
}

export async function markInboxMessageRead(services: Services, actor: Actor, messageId: string) {
  const updated = await services.db
    .updateTable('outbox_messages')
    .set({ read_at: services.now() })
    .where('id', '=', messageId)
    .where('recipient_user_id', '=', actor.userId)
    .where('delivered_at', 'is not', null)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) {
    throw new NotFoundError('Message');
  }
  return { id: messageId, read: true };
}
