import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { JURISDICTIONS, isJurisdiction, programOf, euOverlayOf, auStateOf } from './jurisdictions.js';
import {
  PROGRAM_PARAMETERS,
  RULE_SET_DEFAULTS,
  RULE_SET_IDS,
  isParameterKey,
  parameterValueProblem,
  parametersInForce,
  type ParameterKey,
} from './parameters.js';

describe('program parameters (issue 14, item 4)', () => {
  test("every rule set's default is a value its parameter accepts", () => {
    for (const id of RULE_SET_IDS) {
      for (const [key, value] of Object.entries(RULE_SET_DEFAULTS[id])) {
        assert.ok(isParameterKey(key), `${id}: ${key} is a parameter`);
        assert.equal(parameterValueProblem(key, value), null, `${id}: ${key} = ${String(value)}`);
      }
    }
  });

  test('a window cannot be negative, a wait cannot exceed a year, a choice is one of its choices, a date is a date', () => {
    assert.match(parameterValueProblem('DISPENSE_MAX_DAYS', -1) ?? '', /0 to 365/);
    assert.equal(parameterValueProblem('DISPENSE_MAX_DAYS', 0), null);
    assert.equal(parameterValueProblem('RETREAT_MIN_DAYS', 365), null);
    assert.match(parameterValueProblem('RETREAT_MIN_DAYS', 366) ?? '', /365/);
    assert.match(parameterValueProblem('PCGP_WINDOW_DAYS', 0) ?? '', /1 to 365/);
    assert.match(parameterValueProblem('DISPENSE_MAX_DAYS', 7.5) ?? '', /whole number/);
    assert.match(parameterValueProblem('DISPENSE_ANCHOR', 'visit') ?? '', /specimen, prescription, certification, none/);
    assert.match(parameterValueProblem('UK_CNS_LEAD_FROM', '2024-02-30') ?? '', /YYYY-MM-DD/);
    assert.match(parameterValueProblem('PROGRAM_TIMEZONE', 'Mars/Base') ?? '', /IANA/);
    assert.equal(parameterValueProblem('SECOND_PRESCRIBER_UNDER_AGE', null), null, 'none: a nullable parameter');
    assert.match(parameterValueProblem('DISPENSE_MAX_DAYS', null) ?? '', /required/);
    assert.match(parameterValueProblem('MONTHLY_TEST_REQUIRED', 'yes') ?? '', /true or false/);
  });

  test('an organization setting applies from its effective day, the latest wins, and only to rule sets that have the key', () => {
    const settings = [
      { key: 'DISPENSE_MAX_DAYS' as ParameterKey, value: 5, effectiveFrom: '2026-03-01', source: 'National circular 12/2026' },
      { key: 'DISPENSE_MAX_DAYS' as ParameterKey, value: 6, effectiveFrom: '2026-04-01', source: 'National circular 14/2026' },
    ];
    assert.equal(parametersInForce('EU-PPP-2018', '2026-02-28', settings).DISPENSE_MAX_DAYS, 7);
    assert.equal(parametersInForce('EU-PPP-2018', '2026-03-01', settings).DISPENSE_MAX_DAYS, 5);
    assert.equal(parametersInForce('EU-PPP-2018', '2026-04-01', settings).DISPENSE_MAX_DAYS, 6);
    assert.equal(parametersInForce('REMS-2026', '2026-04-01', settings).DISPENSE_MAX_DAYS, undefined, 'the US window is PCGP_WINDOW_DAYS');
  });

  test('the rule sets differ where the documents do', () => {
    assert.equal(RULE_SET_DEFAULTS['UK-2023'].SECOND_PRESCRIBER_UNDER_AGE, 18);
    assert.equal(RULE_SET_DEFAULTS['UK-2026'].SECOND_PRESCRIBER_UNDER_AGE, null);
    assert.equal(RULE_SET_DEFAULTS['UK-2023'].CONTRACEPTION_MIN_DAYS_BEFORE, 28);
    assert.equal(RULE_SET_DEFAULTS['EU-PPP-2018'].CONTRACEPTION_MIN_DAYS_BEFORE, 30);
    assert.equal(RULE_SET_DEFAULTS.AU.DISPENSE_ANCHOR, 'none');
    assert.equal(RULE_SET_DEFAULTS['REMS-2021'].FIRST_WINDOW_LOCKOUT_DAYS, 19);
    assert.equal(RULE_SET_DEFAULTS['REMS-2026'].FIRST_WINDOW_LOCKOUT_DAYS, null);
    assert.ok(Object.keys(PROGRAM_PARAMETERS).length > 40);
  });
});

describe('jurisdictions', () => {
  test('each names its program, an EU overlay or an Australian state', () => {
    assert.equal(programOf('EU-IT'), 'EU');
    assert.equal(euOverlayOf('EU-IT'), 'IT');
    assert.equal(euOverlayOf('EU'), null);
    assert.equal(programOf('AU-ACT'), 'AU');
    assert.equal(auStateOf('AU-ACT'), 'ACT');
    assert.equal(programOf('GB'), 'GB');
    assert.ok(JURISDICTIONS.includes('AU-TAS'));
    assert.equal(isJurisdiction('UK'), false, 'the United Kingdom is GB (ISO 3166)');
    assert.equal(isJurisdiction('EU-DE'), false, 'no overlay recorded for Germany: plain EU');
    assert.equal(isJurisdiction(undefined), false);
  });
});
