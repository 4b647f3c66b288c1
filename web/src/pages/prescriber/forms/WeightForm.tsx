// Body weight (kg or lb, stored in kg): the cumulative dose per kg is counted from it.
import { useState } from 'react';
import { api } from '../../../api';
import { FormProblem, isoDate, notAfter, required, SelectField, SubmitButton, TextField, useForm, type Validator } from '../../../components/forms';
import { formatDate } from '../../../dates';
import { Success, type RecordFormProps } from './common';

const positiveWeight: Validator = (value) => {
  if (value === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) && number > 0 && number <= 700 ? undefined : 'A weight above 0 and at most 700.';
};

export function WeightForm({ patientId, today, onRecorded }: RecordFormProps) {
  const [done, setDone] = useState<string | null>(null);
  const form = useForm(
    { measuredOn: today, value: '', unit: 'kg' },
    { measuredOn: [required, isoDate, notAfter(today)], value: [required, positiveWeight], unit: [required] },
    async (input) => {
      setDone(null);
      await api.post(`/patients/${patientId}/weights`, { measuredOn: input.measuredOn, value: Number(input.value), unit: input.unit });
      setDone(`Weight ${input.value} ${input.unit} on ${formatDate(input.measuredOn)} recorded.`);
      form.reset();
      onRecorded();
    },
  );
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
      <FormProblem error={form.serverError} />
      <div>
        <SubmitButton busy={form.busy}>Record the weight</SubmitButton>
      </div>
      <Success>{done}</Success>
    </form>
  );
}
