// The patient's orders, newest first (GET /patients/{id}/orders): each with its state in plain
// words, its deadline and what it means, what to do when it waits or stopped, the tracking once
// shipped and a late delivery flagged — and "Place an order" when a prescription can be ordered.
import { Link } from 'react-router-dom';
import { api } from '../../api';
import type { PatientOrders, PatientRecord, PatientStatus } from '../../apiTypes';
import { Await, useLoad } from '../../components/status';
import { useWords } from '../../i18n/I18n';
import { useMe } from '../../session';
import { NotLinked } from './NotLinked';
import { OrderStatusText, orderTitle, StateBadge } from './OrderParts';
import { orderablePrescription } from './orderWording';
import { forPatient, patientStep } from './wording';
import './patient.css';

export function OrdersPage() {
  const { patientId } = useMe();
  const words = useWords();
  const { t, date } = words;
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
    return <NotLinked title={t('orders.title')} />;
  }
  return (
    <section className="patient-page orders-page">
      <h1>{t('orders.title')}</h1>
      <Await loaded={loaded} what={t('orders.loading')}>
        {({ asOf, orders, status, record }) => {
          const orderable = orderablePrescription(record, status, orders);
          return (
            <>
              <p className="as-of">{t('orders.asOf', { date: date(asOf) })}</p>
              {orderable === null ? null : orderable.ready ? (
                <div className="card next-fill ready">
                  <h2>{t('orders.canOrderTitle')}</h2>
                  <p>{t('orders.canOrderText')}</p>
                  <Link className="button primary-link" to="/orders/new">
                    {t('orders.placeOrder')}
                  </Link>
                </div>
              ) : (
                <div className="card next-fill">
                  <h2>{t('orders.notReadyTitle')}</h2>
                  <p>{t('orders.notReadyText')}</p>
                  <ul>
                    {forPatient(status.blockers).map((reason) => (
                      <li key={reason.code}>{patientStep(reason, t).title}</li>
                    ))}
                  </ul>
                  <p>
                    <Link to="/">{t('orders.seeToDo')}</Link>
                  </p>
                </div>
              )}
              {orders.length === 0 ? (
                <p className="notice">{t('orders.none')}</p>
              ) : (
                <ol className="plain-list order-list" aria-label={t('orders.listLabel')}>
                  {orders.map((order) => (
                    <li key={order.id} className={`card order-card${order.deliveryOverdue || order.state === 'stopped' ? ' order-attention' : ''}`}>
                      <h2 className="order-card-title">
                        <Link to={`/orders/${order.id}`}>{orderTitle(order, words)}</Link>
                      </h2>
                      <p className="check-meta">
                        <StateBadge order={order} />
                        <span>{t('orders.orderedFrom', { date: date(order.placedOn), pharmacy: order.pharmacy.name })}</span>
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
