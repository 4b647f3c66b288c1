// What other slices add to one order's page (issue 6) — the payment summary (PaymentSummary) and
// the links to the order's messages and feedback (their pages exist after
// the merge: /orders/:orderId/messages and /orders/:orderId/feedback); the page passes the order
// and the patient.
import { Link } from 'react-router-dom';
import type { OrderView } from '../../apiTypes';
import { useWords } from '../../i18n/I18n';
import { PaymentSummary } from './PaymentSummary';

export function OrderExtras({ order }: { patientId: string; order: OrderView }) {
  const { t } = useWords();
  return (
    <section className="card order-extras" aria-labelledby={`order-extras-${order.id}`}>
      <h2 id={`order-extras-${order.id}`}>{t('order.extras')}</h2>
      <PaymentSummary order={order} />
      <ul className="plain-list order-links">
        <li>
          <Link to={`/orders/${order.id}/messages`}>{t('order.messagesLink')}</Link>
        </li>
        <li>
          <Link to={`/orders/${order.id}/feedback`}>{t('order.feedbackLink')}</Link>
        </li>
      </ul>
    </section>
  );
}
