// A patient's program as her practice's jurisdiction puts it in force today (issue 14, item 3):
// the rule set and its key, what the next prescription and the next dispense need — the domain's
// own decisions run for today as a preview, with their reasons — and the end-of-treatment flags.
// A preview decides nothing and writes nothing but the read's audit row. For a US patient the US
// engine answers (GET /patients/{id}/status): this points there rather than judge her twice.
import type { IsoDate } from '../../domain/dates.js';
import { PREVIEW_DAYS_SUPPLY, waitingPrescription } from '../../domain/programs/programStatusElsewhere.js';
import {
  decideProgramDispense,
  decideProgramPrescription,
  endOfTreatmentFlags,
  type ProgramDecision,
  type ProgramDispenseDecision,
} from '../../domain/programs/programDecisions.js';
import type { ProgramPatientFacts } from '../../domain/programs/programFacts.js';
import { ruleFamilyOf, ruleSetFor } from '../../domain/programs/ruleSetFor.js';
import { loadProgramFacts, prescriberAttributesOn, programContextOf } from '../../db/programFacts.js';
import type { Actor, Services } from '../context.js';
import { withPatient } from '../patients/patientTransaction.js';

export interface PatientProgramAnswer {
  id: string;
  patientId: string;
  asOf: IsoDate;
  jurisdiction: string | null;
  /** The rule set in force today and the key a decision today records; null: not configured (P-27). */
  ruleSet: { id: string; key: string } | null;
  /** A US patient: the US engine's status answers (null otherwise). */
  usStatus: string | null;
  /** What a prescription written today for `daysSupply` days would need (null for a US patient). */
  nextPrescription: (ProgramDecision & { daysSupply: number }) | null;
  /** The latest prescription of the course not yet dispensed, judged for a dispense today (null: none, or a US patient). */
  nextDispense: (ProgramDispenseDecision & { prescriptionId: string }) | null;
  /** The end-of-treatment flags today (warnings only; null for a US patient). */
  endOfTreatment: ProgramDecision | null;
  /** The facts the program judged by (null for a US patient): what was recorded, read back. */
  facts: ProgramPatientFacts | null;
}

export async function readPatientProgram(
  services: Services,
  actor: Actor,
  patientId: string,
  options: { daysSupply?: number } = {},
): Promise<PatientProgramAnswer> {
  return withPatient(services, actor, patientId, 'read', 'patientProgram.read', async (work) => {
    const { trx, patient, today, program } = work;
    const context = programContextOf(program);
    const choice = ruleSetFor(context.jurisdiction, today, context.settings, context.options);
    const ruleSet = choice.kind === 'rules' ? { id: choice.rules.id, key: choice.rules.key } : null;
    const base = { id: patient.id, patientId: patient.id, asOf: today, jurisdiction: context.jurisdiction, ruleSet };
    if (choice.kind === 'rules' && ruleFamilyOf(choice.rules.id) === 'US') {
      return { ...base, usStatus: `/api/v1/patients/${patient.id}/status`, nextPrescription: null, nextDispense: null, endOfTreatment: null, facts: null };
    }
    const loaded = await loadProgramFacts(trx, patient.id, work.facts);
    const { facts } = loaded;
    const daysSupply = options.daysSupply ?? PREVIEW_DAYS_SUPPLY;
    const nextPrescription = decideProgramPrescription(
      facts,
      {
        // A prescription that does not exist: its id matches none of hers, so none is taken for it.
        prescription: { id: 'preview', writtenOn: today, daysSupply, prescriberId: patient.prescriber_id, certifiedOn: null },
        prescriber: prescriberAttributesOn(loaded.prescriberAttributes, patient.prescriber_id, today),
      },
      context,
    );
    const waiting = waitingPrescription(facts, today);
    const nextDispense =
      waiting === null ? null : { prescriptionId: waiting.id, ...decideProgramDispense(facts, { prescriptionId: waiting.id, dispensedOn: today }, context) };
    return {
      ...base,
      usStatus: null,
      nextPrescription: { ...nextPrescription, daysSupply },
      nextDispense,
      endOfTreatment: endOfTreatmentFlags(facts, today, context),
      facts,
    };
  });
}
