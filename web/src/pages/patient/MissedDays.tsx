// The patient tells her care team about days she did not take her capsules (issue 12 item 7). It
// is a report: it counts toward her course (and moves her expected end) once her care team has
// confirmed it, and until then she sees it as waiting for them.
import { useState } from 'react';
import { api } from '../../api';
import type { ClinicalReviewForPatient } from '../../apiTypes';
import { FormProblem, isoDate, maxLength, required, SubmitButton, TextAreaField, TextField, useForm } from '../../components/forms';
import { formatDate } from '../../dates';

type Report = ClinicalReviewForPatient['missedDoseReports'][number];

const STATUS_WORDS: Record<Report['status'], string> = {
  awaitingCareTeam: 'Waiting for your care team',
  counted: 'Confirmed by your care team',
  declined: 'Not counted by your care team',
};

const days = (report: Report) => (report.from === report.to ? formatDate(report.from) : `${formatDate(report.from)} to ${formatDate(report.to)}`);

export function MissedDays({
  patientId,
  today,
  reports,
  onReported,
}: {
  patientId: string;
  today: string;
  reports: readonly Report[];
  onReported: () => void;
}) {
  const [done, setDone] = useState<string | null>(null);
  const form = useForm(
    { from: today, to: today, reason: '' },
    { from: [required, isoDate], to: [required, isoDate], reason: [maxLength(500)] },
    async (input, { reset }) => {
      setDone(null);
      await api.post(`/patients/${patientId}/missed-doses`, {
        from: input.from,
        to: input.to,
        ...(input.reason.trim() === '' ? {} : { reason: input.reason.trim() }),
      });
      setDone('Sent to your care team. It counts in your course once they have confirmed it.');
      reset();
      onReported();
    },
  );
  return (
    <div className="card">
      <h2>Missed days</h2>
      <p>If you did not take your capsules on some days, tell your care team: once they confirm it, your expected end date moves later.</p>
      {reports.length === 0 ? null : (
        <ul className="missed-days">
          {reports.map((report) => (
            <li key={report.id}>
              {days(report)}:{' '}
              <span className={`badge ${report.status === 'awaitingCareTeam' ? 'badge-warning' : 'badge-neutral'}`}>{STATUS_WORDS[report.status]}</span>
              {report.note === null ? null : <span className="hint"> · {report.note}</span>}
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={(event) => void form.submit(event)} noValidate aria-label="Tell your care team about missed days">
        <TextField form={form} name="from" label="First missed day" type="date" />
        <TextField form={form} name="to" label="Last missed day" type="date" />
        <TextAreaField form={form} name="reason" label="Why (optional)" rows={2} />
        <FormProblem error={form.serverError} />
        <div role="status">{done === null ? null : <p className="success">{done}</p>}</div>
        <SubmitButton busy={form.busy} busyText="Sending…">
          Tell my care team
        </SubmitButton>
      </form>
    </div>
  );
}
