// A weight outside a plausible range for the patient's age is most likely an entry error — a
// weight in pounds typed as kilograms (× 2.2), a slipped digit — and the cumulative dose per kg
// (§3.3) would be computed from it. Such a weight is stored only when the person entering it
// confirms it is right [APP].
import { ageInYears, type IsoDate } from './dates.js';
import { reason, type Reason } from './decision.js';

export interface PlausibleWeightBand {
  /** From this age (years, inclusive) up to the next band's. */
  fromAge: number;
  minKg: number;
  maxKg: number;
}

/**
 * Deliberately wide bands, so only entry errors trip them and a real but unusual weight is one
 * confirmation away. Source: the CDC 2000 growth charts, where at 12 years the 3rd–97th
 * percentiles run from about 30 to about 65 kg, at 15 years from about 40 to about 90 kg, and the
 * CDC's extended BMI-for-age charts for severe obesity (BMI up to about 50 kg/m², i.e. about 130 kg
 * at 160 cm); for adults, anorexia with BMI < 15 at 150 cm is about 34 kg, and the upper bound
 * leaves room for class III obesity. Each bound lies well outside those figures; a value typed in
 * pounds as kilograms for an average patient of the band (e.g. 60 kg → "132") is still inside the
 * widest band, which is why the form also shows the weight in both units. Under 12 no one is
 * enrolled (R-ENR-2); the first band starts at 0 for safety.
 */
export const PLAUSIBLE_WEIGHT_BANDS: readonly [PlausibleWeightBand, ...PlausibleWeightBand[]] = [
  { fromAge: 0, minKg: 10, maxKg: 120 },
  { fromAge: 12, minKg: 20, maxKg: 150 },
  { fromAge: 15, minKg: 30, maxKg: 200 },
  { fromAge: 18, minKg: 35, maxKg: 250 },
];

export function plausibleWeightBand(birthDate: IsoDate, measuredOn: IsoDate): PlausibleWeightBand & { age: number } {
  const age = ageInYears(birthDate, measuredOn);
  const band = [...PLAUSIBLE_WEIGHT_BANDS].reverse().find((candidate) => age >= candidate.fromAge) ?? PLAUSIBLE_WEIGHT_BANDS[0];
  return { ...band, age };
}

/** The reason to confirm a weight outside the band of the patient's age; [] when it is plausible. */
export function weightPlausibilityReasons(weightKg: number, birthDate: IsoDate, measuredOn: IsoDate): Reason[] {
  const band = plausibleWeightBand(birthDate, measuredOn);
  if (weightKg >= band.minKg && weightKg <= band.maxKg) {
    return [];
  }
  const pounds = (kg: number) => Math.round(kg / 0.45359237);
  return [
    reason(
      'WEIGHT_IMPLAUSIBLE',
      '§3.3',
      `${weightKg} kg is outside the plausible range for a patient aged ${band.age} (${band.minKg}–${band.maxKg} kg, ${pounds(band.minKg)}–${pounds(band.maxKg)} lb): was it typed in the other unit?`,
      'Check the value and the unit. If the weight is right, confirm it (confirmedImplausible: true).',
    ),
  ];
}
