// The prescriber's dose plan: the product, the titration steps (proposed from weight, editable),
// and the cumulative target for this patient (§3.2, §3.3). A new version replaces the old one;
// both stay on record.
import { cumulativeTargetReasons } from '../../domain/cumulativeDose.js';
import type { IsoDate } from '../../domain/dates.js';
import { titrationSchedule, type WeightBasis } from '../../domain/dosing.js';
import type { Product } from '../../domain/facts.js';
import type { Actor, Services } from '../context.js';
import { RuleRefusal } from '../errors.js';
import { withPatient } from '../patients/patientTransaction.js';
import { latestWeight } from './clinicalContext.js';

export interface DosePlanInput {
  product: Product;
  startOn: IsoDate;
  /** Edited steps; when absent, the default titration for the latest weight is proposed. */
  steps?: { from: IsoDate; dailyMg: number }[];
  targetMgPerKg?: number;
  weightBasis?: WeightBasis;
}

export async function recordDosePlan(services: Services, actor: Actor, patientId: string, input: DosePlanInput) {
  return withPatient(services, actor, patientId, 'attest', 'dosePlan.record', async (work) => {
    const { trx, patient } = work;
    const weight = await latestWeight(work);
    const practice = await trx
      .selectFrom('organizations')
      .select('cumulative_target_mg_per_kg')
      .where('id', '=', patient.practice_id)
      .executeTakeFirstOrThrow();
    const targetMgPerKg = input.targetMgPerKg ?? practice.cumulative_target_mg_per_kg;
    const plan = titrationSchedule({
      product: input.product,
      weightKg: weight.weightKg,
      startOn: input.startOn,
      ...(input.steps === undefined ? {} : { steps: input.steps }),
    });
    const reasons = [...plan.reasons, ...cumulativeTargetReasons(targetMgPerKg)];
    if (reasons.length > 0) {
      throw new RuleRefusal('The dose plan is not possible', reasons, plan.warnings);
    }
    const row = await trx
      .insertInto('dose_plans')
      .values({
        patient_id: patientId,
        product: input.product,
        steps: JSON.stringify(plan.steps),
        target_mg_per_kg: targetMgPerKg,
        weight_basis: input.weightBasis ?? 'courseStart',
        recorded_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, product: input.product, weightKg: weight.weightKg, steps: plan.steps, targetMgPerKg, warnings: plan.warnings };
  });
}
