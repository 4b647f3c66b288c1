import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addDays } from './dates.js';
import { fillReadiness } from './fillReadiness.js';
import { CONFIG, codes, configWith, givenPatient, pcgpReadyForFirstFill } from '../../test/support/patientFacts.js';

/** PCGP on REMS-2026: first fill 2026-09-01 (30 days), month-2 visit on 2026-09-28 with rx-2. */
const rems2026MonthTwo = () => pcgpReadyForFirstFill('2026-09-01').filled('rx-1', '2026-09-01').monthlyVisit('2026-09-28', { prescription: 'rx-2' });

describe('fill readiness: which test opens the window (R-WIN-1, R-PT-3, R-PT-7, R-PT-8)', () => {
  test('T-21 R-PT-7: REMS-2026 month 2, opted in, attested home test → opens the window 09-28..10-04', () => {
    const facts = rems2026MonthTwo().homeTestingOptIn('2026-09-15').homeTest('2026-09-28').facts();
    const readiness = fillReadiness(facts, '2026-09-28', CONFIG);
    assert.deepEqual(readiness.reasons, []);
    assert.equal(readiness.window?.opensOn, '2026-09-28');
    assert.equal(readiness.window.lastDay, '2026-10-04');
  });

  test('T-22 R-PT-7: the same home test without opt-in → HOME_TEST_NOT_PERMITTED, no window', () => {
    const facts = rems2026MonthTwo().homeTest('2026-09-28').facts();
    const readiness = fillReadiness(facts, '2026-09-28', CONFIG);
    assert.equal(readiness.window, null);
    assert.deepEqual(codes(readiness.reasons), ['HOME_TEST_NOT_PERMITTED', 'MONTHLY_TEST_PENDING']);
  });

  test('R-PT-3: a monthly test collected on the day of the previous dispense does not count for the next month', () => {
    const facts = pcgpReadyForFirstFill('2025-03-10').filled('rx-1', '2025-03-10').monthlyTest('2025-03-10').facts();
    assert.deepEqual(codes(fillReadiness(facts, '2025-03-12', CONFIG).reasons), [
      'CONTRACEPTION_PENDING',
      'MONTHLY_TEST_PENDING',
      'COUNSELING_PENDING',
      'COMPREHENSION_PENDING',
    ]);
  });

  test('§0.3: a window opened by a REMS-2021 specimen (2026-08-07) keeps its 7 days across the switch', () => {
    const readiness = fillReadiness(pcgpReadyForFirstFill('2026-08-07').facts(), '2026-08-13', CONFIG);
    assert.deepEqual(readiness.reasons, []);
    assert.equal(readiness.rules.id, 'REMS-2026');
    assert.equal(readiness.window?.lastDay, '2026-08-13');
  });

  test('property R-PT-8: no window is ever opened by a home test before the first dose', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 900 }),
        fc.integer({ min: 0, max: 8 }),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom('confirmation', 'monthly', 'unscheduled'),
        (offset, day, optedIn, discretion, kind) => {
          const specimen = addDays('2025-06-01', offset);
          const builder = givenPatient({ category: 'PCGP', enrolledOn: addDays(specimen, -30) })
            .screeningTest(addDays(specimen, -30))
            .contraception({ declaredOn: addDays(specimen, -30), startedOn: addDays(specimen, -60) });
          if (optedIn) {
            builder.homeTestingOptIn(addDays(specimen, -40));
          }
          const facts = builder.homeTest(specimen, { kind }).monthlyVisit(specimen, { prescription: 'rx-1' }).facts();
          const readiness = fillReadiness(facts, addDays(specimen, day), configWith({ enforcementDiscretion: discretion }));
          assert.equal(readiness.window, null);
          assert.ok(readiness.reasons.length > 0);
        },
      ),
      { numRuns: 150 },
    );
  });
});
