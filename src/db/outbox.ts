// The outbox of reminders (migrations/0002_clinical.sql): planned once per occasion (dedupe key),
// delivered when due, then readable in the recipient's inbox.
import { sql } from 'kysely';
import type { Reminder } from '../domain/reminders.js';
import type { Executor } from './executor.js';

/** A planned reminder with its words, in its reader's language (services: messages/patient/reminderText.ts). */
export type WrittenReminder = Omit<Reminder, 'message'> & { subject: string; body: string };

export async function enqueueReminders(
  db: Executor,
  patient: { id: string; userId: string | null; prescriberId: string },
  reminders: readonly WrittenReminder[],
  channel: 'inbox' | 'smtp',
): Promise<void> {
  await enqueueRemindersMany(db, [{ patient, reminders }], channel);
}

/** The same for a batch of patients (the worklist refresh), in one statement. */
export async function enqueueRemindersMany(
  db: Executor,
  planned: ReadonlyArray<{ patient: { id: string; userId: string | null; prescriberId: string }; reminders: readonly WrittenReminder[] }>,
  channel: 'inbox' | 'smtp',
): Promise<void> {
  const rows = planned.flatMap(({ patient, reminders }) =>
    reminders.flatMap((reminder) => {
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
    }),
  );
  if (rows.length === 0) {
    return;
  }
  // One statement text whatever the count (a multi-row VALUES would be a new prepared statement per
  // count, src/db/database.ts), and one parameter however many rows.
  await sql`
    INSERT INTO outbox_messages (patient_id, recipient_user_id, kind, subject, body, due_on, channel, dedupe_key)
    SELECT patient_id, recipient_user_id, kind, subject, body, due_on, channel, dedupe_key
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(
      patient_id uuid, recipient_user_id uuid, kind text, subject text, body text, due_on date, channel text, dedupe_key text)
    ON CONFLICT (dedupe_key) DO NOTHING`.execute(db);
}

// Due reminders are claimed and delivered in services/reminders/deliverReminders.ts.
