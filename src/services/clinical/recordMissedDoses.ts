// Days the patient did not take the capsules (missed or paused): they do not count toward the
// cumulative dose and move the projected end (§3.3). Future pauses may be planned, up to a year
// ahead; none before the enrollment, when there was no course to miss.
import { addDays, isAfter, isBefore } from '../../domain/dates.js';
import type { Actor, Services } from '../context.js';
import { throwIfProblems } from '../validation.js';
import { withPatient } from '../patients/patientTransaction.js';

const PLANNED_PAUSE_DAYS_AHEAD = 366;

export async function recordMissedDoses(services: Services, actor: Actor, patientId: string, input: { from: string; to: string; reason?: string }) {
  return withPatient(services, actor, patientId, 'patientEntry', 'missedDoses.record', async ({ trx, facts, today }) => {
    const enrolledOn = facts.categoryAssignments[0]?.effectiveOn;
    const latestPlanned = addDays(today, PLANNED_PAUSE_DAYS_AHEAD);
    throwIfProblems([
      ...(isBefore(input.to, input.from) ? [{ field: 'to', code: 'BEFORE_FROM', message: 'The last missed day cannot be before the first.' }] : []),
      ...(enrolledOn !== undefined && isBefore(input.from, enrolledOn)
        ? [{ field: 'from', code: 'DATE_TOO_EARLY', message: `The patient was enrolled on ${enrolledOn}: no dose could be missed before.` }]
        : []),
      ...(isAfter(input.to, latestPlanned) ? [{ field: 'to', code: 'DATE_TOO_LATE', message: `A pause can be planned up to a year ahead (${latestPlanned}).` }] : []),
    ]);
    const row = await trx
      .insertInto('missed_doses')
      .values({ patient_id: patientId, from_date: input.from, to_date: input.to, reason: input.reason ?? null, recorded_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, ...input };
  });
}
