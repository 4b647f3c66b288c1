// Who is asking at the standards-facing edges: a registered client holding an access token from
// /auth/token. Every interop route that reads or writes a record starts with clientActorOf and
// requireScope, then calls the same use cases as the web app with that actor.
import type { FastifyRequest } from 'fastify';
import type { ClientActor } from '../../services/context.js';
import { ForbiddenError, UnauthenticatedError } from '../../services/errors.js';
import { scopesAllow } from './scopes.js';

/** A registered machine acting; declared with the other actors (services/context.ts). */
export type { ClientActor };
/**
 * The use cases this edge names for its routes: the actor behind an access token
 * (services/interop/interopClientTokens.ts), the kind of client a route needs
 * (services/access.ts), the prescriber an EHR's message signs for (services/interop/actingPrescriber.ts).
 */
export { authenticateClientToken } from '../../services/interop/interopClientTokens.js';
export { requireClientKind } from '../../services/access.js';
export { actingPrescriber } from '../../services/interop/actingPrescriber.js';

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
