import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PregnancyTest } from '../../domain/facts.js';
import { assertValidFhir } from '../../../test/support/fhirValidation.js';
import { labObservation, phq9Observation, pregnancyTestObservation, weightObservation } from './observation.js';

const PATIENT = '6f1c1f4e-9d43-4d5f-9d5e-0c2b8f0b6a11';
const ID = 'c0000000-0000-4000-8000-000000000001';

function loincOf(observation: { code: { coding?: { system?: string; code?: string }[] } }): string | undefined {
  return observation.code.coding?.find((coding) => coding.system === 'http://loinc.org')?.code;
}

function pregnancyTest(overrides: Partial<PregnancyTest>): PregnancyTest {
  return {
    id: ID,
    kind: 'confirmation',
    specimenDate: '2025-03-10',
    resultDate: '2025-03-11',
    result: 'negative',
    setting: 'lab',
    clia: true,
    sensitivityMiuPerMl: 25,
    homeEvidence: null,
    recordedAt: '2025-03-11T15:00:00Z',
    ...overrides,
  };
}

test('a laboratory pregnancy test is serum hCG 2118-8, an office or home test urine hCG 2106-3, with the result in SNOMED', () => {
  const lab = pregnancyTestObservation(PATIENT, pregnancyTest({}));
  assertValidFhir(lab);
  assert.equal(lab.id, `hcg-${ID}`);
  assert.equal(loincOf(lab), '2118-8');
  assert.equal(lab.valueCodeableConcept?.coding?.[0]?.code, '260385009');
  assert.equal(lab.effectiveDateTime, '2025-03-10');

  const home = pregnancyTestObservation(
    PATIENT,
    pregnancyTest({
      setting: 'home',
      clia: false,
      result: 'positive',
      homeEvidence: { kind: 'photo', description: 'dated photo', interpretedBy: 'Dr R', prescriberAttested: true },
    }),
  );
  assertValidFhir(home);
  assert.equal(loincOf(home), '2106-3');
  assert.equal(home.valueCodeableConcept?.coding?.[0]?.code, '10828004');

  const invalid = pregnancyTestObservation(PATIENT, pregnancyTest({ setting: 'clinic', result: 'invalid' }));
  assertValidFhir(invalid);
  assert.equal(invalid.valueCodeableConcept, undefined);
  assert.equal(invalid.dataAbsentReason?.coding?.[0]?.code, 'error');
});

test('labs carry their LOINC, value and unit in UCUM, and the reference range', () => {
  const expected = { triglycerides: '2571-8', alt: '1742-6', ast: '1920-8' } as const;
  for (const [analyte, code] of Object.entries(expected) as [keyof typeof expected, string][]) {
    const unit = analyte === 'triglycerides' ? 'mg/dL' : 'U/L';
    const observation = labObservation(PATIENT, {
      id: ID,
      result: { analyte, value: 180, unit, collectedOn: '2025-03-01', referenceHigh: 150, fasting: true },
    });
    assertValidFhir(observation);
    assert.equal(loincOf(observation), code);
    assert.deepEqual(observation.valueQuantity, { value: 180, unit, system: 'http://unitsofmeasure.org', code: unit });
    assert.equal(observation.referenceRange?.[0]?.high?.value, 150);
  }
});

test('a weight is 29463-7 in UCUM kg', () => {
  const observation = weightObservation(PATIENT, { id: ID, measuredOn: '2025-03-01', weightKg: 61.5, recordedAt: new Date('2025-03-01T17:00:00Z') });
  assertValidFhir(observation);
  assert.equal(loincOf(observation), '29463-7');
  assert.deepEqual(observation.valueQuantity, { value: 61.5, unit: 'kg', system: 'http://unitsofmeasure.org', code: 'kg' });
});

test('a PHQ-9 is the 44249-1 panel with its total (44261-6) and item 9 (44260-8)', () => {
  const observation = phq9Observation(PATIENT, { id: ID, answeredOn: '2025-03-01', answers: [1, 2, 0, 1, 0, 0, 1, 0, 1] });
  assertValidFhir(observation);
  assert.equal(loincOf(observation), '44249-1');
  const components = Object.fromEntries(
    (observation.component ?? []).map((component): [string, number | undefined] => [String(component.code.coding?.[0]?.code), component.valueInteger]),
  );
  assert.deepEqual(components, { '44261-6': 6, '44260-8': 1 });
});
