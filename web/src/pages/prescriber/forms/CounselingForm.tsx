// The prescriber confirms this visit's counseling (R-CNS-1, R-CNS-2). Delegates cannot.
import { useState } from 'react';
import { api } from '../../../api';
import { FormProblem, isoDate, notAfter, required, SelectField, SubmitButton, TextField, useForm } from '../../../components/forms';
import { formatDate } from '../../../dates';
import { Success, type RecordFormProps } from './common';

export function CounselingForm({ patientId, today, onRecorded }: RecordFormProps) {
  const [done, setDone] = useState<string | null>(null);
  const form = useForm(
    { counseledOn: today, modality: 'inPerson' },
    { counseledOn: [required, isoDate, notAfter(today)], modality: [required] },
    async (input, { reset }) => {
      setDone(null);
      await api.post(`/patients/${patientId}/counselings`, input);
      setDone(`Counseling confirmed for the visit of ${formatDate(input.counseledOn)}.`);
      reset();
      onRecorded();
    },
  );
  return (
    <form onSubmit={(event) => void form.submit(event)} noValidate aria-label="Confirm counseling">
      <p className="hint">I counseled the patient on the risks, contraception and psychiatric warning signs at this visit.</p>
      <TextField form={form} name="counseledOn" label="Visit date" type="date" max={today} />
      <SelectField
        form={form}
        name="modality"
        label="Visit"
        options={[
          ['inPerson', 'In person'],
          ['telehealth', 'Telehealth'],
        ]}
      />
      <FormProblem error={form.serverError} />
      <div>
        <SubmitButton busy={form.busy}>Confirm counseling</SubmitButton>
      </div>
      <Success>{done}</Success>
    </form>
  );
}
