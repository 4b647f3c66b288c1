// A patient's log-in created from her email alone: the clinic never types (or knows) a password.
// The enrollment issues a one-time activation token — 32 random bytes (crypto.randomBytes, 256
// bits), shown once to the clinic to hand over and emailed to her when SMTP is configured — and
// keeps only its SHA-256 hash, so a copy of the database cannot activate anyone. She sets her own
// password with it on /activate, reachable without a log-in:
// - the token is looked up by its hash (no comparison of secrets in JavaScript, so nothing to time);
// - it works once (account_activation_uses: its primary key), until it expires
//   (ACTIVATION_VALID_DAYS), and only if no newer token was issued for the same account since;
// - wrong tokens are throttled per address like wrong passwords (the same login_attempts facts
//   and limits, loginThrottle.ts), and every attempt is audited (never the token itself);
// - the page carries the token in the URL fragment (/activate#token=…), which browsers never send
//   to a server, so it reaches no access log, and the answer sets no session: the page then logs
//   in with the new password through POST /sessions like any log-in (a new session, CSRF cookie).
import { randomBytes } from 'node:crypto';
import type { Actor, Role, Services } from '../context.js';
import type { Executor } from '../../db/executor.js';
import { writeAudit } from '../audit.js';
import { ConflictError, InvalidInputError, TooManyAttemptsError } from '../errors.js';
import { withPatient } from '../patients/patientTransaction.js';
import { hashToken } from './logIn.js';
import { loginBlockedUntil, recentLoginFailures, recordLogInAttempt, serializeLogInAttempts } from './loginThrottle.js';
import { hashPassword } from './passwords.js';

/** How long an activation link works. [APP] A week: time to get home and open the email, short enough to limit a lost printout. */
export const ACTIVATION_VALID_DAYS = 7;

/** The key activation attempts are counted under in login_attempts (not an email: it has no @). */
const ACTIVATION_ATTEMPTS_KEY = 'account-activation';

/** The path of the activation page; the token goes in the fragment. */
export function activationPath(token: string): string {
  return `/activate#token=${token}`;
}

export interface IssuedActivation {
  id: string;
  token: string;
  path: string;
  expiresAt: Date;
  validDays: number;
}

/** A password nobody knows, for an account whose owner has not activated it yet. */
export async function unknowablePasswordHash(): Promise<string> {
  return hashPassword(randomBytes(32).toString('base64url'));
}

/** Issues a new activation token for the account; call inside the transaction that creates it. */
export async function issueActivation(trx: Executor, services: Services, userId: string, createdBy: string): Promise<IssuedActivation> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(services.now().getTime() + ACTIVATION_VALID_DAYS * 86_400_000);
  const row = await trx
    .insertInto('account_activations')
    .values({ user_id: userId, token_hash: hashToken(token), expires_at: expiresAt, created_by: createdBy })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, token, path: activationPath(token), expiresAt, validDays: ACTIVATION_VALID_DAYS };
}

/** After commit: the link by email when SMTP is configured. A failure leaves the link shown on screen. */
export async function emailActivation(services: Services, to: string, activation: IssuedActivation, linkBase: string | null): Promise<boolean> {
  const transport = services.messageTransport;
  if (transport === undefined || transport.channel !== 'smtp') {
    return false;
  }
  const link = linkBase === null ? activation.path : `${linkBase}${activation.path}`;
  try {
    await transport.send({
      to,
      subject: 'Set your password for isocourse',
      body:
        `Your clinic created your isocourse log-in for ${to}. Open this link to choose your own password:\n\n${link}\n\n` +
        `The link works once, until ${activation.expiresAt.toISOString().slice(0, 10)}. If it has expired, ask your clinic for a new one.`,
    });
    return true;
  } catch {
    return false;
  }
}

type Outcome = { kind: 'throttled'; retryAt: Date } | { kind: 'invalid'; code: string; message: string } | { kind: 'activated'; email: string };

export async function activateAccount(
  services: Services,
  input: { token: string; password: string },
  request: { ip: string | null },
): Promise<{ email: string }> {
  const now = services.now();
  // The new password is hashed before the transaction, with no connection or lock held (as a
  // log-in's is: issue 12, item 7), and only for a link that a cheap read finds usable, so an
  // unknown, spent or expired link costs no hash. The transaction below decides, as before.
  const usable = await services.db
    .selectFrom('account_activations as a')
    .leftJoin('account_activation_uses as used', 'used.activation_id', 'a.id')
    .select('a.id')
    .where('a.token_hash', '=', hashToken(input.token))
    .where('used.used_at', 'is', null)
    .where('a.expires_at', '>', now)
    .executeTakeFirst();
  const preparedHash = usable === undefined ? null : await hashPassword(input.password);
  const outcome = await services.db.transaction().execute(async (trx): Promise<Outcome> => {
    await serializeLogInAttempts(trx, ACTIVATION_ATTEMPTS_KEY, request.ip);
    const failures = await recentLoginFailures(trx, ACTIVATION_ATTEMPTS_KEY, request.ip, now);
    // Only the address limit: counting per key would let anyone lock every activation at once.
    const retryAt = loginBlockedUntil({ account: [], address: failures.address }, now);
    if (retryAt !== null && retryAt.getTime() > now.getTime()) {
      await writeAudit(trx, null, { action: 'account.activate', outcome: 'denied', detail: { ip: request.ip, throttled: true } });
      return { kind: 'throttled', retryAt };
    }
    const activation = await trx
      .selectFrom('account_activations as a')
      .innerJoin('users as u', 'u.id', 'a.user_id')
      .leftJoin('account_activation_uses as used', 'used.activation_id', 'a.id')
      .select(['a.id', 'a.user_id', 'a.expires_at', 'u.email', 'u.role', 'used.used_at'])
      .where('a.token_hash', '=', hashToken(input.token))
      // A machine client's user row is never a person's account (issue 11).
      .where('u.role', '<>', 'client')
      .$narrowType<{ role: Role }>()
      .forUpdate('a')
      .executeTakeFirst();
    const newer =
      activation === undefined
        ? undefined
        : await trx
            .selectFrom('account_activations as newer')
            .select('newer.id')
            .where('newer.user_id', '=', activation.user_id)
            // Compared in SQL: a JavaScript Date would drop the microseconds and find the row itself newer.
            .where((eb) =>
              eb('newer.created_at', '>', eb.selectFrom('account_activations as this').select('this.created_at').where('this.id', '=', activation.id)),
            )
            .executeTakeFirst();
    const refusal =
      activation === undefined
        ? { code: 'ACTIVATION_UNKNOWN', message: 'This activation link is not valid. Check that the whole link was copied, or ask your clinic for a new one.' }
        : activation.used_at !== null
          ? { code: 'ACTIVATION_USED', message: 'This activation link was already used. Log in with the password you chose.' }
          : newer !== undefined
            ? { code: 'ACTIVATION_REPLACED', message: 'A newer activation link was issued for this account: use the newest one.' }
            : activation.expires_at.getTime() <= now.getTime()
              ? {
                  code: 'ACTIVATION_EXPIRED',
                  message: `This activation link has expired (links work for ${ACTIVATION_VALID_DAYS} days). Ask your clinic for a new one.`,
                }
              : null;
    if (activation === undefined || refusal !== null) {
      await recordLogInAttempt(trx, { email: ACTIVATION_ATTEMPTS_KEY, ip: request.ip, at: now, succeeded: false });
      await writeAudit(trx, null, {
        action: 'account.activate',
        outcome: 'denied',
        ...(activation === undefined ? {} : { entity: 'account_activation', entityId: activation.id }),
        detail: { ip: request.ip, code: refusal?.code ?? 'ACTIVATION_UNKNOWN' },
      });
      return { kind: 'invalid', code: refusal?.code ?? 'ACTIVATION_UNKNOWN', message: refusal?.message ?? '' };
    }
    await trx.insertInto('account_activation_uses').values({ activation_id: activation.id, used_at: now }).execute();
    // preparedHash is null only if the link became usable after the read above, which no path does; hashed here then.
    await trx
      .updateTable('users')
      .set({ password_hash: preparedHash ?? (await hashPassword(input.password)) })
      .where('id', '=', activation.user_id)
      .execute();
    // Any session the account had ends: the password it was opened with is gone.
    await trx.deleteFrom('sessions').where('user_id', '=', activation.user_id).execute();
    const patient = await trx.selectFrom('patients').select('id').where('user_id', '=', activation.user_id).executeTakeFirst();
    const actor: Actor = { userId: activation.user_id, role: activation.role, organizationId: null, supervisingPrescriberId: null, ip: request.ip };
    await writeAudit(trx, actor, {
      action: 'account.activate',
      outcome: 'ok',
      patientId: patient?.id ?? null,
      entity: 'account_activation',
      entityId: activation.id,
    });
    return { kind: 'activated', email: activation.email };
  });
  if (outcome.kind === 'throttled') {
    throw new TooManyAttemptsError(outcome.retryAt, now, {
      title: 'Too many activation links that did not work',
      detail: 'Too many activation links that did not work were tried from this address.',
    });
  }
  if (outcome.kind === 'invalid') {
    throw new InvalidInputError([{ field: 'token', code: outcome.code, message: outcome.message }]);
  }
  return { email: outcome.email };
}

/**
 * The care team gives a patient a new activation link (the first expired or was lost): only for a
 * log-in she has not activated yet, so the clinic can never set or learn the password of an account
 * she already uses. The new link replaces every earlier one.
 */
export async function reissueActivation(services: Services, actor: Actor, patientId: string, options: { linkBase?: string } = {}) {
  const issued = await withPatient(services, actor, patientId, 'record', 'account.reissueActivation', async ({ trx, patient }) => {
    if (patient.user_id === null) {
      throw new ConflictError('The patient has no log-in of her own.');
    }
    const activations = await trx
      .selectFrom('account_activations as a')
      .leftJoin('account_activation_uses as used', 'used.activation_id', 'a.id')
      .select(['a.id', 'used.used_at'])
      .where('a.user_id', '=', patient.user_id)
      .execute();
    if (activations.length === 0 || activations.some((activation) => activation.used_at !== null)) {
      throw new ConflictError('The patient has already chosen her password: she logs in with it.');
    }
    const user = await trx.selectFrom('users').select('email').where('id', '=', patient.user_id).executeTakeFirstOrThrow();
    const activation = await issueActivation(trx, services, patient.user_id, actor.userId);
    return { id: activation.id, email: user.email, activation };
  });
  const emailed = await emailActivation(services, issued.email, issued.activation, options.linkBase ?? null);
  const { token, path, expiresAt, validDays } = issued.activation;
  return { activation: { token, path, expiresAt: expiresAt.toISOString(), validDays, emailed } };
}
