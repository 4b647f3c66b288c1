// What an order costs the patient, in plain words (issue 6, item 4): its price (capsules × the
// price of one), what they paid, what was refunded, what is left to pay and how (the offline
// provider: at pickup or against the pharmacy's invoice) — or that the pharmacy owes them money
// back when the order no longer goes ahead — and each payment and refund with its date.
import type { OrderView } from '../../apiTypes';
import { formatDate } from '../../dates';
import { formatCents } from '../../money';

export function PaymentSummary({ order }: { order: OrderView }) {
  const payment = order.payment;
  const moves = [
    ...payment.payments.map((entry) => ({
      on: entry.receivedOn,
      text: `You paid ${formatCents(entry.amountCents)}`,
      detail: entry.reference === '' ? null : `reference ${entry.reference}`,
    })),
    ...payment.refunds.map((entry) => ({ on: entry.refundedOn, text: `The pharmacy refunded ${formatCents(entry.amountCents)}`, detail: entry.reason })),
  ].sort((a, b) => a.on.localeCompare(b.on));
  return (
    <div className="payment-summary">
      <h3 className="result-heading">Payment</h3>
      <dl className="summary-list">
        <div>
          <dt>Price</dt>
          <dd>
            {payment.unitPriceCents === null
              ? 'No price was set for this order'
              : `${formatCents(payment.charged)} (${order.quantity} capsules at ${formatCents(payment.unitPriceCents)})`}
          </dd>
        </div>
        <div>
          <dt>Paid</dt>
          <dd>{formatCents(payment.paid)}</dd>
        </div>
        {payment.refunded === 0 ? null : (
          <div>
            <dt>Refunded</dt>
            <dd>{formatCents(payment.refunded)}</dd>
          </div>
        )}
        <div>
          <dt>To pay</dt>
          <dd>{payment.due > 0 ? `${formatCents(payment.due)} — pay at pickup or against the pharmacy’s invoice` : 'Nothing to pay'}</dd>
        </div>
      </dl>
      {payment.owedBack > 0 ? (
        <p className="notice">
          <strong>The pharmacy owes you {formatCents(payment.owedBack)} back.</strong> This order no longer goes ahead; {order.pharmacy.name} refunds what you
          paid for it.
        </p>
      ) : null}
      {moves.length === 0 ? null : (
        <ul className="plain-list payment-moves" aria-label="Payments and refunds">
          {moves.map((move, index) => (
            <li key={`${move.on}-${index}`}>
              {formatDate(move.on)}: {move.text}
              {move.detail === null ? '' : ` — ${move.detail}`}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
