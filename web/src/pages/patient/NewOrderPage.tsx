// Order the current prescription for delivery (POST /patients/{id}/orders): strength and quantity
// exactly as prescribed (shown, not editable), a pharmacy of the program, and a US delivery
// address checked as it is typed. The server's refusals (422 with reasons) are said in plain words
// with what to do. One Idempotency-Key per order, kept for a retry after a lost connection.
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../api';
import type { OrderAnswer, PatientOrders, PatientRecord, PatientStatus, Pharmacies } from '../../apiTypes';
import { FormProblem, maxLength, required, SelectField, SubmitButton, TextField, useForm, type Validator } from '../../components/forms';
import { Await, useLoad } from '../../components/status';
import { formatDate } from '../../dates';
import { formatCents } from '../../money';
import { useMe } from '../../session';
import { useIdempotentSend } from '../pharmacist/idempotency';
import { NotLinked } from './NotLinked';
import { orderablePrescription, type Orderable } from './orderWording';
import { forPatient, patientStep, PRODUCT_NAMES, WHO } from './wording';
import './patient.css';

/** The states, the District of Columbia and the territories, by their postal codes. */
const US_STATES = new Set(
  'AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR GU VI AS MP'.split(
    ' ',
  ),
);

const usState: Validator = (value) =>
  value === '' || US_STATES.has(value.trim().toUpperCase()) ? undefined : 'A US state or territory as its two-letter code, e.g. NY.';
const zipCode: Validator = (value) =>
  value === '' || /^[0-9]{5}(-[0-9]{4})?$/.test(value.trim()) ? undefined : 'A US ZIP code: 5 digits, or 5+4 like 10001-1234.';

type Pharmacy = Pharmacies['pharmacies'][number];

/** The pharmacy's price in force today for a capsule of this strength, in cents, or null when it has none. */
function unitPrice(pharmacy: Pharmacy, strengthMg: number): number | null {
  return pharmacy.prices.find((price) => price.strengthMg === strengthMg)?.unitPriceCents ?? null;
}

/** What the order would cost at the chosen pharmacy, or why it cannot take it and which can. */
function PriceOfOrder({ pharmacies, pharmacyId, strengthMg, quantity }: { pharmacies: Pharmacy[]; pharmacyId: string; strengthMg: number; quantity: number }) {
  const chosen = pharmacies.find((pharmacy) => pharmacy.id === pharmacyId);
  if (chosen === undefined) {
    return null;
  }
  const unit = unitPrice(chosen, strengthMg);
  if (unit !== null) {
    return (
      <p className="notice" role="status">
        <strong>
          Price: {formatCents(unit * quantity)} ({quantity} capsules at {formatCents(unit)})
        </strong>
        . You pay {chosen.name} at pickup or against its invoice; nothing is charged when you order.
      </p>
    );
  }
  const others = pharmacies.filter((pharmacy) => unitPrice(pharmacy, strengthMg) !== null);
  return (
    <p className="problem" role="status">
      {chosen.name} has no price for {strengthMg} mg capsules yet, so it cannot take this order.{' '}
      {others.length === 0
        ? 'No pharmacy has a price for them yet: ask your care team where to fill your prescription.'
        : `Choose another pharmacy: ${others.map((pharmacy) => pharmacy.name).join(', ')}.`}
    </p>
  );
}

type Name =
  | 'pharmacyId'
  | 'deliveryAddress/recipient'
  | 'deliveryAddress/line1'
  | 'deliveryAddress/line2'
  | 'deliveryAddress/city'
  | 'deliveryAddress/state'
  | 'deliveryAddress/postalCode';

function OrderForm({
  patientId,
  orderable,
  pharmacies,
  recipient,
}: {
  patientId: string;
  orderable: Orderable;
  pharmacies: Pharmacies['pharmacies'];
  recipient: string;
}) {
  const navigate = useNavigate();
  const send = useIdempotentSend();
  const { prescription } = orderable;
  const priced: Validator = (value) => {
    const chosen = pharmacies.find((pharmacy) => pharmacy.id === value);
    return chosen === undefined || unitPrice(chosen, prescription.strengthMg) !== null
      ? undefined
      : `This pharmacy has no price for ${prescription.strengthMg} mg capsules: choose another.`;
  };
  const form = useForm<Name>(
    {
      pharmacyId: pharmacies.length === 1 ? (pharmacies[0]?.id ?? '') : '',
      'deliveryAddress/recipient': recipient,
      'deliveryAddress/line1': '',
      'deliveryAddress/line2': '',
      'deliveryAddress/city': '',
      'deliveryAddress/state': '',
      'deliveryAddress/postalCode': '',
    },
    {
      pharmacyId: [required, priced],
      'deliveryAddress/recipient': [required, maxLength(200)],
      'deliveryAddress/line1': [required, maxLength(200)],
      'deliveryAddress/line2': [maxLength(200)],
      'deliveryAddress/city': [required, maxLength(100)],
      'deliveryAddress/state': [required, usState],
      'deliveryAddress/postalCode': [required, zipCode],
    },
    async (values) => {
      const body = {
        prescriptionId: prescription.id,
        pharmacyId: values.pharmacyId,
        quantity: prescription.quantity,
        strengthMg: prescription.strengthMg,
        deliveryAddress: {
          recipient: values['deliveryAddress/recipient'].trim(),
          line1: values['deliveryAddress/line1'].trim(),
          line2: values['deliveryAddress/line2'].trim() === '' ? null : values['deliveryAddress/line2'].trim(),
          city: values['deliveryAddress/city'].trim(),
          state: values['deliveryAddress/state'].trim().toUpperCase(),
          postalCode: values['deliveryAddress/postalCode'].trim(),
        },
      };
      const answer = await send(JSON.stringify(body), (key) => api.post<OrderAnswer>(`/patients/${patientId}/orders`, body, { 'idempotency-key': key }));
      void navigate(`/orders/${answer.id}`, { state: { placed: true } });
    },
  );
  const refusal = form.serverError?.status === 422 && form.serverError.problem.reasons !== undefined ? form.serverError : null;
  return (
    <form onSubmit={(event) => void form.submit(event)} noValidate aria-label="Order your prescription" className="order-form">
      <section className="card" aria-labelledby="what-you-order">
        <h2 id="what-you-order">What you order</h2>
        <p className="big-date">
          <strong>
            {PRODUCT_NAMES[prescription.product] ?? prescription.product} {prescription.strengthMg} mg — {prescription.quantity} capsules
          </strong>
        </p>
        <p>
          {prescription.capsulesPerDay === 1 ? '1 capsule a day' : `${prescription.capsulesPerDay} capsules a day`}, for {prescription.daysSupply} days.
          Prescribed on {formatDate(prescription.writtenOn)}.
        </p>
        <p className="hint">You order exactly what was prescribed; a different strength or amount needs a new prescription from your prescriber.</p>
      </section>
      <SelectField
        form={form}
        name="pharmacyId"
        label="Pharmacy"
        hint="US pharmacies that take part in the iPLEDGE program."
        options={[
          ['', 'Choose a pharmacy'],
          ...pharmacies.map((pharmacy) => {
            const unit = unitPrice(pharmacy, prescription.strengthMg);
            return [pharmacy.id, `${pharmacy.name} — ${unit === null ? 'no price yet' : formatCents(unit * prescription.quantity)}`] as const;
          }),
        ]}
      />
      <PriceOfOrder pharmacies={pharmacies} pharmacyId={form.values.pharmacyId} strengthMg={prescription.strengthMg} quantity={prescription.quantity} />
      <fieldset>
        <legend>Delivery address (United States)</legend>
        <TextField form={form} name="deliveryAddress/recipient" label="Name of the recipient" autoComplete="name" maxLength={200} />
        <TextField form={form} name="deliveryAddress/line1" label="Street address" autoComplete="address-line1" maxLength={200} />
        <TextField form={form} name="deliveryAddress/line2" label="Apartment, suite, etc. (optional)" autoComplete="address-line2" maxLength={200} />
        <TextField form={form} name="deliveryAddress/city" label="City" autoComplete="address-level2" maxLength={100} />
        <div className="field-row">
          <TextField
            form={form}
            name="deliveryAddress/state"
            label="State"
            hint="Two letters, e.g. NY"
            autoComplete="address-level1"
            maxLength={2}
            autoCapitalize="characters"
          />
          <TextField form={form} name="deliveryAddress/postalCode" label="ZIP code" autoComplete="postal-code" inputMode="numeric" maxLength={10} />
        </div>
      </fieldset>
      <p className="hint">
        The pharmacy first gets the program’s authorization, then sends your capsules by the program’s “do not dispense after” date. Once shipped, it promises
        delivery within the days it shows on your order.
      </p>
      {refusal === null ? (
        <FormProblem error={form.serverError} />
      ) : (
        <div className="problem" role="alert">
          <p className="problem-title">Your order could not be placed yet</p>
          <ul className="checklist">
            {forPatient(refusal.problem.reasons ?? []).map((reason) => {
              const step = patientStep(reason);
              return (
                <li key={`${reason.code}-${reason.message}`} className="check-item">
                  <span className="check-box" aria-hidden="true" />
                  <div>
                    <p className="check-title">{step.title}</p>
                    <p className="check-todo">{step.todo}</p>
                    <p className="check-meta">
                      <span className={`doer doer-${step.who}`}>{WHO[step.who]}</span>
                    </p>
                  </div>
                </li>
              );
            })}
          </ul>
        </div>
      )}
      <SubmitButton busy={form.busy} busyText="Placing your order…">
        Place the order
      </SubmitButton>
    </form>
  );
}

export function NewOrderPage() {
  const me = useMe();
  const patientId = me.patientId;
  const loaded = useLoad(async () => {
    if (patientId === null) {
      throw new Error('no patient record');
    }
    const [orders, status, record, pharmacies] = await Promise.all([
      api.get<PatientOrders>(`/patients/${patientId}/orders`),
      api.get<PatientStatus>(`/patients/${patientId}/status`),
      api.get<PatientRecord>(`/patients/${patientId}`),
      api.get<Pharmacies>('/pharmacies'),
    ]);
    return { orderable: orderablePrescription(record, status, orders.orders), status, record, pharmacies: pharmacies.pharmacies };
  }, [patientId]);
  if (patientId === null) {
    return <NotLinked title="Place an order" />;
  }
  return (
    <section className="patient-page">
      <h1>Order your capsules</h1>
      <Await loaded={loaded} what="your prescription">
        {({ orderable, status, record, pharmacies }) => {
          if (orderable === null) {
            return (
              <p className="notice">
                There is no prescription to order right now: it may already be ordered or filled, or your next one is not written yet.{' '}
                <Link to="/orders">See your orders</Link>.
              </p>
            );
          }
          if (!orderable.ready) {
            return (
              <div className="notice">
                <p>You have a prescription, but it cannot be filled yet. Still needed:</p>
                <ul>
                  {forPatient(status.blockers).map((reason) => (
                    <li key={reason.code}>
                      {patientStep(reason).title} — {patientStep(reason).todo}
                    </li>
                  ))}
                </ul>
              </div>
            );
          }
          if (pharmacies.length === 0) {
            return <p className="notice">No pharmacy can take orders right now. Ask your care team where to fill your prescription.</p>;
          }
          return (
            <OrderForm
              patientId={patientId}
              orderable={orderable}
              pharmacies={pharmacies}
              recipient={`${record.patient.givenName} ${record.patient.familyName}`}
            />
          );
        }}
      </Await>
    </section>
  );
}
