import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { patientSchedule } from './patientSchedule.js';
import { programStatus } from './programStatus.js';
import { CONFIG, givenPatient, pcgpReadyForFirstFill } from '../../test/support/patientFacts.js';
import type { PatientFacts } from './facts.js';

const scheduleOn = (facts: PatientFacts, asOf: string) => patientSchedule(programStatus(facts, asOf, CONFIG), facts, CONFIG);
const step = (schedule: ReturnType<typeof patientSchedule>, code: string) => schedule.steps.find((candidate) => candidate.code === code);

describe("the patient's next steps in dates (R-WIN-1, R-WIN-1a, R-PT-3)", () => {
  // First fill 2026-03-01 for 30 days: capsules until 2026-03-30.
  const onTreatment = () => pcgpReadyForFirstFill('2026-03-01').filled('rx-1', '2026-03-01');

  test('on treatment, before the next test: the test between 6 days before and the first day without capsules', () => {
    const schedule = scheduleOn(onTreatment().facts(), '2026-03-20');
    assert.deepEqual(schedule.nextTest, { from: '2026-03-25', by: '2026-03-31', late: false });
    assert.deepEqual(step(schedule, 'MONTHLY_TEST_PENDING'), { code: 'MONTHLY_TEST_PENDING', from: '2026-03-25', by: '2026-03-31', inTestWindow: false });
    // The month's other items: by the last day of the window the latest test opens.
    assert.deepEqual(step(schedule, 'COMPREHENSION_PENDING'), { code: 'COMPREHENSION_PENDING', from: null, by: '2026-04-06', inTestWindow: true });
    assert.equal(schedule.capsules.withoutSince, null);
    // Every blocker has a date.
    assert.ok(
      schedule.steps.every((candidate) => candidate.from !== null || candidate.by !== null),
      JSON.stringify(schedule.steps),
    );
  });

  test("the day after the dispense, the month's items cannot be dated yet: from the next day", () => {
    const schedule = scheduleOn(onTreatment().facts(), '2026-03-01');
    assert.equal(step(schedule, 'CONTRACEPTION_PENDING')?.from, '2026-03-02');
  });

  test('capsules run out and no test yet: without capsules, and the test is due at once', () => {
    const schedule = scheduleOn(onTreatment().facts(), '2026-04-02');
    assert.equal(schedule.capsules.withoutSince, '2026-03-31');
    assert.deepEqual(schedule.nextTest, { from: '2026-04-02', by: '2026-04-02', late: true });
    assert.deepEqual(step(schedule, 'MONTHLY_TEST_PENDING'), { code: 'MONTHLY_TEST_PENDING', from: null, by: '2026-04-02', inTestWindow: false });
  });

  test('a window open: every step is due by its last day, no test range', () => {
    const facts = onTreatment()
      .monthlyTest('2026-03-28')
      .monthlyVisit('2026-03-28', { prescription: 'rx-2', comprehension: false, contraception: false })
      .facts();
    const schedule = scheduleOn(facts, '2026-03-29');
    assert.equal(schedule.nextTest, null);
    assert.deepEqual(step(schedule, 'COMPREHENSION_PENDING'), { code: 'COMPREHENSION_PENDING', from: null, by: '2026-04-03', inTestWindow: false });
    assert.deepEqual(step(schedule, 'CONTRACEPTION_PENDING')?.by, '2026-04-03');
  });

  test('a patient who cannot get pregnant has no test range', () => {
    const facts = givenPatient({ category: 'PCNGP', enrolledOn: '2026-03-01' })
      .monthlyVisit('2026-03-01', { prescription: 'rx-1' })
      .filled('rx-1', '2026-03-01')
      .facts();
    assert.equal(scheduleOn(facts, '2026-03-25').nextTest, null);
  });
});
