import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Authorization, Prescription } from '../../domain/facts.js';
import { assertValidFhir } from '../../../test/support/fhirValidation.js';
import { medicationDispenseResource } from './medicationDispense.js';
import { AUTHORIZATION_NUMBER_SYSTEM } from './systems.js';

const PATIENT = '6f1c1f4e-9d43-4d5f-9d5e-0c2b8f0b6a11';
const PRESCRIPTION: Prescription = {
  id: 'a0000000-0000-4000-8000-000000000001',
  writtenOn: '2025-03-10',
  product: 'absorica',
  strengthMg: 30,
  capsulesPerDay: 1,
  daysSupply: 30,
  quantity: 30,
  refills: 0,
  recordedAt: '2025-03-10T17:00:00Z',
};

function authorization(overrides: Partial<Authorization> = {}): Authorization {
  return {
    id: 'b0000000-0000-4000-8000-000000000001',
    prescriptionId: PRESCRIPTION.id,
    rmaNumber: 'RMA-0042',
    requestedOn: '2025-03-11',
    doNotDispenseAfter: '2025-03-17',
    ruleSet: 'REMS-2021',
    remsDoNotDispenseAfter: null,
    remsRmaNumber: null,
    reversal: null,
    dispense: null,
    ...overrides,
  };
}

test('an authorization is a dispense identified by its RMA number, in preparation until dispensed', () => {
  const dispense = medicationDispenseResource(authorization(), { patientId: PATIENT, prescription: PRESCRIPTION, today: '2025-03-12' });
  assertValidFhir(dispense);
  assert.equal(dispense.status, 'preparation');
  assert.deepEqual(
    dispense.identifier?.map((identifier) => [identifier.system, identifier.value]),
    [[AUTHORIZATION_NUMBER_SYSTEM, 'RMA-0042']],
  );
  assert.equal(dispense.authorizingPrescription?.[0]?.reference, `MedicationRequest/${PRESCRIPTION.id}`);
  assert.equal(dispense.medicationCodeableConcept?.coding?.[0]?.code, '403930');
  assert.match(dispense.note?.[0]?.text ?? '', /Do not dispense after 2025-03-17/);
});

test('dispensed: completed with the quantity, days supply and hand-over date; expired: declined; reversed: cancelled', () => {
  const dispensed = medicationDispenseResource(
    authorization({
      remsRmaNumber: 'IPL-77',
      dispense: { dispensedOn: '2025-03-12', product: 'absorica', strengthMg: 30, quantity: 30, daysSupply: 30, recordedAt: '2025-03-12T17:00:00Z' },
    }),
    { patientId: PATIENT, prescription: PRESCRIPTION, today: '2025-04-01' },
  );
  assertValidFhir(dispensed);
  assert.equal(dispensed.status, 'completed');
  assert.equal(dispensed.whenHandedOver, '2025-03-12');
  assert.equal(dispensed.quantity?.value, 30);
  assert.equal(dispensed.daysSupply?.value, 30);
  assert.deepEqual(
    dispensed.identifier?.map((identifier) => identifier.value),
    ['RMA-0042', 'IPL-77'],
  );

  const expired = medicationDispenseResource(authorization(), { patientId: PATIENT, prescription: PRESCRIPTION, today: '2025-03-18' });
  assertValidFhir(expired);
  assert.equal(expired.status, 'declined');

  const reversed = medicationDispenseResource(authorization({ reversal: { reversedOn: '2025-03-12', reason: 'Wrong strength requested' } }), {
    patientId: PATIENT,
    prescription: PRESCRIPTION,
    today: '2025-03-12',
  });
  assertValidFhir(reversed);
  assert.equal(reversed.status, 'cancelled');
  assert.equal(reversed.statusReasonCodeableConcept?.text, 'Wrong strength requested');
});
