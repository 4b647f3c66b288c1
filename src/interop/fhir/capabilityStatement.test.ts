import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertValidFhir } from '../../../test/support/fhirValidation.js';
import { capabilityStatement } from './capabilityStatement.js';

const statement = capabilityStatement('https://example.test/fhir/r4', '2025-03-10', 'https://example.test/auth/token');

test('the capability statement is valid and lists every type with read and search, then the types only operated on', () => {
  assertValidFhir(statement);
  assert.deepEqual(
    statement.rest?.[0]?.resource?.map((resource) => [resource.type, (resource.interaction ?? []).map((interaction) => interaction.code).join(' ')]),
    [
      ['Patient', 'read search-type'],
      ['MedicationRequest', 'read search-type'],
      ['MedicationDispense', 'read search-type'],
      ['Observation', 'read search-type'],
      ['QuestionnaireResponse', 'read search-type'],
      ['Consent', 'read search-type'],
      ['CarePlan', 'read search-type'],
      ['AuditEvent', 'read search-type'],
      ['GuidanceResponse', ''],
      ['Questionnaire', ''],
    ],
  );
});

test('it lists the REMS administrator operations and the bulk export, each with its definition', () => {
  const rest = statement.rest?.[0];
  const byType = Object.fromEntries(
    (rest?.resource ?? []).flatMap((resource) =>
      resource.operation === undefined ? [] : [[resource.type, resource.operation.map((operation) => [operation.name, operation.definition])]],
    ),
  );
  assert.deepEqual(byType, {
    Patient: [['export', 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/patient-export']],
    QuestionnaireResponse: [['submit', 'https://isocourse.dev/fhir/OperationDefinition/QuestionnaireResponse-submit']],
    GuidanceResponse: [['rems-etasu', 'https://isocourse.dev/fhir/OperationDefinition/rems-etasu']],
    Questionnaire: [['questionnaire-package', 'http://hl7.org/fhir/us/davinci-dtr/OperationDefinition/questionnaire-package']],
  });
  assert.deepEqual(
    rest?.operation?.map((operation) => [operation.name, operation.definition]),
    [['export', 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export']],
  );
});

test('its security names the SMART service and where to get a token', () => {
  const security = statement.rest?.[0]?.security;
  assert.equal(security?.service?.[0]?.coding?.[0]?.code, 'SMART-on-FHIR');
  assert.equal(security.service[0].coding[0].system, 'http://terminology.hl7.org/CodeSystem/restful-security-service');
  const oauth = security.extension?.find((extension) => extension.url === 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris');
  assert.deepEqual(oauth?.extension, [{ url: 'token', valueUri: 'https://example.test/auth/token' }]);
});
