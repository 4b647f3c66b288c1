// The FHIR read use cases against a real database, with the care team's actors: every resource
// of a patient on treatment is valid FHIR, each is read back by its id, and another practice's
// prescriber finds nothing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Resource } from '@medplum/fhirtypes';
import { FHIR_READ_TYPES, patientCompartment, readFhirResource, searchFhirResources } from '../../src/interop/fhir/readResources.js';
import { PROGRAM_ID_SYSTEM } from '../../src/interop/fhir/systems.js';
import type { Actor } from '../../src/services/context.js';
import { NotFoundError } from '../../src/services/errors.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { assertValidFhir } from '../support/fhirValidation.js';
import { assertStatus, enrollOthersPatient, pcgpOnTreatment, type Patient } from '../support/journeys.js';

describe('FHIR read use cases', () => {
  let api: TestApi;
  let patient: Patient;
  let prescriber: Actor;
  let otherPrescriber: Actor;

  before(async () => {
    api = await startTestApi();
    patient = await pcgpOnTreatment(api, '2025-03-03');
    api.today('2025-03-20');
    const as = api.as('prescriber');
    assertStatus(await as.post(`/patients/${patient.id}/weights`, { unit: 'kg', value: 62, measuredOn: '2025-03-01' }), 201, 'weight');
    assertStatus(
      await as.post(`/patients/${patient.id}/lab-results`, { analyte: 'triglycerides', value: 180, unit: 'mg/dL', collectedOn: '2025-03-01', fasting: true }),
      201,
      'lab',
    );
    assertStatus(
      await as.post(`/patients/${patient.id}/lab-results`, { analyte: 'alt', value: 30, unit: 'U/L', referenceHigh: 40, collectedOn: '2025-03-01' }),
      201,
      'lab',
    );
    assertStatus(await as.post(`/patients/${patient.id}/phq9`, { answers: [0, 1, 0, 1, 0, 0, 1, 0, 1], answeredOn: '2025-03-15' }), 201, 'phq9');
    prescriber = { userId: api.ids.users.prescriber, role: 'prescriber', organizationId: api.ids.practiceId, supervisingPrescriberId: null, ip: null };
    otherPrescriber = { userId: api.ids.users.otherPrescriber, role: 'prescriber', organizationId: null, supervisingPrescriberId: null, ip: null };
  });
  after(() => api.close());

  test('every resource of a patient on treatment is valid FHIR R4, and each type is there', async () => {
    const resources = (await patientCompartment(api.services, prescriber, patient.id, FHIR_READ_TYPES)) ?? [];
    for (const resource of resources) {
      assertValidFhir(resource);
    }
    const types = new Set(resources.map((resource) => resource.resourceType));
    assert.deepEqual(
      [...FHIR_READ_TYPES].filter((type) => !types.has(type)),
      [],
    );
    const loinc = resources
      .filter((resource): resource is Extract<Resource, { resourceType: 'Observation' }> => resource.resourceType === 'Observation')
      .map((observation) => observation.code.coding?.[0]?.code);
    for (const code of ['2118-8', '2571-8', '1742-6', '29463-7', '44249-1']) {
      assert.ok(loinc.includes(code), `an Observation coded ${code} (got ${loinc.join(', ')})`);
    }
    const dispense = resources.find((resource) => resource.resourceType === 'MedicationDispense');
    assert.equal(dispense?.resourceType === 'MedicationDispense' ? dispense.status : null, 'completed');
  });

  test('each resource is read back by its type and id', async () => {
    const resources = (await patientCompartment(api.services, prescriber, patient.id, FHIR_READ_TYPES)) ?? [];
    for (const resource of resources.filter((candidate) => candidate.resourceType !== 'AuditEvent').slice(0, 40)) {
      const read = await readFhirResource(api.services, prescriber, resource.resourceType as (typeof FHIR_READ_TYPES)[number], resource.id ?? '');
      assert.deepEqual(read, resource);
    }
    const audit = resources.find((resource) => resource.resourceType === 'AuditEvent');
    assert.equal((await readFhirResource(api.services, prescriber, 'AuditEvent', audit?.id ?? '')).id, audit?.id);
  });

  test('a Patient is found by its program identifier, with or without the system', async () => {
    for (const identifier of [`${PROGRAM_ID_SYSTEM}|${patient.programId}`, patient.programId.toLowerCase()]) {
      const found = await searchFhirResources(api.services, prescriber, 'Patient', { identifier });
      assert.deepEqual(
        found.map((resource) => resource.id),
        [patient.id],
        identifier,
      );
    }
    assert.deepEqual(await searchFhirResources(api.services, prescriber, 'Patient', { identifier: `urn:other|${patient.programId}` }), []);
  });

  test("another practice's prescriber finds nothing: not by id, not by search, not by identifier", async () => {
    const others = await enrollOthersPatient(api, '2025-03-20');
    assert.equal(await patientCompartment(api.services, otherPrescriber, patient.id, FHIR_READ_TYPES), null);
    await assert.rejects(readFhirResource(api.services, otherPrescriber, 'Patient', patient.id), NotFoundError);
    const resources = (await patientCompartment(api.services, prescriber, patient.id, ['Observation'])) ?? [];
    await assert.rejects(readFhirResource(api.services, otherPrescriber, 'Observation', resources[0]?.id ?? ''), NotFoundError);
    assert.deepEqual(await searchFhirResources(api.services, otherPrescriber, 'Observation', { patient: `Patient/${patient.id}` }), []);
    assert.deepEqual(await searchFhirResources(api.services, otherPrescriber, 'Patient', { identifier: patient.programId }), []);
    assert.deepEqual(
      (await searchFhirResources(api.services, otherPrescriber, 'Patient', {})).map((resource) => resource.id),
      [others.id],
    );
  });

  test('ids that cannot exist are simply not found', async () => {
    for (const [type, id] of [
      ['Patient', 'nope'],
      ['Observation', 'lab-123'],
      ['AuditEvent', '99999999999999999999'],
      ['CarePlan', 'course-x'],
    ] as const) {
      await assert.rejects(readFhirResource(api.services, prescriber, type, id), NotFoundError);
    }
  });
});
