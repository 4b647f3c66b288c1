// Symptoms logged by the patient or the staff, with severity (§4.4): red flags raise alerts with
// the recommended action; expected effects get education.
import { symptomEntryProblems, type SymptomEntry } from '../../domain/symptoms.js';
import { patientAdvice, patientMessages } from '../../domain/alerts.js';
import type { Actor, Services } from '../context.js';
import { datesNotInFuture, throwIfProblems } from '../validation.js';
import { withPatient } from '../patients/patientTransaction.js';
import { reviewOf } from './clinicalContext.js';

export async function recordSymptoms(
  services: Services,
  actor: Actor,
  patientId: string,
  input: { reportedOn: string; entries: SymptomEntry[]; note?: string },
) {
  return withPatient(services, actor, patientId, 'patientEntry', 'symptoms.record', async (work) => {
    throwIfProblems([...datesNotInFuture(work.today, { reportedOn: input.reportedOn }), ...symptomEntryProblems(input.entries)]);
    const row = await work.trx
      .insertInto('symptom_reports')
      .values({
        patient_id: patientId,
        reported_on: input.reportedOn,
        entries: JSON.stringify(input.entries),
        note: input.note ?? null,
        recorded_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const review = await reviewOf(work);
    const alerts = review.alerts.filter((item) => item.key.startsWith(`symptoms:${row.id}:`));
    const messages = patientMessages(alerts);
    // The same messages with their alert's code and severity: the patient's page puts the urgent
    // ones ("stop and call", "emergency care") first by severity, not by matching words.
    const advice = patientAdvice(alerts);
    return { id: row.id, ...input, ...(actor.role === 'patient' ? { messages, advice } : { alerts, messages, advice }) };
  });
}
