// The FHIR R4 read surface through the real app, as an EHR uses it: a registered client with a
// real access token reads and searches a patient's record, exports the practice in bulk, and is
// turned away where it must be. Every FHIR resource the server answers is validated.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { randomUUID } from 'node:crypto';
import { FHIR_READ_TYPES } from '../../src/interop/fhir/resourceTypes.js';
import { PROGRAM_ID_SYSTEM } from '../../src/interop/fhir/systems.js';
import { matchPatient } from '../../src/services/patientMatching/matchPatient.js';
import { authenticateClientToken } from '../../src/interop/smart/clientAuth.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { assertValidFhir } from '../support/fhirValidation.js';
import {
  interopHttpClient,
  registerInteropClient,
  type InteropHttpClient,
  type InteropResponse,
  type RegisteredInteropClient,
} from '../support/interopClients.js';
import { assertStatus, enrollOthersPatient, pcgpOnTreatment, type Patient } from '../support/journeys.js';
import type { UntypedJson } from '../support/json.js';

/** A FHIR answer: its status, its media type, and a valid resource (an OperationOutcome when refused). */
function assertFhir(response: InteropResponse, status: number, what: string): UntypedJson {
  assert.equal(response.status, status, `${what}: ${response.status} ${response.text.slice(0, 500)}`);
  assert.match(String(response.headers['content-type']), /^application\/fhir\+json/, what);
  assertValidFhir(response.body);
  if (status >= 400) {
    assert.equal(response.body.resourceType, 'OperationOutcome', what);
  }
  return response.body;
}

function bundleResources(bundle: UntypedJson): UntypedJson[] {
  assert.equal(bundle.resourceType, 'Bundle');
  assert.equal(bundle.type, 'searchset');
  return (bundle.entry ?? []).map((entry: { resource: unknown }) => entry.resource);
}

async function waitForExport(client: InteropHttpClient, statusUrl: string): Promise<InteropResponse> {
  const path = new URL(statusUrl).pathname;
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const status = await client.get(path);
    if (status.status !== 202) {
      return status;
    }
    assert.ok(String(status.headers['x-progress'] ?? '') !== '', 'a running export says how far it got');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail('the export never finished');
}

describe('FHIR R4 read surface', () => {
  let api: TestApi;
  let patient: Patient;
  let ehr: RegisteredInteropClient;
  let otherEhr: RegisteredInteropClient;
  let patientOnlyEhr: RegisteredInteropClient;
  let pharmacySystem: RegisteredInteropClient;

  before(async () => {
    api = await startTestApi();
    patient = await pcgpOnTreatment(api, '2025-03-03');
    await enrollOthersPatient(api, '2025-03-05');
    api.today('2025-03-20');
    const as = api.as('prescriber');
    assertStatus(await as.post(`/patients/${patient.id}/weights`, { unit: 'kg', value: 62, measuredOn: '2025-03-01' }), 201, 'weight');
    assertStatus(
      await as.post(`/patients/${patient.id}/lab-results`, { analyte: 'ast', value: 35, unit: 'U/L', referenceHigh: 40, collectedOn: '2025-03-01' }),
      201,
      'lab',
    );
    assertStatus(await as.post(`/patients/${patient.id}/phq9`, { answers: [0, 1, 0, 1, 0, 0, 1, 0, 0], answeredOn: '2025-03-15' }), 201, 'phq9');
    // Tokens live five minutes of the server's clock: the clock stays put from here on.
    ehr = await registerInteropClient(api, { kind: 'practice' });
    otherEhr = await registerInteropClient(api, { kind: 'practice', organizationId: api.ids.otherPracticeId });
    patientOnlyEhr = await registerInteropClient(api, { kind: 'practice', scopes: ['system/Patient.rs'] });
    pharmacySystem = await registerInteropClient(api, { kind: 'pharmacy' });
  });
  after(() => api.close());

  test('the capability statement is public and lists every type this server reads', async () => {
    const statement = assertFhir(await interopHttpClient(api, null).get('/fhir/r4/metadata'), 200, 'metadata');
    assert.equal(statement.resourceType, 'CapabilityStatement');
    assert.deepEqual(
      statement.rest[0].resource.map((resource: { type: unknown }) => resource.type),
      [...FHIR_READ_TYPES, 'GuidanceResponse', 'Questionnaire'],
    );
    // Where a client gets its token, as the server it reached names itself.
    const oauth = statement.rest[0].security.extension.find(
      (extension: { url: unknown }) => extension.url === 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
    );
    assert.match(oauth.extension[0].valueUri, /^http:\/\/[^/]+\/auth\/token$/);
    const operations = statement.rest[0].resource.flatMap((resource: { type: string; operation?: Array<{ name: string }> }) =>
      (resource.operation ?? []).map((operation) => `${resource.type}/$${operation.name}`),
    );
    assert.deepEqual(operations, ['Patient/$export', 'QuestionnaireResponse/$submit', 'GuidanceResponse/$rems-etasu', 'Questionnaire/$questionnaire-package']);
  });

  test("the practice's EHR finds the patient by program identifier and reads every type of her record, by search and by id", async () => {
    const byIdentifier = assertFhir(
      await ehr.client.get(`/fhir/r4/Patient?identifier=${encodeURIComponent(`${PROGRAM_ID_SYSTEM}|${patient.programId}`)}`),
      200,
      'Patient by identifier',
    );
    assert.deepEqual(
      bundleResources(byIdentifier).map((resource) => resource.id),
      [patient.id],
    );
    for (const type of FHIR_READ_TYPES) {
      const search = type === 'Patient' ? `_id=${patient.id}` : `patient=Patient/${patient.id}`;
      const bundle = assertFhir(await ehr.client.get(`/fhir/r4/${type}?${search}`), 200, `${type} search`);
      const resources = bundleResources(bundle);
      assert.ok(resources.length > 0, `${type}: the patient on treatment has some`);
      assert.equal(bundle.total, resources.length);
      for (const resource of resources.slice(0, 5)) {
        assert.equal(resource.resourceType, type);
        const read = assertFhir(await ehr.client.get(`/fhir/r4/${type}/${resource.id}`), 200, `${type}/${resource.id}`);
        assert.deepEqual(read, resource);
      }
    }
    const observations = bundleResources((await ehr.client.get(`/fhir/r4/Observation?patient=${patient.id}`)).body);
    const codes = observations.map((observation) => observation.code.coding[0].code);
    for (const code of ['2118-8', '1920-8', '29463-7', '44249-1']) {
      assert.ok(codes.includes(code), `Observation ${code} in ${codes.join(', ')}`);
    }
    const requests = bundleResources((await ehr.client.get(`/fhir/r4/MedicationRequest?patient=${patient.id}`)).body);
    assert.equal(requests[0].dispenseRequest.numberOfRepeatsAllowed, 0);
  });

  test('the audit trail as a client sees it: who, what, when and the outcome, never the IP address a user worked from', async () => {
    await api.as('prescriber').get(`/patients/${patient.id}`);
    const withIp = await api.services.db
      .selectFrom('audit_events')
      .select(['id', 'ip'])
      .where('patient_id', '=', patient.id)
      .where('ip', 'is not', null)
      .execute();
    assert.ok(withIp.length > 0, 'the audit trail records where users worked from');
    const ips = [...new Set(withIp.map((row) => row.ip as string))];
    const search = await ehr.client.get(`/fhir/r4/AuditEvent?patient=${patient.id}`);
    const events = bundleResources(assertFhir(search, 200, 'AuditEvent search'));
    const readResponse = await ehr.client.get(`/fhir/r4/AuditEvent/${withIp[0]?.id}`);
    const read = assertFhir(readResponse, 200, 'AuditEvent read');
    for (const event of [...events, read]) {
      assert.ok(
        event.agent.every((agent: { network: unknown }) => agent.network === undefined),
        `AuditEvent/${event.id} has no network address`,
      );
      assert.ok(event.recorded && event.outcome && event.subtype[0].code && event.agent[0].who, `AuditEvent/${event.id} keeps when, outcome, what and who`);
    }
    for (const ip of ips) {
      assert.ok(!search.text.includes(ip) && !readResponse.text.includes(ip), `${ip} is nowhere in what the client got`);
    }
  });

  test("an identifier of the practice's own systems, once linked, finds the patient and shows in her Patient resource (that practice only)", async () => {
    const actor = await authenticateClientToken(api.services, ehr.token, null);
    assert.ok(actor !== null);
    const match = await matchPatient(api.services.db, actor, {
      identifiers: [
        { system: PROGRAM_ID_SYSTEM, value: patient.programId },
        { system: 'urn:oid:1.2.3.4.5', value: 'MRN-0042' },
      ],
      givenNames: [],
    });
    assert.equal(match.kind, 'matched');
    const found = bundleResources(
      assertFhir(await ehr.client.get(`/fhir/r4/Patient?identifier=${encodeURIComponent('urn:oid:1.2.3.4.5|MRN-0042')}`), 200, 'by chart number'),
    );
    assert.deepEqual(
      found.map((resource) => resource.id),
      [patient.id],
    );
    assert.ok(
      found[0].identifier.some(
        (identifier: { system: unknown; value: unknown }) => identifier.system === 'urn:oid:1.2.3.4.5' && identifier.value === 'MRN-0042',
      ),
    );
    assert.deepEqual(bundleResources((await otherEhr.client.get(`/fhir/r4/Patient?identifier=${encodeURIComponent('urn:oid:1.2.3.4.5|MRN-0042')}`)).body), []);
  });

  test('each read is in the audit trail, naming the client', async () => {
    const rows = await api.database.db
      .selectFrom('audit_events')
      .select(['action', 'detail', 'actor_id'])
      .where('patient_id', '=', patient.id)
      .where('action', '=', 'fhir.read')
      .execute();
    assert.ok(rows.length > 0);
    assert.ok(rows.every((row) => (row.detail as { viaClient?: string } | null)?.viaClient === ehr.clientId));
  });

  test("another practice's EHR sees nothing of this practice's patients, exactly as if they did not exist", async () => {
    const missing = assertFhir(await otherEhr.client.get(`/fhir/r4/Patient/${randomUUID()}`), 404, 'unknown patient');
    const hidden = assertFhir(await otherEhr.client.get(`/fhir/r4/Patient/${patient.id}`), 404, "another practice's patient");
    assert.deepEqual(hidden, missing);
    const observation = bundleResources((await ehr.client.get(`/fhir/r4/Observation?patient=${patient.id}`)).body)[0];
    assertFhir(await otherEhr.client.get(`/fhir/r4/Observation/${observation.id}`), 404, "another practice's observation");
    assert.deepEqual(bundleResources(assertFhir(await otherEhr.client.get(`/fhir/r4/Observation?patient=${patient.id}`), 200, 'search')), []);
    assert.deepEqual(bundleResources(assertFhir(await otherEhr.client.get(`/fhir/r4/Patient?identifier=${patient.programId}`), 200, 'identifier')), []);
    const ownList = bundleResources(assertFhir(await otherEhr.client.get('/fhir/r4/Patient'), 200, 'own patients'));
    assert.ok(ownList.every((resource) => resource.id !== patient.id));
    // A pharmacy's system follows the pharmacy's paths (program id + birth date, the named prescription), not the chart.
    assertFhir(await pharmacySystem.client.get(`/fhir/r4/Patient/${patient.id}`), 404, 'pharmacy system');
  });

  test('a token without the scope for a type gets 403; an unknown or missing token 401', async () => {
    assertFhir(await patientOnlyEhr.client.get(`/fhir/r4/Patient/${patient.id}`), 200, 'in scope');
    const refused = assertFhir(await patientOnlyEhr.client.get(`/fhir/r4/Observation?patient=${patient.id}`), 403, 'out of scope');
    assert.match(refused.issue[0].diagnostics, /system\/Observation/);
    assertFhir(await patientOnlyEhr.client.get(`/fhir/r4/CarePlan/course-${patient.id}`), 403, 'out of scope read');
    const unknown = assertFhir(await interopHttpClient(api, 'not-a-token').get(`/fhir/r4/Patient/${patient.id}`), 401, 'unknown token');
    assert.equal(unknown.issue[0].code, 'login');
    assertFhir(await interopHttpClient(api, null).get(`/fhir/r4/Patient/${patient.id}`), 401, 'no token');
    assertFhir(await interopHttpClient(api, null).get('/fhir/r4/$export'), 401, 'no token, export');
  });

  test('bad requests are OperationOutcomes, never a 500', async () => {
    assertFhir(await ehr.client.get('/fhir/r4/Practitioner/abc'), 404, 'unserved type');
    assertFhir(await ehr.client.get('/fhir/r4/Observation/not-an-id'), 404, 'impossible id');
    assertFhir(await ehr.client.get('/fhir/r4/AuditEvent/99999999999999999999999'), 404, 'huge id');
    assertFhir(await ehr.client.get('/fhir/r4/Observation'), 400, 'search without patient');
    assertFhir(await ehr.client.get(`/fhir/r4/Observation?patient=${patient.id}&patient=${patient.id}`), 400, 'repeated patient');
    const broken = await ehr.client.get('/fhir/r4/Observation?patient=%E0%A4%A');
    assert.ok(broken.status < 500, 'broken encoding');
    assertValidFhir(broken.body);
    assertFhir(await ehr.client.get(`/fhir/r4/Patient/${'x'.repeat(500)}`), 414, 'overlong id');
    assertFhir(await ehr.client.get('/fhir/r4/nothing/here/at/all'), 404, 'no such route');
    assertFhir(await ehr.client.get('/FHIR/R4/Patient'), 404, 'near miss of the base');
    assertFhir(await ehr.client.get('/fhir/r4/Patient?identifier=a%00b'), 400, 'a NUL byte');
  });

  test('bulk export: kick-off, progress, manifest, NDJSON files of this practice only, then DELETE', async () => {
    assertFhir(await ehr.client.get('/fhir/r4/$export'), 400, 'without Prefer: respond-async');
    assertFhir(await ehr.client.get('/fhir/r4/$export?_type=Practitioner', { prefer: 'respond-async' }), 400, 'unknown type');
    assertFhir(await patientOnlyEhr.client.get('/fhir/r4/$export?_type=Observation', { prefer: 'respond-async' }), 403, 'type out of scope');
    assertFhir(await pharmacySystem.client.get('/fhir/r4/$export', { prefer: 'respond-async' }), 403, 'a pharmacy system exports no practice');

    const kickOff = await ehr.client.get('/fhir/r4/$export', { prefer: 'respond-async', accept: 'application/fhir+json' });
    assertFhir(kickOff, 202, 'kick-off');
    const statusUrl = String(kickOff.headers['content-location']);
    assert.match(statusUrl, /\/fhir\/r4\/\$export-status\/[0-9a-f-]{36}$/);
    assertFhir(await otherEhr.client.get(new URL(statusUrl).pathname), 404, "another client's export");

    const done = await waitForExport(ehr.client, statusUrl);
    assert.equal(done.status, 200, done.text);
    const manifest = done.body;
    assert.equal(manifest.requiresAccessToken, true);
    assert.deepEqual(manifest.error, []);
    assert.deepEqual(
      manifest.output.map((file: { type: unknown }) => file.type),
      [...FHIR_READ_TYPES],
    );
    const exportedPatients = new Set<string>();
    for (const file of manifest.output) {
      const path = new URL(file.url).pathname;
      assertFhir(await interopHttpClient(api, null).get(path), 401, 'file without token');
      assertFhir(await otherEhr.client.get(path), 404, "another client's file");
      const ndjson = await ehr.client.get(path);
      assert.equal(ndjson.status, 200);
      assert.match(String(ndjson.headers['content-type']), /^application\/fhir\+ndjson/);
      assert.equal(ndjson.body, ndjson.text, 'NDJSON is left as text');
      const lines = ndjson.text.trimEnd().split('\n');
      assert.equal(lines.length, file.count);
      for (const line of lines) {
        const resource = JSON.parse(line);
        assert.equal(resource.resourceType, file.type);
        assertValidFhir(resource);
        if (resource.resourceType === 'Patient') {
          exportedPatients.add(resource.id);
        }
      }
    }
    assert.deepEqual([...exportedPatients], [patient.id], "only this practice's patient");

    const cancelled = await ehr.client.raw('DELETE', new URL(statusUrl).pathname, undefined);
    assertFhir(cancelled, 202, 'DELETE');
    assertFhir(await ehr.client.get(new URL(statusUrl).pathname), 404, 'after DELETE');
    assertFhir(await ehr.client.get(new URL(manifest.output[0].url).pathname), 404, 'file after DELETE');
  });

  test('Patient/$export of selected types', async () => {
    const kickOff = await ehr.client.get('/fhir/r4/Patient/$export?_type=Patient,Consent&_outputFormat=application%2Ffhir%2Bndjson', {
      prefer: 'respond-async',
    });
    assertFhir(kickOff, 202, 'kick-off');
    const done = await waitForExport(ehr.client, String(kickOff.headers['content-location']));
    assert.deepEqual(
      done.body.output.map((file: { type: unknown }) => file.type),
      ['Patient', 'Consent'],
    );
  });
});
