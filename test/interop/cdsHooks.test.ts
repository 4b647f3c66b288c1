// CDS Hooks 2.0 as an EHR meets it: discovery, then a hook call with a draft isotretinoin order gets the
// program engine's verdict as cards (the same reasons GET /patients/{id}/status returns), with what fixes
// each and a link to where it is recorded; identity is never a guess; a slow EHR never makes it hang.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { PROGRAM_ID_SYSTEM, RXNORM, NDC } from '../../src/interop/fhir/systems.js';
import { startTestApi, type EnrolledPatient, type TestApi } from '../support/api.js';
import { assertValidFhir } from '../support/fhirValidation.js';
import { interopHttpClient, registerInteropClient, type InteropHttpClient } from '../support/interopClients.js';
import { enrollExamplePatient } from '../support/interopExamples.js';
import { present } from '../support/present.js';

const TODAY = '2025-03-10';

function isotretinoinOrder(patientId: string, extra: Record<string, unknown> = {}) {
  return {
    resourceType: 'MedicationRequest',
    id: 'draft-1',
    status: 'draft',
    intent: 'order',
    subject: { reference: `Patient/${patientId}` },
    medicationCodeableConcept: {
      coding: [
        { system: RXNORM, code: '6064' },
        { system: NDC, code: '0245-0571-01' },
      ],
    },
    ...extra,
  };
}

function ehrPatient(id: string, programId: string | null, name = { given: ['Jon', 'Stark'], family: 'Snow' }, birthDate = '1996-06-01') {
  return {
    resourceType: 'Patient',
    id,
    birthDate,
    name: [{ use: 'official', ...name }],
    identifier: [
      { system: 'http://hl7.org/fhir/sid/us-medicare', value: '0V843229061TB' },
      ...(programId === null ? [] : [{ system: PROGRAM_ID_SYSTEM, value: programId }]),
    ],
  };
}

function orderSign(ehrId: string, patient: unknown, orders: unknown[], extra: Record<string, unknown> = {}) {
  return {
    hookInstance: 'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea',
    hook: 'order-sign',
    context: { userId: 'Practitioner/pra1234', patientId: ehrId, draftOrders: { resourceType: 'Bundle', entry: orders.map((resource) => ({ resource })) } },
    ...(patient === null ? {} : { prefetch: { patient } }),
    ...extra,
  };
}

describe('CDS Hooks: discovery and the REMS services', () => {
  let api: TestApi;
  let ehr: InteropHttpClient;
  let jon: EnrolledPatient;
  let silent: http.Server;
  let answering: http.Server;
  let silentBase = '';
  let answeringBase = '';
  const ehrRequests: Array<{ url: string | undefined; authorization: string | undefined }> = [];

  before(async () => {
    api = await startTestApi();
    api.today(TODAY);
    jon = { ...(await enrollExamplePatient(api, '2025-03-01')), birthDate: '1996-06-01' };
    ehr = (await registerInteropClient(api, { kind: 'practice' })).client;
    silent = http.createServer(() => undefined);
    answering = http.createServer((request, response) => {
      ehrRequests.push({ url: request.url, authorization: request.headers.authorization });
      if (request.url === '/fhir/Patient/ehr-jon') {
        response.writeHead(200, { 'content-type': 'application/fhir+json' }).end(JSON.stringify(ehrPatient('ehr-jon', jon.programId)));
      } else {
        response.writeHead(500).end('boom');
      }
    });
    for (const server of [silent, answering]) {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    }
    silentBase = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/fhir`;
    answeringBase = `http://127.0.0.1:${(answering.address() as AddressInfo).port}/fhir`;
  });
  after(async () => {
    for (const server of [silent, answering]) {
      server.closeAllConnections();
      server.close();
    }
    await api.close();
  });

  test('discovery is public and lists the four services the reference EHR calls, with prefetch templates', async () => {
    const res = await interopHttpClient(api, null).get('/cds-services');
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(
      res.body.services.map((s: { id: string; hook: string }) => `${s.id} ${s.hook}`),
      ['rems-order-sign order-sign', 'rems-order-select order-select', 'rems-patient-view patient-view', 'rems-encounter-start encounter-start'],
    );
    for (const service of res.body.services) {
      assert.equal(service.prefetch.patient, 'Patient/{{context.patientId}}');
      assert.equal(typeof service.description, 'string');
    }
  });

  test('an isotretinoin draft order for an enrolled patient: one card per blocking reason, the same reasons the API returns, each with what fixes it and a link into isocourse', async () => {
    const status = await api.as('prescriber').get(`/patients/${jon.id}/status`);
    const res = await ehr.post('/cds-services/rems-order-sign', orderSign('ehr-jon', ehrPatient('ehr-jon', jon.programId), [isotretinoinOrder('ehr-jon')]), {
      'content-type': 'application/json',
    });
    assert.equal(res.status, 200, res.text);
    const blockers = status.body.blockers as Array<{ message: string; action: string }>;
    assert.ok(blockers.length > 0);
    assert.deepEqual(
      res.body.cards.map((card: { summary: string }) => card.summary),
      blockers.map((blocker) => blocker.message),
    );
    for (const [index, card] of res.body.cards.entries()) {
      assert.ok(card.detail.includes(present(blockers[index]).action), card.detail);
      assert.ok(['warning', 'critical'].includes(card.indicator));
      assert.equal(card.source.label, 'isocourse — iPLEDGE REMS program');
      assert.match(card.links[0].url, new RegExp(`^http://localhost(:80)?/patients/${jon.id}#`));
      assert.equal(card.links[0].type, 'absolute');
    }
  });

  test('the program identifier also travels in a plain NDC-only order, and the second coding counts', async () => {
    const ndcOnly = isotretinoinOrder('ehr-jon', {
      medicationCodeableConcept: {
        coding: [
          { system: 'http://example.org/local', code: 'X' },
          { system: NDC, code: '00245-0571-01' },
        ],
      },
    });
    const res = await ehr.post('/cds-services/rems-order-select', {
      ...orderSign('ehr-jon', ehrPatient('ehr-jon', jon.programId), [ndcOnly]),
      hook: 'order-select',
    });
    assert.equal(res.status, 200, res.text);
    assert.ok(res.body.cards.length > 0);
  });

  test('a draft order that is not isotretinoin gets no cards', async () => {
    const other = isotretinoinOrder('ehr-jon', { medicationCodeableConcept: { coding: [{ system: RXNORM, code: '617314' }] } });
    const res = await ehr.post('/cds-services/rems-order-sign', orderSign('ehr-jon', ehrPatient('ehr-jon', jon.programId), [other]));
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body, { cards: [] });
  });

  test('the same hookInstance twice is answered twice, in full (never deduplicated)', async () => {
    const request = orderSign('ehr-jon', ehrPatient('ehr-jon', jon.programId), [isotretinoinOrder('ehr-jon')]);
    const first = await ehr.post('/cds-services/rems-order-sign', request);
    const second = await ehr.post('/cds-services/rems-order-sign', request);
    assert.ok(first.body.cards.length > 0);
    assert.deepEqual(
      second.body.cards.map((c: { summary: string }) => c.summary),
      first.body.cards.map((c: { summary: string }) => c.summary),
    );
  });

  test('patient-view without fhirServer and with a bare userId: her status from the prefetched patient', async () => {
    const res = await ehr.post('/cds-services/rems-patient-view', {
      hook: 'patient-view',
      hookInstance: 'pv-1',
      context: { userId: 'pra1234', patientId: 'ehr-jon' },
      prefetch: { patient: ehrPatient('ehr-jon', jon.programId) },
    });
    assert.equal(res.status, 200, res.text);
    assert.ok(res.body.cards.length > 0);
  });

  test('an identifier sent next to the program identifier was linked: it alone now identifies him', async () => {
    // The earlier calls carried his program identifier and the EHR's Medicare number: the program identifier proved whose it is.
    const res = await ehr.post('/cds-services/rems-order-sign', orderSign('ehr-jon', ehrPatient('ehr-jon', null), [isotretinoinOrder('ehr-jon')]));
    assert.equal(res.status, 200, res.text);
    assert.match(res.body.cards[0].links[0].url, new RegExp(`/patients/${jon.id}#`));
  });

  test('name and birth date alone: a "needs review" card, never a link to a record', async () => {
    const unlinked = { ...ehrPatient('ehr-jon', null), identifier: [{ system: 'urn:oid:1.2.3.4', value: 'MRN-77' }] };
    const res = await ehr.post('/cds-services/rems-order-sign', orderSign('ehr-jon', unlinked, [isotretinoinOrder('ehr-jon')]));
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.cards.length, 1);
    assert.match(res.body.cards[0].summary, /needs review/);
    assert.equal(res.body.cards[0].links, undefined);
    assert.doesNotMatch(res.text, new RegExp(jon.id));
  });

  test('a patient isocourse does not know, with an isotretinoin order: a suggestion to enroll', async () => {
    const stranger = ehrPatient('ehr-arya', null, { given: ['Arya'], family: 'Stark' }, '2001-02-03');
    const res = await ehr.post('/cds-services/rems-order-sign', orderSign('ehr-arya', stranger, [isotretinoinOrder('ehr-arya')]));
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.cards.length, 1);
    assert.match(res.body.cards[0].summary, /Not enrolled/);
    assert.match(res.body.cards[0].links[0].url, /\/patients\/new$/);
    assert.equal(res.body.cards[0].suggestions[0].actions[0].resource.resourceType, 'Task');
    assertValidFhir(res.body.cards[0].suggestions[0].actions[0].resource);
  });

  test('without prefetch, the patient is read from fhirServer with the fhirAuthorization bearer', async () => {
    const res = await ehr.post(
      '/cds-services/rems-order-sign',
      orderSign('ehr-jon', null, [isotretinoinOrder('ehr-jon')], {
        fhirServer: answeringBase,
        fhirAuthorization: { access_token: 'ehr-access', token_type: 'Bearer', expires_in: 300, scope: 'patient/Patient.read', subject: 'cds' },
      }),
    );
    assert.equal(res.status, 200, res.text);
    assert.ok(res.body.cards.length > 0);
    assert.match(res.body.cards[0].links[0].url, new RegExp(`/patients/${jon.id}#`));
    assert.deepEqual(ehrRequests.at(-1), { url: '/fhir/Patient/ehr-jon', authorization: 'Bearer ehr-access' });
  });

  test('an EHR FHIR server that never answers: the hook still answers within its budget, with a card saying what could not be checked', async () => {
    const started = Date.now();
    const res = await ehr.post('/cds-services/rems-order-sign', orderSign('ehr-jon', null, [isotretinoinOrder('ehr-jon')], { fhirServer: silentBase }));
    const took = Date.now() - started;
    assert.equal(res.status, 200, res.text);
    assert.ok(took < 5000, `answered after ${took} ms`);
    assert.equal(res.body.cards.length, 1);
    assert.equal(res.body.cards[0].indicator, 'warning');
    assert.match(res.body.cards[0].summary, /not checked/);
    assert.match(res.body.cards[0].detail, /did not answer Patient\/ehr-jon within the time allowed/);
  });

  test('an EHR FHIR server that fails: the card says how', async () => {
    const res = await ehr.post('/cds-services/rems-order-sign', orderSign('ehr-x', null, [isotretinoinOrder('ehr-x')], { fhirServer: answeringBase }));
    assert.equal(res.status, 200, res.text);
    assert.match(res.body.cards[0].detail, /HTTP 500/);
  });

  test('refused with an OperationOutcome naming what is wrong, never a 500', async () => {
    const cases: Array<[string, unknown, RegExp]> = [
      ['no context', { hook: 'order-sign', hookInstance: 'x' }, /context/],
      ['no patientId', { hook: 'order-sign', hookInstance: 'x', context: { userId: 'u' } }, /patientId/],
      [
        'draftOrders not a Bundle',
        { hook: 'order-sign', hookInstance: 'x', context: { userId: 'u', patientId: 'p', draftOrders: { resourceType: 'List' } } },
        /draftOrders/,
      ],
      ['no draftOrders for order-sign', { hook: 'order-sign', hookInstance: 'x', context: { userId: 'u', patientId: 'p' } }, /draftOrders/],
      ['a hook sent to another service', { hook: 'patient-view', hookInstance: 'x', context: { userId: 'u', patientId: 'p' } }, /answers the order-sign hook/],
      ['fhirServer not http(s)', { ...orderSign('p', null, []), fhirServer: 'file:///etc/passwd' }, /fhirServer/],
      [
        'a prefetched patient who is another',
        orderSign('ehr-jon', ehrPatient('someone-else', jon.programId), [isotretinoinOrder('ehr-jon')]),
        /context.patientId/,
      ],
    ];
    for (const [what, body, names] of cases) {
      const res = await ehr.post('/cds-services/rems-order-sign', body);
      assert.equal(res.status, 400, `${what}: ${res.text}`);
      assert.equal(res.body.resourceType, 'OperationOutcome', what);
      assertValidFhir(res.body);
      assert.match(JSON.stringify(res.body.issue), names, what);
    }
    const broken = await ehr.raw('POST', '/cds-services/rems-order-sign', '{"hook": ', 'application/json');
    assert.equal(broken.status, 400, broken.text);
    assert.equal(broken.body.resourceType, 'OperationOutcome');
  });

  test('unknown service 404; no token 401; a pharmacy client or a token without the scope 403', async () => {
    const body = orderSign('ehr-jon', ehrPatient('ehr-jon', jon.programId), [isotretinoinOrder('ehr-jon')]);
    const unknown = await ehr.post('/cds-services/rems-nothing', body);
    assert.equal(unknown.status, 404, unknown.text);
    assert.equal(unknown.body.resourceType, 'OperationOutcome');
    const anonymous = await interopHttpClient(api, null).post('/cds-services/rems-order-sign', body);
    assert.equal(anonymous.status, 401, anonymous.text);
    assert.equal(anonymous.body.resourceType, 'OperationOutcome');
    const pharmacy = await registerInteropClient(api, { kind: 'pharmacy' });
    const byPharmacy = await pharmacy.client.post('/cds-services/rems-order-sign', body);
    assert.equal(byPharmacy.status, 403, byPharmacy.text);
    const narrow = await registerInteropClient(api, { kind: 'practice', scopes: ['system/Observation.rs'] });
    const withoutScope = await narrow.client.post('/cds-services/rems-order-sign', body);
    assert.equal(withoutScope.status, 403, withoutScope.text);
    assert.doesNotMatch(anonymous.text + byPharmacy.text + withoutScope.text, new RegExp(jon.id));
  });

  test("a practice sees only its own patients: another practice's EHR with the program identifier gets no record", async () => {
    const otherPractice = await registerInteropClient(api, { kind: 'practice', organizationId: await otherPracticeId(api) });
    const res = await otherPractice.client.post(
      '/cds-services/rems-order-sign',
      orderSign('ehr-jon', ehrPatient('ehr-jon', jon.programId), [isotretinoinOrder('ehr-jon')]),
    );
    assert.equal(res.status, 200, res.text);
    assert.doesNotMatch(res.text, new RegExp(jon.id));
  });
});

async function otherPracticeId(api: TestApi): Promise<string> {
  const row = await api.services.db.selectFrom('organizations').select('id').where('name', '=', 'Other Dermatology').executeTakeFirstOrThrow();
  return row.id;
}
