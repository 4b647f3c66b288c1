// The clinical picture of a patient today: cumulative dose and projected end, labs with their
// bands and the next one due, mood, interactions, and alerts (open and acknowledged).
import { patientMessages } from '../../domain/alerts.js';
import type { Actor, Services } from '../context.js';
import { withPatient } from '../patients/patientTransaction.js';
import { reviewOf } from './clinicalContext.js';

export async function getClinicalReview(services: Services, actor: Actor, patientId: string) {
  return withPatient(services, actor, patientId, 'read', 'clinicalReview.read', async (work) => {
    const review = await reviewOf(work);
    if (actor.role !== 'patient') {
      return { id: work.patient.id, ...review };
    }
    // The patient sees their own figures and what each alert tells *them*; the prescriber's
    // recommended actions and acknowledgement notes stay with the care team.
    const messages = [...new Set(patientMessages(review.alerts))];
    const { alerts: _alerts, openAlerts: _openAlerts, ...figures } = review;
    return { id: work.patient.id, ...figures, messages };
  });
}
