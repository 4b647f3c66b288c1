import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { kilogramsFrom } from './dosing.js';
import { PLAUSIBLE_WEIGHT_BANDS, plausibleWeightBand, weightPlausibilityReasons } from './weightPlausibility.js';

const ON = '2025-03-10';
/** Born so that the patient is `age` on ON (birthday that very day). */
const bornAged = (age: number) => `${2025 - age}-03-10`;
const plausible = (value: number, unit: 'kg' | 'lb', age: number) => weightPlausibilityReasons(kilogramsFrom(value, unit), bornAged(age), ON).length === 0;

describe('a weight plausible for the age (§3.3, [APP])', () => {
  test('the bands go up with age and do not overlap', () => {
    const ages = PLAUSIBLE_WEIGHT_BANDS.map((band) => band.fromAge);
    assert.deepEqual(
      ages,
      [...ages].sort((a, b) => a - b),
    );
    assert.equal(ages[0], 0);
  });

  test('the band changes on the birthday: 11 the day before, 12 that day', () => {
    assert.equal(plausibleWeightBand('2013-03-11', ON).fromAge, 0);
    assert.equal(plausibleWeightBand('2013-03-10', ON).fromAge, 12);
    assert.equal(plausibleWeightBand('2007-03-10', ON).fromAge, 18);
    assert.equal(plausibleWeightBand('2007-03-11', ON).fromAge, 15);
  });

  test('adults: 35 and 250 kg pass, 34.9 and 250.1 kg do not', () => {
    assert.ok(plausible(35, 'kg', 30));
    assert.ok(plausible(250, 'kg', 30));
    assert.ok(!plausible(34.9, 'kg', 30));
    assert.ok(!plausible(250.1, 'kg', 30));
  });

  test('adults in pounds: 78 lb (35.4 kg) and 551 lb (249.9 kg) pass, 77 lb (34.9 kg) and 552 lb (250.4 kg) do not', () => {
    assert.ok(plausible(78, 'lb', 30));
    assert.ok(plausible(551, 'lb', 30));
    assert.ok(!plausible(77, 'lb', 30));
    assert.ok(!plausible(552, 'lb', 30));
  });

  test('12 to 14 years: 20 and 150 kg pass, 19.9 and 150.1 kg do not; in pounds 45 lb (20.4 kg) passes, 44 lb (20.0 kg) passes, 43 lb (19.5 kg) does not', () => {
    assert.ok(plausible(20, 'kg', 12));
    assert.ok(plausible(150, 'kg', 14));
    assert.ok(!plausible(19.9, 'kg', 12));
    assert.ok(!plausible(150.1, 'kg', 14));
    assert.ok(plausible(45, 'lb', 12));
    assert.ok(plausible(44, 'lb', 12));
    assert.ok(!plausible(43, 'lb', 12));
    assert.ok(!plausible(331, 'lb', 13), '331 lb is 150.1 kg');
  });

  test('15 to 17 years: 30 and 200 kg pass, 29.9 and 200.1 kg do not', () => {
    assert.ok(plausible(30, 'kg', 15));
    assert.ok(plausible(200, 'kg', 17));
    assert.ok(!plausible(29.9, 'kg', 15));
    assert.ok(!plausible(200.1, 'kg', 17));
  });

  test('the reason names the range for the age in both units, and how to go on', () => {
    const [reason] = weightPlausibilityReasons(300, bornAged(30), ON);
    assert.equal(reason?.code, 'WEIGHT_IMPLAUSIBLE');
    assert.match(reason.message, /aged 30 \(35–250 kg, 77–551 lb\)/);
    assert.match(reason.action, /confirmedImplausible/);
  });
});
