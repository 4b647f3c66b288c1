// The prescriber's decisions about the course: end it (R-END-1), restart a new one (R-END-4),
// record a suspected pregnancy (R-PREG-1, R-CON-7) or clear a hold with a reason (R-PREG-3).
import { endedCourse, retreatmentWarnings } from '../../domain/course.js';
import type { CourseEnd } from '../../domain/facts.js';
import { reverseActiveAuthorizations } from '../../db/authorizationReversals.js';
import type { Actor, Services } from '../context.js';
import { RuleRefusal } from '../errors.js';
import { datesNotInFuture, throwIfProblems } from '../validation.js';
import { reason } from '../../domain/decision.js';
import { withPatient } from './patientTransaction.js';

export async function endCourse(services: Services, actor: Actor, patientId: string, input: { lastDoseOn: string; reason: CourseEnd['reason'] }) {
  return withPatient(services, actor, patientId, 'attest', 'course.end', async ({ trx, facts, today }) => {
    throwIfProblems(datesNotInFuture(today, { lastDoseOn: input.lastDoseOn }));
    const row = await trx
      .insertInto('course_ends')
      .values({ patient_id: patientId, last_dose_on: input.lastDoseOn, reason: input.reason, recorded_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Nothing may be dispensed once the course has ended (R-END-1): an open authorization goes.
    const reversedAuthorizations = await reverseActiveAuthorizations(trx, facts.authorizations, today, 'COURSE_ENDED', actor.userId);
    return { id: row.id, ...input, reversedAuthorizations };
  });
}

export async function restartCourse(services: Services, actor: Actor, patientId: string, input: { restartedOn: string; reason?: string }) {
  return withPatient(services, actor, patientId, 'attest', 'course.restart', async ({ trx, facts, today, program }) => {
    throwIfProblems(datesNotInFuture(today, { restartedOn: input.restartedOn }));
    const ended = endedCourse(facts, input.restartedOn);
    if (ended === null) {
      throw new RuleRefusal('There is no ended course to restart', [
        reason('COURSE_NOT_ENDED', 'R-END-1', 'The current course has not ended.', 'Record the end of the course first.'),
      ]);
    }
    const warnings = retreatmentWarnings(ended.lastDoseOn, input.restartedOn, program);
    if (warnings.length > 0 && !input.reason?.trim()) {
      throw new RuleRefusal('A reason is required to restart this soon', warnings);
    }
    const row = await trx
      .insertInto('course_restarts')
      .values({ patient_id: patientId, restarted_on: input.restartedOn, reason: input.reason ?? null, recorded_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, ...input, warnings };
  });
}

export async function reportPregnancy(services: Services, actor: Actor, patientId: string, input: { reportedOn: string; note?: string }) {
  return withPatient(services, actor, patientId, 'record', 'pregnancy.report', async ({ trx, facts, today }) => {
    throwIfProblems(datesNotInFuture(today, { reportedOn: input.reportedOn }));
    const row = await trx
      .insertInto('pregnancy_reports')
      .values({ patient_id: patientId, reported_on: input.reportedOn, note: input.note ?? null, recorded_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await reverseActiveAuthorizations(trx, facts.authorizations, today, 'PREGNANCY_HOLD', actor.userId);
    return { id: row.id, ...input };
  });
}

export async function clearPregnancyHold(services: Services, actor: Actor, patientId: string, input: { clearedOn: string; reason: string }) {
  return withPatient(services, actor, patientId, 'attest', 'pregnancy.clear', async ({ trx, today }) => {
    throwIfProblems(datesNotInFuture(today, { clearedOn: input.clearedOn }));
    const row = await trx
      .insertInto('pregnancy_clearances')
      .values({ patient_id: patientId, cleared_on: input.clearedOn, reason: input.reason, recorded_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, ...input };
  });
}
