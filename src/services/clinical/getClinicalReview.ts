// The clinical picture of a patient today: cumulative dose and projected end, labs with their
// bands and the next one due, mood, interactions, and alerts (open and acknowledged). The lab
// thresholds the bands were judged by come with it, so a chart can draw them.
import { patientMessages } from '../../domain/alerts.js';
import { DEFAULT_CLINICAL_PARAMETERS } from '../../domain/clinicalParameters.js';
import type { Actor, Services } from '../context.js';
import { withPatient } from '../patients/patientTransaction.js';
import { reviewOf } from './clinicalContext.js';

export async function getClinicalReview(services: Services, actor: Actor, patientId: string) {
  return withPatient(services, actor, patientId, 'read', 'clinicalReview.read', async (work) => {
    const review = await reviewOf(work);
    // The review classifies every lab with the default parameters (labs.ts), so these are the edges.
    const labThresholds = DEFAULT_CLINICAL_PARAMETERS.labThresholds;
    if (actor.role !== 'patient') {
      return { id: work.patient.id, ...review, labThresholds };
    }
    // The patient sees their own figures and what each alert tells *them*; the prescriber's
    // recommended actions and acknowledgement notes stay with the care team.
    const messages = [...new Set(patientMessages(review.alerts))];
    const { alerts: _alerts, openAlerts: _openAlerts, ...figures } = review;
    return { id: work.patient.id, ...figures, labThresholds, messages };
  });
}
