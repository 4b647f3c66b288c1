// What the patient page's record forms share: their props, the yes/no choice, a number check, and
// the success note (announced politely, with what the server said about it).
import type { ReactNode } from 'react';
import type { Validator } from '../../../components/forms';

export interface RecordFormProps {
  patientId: string;
  /** The program's today (the status's asOf): the latest date a fact can have. */
  today: string;
  /** Called after the server stored the fact, to refresh what the page shows. */
  onRecorded(): void;
}

export const YES_NO = [
  ['true', 'Yes'],
  ['false', 'No'],
] as const;

export const wholeNumberBetween =
  (min: number, max: number, why?: string): Validator =>
  (value) => {
    if (value === '') return undefined;
    const number = Number(value);
    return Number.isInteger(number) && number >= min && number <= max ? undefined : why ?? `A whole number from ${min} to ${max}.`;
  };

export const onOrAfter =
  (earliest: () => string, what: string): Validator =>
  (value) =>
    value !== '' && earliest() !== '' && value < earliest() ? `Cannot be before ${what}.` : undefined;

/** Always in the page (an empty live region), so what appears in it is announced. */
export function Success({ children }: { children: ReactNode }) {
  const empty = children === null || children === undefined || children === false;
  return (
    <div className={empty ? undefined : 'success'} role="status">
      {empty ? null : children}
    </div>
  );
}

/** The body's optional fields: left out when empty. */
export function optional<T>(value: string, convert: (value: string) => T): T | undefined {
  return value.trim() === '' ? undefined : convert(value.trim());
}
