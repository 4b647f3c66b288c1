// Who is asking: the session credential a request carries (bearer token or cookie) and the actor
// that authentication (in app.ts, for every request) found for it. Kept out of app.ts so that the
// routes can name the caller without importing the app that mounts them (that was an import circle).
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../services/context.js';
import { UnauthenticatedError } from '../services/errors.js';

export const SESSION_COOKIE = 'isocourse_session';
/** Readable by the page (not HttpOnly): the web app echoes it in the CSRF header. */
export const CSRF_COOKIE = 'isocourse_csrf';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    /** Answers without a session (log-in, health, the API document). */
    public?: boolean;
  }
}

export interface SessionCredential {
  token: string;
  /** A cookie is sent by the browser on its own, so it needs the CSRF check; a bearer token does not. */
  via: 'bearer' | 'cookie';
}

export function sessionCredential(request: FastifyRequest): SessionCredential | null {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) {
    const token = header.slice('Bearer '.length).trim();
    return token === '' ? null : { token, via: 'bearer' };
  }
  const cookieToken = request.cookies[SESSION_COOKIE];
  return cookieToken === undefined || cookieToken === '' ? null : { token: cookieToken, via: 'cookie' };
}

/** The authenticated caller; routes that need one call this first. */
export function actorOf(request: FastifyRequest): Actor {
  if (request.actor === null) {
    throw new UnauthenticatedError('Log in to use this.');
  }
  return request.actor;
}
