// The prescriber writes this month's prescription (≤ 30 days, no refills: R-RX-1, R-RX-2) and sees
// at once whether it can be filled: "Ready to fill until <date>", or the reasons it cannot yet,
// each with the date it clears (the status fetched again after the prescription was stored).
import { useState } from 'react';
import { api } from '../../../api';
import type { Prescription, ProgramStatus, WrittenPrescription } from '../../../apiTypes';
import {
  FormProblem,
  isoDate,
  notAfter,
  required,
  SelectField,
  SubmitButton,
  TextField,
  useForm,
  wholeNumberBetween,
  type CrossFieldValidator,
} from '../../../components/forms';
import { ReasonList } from '../../../components/reasons';
import { formatDate } from '../../../dates';
import { FillVerdict } from '../FillStatus';
import { PRODUCT_OPTIONS } from '../../../labels';
import { PRODUCT_STRENGTHS_MG, productLine } from '../labels';
import { optional, Success, type RecordFormProps } from './common';
import { PrescriptionPreview } from './PrescriptionPreview';
import { certifiesNonPregnancy } from '../programFixes';

type Field = 'writtenOn' | 'product' | 'strengthMg' | 'capsulesPerDay' | 'daysSupply' | 'quantity' | 'refills' | 'certifiedOn';

interface Outcome {
  line: string;
  writtenOn: string;
  written: WrittenPrescription;
  status: ProgramStatus | null;
}

const MAX_DAYS_SUPPLY = 30;

export function PrescriptionForm({
  patientId,
  today,
  onRecorded,
  last,
  product,
  programKey,
}: RecordFormProps & {
  last: Prescription | undefined;
  product: string | null;
  /** The rule set's key today (the status's ruleSet): Italy's adds the day she was certified not pregnant. */
  programKey?: string;
}) {
  const certifies = certifiesNonPregnancy(programKey);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const startProduct = last?.product ?? product ?? 'isotretinoinGeneric';
  const strengths = (name: string) => PRODUCT_STRENGTHS_MG[name] ?? [];

  const strengthOfProduct: CrossFieldValidator<Field> = (value, values) =>
    value === '' || strengths(values.product).includes(Number(value)) ? undefined : 'Choose a strength this product comes in.';
  const quantityFits: CrossFieldValidator<Field> = (value, values) => {
    if (value === '') {
      return undefined;
    }
    const most = Number(values.capsulesPerDay) * Number(values.daysSupply);
    return Number.isFinite(most) && most > 0 && Number(value) > most ? `At most ${most} capsules (capsules a day × days).` : undefined;
  };

  const form = useForm<Field>(
    {
      writtenOn: today,
      product: startProduct,
      strengthMg: String(last?.strengthMg ?? strengths(startProduct)[0] ?? ''),
      capsulesPerDay: String(last?.capsulesPerDay ?? 1),
      daysSupply: String(Math.min(last?.daysSupply ?? MAX_DAYS_SUPPLY, MAX_DAYS_SUPPLY)),
      quantity: '',
      refills: '0',
      // Optional and never pre-filled: a certification is the prescriber's own clinical act.
      certifiedOn: '',
    },
    {
      writtenOn: [required, isoDate, notAfter(today)],
      product: [required],
      strengthMg: [required, strengthOfProduct],
      capsulesPerDay: [required, wholeNumberBetween(1, 10)],
      daysSupply: [required, wholeNumberBetween(1, MAX_DAYS_SUPPLY, `A prescription covers 1 to ${MAX_DAYS_SUPPLY} days (R-RX-1).`)],
      quantity: [wholeNumberBetween(1, 1000), quantityFits],
      refills: [required, wholeNumberBetween(0, 0, 'No refills: every month needs a new prescription (R-RX-2).')],
      certifiedOn: [
        isoDate,
        notAfter(today),
        (value, values) => (value !== '' && value > values.writtenOn ? 'On or before the prescription date.' : undefined),
      ],
    },
    async (input, { reset }) => {
      setOutcome(null);
      const capsulesPerDay = Number(input.capsulesPerDay);
      const daysSupply = Number(input.daysSupply);
      const body = {
        writtenOn: input.writtenOn,
        product: input.product,
        strengthMg: Number(input.strengthMg),
        capsulesPerDay,
        daysSupply,
        quantity: optional(input.quantity, Number) ?? capsulesPerDay * daysSupply,
        refills: Number(input.refills),
        ...(certifies && input.certifiedOn !== '' ? { certifiedOn: input.certifiedOn } : {}),
      };
      const written = await api.post<WrittenPrescription>(`/patients/${patientId}/prescriptions`, body);
      // The status as it stands now that the prescription is stored: what still blocks the fill.
      const status = await api.get<ProgramStatus>(`/patients/${patientId}/status`).catch(() => null);
      setOutcome({ line: productLine(body), writtenOn: body.writtenOn, written, status });
      reset();
      onRecorded();
    },
  );
  const daily = Number(form.values.strengthMg) * Number(form.values.capsulesPerDay);
  const quantityDefault = Number(form.values.capsulesPerDay) * Number(form.values.daysSupply);

  return (
    <form onSubmit={(event) => void form.submit(event)} noValidate aria-label="Write a prescription">
      <TextField form={form} name="writtenOn" label="Written on" type="date" max={today} />
      {certifies ? (
        <TextField
          form={form}
          name="certifiedOn"
          label="Certified not pregnant on (optional)"
          type="date"
          max={today}
          hint="Italy: the day you certified she is not pregnant, on or before the prescription date."
        />
      ) : null}
      <SelectField
        form={form}
        name="product"
        label="Product"
        options={PRODUCT_OPTIONS}
        hint="Absorica, Absorica LD and the generics are not interchangeable (R-RX-5)."
        onChange={(event) => {
          const next = event.target.value;
          form.set('product', next);
          if (!strengths(next).includes(Number(form.values.strengthMg))) {
            form.set('strengthMg', String(strengths(next)[0] ?? ''));
          }
        }}
      />
      <div className="rx-form-row">
        <SelectField
          form={form}
          name="strengthMg"
          label="Capsule strength"
          options={strengths(form.values.product).map((mg) => [String(mg), `${mg} mg`] as const)}
        />
        <TextField form={form} name="capsulesPerDay" label="Capsules a day" inputMode="numeric" />
      </div>
      <div className="rx-form-row">
        <TextField form={form} name="daysSupply" label="Days' supply" inputMode="numeric" hint={`At most ${MAX_DAYS_SUPPLY}.`} />
        <TextField
          form={form}
          name="quantity"
          label="Capsules (quantity)"
          inputMode="numeric"
          hint={Number.isFinite(quantityDefault) && quantityDefault > 0 ? `Leave empty for ${quantityDefault}.` : undefined}
        />
      </div>
      <TextField form={form} name="refills" label="Refills" inputMode="numeric" hint="Always 0." />
      {Number.isFinite(daily) && daily > 0 ? (
        <PrescriptionPreview
          patientId={patientId}
          terms={{
            product: form.values.product,
            strengthMg: form.values.strengthMg,
            capsulesPerDay: form.values.capsulesPerDay,
            daysSupply: form.values.daysSupply,
          }}
        />
      ) : null}
      <FormProblem error={form.serverError} />
      <div>
        <SubmitButton busy={form.busy} busyText="Writing…">
          Write the prescription
        </SubmitButton>
      </div>
      <Success>
        {outcome === null ? null : (
          <div className="rx-prescription-outcome">
            <p>
              Prescription of {formatDate(outcome.writtenOn)} recorded: {outcome.line}.
            </p>
            {outcome.status !== null ? (
              <FillVerdict
                status={outcome.status}
                blockers={
                  outcome.written.fillability.allowed
                    ? []
                    : outcome.written.fillability.reasons.length > 0
                      ? outcome.written.fillability.reasons
                      : outcome.status.blockers
                }
                readyUntil={outcome.written.fillability.doNotDispenseAfter ?? null}
              />
            ) : outcome.written.fillability.allowed ? (
              <p className="rx-verdict-title">
                Ready to fill{outcome.written.fillability.doNotDispenseAfter ? ` until ${formatDate(outcome.written.fillability.doNotDispenseAfter)}` : ''}.
              </p>
            ) : (
              <ReasonList reasons={outcome.written.fillability.reasons} />
            )}
            <ReasonList reasons={[...outcome.written.fillability.warnings, ...outcome.written.interactionWarnings]} tone="warning" />
          </div>
        )}
      </Success>
    </form>
  );
}
