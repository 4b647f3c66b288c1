import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertValidFhir } from '../../../test/support/fhirValidation.js';
import { patientResource } from './patient.js';
import { PROGRAM_ID_SYSTEM } from './systems.js';

test('a patient carries her program identifier under its own system, her names and birth date', () => {
  const patient = patientResource({
    id: '6f1c1f4e-9d43-4d5f-9d5e-0c2b8f0b6a11',
    program_id: 'AB12CD34EF',
    given_name: 'Maya',
    family_name: 'Lindqvist',
    birth_date: '2001-04-09',
    practice_id: '0c7a1a3e-1e43-4c0b-8a3e-7a2f0f3b9a22',
  });
  assertValidFhir(patient);
  assert.deepEqual(
    patient.identifier?.map((identifier) => [identifier.system, identifier.value]),
    [[PROGRAM_ID_SYSTEM, 'AB12CD34EF']],
  );
  assert.deepEqual(patient.name, [{ use: 'official', family: 'Lindqvist', given: ['Maya'] }]);
  assert.equal(patient.birthDate, '2001-04-09');
});
