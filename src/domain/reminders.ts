// Reminders a patient (and, at the end of a course, the prescriber) should receive, derived from
// the program status and the clinical review: a pregnancy test due, a window that opened and
// when it closes, what is still missing, a prescription to pick up, labs due, and the steps after
// the last dose (R-END-2, R-END-3, R-END-5). Each has a dedupe key naming its occasion, so
// planning them again never sends one twice. Plain words: these go to patients.
import type { ClinicalReview } from './clinicalReview.js';
import { CONTRACEPTION_FAILURE_STEPS } from './contraceptionFailure.js';
import { addDays, isAfter, isOnOrAfter, isOnOrBefore, latestOf, type IsoDate } from './dates.js';
import type { PatientFacts } from './facts.js';
import type { OrderStatus } from './orders.js';
import type { ProgramStatus } from './programStatus.js';

/** An online order as the reminders read it: its id, when it was placed, and its derived status. */
export interface OrderForReminders {
  id: string;
  prescriptionId: string;
  placedOn: IsoDate;
  status: OrderStatus;
}

export type ReminderRecipient = 'patient' | 'prescriber';

export interface Reminder {
  recipient: ReminderRecipient;
  kind: string;
  /** Unique per patient and occasion. */
  dedupeKey: string;
  /** The day it should be delivered. */
  dueOn: IsoDate;
  subject: string;
  body: string;
}

/** How many days before a due date the reminder goes out. [APP] */
export const REMINDER_LEAD_DAYS = 3;

/** What a blocker asks of the patient themself, in plain words (the rest is the clinic's). */
const PATIENT_TASKS: Record<string, string> = {
  COMPREHENSION_PENDING: "answer this month's questions about the program",
  CONTRACEPTION_PENDING: 'confirm the two birth-control methods you use',
  MONTHLY_TEST_PENDING: "take this month's pregnancy test",
  CONFIRMATION_TEST_PENDING: 'take the confirmation pregnancy test',
  COUNSELING_PENDING: "see your prescriber for this month's visit",
};

function notBefore(date: IsoDate, today: IsoDate): IsoDate {
  return latestOf(date, today);
}

export function plannedReminders(status: ProgramStatus, review: ClinicalReview, today: IsoDate, orders: readonly OrderForReminders[] = []): Reminder[] {
  const reminders: Reminder[] = [...orderReminders(orders)];
  const tasks = status.blockers.flatMap((blocker) => {
    const task = PATIENT_TASKS[blocker.code];
    return task === undefined ? [] : [task];
  });

  // R-CON-7: what to do now, once per report (its test date is the day after the report).
  const failure = status.blockers.find((blocker) => blocker.code === 'CONTRACEPTION_FAILURE_REPORTED');
  if (failure !== undefined) {
    reminders.push({
      recipient: 'patient',
      kind: 'contraceptionFailure',
      dedupeKey: `contraceptionFailure:${failure.earliestChangeDate ?? today}`,
      dueOn: today,
      subject: 'What to do now: stop the capsules and call your prescriber',
      body: `${CONTRACEPTION_FAILURE_STEPS.join(' ')} Take the test on or after ${failure.earliestChangeDate ?? today}.`,
    });
  }

  const orderedOnline =
    status.activeAuthorization !== null &&
    orders.some((order) => order.status.state === 'authorized' && order.status.authorization?.id === status.activeAuthorization?.id);
  if (status.activeAuthorization !== null && orderedOnline) {
    // Ordered for delivery: nothing to pick up; the pharmacy sends it (its order page follows it).
  } else if (status.activeAuthorization !== null) {
    const last = status.activeAuthorization.doNotDispenseAfter;
    reminders.push({
      recipient: 'patient',
      kind: 'pickUp',
      dedupeKey: `pickUp:${status.activeAuthorization.id}`,
      dueOn: today,
      subject: `Pick up your isotretinoin by ${last}`,
      body: `Your pharmacy has the authorization for your prescription. Pick it up by ${last}; after that day it cannot be given to you and you would need to qualify again.`,
    });
  } else if (status.state === 'QUALIFIED_WINDOW_OPEN' && status.window !== null) {
    const last = status.window.lastDay;
    reminders.push({
      recipient: 'patient',
      kind: 'windowOpen',
      dedupeKey: `windowOpen:${status.window.opensOn}`,
      dueOn: notBefore(status.window.opensOn, today),
      subject: `Your prescription can be filled until ${last}`,
      body:
        tasks.length > 0
          ? `Your window to fill this month's prescription is open until ${last}. Before then, please ${tasks.join(', and ')}.`
          : status.blockers.length > 0
            ? // What is left is the clinic's (e.g. writing the prescription): the pharmacy cannot fill it yet.
              `Your window to fill this month's prescription is open until ${last}. Your prescriber's office has a step left to complete before your pharmacy can fill it.`
            : `Your window to fill this month's prescription is open until ${last}. Your pharmacy can fill it now.`,
    });
    if (tasks.length > 0 && isAfter(last, today)) {
      reminders.push({
        recipient: 'patient',
        kind: 'windowClosing',
        dedupeKey: `windowClosing:${status.window.opensOn}`,
        dueOn: addDays(last, -1),
        subject: `Tomorrow is the last day to fill your prescription`,
        body: `Your window closes on ${last}. Still to do: ${tasks.join(', ')}.`,
      });
    }
  } else if (status.supplyEndsOn !== null && status.endOfCourse === null && status.blockers.some((b) => b.code === 'MONTHLY_TEST_PENDING')) {
    reminders.push({
      recipient: 'patient',
      kind: 'monthlyTestDue',
      dedupeKey: `monthlyTestDue:${status.supplyEndsOn}`,
      dueOn: notBefore(addDays(status.supplyEndsOn, -REMINDER_LEAD_DAYS - 4), today),
      subject: "Time for this month's pregnancy test",
      body: `Your capsules last until ${status.supplyEndsOn}. Take this month's pregnancy test and see your prescriber so the next prescription can be filled in time.`,
    });
  }

  if (status.endOfCourse !== null) {
    const schedule = status.endOfCourse;
    if (schedule.postTreatmentTestDue !== null && !schedule.postTreatmentTestDone) {
      const due = schedule.postTreatmentTestDue;
      for (const recipient of ['patient', 'prescriber'] as const) {
        reminders.push({
          recipient,
          kind: 'postTreatmentTest',
          dedupeKey: `postTreatmentTest:${recipient}:${schedule.lastDoseOn}`,
          dueOn: notBefore(addDays(due, -REMINDER_LEAD_DAYS), today),
          subject: 'Pregnancy test one month after the last capsule',
          body:
            recipient === 'patient'
              ? `Please take a pregnancy test on or after ${due}, one month after your last capsule (${schedule.lastDoseOn}). Keep using two birth-control methods until ${schedule.contraceptionUntil ?? due}.`
              : `The post-treatment pregnancy test is due on ${due} (last dose ${schedule.lastDoseOn}).`,
        });
      }
    }
    if (isOnOrAfter(schedule.bloodDonationAllowedFrom, today)) {
      reminders.push({
        recipient: 'patient',
        kind: 'afterTheCourse',
        dedupeKey: `afterTheCourse:${schedule.lastDoseOn}`,
        dueOn: today,
        subject: 'After your last capsule',
        body: `Do not give blood before ${schedule.bloodDonationAllowedFrom}. Avoid waxing, dermabrasion and laser skin treatments until ${schedule.cosmeticProceduresAllowedFrom}.`,
      });
    }
  } else if (review.nextLab.dueOn !== null && review.nextLab.code !== 'NONE_SCHEDULED') {
    const due = review.nextLab.dueOn;
    // A baseline missing before the first dose is due "today", every day until it is drawn: its
    // occasion is the last draw it follows (none, or one that no longer covers), not that moving date.
    const occasion =
      review.nextLab.code === 'BASELINE_DUE' && review.firstDoseOn === null && due === today
        ? `missingAfter:${review.labs.at(-1)?.result.collectedOn ?? 'none'}`
        : due;
    reminders.push({
      recipient: 'patient',
      kind: 'labDue',
      dedupeKey: `labDue:${review.nextLab.code}:${occasion}`,
      dueOn: notBefore(addDays(due, -REMINDER_LEAD_DAYS), today),
      subject: `Blood test due by ${due}`,
      body: `Your prescriber needs a blood test (${review.nextLab.analytes.join(', ')}) by ${due}. For fats in the blood, fast and avoid alcohol for 36 hours before the draw.`,
    });
  }
  return reminders;
}

/**
 * What the patient is told about their online orders without having to look: an order stopped
 * (the authorization lapsed or was reversed before the dispense), with why and what to do; and a
 * delivery later than the pharmacy promised. Each once per order.
 */
export function orderReminders(orders: readonly OrderForReminders[]): Reminder[] {
  const reminders: Reminder[] = [];
  for (const order of orders) {
    const { status } = order;
    if (status.state === 'stopped') {
      const why = status.reasons[0];
      reminders.push({
        recipient: 'patient',
        kind: 'orderStopped',
        dedupeKey: `orderStopped:${order.id}`,
        // The day it stopped: the reversal's, or the day after the last day it could be dispensed.
        dueOn: status.authorization?.reversal?.reversedOn ?? (why?.deadline === undefined ? order.placedOn : addDays(why.deadline, 1)),
        subject: 'Your order was stopped',
        body: `Your order of ${order.placedOn} was stopped: nothing was dispensed and nothing is due for it (the pharmacy refunds anything already paid). ${why?.message ?? ''} ${why?.action ?? ''}`
          .replace(/\s+/g, ' ')
          .trim(),
      });
    } else if (status.state === 'shipped' && status.deliveryOverdue && status.deliveryDueBy !== null) {
      reminders.push({
        recipient: 'patient',
        kind: 'orderLate',
        dedupeKey: `orderLate:${order.id}`,
        dueOn: addDays(status.deliveryDueBy, 1),
        subject: 'Your order is late',
        body: `Your order of ${order.placedOn} was promised by ${status.deliveryDueBy}. If it has not arrived, write to the pharmacy from the order's page: they check with the carrier and refund what never arrives.`,
      });
    }
  }
  return reminders;
}

/** What a delivered reminder is judged against: the patient's facts and status today, and her blood draws. */
export interface ReminderEvidence {
  facts: PatientFacts;
  status: ProgramStatus;
  /** The collection dates of her lab results. */
  labsCollectedOn: readonly IsoDate[];
}

/** The patient's own tasks a window reminder can ask for (PATIENT_TASKS): done when none of them blocks any more. */
const TASK_CODES = new Set(Object.keys(PATIENT_TASKS));

/**
 * Whether the task a delivered reminder asked for is done, as the facts say today (derived on each
 * read, never stored, so it cannot drift): the pick-up once that authorization is dispensed; a
 * window's reminders once a fill was authorized in it, or none of her tasks blocks it any more; the
 * monthly test once a test was taken after the dispense whose supply it was about; a blood test
 * once blood was drawn on or after the reminder's day; the post-treatment test once it is done.
 * Reminders that only inform (an order stopped, after the course) have no task: never "done".
 * `dedupeKey` is the reminder's own key (`kind:occasion`, without the patient prefix).
 */
export function reminderTaskDone(reminder: { kind: string; dedupeKey: string; dueOn: IsoDate }, evidence: ReminderEvidence): boolean {
  const { facts, status } = evidence;
  const occasion = reminder.dedupeKey.startsWith(`${reminder.kind}:`) ? reminder.dedupeKey.slice(reminder.kind.length + 1) : reminder.dedupeKey;
  switch (reminder.kind) {
    case 'pickUp':
      return facts.authorizations.some((authorization) => authorization.id === occasion && authorization.dispense !== null);
    case 'windowOpen':
    case 'windowClosing': {
      const authorizedInIt = facts.authorizations.some((authorization) => isOnOrAfter(authorization.requestedOn, occasion) && authorization.reversal === null);
      const sameWindow = status.window?.opensOn === occasion;
      return authorizedInIt || (sameWindow && !status.blockers.some((blocker) => TASK_CODES.has(blocker.code)));
    }
    case 'monthlyTestDue': {
      // The supply that ran out on `occasion` came from a dispense; a test after that dispense is this month's.
      const dispensedOn = facts.authorizations
        .flatMap((authorization) => (authorization.dispense === null ? [] : [authorization.dispense]))
        .find((dispense) => addDays(dispense.dispensedOn, dispense.daysSupply - 1) === occasion)?.dispensedOn;
      const after = dispensedOn ?? addDays(reminder.dueOn, -1);
      return facts.pregnancyTests.some((test) => isAfter(test.specimenDate, after) && isOnOrBefore(test.specimenDate, status.asOf));
    }
    case 'labDue':
      return evidence.labsCollectedOn.some((collectedOn) => isOnOrAfter(collectedOn, reminder.dueOn) && isOnOrBefore(collectedOn, status.asOf));
    case 'postTreatmentTest':
      return status.endOfCourse !== null && status.endOfCourse.postTreatmentTestDone;
    default:
      return false;
  }
}
