// The outbox of reminders (migrations/0002_clinical.sql): planned once per occasion (dedupe key),
// delivered when due, then readable in the recipient's inbox.
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

// Due reminders are claimed and delivered in services/reminders/deliverReminders.ts.
