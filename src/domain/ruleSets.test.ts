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
