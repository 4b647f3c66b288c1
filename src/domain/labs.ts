// Laboratory monitoring (domain.md §4.1, §4.2): what makes a recorded result impossible, which
// alert band a result falls in and why, and when the next lab check is due. Thresholds, unit
// factors and the monitoring plan are data (clinicalParameters.ts); nothing here reads the clock.
import { DEFAULT_CLINICAL_PARAMETERS, DEFAULT_UNIT_CONVERSIONS, type ClinicalParameters, type UnitConversions } from './clinicalParameters.js';
import { addDays, compareDates, isIsoDate, isOnOrAfter, isOnOrBefore, latestOf, earliestOf, type IsoDate } from './dates.js';
import { reason, type Reason } from './decision.js';
import type { FieldProblem } from './pregnancyTests.js';

export const LAB_ANALYTES = ['triglycerides', 'totalCholesterol', 'ldl', 'hdl', 'alt', 'ast', 'glucose', 'ck'] as const;
export type LabAnalyte = (typeof LAB_ANALYTES)[number];

export const LAB_UNITS = ['mg/dL', 'mmol/L', 'U/L'] as const;
export type LabUnit = (typeof LAB_UNITS)[number];

export interface LabResult {
  analyte: LabAnalyte;
  value: number;
  unit: LabUnit;
  referenceLow?: number;
  /** The laboratory's upper reference limit; for ALT, AST and CK it is the ULN the bands use. */
  referenceHigh?: number;
  collectedOn: IsoDate;
  /** false = the sample was not fasting; absent = not recorded. */
  fasting?: boolean;
  hoursSinceAlcohol?: number;
  muscleSymptoms?: boolean;
  jaundiceOrHepatitisSymptoms?: boolean;
}

export type LabBand = 'normal' | 'watch' | 'act' | 'stop';

/**
 * REPEAT_FASTING: stored and classified, but the sample was not fasting or was drawn too soon
 * after alcohol — draw it again properly (§4.1, T-45).
 * PRESCRIBER_OVERRIDE_REQUIRED: the course must not start unless the prescriber overrides (§4.2).
 */
export type LabFlag = 'REPEAT_FASTING' | 'PRESCRIBER_OVERRIDE_REQUIRED';

/** A value on the scale the bands use: mg/dL for lipids and glucose, × ULN for enzymes. */
export interface NormalizedLabValue {
  value: number;
  scale: 'mg/dL' | '×ULN';
}

export type NormalizedLab = { ok: true; normalized: NormalizedLabValue } | { ok: false; problems: FieldProblem[] };

export interface LabClassification {
  analyte: LabAnalyte;
  band: LabBand;
  normalized: NormalizedLabValue;
  /** Why the band is what it is, and what to do; empty when normal and nothing is flagged. */
  reasons: Reason[];
  flags: LabFlag[];
}

const LIPIDS: ReadonlySet<LabAnalyte> = new Set(['triglycerides', 'totalCholesterol', 'ldl', 'hdl']);
const ENZYMES: ReadonlySet<LabAnalyte> = new Set(['alt', 'ast', 'ck']);

/** "Lipids + ALT" (§4.1 app monitoring plan): triglycerides stand for the fasting lipid panel. */
export const MONITORING_PANEL: readonly LabAnalyte[] = ['triglycerides', 'alt'];
/** The analytes the monitoring plan repeats when abnormal: the lipid panel and the liver tests. */
export const REPEATED_ANALYTES: readonly LabAnalyte[] = ['triglycerides', 'totalCholesterol', 'ldl', 'hdl', 'alt', 'ast'];

/** How the analytes are named to people (the web's labels are checked against these). */
export const LAB_ANALYTE_NAMES: Record<LabAnalyte, string> = {
  triglycerides: 'Triglycerides',
  totalCholesterol: 'Total cholesterol',
  ldl: 'LDL cholesterol',
  hdl: 'HDL cholesterol',
  alt: 'ALT',
  ast: 'AST',
  glucose: 'Glucose',
  ck: 'CK',
};

const CODES: Record<LabAnalyte, string> = {
  triglycerides: 'TRIGLYCERIDES',
  totalCholesterol: 'TOTAL_CHOLESTEROL',
  ldl: 'LDL',
  hdl: 'HDL',
  alt: 'ALT',
  ast: 'AST',
  glucose: 'GLUCOSE',
  ck: 'CK',
};

const BAND_ORDER: Record<LabBand, number> = { normal: 0, watch: 1, act: 2, stop: 3 };

export function isLabAnalyte(value: string): value is LabAnalyte {
  return (LAB_ANALYTES as readonly string[]).includes(value);
}

export function isLabUnit(value: string): value is LabUnit {
  return (LAB_UNITS as readonly string[]).includes(value);
}

/** The more severe of two bands. */
export function worseBand(a: LabBand, b: LabBand): LabBand {
  return BAND_ORDER[b] > BAND_ORDER[a] ? b : a;
}

// Products and ratios are rounded to 6 decimals so that binary floating point cannot move a
// value across an edge (99.9 / 33.3 is 3.0000000000000004 in IEEE doubles, but it is 3 × ULN).
function clean(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

function show(value: number): string {
  return String(Math.round(value * 100) / 100);
}

function conversionFactor(analyte: LabAnalyte, conversions: UnitConversions): number {
  if (analyte === 'triglycerides') {
    return conversions.triglycerides;
  }
  if (analyte === 'glucose') {
    return conversions.glucose;
  }
  return conversions.cholesterol;
}

/**
 * The value on the scale the bands use: lipids and glucose in mg/dL (mmol/L converted with the
 * §4.2 factors), ALT/AST/CK as a multiple of the lab's upper reference limit. Input no real result
 * can have is returned as field problems, never guessed at.
 */
export function normalizeLabValue(
  result: Pick<LabResult, 'analyte' | 'value' | 'unit' | 'referenceHigh'>,
  conversions: UnitConversions = DEFAULT_UNIT_CONVERSIONS,
): NormalizedLab {
  const problems: FieldProblem[] = [];
  const { analyte, value, unit, referenceHigh } = result;
  if (!isLabAnalyte(analyte)) {
    problems.push({ field: 'analyte', code: 'UNKNOWN_ANALYTE', message: `"${String(analyte)}" is not an analyte the app knows (${LAB_ANALYTES.join(', ')}).` });
    return { ok: false, problems };
  }
  const name = LAB_ANALYTE_NAMES[analyte];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    problems.push({ field: 'value', code: 'NOT_A_NUMBER', message: `${name} must be a number.` });
  } else if (value < 0) {
    problems.push({ field: 'value', code: 'NEGATIVE_VALUE', message: `${name} cannot be negative (${value}).` });
  }
  if (!isLabUnit(unit)) {
    problems.push({ field: 'unit', code: 'UNKNOWN_UNIT', message: `"${String(unit)}" is not a unit the app knows (${LAB_UNITS.join(', ')}).` });
  } else if (ENZYMES.has(analyte) && unit !== 'U/L') {
    problems.push({ field: 'unit', code: 'WRONG_UNIT', message: `The unit of ${name} is U/L, not ${unit}.` });
  } else if (!ENZYMES.has(analyte) && unit === 'U/L') {
    problems.push({ field: 'unit', code: 'WRONG_UNIT', message: `The unit of ${name} is mg/dL or mmol/L, not U/L.` });
  }
  if (referenceHigh !== undefined && (typeof referenceHigh !== 'number' || !Number.isFinite(referenceHigh) || referenceHigh <= 0)) {
    problems.push({
      field: 'referenceHigh',
      code: 'INVALID_REFERENCE',
      message: `The upper reference limit must be a number above 0 (${String(referenceHigh)}).`,
    });
  } else if (ENZYMES.has(analyte) && referenceHigh === undefined) {
    problems.push({
      field: 'referenceHigh',
      code: 'REQUIRED',
      message: `${name} is judged as a multiple of the lab's upper reference limit (ULN): enter the reference high.`,
    });
  }
  if (problems.length > 0) {
    return { ok: false, problems };
  }
  if (ENZYMES.has(analyte)) {
    return { ok: true, normalized: { value: clean(value / (referenceHigh as number)), scale: '×ULN' } };
  }
  const factor = unit === 'mmol/L' ? conversionFactor(analyte, conversions) : 1;
  return { ok: true, normalized: { value: clean(value * factor), scale: 'mg/dL' } };
}

/** Everything that makes a result impossible to record: the value, the date and the context fields. */
export function labResultProblems(result: LabResult, conversions: UnitConversions = DEFAULT_UNIT_CONVERSIONS): FieldProblem[] {
  const normalized = normalizeLabValue(result, conversions);
  const problems = normalized.ok ? [] : [...normalized.problems];
  // What arrives (a form, a CSV cell, an EHR's JSON) may be anything until checked, whatever the type says.
  const collectedOn: unknown = result.collectedOn;
  if (typeof collectedOn !== 'string' || !isIsoDate(collectedOn)) {
    problems.push({ field: 'collectedOn', code: 'INVALID_DATE', message: `"${String(collectedOn)}" is not a calendar date (YYYY-MM-DD).` });
  }
  const { referenceLow, referenceHigh } = result;
  if (referenceLow !== undefined) {
    if (typeof referenceLow !== 'number' || !Number.isFinite(referenceLow) || referenceLow < 0) {
      problems.push({
        field: 'referenceLow',
        code: 'INVALID_REFERENCE',
        message: `The lower reference limit must be a number, 0 or more (${String(referenceLow)}).`,
      });
    } else if (typeof referenceHigh === 'number' && Number.isFinite(referenceHigh) && referenceLow > referenceHigh) {
      problems.push({
        field: 'referenceLow',
        code: 'REFERENCE_LOW_ABOVE_HIGH',
        message: `The lower reference limit (${referenceLow}) is above the upper one (${referenceHigh}).`,
      });
    }
  }
  if (result.hoursSinceAlcohol !== undefined && (!Number.isFinite(result.hoursSinceAlcohol) || result.hoursSinceAlcohol < 0)) {
    problems.push({ field: 'hoursSinceAlcohol', code: 'INVALID_HOURS', message: 'Hours since alcohol must be a number, 0 or more.' });
  }
  return problems;
}

export interface ClassificationContext {
  /** The sample was drawn before the first dose: triglycerides use the baseline row of §4.2. */
  beforeFirstDose: boolean;
  parameters?: ClinicalParameters;
}

function describe(result: LabResult, normalized: NormalizedLabValue): string {
  const name = LAB_ANALYTE_NAMES[result.analyte];
  if (normalized.scale === '×ULN') {
    return `${name} ${show(result.value)} U/L (${show(normalized.value)} × ULN ${show(result.referenceHigh as number)} U/L)`;
  }
  if (result.unit === 'mmol/L') {
    return `${name} ${show(result.value)} mmol/L (${show(normalized.value)} mg/dL)`;
  }
  return `${name} ${show(result.value)} mg/dL`;
}

type Banded = { band: LabBand; reasons: Reason[]; flags: LabFlag[] };

const NORMAL: Banded = { band: 'normal', reasons: [], flags: [] };

function triglyceridesBand(what: string, mgDl: number, beforeFirstDose: boolean, parameters: ClinicalParameters): Banded {
  const t = parameters.labThresholds.triglycerides;
  const alwaysStop = Math.min(t.stopFromMgDl, t.alwaysStopFromMgDl);
  const stopReason = (from: number) =>
    reason(
      'TRIGLYCERIDES_STOP',
      '§4.2',
      `${what} is in the stop band (≥ ${from} mg/dL): pancreatitis risk.`,
      beforeFirstDose ? 'Do not start isotretinoin; review urgently.' : 'Hold isotretinoin and review urgently (pancreatitis risk).',
    );
  if (beforeFirstDose) {
    const b = parameters.labThresholds.baselineTriglycerides;
    const reasons: Reason[] = [];
    let band: LabBand = 'normal';
    const flags: LabFlag[] = [];
    if (mgDl >= b.doNotStartFromMgDl) {
      band = 'act';
      flags.push('PRESCRIBER_OVERRIDE_REQUIRED');
      reasons.push(
        reason(
          'BASELINE_TRIGLYCERIDES_DO_NOT_START',
          '§4.2',
          `${what} before the first dose is ≥ ${b.doNotStartFromMgDl} mg/dL.`,
          'Do not start isotretinoin unless the prescriber records an override with a reason; repeat fasting lipids.',
        ),
      );
    } else if (mgDl >= b.watchFromMgDl) {
      band = 'watch';
      reasons.push(
        reason(
          'BASELINE_TRIGLYCERIDES_WATCH',
          '§4.2',
          `${what} before the first dose is ≥ ${b.watchFromMgDl} mg/dL.`,
          'The course may start; watch the triglycerides at the first on-treatment check.',
        ),
      );
    }
    if (mgDl >= t.alwaysStopFromMgDl) {
      band = 'stop';
      reasons.push(stopReason(t.alwaysStopFromMgDl));
    }
    return { band, reasons, flags };
  }
  if (mgDl >= alwaysStop) {
    return { band: 'stop', reasons: [stopReason(alwaysStop)], flags: [] };
  }
  if (mgDl >= t.actFromMgDl) {
    return {
      band: 'act',
      reasons: [
        reason(
          'TRIGLYCERIDES_ACT',
          '§4.2',
          `${what} is in the act band (${t.actFromMgDl}–${show(alwaysStop - 1)} mg/dL).`,
          'Review the dose (reduce it) and repeat fasting lipids in 1–2 weeks.',
        ),
      ],
      flags: [],
    };
  }
  if (mgDl >= t.watchFromMgDl) {
    return {
      band: 'watch',
      reasons: [
        reason(
          'TRIGLYCERIDES_WATCH',
          '§4.2',
          `${what} is in the watch band (${t.watchFromMgDl}–${show(t.actFromMgDl - 1)} mg/dL).`,
          'Continue; advise on diet and alcohol and repeat fasting lipids in about 4 weeks.',
        ),
      ],
      flags: [],
    };
  }
  return NORMAL;
}

function liverBand(result: LabResult, what: string, timesUln: number, beforeFirstDose: boolean, parameters: ClinicalParameters): Banded {
  const t = parameters.labThresholds.liverEnzymes;
  const prefix = CODES[result.analyte];
  const symptoms = result.jaundiceOrHepatitisSymptoms === true;
  const stopAction = beforeFirstDose ? 'Do not start isotretinoin; review urgently for liver disease.' : 'Hold isotretinoin and review urgently for hepatitis.';
  if (timesUln > t.stopAboveUln) {
    return { band: 'stop', reasons: [reason(`${prefix}_STOP`, '§4.2', `${what} is above ${t.stopAboveUln} × ULN.`, stopAction)], flags: [] };
  }
  if (timesUln > t.watchAboveUln && symptoms) {
    return {
      band: 'stop',
      reasons: [
        reason(`${prefix}_STOP`, '§4.2', `${what} is above the upper limit with jaundice or symptoms of hepatitis, whatever the multiple.`, stopAction),
      ],
      flags: [],
    };
  }
  if (timesUln > t.actAboveUln) {
    return {
      band: 'act',
      reasons: [
        reason(
          `${prefix}_ACT`,
          '§4.2',
          `${what} is in the act band (> ${t.actAboveUln} to ≤ ${t.stopAboveUln} × ULN).`,
          beforeFirstDose
            ? 'Review before the first dose; repeat the liver tests in 1–2 weeks.'
            : 'Reduce or interrupt the dose; repeat the liver tests every 1–2 weeks.',
        ),
      ],
      flags: [],
    };
  }
  if (timesUln > t.watchAboveUln) {
    return {
      band: 'watch',
      reasons: [
        reason(
          `${prefix}_WATCH`,
          '§4.2',
          `${what} is in the watch band (> ${t.watchAboveUln} to ≤ ${t.actAboveUln} × ULN).`,
          'Continue; repeat the liver tests in about 4 weeks.',
        ),
      ],
      flags: [],
    };
  }
  return NORMAL;
}

function bandFor(result: LabResult, normalized: NormalizedLabValue, beforeFirstDose: boolean, parameters: ClinicalParameters): Banded {
  const what = describe(result, normalized);
  const v = normalized.value;
  const t = parameters.labThresholds;
  switch (result.analyte) {
    case 'triglycerides':
      return triglyceridesBand(what, v, beforeFirstDose, parameters);
    case 'alt':
    case 'ast':
      return liverBand(result, what, v, beforeFirstDose, parameters);
    case 'totalCholesterol':
      if (v >= t.totalCholesterol.actFromMgDl) {
        return {
          band: 'act',
          reasons: [
            reason(
              'TOTAL_CHOLESTEROL_ACT',
              '§4.2',
              `${what} is ≥ ${t.totalCholesterol.actFromMgDl} mg/dL.`,
              'Review the dose and lipid management; repeat fasting lipids in 1–2 weeks.',
            ),
          ],
          flags: [],
        };
      }
      if (v >= t.totalCholesterol.watchFromMgDl) {
        return {
          band: 'watch',
          reasons: [
            reason(
              'TOTAL_CHOLESTEROL_WATCH',
              '§4.2',
              `${what} is ≥ ${t.totalCholesterol.watchFromMgDl} mg/dL (informational).`,
              'Continue; repeat fasting lipids in about 4 weeks.',
            ),
          ],
          flags: [],
        };
      }
      return NORMAL;
    case 'hdl':
      if (v < t.hdl.watchBelowMgDl) {
        return {
          band: 'watch',
          reasons: [
            reason(
              'HDL_WATCH',
              '§4.2',
              `${what} is below ${t.hdl.watchBelowMgDl} mg/dL (informational).`,
              'Continue; recheck with the next fasting lipid panel.',
            ),
          ],
          flags: [],
        };
      }
      return NORMAL;
    case 'glucose':
      if (v >= t.glucose.actFromMgDl) {
        return {
          band: 'act',
          reasons: [
            reason(
              'GLUCOSE_ACT',
              '§4.2',
              `${what} is ≥ ${t.glucose.actFromMgDl} mg/dL: in the diabetic range (new diabetes has been reported with isotretinoin).`,
              'Refer for diabetes assessment.',
            ),
          ],
          flags: [],
        };
      }
      if (v >= t.glucose.watchFromMgDl) {
        return {
          band: 'watch',
          reasons: [
            reason(
              'GLUCOSE_WATCH',
              '§4.2',
              `${what} is in the watch band (${t.glucose.watchFromMgDl}–${show(t.glucose.actFromMgDl - 1)} mg/dL).`,
              'Continue; recheck fasting glucose as needed.',
            ),
          ],
          flags: [],
        };
      }
      return NORMAL;
    case 'ck':
      if (v > t.ck.actAboveUlnWithSymptoms && result.muscleSymptoms === true) {
        return {
          band: 'act',
          reasons: [
            reason(
              'CK_ACT',
              '§4.2',
              `${what} is above ${t.ck.actAboveUlnWithSymptoms} × ULN with muscle pain or weakness.`,
              'Review the dose and evaluate the muscle symptoms (rhabdomyolysis has been reported).',
            ),
          ],
          flags: [],
        };
      }
      if (v > t.ck.actAboveUlnWithSymptoms && result.muscleSymptoms === undefined) {
        return {
          band: 'watch',
          reasons: [
            reason(
              'CK_WATCH',
              '§4.2',
              `${what} is above ${t.ck.actAboveUlnWithSymptoms} × ULN and muscle symptoms were not recorded.`,
              'Ask about muscle pain or weakness: with symptoms this is an act result.',
            ),
          ],
          flags: [],
        };
      }
      return NORMAL;
    case 'ldl':
      // §4.2 gives no LDL band: it is stored and shown, never alerted on.
      return NORMAL;
  }
}

function fastingFlag(result: LabResult, what: string, parameters: ClinicalParameters): Reason | null {
  const alcoholTooRecent = result.hoursSinceAlcohol !== undefined && result.hoursSinceAlcohol < parameters.lipidAlcoholFreeHours;
  if (LIPIDS.has(result.analyte) && (result.fasting === false || alcoholTooRecent)) {
    const why =
      result.fasting === false
        ? 'the sample was not fasting'
        : `the sample was drawn ${show(result.hoursSinceAlcohol as number)} h after alcohol (at least ${parameters.lipidAlcoholFreeHours} h needed)`;
    return reason(
      'REPEAT_FASTING',
      '§4.1',
      `${what}: ${why}. The result is kept and classified, but it does not count as the fasting lipid check.`,
      `Repeat fasting, at least ${parameters.lipidAlcoholFreeHours} h without alcohol.`,
    );
  }
  if (result.analyte === 'glucose' && result.fasting === false) {
    return reason('REPEAT_FASTING', '§4.2', `${what}: the sample was not fasting, and the glucose bands are for fasting glucose.`, 'Repeat fasting glucose.');
  }
  return null;
}

/**
 * The alert band of one result and why (§4.2), plus what else it needs (T-45: a non-fasting lipid
 * is stored, its band computed, and it is flagged REPEAT_FASTING). Throws a RangeError on input
 * labResultProblems refuses: classify only results that can be recorded.
 */
export function classifyLabResult(result: LabResult, context: ClassificationContext): LabClassification {
  const parameters = context.parameters ?? DEFAULT_CLINICAL_PARAMETERS;
  const problems = labResultProblems(result, parameters.unitConversions);
  const normalized = normalizeLabValue(result, parameters.unitConversions);
  if (problems.length > 0 || !normalized.ok) {
    throw new RangeError(`Cannot classify an invalid lab result: ${problems.map((p) => `${p.field}: ${p.message}`).join(' ')}`);
  }
  const banded = bandFor(result, normalized.normalized, context.beforeFirstDose, parameters);
  const reasons = [...banded.reasons];
  const flags = [...banded.flags];
  const repeat = fastingFlag(result, describe(result, normalized.normalized), parameters);
  if (repeat !== null) {
    reasons.push(repeat);
    flags.push('REPEAT_FASTING');
  }
  return { analyte: result.analyte, band: banded.band, normalized: normalized.normalized, reasons, flags };
}

// ---------------------------------------------------------------------------------------------
// The monitoring plan (§4.1 "App monitoring plan default").

/** A change of daily dose; the first one is the starting dose. */
export interface DoseChange {
  on: IsoDate;
  dailyMg: number;
}

export interface LabScheduleInput {
  /** The day of the first dose; null (or a later date than today) = not started yet. */
  firstDoseOn: IsoDate | null;
  results: readonly LabResult[];
  doseChanges: readonly DoseChange[];
  /** The day the target daily dose was first reached; null = not yet. */
  targetDailyDoseReachedOn: IsoDate | null;
  /** Diabetes, obesity, heavy alcohol use, personal or family lipid disorder (§4.1). */
  highRisk: boolean;
  /** The last dose of a course that has ended; null (or later than today) = on treatment or not started. */
  courseEndedOn?: IsoDate | null;
  today: IsoDate;
}

export type LabDueCode =
  'BASELINE_DUE' | 'REPEAT_AFTER_ABNORMAL' | 'REPEAT_FASTING' | 'FOUR_WEEK_CHECK' | 'AFTER_DOSE_INCREASE' | 'HIGH_RISK_REPEAT' | 'NONE_SCHEDULED';

export interface LabDue {
  code: Exclude<LabDueCode, 'NONE_SCHEDULED'>;
  dueOn: IsoDate;
  /** What to draw (for the panel checks: the panel analytes still missing). */
  analytes: LabAnalyte[];
  overdue: boolean;
  reason: Reason;
}

export interface NextLabDue {
  code: LabDueCode;
  /** null only for NONE_SCHEDULED. */
  dueOn: IsoDate | null;
  analytes: LabAnalyte[];
  overdue: boolean;
  reason: Reason;
  /** Every pending check, earliest first; the first is the one above. */
  pending: LabDue[];
}

const DUE_ORDER: Record<LabDue['code'], number> = {
  BASELINE_DUE: 0,
  REPEAT_AFTER_ABNORMAL: 1,
  REPEAT_FASTING: 2,
  FOUR_WEEK_CHECK: 3,
  AFTER_DOSE_INCREASE: 4,
  HIGH_RISK_REPEAT: 5,
};

interface Classified {
  result: LabResult;
  classification: LabClassification;
}

function listNames(analytes: readonly LabAnalyte[]): string {
  return analytes.map((analyte) => LAB_ANALYTE_NAMES[analyte]).join(', ');
}

/**
 * When the next lab check is due, and why (§4.1 app monitoring plan, [APP]): the baseline (lipids
 * + ALT within 30 days before the first dose), the first check (~4 weeks after the first dose or
 * on first reaching the target daily dose, whichever first), then repeats only after an abnormal
 * result (stop 7 days, act 14, watch 28), a non-fasting lipid, a dose increase above the previous
 * peak, or for high-risk patients. Invalid and future-dated results are ignored here (they cannot
 * be recorded: labResultProblems).
 */
export function nextLabDue(input: LabScheduleInput, parameters: ClinicalParameters = DEFAULT_CLINICAL_PARAMETERS): NextLabDue {
  const plan = parameters.monitoringPlan;
  const { today } = input;
  const firstDoseOn = input.firstDoseOn !== null && isOnOrBefore(input.firstDoseOn, today) ? input.firstDoseOn : null;

  const classified: Classified[] = input.results
    .filter((result) => labResultProblems(result, parameters.unitConversions).length === 0 && isOnOrBefore(result.collectedOn, today))
    .map((result) => ({
      result,
      classification: classifyLabResult(result, {
        // A sample drawn on the day of the first dose is taken as drawn before it.
        beforeFirstDose: firstDoseOn === null || isOnOrBefore(result.collectedOn, firstDoseOn),
        parameters,
      }),
    }))
    .sort((a, b) => compareDates(a.result.collectedOn, b.result.collectedOn));

  /** A result that counts as a measurement of its analyte for the plan (a "repeat fasting" lipid does not). */
  const counts = (entry: Classified) => !entry.classification.flags.includes('REPEAT_FASTING');
  const latestValid = (analyte: LabAnalyte): IsoDate | null =>
    classified.filter((entry) => entry.result.analyte === analyte && counts(entry)).at(-1)?.result.collectedOn ?? null;
  const missingFrom = (from: IsoDate): LabAnalyte[] =>
    MONITORING_PANEL.filter(
      (analyte) => !classified.some((entry) => entry.result.analyte === analyte && counts(entry) && isOnOrAfter(entry.result.collectedOn, from)),
    );

  // After the course, no routine checks (§4.1, Delphi: "not after the course unless abnormal"):
  // only the repeat of an abnormal result drawn while on treatment is still due.
  const endedOn = input.courseEndedOn ?? null;
  const courseEnded = endedOn !== null && isOnOrBefore(endedOn, today);

  const pending: LabDue[] = [];
  const due = (code: LabDue['code'], dueOn: IsoDate, analytes: LabAnalyte[], rule: string, message: string, action: string, deadline?: IsoDate) => {
    pending.push({
      code,
      dueOn,
      analytes,
      overdue: compareDates(dueOn, today) < 0,
      reason: reason(code, rule, message, action, deadline === undefined ? {} : { deadline }),
    });
  };

  // Baseline (§4.1): lipids + ALT at most 30 days before the first dose.
  if (courseEnded) {
    // No baseline for a course that is over.
  } else if (firstDoseOn === null) {
    const missing = missingFrom(addDays(today, -plan.baselineMaxDaysBeforeFirstDose));
    if (missing.length > 0) {
      due(
        'BASELINE_DUE',
        today,
        missing,
        '§4.1',
        `No baseline ${listNames(missing)} within the last ${plan.baselineMaxDaysBeforeFirstDose} days.`,
        `Draw a fasting lipid panel and ALT (at least ${parameters.lipidAlcoholFreeHours} h without alcohol) before the first dose.`,
      );
    } else {
      const oldest = earliestOf(...MONITORING_PANEL.map((analyte) => latestValid(analyte) as IsoDate));
      const coversUntil = addDays(oldest, plan.baselineMaxDaysBeforeFirstDose);
      due(
        'BASELINE_DUE',
        addDays(coversUntil, 1),
        [...MONITORING_PANEL],
        '§4.1',
        `The baseline of ${oldest} covers a first dose up to ${coversUntil}.`,
        'If the course has not started by then, repeat the fasting lipid panel and ALT before the first dose.',
        coversUntil,
      );
    }
  } else {
    const missing = missingFrom(addDays(firstDoseOn, -plan.baselineMaxDaysBeforeFirstDose));
    if (missing.length > 0) {
      due(
        'BASELINE_DUE',
        firstDoseOn,
        missing,
        '§4.1',
        `No ${listNames(missing)} within the ${plan.baselineMaxDaysBeforeFirstDose} days before the first dose (${firstDoseOn}) nor since.`,
        'Draw a fasting lipid panel and ALT now.',
      );
    }
  }

  // Repeats after an abnormal result (§4.2), judged on the latest result of each analyte.
  for (const analyte of REPEATED_ANALYTES) {
    const ofAnalyte = classified.filter((entry) => entry.result.analyte === analyte);
    const lastDate = ofAnalyte.at(-1)?.result.collectedOn;
    if (lastDate === undefined) {
      continue;
    }
    const sameDay = ofAnalyte.filter((entry) => entry.result.collectedOn === lastDate);
    const worst = sameDay.reduce((a, b) => (BAND_ORDER[b.classification.band] > BAND_ORDER[a.classification.band] ? b : a));
    const band = worst.classification.band;
    if (band === 'normal') {
      continue;
    }
    // Once the course has started, the first on-treatment check is the repeat of a watch result
    // drawn before the first dose.
    if (band === 'watch' && firstDoseOn !== null && isOnOrBefore(lastDate, firstDoseOn)) {
      continue;
    }
    if (courseEnded && !isOnOrBefore(lastDate, endedOn)) {
      // Drawn after the course: the follow-up is the prescriber's call, not the treatment schedule.
      continue;
    }
    const days = band === 'stop' ? plan.repeatAfterStopDays : band === 'act' ? plan.repeatAfterActDays : plan.repeatAfterWatchDays;
    const first = worst.classification.reasons[0];
    due(
      'REPEAT_AFTER_ABNORMAL',
      addDays(lastDate, days),
      [analyte],
      '§4.2',
      `Drawn ${lastDate}: ${first?.message ?? `${LAB_ANALYTE_NAMES[analyte]} in the ${band} band.`}`,
      `Repeat ${LAB_ANALYTE_NAMES[analyte]} by ${addDays(lastDate, days)} (${days} days after a result in the ${band} band).`,
    );
  }

  // A lipid marked "repeat fasting" (§4.1, T-45) and not yet repeated properly.
  const toRepeatFasting = new Map<IsoDate, LabAnalyte[]>();
  for (const analyte of courseEnded ? [] : LIPIDS) {
    const last = classified.filter((entry) => entry.result.analyte === analyte).at(-1);
    if (last !== undefined && !counts(last)) {
      const dueOn = addDays(last.result.collectedOn, plan.repeatFastingAfterDays);
      toRepeatFasting.set(dueOn, [...(toRepeatFasting.get(dueOn) ?? []), analyte]);
    }
  }
  for (const [dueOn, analytes] of toRepeatFasting) {
    due(
      'REPEAT_FASTING',
      dueOn,
      analytes,
      '§4.1',
      `${listNames(analytes)} not drawn fasting or drawn less than ${parameters.lipidAlcoholFreeHours} h after alcohol.`,
      `Repeat fasting, at least ${parameters.lipidAlcoholFreeHours} h without alcohol.`,
    );
  }

  if (firstDoseOn !== null && !courseEnded) {
    // The first on-treatment check: ~4 weeks, or first reaching the target dose, whichever first.
    // Starting at the target dose is not "reaching" it: that is the baseline.
    const fourWeeks = addDays(firstDoseOn, plan.firstCheckDaysAfterFirstDose);
    const target = input.targetDailyDoseReachedOn;
    const atTarget = plan.firstCheckAtTargetDose && target !== null && compareDates(target, firstDoseOn) > 0 && isOnOrBefore(target, today) ? target : null;
    const firstCheckDue = atTarget === null ? fourWeeks : earliestOf(fourWeeks, atTarget);
    const earliestCounted = latestOf(
      addDays(firstDoseOn, 1),
      atTarget === null ? addDays(fourWeeks, -plan.firstCheckEarlyToleranceDays) : earliestOf(addDays(fourWeeks, -plan.firstCheckEarlyToleranceDays), atTarget),
    );
    const missing = missingFrom(earliestCounted);
    if (missing.length > 0) {
      due(
        'FOUR_WEEK_CHECK',
        firstCheckDue,
        missing,
        '§4.1',
        atTarget !== null && firstCheckDue === atTarget
          ? `The target daily dose was first reached on ${atTarget}: check the lipids and ALT at it.`
          : `About 4 weeks after the first dose (${firstDoseOn}): check the lipids and ALT.`,
        `Draw a fasting lipid panel and ALT (at least ${parameters.lipidAlcoholFreeHours} h without alcohol).`,
      );
    }

    // A dose increase above the previous peak: a check at the new peak dose. The first check
    // covers increases before it, so such a check is never due before the first one.
    const changes = [...input.doseChanges].filter((change) => isOnOrBefore(change.on, today)).sort((a, b) => compareDates(a.on, b.on));
    let peak = changes[0]?.dailyMg ?? 0;
    for (const change of changes.slice(1)) {
      if (change.dailyMg <= peak) {
        continue;
      }
      const previousPeak = peak;
      peak = change.dailyMg;
      const missingAfter = missingFrom(change.on);
      if (missingAfter.length > 0) {
        due(
          'AFTER_DOSE_INCREASE',
          latestOf(addDays(change.on, plan.afterDoseIncreaseDays), firstCheckDue),
          missingAfter,
          '§4.1',
          `The daily dose rose to ${show(change.dailyMg)} mg on ${change.on}, above the previous peak of ${show(previousPeak)} mg.`,
          'Check the fasting lipids and ALT at the new dose.',
        );
      }
    }

    // High-risk patients: a panel every highRiskRepeatDays while on treatment.
    if (input.highRisk) {
      const byDate = new Map<IsoDate, LabAnalyte[]>();
      for (const analyte of MONITORING_PANEL) {
        const last = latestValid(analyte);
        const dueOn = addDays(last === null ? firstDoseOn : latestOf(last, firstDoseOn), plan.highRiskRepeatDays);
        byDate.set(dueOn, [...(byDate.get(dueOn) ?? []), analyte]);
      }
      for (const [dueOn, analytes] of byDate) {
        due(
          'HIGH_RISK_REPEAT',
          dueOn,
          analytes,
          '§4.1',
          `High-risk patient (diabetes, obesity, heavy alcohol use or lipid disorder): ${listNames(analytes)} every ${plan.highRiskRepeatDays} days on treatment.`,
          'Draw a fasting lipid panel and ALT.',
        );
      }
    }
  }

  pending.sort((a, b) => compareDates(a.dueOn, b.dueOn) || DUE_ORDER[a.code] - DUE_ORDER[b.code]);
  const next = pending[0];
  if (next === undefined) {
    return {
      code: 'NONE_SCHEDULED',
      dueOn: null,
      analytes: [],
      overdue: false,
      reason: reason(
        'NONE_SCHEDULED',
        '§4.1',
        'No lab check is scheduled: the results so far are normal and the dose has not risen above its previous peak.',
        'Nothing to draw; a new abnormal result, a dose increase or a high-risk flag schedules a check.',
      ),
      pending,
    };
  }
  return { code: next.code, dueOn: next.dueOn, analytes: next.analytes, overdue: next.overdue, reason: next.reason, pending };
}
