// What other slices add to one order's page (issue 6) — the payment summary (PaymentSummary) and
// the links to the order's messages and feedback (their pages exist after
// the merge: /orders/:orderId/messages and /orders/:orderId/feedback); the page passes the order
// and the patient.
import { Link } from 'react-router-dom';
import type { OrderView } from '../../apiTypes';
import { PaymentSummary } from './PaymentSummary';

export function OrderExtras({ order }: { patientId: string; order: OrderView }) {
  return (
    <section className="card order-extras" aria-labelledby={`order-extras-${order.id}`}>
      <h2 id={`order-extras-${order.id}`}>Payment and messages</h2>
      <PaymentSummary order={order} />
      <ul className="plain-list order-links">
        <li>
          <Link to={`/orders/${order.id}/messages`}>Messages with the pharmacy about this order</Link>
        </li>
        <li>
          <Link to={`/orders/${order.id}/feedback`}>Rate this order’s service</Link>
        </li>
      </ul>
    </section>
  );
}
