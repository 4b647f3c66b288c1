// A signed consent form (R-ENR-4): general for everyone, birth defects for PCGP, a guardian's for minors.
import { useState } from 'react';
import { api } from '../../../api';
import { FormProblem, isoDate, notAfter, required, SelectField, SubmitButton, TextField, useForm } from '../../../components/forms';
import { formatDate } from '../../../dates';
import { CONSENT_WORDS } from '../labels';
import { Success, type RecordFormProps } from './common';

export function ConsentForm({ patientId, today, onRecorded, missing }: RecordFormProps & { missing: readonly string[] }) {
  const [done, setDone] = useState<string | null>(null);
  const form = useForm(
    { kind: missing[0] ?? 'general', signedOn: today },
    { kind: [required], signedOn: [required, isoDate, notAfter(today)] },
    async (input, { reset }) => {
      setDone(null);
      await api.post(`/patients/${patientId}/consents`, input);
      setDone(`${CONSENT_WORDS[input.kind] ?? input.kind} signed on ${formatDate(input.signedOn)} recorded.`);
      reset();
      onRecorded();
    },
  );
  return (
    <form onSubmit={(event) => void form.submit(event)} noValidate aria-label="Record a consent">
      {missing.length > 0 ? <p className="hint">Not signed yet: {missing.map((kind) => CONSENT_WORDS[kind] ?? kind).join(', ')}.</p> : null}
      <SelectField form={form} name="kind" label="Consent" options={Object.entries(CONSENT_WORDS)} />
      <TextField form={form} name="signedOn" label="Signed on" type="date" max={today} />
      <FormProblem error={form.serverError} />
      <div>
        <SubmitButton busy={form.busy}>Record the consent</SubmitButton>
      </div>
      <Success>{done}</Success>
    </form>
  );
}
