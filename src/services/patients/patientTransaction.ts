// The shape every patient use case shares: in one transaction, check access to this record (and
// lock it, so decisions about one patient are made one at a time), load the facts, let the use
// case decide and write, and write its audit row. Refusals are audited too, then rolled back.
import { sql, type OperationNodeSource, type Transaction } from 'kysely';
import type { IsoDate } from '../../domain/dates.js';
import type { PatientFacts } from '../../domain/facts.js';
import type { Database } from '../../db/schema.js';
import { loadPatientFactsForPharmacy } from '../../db/patientFacts.js';
import { markWorklistStaleQuery } from '../../db/worklistEntries.js';
import { attemptedTarget, requirePatientAccess, type PatientAccess, type PatientRow, type PatientTarget } from '../access.js';
import { auditRow, writeAudit } from '../audit.js';
import type { Actor, Services } from '../context.js';
import { calendarDateAt } from '../../domain/dates.js';
import type { ProgramConfig } from '../../domain/ruleSets.js';
import { programFor, type OrganizationProgram } from '../programs/programFor.js';
import { ForbiddenError, InvalidInputError, NotFoundError, RuleRefusal, TooManyAttemptsError } from '../errors.js';
import type { IdempotencyKey } from '../idempotency.js';
import { normalizeProgramId } from '../../domain/pharmacyVerdict.js';
import {
  LOOKUP_THROTTLE,
  lookupBlockedUntil,
  lookupWindow,
  recentLookupFailures,
  recordLookupFailure,
  serializeLookups,
  type RecentLookupFailures,
} from '../pharmacy/lookupThrottle.js';

export interface PatientWork {
  trx: Transaction<Database>;
  patient: PatientRow;
  facts: PatientFacts;
  /** Today as the patient's practice's program counts it (its PROGRAM_TIMEZONE; programs.md P-D6). */
  today: IsoDate;
  /**
   * The program the patient's events are judged by: the deployment's configuration with her
   * practice's jurisdiction and parameter settings (services/programs/programFor.ts), read in the
   * statement that finds and locks her. Use it, not services.program, for every decision.
   */
  program: ProgramConfig;
  /** Whether the actor's pharmacy is certified on `today`, read with the facts when asked (options.pharmacyCertification); null otherwise. */
  pharmacyCertified: boolean | null;
  /**
   * Given only when the caller asked for it (options.batchWrites): sends this insert in the same
   * statement as the audit row and the worklist mark, at the end of the work, instead of on its
   * own. Only for a last write that nothing later in the transaction reads; undefined otherwise.
   */
  deferInsert?: (insert: OperationNodeSource) => void;
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
    /** Read the actor's pharmacy's certification with the facts (PatientWork.pharmacyCertified): the authorization's decision needs it. */
    pharmacyCertification?: boolean;
    /** Offer the work PatientWork.deferInsert: its last insert goes with the audit row and the worklist mark, one round trip. */
    batchWrites?: boolean;
  } = {},
): Promise<T> {
  // One clock read for the attempt: today in the deployment's time zone (which settings are in
  // force), then in the practice's own once she is found.
  const startedAt = services.now();
  const deploymentToday = calendarDateAt(startedAt, services.program.remsTimeZone);
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
      // A look-up by identifier: one at a time per identifier (the lock), and the throttle's
      // failures are read by a statement that starts after it is held: with the facts when the
      // look-up matches (no round trip of their own), on their own when it matches no one.
      if (lookupId !== null) {
        await serializeLookups(trx, lookupId);
      }
      let patient: PatientRow & { program?: OrganizationProgram };
      try {
        patient = await requirePatientAccess(trx, actor, target, access, { forUpdate: writes, withProgram: true });
      } catch (error) {
        if (lookupId !== null && error instanceof NotFoundError) {
          const now = services.now();
          const throttled = await throttledLookup(trx, actor, lookupId, action, await recentLookupFailures(trx, actor.userId, lookupId, now), now, null);
          // While the throttle is closed a failure is not counted again (it is audited as throttled).
          if (throttled === null) {
            await recordFailedLookup(trx, services, actor, lookupId, action);
          }
          refusedLookup = throttled ?? error;
          return null;
        }
        throw error;
      }
      // The deployment's own configuration is the US program's: a practice without a jurisdiction
      // recorded (not configured, P-27) is given null, and the engine decides what that allows.
      const program = programFor(services.program, patient.program ?? { jurisdiction: 'US', settings: [] }, deploymentToday);
      const today = calendarDateAt(startedAt, program.remsTimeZone);
      const pharmacyId = options.pharmacyCertification === true ? actor.organizationId : null;
      const now = services.now();
      const loaded = await loadPatientFactsForPharmacy(
        trx,
        patient.id,
        today,
        pharmacyId,
        lookupId === null ? undefined : lookupWindow(actor.userId, lookupId, now),
      );
      if (lookupId !== null && loaded.lookupFailures !== null) {
        // Refused even with the right birth date while the throttle is closed: the same answer as for an identifier no one has.
        const throttled = await throttledLookup(trx, actor, lookupId, action, loaded.lookupFailures, now, patient.id);
        if (throttled !== null) {
          refusedLookup = throttled;
          return null;
        }
      }
      identified = patient.id;
      const deferred: OperationNodeSource[] = [];
      const result = await work({
        trx,
        patient,
        facts: loaded.facts,
        today,
        program,
        pharmacyCertified: options.pharmacyCertification === true ? loaded.pharmacyCertified : null,
        ...(options.batchWrites === true ? { deferInsert: (insert: OperationNodeSource) => void deferred.push(insert) } : {}),
      });
      const replayed = options.idempotency?.replayed === true;
      const audited = options.auditEach?.(result) ?? [{ action, entityId: result.id }];
      const auditRows = audited.map((row) =>
        auditRow(actor, {
          action: replayed ? `${row.action}.replay` : row.action,
          patientId: patient.id,
          entity: row.action.split('.')[0] ?? row.action,
          ...(row.entityId === undefined ? {} : { entityId: row.entityId }),
          outcome: 'ok',
          ...(replayed ? { detail: { replayed: true } } : {}),
        }),
      );
      // The worklist's copy is marked in the same transaction as the facts it was derived from;
      // the next worklist read (or the minute's scheduled work) recomputes it.
      const writesTogether = [...deferred, ...(writes && !replayed ? [markWorklistStaleQuery(trx, patient.id, patient.prescriber_id)] : [])];
      const audit = auditRows.length === 0 ? null : trx.insertInto('audit_events').values(auditRows);
      if (writesTogether.length === 0) {
        await audit?.execute();
      } else {
        // One statement, one round trip: the work's last insert, the audit rows and the worklist
        // mark as data-modifying CTEs (each runs once, whatever the main statement reads). The
        // audit rows' entity ids are returned (the benchmark's replay finds the authorization by them).
        const parts = writesTogether.map((part, index) => sql`${sql.ref(`write_${index}`)} AS (${part})`);
        await sql`WITH ${sql.join(parts)} ${audit === null ? sql`SELECT 1` : audit.returning('entity_id as id')}`.execute(trx);
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
        detail: error instanceof RuleRefusal ? { reasons: error.reasons.map((reason) => reason.code) } : { attempted: attemptedTarget(target) },
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
 * A look-up by identifier refused while the throttle is closed (services/pharmacy/lookupThrottle.ts),
 * or null when it may go on. The refusal is audited, naming the patient the identifier belongs to if
 * any, and is the same answer whether or not the identifier exists.
 */
async function throttledLookup(
  trx: Transaction<Database>,
  actor: Actor,
  programId: string,
  action: string,
  failures: RecentLookupFailures,
  now: Date,
  patientId: string | null,
): Promise<TooManyAttemptsError | null> {
  const blockedUntil = lookupBlockedUntil(failures);
  if (blockedUntil === null) {
    return null;
  }
  await writeAudit(trx, actor, {
    action,
    patientId: patientId ?? (await patientWithIdentifier(trx, programId)),
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
