import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { GuidanceResponse, Parameters } from '@medplum/fhirtypes';
import { statusAnswer } from '../../services/patients/readPatients.js';
import { CONFIG, givenPatient, pcgpReadyForFirstFill } from '../../../test/support/patientFacts.js';
import { assertValidFhir } from '../../../test/support/fhirValidation.js';
import { etasuAnswer, etasuWithoutCase } from './etasuGuidance.js';

function overall(answer: Parameters): GuidanceResponse {
  return answer.parameter?.find((p) => p.name === 'rems-etasu')?.resource as GuidanceResponse;
}

function requirements(answer: Parameters): Map<string, GuidanceResponse> {
  const contained = overall(answer).contained?.[0] as Parameters;
  return new Map((contained.parameter ?? []).filter((p) => p.resource !== undefined).map((p) => [p.name, p.resource as GuidanceResponse]));
}

function caseNumber(answer: Parameters): string | undefined {
  return ((overall(answer).contained?.[0] as Parameters).parameter ?? []).find((p) => p.name === 'case_number')?.valueString;
}

describe('$rems-etasu: the verdict as the IG GuidanceResponse', () => {
  test('a new PCGP patient: overall data-required, one nested GuidanceResponse per requirement, the outstanding ones data-required with the program words', () => {
    const verdict = statusAnswer('p-1', givenPatient({ category: 'PCGP', enrolledOn: '2025-03-01' }).facts(), '2025-03-10', CONFIG);
    const answer = etasuAnswer(verdict, 'Patient/p-1', 'AB12CD34EF');
    assertValidFhir(answer);
    assert.equal(overall(answer).status, 'data-required');
    assert.equal(overall(answer).outputParameters?.reference, '#etasuOutputParameters');
    assert.equal(caseNumber(answer), 'AB12CD34EF');
    const byName = requirements(answer);
    assert.deepEqual(
      [...byName.keys()],
      ['Patient Enrollment', 'Prescriber Enrollment', 'Counseling', 'Contraception', 'Pregnancy Test', 'Comprehension', 'Prescription', 'Authorization'],
    );
    assert.equal(byName.get('Patient Enrollment')?.status, 'success');
    assert.equal(byName.get('Prescriber Enrollment')?.status, 'success');
    for (const name of ['Counseling', 'Contraception', 'Pregnancy Test', 'Comprehension', 'Prescription', 'Authorization']) {
      assert.equal(byName.get(name)?.status, 'data-required', name);
    }
    assert.equal(byName.get('Counseling')?.note?.[0]?.text, 'Counseling', 'note[0] names the requirement, as the IG example');
    assert.match(byName.get('Counseling')?.note?.[1]?.text ?? '', /has not confirmed counseling.*What fixes it: The prescriber counsels/);
    assert.equal(byName.get('Counseling')?.subject?.reference, 'Patient/p-1');
  });

  test('everything met and authorized: overall success, the authorization with its number and last day', () => {
    const facts = pcgpReadyForFirstFill('2025-03-10')
      .authorization({ prescriptionId: 'rx-1', requestedOn: '2025-03-11', doNotDispenseAfter: '2025-03-16' })
      .facts();
    const answer = etasuAnswer(statusAnswer('p-1', facts, '2025-03-11', CONFIG), 'Patient/p-1', 'AB12CD34EF');
    assertValidFhir(answer);
    assert.equal(overall(answer).status, 'success');
    const authorization = requirements(answer).get('Authorization');
    assert.equal(authorization?.status, 'success');
    assert.match(authorization.note?.[1]?.text ?? '', /RMA-auth-rx-1; do not dispense after Mar 16/);
  });

  test('dispensed: the authorization requirement shows the dispense while the supply lasts', () => {
    const facts = pcgpReadyForFirstFill('2025-03-10')
      .authorization({ prescriptionId: 'rx-1', requestedOn: '2025-03-11', doNotDispenseAfter: '2025-03-16' })
      .dispensed('auth-rx-1', '2025-03-12')
      .facts();
    const answer = etasuAnswer(statusAnswer('p-1', facts, '2025-03-13', CONFIG), 'Patient/p-1', 'AB12CD34EF');
    assertValidFhir(answer);
    assert.match(requirements(answer).get('Authorization')?.note?.[1]?.text ?? '', /Dispensed: the supply lasts until Apr 10/);
  });

  test('a patient who cannot get pregnant has no contraception, pregnancy test or comprehension requirement', () => {
    const verdict = statusAnswer('p-2', givenPatient({ category: 'PCNGP', enrolledOn: '2025-03-01' }).facts(), '2025-03-10', CONFIG);
    const names = [...requirements(etasuAnswer(verdict, 'Patient/p-2', 'X')).keys()];
    assert.deepEqual(names, ['Patient Enrollment', 'Prescriber Enrollment', 'Counseling', 'Prescription', 'Authorization']);
  });

  test('no case: failure, with the reason as a note and no requirements', () => {
    const answer = etasuWithoutCase('failure', 'No enrolled patient matches.', 'Patient/pat017');
    assertValidFhir(answer);
    assert.equal(overall(answer).status, 'failure');
    assert.equal(overall(answer).contained, undefined);
  });
});
