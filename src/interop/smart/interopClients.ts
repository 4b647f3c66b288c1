// An administrator registers the machines that talk to isocourse (issue 11): a practice's EHR or a
// pharmacy's system, with its public keys (a JWK Set, or the URL it publishes them at) and the
// scopes it may ever be granted. Each client acts through a user row of its own, so what it records
// is signed by it in recorded_by and the audit trail.
import { randomBytes } from 'node:crypto';
import { requireRole } from '../../services/access.js';
import { writeAudit } from '../../services/audit.js';
import type { Actor, Services } from '../../services/context.js';
import { InvalidInputError, NotFoundError, type FieldError } from '../../services/errors.js';
import { parseScope } from './scopes.js';

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

/** Only asymmetric public keys that can sign RS384 or ES384 (SMART Backend Services). */
function jwksProblems(jwks: { keys: Record<string, unknown>[] }): FieldError[] {
  if (jwks.keys.length === 0) {
    return [{ field: 'jwks/keys', code: 'REQUIRED', message: 'Register at least one public key.' }];
  }
  return jwks.keys.flatMap((key, index): FieldError[] => {
    if ('d' in key || 'p' in key || 'k' in key) {
      return [{ field: `jwks/keys/${index}`, code: 'PRIVATE_KEY', message: 'Register the public key only: this key holds private or secret parts.' }];
    }
    if (key['kty'] !== 'RSA' && !(key['kty'] === 'EC' && key['crv'] === 'P-384')) {
      return [{ field: `jwks/keys/${index}`, code: 'KEY_TYPE', message: 'A key is RSA (for RS384) or EC P-384 (for ES384).' }];
    }
    return [];
  });
}

function jwksUrlProblem(url: string): FieldError | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { field: 'jwksUrl', code: 'INVALID_FORMAT', message: 'must be an absolute URL.' };
  }
  const local = parsed.hostname === '127.0.0.1' || parsed.hostname === 'localhost';
  if (parsed.protocol !== 'https:' && !(local && parsed.protocol === 'http:')) {
    return { field: 'jwksUrl', code: 'INVALID_FORMAT', message: 'must be an https URL (http only on this machine, for tests).' };
  }
  return null;
}

export async function registerInteropClient(services: Services, actor: Actor, input: NewInteropClient) {
  requireRole(actor, 'admin');
  const problems: FieldError[] = [];
  const organization = await services.db.selectFrom('organizations').select(['id', 'kind', 'name']).where('id', '=', input.organizationId).executeTakeFirst();
  if (organization === undefined) {
    problems.push({ field: 'organizationId', code: 'NOT_FOUND', message: 'A client belongs to an existing practice or pharmacy.' });
  }
  if ((input.jwks === undefined) === (input.jwksUrl === undefined)) {
    problems.push({
      field: 'jwks',
      code: 'ONE_OF',
      message: "Give the client's public keys as a JWK Set (jwks) or the URL it publishes them at (jwksUrl), one of the two.",
    });
  }
  if (input.jwks !== undefined) {
    problems.push(...jwksProblems(input.jwks));
  }
  const urlProblem = input.jwksUrl === undefined ? null : jwksUrlProblem(input.jwksUrl);
  if (urlProblem !== null) {
    problems.push(urlProblem);
  }
  input.scopes.forEach((scope, index) => {
    if (parseScope(scope) === null) {
      problems.push({
        field: `scopes/${index}`,
        code: 'INVALID_SCOPE',
        message: `"${scope}" is not a SMART system scope such as system/Observation.rs or system/*.read.`,
      });
    }
  });
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
