import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addDays } from './dates.js';
import { CLINIC_TEST_DEFAULT, monthlyVisitPlan, prescriptionPrefill } from './monthlyVisit.js';
import { CONFIG, codes, givenPatient, pcgpReadyForFirstFill } from '../../test/support/patientFacts.js';

const FIRST_FILL = '2025-03-03';
const VISIT = addDays(FIRST_FILL, 28);

/** A PCGP patient filled on FIRST_FILL, her next month due on VISIT. */
const dueForNextFill = () => pcgpReadyForFirstFill(FIRST_FILL).filled('rx-1', FIRST_FILL);

describe('the monthly visit plan (issue 10)', () => {
  test('a PCGP patient due for her next fill: the monthly test, contraception, counseling and the prescription are due; last month carried', () => {
    const plan = monthlyVisitPlan(dueForNextFill().facts(), null, VISIT, CONFIG);
    assert.equal(plan.available, true);
    assert.deepEqual(
      [plan.pregnancyTest.state, plan.pregnancyTest.kind, plan.pregnancyTest.setting, plan.pregnancyTest.clia, plan.pregnancyTest.placeFrom],
      ['due', 'monthly', 'lab', true, 'lastTest'],
    );
    assert.equal(plan.contraception.state, 'due');
    assert.deepEqual(plan.contraception.sameAsLastMonth, { allowed: true });
    assert.equal(plan.counseling.state, 'due');
    assert.equal(plan.prescription.state, 'due');
    assert.deepEqual(plan.prescription.prefill, {
      product: 'isotretinoinGeneric',
      strengthMg: 40,
      capsulesPerDay: 1,
      daysSupply: 30,
      source: 'lastPrescription',
    });
  });

  test('after the visit the items are done, with their dates', () => {
    const facts = dueForNextFill().monthlyTest(VISIT).monthlyVisit(VISIT, { prescription: 'rx-2' }).facts();
    const plan = monthlyVisitPlan(facts, null, VISIT, CONFIG);
    assert.deepEqual(
      [plan.pregnancyTest.state, plan.pregnancyTest.doneOn, plan.contraception.state, plan.counseling.state, plan.prescription.state, plan.prescription.doneOn],
      ['done', VISIT, 'done', 'done', 'done', VISIT],
    );
  });

  test('right after enrollment: the screening test and the first declaration; no prescription yet; the clinic default place', () => {
    const plan = monthlyVisitPlan(givenPatient({ category: 'PCGP', enrolledOn: VISIT }).facts(), null, VISIT, CONFIG);
    assert.deepEqual([plan.pregnancyTest.kind, plan.pregnancyTest.state], ['screening', 'due']);
    assert.deepEqual({ setting: plan.pregnancyTest.setting, clia: plan.pregnancyTest.clia }, CLINIC_TEST_DEFAULT);
    assert.equal(plan.pregnancyTest.placeFrom, 'clinicDefault');
    assert.deepEqual(codes(plan.contraception.sameAsLastMonth.allowed ? [] : plan.contraception.sameAsLastMonth.reasons), ['NO_PREVIOUS_DECLARATION']);
    assert.equal(plan.prescription.state, 'notYet');
  });

  test('between screening and the earliest confirmation date: the test is not yet due, with its date', () => {
    const enrolledOn = VISIT;
    const facts = givenPatient({ category: 'PCGP', enrolledOn })
      .screeningTest(enrolledOn)
      .contraception({ declaredOn: enrolledOn, startedOn: addDays(enrolledOn, -40) })
      .facts();
    const plan = monthlyVisitPlan(facts, null, addDays(enrolledOn, 5), CONFIG);
    assert.deepEqual([plan.pregnancyTest.kind, plan.pregnancyTest.state, plan.pregnancyTest.earliestOn], ['confirmation', 'notYet', addDays(enrolledOn, 19)]);
    assert.equal(plan.prescription.state, 'notYet');
    const onTime = monthlyVisitPlan(facts, null, addDays(enrolledOn, 19), CONFIG);
    assert.deepEqual([onTime.pregnancyTest.state, onTime.contraception.state, onTime.prescription.state], ['due', 'done', 'due']);
    assert.deepEqual(onTime.contraception.sameAsLastMonth, { allowed: true });
  });

  test('a patient who cannot get pregnant: no test, no contraception', () => {
    const plan = monthlyVisitPlan(givenPatient({ category: 'PCNGP', enrolledOn: VISIT }).facts(), null, VISIT, CONFIG);
    assert.deepEqual(
      [plan.pregnancyTest.state, plan.contraception.state, plan.counseling.state, plan.prescription.state],
      ['notNeeded', 'notNeeded', 'due', 'due'],
    );
  });

  test('on pregnancy hold there is no visit to record', () => {
    const plan = monthlyVisitPlan(dueForNextFill().monthlyTest(VISIT, { result: 'positive' }).facts(), null, VISIT, CONFIG);
    assert.equal(plan.available, false);
    assert.deepEqual(codes(plan.reasons), ['PREGNANCY_HOLD']);
  });
});

describe('the prescription prefill', () => {
  const last = dueForNextFill().facts().prescriptions;

  test('last month as it was, at most 30 days', () => {
    const longer = [{ ...(last[0] ?? assert.fail('no prescription last month')), daysSupply: 60 }];
    assert.deepEqual(prescriptionPrefill(longer, null, VISIT, CONFIG), {
      product: 'isotretinoinGeneric',
      strengthMg: 40,
      capsulesPerDay: 1,
      daysSupply: 30,
      source: 'lastPrescription',
    });
  });

  test("the dose plan's step in force today changes the capsules per day of the same strength", () => {
    const plan = {
      product: 'isotretinoinGeneric' as const,
      steps: [
        { from: FIRST_FILL, dailyMg: 40 },
        { from: addDays(FIRST_FILL, 28), dailyMg: 80 },
      ],
    };
    assert.deepEqual(prescriptionPrefill(last, plan, VISIT, CONFIG), {
      product: 'isotretinoinGeneric',
      strengthMg: 40,
      capsulesPerDay: 2,
      daysSupply: 30,
      source: 'lastPrescriptionAndDosePlan',
    });
  });

  test('a plan for another product, or a dose one strength cannot make, leaves last month as it was', () => {
    const otherProduct = { product: 'absoricaLd' as const, steps: [{ from: FIRST_FILL, dailyMg: 32 }] };
    assert.equal(prescriptionPrefill(last, otherProduct, VISIT, CONFIG).source, 'lastPrescription');
    // 65 mg needs 40 + 25 mg: two prescriptions, so nothing is guessed.
    const mixed = { product: 'isotretinoinGeneric' as const, steps: [{ from: FIRST_FILL, dailyMg: 65 }] };
    assert.deepEqual(prescriptionPrefill(last, mixed, VISIT, CONFIG), {
      product: 'isotretinoinGeneric',
      strengthMg: 40,
      capsulesPerDay: 1,
      daysSupply: 30,
      source: 'lastPrescription',
    });
    // 70 mg is two 35 mg capsules: one strength makes it.
    const single = { product: 'isotretinoinGeneric' as const, steps: [{ from: FIRST_FILL, dailyMg: 70 }] };
    assert.deepEqual([prescriptionPrefill(last, single, VISIT, CONFIG).strengthMg, prescriptionPrefill(last, single, VISIT, CONFIG).capsulesPerDay], [35, 2]);
  });

  test('the first prescription: from the dose plan, else nothing is guessed', () => {
    const plan = { product: 'claravis' as const, steps: [{ from: VISIT, dailyMg: 30 }] };
    assert.deepEqual(prescriptionPrefill([], plan, VISIT, CONFIG), {
      product: 'claravis',
      strengthMg: 30,
      capsulesPerDay: 1,
      daysSupply: 30,
      source: 'dosePlan',
    });
    const mixed = { product: 'claravis' as const, steps: [{ from: VISIT, dailyMg: 50 }] };
    assert.deepEqual(prescriptionPrefill([], mixed, VISIT, CONFIG), {
      product: 'claravis',
      strengthMg: null,
      capsulesPerDay: null,
      daysSupply: 30,
      source: 'dosePlan',
    });
    assert.deepEqual(prescriptionPrefill([], null, VISIT, CONFIG), { product: null, strengthMg: null, capsulesPerDay: null, daysSupply: 30, source: 'none' });
  });
});
