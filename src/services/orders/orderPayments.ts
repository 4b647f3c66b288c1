// Payments and refunds of online orders (issue 6): the order's pharmacy records a payment received
// (offline: at pickup or against its invoice) and refunds with a reason, each a fact in the
// patient's transaction and audited; the decisions are domain/payments.ts's. The summary sums the
// pharmacy's orders' balances, each derived from its facts like the order's own answer.
import { compareDates, type IsoDate } from '../../domain/dates.js';
import { orderStatus } from '../../domain/orders.js';
import { decidePayment, decideRefund, EMPTY_LEDGER, OFFLINE_PAYMENT, paymentTotals, type Ledger, type PaymentBalance } from '../../domain/payments.js';
import { writeAudit } from '../audit.js';
import { programToday, type Actor, type Services } from '../context.js';
import { ForbiddenError, RuleRefusal } from '../errors.js';
import { rememberAnswer, type IdempotencyKey } from '../idempotency.js';
import { datesNotInFuture, notBefore, throwIfProblems } from '../validation.js';
import { orderTarget, withOrder, type OrderWork } from './fulfillment.js';
import { chargeStands, paymentView, pharmacyOrderFacts } from './orderFacts.js';
import { currentOrder, type PlacedOrder } from './patientOrders.js';

export interface PaymentInput {
  amountCents: number;
  receivedOn: IsoDate;
  reference: string;
}

export interface RefundInput {
  amountCents: number;
  reason: string;
  refundedOn: IsoDate;
}

/**
 * One money fact on one of the caller's pharmacy's orders, in the patient's transaction: a retry
 * with the same Idempotency-Key gets the first answer; the fact's date is neither in the future
 * nor before the order; `record` decides with the order's ledger and writes the fact.
 */
async function recordOnLedger(
  services: Services,
  actor: Actor,
  orderId: string,
  action: string,
  idempotency: IdempotencyKey | null,
  dated: { field: 'receivedOn' | 'refundedOn'; on: IsoDate },
  record: (work: OrderWork, ledger: Ledger) => Promise<void>,
): Promise<PlacedOrder> {
  const target = await orderTarget(services, actor, orderId, action);
  return withOrder(
    services,
    actor,
    target,
    orderId,
    action,
    null,
    async (work) => {
      throwIfProblems([
        ...datesNotInFuture(work.today, { [dated.field]: dated.on }),
        ...notBefore(dated.field, dated.on, work.order.placedOn, 'the order was placed'),
      ]);
      await record(work, work.orderFacts.ledgers.get(work.order.id) ?? EMPTY_LEDGER);
      const answer = { id: work.order.id, order: await currentOrder(services, work, work.order.id) };
      await rememberAnswer(work.trx, actor, idempotency, 201, answer);
      return answer;
    },
    idempotency,
  );
}

/** Records a payment received for the order (the offline provider: at pickup or by invoice). */
export async function recordPayment(
  services: Services,
  actor: Actor,
  orderId: string,
  input: PaymentInput,
  idempotency: IdempotencyKey | null = null,
): Promise<PlacedOrder> {
  return recordOnLedger(services, actor, orderId, 'order.payment', idempotency, { field: 'receivedOn', on: input.receivedOn }, async (work, ledger) => {
    const payment = { provider: OFFLINE_PAYMENT.name, amountCents: input.amountCents, receivedOn: input.receivedOn, reference: input.reference };
    const decision = decidePayment(ledger, payment, chargeStands(work.status.state));
    if (!decision.allowed) {
      throw new RuleRefusal('The payment is refused', decision.reasons);
    }
    await work.trx
      .insertInto('order_payments')
      .values({
        order_id: work.order.id,
        provider: payment.provider,
        amount_cents: payment.amountCents,
        received_on: payment.receivedOn,
        reference: payment.reference,
        recorded_by: actor.userId,
      })
      .execute();
  });
}

/** Records a refund with its reason: at most what was paid net on the order. */
export async function recordRefund(
  services: Services,
  actor: Actor,
  orderId: string,
  input: RefundInput,
  idempotency: IdempotencyKey | null = null,
): Promise<PlacedOrder> {
  return recordOnLedger(services, actor, orderId, 'order.refund', idempotency, { field: 'refundedOn', on: input.refundedOn }, async (work, ledger) => {
    const decision = decideRefund(ledger, input);
    if (!decision.allowed) {
      throw new RuleRefusal('The refund is refused', decision.reasons);
    }
    await work.trx
      .insertInto('order_refunds')
      .values({ order_id: work.order.id, amount_cents: input.amountCents, reason: input.reason, refunded_on: input.refundedOn, recorded_by: actor.userId })
      .execute();
  });
}

export type PaymentSummary = { from: IsoDate; to: IsoDate; asOf: IsoDate } & PaymentBalance & { orders: number };

/**
 * The caller's pharmacy's money over the orders placed from `from` to `to` (inclusive): the sum of
 * each order's balance as its own answer shows it — so the totals are the orders' totals.
 */
export async function paymentSummary(services: Services, actor: Actor, range: { from: IsoDate; to: IsoDate }): Promise<PaymentSummary> {
  if (actor.role !== 'pharmacist' || actor.organizationId === null) {
    await writeAudit(services.db, actor, { action: 'pharmacy.payments.summary', outcome: 'denied' });
    throw new ForbiddenError('The payment summary is for a pharmacist of the pharmacy.');
  }
  throwIfProblems(notBefore('to', range.to, range.from, 'from'));
  const pharmacyId = actor.organizationId;
  const today = programToday(services);
  const patients = await services.db
    .selectFrom('orders')
    .select('patient_id')
    .distinct()
    .where('pharmacy_id', '=', pharmacyId)
    .where('placed_on', '>=', range.from)
    .where('placed_on', '<=', range.to)
    .execute();
  const balances: PaymentBalance[] = [];
  const factsOf = await pharmacyOrderFacts(
    services.db,
    patients.map((row) => row.patient_id),
    today,
    pharmacyId,
  );
  for (const facts of factsOf.values()) {
    for (const order of facts.orders) {
      if (compareDates(order.placedOn, range.from) < 0 || compareDates(order.placedOn, range.to) > 0) {
        continue;
      }
      const { state } = orderStatus(order, facts, today, services.program);
      const {
        provider: _provider,
        unitPriceCents: _unit,
        payments: _payments,
        refunds: _refunds,
        ...balance
      } = paymentView(facts.ledgers.get(order.id) ?? EMPTY_LEDGER, state);
      balances.push(balance);
    }
  }
  await writeAudit(services.db, actor, { action: 'pharmacy.payments.summary', outcome: 'ok', detail: { ...range, orders: balances.length } });
  return { from: range.from, to: range.to, asOf: today, ...paymentTotals(balances) };
}
