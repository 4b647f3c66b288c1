import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addDays } from './dates.js';
import { prescriptionPreview } from './prescriptionPreview.js';
import { givenClinical } from '../../test/support/clinicalFacts.js';
import { codes, pcgpReadyForFirstFill } from '../../test/support/patientFacts.js';

const FIRST_FILL = '2025-03-03';
const TODAY = addDays(FIRST_FILL, 28);
const facts = () => pcgpReadyForFirstFill(FIRST_FILL).filled('rx-1', FIRST_FILL).facts();
const terms = { product: 'isotretinoinGeneric' as const, strengthMg: 40, capsulesPerDay: 1, daysSupply: 30 };

describe('the prescription preview (issue 10, §3.2, §3.3)', () => {
  test('mg/kg/day on the course weight; the supply follows the one in hand; the cumulative dose at its end', () => {
    const preview = prescriptionPreview(facts(), givenClinical().weight(FIRST_FILL, 80).facts(), terms, TODAY);
    assert.equal(preview.dailyMg, 40);
    assert.equal(preview.mgPerKgPerDay, 0.5);
    assert.deepEqual(preview.weight, { kg: 80, basis: 'courseStart', measuredOn: FIRST_FILL });
    assert.deepEqual(preview.supply, { from: addDays(FIRST_FILL, 30), to: addDays(FIRST_FILL, 59) });
    // 60 days × 40 mg / 80 kg.
    assert.equal(preview.cumulativeMgPerKgAtEnd, 30);
    assert.equal(preview.conventionalEquivalent, null);
    assert.equal(preview.targetMgPerKg, 120);
    // 120 mg/kg × 80 kg = 9600 mg at 40 mg a day: 240 days from the first dose.
    assert.equal(preview.projectedTargetDate, addDays(FIRST_FILL, 239));
    assert.deepEqual(preview.reasons, []);
  });

  test('Absorica LD: the conventional equivalent beside the daily dose and the cumulative one (× 1.25)', () => {
    const preview = prescriptionPreview(facts(), givenClinical().weight(FIRST_FILL, 80).facts(), { ...terms, product: 'absoricaLd', strengthMg: 32 }, TODAY);
    assert.equal(preview.mgPerKgPerDay, 0.4);
    assert.deepEqual(preview.conventionalEquivalent, { dailyMg: 40, mgPerKgPerDay: 0.5 });
    assert.equal(typeof preview.cumulativeMgPerKgAtEnd, 'number');
    assert.equal(preview.cumulativeMgPerKgAtEnd, Math.round((preview.cumulativeAsDispensedMgPerKgAtEnd ?? 0) * 1.25 * 100) / 100);
  });

  test('a dose above the maximum is named as a reason', () => {
    const preview = prescriptionPreview(facts(), givenClinical().weight(FIRST_FILL, 40).facts(), { ...terms, capsulesPerDay: 3 }, TODAY);
    assert.deepEqual(codes(preview.reasons), ['DOSE_ABOVE_MAXIMUM']);
  });

  test('without a weight: said plainly, no number made up', () => {
    const preview = prescriptionPreview(facts(), givenClinical().facts(), terms, TODAY);
    assert.equal(preview.weight, null);
    assert.equal(preview.mgPerKgPerDay, null);
    assert.equal(preview.cumulativeMgPerKgAtEnd, null);
    assert.equal(preview.projectedTargetDate, null);
    assert.match(preview.missing ?? '', /No weight is recorded/);
  });
});
