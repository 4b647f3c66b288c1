// R-CON-7: the patient (or her care team) reports unprotected intercourse, a contraception failure
// or a late period. Stored as a fact; every fill then waits for a negative pregnancy test collected
// after it (domain/contraceptionFailure.ts), so an open authorization is reversed at once, as for a
// suspected pregnancy. The answer carries the steps to tell the patient.
import { addDays } from '../../domain/dates.js';
import { CONTRACEPTION_FAILURE_STEPS, CONTRACEPTION_FAILURE_TEST_MIN_DAYS_AFTER } from '../../domain/contraceptionFailure.js';
import type { ContraceptionFailureReport } from '../../domain/facts.js';
import { reverseActiveAuthorizations } from '../../db/authorizationReversals.js';
import type { Actor, Services } from '../context.js';
import { datesNotInFuture, throwIfProblems } from '../validation.js';
import { withPatient } from './patientTransaction.js';

export interface ContraceptionFailureInput {
  reportedOn: string;
  kind: ContraceptionFailureReport['kind'];
  note?: string;
}

export async function reportContraceptionFailure(services: Services, actor: Actor, patientId: string, input: ContraceptionFailureInput) {
  // 'patientEntry': the patient reports it herself; her prescriber and the delegate may too.
  return withPatient(services, actor, patientId, 'patientEntry', 'contraceptionFailure.report', async ({ trx, facts, today }) => {
    throwIfProblems(datesNotInFuture(today, { reportedOn: input.reportedOn }));
    const row = await trx
      .insertInto('contraception_failure_reports')
      .values({ patient_id: patientId, reported_on: input.reportedOn, kind: input.kind, note: input.note ?? null, recorded_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    const reversedAuthorizations = await reverseActiveAuthorizations(trx, facts.authorizations, today, 'CONTRACEPTION_FAILURE_REPORTED', actor.userId);
    return {
      id: row.id,
      reportedOn: input.reportedOn,
      kind: input.kind,
      negativeTestCollectedFrom: addDays(input.reportedOn, CONTRACEPTION_FAILURE_TEST_MIN_DAYS_AFTER),
      steps: [...CONTRACEPTION_FAILURE_STEPS],
      reversedAuthorizations,
    };
  });
}
