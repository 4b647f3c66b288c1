// A baseline risk the prescriber notes: psychiatric history (R-MOOD-3) or a reason for closer lab
// monitoring (§4.1).
import type { RiskFlag } from '../../domain/clinicalReview.js';
import type { Actor, Services } from '../context.js';
import { datesNotInFuture, throwIfProblems } from '../validation.js';
import { withPatient } from '../patients/patientTransaction.js';

export async function recordRiskFlag(services: Services, actor: Actor, patientId: string, input: { flag: RiskFlag; notedOn: string }) {
  return withPatient(services, actor, patientId, 'record', 'riskFlag.record', async ({ trx, today }) => {
    throwIfProblems(datesNotInFuture(today, { notedOn: input.notedOn }));
    const row = await trx
      .insertInto('risk_flags')
      .values({ patient_id: patientId, flag: input.flag, noted_on: input.notedOn, recorded_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, ...input };
  });
}
