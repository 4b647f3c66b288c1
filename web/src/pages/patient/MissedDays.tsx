// The patient tells her care team about days she did not take her capsules (issue 12 item 7). It
// is a report: it counts toward her course (and moves her expected end) once her care team has
// confirmed it, and until then she sees it as waiting for them.
import { useState } from 'react';
import { api } from '../../api';
import type { ClinicalReviewForPatient } from '../../apiTypes';
import { FormProblem, isoDate, maxLength, SubmitButton, TextAreaField, TextField, useForm, worded } from '../../components/forms';
import { useWords } from '../../i18n/I18n';
import type { MessageId } from '../../i18n/messages/en';

type Report = ClinicalReviewForPatient['missedDoseReports'][number];

const STATUS_WORDS: Record<Report['status'], MessageId> = {
  awaitingCareTeam: 'missed.awaiting',
  counted: 'missed.counted',
  declined: 'missed.declined',
};

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
  const { t, date } = useWords();
  const required = (value: string) => (value.trim() === '' ? t('common.required') : undefined);
  const days = (report: Report) => (report.from === report.to ? date(report.from) : t('course.fromTo', { from: date(report.from), to: date(report.to) }));
  const form = useForm(
    { from: today, to: today, reason: '' },
    {
      from: [required, worded(isoDate, t('common.realDate'))],
      to: [required, worded(isoDate, t('common.realDate'))],
      reason: [worded(maxLength(500), t('common.atMost', { length: 500 }))],
    },
    async (input, { reset }) => {
      setDone(null);
      await api.post(`/patients/${patientId}/missed-doses`, {
        from: input.from,
        to: input.to,
        ...(input.reason.trim() === '' ? {} : { reason: input.reason.trim() }),
      });
      setDone(t('missed.sent'));
      reset();
      onReported();
    },
  );
  return (
    <div className="card">
      <h2>{t('missed.title')}</h2>
      <p>{t('missed.lead')}</p>
      {reports.length === 0 ? null : (
        <ul className="missed-days">
          {reports.map((report) => (
            <li key={report.id}>
              {days(report)}:{' '}
              <span className={`badge ${report.status === 'awaitingCareTeam' ? 'badge-warning' : 'badge-neutral'}`}>{t(STATUS_WORDS[report.status])}</span>
              {report.note === null ? null : <span className="hint"> · {report.note}</span>}
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={(event) => void form.submit(event)} noValidate aria-label={t('missed.form')}>
        <TextField form={form} name="from" label={t('missed.from')} type="date" />
        <TextField form={form} name="to" label={t('missed.to')} type="date" />
        <TextAreaField form={form} name="reason" label={t('missed.why')} rows={2} />
        <FormProblem error={form.serverError} />
        <div role="status">{done === null ? null : <p className="success">{done}</p>}</div>
        <SubmitButton busy={form.busy} busyText={t('mood.sending')}>
          {t('missed.submit')}
        </SubmitButton>
      </form>
    </div>
  );
}
