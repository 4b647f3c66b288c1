import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addDays } from './dates.js';
import type { Decision } from './decision.js';
import {
  chargeFor,
  decidePayment,
  decideRefund,
  EMPTY_LEDGER,
  OFFLINE_PAYMENT,
  paymentBalance,
  paymentTotals,
  refundedOn,
  type Ledger,
  type Payment,
  type Refund,
} from './payments.js';

const DAY = '2025-03-10';
const placed = (quantity = 30, unitPriceCents = 150): Ledger => ({
  charge: chargeFor('order-1', quantity, unitPriceCents, DAY),
  payments: [],
  refunds: [],
});
const payment = (amountCents: number): Payment => ({ provider: 'offline', amountCents, receivedOn: DAY, reference: 'inv-1' });
const refund = (amountCents: number, why = 'damaged in transit'): Refund => ({ amountCents, reason: why, refundedOn: DAY });
const pay = (ledger: Ledger, amountCents: number): Ledger => ({ ...ledger, payments: [...ledger.payments, payment(amountCents)] });
const codes = (decision: Decision) => decision.reasons.map((r) => r.code);

describe('the balance of an order', () => {
  test('the charge is quantity × unit price in cents', () => {
    assert.deepEqual(paymentBalance(placed(30, 150)), { charged: 4500, paid: 0, refunded: 0, netPaid: 0, due: 4500, owedBack: 0 });
  });

  test('a refund on an order that goes ahead gives money back and never asks for it again', () => {
    const ledger: Ledger = { ...pay(pay(placed(), 2000), 2500), refunds: [refund(700)] };
    assert.deepEqual(paymentBalance(ledger), { charged: 4500, paid: 4500, refunded: 700, netPaid: 3800, due: 0, owedBack: 0 });
    assert.equal(refundedOn(ledger), null, 'a partial refund does not make the order refunded');
  });

  test('once the charge no longer stands (cancelled, stopped), nothing is due and what was paid is owed back', () => {
    const ledger = pay(placed(), 2000);
    assert.deepEqual(paymentBalance(ledger, false), { charged: 4500, paid: 2000, refunded: 0, netPaid: 2000, due: 0, owedBack: 2000 });
    const settled: Ledger = { ...ledger, refunds: [refund(2000, 'order cancelled')] };
    assert.equal(paymentBalance(settled, false).owedBack, 0);
  });

  test('refunded on the day the last of what was paid is given back; never when nothing was paid', () => {
    const ledger: Ledger = { ...pay(placed(), 4500), refunds: [refund(500), { ...refund(4000), refundedOn: '2025-03-20' }] };
    assert.equal(refundedOn(ledger), '2025-03-20');
    assert.equal(refundedOn(placed()), null);
  });

  test('a fractional unit price is refused when charging', () => {
    assert.throws(() => chargeFor('order-1', 30, 1.5, DAY), RangeError);
  });
});

describe('deciding a payment', () => {
  test('exactly the amount due is accepted; one cent more is refused', () => {
    const ledger = pay(placed(), 1000);
    assert.equal(decidePayment(ledger, payment(3500)).allowed, true);
    assert.deepEqual(codes(decidePayment(ledger, payment(3501))), ['OVERPAYMENT']);
  });

  test('zero, negative and fractional amounts are refused', () => {
    assert.deepEqual(codes(decidePayment(placed(), payment(0))), ['AMOUNT_NOT_POSITIVE']);
    assert.deepEqual(codes(decidePayment(placed(), payment(-5))), ['AMOUNT_NOT_POSITIVE']);
    assert.deepEqual(codes(decidePayment(placed(), payment(10.5))), ['AMOUNT_NOT_WHOLE_CENTS']);
  });

  test('no payment before the order is charged', () => {
    assert.deepEqual(codes(decidePayment(EMPTY_LEDGER, payment(100))), ['NO_CHARGE']);
  });

  test('no payment on an order that was cancelled, stopped or refunded', () => {
    assert.deepEqual(codes(decidePayment(placed(), payment(100), false)), ['ORDER_NOT_PAYABLE']);
  });
});

describe('deciding a refund', () => {
  test('exactly the net paid is accepted; one cent more is refused', () => {
    const ledger: Ledger = { ...pay(placed(), 3000), refunds: [refund(500)] };
    assert.equal(decideRefund(ledger, refund(2500)).allowed, true);
    assert.deepEqual(codes(decideRefund(ledger, refund(2501))), ['REFUND_EXCEEDS_NET_PAID']);
  });

  test('an empty or blank reason is refused', () => {
    const ledger = pay(placed(), 3000);
    assert.deepEqual(codes(decideRefund(ledger, refund(100, ''))), ['REFUND_REASON_MISSING']);
    assert.deepEqual(codes(decideRefund(ledger, refund(100, '   '))), ['REFUND_REASON_MISSING']);
  });

  test('zero or negative refunds are refused', () => {
    const ledger = pay(placed(), 3000);
    assert.deepEqual(codes(decideRefund(ledger, refund(0))), ['AMOUNT_NOT_POSITIVE']);
    assert.deepEqual(codes(decideRefund(ledger, refund(-1))), ['AMOUNT_NOT_POSITIVE']);
  });
});

describe('the offline provider (pay at pickup / invoice)', () => {
  test('always pending, with a reference; the same request gives the same answer', () => {
    const first = OFFLINE_PAYMENT.requestPayment({ id: 'order-1' }, 4500);
    assert.equal(first.status, 'pending');
    assert.ok(first.reference.length > 0);
    assert.deepEqual(OFFLINE_PAYMENT.requestPayment({ id: 'order-1' }, 4500), first);
  });
});

/** One order in the property: its charge stands until it is cancelled (or fully refunded). */
interface OrderInProperty {
  ledger: Ledger;
  cancelled: boolean;
}

type Step =
  | { kind: 'place'; quantity: number; unitPriceCents: number }
  | { kind: 'pay'; order: number; amountCents: number }
  | { kind: 'refund'; order: number; amountCents: number; reason: string }
  | { kind: 'cancel'; order: number };

const amount = fc.oneof(fc.integer({ min: -500, max: 20_000 }), fc.constantFrom(0, 1, -1), fc.double({ min: -100, max: 100, noNaN: true }));
const orderIndex = fc.nat({ max: 5 });
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('place' as const), quantity: fc.integer({ min: 1, max: 120 }), unitPriceCents: fc.integer({ min: 0, max: 500 }) }),
  fc.record({ kind: fc.constant('pay' as const), order: orderIndex, amountCents: amount }),
  fc.record({ kind: fc.constant('refund' as const), order: orderIndex, amountCents: amount, reason: fc.constantFrom('', ' ', 'damaged', 'never arrived') }),
  fc.record({ kind: fc.constant('cancel' as const), order: orderIndex }),
);

const chargeStands = (order: OrderInProperty) => !order.cancelled && refundedOn(order.ledger) === null;

describe('property: totals always add up', () => {
  test('over random sequences of orders, payments, refunds and cancellations, applying only what the decisions accept', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const orders: OrderInProperty[] = [];
        let moneyIn = 0;
        let moneyOut = 0;
        steps.forEach((s, i) => {
          const on = addDays(DAY, i);
          let decision: Decision | null = null;
          if (s.kind === 'place') {
            orders.push({ ledger: { charge: chargeFor(`order-${i}`, s.quantity, s.unitPriceCents, on), payments: [], refunds: [] }, cancelled: false });
          } else {
            const order = orders[s.order % Math.max(1, orders.length)];
            if (order === undefined) {
              return;
            }
            if (s.kind === 'cancel') {
              order.cancelled = true;
            } else if (s.kind === 'pay') {
              const p: Payment = { provider: OFFLINE_PAYMENT.name, amountCents: s.amountCents, receivedOn: on, reference: `inv-${i}` };
              decision = decidePayment(order.ledger, p, chargeStands(order));
              if (decision.allowed) {
                order.ledger = { ...order.ledger, payments: [...order.ledger.payments, p] };
                moneyIn += p.amountCents;
              }
            } else {
              const r: Refund = { amountCents: s.amountCents, reason: s.reason, refundedOn: on };
              decision = decideRefund(order.ledger, r);
              if (decision.allowed) {
                order.ledger = { ...order.ledger, refunds: [...order.ledger.refunds, r] };
                moneyOut += r.amountCents;
              }
            }
          }
          if (decision !== null && !decision.allowed) {
            assert.ok(decision.reasons.length > 0);
            for (const r of decision.reasons) {
              assert.ok(r.code.length > 0 && r.message.length > 0 && r.action.length > 0);
            }
          }
          const balances = orders.map((order) => paymentBalance(order.ledger, chargeStands(order)));
          for (const [index, b] of balances.entries()) {
            const stands = chargeStands(orders[index] ?? assert.fail('one balance per order'));
            assert.equal(b.netPaid, b.paid - b.refunded);
            assert.ok(b.paid <= b.charged, 'never paid beyond the price');
            assert.ok(b.netPaid >= 0, 'never refunded beyond what was paid');
            assert.equal(b.due, stands ? b.charged - b.paid : 0);
            assert.equal(b.owedBack, stands ? 0 : b.netPaid);
            for (const value of Object.values(b)) {
              assert.ok(Number.isSafeInteger(value));
            }
          }
          const totals = paymentTotals(balances);
          assert.equal(totals.orders, orders.length);
          assert.equal(totals.paid, moneyIn, 'every accepted payment is counted once');
          assert.equal(totals.refunded, moneyOut, 'every accepted refund is counted once');
          assert.equal(totals.netPaid, totals.paid - totals.refunded);
          assert.equal(
            totals.netPaid,
            balances.reduce((sum, b) => sum + b.netPaid, 0),
          );
          assert.equal(
            totals.due + totals.owedBack,
            balances.reduce((sum, b) => sum + b.due + b.owedBack, 0),
          );
        });
      }),
      { numRuns: 2000 },
    );
  });
});
