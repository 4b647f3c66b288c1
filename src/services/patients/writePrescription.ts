// The prescriber writes this month's prescription (R-RX-1, R-RX-2) and sees at once whether it
// can be filled today, and if not, what blocks it and until when.
import { judgedOutsideUs, requireUsProgram, ruleSetInForce } from '../programs/programInForce.js';
import { authorizeFill } from '../../domain/authorizeFill.js';
import type { Prescription } from '../../domain/facts.js';
import { clinicalPrescriptionReasons } from '../../domain/clinicalReview.js';
import { prescriptionLimitReasons } from '../../domain/prescription.js';
import { reviewOf } from '../clinical/clinicalContext.js';
import type { Actor, Services } from '../context.js';
import { RuleRefusal } from '../errors.js';
import { previousAnswer, rememberAnswer, type IdempotencyKey } from '../idempotency.js';
import { datesNotInFuture, throwIfProblems } from '../validation.js';
import { withPatient, type PatientWork } from './patientTransaction.js';
import { prescriptionPharmacy } from '../pharmacy/patientPharmacy.js';
import { loadProgramFacts, prescriberAttributesOn, programContextOf } from '../../db/programFacts.js';
import { decideProgramDispense, decideProgramPrescription } from '../../domain/programs/programDecisions.js';

export type PrescriptionInput = Omit<Prescription, 'id' | 'recordedAt'> & {
  /** The pharmacy it goes to; by default the patient's pharmacy of today (issue 10). */
  pharmacyId?: string | null;
  /** Italy (PPP-NAT-IT-2): the day the doctor certified non-pregnancy; its 7 days run from it. */
  certifiedOn?: string;
};

export type PrescriptionAnswer = Awaited<ReturnType<typeof prescriptionIn>>;

/**
 * With an idempotency key (an EHR's NewRx resent under the same MessageID), the same message gives
 * the first answer back, never a second prescription; looked up after the patient's row is locked.
 */
export async function writePrescription(
  services: Services,
  actor: Actor,
  patientId: string,
  input: PrescriptionInput,
  idempotency: IdempotencyKey | null = null,
): Promise<PrescriptionAnswer> {
  return withPatient(
    services,
    actor,
    patientId,
    'attest',
    'prescription.write',
    async (work) => {
      const replay = await previousAnswer<PrescriptionAnswer>(work.trx, actor, idempotency);
      if (replay !== null) {
        return replay;
      }
      const answer = await prescriptionIn(work, services, actor, input);
      await rememberAnswer(work.trx, actor, idempotency, 201, answer);
      return answer;
    },
    { idempotency },
  );
}

/**
 * Decides and stores the prescription inside a patient transaction (the single route's, or a
 * monthly visit's): every check below applies to both. The caller has checked the access: only
 * the prescriber writes it.
 */
export async function prescriptionIn(work: PatientWork, services: Services, actor: Actor, input: PrescriptionInput) {
  const { trx, facts, today } = work;
  const patientId = work.patient.id;
  const problems = datesNotInFuture(today, { writtenOn: input.writtenOn });
  if (input.quantity > input.capsulesPerDay * input.daysSupply) {
    problems.push({
      field: 'quantity',
      code: 'QUANTITY_EXCEEDS_SUPPLY',
      message: `${input.quantity} capsules is more than ${input.capsulesPerDay} a day for ${input.daysSupply} days.`,
    });
  }
  const outsideUs = judgedOutsideUs(work.program);
  if (input.certifiedOn !== undefined) {
    if (!outsideUs) {
      problems.push({ field: 'certifiedOn', code: 'NOT_IN_PROGRAM', message: 'A certification of non-pregnancy is recorded under the Italian program only.' });
    } else if (input.certifiedOn > input.writtenOn) {
      problems.push({
        field: 'certifiedOn',
        code: 'DATE_TOO_LATE',
        message: `The certification (${input.certifiedOn}) is after the prescription (${input.writtenOn}).`,
      });
    }
  }
  throwIfProblems(problems);
  // A practice under another program is judged by that program's engine (src/domain/programs),
  // never by the US rules; one without a jurisdiction is refused (P-27) by requireUsProgram.
  const outside = outsideUs ? await programPrescriptionCheck(work, actor, input) : null;
  if (outside === null) {
    requireUsProgram(work.program);
    const limits = prescriptionLimitReasons(input, input.writtenOn, work.program);
    if (limits.length > 0) {
      throw new RuleRefusal('The prescription breaks the program limits', limits);
    }
  }
  const review = await reviewOf(work);
  const clinical = clinicalPrescriptionReasons(review);
  if (clinical.length > 0) {
    throw new RuleRefusal('The prescription cannot be written yet', clinical, review.interactions.warnings);
  }
  const row = await trx
    .insertInto('prescriptions')
    .values({
      patient_id: patientId,
      prescriber_id: actor.userId,
      written_on: input.writtenOn,
      product: input.product,
      strength_mg: input.strengthMg,
      capsules_per_day: input.capsulesPerDay,
      days_supply: input.daysSupply,
      quantity: input.quantity,
      refills: input.refills,
      recorded_by: actor.userId,
      pharmacy_id: await prescriptionPharmacy(work, input.pharmacyId),
      // The key it was judged under: its program's, or the US rule set of its date (P-18).
      judged_by: outside?.key ?? ruleSetInForce(work.program, input.writtenOn)?.key ?? null,
      certified_on: input.certifiedOn ?? null,
    })
    .returning(['id', 'recorded_at'])
    .executeTakeFirstOrThrow();
  const { certifiedOn: _certifiedOn, ...written } = input;
  const prescription = { ...written, id: row.id, recordedAt: row.recorded_at.toISOString() };
  if (outside !== null) {
    // Whether it can be dispensed today: the pharmacist's checklist as it would judge it now.
    const written = { ...outside.facts, prescriptions: [...outside.facts.prescriptions, { ...outside.prescription, id: row.id }] };
    const dispense = decideProgramDispense(written, { prescriptionId: row.id, dispensedOn: today }, outside.context);
    return {
      id: row.id,
      prescription: { ...input, id: row.id },
      fillability: { ...dispense.decision, doNotDispenseAfter: dispense.lastDayToDispense },
      interactionWarnings: review.interactions.warnings,
      // The program's own answer about the prescription: the key it was judged under (stored as
      // judged_by, P-18) and its warnings (AU-MH-1's recommended assessment, an exemption in force).
      program: { ruleSet: outside.key, warnings: outside.warnings },
    };
  }
  const fill = authorizeFill(
    { ...facts, prescriptions: [...facts.prescriptions, prescription] },
    { prescriptionId: row.id, requestedOn: today, pharmacyCertified: true },
    work.program,
  );
  const fillability =
    fill.kind === 'existing'
      ? { allowed: true, reasons: [], warnings: [] }
      : { ...fill.decision, doNotDispenseAfter: fill.kind === 'authorized' ? fill.doNotDispenseAfter : null };
  return { id: row.id, prescription: { ...input, id: row.id }, fillability, interactionWarnings: review.interactions.warnings };
}

/**
 * The prescription judged by the practice's program (decideProgramPrescription: the rule set of
 * its date, the patient's program facts, the prescriber's qualifications on that day); refused
 * with the program's reasons, or the facts and context its dispense preview needs.
 */
async function programPrescriptionCheck(work: PatientWork, actor: Actor, input: PrescriptionInput) {
  const loaded = await loadProgramFacts(work.trx, work.patient.id, work.facts);
  const context = programContextOf(work.program);
  const prescription = {
    id: 'new',
    writtenOn: input.writtenOn,
    daysSupply: input.daysSupply,
    prescriberId: actor.userId,
    certifiedOn: input.certifiedOn ?? null,
  };
  const judged = decideProgramPrescription(
    loaded.facts,
    { prescription, prescriber: prescriberAttributesOn(loaded.prescriberAttributes, actor.userId, input.writtenOn) },
    context,
  );
  if (!judged.decision.allowed) {
    throw new RuleRefusal(`The prescription breaks the program's rules (${judged.key ?? 'no rule set'})`, judged.decision.reasons, judged.decision.warnings);
  }
  return { facts: loaded.facts, context, prescription, key: judged.key, warnings: judged.decision.warnings };
}
