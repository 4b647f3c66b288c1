// No date library: Intl.DateTimeFormat is the platform's own formatter (time zones included), and the arithmetic is whole UTC days.
// Dates as people read them. Calendar dates (a test's specimen date, a window's last day) are
// shown as they are, with no time zone arithmetic; moments (a message delivered, an audit event)
// are shown in the clinic's time zone.

/** How a calendar date is shown, in every language (the patient's pages pass it to react-intl: i18n/I18n.tsx). */
export const CALENDAR_DATE: Intl.DateTimeFormatOptions = { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' };

/** A calendar date (YYYY-MM-DD) as the instant its formatter reads, in UTC. */
export function calendarDate(isoDate: string): Date {
  return new Date(`${isoDate}T00:00:00Z`);
}

const calendars = new Map<string, Intl.DateTimeFormat>();

/** A calendar date as people read it, in a locale (staff pages: US English). */
export function formatDate(isoDate: string, locale = 'en-US'): string {
  let calendar = calendars.get(locale);
  if (calendar === undefined) {
    calendar = new Intl.DateTimeFormat(locale, CALENDAR_DATE);
    calendars.set(locale, calendar);
  }
  return calendar.format(calendarDate(isoDate));
}

// (dateStyle/timeStyle cannot be combined with timeZoneName: the fields are spelled out.)
export function formatMoment(instant: string, timeZone: string, locale = 'en-US'): string {
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(new Date(instant));
}

/** Today's calendar date in a time zone, YYYY-MM-DD. */
export function todayIn(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** A calendar date some days from another (YYYY-MM-DD). */
export function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Whole years from a birth date to a calendar date (both YYYY-MM-DD). */
export function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
