// The pharmacy's prices for online orders and its takings (issue 6, item 4): the price per capsule
// of each strength in force today and those set for a later day; a form to set a strength's price
// from a day on (today or later — orders already placed keep the price they were placed at); and the
// payments summary of the orders placed in a date range (this month by default).
import { useState } from 'react';
import { api } from '../../api';
import type { PaymentSummary, PriceEntry, PriceList } from '../../apiTypes';
import { FormProblem, isoDate, notBefore, required, SelectField, SubmitButton, TextField, useForm } from '../../components/forms';
import { Await, useLoad } from '../../components/status';
import { formatDate, todayIn } from '../../dates';
import { dollarsAmount, formatCents, parseDollars } from '../../money';
import { useClinicTimeZone } from '../../session';
import { PRODUCT_STRENGTHS_MG } from '../prescriber/labels';
import './pharmacist.css';

/** Every strength some product comes in, smallest first. */
const STRENGTHS = [...new Set(Object.values(PRODUCT_STRENGTHS_MG).flat())].sort((a, b) => a - b);
/** The API's limit: $10,000.00 a capsule. */
const MAX_UNIT_PRICE_CENTS = 1_000_000;

function PriceTable({ entries, caption, withDate }: { entries: PriceEntry[]; caption: string; withDate: 'since' | 'from' }) {
  return (
    <div className="table-scroll">
      <table className="money-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Strength</th>
            <th scope="col">Per capsule</th>
            <th scope="col">{withDate === 'since' ? 'Since' : 'From'}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={`${entry.strengthMg}-${entry.effectiveOn}-${entry.unitPriceCents}`}>
              <td>{entry.strengthMg} mg</td>
              <td className="amount">{formatCents(entry.unitPriceCents)}</td>
              <td>{formatDate(entry.effectiveOn)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PriceForm({ today, onSaved }: { today: string; onSaved: (list: PriceList, message: string) => void }) {
  const form = useForm(
    { strengthMg: '', unitPriceCents: '', effectiveOn: today },
    {
      strengthMg: [required],
      unitPriceCents: [required, dollarsAmount({ allowZero: true, maxCents: MAX_UNIT_PRICE_CENTS })],
      effectiveOn: [required, isoDate, notBefore(today, 'today: a price cannot change orders already placed')],
    },
    async (values, { reset }) => {
      const body = { strengthMg: Number(values.strengthMg), unitPriceCents: parseDollars(values.unitPriceCents) ?? 0, effectiveOn: values.effectiveOn };
      const list = await api.post<PriceList>('/pharmacy/prices', body);
      reset();
      onSaved(list, `${body.strengthMg} mg: ${formatCents(body.unitPriceCents)} a capsule from ${formatDate(body.effectiveOn)}.`);
    },
  );
  return (
    <form onSubmit={(event) => void form.submit(event)} noValidate aria-labelledby="set-price" className="money-form">
      <h2 id="set-price">Set a price</h2>
      <div className="field-row">
        <SelectField
          form={form}
          name="strengthMg"
          label="Capsule strength"
          options={[['', 'Choose'], ...STRENGTHS.map((mg) => [String(mg), `${mg} mg`] as const)]}
        />
        <TextField form={form} name="unitPriceCents" label="Price per capsule (US dollars)" hint="e.g. 4.50" inputMode="decimal" autoComplete="off" />
        <TextField form={form} name="effectiveOn" label="From" type="date" min={today} hint="Today or later." />
      </div>
      <p className="hint">Orders placed from that day are charged this price; orders already placed keep theirs.</p>
      <FormProblem error={form.serverError} />
      <SubmitButton busy={form.busy} busyText="Saving…">
        Set the price
      </SubmitButton>
    </form>
  );
}

function monthStart(today: string): string {
  return `${today.slice(0, 8)}01`;
}

function SummaryPanel({ today }: { today: string }) {
  const [range, setRange] = useState({ from: monthStart(today), to: today });
  const loaded = useLoad(
    () => api.get<PaymentSummary>(`/pharmacy/payments/summary?from=${encodeURIComponent(range.from)}&to=${encodeURIComponent(range.to)}`),
    [range.from, range.to],
  );
  const form = useForm<'from' | 'to'>(
    { from: range.from, to: range.to },
    { from: [required, isoDate], to: [required, isoDate, notBefore<'from' | 'to'>((values) => values.from, 'the first day')] },
    (values) => {
      setRange({ from: values.from, to: values.to });
    },
  );
  return (
    <section className="card" aria-labelledby="summary-heading">
      <h2 id="summary-heading">Payments</h2>
      <form onSubmit={(event) => void form.submit(event)} noValidate aria-label="Orders placed between" className="money-form">
        <div className="field-row">
          <TextField form={form} name="from" label="Orders placed from" type="date" />
          <TextField form={form} name="to" label="To" type="date" min={form.values.from || undefined} />
        </div>
        <SubmitButton busy={loaded.loading} busyText="Loading…">
          Show
        </SubmitButton>
      </form>
      <Await loaded={loaded} what="the payments">
        {(summary) => (
          <>
            <p role="status">
              {summary.orders === 0 ? 'No order' : summary.orders === 1 ? '1 order' : `${summary.orders} orders`} placed from {formatDate(summary.from)} to{' '}
              {formatDate(summary.to)}, as of {formatDate(summary.asOf)}.
            </p>
            <dl className="facts">
              <div>
                <dt>Charged</dt>
                <dd>{formatCents(summary.charged)}</dd>
              </div>
              <div>
                <dt>Paid</dt>
                <dd>{formatCents(summary.paid)}</dd>
              </div>
              <div>
                <dt>Refunded</dt>
                <dd>{formatCents(summary.refunded)}</dd>
              </div>
              <div>
                <dt>Paid net</dt>
                <dd>{formatCents(summary.netPaid)}</dd>
              </div>
              <div>
                <dt>Still due</dt>
                <dd>{formatCents(summary.due)}</dd>
              </div>
              <div>
                <dt>Owed back to patients</dt>
                <dd>{summary.owedBack > 0 ? <strong>{formatCents(summary.owedBack)}</strong> : formatCents(0)}</dd>
              </div>
            </dl>
          </>
        )}
      </Await>
    </section>
  );
}

export function PricesPage() {
  const today = todayIn(useClinicTimeZone());
  const loaded = useLoad(() => api.get<PriceList>('/pharmacy/prices'), []);
  const [saved, setSaved] = useState<{ list: PriceList; message: string } | null>(null);
  return (
    <section className="pharmacy">
      <h1>Prices and payments</h1>
      <p className="hint lead">What a capsule of each strength costs in an online order from this pharmacy, and what the orders brought in.</p>
      {saved === null ? null : (
        <p className="success" role="status">
          Saved. {saved.message}
        </p>
      )}
      <section className="card" aria-labelledby="prices-heading">
        <h2 id="prices-heading">Prices</h2>
        <Await loaded={loaded} what="the prices">
          {(fetched) => {
            const list = saved?.list ?? fetched;
            return (
              <>
                {list.prices.length === 0 ? (
                  <p className="notice">No price is set: patients cannot order from this pharmacy online until a price is set for their strength.</p>
                ) : (
                  <PriceTable entries={list.prices} caption={`In force on ${formatDate(list.asOf)}`} withDate="since" />
                )}
                {list.upcoming.length === 0 ? null : <PriceTable entries={list.upcoming} caption="Set for a later day" withDate="from" />}
              </>
            );
          }}
        </Await>
      </section>
      <section className="card">
        <PriceForm
          today={today}
          onSaved={(list, message) => {
            setSaved({ list, message });
          }}
        />
      </section>
      <SummaryPanel today={today} />
    </section>
  );
}
