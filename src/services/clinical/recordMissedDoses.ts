// Days the patient did not take the capsules (missed or paused): they do not count toward the
// cumulative dose and move the projected end (§3.3). Future pauses may be planned, up to a year
// ahead; none before the enrollment, when there was no course to miss.
//
// Who enters them decides what they are (domain/missedDoses.ts, issue 12 item 7): the care team's
// record counts at once; the patient's own entry is a report (`missedDoses.report`), counted only
// once a prescriber or delegate confirms it (reviewMissedDoses below, one click on the patient's
// page), so nothing a patient types changes the dose her prescriber sees unseen. The patient sees
// her report as waiting for her care team until then.
import { addDays, isAfter, isBefore } from '../../domain/dates.js';
import { missedDoseStatus } from '../../domain/missedDoses.js';
import type { Actor, Services } from '../context.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { throwIfProblems } from '../validation.js';
import { withPatient } from '../patients/patientTransaction.js';

const PLANNED_PAUSE_DAYS_AHEAD = 366;

export async function recordMissedDoses(services: Services, actor: Actor, patientId: string, input: { from: string; to: string; reason?: string }) {
  const byPatient = actor.role === 'patient';
  return withPatient(services, actor, patientId, 'patientEntry', byPatient ? 'missedDoses.report' : 'missedDoses.record', async ({ trx, facts, today }) => {
    const enrolledOn = facts.categoryAssignments[0]?.effectiveOn;
    const latestPlanned = addDays(today, PLANNED_PAUSE_DAYS_AHEAD);
    throwIfProblems([
      ...(isBefore(input.to, input.from) ? [{ field: 'to', code: 'BEFORE_FROM', message: 'The last missed day cannot be before the first.' }] : []),
      ...(enrolledOn !== undefined && isBefore(input.from, enrolledOn)
        ? [{ field: 'from', code: 'DATE_TOO_EARLY', message: `The patient was enrolled on ${enrolledOn}: no dose could be missed before.` }]
        : []),
      ...(isAfter(input.to, latestPlanned)
        ? [{ field: 'to', code: 'DATE_TOO_LATE', message: `A pause can be planned up to a year ahead (${latestPlanned}).` }]
        : []),
    ]);
    const row = await trx
      .insertInto('missed_doses')
      .values({
        patient_id: patientId,
        from_date: input.from,
        to_date: input.to,
        reason: input.reason ?? null,
        recorded_by: actor.userId,
        reported_by_patient: byPatient,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, ...input, status: missedDoseStatus({ ...input, reportedByPatient: byPatient, review: null }) };
  });
}

/**
 * The care team's answer to a patient's report of missed days: confirmed (it counts toward the
 * cumulative dose from now on) or declined (it stays on record, never counted). Once, by a
 * prescriber or delegate; audited as `missedDoses.confirm` or `missedDoses.decline`.
 */
export async function reviewMissedDoses(
  services: Services,
  actor: Actor,
  patientId: string,
  missedDoseId: string,
  input: { decision: 'confirmed' | 'declined'; note?: string },
) {
  const action = input.decision === 'confirmed' ? 'missedDoses.confirm' : 'missedDoses.decline';
  return withPatient(services, actor, patientId, 'record', action, async ({ trx }) => {
    const report = await trx
      .selectFrom('missed_doses as m')
      .leftJoin('missed_dose_reviews as r', 'r.missed_dose_id', 'm.id')
      .select(['m.id', 'm.from_date', 'm.to_date', 'm.reason', 'm.reported_by_patient', 'r.decision'])
      .where('m.id', '=', missedDoseId)
      .where('m.patient_id', '=', patientId)
      .executeTakeFirst();
    if (report === undefined || !report.reported_by_patient) {
      // Only a patient's report waits for an answer; the care team's own record counts already.
      throw new NotFoundError('Missed-dose report');
    }
    if (report.decision !== null) {
      throw new ConflictError(`This report was already ${report.decision} by the care team.`);
    }
    await trx
      .insertInto('missed_dose_reviews')
      .values({ missed_dose_id: report.id, patient_id: patientId, decision: input.decision, note: input.note ?? null, recorded_by: actor.userId })
      .execute();
    return {
      id: report.id,
      from: report.from_date,
      to: report.to_date,
      reason: report.reason,
      note: input.note ?? null,
      status: missedDoseStatus({
        from: report.from_date,
        to: report.to_date,
        reportedByPatient: true,
        review: { decision: input.decision, note: input.note ?? null },
      }),
    };
  });
}
