import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_PROGRAM_CONFIG, REMS_2021, REMS_2026, ruleSetOn } from './ruleSets.js';
import { configWith } from '../../test/support/patientFacts.js';

describe('rule-set selection by event date (§0.3, R-MISS-5)', () => {
  test('§0.3: the default effective date is 2026-08-08 (FDA approval + 180 days)', () => {
    assert.equal(DEFAULT_PROGRAM_CONFIG.rems2026EffectiveDate, '2026-08-08');
  });

  test('§0.3: the day before the effective date is REMS-2021, the day itself REMS-2026', () => {
    assert.equal(ruleSetOn('2026-08-07', DEFAULT_PROGRAM_CONFIG).id, 'REMS-2021');
    assert.equal(ruleSetOn('2026-08-08', DEFAULT_PROGRAM_CONFIG).id, 'REMS-2026');
  });

  test('§0.3: a moved effective date (2026-11-15) moves the switch with it', () => {
    const config = configWith({ rems2026EffectiveDate: '2026-11-15' });
    assert.equal(ruleSetOn('2026-08-08', config).id, 'REMS-2021');
    assert.equal(ruleSetOn('2026-11-14', config).id, 'REMS-2021');
    assert.equal(ruleSetOn('2026-11-15', config).id, 'REMS-2026');
  });

  test('§2.12: what changes between the rule sets and what does not', () => {
    assert.equal(REMS_2021.firstWindowLockoutDays, 19);
    assert.equal(REMS_2026.firstWindowLockoutDays, null);
    assert.equal(REMS_2021.pcngpWindowLastDayOffset, 29);
    assert.equal(REMS_2026.pcngpWindowLastDayOffset, null);
    assert.equal(REMS_2021.pcngpCounseling, 'monthly');
    assert.equal(REMS_2026.pcngpCounseling, 'enrollmentOnly');
    assert.equal(REMS_2021.cliaRequired, true);
    assert.equal(REMS_2026.cliaRequired, false);
    for (const rules of [REMS_2021, REMS_2026]) {
      assert.equal(rules.pcgpWindowDays, 7);
      assert.equal(rules.screenToConfirmMinDays, 19);
      assert.equal(rules.maxDaysSupply, 30);
      assert.equal(rules.maxRefills, 0);
      assert.equal(rules.contraceptionMinDaysBefore, 30);
    }
  });
});

describe("an organization's settings (issue 14, item 4)", () => {
  test("the US rule sets' numbers are the registry's defaults: one source", async () => {
    const { RULE_SET_DEFAULTS } = await import('./programs/parameters.js');
    assert.equal(REMS_2021.pcgpWindowDays, RULE_SET_DEFAULTS['REMS-2021'].PCGP_WINDOW_DAYS);
    assert.equal(REMS_2021.firstWindowLockoutDays, RULE_SET_DEFAULTS['REMS-2021'].FIRST_WINDOW_LOCKOUT_DAYS);
    assert.equal(REMS_2026.firstWindowLockoutDays, null);
    assert.equal(REMS_2026.contraceptionMinDaysBefore, RULE_SET_DEFAULTS['REMS-2026'].CONTRACEPTION_MIN_DAYS_BEFORE);
  });

  test('a setting applies from its effective day, not the day before; without one the rule set is the same object', () => {
    const config = {
      ...DEFAULT_PROGRAM_CONFIG,
      settings: [
        { key: 'PCGP_WINDOW_DAYS', value: 5, effectiveFrom: '2026-09-01', source: 'Test memo 1' },
        { key: 'PCGP_WINDOW_DAYS', value: 6, effectiveFrom: '2026-10-01', source: 'Test memo 2' },
        { key: 'CONTRACEPTION_MIN_DAYS_BEFORE', value: 35, effectiveFrom: '2026-10-01', source: 'Test memo 2' },
      ],
    } as const;
    assert.equal(ruleSetOn('2026-08-31', config), REMS_2026);
    assert.equal(ruleSetOn('2026-09-01', config).pcgpWindowDays, 5);
    assert.equal(ruleSetOn('2026-09-01', config).contraceptionMinDaysBefore, 30);
    assert.equal(ruleSetOn('2026-09-30', config).pcgpWindowDays, 5);
    assert.equal(ruleSetOn('2026-10-01', config).pcgpWindowDays, 6);
    assert.equal(ruleSetOn('2026-10-01', config).contraceptionMinDaysBefore, 35);
    assert.equal(ruleSetOn('2026-10-01', config).id, 'REMS-2026');
    assert.equal(ruleSetOn('2026-10-01', DEFAULT_PROGRAM_CONFIG), REMS_2026);
    assert.equal(ruleSetOn('2026-10-01', config), ruleSetOn('2026-10-01', config), 'remembered for these settings');
    assert.equal(ruleSetOn('2026-10-01', { ...config, settings: [...config.settings] }).pcgpWindowDays, 6, 'another array, the same answer');
  });
});
