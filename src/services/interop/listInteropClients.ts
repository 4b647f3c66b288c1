// The machines registered to talk to isocourse (issue 11), for the administrator: each with its
// practice or pharmacy, its scopes and whether it was revoked.
import { requireRole } from '../access.js';
import type { Actor, Services } from '../context.js';

export async function listInteropClients(services: Services, actor: Actor) {
  requireRole(actor, 'admin');
  const rows = await services.db
    .selectFrom('interop_clients as c')
    .innerJoin('organizations as o', 'o.id', 'c.organization_id')
    .leftJoin('interop_client_revocations as r', 'r.client_id', 'c.id')
    .select(['c.id', 'c.client_id', 'c.name', 'c.organization_id', 'o.kind', 'c.scopes', 'c.jwks_url', 'c.registered_at', 'r.revoked_at'])
    .orderBy('c.registered_at')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    clientId: row.client_id,
    name: row.name,
    organizationId: row.organization_id,
    kind: row.kind,
    scopes: row.scopes,
    jwksUrl: row.jwks_url,
    registeredAt: row.registered_at.toISOString(),
    revoked: row.revoked_at !== null,
  }));
}
