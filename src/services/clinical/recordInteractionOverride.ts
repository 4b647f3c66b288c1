// The prescriber lifts a blocking interaction for this patient with a written reason (§5, T-42).
// Only blocks that allow an override can be lifted; the others need the medicine stopped.
import type { Actor, Services } from '../context.js';
import { RuleRefusal } from '../errors.js';
import { reason } from '../../domain/decision.js';
import { withPatient } from '../patients/patientTransaction.js';
import { reviewOf } from './clinicalContext.js';

export async function recordInteractionOverride(services: Services, actor: Actor, patientId: string, input: { code: string; reason: string }) {
  return withPatient(services, actor, patientId, 'attest', 'interactionOverride.record', async (work) => {
    const before = await reviewOf(work);
    const block = before.interactions.blocks.find((candidate) => candidate.code === input.code);
    if (block === undefined || !block.overrideAllowed) {
      throw new RuleRefusal('This interaction cannot be overridden', [
        block === undefined
          ? reason('NO_SUCH_BLOCK', '§5', `Nothing blocks this patient's prescription with ${input.code}.`, 'Check the interaction code.')
          : reason('OVERRIDE_NOT_ALLOWED', block.rule, block.message, 'Stop the medicine or correct the medication list.'),
      ]);
    }
    const row = await work.trx
      .insertInto('interaction_overrides')
      .values({ patient_id: patientId, code: input.code, reason: input.reason.trim(), recorded_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, code: input.code, reason: input.reason.trim() };
  });
}
