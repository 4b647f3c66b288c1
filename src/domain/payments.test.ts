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
    assert.deepEqual(paymentBalance(placed(30, 150)), { charged: 4500, paid: 0, refunded: 0, netPaid: 0, due: 4500 });
  });

  test('payments and refunds add up', () => {
    const ledger: Ledger = { ...pay(pay(placed(), 2000), 2500), refunds: [refund(700)] };
    assert.deepEqual(paymentBalance(ledger), { charged: 4500, paid: 4500, refunded: 700, netPaid: 3800, due: 700 });
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

type Step =
  | { kind: 'place'; quantity: number; unitPriceCents: number }
  | { kind: 'pay'; amountCents: number }
  | { kind: 'refund'; amountCents: number; reason: string };

const amount = fc.oneof(
  fc.integer({ min: -500, max: 20_000 }),
  fc.constantFrom(0, 1, -1),
  fc.double({ min: -100, max: 100, noNaN: true }),
);
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('place' as const), quantity: fc.integer({ min: 1, max: 120 }), unitPriceCents: fc.integer({ min: 0, max: 500 }) }),
  fc.record({ kind: fc.constant('pay' as const), amountCents: amount }),
  fc.record({ kind: fc.constant('refund' as const), amountCents: amount, reason: fc.constantFrom('', ' ', 'damaged', 'cancelled by patient') }),
);

describe('property: totals always add up', () => {
  test('over random sequences of place-order / pay / refund, applying only what the decisions accept', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        let ledger: Ledger = EMPTY_LEDGER;
        steps.forEach((s, i) => {
          const on = addDays(DAY, i);
          let decision: Decision | null = null;
          if (s.kind === 'place') {
            // A ledger belongs to one order: placing again starts the next order's ledger.
            ledger = { charge: chargeFor(`order-${i}`, s.quantity, s.unitPriceCents, on), payments: [], refunds: [] };
          } else if (s.kind === 'pay') {
            const p: Payment = { provider: OFFLINE_PAYMENT.name, amountCents: s.amountCents, receivedOn: on, reference: `inv-${i}` };
            decision = decidePayment(ledger, p);
            if (decision.allowed) ledger = { ...ledger, payments: [...ledger.payments, p] };
          } else {
            const r: Refund = { amountCents: s.amountCents, reason: s.reason, refundedOn: on };
            decision = decideRefund(ledger, r);
            if (decision.allowed) ledger = { ...ledger, refunds: [...ledger.refunds, r] };
          }
          if (decision !== null && !decision.allowed) {
            assert.ok(decision.reasons.length > 0);
            for (const r of decision.reasons) {
              assert.ok(r.code.length > 0 && r.message.length > 0 && r.action.length > 0);
            }
          }
          const b = paymentBalance(ledger);
          assert.equal(b.charged - b.paid + b.refunded, b.due);
          assert.equal(b.netPaid, b.paid - b.refunded);
          assert.ok(b.netPaid >= 0);
          assert.ok(b.due >= 0);
          assert.ok(b.netPaid <= b.charged);
          for (const value of Object.values(b)) assert.ok(Number.isSafeInteger(value));
        });
      }),
      { numRuns: 2000 },
    );
  });
});
