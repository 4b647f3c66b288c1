// Clinical alerts: what the clinical rules (mood §4.3, symptoms §4.4, later labs §4.2) tell a
// prescriber — and sometimes the patient — needs doing. An alert is a value like a Reason
// (decision.ts), but it does not decide anything by itself: it is shown, tracked and acknowledged.
//
// Policy [APP]: every urgent alert needs a written note to be acknowledged (R-MOOD-1 demands it for
// suicidal ideation; the app extends it to every urgent alert so the prescriber's response is on
// record). Warnings and information can be acknowledged without a note.
import { decide, reason, type Decision } from './decision.js';

export type AlertSeverity = 'urgent' | 'warning' | 'info';

/** When the prescriber must have acknowledged the alert. */
export type AlertDue = 'today' | 'beforeNextAuthorization';

export interface Alert {
  /** Machine-readable, stable: clients switch on it (e.g. SUICIDAL_IDEATION). */
  code: string;
  /** The rule of domain.md it comes from (e.g. R-MOOD-1, §4.4). */
  rule: string;
  severity: AlertSeverity;
  /** What was found, for the prescriber. */
  message: string;
  /** What the prescriber should do. */
  recommendedAction: string;
  /** True when acknowledging the alert needs a written note (acknowledgeAlert refuses without one). */
  requiresNote: boolean;
  /** What the patient is shown at once, when there is something for them (crisis lines, education). */
  patientMessage?: string;
  /** When the prescriber must have acknowledged it; absent for alerts with no deadline. */
  acknowledgeBy?: AlertDue;
}

export const ALERT_SEVERITIES: readonly AlertSeverity[] = ['urgent', 'warning', 'info'];

export interface AlertOptions {
  patientMessage?: string;
  acknowledgeBy?: AlertDue;
}

/** Builds an alert; urgent alerts always require a note ([APP], see above). */
export function alert(code: string, rule: string, severity: AlertSeverity, message: string, recommendedAction: string, options: AlertOptions = {}): Alert {
  const result: Alert = { code, rule, severity, message, recommendedAction, requiresNote: severity === 'urgent' };
  if (options.patientMessage !== undefined) {
    result.patientMessage = options.patientMessage;
  }
  if (options.acknowledgeBy !== undefined) {
    result.acknowledgeBy = options.acknowledgeBy;
  }
  return result;
}

/** What the alerts tell the patient themself, in order (the rest is for the care team). */
export function patientMessages(alerts: readonly Alert[]): string[] {
  return alerts.flatMap((item) => (item.patientMessage === undefined ? [] : [item.patientMessage]));
}

/** One piece of advice for the patient: the alert's code and severity beside its text, so a page decides what is urgent by code, not by the words (which may be in any language). */
export interface PatientAdvice {
  code: string;
  severity: AlertSeverity;
  text: string;
  /** The logged symptoms that raised it (a symptom alert): with the code, a page words the advice in the reader's language (the self-care advice is the symptom's own). */
  symptoms?: string[];
}

/** What the alerts tell the patient, each with its code and severity (and a symptom alert's symptoms), in the order of patientMessages. */
export function patientAdvice(alerts: ReadonlyArray<Alert & { symptoms?: readonly string[] }>): PatientAdvice[] {
  return alerts.flatMap((item) =>
    item.patientMessage === undefined
      ? []
      : [{ code: item.code, severity: item.severity, text: item.patientMessage, ...(item.symptoms === undefined ? {} : { symptoms: [...item.symptoms] }) }],
  );
}

/** Most urgent first; the order of equally severe alerts is kept. */
export function sortAlerts<T extends Alert>(alerts: readonly T[]): T[] {
  const rank = (item: T) => ALERT_SEVERITIES.indexOf(item.severity);
  return [...alerts].sort((a, b) => rank(a) - rank(b));
}

export interface Acknowledgement extends Decision {
  /** The note as it will be stored (trimmed), or null when none was written. */
  note: string | null;
}

/**
 * A prescriber acknowledges an alert. Refused with ACKNOWLEDGEMENT_NOTE_REQUIRED when the alert
 * needs a note and the note is missing, empty or only whitespace (R-MOOD-1, T-47).
 */
export function acknowledgeAlert(target: Alert, note: string | null | undefined): Acknowledgement {
  const trimmed = (note ?? '').trim();
  const stored = trimmed === '' ? null : trimmed;
  if (target.requiresNote && stored === null) {
    return {
      ...decide([
        reason(
          'ACKNOWLEDGEMENT_NOTE_REQUIRED',
          target.rule,
          `The alert ${target.code} cannot be dismissed without a note.`,
          'Write what was done (for example: "Called the patient, safety plan made, referred to mental health").',
        ),
      ]),
      note: null,
    };
  }
  return { ...decide([]), note: stored };
}
