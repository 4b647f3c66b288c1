// What an order costs the patient, in plain words (issue 6, item 4): its price (capsules × the
// price of one), what they paid, what was refunded, what is left to pay and how (the offline
// provider: at pickup or against the pharmacy's invoice) — or that the pharmacy owes them money
// back when the order no longer goes ahead — and each payment and refund with its date.
import type { OrderView } from '../../apiTypes';
import { useWords } from '../../i18n/I18n';
import { formatCents } from '../../money';

export function PaymentSummary({ order }: { order: OrderView }) {
  const { t, date } = useWords();
  const payment = order.payment;
  const moves = [
    ...payment.payments.map((entry) => ({
      on: entry.receivedOn,
      text: t('payment.youPaid', { amount: formatCents(entry.amountCents) }),
      detail: entry.reference === '' ? null : t('payment.reference', { reference: entry.reference }),
    })),
    ...payment.refunds.map((entry) => ({
      on: entry.refundedOn,
      text: t('payment.pharmacyRefunded', { amount: formatCents(entry.amountCents) }),
      detail: entry.reason,
    })),
  ].sort((a, b) => a.on.localeCompare(b.on));
  return (
    <div className="payment-summary">
      <h3 className="result-heading">{t('payment.title')}</h3>
      <dl className="summary-list">
        <div>
          <dt>{t('payment.price')}</dt>
          <dd>
            {payment.unitPriceCents === null
              ? t('payment.noPrice')
              : t('payment.priceText', { charged: formatCents(payment.charged), quantity: order.quantity, unit: formatCents(payment.unitPriceCents) })}
          </dd>
        </div>
        <div>
          <dt>{t('payment.paid')}</dt>
          <dd>{formatCents(payment.paid)}</dd>
        </div>
        {payment.refunded === 0 ? null : (
          <div>
            <dt>{t('payment.refunded')}</dt>
            <dd>{formatCents(payment.refunded)}</dd>
          </div>
        )}
        <div>
          <dt>{t('payment.toPay')}</dt>
          <dd>{payment.due > 0 ? t('payment.dueText', { due: formatCents(payment.due) }) : t('payment.nothingToPay')}</dd>
        </div>
      </dl>
      {payment.owedBack > 0 ? (
        <p className="notice">
          <strong>{t('payment.owedBack', { amount: formatCents(payment.owedBack) })}</strong>
          {t('payment.owedBackText', { pharmacy: order.pharmacy.name })}
        </p>
      ) : null}
      {moves.length === 0 ? null : (
        <ul className="plain-list payment-moves" aria-label={t('payment.moves')}>
          {moves.map((move, index) => (
            <li key={`${move.on}-${index}`}>
              {date(move.on)}: {move.text}
              {move.detail === null ? '' : ` — ${move.detail}`}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
