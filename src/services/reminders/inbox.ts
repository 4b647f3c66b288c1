// The in-app inbox: the delivered reminders addressed to the person logged in.
import type { Actor, Services } from '../context.js';
import { NotFoundError } from '../errors.js';

export async function readInbox(services: Services, actor: Actor) {
  const rows = await services.db
    .selectFrom('outbox_messages')
    .select(['id', 'kind', 'subject', 'body', 'due_on', 'delivered_at', 'read_at'])
    .where('recipient_user_id', '=', actor.userId)
    .where('delivered_at', 'is not', null)
    .orderBy('delivered_at', 'desc')
    .limit(200)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    subject: row.subject,
    body: row.body,
    dueOn: row.due_on,
    deliveredAt: row.delivered_at?.toISOString() ?? null,
    read: row.read_at !== null,
  }));
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
