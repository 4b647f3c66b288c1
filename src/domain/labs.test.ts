import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CLINICAL_PARAMETERS, type ClinicalParameters } from './clinicalParameters.js';
import type { Reason } from './decision.js';
import {
  classifyLabResult,
  labResultProblems,
  nextLabDue,
  normalizeLabValue,
  type DoseChange,
  type LabAnalyte,
  type LabResult,
  type LabScheduleInput,
} from './labs.js';

const codes = (reasons: readonly Reason[]) => reasons.map((reason) => reason.code);

function lab(analyte: LabAnalyte, value: number, extra: Partial<LabResult> = {}): LabResult {
  const enzyme = analyte === 'alt' || analyte === 'ast' || analyte === 'ck';
  return {
    analyte,
    value,
    unit: enzyme ? 'U/L' : 'mg/dL',
    collectedOn: '2025-04-01',
    ...(enzyme ? { referenceHigh: 40 } : { fasting: true }),
    ...extra,
  };
}

const onTreatment = (result: LabResult, parameters?: ClinicalParameters) =>
  classifyLabResult(result, parameters === undefined ? { beforeFirstDose: false } : { beforeFirstDose: false, parameters });
const atBaseline = (result: LabResult) => classifyLabResult(result, { beforeFirstDose: true });
const band = (result: LabResult) => onTreatment(result).band;

describe('triglycerides on treatment (§4.2, T-45)', () => {
  test('T-45: 499 → watch; 500 → act; 799 → act; 800 → stop; 1000 → stop', () => {
    assert.equal(band(lab('triglycerides', 499)), 'watch');
    assert.equal(band(lab('triglycerides', 500)), 'act');
    assert.equal(band(lab('triglycerides', 799)), 'act');
    assert.equal(band(lab('triglycerides', 800)), 'stop');
    assert.equal(band(lab('triglycerides', 1000)), 'stop');
  });

  test('T-45: each band carries its code, the rule §4.2 and what to do', () => {
    const act = onTreatment(lab('triglycerides', 520));
    assert.deepEqual(codes(act.reasons), ['TRIGLYCERIDES_ACT']);
    assert.equal(act.reasons[0]?.rule, '§4.2');
    assert.match(act.reasons[0].message, /Triglycerides 520 mg\/dL is in the act band \(500–799 mg\/dL\)/);
    assert.match(act.reasons[0].action, /repeat fasting lipids in 1–2 weeks/);
    const stop = onTreatment(lab('triglycerides', 800));
    assert.deepEqual(codes(stop.reasons), ['TRIGLYCERIDES_STOP']);
    assert.match(stop.reasons[0]?.action ?? '', /Hold isotretinoin/);
    assert.deepEqual(codes(onTreatment(lab('triglycerides', 499)).reasons), ['TRIGLYCERIDES_WATCH']);
  });

  test('§4.2: 149.9 → normal with no reasons; 150 → watch', () => {
    const normal = onTreatment(lab('triglycerides', 149.9));
    assert.equal(normal.band, 'normal');
    assert.deepEqual(normal.reasons, []);
    assert.deepEqual(normal.flags, []);
    assert.equal(band(lab('triglycerides', 150)), 'watch');
  });

  test('T-45 §4.1: a non-fasting 520 is classified (act) and flagged REPEAT_FASTING', () => {
    const result = onTreatment(lab('triglycerides', 520, { fasting: false }));
    assert.equal(result.band, 'act');
    assert.deepEqual(result.flags, ['REPEAT_FASTING']);
    assert.deepEqual(codes(result.reasons), ['TRIGLYCERIDES_ACT', 'REPEAT_FASTING']);
    const repeat = result.reasons[1];
    assert.equal(repeat?.rule, '§4.1');
    assert.match(repeat.message, /not fasting/);
    assert.match(repeat.action, /Repeat fasting, at least 36 h without alcohol/);
  });

  test('T-45: a non-fasting normal triglyceride is still flagged REPEAT_FASTING', () => {
    const result = onTreatment(lab('triglycerides', 120, { fasting: false }));
    assert.equal(result.band, 'normal');
    assert.deepEqual(result.flags, ['REPEAT_FASTING']);
  });

  test('§4.1: 35.9 h after alcohol → REPEAT_FASTING; 36 h → no flag', () => {
    const early = onTreatment(lab('triglycerides', 120, { hoursSinceAlcohol: 35.9 }));
    assert.deepEqual(early.flags, ['REPEAT_FASTING']);
    assert.match(early.reasons[0]?.message ?? '', /35\.9 h after alcohol \(at least 36 h needed\)/);
    assert.deepEqual(onTreatment(lab('triglycerides', 120, { hoursSinceAlcohol: 36 })).flags, []);
  });

  test('§4.1: fasting not recorded → no flag (only a result marked non-fasting is)', () => {
    assert.deepEqual(onTreatment(lab('triglycerides', 120, { fasting: undefined })).flags, []);
  });

  test('§4.1: every lipid is flagged when non-fasting; ALT is not', () => {
    for (const analyte of ['totalCholesterol', 'ldl', 'hdl'] as const) {
      assert.deepEqual(onTreatment(lab(analyte, 100, { fasting: false })).flags, ['REPEAT_FASTING'], analyte);
    }
    assert.deepEqual(onTreatment(lab('alt', 20, { fasting: false, hoursSinceAlcohol: 2 })).flags, []);
  });

  test('§4.2: ≥ 1000 is always stop, even when the stop band is configured at 1200', () => {
    const parameters: ClinicalParameters = {
      ...DEFAULT_CLINICAL_PARAMETERS,
      labThresholds: {
        ...DEFAULT_CLINICAL_PARAMETERS.labThresholds,
        triglycerides: { ...DEFAULT_CLINICAL_PARAMETERS.labThresholds.triglycerides, stopFromMgDl: 1200 },
      },
    };
    assert.equal(onTreatment(lab('triglycerides', 999), parameters).band, 'act');
    assert.equal(onTreatment(lab('triglycerides', 1000), parameters).band, 'stop');
  });

  test('§4.2: thresholds are data — an act band configured from 400 makes 450 act', () => {
    const parameters: ClinicalParameters = {
      ...DEFAULT_CLINICAL_PARAMETERS,
      labThresholds: {
        ...DEFAULT_CLINICAL_PARAMETERS.labThresholds,
        triglycerides: { ...DEFAULT_CLINICAL_PARAMETERS.labThresholds.triglycerides, actFromMgDl: 400 },
      },
    };
    assert.equal(onTreatment(lab('triglycerides', 399), parameters).band, 'watch');
    assert.equal(onTreatment(lab('triglycerides', 450), parameters).band, 'act');
  });

  test('§4.2 units: TG mmol/L × 88.57 — 1.69 normal, 1.70 watch, 5.64 watch, 5.65 act, 9.03 act, 9.04 (800.67) stop', () => {
    const mmol = (value: number) => band(lab('triglycerides', value, { unit: 'mmol/L' }));
    assert.equal(mmol(1.69), 'normal');
    assert.equal(mmol(1.7), 'watch');
    assert.equal(mmol(5.64), 'watch');
    assert.equal(mmol(5.65), 'act');
    assert.equal(mmol(9.03), 'act');
    assert.equal(mmol(9.04), 'stop');
  });

  test('§4.2 units: a mmol/L result shows both units in its reason', () => {
    const result = onTreatment(lab('triglycerides', 5.65, { unit: 'mmol/L' }));
    assert.deepEqual(result.normalized, { value: 500.4205, scale: 'mg/dL' });
    assert.match(result.reasons[0]?.message ?? '', /Triglycerides 5\.65 mmol\/L \(500\.42 mg\/dL\)/);
  });
});

describe('triglycerides before the first dose (§4.2 baseline row)', () => {
  test('§4.2: 199 → normal (150–199 is not a baseline alert); 200 → watch BASELINE_TRIGLYCERIDES_WATCH', () => {
    assert.equal(atBaseline(lab('triglycerides', 150)).band, 'normal');
    assert.equal(atBaseline(lab('triglycerides', 199)).band, 'normal');
    const watch = atBaseline(lab('triglycerides', 200));
    assert.equal(watch.band, 'watch');
    assert.deepEqual(codes(watch.reasons), ['BASELINE_TRIGLYCERIDES_WATCH']);
  });

  test('§4.2: 499 → watch; 500 → BASELINE_TRIGLYCERIDES_DO_NOT_START, prescriber override required', () => {
    assert.equal(atBaseline(lab('triglycerides', 499)).band, 'watch');
    const doNotStart = atBaseline(lab('triglycerides', 500));
    assert.equal(doNotStart.band, 'act');
    assert.deepEqual(codes(doNotStart.reasons), ['BASELINE_TRIGLYCERIDES_DO_NOT_START']);
    assert.deepEqual(doNotStart.flags, ['PRESCRIBER_OVERRIDE_REQUIRED']);
    assert.match(doNotStart.reasons[0]?.action ?? '', /Do not start isotretinoin unless the prescriber records an override/);
  });

  test('§4.2: 999 → still do-not-start (act); 1000 → stop as well (always stop)', () => {
    assert.equal(atBaseline(lab('triglycerides', 999)).band, 'act');
    const severe = atBaseline(lab('triglycerides', 1000));
    assert.equal(severe.band, 'stop');
    assert.deepEqual(codes(severe.reasons), ['BASELINE_TRIGLYCERIDES_DO_NOT_START', 'TRIGLYCERIDES_STOP']);
    assert.match(severe.reasons[1]?.action ?? '', /Do not start isotretinoin/);
    assert.deepEqual(severe.flags, ['PRESCRIBER_OVERRIDE_REQUIRED']);
  });

  test('§4.2 units: baseline 2.25 mmol/L (199.28) normal, 2.26 (200.17) watch, 5.64 watch, 5.65 do-not-start, 11.29 (999.96) act, 11.30 (1000.84) stop', () => {
    const mmol = (value: number) => atBaseline(lab('triglycerides', value, { unit: 'mmol/L' })).band;
    assert.equal(mmol(2.25), 'normal');
    assert.equal(mmol(2.26), 'watch');
    assert.equal(mmol(5.64), 'watch');
    assert.equal(mmol(5.65), 'act');
    assert.equal(mmol(11.29), 'act');
    assert.equal(mmol(11.3), 'stop');
  });

  test('T-45: a non-fasting baseline is flagged REPEAT_FASTING too', () => {
    const result = atBaseline(lab('triglycerides', 520, { fasting: false }));
    assert.deepEqual(result.flags, ['PRESCRIBER_OVERRIDE_REQUIRED', 'REPEAT_FASTING']);
  });
});

describe('liver enzymes as multiples of ULN (§4.2)', () => {
  test('§4.2: ALT with ULN 40 — 40 (1×) normal, 40.4 (1.01×) watch, 120 (3×) watch, 120.4 (3.01×) act, 200 (5×) act, 200.4 (5.01×) stop', () => {
    assert.equal(band(lab('alt', 40)), 'normal');
    assert.equal(band(lab('alt', 40.4)), 'watch');
    assert.equal(band(lab('alt', 120)), 'watch');
    assert.equal(band(lab('alt', 120.4)), 'act');
    assert.equal(band(lab('alt', 200)), 'act');
    assert.equal(band(lab('alt', 200.4)), 'stop');
  });

  test('§4.2: codes ALT_WATCH / ALT_ACT / ALT_STOP with the multiple in the message', () => {
    assert.deepEqual(codes(onTreatment(lab('alt', 100)).reasons), ['ALT_WATCH']);
    const act = onTreatment(lab('alt', 130));
    assert.deepEqual(codes(act.reasons), ['ALT_ACT']);
    assert.match(act.reasons[0]?.message ?? '', /ALT 130 U\/L \(3\.25 × ULN 40 U\/L\)/);
    assert.match(act.reasons[0]?.action ?? '', /Reduce or interrupt the dose/);
    assert.deepEqual(codes(onTreatment(lab('alt', 240)).reasons), ['ALT_STOP']);
  });

  test('§4.2: AST uses the same bands with AST_ codes', () => {
    assert.deepEqual(codes(onTreatment(lab('ast', 120.4)).reasons), ['AST_ACT']);
    assert.equal(band(lab('ast', 120)), 'watch');
  });

  test('§4.2: 99.9 U/L with ULN 33.3 is exactly 3 × ULN → watch (no floating-point drift into act)', () => {
    const result = onTreatment(lab('alt', 99.9, { referenceHigh: 33.3 }));
    assert.deepEqual(result.normalized, { value: 3, scale: '×ULN' });
    assert.equal(result.band, 'watch');
  });

  test('§4.2: a rise with jaundice or hepatitis symptoms is stop whatever the multiple (1.01× → ALT_STOP)', () => {
    const result = onTreatment(lab('alt', 40.4, { jaundiceOrHepatitisSymptoms: true }));
    assert.equal(result.band, 'stop');
    assert.deepEqual(codes(result.reasons), ['ALT_STOP']);
    assert.match(result.reasons[0]?.message ?? '', /jaundice or symptoms of hepatitis/);
    assert.equal(onTreatment(lab('ast', 60, { jaundiceOrHepatitisSymptoms: true })).band, 'stop');
  });

  test('§4.2: symptoms with ALT at the ULN (no rise) → normal', () => {
    assert.equal(band(lab('alt', 40, { jaundiceOrHepatitisSymptoms: true })), 'normal');
  });

  test('§4.2: before the first dose the advice is about starting, not the dose', () => {
    assert.match(atBaseline(lab('alt', 130)).reasons[0]?.action ?? '', /before the first dose/);
    assert.match(atBaseline(lab('alt', 240)).reasons[0]?.action ?? '', /Do not start isotretinoin/);
  });
});

describe('cholesterol, HDL, LDL, glucose and CK (§4.2)', () => {
  test('§4.2: total cholesterol 239.9 normal, 240 watch, 299.9 watch, 300 act', () => {
    assert.equal(band(lab('totalCholesterol', 239.9)), 'normal');
    assert.deepEqual(codes(onTreatment(lab('totalCholesterol', 240)).reasons), ['TOTAL_CHOLESTEROL_WATCH']);
    assert.equal(band(lab('totalCholesterol', 299.9)), 'watch');
    assert.deepEqual(codes(onTreatment(lab('totalCholesterol', 300)).reasons), ['TOTAL_CHOLESTEROL_ACT']);
  });

  test('§4.2 units: cholesterol mmol/L × 38.67 — 6.20 (239.75) normal, 6.21 (240.14) watch, 7.75 watch, 7.76 (300.08) act', () => {
    const mmol = (value: number) => band(lab('totalCholesterol', value, { unit: 'mmol/L' }));
    assert.equal(mmol(6.2), 'normal');
    assert.equal(mmol(6.21), 'watch');
    assert.equal(mmol(7.75), 'watch');
    assert.equal(mmol(7.76), 'act');
  });

  test('§4.2: HDL 39.9 → watch HDL_WATCH; 40 → normal', () => {
    assert.deepEqual(codes(onTreatment(lab('hdl', 39.9)).reasons), ['HDL_WATCH']);
    assert.equal(band(lab('hdl', 40)), 'normal');
  });

  test('§4.2 units: HDL 1.03 mmol/L (39.83) watch, 1.04 (40.22) normal', () => {
    assert.equal(band(lab('hdl', 1.03, { unit: 'mmol/L' })), 'watch');
    assert.equal(band(lab('hdl', 1.04, { unit: 'mmol/L' })), 'normal');
  });

  test('§4.2: LDL has no band — stored and converted (4 mmol/L = 154.68 mg/dL), never alerted on', () => {
    const result = onTreatment(lab('ldl', 4, { unit: 'mmol/L' }));
    assert.equal(result.band, 'normal');
    assert.deepEqual(result.reasons, []);
    assert.deepEqual(result.normalized, { value: 154.68, scale: 'mg/dL' });
  });

  test('§4.2: fasting glucose 99.9 normal, 100 watch, 125.9 watch, 126 act (refer)', () => {
    assert.equal(band(lab('glucose', 99.9)), 'normal');
    assert.deepEqual(codes(onTreatment(lab('glucose', 100)).reasons), ['GLUCOSE_WATCH']);
    assert.equal(band(lab('glucose', 125.9)), 'watch');
    const act = onTreatment(lab('glucose', 126));
    assert.deepEqual(codes(act.reasons), ['GLUCOSE_ACT']);
    assert.match(act.reasons[0]?.action ?? '', /Refer/);
  });

  test('§4.2 units: glucose mmol/L × 18.016 — 5.55 (99.99) normal, 5.56 (100.17) watch, 6.99 (125.93) watch, 7.0 (126.11) act', () => {
    const mmol = (value: number) => band(lab('glucose', value, { unit: 'mmol/L' }));
    assert.equal(mmol(5.55), 'normal');
    assert.equal(mmol(5.56), 'watch');
    assert.equal(mmol(6.99), 'watch');
    assert.equal(mmol(7), 'act');
  });

  test('§4.2: a non-fasting glucose is classified and flagged REPEAT_FASTING (the bands are for fasting glucose)', () => {
    const result = onTreatment(lab('glucose', 130, { fasting: false }));
    assert.equal(result.band, 'act');
    assert.deepEqual(codes(result.reasons), ['GLUCOSE_ACT', 'REPEAT_FASTING']);
    assert.deepEqual(result.flags, ['REPEAT_FASTING']);
  });

  test('§4.2: CK with muscle symptoms — 5 × ULN normal, 5.01 × ULN act CK_ACT', () => {
    assert.equal(band(lab('ck', 200, { muscleSymptoms: true })), 'normal');
    const act = onTreatment(lab('ck', 200.4, { muscleSymptoms: true }));
    assert.equal(act.band, 'act');
    assert.deepEqual(codes(act.reasons), ['CK_ACT']);
  });

  test('§4.2: CK 10 × ULN without muscle symptoms → normal; symptoms not recorded → watch CK_WATCH (ask)', () => {
    assert.equal(band(lab('ck', 400, { muscleSymptoms: false })), 'normal');
    const unknown = onTreatment(lab('ck', 400));
    assert.equal(unknown.band, 'watch');
    assert.deepEqual(codes(unknown.reasons), ['CK_WATCH']);
    assert.match(unknown.reasons[0]?.action ?? '', /Ask about muscle pain or weakness/);
  });
});

describe('impossible input (normalizeLabValue, labResultProblems)', () => {
  const problemCodes = (result: LabResult) => labResultProblems(result).map((problem) => `${problem.field}:${problem.code}`);

  test('a negative value is refused', () => {
    assert.deepEqual(problemCodes(lab('triglycerides', -1)), ['value:NEGATIVE_VALUE']);
  });

  test('a value that is not a finite number is refused', () => {
    assert.deepEqual(problemCodes(lab('triglycerides', Number.NaN)), ['value:NOT_A_NUMBER']);
    assert.deepEqual(problemCodes(lab('triglycerides', Number.POSITIVE_INFINITY)), ['value:NOT_A_NUMBER']);
  });

  test('mmol/L for an enzyme, and U/L for a lipid, are refused', () => {
    assert.deepEqual(problemCodes(lab('alt', 1, { unit: 'mmol/L' })), ['unit:WRONG_UNIT']);
    assert.deepEqual(problemCodes(lab('triglycerides', 150, { unit: 'U/L' })), ['unit:WRONG_UNIT']);
  });

  test('ALT, AST or CK without an upper reference limit → referenceHigh REQUIRED', () => {
    for (const analyte of ['alt', 'ast', 'ck'] as const) {
      const problems = labResultProblems(lab(analyte, 50, { referenceHigh: undefined }));
      assert.deepEqual(
        problems.map((problem) => `${problem.field}:${problem.code}`),
        ['referenceHigh:REQUIRED'],
        analyte,
      );
      assert.match(problems[0]?.message ?? '', /upper reference limit \(ULN\)/);
    }
  });

  test('a reference high of 0 is refused (it would divide by zero)', () => {
    assert.deepEqual(problemCodes(lab('alt', 50, { referenceHigh: 0 })), ['referenceHigh:INVALID_REFERENCE']);
  });

  test('a reference low above the reference high is refused', () => {
    assert.deepEqual(problemCodes(lab('alt', 50, { referenceLow: 50, referenceHigh: 40 })), ['referenceLow:REFERENCE_LOW_ABOVE_HIGH']);
  });

  test('2025-02-30 is not a date', () => {
    assert.deepEqual(problemCodes(lab('triglycerides', 100, { collectedOn: '2025-02-30' })), ['collectedOn:INVALID_DATE']);
  });

  test('negative hours since alcohol are refused', () => {
    assert.deepEqual(problemCodes(lab('triglycerides', 100, { hoursSinceAlcohol: -2 })), ['hoursSinceAlcohol:INVALID_HOURS']);
  });

  test('an analyte or unit the app does not know is refused, not guessed', () => {
    const unknown = { ...lab('triglycerides', 1), analyte: 'bilirubin' } as unknown as LabResult;
    assert.deepEqual(problemCodes(unknown), ['analyte:UNKNOWN_ANALYTE']);
    const badUnit = { ...lab('triglycerides', 1), unit: 'g/L' } as unknown as LabResult;
    assert.deepEqual(problemCodes(badUnit), ['unit:UNKNOWN_UNIT']);
  });

  test('every problem of one result is reported at once', () => {
    assert.deepEqual(problemCodes(lab('alt', -5, { unit: 'mmol/L', referenceHigh: undefined, collectedOn: '2025-13-01' })), [
      'value:NEGATIVE_VALUE',
      'unit:WRONG_UNIT',
      'referenceHigh:REQUIRED',
      'collectedOn:INVALID_DATE',
    ]);
  });

  test('normalizeLabValue: mg/dL unchanged, mmol/L converted, enzymes as × ULN', () => {
    assert.deepEqual(normalizeLabValue(lab('triglycerides', 150)), { ok: true, normalized: { value: 150, scale: 'mg/dL' } });
    assert.deepEqual(normalizeLabValue(lab('glucose', 7, { unit: 'mmol/L' })), { ok: true, normalized: { value: 126.112, scale: 'mg/dL' } });
    assert.deepEqual(normalizeLabValue(lab('alt', 80)), { ok: true, normalized: { value: 2, scale: '×ULN' } });
  });

  test('classifyLabResult refuses a result that cannot be recorded (RangeError naming the field)', () => {
    assert.throws(
      () => onTreatment(lab('alt', 50, { referenceHigh: undefined })),
      (error: unknown) => {
        assert.ok(error instanceof RangeError);
        assert.match(error.message, /referenceHigh/);
        return true;
      },
    );
  });
});

describe('next lab due (§4.1 app monitoring plan)', () => {
  const FIRST_DOSE = '2025-03-01';
  const baseline = (on = '2025-02-10'): LabResult[] => [lab('triglycerides', 120, { collectedOn: on }), lab('alt', 20, { collectedOn: on })];
  const panel = (on: string, tg = 120, alt = 20): LabResult[] => [lab('triglycerides', tg, { collectedOn: on }), lab('alt', alt, { collectedOn: on })];
  const doses = (...steps: [string, number][]): DoseChange[] => steps.map(([on, dailyMg]) => ({ on, dailyMg }));

  function schedule(overrides: Partial<LabScheduleInput>) {
    return nextLabDue({
      firstDoseOn: FIRST_DOSE,
      results: baseline(),
      doseChanges: doses([FIRST_DOSE, 40]),
      targetDailyDoseReachedOn: null,
      highRisk: false,
      today: '2025-03-10',
      ...overrides,
    });
  }

  test('§4.1: not started, no results → BASELINE_DUE today for triglycerides and ALT', () => {
    const next = schedule({ firstDoseOn: null, results: [], today: '2025-02-01' });
    assert.equal(next.code, 'BASELINE_DUE');
    assert.equal(next.dueOn, '2025-02-01');
    assert.deepEqual(next.analytes, ['triglycerides', 'alt']);
    assert.equal(next.overdue, false);
    assert.equal(next.reason.rule, '§4.1');
  });

  test('§4.1: not started, triglycerides done → the baseline still needs ALT', () => {
    const next = schedule({ firstDoseOn: null, results: [lab('triglycerides', 120, { collectedOn: '2025-02-10' })], today: '2025-02-12' });
    assert.equal(next.code, 'BASELINE_DUE');
    assert.deepEqual(next.analytes, ['alt']);
  });

  test('§4.1: a baseline of 02-10 covers a first dose up to 03-12 (30 days); a new one is due from 03-13', () => {
    const covered = schedule({ firstDoseOn: null, today: '2025-02-20' });
    assert.equal(covered.code, 'BASELINE_DUE');
    assert.equal(covered.dueOn, '2025-03-13');
    assert.match(covered.reason.message, /covers a first dose up to 2025-03-12/);
    assert.equal(covered.reason.deadline, '2025-03-12', 'the last day a first dose is covered');
    assert.equal(schedule({ firstDoseOn: null, today: '2025-03-12' }).dueOn, '2025-03-13');
    const expired = schedule({ firstDoseOn: null, today: '2025-03-13' });
    assert.equal(expired.dueOn, '2025-03-13');
    assert.match(expired.reason.message, /No baseline/);
  });

  test('§4.1: a first dose dated after today counts as not started', () => {
    assert.equal(schedule({ firstDoseOn: '2025-03-20', today: '2025-02-20' }).code, 'BASELINE_DUE');
  });

  test('§4.1 T-45: a non-fasting baseline triglyceride does not count → BASELINE_DUE triglycerides, REPEAT_FASTING pending', () => {
    const next = schedule({
      firstDoseOn: null,
      results: [lab('triglycerides', 120, { collectedOn: '2025-02-10', fasting: false }), lab('alt', 20, { collectedOn: '2025-02-10' })],
      today: '2025-02-10',
    });
    assert.equal(next.code, 'BASELINE_DUE');
    assert.deepEqual(next.analytes, ['triglycerides']);
    const repeat = next.pending.find((item) => item.code === 'REPEAT_FASTING');
    assert.equal(repeat?.dueOn, '2025-02-12');
    assert.deepEqual(repeat.analytes, ['triglycerides']);
  });

  test('§4.1: baseline exactly 30 days before the first dose (01-30 → 03-01) counts; 31 days → BASELINE_DUE, overdue', () => {
    assert.equal(schedule({ results: baseline('2025-01-30') }).code, 'FOUR_WEEK_CHECK');
    const missed = schedule({ results: baseline('2025-01-29') });
    assert.equal(missed.code, 'BASELINE_DUE');
    assert.equal(missed.dueOn, FIRST_DOSE);
    assert.equal(missed.overdue, true);
    assert.match(missed.reason.action, /now/);
  });

  test('§4.1: a baseline drawn on the day of the first dose counts as the baseline', () => {
    assert.equal(schedule({ results: baseline(FIRST_DOSE) }).code, 'FOUR_WEEK_CHECK');
  });

  test('§4.1: started 03-01 with a normal baseline → FOUR_WEEK_CHECK due 03-29', () => {
    const next = schedule({});
    assert.equal(next.code, 'FOUR_WEEK_CHECK');
    assert.equal(next.dueOn, '2025-03-29');
    assert.deepEqual(next.analytes, ['triglycerides', 'alt']);
    assert.equal(next.overdue, false);
  });

  test('§4.1: target dose first reached 03-15 → the first check is due 03-15 (whichever first)', () => {
    const next = schedule({ targetDailyDoseReachedOn: '2025-03-15', today: '2025-03-16' });
    assert.equal(next.code, 'FOUR_WEEK_CHECK');
    assert.equal(next.dueOn, '2025-03-15');
    assert.equal(next.overdue, true);
    assert.match(next.reason.message, /target daily dose was first reached on 2025-03-15/);
  });

  test('§4.1: target dose reached after 4 weeks (04-10) → due at 4 weeks, 03-29', () => {
    assert.equal(schedule({ targetDailyDoseReachedOn: '2025-04-10', today: '2025-04-10' }).dueOn, '2025-03-29');
  });

  test('§4.1: starting at the target dose is not "reaching" it → due at 4 weeks', () => {
    assert.equal(schedule({ targetDailyDoseReachedOn: FIRST_DOSE }).dueOn, '2025-03-29');
  });

  test('§4.1: a first check drawn up to 7 days early (03-22) counts; 8 days early (03-21) does not', () => {
    assert.equal(schedule({ results: [...baseline(), ...panel('2025-03-22')], today: '2025-03-30' }).code, 'NONE_SCHEDULED');
    const tooEarly = schedule({ results: [...baseline(), ...panel('2025-03-21')], today: '2025-03-30' });
    assert.equal(tooEarly.code, 'FOUR_WEEK_CHECK');
    assert.equal(tooEarly.overdue, true);
  });

  test('§4.1: the first check done and normal, no dose increase, not high-risk → NONE_SCHEDULED', () => {
    const next = schedule({ results: [...baseline(), ...panel('2025-03-29')], today: '2025-04-15' });
    assert.equal(next.code, 'NONE_SCHEDULED');
    assert.equal(next.dueOn, null);
    assert.deepEqual(next.pending, []);
    assert.equal(next.reason.code, 'NONE_SCHEDULED');
  });

  test('§4.2: act triglycerides (520) on 03-29 → REPEAT_AFTER_ABNORMAL in 14 days (04-12)', () => {
    const next = schedule({ results: [...baseline(), ...panel('2025-03-29', 520)], today: '2025-03-30' });
    assert.equal(next.code, 'REPEAT_AFTER_ABNORMAL');
    assert.equal(next.dueOn, '2025-04-12');
    assert.deepEqual(next.analytes, ['triglycerides']);
    assert.equal(next.reason.rule, '§4.2');
    assert.match(next.reason.message, /Triglycerides 520 mg\/dL/);
  });

  test('§4.2: watch triglycerides (200) → repeat in 28 days (04-26); stop (850) → in 7 days (04-05)', () => {
    assert.equal(schedule({ results: [...baseline(), ...panel('2025-03-29', 200)], today: '2025-03-30' }).dueOn, '2025-04-26');
    assert.equal(schedule({ results: [...baseline(), ...panel('2025-03-29', 850)], today: '2025-03-30' }).dueOn, '2025-04-05');
  });

  test('§4.2: ALT 4 × ULN → repeat ALT in 14 days', () => {
    const next = schedule({ results: [...baseline(), ...panel('2025-03-29', 120, 160)], today: '2025-03-30' });
    assert.equal(next.dueOn, '2025-04-12');
    assert.deepEqual(next.analytes, ['alt']);
  });

  test('§4.2: a normal repeat after an abnormal result clears the repeat', () => {
    const results = [...baseline(), ...panel('2025-03-29', 520), lab('triglycerides', 300, { collectedOn: '2025-04-12' })];
    const next = schedule({ results, today: '2025-04-13' });
    assert.equal(next.code, 'REPEAT_AFTER_ABNORMAL');
    assert.equal(next.dueOn, '2025-05-10', 'the 04-12 result is watch: 28 days');
    const normalAgain = schedule({ results: [...results, lab('triglycerides', 140, { collectedOn: '2025-05-10' })], today: '2025-05-11' });
    assert.equal(normalAgain.code, 'NONE_SCHEDULED');
  });

  test('§4.2: before the first dose, a do-not-start baseline (550) is repeated in 14 days', () => {
    const next = schedule({ firstDoseOn: null, results: panel('2025-02-10', 550), today: '2025-02-11' });
    assert.equal(next.code, 'REPEAT_AFTER_ABNORMAL');
    assert.equal(next.dueOn, '2025-02-24');
  });

  test('§4.1: a watch baseline (250) is repeated in 28 days before the start; once started the first check is its repeat', () => {
    const notStarted = schedule({ firstDoseOn: null, results: panel('2025-02-10', 250), today: '2025-02-11' });
    assert.equal(notStarted.code, 'REPEAT_AFTER_ABNORMAL');
    assert.equal(notStarted.dueOn, '2025-03-10');
    const started = schedule({ results: panel('2025-02-10', 250) });
    assert.equal(started.code, 'FOUR_WEEK_CHECK');
    assert.equal(
      started.pending.some((item) => item.code === 'REPEAT_AFTER_ABNORMAL'),
      false,
    );
  });

  test('§4.1: a dose increase above the previous peak (40 → 60 on 04-05) after the first check → AFTER_DOSE_INCREASE due 05-03', () => {
    const next = schedule({
      results: [...baseline(), ...panel('2025-03-28')],
      doseChanges: doses([FIRST_DOSE, 40], ['2025-04-05', 60]),
      today: '2025-04-06',
    });
    assert.equal(next.code, 'AFTER_DOSE_INCREASE');
    assert.equal(next.dueOn, '2025-05-03');
    assert.deepEqual(next.analytes, ['triglycerides', 'alt']);
    assert.match(next.reason.message, /rose to 60 mg on 2025-04-05, above the previous peak of 40 mg/);
  });

  test('§4.1: a check drawn on or after the day of the increase satisfies it', () => {
    const next = schedule({
      results: [...baseline(), ...panel('2025-03-28'), ...panel('2025-04-05')],
      doseChanges: doses([FIRST_DOSE, 40], ['2025-04-05', 60]),
      today: '2025-04-06',
    });
    assert.equal(next.code, 'NONE_SCHEDULED');
  });

  test('§4.1: back up to the previous peak (40 → 20 → 40) is not an increase; above it (→ 60) is', () => {
    const base = { results: [...baseline(), ...panel('2025-03-28')], today: '2025-05-01' };
    assert.equal(schedule({ ...base, doseChanges: doses([FIRST_DOSE, 40], ['2025-04-01', 20], ['2025-04-15', 40]) }).code, 'NONE_SCHEDULED');
    const above = schedule({ ...base, doseChanges: doses([FIRST_DOSE, 40], ['2025-04-01', 20], ['2025-04-15', 60]) });
    assert.equal(above.code, 'AFTER_DOSE_INCREASE');
    assert.equal(above.dueOn, '2025-05-13');
  });

  test('§4.1: increases before the first check are covered by it (never due before it; the 4-week draw satisfies them)', () => {
    const before = schedule({ doseChanges: doses([FIRST_DOSE, 20], ['2025-03-08', 40]), today: '2025-03-10' });
    assert.equal(before.code, 'FOUR_WEEK_CHECK');
    assert.equal(before.dueOn, '2025-03-29');
    const increase = before.pending.find((item) => item.code === 'AFTER_DOSE_INCREASE');
    assert.equal(increase?.dueOn, '2025-04-05');
    const after = schedule({ results: [...baseline(), ...panel('2025-03-29')], doseChanges: doses([FIRST_DOSE, 20], ['2025-03-08', 40]), today: '2025-03-30' });
    assert.equal(after.code, 'NONE_SCHEDULED');
  });

  test('§4.1: a high-risk patient with a normal first check on 03-29 → HIGH_RISK_REPEAT due 04-26', () => {
    const input = { results: [...baseline(), ...panel('2025-03-29')], today: '2025-04-01' };
    const next = schedule({ ...input, highRisk: true });
    assert.equal(next.code, 'HIGH_RISK_REPEAT');
    assert.equal(next.dueOn, '2025-04-26');
    assert.deepEqual(next.analytes, ['triglycerides', 'alt']);
    assert.equal(schedule({ ...input, highRisk: false }).code, 'NONE_SCHEDULED');
  });

  test('T-45 §4.1: a non-fasting triglyceride at the first check → the check still misses triglycerides; REPEAT_FASTING in 2 days', () => {
    const next = schedule({
      results: [...baseline(), lab('triglycerides', 130, { collectedOn: '2025-03-29', fasting: false }), lab('alt', 20, { collectedOn: '2025-03-29' })],
      today: '2025-03-30',
    });
    assert.equal(next.code, 'FOUR_WEEK_CHECK');
    assert.deepEqual(next.analytes, ['triglycerides']);
    assert.equal(next.overdue, true);
    const repeat = next.pending.find((item) => item.code === 'REPEAT_FASTING');
    assert.equal(repeat?.dueOn, '2025-03-31');
  });

  test('invalid results (ALT without ULN) and results dated after today are ignored', () => {
    const next = schedule({
      results: [lab('triglycerides', 120, { collectedOn: '2025-02-10' }), lab('alt', 20, { collectedOn: '2025-02-10', referenceHigh: undefined })],
    });
    assert.equal(next.code, 'BASELINE_DUE');
    assert.deepEqual(next.analytes, ['alt']);
    const future = schedule({ firstDoseOn: null, results: panel('2025-02-15'), today: '2025-02-14' });
    assert.equal(future.dueOn, '2025-02-14');
    assert.match(future.reason.message, /No baseline/);
  });

  test('§4.1: after the course no routine check is due; an abnormal result drawn on treatment is still followed up', () => {
    // Ended 03-20, before the four-week check (03-29) and with a high-risk flag: neither is due.
    const ended = schedule({ highRisk: true, courseEndedOn: '2025-03-20', today: '2025-04-02' });
    assert.equal(ended.code, 'NONE_SCHEDULED');
    assert.deepEqual(ended.pending, []);
    // The day before the last dose the course is still on: the four-week check stands.
    assert.equal(schedule({ courseEndedOn: '2025-03-20', today: '2025-03-19' }).code, 'FOUR_WEEK_CHECK');
    // Triglycerides of 520 on the last day of treatment: the repeat stays due after the end.
    const abnormal = schedule({ results: [...baseline(), ...panel('2025-03-20', 520)], courseEndedOn: '2025-03-20', today: '2025-04-02' });
    assert.deepEqual(
      abnormal.pending.map((item) => `${item.code} ${item.dueOn}`),
      ['REPEAT_AFTER_ABNORMAL 2025-04-03'],
    );
    assert.equal(abnormal.reason.rule, '§4.2');
    // Drawn after the course ended: not the treatment schedule's to chase.
    const later = schedule({ results: [...baseline(), ...panel('2025-03-25', 520)], courseEndedOn: '2025-03-20', today: '2025-04-02' });
    assert.equal(later.code, 'NONE_SCHEDULED');
  });

  test('pending lists every open check, earliest first', () => {
    const next = schedule({
      results: [...baseline(), ...panel('2025-03-29', 520)],
      doseChanges: doses([FIRST_DOSE, 40], ['2025-04-01', 60]),
      highRisk: true,
      today: '2025-04-02',
    });
    assert.deepEqual(
      next.pending.map((item) => `${item.code} ${item.dueOn}`),
      ['REPEAT_AFTER_ABNORMAL 2025-04-12', 'HIGH_RISK_REPEAT 2025-04-26', 'AFTER_DOSE_INCREASE 2025-04-29'],
    );
    assert.equal(next.code, 'REPEAT_AFTER_ABNORMAL');
    assert.equal(next.reason.rule, '§4.2');
  });
});
