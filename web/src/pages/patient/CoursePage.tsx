// The patient's own course: how much isotretinoin they have taken toward their target and when
// they should reach it (GET /patients/{id}/clinical, which a patient may read: their own figures,
// not the care team's alerts), and the timeline of their fills and tests (GET /patients/{id}).
// Without a dose count yet (no weight or product recorded), what the status gives: fills so far,
// the current supply and the next window.
import { api } from '../../api';
import type { ClinicalReviewForPatient, PatientRecord, ProgramStatus } from '../../apiTypes';
import { dayNumber, LineChart, type ChartSeries } from '../../components/charts';
import { Await, useLoad } from '../../components/status';
import { addDays, daysBetween, formatDate } from '../../dates';
import { useMe } from '../../session';
import { analyteName, PRODUCT_NAMES, TEST_KINDS } from './wording';
import { MissedDays } from './MissedDays';
import { NotLinked } from './NotLinked';
import './patient.css';

const round = (value: number, decimals = 1) => String(Number(value.toFixed(decimals)));

function DoseProgress({ clinical }: { clinical: ClinicalReviewForPatient }) {
  const cumulative = clinical.cumulative;
  if (cumulative === null) {
    return null;
  }
  const figures = cumulative.conventionalEquivalent ?? cumulative.asDispensed;
  const taken = figures.cumulativeMgPerKg;
  const target = cumulative.targetMgPerKg;
  const percent = Math.min(100, Math.round((taken / target) * 100));
  const projected = cumulative.targetReachedOn ?? cumulative.projectedTargetDate;
  const history =
    cumulative.history.length > 0
      ? cumulative.history
      : clinical.firstDoseOn === null
        ? []
        : [
            { on: addDays(clinical.firstDoseOn, -1), mgPerKg: 0 },
            { on: clinical.asOf, mgPerKg: taken },
          ];
  const series: ChartSeries[] = [{ name: 'Taken so far', points: history.map((point) => ({ x: dayNumber(point.on), y: point.mgPerKg })) }];
  if (cumulative.targetReachedOn === null && cumulative.projectedTargetDate !== null && cumulative.projectedTargetDate > clinical.asOf) {
    series.push({
      name: 'Expected from here',
      kind: 'projection',
      points: [
        { x: dayNumber(clinical.asOf), y: taken },
        { x: dayNumber(cumulative.projectedTargetDate), y: target },
      ],
    });
  }
  const description =
    `${round(taken, 1)} of ${target} mg per kg taken (${percent}%)` +
    (cumulative.targetReachedOn !== null
      ? `; target reached on ${formatDate(cumulative.targetReachedOn)}.`
      : projected === null
        ? '.'
        : `; expected to reach the target around ${formatDate(projected)}.`);
  if (clinical.firstDoseOn === null || cumulative.daysOfTherapy === 0) {
    return (
      <div className="card course-progress">
        <h2>Your progress</h2>
        <p>
          You have not started yet: your course starts with your first fill. Your target is {target} mg per kilogram of body weight
          {cumulative.currentDailyMg === null || cumulative.daysRemaining === null
            ? '.'
            : `; at ${cumulative.currentDailyMg} mg a day that takes about ${cumulative.daysRemaining} days (around ${Math.round(cumulative.daysRemaining / 30)} months).`}
        </p>
      </div>
    );
  }
  return (
    <div className="card course-progress">
      <h2>Your progress</h2>
      <p className="progress-figure">
        <strong>{percent}%</strong> of your course target
      </p>
      <div className="progress-bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-label="Course target reached">
        <span style={{ width: `${percent}%` }} />
      </div>
      <p>
        You have taken {round(taken, 1)} mg per kilogram of body weight out of a target of {target} mg/kg, over {cumulative.daysOfTherapy} day
        {cumulative.daysOfTherapy === 1 ? '' : 's'} of treatment.{' '}
        {cumulative.targetReachedOn !== null
          ? `You reached the target on ${formatDate(cumulative.targetReachedOn)}. Your prescriber decides when the course ends.`
          : projected !== null
            ? `At your current dose you should reach it around ${formatDate(projected)}. Missed days your care team confirms move that date later.`
            : ''}
      </p>
      {history.length === 0 ? (
        <p className="hint">The chart starts with your first fill.</p>
      ) : (
        <LineChart
          title="Your course: amount taken toward your target"
          description={description}
          series={series}
          thresholds={[{ value: target, label: `Target ${target} mg/kg`, tone: 'target' }]}
          markers={[{ x: dayNumber(clinical.asOf), label: 'Today' }]}
          showThresholds="all"
          xAxis={{ label: 'Date', dates: true }}
          yAxis={{ label: 'mg per kg taken' }}
          table={{
            columns: ['Date', 'mg per kg taken'],
            rows: [
              ...history.map((point) => [formatDate(point.on), round(point.mgPerKg, 2)]),
              ...(series.length > 1 && projected !== null ? [[`${formatDate(projected)} (expected)`, String(target)]] : []),
            ],
          }}
        />
      )}
      {cumulative.currentDailyMg === null ? null : (
        <p className="hint">
          Current dose: {cumulative.currentDailyMg} mg a day{clinical.product === null ? '' : ` of ${PRODUCT_NAMES[clinical.product] ?? clinical.product}`}.
        </p>
      )}
    </div>
  );
}

function StatusSummary({ status }: { status: ProgramStatus }) {
  return (
    <div className="card">
      <h2>Your fills</h2>
      <dl className="summary-list">
        <div>
          <dt>Fills so far</dt>
          <dd>{status.dispenseCount}</dd>
        </div>
        {status.supplyEndsOn === null ? null : (
          <div>
            <dt>{status.supplyEndsOn >= status.asOf ? 'Current capsules last until' : 'Last capsules lasted until'}</dt>
            <dd>{formatDate(status.supplyEndsOn)}</dd>
          </div>
        )}
        {status.window === null ? null : (
          <div>
            <dt>{status.window.lastDay >= status.asOf ? 'Pick-up window' : 'Last pick-up window'}</dt>
            <dd>
              {formatDate(status.window.opensOn)} to {formatDate(status.window.lastDay)}
            </dd>
          </div>
        )}
        {status.activeAuthorization === null ? null : (
          <div>
            <dt>Ready at your pharmacy until</dt>
            <dd>{formatDate(status.activeAuthorization.doNotDispenseAfter)}</dd>
          </div>
        )}
        {status.endOfCourse === null ? null : (
          <div>
            <dt>Last capsule</dt>
            <dd>{formatDate(status.endOfCourse.lastDoseOn)}</dd>
          </div>
        )}
      </dl>
    </div>
  );
}

interface Event {
  on: string;
  kind: 'fill' | 'test' | 'lab' | 'end';
  text: string;
  detail?: string;
}

const BAND_WORDS: Record<string, string> = {
  normal: 'normal',
  watch: 'a little outside the usual range',
  act: 'outside the usual range: your prescriber will review it',
  stop: 'far outside the usual range: your prescriber will contact you',
};

function timeline(record: PatientRecord, clinical: ClinicalReviewForPatient | null, asOf: string): Event[] {
  const events: Event[] = [];
  for (const authorization of record.facts.authorizations) {
    const dispense = authorization.dispense;
    if (dispense !== null) {
      events.push({
        on: dispense.dispensedOn,
        kind: 'fill',
        text: `Capsules picked up: ${PRODUCT_NAMES[dispense.product] ?? dispense.product} ${dispense.strengthMg} mg`,
        detail: `${dispense.quantity} capsules for ${dispense.daysSupply} days`,
      });
    }
  }
  for (const test of record.facts.pregnancyTests) {
    events.push({
      on: test.specimenDate,
      kind: 'test',
      text: TEST_KINDS[test.kind] ?? 'Pregnancy test',
      detail: test.result === 'negative' ? 'Negative' : test.result === 'positive' ? 'Positive' : 'Could not be read',
    });
  }
  for (const lab of clinical?.labs ?? []) {
    events.push({
      on: lab.result.collectedOn,
      kind: 'lab',
      text: `Blood test: ${analyteName(lab.result.analyte)}`,
      detail: `${lab.result.value} ${lab.result.unit}, ${BAND_WORDS[lab.classification.band] ?? lab.classification.band}`,
    });
  }
  for (const end of record.facts.courseEnds) {
    events.push({ on: end.lastDoseOn, kind: 'end', text: 'Last capsule of the course' });
  }
  return events.filter((event) => event.on <= asOf).sort((a, b) => b.on.localeCompare(a.on) || a.kind.localeCompare(b.kind));
}

function ago(days: number): string {
  return days === 0 ? 'today' : days === 1 ? 'yesterday' : `${days} days ago`;
}

const KIND_WORDS: Record<Event['kind'], string> = { fill: 'Fill', test: 'Test', lab: 'Blood test', end: 'End' };

export function CoursePage() {
  const me = useMe();
  const patientId = me.patientId;
  const loaded = useLoad(async () => {
    if (patientId === null) {
      throw new Error('no patient record');
    }
    const [record, clinical] = await Promise.all([
      api.get<PatientRecord>(`/patients/${patientId}`),
      api.get<ClinicalReviewForPatient>(`/patients/${patientId}/clinical`).catch(() => null),
    ]);
    return { record, clinical };
  }, [patientId]);

  if (patientId === null) {
    return <NotLinked title="My course" />;
  }

  return (
    <section className="patient-page">
      <h1>My course</h1>
      <Await loaded={loaded} what="your course">
        {({ record, clinical }) => {
          const status = record.status;
          const events = timeline(record, clinical, status.asOf);
          return (
            <>
              {clinical === null || clinical.cumulative === null ? (
                <p className="notice">Your progress toward your course target appears here once your clinic has recorded your weight and your first fill.</p>
              ) : (
                <DoseProgress clinical={clinical} />
              )}
              <StatusSummary status={status} />
              {clinical === null ? null : (
                <MissedDays patientId={patientId} today={status.asOf} reports={clinical.missedDoseReports} onReported={loaded.reload} />
              )}
              <h2>Timeline</h2>
              {events.length === 0 ? (
                <p>No fills or tests yet.</p>
              ) : (
                <ol className="timeline">
                  {events.map((event, index) => (
                    <li key={`${event.on}-${event.kind}-${index}`} className={`timeline-item timeline-${event.kind}`}>
                      <p className="timeline-date">
                        {formatDate(event.on)}
                        <span className="hint"> · {ago(daysBetween(event.on, status.asOf))}</span>
                      </p>
                      <p className="timeline-text">
                        <span className={`badge timeline-kind-${event.kind}`}>{KIND_WORDS[event.kind]}</span> {event.text}
                      </p>
                      {event.detail === undefined ? null : <p className="timeline-detail">{event.detail}</p>}
                    </li>
                  ))}
                </ol>
              )}
            </>
          );
        }}
      </Await>
    </section>
  );
}
