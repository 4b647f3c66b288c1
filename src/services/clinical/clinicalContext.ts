// Loads the clinical review of the patient a use case is working on, as of today.
import { clinicalReview, type ClinicalReview } from '../../domain/clinicalReview.js';
import { loadClinicalFacts } from '../../db/clinicalFacts.js';
import type { PatientWork } from '../patients/patientTransaction.js';

export async function reviewOf(work: PatientWork): Promise<ClinicalReview> {
  const clinical = await loadClinicalFacts(work.trx, work.patient.id, work.patient.practice_id);
  return clinicalReview(work.facts, clinical, work.today);
}
