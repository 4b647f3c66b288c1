// A decision is a value: allowed or not, and every reason — which rule, what a person reads,
// what fixes it and the earliest date the answer can change. Warnings never block.
import type { IsoDate } from './dates.js';

export interface Reason {
  /** Machine-readable, stable: clients switch on it (e.g. WINDOW_CLOSED). */
  code: string;
  /** The rule of domain.md it comes from (e.g. R-WIN-1). */
  rule: string;
  /** What is wrong, for a person. */
  message: string;
  /** What fixes it, for a person. */
  action: string;
  /**
   * The earliest date this reason can stop applying; null when no date alone will change it
   * (something must be done first, e.g. a new test).
   */
  earliestChangeDate: IsoDate | null;
  /** The last day something can still be done in time, when there is one (a window's last day). */
  deadline?: IsoDate;
}

export interface Decision {
  allowed: boolean;
  reasons: Reason[];
  warnings: Reason[];
}

export function reason(
  code: string,
  rule: string,
  message: string,
  action: string,
  dates: { earliestChangeDate?: IsoDate | null; deadline?: IsoDate } = {},
): Reason {
  const result: Reason = {
    code,
    rule,
    message,
    action,
    earliestChangeDate: dates.earliestChangeDate ?? null,
  };
  if (dates.deadline !== undefined) {
    result.deadline = dates.deadline;
  }
  return result;
}

export function decide(reasons: Reason[], warnings: Reason[] = []): Decision {
  return { allowed: reasons.length === 0, reasons, warnings };
}
