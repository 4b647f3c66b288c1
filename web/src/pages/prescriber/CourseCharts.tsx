// The course in charts: the cumulative dose against its target with the projected end date, each
// lab analyte over time against its alert thresholds, and the PHQ-9 totals against their bands.
import type { ClinicalReview, LabEntry, LabThresholds } from '../../apiTypes';
import { LineChart, dayNumber, type ChartSeries, type ChartThreshold } from '../../components/charts';
import { formatDate } from '../../dates';
import { ReasonList } from '../../components/reasons';
import { productName } from '../../labels';
import { ANALYTE_WORDS, BAND_WORDS, PHQ9_BAND_WORDS } from './labels';

const round = (value: number, decimals = 1) => String(Number(value.toFixed(decimals)));

export function CumulativeDoseChart({ review }: { review: ClinicalReview }) {
  const cumulative = review.cumulative;
  if (cumulative === null) {
    return (
      <div className="rx-chart-empty">
        <h3>Cumulative dose</h3>
        <p>Not counted yet: it needs the patient's weight and a product (a prescription or a dose plan).</p>
      </div>
    );
  }
  const figures = cumulative.conventionalEquivalent ?? cumulative.asDispensed;
  const now = figures.cumulativeMgPerKg;
  const target = cumulative.targetMgPerKg;
  const history = cumulative.history;
  const percent = target > 0 ? Math.min(100, Math.round((now / target) * 100)) : 0;
  const projected = cumulative.projectedTargetDate;
  const reached = cumulative.targetReachedOn;
  const ld = cumulative.conventionalEquivalent !== null;
  const summary = (
    <dl className="rx-facts-list rx-dose-facts">
      <div>
        <dt>So far</dt>
        <dd>
          {round(now, 2)} of {target} mg/kg ({percent} %){ld ? ', conventional-equivalent' : ''}
        </dd>
      </div>
      <div>
        <dt>Dose now</dt>
        <dd>{cumulative.currentDailyMg === null ? 'none' : `${cumulative.currentDailyMg} mg a day`}</dd>
      </div>
      <div>
        <dt>Days of therapy</dt>
        <dd>{cumulative.daysOfTherapy}</dd>
      </div>
      <div>
        <dt>{reached !== null ? 'Target reached' : 'Projected end'}</dt>
        <dd>
          {reached !== null
            ? formatDate(reached)
            : projected === null
              ? 'cannot be projected (no current or planned dose)'
              : `${formatDate(projected)} (${cumulative.daysRemaining} days)`}
        </dd>
      </div>
      <div>
        <dt>Weight</dt>
        <dd>
          {cumulative.weightKg} kg ({cumulative.weightBasis === 'latest' ? 'latest' : 'at course start'})
        </dd>
      </div>
    </dl>
  );
  if (history.length === 0) {
    return (
      <div className="rx-chart-empty">
        <h3>Cumulative dose</h3>
        {summary}
        <p>Nothing dispensed yet: the curve starts with the first dispense.</p>
      </div>
    );
  }
  const series: ChartSeries[] = [
    { name: 'Taken (dispensed days, less missed days)', dots: false, points: history.map((point) => ({ x: dayNumber(point.on), y: point.mgPerKg })) },
  ];
  if (projected !== null && reached === null && projected > review.asOf) {
    series.push({
      name: 'Projected at the current or planned dose',
      kind: 'projection',
      points: [
        { x: dayNumber(review.asOf), y: now },
        { x: dayNumber(projected), y: target },
      ],
    });
  }
  const markers = [{ x: dayNumber(review.asOf), label: 'Today' }];
  if (projected !== null && reached === null && projected > review.asOf) {
    markers.push({ x: dayNumber(projected), label: `End ${formatDate(projected).replace(/^\w+, /, '')}` });
  }
  const description =
    `Cumulative dose ${round(now, 2)} mg/kg on ${formatDate(review.asOf)}, ${percent} % of the ${target} mg/kg target` +
    (reached !== null
      ? `, reached on ${formatDate(reached)}.`
      : projected !== null
        ? `; at the current or planned dose the target is projected for ${formatDate(projected)}, in ${cumulative.daysRemaining} days.`
        : '; no end date can be projected.');
  return (
    <div>
      <h3>Cumulative dose</h3>
      {summary}
      <LineChart
        title={`Cumulative dose against the ${target} mg/kg target`}
        description={description}
        series={series}
        thresholds={[{ value: target, label: `Target ${target} mg/kg`, tone: 'target' }]}
        markers={markers}
        showThresholds="all"
        xAxis={{ label: 'Date', dates: true }}
        yAxis={{ label: `mg/kg${ld ? ' (conventional-equivalent)' : ''}` }}
        table={{
          columns: ['Date', 'Cumulative mg/kg', 'Point'],
          rows: [
            ...history.map((point) => [formatDate(point.on), round(point.mgPerKg, 2), point.on === review.asOf ? 'today' : 'taken']),
            ...(projected !== null && reached === null && projected > review.asOf ? [[formatDate(projected), String(target), 'projected target']] : []),
          ],
        }}
      />
      <ReasonList reasons={cumulative.warnings} tone="warning" />
      {review.product !== null ? <p className="hint">Product: {productName(review.product)}.</p> : null}
    </div>
  );
}

function thresholdsFor(analyte: string, t: LabThresholds): { lines: ChartThreshold[]; words: string } {
  switch (analyte) {
    case 'triglycerides': {
      const stop = Math.min(t.triglycerides.stopFromMgDl, t.triglycerides.alwaysStopFromMgDl);
      return {
        lines: [
          { value: t.triglycerides.watchFromMgDl, label: `Watch ≥ ${t.triglycerides.watchFromMgDl}`, tone: 'watch' },
          { value: t.triglycerides.actFromMgDl, label: `Act ≥ ${t.triglycerides.actFromMgDl}`, tone: 'act' },
          { value: stop, label: `Stop ≥ ${stop}`, tone: 'stop' },
        ],
        words: `On treatment: watch from ${t.triglycerides.watchFromMgDl}, act from ${t.triglycerides.actFromMgDl}, stop from ${stop} mg/dL. Before the first dose: watch from ${t.baselineTriglycerides.watchFromMgDl}, do not start from ${t.baselineTriglycerides.doNotStartFromMgDl} mg/dL without an override.`,
      };
    }
    case 'alt':
    case 'ast': {
      const l = t.liverEnzymes;
      return {
        lines: [
          { value: l.watchAboveUln, label: `Watch > ${l.watchAboveUln}× ULN`, tone: 'watch' },
          { value: l.actAboveUln, label: `Act > ${l.actAboveUln}×`, tone: 'act' },
          { value: l.stopAboveUln, label: `Stop > ${l.stopAboveUln}×`, tone: 'stop' },
        ],
        words: `Watch above ${l.watchAboveUln}, act above ${l.actAboveUln}, stop above ${l.stopAboveUln} times the upper limit of normal (any rise with jaundice or hepatitis symptoms: stop).`,
      };
    }
    case 'totalCholesterol':
      return {
        lines: [
          { value: t.totalCholesterol.watchFromMgDl, label: `Watch ≥ ${t.totalCholesterol.watchFromMgDl}`, tone: 'watch' },
          { value: t.totalCholesterol.actFromMgDl, label: `Act ≥ ${t.totalCholesterol.actFromMgDl}`, tone: 'act' },
        ],
        words: `Watch from ${t.totalCholesterol.watchFromMgDl}, act from ${t.totalCholesterol.actFromMgDl} mg/dL.`,
      };
    case 'hdl':
      return {
        lines: [{ value: t.hdl.watchBelowMgDl, label: `Watch < ${t.hdl.watchBelowMgDl}`, tone: 'watch' }],
        words: `Watch below ${t.hdl.watchBelowMgDl} mg/dL.`,
      };
    case 'glucose':
      return {
        lines: [
          { value: t.glucose.watchFromMgDl, label: `Watch ≥ ${t.glucose.watchFromMgDl}`, tone: 'watch' },
          { value: t.glucose.actFromMgDl, label: `Act ≥ ${t.glucose.actFromMgDl}`, tone: 'act' },
        ],
        words: `Watch from ${t.glucose.watchFromMgDl}, act (refer) from ${t.glucose.actFromMgDl} mg/dL.`,
      };
    case 'ck':
      return {
        lines: [{ value: t.ck.actAboveUlnWithSymptoms, label: `Act > ${t.ck.actAboveUlnWithSymptoms}× with symptoms`, tone: 'act' }],
        words: `Act above ${t.ck.actAboveUlnWithSymptoms} times the upper limit of normal with muscle pain or weakness.`,
      };
    default:
      return { lines: [], words: 'No alert thresholds for this test.' };
  }
}

function rawValue(lab: LabEntry): string {
  return `${lab.result.value} ${lab.result.unit}${lab.result.referenceHigh === undefined ? '' : ` (ULN ${lab.result.referenceHigh})`}`;
}

export function LabCharts({ review }: { review: ClinicalReview }) {
  const byAnalyte = new Map<string, LabEntry[]>();
  for (const lab of review.labs) {
    byAnalyte.set(lab.result.analyte, [...(byAnalyte.get(lab.result.analyte) ?? []), lab]);
  }
  const next = review.nextLab;
  return (
    <div>
      <h3>Labs</h3>
      {next.dueOn !== null ? (
        <p className={next.overdue ? 'notice rx-notice-overdue' : 'notice'}>
          <strong>
            Next lab {next.overdue ? 'overdue since' : 'due'} {formatDate(next.dueOn)}
          </strong>
          {next.analytes.length > 0 ? ` (${next.analytes.map((analyte) => ANALYTE_WORDS[analyte] ?? analyte).join(', ')})` : ''}: {next.reason.action}
        </p>
      ) : null}
      {byAnalyte.size === 0 ? <p>No lab results yet.</p> : null}
      <div className="rx-chart-grid">
        {[...byAnalyte.entries()].map(([analyte, labs]) => {
          const name = ANALYTE_WORDS[analyte] ?? analyte;
          const scale = labs[0]?.classification.normalized.scale ?? 'mg/dL';
          const { lines, words } = thresholdsFor(analyte, review.labThresholds);
          const latest = labs.at(-1) as LabEntry;
          const description =
            `${name}: ${labs.length} ${labs.length === 1 ? 'result' : 'results'}` +
            (labs.length > 1
              ? ` from ${formatDate((labs[0] ?? latest).result.collectedOn)} to ${formatDate(latest.result.collectedOn)}`
              : ` on ${formatDate(latest.result.collectedOn)}`) +
            `; latest ${rawValue(latest)}${scale === '×ULN' ? ` = ${round(latest.classification.normalized.value, 2)} × ULN` : ''}, ${BAND_WORDS[latest.classification.band]?.toLowerCase() ?? latest.classification.band} band. ${words}`;
          return (
            <LineChart
              key={analyte}
              title={`${name} over time`}
              caption={
                <>
                  {name}{' '}
                  <span className={`badge rx-band-${latest.classification.band}`}>
                    latest: {BAND_WORDS[latest.classification.band] ?? latest.classification.band}
                  </span>
                </>
              }
              description={description}
              series={[{ name, points: labs.map((lab) => ({ x: dayNumber(lab.result.collectedOn), y: lab.classification.normalized.value })) }]}
              thresholds={lines}
              markers={[]}
              xAxis={{ label: 'Date drawn', dates: true }}
              yAxis={{ label: scale === '×ULN' ? '× upper limit of normal' : 'mg/dL' }}
              table={{
                columns: ['Drawn', 'Result', scale === '×ULN' ? '× ULN' : 'mg/dL', 'Band'],
                rows: labs.map((lab) => [
                  formatDate(lab.result.collectedOn),
                  `${rawValue(lab)}${lab.result.fasting === false ? ', not fasting' : ''}`,
                  round(lab.classification.normalized.value, 2),
                  `${BAND_WORDS[lab.classification.band] ?? lab.classification.band}${lab.classification.flags.length > 0 ? ` (${lab.classification.flags.join(', ')})` : ''}`,
                ]),
              }}
            />
          );
        })}
      </div>
    </div>
  );
}

export function MoodChart({ review }: { review: ClinicalReview }) {
  const history = review.moodHistory;
  const latest = history.at(-1);
  if (latest === undefined) {
    return (
      <div className="rx-chart-empty">
        <h3>Mood (PHQ-9)</h3>
        <p>No PHQ-9 answered yet.</p>
      </div>
    );
  }
  const item9 = history.filter((entry) => entry.item9 > 0);
  return (
    <div>
      <h3>Mood (PHQ-9)</h3>
      <LineChart
        title="PHQ-9 total over time"
        description={
          `${history.length} PHQ-9 ${history.length === 1 ? 'questionnaire' : 'questionnaires'}; latest total ${latest.total} (${PHQ9_BAND_WORDS[latest.band] ?? latest.band}) on ${formatDate(latest.answeredOn)}.` +
          (item9.length > 0 ? ` Thoughts of self-harm (item 9) reported on ${item9.map((entry) => formatDate(entry.answeredOn)).join(', ')}.` : '')
        }
        series={[{ name: 'PHQ-9 total (0–27)', points: history.map((entry) => ({ x: dayNumber(entry.answeredOn), y: entry.total })) }]}
        thresholds={[
          { value: 5, label: 'Mild ≥ 5', tone: 'neutral' },
          { value: 10, label: 'Moderate ≥ 10', tone: 'watch' },
          { value: 15, label: 'Mod. severe ≥ 15', tone: 'act' },
          { value: 20, label: 'Severe ≥ 20', tone: 'stop' },
        ]}
        showThresholds="all"
        xAxis={{ label: 'Date answered', dates: true }}
        yAxis={{ label: 'PHQ-9 total', min: 0, max: 27 }}
        table={{
          columns: ['Answered', 'Total', 'Band', 'Item 9 (self-harm)'],
          rows: history.map((entry) => [
            formatDate(entry.answeredOn),
            String(entry.total),
            PHQ9_BAND_WORDS[entry.band] ?? entry.band,
            entry.item9 > 0 ? `${entry.item9}: urgent` : '0',
          ]),
        }}
      />
    </div>
  );
}
