// The dose planner: from the patient's latest weight and a chosen mg/kg/day, the daily dose made
// of the product's capsule strengths, its actual mg/kg/day and the range warnings (§3.1, §3.2),
// and the default titration from today. Nothing is recorded: the prescriber saves a plan after.
import { proposeDailyDose, titrationSchedule } from '../../domain/dosing.js';
import type { Product } from '../../domain/facts.js';
import type { Actor, Services } from '../context.js';
import { InvalidInputError } from '../errors.js';
import { withPatient } from '../patients/patientTransaction.js';

export async function proposeDose(services: Services, actor: Actor, patientId: string, input: { product: Product; mgPerKgPerDay: number }) {
  return withPatient(services, actor, patientId, 'read', 'doseProposal.read', async ({ trx, patient, today }) => {
    const weight = await trx
      .selectFrom('weight_measurements')
      .select(['weight_kg', 'measured_on'])
      .where('patient_id', '=', patient.id)
      .orderBy('measured_on', 'desc')
      .orderBy('recorded_at', 'desc')
      .executeTakeFirst();
    if (weight === undefined) {
      throw new InvalidInputError([{ field: 'weight', code: 'WEIGHT_REQUIRED', message: "Record the patient's weight first." }]);
    }
    return {
      id: patient.id,
      weightKg: weight.weight_kg,
      weighedOn: weight.measured_on,
      proposal: proposeDailyDose({ product: input.product, weightKg: weight.weight_kg, mgPerKgPerDay: input.mgPerKgPerDay }),
      defaultTitration: titrationSchedule({ product: input.product, weightKg: weight.weight_kg, startOn: today }),
    };
  });
}
