// The care team puts off a routine worklist item (a lab check, say) until a day: a fact with who,
// when, which patient and item, until when. Only what the worklist lists today and classes as
// routine can be snoozed (domain/worklist.ts decideSnooze); urgent and fill-blocking items are
// refused with the reason. withPatient writes the audit row and marks the patient's worklist entry
// stale in the same transaction, so the next read hides the item.
import { patientStatusOf } from '../programs/patientStatus.js';
import { decideSnooze, worklistEntry } from '../../domain/worklist.js';
import { reviewOf } from '../clinical/clinicalContext.js';
import type { Actor, Services } from '../context.js';
import { RuleRefusal } from '../errors.js';
import { withPatient } from '../patients/patientTransaction.js';

export async function snoozeWorklistItem(services: Services, actor: Actor, patientId: string, input: { itemCode: string; until: string; reason?: string }) {
  return withPatient(services, actor, patientId, 'record', 'worklist.snooze', async (work) => {
    const status = await patientStatusOf(work.trx, work);
    // The item as the worklist derives it today without any snooze, so a running snooze can be extended.
    const entry = worklistEntry(status, await reviewOf(work), work.today, work.program);
    const item = entry.items.find((candidate) => candidate.code === input.itemCode);
    const decision = decideSnooze(item, input.itemCode, input.until, work.today);
    if (!decision.allowed) {
      throw new RuleRefusal('This worklist item cannot be snoozed', decision.reasons);
    }
    const row = await work.trx
      .insertInto('worklist_snoozes')
      .values({
        patient_id: work.patient.id,
        item_code: input.itemCode,
        snoozed_on: work.today,
        snoozed_until: input.until,
        reason: input.reason ?? null,
        recorded_by: actor.userId,
      })
      .returning(['id', 'recorded_at'])
      .executeTakeFirstOrThrow();
    return {
      id: row.id,
      patientId: work.patient.id,
      itemCode: input.itemCode,
      snoozedOn: work.today,
      until: input.until,
      reason: input.reason ?? null,
      snoozedBy: actor.userId,
      recordedAt: row.recorded_at.toISOString(),
    };
  });
}
