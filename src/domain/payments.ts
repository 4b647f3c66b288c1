// Payments and refunds of an online order (issue 6, item 4). Money is integer cents, never floats.
// An order's ledger is its facts: its charge (quantity × the pharmacy's unit price, fixed when the
// order is placed), the payments received and the refunds made. From them, and from whether the
// charge still stands, the balance is derived:
//   - while the order goes ahead (or was delivered) the charge stands: due = charged − paid, and a
//     refund is money given back for a reason (damaged, late): it lowers what was paid net, never
//     asks for more;
//   - once the order is cancelled, stopped or refunded, nothing more is asked (due = 0) and what was
//     paid net is owed back to the patient until it is refunded.
// An order is "refunded" once everything paid on it has been given back (refundedOn).
// Decisions return reasons like the rest of the domain. Payment providers sit behind an interface;
// the embedded default is the offline one (pay at pickup / invoice), which never moves money itself.
// The R-PAY-* rule codes below are introduced by this slice; domain.md does not list them yet.
import type { IsoDate } from './dates.js';
import { decide, reason, type Decision, type Reason } from './decision.js';

/** Whole cents. */
export type Cents = number;

export interface Charge {
  orderId: string;
  quantity: number;
  unitPriceCents: Cents;
  /** quantity × unitPriceCents, fixed when the order is placed. */
  amountCents: Cents;
  chargedOn: IsoDate;
}

export interface Payment {
  provider: string;
  amountCents: Cents;
  receivedOn: IsoDate;
  /** The provider's reference (an invoice number, a receipt, a transaction id). */
  reference: string;
}

export interface Refund {
  amountCents: Cents;
  /** Required, non-empty. */
  reason: string;
  refundedOn: IsoDate;
}

export interface Ledger {
  charge: Charge | null;
  payments: Payment[];
  refunds: Refund[];
}

export interface PaymentBalance {
  /** The order's price; 0 before it is charged. */
  charged: Cents;
  paid: Cents;
  refunded: Cents;
  /** paid − refunded */
  netPaid: Cents;
  /** What the patient still has to pay: charged − paid while the charge stands, else 0. */
  due: Cents;
  /** What the pharmacy still has to give back: netPaid once the charge no longer stands, else 0. */
  owedBack: Cents;
}

export const EMPTY_LEDGER: Ledger = { charge: null, payments: [], refunds: [] };

/** The charge of an order when it is placed: its price, quantity × unit price in cents. */
export function chargeFor(orderId: string, quantity: number, unitPriceCents: Cents, chargedOn: IsoDate): Charge {
  if (!Number.isSafeInteger(quantity) || quantity <= 0) {
    throw new RangeError(`quantity must be a positive integer, got ${quantity}`);
  }
  if (!Number.isSafeInteger(unitPriceCents) || unitPriceCents < 0) {
    throw new RangeError(`unit price must be a non-negative integer of cents, got ${unitPriceCents}`);
  }
  const amountCents = quantity * unitPriceCents;
  if (!Number.isSafeInteger(amountCents)) {
    throw new RangeError('order price exceeds the range of exact integer cents');
  }
  return { orderId, quantity, unitPriceCents, amountCents, chargedOn };
}

function sum(amounts: Cents[]): Cents {
  return amounts.reduce((total, amount) => total + amount, 0);
}

/**
 * The balance of one order. `chargeStands` is false once the order is cancelled, stopped or
 * refunded (orders.ts knows): then nothing is due and what was paid net is owed back.
 */
export function paymentBalance(ledger: Ledger, chargeStands = true): PaymentBalance {
  const charged = ledger.charge?.amountCents ?? 0;
  const paid = sum(ledger.payments.map((payment) => payment.amountCents));
  const refunded = sum(ledger.refunds.map((refund) => refund.amountCents));
  const netPaid = paid - refunded;
  return {
    charged,
    paid,
    refunded,
    netPaid,
    due: chargeStands ? Math.max(0, charged - paid) : 0,
    owedBack: chargeStands ? 0 : netPaid,
  };
}

/** The day everything paid on the order had been given back, or null (nothing paid, or some still kept). */
export function refundedOn(ledger: Ledger): IsoDate | null {
  const { paid, refunded } = paymentBalance(ledger);
  if (paid === 0 || refunded < paid) {
    return null;
  }
  return (
    ledger.refunds
      .map((refund) => refund.refundedOn)
      .sort()
      .at(-1) ?? null
  );
}

/** Totals over many orders' balances (a pharmacy's summary): each field the sum of the orders'. */
export function paymentTotals(balances: readonly PaymentBalance[]): PaymentBalance & { orders: number } {
  const total = (field: keyof PaymentBalance) => sum(balances.map((balance) => balance[field]));
  return {
    orders: balances.length,
    charged: total('charged'),
    paid: total('paid'),
    refunded: total('refunded'),
    netPaid: total('netPaid'),
    due: total('due'),
    owedBack: total('owedBack'),
  };
}

function formatCents(cents: Cents): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}$${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

function amountReasons(amountCents: Cents, what: 'payment' | 'refund'): Reason[] {
  if (!Number.isSafeInteger(amountCents)) {
    return [
      reason(
        'AMOUNT_NOT_WHOLE_CENTS',
        'R-PAY-1',
        `The ${what} amount (${amountCents}) is not a whole number of cents.`,
        `Enter the ${what} amount in whole cents.`,
      ),
    ];
  }
  if (amountCents <= 0) {
    return [
      reason(
        'AMOUNT_NOT_POSITIVE',
        'R-PAY-1',
        `The ${what} amount must be more than zero (got ${formatCents(amountCents)}).`,
        `Enter a positive ${what} amount.`,
      ),
    ];
  }
  return [];
}

/**
 * May this payment be recorded? Refuses non-positive or fractional amounts, an order whose charge no
 * longer stands (cancelled, stopped, refunded), and paying beyond what is due.
 */
export function decidePayment(ledger: Ledger, payment: Payment, chargeStands = true): Decision {
  const reasons = amountReasons(payment.amountCents, 'payment');
  const { due } = paymentBalance(ledger, chargeStands);
  if (ledger.charge === null) {
    reasons.push(reason('NO_CHARGE', 'R-PAY-2', 'This order has no charge: there is nothing to pay.', 'Take payments only on orders placed with a price.'));
  } else if (!chargeStands) {
    reasons.push(
      reason(
        'ORDER_NOT_PAYABLE',
        'R-PAY-2',
        'This order was cancelled, stopped or refunded: nothing is to be paid on it.',
        'Do not take a payment. If the patient paid, refund what they paid.',
      ),
    );
  } else if (reasons.length === 0 && payment.amountCents > due) {
    reasons.push(
      reason(
        'OVERPAYMENT',
        'R-PAY-2',
        `The payment of ${formatCents(payment.amountCents)} exceeds the ${formatCents(due)} due on this order.`,
        due > 0 ? `Record at most ${formatCents(due)}.` : 'Nothing is due: do not record a payment.',
      ),
    );
  }
  return decide(reasons);
}

/** May this refund be recorded? Refuses a missing reason, a non-positive amount, or refunding more than was paid net. */
export function decideRefund(ledger: Ledger, refund: Refund): Decision {
  const reasons: Reason[] = [];
  if (typeof refund.reason !== 'string' || refund.reason.trim() === '') {
    reasons.push(reason('REFUND_REASON_MISSING', 'R-PAY-3', 'A refund needs a reason.', 'Say why the money is refunded.'));
  }
  const amount = amountReasons(refund.amountCents, 'refund');
  reasons.push(...amount);
  const { netPaid } = paymentBalance(ledger);
  if (amount.length === 0 && refund.amountCents > netPaid) {
    reasons.push(
      reason(
        'REFUND_EXCEEDS_NET_PAID',
        'R-PAY-3',
        `The refund of ${formatCents(refund.amountCents)} exceeds the ${formatCents(netPaid)} paid net on this order.`,
        netPaid > 0 ? `Refund at most ${formatCents(netPaid)}.` : 'Nothing was paid: there is nothing to refund.',
      ),
    );
  }
  return decide(reasons);
}

/** Can the order be priced? The pharmacy must have a price in force for the strength ordered. */
export function decideOrderPrice(unitPriceCents: Cents | null, strengthMg: number): Decision {
  return decide(
    unitPriceCents === null
      ? [
          reason(
            'PRICE_NOT_SET',
            'R-PAY-4',
            `This pharmacy has no price for ${strengthMg} mg capsules yet, so the order cannot be charged.`,
            'Contact the pharmacy, or choose another pharmacy of the program.',
          ),
        ]
      : [],
  );
}

export interface PaymentOrder {
  id: string;
}

export interface PaymentRequestResult {
  status: 'pending' | 'paid';
  reference: string;
}

/** A way to be paid. Implementations that move money live outside the domain; this one is the contract. */
export interface PaymentProvider {
  name: string;
  requestPayment(order: PaymentOrder, amountCents: Cents): PaymentRequestResult;
}

/**
 * Pay at pickup / invoice: the embedded default. It never takes money itself — the request stays
 * pending until the pharmacy records the payment received (decidePayment, then a Payment fact).
 * Pure: the reference is derived from the order and the amount.
 */
export const OFFLINE_PAYMENT: PaymentProvider = {
  name: 'offline',
  requestPayment(order: PaymentOrder, amountCents: Cents): PaymentRequestResult {
    return { status: 'pending', reference: `offline:${order.id}:${amountCents}` };
  },
};
