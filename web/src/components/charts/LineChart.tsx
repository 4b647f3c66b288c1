// Hand-written, not a chart library: one line-chart shape, drawn accessible (title, desc, dash patterns, a table) as a library would have to be configured and audited to be.
// A small, dependency-free SVG line chart: one or more series over a number or date axis, with
// horizontal threshold lines (alert bands, a target) and vertical markers (today, a projected
// date). It is drawn at the width it is given (so its text stays readable on a phone), named by a
// <title> and <desc> for screen readers, explained by an HTML legend (lines differ by dash pattern
// as well as colour), and its values are one click away as a table.
import { useEffect, useId, useRef, useState, type ReactNode, type RefObject } from 'react';
import { useWords } from '../../i18n/I18n';
import { dateTicks, formatDayFull, linearScale, niceMax, niceTicks } from './scale';
import './charts.css';

export interface ChartPoint {
  x: number;
  y: number;
}

export interface ChartSeries {
  name: string;
  points: readonly ChartPoint[];
  /** 'data' is measured (solid line, dots); 'projection' is expected (dashed, no dots). */
  kind?: 'data' | 'projection';
  /** Dots on a data series' points (default true): off when the points are only where the slope changes. */
  dots?: boolean;
}

export type ThresholdTone = 'target' | 'watch' | 'act' | 'stop' | 'neutral';

export interface ChartThreshold {
  value: number;
  /** Written on the line, e.g. "Act ≥ 500" or "Target 150 mg/kg". */
  label: string;
  tone: ThresholdTone;
}

export interface ChartMarker {
  x: number;
  label: string;
}

export interface ChartAxis {
  label: string;
  min?: number;
  max?: number;
  format?: (value: number) => string;
}

export interface ChartTable {
  columns: readonly string[];
  rows: ReadonlyArray<ReadonlyArray<ReactNode>>;
}

export interface LineChartProps {
  /** The chart's name (its <title>); also shown as its caption unless `caption` is given. */
  title: string;
  /** What it shows, in a sentence or two with the key values (its <desc>, read by screen readers). */
  description: string;
  caption?: ReactNode;
  series: readonly ChartSeries[];
  thresholds?: readonly ChartThreshold[];
  markers?: readonly ChartMarker[];
  /** With `dates`, x values are day numbers (scale.ts dayNumber) and ticks are calendar dates. */
  xAxis: ChartAxis & { dates?: boolean };
  yAxis: ChartAxis;
  /** The values as a table, behind a "Show the values" disclosure. */
  table: ChartTable;
  /**
   * Thresholds above the data are drawn up to the first one above the highest value (the nearest
   * band edge), so low values are not squashed under a far-off line; the others are listed in the
   * legend. `all` draws every threshold.
   */
  showThresholds?: 'nearest' | 'all';
}

const MARGIN = { top: 28, right: 14, bottom: 46, left: 50 };

function useWidth(fallback: number): [RefObject<HTMLElement | null>, number] {
  const ref = useRef<HTMLElement | null>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const element = ref.current;
    if (element === null || typeof ResizeObserver === 'undefined') {
      return;
    }
    const measure = () => {
      setWidth(Math.max(260, Math.round(element.getBoundingClientRect().width)));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => {
      observer.disconnect();
    };
  }, []);
  return [ref, width];
}

const trimNumber = (value: number) => String(Number(value.toFixed(2)));

export function LineChart({
  title,
  description,
  caption,
  series,
  thresholds = [],
  markers = [],
  xAxis,
  yAxis,
  table,
  showThresholds = 'nearest',
}: LineChartProps) {
  const { t, locale } = useWords();
  const id = useId();
  const [wrapperRef, width] = useWidth(640);
  const height = Math.round(Math.min(340, Math.max(220, width * 0.5)));
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const plotHeight = height - MARGIN.top - MARGIN.bottom;

  const points = series.flatMap((item) => item.points);
  const xs = [...points.map((point) => point.x), ...markers.map((marker) => marker.x)];
  let xMin = xAxis.min ?? (xs.length > 0 ? Math.min(...xs) : 0);
  let xMax = xAxis.max ?? (xs.length > 0 ? Math.max(...xs) : 1);
  if (xMax <= xMin) {
    xMin -= xAxis.dates ? 7 : 1;
    xMax += xAxis.dates ? 7 : 1;
  }

  const ys = points.map((point) => point.y);
  const yMin = yAxis.min ?? 0;
  const dataMax = ys.length > 0 ? Math.max(...ys) : yMin + 1;
  const sortedThresholds = [...thresholds].sort((a, b) => a.value - b.value);
  const nearestAbove = sortedThresholds.find((threshold) => threshold.value > dataMax);
  const shownThresholds =
    showThresholds === 'all' ? sortedThresholds : sortedThresholds.filter((threshold) => threshold.value <= dataMax || threshold === nearestAbove);
  const highestShown = Math.max(dataMax, ...shownThresholds.map((threshold) => threshold.value));
  const yMax = yAxis.max ?? niceMax(yMin, highestShown <= yMin ? yMin + 1 : highestShown);

  const x = linearScale([xMin, xMax], [MARGIN.left, MARGIN.left + plotWidth]);
  const y = linearScale([yMin, yMax], [MARGIN.top + plotHeight, MARGIN.top]);
  const formatY = yAxis.format ?? trimNumber;
  const formatX = xAxis.format ?? (xAxis.dates ? (day: number) => formatDayFull(day, locale) : trimNumber);

  const maxXTicks = Math.max(2, Math.floor(plotWidth / 70));
  const xTicks = xAxis.dates
    ? dateTicks(Math.ceil(xMin), Math.floor(xMax), maxXTicks, locale)
    : niceTicks(xMin, xMax, maxXTicks).map((value) => ({ day: value, label: formatX(value) }));
  const yTicks = niceTicks(yMin, yMax, Math.max(3, Math.floor(plotHeight / 45)));

  const path = (line: readonly ChartPoint[]) =>
    line.map((point, index) => `${index === 0 ? 'M' : 'L'}${x(point.x).toFixed(1)},${y(point.y).toFixed(1)}`).join(' ');

  const hiddenThresholds = sortedThresholds.filter((threshold) => !shownThresholds.includes(threshold));

  return (
    <figure className="lchart" ref={wrapperRef}>
      <figcaption className="lchart-caption">{caption ?? title}</figcaption>
      <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} className="lchart-svg">
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        <text className="lchart-axis-label" x={MARGIN.left - 6} y={14} textAnchor="start" aria-hidden="true">
          {yAxis.label}
        </text>
        <g className="lchart-grid" aria-hidden="true">
          {yTicks.map((tick) => (
            <g key={`y${tick}`}>
              <line x1={MARGIN.left} x2={MARGIN.left + plotWidth} y1={y(tick)} y2={y(tick)} />
              <text className="lchart-tick" x={MARGIN.left - 6} y={y(tick)} dy="0.32em" textAnchor="end">
                {formatY(tick)}
              </text>
            </g>
          ))}
          {xTicks.map((tick) => (
            <g key={`x${tick.day}`}>
              <line className="lchart-x-tick" x1={x(tick.day)} x2={x(tick.day)} y1={MARGIN.top + plotHeight} y2={MARGIN.top + plotHeight + 5} />
              <text
                className="lchart-tick"
                x={x(tick.day)}
                y={MARGIN.top + plotHeight + 18}
                textAnchor={x(tick.day) > MARGIN.left + plotWidth - 24 ? 'end' : x(tick.day) < MARGIN.left + 12 ? 'start' : 'middle'}
              >
                {tick.label}
              </text>
            </g>
          ))}
          <line className="lchart-axis" x1={MARGIN.left} x2={MARGIN.left + plotWidth} y1={MARGIN.top + plotHeight} y2={MARGIN.top + plotHeight} />
          <line className="lchart-axis" x1={MARGIN.left} x2={MARGIN.left} y1={MARGIN.top} y2={MARGIN.top + plotHeight} />
          <text className="lchart-axis-label" x={MARGIN.left + plotWidth / 2} y={height - 6} textAnchor="middle">
            {xAxis.label}
          </text>
        </g>
        <g aria-hidden="true">
          {shownThresholds.map((threshold) => (
            <g key={`t${threshold.label}${threshold.value}`} className={`lchart-threshold lchart-threshold-${threshold.tone}`}>
              <line x1={MARGIN.left} x2={MARGIN.left + plotWidth} y1={y(threshold.value)} y2={y(threshold.value)} />
              {/* Above its line, or below it when the line runs along the top (where the markers' labels are). */}
              <text
                x={MARGIN.left + plotWidth - 4}
                y={y(threshold.value) - MARGIN.top < 14 ? y(threshold.value) + 14 : y(threshold.value) - 4}
                textAnchor="end"
              >
                {threshold.label}
              </text>
            </g>
          ))}
          {markers.map((marker) => {
            const at = x(marker.x);
            const nearRight = at > MARGIN.left + plotWidth * 0.6;
            return (
              <g key={`m${marker.label}`} className="lchart-marker">
                <line x1={at} x2={at} y1={MARGIN.top - 6} y2={MARGIN.top + plotHeight} />
                <text x={nearRight ? at - 4 : at + 4} y={MARGIN.top - 8} textAnchor={nearRight ? 'end' : 'start'}>
                  {marker.label}
                </text>
              </g>
            );
          })}
          {series.map((item) => (
            <g key={item.name} className={`lchart-series lchart-series-${item.kind ?? 'data'}`}>
              {item.points.length > 1 ? <path d={path(item.points)} /> : null}
              {(item.kind ?? 'data') === 'data' && item.dots !== false
                ? item.points.map((point) => <circle key={`${point.x}-${point.y}`} cx={x(point.x)} cy={y(point.y)} r={3.5} />)
                : null}
            </g>
          ))}
        </g>
      </svg>
      <ul className="lchart-legend">
        {series.map((item) => (
          <li key={item.name}>
            <svg width="28" height="10" aria-hidden="true" className={`lchart-series lchart-series-${item.kind ?? 'data'}`}>
              <path d="M1,5 L27,5" />
            </svg>
            {item.name}
          </li>
        ))}
        {sortedThresholds.map((threshold) => (
          <li key={`l${threshold.label}${threshold.value}`}>
            <svg width="28" height="10" aria-hidden="true" className={`lchart-threshold lchart-threshold-${threshold.tone}`}>
              <line x1="1" x2="27" y1="5" y2="5" />
            </svg>
            {threshold.label}
            {hiddenThresholds.includes(threshold) ? <span className="lchart-offscale"> {t('chart.aboveChart')}</span> : null}
          </li>
        ))}
      </ul>
      <details className="lchart-data">
        <summary>{t('chart.showValues')}</summary>
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                {table.columns.map((column) => (
                  <th key={column} scope="col">
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, index) => (
                <tr key={index}>
                  {row.map((cell, cellIndex) => (
                    <td key={cellIndex}>{cell}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
