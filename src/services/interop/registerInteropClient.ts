// An administrator registers a machine that talks to isocourse (issue 11): a practice's EHR or a
// pharmacy's system, with its public keys (a JWK Set, or the URL it publishes them at) and the
// scopes it may ever be granted. Each client acts through a user row of its own, so what it records
// is signed by it in recorded_by and the audit trail. The message's form (the keys, the URL, the
// SMART scopes) is checked at the edge (interop/smart/interopClients.ts), which passes on what it
// found wrong; the practice or pharmacy, the rows and the audit are here, in one transaction.
import { randomBytes } from 'node:crypto';
import { requireRole } from '../access.js';
import { writeAudit } from '../audit.js';
import type { Actor, Services } from '../context.js';
import { InvalidInputError, type FieldError } from '../errors.js';

export interface NewInteropClient {
  name: string;
  organizationId: string;
  scopes: string[];
  /** A JWK Set ({ keys: [...] }) of the client's public keys… */
  jwks?: { keys: Record<string, unknown>[] };
  /** …or the https URL it publishes them at (http only for 127.0.0.1 and localhost, for tests). */
  jwksUrl?: string;
}

/** The user rows of clients can never log in: this is not a password hash any password matches. */
const NO_PASSWORD = '!client: no password';
/** Where a client's user row gets its (unique, never mailed) email. */
const CLIENT_EMAIL_DOMAIN = 'clients.isocourse.invalid';

/**
 * Registers the client; `formProblems` are what the edge found wrong with the message's form,
 * reported after an unknown organization, all in one 422.
 */
export async function registerInteropClient(services: Services, actor: Actor, input: NewInteropClient, formProblems: readonly FieldError[]) {
  requireRole(actor, 'admin');
  const problems: FieldError[] = [];
  const organization = await services.db.selectFrom('organizations').select(['id', 'kind', 'name']).where('id', '=', input.organizationId).executeTakeFirst();
  if (organization === undefined) {
    problems.push({ field: 'organizationId', code: 'NOT_FOUND', message: 'A client belongs to an existing practice or pharmacy.' });
  }
  problems.push(...formProblems);
  if (problems.length > 0 || organization === undefined) {
    throw new InvalidInputError(problems);
  }
  const clientId = `isoc-${randomBytes(12).toString('base64url')}`;
  return services.db.transaction().execute(async (trx) => {
    const user = await trx
      .insertInto('users')
      .values({
        email: `${clientId}@${CLIENT_EMAIL_DOMAIN}`,
        password_hash: NO_PASSWORD,
        display_name: `${input.name} (system)`,
        role: 'client',
        organization_id: organization.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const client = await trx
      .insertInto('interop_clients')
      .values({
        client_id: clientId,
        name: input.name,
        organization_id: organization.id,
        user_id: user.id,
        jwks: input.jwks === undefined ? null : JSON.stringify(input.jwks),
        jwks_url: input.jwksUrl ?? null,
        scopes: input.scopes,
        registered_by: actor.userId,
      })
      .returning(['id', 'registered_at'])
      .executeTakeFirstOrThrow();
    await writeAudit(trx, actor, {
      action: 'interopClient.register',
      entity: 'interop_client',
      entityId: client.id,
      outcome: 'ok',
      detail: { clientId, scopes: input.scopes },
    });
    return {
      id: client.id,
      clientId,
      name: input.name,
      organizationId: organization.id,
      kind: organization.kind,
      scopes: input.scopes,
      registeredAt: client.registered_at.toISOString(),
      revoked: false,
    };
  });
}
