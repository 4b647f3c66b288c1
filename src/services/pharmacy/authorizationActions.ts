// What a pharmacy does with an authorization it holds: record what the REMS system of record
// returned (D-4), reverse it (R-AUTH-2, R-AUTH-3), or dispense against it (R-AUTH-4).
import { requireUsProgram } from '../programs/programInForce.js';
import { decideDispense, type DispenseRequest } from '../../domain/dispense.js';
import { isBefore } from '../../domain/dates.js';
import type { Reason } from '../../domain/decision.js';
import type { Authorization } from '../../domain/facts.js';
import { programOutage } from '../../domain/programOutage.js';
import { reverseAuthorization } from '../../db/authorizationReversals.js';
import { NO_PHARMACY, requireRole, type PatientTarget } from '../access.js';
import { programToday, type Actor, type Services } from '../context.js';
import { ConflictError, NotFoundError, RuleRefusal, type FieldError } from '../errors.js';
import { datesNotInFuture, notBefore, throwIfProblems } from '../validation.js';
import { previousAnswer, rememberAnswer, type IdempotencyKey } from '../idempotency.js';
import { withPatient, type PatientWork } from '../patients/patientTransaction.js';
import { authorizationView } from './requestAuthorization.js';

interface PharmacyTarget {
  programId: string;
  birthDate: string;
  authorizationId: string;
}

/** The authorization, if this pharmacy holds it; otherwise "not found". */
export async function heldAuthorization(work: PatientWork, actor: Actor, authorizationId: string): Promise<Authorization> {
  const held = await work.trx
    .selectFrom('authorizations')
    .select('id')
    .where('id', '=', authorizationId)
    .where('patient_id', '=', work.patient.id)
    .where('pharmacy_id', '=', actor.organizationId ?? NO_PHARMACY)
    .executeTakeFirst();
  const authorization = work.facts.authorizations.find((candidate) => candidate.id === held?.id);
  if (authorization === undefined) {
    throw new NotFoundError('Authorization');
  }
  return authorization;
}

export async function recordRemsConfirmation(
  services: Services,
  actor: Actor,
  target: PharmacyTarget,
  input: { remsRmaNumber: string; doNotDispenseAfter: string },
) {
  requireRole(actor, 'pharmacist');
  return withPatient(services, actor, target, 'dispense', 'authorization.remsConfirmation', async (work) => {
    const authorization = await heldAuthorization(work, actor, target.authorizationId);
    const updated = await confirmProgramNumber(services, actor, work, authorization, input);
    return { id: authorization.id, authorization: authorizationView(updated) };
  });
}

/**
 * The number from the program's system arrives: recorded with its date, and as a 'reached' attempt.
 * It reconciles an outage: the fill proceeds, and the binding date is the earlier of isocourse's and
 * the program's (D-4, effectiveDoNotDispenseAfter) — the program's can only bring it forward.
 */
async function confirmProgramNumber(
  services: Services,
  actor: Actor,
  work: PatientWork,
  authorization: Authorization,
  input: { remsRmaNumber: string; doNotDispenseAfter: string },
): Promise<Authorization> {
  if (authorization.remsRmaNumber !== null) {
    throw new ConflictError('The REMS confirmation of this authorization is already recorded.');
  }
  throwIfProblems(notBefore('doNotDispenseAfter', input.doNotDispenseAfter, authorization.requestedOn, 'the authorization request'));
  await work.trx
    .insertInto('rems_confirmations')
    .values({
      authorization_id: authorization.id,
      rems_rma_number: input.remsRmaNumber,
      do_not_dispense_after: input.doNotDispenseAfter,
      recorded_by: actor.userId,
    })
    .execute();
  const attemptedAt = services.now().toISOString();
  await work.trx
    .insertInto('program_system_attempts')
    .values({
      authorization_id: authorization.id,
      patient_id: work.patient.id,
      attempted_at: attemptedAt,
      outcome: 'reached',
      error_text: null,
      recorded_by: actor.userId,
    })
    .execute();
  return {
    ...authorization,
    remsRmaNumber: input.remsRmaNumber,
    remsDoNotDispenseAfter: input.doNotDispenseAfter,
    programAttempts: [...(authorization.programAttempts ?? []), { attemptedAt, outcome: 'reached', errorText: null }],
  };
}

export interface ProgramAttemptInput {
  outcome: 'reached' | 'unavailable' | 'error';
  /** reached: the program's RMA number and its do-not-dispense-after date. */
  remsRmaNumber?: string;
  doNotDispenseAfter?: string;
  /** error: what the program's system answered. */
  errorText?: string;
}

/** Each outcome with its own fields, and no other's: a 400 naming the field otherwise. */
function attemptProblems(input: ProgramAttemptInput): FieldError[] {
  const problems: FieldError[] = [];
  const fields = { reached: ['remsRmaNumber', 'doNotDispenseAfter'], unavailable: [], error: ['errorText'] } as const;
  for (const field of ['remsRmaNumber', 'doNotDispenseAfter', 'errorText'] as const) {
    const wanted = (fields[input.outcome] as readonly string[]).includes(field);
    if (wanted && input[field] === undefined) {
      problems.push({ field, code: 'REQUIRED', message: `"${field}" is required when the outcome is ${input.outcome}.` });
    } else if (!wanted && input[field] !== undefined) {
      problems.push({ field, code: 'UNKNOWN_FIELD', message: `"${field}" does not go with the outcome ${input.outcome}.` });
    }
  }
  return problems;
}

/**
 * Whom an attempt names: the patient's program identifier and birth date (Find a patient), or the
 * prescription of the fill when it names this pharmacy (the one-step counter, which never has the
 * birth date: services/access.ts) — one or the other.
 */
export interface AttemptTarget {
  authorizationId: string;
  programId?: string | undefined;
  birthDate?: string | undefined;
  prescriptionId?: string | undefined;
}

function attemptPatient(services: Services, target: AttemptTarget): PatientTarget {
  const problems: FieldError[] = [];
  if (target.prescriptionId !== undefined) {
    for (const field of ['programId', 'birthDate'] as const) {
      if (target[field] !== undefined) {
        problems.push({ field, code: 'UNKNOWN_FIELD', message: `"${field}" does not go with "prescriptionId": name the patient one way.` });
      }
    }
  } else {
    for (const field of ['programId', 'birthDate'] as const) {
      if (target[field] === undefined) {
        problems.push({ field, code: 'REQUIRED', message: `"${field}" is required (or "prescriptionId", of a prescription naming this pharmacy).` });
      }
    }
  }
  throwIfProblems(problems);
  return target.prescriptionId !== undefined
    ? { namedPrescriptionId: target.prescriptionId, asOf: programToday(services) }
    : { programId: target.programId ?? '', birthDate: target.birthDate ?? '' };
}

/**
 * The pharmacy tried the program's system for this fill's RMA number (issue 12, item 5): reached
 * (with the number and its date: the same record as a REMS confirmation), unavailable, or an error
 * it answered with. "Unavailable" is a record, never a permission: the dispense still needs the
 * number the rules require (domain/programOutage.ts, missingProgramNumber).
 */
export async function recordProgramAttempt(services: Services, actor: Actor, target: AttemptTarget, input: ProgramAttemptInput) {
  requireRole(actor, 'pharmacist');
  return withPatient(services, actor, attemptPatient(services, target), 'dispense', 'authorization.programAttempt', async (work) => {
    throwIfProblems(attemptProblems(input));
    const authorization = await heldAuthorization(work, actor, target.authorizationId);
    // Named by its prescription (the counter), the record is open for that prescription only.
    if (target.prescriptionId !== undefined && authorization.prescriptionId !== target.prescriptionId) {
      throw new NotFoundError('Authorization');
    }
    if (authorization.dispense !== null || authorization.reversal !== null) {
      throw new ConflictError(
        authorization.dispense !== null ? 'The authorization is already dispensed.' : 'The authorization is reversed: a new one is needed first.',
      );
    }
    let updated: Authorization;
    if (input.outcome === 'reached') {
      updated = await confirmProgramNumber(services, actor, work, authorization, {
        remsRmaNumber: input.remsRmaNumber ?? '',
        doNotDispenseAfter: input.doNotDispenseAfter ?? '',
      });
    } else {
      if (authorization.remsRmaNumber !== null) {
        throw new ConflictError("The program's RMA number of this authorization is already recorded.");
      }
      const attemptedAt = services.now().toISOString();
      const errorText = input.outcome === 'error' ? (input.errorText ?? null) : null;
      await work.trx
        .insertInto('program_system_attempts')
        .values({
          authorization_id: authorization.id,
          patient_id: work.patient.id,
          attempted_at: attemptedAt,
          outcome: input.outcome,
          error_text: errorText,
          recorded_by: actor.userId,
        })
        .execute();
      updated = { ...authorization, programAttempts: [...(authorization.programAttempts ?? []), { attemptedAt, outcome: input.outcome, errorText }] };
    }
    return {
      id: authorization.id,
      outcome: input.outcome,
      authorization: authorizationView(updated),
      programOutage: programOutage(updated, work.today, work.program),
    };
  });
}

export async function reverseHeldAuthorization(services: Services, actor: Actor, target: PharmacyTarget, input: { reason: string }) {
  requireRole(actor, 'pharmacist');
  return withPatient(services, actor, target, 'dispense', 'authorization.reverse', async (work) => {
    const authorization = await heldAuthorization(work, actor, target.authorizationId);
    if (authorization.dispense !== null || authorization.reversal !== null) {
      throw new ConflictError(authorization.dispense !== null ? 'A dispensed authorization cannot be reversed.' : 'The authorization is already reversed.');
    }
    await reverseAuthorization(work.trx, authorization.id, work.today, input.reason, actor.userId);
    return { id: authorization.id, reversedOn: work.today, reason: input.reason };
  });
}

/**
 * A refused dispense whose date has passed reverses the authorization (T-03). That reversal is
 * committed on its own, after the refused attempt rolled back, so the refusal changes nothing else.
 */
export type DispenseAnswer = DispenseRequest & { id: string; authorizationId: string; warnings: Reason[] };

export async function recordDispense(
  services: Services,
  actor: Actor,
  target: PharmacyTarget,
  input: DispenseRequest,
  idempotency: IdempotencyKey | null = null,
): Promise<DispenseAnswer> {
  requireRole(actor, 'pharmacist');
  return reversingWhenLate(services, actor, target, () =>
    withPatient(
      services,
      actor,
      target,
      'dispense',
      'dispense.record',
      async (work) => {
        const replay = await previousAnswer<DispenseAnswer>(work.trx, actor, idempotency);
        if (replay !== null) {
          return replay;
        }
        const authorization = await heldAuthorization(work, actor, target.authorizationId);
        return dispenseInTransaction(services, actor, work, authorization, input, idempotency);
      },
      { idempotency },
    ),
  );
}

/**
 * The dispense decision and its record, inside the caller's patient transaction: the one path
 * every dispense takes (the pharmacy's own, or an order's fulfillment). The caller has checked
 * that its pharmacy holds the authorization.
 */
export async function dispenseInTransaction(
  services: Services,
  actor: Actor,
  work: PatientWork,
  authorization: Authorization,
  input: DispenseRequest,
  idempotency: IdempotencyKey | null,
): Promise<DispenseAnswer> {
  const problems = datesNotInFuture(work.today, { dispensedOn: input.dispensedOn });
  if (isBefore(input.dispensedOn, authorization.requestedOn)) {
    problems.push({ field: 'dispensedOn', code: 'DATE_TOO_EARLY', message: `The dispense date is before the authorization (${authorization.requestedOn}).` });
  }
  throwIfProblems(problems);
  requireUsProgram(work.program);
  const decision = decideDispense(work.facts, authorization, input, work.program);
  if (!decision.allowed) {
    throw new RuleRefusal(
      'The dispense is refused',
      decision.reasons,
      decision.warnings,
      decision.reverseAuthorization ? { authorizationId: authorization.id } : null,
    );
  }
  const row = await insertDispense(work, actor, authorization.id, input);
  const answer = { id: row.id, authorizationId: authorization.id, ...input, warnings: decision.warnings };
  await rememberAnswer(work.trx, actor, idempotency, 201, answer);
  return answer;
}

/** The dispense's row, against the record it goes with (an authorization, or a pharmacist's checklist outside the US). */
export async function insertDispense(work: PatientWork, actor: Actor, recordId: string, input: DispenseRequest): Promise<{ id: string }> {
  return work.trx
    .insertInto('dispenses')
    .values({
      authorization_id: recordId,
      dispensed_on: input.dispensedOn,
      product: input.product,
      strength_mg: input.strengthMg,
      quantity: input.quantity,
      days_supply: input.daysSupply,
      medication_guide_given: input.medicationGuideGiven,
      recorded_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/**
 * Runs a dispense attempt; when it is refused because the date has passed (R-AUTH-2), the
 * authorization is reversed, committed on its own after the refused attempt rolled back.
 */
export async function reversingWhenLate<T>(services: Services, actor: Actor, target: PatientTarget, attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    if (error instanceof RuleRefusal && error.recorded !== null && typeof error.recorded['authorizationId'] === 'string') {
      const authorizationId = error.recorded['authorizationId'];
      await withPatient(services, actor, target, 'dispense', 'authorization.reverse', async (work) => {
        const authorization = await heldAuthorization(work, actor, authorizationId);
        if (authorization.reversal === null && authorization.dispense === null) {
          await reverseAuthorization(work.trx, authorization.id, work.today, 'NOT_DISPENSED_IN_TIME', actor.userId);
        }
        return { id: authorization.id };
      });
      throw new RuleRefusal(error.title, error.reasons, error.warnings, { reversedAuthorizationId: authorizationId, stockToReturn: true });
    }
    throw error;
  }
}
