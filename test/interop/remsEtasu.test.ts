// $rems-etasu as an EHR and a pharmacy system ask it: by patient + medication or by case number (either
// spelling), the engine's verdict as one GuidanceResponse per requirement, every answer valid FHIR.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { GuidanceResponse, Parameters } from '@medplum/fhirtypes';
import { PROGRAM_ID_SYSTEM, RXNORM, NDC } from '../../src/interop/fhir/systems.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { assertValidFhir } from '../support/fhirValidation.js';
import { interopHttpClient, registerInteropClient, type InteropHttpClient } from '../support/interopClients.js';
import { assertStatus, authorizeAndDispense, confirmCounseling, enrollPatient, qualifyFirstMonth, type Patient } from '../support/journeys.js';

const PATH = '/fhir/r4/GuidanceResponse/$rems-etasu';
const isotretinoin = {
  resourceType: 'Medication',
  code: {
    coding: [
      { system: RXNORM, code: '6064' },
      { system: NDC, code: '0245-0571-01' },
    ],
  },
};

function overall(answer: Parameters): GuidanceResponse {
  return answer.parameter?.find((p) => p.name === 'rems-etasu')?.resource as GuidanceResponse;
}
function requirement(answer: Parameters, name: string): GuidanceResponse | undefined {
  return ((overall(answer).contained?.[0] as Parameters | undefined)?.parameter ?? []).find((p) => p.name === name)?.resource as GuidanceResponse | undefined;
}
function caseNumberOf(answer: Parameters): string | undefined {
  return ((overall(answer).contained?.[0] as Parameters | undefined)?.parameter ?? []).find((p) => p.name === 'case_number')?.valueString;
}
function patientParameter(patient: Patient, withProgramId: boolean) {
  return {
    name: 'patient',
    resource: {
      resourceType: 'Patient',
      id: 'ehr-1',
      name: [{ family: 'Patient', given: ['Test'] }],
      birthDate: patient.birthDate,
      identifier: withProgramId ? [{ system: PROGRAM_ID_SYSTEM, value: patient.programId }] : [],
    },
  };
}

describe('GuidanceResponse/$rems-etasu', () => {
  let api: TestApi;
  let ehr: InteropHttpClient;
  let waiting: Patient;

  before(async () => {
    api = await startTestApi();
    waiting = await enrollPatient(api, { enrolledOn: '2025-03-01', birthDate: '1999-09-09' });
    api.today('2025-03-10');
    ehr = (await registerInteropClient(api, { kind: 'practice' })).client;
  });
  after(() => api.close());

  test('by patient + medication: one GuidanceResponse per requirement, the outstanding ones data-required, and the case number', async () => {
    const res = await ehr.post(PATH, {
      resourceType: 'Parameters',
      parameter: [patientParameter(waiting, true), { name: 'medication', resource: isotretinoin }],
    });
    assert.equal(res.status, 200, res.text);
    assert.match(String(res.headers['content-type']), /^application\/fhir\+json/);
    assertValidFhir(res.body);
    assert.equal(overall(res.body).status, 'data-required');
    assert.equal(caseNumberOf(res.body), waiting.programId);
    assert.equal(requirement(res.body, 'Patient Enrollment')?.status, 'success');
    assert.equal(requirement(res.body, 'Counseling')?.status, 'data-required');
    assert.equal(requirement(res.body, 'Pregnancy Test')?.status, 'data-required');
    assert.equal(requirement(res.body, 'Authorization')?.status, 'data-required');
    assert.equal(overall(res.body).subject?.reference, `Patient/${waiting.id}`);
  });

  test('by case number, spelled case_number or caseNumber: the same answer', async () => {
    for (const name of ['case_number', 'caseNumber']) {
      const res = await ehr.post(PATH, { resourceType: 'Parameters', parameter: [{ name, valueString: waiting.programId }] });
      assert.equal(res.status, 200, `${name}: ${res.text}`);
      assertValidFhir(res.body);
      assert.equal(caseNumberOf(res.body), waiting.programId, name);
    }
  });

  test('a medication that is not isotretinoin, or an unknown case: failure, with nothing about any record', async () => {
    const other = { resourceType: 'Medication', code: { coding: [{ system: RXNORM, code: '617314' }] } };
    const notIsotretinoin = await ehr.post(PATH, {
      resourceType: 'Parameters',
      parameter: [patientParameter(waiting, true), { name: 'medication', resource: other }],
    });
    assert.equal(notIsotretinoin.status, 200, notIsotretinoin.text);
    assertValidFhir(notIsotretinoin.body);
    assert.equal(overall(notIsotretinoin.body).status, 'failure');
    const unknown = await ehr.post(PATH, { resourceType: 'Parameters', parameter: [{ name: 'caseNumber', valueString: 'ZZZZZZZZZZ' }] });
    assert.equal(unknown.status, 200, unknown.text);
    assertValidFhir(unknown.body);
    assert.equal(overall(unknown.body).status, 'failure');
    assert.equal(overall(unknown.body).contained, undefined);
  });

  test('name and birth date alone: data-required (identity needs review), no requirements of any record', async () => {
    const res = await ehr.post(PATH, {
      resourceType: 'Parameters',
      parameter: [patientParameter(waiting, false), { name: 'medication', resource: isotretinoin }],
    });
    assert.equal(res.status, 200, res.text);
    assertValidFhir(res.body);
    assert.equal(overall(res.body).status, 'data-required');
    assert.match(overall(res.body).note?.[0]?.text ?? '', /could not be identified for certain/);
    assert.equal(overall(res.body).contained, undefined);
    assert.doesNotMatch(res.text, new RegExp(waiting.id));
  });

  test('refused with an OperationOutcome: not Parameters, nothing to identify the patient by, a patient without medication, bad JSON', async () => {
    const cases: Array<[string, unknown]> = [
      ['a Bundle', { resourceType: 'Bundle', type: 'collection' }],
      ['no parameter', { resourceType: 'Parameters' }],
      ['a patient without medication', { resourceType: 'Parameters', parameter: [patientParameter(waiting, true)] }],
      [
        'a patient that is not a Patient',
        {
          resourceType: 'Parameters',
          parameter: [
            { name: 'patient', resource: { resourceType: 'Practitioner' } },
            { name: 'medication', resource: isotretinoin },
          ],
        },
      ],
      ['an empty case number', { resourceType: 'Parameters', parameter: [{ name: 'case_number', valueString: '' }] }],
    ];
    for (const [what, body] of cases) {
      const res = await ehr.post(PATH, body);
      assert.equal(res.status, 400, `${what}: ${res.text}`);
      assert.equal(res.body.resourceType, 'OperationOutcome', what);
      assertValidFhir(res.body);
    }
    const broken = await ehr.raw('POST', PATH, '{"resourceType": "Param', 'application/fhir+json');
    assert.equal(broken.status, 400, broken.text);
    assert.equal(broken.body.resourceType, 'OperationOutcome');
  });

  test('no token: 401; a token without the scope: 403', async () => {
    const body = { resourceType: 'Parameters', parameter: [{ name: 'caseNumber', valueString: waiting.programId }] };
    const anonymous = await interopHttpClient(api, null).post(PATH, body);
    assert.equal(anonymous.status, 401, anonymous.text);
    const narrow = await registerInteropClient(api, { kind: 'practice', scopes: ['system/Observation.rs'] });
    const withoutScope = await narrow.client.post(PATH, body);
    assert.equal(withoutScope.status, 403, withoutScope.text);
  });

  test('a pharmacy system: by case number with the birth date; by case number alone only when a prescription names that pharmacy', async () => {
    const pharmacy = (await registerInteropClient(api, { kind: 'pharmacy' })).client;
    const withBirthDate = await pharmacy.post(PATH, {
      resourceType: 'Parameters',
      parameter: [
        { name: 'caseNumber', valueString: waiting.programId },
        { name: 'patient', resource: { resourceType: 'Patient', birthDate: waiting.birthDate } },
      ],
    });
    assert.equal(withBirthDate.status, 200, withBirthDate.text);
    assertValidFhir(withBirthDate.body);
    assert.equal(caseNumberOf(withBirthDate.body), waiting.programId);
    const wrongBirthDate = await pharmacy.post(PATH, {
      resourceType: 'Parameters',
      parameter: [
        { name: 'caseNumber', valueString: waiting.programId },
        { name: 'patient', resource: { resourceType: 'Patient', birthDate: '1980-01-01' } },
      ],
    });
    assert.equal(overall(wrongBirthDate.body).status, 'failure');
    assert.doesNotMatch(wrongBirthDate.text, new RegExp(waiting.id));
    const badBirthDate = await pharmacy.post(PATH, {
      resourceType: 'Parameters',
      parameter: [
        { name: 'caseNumber', valueString: waiting.programId },
        { name: 'patient', resource: { resourceType: 'Patient', birthDate: '1999-02-30' } },
      ],
    });
    assert.equal(badBirthDate.status, 400, badBirthDate.text);
    assert.equal(badBirthDate.body.resourceType, 'OperationOutcome');
    // Year 0000: a YYYY-MM-DD date PostgreSQL has not; refused before any query, never a 500.
    const yearZero = await pharmacy.post(PATH, {
      resourceType: 'Parameters',
      parameter: [
        { name: 'caseNumber', valueString: waiting.programId },
        { name: 'patient', resource: { resourceType: 'Patient', birthDate: '0000-01-01' } },
      ],
    });
    assert.equal(yearZero.status, 400, yearZero.text);
    assert.equal(yearZero.body.resourceType, 'OperationOutcome');
    const aloneWithoutPrescription = await pharmacy.post(PATH, {
      resourceType: 'Parameters',
      parameter: [{ name: 'caseNumber', valueString: waiting.programId }],
    });
    assert.equal(overall(aloneWithoutPrescription.body).status, 'failure');
    assert.doesNotMatch(aloneWithoutPrescription.text, new RegExp(waiting.id));
  });

  test('a pharmacy system with the case number alone, when a prescription of that patient names the pharmacy (as PIMS asks)', async () => {
    const patient = await enrollPatient(api, { enrolledOn: '2025-03-10', category: 'PCNGP' });
    assertStatus(await confirmCounseling(api, patient, '2025-03-10'), 201, 'counseling');
    const prescription = await api.as('prescriber').post(`/patients/${patient.id}/prescriptions`, {
      writtenOn: '2025-03-10',
      product: 'claravis',
      strengthMg: 40,
      capsulesPerDay: 1,
      daysSupply: 30,
      quantity: 30,
      refills: 0,
      pharmacyId: api.ids.pharmacyId,
    });
    assertStatus(prescription, 201, 'prescription naming the pharmacy');
    const named = (await registerInteropClient(api, { kind: 'pharmacy' })).client;
    const res = await named.post(PATH, { resourceType: 'Parameters', parameter: [{ name: 'caseNumber', valueString: patient.programId }] });
    assert.equal(res.status, 200, res.text);
    assertValidFhir(res.body);
    assert.equal(caseNumberOf(res.body), patient.programId);
    assert.equal(overall(res.body).status, 'data-required', 'nothing blocks but the authorization is not requested yet');
    assert.equal(requirement(res.body, 'Prescription')?.status, 'success');
    assert.equal(requirement(res.body, 'Authorization')?.status, 'data-required');
    assert.match(requirement(res.body, 'Authorization')?.note?.[1]?.text ?? '', /every requirement is met/);
    const otherPharmacy = (await registerInteropClient(api, { kind: 'pharmacy', organizationId: api.ids.otherPharmacyId })).client;
    const elsewhere = await otherPharmacy.post(PATH, { resourceType: 'Parameters', parameter: [{ name: 'caseNumber', valueString: patient.programId }] });
    assert.equal(overall(elsewhere.body).status, 'failure', 'another pharmacy still needs the birth date');
    assert.doesNotMatch(elsewhere.text, new RegExp(patient.id));
  });
});

describe('$rems-etasu through a course: authorized, then dispensed', () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi();
  });
  after(() => api.close());

  test('qualified and authorized: success; after the dispense the authorization requirement says dispensed', async () => {
    const patient = await enrollPatient(api, { enrolledOn: '2025-02-19' });
    const { prescriptionId } = await qualifyFirstMonth(api, patient, { confirmationOn: '2025-03-10' });
    await authorizeAndDispense(api, patient, prescriptionId as string, '2025-03-10');
    api.today('2025-03-11');
    const ehr = (await registerInteropClient(api, { kind: 'practice' })).client;
    const res = await ehr.post(PATH, { resourceType: 'Parameters', parameter: [{ name: 'case_number', valueString: patient.programId }] });
    assert.equal(res.status, 200, res.text);
    assertValidFhir(res.body);
    const authorization = requirement(res.body, 'Authorization');
    assert.equal(authorization?.status, 'success');
    assert.match(authorization.note?.[1]?.text ?? '', /^Dispensed: the supply lasts until Apr 8/);
  });
});
