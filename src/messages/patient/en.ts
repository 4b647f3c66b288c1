// What the server writes to a patient (her reminders and notices), in English: the source
// catalogue (ICU MessageFormat, @formatjs/intl). Every other language's catalogue has every key of
// this one (es.ts's type says so) with the same placeholders (test/web/i18n.test.ts). Dates are
// formatted by reminderText.ts in the reader's language; {tasks} and {analytes} are lists it words.
// The prescriber's post-treatment reminder is here too: staff read it in English.
export const en = {
  'reminder.contraceptionFailure.subject': 'What to do now: stop the capsules and call your prescriber',
  'reminder.contraceptionFailure.body':
    'Stop taking the capsules now. Call your prescriber today. Ask about emergency contraception: it works best the sooner it is taken. Take a pregnancy test. Your next fill waits until a negative test collected after the day of the report is recorded; if your period does not come, test again. Take the test on or after {testOn}.',
  'reminder.pickUp.subject': 'Pick up your isotretinoin by {lastDay}',
  'reminder.pickUp.body':
    'Your pharmacy has the authorization for your prescription. Pick it up by {lastDay}; after that day it cannot be given to you and you would need to qualify again.',
  'reminder.windowOpen.subject': 'Your prescription can be filled until {lastDay}',
  'reminder.windowOpen.body':
    "Your window to fill this month's prescription is open until {lastDay}. {left, select, yours {Before then, please {tasks}.} clinic {Your prescriber's office has a step left to complete before your pharmacy can fill it.} other {Your pharmacy can fill it now.}}",
  'reminder.windowClosing.subject': 'Tomorrow is the last day to fill your prescription',
  'reminder.windowClosing.body': 'Your window closes on {lastDay}. Still to do: {tasks}.',
  'reminder.monthlyTestDue.subject': "Time for this month's pregnancy test",
  'reminder.monthlyTestDue.body':
    "Your capsules last until {supplyEndsOn}. Take this month's pregnancy test and see your prescriber so the next prescription can be filled in time.",
  'reminder.monthlyTestDueProgram.subject': 'Book the visit for your next prescription',
  'reminder.monthlyTestDueProgram.body':
    'Your capsules last until {supplyEndsOn}. Your next prescription needs a pregnancy test taken shortly before it: book your visit with your prescriber and take the test when they tell you, so the next prescription can be filled in time.',
  'reminder.postTreatmentTestPatient.subject': 'Pregnancy test one month after the last capsule',
  'reminder.postTreatmentTestPatient.body':
    'Please take a pregnancy test on or after {due}, one month after your last capsule ({lastDose}). Keep using two birth-control methods until {contraceptionUntil}.',
  'reminder.postTreatmentTestPrescriber.subject': 'Pregnancy test one month after the last capsule',
  'reminder.postTreatmentTestPrescriber.body': 'The post-treatment pregnancy test is due on {due} (last dose {lastDose}).',
  'reminder.afterTheCourse.subject': 'After your last capsule',
  'reminder.afterTheCourse.body': 'Do not give blood before {bloodFrom}. Avoid waxing, dermabrasion and laser skin treatments until {cosmeticFrom}.',
  'reminder.labDue.subject': 'Blood test due by {due}',
  'reminder.labDue.body':
    'Your prescriber needs a blood test ({analytes}) by {due}. For fats in the blood, fast and avoid alcohol for 36 hours before the draw.',
  'reminder.orderStopped.subject': 'Your order was stopped',
  'reminder.orderStopped.body':
    'Your order of {placedOn} was stopped: nothing was dispensed and nothing is due for it (the pharmacy refunds anything already paid). {reason, select, ORDER_AUTHORIZATION_REVERSED {The pharmacy reversed the authorization on {reversedOn}, before dispensing. Nothing was dispensed. The patient qualifies again for a new authorization (a new pregnancy test or visit as the program requires, the month’s confirmations and a new prescription), then orders again.} ORDER_AUTHORIZATION_LAPSED {The authorization could be dispensed until {deadline} and was not dispensed in time. Nothing was dispensed. The patient qualifies again for a new authorization (a new pregnancy test or visit as the program requires, the month’s confirmations and a new prescription), then orders again.} other {}}',
  'reminder.orderLate.subject': 'Your order is late',
  'reminder.orderLate.body':
    "Your order of {placedOn} was promised by {dueBy}. If it has not arrived, write to the pharmacy from the order's page: they check with the carrier and refund what never arrives.",

  // The patient's own tasks, as a window reminder lists them (domain/reminders.ts PATIENT_TASK_CODES).
  'task.COMPREHENSION_PENDING': "answer this month's questions about the program",
  'task.CONTRACEPTION_PENDING': 'confirm the two birth-control methods you use',
  'task.MONTHLY_TEST_PENDING': "take this month's pregnancy test",
  'task.CONFIRMATION_TEST_PENDING': 'take the confirmation pregnancy test',
  'task.COUNSELING_PENDING': "see your prescriber for this month's visit",
  /** How the window-open reminder joins the tasks it asks for, and how the last-call one does. */
  'list.tasksOpen': ', and ',
  'list.tasksClosing': ', ',
  'list.analytes': ', ',

  // Blood tests by code; English names them by their code, as before (the prescriber's words).
  'analyte.triglycerides': 'triglycerides',
  'analyte.totalCholesterol': 'totalCholesterol',
  'analyte.ldl': 'ldl',
  'analyte.hdl': 'hdl',
  'analyte.alt': 'alt',
  'analyte.ast': 'ast',
  'analyte.glucose': 'glucose',
  'analyte.ck': 'ck',

  // The notice of a pharmacy's answer (it names no content: it may go out by email).
  'supportAnswer.subject': '{pharmacy} answered your message',
  'supportAnswer.body': '{pharmacy} answered your message about your order of {placedOn}. Log in to isocourse and open Messages to read it.',
} as const satisfies Record<string, string>;

export type PatientMessageId = keyof typeof en;
