// What a prescription would do before it is written (issue 10, §3.2, §3.3): its daily dose in
// mg/kg/day on the weight the course is dosed on, and the cumulative dose at the end of its supply
// with the projected date the target is reached — from the same functions as the course charts
// (cumulativeDose, dailyDoseDecision). Absorica LD also shows its conventional equivalent (× 1.25).
import { courseWeights, dispensedSupplies, type ClinicalFacts } from './clinicalReview.js';
import { cumulativeDose, type MissedDoses } from './cumulativeDose.js';
import { countedMissedDoses } from './missedDoses.js';
import { addDays, isAfter, isOnOrBefore, latestOf, type IsoDate } from './dates.js';
import type { Reason } from './decision.js';
import { DOSING_PARAMETERS, PRODUCT_DOSING, dailyDoseDecision, roundTo, type WeightBasis } from './dosing.js';
import type { PatientFacts, Product } from './facts.js';

export interface PrescriptionTermsForPreview {
  product: Product;
  strengthMg: number;
  capsulesPerDay: number;
  daysSupply: number;
}

export interface PrescriptionPreview {
  dailyMg: number;
  /** Null without a recorded weight: no number is made up. */
  weight: { kg: number; basis: WeightBasis; measuredOn: IsoDate } | null;
  /** What to say when there is no weight. */
  missing: string | null;
  mgPerKgPerDay: number | null;
  /** Absorica LD only: the same dose as conventional isotretinoin (× 1.25, §3.3). */
  conventionalEquivalent: { dailyMg: number; mgPerKgPerDay: number | null } | null;
  /** The dose judged against the product's range: above the maximum is a reason, outside the usual range a warning. */
  reasons: Reason[];
  warnings: Reason[];
  /** The days this supply would cover, after the supply in hand runs out. */
  supply: { from: IsoDate; to: IsoDate };
  /** At the end of this supply, on the target's scale (conventional-equivalent for Absorica LD). */
  cumulativeMgPerKgAtEnd: number | null;
  /** Absorica LD only: the same, in Absorica LD mg/kg. */
  cumulativeAsDispensedMgPerKgAtEnd: number | null;
  targetMgPerKg: number;
  projectedTargetDate: IsoDate | null;
  targetReachedOn: IsoDate | null;
}

export function prescriptionPreview(facts: PatientFacts, clinical: ClinicalFacts, terms: PrescriptionTermsForPreview, today: IsoDate): PrescriptionPreview {
  const factor = PRODUCT_DOSING[terms.product].family === 'micronized' ? DOSING_PARAMETERS.absoricaLdEquivalenceFactor : 1;
  const dailyMg = terms.strengthMg * terms.capsulesPerDay;
  const supplies = dispensedSupplies(facts).filter((supply) => isOnOrBefore(supply.from, today));
  // The new supply starts today, or the day after the supply in hand runs out (as cumulativeDose counts it).
  const inHandUntil = supplies.reduce<IsoDate | null>((end, supply) => {
    const start = end === null || isAfter(supply.from, end) ? supply.from : addDays(end, 1);
    return addDays(start, supply.days - 1);
  }, null);
  const from = inHandUntil === null ? today : latestOf(today, addDays(inHandUntil, 1));
  const to = addDays(from, terms.daysSupply - 1);
  const basis = clinical.dosePlan?.weightBasis ?? DOSING_PARAMETERS.cumulativeWeightBasis;
  const targetMgPerKg = clinical.dosePlan?.targetMgPerKg ?? clinical.defaultTargetMgPerKg;
  const { startWeight, latestWeight } = courseWeights(clinical, supplies[0]?.from ?? null, today);
  const weight = basis === 'latest' ? latestWeight : startWeight;
  const base = {
    dailyMg,
    supply: { from, to },
    targetMgPerKg,
  };
  if (weight === undefined || latestWeight === undefined || startWeight === undefined) {
    return {
      ...base,
      weight: null,
      missing: 'No weight is recorded: the dose per kilogram and the cumulative projection need one. Record the weight first.',
      mgPerKgPerDay: null,
      conventionalEquivalent: factor === 1 ? null : { dailyMg: roundTo(dailyMg * factor, 2), mgPerKgPerDay: null },
      reasons: [],
      warnings: [],
      cumulativeMgPerKgAtEnd: null,
      cumulativeAsDispensedMgPerKgAtEnd: null,
      projectedTargetDate: null,
      targetReachedOn: null,
    };
  }
  const judged = dailyDoseDecision(terms.product, weight.weightKg, dailyMg);
  const report = cumulativeDose({
    product: terms.product,
    weightAtCourseStartKg: startWeight.weightKg,
    latestWeightKg: latestWeight.weightKg,
    weightBasis: basis,
    supplies: [...supplies, { from, days: terms.daysSupply, dailyMg }],
    missed: countedMissedDoses(clinical.missedDoses).map((missed): MissedDoses => ({ from: missed.from, to: missed.to })),
    targetMgPerKg,
    // Counted to the last day of this supply: the figures "at the end of it".
    today: to,
  });
  const mgPerKgPerDay = roundTo(dailyMg / weight.weightKg, 2);
  return {
    ...base,
    weight: { kg: weight.weightKg, basis, measuredOn: weight.measuredOn },
    missing: null,
    mgPerKgPerDay,
    conventionalEquivalent: factor === 1 ? null : { dailyMg: roundTo(dailyMg * factor, 2), mgPerKgPerDay: roundTo((dailyMg * factor) / weight.weightKg, 2) },
    reasons: judged.reasons,
    warnings: judged.warnings,
    cumulativeMgPerKgAtEnd: (report.conventionalEquivalent ?? report.asDispensed).cumulativeMgPerKg,
    cumulativeAsDispensedMgPerKgAtEnd: report.conventionalEquivalent === null ? null : report.asDispensed.cumulativeMgPerKg,
    projectedTargetDate: report.projectedTargetDate,
    targetReachedOn: report.targetReachedOn,
  };
}
