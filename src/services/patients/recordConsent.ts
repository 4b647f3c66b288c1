// A signed consent form (R-ENR-4): general, birth defects (PCGP), or a guardian's for a minor.
import type { ConsentKind } from '../../domain/facts.js';
import type { Actor, Services } from '../context.js';
import { datesNotInFuture, throwIfProblems } from '../validation.js';
import { withPatient } from './patientTransaction.js';

export async function recordConsent(services: Services, actor: Actor, patientId: string, input: { kind: ConsentKind; signedOn: string }) {
  return withPatient(services, actor, patientId, 'record', 'consent.record', async ({ trx, today }) => {
    throwIfProblems(datesNotInFuture(today, { signedOn: input.signedOn }));
    const row = await trx
      .insertInto('consents')
      .values({ patient_id: patientId, kind: input.kind, signed_on: input.signedOn, recorded_by: actor.userId })
      .returning(['id', 'kind', 'signed_on'])
      .executeTakeFirstOrThrow();
    return { id: row.id, kind: row.kind, signedOn: row.signed_on };
  });
}
