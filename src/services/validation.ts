// Input checks shared by use cases: facts are about the past, never the future (R-PT-6).
import { isAfter, isBefore, type IsoDate } from '../domain/dates.js';
import { InvalidInputError, type FieldError } from './errors.js';

export function datesNotInFuture(today: IsoDate, dates: Record<string, IsoDate | undefined>): FieldError[] {
  return Object.entries(dates)
    .filter((entry): entry is [string, IsoDate] => entry[1] !== undefined && isAfter(entry[1], today))
    .map(([field, date]) => ({ field, code: 'DATE_IN_FUTURE', message: `${date} is after today (${today}).` }));
}

export function notBefore(field: string, date: IsoDate, earliest: IsoDate, what: string): FieldError[] {
  return isBefore(date, earliest) ? [{ field, code: 'DATE_TOO_EARLY', message: `${date} is before ${what} (${earliest}).` }] : [];
}

export function throwIfProblems(problems: FieldError[]): void {
  if (problems.length > 0) {
    throw new InvalidInputError(problems);
  }
}
