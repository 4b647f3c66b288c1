// Delivers the reminders that are due: each is marked delivered once its transport accepted it;
// a failure is counted and kept for the next round (nothing accepted is lost).
import { dueMessages } from '../../db/outbox.js';
import { programToday, type Services } from '../context.js';
import { inboxTransport } from './transports.js';

export async function deliverReminders(services: Services): Promise<{ delivered: number; failed: number }> {
  const transport = services.messageTransport ?? inboxTransport;
  const messages = await dueMessages(services.db, programToday(services), 100);
  let delivered = 0;
  let failed = 0;
  for (const message of messages) {
    try {
      if (message.channel === 'smtp') {
        await transport.send({ to: message.email, subject: message.subject, body: message.body });
      }
      await services.db.updateTable('outbox_messages').set({ delivered_at: services.now(), last_error: null }).where('id', '=', message.id).execute();
      delivered += 1;
    } catch (error) {
      failed += 1;
      await services.db
        .updateTable('outbox_messages')
        .set({ attempts: message.attempts + 1, last_error: error instanceof Error ? error.message.slice(0, 500) : 'delivery failed' })
        .where('id', '=', message.id)
        .execute();
    }
  }
  return { delivered, failed };
}
