// The clinic's time zone and a few date sums the care team's pages share.
import { useMe, type Me } from '../../session';

/** Moments (when something was recorded) are shown in the clinic's time zone. */
export function useClinicTimeZone(): string {
  // `timeZone` is part of GET /me on servers that have it; older ones fall back to the program's zone.
  const me = useMe() as Me & { timeZone?: string };
  return me.timeZone ?? 'America/New_York';
}

/** Whole years from a birth date to a calendar date (both YYYY-MM-DD). */
export function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
