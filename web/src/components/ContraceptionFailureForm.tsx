// R-CON-7: report unprotected intercourse, a contraception failure or a late period — by the care
// team on the patient's page, or by the patient herself. What happened has no default: it must be
// chosen. The answer says what to do now and from when a negative test lets the next fill through.
// The patient reads it in her language (i18n/messages contraceptionFailure.*; the server's steps are
// the domain's fixed list, shown by their key when they are the known English words); the care team's
// side stays English.
import { useRef, useState } from 'react';
import { api } from '../api';
import { formatDate } from '../dates';
import { useWords } from '../i18n/I18n';
import { en, type MessageId } from '../i18n/messages/en';
import {
  FormProblem,
  isoDate,
  maxLength,
  notAfter,
  required,
  SelectField,
  SubmitButton,
  TextAreaField,
  TextField,
  useForm,
  worded,
  type Validator,
} from './forms';

export interface ReportedContraceptionFailure {
  id: string;
  reportedOn: string;
  kind: 'unprotectedIntercourse' | 'contraceptionFailure' | 'latePeriod';
  negativeTestCollectedFrom: string;
  steps: string[];
  reversedAuthorizations: string[];
}

const CARE_TEAM_KINDS = [
  ['', 'Choose what happened'],
  ['unprotectedIntercourse', 'Unprotected intercourse'],
  ['contraceptionFailure', 'Contraception failure (missed pills, broken condom, late injection…)'],
  ['latePeriod', 'Late or missed period'],
] as const;

/** The patient's choices, by key (contraceptionFailure.kind.*). */
const PATIENT_KINDS = [
  ['', 'contraceptionFailure.kind.choose'],
  ['unprotectedIntercourse', 'contraceptionFailure.kind.unprotectedIntercourse'],
  ['contraceptionFailure', 'contraceptionFailure.kind.contraceptionFailure'],
  ['latePeriod', 'contraceptionFailure.kind.latePeriod'],
] as const satisfies ReadonlyArray<readonly [string, MessageId]>;

/** The domain's steps (R-CON-7, CONTRACEPTION_FAILURE_STEPS), by key: in English word for word the server's (test/web/patientContent.test.ts). */
const CONTRACEPTION_FAILURE_STEP_KEYS = [
  'contraceptionFailure.step.stop',
  'contraceptionFailure.step.call',
  'contraceptionFailure.step.emergencyContraception',
  'contraceptionFailure.step.test',
] as const satisfies readonly MessageId[];

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
  const { t, date } = useWords();
  const patient = audience === 'patient';
  const needed: Validator = patient ? worded(required, t('common.required')) : required;
  const form = useForm(
    { reportedOn: today, kind: '', note: '' },
    {
      reportedOn: patient
        ? [needed, worded(isoDate, t('symptoms.realDate')), worded(notAfter(today), t('symptoms.notAfterToday'))]
        : [required, isoDate, notAfter(today)],
      kind: [needed],
      note: [patient ? worded(maxLength(2000), t('symptoms.atMost', { max: 2000 })) : maxLength(2000)],
    },
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
  const title = patient ? t('symptoms.contraceptionFailure') : 'Report a contraception failure';
  /** A step in the patient's language when it is one of the domain's known steps; else as the server wrote it. */
  const stepText = (step: string) => {
    const key = patient ? CONTRACEPTION_FAILURE_STEP_KEYS.find((candidate) => en[candidate] === step) : undefined;
    return key === undefined ? step : t(key);
  };
  return (
    <div className="contraception-failure">
      {answer === null ? null : (
        <div className={patient ? 'urgent-box' : 'problem'} role="alert">
          <h3 ref={result} tabIndex={-1}>
            {patient ? t('symptoms.whatToDoNow') : 'Reported: tell the patient'}
          </h3>
          <ol>
            {answer.steps.map((step) => (
              <li key={step}>{stepText(step)}</li>
            ))}
          </ol>
          {patient ? (
            <p>
              {t('contraceptionFailure.nextFill', { date: date(answer.negativeTestCollectedFrom) })}
              {answer.reversedAuthorizations.length > 0 ? ` ${t('contraceptionFailure.authorizationCancelled')}` : ''}
            </p>
          ) : (
            <p>
              The next fill waits for a negative pregnancy test collected on or after {formatDate(answer.negativeTestCollectedFrom)}.
              {answer.reversedAuthorizations.length > 0 ? ' The authorization waiting at the pharmacy was cancelled.' : ''}
            </p>
          )}
        </div>
      )}
      <form onSubmit={(event) => void form.submit(event)} noValidate aria-label={title}>
        {patient ? <p>{t('contraceptionFailure.lead')}</p> : null}
        <SelectField
          form={form}
          name="kind"
          label={patient ? t('contraceptionFailure.what') : 'What happened'}
          options={patient ? PATIENT_KINDS.map(([value, key]) => [value, t(key)] as const) : CARE_TEAM_KINDS}
        />
        <TextField form={form} name="reportedOn" label={patient ? t('contraceptionFailure.when') : 'Reported on'} type="date" max={today} />
        <TextAreaField form={form} name="note" label={patient ? t('contraceptionFailure.note') : 'Note (optional)'} />
        <FormProblem error={form.serverError} />
        <div>
          <SubmitButton busy={form.busy} busyText={patient ? t('symptoms.sending') : 'Sending…'}>
            {patient ? t('contraceptionFailure.send') : 'Report it'}
          </SubmitButton>
        </div>
      </form>
    </div>
  );
}
