// The PHQ-9 mood check (§4.3): the nine standard items over the last two weeks, each 0–3. Any
// answer above "not at all" to the ninth (thoughts of death or self-harm) shows at once how to get
// help now — 988 — and, once sent, that the care team has been alerted (R-MOOD-1).
import { useRef, useState, type ReactElement, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api';
import type { RecordedPhq9 } from '../../apiTypes';
import { FormProblem, SubmitButton, useForm } from '../../components/forms';
import { todayIn } from '../../dates';
import { useWords } from '../../i18n/I18n';
import type { MessageId } from '../../i18n/messages/en';
import { useClinicTimeZone, useMe } from '../../session';
import { RadioGroup } from './fields';
import { NotLinked } from './NotLinked';
import './patient.css';

/** A mood check is suggested on the to-do list when the last one is this old. */
export const MOOD_CHECK_EVERY_DAYS = 28;

/** The nine standard items (their words per language: mood.item1 … mood.item9). */
const ITEMS = [1, 2, 3, 4, 5, 6, 7, 8, 9] as const;

/** The answers, 0–3 (mood.scale0 … mood.scale3). */
const SCALE_VALUES = ['0', '1', '2', '3'] as const;

const BANDS = ['minimal', 'mild', 'moderate', 'moderatelySevere', 'severe'] as const;

type Name = `answers/${number}`;
const NAMES = ITEMS.map((_, index): Name => `answers/${index}`);
const INITIAL = Object.fromEntries(NAMES.map((name) => [name, ''])) as Record<Name, string>;
const SELF_HARM: Name = 'answers/8';

/** A telephone link inside a sentence (the number is the message's own text). */
const tel =
  (number: string) =>
  (chunks: ReactNode[]): ReactElement => <a href={`tel:${number}`}>{chunks}</a>;

function CrisisHelp({ sent }: { sent: boolean }) {
  const { t, rich } = useWords();
  return (
    <div className="crisis" role="alert">
      <p className="crisis-title">{t('mood.crisisTitle')}</p>
      <p>{rich('mood.crisisCall', { tel988: tel('988'), tel911: tel('911') })}</p>
      <p>{sent ? t('mood.alerted') : t('mood.willAlert')}</p>
    </div>
  );
}

export function MoodPage() {
  const me = useMe();
  const timeZone = useClinicTimeZone();
  const patientId = me.patientId;
  const [answer, setAnswer] = useState<(RecordedPhq9 & { selfHarm: boolean }) | null>(null);
  const resultHeading = useRef<HTMLHeadingElement>(null);
  const { t, rich, date } = useWords();
  const required = (value: string) => (value.trim() === '' ? t('common.required') : undefined);
  const validators = Object.fromEntries(NAMES.map((name) => [name, [required]])) as Partial<Record<Name, Array<typeof required>>>;
  const scale = SCALE_VALUES.map((value) => [value, t(`mood.scale${value}` as MessageId)] as const);
  const form = useForm<Name>(INITIAL, validators, async (values) => {
    const answers = NAMES.map((name) => Number(values[name]));
    const recorded = await api.post<RecordedPhq9>(`/patients/${patientId}/phq9`, { answeredOn: todayIn(timeZone), answers });
    setAnswer({ ...recorded, selfHarm: (answers[8] ?? 0) > 0 });
    requestAnimationFrame(() => resultHeading.current?.focus());
  });

  if (patientId === null) {
    return <NotLinked title={t('mood.title')} />;
  }

  if (answer !== null) {
    const serverMessages = answer.messages.filter((message) => !message.includes('988'));
    return (
      <section className="patient-page">
        <h1>{t('mood.title')}</h1>
        {answer.selfHarm ? <CrisisHelp sent /> : null}
        <div className="success" role="status">
          <h2 ref={resultHeading} tabIndex={-1} className="result-heading">
            {t('mood.thanks', { date: date(answer.answeredOn) })}
          </h2>
          {answer.total === null ? null : (
            <p>
              {t('mood.score', {
                total: answer.total,
                band: BANDS.some((band) => band === answer.band) ? t(`mood.band.${answer.band ?? ''}` as MessageId) : (answer.band ?? ''),
              })}
              {answer.total >= 10 ? ` ${t('mood.willReview')}` : ''}
            </p>
          )}
        </div>
        {serverMessages.map((message) => (
          <p key={message} className="notice">
            {message}
          </p>
        ))}
        <p>
          {t('mood.canAffect')} <Link to="/learn#message-10">{t('mood.readMore')}</Link>
        </p>
        <div className="button-row">
          <Link className="button" to="/">
            {t('questions.backToList')}
          </Link>
          <button
            type="button"
            onClick={() => {
              form.reset();
              setAnswer(null);
            }}
          >
            {t('mood.again')}
          </button>
        </div>
      </section>
    );
  }

  const selfHarmAnswered = Number(form.values[SELF_HARM] || '0') > 0;
  return (
    <section className="patient-page">
      <h1>{t('mood.title')}</h1>
      <p className="lead">{t('mood.lead')}</p>
      <p className="hint">{rich('mood.hint988', { tel988: tel('988') })}</p>
      <form onSubmit={(event) => void form.submit(event)} noValidate aria-label={t('mood.form')} className="questions-form">
        {ITEMS.map((item, index) => {
          const name = NAMES[index] as Name;
          return (
            <RadioGroup
              key={name}
              form={form}
              name={name}
              className="scale-group"
              legend={
                <>
                  <span className="question-number">{item}.</span> {t(`mood.item${item}` as MessageId)}
                </>
              }
              options={scale}
            >
              {name === SELF_HARM && selfHarmAnswered ? <CrisisHelp sent={false} /> : null}
            </RadioGroup>
          );
        })}
        <FormProblem error={form.serverError} />
        <SubmitButton busy={form.busy} busyText={t('mood.sending')}>
          {t('mood.send')}
        </SubmitButton>
      </form>
    </section>
  );
}
