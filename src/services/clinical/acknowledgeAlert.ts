// The prescriber acknowledges an alert; an urgent one cannot be dismissed without a note
// (R-MOOD-1). The acknowledgement is a fact; the alert stays on the record.
import { acknowledgeAlert as decideAcknowledgement } from '../../domain/alerts.js';
import type { Actor, Services } from '../context.js';
import { ConflictError, NotFoundError, RuleRefusal } from '../errors.js';
import { withPatient } from '../patients/patientTransaction.js';
import { reviewOf } from './clinicalContext.js';

export async function acknowledgeAlert(services: Services, actor: Actor, patientId: string, input: { alertKey: string; note?: string }) {
  return withPatient(services, actor, patientId, 'attest', 'alert.acknowledge', async (work) => {
    const review = await reviewOf(work);
    const raised = review.alerts.find((candidate) => candidate.key === input.alertKey);
    if (raised === undefined) {
      throw new NotFoundError('Alert');
    }
    if (raised.acknowledgement !== null) {
      throw new ConflictError(`This alert was already acknowledged (${raised.acknowledgement.at}).`);
    }
    const decision = decideAcknowledgement(raised, input.note ?? '');
    if (!decision.allowed) {
      throw new RuleRefusal('The alert needs a note to be acknowledged', decision.reasons);
    }
    const row = await work.trx
      .insertInto('alert_acknowledgements')
      .values({ patient_id: patientId, alert_key: raised.key, note: decision.note, recorded_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, alertKey: raised.key, code: raised.code, note: decision.note };
  });
}
