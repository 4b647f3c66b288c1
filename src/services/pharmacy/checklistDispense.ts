// Outside the US the pharmacist's checklist takes the place of the authorization request
// (issue 14, item 3; programs.md §0.4): no authorization number, the app computes the last day to
// dispense. The checklist is judged on the dispense day by the program in force then
// (domain/programs/pharmacistChecklist.ts) and, when it passes, its record and the dispense are
// written together — the same gate as the US dispense: the patient's row locked, the same
// idempotency key, one audit row naming the patient. A refusal writes nothing.
import { loadProgramFacts, programContextOf } from '../../db/programFacts.js';
import type { Reason } from '../../domain/decision.js';
import { decidePharmacistChecklist, type ChecklistDispenseRequest } from '../../domain/programs/pharmacistChecklist.js';
import { NO_PHARMACY, requireRole } from '../access.js';
import type { Actor, Services } from '../context.js';
import { RuleRefusal } from '../errors.js';
import { previousAnswer, rememberAnswer, type IdempotencyKey } from '../idempotency.js';
import { withPatient, type PatientWork } from '../patients/patientTransaction.js';
import { insertDispense } from './authorizationActions.js';
import { datesNotInFuture, throwIfProblems } from '../validation.js';

export interface ChecklistDispenseTarget {
  programId: string;
  birthDate: string;
}

export interface ChecklistDispenseAnswer {
  /** The dispense's id. */
  id: string;
  /** The checklist's record (the row every dispense points to; no RMA number). */
  checklistId: string;
  prescriptionId: string;
  dispensedOn: string;
  /** The key the checklist was judged under ('UK-2026', 'EU-PPP-2018+IT', 'AU+ACT'). */
  ruleSet: string;
  /** The last day the prescription could be dispensed (null: the program has no window). */
  lastDayToDispense: string | null;
  warnings: Reason[];
}

export async function recordChecklistDispense(
  services: Services,
  actor: Actor,
  target: ChecklistDispenseTarget,
  input: ChecklistDispenseRequest,
  idempotency: IdempotencyKey | null = null,
): Promise<ChecklistDispenseAnswer> {
  requireRole(actor, 'pharmacist');
  return withPatient(
    services,
    actor,
    target,
    'dispense',
    'dispense.checklist',
    async (work) => {
      const replay = await previousAnswer<ChecklistDispenseAnswer>(work.trx, actor, idempotency);
      if (replay !== null) {
        return replay;
      }
      const answer = await checklistDispenseIn(work, actor, input);
      await rememberAnswer(work.trx, actor, idempotency, 201, answer);
      return answer;
    },
    { idempotency },
  );
}

/**
 * The checklist and its dispense inside the caller's patient transaction: the one path every
 * dispense outside the US takes (this request, or the counter's one step). Refused: nothing written.
 */
export async function checklistDispenseIn(work: PatientWork, actor: Actor, input: ChecklistDispenseRequest): Promise<ChecklistDispenseAnswer> {
  throwIfProblems(datesNotInFuture(work.today, { dispensedOn: input.dispensedOn }));
  const loaded = await loadProgramFacts(work.trx, work.patient.id, work.facts);
  const stored = work.facts.prescriptions.find((candidate) => candidate.id === input.prescriptionId);
  const prescription = stored === undefined ? null : { ...stored, judgedBy: loaded.judgedBy.get(stored.id) ?? null };
  const judged = decidePharmacistChecklist(loaded.facts, prescription, input, programContextOf(work.program));
  if (!judged.decision.allowed || judged.key === null) {
    throw new RuleRefusal(`The pharmacist's checklist is not met (${judged.key ?? 'no rule set'})`, judged.decision.reasons, judged.decision.warnings);
  }
  const checklist = await work.trx
    .insertInto('authorizations')
    .values({
      prescription_id: input.prescriptionId,
      patient_id: work.patient.id,
      pharmacy_id: actor.organizationId ?? NO_PHARMACY,
      rma_number: null,
      requested_on: input.dispensedOn,
      do_not_dispense_after: judged.lastDayToDispense,
      rule_set: judged.key,
      requested_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const dispense = await insertDispense(work, actor, checklist.id, input);
  const answer: ChecklistDispenseAnswer = {
    id: dispense.id,
    checklistId: checklist.id,
    prescriptionId: input.prescriptionId,
    dispensedOn: input.dispensedOn,
    ruleSet: judged.key,
    lastDayToDispense: judged.lastDayToDispense,
    warnings: judged.decision.warnings,
  };
  return answer;
}
