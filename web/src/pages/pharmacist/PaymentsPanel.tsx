// The money of one order at the pharmacy (issue 6, item 4): its price (unit × quantity), what was
// paid, refunded, is still due or is owed back to the patient, the payments and refunds one by one;
// a form to record a payment received (offline: at pickup or against the invoice) while something
// is due, and one to refund (with its reason) while something was paid net. Both send an
// Idempotency-Key (they move money): a retry after a lost connection is not recorded twice.
import { useState } from 'react';
import { api } from '../../api';
import type { OrderAnswer, OrderPayment, QueuedOrder } from '../../apiTypes';
import { isoDate, maxLength, notAfter, notBefore, required, SubmitButton, TextAreaField, TextField, useForm } from '../../components/forms';
import { formatDate, todayIn } from '../../dates';
import { dollarsAmount, formatCents, parseDollars } from '../../money';
import { useClinicTimeZone } from '../../session';
import { useIdempotentSend } from './idempotency';
import { Refusal } from './Refusal';

type Recorded = (order: OrderAnswer['order'], message: string) => void;

function PaymentForm({ order, payment, today, recorded }: { order: QueuedOrder; payment: OrderPayment; today: string; recorded: Recorded }) {
  const send = useIdempotentSend();
  const form = useForm(
    { amountCents: '', receivedOn: today, reference: '' },
    {
      amountCents: [required, dollarsAmount({ maxCents: payment.due, over: `At most what is due: ${formatCents(payment.due)}.` })],
      receivedOn: [required, isoDate, notAfter(today), notBefore(order.placedOn, 'the day the order was placed')],
      reference: [required, maxLength(100)],
    },
    async (values) => {
      const body = { amountCents: parseDollars(values.amountCents) ?? 0, receivedOn: values.receivedOn, reference: values.reference.trim() };
      const answer = await send(`payment ${order.id} ${JSON.stringify(body)}`, (key) =>
        api.post<OrderAnswer>(`/pharmacy/orders/${order.id}/payments`, body, { 'idempotency-key': key }),
      );
      recorded(answer.order, `Payment of ${formatCents(body.amountCents)} recorded.`);
    },
  );
  return (
    <form onSubmit={(event) => void form.submit(event)} noValidate aria-labelledby="record-payment" className="money-form">
      <h3 id="record-payment">Record a payment received</h3>
      <div className="field-row">
        <TextField
          form={form}
          name="amountCents"
          label="Amount (US dollars)"
          hint={`Up to ${formatCents(payment.due)}, what is due.`}
          inputMode="decimal"
          autoComplete="off"
        />
        <TextField form={form} name="receivedOn" label="Received on" type="date" max={today} min={order.placedOn} />
      </div>
      <TextField form={form} name="reference" label="Reference" hint="The invoice or receipt number." maxLength={100} autoComplete="off" spellCheck={false} />
      {form.serverError === null ? null : <Refusal error={form.serverError} what="The payment" advice="" />}
      <SubmitButton busy={form.busy} busyText="Recording…">
        Record the payment
      </SubmitButton>
    </form>
  );
}

function RefundForm({ order, payment, today, recorded }: { order: QueuedOrder; payment: OrderPayment; today: string; recorded: Recorded }) {
  const send = useIdempotentSend();
  const initial = payment.owedBack > 0 ? (payment.owedBack / 100).toFixed(2) : '';
  const form = useForm(
    { amountCents: initial, reason: '', refundedOn: today },
    {
      amountCents: [required, dollarsAmount({ maxCents: payment.netPaid, over: `At most what was paid net: ${formatCents(payment.netPaid)}.` })],
      reason: [required, maxLength(500)],
      refundedOn: [required, isoDate, notAfter(today), notBefore(order.placedOn, 'the day the order was placed')],
    },
    async (values) => {
      const body = { amountCents: parseDollars(values.amountCents) ?? 0, reason: values.reason.trim(), refundedOn: values.refundedOn };
      const answer = await send(`refund ${order.id} ${JSON.stringify(body)}`, (key) =>
        api.post<OrderAnswer>(`/pharmacy/orders/${order.id}/refunds`, body, { 'idempotency-key': key }),
      );
      recorded(answer.order, `Refund of ${formatCents(body.amountCents)} recorded.`);
    },
  );
  return (
    <form onSubmit={(event) => void form.submit(event)} noValidate aria-labelledby="record-refund" className="money-form">
      <h3 id="record-refund">Refund</h3>
      <div className="field-row">
        <TextField
          form={form}
          name="amountCents"
          label="Amount (US dollars)"
          hint={`Up to ${formatCents(payment.netPaid)}, what was paid net.`}
          inputMode="decimal"
          autoComplete="off"
        />
        <TextField form={form} name="refundedOn" label="Refunded on" type="date" max={today} min={order.placedOn} />
      </div>
      <TextAreaField form={form} name="reason" label="Reason (the patient sees it)" maxLength={500} />
      {form.serverError === null ? null : <Refusal error={form.serverError} what="The refund" advice="" />}
      <SubmitButton busy={form.busy} busyText="Recording…">
        Record the refund
      </SubmitButton>
    </form>
  );
}

/** The order's balance in words and figures. */
export function PaymentFacts({ order, payment }: { order: QueuedOrder; payment: OrderPayment }) {
  return (
    <>
      <dl className="facts">
        <div>
          <dt>Price</dt>
          <dd>
            {payment.unitPriceCents === null ? (
              'No charge'
            ) : (
              <>
                {formatCents(payment.charged)} ({order.quantity} × {formatCents(payment.unitPriceCents)})
              </>
            )}
          </dd>
        </div>
        <div>
          <dt>Paid</dt>
          <dd>{formatCents(payment.paid)}</dd>
        </div>
        <div>
          <dt>Refunded</dt>
          <dd>{formatCents(payment.refunded)}</dd>
        </div>
        <div>
          <dt>Due</dt>
          <dd>{payment.due > 0 ? <strong>{formatCents(payment.due)}</strong> : formatCents(0)}</dd>
        </div>
        {payment.owedBack > 0 ? (
          <div>
            <dt>Owed back</dt>
            <dd>
              <strong>{formatCents(payment.owedBack)}</strong>
            </dd>
          </div>
        ) : null}
      </dl>
      {payment.owedBack > 0 ? (
        <p className="problem">
          <strong>Refund the patient {formatCents(payment.owedBack)}:</strong> this order no longer goes ahead, and what the patient paid for it must be given
          back.
        </p>
      ) : null}
      {payment.payments.length === 0 ? null : (
        <div className="table-scroll">
          <table className="money-table">
            <caption>Payments received</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Amount</th>
                <th scope="col">Reference</th>
              </tr>
            </thead>
            <tbody>
              {payment.payments.map((entry, index) => (
                <tr key={`${entry.receivedOn}-${entry.reference}-${index}`}>
                  <td>{formatDate(entry.receivedOn)}</td>
                  <td className="amount">{formatCents(entry.amountCents)}</td>
                  <td className="mono">{entry.reference}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {payment.refunds.length === 0 ? null : (
        <div className="table-scroll">
          <table className="money-table">
            <caption>Refunds</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Amount</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {payment.refunds.map((entry, index) => (
                <tr key={`${entry.refundedOn}-${index}`}>
                  <td>{formatDate(entry.refundedOn)}</td>
                  <td className="amount">{formatCents(entry.amountCents)}</td>
                  <td>{entry.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export function PaymentsPanel({ order, onChanged }: { order: QueuedOrder; onChanged: () => void }) {
  const today = todayIn(useClinicTimeZone());
  // The answer of this panel's last payment or refund, for as long as the page shows the same order
  // object (the page may keep showing the answer of its own last step while it reloads); its
  // message stays until the next one.
  const [latest, setLatest] = useState<{ shown: QueuedOrder; payment: OrderPayment } | null>(null);
  const [message, setMessage] = useState<{ orderId: string; text: string } | null>(null);
  const payment = latest !== null && latest.shown === order ? latest.payment : order.payment;
  const recorded: Recorded = (answer, text) => {
    setLatest({ shown: order, payment: answer.payment });
    setMessage({ orderId: order.id, text });
    onChanged();
  };
  return (
    <section className="card payments-panel" aria-labelledby="payment-heading">
      <h2 id="payment-heading">Payment</h2>
      {message === null || message.orderId !== order.id ? null : (
        <p className="success" role="status">
          {message.text}
        </p>
      )}
      {payment.provider === 'offline' ? (
        <p className="hint">The patient pays at pickup or against the pharmacy’s invoice: record each payment as it is received.</p>
      ) : null}
      <PaymentFacts order={order} payment={payment} />
      {payment.due > 0 ? <PaymentForm key={`pay-${payment.paid}`} order={order} payment={payment} today={today} recorded={recorded} /> : null}
      {payment.netPaid > 0 ? (
        <RefundForm key={`refund-${payment.refunded}-${payment.owedBack}`} order={order} payment={payment} today={today} recorded={recorded} />
      ) : null}
    </section>
  );
}
