// The symptom log (§4.4): the patient ticks what they have and how bad it is; the answer says what
// to do now — warning signs come back with "stop and call" or "get emergency care", expected
// effects with self-care advice (POST /patients/{id}/symptom-reports; the care team is alerted).
// In the patient's language: the words are i18n/messages symptoms.*, the advice chosen by its alert's
// code and symptom (symptomList.ts adviceText), the dates in her locale.
import { useRef, useState, type ReactElement, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api';
import type { FieldError } from '../../api';
import type { RecordedSymptoms } from '../../apiTypes';
import { FormProblem, isoDate, maxLength, notAfter, SubmitButton, TextAreaField, TextField, useForm, worded } from '../../components/forms';
import { todayIn } from '../../dates';
import { useWords, type Words } from '../../i18n/I18n';
import { useClinicTimeZone, useMe } from '../../session';
import {
  adviceText,
  ALL_SYMPTOMS,
  EMERGENCY_SYMPTOMS,
  groupTitle,
  SEVERITIES,
  severityWords,
  SYMPTOM_GROUPS,
  symptomName,
  type SymptomSeverity,
} from './symptomList';
import { NotLinked } from './NotLinked';
import { ContraceptionFailureForm } from '../../components/ContraceptionFailureForm';
import { useLoad } from '../../components/status';
import './patient.css';

type Name = 'reportedOn' | 'entries' | 'note';
type Selection = Record<string, SymptomSeverity>;

const NOTE_MAX = 2000;

/** A telephone link inside a sentence (the number is the message's own text). */
const tel =
  (number: string) =>
  (chunks: ReactNode[]): ReactElement => <a href={`tel:${number}`}>{chunks}</a>;
const strong = (chunks: ReactNode[]): ReactElement => <strong>{chunks}</strong>;

/** The server's refusal of one logged entry, in the reader's words when its code is known (the page sends only known symptoms and severities, so it is rare). */
function entryError(error: FieldError, t: Words['t']): string {
  const entry = /^entries\/(\d+)\//.exec(error.field);
  const n = entry === null ? null : Number(entry[1]) + 1;
  if (n !== null && error.code === 'UNKNOWN_SYMPTOM') {
    return t('symptoms.error.unknownSymptom', { n });
  }
  if (n !== null && error.code === 'INVALID_SEVERITY') {
    return t('symptoms.error.invalidSeverity', { n });
  }
  return error.message;
}

function parseSelection(value: string): Selection {
  return value === '' ? {} : (JSON.parse(value) as Selection);
}

export function SymptomsPage() {
  const me = useMe();
  const timeZone = useClinicTimeZone();
  const today = todayIn(timeZone);
  const patientId = me.patientId;
  const { t, rich, date } = useWords();
  const [answer, setAnswer] = useState<RecordedSymptoms | null>(null);
  const resultHeading = useRef<HTMLHeadingElement>(null);
  // R-CON-7 is for a patient who can get pregnant: her category decides whether the form is shown.
  const status = useLoad(
    () => (patientId === null ? Promise.resolve(null) : api.get<{ category: string | null }>(`/patients/${patientId}/status`)),
    [patientId],
  );
  const canGetPregnant = status.data?.category === 'PCGP';

  const form = useForm<Name>(
    { reportedOn: today, entries: '', note: '' },
    {
      reportedOn: [
        (value) => (value.trim() === '' ? t('common.required') : undefined),
        worded(isoDate, t('symptoms.realDate')),
        worded(notAfter(today), t('symptoms.notAfterToday')),
      ],
      entries: [(value) => (Object.keys(parseSelection(value)).length === 0 ? t('symptoms.tickOne') : undefined)],
      note: [worded(maxLength(NOTE_MAX), t('symptoms.atMost', { max: NOTE_MAX }))],
    },
    async (values) => {
      const selection = parseSelection(values.entries);
      const entries = ALL_SYMPTOMS.filter((symptom) => selection[symptom.code] !== undefined).map((symptom) => ({
        symptom: symptom.code,
        severity: selection[symptom.code] as SymptomSeverity,
      }));
      const note = values.note.trim();
      const recorded = await api.post<RecordedSymptoms>(`/patients/${patientId}/symptom-reports`, {
        reportedOn: values.reportedOn,
        entries,
        ...(note === '' ? {} : { note }),
      });
      setAnswer(recorded);
      requestAnimationFrame(() => resultHeading.current?.focus());
    },
  );

  if (patientId === null) {
    return <NotLinked title={t('symptoms.title')} />;
  }

  if (answer !== null) {
    // Urgent by the alert's severity the server gives (a red flag: stop and call, or emergency
    // care), not by the advice's words, which are in the reader's language.
    const urgent = answer.advice.filter((advice) => advice.severity === 'urgent').map((advice) => adviceText(advice, t));
    const other = answer.advice.filter((advice) => advice.severity !== 'urgent').map((advice) => adviceText(advice, t));
    return (
      <section className="patient-page">
        <h1>{t('symptoms.title')}</h1>
        {urgent.length === 0 ? null : (
          <div className="urgent-box" role="alert">
            <h2>{t('symptoms.whatToDoNow')}</h2>
            {urgent.map((message) => (
              <p key={message}>{message}</p>
            ))}
          </div>
        )}
        <div className="success" role="status">
          <h2 ref={resultHeading} tabIndex={-1} className="result-heading">
            {t('symptoms.logged', { date: date(answer.reportedOn), count: answer.entries.length })}
          </h2>
        </div>
        {other.length === 0 ? null : (
          <>
            <h2>{urgent.length === 0 ? t('symptoms.whatToDo') : t('symptoms.also')}</h2>
            <ul className="plain-list advice">
              {other.map((message) => (
                <li key={message} className="card">
                  {message}
                </li>
              ))}
            </ul>
          </>
        )}
        <div className="button-row">
          <button
            type="button"
            className="primary"
            onClick={() => {
              form.reset();
              setAnswer(null);
            }}
          >
            {t('symptoms.logMore')}
          </button>
          <Link className="button" to="/learn#message-12">
            {t('symptoms.aboutSideEffects')}
          </Link>
        </div>
      </section>
    );
  }

  const selection = parseSelection(form.values.entries);
  const chosen = Object.keys(selection);
  const entriesError = form.error('entries');
  const entryServerErrors = (form.serverError?.problem.errors ?? []).filter((error) => error.field.startsWith('entries/'));
  const emergency = chosen.filter((code) => EMERGENCY_SYMPTOMS.has(code));
  const suicidal = chosen.includes('suicidalThoughts');

  function toggle(code: string, on: boolean): void {
    const { [code]: _previous, ...others } = selection;
    const next = on ? { ...selection, [code]: 'mild' } : others;
    form.set('entries', Object.keys(next).length === 0 ? '' : JSON.stringify(next));
    form.touch('entries');
  }

  function setSeverity(code: string, severity: SymptomSeverity): void {
    form.set('entries', JSON.stringify({ ...selection, [code]: severity }));
  }

  return (
    <section className="patient-page">
      <h1>{t('symptoms.logTitle')}</h1>
      <p className="lead">{t('symptoms.lead')}</p>
      <div className="urgent-box compact">
        <p>{rich('symptoms.emergency', { strong, tel911: tel('911'), tel988: tel('988') })}</p>
      </div>
      {canGetPregnant ? (
        <section className="card" aria-labelledby="contraception-failure-title">
          <h2 id="contraception-failure-title">{t('symptoms.contraceptionFailure')}</h2>
          <ContraceptionFailureForm patientId={patientId} today={today} audience="patient" />
        </section>
      ) : null}
      <form onSubmit={(event) => void form.submit(event)} noValidate aria-label={t('symptoms.logTitle')} className="symptoms-form">
        <TextField form={form} name="reportedOn" label={t('symptoms.when')} type="date" max={today} />
        <div className={`symptom-groups${entriesError === undefined ? '' : ' field-invalid'}`}>
          {SYMPTOM_GROUPS.map((group) => (
            <fieldset key={group.id} className="symptom-group">
              <legend>{groupTitle(group, t)}</legend>
              <ul className="plain-list">
                {group.symptoms.map((symptom) => {
                  const checked = selection[symptom.code] !== undefined;
                  const boxId = `symptom-${symptom.code}`;
                  return (
                    <li key={symptom.code} className={`symptom${checked ? ' symptom-on' : ''}`}>
                      <div className="checkbox-line">
                        <input
                          id={boxId}
                          type="checkbox"
                          checked={checked}
                          onChange={(event) => {
                            toggle(symptom.code, event.target.checked);
                          }}
                        />
                        <label htmlFor={boxId}>{symptomName(symptom.code, t)}</label>
                      </div>
                      {checked ? (
                        <div className="severity">
                          <label htmlFor={`${boxId}-severity`}>
                            {rich('symptoms.howBad', {
                              name: symptomName(symptom.code, t),
                              hidden: (chunks) => <span className="visually-hidden">{chunks}</span>,
                            })}
                          </label>
                          <select
                            id={`${boxId}-severity`}
                            value={selection[symptom.code]}
                            onChange={(event) => {
                              setSeverity(symptom.code, event.target.value as SymptomSeverity);
                            }}
                          >
                            {SEVERITIES.map((value) => (
                              <option key={value} value={value}>
                                {severityWords(value, t)}
                              </option>
                            ))}
                          </select>
                        </div>
                      ) : null}
                    </li>
                  );
                })}
              </ul>
            </fieldset>
          ))}
          {entriesError === undefined ? null : (
            <p className="field-error" role="alert">
              {entriesError}
            </p>
          )}
          {entryServerErrors.map((error) => (
            <p key={error.field} className="field-error" role="alert">
              {entryError(error, t)}
            </p>
          ))}
        </div>
        {suicidal ? (
          <div className="crisis" role="alert">
            <p className="crisis-title">{t('symptoms.crisisTitle')}</p>
            <p>{rich('symptoms.crisisCall', { tel988: tel('988'), tel911: tel('911') })}</p>
          </div>
        ) : null}
        {emergency.length === 0 ? null : (
          <div className="urgent-box" role="alert">
            <p>{rich('symptoms.emergencyNow', { strong, names: emergency.map((code) => symptomName(code, t)).join(', ') })}</p>
          </div>
        )}
        <TextAreaField form={form} name="note" label={t('symptoms.note')} />
        <FormProblem error={form.serverError} />
        <p className="hint" aria-live="polite">
          {t('symptoms.ticked', { count: chosen.length })}
        </p>
        <SubmitButton busy={form.busy} busyText={t('symptoms.sending')}>
          {t('symptoms.send')}
        </SubmitButton>
      </form>
    </section>
  );
}
