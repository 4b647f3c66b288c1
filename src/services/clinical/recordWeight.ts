// Body weight over time (§3.3): entered in kg or lb, stored in kg (and as typed).
import { kilogramsFrom } from '../../domain/dosing.js';
import type { Actor, Services } from '../context.js';
import { datesNotInFuture, throwIfProblems } from '../validation.js';
import { withPatient } from '../patients/patientTransaction.js';

export async function recordWeight(services: Services, actor: Actor, patientId: string, input: { measuredOn: string; value: number; unit: 'kg' | 'lb' }) {
  return withPatient(services, actor, patientId, 'record', 'weight.record', async ({ trx, today }) => {
    throwIfProblems(datesNotInFuture(today, { measuredOn: input.measuredOn }));
    const weightKg = kilogramsFrom(input.value, input.unit);
    const row = await trx
      .insertInto('weight_measurements')
      .values({ patient_id: patientId, measured_on: input.measuredOn, weight_kg: weightKg, entered_value: input.value, entered_unit: input.unit, recorded_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, measuredOn: input.measuredOn, weightKg, entered: { value: input.value, unit: input.unit } };
  });
}
