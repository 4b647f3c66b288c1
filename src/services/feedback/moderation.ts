// The pharmacy moderates the comments of its patients' feedback (issue 6): its queue (comments
// awaiting a decision, oldest first, each with what the claim screen found; then the recently
// decided), and a decision — published or rejected with a reason — recorded as a fact of its own.
// A comment the screen flags cannot be published (decideModeration). The queue names no patient:
// moderating a comment about the service needs no one's identity.
import { codePoints } from '../../domain/codePoints.js';
import { compareDates, type IsoDate } from '../../domain/dates.js';
import { decideModeration, REJECTION_REASON_MAX_LENGTH, type ModerationDecision } from '../../domain/feedback.js';
import { writeAudit } from '../audit.js';
import { programToday, type Actor, type Services } from '../context.js';
import { ForbiddenError, InvalidInputError, NotFoundError, RuleRefusal } from '../errors.js';
import { feedbackView, loadFeedback, type FeedbackView } from './feedbackFacts.js';

/** How many decided comments the queue shows after the waiting ones. */
export const RECENTLY_DECIDED = 20;

export interface ModerationQueue {
  asOf: IsoDate;
  awaiting: FeedbackView[];
  recentlyDecided: FeedbackView[];
}

async function requireModerator(services: Services, actor: Actor, action: string): Promise<string> {
  if (actor.role !== 'pharmacist' || actor.organizationId === null) {
    await writeAudit(services.db, actor, { action, outcome: 'denied' });
    throw new ForbiddenError('Feedback is moderated by a pharmacist of the pharmacy it is about.');
  }
  return actor.organizationId;
}

export async function listModerationQueue(services: Services, actor: Actor): Promise<ModerationQueue> {
  const pharmacyId = await requireModerator(services, actor, 'feedback.queue.read');
  const views = (await loadFeedback(services.db, { pharmacyId })).map(feedbackView).filter((view) => view.commentStatus !== 'noComment');
  const awaiting = views.filter((view) => view.commentStatus === 'awaitingModeration');
  const recentlyDecided = views
    .filter((view) => view.moderation !== null)
    .sort((a, b) => compareDates(b.moderation?.decidedOn ?? '', a.moderation?.decidedOn ?? '') || compareDates(b.submittedOn, a.submittedOn))
    .slice(0, RECENTLY_DECIDED);
  await writeAudit(services.db, actor, { action: 'feedback.queue.read', outcome: 'ok', detail: { awaiting: awaiting.length } });
  return { asOf: programToday(services), awaiting, recentlyDecided };
}

export async function moderateFeedback(
  services: Services,
  actor: Actor,
  feedbackId: string,
  input: { decision: ModerationDecision; reason?: string | undefined },
): Promise<{ id: string; feedback: FeedbackView }> {
  const action = 'feedback.moderate';
  const pharmacyId = await requireModerator(services, actor, action);
  const today = programToday(services);
  try {
    return await services.db.transaction().execute(async (trx) => {
      // Locks the feedback: two moderators deciding at once are taken one after the other.
      const row = await trx
        .selectFrom('service_feedback')
        .select(['id', 'patient_id'])
        .where('id', '=', feedbackId)
        .where('pharmacy_id', '=', pharmacyId)
        .forUpdate()
        .executeTakeFirst();
      if (row === undefined) {
        throw new NotFoundError('Feedback');
      }
      // Kept as written (nothing accepted is altered); a reason of blanks is no reason.
      const reason = input.reason ?? null;
      if (input.decision === 'rejected' && (reason === null || reason.trim() === '')) {
        throw new InvalidInputError([{ field: 'reason', code: 'REASON_REQUIRED', message: 'Say why the comment is rejected (the patient sees it).' }]);
      }
      if (reason !== null && codePoints(reason).length > REJECTION_REASON_MAX_LENGTH) {
        throw new InvalidInputError([{ field: 'reason', code: 'TOO_LONG', message: `At most ${REJECTION_REASON_MAX_LENGTH} characters.` }]);
      }
      const [feedback] = await loadFeedback(trx, { feedbackId: row.id });
      if (feedback === undefined) {
        throw new NotFoundError('Feedback');
      }
      const decision = decideModeration(feedback, input.decision);
      if (!decision.allowed) {
        throw new RuleRefusal(input.decision === 'published' ? 'The comment cannot be published' : 'Nothing to moderate', decision.reasons);
      }
      await trx
        .insertInto('feedback_moderations')
        .values({
          feedback_id: row.id,
          decision: input.decision,
          reason,
          decided_on: today,
          decided_by: actor.userId,
        })
        .execute();
      await writeAudit(trx, actor, {
        action,
        patientId: row.patient_id,
        entity: 'feedback',
        entityId: row.id,
        outcome: 'ok',
        detail: { decision: input.decision },
      });
      const [updated] = await loadFeedback(trx, { feedbackId: row.id });
      return { id: row.id, feedback: feedbackView(updated ?? feedback) };
    });
  } catch (error) {
    const outcome = error instanceof RuleRefusal || error instanceof InvalidInputError ? 'refused' : error instanceof NotFoundError ? 'denied' : null;
    if (outcome !== null) {
      await writeAudit(services.db, actor, {
        action,
        outcome,
        detail: error instanceof RuleRefusal ? { attempted: feedbackId, reasons: error.reasons.map((item) => item.code) } : { attempted: feedbackId },
      });
    }
    throw error;
  }
}
