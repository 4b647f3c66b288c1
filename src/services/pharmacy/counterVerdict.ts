// The counter's verdict on a prescription (the queue, the counter page), by the patient's
// practice's program: the US engine's (prescriptionVerdict: the authorization), or the programs'
// engine's (programPrescriptionVerdict: the pharmacist's checklist) outside the US — one answer
// shape, so the queue and the counter read either the same way.
import { loadProgramFacts, prescriberAttributesOn, programContextOf } from '../../db/programFacts.js';
import type { Executor } from '../../db/executor.js';
import type { Prescription } from '../../domain/facts.js';
import { prescriptionVerdict, type PrescriptionVerdict } from '../../domain/pharmacyVerdict.js';
import { programPrescriptionVerdict } from '../../domain/programs/programVerdict.js';
import { usEngineJudges, type StatusSubject } from '../programs/patientStatus.js';

export async function counterVerdict(
  db: Executor,
  subject: StatusSubject,
  prescription: Prescription,
  context: { pharmacyCertified: boolean; heldHere: (recordId: string) => boolean },
): Promise<PrescriptionVerdict> {
  const { patient, facts, today, program } = subject;
  if (usEngineJudges(program)) {
    return prescriptionVerdict(facts, prescription.id, { asOf: today, ...context }, program);
  }
  const loaded = await loadProgramFacts(db, patient.id, facts);
  const inputs = { facts: loaded.facts, prescriber: prescriberAttributesOn(loaded.prescriberAttributes, patient.prescriber_id, today) };
  const judgedBy = loaded.judgedBy.get(prescription.id) ?? null;
  return programPrescriptionVerdict(facts, inputs, { ...prescription, judgedBy }, today, programContextOf(program), program, context.heldHere);
}
