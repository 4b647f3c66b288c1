// Order the current prescription for delivery (POST /patients/{id}/orders): strength and quantity
// exactly as prescribed (shown, not editable), a pharmacy of the program, and a US delivery
// address checked as it is typed. The server's refusals (422 with reasons) are said in plain words
// with what to do. One Idempotency-Key per order, kept for a retry after a lost connection.
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../api';
import type { OrderAnswer, PatientOrders, PatientRecord, PatientStatus, Pharmacies } from '../../apiTypes';
import { FormProblem, maxLength, SelectField, SubmitButton, TextField, useForm, worded, type Validator } from '../../components/forms';
import { Await, useLoad } from '../../components/status';
import { useWords, type Words } from '../../i18n/I18n';
import { formatCents } from '../../money';
import { useMe } from '../../session';
import { useIdempotentSend } from '../pharmacist/idempotency';
import { NotLinked } from './NotLinked';
import { orderablePrescription, type Orderable } from './orderWording';
import { forPatient, patientStep, PRODUCT_NAMES, whoWords } from './wording';
import './patient.css';

/** The states, the District of Columbia and the territories, by their postal codes. */
const US_STATES = new Set(
  'AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR GU VI AS MP'.split(
    ' ',
  ),
);

/** The address checks, in the reader's words. */
function addressValidators({ t }: Pick<Words, 't'>): { usState: Validator; zipCode: Validator } {
  return {
    usState: (value) => (value === '' || US_STATES.has(value.trim().toUpperCase()) ? undefined : t('newOrder.badState')),
    zipCode: (value) => (value === '' || /^[0-9]{5}(-[0-9]{4})?$/.test(value.trim()) ? undefined : t('newOrder.badZip')),
  };
}

type Pharmacy = Pharmacies['pharmacies'][number];

/** The pharmacy's price in force today for a capsule of this strength, in cents, or null when it has none. */
function unitPrice(pharmacy: Pharmacy, strengthMg: number): number | null {
  return pharmacy.prices.find((price) => price.strengthMg === strengthMg)?.unitPriceCents ?? null;
}

/** What the order would cost at the chosen pharmacy, or why it cannot take it and which can. */
function PriceOfOrder({ pharmacies, pharmacyId, strengthMg, quantity }: { pharmacies: Pharmacy[]; pharmacyId: string; strengthMg: number; quantity: number }) {
  const { t } = useWords();
  const chosen = pharmacies.find((pharmacy) => pharmacy.id === pharmacyId);
  if (chosen === undefined) {
    return null;
  }
  const unit = unitPrice(chosen, strengthMg);
  if (unit !== null) {
    return (
      <p className="notice" role="status">
        <strong>{t('newOrder.price', { total: formatCents(unit * quantity), quantity, unit: formatCents(unit) })}</strong>
        {t('newOrder.payLater', { pharmacy: chosen.name })}
      </p>
    );
  }
  const others = pharmacies.filter((pharmacy) => unitPrice(pharmacy, strengthMg) !== null);
  return (
    <p className="problem" role="status">
      {t('newOrder.noPriceAt', { pharmacy: chosen.name, strength: strengthMg })}{' '}
      {others.length === 0 ? t('newOrder.noPriceAnywhere') : t('newOrder.chooseAnother', { pharmacies: others.map((pharmacy) => pharmacy.name).join(', ') })}
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
  const words = useWords();
  const { t, date } = words;
  const who = whoWords(t);
  const required: Validator = (value) => (value.trim() === '' ? t('common.required') : undefined);
  const { usState, zipCode } = addressValidators(words);
  const priced: Validator = (value) => {
    const chosen = pharmacies.find((pharmacy) => pharmacy.id === value);
    return chosen === undefined || unitPrice(chosen, prescription.strengthMg) !== null
      ? undefined
      : t('newOrder.noPriceChooseAnother', { strength: prescription.strengthMg });
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
      'deliveryAddress/recipient': [required, worded(maxLength(200), t('common.atMost', { length: 200 }))],
      'deliveryAddress/line1': [required, worded(maxLength(200), t('common.atMost', { length: 200 }))],
      'deliveryAddress/line2': [worded(maxLength(200), t('common.atMost', { length: 200 }))],
      'deliveryAddress/city': [required, worded(maxLength(100), t('common.atMost', { length: 100 }))],
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
    <form onSubmit={(event) => void form.submit(event)} noValidate aria-label={t('newOrder.form')} className="order-form">
      <section className="card" aria-labelledby="what-you-order">
        <h2 id="what-you-order">{t('newOrder.whatYouOrder')}</h2>
        <p className="big-date">
          <strong>
            {t('newOrder.product', {
              product: PRODUCT_NAMES[prescription.product] ?? prescription.product,
              strength: prescription.strengthMg,
              quantity: prescription.quantity,
            })}
          </strong>
        </p>
        <p>{t('newOrder.perDay', { perDay: prescription.capsulesPerDay, days: prescription.daysSupply, date: date(prescription.writtenOn) })}</p>
        <p className="hint">{t('newOrder.exactly')}</p>
      </section>
      <SelectField
        form={form}
        name="pharmacyId"
        label={t('newOrder.pharmacy')}
        hint={t('newOrder.pharmacyHint')}
        options={[
          ['', t('newOrder.choosePharmacy')],
          ...pharmacies.map((pharmacy) => {
            const unit = unitPrice(pharmacy, prescription.strengthMg);
            return [
              pharmacy.id,
              t('newOrder.pharmacyOption', {
                pharmacy: pharmacy.name,
                price: unit === null ? t('newOrder.noPriceYet') : formatCents(unit * prescription.quantity),
              }),
            ] as const;
          }),
        ]}
      />
      <PriceOfOrder pharmacies={pharmacies} pharmacyId={form.values.pharmacyId} strengthMg={prescription.strengthMg} quantity={prescription.quantity} />
      <fieldset>
        <legend>{t('newOrder.address')}</legend>
        <TextField form={form} name="deliveryAddress/recipient" label={t('newOrder.recipient')} autoComplete="name" maxLength={200} />
        <TextField form={form} name="deliveryAddress/line1" label={t('newOrder.line1')} autoComplete="address-line1" maxLength={200} />
        <TextField form={form} name="deliveryAddress/line2" label={t('newOrder.line2')} autoComplete="address-line2" maxLength={200} />
        <TextField form={form} name="deliveryAddress/city" label={t('newOrder.city')} autoComplete="address-level2" maxLength={100} />
        <div className="field-row">
          <TextField
            form={form}
            name="deliveryAddress/state"
            label={t('newOrder.state')}
            hint={t('newOrder.stateHint')}
            autoComplete="address-level1"
            maxLength={2}
            autoCapitalize="characters"
          />
          <TextField form={form} name="deliveryAddress/postalCode" label={t('newOrder.zip')} autoComplete="postal-code" inputMode="numeric" maxLength={10} />
        </div>
      </fieldset>
      <p className="hint">{t('newOrder.howItGoes')}</p>
      {refusal === null ? (
        <FormProblem error={form.serverError} />
      ) : (
        <div className="problem" role="alert">
          <p className="problem-title">{t('newOrder.refused')}</p>
          <ul className="checklist">
            {forPatient(refusal.problem.reasons ?? []).map((reason) => {
              const step = patientStep(reason, t);
              return (
                <li key={`${reason.code}-${reason.message}`} className="check-item">
                  <span className="check-box" aria-hidden="true" />
                  <div>
                    <p className="check-title">{step.title}</p>
                    <p className="check-todo">{step.todo}</p>
                    <p className="check-meta">
                      <span className={`doer doer-${step.who}`}>{who[step.who]}</span>
                    </p>
                  </div>
                </li>
              );
            })}
          </ul>
        </div>
      )}
      <SubmitButton busy={form.busy} busyText={t('newOrder.placing')}>
        {t('newOrder.submit')}
      </SubmitButton>
    </form>
  );
}

export function NewOrderPage() {
  const me = useMe();
  const patientId = me.patientId;
  const { t } = useWords();
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
    return <NotLinked title={t('newOrder.pageTitle')} />;
  }
  return (
    <section className="patient-page">
      <h1>{t('newOrder.title')}</h1>
      <Await loaded={loaded} what={t('newOrder.loading')}>
        {({ orderable, status, record, pharmacies }) => {
          if (orderable === null) {
            return (
              <p className="notice">
                {t('newOrder.nothingToOrder')} <Link to="/orders">{t('newOrder.seeOrders')}</Link>.
              </p>
            );
          }
          if (!orderable.ready) {
            return (
              <div className="notice">
                <p>{t('newOrder.notYet')}</p>
                <ul>
                  {forPatient(status.blockers).map((reason) => (
                    <li key={reason.code}>
                      {patientStep(reason, t).title} — {patientStep(reason, t).todo}
                    </li>
                  ))}
                </ul>
              </div>
            );
          }
          if (pharmacies.length === 0) {
            return <p className="notice">{t('newOrder.noPharmacy')}</p>;
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
