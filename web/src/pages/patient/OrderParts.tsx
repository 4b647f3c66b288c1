// Pieces of the patient's order pages: the state in plain words with its deadline, the reasons it
// waits or stopped (each with what to do), the tracking once shipped, and the cancel form.
import { api } from '../../api';
import type { OrderAnswer, OrderView } from '../../apiTypes';
import { FormProblem, maxLength, required, SubmitButton, TextAreaField, useForm } from '../../components/forms';
import { daysBetween, formatDate } from '../../dates';
import { CANCELLABLE, deadlineMeaning, ORDER_STATE_WORDS, ORDER_STEPS } from './orderWording';
import { forPatient, patientStep, PRODUCT_NAMES, WHO } from './wording';

const BADGE: Record<OrderView['state'], string> = {
  awaitingAuthorization: 'badge-warning',
  authorized: 'badge-ok',
  dispensed: 'badge-ok',
  shipped: 'badge-ok',
  delivered: 'badge-ok',
  stopped: 'badge-urgent',
  cancelled: '',
  refunded: '',
};

export function orderTitle(order: OrderView): string {
  return `${PRODUCT_NAMES[order.product] ?? order.product} ${order.strengthMg} mg, ${order.quantity} capsules`;
}

export function StateBadge({ order }: { order: OrderView }) {
  return <span className={`badge ${BADGE[order.state]}`}>{ORDER_STATE_WORDS[order.state].title}</span>;
}

/** Where the order is on its usual path (not shown once it left the path). */
export function OrderProgress({ order }: { order: OrderView }) {
  const at = ORDER_STEPS.findIndex(([state]) => state === order.state);
  if (at < 0) {
    return null;
  }
  return (
    <ol className="order-progress" aria-label="Progress">
      {ORDER_STEPS.map(([state, label], index) => (
        <li key={state} className={index < at ? 'step-done' : index === at ? 'step-current' : 'step-next'} aria-current={index === at ? 'step' : undefined}>
          {label}
          <span className="visually-hidden">{index < at ? ' (done)' : index === at ? ' (current step)' : ' (to come)'}</span>
        </li>
      ))}
    </ol>
  );
}

/** The state, its deadline and what it means, the reasons, the tracking, and a late delivery. */
export function OrderStatusText({ order, asOf }: { order: OrderView; asOf: string }) {
  const words = ORDER_STATE_WORDS[order.state];
  const meaning = deadlineMeaning(order);
  const reasons = forPatient(order.reasons);
  return (
    <>
      <p className="order-state-text">{words.text}</p>
      {meaning === null || order.deadline === null ? null : (
        <p className="order-deadline">
          <strong>
            {order.state === 'awaitingAuthorization' ? 'Last day to authorize' : 'Must be sent by'}: {formatDate(order.deadline)}
          </strong>
          {(() => {
            const days = daysBetween(asOf, order.deadline);
            return days < 0 ? ' (passed)' : days === 0 ? ' (today)' : days === 1 ? ' (tomorrow)' : ` (in ${days} days)`;
          })()}
          <br />
          <span className="hint">{meaning}</span>
        </p>
      )}
      {reasons.length === 0 ? null : (
        <div className="order-reasons">
          <p className="check-title">{order.state === 'stopped' ? 'Why it stopped, and what to do' : 'Still needed before it can be authorized'}</p>
          <ul className="checklist">
            {reasons.map((reason) => {
              const step = patientStep(reason);
              return (
                <li key={`${reason.code}-${reason.message}`} className={`check-item${step.urgent === true ? ' check-urgent' : ''}`}>
                  <span className="check-box" aria-hidden="true" />
                  <div>
                    <p className="check-title">{step.title}</p>
                    <p className="check-todo">{step.todo}</p>
                    <p className="check-meta">
                      <span className={`doer doer-${step.who}`}>{WHO[step.who]}</span>
                      {reason.deadline ? <span className="when">By {formatDate(reason.deadline)}</span> : null}
                    </p>
                  </div>
                </li>
              );
            })}
          </ul>
        </div>
      )}
      {order.shipment === null ? null : (
        <p className="order-tracking">
          Shipped {formatDate(order.shipment.shippedOn)} with {order.shipment.carrier}, tracking number{' '}
          <span className="mono">{order.shipment.trackingNumber}</span>.
          {order.deliveryDueBy === null || order.deliveredOn !== null ? null : <> The pharmacy promises delivery by {formatDate(order.deliveryDueBy)}.</>}
        </p>
      )}
      {order.deliveryOverdue ? (
        <p className="problem" role="status">
          <strong>Delivery is late:</strong> it was promised by {order.deliveryDueBy === null ? 'now' : formatDate(order.deliveryDueBy)}. Check the tracking
          number with the carrier, and contact {order.pharmacy.name} if it does not arrive.
        </p>
      ) : null}
      {order.deliveredOn === null ? null : <p>Delivered {formatDate(order.deliveredOn)}.</p>}
      {order.cancellation === null ? null : (
        <p>
          Cancelled {formatDate(order.cancellation.cancelledOn)} by {order.cancellation.by === 'patient' ? 'you' : 'the pharmacy'}: “{order.cancellation.reason}
          ”
        </p>
      )}
    </>
  );
}

export function canCancel(order: OrderView): boolean {
  return CANCELLABLE.includes(order.state);
}

/** Cancel before the dispense, with a reason; the server's refusal (with its reasons) when too late. */
export function CancelOrderForm({ patientId, order, onCancelled }: { patientId: string; order: OrderView; onCancelled: (order: OrderView) => void }) {
  const form = useForm({ reason: '' }, { reason: [required, maxLength(500)] }, async ({ reason }) => {
    const answer = await api.post<OrderAnswer>(`/patients/${patientId}/orders/${order.id}/cancel`, { reason: reason.trim() });
    onCancelled(answer.order);
  });
  return (
    <form onSubmit={(event) => void form.submit(event)} noValidate aria-label="Cancel this order" className="cancel-form">
      <TextAreaField
        form={form}
        name="reason"
        label="Why do you want to cancel?"
        hint="Your pharmacy sees this. Nothing has been dispensed yet."
        maxLength={500}
      />
      <FormProblem error={form.serverError} />
      <SubmitButton busy={form.busy} busyText="Cancelling…">
        Cancel this order
      </SubmitButton>
    </form>
  );
}
