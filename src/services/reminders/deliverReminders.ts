// Delivers the reminders that are due: each is claimed by this run, handed to its transport, and
// marked delivered once the transport accepted it; a failure is counted and kept for the next round
// (nothing accepted is lost).
//
// Every app server runs this each minute. A reminder is claimed with one UPDATE over the due rows
// `FOR UPDATE SKIP LOCKED`: two servers never claim the same reminder, and neither waits for the
// other. The claim is a column (claimed_until, on the database's clock), not a lock or an open
// transaction: no connection is held while the mail server answers, and it works through a
// transaction-pooling PgBouncer.
//
// A server that dies between claiming and marking leaves its claims behind. They expire after
// REMINDER_CLAIM_MINUTES and another server delivers them: **at least once**. The other choice,
// at most once (a claim that never expires), would silently drop the reminders of a server killed
// mid-delivery. A reminder here tells a patient that a pregnancy test or a visit is due before her
// window closes; losing one can cost her the month's prescription, while a second copy of the same
// email costs a moment's annoyance. So a reminder may go out twice only when its server died after
// the mail server accepted it and before the next statement marked it delivered, and then not before
// the claim expired; every copy carries the same Message-ID (the outbox row's id), by which a mail
// system can recognise the duplicate.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { programToday, type Services } from '../context.js';
import { inboxTransport } from './transports.js';

/**
 * How long a claim holds. Far longer than one delivery can take (the SMTP transport gives up on a
 * silent server after SMTP_SOCKET_TIMEOUT_MS, transports.ts; a run sends at most REMINDER_BATCH), so
 * a claim expires only when its server is gone; and short enough that the reminders of a server
 * that died go out within the hour.
 */
export const REMINDER_CLAIM_MINUTES = 30;
/** Reminders claimed (and sent) per run and server. */
export const REMINDER_BATCH = 100;
/** A reminder that failed this many times is left for someone to look at (outbox_messages.last_error). */
const MAX_ATTEMPTS = 10;

interface ClaimedMessage {
  id: string;
  channel: 'inbox' | 'smtp';
  subject: string;
  body: string;
  attempts: number;
  email: string | null;
}

export async function deliverReminders(services: Services): Promise<{ delivered: number; failed: number }> {
  const transport = services.messageTransport ?? inboxTransport;
  const claim = randomUUID();
  const messages = await claimDueMessages(services, claim);
  let delivered = 0;
  let failed = 0;
  for (const message of messages) {
    try {
      if (message.channel === 'smtp') {
        await transport.send({ id: message.id, to: message.email, subject: message.subject, body: message.body });
      }
      // Whoever holds the claim now: once the mail server took it, it is delivered.
      await services.db
        .updateTable('outbox_messages')
        .set({ delivered_at: services.now(), last_error: null, claimed_until: null, claimed_by: null })
        .where('id', '=', message.id)
        .where('delivered_at', 'is', null)
        .execute();
      delivered += 1;
    } catch (error) {
      failed += 1;
      // Released for the next round, by any server.
      await services.db
        .updateTable('outbox_messages')
        .set({
          attempts: message.attempts + 1,
          last_error: error instanceof Error ? error.message.slice(0, 500) : 'delivery failed',
          claimed_until: null,
          claimed_by: null,
        })
        .where('id', '=', message.id)
        .where('claimed_by', '=', claim)
        .execute();
    }
  }
  return { delivered, failed };
}

/** Claims up to REMINDER_BATCH due reminders nobody holds, oldest due first, in one statement. */
async function claimDueMessages(services: Services, claim: string): Promise<ClaimedMessage[]> {
  const today = programToday(services);
  const { rows } = await sql<ClaimedMessage>`
    WITH due AS (
      SELECT id FROM outbox_messages
      WHERE delivered_at IS NULL
        AND due_on <= ${today}::date
        AND attempts < ${MAX_ATTEMPTS}
        AND (claimed_until IS NULL OR claimed_until < clock_timestamp())
      ORDER BY due_on
      LIMIT ${REMINDER_BATCH}
      FOR UPDATE SKIP LOCKED
    ), claimed AS (
      UPDATE outbox_messages m
      SET claimed_until = clock_timestamp() + make_interval(mins => ${REMINDER_CLAIM_MINUTES}), claimed_by = ${claim}
      FROM due
      WHERE m.id = due.id
      RETURNING m.id, m.channel, m.subject, m.body, m.attempts, m.due_on, m.recipient_user_id
    )
    SELECT claimed.id, claimed.channel, claimed.subject, claimed.body, claimed.attempts, u.email
    FROM claimed LEFT JOIN users u ON u.id = claimed.recipient_user_id
    ORDER BY claimed.due_on, claimed.id`.execute(services.db);
  return rows;
}
