// The outcome of the month's comprehension questions (R-CMP-1). The question bank is the
// program's own; isocourse keeps only the outcome and its date.
import type { Actor, Services } from '../context.js';
import { datesNotInFuture, throwIfProblems } from '../validation.js';
import { withPatient } from './patientTransaction.js';

export async function recordComprehension(services: Services, actor: Actor, patientId: string, input: { answeredOn: string; passed: boolean }) {
  return withPatient(services, actor, patientId, 'patientEntry', 'comprehension.record', async ({ trx, today }) => {
    throwIfProblems(datesNotInFuture(today, { answeredOn: input.answeredOn }));
    const row = await trx
      .insertInto('comprehension_checks')
      .values({ patient_id: patientId, answered_on: input.answeredOn, passed: input.passed, recorded_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, ...input };
  });
}
