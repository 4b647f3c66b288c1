// The prescriber changes a patient's risk category with a reason (R-CAT-2). A change to PCGP
// starts a new qualification episode: the whole PCGP qualification before the next dispense.
import { categoryChoiceReasons } from '../../domain/enrollment.js';
import type { CategoryCriterion, RiskCategory } from '../../domain/facts.js';
import type { Actor, Services } from '../context.js';
import { RuleRefusal } from '../errors.js';
import { datesNotInFuture, throwIfProblems } from '../validation.js';
import { withPatient } from './patientTransaction.js';

export async function changeCategory(
  services: Services,
  actor: Actor,
  patientId: string,
  input: { category: RiskCategory; criterion: CategoryCriterion; reason: string; effectiveOn: string },
) {
  return withPatient(services, actor, patientId, 'attest', 'category.change', async ({ trx, today }) => {
    throwIfProblems(datesNotInFuture(today, { effectiveOn: input.effectiveOn }));
    const reasons = categoryChoiceReasons(input);
    if (reasons.length > 0) {
      throw new RuleRefusal('The category cannot be changed', reasons);
    }
    const row = await trx
      .insertInto('category_assignments')
      .values({
        patient_id: patientId,
        category: input.category,
        criterion: input.criterion,
        reason: input.reason,
        effective_on: input.effectiveOn,
        recorded_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, ...input };
  });
}
