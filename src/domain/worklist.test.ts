import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { clinicalReview, type ClinicalFacts } from './clinicalReview.js';
import { addDays, compareDates, isBefore, type IsoDate } from './dates.js';
import type { PatientFacts } from './facts.js';
import { programStatus } from './programStatus.js';
import type { ProgramConfig } from './ruleSets.js';
import { decideSnooze, MAX_SNOOZE_DAYS, WORKLIST_LOOKAHEAD_DAYS, WORKLIST_URGENCY, worklistEntry, type WorklistEntry } from './worklist.js';
import { ITEM9_PHQ9, givenClinical, noClinicalFacts, triglycerides } from '../../test/support/clinicalFacts.js';
import { CONFIG, configWith, givenPatient, pcgpReadyForFirstFill } from '../../test/support/patientFacts.js';

function entryOn(facts: PatientFacts, clinical: ClinicalFacts, today: IsoDate, config: ProgramConfig = CONFIG): WorklistEntry {
  return worklistEntry(programStatus(facts, today, config), clinicalReview(facts, clinical, today), today, config);
}

const itemCodes = (entry: WorklistEntry): string[] => entry.items.map((item) => item.code);
const item = (entry: WorklistEntry, code: string) => {
  const found = entry.items.find((candidate) => candidate.code === code);
  assert.ok(found, `no item ${code} among ${JSON.stringify(itemCodes(entry))}`);
  return found;
};

/** A baseline panel on the given day: it covers a first dose for 30 days, so no lab is listed for 3 weeks. */
const panel = (on: IsoDate): ClinicalFacts => givenClinical().normalPanel(on).facts();

/** PCGP: first window 2025-03-10..16, everything for the first fill done. */
const windowOpen = () => pcgpReadyForFirstFill('2025-03-10');
/** PCGP: first supply dispensed 2025-03-10, lasting to 2025-04-08. */
const onTreatment = () => pcgpReadyForFirstFill('2025-03-10').filled('rx-1', '2025-03-10');
/** PCGP: last dose 2025-04-08 and the end-of-treatment test done; post-treatment test due 2025-05-08. */
const courseEnded = () => onTreatment().courseEnded('2025-04-08').pregnancyTest('endOfTreatment', '2025-04-08');

describe('worklist: ranking', () => {
  test('within an entry: urgent alert, then the window closing, then what is overdue, then warnings', () => {
    // Month 2: monthly test and visit on 04-06 open a window to 04-12; no baseline was ever drawn.
    const facts = onTreatment().monthlyTest('2025-04-06').monthlyVisit('2025-04-06', { prescription: 'rx-2' }).facts();
    const clinical = givenClinical().phq9('q-1', '2025-04-06', ITEM9_PHQ9).riskFlag('depressionHistory').medication('m-1', 'doxycycline 100 mg').facts();
    const entry = entryOn(facts, clinical, '2025-04-07');
    assert.equal(entry.state, 'QUALIFIED_WINDOW_OPEN');
    assert.deepEqual(
      entry.items.map((i) => [i.code, i.urgency, i.dueOn]),
      [
        ['SUICIDAL_IDEATION', WORKLIST_URGENCY.urgentAlert, '2025-04-06'],
        ['WINDOW_CLOSING', WORKLIST_URGENCY.windowClosing, '2025-04-12'],
        ['LAB_BASELINE_DUE', WORKLIST_URGENCY.overdue, '2025-03-10'],
        ['CLOSER_MOOD_FOLLOW_UP', WORKLIST_URGENCY.warningAlert, null],
        ['INTERACTION_TETRACYCLINE', WORKLIST_URGENCY.warningAlert, null],
      ],
    );
    assert.equal(entry.urgency, WORKLIST_URGENCY.urgentAlert);
    assert.equal(entry.dueOn, '2025-04-06', "the entry's due date is its most urgent item's");
    assert.match(item(entry, 'SUICIDAL_IDEATION').action, /Then acknowledge the alert\.$/);
    assert.match(item(entry, 'WINDOW_CLOSING').message, /2025-04-12; ready to fill/);
  });

  test('a pregnancy hold ranks with urgent alerts (dated ones first); a lab due this week comes last', () => {
    const facts = onTreatment().pregnancyTest('unscheduled', '2025-03-20', { result: 'positive' }).facts();
    const clinical = givenClinical().normalPanel('2025-03-10').lab('tg', triglycerides('2025-03-20', 900)).facts();
    const entry = entryOn(facts, clinical, '2025-03-21');
    assert.equal(entry.state, 'PREGNANCY_HOLD');
    assert.deepEqual(
      entry.items.map((i) => [i.code, i.urgency, i.dueOn]),
      [
        ['TRIGLYCERIDES_STOP', WORKLIST_URGENCY.urgentAlert, '2025-03-20'],
        ['PREGNANCY_HOLD', WORKLIST_URGENCY.pregnancyHold, null],
        ['LAB_REPEAT_AFTER_ABNORMAL', WORKLIST_URGENCY.due, '2025-03-27'],
      ],
    );
    assert.match(item(entry, 'PREGNANCY_HOLD').action, /prescriber can clear the hold/);
  });

  test("across patients, the entry's urgency then its due date ranks: urgent, hold, windows closing soonest, overdue, warnings, due this week", () => {
    const today = '2025-03-14';
    const patients: Record<string, WorklistEntry> = {
      urgentAlert: entryOn(
        givenPatient({ category: 'PCNGP', enrolledOn: '2025-03-10' }).facts(),
        givenClinical().normalPanel('2025-03-10').phq9('q', today, ITEM9_PHQ9).facts(),
        today,
      ),
      pregnancyHold: entryOn(
        givenPatient({ category: 'PCGP', enrolledOn: '2025-03-01' }).screeningTest('2025-03-12', { result: 'positive' }).facts(),
        panel('2025-03-10'),
        today,
      ),
      closesFirst: entryOn(windowOpen().facts(), panel('2025-03-10'), today),
      closesLater: entryOn(pcgpReadyForFirstFill('2025-03-13').facts(), panel('2025-03-13'), today),
      overdue: entryOn(pcgpReadyForFirstFill('2025-02-20').facts(), panel('2025-03-01'), today),
      warning: entryOn(
        givenPatient({ category: 'PCNGP', enrolledOn: '2025-03-10' }).facts(),
        givenClinical().normalPanel('2025-03-10').medication('m', 'minocycline').facts(),
        today,
      ),
      dueThisWeek: entryOn(givenPatient({ category: 'PCNGP', enrolledOn: '2025-02-14' }).facts(), panel('2025-02-14'), today),
      nothing: entryOn(givenPatient({ category: 'PCNGP', enrolledOn: '2025-03-10' }).facts(), panel('2025-03-10'), today),
    };
    assert.deepEqual(
      Object.entries(patients).map(([name, entry]) => [name, entry.urgency, entry.dueOn]),
      [
        ['urgentAlert', 0, today],
        ['pregnancyHold', 0, null],
        ['closesFirst', 1, '2025-03-16'],
        ['closesLater', 1, '2025-03-19'],
        ['overdue', 2, '2025-03-11'],
        ['warning', 3, null],
        ['dueThisWeek', 4, '2025-03-17'],
        ['nothing', null, null],
      ],
    );
    // The order the worklist query uses: urgency, then due date with undated last; nothing-to-do is not listed.
    const ranked = Object.entries(patients)
      .filter(([, entry]) => entry.urgency !== null)
      .sort(
        ([, a], [, b]) =>
          (a.urgency ?? 9) - (b.urgency ?? 9) || (a.dueOn === null ? 1 : 0) - (b.dueOn === null ? 1 : 0) || compareDates(a.dueOn ?? '', b.dueOn ?? ''),
      )
      .map(([name]) => name);
    assert.deepEqual(ranked, ['urgentAlert', 'pregnancyHold', 'closesFirst', 'closesLater', 'overdue', 'warning', 'dueThisWeek']);
    assert.deepEqual(itemCodes(patients.overdue as WorklistEntry), ['WINDOW_MISSED_FIRST']);
    assert.deepEqual(patients.nothing?.items, []);
  });

  test('an authorization not yet dispensed is a window closing on its do-not-dispense-after date', () => {
    const facts = windowOpen().authorization({ prescriptionId: 'rx-1', requestedOn: '2025-03-11', doNotDispenseAfter: '2025-03-15' }).facts();
    const entry = entryOn(facts, panel('2025-03-10'), '2025-03-11');
    assert.deepEqual(
      entry.items.map((i) => [i.code, i.urgency, i.dueOn]),
      [['AUTHORIZED_NOT_DISPENSED', WORKLIST_URGENCY.windowClosing, '2025-03-15']],
    );
    assert.match(entry.items[0]?.message ?? '', /RMA-auth-rx-1/);
    assert.match(entry.items[0]?.action ?? '', /by 2025-03-15/);
  });

  test('the supply ran out without this month done: overdue since the last day of supply, with what is missing', () => {
    const entry = entryOn(onTreatment().facts(), givenClinical().normalPanel('2025-03-10').normalPanel('2025-04-01').facts(), '2025-04-09');
    assert.equal(entry.state, 'AWAITING_MONTHLY_QUALIFICATION');
    const due = item(entry, 'MONTHLY_QUALIFICATION_DUE');
    assert.equal(due.urgency, WORKLIST_URGENCY.overdue);
    assert.equal(due.dueOn, '2025-04-08');
    assert.match(due.message, /ran out on 2025-04-08/);
    assert.match(due.action, /pregnancy test/);
  });

  test('info alerts and acknowledged alerts are not listed', () => {
    const clinical = givenClinical()
      .normalPanel('2025-03-10')
      .symptoms('s-1', '2025-03-11', [{ symptom: 'dryLips', severity: 'mild' }])
      .phq9('q-1', '2025-03-11', ITEM9_PHQ9)
      .acknowledged('phq9:q-1:SUICIDAL_IDEATION', 'Called; safe.')
      .facts();
    const entry = entryOn(windowOpen().facts(), clinical, '2025-03-11');
    assert.deepEqual(itemCodes(entry), ['WINDOW_CLOSING']);
  });
});

describe('worklist: interaction blocks', () => {
  const blocksOn = (clinical: ClinicalFacts) => entryOn(windowOpen().facts(), clinical, '2025-03-11').items.filter((i) => i.code.startsWith('INTERACTION_'));

  test('a block waits for the prescriber as a warning; the action offers the override only when one is allowed', () => {
    const [tetracycline] = blocksOn(givenClinical().normalPanel('2025-03-10').medication('m', 'Doryx 150 mg').facts());
    assert.equal(tetracycline?.code, 'INTERACTION_TETRACYCLINE');
    assert.equal(tetracycline.urgency, WORKLIST_URGENCY.warningAlert);
    assert.equal(tetracycline.dueOn, null);
    assert.match(tetracycline.action, /record an override with the reason\.$/);
    assert.equal(tetracycline.action.match(/override/g)?.length, 1, 'offered once');
    const [retinoid] = blocksOn(givenClinical().normalPanel('2025-03-10').medication('m', 'acitretin').facts());
    assert.equal(retinoid?.code, 'INTERACTION_ORAL_RETINOID');
    assert.doesNotMatch(retinoid.action, /record an override/i);
  });

  test('overridden or stopped: no longer listed', () => {
    const overridden = givenClinical().normalPanel('2025-03-10').medication('m', 'doxycycline').override('INTERACTION_TETRACYCLINE', 'Stopping Friday').facts();
    assert.deepEqual(blocksOn(overridden), []);
    const stopped = givenClinical().normalPanel('2025-03-10').medication('m', 'doxycycline', { startedOn: '2025-01-01', stoppedOn: '2025-03-10' }).facts();
    assert.deepEqual(blocksOn(stopped), []);
  });
});

describe('worklist: a lab or test is listed 7 days before it is due', () => {
  test(`the look-ahead is ${WORKLIST_LOOKAHEAD_DAYS} days`, () => {
    assert.equal(WORKLIST_LOOKAHEAD_DAYS, 7);
  });

  test('the 4-week lab check due 04-07: not on 03-30 (day 8 before), listed on 03-31 (day 7), overdue on 04-08', () => {
    const facts = onTreatment().facts();
    const clinical = panel('2025-03-10');
    assert.deepEqual(entryOn(facts, clinical, '2025-03-30').items, []);
    const listed = entryOn(facts, clinical, '2025-03-31');
    assert.deepEqual(
      listed.items.map((i) => [i.code, i.urgency, i.dueOn]),
      [['LAB_FOUR_WEEK_CHECK', WORKLIST_URGENCY.due, '2025-04-07']],
    );
    assert.match(listed.items[0]?.message ?? '', /4 weeks after the first dose \(2025-03-10\)/);
    assert.equal(item(entryOn(facts, clinical, '2025-04-07'), 'LAB_FOUR_WEEK_CHECK').urgency, WORKLIST_URGENCY.due, 'on its due date it is not overdue yet');
    assert.equal(item(entryOn(facts, clinical, '2025-04-08'), 'LAB_FOUR_WEEK_CHECK').urgency, WORKLIST_URGENCY.overdue);
  });

  test('the post-treatment pregnancy test due 05-08: not on 04-30, listed on 05-01, overdue on 05-09', () => {
    const facts = courseEnded().facts();
    const clinical = panel('2025-03-10');
    assert.deepEqual(entryOn(facts, clinical, '2025-04-30').items, []);
    const listed = entryOn(facts, clinical, '2025-05-01');
    assert.deepEqual(
      listed.items.map((i) => [i.code, i.urgency, i.dueOn]),
      [['POST_TREATMENT_TEST_DUE', WORKLIST_URGENCY.due, '2025-05-08']],
    );
    assert.match(listed.items[0]?.message ?? '', /due on 2025-05-08/);
    assert.equal(item(entryOn(facts, clinical, '2025-05-09'), 'POST_TREATMENT_TEST_DUE').urgency, WORKLIST_URGENCY.overdue);
    const done = courseEnded().pregnancyTest('postTreatment', '2025-05-08').facts();
    assert.deepEqual(entryOn(done, clinical, '2025-05-09').items, []);
  });

  test('the end-of-treatment test is listed at once, overdue, until done; a course end replaces the lab schedule', () => {
    const entry = entryOn(onTreatment().courseEnded('2025-04-08').facts(), noClinicalFacts(), '2025-04-09');
    assert.deepEqual(
      entry.items.map((i) => [i.code, i.urgency, i.dueOn]),
      [['END_OF_TREATMENT_TEST_DUE', WORKLIST_URGENCY.overdue, '2025-04-08']],
    );
  });

  test('a lab due beyond the horizon is not listed and sets validUntil to 7 days before it', () => {
    // PCNGP under REMS-2021, not counseled yet: nothing else dated. Baseline drawn 02-01 covers to 03-03.
    const facts = givenPatient({ category: 'PCNGP', enrolledOn: '2025-02-01' }).facts();
    const clinical = panel('2025-02-01');
    const early = entryOn(facts, clinical, '2025-02-01');
    assert.deepEqual(early.items, []);
    assert.equal(early.validUntil, '2025-02-25');
    assert.deepEqual(entryOn(facts, clinical, '2025-02-24').items, [], 'day 8 before 03-04');
    const listed = entryOn(facts, clinical, '2025-02-25');
    assert.deepEqual(itemCodes(listed), ['LAB_BASELINE_DUE']);
    assert.equal(listed.items[0]?.dueOn, '2025-03-04');
  });
});

describe('worklist: validUntil is the first day time alone can change the entry', () => {
  test('window open: the day after its last day', () => {
    assert.equal(entryOn(windowOpen().facts(), panel('2025-03-10'), '2025-03-10').validUntil, '2025-03-17');
    assert.equal(entryOn(windowOpen().facts(), panel('2025-03-10'), '2025-03-16').validUntil, '2025-03-17');
  });

  test('authorized, not dispensed: the day after do-not-dispense-after', () => {
    const facts = windowOpen().authorization({ prescriptionId: 'rx-1', requestedOn: '2025-03-11', doNotDispenseAfter: '2025-03-15' }).facts();
    assert.equal(entryOn(facts, panel('2025-03-10'), '2025-03-11').validUntil, '2025-03-16');
  });

  test('on treatment, lab checks done: the day after the supply ends (the next fill, still blocked, is listed a week ahead)', () => {
    const labsDone = givenClinical().normalPanel('2025-03-10').normalPanel('2025-03-31').facts();
    const entry = entryOn(onTreatment().facts(), labsDone, '2025-04-01');
    assert.equal(entry.state, 'ON_TREATMENT');
    assert.deepEqual(itemCodes(entry), ['NEXT_FILL_BLOCKED']);
    assert.equal(item(entry, 'NEXT_FILL_BLOCKED').group, 'blocksFill');
    assert.equal(item(entry, 'NEXT_FILL_BLOCKED').dueOn, '2025-04-08');
    assert.equal(entry.validUntil, '2025-04-09');
    // Eight days before the supply ends it is not listed yet; the entry expires the next day.
    const earlier = entryOn(onTreatment().facts(), labsDone, '2025-03-31');
    assert.deepEqual(itemCodes(earlier), []);
    assert.equal(earlier.validUntil, '2025-04-01');
  });

  test('first window missed under REMS-2021: the end of the lockout (specimen + 19)', () => {
    const entry = entryOn(windowOpen().facts(), panel('2025-03-10'), '2025-03-17');
    assert.equal(entry.state, 'WINDOW_MISSED_FIRST');
    assert.equal(item(entry, 'WINDOW_MISSED_FIRST').dueOn, '2025-03-29');
    assert.match(item(entry, 'WINDOW_MISSED_FIRST').action, /on or after 2025-03-29/);
    assert.equal(entry.validUntil, '2025-03-29');
  });

  test("a blocker's earliestChangeDate: the first day a confirmation test can be collected", () => {
    const facts = givenPatient({ category: 'PCGP', enrolledOn: '2025-02-01' })
      .screeningTest('2025-02-01')
      .contraception({ declaredOn: '2025-02-01', startedOn: '2025-01-01' })
      .facts();
    const entry = entryOn(facts, panel('2025-02-10'), '2025-02-10');
    assert.equal(entry.state, 'AWAITING_CONFIRMATION');
    assert.equal(entry.validUntil, '2025-02-20');
  });

  test('a listed lab: the day after it is due (overdue from then)', () => {
    assert.equal(entryOn(onTreatment().facts(), panel('2025-03-10'), '2025-04-07').validUntil, '2025-04-08');
  });

  test('a listed baseline that stops covering the first dose: its due date, when the reason changes', () => {
    const facts = givenPatient({ category: 'PCNGP', enrolledOn: '2025-02-01' }).facts();
    const clinical = panel('2025-02-01');
    const covered = entryOn(facts, clinical, '2025-02-25');
    assert.equal(covered.validUntil, '2025-03-04');
    assert.match(covered.items[0]?.message ?? '', /covers a first dose up to 2025-03-03/);
    const lapsed = entryOn(facts, clinical, '2025-03-04');
    assert.match(lapsed.items[0]?.message ?? '', /No baseline/);
  });

  test('a post-treatment test listed: the day after it is due; beyond the horizon: 7 days before it', () => {
    assert.equal(entryOn(courseEnded().facts(), noClinicalFacts(), '2025-04-09').validUntil, '2025-05-01');
    assert.equal(entryOn(courseEnded().facts(), noClinicalFacts(), '2025-05-01').validUntil, '2025-05-09');
  });

  test('never today or earlier: a lockout ending today, a lab due today, dates all past', () => {
    const onLockoutDay = entryOn(windowOpen().facts(), panel('2025-03-29'), '2025-03-29');
    assert.equal(onLockoutDay.validUntil, '2025-04-22', 'the lockout ends today: the next date is the baseline due 04-29, less 7 days');
    assert.match(item(onLockoutDay, 'WINDOW_MISSED_FIRST').action, /A new pregnancy test/);
    const baselineDueToday = entryOn(givenPatient({ category: 'PCNGP', enrolledOn: '2025-02-01' }).facts(), noClinicalFacts(), '2025-02-01');
    assert.equal(baselineDueToday.items[0]?.dueOn, '2025-02-01');
    assert.equal(baselineDueToday.validUntil, '2025-02-02');
  });

  test('at most 30 days ahead, even with nothing dated in sight', () => {
    // Overdue post-treatment test, blood donation already allowed: every date is past.
    const entry = entryOn(courseEnded().facts(), noClinicalFacts(), '2025-06-01');
    assert.equal(item(entry, 'POST_TREATMENT_TEST_DUE').urgency, WORKLIST_URGENCY.overdue);
    assert.equal(entry.validUntil, '2025-07-01');
  });

  test('the REMS-2026 effective date: the rule set changes, and so may the state', () => {
    // PCNGP under REMS-2021: the 30-day window from the 07-01 visit closed after 07-30; under
    // REMS-2026 (from 08-08) a counseled PCNGP patient has no window and is qualified again.
    const facts = givenPatient({ category: 'PCNGP', enrolledOn: '2026-07-01' }).monthlyVisit('2026-07-01', { prescription: 'rx-1' }).facts();
    const clinical = panel('2026-07-31');
    const missed = entryOn(facts, clinical, '2026-07-31');
    assert.equal(missed.state, 'WINDOW_MISSED');
    assert.equal(missed.validUntil, '2026-08-08');
    assert.equal(entryOn(facts, clinical, '2026-08-08').state, 'QUALIFIED_WINDOW_OPEN');
    // The configured date, not a constant.
    const later = configWith({ rems2026EffectiveDate: '2026-08-20' });
    assert.equal(entryOn(facts, clinical, '2026-07-31', later).validUntil, '2026-08-20');
    assert.equal(entryOn(facts, clinical, '2026-08-19', later).state, 'WINDOW_MISSED');
  });

  test('time alone never changes an entry before its validUntil, and validUntil is 1 to 30 days ahead (whole courses, day by day)', () => {
    const scenarios: Array<[string, PatientFacts, ClinicalFacts, IsoDate, number]> = [
      ['first window, no labs', windowOpen().facts(), noClinicalFacts(), '2025-03-10', 70],
      ['first window, baseline drawn', windowOpen().facts(), panel('2025-03-10'), '2025-03-10', 70],
      [
        'authorized',
        windowOpen().authorization({ prescriptionId: 'rx-1', requestedOn: '2025-03-11', doNotDispenseAfter: '2025-03-16' }).facts(),
        panel('2025-03-10'),
        '2025-03-11',
        40,
      ],
      ['on treatment', onTreatment().facts(), panel('2025-03-10'), '2025-03-10', 70],
      [
        'month 2 window',
        onTreatment().monthlyTest('2025-04-06').monthlyVisit('2025-04-06', { prescription: 'rx-2' }).facts(),
        givenClinical().normalPanel('2025-03-10').normalPanel('2025-04-06').facts(),
        '2025-04-06',
        50,
      ],
      [
        'high risk, non-fasting lipid',
        onTreatment().facts(),
        givenClinical()
          .normalPanel('2025-03-10')
          .riskFlag('diabetes')
          .lab('tg', triglycerides('2025-03-15', 300, { fasting: false }))
          .facts(),
        '2025-03-15',
        60,
      ],
      ['pregnancy hold', onTreatment().pregnancyTest('unscheduled', '2025-03-20', { result: 'positive' }).facts(), panel('2025-03-10'), '2025-03-20', 40],
      [
        'alerts and a block',
        windowOpen().facts(),
        givenClinical().normalPanel('2025-03-10').phq9('q', '2025-03-10', ITEM9_PHQ9).riskFlag('depressionHistory').medication('m', 'doxycycline').facts(),
        '2025-03-10',
        50,
      ],
      ['course ended, no end-of-treatment test', onTreatment().courseEnded('2025-04-08').facts(), panel('2025-03-10'), '2025-04-08', 70],
      ['course ended', courseEnded().facts(), panel('2025-03-10'), '2025-04-08', 70],
      [
        'PCNGP course ended',
        givenPatient({ category: 'PCNGP', enrolledOn: '2025-03-01' })
          .monthlyVisit('2025-03-01', { prescription: 'rx-1' })
          .filled('rx-1', '2025-03-01')
          .courseEnded('2025-03-30')
          .facts(),
        panel('2025-03-01'),
        '2025-03-30',
        60,
      ],
      [
        'awaiting confirmation',
        givenPatient({ category: 'PCGP', enrolledOn: '2025-02-01' })
          .screeningTest('2025-02-01')
          .contraception({ declaredOn: '2025-02-01', startedOn: '2025-01-01' })
          .facts(),
        panel('2025-02-01'),
        '2025-02-01',
        60,
      ],
      [
        'PCNGP across REMS-2026',
        givenPatient({ category: 'PCNGP', enrolledOn: '2026-07-01' }).monthlyVisit('2026-07-01', { prescription: 'rx-1' }).facts(),
        panel('2026-07-01'),
        '2026-07-01',
        60,
      ],
      ['lockout across REMS-2026', pcgpReadyForFirstFill('2026-07-25').facts(), panel('2026-07-25'), '2026-07-25', 40],
    ];
    const content = (entry: WorklistEntry) => JSON.stringify([entry.state, entry.urgency, entry.dueOn, entry.items]);
    for (const [name, facts, clinical, from, days] of scenarios) {
      // Every fact of the scenario is dated on or before `from`: from then on only time passes.
      const entries = Array.from({ length: days + 31 }, (_, offset) => entryOn(facts, clinical, addDays(from, offset)));
      for (let offset = 0; offset < days; offset += 1) {
        const entry = entries[offset] as WorklistEntry;
        const today = addDays(from, offset);
        assert.ok(isBefore(today, entry.validUntil) && !isBefore(addDays(today, 30), entry.validUntil), `${name} on ${today}: validUntil ${entry.validUntil}`);
        for (let later = offset + 1; isBefore(addDays(from, later), entry.validUntil); later += 1) {
          assert.equal(
            content(entries[later] as WorklistEntry),
            content(entry),
            `${name}: computed on ${today}, valid until ${entry.validUntil}, changed on ${addDays(from, later)}`,
          );
        }
      }
    }
  });
});

describe('worklist: triage groups and snoozes (issue 10 §6)', () => {
  test('each item is grouped by what the care team must do now, with the form that does it', () => {
    const holdFacts = onTreatment().pregnancyTest('unscheduled', '2025-03-20', { result: 'positive' }).facts();
    const hold = entryOn(holdFacts, givenClinical().normalPanel('2025-03-10').lab('tg', triglycerides('2025-03-20', 900)).facts(), '2025-03-21');
    assert.deepEqual(
      hold.items.map((i) => [i.code, i.group, i.form, i.snoozable]),
      [
        ['TRIGLYCERIDES_STOP', 'urgent', 'alerts', false],
        ['PREGNANCY_HOLD', 'urgent', 'fillStatus', false],
        ['LAB_REPEAT_AFTER_ABNORMAL', 'routine', 'labResult', true],
      ],
    );
    const blocked = entryOn(windowOpen().facts(), panel('2025-03-10'), '2025-03-17');
    assert.deepEqual(
      blocked.items.map((i) => [i.code, i.group, i.form, i.snoozable]),
      [['WINDOW_MISSED_FIRST', 'blocksFill', 'monthlyVisit', false]],
    );
    const ready = entryOn(windowOpen().facts(), panel('2025-03-10'), '2025-03-11');
    assert.deepEqual(
      ready.items.map((i) => [i.code, i.group, i.form]),
      [['WINDOW_CLOSING', 'dueSoon', 'fillStatus']],
    );
    const ended = entryOn(courseEnded().facts(), panel('2025-03-10'), '2025-05-01');
    assert.deepEqual(
      ended.items.map((i) => [i.code, i.group, i.form, i.snoozable]),
      [['POST_TREATMENT_TEST_DUE', 'dueSoon', 'pregnancyTest', false]],
    );
  });

  test('no window applies (PCNGP, REMS-2026) yet the fill is blocked: listed as blocking a fill, and the words say the capsules ran out', () => {
    const facts = givenPatient({ category: 'PCNGP', enrolledOn: '2026-09-01' })
      .monthlyVisit('2026-09-01', { prescription: 'rx-1' })
      .filled('rx-1', '2026-09-02', '2026-09-30')
      .facts();
    const entry = entryOn(facts, panel('2026-09-01'), '2026-10-05');
    assert.equal(entry.state, 'QUALIFIED_WINDOW_OPEN');
    const blocked = item(entry, 'FILL_BLOCKED');
    assert.equal(blocked.group, 'blocksFill');
    assert.equal(blocked.title, "Out of capsules after Oct 1 — still needed: this month's prescription.");
  });

  test('a snoozed lab is hidden before its day and listed again ON it; the entry expires that day', () => {
    const facts = onTreatment().facts();
    const clinical = givenClinical().normalPanel('2025-03-10').lab('tg', triglycerides('2025-03-20', 900)).facts();
    const snoozes = [{ code: 'LAB_REPEAT_AFTER_ABNORMAL', until: '2025-03-25' }];
    const on = (today: IsoDate) => worklistEntry(programStatus(facts, today, CONFIG), clinicalReview(facts, clinical, today), today, CONFIG, snoozes);
    assert.ok(itemCodes(entryOn(facts, clinical, '2025-03-21')).includes('LAB_REPEAT_AFTER_ABNORMAL'), 'listed without the snooze');
    const snoozed = on('2025-03-21');
    assert.equal(
      snoozed.items.some((i) => i.code === 'LAB_REPEAT_AFTER_ABNORMAL'),
      false,
    );
    assert.equal(snoozed.validUntil, '2025-03-25', 'recomputed on the day the snooze ends');
    assert.equal(
      on('2025-03-24').items.some((i) => i.code === 'LAB_REPEAT_AFTER_ABNORMAL'),
      false,
      'the day before: still hidden',
    );
    assert.equal(
      on('2025-03-25').items.some((i) => i.code === 'LAB_REPEAT_AFTER_ABNORMAL'),
      true,
      'on the day: back',
    );
  });

  test('a snooze never hides an urgent or fill-blocking item, even if one were stored', () => {
    const facts = windowOpen().facts();
    const entry = worklistEntry(programStatus(facts, '2025-03-17', CONFIG), clinicalReview(facts, panel('2025-03-10'), '2025-03-17'), '2025-03-17', CONFIG, [
      { code: 'WINDOW_MISSED_FIRST', until: '2025-03-30' },
    ]);
    assert.deepEqual(itemCodes(entry), ['WINDOW_MISSED_FIRST']);
  });

  test('decideSnooze: routine items only, after today, at most MAX_SNOOZE_DAYS ahead; every reason at once', () => {
    const facts = onTreatment().pregnancyTest('unscheduled', '2025-03-20', { result: 'positive' }).facts();
    const entry = entryOn(facts, givenClinical().normalPanel('2025-03-10').lab('tg', triglycerides('2025-03-20', 900)).facts(), '2025-03-21');
    const find = (code: string) => entry.items.find((candidate) => candidate.code === code);
    assert.equal(decideSnooze(find('LAB_REPEAT_AFTER_ABNORMAL'), 'LAB_REPEAT_AFTER_ABNORMAL', '2025-03-28', '2025-03-21').allowed, true);
    const urgent = decideSnooze(find('TRIGLYCERIDES_STOP'), 'TRIGLYCERIDES_STOP', '2025-03-28', '2025-03-21');
    assert.deepEqual(codesOf(urgent.reasons), ['WORKLIST_ITEM_NOT_SNOOZABLE']);
    assert.match(urgent.reasons[0]?.message ?? '', /urgent/);
    assert.deepEqual(codesOf(decideSnooze(find('PREGNANCY_HOLD'), 'PREGNANCY_HOLD', '2025-03-21', '2025-03-21').reasons), [
      'WORKLIST_ITEM_NOT_SNOOZABLE',
      'SNOOZE_NOT_IN_FUTURE',
    ]);
    assert.deepEqual(codesOf(decideSnooze(undefined, 'LAB_BASELINE', '2025-03-22', '2025-03-21').reasons), ['WORKLIST_ITEM_NOT_LISTED']);
    const lab = find('LAB_REPEAT_AFTER_ABNORMAL');
    assert.equal(decideSnooze(lab, 'LAB_REPEAT_AFTER_ABNORMAL', addDays('2025-03-21', MAX_SNOOZE_DAYS), '2025-03-21').allowed, true);
    assert.deepEqual(codesOf(decideSnooze(lab, 'LAB_REPEAT_AFTER_ABNORMAL', addDays('2025-03-21', MAX_SNOOZE_DAYS + 1), '2025-03-21').reasons), [
      'SNOOZE_TOO_LONG',
    ]);
  });
});

describe('worklist: plain words first', () => {
  test('every item title is plain words: no reason code, no rule ID (those stay in message, action and code)', () => {
    const scenarios: Array<[PatientFacts, ClinicalFacts, IsoDate]> = [
      [
        onTreatment().pregnancyTest('unscheduled', '2025-03-20', { result: 'positive' }).facts(),
        givenClinical().normalPanel('2025-03-10').lab('tg', triglycerides('2025-03-20', 900)).facts(),
        '2025-03-21',
      ],
      [windowOpen().facts(), panel('2025-03-10'), '2025-03-17'],
      [
        givenPatient({ category: 'PCGP', enrolledOn: '2025-02-08' })
          .screeningTest('2025-02-08')
          .contraception({ declaredOn: '2025-02-08', startedOn: '2025-01-01' })
          .confirmationTest('2025-03-10')
          .facts(),
        noClinicalFacts(),
        '2025-03-12',
      ],
      [onTreatment().facts(), panel('2025-03-10'), '2025-04-01'],
      [onTreatment().facts(), panel('2025-03-10'), '2025-04-10'],
      [courseEnded().facts(), panel('2025-03-10'), '2025-05-01'],
    ];
    const titles = scenarios.flatMap(([facts, clinical, today]) => entryOn(facts, clinical, today).items.map((i) => i.title));
    assert.ok(titles.length >= 7, JSON.stringify(titles));
    for (const title of titles) {
      assert.doesNotMatch(title, /\b[A-Z]{2,}_[A-Z_]+\b|\bR-[A-Z]+-\d/, title);
    }
    const [thirdFacts, thirdClinical] = scenarios[2] ?? assert.fail('a third scenario');
    const blocked = entryOn(thirdFacts, thirdClinical, '2025-03-12');
    assert.equal(
      item(blocked, 'WINDOW_CLOSING').title,
      "Window open until Mar 16 — still needed: counseling, the patient's comprehension questions, this month's prescription.",
    );
  });
});

const codesOf = (reasons: ReadonlyArray<{ code: string }>) => reasons.map((r) => r.code);

describe('missed days the patient reported (issue 12, item 7)', () => {
  const today: IsoDate = '2025-04-09';
  const reported = (review: 'confirmed' | 'declined' | null) => ({
    ...noClinicalFacts(),
    ...givenClinical().normalPanel('2025-03-10').facts(),
    missedDoses: [
      {
        id: 'r-1',
        from: '2025-04-01',
        to: '2025-04-02',
        reason: 'Forgot on holiday',
        reportedByPatient: true,
        review: review === null ? null : { decision: review, note: null },
      },
      { id: 'care-team', from: '2025-03-20', to: '2025-03-20' },
    ],
  });
  const itemOf = (clinical: ClinicalFacts) => entryOn(onTreatment().facts(), clinical, today).items.find((item) => item.code === 'MISSED_DOSE_REPORTS');

  test('a report waiting for the care team is on the worklist, with its days and reason, answered on the patient page; not snoozable', () => {
    const item = itemOf(reported(null));
    assert.ok(item, 'listed');
    assert.equal(item.form, 'missedDoses');
    assert.equal(item.group, 'dueSoon');
    assert.equal(item.snoozable, false);
    assert.match(item.message, /2025-04-01 to 2025-04-02 \(“Forgot on holiday”\)/);
    assert.doesNotMatch(item.message, /2025-03-20/, "the care team's own record is not a report");
  });

  test('once confirmed or declined it leaves the worklist', () => {
    assert.equal(itemOf(reported('confirmed')), undefined);
    assert.equal(itemOf(reported('declined')), undefined);
  });
});

describe('the worklist outside the US (issue 14)', () => {
  test('a prescription not dispensed in time asks for a new prescription, not a new test that opens a window', () => {
    const facts = windowOpen().facts();
    const status = {
      ...programStatus(facts, '2025-03-20', CONFIG),
      ruleSet: 'EU-PPP-2018',
      state: 'WINDOW_MISSED' as const,
      window: { opensOn: '2025-03-10', lastDay: '2025-03-17', anchor: 'prescription' as const, testId: null },
      lockoutUntil: null,
      blockers: [
        {
          code: 'DISPENSE_WINDOW_CLOSED',
          rule: 'PPP-DSP-1',
          message: 'Closed.',
          action: 'The prescriber writes a new prescription.',
          earliestChangeDate: null,
        },
      ],
    };
    const entry = worklistEntry(status, clinicalReview(facts, panel('2025-03-10'), '2025-03-20'), '2025-03-20', CONFIG);
    const missed = item(entry, 'WINDOW_MISSED');
    assert.match(missed.title, /a new prescription is needed/);
    assert.doesNotMatch(missed.title, /pregnancy test \(or visit\) opens/);
    assert.equal(missed.group, 'blocksFill');
  });
});
