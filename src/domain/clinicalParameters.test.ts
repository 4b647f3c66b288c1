import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_CLINICAL_PARAMETERS,
  DEFAULT_LAB_THRESHOLDS,
  DEFAULT_MONITORING_PLAN,
  DEFAULT_UNIT_CONVERSIONS,
  LIPID_ALCOHOL_FREE_HOURS,
  clinicalParameterProblems,
  type ClinicalParameters,
} from './clinicalParameters.js';

describe('clinical parameters (§4.1, §4.2)', () => {
  test('§4.2: the default thresholds are the ones domain.md gives', () => {
    assert.deepEqual(DEFAULT_LAB_THRESHOLDS, {
      triglycerides: { watchFromMgDl: 150, actFromMgDl: 500, stopFromMgDl: 800, alwaysStopFromMgDl: 1000 },
      baselineTriglycerides: { watchFromMgDl: 200, doNotStartFromMgDl: 500 },
      liverEnzymes: { watchAboveUln: 1, actAboveUln: 3, stopAboveUln: 5 },
      totalCholesterol: { watchFromMgDl: 240, actFromMgDl: 300 },
      hdl: { watchBelowMgDl: 40 },
      glucose: { watchFromMgDl: 100, actFromMgDl: 126 },
      ck: { actAboveUlnWithSymptoms: 5 },
    });
  });

  test('§4.2 units: TG × 88.57, cholesterol × 38.67, glucose × 18.016; §4.1: 36 h without alcohol', () => {
    assert.deepEqual(DEFAULT_UNIT_CONVERSIONS, { triglycerides: 88.57, cholesterol: 38.67, glucose: 18.016 });
    assert.equal(LIPID_ALCOHOL_FREE_HOURS, 36);
    assert.equal(DEFAULT_CLINICAL_PARAMETERS.lipidAlcoholFreeHours, 36);
  });

  test('§4.1: the monitoring plan — baseline ≤ 30 days before, first check at 28 days, repeats act 14 / watch 28', () => {
    assert.equal(DEFAULT_MONITORING_PLAN.baselineMaxDaysBeforeFirstDose, 30);
    assert.equal(DEFAULT_MONITORING_PLAN.firstCheckDaysAfterFirstDose, 28);
    assert.equal(DEFAULT_MONITORING_PLAN.firstCheckAtTargetDose, true);
    assert.equal(DEFAULT_MONITORING_PLAN.repeatAfterActDays, 14);
    assert.equal(DEFAULT_MONITORING_PLAN.repeatAfterWatchDays, 28);
    assert.equal(DEFAULT_MONITORING_PLAN.repeatFastingAfterDays, 2, '36 h rounds up to two calendar days');
  });

  test('the defaults have no problems', () => {
    assert.deepEqual(clinicalParameterProblems(DEFAULT_CLINICAL_PARAMETERS), []);
  });

  test('bands configured out of order are reported (act 900 above stop 800)', () => {
    const parameters: ClinicalParameters = {
      ...DEFAULT_CLINICAL_PARAMETERS,
      labThresholds: {
        ...DEFAULT_LAB_THRESHOLDS,
        triglycerides: { ...DEFAULT_LAB_THRESHOLDS.triglycerides, actFromMgDl: 900 },
      },
    };
    assert.deepEqual(clinicalParameterProblems(parameters), ['triglycerides: edges must increase (150 < 900 < 800).']);
  });

  test('a zero conversion factor, a fractional day and a watch repeat sooner than act are reported', () => {
    const parameters: ClinicalParameters = {
      ...DEFAULT_CLINICAL_PARAMETERS,
      unitConversions: { ...DEFAULT_UNIT_CONVERSIONS, glucose: 0 },
      monitoringPlan: { ...DEFAULT_MONITORING_PLAN, repeatAfterWatchDays: 7.5 },
    };
    assert.deepEqual(clinicalParameterProblems(parameters), [
      'unit conversion glucose: must be a positive number.',
      'monitoring plan repeatAfterWatchDays: must be a whole number of days, 0 or more.',
      'monitoring plan: repeats must come sooner the worse the band (stop ≤ act ≤ watch).',
    ]);
  });
});
