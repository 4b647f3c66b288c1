// One patient's page for the care team: who they are and where the course stands, what blocks the
// next fill and until when, this month's visit in one form, the open clinical alerts, the forms to
// record other facts one at a time, the course in charts (cumulative dose, labs, mood) and its
// timeline. Every form refreshes the page's
// data when the server has stored what it sent.
import { PharmacyChoice } from '../../components/PharmacyChoice';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { api } from '../../api';
import type { ClinicalReview, PatientRecord } from '../../apiTypes';
import { Await, LoadFailed, Loading, useLoad } from '../../components/status';
import { ageOn, formatDate } from '../../dates';
import { useClinicTimeZone, useMe } from '../../session';
import { AlertsPanel } from './AlertsPanel';
import { MissedDoseReports } from './MissedDoseReports';
import { CumulativeDoseChart, LabCharts, MoodChart } from './CourseCharts';
import { FillStatus } from './FillStatus';
import { ProgramPanel } from './ProgramPanel';
import { ContraceptionFailureForm } from '../../components/ContraceptionFailureForm';
import { ActivationLinkForm } from './forms/ActivationLinkForm';
import { ConsentForm } from './forms/ConsentForm';
import { ContraceptionForm } from './forms/ContraceptionForm';
import { CounselingForm } from './forms/CounselingForm';
import { LabResultForm } from './forms/LabResultForm';
import { MonthlyVisit } from './forms/MonthlyVisitForm';
import { PregnancyTestForm } from './forms/PregnancyTestForm';
import { PrescriptionForm } from './forms/PrescriptionForm';
import { WeightForm } from './forms/WeightForm';
import { MonthSteps, StateBadge } from '../../components/stateWords';
import { CATEGORY_WORDS, CRITERION_WORDS } from './labels';
import { Timeline } from './Timeline';
import './prescriber.css';

/** A disclosure holding one form; it stays as the user left it when the page's data refreshes. */
function ActionPanel({ title, defaultOpen, children, id }: { title: string; defaultOpen: boolean; children: ReactNode; id: string }) {
  const [open, setOpen] = useState(defaultOpen);
  return (
    <details
      className="rx-action-panel"
      open={open}
      onToggle={(event) => {
        setOpen(event.currentTarget.open);
      }}
      id={id}
    >
      <summary>{title}</summary>
      <div className="rx-action-body">{children}</div>
    </details>
  );
}

function suggestedTestKind(record: PatientRecord): string {
  const tests = record.facts.pregnancyTests;
  if (!tests.some((test) => test.kind === 'screening' && test.result === 'negative')) {
    return 'screening';
  }
  if (record.status.endOfCourse !== null) {
    return record.status.endOfCourse.endOfTreatmentTestDone ? 'postTreatment' : 'endOfTreatment';
  }
  if (record.status.dispenseCount === 0) {
    return 'confirmation';
  }
  return 'monthly';
}

function missingConsents(record: PatientRecord): string[] {
  const signed = new Set<string>(record.facts.consents.map((consent) => consent.kind));
  const needed = [
    'general',
    ...(record.status.category === 'PCGP' ? ['birthDefects'] : []),
    ...(ageOn(record.patient.birthDate, record.status.asOf) < 18 ? ['guardian'] : []),
  ];
  return needed.filter((kind) => !signed.has(kind));
}

function PatientView({
  record,
  review,
  reviewError,
  onChanged,
}: {
  record: PatientRecord;
  review: ClinicalReview | undefined;
  reviewError: ReactNode;
  onChanged: () => void;
}) {
  const me = useMe();
  const timeZone = useClinicTimeZone();
  const { patient, status, facts } = record;
  const prescriber = me.role === 'prescriber';
  const blocking = new Set(status.blockers.map((reason) => reason.code));
  const category = status.category;
  const assignment = facts.categoryAssignments.at(-1);
  const today = status.asOf;
  const lastPrescription = [...facts.prescriptions].sort((a, b) => (a.writtenOn < b.writtenOn ? -1 : 1)).at(-1);
  const { summary } = record;
  const formProps = { patientId: patient.id, today, onRecorded: onChanged };
  const missing = missingConsents(record);

  return (
    <>
      <header className="rx-patient-header">
        <h1>
          {patient.givenName} {patient.familyName}
        </h1>
        <p className="rx-patient-state">
          <StateBadge summary={summary} />
        </p>
        <p className="state-headline" data-testid="state-headline">
          {summary.headline}
        </p>
        <MonthSteps summary={summary} />
        <dl className="rx-patient-meta">
          <div>
            <dt>Program ID</dt>
            <dd>
              <code>{patient.programId}</code>
            </dd>
          </div>
          <div>
            <dt>Born</dt>
            <dd>
              {formatDate(patient.birthDate)} ({ageOn(patient.birthDate, today)} years)
            </dd>
          </div>
          <div>
            <dt>Category</dt>
            <dd>
              {category === null ? 'none' : CATEGORY_WORDS[category]}
              {assignment ? `: ${CRITERION_WORDS[assignment.criterion] ?? assignment.criterion}` : ''}
            </dd>
          </div>
          <div>
            <dt>As of</dt>
            <dd>{formatDate(today)}</dd>
          </div>
        </dl>
        <PharmacyChoice patientId={patient.id} who="careTeam" />
      </header>
      <nav className="rx-jump" aria-label="On this page">
        <a href="#fill-status-title">Next fill</a>
        <a href="#monthly-visit-title">Monthly visit</a>
        <a href="#record-title">Other records</a>
        <a href="#charts-title">Course charts</a>
        <a href="#timeline-title">Timeline</a>
      </nav>

      <div className="rx-patient-layout">
        <div className="rx-patient-main">
          <FillStatus status={status} />
          <ProgramPanel patientId={patient.id} today={today} version={record} prescriber={prescriber} onRecorded={onChanged} />
          <MonthlyVisit patientId={patient.id} version={record} onRecorded={onChanged} />
          {review !== undefined ? <AlertsPanel patientId={patient.id} alerts={review.openAlerts} canAcknowledge={prescriber} onChanged={onChanged} /> : null}
          {review !== undefined ? <MissedDoseReports patientId={patient.id} reports={review.missedDoseReports} onChanged={onChanged} /> : null}
          <section className="card" aria-labelledby="charts-title">
            <h2 id="charts-title">Course</h2>
            {review === undefined ? (
              (reviewError ?? <Loading what="the clinical picture" />)
            ) : (
              <>
                <CumulativeDoseChart review={review} />
                <LabCharts review={review} />
                <MoodChart review={review} />
              </>
            )}
          </section>
          <Timeline facts={facts} review={review} timeZone={timeZone} />
        </div>

        <aside className="rx-patient-actions" aria-labelledby="record-title">
          <h2 id="record-title">Other records</h2>
          <p className="hint">One fact at a time: a test of another kind, a home test, a change of methods, a prescription outside the visit.</p>
          {!prescriber ? (
            <p className="notice">
              Confirming counseling, writing prescriptions and acknowledging alerts are the prescriber's own acts: they are not offered to a delegate. You can
              record tests, contraception, consents, weights and labs.
            </p>
          ) : null}
          {prescriber ? (
            <ActionPanel id="action-counseling" title="Confirm counseling" defaultOpen={blocking.has('COUNSELING_PENDING')}>
              <CounselingForm {...formProps} />
            </ActionPanel>
          ) : null}
          {category === 'PCGP' ? (
            <>
              <ActionPanel
                id="action-test"
                title="Record a pregnancy test"
                defaultOpen={['SCREENING_TEST_PENDING', 'CONFIRMATION_TEST_PENDING', 'MONTHLY_TEST_PENDING'].some((code) => blocking.has(code))}
              >
                <PregnancyTestForm {...formProps} suggestedKind={suggestedTestKind(record)} />
              </ActionPanel>
              <ActionPanel id="action-contraception" title="Declare contraception" defaultOpen={blocking.has('CONTRACEPTION_PENDING')}>
                <ContraceptionForm {...formProps} />
              </ActionPanel>
              <ActionPanel id="action-contraception-failure" title="Report a contraception failure" defaultOpen={false}>
                <ContraceptionFailureForm patientId={patient.id} today={today} audience="careTeam" onRecorded={onChanged} />
              </ActionPanel>
            </>
          ) : (
            <p className="hint">Pregnancy tests and contraception are not part of the program for a patient who cannot get pregnant.</p>
          )}
          {prescriber ? (
            <ActionPanel id="action-prescription" title="Write a prescription" defaultOpen={blocking.has('PRESCRIPTION_PENDING') && blocking.size === 1}>
              <PrescriptionForm {...formProps} last={lastPrescription} product={review?.product ?? null} programKey={status.ruleSet} />
            </ActionPanel>
          ) : null}
          <ActionPanel id="action-consent" title="Record a consent" defaultOpen={blocking.has('CONSENT_MISSING')}>
            <ConsentForm {...formProps} missing={missing} />
          </ActionPanel>
          <ActionPanel id="action-weight" title="Record a weight" defaultOpen={false}>
            <WeightForm {...formProps} />
          </ActionPanel>
          <ActionPanel id="action-lab" title="Record a lab result" defaultOpen={false}>
            <LabResultForm {...formProps} />
          </ActionPanel>
          <ActionPanel id="action-activation" title="Her log-in: a new activation link" defaultOpen={false}>
            <ActivationLinkForm patientId={patient.id} />
          </ActionPanel>
        </aside>
      </div>
    </>
  );
}

/**
 * Where a link into the page points (the worklist's action buttons: /patients/{id}#action-lab):
 * the panel with that id opens and takes the focus once the record is shown. #monthly-visit is
 * the monthly-visit form's heading (its section is there from the start; its fields load after).
 */
const HASH_FALLBACKS: Record<string, string> = { 'monthly-visit': 'monthly-visit-title' };

function useOpenHashTarget(ready: boolean): void {
  const { hash } = useLocation();
  useEffect(() => {
    if (!ready || hash.length < 2) {
      return;
    }
    const wanted = decodeURIComponent(hash.slice(1));
    const target = document.getElementById(wanted) ?? document.getElementById(HASH_FALLBACKS[wanted] ?? '');
    if (target === null) {
      return;
    }
    if (target instanceof HTMLDetailsElement) {
      target.open = true;
    }
    const focusable = target instanceof HTMLDetailsElement ? target.querySelector('summary') : target;
    if (focusable instanceof HTMLElement) {
      if (!(focusable instanceof HTMLDetailsElement) && focusable.tagName !== 'SUMMARY' && !focusable.hasAttribute('tabindex')) {
        focusable.setAttribute('tabindex', '-1');
      }
      focusable.focus({ preventScroll: true });
    }
    target.scrollIntoView({ block: 'start' });
  }, [ready, hash]);
}

export function PatientPage() {
  const { patientId = '' } = useParams();
  // A new patient is a new page: nothing of the previous patient's is shown while this one loads.
  return <PatientPageFor key={patientId} patientId={patientId} />;
}

function PatientPageFor({ patientId }: { patientId: string }) {
  const me = useMe();
  const location = useLocation();
  const enrolled = (location.state as { enrolled?: string } | null)?.enrolled;
  const record = useLoad(() => api.get<PatientRecord>(`/patients/${encodeURIComponent(patientId)}`), [patientId]);
  const review = useLoad(() => api.get<ClinicalReview>(`/patients/${encodeURIComponent(patientId)}/clinical`), [patientId]);
  const { reload: reloadRecord } = record;
  const { reload: reloadReview } = review;
  const refresh = useCallback(() => {
    reloadRecord();
    reloadReview();
  }, [reloadRecord, reloadReview]);
  const updating = (record.loading && record.data !== undefined) || (review.loading && review.data !== undefined);
  useOpenHashTarget(record.data !== undefined && (review.data !== undefined || review.error !== null));

  return (
    <article className="rx-patient-page" aria-busy={updating}>
      <p className="rx-breadcrumb">
        <Link to="/patients">Patients</Link>
      </p>
      {enrolled !== undefined ? (
        <p className="success" role="status">
          Enrolled with program ID <code>{enrolled}</code>. Next: record the consents{' '}
          {record.data?.status.category === 'PCGP'
            ? 'and, for a patient who can get pregnant, the screening test and contraception.'
            : 'and confirm counseling.'}
        </p>
      ) : null}
      <p className="rx-updating" role="status">
        {updating ? 'Updating…' : ''}
      </p>
      {record.error !== null && (record.error.status === 404 || record.error.status === 400) ? (
        <section>
          <h1>Patient not found</h1>
          <p>
            There is no such patient among {me.role === 'delegate' ? "your prescriber's" : 'your'} patients. <Link to="/patients">See the patients</Link>.
          </p>
        </section>
      ) : (
        <Await loaded={record} what="the patient's record">
          {(data) => (
            <PatientView
              record={data}
              review={review.data}
              reviewError={review.error === null ? null : <LoadFailed error={review.error} retry={review.reload} />}
              onChanged={refresh}
            />
          )}
        </Await>
      )}
    </article>
  );
}
