// The access tokens a registered client (an EHR, a pharmacy system) holds, SMART Backend Services:
// the client an assertion names, a token issued for it, and the actor behind a token presented.
// The assertion's signature and claims are checked at the edge (interop/smart/issueAccessToken.ts,
// with jose); what is stored and looked up is here.
import { createHash } from 'node:crypto';
import { writeAudit } from '../audit.js';
import type { ClientActor, Services } from '../context.js';

/** Tokens are stored by their hash: the table never holds one a reader could use. */
export function hashAccessToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** The client a token request names by its client_id, with its keys, scopes and revocation (null: unknown). */
export async function clientForAssertion(services: Services, clientId: string) {
  const client = await services.db
    .selectFrom('interop_clients as c')
    .innerJoin('organizations as o', 'o.id', 'c.organization_id')
    .leftJoin('interop_client_revocations as r', 'r.client_id', 'c.id')
    .select(['c.id', 'c.client_id', 'c.name', 'c.user_id', 'c.organization_id', 'o.kind', 'c.jwks', 'c.jwks_url', 'c.scopes', 'r.revoked_at'])
    .where('c.client_id', '=', clientId)
    .executeTakeFirst();
  return client ?? null;
}

export interface TokenIssue {
  /** The client acting (its row id is actor.client.id). */
  actor: ClientActor;
  /** The assertion's jti and when it expires: an assertion is used once. */
  assertionId: string;
  assertionExpiresAt: Date;
  token: string;
  scopes: string[];
  /** The moment the token is issued at (the assertion was checked against it); expired rows are those before it. */
  issuedAt: Date;
  expiresAt: Date;
}

/**
 * Stores an access token, in one transaction with the assertion's jti (a replay is refused:
 * 'replayed', and nothing is written), the client's expired jtis and tokens forgotten, and the
 * audit row.
 */
export async function storeAccessToken(services: Services, issue: TokenIssue): Promise<'stored' | 'replayed'> {
  const now = issue.issuedAt;
  const clientRowId = issue.actor.client.id;
  return services.db.transaction().execute(async (trx) => {
    const used = await trx
      .insertInto('interop_assertion_ids')
      .values({ client_id: clientRowId, jti: issue.assertionId, expires_at: issue.assertionExpiresAt })
      .onConflict((oc) => oc.columns(['client_id', 'jti']).doNothing())
      .returning('jti')
      .executeTakeFirst();
    if (used === undefined) {
      return 'replayed';
    }
    await trx.deleteFrom('interop_assertion_ids').where('client_id', '=', clientRowId).where('expires_at', '<', now).execute();
    await trx.deleteFrom('interop_access_tokens').where('client_id', '=', clientRowId).where('expires_at', '<', now).execute();
    await trx
      .insertInto('interop_access_tokens')
      .values({ token_hash: hashAccessToken(issue.token), client_id: clientRowId, scopes: issue.scopes, issued_at: now, expires_at: issue.expiresAt })
      .execute();
    await writeAudit(trx, issue.actor, {
      action: 'interopClient.token',
      entity: 'interop_client',
      entityId: clientRowId,
      outcome: 'ok',
      detail: { scopes: issue.scopes },
    });
    return 'stored';
  });
}

/** The actor behind an access token, or null when it is unknown, expired or its client revoked. */
export async function authenticateClientToken(services: Services, token: string, ip: string | null): Promise<ClientActor | null> {
  const row = await services.db
    .selectFrom('interop_access_tokens as t')
    .innerJoin('interop_clients as c', 'c.id', 't.client_id')
    .innerJoin('organizations as o', 'o.id', 'c.organization_id')
    .leftJoin('interop_client_revocations as r', 'r.client_id', 'c.id')
    .select(['c.id', 'c.client_id', 'c.name', 'c.user_id', 'c.organization_id', 'o.kind', 't.scopes', 't.expires_at', 'r.revoked_at'])
    .where('t.token_hash', '=', hashAccessToken(token))
    .executeTakeFirst();
  if (row === undefined || row.revoked_at !== null || row.expires_at.getTime() <= services.now().getTime()) {
    return null;
  }
  return {
    userId: row.user_id,
    role: row.kind === 'pharmacy' ? 'pharmacist' : 'delegate',
    organizationId: row.organization_id,
    supervisingPrescriberId: null,
    ip,
    client: { id: row.id, clientId: row.client_id, name: row.name, kind: row.kind, organizationId: row.organization_id, scopes: row.scopes },
  };
}
