// Pieces of the patient's order pages: the state in plain words with its deadline, the reasons it
// waits or stopped (each with what to do), the tracking once shipped, and the cancel form.
import { api } from '../../api';
import type { OrderAnswer, OrderView } from '../../apiTypes';
import { FormProblem, maxLength, required, SubmitButton, TextAreaField, useForm, worded } from '../../components/forms';
import { daysBetween } from '../../dates';
import { useWords, type Words } from '../../i18n/I18n';
import { CANCELLABLE, deadlineMeaning, orderStateWords, ORDER_STEPS } from './orderWording';
import { forPatient, patientStep, PRODUCT_NAMES, whoWords } from './wording';

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

export function orderTitle(order: OrderView, { t }: Pick<Words, 't'>): string {
  return t('order.title', { product: PRODUCT_NAMES[order.product] ?? order.product, strength: order.strengthMg, quantity: order.quantity });
}

export function StateBadge({ order }: { order: OrderView }) {
  const { t } = useWords();
  return <span className={`badge ${BADGE[order.state]}`}>{orderStateWords(order.state, t).title}</span>;
}

/** Where the order is on its usual path (not shown once it left the path). */
export function OrderProgress({ order }: { order: OrderView }) {
  const { t } = useWords();
  const at = ORDER_STEPS.findIndex((state) => state === order.state);
  if (at < 0) {
    return null;
  }
  return (
    <ol className="order-progress" aria-label={t('order.progress')}>
      {ORDER_STEPS.map((state, index) => (
        <li key={state} className={index < at ? 'step-done' : index === at ? 'step-current' : 'step-next'} aria-current={index === at ? 'step' : undefined}>
          {t(`order.step.${state}`)}
          <span className="visually-hidden">{index < at ? t('order.stepDone') : index === at ? t('order.stepCurrent') : t('order.stepNext')}</span>
        </li>
      ))}
    </ol>
  );
}

/** The state, its deadline and what it means, the reasons, the tracking, and a late delivery. */
export function OrderStatusText({ order, asOf }: { order: OrderView; asOf: string }) {
  const { t, rich, date } = useWords();
  const words = orderStateWords(order.state, t);
  const meaning = deadlineMeaning(order, t);
  const reasons = forPatient(order.reasons);
  const who = whoWords(t);
  return (
    <>
      <p className="order-state-text">{words.text}</p>
      {meaning === null || order.deadline === null ? null : (
        <p className="order-deadline">
          <strong>
            {order.state === 'awaitingAuthorization'
              ? t('order.lastDayToAuthorize', { date: date(order.deadline) })
              : t('order.mustBeSentBy', { date: date(order.deadline) })}
          </strong>
          {(() => {
            const days = daysBetween(asOf, order.deadline);
            return days < 0 ? t('order.passed') : days === 0 ? t('order.today') : days === 1 ? t('order.tomorrow') : t('order.inDays', { days });
          })()}
          <br />
          <span className="hint">{meaning}</span>
        </p>
      )}
      {reasons.length === 0 ? null : (
        <div className="order-reasons">
          <p className="check-title">{order.state === 'stopped' ? t('order.whyStopped') : t('order.stillNeeded')}</p>
          <ul className="checklist">
            {reasons.map((reason) => {
              const step = patientStep(reason, t);
              return (
                <li key={`${reason.code}-${reason.message}`} className={`check-item${step.urgent === true ? ' check-urgent' : ''}`}>
                  <span className="check-box" aria-hidden="true" />
                  <div>
                    <p className="check-title">{step.title}</p>
                    <p className="check-todo">{step.todo}</p>
                    <p className="check-meta">
                      <span className={`doer doer-${step.who}`}>{who[step.who]}</span>
                      {reason.deadline ? <span className="when">{t('order.by', { date: date(reason.deadline) })}</span> : null}
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
          {rich('order.shippedWith', {
            date: date(order.shipment.shippedOn),
            carrier: order.shipment.carrier,
            tracking: order.shipment.trackingNumber,
            mono: (chunks) => <span className="mono">{chunks}</span>,
          })}
          {order.deliveryDueBy === null || order.deliveredOn !== null ? null : t('order.promisedBy', { date: date(order.deliveryDueBy) })}
        </p>
      )}
      {order.deliveryOverdue ? (
        <p className="problem" role="status">
          <strong>{t('order.lateTitle')}</strong>
          {t('order.lateText', {
            date: order.deliveryDueBy === null ? t('order.lateNow') : date(order.deliveryDueBy),
            pharmacy: order.pharmacy.name,
          })}
        </p>
      ) : null}
      {order.deliveredOn === null ? null : <p>{t('order.deliveredOn', { date: date(order.deliveredOn) })}</p>}
      {order.cancellation === null ? null : (
        <p>
          {t(order.cancellation.by === 'patient' ? 'order.cancelledByYou' : 'order.cancelledByPharmacy', {
            date: date(order.cancellation.cancelledOn),
            reason: order.cancellation.reason,
          })}
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
  const { t } = useWords();
  const form = useForm(
    { reason: '' },
    { reason: [worded(required, t('common.required')), worded(maxLength(500), t('common.atMost', { length: 500 }))] },
    async ({ reason }) => {
      const answer = await api.post<OrderAnswer>(`/patients/${patientId}/orders/${order.id}/cancel`, { reason: reason.trim() });
      onCancelled(answer.order);
    },
  );
  return (
    <form onSubmit={(event) => void form.submit(event)} noValidate aria-label={t('order.cancelForm')} className="cancel-form">
      <TextAreaField form={form} name="reason" label={t('order.cancelWhy')} hint={t('order.cancelHint')} maxLength={500} />
      <FormProblem error={form.serverError} />
      <SubmitButton busy={form.busy} busyText={t('order.cancelling')}>
        {t('order.cancelSubmit')}
      </SubmitButton>
    </form>
  );
}
