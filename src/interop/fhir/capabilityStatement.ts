// What the FHIR surface can do, as a CapabilityStatement (GET /fhir/r4/metadata): the resource
// types it reads and searches by patient, Patient by identifier, the bulk export, and SMART
// Backend Services as the way in.
import type { CapabilityStatement, CapabilityStatementRestResource } from '@medplum/fhirtypes';
import { FHIR_READ_TYPES } from './resourceTypes.js';

const PATIENT_SEARCH = { name: 'patient', type: 'reference' as const, documentation: 'The patient the resource is about (Patient/{id} or {id}).' };

export function capabilityStatement(baseUrl: string, date: string): CapabilityStatement {
  const resources: CapabilityStatementRestResource[] = FHIR_READ_TYPES.map((type) => ({
    type,
    interaction: [{ code: 'read' as const }, { code: 'search-type' as const }],
    searchParam:
      type === 'Patient'
        ? [
            { name: '_id', type: 'token' as const, documentation: 'The patient\'s id.' },
            { name: 'identifier', type: 'token' as const, documentation: 'system|value; the program identifier has system https://isocourse.dev/fhir/sid/program-id.' },
          ]
        : [PATIENT_SEARCH],
    ...(type === 'Patient'
      ? { operation: [{ name: 'export', definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/patient-export' }] }
      : {}),
  }));
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date,
    publisher: 'isocourse',
    kind: 'instance',
    software: { name: 'isocourse' },
    implementation: { description: 'isocourse, the iPLEDGE REMS administrator for isotretinoin: read-only FHIR views of the program facts', url: baseUrl },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    instantiates: ['http://hl7.org/fhir/uv/bulkdata/CapabilityStatement/bulk-data'],
    rest: [
      {
        mode: 'server',
        documentation: 'Every interaction but this statement needs a SMART Backend Services access token (POST /auth/token); each read is limited to the records the client\'s organization may see.',
        security: {
          service: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR' }] }],
          description: 'SMART Backend Services (client credentials with a signed JWT); scopes such as system/Observation.rs.',
        },
        resource: resources,
        // The EHR's import of lab results and weights (POST [base], helper fhir-write's routes).
        interaction: [
          { code: 'transaction', documentation: 'A Bundle of lab Observations and body weights, each entry matched to its patient and accepted on its own.' },
          { code: 'batch', documentation: 'As transaction.' },
        ],
        operation: [{ name: 'export', definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export' }],
      },
    ],
  };
}
