// The dose planner: from the patient's latest weight and a chosen mg/kg/day, the daily dose made
// of the product's capsule strengths, its actual mg/kg/day and the range warnings (§3.1, §3.2),
// and the default titration from today. Nothing is recorded: the prescriber saves a plan after.
import { proposeDailyDose, titrationSchedule } from '../../domain/dosing.js';
import type { Product } from '../../domain/facts.js';
import type { Actor, Services } from '../context.js';
import { withPatient } from '../patients/patientTransaction.js';
import { latestWeight } from './clinicalContext.js';

export async function proposeDose(services: Services, actor: Actor, patientId: string, input: { product: Product; mgPerKgPerDay: number }) {
  return withPatient(services, actor, patientId, 'read', 'doseProposal.read', async (work) => {
    const weight = await latestWeight(work);
    return {
      id: work.patient.id,
      weightKg: weight.weightKg,
      weighedOn: weight.measuredOn,
      proposal: proposeDailyDose({ product: input.product, weightKg: weight.weightKg, mgPerKgPerDay: input.mgPerKgPerDay }),
      defaultTitration: titrationSchedule({ product: input.product, weightKg: weight.weightKg, startOn: work.today }),
    };
  });
}
