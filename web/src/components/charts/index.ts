// Dependency-free, accessible SVG charts.
export {
  LineChart,
  type ChartMarker,
  type ChartPoint,
  type ChartSeries,
  type ChartTable,
  type ChartThreshold,
  type LineChartProps,
  type ThresholdTone,
} from './LineChart';
export { dateTicks, dayNumber, formatDayFull, formatDayShort, isoDateOf, linearScale, niceMax, niceTicks } from './scale';
