import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Product } from './facts.js';
import {
  ABSORICA_LD_EQUIVALENCE_FACTOR,
  DOSING_PARAMETERS,
  administrationInstructions,
  capsuleCombinations,
  dailyDoseDecision,
  foodInstruction,
  kilogramsFrom,
  proposeDailyDose,
  roundTo,
  titrationSchedule,
} from './dosing.js';
import { PRODUCTS } from './prescription.js';
import { codes, reasonWithCode } from '../../test/support/patientFacts.js';

/** 40 mg + 20 mg → '40+20', 2 × 30 mg → '30+30': what the patient swallows, readable in an assertion. */
function capsulesOf(product: Product, targetMg: number, maxDailyMg?: number): string | null {
  const combination = capsuleCombinations(product, targetMg, maxDailyMg === undefined ? {} : { maxDailyMg });
  if (combination === null) {
    return null;
  }
  const strengths = combination.capsules.flatMap((line) => Array<number>(line.count).fill(line.strengthMg));
  assert.equal(
    combination.totalMg,
    strengths.reduce((sum, mg) => sum + mg, 0),
    'the total is the sum of the capsules',
  );
  return strengths.join('+');
}

describe('dosing parameters (§3.2, §3.3)', () => {
  test('§3.2: generic/Absorica 0.5–1.0 usual, max 2.0; Absorica LD 0.4–0.8 usual, max 1.6; titration 0.5 (LD 0.4) × 28 days then 1.0 (LD 0.8)', () => {
    assert.deepEqual(DOSING_PARAMETERS.mgPerKgPerDay, {
      conventional: { usualMin: 0.5, usualMax: 1.0, maximum: 2.0, titrationStart: 0.5, maintenance: 1.0 },
      micronized: { usualMin: 0.4, usualMax: 0.8, maximum: 1.6, titrationStart: 0.4, maintenance: 0.8 },
    });
    assert.equal(DOSING_PARAMETERS.titration.startDays, 28);
  });

  test('§3.3: cumulative target default 150 mg/kg, allowed 60–300; Absorica LD equivalence × 1.25', () => {
    assert.deepEqual(DOSING_PARAMETERS.cumulativeTargetMgPerKg, { default: 150, minimum: 60, maximum: 300 });
    assert.equal(ABSORICA_LD_EQUIVALENCE_FACTOR, 1.25);
    assert.equal(DOSING_PARAMETERS.absoricaLdEquivalenceFactor, 1.25);
    assert.equal(DOSING_PARAMETERS.cumulativeWeightBasis, 'courseStart');
  });
});

describe('weight (§3.3: mg/kg needs kilograms)', () => {
  test('kg stays kg, to 0.1 kg; half-up at the edge (70.15 → 70.2, 70.14 → 70.1)', () => {
    assert.equal(kilogramsFrom(70, 'kg'), 70);
    assert.equal(kilogramsFrom(70.15, 'kg'), 70.2);
    assert.equal(kilogramsFrom(70.14, 'kg'), 70.1);
  });

  test('lb × 0.45359237: 154 lb → 69.9 kg, 220 lb → 99.8 kg, 1 lb → 0.5 kg', () => {
    assert.equal(kilogramsFrom(154, 'lb'), 69.9);
    assert.equal(kilogramsFrom(220, 'lb'), 99.8);
    assert.equal(kilogramsFrom(1, 'lb'), 0.5);
  });

  test('a weight of 0, below 0 or not a number is refused', () => {
    for (const value of [0, -70, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(() => kilogramsFrom(value, 'kg'), RangeError);
    }
  });

  test('roundTo rounds half up despite binary fractions (1.005 → 1.01)', () => {
    assert.equal(roundTo(1.005, 2), 1.01);
    assert.equal(roundTo(0.428571, 2), 0.43);
  });
});

describe('capsule combinations (§3.1)', () => {
  test('a dose one capsule makes is one capsule (generic 40 mg, Absorica LD 32 mg)', () => {
    assert.equal(capsulesOf('isotretinoinGeneric', 40), '40');
    assert.equal(capsulesOf('absoricaLd', 32), '32');
  });

  test('strengths combine: Amnesteem (10, 20, 40) 60 mg → 40 + 20; Absorica LD 52 mg → 32 + 20 (larger capsules first)', () => {
    assert.equal(capsulesOf('amnesteem', 60), '40+20');
    assert.equal(capsulesOf('absoricaLd', 52), '32+20');
  });

  test('equal capsule count: one strength is preferred (Claravis 60 mg → 2 × 30, not 40 + 20; Absorica LD 56 mg → 2 × 28, not 32 + 24)', () => {
    assert.equal(capsulesOf('claravis', 60), '30+30');
    assert.equal(capsulesOf('absoricaLd', 56), '28+28');
  });

  test('fewest capsules: generic 80 mg → 2 × 40, not 40 + 20 + 20', () => {
    assert.equal(capsulesOf('isotretinoinGeneric', 80), '40+40');
  });

  test('nearest dose: Claravis 34 mg → 30, 36 mg → 40', () => {
    assert.equal(capsulesOf('claravis', 34), '30');
    assert.equal(capsulesOf('claravis', 36), '40');
  });

  test('a tie goes to the lower dose: Claravis 35 mg → 30 (not 40), 45 mg → 40 (not 50)', () => {
    assert.equal(capsulesOf('claravis', 35), '30');
    assert.equal(capsulesOf('claravis', 45), '40');
  });

  test('at most 3 capsules a day: Claravis 120 mg → 3 × 40; 130 mg → still 3 × 40', () => {
    assert.equal(capsulesOf('claravis', 120), '40+40+40');
    assert.equal(capsulesOf('claravis', 130), '40+40+40');
  });

  test('a target below the smallest capsule gives one smallest capsule (generic 4 mg → 10)', () => {
    assert.equal(capsulesOf('isotretinoinGeneric', 4), '10');
  });

  test('with a ceiling, nothing above it: Claravis 46 mg → 50 without, 40 with a 46 mg ceiling; null when even one capsule is above it', () => {
    assert.equal(capsulesOf('claravis', 46), '40+10');
    assert.equal(capsulesOf('claravis', 46, 46), '40');
    assert.equal(capsulesOf('claravis', 50, 50), '40+10', 'the ceiling itself is allowed');
    assert.equal(capsulesOf('claravis', 8, 8), null);
  });
});

describe('daily dose against the range (§3.2, §3.4)', () => {
  // 50 kg: conventional 25 / 50 / 100 mg are 0.5 / 1.0 / 2.0 mg/kg/day; Absorica LD 20 / 40 / 80 are 0.4 / 0.8 / 1.6.
  const edges = [
    { product: 'isotretinoinGeneric', low: 25, high: 50, maximum: 100 },
    { product: 'absoricaLd', low: 20, high: 40, maximum: 80 },
  ] as const;
  for (const { product, low, high, maximum } of edges) {
    test(`§3.4 ${product} at 50 kg: ${low} mg/day is quiet; ${low - 1} mg/day → BELOW_USUAL_RANGE, a warning only`, () => {
      assert.deepEqual(dailyDoseDecision(product, 50, low), { allowed: true, reasons: [], warnings: [] });
      const below = dailyDoseDecision(product, 50, low - 1);
      assert.equal(below.allowed, true);
      assert.deepEqual(codes(below.warnings), ['BELOW_USUAL_RANGE']);
      assert.equal(reasonWithCode(below.warnings, 'BELOW_USUAL_RANGE').rule, '§3.2');
    });

    test(`§3.2 ${product} at 50 kg: ${high} mg/day is quiet; ${high + 1} mg/day → ABOVE_USUAL_RANGE warning`, () => {
      assert.deepEqual(dailyDoseDecision(product, 50, high).warnings, []);
      const above = dailyDoseDecision(product, 50, high + 1);
      assert.equal(above.allowed, true);
      assert.deepEqual(codes(above.warnings), ['ABOVE_USUAL_RANGE']);
    });

    test(`§3.2 ${product} at 50 kg: ${maximum} mg/day (the maximum) is allowed; ${maximum + 1} mg/day → DOSE_ABOVE_MAXIMUM`, () => {
      const atMaximum = dailyDoseDecision(product, 50, maximum);
      assert.equal(atMaximum.allowed, true);
      assert.deepEqual(codes(atMaximum.warnings), ['ABOVE_USUAL_RANGE']);
      const over = dailyDoseDecision(product, 50, maximum + 1);
      assert.equal(over.allowed, false);
      assert.deepEqual(codes(over.reasons), ['DOSE_ABOVE_MAXIMUM']);
      assert.match(reasonWithCode(over.reasons, 'DOSE_ABOVE_MAXIMUM').action, new RegExp(`at most ${maximum} mg/day`));
    });
  }

  test('a daily dose of 0 mg → DOSE_NOT_POSITIVE', () => {
    assert.deepEqual(codes(dailyDoseDecision('claravis', 50, 0).reasons), ['DOSE_NOT_POSITIVE']);
  });
});

describe('proposed daily dose (§3.1, §3.2)', () => {
  test('generic, 70 kg, 0.5 mg/kg/day → 35 mg (one 35 mg capsule), 0.5 mg/kg/day, no warning', () => {
    const proposal = proposeDailyDose({ product: 'isotretinoinGeneric', weightKg: 70, mgPerKgPerDay: 0.5 });
    assert.equal(proposal.allowed, true);
    assert.deepEqual(proposal.warnings, []);
    assert.deepEqual(proposal.dose, { dailyMg: 35, capsules: [{ strengthMg: 35, count: 1 }], mgPerKgPerDay: 0.5 });
  });

  test('the range is judged on the dose the capsules give: Claravis, 70 kg, 0.5 → 30 mg = 0.43 mg/kg/day → BELOW_USUAL_RANGE', () => {
    const proposal = proposeDailyDose({ product: 'claravis', weightKg: 70, mgPerKgPerDay: 0.5 });
    assert.equal(proposal.allowed, true);
    assert.equal(proposal.dose?.dailyMg, 30);
    assert.equal(proposal.dose.mgPerKgPerDay, 0.43);
    assert.deepEqual(codes(proposal.warnings), ['BELOW_USUAL_RANGE']);
  });

  test('§3.4 a low dose (0.25 mg/kg/day) is allowed with a warning, never refused', () => {
    const proposal = proposeDailyDose({ product: 'isotretinoinGeneric', weightKg: 80, mgPerKgPerDay: 0.25 });
    assert.equal(proposal.allowed, true);
    assert.equal(proposal.dose?.dailyMg, 20);
    assert.deepEqual(codes(proposal.warnings), ['BELOW_USUAL_RANGE']);
  });

  test('2.0 mg/kg/day (the maximum) is proposed; 2.01 → refused DOSE_ABOVE_MAXIMUM with no dose', () => {
    const atMaximum = proposeDailyDose({ product: 'isotretinoinGeneric', weightKg: 50, mgPerKgPerDay: 2.0 });
    assert.equal(atMaximum.allowed, true);
    assert.equal(atMaximum.dose?.dailyMg, 100);
    assert.deepEqual(codes(atMaximum.warnings), ['ABOVE_USUAL_RANGE']);
    const over = proposeDailyDose({ product: 'isotretinoinGeneric', weightKg: 50, mgPerKgPerDay: 2.01 });
    assert.equal(over.allowed, false);
    assert.deepEqual(codes(over.reasons), ['DOSE_ABOVE_MAXIMUM']);
    assert.equal(over.dose, null);
    assert.equal(over.requestedMgPerKgPerDay, 2.01);
  });

  test('Absorica LD 1.6 mg/kg/day is proposed; 1.61 refused', () => {
    assert.equal(proposeDailyDose({ product: 'absoricaLd', weightKg: 50, mgPerKgPerDay: 1.6 }).dose?.dailyMg, 80);
    assert.deepEqual(codes(proposeDailyDose({ product: 'absoricaLd', weightKg: 50, mgPerKgPerDay: 1.61 }).reasons), ['DOSE_ABOVE_MAXIMUM']);
  });

  test('rounding never passes the maximum: Claravis, 23 kg, 2.0 → 46 mg would round to 50 (2.17); 40 mg is proposed', () => {
    const proposal = proposeDailyDose({ product: 'claravis', weightKg: 23, mgPerKgPerDay: 2.0 });
    assert.equal(proposal.allowed, true);
    assert.equal(proposal.dose?.dailyMg, 40);
    assert.equal(proposal.dose.mgPerKgPerDay, 1.74);
  });

  test('more than 3 capsules needed → 3 of the largest and DOSE_LIMITED_BY_CAPSULES (Claravis, 150 kg, 1.0 → 120 mg)', () => {
    const proposal = proposeDailyDose({ product: 'claravis', weightKg: 150, mgPerKgPerDay: 1.0 });
    assert.equal(proposal.allowed, true);
    assert.equal(proposal.dose?.dailyMg, 120);
    assert.equal(proposal.dose.mgPerKgPerDay, 0.8);
    assert.deepEqual(codes(proposal.warnings), ['DOSE_LIMITED_BY_CAPSULES']);
    const exactlyThree = proposeDailyDose({ product: 'claravis', weightKg: 120, mgPerKgPerDay: 1.0 });
    assert.deepEqual(exactlyThree.warnings, [], '120 mg = 3 × 40 needs no warning');
  });

  test('0 mg/kg/day → DOSE_NOT_POSITIVE; a weight of 0 is a programming error', () => {
    assert.deepEqual(codes(proposeDailyDose({ product: 'claravis', weightKg: 70, mgPerKgPerDay: 0 }).reasons), ['DOSE_NOT_POSITIVE']);
    assert.throws(() => proposeDailyDose({ product: 'claravis', weightKg: 0, mgPerKgPerDay: 1 }), RangeError);
  });

  test('no capsule fits under the maximum (4 kg, Claravis) → NO_DOSE_WITHIN_MAXIMUM', () => {
    const proposal = proposeDailyDose({ product: 'claravis', weightKg: 4, mgPerKgPerDay: 1.0 });
    assert.equal(proposal.allowed, false);
    assert.deepEqual(codes(proposal.reasons), ['NO_DOSE_WITHIN_MAXIMUM']);
  });
});

describe('titration schedule (§3.2)', () => {
  test('default, generic, 70 kg from 2025-03-01: 35 mg for 28 days, 70 mg from day 29 (2025-03-29)', () => {
    const plan = titrationSchedule({ product: 'isotretinoinGeneric', weightKg: 70, startOn: '2025-03-01' });
    assert.equal(plan.allowed, true);
    assert.deepEqual(plan.warnings, []);
    assert.deepEqual(plan.steps, [
      { from: '2025-03-01', dailyMg: 35, capsules: [{ strengthMg: 35, count: 1 }], mgPerKgPerDay: 0.5 },
      { from: '2025-03-29', dailyMg: 70, capsules: [{ strengthMg: 35, count: 2 }], mgPerKgPerDay: 1 },
    ]);
  });

  test('default, Absorica LD, 70 kg: 28 mg (0.4) then 56 mg = 2 × 28 (0.8)', () => {
    const plan = titrationSchedule({ product: 'absoricaLd', weightKg: 70, startOn: '2025-03-01' });
    assert.deepEqual(
      plan.steps.map((step) => [step.from, step.dailyMg, step.mgPerKgPerDay]),
      [
        ['2025-03-01', 28, 0.4],
        ['2025-03-29', 56, 0.8],
      ],
    );
    assert.deepEqual(plan.steps[1]?.capsules, [{ strengthMg: 28, count: 2 }]);
  });

  test('default across a month end and a leap day: start 2024-02-10 → maintenance from 2024-03-09', () => {
    const plan = titrationSchedule({ product: 'isotretinoinGeneric', weightKg: 70, startOn: '2024-02-10' });
    assert.equal(plan.steps[1]?.from, '2024-03-09');
  });

  test('T-50 edited plan: 40 mg from 2025-03-01, 70 mg = 40 + 30 from 2025-03-29 on Claravis → allowed', () => {
    const plan = titrationSchedule({
      product: 'claravis',
      weightKg: 70,
      startOn: '2025-03-01',
      steps: [
        { from: '2025-03-01', dailyMg: 40 },
        { from: '2025-03-29', dailyMg: 70 },
      ],
    });
    assert.equal(plan.allowed, true);
    assert.deepEqual(plan.warnings, []);
    assert.deepEqual(plan.steps[1]?.capsules, [
      { strengthMg: 40, count: 1 },
      { strengthMg: 30, count: 1 },
    ]);
  });

  test('a step on the same date as the one before, or earlier → TITRATION_DATES_NOT_INCREASING; one day later is fine', () => {
    const withSecondOn = (from: string) =>
      titrationSchedule({
        product: 'claravis',
        weightKg: 70,
        startOn: '2025-03-01',
        steps: [
          { from: '2025-03-01', dailyMg: 40 },
          { from, dailyMg: 70 },
        ],
      });
    assert.deepEqual(codes(withSecondOn('2025-03-01').reasons), ['TITRATION_DATES_NOT_INCREASING']);
    assert.deepEqual(codes(withSecondOn('2025-02-28').reasons), ['TITRATION_DATES_NOT_INCREASING']);
    assert.equal(withSecondOn('2025-03-02').allowed, true);
  });

  test('the first step not on the course start → TITRATION_START_MISMATCH', () => {
    const plan = titrationSchedule({ product: 'claravis', weightKg: 70, startOn: '2025-03-01', steps: [{ from: '2025-03-02', dailyMg: 40 }] });
    assert.deepEqual(codes(plan.reasons), ['TITRATION_START_MISMATCH']);
  });

  test('a step above the maximum (150 mg at 70 kg = 2.14) → DOSE_ABOVE_MAXIMUM naming the step; 140 mg (2.0) would pass the range', () => {
    const plan = titrationSchedule({
      product: 'isotretinoinGeneric',
      weightKg: 70,
      startOn: '2025-03-01',
      steps: [
        { from: '2025-03-01', dailyMg: 40 },
        { from: '2025-03-29', dailyMg: 150 },
      ],
    });
    assert.deepEqual(codes(plan.reasons), ['DOSE_ABOVE_MAXIMUM']);
    assert.match(reasonWithCode(plan.reasons, 'DOSE_ABOVE_MAXIMUM').message, /^From 2025-03-29: 150 mg\/day is 2\.14 mg\/kg\/day/);
    assert.equal(plan.steps[1]?.capsules, null);
    assert.equal(dailyDoseDecision('isotretinoinGeneric', 70, 140).allowed, true);
  });

  test('a dose the capsules cannot make → DOSE_NOT_MAKEABLE_WITH_CAPSULES with the nearest (Claravis 45 → 40 mg; 130 → 120 mg)', () => {
    const planOf = (dailyMg: number) =>
      titrationSchedule({ product: 'claravis', weightKg: 70, startOn: '2025-03-01', steps: [{ from: '2025-03-01', dailyMg }] });
    const odd = planOf(45);
    assert.deepEqual(codes(odd.reasons), ['DOSE_NOT_MAKEABLE_WITH_CAPSULES']);
    assert.match(reasonWithCode(odd.reasons, 'DOSE_NOT_MAKEABLE_WITH_CAPSULES').action, /nearest dose is 40 mg\/day \(40 mg\)/);
    assert.equal(odd.steps[0]?.capsules, null);
    const fourCapsules = planOf(130);
    assert.deepEqual(codes(fourCapsules.reasons), ['DOSE_NOT_MAKEABLE_WITH_CAPSULES']);
    assert.match(reasonWithCode(fourCapsules.reasons, 'DOSE_NOT_MAKEABLE_WITH_CAPSULES').action, /120 mg\/day \(3 × 40 mg\)/);
  });

  test('the nearest dose suggested is never above the maximum: Claravis 46 mg at 23 kg (2.0) → 40 mg, not 50', () => {
    const plan = titrationSchedule({ product: 'claravis', weightKg: 23, startOn: '2025-03-01', steps: [{ from: '2025-03-01', dailyMg: 46 }] });
    assert.deepEqual(codes(plan.reasons), ['DOSE_NOT_MAKEABLE_WITH_CAPSULES']);
    assert.match(reasonWithCode(plan.reasons, 'DOSE_NOT_MAKEABLE_WITH_CAPSULES').action, /nearest dose is 40 mg\/day/);
  });

  test('§3.4 a low step (10 mg at 70 kg) is a warning, not a block', () => {
    const plan = titrationSchedule({ product: 'claravis', weightKg: 70, startOn: '2025-03-01', steps: [{ from: '2025-03-01', dailyMg: 10 }] });
    assert.equal(plan.allowed, true);
    assert.deepEqual(codes(plan.warnings), ['BELOW_USUAL_RANGE']);
    assert.match(plan.warnings[0]?.message ?? '', /^From 2025-03-01: 10 mg\/day/);
  });

  test('an emptied plan → NO_TITRATION_STEPS', () => {
    assert.deepEqual(codes(titrationSchedule({ product: 'claravis', weightKg: 70, startOn: '2025-03-01', steps: [] }).reasons), ['NO_TITRATION_STEPS']);
  });
});

describe('how to take it (R-DOSE-0, R-DOSE-F)', () => {
  test('R-DOSE-F: generic capsules are taken with a meal; Absorica and Absorica LD with or without food', () => {
    const byProduct = Object.fromEntries(PRODUCTS.map((product) => [product, foodInstruction(product).code]));
    assert.deepEqual(byProduct, {
      absorica: 'WITH_OR_WITHOUT_FOOD',
      absoricaLd: 'WITH_OR_WITHOUT_FOOD',
      claravis: 'TAKE_WITH_A_MEAL',
      amnesteem: 'TAKE_WITH_A_MEAL',
      myorisan: 'TAKE_WITH_A_MEAL',
      zenatane: 'TAKE_WITH_A_MEAL',
      isotretinoinGeneric: 'TAKE_WITH_A_MEAL',
    });
    assert.match(foodInstruction('claravis').text, /with a meal/);
    assert.match(foodInstruction('absorica').text, /with or without food/);
  });

  test('R-DOSE-0: every product: swallow whole first, then the food instruction, then skip a missed dose (never double)', () => {
    for (const product of PRODUCTS) {
      const instructions = administrationInstructions(product);
      assert.deepEqual(
        instructions.map((instruction) => instruction.rule),
        ['R-DOSE-0', 'R-DOSE-F', '§3.2'],
      );
      assert.match(instructions[0]?.text ?? '', /whole/);
      assert.match(instructions[2]?.text ?? '', /Do not take two doses/);
    }
  });
});
