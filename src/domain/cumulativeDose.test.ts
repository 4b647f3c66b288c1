import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cumulativeDose, cumulativeTargetReasons, type CumulativeDoseInput } from './cumulativeDose.js';
import { addDays, daysBetween, type IsoDate } from './dates.js';
import { codes, reasonWithCode } from '../../test/support/patientFacts.js';

// The worked example of §3.3 / T-50: 70 kg, target 150 mg/kg (10 500 mg), 40 mg/day for 28 days
// from 2025-03-01 (through 2025-03-28, D-2), then 70 mg/day from 2025-03-29.
const START: IsoDate = '2025-03-01';
const day = (n: number): IsoDate => addDays(START, n - 1); // day 1 = START (D-2)
const FIRST_MONTH = { from: START, days: 28, dailyMg: 40 };
const PLAN = [
  { from: START, dailyMg: 40 },
  { from: day(29), dailyMg: 70 },
];

function t50(overrides: Partial<CumulativeDoseInput> = {}) {
  return cumulativeDose({
    product: 'claravis',
    weightAtCourseStartKg: 70,
    supplies: [FIRST_MONTH],
    plannedSteps: PLAN,
    today: day(28),
    ...overrides,
  });
}

describe('T-50 cumulative dose projection (§3.3)', () => {
  test('T-50: after 28 days at 40 mg: 1 120 mg = 16.0 mg/kg; 9 380 mg remain = 134 days at 70 mg; 162 days in all', () => {
    const report = t50();
    assert.equal(report.allowed, true);
    assert.deepEqual(report.warnings, []);
    assert.equal(report.daysOfTherapy, 28);
    assert.deepEqual(report.asDispensed, { cumulativeMg: 1120, cumulativeMgPerKg: 16, targetMg: 10500, remainingMg: 9380 });
    assert.equal(report.conventionalEquivalent, null);
    assert.equal(report.currentDailyMg, 40);
    assert.equal(report.daysRemaining, 134);
    assert.equal(report.projectedTargetDate, addDays(day(28), 134));
    assert.equal(report.projectedTargetDate, '2025-08-09');
    assert.equal(daysBetween(START, report.projectedTargetDate) + 1, 162);
    assert.equal(report.targetReachedOn, null);
  });

  test('T-50: 3 missed days at 70 mg (days 31–33) move the projection by 3 days (124 → 127 remaining on day 38)', () => {
    const secondMonth = { from: day(29), days: 30, dailyMg: 70 };
    const before = t50({ supplies: [FIRST_MONTH, secondMonth], today: day(38) });
    assert.equal(before.asDispensed.cumulativeMg, 1120 + 10 * 70);
    assert.equal(before.daysRemaining, 124);
    assert.equal(before.projectedTargetDate, '2025-08-09', 'taking every dose keeps the date of day 28');
    const after = t50({ supplies: [FIRST_MONTH, secondMonth], today: day(38), missed: [{ date: day(31) }, { from: day(32), to: day(33) }] });
    assert.equal(after.asDispensed.cumulativeMg, 1120 + 7 * 70);
    assert.equal(after.daysOfTherapy, 35);
    assert.equal(after.daysRemaining, 127);
    assert.equal(after.projectedTargetDate, addDays('2025-08-09', 3));
  });

  test('T-50: a 3-day pause recorded ahead (days 41–43) moves the projection by 3 days', () => {
    const report = t50({ missed: [{ from: day(41), to: day(43) }] });
    assert.equal(report.asDispensed.cumulativeMg, 1120, 'a future pause changes nothing taken so far');
    assert.equal(report.daysRemaining, 137);
    assert.equal(report.projectedTargetDate, addDays('2025-08-09', 3));
  });

  test('§3.3 3 missed days at 40 mg cost 120 mg, 2 days at 70 mg: the projection follows the milligrams, not the days', () => {
    const report = t50({ missed: [{ from: day(10), to: day(12) }] });
    assert.equal(report.asDispensed.cumulativeMg, 1000);
    assert.equal(report.daysOfTherapy, 25);
    assert.equal(report.daysRemaining, 136, 'ceil(9 500 / 70)');
  });
});

describe('cumulative dose to date (§3.3, D-2)', () => {
  test('D-2: a 28-day supply from day 1 covers days 1–28; today counts; the day before it starts nothing is taken', () => {
    assert.equal(t50({ today: day(1) }).asDispensed.cumulativeMg, 40);
    assert.equal(t50({ today: day(27) }).asDispensed.cumulativeMg, 1080);
    assert.equal(t50({ today: day(29) }).asDispensed.cumulativeMg, 1120, 'day 29 has no supply dispensed');
    const before = t50({ today: day(0) });
    assert.equal(before.asDispensed.cumulativeMg, 0);
    assert.equal(before.daysOfTherapy, 0);
  });

  test('a missed day today is not counted; a missed day outside every supply subtracts nothing', () => {
    assert.equal(t50({ missed: [{ date: day(28) }] }).asDispensed.cumulativeMg, 1080);
    assert.equal(t50({ today: day(35), missed: [{ date: day(30) }] }).asDispensed.cumulativeMg, 1120);
  });

  test('a pause overlapping a missed day is counted once (days 5–7 and day 6 → 3 days)', () => {
    assert.equal(t50({ missed: [{ from: day(5), to: day(7) }, { date: day(6) }] }).daysOfTherapy, 25);
  });

  test('an early dispense does not count a day twice: 30 days dispensed on day 24 start on day 29 (R-MON-1)', () => {
    const report = t50({ supplies: [FIRST_MONTH, { from: day(24), days: 30, dailyMg: 70 }], today: day(29) });
    assert.equal(report.daysOfTherapy, 29);
    assert.equal(report.asDispensed.cumulativeMg, 1120 + 70);
    const lastDay = t50({ supplies: [FIRST_MONTH, { from: day(24), days: 30, dailyMg: 70 }], today: day(58) });
    assert.equal(lastDay.asDispensed.cumulativeMg, 1120 + 30 * 70, 'all 30 days are taken, through day 58');
  });

  test('supplies may be given in any order', () => {
    const secondMonth = { from: day(29), days: 30, dailyMg: 70 };
    assert.deepEqual(t50({ supplies: [secondMonth, FIRST_MONTH], today: day(40) }), t50({ supplies: [FIRST_MONTH, secondMonth], today: day(40) }));
  });

  test('weight: course start by default; "latest" divides by the latest weight (80 kg → 14.0 mg/kg, target 12 000 mg)', () => {
    const byStart = t50({ latestWeightKg: 80 });
    assert.equal(byStart.weightKg, 70);
    assert.equal(byStart.weightBasis, 'courseStart');
    const byLatest = t50({ latestWeightKg: 80, weightBasis: 'latest' });
    assert.equal(byLatest.weightKg, 80);
    assert.deepEqual(byLatest.asDispensed, { cumulativeMg: 1120, cumulativeMgPerKg: 14, targetMg: 12000, remainingMg: 10880 });
    assert.equal(byLatest.daysRemaining, 156, 'ceil(10 880 / 70)');
    assert.equal(t50({ weightBasis: 'latest' }).weightKg, 70, 'no later weight recorded: the course-start weight is the latest');
  });

  test('a pause recorded from year 1 counts like one over the supply days; one of 200,000 days no longer overflows the stack (API fuzz)', () => {
    assert.deepEqual(t50({ missed: [{ from: '0001-01-01', to: day(28) }] }), t50({ missed: [{ from: day(1), to: day(28) }] }));
    const centuries = t50({ missed: [{ from: day(29), to: '2600-01-01' }] });
    assert.equal(centuries.asDispensed.cumulativeMg, 1120);
    assert.equal(centuries.daysRemaining, daysBetween(day(28), '2600-01-01') + 134, 'the 134 days at 70 mg follow the pause');
  });

  test('bad records are programming errors: a 0-day supply, a pause ending before it starts, a weight of 0', () => {
    assert.throws(() => t50({ supplies: [{ from: START, days: 0, dailyMg: 40 }] }), RangeError);
    assert.throws(() => t50({ missed: [{ from: day(5), to: day(4) }] }), RangeError);
    assert.throws(() => t50({ weightAtCourseStartKg: 0 }), RangeError);
  });
});

describe('remaining days and the target (§3.3)', () => {
  test('daysRemaining = ceil(remaining / daily): 3 080 mg at 40 mg → exactly 77 days; 6 mg more (70.1 kg) → 78', () => {
    // Target 60 mg/kg: 4 200 mg at 70 kg, 4 206 mg at 70.1 kg; no plan, so 40 mg/day goes on.
    const exact = t50({ targetMgPerKg: 60, plannedSteps: [] });
    assert.equal(exact.asDispensed.remainingMg, 3080);
    assert.equal(exact.daysRemaining, 77);
    const oneMore = t50({ targetMgPerKg: 60, plannedSteps: [], weightAtCourseStartKg: 70.1 });
    assert.equal(oneMore.asDispensed.targetMg, 4206);
    assert.equal(oneMore.daysRemaining, 78);
  });

  test('target reached exactly today → 0 days remaining, projected today, reached today; one day before → 1 day', () => {
    // 60 mg/kg × 70 kg = 4 200 mg = 60 days at 70 mg.
    const supplies = [
      { from: START, days: 30, dailyMg: 70 },
      { from: day(31), days: 30, dailyMg: 70 },
    ];
    const reached = t50({ targetMgPerKg: 60, supplies, plannedSteps: [], today: day(60) });
    assert.equal(reached.asDispensed.remainingMg, 0);
    assert.equal(reached.daysRemaining, 0);
    assert.equal(reached.projectedTargetDate, day(60));
    assert.equal(reached.targetReachedOn, day(60));
    const dayBefore = t50({ targetMgPerKg: 60, supplies, plannedSteps: [], today: day(59) });
    assert.equal(dayBefore.asDispensed.remainingMg, 70);
    assert.equal(dayBefore.daysRemaining, 1);
    assert.equal(dayBefore.projectedTargetDate, day(60));
    assert.equal(dayBefore.targetReachedOn, null);
  });

  test('past the target: remaining stays 0 (never negative) and the day it was reached is kept', () => {
    const report = t50({
      targetMgPerKg: 60,
      supplies: [
        { from: START, days: 30, dailyMg: 70 },
        { from: day(31), days: 30, dailyMg: 70 },
      ],
      plannedSteps: [],
      today: day(70),
    });
    assert.equal(report.asDispensed.cumulativeMg, 4200);
    assert.equal(report.asDispensed.remainingMg, 0);
    assert.equal(report.daysRemaining, 0);
    assert.equal(report.projectedTargetDate, day(70));
    assert.equal(report.targetReachedOn, day(60));
  });

  test('§3.3 target editable in 60–300 mg/kg: 60 and 300 accepted; 59.9 and 300.1 → TARGET_OUT_OF_RANGE', () => {
    assert.deepEqual(cumulativeTargetReasons(60), []);
    assert.deepEqual(cumulativeTargetReasons(300), []);
    assert.deepEqual(codes(cumulativeTargetReasons(59.9)), ['TARGET_OUT_OF_RANGE']);
    assert.deepEqual(codes(cumulativeTargetReasons(300.1)), ['TARGET_OUT_OF_RANGE']);
    const refused = t50({ targetMgPerKg: 301 });
    assert.equal(refused.allowed, false);
    assert.equal(reasonWithCode(refused.reasons, 'TARGET_OUT_OF_RANGE').rule, '§3.3');
    assert.equal(t50({ targetMgPerKg: 300 }).asDispensed.targetMg, 21000);
    assert.equal(t50().targetMgPerKg, 150, 'default');
  });
});

describe('projection follows the dose in force (§3.3 "planned titration steps are applied in order")', () => {
  test('without a plan the current dose goes on: 9 380 mg at 40 mg → 235 days', () => {
    assert.equal(t50({ plannedSteps: [] }).daysRemaining, 235);
  });

  test('capsules still in hand come before the planned step: 30 days of 40 mg → days 29–30 at 40, then 70 → 135 days', () => {
    const report = t50({ supplies: [{ from: START, days: 30, dailyMg: 40 }] });
    assert.equal(report.daysRemaining, 2 + Math.ceil((9380 - 80) / 70));
  });

  test('the supply ran out and the plan has no step for today: the last supply dose is current', () => {
    const report = t50({ plannedSteps: [], today: day(31) });
    assert.equal(report.currentDailyMg, 40);
    assert.equal(report.daysRemaining, 235);
  });

  test('before the course starts: nothing taken, the plan alone projects the same date as T-50', () => {
    const report = t50({ supplies: [], today: addDays(START, -10) });
    assert.equal(report.asDispensed.cumulativeMg, 0);
    assert.equal(report.currentDailyMg, null);
    assert.equal(report.daysRemaining, 9 + 28 + 134, '9 days without a dose, then the plan from day 1');
    assert.equal(report.projectedTargetDate, '2025-08-09');
  });

  test('no supply and no plan → no projection and a NO_DOSE_TO_PROJECT warning', () => {
    const report = t50({ supplies: [], plannedSteps: [] });
    assert.equal(report.allowed, true);
    assert.equal(report.currentDailyMg, null);
    assert.equal(report.daysRemaining, null);
    assert.equal(report.projectedTargetDate, null);
    assert.deepEqual(codes(report.warnings), ['NO_DOSE_TO_PROJECT']);
  });
});

describe('Absorica LD: conventional-equivalent × 1.25, both shown (§3.3)', () => {
  test('40 mg LD × 28 days = 1 120 LD mg = 1 400 mg conventional (20.0 mg/kg); the target is conventional, 10 500 mg = 8 400 LD mg', () => {
    const report = t50({ product: 'absoricaLd' });
    assert.deepEqual(report.asDispensed, { cumulativeMg: 1120, cumulativeMgPerKg: 16, targetMg: 8400, remainingMg: 7280 });
    assert.deepEqual(report.conventionalEquivalent, { cumulativeMg: 1400, cumulativeMgPerKg: 20, targetMg: 10500, remainingMg: 9100 });
    assert.equal(report.daysRemaining, 104, '7 280 LD mg at 70 LD mg/day');
  });

  test('LD target reached exactly: 56 mg LD × 75 days = 4 200 LD mg = 5 250 mg conventional = 75 mg/kg at 70 kg', () => {
    const supplies = [
      { from: START, days: 30, dailyMg: 56 },
      { from: day(31), days: 30, dailyMg: 56 },
      { from: day(61), days: 30, dailyMg: 56 },
    ];
    const reached = t50({ product: 'absoricaLd', targetMgPerKg: 75, supplies, plannedSteps: [], today: day(75) });
    assert.equal(reached.daysRemaining, 0);
    assert.equal(reached.targetReachedOn, day(75));
    assert.equal(reached.conventionalEquivalent?.cumulativeMgPerKg, 75);
    const dayBefore = t50({ product: 'absoricaLd', targetMgPerKg: 75, supplies, plannedSteps: [], today: day(74) });
    assert.equal(dayBefore.daysRemaining, 1);
    assert.equal(dayBefore.asDispensed.remainingMg, 56);
    assert.equal(dayBefore.conventionalEquivalent?.remainingMg, 70);
  });
});

describe('the curve to date, for a chart: the days its slope changes', () => {
  test('T-50 with a gap and a missed day: a point before the first dose, at each change of daily amount, and today', () => {
    // 40 mg days 1–28, nothing days 29–30, 70 mg from day 31 (day 33 missed); today day 35.
    const report = t50({
      supplies: [FIRST_MONTH, { from: day(31), days: 30, dailyMg: 70 }],
      missed: [{ date: day(33) }],
      today: day(35),
    });
    const mgPerKg = (mg: number) => Math.round((mg / 70) * 100) / 100;
    assert.deepEqual(report.history, [
      { on: day(0), mgPerKg: 0 },
      { on: day(28), mgPerKg: mgPerKg(1120) },
      { on: day(30), mgPerKg: mgPerKg(1120) },
      { on: day(32), mgPerKg: mgPerKg(1120 + 2 * 70) },
      { on: day(33), mgPerKg: mgPerKg(1120 + 2 * 70) },
      { on: day(35), mgPerKg: mgPerKg(1120 + 4 * 70) },
    ]);
    assert.equal(report.history.at(-1)?.mgPerKg, report.asDispensed.cumulativeMgPerKg, 'the last point is today');
  });

  test('no supply yet, or only a future one: no curve; Absorica LD on the target scale (× 1.25)', () => {
    assert.deepEqual(t50({ supplies: [] }).history, []);
    assert.deepEqual(t50({ supplies: [{ from: day(30), days: 30, dailyMg: 40 }] }).history, []);
    const ld = t50({ product: 'absoricaLd' });
    assert.deepEqual(ld.history, [
      { on: day(0), mgPerKg: 0 },
      { on: day(28), mgPerKg: 20 },
    ]);
  });
});
