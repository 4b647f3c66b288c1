// The patient rates the pharmacy's service after delivery (issue 6), and reads their rating and
// where its comment stands. Rating is the patient's own act (the 'order' access: their care team
// cannot do it for them); reading is for the patient and the pharmacy the order was placed with.
import type { Decision } from '../../domain/decision.js';
import { decideFeedback, validateFeedback, type FeedbackInput } from '../../domain/feedback.js';
import { orderStatus, type OrderState } from '../../domain/orders.js';
import type { IsoDate } from '../../domain/dates.js';
import { loadPatientFacts } from '../../db/patientFacts.js';
import { NO_PHARMACY, requireRole } from '../access.js';
import { writeAudit } from '../audit.js';
import { programToday, type Actor, type Services } from '../context.js';
import type { Executor } from '../../db/executor.js';
import { NotFoundError, RuleRefusal } from '../errors.js';
import { loadOrderFacts, pharmacyNames } from '../orders/orderFacts.js';
import { withPatient } from '../patients/patientTransaction.js';
import { throwIfProblems } from '../validation.js';
import { feedbackView, loadFeedback, type FeedbackView } from './feedbackFacts.js';

export interface OrderFeedback {
  order: { id: string; state: OrderState; deliveredOn: IsoDate | null; pharmacy: { id: string; name: string } };
  feedback: FeedbackView | null;
  /** May the patient rate this order now (delivered, not yet rated)? With the reasons when not. */
  mayRate: Pick<Decision, 'allowed' | 'reasons'>;
}

/** The order (of this patient) and its feedback, read in `db` as of `today`. */
async function orderFeedback(
  services: Services,
  db: Executor,
  patientId: string,
  orderId: string,
  today: IsoDate,
  options: { pharmacyId?: string } = {},
): Promise<OrderFeedback> {
  const facts = await loadOrderFacts(db, patientId, await loadPatientFacts(db, patientId, today), options);
  const order = facts.orders.find((candidate) => candidate.id === orderId);
  if (order === undefined) {
    throw new NotFoundError('Order');
  }
  const state = orderStatus(order, facts, today, services.program).state;
  const [feedback] = await loadFeedback(db, { orderId });
  const names = await pharmacyNames(db, [order.pharmacyId]);
  const decision = decideFeedback(state, feedback ?? null);
  return {
    order: { id: order.id, state, deliveredOn: order.deliveredOn, pharmacy: { id: order.pharmacyId, name: names.get(order.pharmacyId) ?? '' } },
    feedback: feedback === undefined ? null : feedbackView(feedback),
    mayRate: { allowed: decision.allowed, reasons: decision.reasons },
  };
}

export async function submitFeedback(
  services: Services,
  actor: Actor,
  patientId: string,
  orderId: string,
  input: FeedbackInput,
): Promise<OrderFeedback & { id: string }> {
  return withPatient(services, actor, patientId, 'order', 'feedback.submit', async (work) => {
    throwIfProblems(validateFeedback(input));
    const facts = await loadOrderFacts(work.trx, work.patient.id, work.facts);
    const order = facts.orders.find((candidate) => candidate.id === orderId);
    if (order === undefined) {
      // Another patient's order is answered like one that does not exist.
      throw new NotFoundError('Order');
    }
    const [existing] = await loadFeedback(work.trx, { orderId });
    const decision = decideFeedback(orderStatus(order, facts, work.today, work.program).state, existing ?? null);
    if (!decision.allowed) {
      throw new RuleRefusal('The service cannot be rated', decision.reasons);
    }
    // Kept as written (nothing accepted is altered); validateFeedback refused a comment of blanks.
    const comment = input.comment ?? null;
    const row = await work.trx
      .insertInto('service_feedback')
      .values({
        order_id: order.id,
        patient_id: work.patient.id,
        pharmacy_id: order.pharmacyId,
        delivery: input.delivery,
        packaging: input.packaging,
        support: input.support,
        comment,
        submitted_on: work.today,
        submitted_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, ...(await orderFeedback(services, work.trx, work.patient.id, order.id, work.today)) };
  });
}

/**
 * The patient's feedback on their order and where its comment stands; also for the pharmacy the
 * order was placed with. Anyone else: not found (their care team: forbidden — the rating is
 * between the patient and the pharmacy).
 */
export async function readFeedback(services: Services, actor: Actor, patientId: string, orderId: string): Promise<OrderFeedback> {
  requireRole(actor, 'patient', 'pharmacist');
  if (actor.role === 'patient') {
    return withPatient<OrderFeedback & { id?: string }>(services, actor, patientId, 'read', 'feedback.read', (work) =>
      orderFeedback(services, work.trx, work.patient.id, orderId, work.today),
    );
  }
  const pharmacyId = actor.organizationId ?? NO_PHARMACY;
  const held = await services.db
    .selectFrom('orders')
    .select('id')
    .where('id', '=', orderId)
    .where('patient_id', '=', patientId)
    .where('pharmacy_id', '=', pharmacyId)
    .executeTakeFirst();
  if (held === undefined) {
    await writeAudit(services.db, actor, { action: 'feedback.read', outcome: 'denied', detail: { attempted: orderId } });
    throw new NotFoundError('Order');
  }
  const answer = await orderFeedback(services, services.db, patientId, orderId, programToday(services), { pharmacyId });
  await writeAudit(services.db, actor, {
    action: 'feedback.read',
    patientId,
    entity: 'feedback',
    ...(answer.feedback === null ? {} : { entityId: answer.feedback.id }),
    outcome: 'ok',
  });
  return answer;
}
