import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Observation } from '@medplum/fhirtypes';
import { effectiveDate, readObservation } from './observationFacts.js';

const base: Observation = {
  resourceType: 'Observation',
  status: 'final',
  code: {
    coding: [
      { system: 'urn:local', code: 'TRIG' },
      { system: 'http://loinc.org', code: '14927-8' },
    ],
  },
  effectiveDateTime: '2025-03-05T23:30:00-08:00',
  valueQuantity: { value: 1.7, unit: 'mmol/L', system: 'http://unitsofmeasure.org', code: 'mmol/L' },
};

test('a LOINC coding anywhere in the concept names the analyte; the date is the one written, not shifted', () => {
  const read = readObservation(base);
  assert.deepEqual(read, { ok: true, fact: { kind: 'lab', result: { analyte: 'triglycerides', value: 1.7, unit: 'mmol/L', collectedOn: '2025-03-05' } } });
  assert.equal(effectiveDate({ ...base, effectiveDateTime: undefined, effectivePeriod: { start: '2025-03-01' } }), '2025-03-01');
});

test('an enzyme keeps its reference range; a range in another unit is refused', () => {
  const alt: Observation = {
    ...base,
    code: { coding: [{ system: 'http://loinc.org', code: '1742-6' }] },
    valueQuantity: { value: 80, code: 'U/L' },
    referenceRange: [{ low: { value: 7, code: 'U/L' }, high: { value: 40, code: 'U/L' } }],
  };
  assert.deepEqual(readObservation(alt), {
    ok: true,
    fact: { kind: 'lab', result: { analyte: 'alt', value: 80, unit: 'U/L', collectedOn: '2025-03-05', referenceLow: 7, referenceHigh: 40 } },
  });
  const mixed = readObservation({ ...alt, referenceRange: [{ high: { value: 0.67, code: 'ukat/L' } }] });
  assert.equal(mixed.ok, false);
});

test('weights in pounds stay pounds (the service converts and keeps what was entered); grams become kilograms', () => {
  const weight: Observation = { ...base, code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] }, valueQuantity: { value: 150, code: '[lb_av]' } };
  assert.deepEqual(readObservation(weight), { ok: true, fact: { kind: 'weight', weight: { measuredOn: '2025-03-05', value: 150, unit: 'lb' } } });
  assert.deepEqual(readObservation({ ...weight, valueQuantity: { value: 61500, code: 'g' } }), {
    ok: true,
    fact: { kind: 'weight', weight: { measuredOn: '2025-03-05', value: 61.5, unit: 'kg' } },
  });
});

test('what is not a released, dated, valued, LOINC-coded result is refused, each problem named by its element', () => {
  const read = readObservation({
    ...base,
    status: 'preliminary',
    code: { coding: [{ system: 'urn:local', code: 'X' }] },
    effectiveDateTime: undefined,
    valueQuantity: undefined,
  });
  assert.equal(read.ok, false);
  assert.deepEqual(
    read.problems.map((problem) => problem.expression),
    ['Observation.status', 'Observation.code', 'Observation.effective', 'Observation.valueQuantity'],
  );
});
