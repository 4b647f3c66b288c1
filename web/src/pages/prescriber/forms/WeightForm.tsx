// Body weight (kg or lb, stored in kg): the cumulative dose per kg is counted from it. A weight
// outside the plausible range for the patient's age (most often pounds typed as kilograms) is
// refused by the server with the range; the form then asks "Yes, the weight is right" before
// storing it as typed.
import { useState } from 'react';
import { api, ApiError } from '../../../api';
import {
  CheckboxField,
  FormProblem,
  isoDate,
  notAfter,
  required,
  SelectField,
  SubmitButton,
  TextField,
  useForm,
  type Validator,
} from '../../../components/forms';
import { formatDate } from '../../../dates';
import { Success, type RecordFormProps } from './common';

const positiveWeight: Validator = (value) => {
  if (value === '') {
    return undefined;
  }
  const number = Number(value);
  return Number.isFinite(number) && number > 0 && number <= 700 ? undefined : 'A weight above 0 and at most 700.';
};

export function WeightForm({ patientId, today, onRecorded }: RecordFormProps) {
  const [done, setDone] = useState<string | null>(null);
  /** The weight (value and unit) the server found implausible: the confirmation applies to it alone. */
  const [implausible, setImplausible] = useState<{ entry: string; message: string } | null>(null);
  const form = useForm(
    { measuredOn: today, value: '', unit: 'kg', confirmed: 'false' },
    { measuredOn: [required, isoDate, notAfter(today)], value: [required, positiveWeight], unit: [required] },
    async (input, { set, reset }) => {
      setDone(null);
      const entry = `${input.value} ${input.unit}`;
      const confirming = implausible?.entry === entry && input.confirmed === 'true';
      try {
        await api.post(`/patients/${patientId}/weights`, {
          measuredOn: input.measuredOn,
          value: Number(input.value),
          unit: input.unit,
          ...(confirming ? { confirmedImplausible: true } : {}),
        });
      } catch (error) {
        const reason = error instanceof ApiError ? error.problem.reasons?.find((candidate) => candidate.code === 'WEIGHT_IMPLAUSIBLE') : undefined;
        if (reason !== undefined) {
          setImplausible({ entry, message: reason.message });
          set('confirmed', 'false');
          return;
        }
        throw error;
      }
      setImplausible(null);
      setDone(`Weight ${entry} on ${formatDate(input.measuredOn)} recorded.`);
      reset();
      onRecorded();
    },
  );
  const warned = implausible !== null && implausible.entry === `${form.values.value} ${form.values.unit}`;
  return (
    <form onSubmit={(event) => void form.submit(event)} noValidate aria-label="Record a weight">
      <TextField form={form} name="measuredOn" label="Measured on" type="date" max={today} />
      <div className="rx-form-row">
        <TextField form={form} name="value" label="Weight" inputMode="decimal" />
        <SelectField
          form={form}
          name="unit"
          label="Unit"
          options={[
            ['kg', 'kg'],
            ['lb', 'lb'],
          ]}
        />
      </div>
      {warned ? (
        <div className="problem" role="alert">
          <p className="problem-title">Check the weight</p>
          <p>{implausible.message}</p>
          <CheckboxField form={form} name="confirmed" label="Yes, the weight is right" />
        </div>
      ) : null}
      <FormProblem error={form.serverError} />
      <div>
        <SubmitButton busy={form.busy}>{warned && form.values.confirmed === 'true' ? 'Record this weight' : 'Record the weight'}</SubmitButton>
      </div>
      <Success>{done}</Success>
    </form>
  );
}
