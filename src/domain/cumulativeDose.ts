// Cumulative dose and the projected date the course reaches its target (domain.md §3.3).
// Days are counted on calendar dates through Temporal (dates.ts): a supply of N days dispensed on
// date A covers A .. A + (N − 1) (D-2), and today's dose counts as taken today.
import { addDays, daysBetween, type IsoDate } from './dates.js';
import { decide, reason, type Decision, type Reason } from './decision.js';
import { DOSING_PARAMETERS, PRODUCT_DOSING, requirePositive, roundTo, type PlannedDose, type WeightBasis } from './dosing.js';
import type { Product } from './facts.js';

/** What one dispense gives: `days` days at `dailyMg` (the prescription's daily dose), from `from`. */
export interface SupplyPeriod {
  from: IsoDate;
  days: number;
  dailyMg: number;
}

/** A recorded missed day, or a pause from `from` to `to` inclusive (may reach into the future). */
export type MissedDoses = { date: IsoDate } | { from: IsoDate; to: IsoDate };

export interface CumulativeDoseInput {
  product: Product;
  weightAtCourseStartKg: number;
  latestWeightKg?: number;
  /** Default `DOSING_PARAMETERS.cumulativeWeightBasis` (course start). */
  weightBasis?: WeightBasis;
  supplies: readonly SupplyPeriod[];
  missed?: readonly MissedDoses[];
  /** The planned titration (e.g. `titrationSchedule(...).steps`); applies to days no supply covers. */
  plannedSteps?: readonly PlannedDose[];
  /** mg/kg of conventional(-equivalent) isotretinoin; default 150, allowed 60–300. */
  targetMgPerKg?: number;
  today: IsoDate;
}

export interface DoseFigures {
  cumulativeMg: number;
  /** To 0.01 mg/kg. */
  cumulativeMgPerKg: number;
  targetMg: number;
  remainingMg: number;
}

export interface CumulativeDoseReport extends Decision {
  weightKg: number;
  weightBasis: WeightBasis;
  targetMgPerKg: number;
  /** Days up to and including today covered by a supply and not missed. */
  daysOfTherapy: number;
  /** In the product's own mg (Absorica LD mg for Absorica LD). */
  asDispensed: DoseFigures;
  /** Absorica LD only: the same figures × 1.25, the ones compared with the target (§3.3); null otherwise. */
  conventionalEquivalent: DoseFigures | null;
  /** The dose in force today (supply, else planned step, else the last supply's dose); null if none. */
  currentDailyMg: number | null;
  /** Calendar days from today to the day the target is reached (0 = reached); null if no dose to project. */
  daysRemaining: number | null;
  projectedTargetDate: IsoDate | null;
  /** The day the target was reached, when it was reached by today. */
  targetReachedOn: IsoDate | null;
  /**
   * The curve to date, for a chart: the cumulative dose on each day its slope changes (a supply
   * starts or runs out, a missed day or pause begins or ends) and today, so straight lines between
   * the points draw it exactly. mg/kg on the target's scale (conventional-equivalent for Absorica LD).
   */
  history: CumulativePoint[];
}

export interface CumulativePoint {
  on: IsoDate;
  mgPerKg: number;
}

const TOLERANCE = 1e-9;

/** TARGET_OUT_OF_RANGE unless `targetMgPerKg` is within the allowed 60–300 mg/kg (§3.3). */
export function cumulativeTargetReasons(targetMgPerKg: number): Reason[] {
  const { minimum, maximum } = DOSING_PARAMETERS.cumulativeTargetMgPerKg;
  if (Number.isFinite(targetMgPerKg) && targetMgPerKg >= minimum && targetMgPerKg <= maximum) {
    return [];
  }
  return [
    reason(
      'TARGET_OUT_OF_RANGE',
      '§3.3',
      `A cumulative target of ${targetMgPerKg} mg/kg is outside the allowed ${minimum}–${maximum} mg/kg.`,
      `Choose a target from ${minimum} to ${maximum} mg/kg (default ${DOSING_PARAMETERS.cumulativeTargetMgPerKg.default}).`,
    ),
  ];
}

interface Segment {
  start: number;
  end: number;
  dailyMg: number;
}

/**
 * Cumulative dose to date and the projection to the target (§3.3):
 * cumulative = Σ dailyMg over days ≤ today covered by a supply and not missed; remaining =
 * max(0, target × weight − cumulative); the days after today follow the supply still in hand,
 * then the planned step in force, else the current dose, skipping recorded pauses; Absorica LD is
 * compared with the target as conventional-equivalent mg (× 1.25).
 * Overlapping supplies (an early dispense) follow one another: a supply starts on its date or
 * the day after the previous one runs out, whichever is later, so no dispensed day counts twice.
 * A target outside 60–300 mg/kg is refused (TARGET_OUT_OF_RANGE); the figures are still computed
 * for it, for display next to the refusal, never to be saved.
 */
export function cumulativeDose(input: CumulativeDoseInput): CumulativeDoseReport {
  const { today } = input;
  const weightBasis = input.weightBasis ?? DOSING_PARAMETERS.cumulativeWeightBasis;
  const weightKg = weightBasis === 'latest' ? (input.latestWeightKg ?? input.weightAtCourseStartKg) : input.weightAtCourseStartKg;
  requirePositive(weightKg, 'A weight');
  const targetMgPerKg = input.targetMgPerKg ?? DOSING_PARAMETERS.cumulativeTargetMgPerKg.default;
  const reasons = cumulativeTargetReasons(targetMgPerKg);
  const factor = PRODUCT_DOSING[input.product].family === 'micronized' ? DOSING_PARAMETERS.absoricaLdEquivalenceFactor : 1;

  // Every date becomes a day number relative to today (today = 0) through Temporal.
  const dayOf = (date: IsoDate): number => daysBetween(today, date);

  const segments: Segment[] = [];
  const supplies = [...input.supplies].sort((a, b) => dayOf(a.from) - dayOf(b.from));
  for (const supply of supplies) {
    if (!Number.isInteger(supply.days) || supply.days <= 0) {
      throw new RangeError(`A supply must last a whole number of days, got ${supply.days}`);
    }
    requirePositive(supply.dailyMg, 'A supply daily dose');
    const previous = segments.at(-1);
    const start = Math.max(dayOf(supply.from), previous === undefined ? -Infinity : previous.end + 1);
    segments.push({ start, end: start + supply.days - 1, dailyMg: supply.dailyMg });
  }

  // A missed day before the first supply and before tomorrow is never counted nor projected: a
  // pause recorded from year 1 (which the API accepts as a date) costs nothing.
  const firstDayThatCounts = Math.min(segments[0]?.start ?? 1, 1);
  const missedDays = new Set<number>();
  for (const missed of input.missed ?? []) {
    const [first, last] = 'date' in missed ? [dayOf(missed.date), dayOf(missed.date)] : [dayOf(missed.from), dayOf(missed.to)];
    if (last < first) {
      throw new RangeError(`A pause cannot end before it starts (${JSON.stringify(missed)})`);
    }
    for (let day = Math.max(first, firstDayThatCounts); day <= last; day += 1) {
      missedDays.add(day);
    }
  }

  const steps = [...(input.plannedSteps ?? [])]
    .map((step) => {
      requirePositive(step.dailyMg, 'A planned daily dose');
      return { day: dayOf(step.from), dailyMg: step.dailyMg };
    })
    .sort((a, b) => a.day - b.day);

  const targetMg = roundTo(targetMgPerKg * weightKg, 2);

  // Up to today.
  let cumulativeMg = 0;
  let daysOfTherapy = 0;
  let targetReachedDay: number | null = null;
  for (const segment of segments) {
    for (let day = segment.start; day <= Math.min(segment.end, 0); day += 1) {
      if (missedDays.has(day)) {
        continue;
      }
      cumulativeMg += segment.dailyMg;
      daysOfTherapy += 1;
      if (targetReachedDay === null && cumulativeMg * factor >= targetMg - TOLERANCE) {
        targetReachedDay = day;
      }
    }
  }

  /** The dose in force on `day`, missed or not: supply in hand, else the planned step, else the last supply's. */
  const doseInForce = (day: number): number | null => {
    const supply = segments.find((segment) => segment.start <= day && day <= segment.end);
    if (supply !== undefined) {
      return supply.dailyMg;
    }
    const step = steps.filter((candidate) => candidate.day <= day).at(-1);
    if (step !== undefined) {
      return step.dailyMg;
    }
    return segments.filter((segment) => segment.end < day).at(-1)?.dailyMg ?? null;
  };

  // The curve to date, day by day from the day before the first supply, keeping the days where
  // the daily amount changes (a gap between supplies or a missed day counts 0).
  const history: CumulativePoint[] = [];
  const firstSupplyDay = segments[0]?.start;
  if (firstSupplyDay !== undefined && firstSupplyDay <= 0) {
    const point = (day: number, mg: number): CumulativePoint => ({ on: addDays(today, day), mgPerKg: roundTo((mg * factor) / weightKg, 2) });
    let takenMg = 0;
    let previousDailyMg = 0;
    let index = 0;
    history.push(point(firstSupplyDay - 1, 0));
    for (let day = firstSupplyDay; day <= 0; day += 1) {
      while (index < segments.length && (segments[index] as Segment).end < day) {
        index += 1;
      }
      const segment = segments[index];
      const dailyMg = segment !== undefined && segment.start <= day && !missedDays.has(day) ? segment.dailyMg : 0;
      if (dailyMg !== previousDailyMg && day > firstSupplyDay) {
        history.push(point(day - 1, takenMg));
      }
      takenMg += dailyMg;
      previousDailyMg = dailyMg;
    }
    history.push(point(0, takenMg));
  }

  const remainingEquivalentMg = Math.max(0, targetMg - cumulativeMg * factor);
  const currentDailyMg = doseInForce(0);
  let daysRemaining: number | null = null;
  if (remainingEquivalentMg <= TOLERANCE) {
    daysRemaining = 0;
  } else {
    // Day by day while anything still changes, then a constant dose to the end.
    let horizon = Math.max(0, ...segments.map((segment) => segment.end), ...steps.map((step) => step.day));
    // A loop, not Math.max(...missedDays): a pause of a few hundred thousand days overflowed the stack.
    for (const day of missedDays) {
      horizon = Math.max(horizon, day);
    }
    let projectedMg = 0;
    for (let day = 1; day <= horizon && daysRemaining === null; day += 1) {
      projectedMg += missedDays.has(day) ? 0 : (doseInForce(day) ?? 0) * factor;
      if (projectedMg >= remainingEquivalentMg - TOLERANCE) {
        daysRemaining = day;
      }
    }
    const lastingMg = (doseInForce(horizon + 1) ?? 0) * factor;
    if (daysRemaining === null && lastingMg > 0) {
      daysRemaining = horizon + Math.ceil((remainingEquivalentMg - projectedMg) / lastingMg - TOLERANCE);
    }
  }

  const warnings: Reason[] = [];
  if (daysRemaining === null) {
    warnings.push(
      reason(
        'NO_DOSE_TO_PROJECT',
        '§3.3',
        'There is no current or planned dose, so the date the cumulative target is reached cannot be projected.',
        'Record the dispensed supply or plan the titration.',
      ),
    );
  }

  const figures = (scale: number): DoseFigures => ({
    cumulativeMg: roundTo(cumulativeMg * scale, 2),
    cumulativeMgPerKg: roundTo((cumulativeMg * scale) / weightKg, 2),
    targetMg: roundTo((targetMg * scale) / factor, 2),
    remainingMg: roundTo((remainingEquivalentMg * scale) / factor, 2),
  });

  return {
    ...decide(reasons, warnings),
    weightKg,
    weightBasis,
    targetMgPerKg,
    daysOfTherapy,
    asDispensed: figures(1),
    conventionalEquivalent: factor === 1 ? null : figures(factor),
    currentDailyMg,
    daysRemaining,
    projectedTargetDate: daysRemaining === null ? null : addDays(today, daysRemaining),
    targetReachedOn: targetReachedDay === null ? null : addDays(today, targetReachedDay),
    history,
  };
}
