import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { authorizeFill } from './authorizeFill.js';
import {
  CONTRACEPTION_FAILURE_STEPS,
  CONTRACEPTION_FAILURE_TEST_MIN_DAYS_AFTER,
  contraceptionFailureReasons,
  unresolvedContraceptionFailure,
} from './contraceptionFailure.js';
import { clinicalReview } from './clinicalReview.js';
import { programStatus } from './programStatus.js';
import { plannedReminders } from './reminders.js';
import { WORKLIST_URGENCY, worklistEntry } from './worklist.js';
import { noClinicalFacts } from '../../test/support/clinicalFacts.js';
import { CONFIG, codes, givenPatient, pcgpReadyForFirstFill, reasonWithCode } from '../../test/support/patientFacts.js';
import { reminderText } from '../messages/patient/reminderText.js';

const REPORTED_ON = '2025-03-11';

function patient() {
  return givenPatient({ category: 'PCGP', enrolledOn: '2025-02-01' }).contraceptionFailureReported(REPORTED_ON);
}

describe('R-CON-7: a reported contraception failure blocks until a negative test collected after it', () => {
  test('the constant says "strictly after the report day"', () => {
    assert.equal(CONTRACEPTION_FAILURE_TEST_MIN_DAYS_AFTER, 1);
  });

  test('before the report day nothing is blocked; from the report day on it is, with the date the test may be collected from', () => {
    const facts = patient().facts();
    assert.deepEqual(contraceptionFailureReasons(facts, '2025-03-10'), []);
    const reason = reasonWithCode(contraceptionFailureReasons(facts, REPORTED_ON), 'CONTRACEPTION_FAILURE_REPORTED');
    assert.equal(reason.rule, 'R-CON-7');
    assert.equal(reason.earliestChangeDate, '2025-03-12');
    assert.match(reason.action, /negative pregnancy test collected on or after 2025-03-12/);
  });

  test('a negative test collected the day before the report, or on the report day, does not answer for it', () => {
    for (const specimenDate of ['2025-03-10', REPORTED_ON]) {
      const facts = patient().pregnancyTest('unscheduled', specimenDate).facts();
      assert.notEqual(unresolvedContraceptionFailure(facts, '2025-03-20'), null, specimenDate);
    }
  });

  test('a negative test collected the day after the report resolves it — from its specimen date, not before', () => {
    const facts = patient().pregnancyTest('unscheduled', '2025-03-12').facts();
    assert.equal(unresolvedContraceptionFailure(facts, '2025-03-12'), null);
    assert.notEqual(unresolvedContraceptionFailure(facts, REPORTED_ON), null, 'on the report day the test is in the future');
  });

  test('a positive or invalid test after the report keeps it blocked', () => {
    for (const result of ['positive', 'invalid'] as const) {
      const facts = patient().pregnancyTest('unscheduled', '2025-03-14', { result }).facts();
      assert.notEqual(unresolvedContraceptionFailure(facts, '2025-03-20'), null, result);
    }
  });

  test('a home test counts only with attested evidence (R-PT-7)', () => {
    assert.notEqual(unresolvedContraceptionFailure(patient().homeTest('2025-03-14', { attested: false }).facts(), '2025-03-20'), null);
    assert.notEqual(unresolvedContraceptionFailure(patient().homeTest('2025-03-14', { evidence: false }).facts(), '2025-03-20'), null);
    assert.equal(unresolvedContraceptionFailure(patient().homeTest('2025-03-14').facts(), '2025-03-20'), null);
  });

  test('a second report after the test needs a test after it: the latest open report names the date', () => {
    const facts = patient().pregnancyTest('unscheduled', '2025-03-12').contraceptionFailureReported('2025-03-15', 'latePeriod').facts();
    const reason = reasonWithCode(contraceptionFailureReasons(facts, '2025-03-16'), 'CONTRACEPTION_FAILURE_REPORTED');
    assert.equal(reason.earliestChangeDate, '2025-03-16');
    assert.match(reason.message, /possible contraception failure was reported on 2025-03-15/);
    assert.doesNotMatch(reason.message, /period|intercourse/, 'neutral words: the pharmacy reads them too');
  });

  test('a suspected pregnancy is different: a later negative test does not clear it, the prescriber does (R-PREG-3)', () => {
    const facts = givenPatient({ category: 'PCGP', enrolledOn: '2025-02-01' })
      .pregnancyReported(REPORTED_ON)
      .pregnancyTest('unscheduled', '2025-03-14')
      .facts();
    assert.equal(programStatus(facts, '2025-03-20', CONFIG).state, 'PREGNANCY_HOLD');
  });
});

describe('R-CON-7 in the fill decision (authorizeFill) and the status', () => {
  const request = (requestedOn: string) => ({ prescriptionId: 'rx-1', requestedOn, pharmacyCertified: true });

  test('a window open on the report day: the fill is refused CONTRACEPTION_FAILURE_REPORTED; the day before it was allowed', () => {
    const facts = pcgpReadyForFirstFill('2025-03-10').contraceptionFailureReported(REPORTED_ON).facts();
    assert.equal(authorizeFill(facts, request('2025-03-10'), CONFIG).kind, 'authorized');
    const refused = authorizeFill(facts, request(REPORTED_ON), CONFIG);
    assert.equal(refused.kind, 'refused');
    assert.deepEqual(codes(refused.decision.reasons), ['CONTRACEPTION_FAILURE_REPORTED']);
    assert.ok(programStatus(facts, REPORTED_ON, CONFIG).blockers.some((blocker) => blocker.code === 'CONTRACEPTION_FAILURE_REPORTED'));
  });

  test('the same-day negative test keeps it refused; a negative test the next day lets the fill through', () => {
    const sameDay = pcgpReadyForFirstFill('2025-03-10').contraceptionFailureReported(REPORTED_ON).pregnancyTest('unscheduled', REPORTED_ON).facts();
    assert.equal(authorizeFill(sameDay, request('2025-03-12'), CONFIG).kind, 'refused');
    const nextDay = pcgpReadyForFirstFill('2025-03-10').contraceptionFailureReported(REPORTED_ON).pregnancyTest('unscheduled', '2025-03-12').facts();
    assert.equal(authorizeFill(nextDay, request('2025-03-12'), CONFIG).kind, 'authorized');
  });

  test('a positive test after the report: still blocked, and the pregnancy hold applies too', () => {
    const facts = pcgpReadyForFirstFill('2025-03-10')
      .contraceptionFailureReported(REPORTED_ON)
      .pregnancyTest('unscheduled', '2025-03-12', { result: 'positive' })
      .facts();
    const decision = authorizeFill(facts, request('2025-03-13'), CONFIG);
    assert.equal(decision.kind, 'refused');
    const found = codes(decision.decision.reasons);
    assert.ok(found.includes('CONTRACEPTION_FAILURE_REPORTED') && found.includes('PREGNANCY_HOLD'), found.join());
  });
});

describe("R-CON-7 on the worklist and in the patient's reminders", () => {
  test('an unresolved report is an urgent worklist item due today and a reminder with the steps; a later negative test removes both', () => {
    const open = pcgpReadyForFirstFill('2025-03-10').contraceptionFailureReported(REPORTED_ON).facts();
    const clinical = noClinicalFacts();
    const status = programStatus(open, '2025-03-12', CONFIG);
    const entry = worklistEntry(status, clinicalReview(open, clinical, '2025-03-12'), '2025-03-12', CONFIG);
    const item = entry.items.find((candidate) => candidate.code === 'CONTRACEPTION_FAILURE_REPORTED');
    assert.ok(item !== undefined, JSON.stringify(entry.items));
    assert.equal(item.urgency, WORKLIST_URGENCY.urgentAlert);
    assert.equal(item.dueOn, '2025-03-12');
    assert.equal(entry.items[0]?.code, 'CONTRACEPTION_FAILURE_REPORTED', 'first on the list');
    const reminder = plannedReminders(status, clinicalReview(open, clinical, '2025-03-12'), '2025-03-12').find((r) => r.kind === 'contraceptionFailure');
    assert.ok(reminder !== undefined);
    assert.equal(reminder.recipient, 'patient');
    const { body } = reminderText(reminder.message, 'en');
    assert.match(body, /Stop taking the capsules now\. Call your prescriber today\. Ask about emergency contraception/);
    assert.match(body, /on or after 2025-03-12/);
    // The steps are the domain's (R-CON-7), word for word, in the English reminder.
    assert.ok(body.startsWith(CONTRACEPTION_FAILURE_STEPS.join(' ')), body);

    const resolved = pcgpReadyForFirstFill('2025-03-10').contraceptionFailureReported(REPORTED_ON).pregnancyTest('unscheduled', '2025-03-12').facts();
    const after = programStatus(resolved, '2025-03-12', CONFIG);
    assert.ok(
      !worklistEntry(after, clinicalReview(resolved, clinical, '2025-03-12'), '2025-03-12', CONFIG).items.some(
        (i) => i.code === 'CONTRACEPTION_FAILURE_REPORTED',
      ),
    );
    assert.ok(!plannedReminders(after, clinicalReview(resolved, clinical, '2025-03-12'), '2025-03-12').some((r) => r.kind === 'contraceptionFailure'));
  });
});
