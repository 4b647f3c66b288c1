// A new one-time activation link for the patient's own log-in, when the first one expired or was
// lost (POST /patients/{id}/account-activations). The server refuses once she has chosen her
// password, or when she has no log-in: its words are shown as they are.
import { useState } from 'react';
import { api } from '../../../api';
import type { EnrolledPatient } from '../../../apiTypes';
import { FormProblem, SubmitButton, useForm } from '../../../components/forms';
import { formatDate } from '../../../dates';

export function ActivationLinkForm({ patientId }: { patientId: string }) {
  const [activation, setActivation] = useState<NonNullable<EnrolledPatient['activation']> | null>(null);
  const form = useForm({}, {}, async () => {
    const issued = await api.post<{ activation: NonNullable<EnrolledPatient['activation']> }>(`/patients/${patientId}/account-activations`);
    setActivation(issued.activation);
  });
  const link = activation === null ? null : `${window.location.origin}${activation.path}`;
  return (
    <form onSubmit={(event) => void form.submit(event)} noValidate aria-label="A new activation link">
      <p className="hint">For a patient whose activation link expired or was lost, before she has chosen her password. The earlier link stops working.</p>
      <FormProblem error={form.serverError} />
      <div role="status">
        {activation === null || link === null ? null : (
          <div className="success">
            <p>
              Works once, until {formatDate(activation.expiresAt.slice(0, 10))}.{' '}
              {activation.emailed ? 'It was also emailed to her.' : 'Give it to her now: it is shown only once.'}
            </p>
            <p className="activation-link">
              <a href={link}>{link}</a>
            </p>
          </div>
        )}
      </div>
      <div>
        <SubmitButton busy={form.busy} busyText="Creating…">
          Create a new activation link
        </SubmitButton>
      </div>
    </form>
  );
}
