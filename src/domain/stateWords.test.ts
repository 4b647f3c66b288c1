import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addDays, type IsoDate } from './dates.js';
import type { PatientFacts } from './facts.js';
import { programStatus, PROGRAM_STATES, type ProgramState } from './programStatus.js';
import { dayInWords, describePatientState } from './stateWords.js';
import { CONFIG, givenPatient, pcgpReadyForFirstFill, unenrolledPatient } from '../../test/support/patientFacts.js';

const treated = () => pcgpReadyForFirstFill('2025-07-01').filled('rx-1', '2025-07-01');

/** One scenario per program state (the demo practice's patients span the same states). */
const SCENARIOS: ReadonlyArray<{ name: string; facts: () => PatientFacts; asOf: IsoDate; state: ProgramState }> = [
  { name: 'not enrolled', facts: () => unenrolledPatient(), asOf: '2025-03-01', state: 'NOT_ENROLLED' },
  { name: 'PCGP just enrolled', facts: () => givenPatient({ category: 'PCGP', enrolledOn: '2025-02-01' }).facts(), asOf: '2025-02-01', state: 'ENROLLED' },
  {
    name: 'screened, waiting for the confirmation test',
    facts: () =>
      givenPatient({ category: 'PCGP', enrolledOn: '2025-02-01' })
        .screeningTest('2025-02-01')
        .contraception({ declaredOn: '2025-02-01', startedOn: '2025-01-01' })
        .facts(),
    asOf: '2025-02-10',
    state: 'AWAITING_CONFIRMATION',
  },
  { name: 'window open, ready', facts: () => pcgpReadyForFirstFill('2025-03-10').facts(), asOf: '2025-03-12', state: 'QUALIFIED_WINDOW_OPEN' },
  {
    name: 'window open, three things block',
    facts: () =>
      givenPatient({ category: 'PCGP', enrolledOn: '2025-02-08' })
        .screeningTest('2025-02-08')
        .contraception({ declaredOn: '2025-02-08', startedOn: '2025-01-01' })
        .confirmationTest('2025-03-10')
        .facts(),
    asOf: '2025-03-12',
    state: 'QUALIFIED_WINDOW_OPEN',
  },
  {
    name: 'authorized',
    facts: () =>
      pcgpReadyForFirstFill('2025-03-10').authorization({ prescriptionId: 'rx-1', requestedOn: '2025-03-15', doNotDispenseAfter: '2025-03-16' }).facts(),
    asOf: '2025-03-15',
    state: 'AUTHORIZED',
  },
  { name: 'on treatment', facts: () => pcgpReadyForFirstFill('2025-03-10').filled('rx-1', '2025-03-10').facts(), asOf: '2025-03-20', state: 'ON_TREATMENT' },
  {
    name: 'out of capsules',
    facts: () => pcgpReadyForFirstFill('2025-03-10').filled('rx-1', '2025-03-10').facts(),
    asOf: '2025-04-09',
    state: 'AWAITING_MONTHLY_QUALIFICATION',
  },
  { name: 'first window missed', facts: () => pcgpReadyForFirstFill('2025-03-10').facts(), asOf: '2025-03-17', state: 'WINDOW_MISSED_FIRST' },
  {
    name: 'month-2 window missed',
    facts: () =>
      pcgpReadyForFirstFill('2025-03-10').filled('rx-1', '2025-03-10').monthlyTest('2025-04-06').monthlyVisit('2025-04-06', { prescription: 'rx-2' }).facts(),
    asOf: '2025-04-13',
    state: 'WINDOW_MISSED',
  },
  {
    name: 'pregnancy hold',
    facts: () => pcgpReadyForFirstFill('2025-03-10').monthlyTest('2025-03-12', { result: 'positive' }).facts(),
    asOf: '2025-03-12',
    state: 'PREGNANCY_HOLD',
  },
  { name: 'end of treatment', facts: () => treated().courseEnded('2025-09-01').facts(), asOf: '2025-09-01', state: 'END_OF_TREATMENT' },
  {
    name: 'post-treatment',
    facts: () => treated().courseEnded('2025-09-01').pregnancyTest('endOfTreatment', '2025-09-01').facts(),
    asOf: '2025-09-10',
    state: 'POST_TREATMENT',
  },
  {
    name: 'completed',
    facts: () => treated().courseEnded('2025-09-01').pregnancyTest('endOfTreatment', '2025-09-01').pregnancyTest('postTreatment', '2025-10-01').facts(),
    asOf: '2025-10-05',
    state: 'COMPLETED',
  },
  {
    name: 'PCNGP REMS-2026 qualified without a window',
    facts: () => givenPatient({ category: 'PCNGP', enrolledOn: '2026-09-01' }).monthlyVisit('2026-09-01', { prescription: 'rx-1' }).facts(),
    asOf: '2026-12-01',
    state: 'QUALIFIED_WINDOW_OPEN',
  },
];

describe('the words for a patient state (describePatientState)', () => {
  test('the scenarios cover every program state', () => {
    const covered = new Set(SCENARIOS.map((scenario) => programStatus(scenario.facts(), scenario.asOf, CONFIG).state));
    assert.deepEqual([...covered].sort(), [...PROGRAM_STATES].sort());
  });

  for (const scenario of SCENARIOS) {
    test(`${scenario.name}: tone 'ready' exactly when nothing blocks the fill; never a rule ID in the headline`, () => {
      const status = programStatus(scenario.facts(), scenario.asOf, CONFIG);
      assert.equal(status.state, scenario.state);
      const words = describePatientState(status);
      assert.equal(words.tone === 'ready', status.blockers.length === 0, `${words.tone}: ${words.headline}`);
      assert.doesNotMatch(words.headline, /R-[A-Z]+-\d/);
      assert.doesNotMatch(words.headline, /[A-Z]{3,}_[A-Z]/, 'no machine codes in the words');
      assert.deepEqual(
        words.blocking,
        status.blockers.map((blocker) => blocker.code),
      );
      if (words.tone !== 'ready') {
        assert.doesNotMatch(words.headline, /^Ready|can dispense/);
      }
      for (const step of words.steps) {
        assert.equal(step.done || status.blockers.length > 0, true, 'a step not done means something blocks');
      }
    });
  }

  test("the issue's contradiction: a window open while three things block is 'blocked', and says so", () => {
    const scenario = SCENARIOS.find((candidate) => candidate.name === 'window open, three things block');
    assert.ok(scenario);
    const words = describePatientState(programStatus(scenario.facts(), scenario.asOf, CONFIG));
    assert.equal(words.tone, 'blocked');
    assert.equal(words.headline, 'Window open until Mar 16 — 3 things block the fill');
    assert.match(words.detail ?? '', /counseling/);
    assert.deepEqual(
      words.steps.map((step) => [step.code, step.done]),
      [
        ['pregnancyTest', true],
        ['contraception', true],
        ['counseling', false],
        ['comprehension', false],
        ['prescription', false],
      ],
    );
  });

  test('a passed questionnaire shows as done at once', () => {
    const builder = givenPatient({ category: 'PCGP', enrolledOn: '2025-02-08' })
      .screeningTest('2025-02-08')
      .contraception({ declaredOn: '2025-02-08', startedOn: '2025-01-01' })
      .confirmationTest('2025-03-10');
    const before = describePatientState(programStatus(builder.facts(), '2025-03-11', CONFIG));
    assert.equal(before.steps.find((step) => step.code === 'comprehension')?.done, false);
    const after = describePatientState(programStatus(builder.comprehension('2025-03-11').facts(), '2025-03-11', CONFIG));
    assert.equal(after.steps.find((step) => step.code === 'comprehension')?.done, true);
    assert.equal(after.headline, 'Window open until Mar 16 — 2 things block the fill');
  });

  test('ready and authorized read with their last day; a pregnancy hold is urgent; a completed course is done', () => {
    const byName = (name: string) => {
      const scenario = SCENARIOS.find((candidate) => candidate.name === name);
      assert.ok(scenario);
      return describePatientState(programStatus(scenario.facts(), scenario.asOf, CONFIG));
    };
    assert.equal(byName('window open, ready').headline, 'Ready to fill until Mar 16');
    assert.equal(byName('authorized').headline, 'Authorized: the pharmacy can dispense until Mar 16');
    assert.equal(byName('pregnancy hold').tone, 'urgent');
    assert.deepEqual(byName('pregnancy hold').steps, []);
    assert.equal(byName('completed').tone, 'done');
    assert.equal(byName('out of capsules').headline, 'Supply ran out after Apr 8 — 5 things block the next fill');
    assert.equal(byName('first window missed').headline, 'Window closed after Mar 16 — a new pregnancy test on or after Mar 29 opens a new one');
  });

  test('property: over any day of a course, ready ⇔ the fill decision allows (no blockers)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 120 }), fc.boolean(), (day, dispensed) => {
        const builder = pcgpReadyForFirstFill('2025-03-10');
        const facts = (dispensed ? builder.filled('rx-1', '2025-03-12') : builder).facts();
        const status = programStatus(facts, addDays('2025-03-01', day), CONFIG);
        assert.equal(describePatientState(status).tone === 'ready', status.blockers.length === 0);
      }),
      { numRuns: 200 },
    );
  });

  test('dates in words: the year only when it is not the status year', () => {
    assert.equal(dayInWords('2026-12-13', '2026-12-07'), 'Dec 13');
    assert.equal(dayInWords('2027-01-04', '2026-12-07'), 'Jan 4, 2027');
  });
});

describe("the month's steps outside the US (issue 14)", () => {
  test("a UK patient's steps are her program's: test, contraception, the forms while one is missing, the prescription — no counseling or comprehension questions", () => {
    const base = programStatus(givenPatient({ category: 'PCGP', enrolledOn: '2026-02-01' }).facts(), '2026-03-01', CONFIG);
    const blocker = (code: string) => ({ code, rule: 'UK-TEST', message: `${code}.`, action: 'Do it.', earliestChangeDate: null });
    const status = {
      ...base,
      ruleSet: 'UK-2026',
      state: 'ENROLLED' as const,
      blockers: ['ACKNOWLEDGEMENT_FORM_REQUIRED', 'PREGNANCY_TEST_REQUIRED', 'PRESCRIPTION_PENDING'].map(blocker),
    };
    const steps = describePatientState(status).steps.map((step) => [step.code, step.done]);
    assert.deepEqual(steps, [
      ['pregnancyTest', false],
      ['contraception', true],
      ['programForms', false],
      ['prescription', false],
    ]);
    const signed = describePatientState({ ...status, blockers: [blocker('PRESCRIPTION_PENDING')] }).steps.map((step) => step.code);
    assert.deepEqual(signed, ['pregnancyTest', 'contraception', 'prescription'], 'the forms are a step only while one is missing');
  });
});
