// R-CON-7: report unprotected intercourse, a contraception failure or a late period — by the care
// team on the patient's page, or by the patient herself. What happened has no default: it must be
// chosen. The answer says what to do now and from when a negative test lets the next fill through.
import { useRef, useState } from 'react';
import { api } from '../api';
import { formatDate } from '../dates';
import { FormProblem, isoDate, maxLength, notAfter, required, SelectField, SubmitButton, TextAreaField, TextField, useForm } from './forms';

export interface ReportedContraceptionFailure {
  id: string;
  reportedOn: string;
  kind: 'unprotectedIntercourse' | 'contraceptionFailure' | 'latePeriod';
  negativeTestCollectedFrom: string;
  steps: string[];
  reversedAuthorizations: string[];
}

const KINDS = {
  careTeam: [
    ['', 'Choose what happened'],
    ['unprotectedIntercourse', 'Unprotected intercourse'],
    ['contraceptionFailure', 'Contraception failure (missed pills, broken condom, late injection…)'],
    ['latePeriod', 'Late or missed period'],
  ],
  patient: [
    ['', 'Choose what happened'],
    ['unprotectedIntercourse', 'I had sex without protection'],
    ['contraceptionFailure', 'My birth control failed (missed pills, a broken condom, a late shot…)'],
    ['latePeriod', 'My period is late or did not come'],
  ],
} as const;

export function ContraceptionFailureForm({
  patientId,
  today,
  audience,
  onRecorded,
}: {
  patientId: string;
  today: string;
  audience: 'careTeam' | 'patient';
  onRecorded?: () => void;
}) {
  const [answer, setAnswer] = useState<ReportedContraceptionFailure | null>(null);
  const result = useRef<HTMLHeadingElement>(null);
  const form = useForm(
    { reportedOn: today, kind: '', note: '' },
    { reportedOn: [required, isoDate, notAfter(today)], kind: [required], note: [maxLength(2000)] },
    async (input, { reset }) => {
      const note = input.note.trim();
      const reported = await api.post<ReportedContraceptionFailure>(`/patients/${patientId}/contraception-failures`, {
        reportedOn: input.reportedOn,
        kind: input.kind,
        ...(note === '' ? {} : { note }),
      });
      setAnswer(reported);
      reset();
      onRecorded?.();
      requestAnimationFrame(() => result.current?.focus());
    },
  );
  const title = audience === 'patient' ? 'Had sex without protection, or did your birth control fail?' : 'Report a contraception failure';
  return (
    <div className="contraception-failure">
      {answer === null ? null : (
        <div className={audience === 'patient' ? 'urgent-box' : 'problem'} role="alert">
          <h3 ref={result} tabIndex={-1}>
            {audience === 'patient' ? 'What to do now' : 'Reported: tell the patient'}
          </h3>
          <ol>
            {answer.steps.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ol>
          <p>
            The next fill waits for a negative pregnancy test collected on or after {formatDate(answer.negativeTestCollectedFrom)}.
            {answer.reversedAuthorizations.length > 0 ? ' The authorization waiting at the pharmacy was cancelled.' : ''}
          </p>
        </div>
      )}
      <form onSubmit={(event) => void form.submit(event)} noValidate aria-label={title}>
        {audience === 'patient' ? (
          <p>Tell your care team here, then stop the capsules and call your prescriber today. Emergency contraception works best the sooner it is taken.</p>
        ) : null}
        <SelectField form={form} name="kind" label="What happened" options={KINDS[audience]} />
        <TextField form={form} name="reportedOn" label={audience === 'patient' ? 'When did it happen?' : 'Reported on'} type="date" max={today} />
        <TextAreaField form={form} name="note" label="Note (optional)" />
        <FormProblem error={form.serverError} />
        <div>
          <SubmitButton busy={form.busy} busyText="Sending…">
            {audience === 'patient' ? 'Tell my care team' : 'Report it'}
          </SubmitButton>
        </div>
      </form>
    </div>
  );
}
