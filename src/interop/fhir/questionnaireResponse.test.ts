import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertValidFhir } from '../../../test/support/fhirValidation.js';
import { comprehensionQuestionnaireResponse, phq9QuestionnaireResponse } from './questionnaireResponse.js';
import { consentResource } from './consent.js';

const PATIENT = '6f1c1f4e-9d43-4d5f-9d5e-0c2b8f0b6a11';
const ID = 'c0000000-0000-4000-8000-000000000001';

test('a PHQ-9 response holds the nine item scores and the total', () => {
  const response = phq9QuestionnaireResponse(PATIENT, { id: ID, answeredOn: '2025-03-01', answers: [3, 3, 2, 2, 1, 1, 0, 0, 1] });
  assertValidFhir(response);
  assert.equal(response.item?.length, 10);
  assert.equal(response.item[8]?.answer?.[0]?.valueInteger, 1);
  assert.match(response.item[8].text ?? '', /better off dead/);
  assert.equal(response.item.at(-1)?.answer?.[0]?.valueInteger, 13);
});

test('a comprehension check is a completed response with its outcome', () => {
  const response = comprehensionQuestionnaireResponse(PATIENT, { id: ID, answeredOn: '2025-03-01', passed: false, recordedAt: '2025-03-01T15:00:00Z' });
  assertValidFhir(response);
  assert.equal(response.item?.[0]?.answer?.[0]?.valueBoolean, false);
  assert.equal(response.authored, '2025-03-01');
});

test('a consent is a Consent to treatment under the program, dated the day it was signed', () => {
  for (const kind of ['general', 'birthDefects', 'guardian'] as const) {
    const consent = consentResource(PATIENT, { id: ID, kind, signedOn: '2025-02-01', recordedAt: new Date('2025-02-01T15:00:00Z') });
    assertValidFhir(consent);
    assert.equal(consent.dateTime, '2025-02-01');
    assert.equal(consent.category[1]?.coding?.[0]?.code, kind);
  }
});
