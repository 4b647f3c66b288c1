import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addDays, type IsoDate } from './dates.js';
import type { PatientFacts } from './facts.js';
import { programStatus, type ProgramState } from './programStatus.js';
import { CONFIG, codes, givenPatient, pcgpReadyForFirstFill, unenrolledPatient } from '../../test/support/patientFacts.js';

const stateOn = (facts: PatientFacts, asOf: IsoDate): ProgramState => programStatus(facts, asOf, CONFIG).state;

/** PCGP: first fill 2025-03-10 (30 days, through 04-08), monthly test + visit 04-06 for rx-2. */
const monthTwo = () =>
  pcgpReadyForFirstFill('2025-03-10').filled('rx-1', '2025-03-10').monthlyTest('2025-04-06').monthlyVisit('2025-04-06', { prescription: 'rx-2' });

describe('program status: before the first dose (§2.13)', () => {
  test('§2.13 NOT_ENROLLED: nobody enrolled the patient', () => {
    const status = programStatus(unenrolledPatient(), '2025-03-01', CONFIG);
    assert.equal(status.state, 'NOT_ENROLLED');
    assert.equal(status.category, null);
    assert.deepEqual(codes(status.blockers), ['PATIENT_NOT_ENROLLED']);
  });

  test('§2.13 ENROLLED: PCGP enrolled, no screening test or contraception yet', () => {
    const status = programStatus(givenPatient({ category: 'PCGP', enrolledOn: '2025-02-01' }).facts(), '2025-02-01', CONFIG);
    assert.equal(status.state, 'ENROLLED');
    assert.ok(codes(status.blockers).includes('SCREENING_TEST_PENDING'));
    assert.ok(codes(status.blockers).includes('CONTRACEPTION_PENDING'));
  });

  test('§2.13 ENROLLED: PCNGP under REMS-2021 not yet counseled', () => {
    const status = programStatus(givenPatient({ category: 'PCNGP', enrolledOn: '2025-02-01' }).facts(), '2025-02-01', CONFIG);
    assert.equal(status.state, 'ENROLLED');
    assert.ok(codes(status.blockers).includes('COUNSELING_PENDING'));
  });

  test('§2.13 AWAITING_CONFIRMATION: screened and contracepting, confirmation due from screening + 19', () => {
    const facts = givenPatient({ category: 'PCGP', enrolledOn: '2025-02-01' })
      .screeningTest('2025-02-01')
      .contraception({ declaredOn: '2025-02-01', startedOn: '2025-01-01' })
      .facts();
    const status = programStatus(facts, '2025-02-10', CONFIG);
    assert.equal(status.state, 'AWAITING_CONFIRMATION');
    const pending = status.blockers.find((blocker) => blocker.code === 'CONFIRMATION_TEST_PENDING');
    assert.equal(pending?.earliestChangeDate, '2025-02-20');
  });

  test('§2.13 AWAITING_CONFIRMATION: a confirmation test one day too early does not open a window', () => {
    const facts = givenPatient({ category: 'PCGP', enrolledOn: '2025-02-01' })
      .screeningTest('2025-02-01')
      .contraception({ declaredOn: '2025-02-01', startedOn: '2025-01-01' })
      .confirmationTest('2025-02-19')
      .facts();
    const status = programStatus(facts, '2025-02-19', CONFIG);
    assert.equal(status.state, 'AWAITING_CONFIRMATION');
    assert.equal(status.window, null);
  });

  test('§2.13 QUALIFIED_WINDOW_OPEN through the last day of the window (specimen + 6)', () => {
    const facts = pcgpReadyForFirstFill('2025-03-10').facts();
    for (const asOf of ['2025-03-10', '2025-03-16']) {
      const status = programStatus(facts, asOf, CONFIG);
      assert.equal(status.state, 'QUALIFIED_WINDOW_OPEN', asOf);
      assert.deepEqual(status.blockers, [], asOf);
      assert.equal(status.window?.lastDay, '2025-03-16');
    }
  });

  test("§2.13 QUALIFIED_WINDOW_OPEN with blockers: the window is open but this month's prescription is missing", () => {
    const facts = givenPatient({ category: 'PCGP', enrolledOn: '2025-02-08' })
      .screeningTest('2025-02-08')
      .contraception({ declaredOn: '2025-02-08', startedOn: '2025-01-01' })
      .confirmationTest('2025-03-10')
      .monthlyVisit('2025-03-10')
      .facts();
    const status = programStatus(facts, '2025-03-12', CONFIG);
    assert.equal(status.state, 'QUALIFIED_WINDOW_OPEN');
    assert.deepEqual(codes(status.blockers), ['PRESCRIPTION_PENDING']);
    assert.equal(status.blockers[0]?.deadline, '2025-03-16');
  });

  test('§2.13 WINDOW_MISSED_FIRST (REMS-2021): the day after the window, lockoutUntil = specimen + 19', () => {
    const status = programStatus(pcgpReadyForFirstFill('2025-03-10').facts(), '2025-03-17', CONFIG);
    assert.equal(status.state, 'WINDOW_MISSED_FIRST');
    assert.equal(status.lockoutUntil, '2025-03-29');
    assert.ok(codes(status.blockers).includes('WINDOW_CLOSED'));
  });

  test('§2.13 WINDOW_MISSED_FIRST (REMS-2026): no lockout', () => {
    const status = programStatus(pcgpReadyForFirstFill('2026-09-01').facts(), '2026-09-08', CONFIG);
    assert.equal(status.state, 'WINDOW_MISSED_FIRST');
    assert.equal(status.lockoutUntil, null);
  });

  test('R-MISS-5 WINDOW_MISSED_FIRST: a REMS-2021 lockout running past the effective date ends on it', () => {
    const status = programStatus(pcgpReadyForFirstFill('2026-07-25').facts(), '2026-08-01', CONFIG);
    assert.equal(status.state, 'WINDOW_MISSED_FIRST');
    assert.equal(status.lockoutUntil, '2026-08-08');
  });

  test('§2.13 AUTHORIZED through doNotDispenseAfter; the day after, an unused authorization leaves the first window missed', () => {
    const facts = pcgpReadyForFirstFill('2025-03-10')
      .authorization({ prescriptionId: 'rx-1', requestedOn: '2025-03-15', doNotDispenseAfter: '2025-03-16' })
      .facts();
    const authorized = programStatus(facts, '2025-03-16', CONFIG);
    assert.equal(authorized.state, 'AUTHORIZED');
    assert.equal(authorized.activeAuthorization?.doNotDispenseAfter, '2025-03-16');
    assert.deepEqual(authorized.blockers, []);
    assert.equal(stateOn(facts, '2025-03-17'), 'WINDOW_MISSED_FIRST');
  });

  test('D-4 AUTHORIZED shows the earlier REMS date as doNotDispenseAfter', () => {
    const facts = pcgpReadyForFirstFill('2025-03-10')
      .authorization({ prescriptionId: 'rx-1', requestedOn: '2025-03-12', doNotDispenseAfter: '2025-03-16', remsDoNotDispenseAfter: '2025-03-15' })
      .facts();
    assert.equal(programStatus(facts, '2025-03-12', CONFIG).activeAuthorization?.doNotDispenseAfter, '2025-03-15');
    assert.equal(stateOn(facts, '2025-03-16'), 'WINDOW_MISSED_FIRST');
  });
});

describe('program status: during treatment (§2.13, R-MON-*)', () => {
  test('§2.13 ON_TREATMENT while the supply lasts (dispense + 29 for 30 days), AWAITING_MONTHLY_QUALIFICATION the day after', () => {
    const facts = pcgpReadyForFirstFill('2025-03-10').filled('rx-1', '2025-03-10').facts();
    assert.equal(stateOn(facts, '2025-03-10'), 'ON_TREATMENT');
    assert.equal(stateOn(facts, '2025-04-08'), 'ON_TREATMENT');
    const awaiting = programStatus(facts, '2025-04-09', CONFIG);
    assert.equal(awaiting.state, 'AWAITING_MONTHLY_QUALIFICATION');
    assert.ok(codes(awaiting.blockers).includes('MONTHLY_TEST_PENDING'));
    assert.equal(awaiting.dispenseCount, 1);
  });

  test('§2.13 QUALIFIED_WINDOW_OPEN for month 2 through the monthly specimen + 6, then WINDOW_MISSED (not _FIRST)', () => {
    const facts = monthTwo().facts();
    assert.equal(stateOn(facts, '2025-04-12'), 'QUALIFIED_WINDOW_OPEN');
    const missed = programStatus(facts, '2025-04-13', CONFIG);
    assert.equal(missed.state, 'WINDOW_MISSED');
    assert.equal(missed.lockoutUntil, null);
  });

  test('§2.13 month 2 AUTHORIZED, then ON_TREATMENT after the dispense', () => {
    const builder = monthTwo().authorization({ prescriptionId: 'rx-2', requestedOn: '2025-04-07', doNotDispenseAfter: '2025-04-12' });
    assert.equal(stateOn(builder.facts(), '2025-04-07'), 'AUTHORIZED');
    const facts = builder.dispensed('auth-rx-2', '2025-04-08').facts();
    const status = programStatus(facts, '2025-04-08', CONFIG);
    assert.equal(status.state, 'ON_TREATMENT');
    assert.equal(status.dispenseCount, 2);
  });

  test('T-37 R-PREG-1: a positive monthly test → PREGNANCY_HOLD, even with an active authorization; only the hold blocks', () => {
    const facts = monthTwo()
      .authorization({ prescriptionId: 'rx-2', requestedOn: '2025-04-06', doNotDispenseAfter: '2025-04-12' })
      .monthlyTest('2025-04-07', { result: 'positive' })
      .facts();
    const status = programStatus(facts, '2025-04-07', CONFIG);
    assert.equal(status.state, 'PREGNANCY_HOLD');
    assert.deepEqual(codes(status.blockers), ['PREGNANCY_HOLD']);
  });

  test('§2.13 PCNGP REMS-2021: QUALIFIED_WINDOW_OPEN through visit + 29, WINDOW_MISSED on visit + 30', () => {
    const facts = givenPatient({ category: 'PCNGP', enrolledOn: '2025-01-10' }).monthlyVisit('2025-01-10', { prescription: 'rx-1' }).facts();
    assert.equal(stateOn(facts, '2025-02-08'), 'QUALIFIED_WINDOW_OPEN');
    assert.equal(stateOn(facts, '2025-02-09'), 'WINDOW_MISSED');
  });

  test('§2.13 R-WIN-4 PCNGP REMS-2026: counseled at enrollment → QUALIFIED_WINDOW_OPEN without a window; ON_TREATMENT after a fill', () => {
    const builder = givenPatient({ category: 'PCNGP', enrolledOn: '2026-09-01' }).monthlyVisit('2026-09-01', { prescription: 'rx-1' });
    const qualified = programStatus(builder.facts(), '2026-12-01', CONFIG);
    assert.equal(qualified.state, 'QUALIFIED_WINDOW_OPEN');
    assert.equal(qualified.window, null);
    const facts = builder.filled('rx-1', '2026-09-02', '2026-09-30').facts();
    assert.equal(stateOn(facts, '2026-10-01'), 'ON_TREATMENT');
    assert.equal(stateOn(facts, '2026-10-02'), 'QUALIFIED_WINDOW_OPEN');
  });

  test('property §2.13: a PCGP patient ready for the first fill is QUALIFIED_WINDOW_OPEN exactly on days 0..6 of the window', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 900 }), fc.integer({ min: 0, max: 12 }), (offset, day) => {
        const specimen = addDays('2025-01-01', offset);
        const state = stateOn(pcgpReadyForFirstFill(specimen).facts(), addDays(specimen, day));
        assert.equal(state, day <= 6 ? 'QUALIFIED_WINDOW_OPEN' : 'WINDOW_MISSED_FIRST', `${specimen} + ${day}`);
      }),
      { numRuns: 100 },
    );
  });
});

describe('program status: end of the course (R-END-1..R-END-3)', () => {
  const treated = () => pcgpReadyForFirstFill('2025-07-01').filled('rx-1', '2025-07-01');

  test('T-39 END_OF_TREATMENT: PCGP last dose 2025-09-01, no end-of-treatment test yet', () => {
    const status = programStatus(treated().courseEnded('2025-09-01').facts(), '2025-09-01', CONFIG);
    assert.equal(status.state, 'END_OF_TREATMENT');
    assert.equal(status.endOfCourse?.postTreatmentTestDue, '2025-10-01');
    assert.equal(status.endOfCourse.bloodDonationAllowedFrom, '2025-10-02');
    assert.deepEqual(codes(status.blockers), ['COURSE_ENDED']);
  });

  test('§2.13 POST_TREATMENT: end-of-treatment test done; stays so on day 30 even with the post-treatment test', () => {
    const facts = treated().courseEnded('2025-09-01').pregnancyTest('endOfTreatment', '2025-09-01').pregnancyTest('postTreatment', '2025-10-01').facts();
    assert.equal(stateOn(facts, '2025-09-02'), 'POST_TREATMENT');
    assert.equal(stateOn(facts, '2025-10-01'), 'POST_TREATMENT');
  });

  test('§2.13 COMPLETED: the day after last dose + 30, with a negative post-treatment test', () => {
    const facts = treated().courseEnded('2025-09-01').pregnancyTest('endOfTreatment', '2025-09-01').pregnancyTest('postTreatment', '2025-10-01').facts();
    assert.equal(stateOn(facts, '2025-10-02'), 'COMPLETED');
  });

  test('R-END-2: without the post-treatment test a PCGP stays POST_TREATMENT', () => {
    const facts = treated().courseEnded('2025-09-01').pregnancyTest('endOfTreatment', '2025-09-01').facts();
    assert.equal(stateOn(facts, '2025-11-15'), 'POST_TREATMENT');
  });

  test('R-PT-4: an end-of-treatment test 7 days before the last dose counts, 8 days before does not', () => {
    const sevenBefore = treated().courseEnded('2025-09-01').pregnancyTest('endOfTreatment', '2025-08-25').facts();
    assert.equal(stateOn(sevenBefore, '2025-09-02'), 'POST_TREATMENT');
    const eightBefore = treated().courseEnded('2025-09-01').pregnancyTest('endOfTreatment', '2025-08-24').facts();
    assert.equal(stateOn(eightBefore, '2025-09-02'), 'END_OF_TREATMENT');
  });

  test('R-END-3 PCNGP: POST_TREATMENT through last dose + 30, COMPLETED from + 31 without any test', () => {
    const facts = givenPatient({ category: 'PCNGP', enrolledOn: '2025-07-01' })
      .monthlyVisit('2025-07-01', { prescription: 'rx-1' })
      .filled('rx-1', '2025-07-01')
      .courseEnded('2025-09-01')
      .facts();
    assert.equal(stateOn(facts, '2025-10-01'), 'POST_TREATMENT');
    assert.equal(stateOn(facts, '2025-10-02'), 'COMPLETED');
  });

  test('R-PREG-1: a positive post-treatment test → PREGNANCY_HOLD over the end-of-course states', () => {
    const facts = treated()
      .courseEnded('2025-09-01')
      .pregnancyTest('endOfTreatment', '2025-09-01')
      .pregnancyTest('postTreatment', '2025-10-01', { result: 'positive' })
      .facts();
    assert.equal(stateOn(facts, '2025-10-02'), 'PREGNANCY_HOLD');
  });

  test('R-END-4: a restarted course is back to qualification (screening needed again)', () => {
    const facts = treated().courseEnded('2025-09-01').courseRestarted('2025-11-01', 'Relapse').facts();
    const status = programStatus(facts, '2025-11-01', CONFIG);
    assert.equal(status.endOfCourse, null);
    assert.equal(status.state, 'ENROLLED');
    assert.ok(codes(status.blockers).includes('SCREENING_TEST_PENDING'));
  });
});
