// The pharmacy asks for the authorization in front of a dispense (R-AUTH-1). The same request
// for the same prescription returns the authorization already issued, never a second one
// (R-RX-3); the patient row is locked so concurrent requests are decided one after the other.
import { requireUsProgram } from '../programs/programInForce.js';
import { randomInt } from 'node:crypto';
import { effectiveDoNotDispenseAfter } from '../../domain/authorizations.js';
import { authorizeFill } from '../../domain/authorizeFill.js';
import type { Reason } from '../../domain/decision.js';
import { heldElsewhere } from '../../domain/pharmacyVerdict.js';
import { programSystemView } from '../../domain/programOutage.js';
import type { Authorization } from '../../domain/facts.js';
import { isCertified } from '../../db/certifications.js';
import { uuidV7 } from '../../db/ids.js';
import { NO_PHARMACY, requireRole } from '../access.js';
import type { Actor, Services } from '../context.js';
import { NotFoundError, RuleRefusal } from '../errors.js';
import { previousAnswer, rememberAnswer, type IdempotencyKey } from '../idempotency.js';
import { withPatient, type PatientWork } from '../patients/patientTransaction.js';

export interface AuthorizationRequest {
  programId: string;
  birthDate: string;
  prescriptionId: string;
}

export function authorizationView(authorization: Authorization) {
  return {
    id: authorization.id,
    rmaNumber: authorization.rmaNumber,
    prescriptionId: authorization.prescriptionId,
    requestedOn: authorization.requestedOn,
    doNotDispenseAfter: effectiveDoNotDispenseAfter(authorization),
    ruleSet: authorization.ruleSet,
    remsRmaNumber: authorization.remsRmaNumber,
    /** The attempts to reach the program's system for its RMA number (issue 12, item 5). */
    programSystem: programSystemView(authorization),
  };
}

function newRmaNumber(): string {
  return `RMA${String(randomInt(10 ** 9)).padStart(9, '0')}${String(randomInt(10 ** 3)).padStart(3, '0')}`;
}

export interface AuthorizationAnswer {
  id: string;
  /** False when the same request had already been answered (R-RX-3): the authorization already issued. */
  created: boolean;
  authorization: ReturnType<typeof authorizationView>;
  warnings: Reason[];
}

export async function requestAuthorization(
  services: Services,
  actor: Actor,
  request: AuthorizationRequest,
  idempotency: IdempotencyKey | null = null,
): Promise<AuthorizationAnswer> {
  requireRole(actor, 'pharmacist');
  const target = { programId: request.programId, birthDate: request.birthDate };
  return withPatient(
    services,
    actor,
    target,
    'dispense',
    'authorization.request',
    (work) => authorizeInTransaction(services, actor, work, request.prescriptionId, idempotency),
    // The pharmacy's certification comes with the facts, and the authorization's insert goes with
    // the audit row and the worklist mark: lock, facts, one write, commit (bench/README.md).
    { idempotency, pharmacyCertification: true, batchWrites: true },
  );
}

/**
 * The authorization decision and its record, inside the caller's patient transaction: the one path
 * every authorization takes (the pharmacy's request, or an order's fulfillment).
 */
export async function authorizeInTransaction(
  services: Services,
  actor: Actor,
  { trx, patient, facts, today, program, pharmacyCertified: certifiedWithFacts, deferInsert }: PatientWork,
  prescriptionId: string,
  idempotency: IdempotencyKey | null,
): Promise<AuthorizationAnswer> {
  const request = { prescriptionId };
  const replay = await previousAnswer<AuthorizationAnswer>(trx, actor, idempotency);
  if (replay !== null) {
    return replay;
  }
  requireUsProgram(program);
  if (!facts.prescriptions.some((prescription) => prescription.id === request.prescriptionId)) {
    throw new NotFoundError('Prescription');
  }
  const pharmacyCertified = actor.organizationId !== null && (certifiedWithFacts ?? (await isCertified(trx, { organizationId: actor.organizationId }, today)));
  const fill = authorizeFill(facts, { prescriptionId: request.prescriptionId, requestedOn: today, pharmacyCertified }, program);
  if (fill.kind === 'existing') {
    // Idempotent for the pharmacy that holds it; any other pharmacy is refused (R-RX-3), never
    // handed an authorization it cannot dispense against.
    const heldHere = await trx
      .selectFrom('authorizations')
      .select('id')
      .where('id', '=', fill.authorization.id)
      .where('pharmacy_id', '=', actor.organizationId ?? NO_PHARMACY)
      .executeTakeFirst();
    if (heldHere === undefined) {
      throw new RuleRefusal('The authorization is refused', [heldElsewhere(fill.authorization)]);
    }
    const answer = { id: fill.authorization.id, created: false, authorization: authorizationView(fill.authorization), warnings: [] };
    await rememberAnswer(trx, actor, idempotency, 200, answer);
    return answer;
  }
  if (fill.kind === 'refused') {
    throw new RuleRefusal('The authorization is refused', fill.decision.reasons, fill.decision.warnings);
  }
  // The id and the RMA number are made here, so the insert needs no answer: with deferInsert (the
  // pharmacy's request) it is sent with the audit row and the worklist mark, else on its own.
  const row = { id: uuidV7(), rma_number: newRmaNumber() };
  const insert = trx.insertInto('authorizations').values({
    id: row.id,
    prescription_id: request.prescriptionId,
    patient_id: patient.id,
    pharmacy_id: actor.organizationId ?? '',
    rma_number: row.rma_number,
    requested_on: today,
    do_not_dispense_after: fill.doNotDispenseAfter,
    rule_set: fill.ruleSet,
    requested_by: actor.userId,
  });
  if (deferInsert === undefined) {
    await insert.execute();
  } else {
    deferInsert(insert);
  }
  const authorization: Authorization = {
    id: row.id,
    prescriptionId: request.prescriptionId,
    rmaNumber: row.rma_number,
    requestedOn: today,
    doNotDispenseAfter: fill.doNotDispenseAfter,
    ruleSet: fill.ruleSet,
    remsDoNotDispenseAfter: null,
    remsRmaNumber: null,
    reversal: null,
    dispense: null,
  };
  const answer = { id: row.id, created: true, authorization: authorizationView(authorization), warnings: fill.decision.warnings };
  await rememberAnswer(trx, actor, idempotency, 201, answer);
  return answer;
}
