// The patient's own course: how much isotretinoin they have taken toward their target and when
// they should reach it (GET /patients/{id}/clinical, which a patient may read: their own figures,
// not the care team's alerts), and the timeline of their fills and tests (GET /patients/{id}).
// Without a dose count yet (no weight or product recorded), what the status gives: fills so far,
// the current supply and the next window.
import { api } from '../../api';
import type { ClinicalReviewForPatient, PatientRecord, ProgramStatus } from '../../apiTypes';
import { dayNumber, LineChart, type ChartSeries } from '../../components/charts';
import { Await, useLoad } from '../../components/status';
import { addDays, daysBetween } from '../../dates';
import { useWords, type Words } from '../../i18n/I18n';
import type { MessageId } from '../../i18n/messages/en';
import { useMe } from '../../session';
import { analyteName, PRODUCT_NAMES } from './wording';
import { MissedDays } from './MissedDays';
import { NotLinked } from './NotLinked';
import './patient.css';

const round = (value: number, decimals = 1) => Number(value.toFixed(decimals));

function DoseProgress({ clinical }: { clinical: ClinicalReviewForPatient }) {
  const { t, date, number } = useWords();
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
  const series: ChartSeries[] = [{ name: t('course.takenSoFar'), points: history.map((point) => ({ x: dayNumber(point.on), y: point.mgPerKg })) }];
  if (cumulative.targetReachedOn === null && cumulative.projectedTargetDate !== null && cumulative.projectedTargetDate > clinical.asOf) {
    series.push({
      name: t('course.expectedFromHere'),
      kind: 'projection',
      points: [
        { x: dayNumber(clinical.asOf), y: taken },
        { x: dayNumber(cumulative.projectedTargetDate), y: target },
      ],
    });
  }
  const description =
    t('course.chartTaken', { taken: number(round(taken, 1)), target: number(target), percent }) +
    (cumulative.targetReachedOn !== null
      ? t('course.chartReached', { date: date(cumulative.targetReachedOn) })
      : projected === null
        ? '.'
        : t('course.chartExpected', { date: date(projected) }));
  if (clinical.firstDoseOn === null || cumulative.daysOfTherapy === 0) {
    return (
      <div className="card course-progress">
        <h2>{t('course.progress')}</h2>
        <p>
          {t('course.notStarted', { target: number(target) })}
          {cumulative.currentDailyMg === null || cumulative.daysRemaining === null
            ? '.'
            : t('course.notStartedTakes', {
                dailyMg: number(cumulative.currentDailyMg),
                days: cumulative.daysRemaining,
                months: Math.round(cumulative.daysRemaining / 30),
              })}
        </p>
      </div>
    );
  }
  return (
    <div className="card course-progress">
      <h2>{t('course.progress')}</h2>
      <p className="progress-figure">
        <strong>{percent}%</strong> {t('course.ofTarget')}
      </p>
      <div
        className="progress-bar"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-label={t('course.targetReachedLabel')}
      >
        <span style={{ width: `${percent}%` }} />
      </div>
      <p>
        {t('course.taken', { taken: number(round(taken, 1)), target: number(target), days: cumulative.daysOfTherapy })}{' '}
        {cumulative.targetReachedOn !== null
          ? t('course.reached', { date: date(cumulative.targetReachedOn) })
          : projected !== null
            ? t('course.expected', { date: date(projected) })
            : ''}
      </p>
      {history.length === 0 ? (
        <p className="hint">{t('course.chartStarts')}</p>
      ) : (
        <LineChart
          title={t('course.chartTitle')}
          description={description}
          series={series}
          thresholds={[{ value: target, label: t('course.targetLine', { target: number(target) }), tone: 'target' }]}
          markers={[{ x: dayNumber(clinical.asOf), label: t('course.today') }]}
          showThresholds="all"
          xAxis={{ label: t('course.date'), dates: true }}
          yAxis={{ label: t('course.mgPerKgTaken') }}
          table={{
            columns: [t('course.date'), t('course.mgPerKgTaken')],
            rows: [
              ...history.map((point) => [date(point.on), number(round(point.mgPerKg, 2))]),
              ...(series.length > 1 && projected !== null ? [[t('course.expectedRow', { date: date(projected) }), number(target)]] : []),
            ],
          }}
        />
      )}
      {cumulative.currentDailyMg === null ? null : (
        <p className="hint">
          {clinical.product === null
            ? t('course.currentDose', { dailyMg: number(cumulative.currentDailyMg) })
            : t('course.currentDoseOf', { dailyMg: number(cumulative.currentDailyMg), product: PRODUCT_NAMES[clinical.product] ?? clinical.product })}
        </p>
      )}
    </div>
  );
}

function StatusSummary({ status }: { status: ProgramStatus }) {
  const { t, date } = useWords();
  return (
    <div className="card">
      <h2>{t('course.fills')}</h2>
      <dl className="summary-list">
        <div>
          <dt>{t('course.fillsSoFar')}</dt>
          <dd>{status.dispenseCount}</dd>
        </div>
        {status.supplyEndsOn === null ? null : (
          <div>
            <dt>{status.supplyEndsOn >= status.asOf ? t('course.capsulesLast') : t('course.capsulesLasted')}</dt>
            <dd>{date(status.supplyEndsOn)}</dd>
          </div>
        )}
        {status.window === null ? null : (
          <div>
            <dt>{status.window.lastDay >= status.asOf ? t('course.window') : t('course.lastWindow')}</dt>
            <dd>{t('course.fromTo', { from: date(status.window.opensOn), to: date(status.window.lastDay) })}</dd>
          </div>
        )}
        {status.activeAuthorization === null ? null : (
          <div>
            <dt>{t('course.readyUntil')}</dt>
            <dd>{date(status.activeAuthorization.doNotDispenseAfter)}</dd>
          </div>
        )}
        {status.endOfCourse === null ? null : (
          <div>
            <dt>{t('course.lastCapsule')}</dt>
            <dd>{date(status.endOfCourse.lastDoseOn)}</dd>
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

const LAB_BANDS = ['normal', 'watch', 'act', 'stop'] as const;
const TEST_KINDS = ['screening', 'confirmation', 'monthly', 'endOfTreatment', 'postTreatment', 'unscheduled'] as const;

function timeline(record: PatientRecord, clinical: ClinicalReviewForPatient | null, asOf: string, { t, number }: Words): Event[] {
  const events: Event[] = [];
  for (const authorization of record.facts.authorizations) {
    const dispense = authorization.dispense;
    if (dispense !== null) {
      events.push({
        on: dispense.dispensedOn,
        kind: 'fill',
        text: t('course.pickedUp', { product: PRODUCT_NAMES[dispense.product] ?? dispense.product, strengthMg: number(dispense.strengthMg) }),
        detail: t('course.pickedUpDetail', { quantity: dispense.quantity, days: dispense.daysSupply }),
      });
    }
  }
  for (const test of record.facts.pregnancyTests) {
    events.push({
      on: test.specimenDate,
      kind: 'test',
      text: TEST_KINDS.some((kind) => kind === test.kind) ? t(`testKind.${test.kind}` as MessageId) : t('testKind.other'),
      detail: test.result === 'negative' ? t('course.negative') : test.result === 'positive' ? t('course.positive') : t('course.unreadable'),
    });
  }
  for (const lab of clinical?.labs ?? []) {
    events.push({
      on: lab.result.collectedOn,
      kind: 'lab',
      text: t('course.bloodTest', { analyte: analyteName(lab.result.analyte, t) }),
      detail: `${number(lab.result.value)} ${lab.result.unit}, ${
        LAB_BANDS.some((band) => band === lab.classification.band) ? t(`labBand.${lab.classification.band}` as MessageId) : lab.classification.band
      }`,
    });
  }
  for (const end of record.facts.courseEnds) {
    events.push({ on: end.lastDoseOn, kind: 'end', text: t('course.lastOfCourse') });
  }
  return events.filter((event) => event.on <= asOf).sort((a, b) => b.on.localeCompare(a.on) || a.kind.localeCompare(b.kind));
}

const KIND_WORDS: Record<Event['kind'], MessageId> = { fill: 'course.kindFill', test: 'course.kindTest', lab: 'course.kindLab', end: 'course.kindEnd' };

export function CoursePage() {
  const me = useMe();
  const words = useWords();
  const { t, date } = words;
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
    return <NotLinked title={t('course.title')} />;
  }

  return (
    <section className="patient-page">
      <h1>{t('course.title')}</h1>
      <Await loaded={loaded} what={t('course.loading')}>
        {({ record, clinical }) => {
          const status = record.status;
          const events = timeline(record, clinical, status.asOf, words);
          return (
            <>
              {clinical === null || clinical.cumulative === null ? <p className="notice">{t('course.noProgressYet')}</p> : <DoseProgress clinical={clinical} />}
              <StatusSummary status={status} />
              {clinical === null ? null : (
                <MissedDays patientId={patientId} today={status.asOf} reports={clinical.missedDoseReports} onReported={loaded.reload} />
              )}
              <h2>{t('course.timeline')}</h2>
              {events.length === 0 ? (
                <p>{t('course.noEvents')}</p>
              ) : (
                <ol className="timeline">
                  {events.map((event, index) => (
                    <li key={`${event.on}-${event.kind}-${index}`} className={`timeline-item timeline-${event.kind}`}>
                      <p className="timeline-date">
                        {date(event.on)}
                        <span className="hint"> · {t('course.ago', { days: daysBetween(event.on, status.asOf) })}</span>
                      </p>
                      <p className="timeline-text">
                        <span className={`badge timeline-kind-${event.kind}`}>{t(KIND_WORDS[event.kind])}</span> {event.text}
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
