// What the patient page's record forms share: their props, the yes/no choice, and the success note
// (announced politely, with what the server said about it).
import type { ReactNode } from 'react';

export interface RecordFormProps {
  patientId: string;
  /** The program's today (the status's asOf): the latest date a fact can have. */
  today: string;
  /** Called after the server stored the fact, to refresh what the page shows. */
  onRecorded: () => void;
}

export const YES_NO = [
  ['true', 'Yes'],
  ['false', 'No'],
] as const;

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
