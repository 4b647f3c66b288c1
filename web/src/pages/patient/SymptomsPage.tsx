// The symptom log (§4.4): the patient ticks what they have and how bad it is; the answer says what
// to do now — warning signs come back with "stop and call" or "get emergency care", expected
// effects with self-care advice (POST /patients/{id}/symptom-reports; the care team is alerted).
import { useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api';
import type { RecordedSymptoms } from '../../apiTypes';
import { FormProblem, isoDate, maxLength, notAfter, required, SubmitButton, TextAreaField, TextField, useForm } from '../../components/forms';
import { formatDate, todayIn } from '../../dates';
import { useClinicTimeZone, useMe } from '../../session';
import { ALL_SYMPTOMS, EMERGENCY_SYMPTOMS, SEVERITIES, SYMPTOM_GROUPS, type SymptomSeverity } from './symptomList';
import { NotLinked } from './NotLinked';
import { ContraceptionFailureForm } from '../../components/ContraceptionFailureForm';
import { useLoad } from '../../components/status';
import './patient.css';

type Name = 'reportedOn' | 'entries' | 'note';
type Selection = Record<string, SymptomSeverity>;

function parseSelection(value: string): Selection {
  return value === '' ? {} : (JSON.parse(value) as Selection);
}

export function SymptomsPage() {
  const me = useMe();
  const timeZone = useClinicTimeZone();
  const today = todayIn(timeZone);
  const patientId = me.patientId;
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
      reportedOn: [required, isoDate, notAfter(today)],
      entries: [(value) => (Object.keys(parseSelection(value)).length === 0 ? 'Tick at least one symptom.' : undefined)],
      note: [maxLength(2000)],
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
    return <NotLinked title="Symptoms" />;
  }

  if (answer !== null) {
    // Urgent by the alert's severity the server gives (a red flag: stop and call, or emergency
    // care), not by the advice's words, which are in the reader's language.
    const urgent = answer.advice.filter((advice) => advice.severity === 'urgent').map((advice) => advice.text);
    const other = answer.advice.filter((advice) => advice.severity !== 'urgent').map((advice) => advice.text);
    return (
      <section className="patient-page">
        <h1>Symptoms</h1>
        {urgent.length === 0 ? null : (
          <div className="urgent-box" role="alert">
            <h2>What to do now</h2>
            {urgent.map((message) => (
              <p key={message}>{message}</p>
            ))}
          </div>
        )}
        <div className="success" role="status">
          <h2 ref={resultHeading} tabIndex={-1} className="result-heading">
            Logged for {formatDate(answer.reportedOn)}: {answer.entries.length} symptom{answer.entries.length === 1 ? '' : 's'}. Your care team can see it.
          </h2>
        </div>
        {other.length === 0 ? null : (
          <>
            <h2>{urgent.length === 0 ? 'What to do' : 'Also'}</h2>
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
            Log more symptoms
          </button>
          <Link className="button" to="/learn#message-12">
            About common side effects
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
      <h1>Log symptoms</h1>
      <p className="lead">Tick anything you have noticed and say how bad it is. Your care team sees what you log, and you get advice at once.</p>
      <div className="urgent-box compact">
        <p>
          <strong>In an emergency do not wait:</strong> call <a href="tel:911">911</a>. For thoughts of hurting yourself, call or text <a href="tel:988">988</a>
          .
        </p>
      </div>
      {canGetPregnant ? (
        <section className="card" aria-labelledby="contraception-failure-title">
          <h2 id="contraception-failure-title">Had sex without protection, or did your birth control fail?</h2>
          <ContraceptionFailureForm patientId={patientId} today={today} audience="patient" />
        </section>
      ) : null}
      <form onSubmit={(event) => void form.submit(event)} noValidate aria-label="Log symptoms" className="symptoms-form">
        <TextField form={form} name="reportedOn" label="When did you notice them?" type="date" max={today} />
        <div className={`symptom-groups${entriesError === undefined ? '' : ' field-invalid'}`}>
          {SYMPTOM_GROUPS.map((group) => (
            <fieldset key={group.title} className="symptom-group">
              <legend>{group.title}</legend>
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
                        <label htmlFor={boxId}>{symptom.label}</label>
                      </div>
                      {checked ? (
                        <div className="severity">
                          <label htmlFor={`${boxId}-severity`}>
                            How bad<span className="visually-hidden"> is “{symptom.label}”</span>?
                          </label>
                          <select
                            id={`${boxId}-severity`}
                            value={selection[symptom.code]}
                            onChange={(event) => {
                              setSeverity(symptom.code, event.target.value as SymptomSeverity);
                            }}
                          >
                            {SEVERITIES.map(([value, text]) => (
                              <option key={value} value={value}>
                                {text}
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
              {error.message}
            </p>
          ))}
        </div>
        {suicidal ? (
          <div className="crisis" role="alert">
            <p className="crisis-title">If you are having thoughts of hurting yourself, please get help now.</p>
            <p>
              Call or text <a href="tel:988">988</a> (free, any time). If you are in danger right now, call <a href="tel:911">911</a>. When you send this log,
              your care team is alerted at once.
            </p>
          </div>
        ) : null}
        {emergency.length === 0 ? null : (
          <div className="urgent-box" role="alert">
            <p>
              <strong>
                {emergency.map((code) => ALL_SYMPTOMS.find((symptom) => symptom.code === code)?.label).join(', ')}: if it is severe or getting worse, get
                emergency care now (call 911).
              </strong>{' '}
              Then send this log so your care team knows.
            </p>
          </div>
        )}
        <TextAreaField form={form} name="note" label="Anything else to tell your care team? (optional)" />
        <FormProblem error={form.serverError} />
        <p className="hint" aria-live="polite">
          {chosen.length === 0 ? 'No symptom ticked yet.' : `${chosen.length} symptom${chosen.length === 1 ? '' : 's'} ticked.`}
        </p>
        <SubmitButton busy={form.busy} busyText="Sending…">
          Send to my care team
        </SubmitButton>
      </form>
    </section>
  );
}
