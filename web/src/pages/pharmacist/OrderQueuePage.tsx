// The pharmacy's order queue (GET /pharmacy/orders): open orders and those with money to settle, overdue deliveries first, then
// the soonest deadline. Each row: the patient (name and program identifier), the state, the
// deadline, and the next step, which opens the order's page. Overdue deliveries and passed
// deadlines are said in words, not only by colour.
import { Link } from 'react-router-dom';
import { api } from '../../api';
import type { PharmacyOrderQueue, QueuedOrder } from '../../apiTypes';
import { Await, useLoad, HeadingWithRefresh } from '../../components/status';
import { formatDate } from '../../dates';
import { productName } from '../../labels';
import { formatCents } from '../../money';
import { daysLeftBadge } from './labels';
import { nextStep, PHARMACY_ORDER_STATES, STEP_LABELS } from './orderSteps';
import './pharmacist.css';

function dueText(order: QueuedOrder, asOf: string): { text: string; badge: string } | null {
  if (order.deliveryOverdue) {
    return { text: `Delivery overdue since ${order.deliveryDueBy === null ? 'its promised day' : formatDate(order.deliveryDueBy)}`, badge: 'badge-urgent' };
  }
  if (order.deadline === null) {
    return null;
  }
  return daysLeftBadge(asOf, order.deadline, (days) => `Deadline passed ${days} day${days === 1 ? '' : 's'} ago`);
}

export function OrderQueuePage() {
  const loaded = useLoad(() => api.get<PharmacyOrderQueue>('/pharmacy/orders'), []);
  return (
    <section className="pharmacy">
      <HeadingWithRefresh title="Orders" loaded={loaded} />
      <p className="hint lead">
        Orders placed with this pharmacy that are still open, or have money to settle (a refund owed, an unpaid delivery): overdue deliveries first, then the
        soonest deadline.
      </p>
      <Await loaded={loaded} what="the orders">
        {({ asOf, orders }) => {
          if (orders.length === 0) {
            return (
              <p className="notice">
                No open order. Orders patients place with this pharmacy appear here until they are delivered or cancelled, and while money on them is still to
                settle.
              </p>
            );
          }
          const overdue = orders.filter((order) => order.deliveryOverdue).length;
          return (
            <>
              <p role="status">
                {orders.length} order{orders.length === 1 ? '' : 's'} to work on as of {formatDate(asOf)}
                {overdue === 0 ? '.' : <strong>, {overdue} with an overdue delivery: contact the carrier and the patient.</strong>}
              </p>
              <div className="table-scroll">
                <table className="queue-table">
                  <caption className="visually-hidden">Open orders, overdue deliveries first, then the soonest deadline</caption>
                  <thead>
                    <tr>
                      <th scope="col">Deadline</th>
                      <th scope="col">Patient</th>
                      <th scope="col">Order</th>
                      <th scope="col">State</th>
                      <th scope="col">
                        <span className="visually-hidden">Next step</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {orders.map((order) => {
                      const due = dueText(order, asOf);
                      const step = nextStep(order);
                      return (
                        <tr key={order.id} className={order.deliveryOverdue || due?.badge === 'badge-urgent' ? 'overdue-row' : undefined}>
                          <td data-label="Deadline">
                            {order.deadline === null ? <span className="hint">None</span> : <strong>{formatDate(order.deadline)}</strong>}
                            {due === null ? null : (
                              <>
                                <br />
                                <span className={`badge ${due.badge}`}>{due.text}</span>
                              </>
                            )}
                          </td>
                          <td data-label="Patient">
                            {order.patient.name}
                            <br />
                            <span className="mono">{order.patient.programId}</span>
                          </td>
                          <td data-label="Order">
                            {productName(order.product)} {order.strengthMg} mg, {order.quantity} capsules
                            <br />
                            <span className="hint">placed {formatDate(order.placedOn)}</span>
                          </td>
                          <td data-label="State">
                            {PHARMACY_ORDER_STATES[order.state]}
                            {order.state === 'dispensed' && order.packedOn !== null ? <span className="hint"> · packed</span> : null}
                            {order.reasons.length > 0 ? (
                              <span className="hint">
                                {' '}
                                · {order.reasons.length} open item{order.reasons.length === 1 ? '' : 's'}
                              </span>
                            ) : null}
                            {order.payment.owedBack > 0 ? (
                              <>
                                <br />
                                <span className="badge badge-urgent">Refund owed: {formatCents(order.payment.owedBack)}</span>
                              </>
                            ) : null}
                            {order.state === 'delivered' && order.payment.due > 0 ? (
                              <>
                                <br />
                                <span className="badge badge-warning">Unpaid: {formatCents(order.payment.due)}</span>
                              </>
                            ) : null}
                          </td>
                          <td data-label="">
                            <Link
                              className="button"
                              to={`/orders/${order.id}`}
                              aria-label={`${step === null ? 'Open' : STEP_LABELS[step]}: ${order.patient.name}, order of ${formatDate(order.placedOn)}`}
                            >
                              {step === null ? 'Open' : `${STEP_LABELS[step]}…`}
                            </Link>
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            </>
          );
        }}
      </Await>
    </section>
  );
}
