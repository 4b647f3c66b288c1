// Who is asking at the standards-facing edges: a registered client holding an access token from
// /auth/token. Every interop route that reads or writes a record starts with clientActorOf and
// requireScope, then calls the same use cases as the web app with that actor.
import type { FastifyRequest } from 'fastify';
import type { ClientActor, Executor, InteropClient, Services } from '../../services/context.js';
import { ForbiddenError, UnauthenticatedError } from '../../services/errors.js';
import { hashAccessToken } from './issueAccessToken.js';
import { scopesAllow } from './scopes.js';

/** A registered machine acting; declared with the other actors (services/context.ts). */
export type { ClientActor };

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

/** The client asking, or 401: every interop route but discovery needs a token from /auth/token. */
export function clientActorOf(request: FastifyRequest): ClientActor {
  const actor = request.actor;
  if (actor === null || actor.client === undefined) {
    throw new UnauthenticatedError('Send an access token from /auth/token (SMART Backend Services) as "Authorization: Bearer <token>".');
  }
  return actor as ClientActor;
}

/** 403 unless the token's scopes cover this one (e.g. 'system/Observation.rs'). */
export function requireScope(actor: ClientActor, scope: string): void {
  if (!scopesAllow(actor.client.scopes, scope)) {
    throw new ForbiddenError(`This needs the scope ${scope}; this token has: ${actor.client.scopes.join(' ') || 'none'}.`);
  }
}

/** 403 unless the client is a practice's (an EHR) or a pharmacy's system, as the route needs. */
export function requireClientKind(actor: ClientActor, kind: InteropClient['kind']): void {
  if (actor.client.kind !== kind) {
    throw new ForbiddenError(kind === 'practice' ? "Only a practice's system (its EHR) can do this." : "Only a pharmacy's system can do this.");
  }
}

/**
 * The prescriber an EHR's message names by NPI, as the actor that signs for them (a NewRx, a
 * counseling attestation): a prescriber of the client's own practice, or a refusal. The client
 * stays named on the actor, so the audit trail shows the prescriber and the system that relayed it.
 */
export async function actingPrescriber(db: Executor, actor: ClientActor, npi: string | undefined): Promise<ClientActor> {
  requireClientKind(actor, 'practice');
  const prescriber =
    npi === undefined || !/^[0-9]{10}$/.test(npi.trim())
      ? undefined
      : await db
          .selectFrom('users')
          .select('id')
          .where('npi', '=', npi.trim())
          .where('role', '=', 'prescriber')
          .where('organization_id', '=', actor.client.organizationId)
          .executeTakeFirst();
  if (prescriber === undefined) {
    throw new ForbiddenError(
      npi === undefined
        ? "This needs the signing prescriber's NPI."
        : `No prescriber of this practice has the NPI ${npi.trim().slice(0, 10)}; an administrator records each prescriber's NPI in isocourse.`,
    );
  }
  return { ...actor, userId: prescriber.id, role: 'prescriber', supervisingPrescriberId: null };
}
