// The patient's orders, newest first (GET /patients/{id}/orders): each with its state in plain
// words, its deadline and what it means, what to do when it waits or stopped, the tracking once
// shipped and a late delivery flagged — and "Place an order" when a prescription can be ordered.
import { Link } from 'react-router-dom';
import { api } from '../../api';
import type { PatientOrders, PatientRecord, PatientStatus } from '../../apiTypes';
import { Await, useLoad } from '../../components/status';
import { formatDate } from '../../dates';
import { useMe } from '../../session';
import { NotLinked } from './NotLinked';
import { OrderStatusText, orderTitle, StateBadge } from './OrderParts';
import { orderablePrescription } from './orderWording';
import { forPatient, patientStep } from './wording';
import './patient.css';

export function OrdersPage() {
  const { patientId } = useMe();
  const loaded = useLoad(async () => {
    if (patientId === null) {
      throw new Error('no patient record');
    }
    const [orders, status, record] = await Promise.all([
      api.get<PatientOrders>(`/patients/${patientId}/orders`),
      api.get<PatientStatus>(`/patients/${patientId}/status`),
      api.get<PatientRecord>(`/patients/${patientId}`),
    ]);
    return { ...orders, status, record };
  }, [patientId]);
  if (patientId === null) {
    return <NotLinked title="Orders" />;
  }
  return (
    <section className="patient-page orders-page">
      <h1>Orders</h1>
      <Await loaded={loaded} what="your orders">
        {({ asOf, orders, status, record }) => {
          const orderable = orderablePrescription(record, status, orders);
          return (
            <>
              <p className="as-of">As of {formatDate(asOf)}</p>
              {orderable === null ? null : orderable.ready ? (
                <div className="card next-fill ready">
                  <h2>Your prescription can be ordered</h2>
                  <p>Your pharmacy sends your capsules to you once the program has authorized them.</p>
                  <Link className="button primary-link" to="/orders/new">
                    Place an order
                  </Link>
                </div>
              ) : (
                <div className="card next-fill">
                  <h2>Not ready to order yet</h2>
                  <p>You have a prescription, but the program does not allow it to be filled yet:</p>
                  <ul>
                    {forPatient(status.blockers).map((reason) => (
                      <li key={reason.code}>{patientStep(reason).title}</li>
                    ))}
                  </ul>
                  <p>
                    <Link to="/">See what to do on your to-do list</Link>
                  </p>
                </div>
              )}
              {orders.length === 0 ? (
                <p className="notice">You have not placed an order yet.</p>
              ) : (
                <ol className="plain-list order-list" aria-label="Your orders, newest first">
                  {orders.map((order) => (
                    <li key={order.id} className={`card order-card${order.deliveryOverdue || order.state === 'stopped' ? ' order-attention' : ''}`}>
                      <h2 className="order-card-title">
                        <Link to={`/orders/${order.id}`}>{orderTitle(order)}</Link>
                      </h2>
                      <p className="check-meta">
                        <StateBadge order={order} />
                        <span>
                          Ordered {formatDate(order.placedOn)} from {order.pharmacy.name}
                        </span>
                      </p>
                      <OrderStatusText order={order} asOf={asOf} />
                    </li>
                  ))}
                </ol>
              )}
            </>
          );
        }}
      </Await>
    </section>
  );
}
