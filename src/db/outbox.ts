// The outbox of reminders (migrations/0002_clinical.sql): planned once per occasion (dedupe key),
// delivered when due, then readable in the recipient's inbox.
import type { IsoDate } from '../domain/dates.js';
import type { Reminder } from '../domain/reminders.js';
import type { Executor } from '../services/context.js';

export async function enqueueReminders(
  db: Executor,
  patient: { id: string; userId: string | null; prescriberId: string },
  reminders: readonly Reminder[],
  channel: 'inbox' | 'smtp',
): Promise<void> {
  const rows = reminders.flatMap((reminder) => {
    const recipient = reminder.recipient === 'patient' ? patient.userId : patient.prescriberId;
    // A patient without an account has no inbox: the clinic's worklist carries the same items.
    return recipient === null
      ? []
      : [
          {
            patient_id: patient.id,
            recipient_user_id: recipient,
            kind: reminder.kind,
            subject: reminder.subject,
            body: reminder.body,
            due_on: reminder.dueOn,
            channel,
            dedupe_key: `${patient.id}:${reminder.dedupeKey}`,
          },
        ];
  });
  if (rows.length > 0) {
    await db.insertInto('outbox_messages').values(rows).onConflict((conflict) => conflict.column('dedupe_key').doNothing()).execute();
  }
}

export async function dueMessages(db: Executor, today: IsoDate, limit: number) {
  return db
    .selectFrom('outbox_messages as m')
    .leftJoin('users as u', 'u.id', 'm.recipient_user_id')
    .select(['m.id', 'm.channel', 'm.subject', 'm.body', 'm.attempts', 'u.email'])
    .where('m.delivered_at', 'is', null)
    .where('m.due_on', '<=', today)
    .where('m.attempts', '<', 10)
    .orderBy('m.due_on')
    .limit(limit)
    .execute();
}
