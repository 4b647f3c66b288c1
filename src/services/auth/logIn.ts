// Log in with email and password: a new random session token, stored only as its hash.
import { createHash, randomBytes } from 'node:crypto';
import type { Actor, Services } from '../context.js';
import { writeAudit } from '../audit.js';
import { UnauthenticatedError } from '../errors.js';
import { UNKNOWN_ACCOUNT_HASH, verifyPassword } from './passwords.js';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export interface LoggedIn {
  token: string;
  expiresAt: Date;
  user: { id: string; email: string; displayName: string; role: Actor['role'] };
}

export async function logIn(services: Services, email: string, password: string, ip: string | null): Promise<LoggedIn> {
  const user = await services.db
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'role', 'password_hash'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
  const valid = await verifyPassword(password, user?.password_hash ?? UNKNOWN_ACCOUNT_HASH);
  if (user === undefined || !valid) {
    await writeAudit(services.db, null, { action: 'session.create', outcome: 'denied', detail: { ip } });
    throw new UnauthenticatedError('Wrong email or password.');
  }
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(services.now().getTime() + services.sessionHours * 3_600_000);
  await services.db.transaction().execute(async (trx) => {
    await trx.insertInto('sessions').values({ token_hash: hashToken(token), user_id: user.id, expires_at: expiresAt }).execute();
    await writeAudit(trx, { userId: user.id, role: user.role, organizationId: null, supervisingPrescriberId: null, ip }, {
      action: 'session.create',
      outcome: 'ok',
    });
  });
  return { token, expiresAt, user: { id: user.id, email: user.email, displayName: user.display_name, role: user.role } };
}

export async function logOut(services: Services, token: string): Promise<void> {
  await services.db.deleteFrom('sessions').where('token_hash', '=', hashToken(token)).execute();
}

/** The actor behind a session token, or an UnauthenticatedError when it is unknown or expired. */
export async function authenticate(services: Services, token: string, ip: string | null): Promise<Actor> {
  const row = await services.db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['u.id', 'u.role', 'u.organization_id', 'u.supervising_prescriber_id', 's.expires_at'])
    .where('s.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (row === undefined || row.expires_at.getTime() <= services.now().getTime()) {
    throw new UnauthenticatedError('Your session has ended; log in again.');
  }
  return {
    userId: row.id,
    role: row.role,
    organizationId: row.organization_id,
    supervisingPrescriberId: row.supervising_prescriber_id,
    ip,
  };
}
