// Loads the clinical facts and review of the patient a use case is working on, as of today.
import { clinicalReview, type ClinicalFacts, type ClinicalReview } from '../../domain/clinicalReview.js';
import { loadClinicalFacts } from '../../db/clinicalFacts.js';
import type { PatientWork } from '../patients/patientTransaction.js';
import { InvalidInputError } from '../errors.js';

/** The clinical facts (labs, weights, PHQ-9s, medications…) of the patient of `work`, in its transaction. */
export async function clinicalFactsOf(work: PatientWork): Promise<ClinicalFacts> {
  return loadClinicalFacts(work.trx, work.patient.id, work.patient.practice_id);
}

export async function reviewOf(work: PatientWork): Promise<ClinicalReview> {
  return clinicalReview(work.facts, await clinicalFactsOf(work), work.today);
}

/** The patient's latest weight; dose planning needs one, so its absence is an input error. */
export async function latestWeight(work: PatientWork): Promise<{ weightKg: number; measuredOn: string }> {
  const weight = await work.trx
    .selectFrom('weight_measurements')
    .select(['weight_kg', 'measured_on'])
    .where('patient_id', '=', work.patient.id)
    .orderBy('measured_on', 'desc')
    .orderBy('recorded_at', 'desc')
    .executeTakeFirst();
  if (weight === undefined) {
    throw new InvalidInputError([{ field: 'weight', code: 'WEIGHT_REQUIRED', message: "Record the patient's weight before planning the dose." }]);
  }
  return { weightKg: weight.weight_kg, measuredOn: weight.measured_on };
}
