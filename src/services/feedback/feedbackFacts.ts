// Feedback facts as the domain reads them (domain/feedback.ts), and the views the API answers with.
import type { Reason } from '../../domain/decision.js';
import { commentStatus, screenComment, type CommentStatus, type Moderation, type Ratings, type ServiceFeedback } from '../../domain/feedback.js';
import type { IsoDate } from '../../domain/dates.js';
import type { Executor } from '../../db/executor.js';

type FeedbackFilter = { orderId: string } | { feedbackId: string } | { pharmacyId: string } | { pharmacyIds: readonly string[] };

/** Feedback with its moderation decisions, oldest decision first (the latest wins). */
export async function loadFeedback(db: Executor, filter: FeedbackFilter): Promise<ServiceFeedback[]> {
  let query = db
    .selectFrom('service_feedback')
    .select(['id', 'order_id', 'pharmacy_id', 'delivery', 'packaging', 'support', 'comment', 'submitted_on'])
    .orderBy('submitted_on')
    .orderBy('recorded_at')
    .orderBy('id');
  if ('orderId' in filter) {
    query = query.where('order_id', '=', filter.orderId);
  } else if ('feedbackId' in filter) {
    query = query.where('id', '=', filter.feedbackId);
  } else if ('pharmacyId' in filter) {
    query = query.where('pharmacy_id', '=', filter.pharmacyId);
  } else {
    if (filter.pharmacyIds.length === 0) {
      return [];
    }
    query = query.where('pharmacy_id', 'in', [...filter.pharmacyIds]);
  }
  const rows = await query.execute();
  if (rows.length === 0) {
    return [];
  }
  const decisions = await db
    .selectFrom('feedback_moderations')
    .select(['feedback_id', 'decision', 'reason', 'decided_on'])
    .where(
      'feedback_id',
      'in',
      rows.map((row) => row.id),
    )
    .orderBy('recorded_at')
    .orderBy('decided_on')
    .execute();
  const byFeedback = new Map<string, Moderation[]>();
  for (const decision of decisions) {
    const list = byFeedback.get(decision.feedback_id) ?? [];
    list.push({ decision: decision.decision, reason: decision.reason, decidedOn: decision.decided_on });
    byFeedback.set(decision.feedback_id, list);
  }
  return rows.map((row) => ({
    id: row.id,
    orderId: row.order_id,
    pharmacyId: row.pharmacy_id,
    ratings: { delivery: row.delivery, packaging: row.packaging, support: row.support },
    comment: row.comment,
    submittedOn: row.submitted_on,
    moderations: byFeedback.get(row.id) ?? [],
  }));
}

export interface FeedbackView {
  id: string;
  orderId: string;
  ratings: Ratings;
  comment: string | null;
  submittedOn: IsoDate;
  /** Derived: no comment, awaiting moderation, published or rejected (the latest decision). */
  commentStatus: CommentStatus;
  moderation: Moderation | null;
  /** What the claim screen finds in the comment: such a comment cannot be published. */
  warnings: Reason[];
}

export function feedbackView(feedback: ServiceFeedback): FeedbackView {
  const { status, latest } = commentStatus(feedback);
  return {
    id: feedback.id,
    orderId: feedback.orderId,
    ratings: feedback.ratings,
    comment: feedback.comment,
    submittedOn: feedback.submittedOn,
    commentStatus: status,
    moderation: latest,
    warnings: feedback.comment === null ? [] : screenComment(feedback.comment),
  };
}
