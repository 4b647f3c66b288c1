// The prescriber opts a patient in to home pregnancy tests after the first dose, with the
// procedure that limits misreading and falsification (R-PT-7, REMS-2026).
import type { Actor, Services } from '../context.js';
import { datesNotInFuture, throwIfProblems } from '../validation.js';
import { withPatient } from './patientTransaction.js';

export async function recordHomeTestingOptIn(services: Services, actor: Actor, patientId: string, input: { optedInOn: string; procedure: string }) {
  return withPatient(services, actor, patientId, 'attest', 'homeTestingOptIn.record', async ({ trx, today }) => {
    throwIfProblems(datesNotInFuture(today, { optedInOn: input.optedInOn }));
    const row = await trx
      .insertInto('home_testing_opt_ins')
      .values({ patient_id: patientId, opted_in_on: input.optedInOn, procedure: input.procedure, recorded_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, ...input };
  });
}
