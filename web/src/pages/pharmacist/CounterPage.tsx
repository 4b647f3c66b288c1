// The counter for a prescription that names this pharmacy (GET /pharmacy/prescriptions/{id}),
// opened from the queue: the patient's name and program identifier to check against her card,
// the prescription, the verdict — and, when it can be authorized (or is authorized here), ONE
// button that records the authorization and the dispense of exactly what is prescribed, today
// (POST …/authorize-and-dispense, with an Idempotency-Key so a retry never records twice).
//
// The button's own words are the attestation that the Medication Guide was handed over (R-AUTH-6):
// a separate checkbox would make the monthly dispense two actions where one suffices, and the
// pharmacist cannot press it without reading what it attests. Refused, it stores nothing and says
// every reason of both parts at once.
import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, ApiError } from '../../api';
import type { AuthorizeAndDispenseAnswer, NamedPrescription } from '../../apiTypes';
import { ReasonList } from '../../components/reasons';
import { Await, useLoad } from '../../components/status';
import { formatDate } from '../../dates';
import { oneStepWords } from './checklist';
import { useIdempotentSend } from './idempotency';
import { prescriptionTerms } from './labels';
import { ProgramUnavailableButton } from './ProgramUnavailableButton';
import { Refusal } from './Refusal';
import { dispensedWords, NextFillNeeds, verdictWords, WaitsFor } from './verdict';
import './pharmacist.css';

/** The one-step button's name: what it records and what it attests. */
export const AUTHORIZE_AND_DISPENSE = 'Medication Guide given — authorize and dispense';
/** Outside the US: no authorization, the pharmacist's checklist (programs.md §0.4). */
export const CHECKLIST_AND_DISPENSE = "Patient card and leaflet given — pharmacist's checklist and dispense";

export function CounterPage() {
  const { prescriptionId = '' } = useParams();
  const loaded = useLoad(() => api.get<NamedPrescription>(`/pharmacy/prescriptions/${encodeURIComponent(prescriptionId)}`), [prescriptionId]);
  return (
    <section className="pharmacy">
      <p>
        <Link to="/">Back to the queue</Link>
      </p>
      <Await loaded={loaded} what="the prescription">
        {(named) => <Counter named={named} reload={loaded.reload} />}
      </Await>
    </section>
  );
}

function Counter({ named, reload }: { named: NamedPrescription; reload: () => void }) {
  const send = useIdempotentSend();
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<{ tone: 'success' | 'warning'; text: string } | null>(null);
  const [done, setDone] = useState<AuthorizeAndDispenseAnswer | null>(null);
  const result = useRef<HTMLDivElement>(null);
  const { verdict, patient, prescription } = named;
  const words = verdictWords(verdict);
  const canDispense = done === null && (verdict.kind === 'ready' || verdict.kind === 'authorized');

  useEffect(() => {
    if (done !== null) {
      result.current?.focus();
    }
  }, [done]);

  async function authorizeAndDispense(): Promise<void> {
    setBusy(true);
    setRefusal(null);
    const path = `/pharmacy/prescriptions/${named.id}/authorize-and-dispense`;
    const body = { medicationGuideGiven: true };
    try {
      setDone(await send(`POST ${path} ${JSON.stringify(body)}`, (key) => api.post<AuthorizeAndDispenseAnswer>(path, body, { 'idempotency-key': key })));
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
    <>
      <h1>{patient.name}</h1>
      <dl className="facts">
        <div>
          <dt>Program identifier</dt>
          <dd className="mono">{patient.programId}</dd>
        </div>
        <div>
          <dt>Prescription of {formatDate(prescription.writtenOn)}</dt>
          <dd>{prescriptionTerms(prescription)}</dd>
        </div>
        <div>
          <dt>As of</dt>
          <dd>{formatDate(named.asOf)}</dd>
        </div>
      </dl>
      {done === null && verdict.kind !== 'dispensed' ? (
        <p>
          <span className={`badge ${words.badge}`}>{words.text}</span>
        </p>
      ) : null}
      {verdict.kind === 'waiting' || verdict.kind === 'heldElsewhere' ? (
        <div className="card">
          <h2>What it waits for</h2>
          <WaitsFor verdict={verdict} />
          <p className="hint">Do not dispense until it can be authorized. The queue shows it as soon as it can.</p>
        </div>
      ) : null}
      {verdict.kind === 'dispensed' && done === null ? (
        <div className="card">
          <p className="success">{dispensedWords(verdict.dispense)}</p>
          <NextFillNeeds next={verdict.next} />
        </div>
      ) : null}
      {canDispense ? (
        <div className="card one-step">
          <h2>Dispense at the counter</h2>
          <p>
            Hand the patient the Medication Guide, check her name and program identifier, then press the button: it records the authorization and the dispense
            of {prescriptionTerms(prescription)}, today{verdict.kind === 'authorized' ? ` (authorized here: RMA ${verdict.rmaNumber})` : ''}.
          </p>
          <button type="button" className="primary" onClick={() => void authorizeAndDispense()} disabled={busy} aria-busy={busy}>
            {busy
              ? named.checklist
                ? 'Checking and dispensing…'
                : 'Authorizing and dispensing…'
              : named.checklist
                ? CHECKLIST_AND_DISPENSE
                : AUTHORIZE_AND_DISPENSE}
          </button>
          {refusal === null ? null : <Refusal error={refusal} what="Authorize and dispense" advice="Do not dispense. Nothing was recorded." />}
          {verdict.kind === 'authorized' && !verdict.programNumberRecorded ? (
            // The program's own system could not be reached for its RMA number (issue 12, item 5):
            // recorded here, on the authorization held here, without leaving the counter. A record,
            // not a permission: where the rules require the program's number the button above is
            // still refused until it is recorded.
            <div className="program-system">
              <p className="hint">Cannot reach the program&apos;s system for its RMA number? Record it: the fill is flagged, and waits for the number.</p>
              <ProgramUnavailableButton
                naming={{ prescriptionId: named.id }}
                authorization={{ id: verdict.authorizationId, doNotDispenseAfter: verdict.doNotDispenseAfter }}
                onChanged={(tone, text) => {
                  setRefusal(null);
                  setNotice({ tone, text });
                  reload();
                }}
              />
            </div>
          ) : null}
          {notice === null ? null : (
            <p className={notice.tone === 'success' ? 'success' : 'notice'} role="status">
              {notice.text}
            </p>
          )}
        </div>
      ) : null}
      {done === null ? null : (
        <div className="card" ref={result} tabIndex={-1} aria-live="polite">
          {/* Outside the US the step was the pharmacist's checklist: no RMA number (rmaNumber null). */}
          <p className="success">{oneStepWords(done.authorization, dispensedWords(done.dispense))}</p>
          {done.warnings.length === 0 ? null : <ReasonList reasons={done.warnings} tone="warning" />}
          <NextFillNeeds next={done.next} />
        </div>
      )}
    </>
  );
}
