import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Authorization, Prescription, Product } from '../../domain/facts.js';
import { PRODUCT_STRENGTHS_MG, PRODUCTS } from '../../domain/prescription.js';
import { assertValidFhir } from '../../../test/support/fhirValidation.js';
import { medicationRequestResource } from './medicationRequest.js';
import { RXNORM } from './systems.js';
import { medicationConcept } from './references.js';
import { isIsotretinoin } from '../medicationCodes.js';

const PATIENT = '6f1c1f4e-9d43-4d5f-9d5e-0c2b8f0b6a11';

function prescription(product: Product, strengthMg: number, overrides: Partial<Prescription> = {}): Prescription {
  return {
    id: '1b6c8a0e-2f5d-4a7e-9c1b-3d4e5f6a7b8c',
    writtenOn: '2025-03-10',
    product,
    strengthMg,
    capsulesPerDay: 2,
    daysSupply: 30,
    quantity: 60,
    refills: 0,
    recordedAt: '2025-03-10T17:00:00.000Z',
    ...overrides,
  };
}

function rxnorm(request: ReturnType<typeof medicationRequestResource>): string | undefined {
  return request.medicationCodeableConcept?.coding?.find((coding) => coding.system === RXNORM)?.code;
}

test('a prescription is a 30-day order with no refills, the daily dose and the RxNorm drug of its strength', () => {
  const written = prescription('isotretinoinGeneric', 20);
  const request = medicationRequestResource(written, {
    patientId: PATIENT,
    prescriberId: '0c7a1a3e-1e43-4c0b-8a3e-7a2f0f3b9a22',
    allPrescriptions: [written],
    authorizations: [],
  });
  assertValidFhir(request);
  assert.equal(rxnorm(request), '197844');
  assert.equal(request.status, 'active');
  assert.equal(request.intent, 'order');
  assert.equal(request.dispenseRequest?.numberOfRepeatsAllowed, 0);
  assert.deepEqual(request.dispenseRequest.expectedSupplyDuration, { value: 30, unit: 'days', system: 'http://unitsofmeasure.org', code: 'd' });
  assert.equal(request.dispenseRequest.quantity?.value, 60);
  assert.equal(request.dosageInstruction?.[0]?.doseAndRate?.[0]?.doseQuantity?.value, 40);
  assert.equal(request.subject.reference, `Patient/${PATIENT}`);
});

test('every conventional product and strength maps to its clinical drug; Absorica LD to its micronized SCD and SBD, never a conventional one', () => {
  const expected: Record<number, string> = { 10: '197843', 20: '197844', 25: '1547561', 30: '403930', 35: '1547565', 40: '197845' };
  // RxNorm December 2019 (NLM Technical Bulletin No. 431): micronized SCD, SBD [Absorica]; no 20 mg SCD, 32 mg SBD not listed.
  const micronized: Record<number, string[]> = {
    8: ['2262729', '2262731'],
    16: ['2262711', '2262713'],
    20: ['2262715'],
    24: ['2262714', '2262719'],
    28: ['2262721', '2262723'],
    32: ['2262725'],
  };
  for (const product of PRODUCTS) {
    for (const strengthMg of PRODUCT_STRENGTHS_MG[product]) {
      const written = prescription(product, strengthMg);
      const request = medicationRequestResource(written, { patientId: PATIENT, allPrescriptions: [written], authorizations: [] });
      assertValidFhir(request);
      const codes = request.medicationCodeableConcept?.coding?.map((coding) => coding.code);
      assert.ok(isIsotretinoin(request.medicationCodeableConcept), `${product} ${strengthMg} mg is recognised by the program's own check`);
      if (product === 'absoricaLd') {
        assert.deepEqual(codes, micronized[strengthMg], `Absorica LD ${strengthMg} mg`);
        assert.ok(!codes?.some((code) => Object.values(expected).includes(code)), 'never a conventional SCD');
        assert.match(request.medicationCodeableConcept?.coding?.[0]?.display ?? '', new RegExp(`^Micronized Isotretinoin ${strengthMg} MG Oral Capsule`));
        assert.match(request.medicationCodeableConcept?.text ?? '', /Absorica LD \(micronized isotretinoin\) \d+ mg/);
      } else {
        assert.deepEqual(codes, [expected[strengthMg]], `${product} ${strengthMg} mg`);
      }
    }
  }
});

test('a strength RxNorm has no concept for is coded with the ingredient, and named exactly in the text', () => {
  const concept = medicationConcept('absoricaLd', 12);
  assert.deepEqual(concept.coding, [{ system: RXNORM, code: '6064', display: 'isotretinoin' }]);
  assert.equal(concept.text, 'Absorica LD (micronized isotretinoin) 12 mg oral capsule');
  const written = prescription('absoricaLd', 12);
  assertValidFhir(medicationRequestResource(written, { patientId: PATIENT, allPrescriptions: [written], authorizations: [] }));
});

test('a dispensed prescription is completed; one a later prescription replaced is stopped', () => {
  const first = prescription('claravis', 40, { id: 'a0000000-0000-4000-8000-000000000001', writtenOn: '2025-02-10' });
  const second = prescription('claravis', 40, { id: 'a0000000-0000-4000-8000-000000000002', writtenOn: '2025-03-10' });
  const authorization: Authorization = {
    id: 'b0000000-0000-4000-8000-000000000001',
    prescriptionId: first.id,
    rmaNumber: 'RMA1',
    requestedOn: '2025-02-11',
    doNotDispenseAfter: '2025-02-17',
    ruleSet: 'REMS-2021',
    remsDoNotDispenseAfter: null,
    remsRmaNumber: null,
    reversal: null,
    dispense: { dispensedOn: '2025-02-11', product: 'claravis', strengthMg: 40, quantity: 30, daysSupply: 30, recordedAt: '2025-02-11T17:00:00Z' },
  };
  const context = { patientId: PATIENT, allPrescriptions: [first, second], authorizations: [authorization] };
  assert.equal(medicationRequestResource(first, context).status, 'completed');
  assert.equal(medicationRequestResource(second, context).status, 'active');
  const third = prescription('claravis', 40, { id: 'a0000000-0000-4000-8000-000000000003', writtenOn: '2025-03-12' });
  assert.equal(medicationRequestResource(second, { ...context, allPrescriptions: [first, second, third] }).status, 'stopped');
});
