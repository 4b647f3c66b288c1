// Body weight over time (§3.3): entered in kg or lb, stored in kg (and as typed). A weight outside
// the plausible range for the patient's age (domain/weightPlausibility.ts) is refused unless the
// person entering it confirms it is right; the confirmation is stored with it.
import { kilogramsFrom } from '../../domain/dosing.js';
import { weightPlausibilityReasons } from '../../domain/weightPlausibility.js';
import type { Actor, Services } from '../context.js';
import { RuleRefusal } from '../errors.js';
import { datesNotInFuture, throwIfProblems } from '../validation.js';
import { withPatient, type PatientWork } from '../patients/patientTransaction.js';

export interface WeightInput {
  measuredOn: string;
  value: number;
  unit: 'kg' | 'lb';
  /** "Yes, the weight is right": stores a weight outside the plausible range for the age. */
  confirmedImplausible?: boolean;
}

export async function recordWeight(services: Services, actor: Actor, patientId: string, input: WeightInput) {
  return withPatient(services, actor, patientId, 'record', 'weight.record', (work) => weightIn(work, actor, input));
}

/** Checks and stores a weight inside a patient transaction (the form's, or an EHR import's entry). */
export async function weightIn({ trx, facts, today, patient }: PatientWork, actor: Actor, input: WeightInput) {
  throwIfProblems(datesNotInFuture(today, { measuredOn: input.measuredOn }));
  const weightKg = kilogramsFrom(input.value, input.unit);
  const implausible = weightPlausibilityReasons(weightKg, facts.birthDate, input.measuredOn);
  if (implausible.length > 0 && input.confirmedImplausible !== true) {
    throw new RuleRefusal('The weight needs confirming', implausible);
  }
  const row = await trx
    .insertInto('weight_measurements')
    .values({
      patient_id: patient.id,
      measured_on: input.measuredOn,
      weight_kg: weightKg,
      entered_value: input.value,
      entered_unit: input.unit,
      implausible_confirmed: implausible.length > 0,
      recorded_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    measuredOn: input.measuredOn,
    weightKg,
    entered: { value: input.value, unit: input.unit },
    ...(implausible.length > 0 ? { confirmedImplausible: true } : {}),
  };
}
