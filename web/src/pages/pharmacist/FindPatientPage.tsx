// The pharmacist's counter: find the patient by program identifier AND date of birth (§1.1),
// request the authorization for a prescription (R-AUTH-1), then record the REMS system's answer,
// dispense by the "do not dispense after" date, or reverse (R-AUTH-2). Every "no" comes with the
// program's reasons, what fixes each one and by when.
import { useEffect, useRef, useState } from 'react';
import { useLocation, useSearchParams } from 'react-router-dom';
import { api, ApiError, asApiError } from '../../api';
import type { AuthorizationAnswer, PharmacyPatient, WaitingFill } from '../../apiTypes';
import { FormProblem, isoDate, notAfter, required, SubmitButton, TextField, useForm } from '../../components/forms';
import { ReasonList } from '../../components/reasons';
import { StateBadge } from '../../components/stateWords';
import { LoadFailed } from '../../components/status';
import { formatDate, todayIn } from '../../dates';
import { useClinicTimeZone } from '../../session';
import { AuthorizationPanel, ReversalForm, type Identification } from './AuthorizationPanel';
import { ChecklistDispenseForm } from './ChecklistDispenseForm';
import { isUsAuthorization, lastDayWords } from './checklist';
import { useIdempotentSend } from './idempotency';
import { Refusal } from './Refusal';
import { prescriptionTerms } from './labels';
import { dispensedWords, NextFillNeeds } from './verdict';
import './pharmacist.css';

/** Ten letters or digits; spaces, dashes and lower case as typed are fine (the server normalises them, in one place). */
const PROGRAM_ID = /^[\s-]*(?:[A-Za-z0-9][\s-]*){10}$/;

/** The lookup's query-string errors ('querystring.programId') belong to the form's fields. */
function onFormFields(error: unknown): unknown {
  if (!(error instanceof ApiError) || error.problem.errors === undefined) {
    return error;
  }
  return new ApiError({ ...error.problem, errors: error.problem.errors.map((field) => ({ ...field, field: field.field.replace(/^querystring\./, '') })) });
}

function lookUp(identification: Identification): Promise<PharmacyPatient> {
  const query = new URLSearchParams({ programId: identification.programId, birthDate: identification.birthDate });
  return api.get<PharmacyPatient>(`/pharmacy/patients?${query.toString()}`);
}

/** An authorization's number and date in words: a US authorization always has both (never "RMA null"). */
function oneStepNumberWords(authorization: { rmaNumber: string | null; doNotDispenseAfter: string | null }): string {
  const number = authorization.rmaNumber === null ? 'no RMA number' : `RMA ${authorization.rmaNumber}`;
  return authorization.doNotDispenseAfter === null
    ? `${number}. ${lastDayWords(null)}`
    : `${number}. Do not dispense after ${formatDate(authorization.doNotDispenseAfter)}.`;
}

export interface Notice {
  id: number;
  tone: 'success' | 'warning';
  text: string;
}

export function FindPatientPage() {
  const timeZone = useClinicTimeZone();
  const today = todayIn(timeZone);
  const [searchParams] = useSearchParams();
  const location = useLocation();
  const fromQueue = (location.state as { fill?: WaitingFill } | null)?.fill;
  const openedAuthorizationId = searchParams.get('authorization');

  const [identification, setIdentification] = useState<Identification | null>(null);
  const [patient, setPatient] = useState<PharmacyPatient | null>(null);
  const [refreshError, setRefreshError] = useState<ApiError | null>(null);
  const [refreshing, setRefreshing] = useState(false);
  const [notices, setNotices] = useState<Notice[]>([]);
  const [reversedFromQueue, setReversedFromQueue] = useState(false);
  const resultHeading = useRef<HTMLHeadingElement>(null);

  const form = useForm(
    { programId: searchParams.get('programId') ?? '', birthDate: '' },
    {
      programId: [
        required,
        (value) =>
          value === '' || PROGRAM_ID.test(value) ? undefined : 'Ten letters or digits, as on the patient\u2019s card (spaces and dashes do not matter).',
      ],
      birthDate: [required, isoDate, notAfter(today)],
    },
    async (values) => {
      try {
        const found = await lookUp(values);
        setIdentification({ programId: found.programId, birthDate: values.birthDate });
        setPatient(found);
        setNotices([]);
        setRefreshError(null);
      } catch (error) {
        setPatient(null);
        setIdentification(null);
        throw onFormFields(error);
      }
    },
  );

  useEffect(() => {
    if (patient !== null) {
      resultHeading.current?.focus();
    }
    // Focus the result only when another patient is found, not on every refresh.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [patient?.id]);

  async function refresh(): Promise<void> {
    if (identification === null) {
      return;
    }
    setRefreshing(true);
    try {
      setPatient(await lookUp(identification));
      setRefreshError(null);
    } catch (error) {
      setRefreshError(asApiError(error));
    } finally {
      setRefreshing(false);
    }
  }

  function notify(tone: Notice['tone'], text: string): void {
    setNotices((current) => [...current, { id: Date.now() + current.length, tone, text }]);
  }

  // An overdue fill opened from the queue is not among the patient's active authorizations any
  // more: offer its reversal here (R-AUTH-2), for that patient only.
  const overdueFromQueue =
    patient !== null &&
    !reversedFromQueue &&
    fromQueue !== undefined &&
    fromQueue.state === 'overdue' &&
    fromQueue.authorizationId === openedAuthorizationId &&
    fromQueue.patient.programId === patient.programId &&
    !patient.authorizations.some((authorization) => authorization.id === fromQueue.authorizationId)
      ? fromQueue
      : null;

  return (
    <section className="pharmacy">
      <h1>Find a patient</h1>
      <p className="hint lead">
        A pharmacy finds a patient only with both their program identifier and their date of birth. Ask the patient for both. A prescription that names this
        pharmacy opens from the queue without them.
      </p>
      <form onSubmit={(event) => void form.submit(event)} noValidate aria-label="Find a patient" className="lookup-form">
        <TextField
          form={form}
          name="programId"
          label="Program identifier"
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="characters"
          hint="10 letters or digits; spaces and dashes do not matter"
        />
        <TextField form={form} name="birthDate" label="Date of birth" type="date" max={today} autoFocus={searchParams.has('programId')} />
        <FormProblem error={form.serverError} />
        <SubmitButton busy={form.busy} busyText="Finding…">
          Find
        </SubmitButton>
      </form>

      {patient === null || identification === null ? null : (
        <div className="pharmacy-result" aria-busy={refreshing}>
          <div className="card patient-card">
            <h2 ref={resultHeading} tabIndex={-1}>
              {patient.name}
            </h2>
            <dl className="facts">
              <div>
                <dt>Program identifier</dt>
                <dd className="mono">{patient.programId}</dd>
              </div>
              <div>
                <dt>Program status</dt>
                <dd>
                  <StateBadge summary={patient.summary} /> <span className="state-headline">{patient.summary.headline}</span>
                </dd>
              </div>
              {patient.window === null ? null : (
                <div>
                  <dt>Prescription window</dt>
                  <dd>
                    {formatDate(patient.window.opensOn)} to {formatDate(patient.window.lastDay)}
                  </dd>
                </div>
              )}
              <div>
                <dt>As of</dt>
                <dd>{formatDate(patient.asOf)}</dd>
              </div>
            </dl>
            {refreshing ? (
              <p className="loading" role="status">
                Updating…
              </p>
            ) : null}
            {refreshError === null ? null : <LoadFailed error={refreshError} retry={() => void refresh()} />}
          </div>

          <div aria-live="polite">
            {notices.map((notice) => (
              <p key={notice.id} className={notice.tone === 'success' ? 'success' : 'notice'}>
                {notice.text}
              </p>
            ))}
          </div>

          {patient.lastDispense !== null && patient.nextFill !== null ? (
            // Between fills: what comes next, not the blockers in red as if the dispense broke a rule.
            <div className="card">
              {/* Just dispensed here: the notice above already says "Dispensed on …". */}
              {notices.length === 0 ? <p className="success">{dispensedWords(patient.lastDispense)}</p> : null}
              <NextFillNeeds next={patient.nextFill} />
            </div>
          ) : patient.blockers.length === 0 ? null : (
            <div className="card">
              <h3>What stands in the way of a fill today</h3>
              <ReasonList reasons={patient.blockers} />
            </div>
          )}

          {overdueFromQueue === null ? null : (
            <div className="card overdue-card">
              <h3>Authorization {overdueFromQueue.rmaNumber} can no longer be dispensed</h3>
              <p>
                Its do-not-dispense-after date was {formatDate(overdueFromQueue.doNotDispenseAfter)}. Reverse it and return the stock (R-AUTH-2); the patient
                must qualify again for a new authorization.
              </p>
              <ReversalForm
                identification={identification}
                authorizationId={overdueFromQueue.authorizationId}
                defaultReason="Not picked up by the do-not-dispense-after date"
                onReversed={(text) => {
                  setReversedFromQueue(true);
                  notify('success', text);
                  void refresh();
                }}
              />
            </div>
          )}

          <h3 className="section-title">Prescriptions not yet dispensed</h3>
          {patient.prescriptions.length === 0 ? (
            <p>No prescription is waiting to be filled. The prescriber writes each month&apos;s prescription (at most 30 days, no refills).</p>
          ) : (
            <ul className="plain-list">
              {patient.prescriptions.map((prescription) => {
                const authorization = patient.authorizations.find((candidate) => candidate.prescriptionId === prescription.id);
                return (
                  <li key={prescription.id} className="card prescription-card">
                    <h4>Prescription of {formatDate(prescription.writtenOn)}</h4>
                    <p className="terms">{prescriptionTerms(prescription)}</p>
                    {patient.checklist ? (
                      // Outside the US: no authorization to request, the checklist and the dispense at once.
                      <ChecklistDispenseForm
                        identification={identification}
                        prescription={prescription}
                        ruleSet={patient.ruleSet}
                        today={today}
                        onDispensed={(tone, text) => {
                          notify(tone, text);
                          void refresh();
                        }}
                      />
                    ) : authorization === undefined || !isUsAuthorization(authorization) ? (
                      <RequestAuthorization
                        identification={identification}
                        prescription={prescription}
                        onAuthorized={(answer) => {
                          notify('success', `${answer.created ? 'Authorized' : 'Already authorized'}: ${oneStepNumberWords(answer.authorization)}`);
                          void refresh();
                        }}
                      />
                    ) : (
                      <AuthorizationPanel
                        identification={identification}
                        authorization={authorization}
                        prescription={prescription}
                        today={today}
                        onChanged={(tone, text) => {
                          notify(tone, text);
                          void refresh();
                        }}
                      />
                    )}
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}

function RequestAuthorization({
  identification,
  prescription,
  onAuthorized,
}: {
  identification: Identification;
  prescription: PharmacyPatient['prescriptions'][number];
  onAuthorized: (answer: AuthorizationAnswer) => void;
}) {
  const send = useIdempotentSend();
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  const [warnings, setWarnings] = useState<AuthorizationAnswer['warnings']>([]);

  async function request(): Promise<void> {
    setBusy(true);
    setRefusal(null);
    const body = { ...identification, prescriptionId: prescription.id };
    try {
      const answer = await send(`POST /authorizations ${JSON.stringify(body)}`, (key) =>
        api.post<AuthorizationAnswer>('/authorizations', body, { 'idempotency-key': key }),
      );
      setWarnings(answer.warnings);
      onAuthorized(answer);
    } catch (error) {
      if (!(error instanceof ApiError)) {
        throw error;
      }
      setRefusal(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="request-authorization">
      <button type="button" className="primary" onClick={() => void request()} disabled={busy} aria-busy={busy}>
        {busy ? 'Requesting authorization…' : 'Request authorization'}
      </button>
      {refusal === null ? null : <Refusal error={refusal} what="The authorization" />}
      {warnings.length === 0 ? null : <ReasonList reasons={warnings} tone="warning" />}
    </div>
  );
}
