// The prescriber confirms the counseling given at a visit (R-CNS-1, R-CNS-2, R-ENR-5).
import type { Actor, Services } from '../context.js';
import { datesNotInFuture, throwIfProblems } from '../validation.js';
import { withPatient, type PatientWork } from './patientTransaction.js';

export async function recordCounseling(
  services: Services,
  actor: Actor,
  patientId: string,
  input: { counseledOn: string; modality: 'inPerson' | 'telehealth' },
) {
  return withPatient(services, actor, patientId, 'attest', 'counseling.record', (work) => counselingIn(work, actor, input));
}

/**
 * Stores the prescriber's confirmation inside a patient transaction (the single route's, or a
 * monthly visit's). The caller has checked the access: only the prescriber attests.
 */
export async function counselingIn(work: PatientWork, actor: Actor, input: { counseledOn: string; modality: 'inPerson' | 'telehealth' }) {
  const { trx, today } = work;
  throwIfProblems(datesNotInFuture(today, { counseledOn: input.counseledOn }));
  const row = await trx
    .insertInto('counseling_attestations')
    .values({ patient_id: work.patient.id, prescriber_id: actor.userId, counseled_on: input.counseledOn, modality: input.modality, recorded_by: actor.userId })
    .returning(['id', 'counseled_on', 'modality'])
    .executeTakeFirstOrThrow();
  return { id: row.id, counseledOn: row.counseled_on, modality: row.modality };
}
