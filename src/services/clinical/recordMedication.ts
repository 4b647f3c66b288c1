// A medicine or supplement the patient takes (free text, matched to the curated list), and the
// interactions it brings with isotretinoin and the declared contraception (§5).
import { matchMedications, medicationName } from '../../domain/interactions.js';
import type { Actor, Services } from '../context.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors.js';
import { datesNotInFuture, notBefore, throwIfProblems } from '../validation.js';
import { withPatient } from '../patients/patientTransaction.js';
import { reviewOf } from './clinicalContext.js';

export async function recordMedication(services: Services, actor: Actor, patientId: string, input: { name: string; startedOn?: string }) {
  return withPatient(services, actor, patientId, 'patientEntry', 'medication.record', async (work) => {
    throwIfProblems(datesNotInFuture(work.today, { startedOn: input.startedOn }));
    const matched = matchMedications(input.name);
    const row = await work.trx
      .insertInto('medications')
      .values({
        patient_id: patientId,
        medication_code: matched[0] ?? 'unknown',
        free_text: input.name,
        started_on: input.startedOn ?? null,
        stopped_on: null,
        recorded_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const review = await reviewOf(work);
    return { id: row.id, name: input.name, recognizedAs: matched.map(medicationName), interactions: review.interactions };
  });
}

/** Stopping a medicine is recorded once, on its row: the day it ended. */
export async function stopMedication(services: Services, actor: Actor, patientId: string, medicationId: string, input: { stoppedOn: string }) {
  return withPatient(services, actor, patientId, 'patientEntry', 'medication.stop', async (work) => {
    const medication = await work.trx
      .selectFrom('medications')
      .select(['id', 'started_on', 'stopped_on', 'recorded_by'])
      .where('id', '=', medicationId)
      .where('patient_id', '=', patientId)
      .executeTakeFirst();
    if (medication === undefined) {
      throw new NotFoundError('Medication');
    }
    if (actor.role === 'patient' && medication.recorded_by !== actor.userId) {
      // Stopping a medicine the clinic recorded can lift an interaction block: the clinic confirms it.
      throw new ForbiddenError("Ask your prescriber's office to record that you stopped this medicine.");
    }
    if (medication.stopped_on !== null) {
      throw new ConflictError(`This medicine was already recorded as stopped on ${medication.stopped_on}.`);
    }
    throwIfProblems([
      ...datesNotInFuture(work.today, { stoppedOn: input.stoppedOn }),
      ...(medication.started_on === null ? [] : notBefore('stoppedOn', input.stoppedOn, medication.started_on, 'the day it was started')),
    ]);
    await work.trx.updateTable('medications').set({ stopped_on: input.stoppedOn }).where('id', '=', medicationId).execute();
    const review = await reviewOf(work);
    return { id: medicationId, stoppedOn: input.stoppedOn, interactions: review.interactions };
  });
}
