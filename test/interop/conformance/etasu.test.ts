// Conformance: the $rems-etasu requests of the IG and the reference implementation (../shared/interop-examples/
// etasu) replayed against the real server; answers compared with the reference outputs' structure and key
// fields (status vocabulary, moduleUri, the contained outputParameters, note[0] naming each requirement,
// case_number), never their bytes. Every answer is validated as FHIR R4.
//
// The example patient, Jon Stark Snow (1996-06-01), is enrolled; the EHR's first question carries his
// program identifier next to its Medicare number, which links that number for the practice (the program
// identifier proves whose it is), so the reference requests, which carry only the Medicare number, match.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { GuidanceResponse, Parameters } from '@medplum/fhirtypes';
import { PROGRAM_ID_SYSTEM } from '../../../src/interop/fhir/systems.js';
import { startTestApi, type TestApi } from '../../support/api.js';
import { assertValidFhir } from '../../support/fhirValidation.js';
import { describeWithExamples, readJsonExample, enrollExamplePatient } from '../../support/interopExamples.js';
import { present } from '../../support/present.js';
import { registerInteropClient, type InteropHttpClient } from '../../support/interopClients.js';

const PATH = '/fhir/r4/GuidanceResponse/$rems-etasu';

function overall(answer: Parameters): GuidanceResponse {
  const parameter = answer.parameter?.find((p) => p.name === 'rems-etasu');
  assert.ok(parameter?.resource !== undefined, `no rems-etasu parameter in ${JSON.stringify(answer).slice(0, 300)}`);
  return parameter.resource as GuidanceResponse;
}

/** The structure of a reference answer that has requirements (approved / pending), checked on ours. */
function assertRequirementsShape(ours: Parameters, reference: Parameters, what: string): void {
  const [mine, theirs] = [overall(ours), overall(reference)];
  assert.equal(ours.resourceType, 'Parameters', what);
  assert.equal(mine.moduleUri, theirs.moduleUri, `${what}: moduleUri`);
  assert.equal(mine.outputParameters?.reference, theirs.outputParameters?.reference, `${what}: outputParameters`);
  const [myParameters, theirParameters] = [mine.contained?.[0] as Parameters, theirs.contained?.[0] as Parameters];
  assert.equal(myParameters.resourceType, 'Parameters', what);
  assert.equal(myParameters.id, theirParameters.id, what);
  for (const parameter of myParameters.parameter ?? []) {
    if (parameter.name === 'case_number') {
      assert.equal(typeof parameter.valueString, 'string', what);
      continue;
    }
    const requirement = parameter.resource as GuidanceResponse;
    assert.equal(requirement.resourceType, 'GuidanceResponse', what);
    assert.ok(['success', 'data-required'].includes(requirement.status), `${what}: ${parameter.name} ${requirement.status}`);
    assert.equal(requirement.note?.[0]?.text, parameter.name, `${what}: note[0] names the requirement`);
    assert.equal(requirement.moduleUri, theirs.moduleUri, what);
  }
  const theirNames = (theirParameters.parameter ?? []).map((p) => p.name);
  const myNames = (myParameters.parameter ?? []).map((p) => p.name);
  for (const name of ['Patient Enrollment', 'Prescriber Enrollment', 'case_number']) {
    assert.ok(theirNames.includes(name) && myNames.includes(name), `${what}: ${name}`);
  }
}

describeWithExamples('$rems-etasu conformance: the IG’s and the reference implementation’s requests, replayed', () => {
  let api: TestApi;
  let ehr: InteropHttpClient;
  let jon = { id: '', programId: '' };

  before(async () => {
    api = await startTestApi();
    api.today('2025-03-10');
    jon = await enrollExamplePatient(api);
    ehr = (await registerInteropClient(api, { kind: 'practice' })).client;
    // The EHR learns his program identifier (on the enrollment confirmation) and records it: its first
    // question carries both, which links its Medicare number to him for this practice.
    const input = readJsonExample('etasu/rems-etasu_input_patient-medication_request-generator.reconstructed.json');
    input.parameter[0].resource.identifier.push({ system: PROGRAM_ID_SYSTEM, value: jon.programId });
    const first = await ehr.post(PATH, input);
    assert.equal(first.status, 200, first.text);
    assert.equal(overall(first.body).subject?.reference, `Patient/${jon.id}`);
  });
  after(() => api.close());

  test('by patient + medication (request generator: RxNorm 6064 + NDC, Medicare number): his requirements, shaped like the reference’s pending answer', async () => {
    const res = await ehr.post(PATH, readJsonExample('etasu/rems-etasu_input_patient-medication_request-generator.reconstructed.json'));
    assert.equal(res.status, 200, res.text);
    assertValidFhir(res.body);
    const reference = readJsonExample('etasu/rems-etasu_output_pending_rems-admin.reconstructed.json') as Parameters;
    assertRequirementsShape(res.body, reference, 'patient + medication');
    assert.equal(overall(res.body).status, overall(reference).status, 'not counseled yet: data-required, as the reference’s pending case');
  });

  test('by case number (PIMS’s caseNumber): the example’s case number is not one of ours → failure, shaped like the reference’s not-found', async () => {
    const reference = readJsonExample('etasu/rems-etasu_output_not-found_rems-admin.reconstructed.json') as Parameters;
    const res = await ehr.post(PATH, readJsonExample('etasu/rems-etasu_input_case-number_pims.reconstructed.json'));
    assert.equal(res.status, 200, res.text);
    assertValidFhir(res.body);
    assert.equal(overall(res.body).status, overall(reference).status);
    assert.equal(overall(res.body).moduleUri, overall(reference).moduleUri);
    assert.equal(overall(res.body).contained, undefined);
  });

  test('the same request with his case number: his requirements and the case number, shaped like the reference’s approved answer', async () => {
    const request = readJsonExample('etasu/rems-etasu_input_case-number_pims.reconstructed.json') as Parameters;
    present(present(request.parameter)[0]).valueString = jon.programId;
    const res = await ehr.post(PATH, request);
    assert.equal(res.status, 200, res.text);
    assertValidFhir(res.body);
    assertRequirementsShape(res.body, readJsonExample('etasu/rems-etasu_output_approved_by-case-number_rems-admin.reconstructed.json'), 'case number');
    const caseNumber = ((overall(res.body).contained?.[0] as Parameters).parameter ?? []).find((p) => p.name === 'case_number')?.valueString;
    assert.equal(caseNumber, jon.programId);
  });

  test('the IG’s examples (August Samuels, not enrolled here; one with case_number): failure, valid FHIR, no one else’s record', async () => {
    for (const file of ['etasu/ig-fsh_Parameters-parameters-rems-etasu-input.json', 'etasu/ig-spec_rems-etasu-input.fixed.json']) {
      const res = await ehr.post(PATH, readJsonExample(file));
      assert.equal(res.status, 200, `${file}: ${res.text}`);
      assertValidFhir(res.body);
      assert.equal(overall(res.body).status, 'failure', file);
      assert.doesNotMatch(res.text, new RegExp(jon.id), `${file}: the same Medicare number, another birth date: not Jon`);
    }
  });

  test('the IG’s and the reference’s outputs themselves are what our structure check expects (the check is not vacuous)', () => {
    const pending = readJsonExample('etasu/rems-etasu_output_pending_rems-admin.reconstructed.json') as Parameters;
    assertRequirementsShape(pending, pending, 'reference pending');
    assertRequirementsShape(readJsonExample('etasu/ig-spec_rems-etasu-output.json'), pending, 'the IG example');
  });
});
