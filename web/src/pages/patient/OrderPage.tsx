// One of the patient's orders: its progress, state, deadline, reasons, tracking, the delivery
// address, cancelling before the dispense, and the slot (OrderExtras) for payment and messages.
import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { api } from '../../api';
import type { OrderView, PatientOrders } from '../../apiTypes';
import { Await, useLoad } from '../../components/status';
import { useWords } from '../../i18n/I18n';
import { useMe } from '../../session';
import { NotLinked } from './NotLinked';
import { OrderExtras } from './OrderExtras';
import { CancelOrderForm, canCancel, OrderProgress, OrderStatusText, orderTitle, StateBadge } from './OrderParts';
import './patient.css';

export function OrderPage() {
  const { patientId } = useMe();
  const words = useWords();
  const { t, date } = words;
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
    return <NotLinked title={t('order.pageTitle')} />;
  }
  return (
    <section className="patient-page order-page">
      <p>
        <Link to="/orders">{t('order.allOrders')}</Link>
      </p>
      <Await loaded={loaded} what={t('order.loading')}>
        {({ asOf, orders }) => {
          const order = changed?.id === orderId ? changed : orders.find((candidate) => candidate.id === orderId);
          if (order === undefined) {
            return (
              <>
                <h1>{t('order.notFound')}</h1>
                <p>{t('order.notFoundText')}</p>
              </>
            );
          }
          const address = order.deliveryAddress;
          return (
            <>
              <h1>{orderTitle(order, words)}</h1>
              <p className="check-meta">
                <StateBadge order={order} />
                <span>{t('orders.orderedFrom', { date: date(order.placedOn), pharmacy: order.pharmacy.name })}</span>
              </p>
              {placed && changed === null ? (
                <p className="success" role="status">
                  {t('order.placed')}
                </p>
              ) : null}
              <OrderProgress order={order} />
              <div className="card">
                <OrderStatusText order={order} asOf={asOf} />
              </div>
              <section className="card" aria-labelledby="order-details">
                <h2 id="order-details">{t('order.details')}</h2>
                <dl className="summary-list">
                  <div>
                    <dt>{t('order.capsules')}</dt>
                    <dd>{orderTitle(order, words)}</dd>
                  </div>
                  <div>
                    <dt>{t('order.lasts')}</dt>
                    <dd>{t('order.lastsDays', { days: order.daysSupply })}</dd>
                  </div>
                  <div>
                    <dt>{t('order.pharmacy')}</dt>
                    <dd>{order.pharmacy.name}</dd>
                  </div>
                  <div>
                    <dt>{t('order.deliverTo')}</dt>
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
                  <summary>{t('order.cancelSubmit')}</summary>
                  <CancelOrderForm patientId={patientId} order={order} onCancelled={setChanged} />
                </details>
              ) : null}
              {changed?.id === order.id && order.state === 'cancelled' ? (
                <p className="success" role="status">
                  {t('order.cancelled')}
                </p>
              ) : null}
            </>
          );
        }}
      </Await>
    </section>
  );
}
