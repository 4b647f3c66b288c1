import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { clinicalReview, type ClinicalFacts } from './clinicalReview.js';
import { addDays, isBefore, type IsoDate } from './dates.js';
import type { PatientFacts } from './facts.js';
import { programStatus } from './programStatus.js';
import { orderStatus, type Order } from './orders.js';
import { REMINDER_LEAD_DAYS, plannedReminders as plannedCodes, reminderTaskDone, type OrderForReminders, type Reminder as Planned } from './reminders.js';
import { reminderText } from '../messages/patient/reminderText.js';
import { givenClinical, noClinicalFacts } from '../../test/support/clinicalFacts.js';
import { CONFIG, givenPatient, pcgpReadyForFirstFill, type MonthlyVisitOptions } from '../../test/support/patientFacts.js';
import { DERMATOLOGIST, inJurisdiction, ProgramPatient } from '../../test/support/programFacts.js';
import type { Jurisdiction } from './programs/jurisdictions.js';
import { programStatusElsewhere } from './programs/programStatusElsewhere.js';

/** A planned reminder with its English words (the domain plans codes; messages/patient words them). */
type Reminder = Planned & { subject: string; body: string };

function plannedReminders(...args: Parameters<typeof plannedCodes>): Reminder[] {
  return plannedCodes(...args).map((reminder) => ({ ...reminder, ...reminderText(reminder.message, 'en') }));
}

function plan(facts: PatientFacts, clinical: ClinicalFacts, today: IsoDate): Reminder[] {
  return plannedReminders(programStatus(facts, today, CONFIG), clinicalReview(facts, clinical, today), today);
}

/** The reminders of one kind (fails when there is none and `expectOne`). */
function ofKind(reminders: readonly Reminder[], kind: string): Reminder[] {
  return reminders.filter((reminder) => reminder.kind === kind);
}

function only(reminders: readonly Reminder[], kind: string): Reminder {
  const found = ofKind(reminders, kind);
  assert.equal(found.length, 1, `expected one ${kind} among ${JSON.stringify(reminders.map((r) => r.dedupeKey))}`);
  return found[0] as Reminder;
}

const kinds = (reminders: readonly Reminder[]): string[] => reminders.map((reminder) => reminder.kind);

/** A baseline panel drawn on the day, so the lab reminder is weeks away and out of the way. */
const panel = (on: IsoDate): ClinicalFacts => givenClinical().normalPanel(on).facts();

/** PCGP, first window 2025-03-10..16 (confirmation test on 03-10), the visit that day. */
const firstWindow = (visit: MonthlyVisitOptions = { prescription: 'rx-1' }) =>
  givenPatient({ category: 'PCGP', enrolledOn: '2025-02-08' })
    .screeningTest('2025-02-08')
    .contraception({ declaredOn: '2025-02-08', startedOn: '2025-01-01' })
    .confirmationTest('2025-03-10')
    .monthlyVisit('2025-03-10', visit);

/** PCGP, first supply dispensed 2025-03-10, lasting to 2025-04-08. */
const onTreatment = () => pcgpReadyForFirstFill('2025-03-10').filled('rx-1', '2025-03-10');

describe('reminders: the prescription window', () => {
  test("window open with the patient's own tasks left: when it closes and what to do; the day before the last day, a last call", () => {
    const facts = firstWindow({ prescription: 'rx-1', comprehension: false }).facts();
    const reminders = plan(facts, panel('2025-03-10'), '2025-03-10');
    assert.deepEqual(kinds(reminders), ['windowOpen', 'windowClosing', 'labDue']);
    const open = only(reminders, 'windowOpen');
    assert.deepEqual(
      { recipient: open.recipient, dedupeKey: open.dedupeKey, dueOn: open.dueOn, subject: open.subject },
      { recipient: 'patient', dedupeKey: 'windowOpen:2025-03-10', dueOn: '2025-03-10', subject: 'Your prescription can be filled until 2025-03-16' },
    );
    assert.equal(
      open.body,
      "Your window to fill this month's prescription is open until 2025-03-16. Before then, please answer this month's questions about the program.",
    );
    const closing = only(reminders, 'windowClosing');
    assert.equal(closing.dedupeKey, 'windowClosing:2025-03-10');
    assert.equal(closing.dueOn, '2025-03-15', 'the day before the last day');
    assert.equal(closing.body, "Your window closes on 2025-03-16. Still to do: answer this month's questions about the program.");
  });

  test('planned again on later days: the same keys; due dates never before today', () => {
    const facts = firstWindow({ prescription: 'rx-1', comprehension: false }).facts();
    const first = plan(facts, panel('2025-03-10'), '2025-03-10');
    for (const today of ['2025-03-12', '2025-03-15']) {
      const again = plan(facts, panel('2025-03-10'), today);
      assert.deepEqual(
        again.map((r) => r.dedupeKey),
        first.map((r) => r.dedupeKey),
        today,
      );
      assert.equal(only(again, 'windowOpen').dueOn, today, `${today}: an opening already past is due today`);
      assert.equal(only(again, 'windowClosing').dueOn, '2025-03-15');
    }
    const lastDay = plan(facts, panel('2025-03-10'), '2025-03-16');
    assert.deepEqual(kinds(lastDay), ['windowOpen', 'labDue'], 'on the last day itself: no "tomorrow is the last day"');
    assert.equal(only(lastDay, 'windowOpen').dedupeKey, 'windowOpen:2025-03-10');
  });

  test('several tasks are all named', () => {
    const facts = firstWindow({ prescription: 'rx-1', comprehension: false, counseling: false }).facts();
    const open = only(plan(facts, panel('2025-03-10'), '2025-03-10'), 'windowOpen');
    assert.match(open.body, /see your prescriber for this month's visit, and answer this month's questions about the program\.$/);
    assert.match(
      only(plan(facts, panel('2025-03-10'), '2025-03-10'), 'windowClosing').body,
      /Still to do: see your prescriber.*, answer this month's questions/,
    );
  });

  test('only the clinic has something left (the prescription): no last call, and the patient is not told the pharmacy can fill it', () => {
    const facts = firstWindow({}).facts();
    const reminders = plan(facts, panel('2025-03-10'), '2025-03-10');
    assert.deepEqual(kinds(reminders), ['windowOpen', 'labDue']);
    const open = only(reminders, 'windowOpen');
    assert.match(open.body, /open until 2025-03-16/);
    assert.doesNotMatch(open.body, /can fill it now/);
    assert.match(open.body, /prescriber's office/);
  });

  test('nothing left: the pharmacy can fill it now', () => {
    const open = only(plan(firstWindow().facts(), panel('2025-03-10'), '2025-03-10'), 'windowOpen');
    assert.equal(open.body, "Your window to fill this month's prescription is open until 2025-03-16. Your pharmacy can fill it now.");
  });

  test('authorized, not picked up: pick up by the do-not-dispense-after date, keyed by the authorization; no window reminder', () => {
    const facts = firstWindow().authorization({ id: 'auth-7', prescriptionId: 'rx-1', requestedOn: '2025-03-11', doNotDispenseAfter: '2025-03-16' }).facts();
    for (const today of ['2025-03-11', '2025-03-14']) {
      const reminders = plan(facts, panel('2025-03-10'), today);
      assert.deepEqual(kinds(reminders), ['pickUp', 'labDue'], today);
      const pickUp = only(reminders, 'pickUp');
      assert.equal(pickUp.dedupeKey, 'pickUp:auth-7');
      assert.equal(pickUp.dueOn, today);
      assert.equal(pickUp.subject, 'Pick up your isotretinoin by 2025-03-16');
      assert.match(pickUp.body, /Pick it up by 2025-03-16; after that day it cannot be given to you/);
    }
    assert.deepEqual(ofKind(plan(facts, panel('2025-03-10'), '2025-03-17'), 'pickUp'), [], 'expired: nothing to pick up');
  });
});

describe("reminders: this month's pregnancy test", () => {
  test('due 7 days before the supply runs out (or today if later), keyed by that last day of supply', () => {
    const facts = onTreatment().facts();
    const clinical = givenClinical().normalPanel('2025-03-10').normalPanel('2025-04-01').facts();
    const early = only(plan(facts, clinical, '2025-03-20'), 'monthlyTestDue');
    assert.deepEqual(
      { dedupeKey: early.dedupeKey, dueOn: early.dueOn, recipient: early.recipient },
      { dedupeKey: 'monthlyTestDue:2025-04-08', dueOn: '2025-04-01', recipient: 'patient' },
    );
    assert.equal(
      early.body,
      "Your capsules last until 2025-04-08. Take this month's pregnancy test and see your prescriber so the next prescription can be filled in time.",
    );
    for (const today of ['2025-04-03', '2025-04-10']) {
      const later = only(plan(facts, clinical, today), 'monthlyTestDue');
      assert.equal(later.dedupeKey, 'monthlyTestDue:2025-04-08', today);
      assert.equal(later.dueOn, today, today);
    }
  });

  test('once the test is done and the window is open, the window reminder takes over', () => {
    const facts = onTreatment().monthlyTest('2025-04-06').facts();
    const reminders = plan(facts, panel('2025-04-06'), '2025-04-06');
    assert.deepEqual(ofKind(reminders, 'monthlyTestDue'), []);
    assert.equal(only(reminders, 'windowOpen').dedupeKey, 'windowOpen:2025-04-06');
  });

  test('a patient who cannot get pregnant has no pregnancy test to be reminded of', () => {
    const facts = givenPatient({ category: 'PCNGP', enrolledOn: '2025-03-01' })
      .monthlyVisit('2025-03-01', { prescription: 'rx-1' })
      .filled('rx-1', '2025-03-01')
      .facts();
    assert.deepEqual(ofKind(plan(facts, panel('2025-03-01'), '2025-03-20'), 'monthlyTestDue'), []);
  });
});

describe('reminders: the monthly pregnancy test outside the US', () => {
  // The same supply as onTreatment() (dispensed 2025-03-10, lasting to 2025-04-08), under a program
  // elsewhere: its prescription was written on the day of a negative test, 2025-03-09.
  const programFacts = (...tests: IsoDate[]) => {
    const patient = new ProgramPatient('2000-01-01').canGetPregnant().contraception('2025-01-01').test('2025-03-09');
    for (const on of tests) {
      patient.test(on);
    }
    return patient.prescription('rx-1', '2025-03-09').dispensed('rx-1', '2025-03-10').facts();
  };
  const planElsewhere = (jurisdiction: Jurisdiction, today: IsoDate, ...tests: IsoDate[]) => {
    const usFacts = onTreatment().facts();
    const status = programStatusElsewhere(usFacts, { facts: programFacts(...tests), prescriber: DERMATOLOGIST }, today, inJurisdiction(jurisdiction), CONFIG);
    return { status, reminders: plannedReminders(status, clinicalReview(usFacts, panel('2025-03-10'), today), today) };
  };

  for (const jurisdiction of ['EU', 'GB', 'CA'] as const) {
    test(`${jurisdiction}: the next prescription's test is due, by the program's own code: reminded as in the US, keyed by the last day of supply`, () => {
      const { status, reminders } = planElsewhere(jurisdiction, '2025-03-20');
      assert.deepEqual(
        status.blockers.map((blocker) => blocker.code).filter((code) => code.includes('TEST')),
        [jurisdiction === 'CA' ? 'PREGNANCY_TEST_REQUIRED' : 'TEST_TOO_OLD_FOR_PRESCRIPTION'],
        'the program asks for a new test',
      );
      const reminder = only(reminders, 'monthlyTestDue');
      assert.deepEqual(
        { dedupeKey: reminder.dedupeKey, dueOn: reminder.dueOn, recipient: reminder.recipient },
        { dedupeKey: 'monthlyTestDue:2025-04-08', dueOn: '2025-04-01', recipient: 'patient' },
      );
      // Her test counts only shortly before the prescription: the words send her to book the visit, not to test now.
      assert.equal(reminder.message.code, 'monthlyTestDueProgram');
    });
  }

  test('EU: once the new test is on record, no monthly test reminder', () => {
    const { status, reminders } = planElsewhere('EU', '2025-04-02', '2025-04-02');
    assert.deepEqual(
      status.blockers.map((blocker) => blocker.code),
      ['PRESCRIPTION_PENDING'],
    );
    assert.deepEqual(ofKind(reminders, 'monthlyTestDue'), []);
  });
});

describe('reminders: after the last dose', () => {
  /** Last dose 2025-04-08, end-of-treatment test done: post-treatment test due 2025-05-08. */
  const ended = () => onTreatment().courseEnded('2025-04-08').pregnancyTest('endOfTreatment', '2025-04-08');

  test(`the post-treatment test: the patient and the prescriber, ${REMINDER_LEAD_DAYS} days before it is due, keyed by recipient and last dose`, () => {
    const reminders = plan(ended().facts(), noClinicalFacts(), '2025-04-09');
    assert.deepEqual(kinds(reminders), ['postTreatmentTest', 'postTreatmentTest', 'afterTheCourse']);
    const [patient, prescriber] = ofKind(reminders, 'postTreatmentTest');
    assert.deepEqual([patient?.recipient, patient?.dedupeKey, patient?.dueOn], ['patient', 'postTreatmentTest:patient:2025-04-08', '2025-05-05']);
    assert.deepEqual(
      [prescriber?.recipient, prescriber?.dedupeKey, prescriber?.dueOn],
      ['prescriber', 'postTreatmentTest:prescriber:2025-04-08', '2025-05-05'],
    );
    assert.equal(
      patient?.body,
      'Please take a pregnancy test on or after 2025-05-08, one month after your last capsule (2025-04-08). Keep using two birth-control methods until 2025-05-08.',
    );
    assert.equal(prescriber?.body, 'The post-treatment pregnancy test is due on 2025-05-08 (last dose 2025-04-08).');
  });

  test('planned on later days: the same keys; due today once the lead day has passed; gone once the test is done', () => {
    const first = plan(ended().facts(), noClinicalFacts(), '2025-04-09');
    for (const today of ['2025-05-05', '2025-05-07', '2025-05-20']) {
      const again = ofKind(plan(ended().facts(), noClinicalFacts(), today), 'postTreatmentTest');
      assert.deepEqual(
        again.map((r) => r.dedupeKey),
        ofKind(first, 'postTreatmentTest').map((r) => r.dedupeKey),
        today,
      );
      assert.ok(
        again.every((r) => r.dueOn === today),
        today,
      );
    }
    const done = ended().pregnancyTest('postTreatment', '2025-05-08').facts();
    assert.deepEqual(ofKind(plan(done, noClinicalFacts(), '2025-05-08'), 'postTreatmentTest'), []);
  });

  test('after the course: no blood donation before day 31, no cosmetic procedures for 6 months — until the blood-donation date', () => {
    const facts = ended().facts();
    const after = only(plan(facts, noClinicalFacts(), '2025-04-09'), 'afterTheCourse');
    assert.deepEqual([after.dedupeKey, after.dueOn, after.recipient], ['afterTheCourse:2025-04-08', '2025-04-09', 'patient']);
    assert.equal(after.body, 'Do not give blood before 2025-05-09. Avoid waxing, dermabrasion and laser skin treatments until 2025-10-08.');
    assert.equal(only(plan(facts, noClinicalFacts(), '2025-05-09'), 'afterTheCourse').dedupeKey, 'afterTheCourse:2025-04-08');
    assert.deepEqual(ofKind(plan(facts, noClinicalFacts(), '2025-05-10'), 'afterTheCourse'), []);
  });

  test('a patient who cannot get pregnant: no post-treatment test, the after-the-course advice still; no lab reminder after the course', () => {
    const facts = givenPatient({ category: 'PCNGP', enrolledOn: '2025-03-01' })
      .monthlyVisit('2025-03-01', { prescription: 'rx-1' })
      .filled('rx-1', '2025-03-01')
      .courseEnded('2025-03-30')
      .facts();
    assert.deepEqual(kinds(plan(facts, noClinicalFacts(), '2025-03-31')), ['afterTheCourse']);
  });
});

describe('reminders: labs', () => {
  test(`a lab check: ${REMINDER_LEAD_DAYS} days before it is due, keyed by the check and its due date, naming what to draw and by when`, () => {
    const facts = onTreatment().facts();
    const clinical = panel('2025-03-10');
    const early = only(plan(facts, clinical, '2025-03-20'), 'labDue');
    assert.deepEqual([early.dedupeKey, early.dueOn, early.recipient], ['labDue:FOUR_WEEK_CHECK:2025-04-07', '2025-04-04', 'patient']);
    assert.equal(early.subject, 'Blood test due by 2025-04-07');
    assert.equal(
      early.body,
      'Your prescriber needs a blood test (triglycerides, alt) by 2025-04-07. For fats in the blood, fast and avoid alcohol for 36 hours before the draw.',
    );
    const later = only(plan(facts, clinical, '2025-04-06'), 'labDue');
    assert.deepEqual([later.dedupeKey, later.dueOn], ['labDue:FOUR_WEEK_CHECK:2025-04-07', '2025-04-06']);
  });

  test('nothing scheduled: no lab reminder', () => {
    const clinical = givenClinical().normalPanel('2025-03-10').normalPanel('2025-03-31').facts();
    assert.deepEqual(ofKind(plan(onTreatment().facts(), clinical, '2025-04-01'), 'labDue'), []);
  });

  test('a missing baseline is due "today" every day, but it is one occasion: the same key every day until a draw', () => {
    const facts = firstWindow().facts();
    const keysOn = (clinical: ClinicalFacts, today: IsoDate) => ofKind(plan(facts, clinical, today), 'labDue').map((r) => [r.dedupeKey, r.dueOn]);
    assert.deepEqual(keysOn(noClinicalFacts(), '2025-03-10'), [['labDue:BASELINE_DUE:missingAfter:none', '2025-03-10']]);
    assert.deepEqual(keysOn(noClinicalFacts(), '2025-03-20'), [['labDue:BASELINE_DUE:missingAfter:none', '2025-03-20']]);
    // A baseline drawn 03-12 covers a first dose to 04-11: a new occasion, due 04-12; lapsed, another one.
    const drawn = panel('2025-03-12');
    assert.deepEqual(keysOn(drawn, '2025-03-20'), [['labDue:BASELINE_DUE:2025-04-12', '2025-04-09']]);
    assert.deepEqual(keysOn(drawn, '2025-04-12'), [['labDue:BASELINE_DUE:missingAfter:2025-03-12', '2025-04-12']]);
    assert.deepEqual(keysOn(drawn, '2025-04-30'), [['labDue:BASELINE_DUE:missingAfter:2025-03-12', '2025-04-30']]);
  });
});

describe('reminders: over whole courses, day by day', () => {
  const scenarios: Array<[string, PatientFacts, ClinicalFacts, IsoDate]> = [
    ['first window, no labs', firstWindow({ prescription: 'rx-1', comprehension: false }).facts(), noClinicalFacts(), '2025-03-10'],
    ['on treatment', onTreatment().facts(), panel('2025-03-10'), '2025-03-10'],
    ['course ended', onTreatment().courseEnded('2025-04-08').facts(), panel('2025-03-10'), '2025-04-08'],
  ];

  test('never due before the day they are planned', () => {
    for (const [name, facts, clinical, from] of scenarios) {
      for (let offset = 0; offset < 60; offset += 1) {
        const today = addDays(from, offset);
        for (const reminder of plan(facts, clinical, today)) {
          assert.ok(!isBefore(reminder.dueOn, today), `${name} on ${today}: ${reminder.dedupeKey} due ${reminder.dueOn}`);
        }
      }
    }
  });

  test('with no new facts, each kind has few keys: one per occasion, not one per day', () => {
    for (const [name, facts, clinical, from] of scenarios) {
      const keysByKind = new Map<string, Set<string>>();
      for (let offset = 0; offset < 60; offset += 1) {
        for (const reminder of plan(facts, clinical, addDays(from, offset))) {
          keysByKind.set(reminder.kind, (keysByKind.get(reminder.kind) ?? new Set()).add(reminder.dedupeKey));
        }
      }
      for (const [kind, keys] of keysByKind) {
        assert.ok(keys.size <= 2, `${name}: ${kind} has ${keys.size} keys: ${[...keys].join(', ')}`);
      }
    }
  });
});

describe('reminders: online orders', () => {
  const order = (overrides: Partial<Order> = {}): Order => ({
    id: 'order-1',
    prescriptionId: 'rx-1',
    pharmacyId: 'pharmacy-1',
    placedOn: '2025-03-11',
    quantity: 30,
    strengthMg: 40,
    deliveryAddress: { recipient: 'Maya L', line1: '1 Main St', line2: null, city: 'Boston', state: 'MA', postalCode: '02110' },
    packedOn: null,
    shipment: null,
    deliveredOn: null,
    cancellation: null,
    refundedOn: null,
    ...overrides,
  });
  const authorized = () => firstWindow().authorization({ id: 'auth-7', prescriptionId: 'rx-1', requestedOn: '2025-03-11', doNotDispenseAfter: '2025-03-16' });
  function planWithOrders(facts: PatientFacts, orders: Order[], today: IsoDate): Reminder[] {
    const orderFacts = { patient: facts, orders, holders: [{ authorizationId: 'auth-7', pharmacyId: 'pharmacy-1' }] };
    const forReminders: OrderForReminders[] = orders.map((o) => ({
      id: o.id,
      prescriptionId: o.prescriptionId,
      placedOn: o.placedOn,
      status: orderStatus(o, orderFacts, today, CONFIG),
    }));
    return plannedReminders(programStatus(facts, today, CONFIG), clinicalReview(facts, panel('2025-03-10'), today), today, forReminders);
  }

  test('authorized for delivery: no "pick up" reminder, the pharmacy sends it', () => {
    const reminders = planWithOrders(authorized().facts(), [order()], '2025-03-12');
    assert.deepEqual(ofKind(reminders, 'pickUp'), []);
  });

  test('the authorization lapsed before the dispense: the patient is told once, the day after, why and what to do', () => {
    for (const today of ['2025-03-17', '2025-03-30']) {
      const stopped = only(planWithOrders(authorized().facts(), [order()], today), 'orderStopped');
      assert.equal(stopped.dedupeKey, 'orderStopped:order-1');
      assert.equal(stopped.dueOn, '2025-03-17');
      assert.match(stopped.body, /nothing was dispensed/);
      assert.match(stopped.body, /could be dispensed until 2025-03-16/);
      assert.match(stopped.body, /qualifies again/);
    }
    assert.deepEqual(ofKind(planWithOrders(authorized().facts(), [order()], '2025-03-16'), 'orderStopped'), [], 'the last day: not stopped yet');
  });

  test('a delivery later than promised: told the day after the promised day, with what to do', () => {
    const shipped = order({ packedOn: '2025-03-12', shipment: { shippedOn: '2025-03-12', carrier: 'UPS', trackingNumber: '1Z999AA1', promisedDays: 10 } });
    const facts = authorized().dispensed('auth-7', '2025-03-12').facts();
    assert.deepEqual(ofKind(planWithOrders(facts, [shipped], '2025-03-22'), 'orderLate'), [], 'the promised day itself');
    const late = only(planWithOrders(facts, [shipped], '2025-03-23'), 'orderLate');
    assert.deepEqual([late.dedupeKey, late.dueOn], ['orderLate:order-1', '2025-03-23']);
    assert.match(late.body, /promised by 2025-03-22/);
    assert.deepEqual(ofKind(planWithOrders(facts, [{ ...shipped, deliveredOn: '2025-03-23' }], '2025-03-24'), 'orderLate'), [], 'delivered: nothing to say');
  });
});

describe('a delivered reminder is done when the facts say its task is done (derived, never stored)', () => {
  const statusOf = (facts: PatientFacts, asOf: IsoDate) => programStatus(facts, asOf, CONFIG);
  const reminderOf = (facts: PatientFacts, asOf: IsoDate, kind: string): Reminder => {
    const found = plannedReminders(statusOf(facts, asOf), clinicalReview(facts, noClinicalFacts(), asOf), asOf).find((reminder) => reminder.kind === kind);
    assert.ok(found, `no ${kind} reminder on ${asOf}`);
    return found;
  };
  const done = (reminder: Pick<Reminder, 'kind' | 'dedupeKey' | 'dueOn'>, facts: PatientFacts, asOf: IsoDate, labsCollectedOn: IsoDate[] = []) =>
    reminderTaskDone(reminder, { facts, status: statusOf(facts, asOf), labsCollectedOn });

  test("the window's reminder asking for the questions: not done before a pass, done at once after it", () => {
    const builder = pcgpReadyForFirstFill('2026-03-01')
      .filled('rx-1', '2026-03-01')
      .monthlyTest('2026-03-29')
      .monthlyVisit('2026-03-29', { prescription: 'rx-2', comprehension: false });
    const reminder = reminderOf(builder.facts(), '2026-03-29', 'windowOpen');
    assert.match(reminder.body, /questions/);
    assert.equal(done(reminder, builder.facts(), '2026-03-29'), false);
    const failed = builder.comprehension('2026-03-30', false).facts();
    assert.equal(done(reminder, failed, '2026-03-30'), false, 'a failed check does not do it');
    const passed = builder.comprehension('2026-03-30', true).facts();
    assert.equal(done(reminder, passed, '2026-03-30'), true);
  });

  test('the pick-up reminder is done once that authorization is dispensed', () => {
    const builder = pcgpReadyForFirstFill('2026-03-01').authorization({ prescriptionId: 'rx-1', requestedOn: '2026-03-01', doNotDispenseAfter: '2026-03-07' });
    const reminder = reminderOf(builder.facts(), '2026-03-01', 'pickUp');
    assert.equal(done(reminder, builder.facts(), '2026-03-01'), false);
    const authorizationId = builder.facts().authorizations[0]?.id ?? '';
    assert.equal(done(reminder, builder.dispensed(authorizationId, '2026-03-02').facts(), '2026-03-02'), true);
  });

  test("the monthly test reminder is done once a test is taken after the supply's dispense", () => {
    const builder = pcgpReadyForFirstFill('2026-03-01').filled('rx-1', '2026-03-01');
    const reminder = reminderOf(builder.facts(), '2026-03-22', 'monthlyTestDue');
    assert.equal(done(reminder, builder.facts(), '2026-03-24'), false);
    assert.equal(done(reminder, builder.monthlyTest('2026-03-26').facts(), '2026-03-26'), true);
  });

  test('a blood test reminder is done once blood is drawn on or after its day', () => {
    const reminder = { kind: 'labDue', dedupeKey: 'labDue:MONTHLY_DUE:2026-03-20', dueOn: '2026-03-17' };
    const facts = pcgpReadyForFirstFill('2026-03-01').facts();
    assert.equal(done(reminder, facts, '2026-03-18', ['2026-03-01']), false);
    assert.equal(done(reminder, facts, '2026-03-18', ['2026-03-17']), true);
  });

  test('a reminder that only informs has no task: never done', () => {
    const reminder = { kind: 'afterTheCourse', dedupeKey: 'afterTheCourse:2026-03-01', dueOn: '2026-03-01' };
    assert.equal(done(reminder, pcgpReadyForFirstFill('2026-03-01').facts(), '2026-03-02'), false);
  });
});
