// What the FHIR surface can do, as a CapabilityStatement (GET /fhir/r4/metadata): the resource
// types it reads and searches by patient, Patient by identifier, the operations of the REMS
// administrator ($rems-etasu, $questionnaire-package, $submit) and the bulk export, and SMART
// Backend Services as the way in (with the token endpoint, so a client needs nothing else).
import type { CapabilityStatement, CapabilityStatementRestResource, CapabilityStatementRestResourceOperation } from '@medplum/fhirtypes';
import { FHIR_READ_TYPES, type FhirReadType } from './resourceTypes.js';

const PATIENT_SEARCH = { name: 'patient', type: 'reference' as const, documentation: 'The patient the resource is about (Patient/{id} or {id}).' };

/**
 * The operations' definitions. Where a published guide defines the operation, its canonical:
 * - $questionnaire-package: Da Vinci DTR's OperationDefinition (its FSH source: id "questionnaire-package",
 *   url http://hl7.org/fhir/us/davinci-dtr/OperationDefinition/questionnaire-package), which the US Medication
 *   REMS IG STU2 follows for its forms;
 * - $export (system and Patient): the Bulk Data Access IG's OperationDefinitions.
 * Not confirmed, so isocourse's own canonicals: the US Medication REMS IG STU2 describes `$rems-etasu` in prose
 * and an example Parameters only — its FSH sources (github.com/HL7/fhir-medication-rems-ig, input/fsh) hold no
 * OperationDefinition, and its REMS Administrator CapabilityStatement lists no operation (the interop-examples
 * README says the same); `QuestionnaireResponse/$submit` is the reference administrator's own operation, defined
 * by no guide. Should the IG publish definitions, these two change to its canonicals.
 */
export const OPERATION_DEFINITIONS = {
  remsEtasu: 'https://isocourse.dev/fhir/OperationDefinition/rems-etasu',
  questionnairePackage: 'http://hl7.org/fhir/us/davinci-dtr/OperationDefinition/questionnaire-package',
  submit: 'https://isocourse.dev/fhir/OperationDefinition/QuestionnaireResponse-submit',
  export: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export',
  patientExport: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/patient-export',
} as const;

/** The operations each resource type answers ([base]/{type}/$op or [base]/{type}/{id}/$op). */
const TYPE_OPERATIONS: Partial<Record<FhirReadType | 'GuidanceResponse' | 'Questionnaire', CapabilityStatementRestResourceOperation[]>> = {
  Patient: [
    {
      name: 'export',
      definition: OPERATION_DEFINITIONS.patientExport,
      documentation: "Patient-level bulk export of the practice's patients (NDJSON, asynchronous).",
    },
  ],
  QuestionnaireResponse: [
    {
      name: 'submit',
      definition: OPERATION_DEFINITIONS.submit,
      documentation:
        'A completed REMS questionnaire (alone, in a Parameters or in a message Bundle): records the same facts as the web forms and answers the case number.',
    },
  ],
  GuidanceResponse: [
    {
      name: 'rems-etasu',
      definition: OPERATION_DEFINITIONS.remsEtasu,
      documentation: 'The status of each iPLEDGE requirement for a patient, by patient + medication or by case number (US Medication REMS IG STU2).',
    },
  ],
  Questionnaire: [
    {
      name: 'questionnaire-package',
      definition: OPERATION_DEFINITIONS.questionnairePackage,
      documentation: 'Questionnaire/{id}/$questionnaire-package: the enrollment form or a monthly item, with what it needs to be rendered.',
    },
  ],
};

export function capabilityStatement(baseUrl: string, date: string, tokenEndpoint: string): CapabilityStatement {
  const readable: CapabilityStatementRestResource[] = FHIR_READ_TYPES.map((type) => ({
    type,
    interaction: [{ code: 'read' as const }, { code: 'search-type' as const }],
    searchParam:
      type === 'Patient'
        ? [
            { name: '_id', type: 'token' as const, documentation: "The patient's id." },
            {
              name: 'identifier',
              type: 'token' as const,
              documentation: 'system|value; the program identifier has system https://isocourse.dev/fhir/sid/program-id.',
            },
          ]
        : [PATIENT_SEARCH],
    ...(TYPE_OPERATIONS[type] === undefined ? {} : { operation: TYPE_OPERATIONS[type] }),
  }));
  // Types isocourse serves no read of, only an operation.
  const operationOnly: CapabilityStatementRestResource[] = (['GuidanceResponse', 'Questionnaire'] as const).map((type) => ({
    type,
    operation: TYPE_OPERATIONS[type] ?? [],
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
        documentation:
          "Every interaction but this statement needs a SMART Backend Services access token (POST /auth/token); each read is limited to the records the client's organization may see.",
        security: {
          // SMART App Launch 2.x: where to get a token, also at /.well-known/smart-configuration.
          extension: [
            {
              url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
              extension: [{ url: 'token', valueUri: tokenEndpoint }],
            },
          ],
          service: [
            {
              coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR', display: 'SMART-on-FHIR' }],
              text: 'SMART Backend Services',
            },
          ],
          description:
            'SMART Backend Services (client credentials with a signed JWT, private_key_jwt, RS384 or ES384); scopes such as system/Observation.rs. Clients are registered by an administrator.',
        },
        resource: [...readable, ...operationOnly],
        // The EHR's import of lab results and weights (POST [base], helper fhir-write's routes).
        interaction: [
          { code: 'transaction', documentation: 'A Bundle of lab Observations and body weights, each entry matched to its patient and accepted on its own.' },
          { code: 'batch', documentation: 'As transaction.' },
        ],
        operation: [
          {
            name: 'export',
            definition: OPERATION_DEFINITIONS.export,
            documentation: "Bulk export of every patient of the client's practice (NDJSON, asynchronous).",
          },
        ],
      },
    ],
  };
}
