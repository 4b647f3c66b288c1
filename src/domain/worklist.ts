// The prescriber's worklist entry for one patient: what needs doing, how urgent it is, by when —
// and until when this answer holds if nothing new is recorded (the earliest date on which the
// passing of time alone could change it), so a stored copy knows when it must be recomputed.
import type { ClinicalReview } from './clinicalReview.js';
import { addDays, compareDates, isAfter, type IsoDate } from './dates.js';
import type { ProgramStatus } from './programStatus.js';
import { DEFAULT_PROGRAM_CONFIG, type ProgramConfig } from './ruleSets.js';

/** Lower is more urgent. */
export const WORKLIST_URGENCY = {
  urgentAlert: 0,
  pregnancyHold: 0,
  windowClosing: 1,
  overdue: 2,
  warningAlert: 3,
  due: 4,
} as const;

export type WorklistUrgency = (typeof WORKLIST_URGENCY)[keyof typeof WORKLIST_URGENCY];

export interface WorklistItem {
  code: string;
  urgency: WorklistUrgency;
  message: string;
  action: string;
  dueOn: IsoDate | null;
}

export interface WorklistEntry {
  computedOn: IsoDate;
  /** The first day this entry may be wrong without any new fact: recompute on or after it. */
  validUntil: IsoDate;
  /** The most urgent item's urgency; null when nothing needs doing. */
  urgency: WorklistUrgency | null;
  /** The earliest due date among the most urgent items. */
  dueOn: IsoDate | null;
  state: ProgramStatus['state'];
  items: WorklistItem[];
}

/** How far ahead a due lab or test is worth listing. [APP] */
export const WORKLIST_LOOKAHEAD_DAYS = 7;
/** Recompute at least this often even when no date is in sight. [APP] */
const MAX_VALIDITY_DAYS = 30;

export function worklistEntry(
  status: ProgramStatus,
  review: ClinicalReview,
  today: IsoDate,
  config: Pick<ProgramConfig, 'rems2026EffectiveDate'> = DEFAULT_PROGRAM_CONFIG,
): WorklistEntry {
  const items: WorklistItem[] = [];
  const horizon = addDays(today, WORKLIST_LOOKAHEAD_DAYS);
  /** Dates at which the entry changes by time alone (strictly after today). */
  const changes: IsoDate[] = [];
  // The rule set in force changes on this date (windows, lockouts, PCNGP counseling): so may the state.
  changes.push(config.rems2026EffectiveDate);

  for (const open of review.openAlerts) {
    if (open.severity === 'info') {
      continue;
    }
    items.push({
      code: open.code,
      urgency: open.severity === 'urgent' ? WORKLIST_URGENCY.urgentAlert : WORKLIST_URGENCY.warningAlert,
      message: open.message,
      action: `${open.recommendedAction} Then acknowledge the alert.`,
      dueOn: open.acknowledgeBy === 'today' ? open.raisedOn : null,
    });
  }

  // An interaction that blocks the next prescription waits for the prescriber's decision (§5).
  for (const block of review.interactions.blocks) {
    items.push({
      code: block.code,
      urgency: WORKLIST_URGENCY.warningAlert,
      message: block.message,
      action: block.action,
      dueOn: null,
    });
  }

  if (status.state === 'PREGNANCY_HOLD') {
    const hold = status.blockers.find((blocker) => blocker.code === 'PREGNANCY_HOLD');
    items.push({
      code: 'PREGNANCY_HOLD',
      urgency: WORKLIST_URGENCY.pregnancyHold,
      message: hold?.message ?? 'Pregnancy hold.',
      action: hold?.action ?? 'Follow the pregnancy hold steps.',
      dueOn: null,
    });
  }

  // R-CON-7: a reported contraception failure is urgent (emergency contraception works best early).
  const failure = status.blockers.find((blocker) => blocker.code === 'CONTRACEPTION_FAILURE_REPORTED');
  if (failure !== undefined) {
    items.push({ code: failure.code, urgency: WORKLIST_URGENCY.urgentAlert, message: failure.message, action: failure.action, dueOn: today });
  }

  if (status.activeAuthorization !== null) {
    const last = status.activeAuthorization.doNotDispenseAfter;
    changes.push(addDays(last, 1));
    items.push({
      code: 'AUTHORIZED_NOT_DISPENSED',
      urgency: WORKLIST_URGENCY.windowClosing,
      message: `Authorized (${status.activeAuthorization.rmaNumber}); not dispensed yet.`,
      action: `The patient picks up the prescription by ${last}.`,
      dueOn: last,
    });
  } else if (status.state === 'QUALIFIED_WINDOW_OPEN' && status.window !== null) {
    changes.push(addDays(status.window.lastDay, 1));
    const pending = status.blockers;
    items.push({
      code: 'WINDOW_CLOSING',
      urgency: WORKLIST_URGENCY.windowClosing,
      message: `Prescription window open until ${status.window.lastDay}${pending.length > 0 ? `; still missing: ${pending.map((b) => b.code).join(', ')}` : '; ready to fill'}.`,
      action: pending.length > 0 ? pending.map((blocker) => blocker.action).join(' ') : 'The pharmacy can authorize and dispense.',
      dueOn: status.window.lastDay,
    });
  } else if (status.state === 'WINDOW_MISSED' || status.state === 'WINDOW_MISSED_FIRST') {
    if (status.lockoutUntil !== null && isAfter(status.lockoutUntil, today)) {
      changes.push(status.lockoutUntil);
    }
    items.push({
      code: status.state,
      urgency: WORKLIST_URGENCY.overdue,
      message: `The prescription window closed${status.window === null ? '' : ` after ${status.window.lastDay}`}.`,
      action:
        status.lockoutUntil !== null && isAfter(status.lockoutUntil, today)
          ? `A new pregnancy test on or after ${status.lockoutUntil} opens a new window.`
          : 'A new pregnancy test (or visit) opens a new window.',
      dueOn: status.lockoutUntil,
    });
  }

  if (status.supplyEndsOn !== null && isAfter(addDays(status.supplyEndsOn, 1), today)) {
    changes.push(addDays(status.supplyEndsOn, 1));
  }
  if (status.state === 'AWAITING_MONTHLY_QUALIFICATION') {
    items.push({
      code: 'MONTHLY_QUALIFICATION_DUE',
      urgency: WORKLIST_URGENCY.overdue,
      message: `The last supply ran out${status.supplyEndsOn === null ? '' : ` on ${status.supplyEndsOn}`}; this month's requirements are not complete.`,
      action: status.blockers.map((blocker) => blocker.action).join(' '),
      dueOn: status.supplyEndsOn,
    });
  }

  for (const blocker of status.blockers) {
    if (blocker.earliestChangeDate !== null && isAfter(blocker.earliestChangeDate, today)) {
      changes.push(blocker.earliestChangeDate);
    }
  }

  if (status.endOfCourse !== null) {
    const schedule = status.endOfCourse;
    if (schedule.endOfTreatmentTestDue !== null && !schedule.endOfTreatmentTestDone) {
      items.push({
        code: 'END_OF_TREATMENT_TEST_DUE',
        urgency: WORKLIST_URGENCY.overdue,
        message: `The end-of-treatment pregnancy test is due (last dose ${schedule.lastDoseOn}).`,
        action: 'Record the end-of-treatment pregnancy test (R-PT-4).',
        dueOn: schedule.endOfTreatmentTestDue,
      });
    }
    if (schedule.postTreatmentTestDue !== null && !schedule.postTreatmentTestDone) {
      const due = schedule.postTreatmentTestDue;
      if (isAfter(due, horizon)) {
        changes.push(addDays(due, -WORKLIST_LOOKAHEAD_DAYS));
      } else {
        items.push({
          code: 'POST_TREATMENT_TEST_DUE',
          urgency: isAfter(today, due) ? WORKLIST_URGENCY.overdue : WORKLIST_URGENCY.due,
          message: `The pregnancy test one month after the last dose is due on ${due}.`,
          action: 'Record the post-treatment pregnancy test (R-PT-5, R-END-2).',
          dueOn: due,
        });
        if (!isAfter(today, due)) {
          changes.push(addDays(due, 1));
        }
      }
    }
    if (isAfter(schedule.bloodDonationAllowedFrom, today)) {
      changes.push(schedule.bloodDonationAllowedFrom);
    }
  } else if (review.nextLab.dueOn !== null) {
    const due = review.nextLab.dueOn;
    if (isAfter(due, horizon)) {
      changes.push(addDays(due, -WORKLIST_LOOKAHEAD_DAYS));
    } else {
      items.push({
        code: `LAB_${review.nextLab.code}`,
        urgency: review.nextLab.overdue ? WORKLIST_URGENCY.overdue : WORKLIST_URGENCY.due,
        message: review.nextLab.reason.message,
        action: review.nextLab.reason.action,
        dueOn: due,
      });
      if (!review.nextLab.overdue) {
        // On its due date a check can change its reason (a baseline stops covering the first dose
        // the day before); the day after, it is overdue.
        changes.push(due, addDays(due, 1));
      }
    }
  }

  items.sort((a, b) => a.urgency - b.urgency || compareNullableDates(a.dueOn, b.dueOn));
  const first = items[0];
  const validUntil = [...changes, addDays(today, MAX_VALIDITY_DAYS)].filter((date) => isAfter(date, today)).sort(compareDates)[0] ?? addDays(today, 1);
  return {
    computedOn: today,
    validUntil,
    urgency: first?.urgency ?? null,
    dueOn: first?.dueOn ?? null,
    state: status.state,
    items,
  };
}

/** Dated items before undated ones, earliest first. */
function compareNullableDates(a: IsoDate | null, b: IsoDate | null): number {
  if (a === null || b === null) {
    return a === b ? 0 : a === null ? 1 : -1;
  }
  return compareDates(a, b);
}
