// The shape every patient use case shares: in one transaction, check access to this record (and
// lock it, so decisions about one patient are made one at a time), load the facts, let the use
// case decide and write, and write its audit row. Refusals are audited too, then rolled back.
import type { Transaction } from 'kysely';
import type { IsoDate } from '../../domain/dates.js';
import type { PatientFacts } from '../../domain/facts.js';
import type { Database } from '../../db/schema.js';
import { loadPatientFacts } from '../../db/patientFacts.js';
import { markWorklistStale } from '../../db/worklistEntries.js';
import { attemptedTarget, requirePatientAccess, type PatientAccess, type PatientRow, type PatientTarget } from '../access.js';
import { writeAudit } from '../audit.js';
import { programToday, type Actor, type Services } from '../context.js';
import { ForbiddenError, InvalidInputError, NotFoundError, RuleRefusal, TooManyAttemptsError } from '../errors.js';
import type { IdempotencyKey } from '../idempotency.js';
import { normalizeProgramId } from '../../domain/pharmacyVerdict.js';
import { LOOKUP_THROTTLE, lookupBlockedUntil, recentLookupFailures, recordLookupFailure, serializeLookups } from '../pharmacy/lookupThrottle.js';

export interface PatientWork {
  trx: Transaction<Database>;
  patient: PatientRow;
  facts: PatientFacts;
  today: IsoDate;
}

export async function withPatient<T extends { id?: string }>(
  services: Services,
  actor: Actor,
  target: PatientTarget,
  access: PatientAccess,
  action: string,
  work: (context: PatientWork) => Promise<T>,
  /** A read through an access that can also write (the pharmacist's lookup): no lock, no worklist mark. */
  options: {
    readOnly?: boolean;
    /** Several facts written at once (a monthly visit): one audit row for each, under its own action, instead of one for `action`. */
    auditEach?: (result: T) => Array<{ action: string; entityId: string }>;
    /**
     * The request's Idempotency-Key: when the work answered with the first answer again, the row
     * is audited as a replay (`<action>.replay`, detail `{ replayed: true }`), never as a second write.
     */
    idempotency?: IdempotencyKey | null;
  } = {},
): Promise<T> {
  const today = programToday(services);
  const writes = access !== 'read' && options.readOnly !== true;
  // The patient once identified (found and access granted): every audit row of the attempt names
  // them, a refusal after that point included, whatever the target was (an id, or the pharmacist's
  // program identifier and birth date).
  let identified = null as string | null;
  // A look-up by program identifier and birth date is throttled (services/pharmacy/lookupThrottle.ts):
  // its failure, or its refusal by the throttle, is recorded and audited in this transaction, which
  // then commits, and only afterwards is the error thrown (`refusedLookup`).
  const lookupId = typeof target !== 'string' && 'programId' in target ? normalizeProgramId(target.programId) : null;
  let refusedLookup = null as NotFoundError | TooManyAttemptsError | null;
  try {
    const answer = await services.db.transaction().execute(async (trx) => {
      if (lookupId !== null) {
        const refusal = await checkLookup(trx, services, actor, lookupId, action);
        if (refusal !== null) {
          refusedLookup = refusal;
          return null;
        }
      }
      let patient: PatientRow;
      try {
        patient = await requirePatientAccess(trx, actor, target, access, { forUpdate: writes });
      } catch (error) {
        if (lookupId !== null && error instanceof NotFoundError) {
          await recordFailedLookup(trx, services, actor, lookupId, action);
          refusedLookup = error;
          return null;
        }
        throw error;
      }
      identified = patient.id;
      const facts = await loadPatientFacts(trx, patient.id, today);
      const result = await work({ trx, patient, facts, today });
      const replayed = options.idempotency?.replayed === true;
      const audited = options.auditEach?.(result) ?? [{ action, entityId: result.id }];
      for (const row of audited) {
        await writeAudit(trx, actor, {
          action: replayed ? `${row.action}.replay` : row.action,
          patientId: patient.id,
          entity: row.action.split('.')[0] ?? row.action,
          ...(row.entityId === undefined ? {} : { entityId: row.entityId }),
          outcome: 'ok',
          ...(replayed ? { detail: { replayed: true } } : {}),
        });
      }
      if (writes && !replayed) {
        // The worklist's copy is marked in the same transaction as the facts it was derived from;
        // the next worklist read (or the minute's scheduled work) recomputes it.
        await markWorklistStale(trx, patient.id, patient.prescriber_id);
      }
      return result;
    });
    if (answer === null) {
      throw refusedLookup ?? new Error('a look-up refused without its error');
    }
    return answer;
  } catch (error) {
    if (error === refusedLookup) {
      // Already recorded and audited, in the transaction that committed.
      throw error;
    }
    // The refusal is part of the record (who tried what); the change itself was rolled back.
    const outcome =
      error instanceof RuleRefusal || error instanceof InvalidInputError
        ? 'refused'
        : error instanceof NotFoundError || error instanceof ForbiddenError
          ? 'denied'
          : null;
    if (outcome !== null) {
      // A patient identified before the refusal is named (a refused authorization or dispense
      // belongs to their trail); a denied lookup names what was tried, never a patient it might
      // have matched.
      const patientId = identified ?? (error instanceof NotFoundError || typeof target !== 'string' ? null : target);
      await writeAudit(services.db, actor, {
        action,
        patientId,
        outcome,
        detail:
          error instanceof RuleRefusal
            ? { reasons: error.reasons.map((reason) => reason.code) }
            : { attempted: attemptedTarget(target) },
      });
    }
    throw error;
  }
}

/** The patient a program identifier names, if any: a failed attempt on her record is in her trail. */
async function patientWithIdentifier(trx: Transaction<Database>, programId: string): Promise<string | null> {
  const row = await trx.selectFrom('patients').select('id').where('program_id', '=', programId).executeTakeFirst();
  return row?.id ?? null;
}

/**
 * Before a look-up by identifier: one at a time per user and per identifier, and refused while the
 * throttle says so. The refusal is audited (naming the patient the identifier belongs to, if any)
 * and is the same answer whether or not the identifier exists.
 */
async function checkLookup(trx: Transaction<Database>, services: Services, actor: Actor, programId: string, action: string): Promise<TooManyAttemptsError | null> {
  const now = services.now();
  await serializeLookups(trx, actor.userId, programId);
  const blockedUntil = lookupBlockedUntil(await recentLookupFailures(trx, actor.userId, programId, now));
  if (blockedUntil === null) {
    return null;
  }
  await writeAudit(trx, actor, {
    action,
    patientId: await patientWithIdentifier(trx, programId),
    outcome: 'denied',
    detail: { attempted: programId, throttled: true },
  });
  return new TooManyAttemptsError(blockedUntil, now, {
    title: 'Too many look-ups that matched no one',
    detail:
      `Too many look-ups by program identifier and date of birth that matched no one (more than ${LOOKUP_THROTTLE.identifierFailures} for one identifier, ` +
      `or ${LOOKUP_THROTTLE.userFailures} by one user, within ${LOOKUP_THROTTLE.windowMinutes} minutes). Check the identifier and date of birth with the patient, then try again later.`,
  });
}

/** A look-up that matched no one: counted by the throttle and audited (never with the birth date tried). */
async function recordFailedLookup(trx: Transaction<Database>, services: Services, actor: Actor, programId: string, action: string): Promise<void> {
  await recordLookupFailure(trx, { userId: actor.userId, programId, at: services.now() });
  await writeAudit(trx, actor, {
    action,
    patientId: await patientWithIdentifier(trx, programId),
    outcome: 'denied',
    detail: { attempted: programId, lookupFailed: true },
  });
}
