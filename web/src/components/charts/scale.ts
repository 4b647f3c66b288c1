// Hand-written, not d3-scale: a linear map, 1-2-2.5-5 ticks and month ticks are ~100 lines; d3-scale would bring five d3 packages into the bundle for them.
// Numbers and dates on a chart's axes: linear scales, "nice" tick values, and calendar dates as
// day numbers (so a date axis is a number axis whose labels are dates).

export interface Scale {
  (value: number): number;
  domain: readonly [number, number];
  range: readonly [number, number];
}

export function linearScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0 === 0 ? 1 : d1 - d0;
  const scale = ((value: number) => r0 + ((value - d0) / span) * (r1 - r0)) as Scale;
  Object.assign(scale, { domain, range });
  return scale;
}

/** Round tick values (1, 2, 2.5 or 5 × a power of ten) covering [min, max], about `count` of them. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) {
    return [];
  }
  if (max === min) {
    return [min];
  }
  const rough = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough) ?? 10 * power;
  const ticks: number[] = [];
  for (let tick = Math.ceil(min / step) * step; tick <= max + step * 1e-9; tick += step) {
    ticks.push(Number(tick.toPrecision(12)));
  }
  return ticks;
}

/** The upper end of an axis starting at `min`: a round value a little above `max` (room for labels). */
export function niceMax(min: number, max: number, count = 5): number {
  const ticks = niceTicks(min, max, count);
  const step = ticks.length > 1 ? (ticks[1] as number) - (ticks[0] as number) : Math.abs(max - min) || 1;
  return Number((Math.ceil((max + (max - min) * 0.05) / step) * step).toPrecision(12));
}

const DAY_MS = 86_400_000;

/** A calendar date (YYYY-MM-DD) as a day number (days since 1970-01-01). */
export function dayNumber(isoDate: string): number {
  return Math.round(Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS);
}

/** A day number back as a calendar date (YYYY-MM-DD). */
export function isoDateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

const SHORT_DATE: Intl.DateTimeFormatOptions = { month: 'short', day: 'numeric', timeZone: 'UTC' };
const MONTH_YEAR: Intl.DateTimeFormatOptions = { month: 'short', year: '2-digit', timeZone: 'UTC' };
const FULL_DATE: Intl.DateTimeFormatOptions = { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' };
const formatters = new Map<string, Intl.DateTimeFormat>();

/** A day number in a locale's words (the reader's: en-US, es-US), its formatter made once. */
function formatDay(day: number, locale: string, options: Intl.DateTimeFormatOptions, kind: string): string {
  const key = `${locale} ${kind}`;
  let formatter = formatters.get(key);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, formatter);
  }
  return formatter.format(new Date(day * DAY_MS));
}

/** "Mar 10" ("10 mar" in Spanish) — a tick label. */
export function formatDayShort(day: number, locale = 'en-US'): string {
  return formatDay(day, locale, SHORT_DATE, 'short');
}

/** "Mar 10, 2026" ("10 mar 2026" in Spanish) — for tables and descriptions. */
export function formatDayFull(day: number, locale = 'en-US'): string {
  return formatDay(day, locale, FULL_DATE, 'full');
}

/**
 * Tick days for a date axis from `first` to `last`: the first of each month when the span is long
 * (every second or third month when there is little room), else weekly, else daily.
 */
export function dateTicks(first: number, last: number, maxTicks: number, locale = 'en-US'): { day: number; label: string }[] {
  const span = last - first;
  if (span <= 0) {
    return [{ day: first, label: formatDayShort(first, locale) }];
  }
  if (span > 45) {
    const months: number[] = [];
    const start = new Date(first * DAY_MS);
    let year = start.getUTCFullYear();
    let month = start.getUTCMonth() + (start.getUTCDate() === 1 ? 0 : 1);
    for (;;) {
      const day = Math.round(Date.UTC(year, month, 1) / DAY_MS);
      if (day > last) {
        break;
      }
      months.push(day);
      month += 1;
      if (month === 12) {
        month = 0;
        year += 1;
      }
    }
    const every = Math.max(1, Math.ceil(months.length / Math.max(1, maxTicks)));
    return months.filter((_, index) => index % every === 0).map((day) => ({ day, label: formatDay(day, locale, MONTH_YEAR, 'monthYear') }));
  }
  const stepDays = [1, 2, 7, 14].find((step) => span / step <= maxTicks) ?? 28;
  const ticks: { day: number; label: string }[] = [];
  for (let day = first; day <= last; day += stepDays) {
    ticks.push({ day, label: formatDayShort(day, locale) });
  }
  return ticks;
}
