// The patient's PHQ-9 (§4.3): scored as published; any thoughts of self-harm raise an urgent alert
// at once and show the patient crisis resources (R-MOOD-1); large rises call for review (R-MOOD-2).
import { phq9InputProblems } from '../../domain/mood.js';
import { patientMessages } from '../../domain/alerts.js';
import type { Actor, Services } from '../context.js';
import { datesNotInFuture, throwIfProblems } from '../validation.js';
import { withPatient } from '../patients/patientTransaction.js';
import { reviewOf } from './clinicalContext.js';

export async function recordPhq9(services: Services, actor: Actor, patientId: string, input: { answeredOn: string; answers: number[] }) {
  return withPatient(services, actor, patientId, 'patientEntry', 'phq9.record', async (work) => {
    throwIfProblems([...datesNotInFuture(work.today, { answeredOn: input.answeredOn }), ...phq9InputProblems(input.answers)]);
    const row = await work.trx
      .insertInto('phq9_responses')
      .values({ patient_id: patientId, answered_on: input.answeredOn, answers: input.answers, recorded_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    const review = await reviewOf(work);
    const alerts = review.alerts.filter((item) => item.key.startsWith(`phq9:${row.id}:`));
    const messages = patientMessages(alerts);
    return {
      id: row.id,
      answeredOn: input.answeredOn,
      total: review.latestMood?.score.total ?? null,
      band: review.latestMood?.score.band ?? null,
      changeFromBaseline: review.latestMood?.changeFromBaseline ?? null,
      // The patient sees only what is meant for them; the prescriber sees the alerts themselves.
      ...(actor.role === 'patient' ? { messages } : { alerts, messages }),
    };
  });
}
