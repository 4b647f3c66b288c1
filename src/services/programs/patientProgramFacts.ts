// Recording the facts the programs outside the US need (issue 14, item 3): the exemption, the
// acknowledgement form, an assessment, a second prescriber's agreement, a visit, a reproductive
// fact. Each is one use case through the patient transaction (withPatient: access check, lock,
// facts, decide, write the fact and its audit row naming the patient, one transaction); where the
// domain has a decision it judges the fact first under the rule set in force on the fact's own day
// (decideProgramExemption, decideVisit, decideAcknowledgement), and a refusal writes nothing but
// its audit row. Input the schema cannot check (a date in the future, a form version the program
// does not know, a prescriber who is not one) is a 400 naming the field, nothing written.
import type { IsoDate } from '../../domain/dates.js';
import type { Decision } from '../../domain/decision.js';
import { decideAcknowledgement } from '../../domain/programs/acknowledgement.js';
import { decideProgramExemption, decideVisit, type ProgramDecision } from '../../domain/programs/programDecisions.js';
import type {
  AcknowledgementForm,
  AssessmentKind,
  ExemptionReasonCode,
  ReproductiveFactKind,
  VisitMode,
  FormVersion,
} from '../../domain/programs/programFacts.js';
import { ruleSetFor } from '../../domain/programs/ruleSetFor.js';
import { loadProgramFacts, programContextOf } from '../../db/programFacts.js';
import type { Actor, Services } from '../context.js';
import { InvalidInputError, RuleRefusal } from '../errors.js';
import { withPatient, type PatientWork } from '../patients/patientTransaction.js';
import { datesNotInFuture, throwIfProblems } from '../validation.js';

/** What every recorded program fact answers: its id, and the rule set and key it was judged by (null: none judged it). */
export interface RecordedProgramFact {
  id: string;
  ruleSet: string | null;
  key: string | null;
  warnings: Decision['warnings'];
}

function refuseUnlessAllowed(judged: ProgramDecision, title: string): void {
  if (!judged.decision.allowed) {
    throw new RuleRefusal(title, judged.decision.reasons, judged.decision.warnings);
  }
}

export interface ExemptionInput {
  decidedOn: IsoDate;
  patientAgreed: boolean;
  reasonCode: ExemptionReasonCode;
  justification: string;
  reviewAt?: IsoDate | null;
}

/** "No expected risk of pregnancy" (PPP-EXM-1, UK-EXM-1): the prescriber decides it, under the rule set of its day; none in the US (P-26). */
export async function recordExemption(services: Services, actor: Actor, patientId: string, input: ExemptionInput): Promise<RecordedProgramFact> {
  return withPatient(services, actor, patientId, 'attest', 'programExemption.record', async ({ trx, patient, today, program }) => {
    throwIfProblems(datesNotInFuture(today, { decidedOn: input.decidedOn }));
    const record = {
      decidedOn: input.decidedOn,
      prescriberId: actor.userId,
      patientAgreed: input.patientAgreed,
      reasonCode: input.reasonCode,
      justification: input.justification,
      reviewAt: input.reviewAt ?? null,
    };
    const judged = decideProgramExemption(record, programContextOf(program));
    refuseUnlessAllowed(judged, 'The exemption is refused by the program');
    const row = await trx
      .insertInto('program_exemptions')
      .values({
        patient_id: patient.id,
        decided_on: record.decidedOn,
        prescriber_id: record.prescriberId,
        patient_agreed: record.patientAgreed,
        reason_code: record.reasonCode,
        justification: record.justification,
        review_at: record.reviewAt,
        judged_by: judged.key,
        recorded_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, ruleSet: judged.ruleSet, key: judged.key, warnings: judged.decision.warnings };
  });
}

export type AcknowledgementInput = Omit<AcknowledgementForm, 'formVersion'> & { formVersion: string };

/** The acknowledgement form with its version (PPP-ACK-1, UK-ACK-1/2, CA-ACK-1): a version the program in force on its day does not know is a 400 naming formVersion. */
export async function recordAcknowledgementForm(
  services: Services,
  actor: Actor,
  patientId: string,
  input: AcknowledgementInput,
): Promise<RecordedProgramFact> {
  return withPatient(services, actor, patientId, 'record', 'acknowledgementForm.record', async ({ trx, patient, today, program }) => {
    throwIfProblems(datesNotInFuture(today, { signedOn: input.signedOn }));
    const context = programContextOf(program);
    const choice = ruleSetFor(context.jurisdiction, input.signedOn, context.settings, context.options);
    if (choice.kind === 'refused') {
      throw new RuleRefusal('No program is configured for this practice', choice.decision.reasons);
    }
    const form = { ...input, formVersion: input.formVersion as FormVersion };
    const judged = decideAcknowledgement(choice.rules.id, form);
    if (!judged.allowed) {
      throw new InvalidInputError(
        judged.reasons.map((problem) => ({ field: 'formVersion', code: problem.code, message: problem.message })),
        judged.reasons,
      );
    }
    const row = await trx
      .insertInto('acknowledgement_forms')
      .values({
        patient_id: patient.id,
        form_version: form.formVersion,
        signed_on: form.signedOn,
        signed_by_patient: form.signedByPatient,
        signed_by_prescriber: form.signedByPrescriber,
        judged_by: choice.rules.key,
        recorded_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, ruleSet: choice.rules.id, key: choice.rules.key, warnings: [] };
  });
}

/** A mental-health or sexual-function assessment (UK-ASM-1/2, AU-MH-1): a fact; whether one is due is the prescription's question. */
export async function recordAssessment(
  services: Services,
  actor: Actor,
  patientId: string,
  input: { kind: AssessmentKind; on: IsoDate },
): Promise<RecordedProgramFact> {
  return withPatient(services, actor, patientId, 'record', 'programAssessment.record', async ({ trx, patient, today }) => {
    throwIfProblems(datesNotInFuture(today, { on: input.on }));
    const row = await trx
      .insertInto('program_assessments')
      .values({ patient_id: patient.id, kind: input.kind, assessed_on: input.on, recorded_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, ruleSet: null, key: null, warnings: [] };
  });
}

/**
 * A second, independent prescriber agrees (UK-AGE-1). The agreeing prescriber must be a prescriber
 * other than the patient's own (the rule asks for an independent one; eligibility beyond that is
 * [UNVERIFIED] in programs.md): anyone else is a 400 naming prescriberId.
 */
export async function recordSecondPrescriberAgreement(
  services: Services,
  actor: Actor,
  patientId: string,
  input: { prescriberId: string; agreedOn: IsoDate },
): Promise<RecordedProgramFact> {
  return withPatient(services, actor, patientId, 'record', 'secondPrescriberAgreement.record', async ({ trx, patient, today }) => {
    throwIfProblems(datesNotInFuture(today, { agreedOn: input.agreedOn }));
    const agreeing = await trx.selectFrom('users').select('role').where('id', '=', input.prescriberId).executeTakeFirst();
    if (agreeing?.role !== 'prescriber' || input.prescriberId === patient.prescriber_id) {
      throw new InvalidInputError([
        {
          field: 'prescriberId',
          code: agreeing?.role !== 'prescriber' ? 'NOT_A_PRESCRIBER' : 'SAME_PRESCRIBER',
          message:
            agreeing?.role !== 'prescriber' ? 'No prescriber has this id.' : 'The second prescriber must be someone other than the patient’s own prescriber.',
        },
      ]);
    }
    const row = await trx
      .insertInto('second_prescriber_agreements')
      .values({ patient_id: patient.id, prescriber_id: input.prescriberId, agreed_on: input.agreedOn, recorded_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, ruleSet: null, key: null, warnings: [] };
  });
}

/** A visit, in person or remote (UK-VIS-1, P-15): judged with the visits before it under the rule set of its day. */
export async function recordProgramVisit(
  services: Services,
  actor: Actor,
  patientId: string,
  input: { on: IsoDate; mode: VisitMode; patientAgreed: boolean },
): Promise<RecordedProgramFact> {
  return withPatient(services, actor, patientId, 'record', 'programVisit.record', async (work: PatientWork) => {
    const { trx, patient, today, program } = work;
    throwIfProblems(datesNotInFuture(today, { on: input.on }));
    const { facts } = await loadProgramFacts(trx, patient.id, work.facts);
    const judged = decideVisit(facts, input, programContextOf(program));
    refuseUnlessAllowed(judged, 'The visit is refused by the program');
    const row = await trx
      .insertInto('program_visits')
      .values({
        patient_id: patient.id,
        visited_on: input.on,
        mode: input.mode,
        patient_agreed: input.patientAgreed,
        judged_by: judged.key,
        recorded_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, ruleSet: judged.ruleSet, key: judged.key, warnings: judged.decision.warnings };
  });
}

/** What a clinician recorded about anatomy, sterilisation or menopause (UK-CAT-1, R-CAT-1): childbearing potential is derived from these, never stored. */
export async function recordReproductiveFact(
  services: Services,
  actor: Actor,
  patientId: string,
  input: { kind: ReproductiveFactKind; recordedOn: IsoDate },
): Promise<RecordedProgramFact> {
  return withPatient(services, actor, patientId, 'record', 'reproductiveFact.record', async ({ trx, patient, today }) => {
    throwIfProblems(datesNotInFuture(today, { recordedOn: input.recordedOn }));
    const row = await trx
      .insertInto('reproductive_facts')
      .values({ patient_id: patient.id, kind: input.kind, recorded_on: input.recordedOn, recorded_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, ruleSet: null, key: null, warnings: [] };
  });
}
