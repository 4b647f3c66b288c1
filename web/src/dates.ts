// No date library: Intl.DateTimeFormat is the platform's own formatter (time zones included), and the arithmetic is whole UTC days.
// Dates as people read them. Calendar dates (a test's specimen date, a window's last day) are
// shown as they are, with no time zone arithmetic; moments (a message delivered, an audit event)
// are shown in the clinic's time zone.

const calendar = new Intl.DateTimeFormat('en-US', { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });

export function formatDate(isoDate: string): string {
  return calendar.format(new Date(`${isoDate}T00:00:00Z`));
}

// (dateStyle/timeStyle cannot be combined with timeZoneName: the fields are spelled out.)
export function formatMoment(instant: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', {
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
