// One of the patient's orders: its progress, state, deadline, reasons, tracking, the delivery
// address, cancelling before the dispense, and the slot (OrderExtras) for payment and messages.
import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { api } from '../../api';
import type { OrderView, PatientOrders } from '../../apiTypes';
import { Await, useLoad } from '../../components/status';
import { formatDate } from '../../dates';
import { useMe } from '../../session';
import { NotLinked } from './NotLinked';
import { OrderExtras } from './OrderExtras';
import { CancelOrderForm, canCancel, OrderProgress, OrderStatusText, orderTitle, StateBadge } from './OrderParts';
import './patient.css';

export function OrderPage() {
  const { patientId } = useMe();
  const { orderId = '' } = useParams();
  const loaded = useLoad(async () => {
    if (patientId === null) {
      throw new Error('no patient record');
    }
    return api.get<PatientOrders>(`/patients/${patientId}/orders`);
  }, [patientId]);
  const [changed, setChanged] = useState<OrderView | null>(null);
  // Set by the order form when it has just placed this order.
  const placed = (useLocation().state as { placed?: boolean } | null)?.placed === true;
  if (patientId === null) {
    return <NotLinked title="Your order" />;
  }
  return (
    <section className="patient-page order-page">
      <p>
        <Link to="/orders">← All orders</Link>
      </p>
      <Await loaded={loaded} what="your order">
        {({ asOf, orders }) => {
          const order = changed?.id === orderId ? changed : orders.find((candidate) => candidate.id === orderId);
          if (order === undefined) {
            return (
              <>
                <h1>Order not found</h1>
                <p>There is no such order among yours.</p>
              </>
            );
          }
          const address = order.deliveryAddress;
          return (
            <>
              <h1>{orderTitle(order)}</h1>
              <p className="check-meta">
                <StateBadge order={order} />
                <span>
                  Ordered {formatDate(order.placedOn)} from {order.pharmacy.name}
                </span>
              </p>
              {placed && changed === null ? (
                <p className="success" role="status">
                  Your order is placed. Your pharmacy takes it from here; this page shows each step.
                </p>
              ) : null}
              <OrderProgress order={order} />
              <div className="card">
                <OrderStatusText order={order} asOf={asOf} />
              </div>
              <section className="card" aria-labelledby="order-details">
                <h2 id="order-details">Details</h2>
                <dl className="summary-list">
                  <div>
                    <dt>Capsules</dt>
                    <dd>{orderTitle(order)}</dd>
                  </div>
                  <div>
                    <dt>Lasts</dt>
                    <dd>{order.daysSupply} days</dd>
                  </div>
                  <div>
                    <dt>Pharmacy</dt>
                    <dd>{order.pharmacy.name}</dd>
                  </div>
                  <div>
                    <dt>Deliver to</dt>
                    <dd>
                      {address.recipient}
                      <br />
                      {address.line1}
                      {address.line2 === null ? null : (
                        <>
                          <br />
                          {address.line2}
                        </>
                      )}
                      <br />
                      {address.city}, {address.state} {address.postalCode}
                    </dd>
                  </div>
                </dl>
              </section>
              <OrderExtras patientId={patientId} order={order} />
              {canCancel(order) ? (
                <details className="card cancel-order">
                  <summary>Cancel this order</summary>
                  <CancelOrderForm patientId={patientId} order={order} onCancelled={setChanged} />
                </details>
              ) : null}
              {changed?.id === order.id && order.state === 'cancelled' ? (
                <p className="success" role="status">
                  Your order is cancelled.
                </p>
              ) : null}
            </>
          );
        }}
      </Await>
    </section>
  );
}
