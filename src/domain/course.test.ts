import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { capsuleSupply, endOfCourseSchedule, episodeStart, nextMonthlyTestRange, retreatmentWarnings } from './course.js';
import { ruleSetOn } from './ruleSets.js';
import { CONFIG, codes, givenPatient, pcgpReadyForFirstFill } from '../../test/support/patientFacts.js';

describe('end of course (R-END-1..R-END-5)', () => {
  test('T-39 R-END-2/3: PCGP last dose 2025-09-01 → EOT test due now, post test and contraception until 10-01, blood from 10-02', () => {
    const facts = givenPatient({ category: 'PCGP', enrolledOn: '2025-03-01' }).courseEnded('2025-09-01').facts();
    const [courseEnd] = facts.courseEnds;
    assert.ok(courseEnd);
    const schedule = endOfCourseSchedule(courseEnd, 'PCGP', facts.pregnancyTests, CONFIG);
    assert.equal(schedule.endOfTreatmentTestDue, '2025-09-01');
    assert.equal(schedule.postTreatmentTestDue, '2025-10-01');
    assert.equal(schedule.contraceptionUntil, '2025-10-01');
    assert.equal(schedule.bloodDonationAllowedFrom, '2025-10-02');
    assert.equal(schedule.endOfTreatmentTestDone, false);
    assert.equal(schedule.postTreatmentTestDone, false);
  });

  test('R-END-3: PCNGP has no pregnancy tests or contraception after the course, but the same blood-donation wait', () => {
    const facts = givenPatient({ category: 'PCNGP', enrolledOn: '2025-03-01' }).courseEnded('2025-09-01').facts();
    const [courseEnd] = facts.courseEnds;
    assert.ok(courseEnd);
    const schedule = endOfCourseSchedule(courseEnd, 'PCNGP', [], CONFIG);
    assert.equal(schedule.endOfTreatmentTestDue, null);
    assert.equal(schedule.postTreatmentTestDue, null);
    assert.equal(schedule.contraceptionUntil, null);
    assert.equal(schedule.bloodDonationAllowedFrom, '2025-10-02');
  });

  test('R-PT-5: the post-treatment test counts from last dose + 30 (day 29 does not count)', () => {
    const tooEarly = givenPatient({ category: 'PCGP', enrolledOn: '2025-03-01' })
      .courseEnded('2025-09-01')
      .pregnancyTest('postTreatment', '2025-09-30')
      .facts();
    const onTime = givenPatient({ category: 'PCGP', enrolledOn: '2025-03-01' }).courseEnded('2025-09-01').pregnancyTest('postTreatment', '2025-10-01').facts();
    const [end] = tooEarly.courseEnds;
    assert.ok(end);
    assert.equal(endOfCourseSchedule(end, 'PCGP', tooEarly.pregnancyTests, CONFIG).postTreatmentTestDone, false);
    assert.equal(endOfCourseSchedule(end, 'PCGP', onTime.pregnancyTests, CONFIG).postTreatmentTestDone, true);
  });

  test('T-41 R-END-4: a new course 6 weeks after → RETREATMENT_BEFORE_8_WEEKS; day 55 warns, day 56 (8 weeks) does not', () => {
    const sixWeeks = retreatmentWarnings('2025-09-01', '2025-10-13', CONFIG);
    assert.deepEqual(codes(sixWeeks), ['RETREATMENT_BEFORE_8_WEEKS']);
    assert.equal(sixWeeks[0]?.earliestChangeDate, '2025-10-27');
    assert.deepEqual(codes(retreatmentWarnings('2025-09-01', '2025-10-26', CONFIG)), ['RETREATMENT_BEFORE_8_WEEKS']);
    assert.deepEqual(retreatmentWarnings('2025-09-01', '2025-10-27', CONFIG), []);
  });

  test('R-CAT-2: a change PCNGP → PCGP starts a new qualification episode; PCGP → PCNGP does not', () => {
    const toPcgp = givenPatient({ category: 'PCNGP', enrolledOn: '2025-01-10' })
      .categoryChange({ category: 'PCGP', effectiveOn: '2025-04-02', criterion: 'reproductivePotential' })
      .facts();
    assert.deepEqual(episodeStart(toPcgp, '2025-04-01'), { startedOn: '2025-01-10', isEnrollment: true });
    assert.deepEqual(episodeStart(toPcgp, '2025-04-02'), { startedOn: '2025-04-02', isEnrollment: false });

    const toPcngp = givenPatient({ category: 'PCGP', enrolledOn: '2025-01-10' })
      .categoryChange({ category: 'PCNGP', effectiveOn: '2025-04-02', criterion: 'totalHysterectomy' })
      .facts();
    assert.deepEqual(episodeStart(toPcngp, '2025-05-01'), { startedOn: '2025-01-10', isEnrollment: true });
  });
});

describe('capsules on hand (R-MON-1): without capsules once the last supply ran out and no new fill came', () => {
  // Dispensed 2026-03-01 for 30 days: the capsules last until 2026-03-30.
  const filled = () => pcgpReadyForFirstFill('2026-03-01').filled('rx-1', '2026-03-01');

  test('before any dispense: no supply, and not "without capsules" (she never had any)', () => {
    assert.deepEqual(capsuleSupply(pcgpReadyForFirstFill('2026-03-01').facts(), '2026-03-20'), { lastDay: null, withoutSince: null });
  });

  test('on the last day of the supply she still has capsules', () => {
    assert.deepEqual(capsuleSupply(filled().facts(), '2026-03-30'), { lastDay: '2026-03-30', withoutSince: null });
  });

  test('the day after the last day she is without capsules, since that day', () => {
    assert.deepEqual(capsuleSupply(filled().facts(), '2026-03-31'), { lastDay: '2026-03-30', withoutSince: '2026-03-31' });
    assert.deepEqual(capsuleSupply(filled().facts(), '2026-04-12'), { lastDay: '2026-03-30', withoutSince: '2026-03-31' });
  });

  test('a new fill ends it: the latest supply counts', () => {
    const facts = filled().monthlyTest('2026-03-29').monthlyVisit('2026-03-29', { prescription: 'rx-2' }).filled('rx-2', '2026-04-02').facts();
    assert.deepEqual(capsuleSupply(facts, '2026-04-02'), { lastDay: '2026-05-01', withoutSince: null });
    // Before the new dispense's date it does not count yet.
    assert.deepEqual(capsuleSupply(facts, '2026-04-01'), { lastDay: '2026-03-30', withoutSince: '2026-03-31' });
  });

  test('after the end of the course no capsules are meant: never "without capsules"', () => {
    const facts = filled().courseEnded('2026-03-30').facts();
    assert.deepEqual(capsuleSupply(facts, '2026-04-10'), { lastDay: '2026-03-30', withoutSince: null });
  });
});

describe('when the next monthly test is best taken (R-PT-3, R-WIN-1)', () => {
  test('its 7-day window must contain the first day without capsules', () => {
    // Capsules last until 2026-03-30: the first day without is 2026-03-31; a test from 03-25 opens a window to 03-31.
    assert.deepEqual(nextMonthlyTestRange('2026-03-30', '2026-03-10', 7), { from: '2026-03-25', by: '2026-03-31', late: false });
  });

  test('on the first day without capsules it is still in range', () => {
    assert.deepEqual(nextMonthlyTestRange('2026-03-30', '2026-03-31', 7), { from: '2026-03-25', by: '2026-03-31', late: false });
  });

  test('after that day it is due at once', () => {
    assert.deepEqual(nextMonthlyTestRange('2026-03-30', '2026-04-01', 7), { from: '2026-04-01', by: '2026-04-01', late: true });
  });

  test("the window length is the rule set's", () => {
    assert.equal(nextMonthlyTestRange('2026-03-30', '2026-03-10', ruleSetOn('2026-03-10', CONFIG).pcgpWindowDays).from, '2026-03-25');
    assert.equal(nextMonthlyTestRange('2026-03-30', '2026-03-10', 10).from, '2026-03-22');
  });
});
