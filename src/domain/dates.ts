// Calendar-date arithmetic for the program's windows (domain.md D-1..D-3).
// Every date in the domain is an ISO calendar date string 'YYYY-MM-DD': it crosses the API,
// the database and the rules unchanged. The arithmetic goes through Temporal.PlainDate so month
// lengths and leap years are never hand-rolled.
import { Temporal } from 'temporal-polyfill';

/** An ISO calendar date, 'YYYY-MM-DD', with no time and no time zone (D-1). */
export type IsoDate = string;

const ISO_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/**
 * True when `value` is a real calendar date written as YYYY-MM-DD (rejects 2025-02-30) that the
 * database can store as sent. Four digits bound the year to 9999, inside PostgreSQL's range; year
 * 0000 is the one four-digit year PostgreSQL has not (its calendar goes from 1 BC to AD 1 and its
 * parser refuses year 0), so it is refused here, the one place every date is checked: the API's
 * schema format 'date', the lab CSV rows and the interop edges all ask this function.
 */
export function isIsoDate(value: string): boolean {
  if (!ISO_DATE_PATTERN.test(value) || value.startsWith('0000')) {
    return false;
  }
  try {
    Temporal.PlainDate.from(value, { overflow: 'reject' });
    return true;
  } catch {
    return false;
  }
}

function plain(date: IsoDate): Temporal.PlainDate {
  return Temporal.PlainDate.from(date, { overflow: 'reject' });
}

/**
 * Results of addDays and daysBetween, by their arguments. Every derivation asks the same few dozen
 * questions (today ± the program's windows, each fact's date ± its offsets), and a Temporal
 * object per question was about a fifth of the CPU a worklist refresh spends in the rules (issue
 * 12, item 6). Pure functions, so a remembered answer is the answer; the maps are emptied when
 * full, so they stay small whatever the dates asked.
 */
const MEMO_LIMIT = 20_000;
const addDaysMemo = new Map<string, IsoDate>();
const daysBetweenMemo = new Map<string, number>();

function remembered<T>(memo: Map<string, T>, key: string, compute: () => T): T {
  const known = memo.get(key);
  if (known !== undefined) {
    return known;
  }
  const value = compute();
  if (memo.size >= MEMO_LIMIT) {
    memo.clear();
  }
  memo.set(key, value);
  return value;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return remembered(addDaysMemo, `${date}|${days}`, () => plain(date).add({ days }).toString());
}

export function addYears(date: IsoDate, years: number): IsoDate {
  // Temporal constrains Feb 29 + 1 year to Feb 28, the usual reading of a birthday.
  return plain(date).add({ years }).toString();
}

/** Calendar days from `from` to `to` (D-3: `to − from`); negative when `to` is earlier. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return remembered(daysBetweenMemo, `${from}|${to}`, () => plain(from).until(plain(to), { largestUnit: 'days' }).days);
}

/**
 * Orders two calendar dates. Every IsoDate in isocourse is a validated four-digit-year
 * 'YYYY-MM-DD' (schemas, DATE columns, addDays), so its text sorts as its date does; comparing
 * the text spares two Temporal objects per comparison on the authorization hot path.
 */
export function compareDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function isBefore(a: IsoDate, b: IsoDate): boolean {
  return compareDates(a, b) < 0;
}

export function isAfter(a: IsoDate, b: IsoDate): boolean {
  return compareDates(a, b) > 0;
}

export function isOnOrBefore(a: IsoDate, b: IsoDate): boolean {
  return compareDates(a, b) <= 0;
}

export function isOnOrAfter(a: IsoDate, b: IsoDate): boolean {
  return compareDates(a, b) >= 0;
}

export function earliestOf(...dates: IsoDate[]): IsoDate {
  const [first, ...rest] = dates;
  if (first === undefined) {
    throw new Error('earliestOf needs at least one date');
  }
  return rest.reduce((earliest, date) => (isBefore(date, earliest) ? date : earliest), first);
}

export function latestOf(...dates: IsoDate[]): IsoDate {
  const [first, ...rest] = dates;
  if (first === undefined) {
    throw new Error('latestOf needs at least one date');
  }
  return rest.reduce((latest, date) => (isAfter(date, latest) ? date : latest), first);
}

/** Whole years of age on `onDate` for someone born on `birthDate`. */
export function ageInYears(birthDate: IsoDate, onDate: IsoDate): number {
  return plain(birthDate).until(plain(onDate), { largestUnit: 'years' }).years;
}

/**
 * The calendar date an instant falls on in a time zone. The domain never reads the clock (D-6):
 * services call this with the current instant and the program's time zone (D-5).
 */
export function calendarDateAt(instant: Date, timeZone: string): IsoDate {
  return Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(timeZone).toPlainDate().toString();
}

/** True when `timeZone` is an IANA zone name the runtime knows. (Tried on a fixed instant: no clock read.) */
export function isTimeZone(timeZone: string): boolean {
  try {
    Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(timeZone);
    return true;
  } catch {
    return false;
  }
}
