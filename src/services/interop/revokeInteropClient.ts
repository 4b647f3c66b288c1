// An administrator revokes a registered client (issue 11): its tokens are forgotten in the same
// transaction, and every later request with one is refused.
import { requireRole } from '../access.js';
import { writeAudit } from '../audit.js';
import type { Actor, Services } from '../context.js';
import { NotFoundError } from '../errors.js';

/** Revoking takes effect at once: the client's tokens are checked against it on every request. */
export async function revokeInteropClient(services: Services, actor: Actor, id: string) {
  requireRole(actor, 'admin');
  return services.db.transaction().execute(async (trx) => {
    const client = await trx.selectFrom('interop_clients').select(['id', 'client_id']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (client === undefined) {
      throw new NotFoundError('Client');
    }
    await trx
      .insertInto('interop_client_revocations')
      .values({ client_id: client.id, revoked_by: actor.userId })
      .onConflict((oc) => oc.column('client_id').doNothing())
      .execute();
    await trx.deleteFrom('interop_access_tokens').where('client_id', '=', client.id).execute();
    await writeAudit(trx, actor, { action: 'interopClient.revoke', entity: 'interop_client', entityId: client.id, outcome: 'ok' });
    return { id: client.id, clientId: client.client_id, revoked: true };
  });
}
