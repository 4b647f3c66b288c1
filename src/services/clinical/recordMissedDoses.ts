// Days the patient did not take the capsules (missed or paused): they do not count toward the
// cumulative dose and move the projected end (§3.3). Future pauses may be planned.
import { isBefore } from '../../domain/dates.js';
import type { Actor, Services } from '../context.js';
import { throwIfProblems } from '../validation.js';
import { withPatient } from '../patients/patientTransaction.js';

export async function recordMissedDoses(services: Services, actor: Actor, patientId: string, input: { from: string; to: string; reason?: string }) {
  return withPatient(services, actor, patientId, 'patientEntry', 'missedDoses.record', async ({ trx }) => {
    throwIfProblems(isBefore(input.to, input.from) ? [{ field: 'to', code: 'BEFORE_FROM', message: 'The last missed day cannot be before the first.' }] : []);
    const row = await trx
      .insertInto('missed_doses')
      .values({ patient_id: patientId, from_date: input.from, to_date: input.to, reason: input.reason ?? null, recorded_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, ...input };
  });
}
