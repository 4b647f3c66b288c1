// One order at the pharmacy: its facts, its deadline, and its next step — request the
// authorization, dispense (the Medication Guide goes in the package; Idempotency-Key), pack, ship
// (carrier and tracking number), mark delivered (date) — or cancel before the dispense, with a
// reason. A refusal shows the program's reasons. The slot PharmacyOrderExtras is for payments.
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api';
import type { OrderAnswer, PharmacyOrder, QueuedOrder } from '../../apiTypes';
import {
  CheckboxField,
  FormProblem,
  isoDate,
  maxLength,
  notAfter,
  notBefore,
  required,
  SubmitButton,
  TextAreaField,
  TextField,
  useForm,
  type Validator,
} from '../../components/forms';
import { ReasonList } from '../../components/reasons';
import { Await, useLoad } from '../../components/status';
import { daysBetween, formatDate } from '../../dates';
import { productName } from '../../labels';
import { useIdempotentSend } from './idempotency';
import { deadlineLabel, nextStep, PHARMACY_ORDER_STATES, pharmacyCanCancel, STEP_LABELS } from './orderSteps';
import { PharmacyOrderExtras } from './PharmacyOrderExtras';
import { Refusal } from './Refusal';
import './pharmacist.css';

const trackingNumber: Validator = (value) =>
  value === '' || /^[A-Za-z0-9-]{4,64}$/.test(value.trim()) ? undefined : '4 to 64 letters, digits or dashes, no spaces.';
const mustBeTicked: Validator = (value) =>
  value === 'true' ? undefined : 'Put the Medication Guide in the package and tick this box: it goes with every dispense.';

type Done = (order: QueuedOrder, message: string) => void;

function post(orderId: string, path: string, body: unknown, headers?: Record<string, string>) {
  return api.post<OrderAnswer>(`/pharmacy/orders/${orderId}/${path}`, body, headers);
}

function AuthorizeForm({ order, done }: { order: QueuedOrder; done: Done }) {
  const form = useForm({}, {}, async () => {
    const answer = await post(order.id, 'authorization', {});
    done(
      { ...order, ...answer.order },
      `Authorized${(answer.order.authorization?.rmaNumber ?? null) === null ? '' : `: RMA ${answer.order.authorization?.rmaNumber ?? ''}`}. Dispense it by ${answer.order.deadline === null ? 'its date' : formatDate(answer.order.deadline)}.`,
    );
  });
  return (
    <form onSubmit={(event) => void form.submit(event)} noValidate aria-label="Request the authorization">
      <p>Asks the program to authorize this prescription today (the same check as at the counter).</p>
      {form.serverError === null ? null : <Refusal error={form.serverError} what="The authorization" />}
      <SubmitButton busy={form.busy} busyText="Requesting…">
        Request authorization
      </SubmitButton>
    </form>
  );
}

function DispenseForm({ order, done }: { order: QueuedOrder; done: Done }) {
  const send = useIdempotentSend();
  const form = useForm({ medicationGuideGiven: 'false' }, { medicationGuideGiven: [mustBeTicked] }, async () => {
    const body = { medicationGuideGiven: true };
    const answer = await send(`dispense ${order.id}`, (key) => post(order.id, 'dispense', body, { 'idempotency-key': key }));
    done({ ...order, ...answer.order }, 'Dispensed. Pack it with the Medication Guide, then ship it.');
  });
  return (
    <form onSubmit={(event) => void form.submit(event)} noValidate aria-label="Dispense the order" className="dispense-form">
      <p>
        Dispense exactly as prescribed: {productName(order.product)} {order.strengthMg} mg, {order.quantity} capsules ({order.daysSupply} days).
      </p>
      <CheckboxField form={form} name="medicationGuideGiven" label="The Medication Guide goes in the package" />
      {form.serverError === null ? null : <Refusal error={form.serverError} what="The dispense" />}
      <SubmitButton busy={form.busy} busyText="Dispensing…">
        Dispense
      </SubmitButton>
    </form>
  );
}

function PackForm({ order, done }: { order: QueuedOrder; done: Done }) {
  const form = useForm({}, {}, async () => {
    const answer = await post(order.id, 'packing', {});
    done({ ...order, ...answer.order }, 'Packed. Ship it with its carrier and tracking number.');
  });
  return (
    <form onSubmit={(event) => void form.submit(event)} noValidate aria-label="Record the packing">
      <p>Record that the capsules and the Medication Guide are packed.</p>
      <FormProblem error={form.serverError} />
      <SubmitButton busy={form.busy} busyText="Saving…">
        Packed
      </SubmitButton>
    </form>
  );
}

function ShipForm({ order, done }: { order: QueuedOrder; done: Done }) {
  const form = useForm(
    { carrier: '', trackingNumber: '' },
    { carrier: [required, maxLength(100)], trackingNumber: [required, trackingNumber] },
    async (values) => {
      const answer = await post(order.id, 'shipment', { carrier: values.carrier.trim(), trackingNumber: values.trackingNumber.trim() });
      done(
        { ...order, ...answer.order },
        `Shipped. Delivery promised by ${answer.order.deliveryDueBy === null ? 'its promised day' : formatDate(answer.order.deliveryDueBy)}.`,
      );
    },
  );
  return (
    <form onSubmit={(event) => void form.submit(event)} noValidate aria-label="Ship the order">
      {order.deadline === null ? null : (
        <p>Release it to the carrier by {formatDate(order.deadline)} at the latest: shipping is the dispense to the patient.</p>
      )}
      <div className="field-row">
        <TextField form={form} name="carrier" label="Carrier" maxLength={100} autoComplete="off" />
        <TextField form={form} name="trackingNumber" label="Tracking number" maxLength={64} autoComplete="off" spellCheck={false} />
      </div>
      <FormProblem error={form.serverError} />
      <SubmitButton busy={form.busy} busyText="Saving…">
        Ship
      </SubmitButton>
    </form>
  );
}

function DeliverForm({ order, asOf, done }: { order: QueuedOrder; asOf: string; done: Done }) {
  const shippedOn = order.shipment?.shippedOn ?? '';
  const form = useForm(
    { deliveredOn: asOf },
    { deliveredOn: [required, isoDate, notAfter(asOf), notBefore(shippedOn, 'the shipping date')] },
    async (values) => {
      const answer = await post(order.id, 'delivery', { deliveredOn: values.deliveredOn });
      done({ ...order, ...answer.order }, `Marked delivered on ${formatDate(values.deliveredOn)}.`);
    },
  );
  return (
    <form onSubmit={(event) => void form.submit(event)} noValidate aria-label="Mark the order delivered">
      <TextField form={form} name="deliveredOn" label="Delivered on" type="date" max={asOf} min={shippedOn || undefined} hint="The date the carrier reports." />
      <FormProblem error={form.serverError} />
      <SubmitButton busy={form.busy} busyText="Saving…">
        Mark delivered
      </SubmitButton>
    </form>
  );
}

function CancelForm({ order, done }: { order: QueuedOrder; done: Done }) {
  const form = useForm({ reason: '' }, { reason: [required, maxLength(500)] }, async (values) => {
    const answer = await post(order.id, 'cancel', { reason: values.reason.trim() });
    done({ ...order, ...answer.order }, 'Cancelled. The patient sees the reason.');
  });
  return (
    <form onSubmit={(event) => void form.submit(event)} noValidate aria-label="Cancel the order">
      <TextAreaField form={form} name="reason" label="Reason (the patient sees it)" maxLength={500} />
      <FormProblem error={form.serverError} />
      <SubmitButton busy={form.busy} busyText="Cancelling…">
        Cancel the order
      </SubmitButton>
    </form>
  );
}

function OrderFacts({ order, asOf }: { order: QueuedOrder; asOf: string }) {
  const address = order.deliveryAddress;
  return (
    <dl className="facts">
      <div>
        <dt>Patient</dt>
        <dd>
          {order.patient.name} · <span className="mono">{order.patient.programId}</span>
        </dd>
      </div>
      <div>
        <dt>Order</dt>
        <dd>
          {productName(order.product)} {order.strengthMg} mg, {order.quantity} capsules, {order.daysSupply} days
        </dd>
      </div>
      <div>
        <dt>Placed</dt>
        <dd>{formatDate(order.placedOn)}</dd>
      </div>
      <div>
        <dt>State</dt>
        <dd>{PHARMACY_ORDER_STATES[order.state]}</dd>
      </div>
      {order.authorization === null ? null : (
        <div>
          <dt>Authorization</dt>
          <dd>
            {order.authorization.rmaNumber === null ? "Pharmacist's checklist" : <span className="mono">{order.authorization.rmaNumber}</span>},{' '}
            {formatDate(order.authorization.requestedOn)}
          </dd>
        </div>
      )}
      {order.dispensedOn === null ? null : (
        <div>
          <dt>Dispensed</dt>
          <dd>{formatDate(order.dispensedOn)}</dd>
        </div>
      )}
      {order.packedOn === null ? null : (
        <div>
          <dt>Packed</dt>
          <dd>{formatDate(order.packedOn)}</dd>
        </div>
      )}
      {order.shipment === null ? null : (
        <div>
          <dt>Shipped</dt>
          <dd>
            {formatDate(order.shipment.shippedOn)}, {order.shipment.carrier} <span className="mono">{order.shipment.trackingNumber}</span>
            {order.deliveryDueBy === null ? null : <> · due by {formatDate(order.deliveryDueBy)}</>}
            {order.deliveryOverdue ? <strong> · delivery overdue ({daysBetween(order.deliveryDueBy ?? asOf, asOf)} days late)</strong> : null}
          </dd>
        </div>
      )}
      {order.deliveredOn === null ? null : (
        <div>
          <dt>Delivered</dt>
          <dd>{formatDate(order.deliveredOn)}</dd>
        </div>
      )}
      <div>
        <dt>Deliver to</dt>
        <dd>
          {address.recipient}, {address.line1}
          {address.line2 === null ? '' : `, ${address.line2}`}, {address.city}, {address.state} {address.postalCode}
        </dd>
      </div>
    </dl>
  );
}

export function OrderFulfillmentPage() {
  const { orderId = '' } = useParams();
  const loaded = useLoad(() => api.get<PharmacyOrder>(`/pharmacy/orders/${orderId}`), [orderId]);
  const [changed, setChanged] = useState<{ order: QueuedOrder; message: string } | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const done: Done = (order, message) => {
    setChanged({ order, message });
    setCancelling(false);
    loaded.reload();
  };
  return (
    <section className="pharmacy">
      <p>
        <Link to="/orders">← Order queue</Link>
      </p>
      <Await loaded={loaded} what="the order">
        {({ asOf, order: stored }) => {
          // The step's own answer until the order is read again (delivered and cancelled orders
          // leave the queue, but the pharmacy still reads them here).
          const order = changed !== null && changed.order.id === stored.id && loaded.loading ? changed.order : stored;
          const step = nextStep(order);
          const days = order.deadline === null ? null : daysBetween(asOf, order.deadline);
          return (
            <>
              <h1>
                Order of {order.patient.name}, {formatDate(order.placedOn)}
              </h1>
              {changed === null || changed.order.id !== order.id ? null : (
                <p className="success" role="status">
                  {changed.message}
                </p>
              )}
              {order.deliveryOverdue ? (
                <p className="problem">
                  <strong>Delivery overdue:</strong> promised by {order.deliveryDueBy === null ? 'its day' : formatDate(order.deliveryDueBy)}. Check with{' '}
                  {order.shipment?.carrier ?? 'the carrier'} and contact the patient.
                </p>
              ) : null}
              {order.deadline === null || days === null ? null : (
                <div className={`dnda${days < 0 ? ' overdue-card' : ''}`}>
                  <p className="dnda-label">{deadlineLabel(order)}</p>
                  <p className="dnda-date">{formatDate(order.deadline)}</p>
                  <p className="dnda-days">
                    {days < 0
                      ? `Passed ${-days} day${days === -1 ? '' : 's'} ago`
                      : days === 0
                        ? 'Today is the last day'
                        : `${days} day${days === 1 ? '' : 's'} left`}
                  </p>
                </div>
              )}
              <div className="card">
                <OrderFacts order={order} asOf={asOf} />
              </div>
              {order.reasons.length === 0 ? null : (
                <div className="card">
                  <h2>{order.state === 'stopped' ? 'Why it stopped' : 'What stands before the authorization'}</h2>
                  <ReasonList reasons={order.reasons} />
                </div>
              )}
              {step === null ? null : (
                <section className="card" aria-labelledby="next-step">
                  <h2 id="next-step">Next step: {STEP_LABELS[step]}</h2>
                  {step === 'authorize' ? <AuthorizeForm key={order.state} order={order} done={done} /> : null}
                  {step === 'dispense' ? <DispenseForm key={order.state} order={order} done={done} /> : null}
                  {step === 'pack' ? <PackForm key="pack" order={order} done={done} /> : null}
                  {step === 'ship' ? <ShipForm key="ship" order={order} done={done} /> : null}
                  {step === 'deliver' ? <DeliverForm key="deliver" order={order} asOf={asOf} done={done} /> : null}
                </section>
              )}
              {pharmacyCanCancel(order) ? (
                <section className="card" aria-labelledby="cancel-heading">
                  <h2 id="cancel-heading">Cancel before dispensing</h2>
                  {cancelling ? (
                    <CancelForm order={order} done={done} />
                  ) : (
                    <button
                      type="button"
                      onClick={() => {
                        setCancelling(true);
                      }}
                    >
                      Cancel this order…
                    </button>
                  )}
                </section>
              ) : null}
              <PharmacyOrderExtras order={order} onChanged={loaded.reload} />
            </>
          );
        }}
      </Await>
    </section>
  );
}
