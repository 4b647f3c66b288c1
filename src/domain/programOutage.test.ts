// When the program's system is down (issue 12, item 5): the outage state of a fill, at risk, the
// dispense gate, the worklist flag, and the reconciled date (D-4), all derived from facts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { effectiveDoNotDispenseAfter } from './authorizations.js';
import type { IsoDate } from './dates.js';
import { decideDispense } from './dispense.js';
import type { Authorization, PatientFacts, ProgramAttempt } from './facts.js';
import { missingProgramNumber, programOutage, programSystemView } from './programOutage.js';
import { programStatus } from './programStatus.js';
import { worklistEntry } from './worklist.js';
import { clinicalReview } from './clinicalReview.js';
import { noClinicalFacts } from '../../test/support/clinicalFacts.js';
import { authorizationIn, codes, configWith, pcgpReadyForFirstFill } from '../../test/support/patientFacts.js';

const US = configWith({ programRmaRequired: true, programOutageHorizonDays: 7 });
const unavailable = (attemptedAt: string): ProgramAttempt => ({ attemptedAt, outcome: 'unavailable', errorText: null });
const error = (attemptedAt: string): ProgramAttempt => ({ attemptedAt, outcome: 'error', errorText: 'HTTP 503' });
const reached = (attemptedAt: string): ProgramAttempt => ({ attemptedAt, outcome: 'reached', errorText: null });

/** A PCGP patient authorized on 03-11 until 03-16 (window 03-10 … 03-16), with these attempts. */
function authorized(attempts: ProgramAttempt[], rems: { number: string; date: IsoDate } | null = null): { facts: PatientFacts; authorization: Authorization } {
  const facts = pcgpReadyForFirstFill('2025-03-10')
    .authorization({ prescriptionId: 'rx-1', requestedOn: '2025-03-11', doNotDispenseAfter: '2025-03-16' })
    .facts();
  const authorization = authorizationIn(facts, 'auth-rx-1');
  authorization.programAttempts = attempts;
  if (rems !== null) {
    authorization.remsRmaNumber = rems.number;
    authorization.remsDoNotDispenseAfter = rems.date;
  }
  return { facts, authorization };
}

const generic40 = { product: 'isotretinoinGeneric', strengthMg: 40, quantity: 30, daysSupply: 30, medicationGuideGiven: true } as const;

describe('the outage state of a fill', () => {
  test('none before any attempt, nor once the number is recorded', () => {
    assert.equal(programOutage(authorized([]).authorization, '2025-03-11', US), null);
    assert.equal(
      programOutage(
        authorized([unavailable('2025-03-11T15:00:00.000Z'), reached('2025-03-12T15:00:00.000Z')], { number: 'IPL-1', date: '2025-03-16' }).authorization,
        '2025-03-12',
        US,
      ),
      null,
    );
    assert.equal(programSystemView(authorized([]).authorization).state, 'notTried');
  });

  test('the last attempt unavailable or an error: an outage since the first failure, counted', () => {
    const { authorization } = authorized([unavailable('2025-03-11T15:00:00.000Z'), error('2025-03-12T09:00:00.000Z')]);
    const outage = programOutage(authorization, '2025-03-12', US);
    assert.ok(outage !== null);
    assert.equal(outage.since, '2025-03-11T15:00:00.000Z');
    assert.equal(outage.attempts, 2);
    assert.equal(outage.lastAttempt.outcome, 'error');
    assert.equal(outage.closesOn, '2025-03-16');
    assert.equal(programSystemView(authorization).state, 'unavailable');
  });

  test('at risk: the window closes within the horizon, today counted; not once it has closed', () => {
    const { authorization } = authorized([unavailable('2025-03-09T15:00:00.000Z')]);
    const twoDays = configWith({ programOutageHorizonDays: 2 });
    // 03-16 is 2 days after 03-14: outside a 2-day horizon (03-14, 03-15); 1 day after 03-15: inside.
    assert.equal(programOutage(authorization, '2025-03-14', twoDays)?.atRisk, false);
    assert.equal(programOutage(authorization, '2025-03-15', twoDays)?.atRisk, true);
    assert.equal(programOutage(authorization, '2025-03-16', twoDays)?.atRisk, true, 'the last day itself');
    assert.equal(programOutage(authorization, '2025-03-17', twoDays)?.atRisk, false, 'closed: no longer at risk, the window is missed');
  });
});

describe('the dispense gate (R-AUTH-1)', () => {
  test("only 'unavailable' attempts: the dispense is refused where the program's number is required", () => {
    const { facts, authorization } = authorized([unavailable('2025-03-11T15:00:00.000Z'), unavailable('2025-03-12T15:00:00.000Z')]);
    const decision = decideDispense(facts, authorization, { ...generic40, dispensedOn: '2025-03-12' }, US);
    assert.equal(decision.allowed, false);
    assert.deepEqual(codes(decision.reasons), ['PROGRAM_RMA_NUMBER_MISSING']);
    assert.equal(decision.reverseAuthorization, false, 'the fill can still go ahead once the number arrives');
    assert.match(decision.reasons[0]?.message ?? '', /could not be reached/);
  });

  test('no attempt at all: refused just the same', () => {
    const { facts, authorization } = authorized([]);
    assert.deepEqual(codes(decideDispense(facts, authorization, { ...generic40, dispensedOn: '2025-03-12' }, US).reasons), ['PROGRAM_RMA_NUMBER_MISSING']);
  });

  test("the number recorded: allowed; without PROGRAM_RMA_REQUIRED isocourse's own number suffices", () => {
    const confirmed = authorized([unavailable('2025-03-11T15:00:00.000Z'), reached('2025-03-12T15:00:00.000Z')], { number: 'IPL-1', date: '2025-03-16' });
    assert.equal(decideDispense(confirmed.facts, confirmed.authorization, { ...generic40, dispensedOn: '2025-03-12' }, US).allowed, true);
    const outage = authorized([unavailable('2025-03-11T15:00:00.000Z')]);
    assert.equal(missingProgramNumber(outage.authorization, '2025-03-12', configWith({ programRmaRequired: false })), null);
  });
});

describe('reconciling: the earlier do-not-dispense-after date wins (D-4)', () => {
  for (const [program, binding] of [
    ['2025-03-17', '2025-03-16'],
    ['2025-03-16', '2025-03-16'],
    ['2025-03-15', '2025-03-15'],
  ] as const) {
    test(`isocourse 03-16, the program ${program.slice(5)}: ${binding.slice(5)} binds, the dispense the day after is refused`, () => {
      const { facts, authorization } = authorized([unavailable('2025-03-11T15:00:00.000Z'), reached('2025-03-12T15:00:00.000Z')], {
        number: 'IPL-1',
        date: program,
      });
      assert.equal(effectiveDoNotDispenseAfter(authorization), binding);
      assert.equal(decideDispense(facts, authorization, { ...generic40, dispensedOn: binding }, US).allowed, true);
      const late = decideDispense(facts, authorization, { ...generic40, dispensedOn: binding === '2025-03-16' ? '2025-03-17' : '2025-03-16' }, US);
      assert.deepEqual(codes(late.reasons), ['DO_NOT_DISPENSE_AFTER_PASSED']);
    });
  }
});

describe("the care team's worklist", () => {
  function entry(facts: PatientFacts, today: IsoDate, config = US) {
    return worklistEntry(programStatus(facts, today, config), clinicalReview(facts, noClinicalFacts(), today), today, config);
  }

  test('a fill at risk is flagged, with what to do and by when; it becomes at risk with time alone', () => {
    const { facts } = authorized([unavailable('2025-03-11T15:00:00.000Z')]);
    const item = entry(facts, '2025-03-11').items.find((candidate) => candidate.code === 'PROGRAM_SYSTEM_OUTAGE');
    assert.ok(item);
    assert.equal(item.dueOn, '2025-03-16');
    assert.equal(item.group, 'blocksFill');
    assert.equal(item.snoozable, false);
    const twoDays = { ...US, programOutageHorizonDays: 2 };
    const early = entry(facts, '2025-03-11', twoDays);
    assert.ok(!early.items.some((candidate) => candidate.code === 'PROGRAM_SYSTEM_OUTAGE'));
    assert.ok(early.validUntil <= '2025-03-15', 'recomputed by the day it becomes at risk');
    assert.ok(entry(facts, '2025-03-15', twoDays).items.some((candidate) => candidate.code === 'PROGRAM_SYSTEM_OUTAGE'));
  });

  test('no flag without a failed attempt, nor once the number arrived', () => {
    assert.ok(!entry(authorized([]).facts, '2025-03-11').items.some((candidate) => candidate.code === 'PROGRAM_SYSTEM_OUTAGE'));
    const confirmed = authorized([unavailable('2025-03-11T15:00:00.000Z'), reached('2025-03-12T15:00:00.000Z')], { number: 'IPL-1', date: '2025-03-16' });
    assert.ok(!entry(confirmed.facts, '2025-03-12').items.some((candidate) => candidate.code === 'PROGRAM_SYSTEM_OUTAGE'));
  });
});
