// The clinical picture of a patient today: cumulative dose and projected end, labs with their
// bands and the next one due, mood, interactions, and alerts (open and acknowledged).
import type { Actor, Services } from '../context.js';
import { withPatient } from '../patients/patientTransaction.js';
import { reviewOf } from './clinicalContext.js';

export async function getClinicalReview(services: Services, actor: Actor, patientId: string) {
  return withPatient(services, actor, patientId, 'read', 'clinicalReview.read', async (work) => ({ id: work.patient.id, ...(await reviewOf(work)) }));
}
