// Reminders a patient (and, at the end of a course, the prescriber) should receive, derived from
// the program status and the clinical review: a pregnancy test due, a window that opened and
// when it closes, what is still missing, a prescription to pick up, labs due, and the steps after
// the last dose (R-END-2, R-END-3, R-END-5). Each has a dedupe key naming its occasion, so
// planning them again never sends one twice. The domain says what each one is about — a message
// code with its dates and the codes of what to do — and the words, in the reader's language, are
// produced outside it (src/messages/patient/reminderText.ts; a patient reads them in hers).
import type { ClinicalReview } from './clinicalReview.js';
import { addDays, isAfter, isOnOrAfter, isOnOrBefore, latestOf, type IsoDate } from './dates.js';
import type { PatientFacts } from './facts.js';
import type { OrderStatus } from './orders.js';
import { judgedByUsRules, type ProgramStatus } from './programStatus.js';

/** An online order as the reminders read it: its id, when it was placed, and its derived status. */
export interface OrderForReminders {
  id: string;
  prescriptionId: string;
  placedOn: IsoDate;
  status: OrderStatus;
}

export type ReminderRecipient = 'patient' | 'prescriber';

/**
 * What a reminder says, without its words: which message (`code`), the calendar dates it names, the
 * patient's own tasks it asks for (PATIENT_TASK_CODES), the blood tests it names, and plain values
 * (a variant, a reason code). The words are produced per language outside the domain.
 */
export interface ReminderMessage {
  code: ReminderCode;
  dates: Readonly<Record<string, IsoDate>>;
  tasks: readonly PatientTaskCode[];
  analytes: readonly string[];
  values: Readonly<Record<string, string>>;
}

export const REMINDER_CODES = [
  'contraceptionFailure',
  'pickUp',
  'windowOpen',
  'windowClosing',
  'monthlyTestDue',
  'monthlyTestDueProgram',
  'postTreatmentTestPatient',
  'postTreatmentTestPrescriber',
  'afterTheCourse',
  'labDue',
  'orderStopped',
  'orderLate',
] as const;
export type ReminderCode = (typeof REMINDER_CODES)[number];

export interface Reminder {
  recipient: ReminderRecipient;
  kind: string;
  /** Unique per patient and occasion. */
  dedupeKey: string;
  /** The day it should be delivered. */
  dueOn: IsoDate;
  message: ReminderMessage;
}

function message(
  code: ReminderCode,
  parts: { dates?: Record<string, IsoDate>; tasks?: readonly PatientTaskCode[]; analytes?: readonly string[]; values?: Record<string, string> } = {},
): ReminderMessage {
  return { code, dates: parts.dates ?? {}, tasks: parts.tasks ?? [], analytes: parts.analytes ?? [], values: parts.values ?? {} };
}

/** How many days before a due date the reminder goes out. [APP] */
export const REMINDER_LEAD_DAYS = 3;

/** The blockers that ask something of the patient themself (the rest is the clinic's); their words: the reminders' catalogues. */
export const PATIENT_TASK_CODES = [
  'COMPREHENSION_PENDING',
  'CONTRACEPTION_PENDING',
  'MONTHLY_TEST_PENDING',
  'CONFIRMATION_TEST_PENDING',
  'COUNSELING_PENDING',
] as const;
export type PatientTaskCode = (typeof PATIENT_TASK_CODES)[number];

/**
 * The blockers that say this month's pregnancy test is still to be taken, so the monthly test
 * reminder goes out: the US code (R-PT-*), and the programs' codes outside the US for the next
 * prescription's test (src/domain/programs/pregnancyTestRules.ts: none counts yet, or the last one
 * is too old for the prescription). The pre-start tests' codes are not here: before the first
 * dispense there is no supply running out to remind her of.
 */
export const MONTHLY_TEST_CODES: ReadonlySet<string> = new Set(['MONTHLY_TEST_PENDING', 'PREGNANCY_TEST_REQUIRED', 'TEST_TOO_OLD_FOR_PRESCRIPTION']);

function isPatientTask(code: string): code is PatientTaskCode {
  return PATIENT_TASK_CODES.some((task) => task === code);
}

function notBefore(date: IsoDate, today: IsoDate): IsoDate {
  return latestOf(date, today);
}

export function plannedReminders(status: ProgramStatus, review: ClinicalReview, today: IsoDate, orders: readonly OrderForReminders[] = []): Reminder[] {
  const reminders: Reminder[] = [...orderReminders(orders)];
  const tasks = status.blockers.flatMap((blocker) => (isPatientTask(blocker.code) ? [blocker.code] : []));

  // R-CON-7: what to do now, once per report (its test date is the day after the report).
  const failure = status.blockers.find((blocker) => blocker.code === 'CONTRACEPTION_FAILURE_REPORTED');
  if (failure !== undefined) {
    reminders.push({
      recipient: 'patient',
      kind: 'contraceptionFailure',
      dedupeKey: `contraceptionFailure:${failure.earliestChangeDate ?? today}`,
      dueOn: today,
      message: message('contraceptionFailure', { dates: { testOn: failure.earliestChangeDate ?? today } }),
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
      message: message('pickUp', { dates: { lastDay: last } }),
    });
  } else if (status.state === 'QUALIFIED_WINDOW_OPEN' && status.window !== null) {
    const last = status.window.lastDay;
    reminders.push({
      recipient: 'patient',
      kind: 'windowOpen',
      dedupeKey: `windowOpen:${status.window.opensOn}`,
      dueOn: notBefore(status.window.opensOn, today),
      message: message('windowOpen', {
        dates: { lastDay: last },
        tasks,
        // What is left may be the clinic's (e.g. writing the prescription): the pharmacy cannot fill it yet.
        values: { left: tasks.length > 0 ? 'yours' : status.blockers.length > 0 ? 'clinic' : 'nothing' },
      }),
    });
    if (tasks.length > 0 && isAfter(last, today)) {
      reminders.push({
        recipient: 'patient',
        kind: 'windowClosing',
        dedupeKey: `windowClosing:${status.window.opensOn}`,
        dueOn: addDays(last, -1),
        message: message('windowClosing', { dates: { lastDay: last }, tasks }),
      });
    }
  } else if (status.supplyEndsOn !== null && status.endOfCourse === null && status.blockers.some((b) => MONTHLY_TEST_CODES.has(b.code))) {
    reminders.push({
      recipient: 'patient',
      kind: 'monthlyTestDue',
      dedupeKey: `monthlyTestDue:${status.supplyEndsOn}`,
      dueOn: notBefore(addDays(status.supplyEndsOn, -REMINDER_LEAD_DAYS - 4), today),
      // Outside the US the test counts only shortly before the prescription (3 days in the EU, PPP-PT-1):
      // the words send her to book the visit and take the test as her prescriber says, not now.
      message: message(judgedByUsRules(status) ? 'monthlyTestDue' : 'monthlyTestDueProgram', { dates: { supplyEndsOn: status.supplyEndsOn } }),
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
          message:
            recipient === 'patient'
              ? message('postTreatmentTestPatient', { dates: { due, lastDose: schedule.lastDoseOn, contraceptionUntil: schedule.contraceptionUntil ?? due } })
              : message('postTreatmentTestPrescriber', { dates: { due, lastDose: schedule.lastDoseOn } }),
        });
      }
    }
    if (isOnOrAfter(schedule.bloodDonationAllowedFrom, today)) {
      reminders.push({
        recipient: 'patient',
        kind: 'afterTheCourse',
        dedupeKey: `afterTheCourse:${schedule.lastDoseOn}`,
        dueOn: today,
        message: message('afterTheCourse', {
          dates: { bloodFrom: schedule.bloodDonationAllowedFrom, cosmeticFrom: schedule.cosmeticProceduresAllowedFrom },
        }),
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
      message: message('labDue', { dates: { due }, analytes: review.nextLab.analytes }),
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
        message: message('orderStopped', {
          dates: {
            placedOn: order.placedOn,
            ...(status.authorization?.reversal?.reversedOn === undefined ? {} : { reversedOn: status.authorization.reversal.reversedOn }),
            ...(why?.deadline === undefined ? {} : { deadline: why.deadline }),
          },
          // ORDER_AUTHORIZATION_REVERSED or ORDER_AUTHORIZATION_LAPSED (orders.ts), or none.
          values: { reason: why?.code ?? 'none' },
        }),
      });
    } else if (status.state === 'shipped' && status.deliveryOverdue && status.deliveryDueBy !== null) {
      reminders.push({
        recipient: 'patient',
        kind: 'orderLate',
        dedupeKey: `orderLate:${order.id}`,
        dueOn: addDays(status.deliveryDueBy, 1),
        message: message('orderLate', { dates: { placedOn: order.placedOn, dueBy: status.deliveryDueBy } }),
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

/** The patient's own tasks a window reminder can ask for: done when none of them blocks any more. */
const TASK_CODES = new Set<string>(PATIENT_TASK_CODES);

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
