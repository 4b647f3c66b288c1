// Log in with email and password: a new random session token, stored only as its hash. A log-in
// always starts a new session (the one the request came with, if any, is ended: no fixation),
// sessions end at an absolute expiry and after a stretch of inactivity, and wrong passwords are
// throttled per account and per address (loginThrottle.ts).
import { createHash, randomBytes } from 'node:crypto';
import type { Actor, Role, Services } from '../context.js';
import { writeAudit } from '../audit.js';
import { TooManyAttemptsError, UnauthenticatedError } from '../errors.js';
import { processLogInAdmission } from './logInAdmission.js';
import {
  loginBlockedUntil,
  recentLoginFailures,
  recordPendingLogInAttempt,
  serializeLogInAttempts,
  settleLogInAttempt,
  withdrawLogInAttempt,
} from './loginThrottle.js';
import { UNKNOWN_ACCOUNT_HASH, verifyPassword } from './passwords.js';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/**
 * The CSRF token of a cookie session: derived from the session token, which a page on another
 * site can neither read (HttpOnly cookie) nor guess, so nothing more needs storing.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHash('sha256').update(`csrf:${sessionToken}`).digest('base64url');
}

/** last_seen_at is written at most this often, so reads do not each cost a write. */
const LAST_SEEN_RESOLUTION_MS = 60_000;

export interface LoggedIn {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  user: { id: string; email: string; displayName: string; role: Actor['role'] };
}

type Reservation =
  | { kind: 'throttled'; retryAt: Date }
  | { kind: 'reserved'; attemptId: string; user: { id: string; email: string; display_name: string; role: Role; password_hash: string } | undefined };

/**
 * The password is checked with no transaction open, no lock held and no connection taken
 * (issue 12): a memory-hard hash inside the locked transaction made every log-in from one
 * address, and through the pool every other request, wait for each hash in turn.
 *
 * 1. A turn of this process's bounded admission (logInAdmission.ts), or 503 with Retry-After
 *    before anything is read or written.
 * 2. A short transaction under the throttle's advisory locks (address, then email) decides the
 *    throttle, reads the account, and records the attempt as pending — a failure until settled —
 *    then commits: a parallel guess decided next already counts this one, so the limits stay
 *    exact however many guesses arrive at once (loginThrottle.ts). Should it take longer than
 *    the admission's lendTurnAfterMs (a slow or locked database), the turn is given back
 *    meanwhile and taken again for the hash: waiting for the database costs no hashing capacity.
 *    A log-in then refused a turn (503) withdraws its pending attempt: its password was never
 *    checked. Until withdrawn it counted as a failure, the safer way.
 * 3. The hash, holding nothing but the admission turn.
 * 4. A second short transaction settles the attempt; on success it also starts the session.
 */
export async function logIn(
  services: Services,
  credentials: { email: string; password: string },
  request: { ip: string | null; replacingToken: string | null },
): Promise<LoggedIn> {
  const email = credentials.email.trim().toLowerCase();
  const admission = services.logInAdmission ?? processLogInAdmission();
  let turn = await admission.take();
  const lending = { lent: false };
  const lend = setTimeout(() => {
    lending.lent = true;
    turn.release();
  }, admission.lendTurnAfterMs);
  let now: Date;
  let reservation: Reservation;
  try {
    now = services.now();
    reservation = await services.db.transaction().execute(async (trx): Promise<Reservation> => {
      await serializeLogInAttempts(trx, email, request.ip);
      const retryAt = loginBlockedUntil(await recentLoginFailures(trx, email, request.ip, now), now);
      if (retryAt !== null) {
        await writeAudit(trx, null, { action: 'session.create', outcome: 'denied', detail: { ip: request.ip, throttled: true } });
        return { kind: 'throttled', retryAt };
      }
      const user = await trx
        .selectFrom('users')
        .select(['id', 'email', 'display_name', 'role', 'password_hash'])
        .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
        // A machine client's user row (issue 11) cannot log in: it is answered like an unknown email.
        .where('role', '<>', 'client')
        .$narrowType<{ role: Role }>()
        .executeTakeFirst();
      const attemptId = await recordPendingLogInAttempt(trx, { email, ip: request.ip, at: now });
      return { kind: 'reserved', attemptId, user };
    });
  } catch (error) {
    turn.release();
    throw error;
  } finally {
    clearTimeout(lend);
  }
  if (reservation.kind === 'throttled') {
    turn.release();
    throw new TooManyAttemptsError(reservation.retryAt, now);
  }
  if (lending.lent) {
    try {
      turn = await admission.take();
    } catch (error) {
      // The 503 stands even if the withdrawal fails (the database is then in trouble too): the
      // attempt left pending counts as a failure until it is stale (loginThrottle.ts).
      await withdrawLogInAttempt(services.db, reservation.attemptId).catch(() => undefined);
      throw error;
    }
  }
  let valid: boolean;
  try {
    valid = await verifyPassword(credentials.password, reservation.user?.password_hash ?? UNKNOWN_ACCOUNT_HASH);
  } finally {
    turn.release();
  }
  const user = reservation.user;
  if (user === undefined || !valid) {
    await services.db.transaction().execute(async (trx) => {
      await settleLogInAttempt(trx, reservation.attemptId, false);
      await writeAudit(trx, null, { action: 'session.create', outcome: 'denied', detail: { ip: request.ip } });
    });
    throw new UnauthenticatedError('Wrong email or password.');
  }
  return services.db.transaction().execute(async (trx): Promise<LoggedIn> => {
    await settleLogInAttempt(trx, reservation.attemptId, true);
    if (request.replacingToken !== null) {
      await trx.deleteFrom('sessions').where('token_hash', '=', hashToken(request.replacingToken)).execute();
    }
    await trx.deleteFrom('sessions').where('user_id', '=', user.id).where('expires_at', '<=', now).execute();
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + services.sessionHours * 3_600_000);
    await trx
      .insertInto('sessions')
      .values({ token_hash: hashToken(token), user_id: user.id, expires_at: expiresAt, last_seen_at: now })
      .execute();
    await writeAudit(
      trx,
      { userId: user.id, role: user.role, organizationId: null, supervisingPrescriberId: null, ip: request.ip },
      {
        action: 'session.create',
        outcome: 'ok',
      },
    );
    return { token, csrfToken: csrfTokenFor(token), expiresAt, user: { id: user.id, email: user.email, displayName: user.display_name, role: user.role } };
  });
}

export async function logOut(services: Services, token: string): Promise<void> {
  await services.db.deleteFrom('sessions').where('token_hash', '=', hashToken(token)).execute();
}

/** The actor behind a session token, or an UnauthenticatedError when it is unknown, expired or idle too long. */
export async function authenticate(services: Services, token: string, ip: string | null): Promise<Actor> {
  const tokenHash = hashToken(token);
  const row = await services.db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['u.id', 'u.role', 'u.organization_id', 'u.supervising_prescriber_id', 's.expires_at', 's.last_seen_at'])
    .where('s.token_hash', '=', tokenHash)
    .where('u.role', '<>', 'client')
    .$narrowType<{ role: Role }>()
    .executeTakeFirst();
  const now = services.now().getTime();
  const idleUntil = row === undefined ? 0 : row.last_seen_at.getTime() + services.sessionIdleMinutes * 60_000;
  if (row === undefined || row.expires_at.getTime() <= now || idleUntil <= now) {
    if (row !== undefined) {
      await services.db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
    }
    throw new UnauthenticatedError('Your session has ended; log in again.');
  }
  if (now - row.last_seen_at.getTime() >= LAST_SEEN_RESOLUTION_MS) {
    await services.db
      .updateTable('sessions')
      .set({ last_seen_at: new Date(now) })
      .where('token_hash', '=', tokenHash)
      .execute();
  }
  return {
    userId: row.id,
    role: row.role,
    organizationId: row.organization_id,
    supervisingPrescriberId: row.supervising_prescriber_id,
    ip,
  };
}
