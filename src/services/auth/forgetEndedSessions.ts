// Housekeeping of the log-in tables, run with the scheduled work: sessions that have ended (past
// their expiry or idle too long) are deleted rather than left to be refused one by one, and log-in
// attempts are kept for LOGIN_ATTEMPTS_KEPT_DAYS — long past the throttle's 15 minutes, for looking
// into an attack; the audit trail keeps every attempt for good.
import type { Services } from '../context.js';

export const LOGIN_ATTEMPTS_KEPT_DAYS = 30;

export async function forgetEndedSessions(services: Services): Promise<{ sessions: number; loginAttempts: number }> {
  const now = services.now();
  const idleSince = new Date(now.getTime() - services.sessionIdleMinutes * 60_000);
  const sessions = await services.db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<=', idleSince)]))
    .executeTakeFirst();
  const loginAttempts = await services.db
    .deleteFrom('login_attempts')
    .where('attempted_at', '<', new Date(now.getTime() - LOGIN_ATTEMPTS_KEPT_DAYS * 86_400_000))
    .executeTakeFirst();
  // Failed look-ups by identifier and birth date (services/pharmacy/lookupThrottle.ts), kept as long.
  await services.db
    .deleteFrom('lookup_failures')
    .where('attempted_at', '<', new Date(now.getTime() - LOGIN_ATTEMPTS_KEPT_DAYS * 86_400_000))
    .execute();
  return { sessions: Number(sessions.numDeletedRows), loginAttempts: Number(loginAttempts.numDeletedRows) };
}
