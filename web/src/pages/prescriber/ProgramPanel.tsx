// The practice's program outside the US (issue 14, item 3): what the next prescription needs under
// it (GET /patients/{id}/program, the domain's own decision for today as a preview) — each
// reason's message and action — and beside each the shortest way to record the fact that fixes
// it, dated today: the expected form signed today (one click), "assessed today" (one click), the
// clinician's finding or an exemption when contraception is asked for. After each record the page
// and this panel are read again (the reasons are the server's, never patched here). A US patient's
// practice follows the iPLEDGE REMS: nothing is shown.
import { useState, type ReactNode } from 'react';
import { api } from '../../api';
import type { PatientProgram, RecordedProgramFact } from '../../apiTypes';
import { CheckboxField, FormProblem, maxLength, required, SelectField, SubmitButton, TextAreaField, useForm } from '../../components/forms';
import { ReasonList } from '../../components/reasons';
import { LoadFailed, useLoad } from '../../components/status';
import { formatDate } from '../../dates';
import { useMe } from '../../session';
import { Success } from './forms/common';
import {
  EXEMPTION_REASON_WORDS,
  fixFor,
  FORM_VERSION_WORDS,
  hasExemption,
  judgesVisits,
  LEAD_ROLE_WORDS,
  REPRODUCTIVE_FACT_WORDS,
  SPECIALTY_WORDS,
  type ProgramFix,
} from './programFixes';

interface Recording {
  patientId: string;
  today: string;
  /** After the server stored a fact: what to say, then the page (and this panel) read again. */
  recorded: (text: string) => void;
}

function post(patientId: string, path: string, body: unknown): Promise<RecordedProgramFact> {
  return api.post<RecordedProgramFact>(`/patients/${encodeURIComponent(patientId)}/${path}`, body);
}

/** A one-click record: its button says exactly what it records. */
function OneClick({
  label,
  busyText,
  send,
  done,
  recording,
}: {
  label: string;
  busyText: string;
  send: () => Promise<unknown>;
  done: string;
  recording: Recording;
}) {
  const form = useForm({}, {}, async () => {
    await send();
    recording.recorded(done);
  });
  return (
    <form onSubmit={(event) => void form.submit(event)} noValidate aria-label={label} className="rx-inline-fix">
      <SubmitButton busy={form.busy} busyText={busyText}>
        {label}
      </SubmitButton>
      <FormProblem error={form.serverError} />
    </form>
  );
}

const SPECIALTY_OPTIONS: ReadonlyArray<readonly [string, string]> = [['', 'Choose'], ...Object.entries(SPECIALTY_WORDS)];
const LEAD_ROLE_OPTIONS: ReadonlyArray<readonly [string, string]> = [['', 'Not a lead prescriber'], ...Object.entries(LEAD_ROLE_WORDS)];

/**
 * The prescriber's own qualification from today (PPP-PRESC-1, CA-PRESC-1, UK-PRESC-1, AU-PRESC-1):
 * a prescriber sees only her own patients, so the qualification the program asks about is hers.
 * Nothing is pre-chosen: it is her declaration.
 */
function QualificationForm({ recording, prescriberId, leadRole }: { recording: Recording; prescriberId: string; leadRole: boolean }) {
  const form = useForm({ specialty: '', retinoidExperience: 'false', leadRole: '' }, { specialty: [required] }, async (values) => {
    await api.post(`/prescribers/${encodeURIComponent(prescriberId)}/attributes`, {
      specialty: values.specialty,
      effectiveOn: recording.today,
      retinoidExperience: values.retinoidExperience === 'true',
      ...(leadRole && values.leadRole !== '' ? { leadRole: values.leadRole } : {}),
    });
    recording.recorded(`Your qualification is recorded from ${formatDate(recording.today)}.`);
  });
  return (
    <form onSubmit={(event) => void form.submit(event)} noValidate aria-label="Record my qualification" className="rx-inline-fix">
      <SelectField form={form} name="specialty" label="My specialty" options={SPECIALTY_OPTIONS} />
      {leadRole ? <SelectField form={form} name="leadRole" label="My lead prescriber role" options={LEAD_ROLE_OPTIONS} /> : null}
      <CheckboxField form={form} name="retinoidExperience" label="I am experienced with systemic retinoids (or supervised by someone who is)" />
      <FormProblem error={form.serverError} />
      <SubmitButton busy={form.busy}>Record my qualification</SubmitButton>
    </form>
  );
}

const REPRODUCTIVE_OPTIONS: ReadonlyArray<readonly [string, string]> = [['', 'Choose what was found'], ...Object.entries(REPRODUCTIVE_FACT_WORDS)];

/** What a clinician found (UK-CAT-1): the program derives from it whether she can get pregnant. No answer is pre-chosen. */
function ReproductiveFactForm({ recording }: { recording: Recording }) {
  const form = useForm({ kind: '' }, { kind: [required] }, async (values) => {
    await post(recording.patientId, 'reproductive-facts', { kind: values.kind, recordedOn: recording.today });
    recording.recorded(`Recorded: ${REPRODUCTIVE_FACT_WORDS[values.kind as keyof typeof REPRODUCTIVE_FACT_WORDS]} (${formatDate(recording.today)}).`);
  });
  return (
    <form onSubmit={(event) => void form.submit(event)} noValidate aria-label="Record what a clinician found" className="rx-inline-fix">
      <SelectField form={form} name="kind" label="What a clinician found today" options={REPRODUCTIVE_OPTIONS} />
      <FormProblem error={form.serverError} />
      <SubmitButton busy={form.busy}>Record the finding</SubmitButton>
    </form>
  );
}

const EXEMPTION_OPTIONS: ReadonlyArray<readonly [string, string]> = [['', 'Choose a reason'], ...Object.entries(EXEMPTION_REASON_WORDS)];

/** "No expected risk of pregnancy" (PPP-EXM-1, UK-EXM-1): reason, the prescriber's words, the patient's agreement; decided today. */
function ExemptionForm({ recording }: { recording: Recording }) {
  const form = useForm(
    { reasonCode: '', justification: '', patientAgreed: 'false' },
    { reasonCode: [required], justification: [required, maxLength(2000)] },
    async (values) => {
      await post(recording.patientId, 'exemptions', {
        decidedOn: recording.today,
        reasonCode: values.reasonCode,
        justification: values.justification.trim(),
        patientAgreed: values.patientAgreed === 'true',
      });
      recording.recorded(`Exemption recorded on ${formatDate(recording.today)}: contraception is not required while it stands; review it at each visit.`);
    },
  );
  return (
    <form onSubmit={(event) => void form.submit(event)} noValidate aria-label="Record an exemption" className="rx-inline-fix">
      <SelectField form={form} name="reasonCode" label="Why no pregnancy risk is expected" options={EXEMPTION_OPTIONS} />
      <TextAreaField form={form} name="justification" label="Your justification" maxLength={2000} />
      <CheckboxField form={form} name="patientAgreed" label="The patient agrees" />
      <FormProblem error={form.serverError} />
      <SubmitButton busy={form.busy}>Record the exemption</SubmitButton>
    </form>
  );
}

/** A visit today, in person or remote (UK-VIS-1); neither is pre-chosen. */
function VisitForm({ recording }: { recording: Recording }) {
  const form = useForm({ mode: '', patientAgreed: 'false' }, { mode: [required] }, async (values) => {
    await post(recording.patientId, 'visits', {
      on: recording.today,
      mode: values.mode,
      patientAgreed: values.mode === 'remote' && values.patientAgreed === 'true',
    });
    recording.recorded(`Visit recorded: ${values.mode === 'inPerson' ? 'in person' : 'remote'}, ${formatDate(recording.today)}.`);
  });
  return (
    <form onSubmit={(event) => void form.submit(event)} noValidate aria-label="Record a visit" className="rx-inline-fix">
      <SelectField
        form={form}
        name="mode"
        label="Today's visit"
        options={[
          ['', 'Choose'],
          ['inPerson', 'In person'],
          ['remote', 'Remote'],
        ]}
      />
      {form.values.mode === 'remote' ? <CheckboxField form={form} name="patientAgreed" label="The patient agreed to a remote follow-up" /> : null}
      <FormProblem error={form.serverError} />
      <SubmitButton busy={form.busy}>Record the visit</SubmitButton>
    </form>
  );
}

function Fix({ fix, recording, prescriberId }: { fix: ProgramFix; recording: Recording; prescriberId: string | null }): ReactNode {
  const prescriber = prescriberId !== null;
  const { patientId, today } = recording;
  switch (fix.kind) {
    case 'form':
      return (
        <OneClick
          recording={recording}
          label={`${fix.formVersion} signed today by the patient and me`}
          busyText="Recording the form…"
          send={() =>
            post(patientId, 'acknowledgement-forms', { formVersion: fix.formVersion, signedOn: today, signedByPatient: true, signedByPrescriber: true })
          }
          done={`Recorded: ${FORM_VERSION_WORDS[fix.formVersion]}, signed on ${formatDate(today)} by the patient and the prescriber.`}
        />
      );
    case 'assessment': {
      const words = fix.assessment === 'mentalHealth' ? 'Mental health' : 'Sexual function';
      return (
        <OneClick
          recording={recording}
          label={`${words} assessed today`}
          busyText="Recording the assessment…"
          send={() => post(patientId, 'assessments', { kind: fix.assessment, on: today })}
          done={`Recorded: ${words.toLowerCase()} assessed on ${formatDate(today)}.`}
        />
      );
    }
    case 'prescriber':
      return prescriberId === null ? null : (
        <details className="rx-inline-more">
          <summary>Record your qualification</summary>
          <QualificationForm recording={recording} prescriberId={prescriberId} leadRole={fix.leadRole} />
        </details>
      );
    case 'childbearing':
      return (
        <>
          <p className="rx-inline-fix">
            <a href="#action-contraception">Declare contraception</a>
          </p>
          <details className="rx-inline-more">
            <summary>She cannot get pregnant, or no pregnancy risk is expected?</summary>
            <ReproductiveFactForm recording={recording} />
            {fix.exemption && prescriber ? <ExemptionForm recording={recording} /> : null}
          </details>
        </>
      );
    case 'elsewhere':
      return (
        <p className="rx-inline-fix">
          <a href={fix.target}>{fix.label}</a>
        </p>
      );
    case 'none':
      return null;
  }
}

export function ProgramPanel({
  patientId,
  today,
  version,
  prescriber,
  onRecorded,
}: {
  patientId: string;
  today: string;
  /** The page's record: read again whenever the page's data is (a prescription written, a test recorded). */
  version: unknown;
  prescriber: boolean;
  onRecorded: () => void;
}) {
  const me = useMe();
  const program = useLoad(() => api.get<PatientProgram>(`/patients/${encodeURIComponent(patientId)}/program`), [patientId, version]);
  const [notice, setNotice] = useState<string | null>(null);
  const data = program.data;
  if (data === undefined) {
    return program.error === null ? null : <LoadFailed error={program.error} retry={program.reload} />;
  }
  if (data.usStatus !== null) {
    return null;
  }
  const key = data.ruleSet?.key ?? '';
  const recording: Recording = {
    patientId,
    today,
    recorded: (text) => {
      setNotice(text);
      onRecorded();
    },
  };
  const next = data.nextPrescription;
  const dispense = data.nextDispense;
  // The finding and the exemption already stand beside the contraception reason when it is there.
  const childbearingOffered = (next?.decision.reasons ?? []).some((reason) => fixFor(reason, key).kind === 'childbearing');
  const alsoFinding = !childbearingOffered;
  const alsoExemption = !childbearingOffered && hasExemption(key) && prescriber;
  return (
    <section className="card rx-program" aria-labelledby="program-title" aria-busy={program.loading}>
      <h2 id="program-title">Program ({key === '' ? 'not configured' : key})</h2>
      <Success>{notice}</Success>
      {next === null ? null : next.decision.allowed ? (
        <p className="success">The next prescription needs nothing more under {key}: it can be written today.</p>
      ) : (
        <>
          <h3>What the next prescription needs</h3>
          <ul className="rx-program-needs">
            {next.decision.reasons.map((reason) => (
              <li key={`${reason.code}-${reason.message}`} data-code={reason.code}>
                <ReasonList reasons={[reason]} />
                <Fix fix={fixFor(reason, key)} recording={recording} prescriberId={prescriber ? me.id : null} />
              </li>
            ))}
          </ul>
        </>
      )}
      {next === null || next.decision.warnings.length === 0 ? null : (
        <>
          <h3>To note</h3>
          <ReasonList reasons={next.decision.warnings} tone="warning" />
        </>
      )}
      {dispense === null ? null : (
        <>
          <h3>The prescription waiting at the pharmacy</h3>
          {dispense.decision.allowed ? (
            <p>
              The pharmacist&apos;s checklist passes today
              {dispense.lastDayToDispense === null
                ? ' (no last day under this program).'
                : `: it can be dispensed until ${formatDate(dispense.lastDayToDispense)}.`}
            </p>
          ) : (
            <ReasonList reasons={dispense.decision.reasons} />
          )}
        </>
      )}
      {data.endOfTreatment === null || data.endOfTreatment.decision.warnings.length === 0 ? null : (
        <ReasonList reasons={data.endOfTreatment.decision.warnings} tone="warning" />
      )}
      {key === '' || (!judgesVisits(key) && !alsoFinding) ? null : (
        <details className="rx-inline-more">
          <summary>
            Record{' '}
            {[judgesVisits(key) ? 'a visit' : null, alsoFinding ? "a clinician's finding" : null, alsoExemption ? 'an exemption' : null]
              .filter((part) => part !== null)
              .join(', ')}
          </summary>
          {judgesVisits(key) ? <VisitForm recording={recording} /> : null}
          {alsoFinding ? <ReproductiveFactForm recording={recording} /> : null}
          {alsoExemption ? <ExemptionForm recording={recording} /> : null}
        </details>
      )}
    </section>
  );
}
