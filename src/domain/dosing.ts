// Dosing (domain.md §3.1, §3.2, §3.4): weight, daily dose from the capsules a product comes in,
// the default titration the prescriber edits, and what the patient is told about taking it.
// Warnings never block: a low dose is allowed (§3.4); only a dose above the maximum is refused.
import { addDays, compareDates, type IsoDate } from './dates.js';
import { decide, reason, type Decision, type Reason } from './decision.js';
import type { Product } from './facts.js';
import { PRODUCT_STRENGTHS_MG } from './prescription.js';

/** Conventional isotretinoin (generics, Absorica) or the micronized Absorica LD, dosed 20 % lower (§3.1). */
export type DoseFamily = 'conventional' | 'micronized';

/** R-DOSE-F [LABEL]: generics need a meal (an empty stomach markedly lowers absorption). */
export type FoodRequirement = 'withMeal' | 'withOrWithoutFood';

/** Per product: its dose family (§3.2) and its food instruction (R-DOSE-F). */
export const PRODUCT_DOSING: Record<Product, { family: DoseFamily; food: FoodRequirement }> = {
  absorica: { family: 'conventional', food: 'withOrWithoutFood' },
  absoricaLd: { family: 'micronized', food: 'withOrWithoutFood' },
  claravis: { family: 'conventional', food: 'withMeal' },
  amnesteem: { family: 'conventional', food: 'withMeal' },
  myorisan: { family: 'conventional', food: 'withMeal' },
  zenatane: { family: 'conventional', food: 'withMeal' },
  isotretinoinGeneric: { family: 'conventional', food: 'withMeal' },
};

/** Absorica LD mg × this = conventional-equivalent mg (0.8 LD ≈ 1.0 conventional), §3.3 [APP]. */
export const ABSORICA_LD_EQUIVALENCE_FACTOR = 1.25;

export interface DoseRange {
  /** Below this the dose is low: a warning, never a block (§3.4). */
  usualMin: number;
  usualMax: number;
  /** Above this the dose is refused (severe disease, "as tolerated", §3.2). */
  maximum: number;
  /** Default titration: this for the first `DOSING_PARAMETERS.titration.startDays` days… */
  titrationStart: number;
  /** …then this. */
  maintenance: number;
}

export type WeightBasis = 'courseStart' | 'latest';

/** The dosing numbers of domain.md §3 as data; the rules read them, never literals. */
export const DOSING_PARAMETERS = {
  /** mg/kg/day by product family (§3.2 [LABEL], titration [PRACTICE][GUIDE]). */
  mgPerKgPerDay: {
    conventional: { usualMin: 0.5, usualMax: 1.0, maximum: 2.0, titrationStart: 0.5, maintenance: 1.0 },
    micronized: { usualMin: 0.4, usualMax: 0.8, maximum: 1.6, titrationStart: 0.4, maintenance: 0.8 },
  } satisfies Record<DoseFamily, DoseRange>,
  titration: {
    /** The start dose lasts 4 weeks (pediatric acne recommendations, §3.2). */
    startDays: 28,
  },
  /** The most capsules a daily dose is made of (two divided doses, §3.2). [APP] */
  maxCapsulesPerDay: 3,
  /** Cumulative target per course, mg/kg of conventional(-equivalent) isotretinoin (§3.3 [APP]). */
  cumulativeTargetMgPerKg: { default: 150, minimum: 60, maximum: 300 },
  /** Which recorded weight the cumulative mg/kg is divided by (§3.3: course start by default). */
  cumulativeWeightBasis: 'courseStart' as WeightBasis,
  absoricaLdEquivalenceFactor: ABSORICA_LD_EQUIVALENCE_FACTOR,
} as const;

export const KILOGRAMS_PER_POUND = 0.45359237;

/** Floating-point noise below this is equality, for mg/kg comparisons at a range's edge. */
const TOLERANCE = 1e-9;

/** Half-up rounding of a measured quantity to `decimals` places (70.15 → 70.2, 1.005 → 1.01). */
export function roundTo(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(Number((value * scale).toPrecision(12))) / scale;
}

/** Throws a RangeError for 0, negatives, NaN and infinities: records, not user choices. */
export function requirePositive(value: number, what: string): void {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${what} must be a positive number, got ${value}`);
  }
}

/** A weight in kilograms to 0.1 kg, from a value in kg or lb (1 lb = 0.45359237 kg). */
export function kilogramsFrom(value: number, unit: 'kg' | 'lb'): number {
  requirePositive(value, 'A weight');
  return roundTo(unit === 'lb' ? value * KILOGRAMS_PER_POUND : value, 1);
}

export function doseRangeOf(product: Product): DoseRange {
  return DOSING_PARAMETERS.mgPerKgPerDay[PRODUCT_DOSING[product].family];
}

// ---------------------------------------------------------------------------------------------
// Capsules

export interface CapsuleLine {
  strengthMg: number;
  /** Capsules of this strength per day. */
  count: number;
}

export interface CapsuleCombination {
  /** Largest strength first, e.g. 40 mg × 1 + 20 mg × 1. */
  capsules: CapsuleLine[];
  totalMg: number;
}

/** Every multiset of 1..`maxCount` strengths, each as a non-increasing list of strengths. */
function multisets(strengths: readonly number[], maxCount: number): number[][] {
  const descending = [...strengths].sort((a, b) => b - a);
  const found: number[][] = [];
  const extend = (prefix: number[], fromIndex: number): void => {
    if (prefix.length > 0) {
      found.push(prefix);
    }
    if (prefix.length === maxCount) {
      return;
    }
    for (let index = fromIndex; index < descending.length; index += 1) {
      extend([...prefix, descending[index] as number], index);
    }
  };
  extend([], 0);
  return found;
}

function linesOf(strengths: number[]): CapsuleLine[] {
  const lines: CapsuleLine[] = [];
  for (const strengthMg of strengths) {
    const last = lines.at(-1);
    if (last !== undefined && last.strengthMg === strengthMg) {
      last.count += 1;
    } else {
      lines.push({ strengthMg, count: 1 });
    }
  }
  return lines;
}

/**
 * The daily dose nearest `targetDailyMg` that the product's capsules make (§3.1), from 1 to
 * `maxCapsulesPerDay` capsules. Ties go to the lower dose (safer), then to fewer capsules, then to
 * a single strength (one prescription, one stock item: 2 × 30 mg rather than 40 + 20 mg), then to
 * larger capsules. With `maxDailyMg`, no combination above it is chosen; null when none fits.
 */
export function capsuleCombinations(product: Product, targetDailyMg: number, options: { maxDailyMg?: number } = {}): CapsuleCombination | null {
  const candidates = multisets(PRODUCT_STRENGTHS_MG[product], DOSING_PARAMETERS.maxCapsulesPerDay)
    .map((strengths) => ({ strengths, totalMg: strengths.reduce((sum, mg) => sum + mg, 0) }))
    .filter((candidate) => options.maxDailyMg === undefined || candidate.totalMg <= options.maxDailyMg + TOLERANCE);
  candidates.sort(
    (a, b) =>
      Math.abs(a.totalMg - targetDailyMg) - Math.abs(b.totalMg - targetDailyMg) ||
      a.totalMg - b.totalMg ||
      a.strengths.length - b.strengths.length ||
      new Set(a.strengths).size - new Set(b.strengths).size ||
      compareDescending(a.strengths, b.strengths),
  );
  const best = candidates[0];
  return best === undefined ? null : { capsules: linesOf(best.strengths), totalMg: best.totalMg };
}

/** Larger first capsule first (both lists are non-increasing and of equal length here). */
function compareDescending(a: number[], b: number[]): number {
  for (let index = 0; index < Math.min(a.length, b.length); index += 1) {
    const difference = (b[index] ?? 0) - (a[index] ?? 0);
    if (difference !== 0) {
      return difference;
    }
  }
  return a.length - b.length;
}

function describeCapsules(capsules: CapsuleLine[]): string {
  return capsules.map((line) => (line.count === 1 ? `${line.strengthMg} mg` : `${line.count} × ${line.strengthMg} mg`)).join(' + ');
}

// ---------------------------------------------------------------------------------------------
// Daily dose

function formatMgPerKg(value: number): string {
  return roundTo(value, 2).toFixed(2);
}

function formatRange(range: DoseRange): string {
  return `${range.usualMin.toFixed(1)}–${range.usualMax.toFixed(1)} mg/kg/day`;
}

/**
 * Judges a daily dose against the product's range (§3.2): above the maximum is refused
 * (DOSE_ABOVE_MAXIMUM); outside the usual range is a warning (BELOW_USUAL_RANGE, allowed as a
 * low-dose regimen, §3.4; ABOVE_USUAL_RANGE). `when` prefixes the messages (a titration step).
 */
export function dailyDoseDecision(product: Product, weightKg: number, dailyMg: number, when = ''): Decision {
  requirePositive(weightKg, 'A weight');
  const range = doseRangeOf(product);
  const mgPerKg = dailyMg / weightKg;
  const prefix = when === '' ? '' : `${when}: `;
  const stated = `${prefix}${dailyMg} mg/day is ${formatMgPerKg(mgPerKg)} mg/kg/day at ${weightKg} kg`;
  const reasons: Reason[] = [];
  const warnings: Reason[] = [];
  if (!Number.isFinite(dailyMg) || dailyMg <= 0) {
    reasons.push(reason('DOSE_NOT_POSITIVE', '§3.2', `${prefix}a daily dose must be more than 0 mg.`, 'Enter the daily dose in mg.'));
  } else if (mgPerKg > range.maximum + TOLERANCE) {
    reasons.push(
      reason(
        'DOSE_ABOVE_MAXIMUM',
        '§3.2',
        `${stated}, above the maximum of ${range.maximum.toFixed(1)} mg/kg/day for ${product}.`,
        `Prescribe at most ${roundTo(range.maximum * weightKg, 1)} mg/day (${range.maximum.toFixed(1)} mg/kg/day).`,
      ),
    );
  } else if (mgPerKg > range.usualMax + TOLERANCE) {
    warnings.push(
      reason(
        'ABOVE_USUAL_RANGE',
        '§3.2',
        `${stated}, above the usual ${formatRange(range)} (used for severe, scarring or truncal acne, as tolerated).`,
        'Confirm the higher dose is intended and watch tolerance and laboratory values.',
      ),
    );
  } else if (mgPerKg < range.usualMin - TOLERANCE) {
    warnings.push(
      reason(
        'BELOW_USUAL_RANGE',
        '§3.2',
        `${stated}, below the usual ${formatRange(range)}. Low-dose regimens are allowed (§3.4); the course to the cumulative target is longer.`,
        'No change needed if a low dose is intended.',
      ),
    );
  }
  return decide(reasons, warnings);
}

export interface ProposedDose {
  dailyMg: number;
  capsules: CapsuleLine[];
  /** The mg/kg/day the capsules actually give, to 0.01. */
  mgPerKgPerDay: number;
}

export interface DoseProposal extends Decision {
  requestedMgPerKgPerDay: number;
  /** Null when refused. */
  dose: ProposedDose | null;
}

/**
 * The daily dose for `mgPerKgPerDay` at `weightKg`, made of the product's capsules (nearest, the
 * lower on a tie, never above the maximum), with the range warnings of the dose actually given.
 * A request above the maximum is refused (DOSE_ABOVE_MAXIMUM).
 */
export function proposeDailyDose(input: { product: Product; weightKg: number; mgPerKgPerDay: number }): DoseProposal {
  const { product, weightKg, mgPerKgPerDay } = input;
  requirePositive(weightKg, 'A weight');
  const range = doseRangeOf(product);
  const requested = dailyDoseDecision(product, weightKg, mgPerKgPerDay * weightKg);
  if (!Number.isFinite(mgPerKgPerDay) || mgPerKgPerDay <= 0 || !requested.allowed) {
    return { ...decide(requested.reasons), requestedMgPerKgPerDay: mgPerKgPerDay, dose: null };
  }
  const targetMg = mgPerKgPerDay * weightKg;
  const combination = capsuleCombinations(product, targetMg, { maxDailyMg: range.maximum * weightKg });
  if (combination === null) {
    const smallest = Math.min(...PRODUCT_STRENGTHS_MG[product]);
    return {
      ...decide([
        reason(
          'NO_DOSE_WITHIN_MAXIMUM',
          '§3.1',
          `At ${weightKg} kg even one ${smallest} mg capsule is above the maximum of ${range.maximum.toFixed(1)} mg/kg/day.`,
          'Check the recorded weight.',
        ),
      ]),
      requestedMgPerKgPerDay: mgPerKgPerDay,
      dose: null,
    };
  }
  const given = dailyDoseDecision(product, weightKg, combination.totalMg);
  const warnings = [...given.warnings];
  const largestMg = Math.max(...PRODUCT_STRENGTHS_MG[product]) * DOSING_PARAMETERS.maxCapsulesPerDay;
  if (targetMg > largestMg + TOLERANCE) {
    warnings.push(
      reason(
        'DOSE_LIMITED_BY_CAPSULES',
        '§3.1',
        `${roundTo(targetMg, 1)} mg/day would take more than ${DOSING_PARAMETERS.maxCapsulesPerDay} capsules; the proposal is ${combination.totalMg} mg/day.`,
        `Check the lower dose is acceptable: doses of more than ${DOSING_PARAMETERS.maxCapsulesPerDay} capsules a day are not proposed.`,
      ),
    );
  }
  return {
    ...decide(given.reasons, warnings),
    requestedMgPerKgPerDay: mgPerKgPerDay,
    dose: {
      dailyMg: combination.totalMg,
      capsules: combination.capsules,
      mgPerKgPerDay: roundTo(combination.totalMg / weightKg, 2),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Titration

export interface PlannedDose {
  from: IsoDate;
  dailyMg: number;
}

export interface TitrationStep extends PlannedDose {
  /** Null when the dose cannot be made from the product's capsules (the plan is then refused). */
  capsules: CapsuleLine[] | null;
  mgPerKgPerDay: number;
}

export interface TitrationPlan extends Decision {
  steps: TitrationStep[];
}

/**
 * The titration plan of a course starting on `startOn`. Without `steps`: the default (§3.2) —
 * ≈ 0.5 mg/kg/day (Absorica LD 0.4) for 28 days, then ≈ 1.0 mg/kg/day (LD 0.8), each rounded to
 * capsules. With `steps` (the prescriber's edit): they are judged — the first on `startOn`, dates
 * increasing, each dose made of at most 3 capsules and not above the maximum; range warnings per step.
 */
export function titrationSchedule(input: { product: Product; weightKg: number; startOn: IsoDate; steps?: readonly PlannedDose[] }): TitrationPlan {
  const { product, weightKg, startOn } = input;
  requirePositive(weightKg, 'A weight');
  const reasons: Reason[] = [];
  let planned: PlannedDose[];
  if (input.steps === undefined) {
    const range = doseRangeOf(product);
    const phases = [
      { from: startOn, mgPerKgPerDay: range.titrationStart },
      { from: addDays(startOn, DOSING_PARAMETERS.titration.startDays), mgPerKgPerDay: range.maintenance },
    ];
    planned = [];
    for (const phase of phases) {
      const proposal = proposeDailyDose({ product, weightKg, mgPerKgPerDay: phase.mgPerKgPerDay });
      reasons.push(...proposal.reasons);
      if (proposal.dose !== null) {
        planned.push({ from: phase.from, dailyMg: proposal.dose.dailyMg });
      }
    }
  } else {
    planned = [...input.steps];
  }

  const warnings: Reason[] = [];
  if (planned.length === 0 && reasons.length === 0) {
    reasons.push(reason('NO_TITRATION_STEPS', '§3.2', 'The plan has no dose.', 'Enter at least the starting dose.'));
  }
  const first = planned[0];
  if (first !== undefined && compareDates(first.from, startOn) !== 0) {
    reasons.push(
      reason(
        'TITRATION_START_MISMATCH',
        '§3.2',
        `The plan's first dose starts on ${first.from}, not on the course start ${startOn}.`,
        `Start the first step on ${startOn}.`,
      ),
    );
  }
  const steps = planned.map((step, index): TitrationStep => {
    const previous = planned[index - 1];
    if (previous !== undefined && compareDates(step.from, previous.from) <= 0) {
      reasons.push(
        reason(
          'TITRATION_DATES_NOT_INCREASING',
          '§3.2',
          `The step from ${step.from} does not come after the step from ${previous.from}.`,
          'Give each step a later date than the one before it.',
        ),
      );
    }
    const judged = dailyDoseDecision(product, weightKg, step.dailyMg, `From ${step.from}`);
    reasons.push(...judged.reasons);
    warnings.push(...judged.warnings);
    let capsules: CapsuleLine[] | null = null;
    if (judged.allowed) {
      const nearest = capsuleCombinations(product, step.dailyMg, { maxDailyMg: doseRangeOf(product).maximum * weightKg });
      if (nearest !== null && Math.abs(nearest.totalMg - step.dailyMg) <= TOLERANCE) {
        capsules = nearest.capsules;
      } else {
        reasons.push(
          reason(
            'DOSE_NOT_MAKEABLE_WITH_CAPSULES',
            '§3.1',
            `From ${step.from}: ${step.dailyMg} mg/day cannot be made from ${product} capsules (${PRODUCT_STRENGTHS_MG[product].join(', ')} mg, at most ${DOSING_PARAMETERS.maxCapsulesPerDay} a day).`,
            nearest === null ? 'Choose another dose.' : `The nearest dose is ${nearest.totalMg} mg/day (${describeCapsules(nearest.capsules)}).`,
          ),
        );
      }
    }
    return { from: step.from, dailyMg: step.dailyMg, capsules, mgPerKgPerDay: roundTo(step.dailyMg / weightKg, 2) };
  });
  return { ...decide(reasons, warnings), steps };
}

// ---------------------------------------------------------------------------------------------
// How to take it

export interface Instruction {
  code: string;
  rule: string;
  /** What the patient reads. */
  text: string;
}

/** The food instruction shown with a product (R-DOSE-F). */
export function foodInstruction(product: Product): Instruction {
  return PRODUCT_DOSING[product].food === 'withMeal'
    ? {
        code: 'TAKE_WITH_A_MEAL',
        rule: 'R-DOSE-F',
        text: 'Take with a meal (food containing some fat). On an empty stomach much less of the medicine is absorbed.',
      }
    : { code: 'WITH_OR_WITHOUT_FOOD', rule: 'R-DOSE-F', text: 'Take with or without food.' };
}

/** Everything the patient is told about taking the capsules: swallow whole (R-DOSE-0), food (R-DOSE-F), missed dose (§3.2). */
export function administrationInstructions(product: Product): Instruction[] {
  return [
    {
      code: 'SWALLOW_WHOLE',
      rule: 'R-DOSE-0',
      text: 'Swallow the capsules whole with a full glass of liquid. Do not chew or suck them.',
    },
    foodInstruction(product),
    {
      code: 'MISSED_DOSE_SKIP',
      rule: '§3.2',
      text: 'If you miss a dose, skip it and take the next one as usual. Do not take two doses to make up.',
    },
  ];
}
