// The prescriber's worklist entry for one patient: what needs doing, how urgent it is, by when —
// and until when this answer holds if nothing new is recorded (the earliest date on which the
// passing of time alone could change it), so a stored copy knows when it must be recomputed.
import type { ClinicalReview } from './clinicalReview.js';
import { addDays, compareDates, isAfter, type IsoDate } from './dates.js';
import { decide, reason, type Decision, type Reason } from './decision.js';
import { atRiskFrom } from './programOutage.js';
import { judgedByUsRules, type ProgramStatus } from './programStatus.js';
import { DEFAULT_PROGRAM_CONFIG, type ProgramConfig } from './ruleSets.js';
import { dayInWords, neededWords } from './stateWords.js';

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

/**
 * What the care team must do now, the worklist's triage (issue 10 §6): urgent alerts and holds,
 * what blocks a fill (this week), what is due soon, and routine follow-up such as labs.
 */
export const WORKLIST_GROUPS = ['urgent', 'blocksFill', 'dueSoon', 'routine'] as const;
export type WorklistGroup = (typeof WORKLIST_GROUPS)[number];

/** Which form on the patient's page does what the item asks. */
export const WORKLIST_FORMS = ['monthlyVisit', 'pregnancyTest', 'labResult', 'alerts', 'fillStatus', 'identityMatch', 'missedDoses'] as const;
export type WorklistForm = (typeof WORKLIST_FORMS)[number];

/**
 * Only routine items can be snoozed. Alerts are acknowledged (with a note when urgent), never
 * snoozed; what blocks a fill and the end-of-course pregnancy tests are safety steps with their own
 * dates. The safer choice, kept as one constant. [APP]
 */
export const SNOOZABLE_GROUPS: readonly WorklistGroup[] = ['routine'];
/** The longest a routine item can be put off at once: it comes back within a month. [APP] */
export const MAX_SNOOZE_DAYS = 30;

export interface WorklistItem {
  code: string;
  urgency: WorklistUrgency;
  /** What the care team reads first: plain words, no codes or rule IDs. */
  title: string;
  message: string;
  action: string;
  dueOn: IsoDate | null;
  group: WorklistGroup;
  form: WorklistForm;
  snoozable: boolean;
  /** An 'identityMatch' item: what the client sent next to the record, and the review to decide. */
  identityMatch?: IdentityMatchReview;
}

/**
 * A client's message that matched this patient by name and birth date alone (issue 11, item 7):
 * never linked until the care team decides whether it is the same person.
 */
export interface IdentityMatchReview {
  reviewId: string;
  /** The client (an EHR) and when its message came. */
  clientName: string;
  receivedAt: string;
  sent: { identifiers: Array<{ system?: string; value: string }>; givenNames: string[]; familyName: string | null; birthDate: IsoDate };
  record: { givenName: string; familyName: string; birthDate: IsoDate; programId: string };
}

/** What a client sent about a person, in words: "Mary Ann Smith, born 2000-06-15, MRN 12345 (urn:oid:…)". */
export function sentInWords(sent: IdentityMatchReview['sent']): string {
  const name = [...sent.givenNames, sent.familyName ?? ''].filter((part) => part !== '').join(' ');
  const identifiers = sent.identifiers.map((identifier) => (identifier.system === undefined ? identifier.value : `${identifier.value} (${identifier.system})`));
  return [`${name}, born ${sent.birthDate}`, ...identifiers].join(', ');
}

/** A routine item put off until a day: hidden before `until`, listed again ON `until`. */
export interface WorklistSnooze {
  code: string;
  until: IsoDate;
}

/** The item is hidden on `today` by one of the snoozes (only snoozable items ever are). */
export function isSnoozed(item: Pick<WorklistItem, 'code' | 'snoozable'>, snoozes: readonly WorklistSnooze[], today: IsoDate): boolean {
  return item.snoozable && snoozes.some((snooze) => snooze.code === item.code && isAfter(snooze.until, today));
}

/** Whether an item listed today can be snoozed until `until`: a decision with reasons. */
export function decideSnooze(item: WorklistItem | undefined, code: string, until: IsoDate, today: IsoDate): Decision {
  const reasons: Reason[] = [];
  if (item === undefined) {
    reasons.push(
      reason('WORKLIST_ITEM_NOT_LISTED', 'APP-WL-1', `"${code}" is not on this patient's worklist today.`, 'Reload the worklist and choose an item it lists.'),
    );
  } else if (!item.snoozable) {
    reasons.push(
      reason(
        'WORKLIST_ITEM_NOT_SNOOZABLE',
        'APP-WL-1',
        item.group === 'urgent'
          ? 'An urgent item cannot be snoozed: it is acted on or, for an alert, acknowledged.'
          : item.group === 'blocksFill'
            ? 'An item that blocks a fill cannot be snoozed: the patient would go without capsules.'
            : 'Only routine items (such as a lab check) can be snoozed; this one keeps its date.',
        'Do what the item asks instead.',
      ),
    );
  }
  if (!isAfter(until, today)) {
    reasons.push(reason('SNOOZE_NOT_IN_FUTURE', 'APP-WL-2', `A snooze must end after today (${today}).`, 'Choose a later day.'));
  } else if (isAfter(until, addDays(today, MAX_SNOOZE_DAYS))) {
    reasons.push(
      reason(
        'SNOOZE_TOO_LONG',
        'APP-WL-2',
        `A snooze lasts at most ${MAX_SNOOZE_DAYS} days (until ${addDays(today, MAX_SNOOZE_DAYS)}).`,
        'Choose an earlier day.',
      ),
    );
  }
  return decide(reasons);
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
  config: Pick<ProgramConfig, 'rems2026EffectiveDate'> & Partial<Pick<ProgramConfig, 'programOutageHorizonDays'>> = DEFAULT_PROGRAM_CONFIG,
  snoozes: readonly WorklistSnooze[] = [],
  matchReviews: readonly IdentityMatchReview[] = [],
): WorklistEntry {
  const items: WorklistItem[] = [];
  const horizon = addDays(today, WORKLIST_LOOKAHEAD_DAYS);
  const on = (date: IsoDate) => dayInWords(date, today);
  const still = (blockers: ProgramStatus['blockers']) => (neededWords(blockers) ?? '').replace(/^Still/, 'still');
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
      title: open.message,
      message: open.message,
      action: `${open.recommendedAction} Then acknowledge the alert.`,
      dueOn: open.acknowledgeBy === 'today' ? open.raisedOn : null,
      group: open.severity === 'urgent' ? 'urgent' : 'dueSoon',
      form: 'alerts',
      snoozable: false,
    });
  }

  // An interaction that blocks the next prescription waits for the prescriber's decision (§5).
  for (const block of review.interactions.blocks) {
    items.push({
      code: block.code,
      urgency: WORKLIST_URGENCY.warningAlert,
      title: block.message,
      message: block.message,
      action: block.action,
      dueOn: null,
      group: 'blocksFill',
      form: 'alerts',
      snoozable: false,
    });
  }

  if (status.state === 'PREGNANCY_HOLD') {
    const hold = status.blockers.find((blocker) => blocker.code === 'PREGNANCY_HOLD');
    items.push({
      code: 'PREGNANCY_HOLD',
      urgency: WORKLIST_URGENCY.pregnancyHold,
      title: 'Pregnancy hold: all treatment stopped',
      message: hold?.message ?? 'Pregnancy hold.',
      action: hold?.action ?? 'Follow the pregnancy hold steps.',
      dueOn: null,
      group: 'urgent',
      form: 'fillStatus',
      snoozable: false,
    });
  }

  // R-CON-7: a reported contraception failure is urgent (emergency contraception works best early).
  const failure = status.blockers.find((blocker) => blocker.code === 'CONTRACEPTION_FAILURE_REPORTED');
  if (failure !== undefined) {
    items.push({
      code: failure.code,
      urgency: WORKLIST_URGENCY.urgentAlert,
      title: 'Contraception failure reported: call her; every fill waits for a negative test',
      message: failure.message,
      action: failure.action,
      dueOn: today,
      group: 'urgent',
      form: 'pregnancyTest',
      snoozable: false,
    });
  }

  // The program's system could not be reached for this fill's RMA number and its window closes
  // before the number can be expected (issue 12, item 5): the care team tells the patient.
  const outage = status.activeAuthorization?.programOutage ?? null;
  if (outage !== null && outage.atRisk) {
    items.push({
      code: 'PROGRAM_SYSTEM_OUTAGE',
      urgency: WORKLIST_URGENCY.windowClosing,
      title: `Program system down: the pharmacy has no RMA number yet; the fill must be dispensed by ${on(outage.closesOn)}`,
      message: `The pharmacy could not reach the program's system (iPLEDGE REMS) for the RMA number: ${outage.attempts} failed attempt(s) since ${outage.since}. The do-not-dispense-after date is ${outage.closesOn}; no dispense without the number.`,
      action: `Tell the patient the fill may be late. The pharmacy keeps trying and dispenses once it has the number, by ${outage.closesOn}; if the window closes first, a new pregnancy test (or visit) opens a new one.`,
      dueOn: outage.closesOn,
      group: 'blocksFill',
      form: 'fillStatus',
      snoozable: false,
    });
  } else if (outage !== null) {
    // Not at risk yet: the entry changes on the day it becomes so.
    changes.push(atRiskFrom(outage.closesOn, { programOutageHorizonDays: config.programOutageHorizonDays ?? DEFAULT_PROGRAM_CONFIG.programOutageHorizonDays }));
  }

  if (status.activeAuthorization !== null) {
    const last = status.activeAuthorization.doNotDispenseAfter;
    changes.push(addDays(last, 1));
    items.push({
      code: 'AUTHORIZED_NOT_DISPENSED',
      urgency: WORKLIST_URGENCY.windowClosing,
      title: `Authorized, not picked up yet: the pharmacy can dispense until ${on(last)}`,
      message: `Authorized (${status.activeAuthorization.rmaNumber}); not dispensed yet.`,
      action: `The patient picks up the prescription by ${last}.`,
      dueOn: last,
      group: 'dueSoon',
      form: 'fillStatus',
      snoozable: false,
    });
  } else if (status.state === 'QUALIFIED_WINDOW_OPEN' && status.window !== null) {
    changes.push(addDays(status.window.lastDay, 1));
    const pending = status.blockers;
    items.push({
      code: 'WINDOW_CLOSING',
      urgency: WORKLIST_URGENCY.windowClosing,
      title: pending.length > 0 ? `Window open until ${on(status.window.lastDay)} — ${still(pending)}` : `Ready to fill until ${on(status.window.lastDay)}`,
      message: `Prescription window open until ${status.window.lastDay}${pending.length > 0 ? `; still missing: ${pending.map((b) => b.code).join(', ')}` : '; ready to fill'}.`,
      action: pending.length > 0 ? pending.map((blocker) => blocker.action).join(' ') : 'The pharmacy can authorize and dispense.',
      dueOn: status.window.lastDay,
      group: pending.length > 0 ? 'blocksFill' : 'dueSoon',
      form: pending.length > 0 ? 'monthlyVisit' : 'fillStatus',
      snoozable: false,
    });
  } else if (status.state === 'QUALIFIED_WINDOW_OPEN' && status.window === null && status.blockers.length > 0) {
    // No window applies (PCNGP under REMS-2026), yet something blocks the fill: listed like a window.
    items.push({
      code: 'FILL_BLOCKED',
      urgency: WORKLIST_URGENCY.windowClosing,
      title: `${status.supplyEndsOn !== null && isAfter(today, status.supplyEndsOn) ? `Out of capsules after ${on(status.supplyEndsOn)}` : 'Qualified'} — ${still(status.blockers)}`,
      message: `Qualified (no prescription window applies); still missing: ${status.blockers.map((b) => b.code).join(', ')}.`,
      action: status.blockers.map((blocker) => blocker.action).join(' '),
      dueOn: status.supplyEndsOn,
      group: 'blocksFill',
      form: 'monthlyVisit',
      snoozable: false,
    });
  } else if ((status.state === 'WINDOW_MISSED' || status.state === 'WINDOW_MISSED_FIRST') && !judgedByUsRules(status)) {
    // Outside the US the window is the prescription's: it lapses, and a new one (with the test it needs) is written.
    items.push({
      code: status.state,
      urgency: WORKLIST_URGENCY.overdue,
      title: `Prescription not dispensed in time${status.window === null ? '' : ` (last day ${on(status.window.lastDay)})`} — a new prescription is needed`,
      message: `The prescription could be dispensed until ${status.window?.lastDay ?? 'its last day'} and was not.`,
      action: status.blockers.map((blocker) => blocker.action).join(' ') || 'The prescriber writes a new prescription.',
      dueOn: null,
      group: 'blocksFill',
      form: 'monthlyVisit',
      snoozable: false,
    });
  } else if (status.state === 'WINDOW_MISSED' || status.state === 'WINDOW_MISSED_FIRST') {
    if (status.lockoutUntil !== null && isAfter(status.lockoutUntil, today)) {
      changes.push(status.lockoutUntil);
    }
    items.push({
      code: status.state,
      urgency: WORKLIST_URGENCY.overdue,
      title: `Window closed${status.window === null ? '' : ` after ${on(status.window.lastDay)}`} — ${
        status.lockoutUntil !== null && isAfter(status.lockoutUntil, today)
          ? `a new pregnancy test on or after ${on(status.lockoutUntil)} opens a new one`
          : 'a new pregnancy test (or visit) opens a new one'
      }`,
      message: `The prescription window closed${status.window === null ? '' : ` after ${status.window.lastDay}`}.`,
      action:
        status.lockoutUntil !== null && isAfter(status.lockoutUntil, today)
          ? `A new pregnancy test on or after ${status.lockoutUntil} opens a new window.`
          : 'A new pregnancy test (or visit) opens a new window.',
      dueOn: status.lockoutUntil,
      group: 'blocksFill',
      form: 'monthlyVisit',
      snoozable: false,
    });
  }

  if (status.supplyEndsOn !== null && isAfter(addDays(status.supplyEndsOn, 1), today)) {
    changes.push(addDays(status.supplyEndsOn, 1));
  }
  if (status.state === 'AWAITING_MONTHLY_QUALIFICATION') {
    items.push({
      code: 'MONTHLY_QUALIFICATION_DUE',
      urgency: WORKLIST_URGENCY.overdue,
      title: `Out of capsules${status.supplyEndsOn === null ? '' : ` after ${on(status.supplyEndsOn)}`} — ${still(status.blockers)}`,
      message: `The last supply ran out${status.supplyEndsOn === null ? '' : ` on ${status.supplyEndsOn}`}; this month's requirements are not complete.`,
      action: status.blockers.map((blocker) => blocker.action).join(' '),
      dueOn: status.supplyEndsOn,
      group: 'blocksFill',
      form: 'monthlyVisit',
      snoozable: false,
    });
  }
  // The first month's confirmation visit, once its earliest day has come (R-PT-2): the visit that
  // opens the first window, done in the monthly-visit form.
  const confirmation = status.blockers.find((blocker) => blocker.code === 'CONFIRMATION_TEST_PENDING');
  if (confirmation !== undefined && confirmation.earliestChangeDate !== null && !isAfter(confirmation.earliestChangeDate, today)) {
    items.push({
      code: 'CONFIRMATION_VISIT_DUE',
      urgency: WORKLIST_URGENCY.due,
      title: `Confirmation visit can be done since ${on(confirmation.earliestChangeDate)} — ${still(status.blockers)}`,
      message: confirmation.message,
      action: confirmation.action,
      dueOn: confirmation.earliestChangeDate,
      group: 'dueSoon',
      form: 'monthlyVisit',
      snoozable: false,
    });
  }
  // The supply runs out within the lookahead and the next fill is still blocked: listed before the
  // patient is without capsules, not the day after.
  if (status.state === 'ON_TREATMENT' && status.supplyEndsOn !== null && status.blockers.length > 0) {
    if (isAfter(status.supplyEndsOn, horizon)) {
      changes.push(addDays(status.supplyEndsOn, -WORKLIST_LOOKAHEAD_DAYS));
    } else {
      items.push({
        code: 'NEXT_FILL_BLOCKED',
        urgency: WORKLIST_URGENCY.windowClosing,
        title: `Capsules last until ${on(status.supplyEndsOn)} — ${still(status.blockers)}`,
        message: `The supply lasts until ${status.supplyEndsOn}; the next fill still needs: ${status.blockers.map((b) => b.code).join(', ')}.`,
        action: status.blockers.map((blocker) => blocker.action).join(' '),
        dueOn: status.supplyEndsOn,
        group: 'blocksFill',
        form: 'monthlyVisit',
        snoozable: false,
      });
    }
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
        title: 'End-of-treatment pregnancy test due',
        message: `The end-of-treatment pregnancy test is due (last dose ${schedule.lastDoseOn}).`,
        action: 'Record the end-of-treatment pregnancy test (R-PT-4).',
        dueOn: schedule.endOfTreatmentTestDue,
        group: 'dueSoon',
        form: 'pregnancyTest',
        snoozable: false,
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
          title: `Post-treatment pregnancy test due ${on(due)}`,
          message: `The pregnancy test one month after the last dose is due on ${due}.`,
          action: 'Record the post-treatment pregnancy test (R-PT-5, R-END-2).',
          dueOn: due,
          group: 'dueSoon',
          form: 'pregnancyTest',
          snoozable: false,
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
        title: review.nextLab.reason.message,
        message: review.nextLab.reason.message,
        action: review.nextLab.reason.action,
        dueOn: due,
        group: 'routine',
        form: 'labResult',
        snoozable: SNOOZABLE_GROUPS.includes('routine'),
      });
      if (!review.nextLab.overdue) {
        // On its due date a check can change its reason (a baseline stops covering the first dose
        // the day before); the day after, it is overdue.
        changes.push(due, addDays(due, 1));
      }
    }
  }

  // Missed days the patient reported wait for the care team (domain/missedDoses.ts): until someone
  // confirms or declines them, the cumulative dose the prescriber doses by leaves them in. One item
  // for all of them, answered on the patient's page, one click each.
  const waiting = review.missedDoseReports.filter((report) => report.status === 'awaitingCareTeam');
  if (waiting.length > 0) {
    const days = waiting
      // Dates as dates, not "yesterday": the words are stored with the entry, which does not expire for this.
      .map((report) => (report.from === report.to ? report.from : `${report.from} to ${report.to}`) + (report.reason === null ? '' : ` (“${report.reason}”)`))
      .join('; ');
    items.push({
      code: 'MISSED_DOSE_REPORTS',
      urgency: WORKLIST_URGENCY.due,
      title: waiting.length === 1 ? 'She reported missed days: confirm or decline' : `She reported missed days ${waiting.length} times: confirm or decline`,
      message: `Reported without capsules: ${days}. Until confirmed they count as taken in the cumulative dose.`,
      action: 'Confirm the days she missed (they leave the cumulative dose and move the projected end) or decline them with a note.',
      dueOn: null,
      group: 'dueSoon',
      form: 'missedDoses',
      snoozable: false,
    });
  }

  // Who a client's message is about waits for a person: the care team compares and decides (item 7).
  for (const review of matchReviews) {
    const record = review.record;
    items.push({
      code: 'IDENTITY_MATCH_REVIEW',
      urgency: WORKLIST_URGENCY.warningAlert,
      title: `${review.clientName} sent a patient who may be ${record.givenName} ${record.familyName}: same person?`,
      message: `${review.clientName} sent: ${sentInWords(review.sent)}. isocourse has: ${record.givenName} ${record.familyName}, born ${record.birthDate}, program ID ${record.programId}.`,
      action:
        'Compare them. "Same person" links what it sent to this record, so its next messages about this person are matched; "Not the same" keeps them apart. Until then nothing it sends about this person is recorded.',
      dueOn: null,
      group: 'dueSoon',
      form: 'identityMatch',
      snoozable: false,
      identityMatch: review,
    });
  }

  for (const snooze of snoozes) {
    // A snoozed item comes back on its `until` day, with or without a new fact.
    if (isAfter(snooze.until, today)) {
      changes.push(snooze.until);
    }
  }
  const listed = items.filter((item) => !isSnoozed(item, snoozes, today));
  items.splice(0, items.length, ...listed);
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
