import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addDays } from '../dates.js';
import { DEFAULT_PROGRAM_CONFIG, ruleSetOn } from '../ruleSets.js';
import type { Jurisdiction } from './jurisdictions.js';
import type { ParameterSetting } from './parameters.js';
import { ruleSetFor, type ProgramRules } from './ruleSetFor.js';

function rulesOf(jurisdiction: Jurisdiction, on: string, settings: ParameterSetting[] = []): ProgramRules {
  const choice = ruleSetFor(jurisdiction, on, settings);
  assert.equal(choice.kind, 'rules', `${jurisdiction} on ${on}`);
  return choice.rules;
}

describe('ruleSetFor (programs.md §0.3, issue 14 item 1)', () => {
  test('US: REMS-2021 before REMS_2026_EFFECTIVE_DATE, REMS-2026 from it — the same day as the US engine picks', () => {
    assert.equal(rulesOf('US', '2026-08-07').id, 'REMS-2021');
    assert.equal(rulesOf('US', '2026-08-07').nextChangeOn, '2026-08-08');
    assert.equal(rulesOf('US', '2026-08-08').id, 'REMS-2026');
    for (let day = 0; day < 400; day += 7) {
      const on = addDays('2026-01-01', day);
      assert.equal(rulesOf('US', on).id, ruleSetOn(on, DEFAULT_PROGRAM_CONFIG).id, on);
    }
    const moved = ruleSetFor('US', '2026-08-08', [], { rems2026EffectiveDate: '2026-11-15' });
    assert.equal(moved.kind === 'rules' && moved.rules.id, 'REMS-2021');
    const setting: ParameterSetting = { key: 'REMS_2026_EFFECTIVE_DATE', value: '2026-11-15', effectiveFrom: '2026-06-01', source: 'iPLEDGE notice' };
    assert.equal(rulesOf('US', '2026-11-14', [setting]).id, 'REMS-2021');
    assert.equal(rulesOf('US', '2026-11-15', [setting]).id, 'REMS-2026');
  });

  test('GB: EU-PPP-2018 until 2023-10-30 (§2.2), UK-2023 from 2023-10-31, UK-2026 from 2026-01-22; before 2018-03-22 a refusal', () => {
    const before = ruleSetFor('GB', '2018-03-21', []);
    assert.equal(before.kind, 'refused');
    const [notYet] = before.decision.reasons;
    assert.ok(notYet);
    assert.equal(notYet.code, 'PROGRAM_NOT_IN_FORCE');
    assert.equal(notYet.earliestChangeDate, '2018-03-22');
    assert.equal(rulesOf('GB', '2018-03-22').key, 'EU-PPP-2018');
    assert.equal(rulesOf('GB', '2023-10-30').id, 'EU-PPP-2018');
    assert.equal(rulesOf('GB', '2023-10-30').nextChangeOn, '2023-10-31');
    assert.equal(rulesOf('GB', '2023-10-31').key, 'UK-2023');
    assert.equal(rulesOf('GB', '2026-01-21').key, 'UK-2023');
    assert.equal(rulesOf('GB', '2026-01-21').nextChangeOn, '2026-01-22');
    assert.equal(rulesOf('GB', '2026-01-22').key, 'UK-2026');
    assert.equal(rulesOf('GB', '2026-01-22').nextChangeOn, null);
  });

  test("EU overlays: Italy's certification anchor and 35-day final test, Finland's 35 days; the organization's own setting wins over the overlay", () => {
    const italy = rulesOf('EU-IT', '2026-03-02');
    assert.equal(italy.key, 'EU-PPP-2018+IT');
    assert.equal(italy.parameters.DISPENSE_ANCHOR, 'certification');
    assert.equal(italy.parameters.END_TEST_OFFSET_DAYS, 35);
    assert.deepEqual(italy.overrides, []);
    const finland = rulesOf('EU-FI', '2026-03-02');
    assert.equal(finland.key, 'EU-PPP-2018+FI');
    assert.equal(finland.parameters.DISPENSE_ANCHOR, 'prescription');
    assert.equal(finland.parameters.END_TEST_OFFSET_DAYS, 35);
    assert.equal(rulesOf('EU', '2026-03-02').parameters.END_TEST_OFFSET_DAYS, 30);
    const own: ParameterSetting = { key: 'END_TEST_OFFSET_DAYS', value: 42, effectiveFrom: '2026-03-01', source: 'Regional circular' };
    assert.equal(rulesOf('EU-IT', '2026-02-28', [own]).parameters.END_TEST_OFFSET_DAYS, 35);
    assert.equal(rulesOf('EU-IT', '2026-03-01', [own]).parameters.END_TEST_OFFSET_DAYS, 42);
    assert.deepEqual(rulesOf('EU-IT', '2026-03-01', [own]).overrides, [own]);
    const newer: ParameterSetting = { ...own, value: 44, effectiveFrom: '2026-04-01' };
    assert.deepEqual(rulesOf('EU-IT', '2026-04-01', [newer, own]).overrides, [newer]);
    assert.equal(rulesOf('EU-IT', '2026-04-01', [newer, own]).parameters.END_TEST_OFFSET_DAYS, 44);
    assert.equal(rulesOf('EU', '2018-03-22').id, 'EU-PPP-2018');
    assert.equal(ruleSetFor('EU', '2018-03-21', []).kind, 'refused');
  });

  test('Canada from CA_EFFECTIVE_DATE (2016-09-07); Australia by state, no first day', () => {
    assert.equal(ruleSetFor('CA', '2016-09-06', []).kind, 'refused');
    assert.equal(rulesOf('CA', '2016-09-07').key, 'CA');
    assert.equal(rulesOf('AU-TAS', '2010-01-01').key, 'AU+TAS');
    assert.equal(rulesOf('AU-ACT', '2026-03-02').parameters.DISPENSE_ANCHOR, 'none');
  });
});
