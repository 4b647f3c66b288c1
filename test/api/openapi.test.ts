// The OpenAPI document lists every route the server answers, and every route but the log-in
// needs one.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { isInteropPath } from '../../src/interop/interopRoutes.js';
import { startTestApi, TEST_PASSWORD, type TestApi } from '../support/api.js';
import { refusalFormatProblem, ROUTES, routeName, sampleName, send, type RouteContext } from '../support/routes.js';

/** The routes Fastify actually serves, read from its route tree (HEAD is implied by GET). */
function servedRoutes(api: TestApi): string[] {
  const tree = api.app.printRoutes({ commonPrefix: false });
  const stack: string[] = [];
  const routes: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+)(?: \(([A-Z, ]+)\))?/.exec(line);
    if (match === null) {
      continue;
    }
    const depth = (match[1] ?? '').length / 4;
    stack.length = depth;
    stack.push(match[2] ?? '');
    const methods = (match[3] ?? '').split(', ').filter((method) => method !== '' && method !== 'HEAD');
    const path = stack.join('').replace(/:(\w+)/g, '{$1}');
    routes.push(...methods.map((method) => `${method} ${path}`));
  }
  return routes.sort();
}

describe('the OpenAPI document', () => {
  let api: TestApi;
  let ctx: RouteContext;
  before(async () => {
    api = await startTestApi();
    api.today('2025-03-10');
    const patient = await api.enroll({ category: 'PCNGP', enrolledOn: '2025-03-10' });
    ctx = {
      patientId: patient.id,
      programId: patient.programId,
      birthDate: patient.birthDate,
      prescriptionId: randomUUID(),
      authorizationId: randomUUID(),
      medicationId: randomUUID(),
      missedDoseId: randomUUID(),
      messageId: randomUUID(),
      orderId: randomUUID(),
      pharmacyId: api.ids.pharmacyId,
      feedbackId: randomUUID(),
      reviewId: randomUUID(),
      userId: api.ids.users.prescriber,
      organizationId: api.ids.pharmacyId,
      clientId: randomUUID(),
      on: '2025-03-10',
    };
  });
  after(() => api.close());

  test('GET /api/openapi.json lists every route the server answers, and nothing else', async () => {
    const response = await api.withToken(null).get('/api/openapi.json');
    assert.equal(response.status, 200, 'readable without a log-in');
    assert.match(String(response.headers['content-type']), /^application\/json/);
    assert.equal(response.body.openapi, '3.1.0');

    const documented = Object.entries(response.body.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    // The web app's files (served at / when web/dist is built) are not part of the API; the
    // standards-facing edges (FHIR, CDS Hooks, SCRIPT, SMART) are.
    const served = servedRoutes(api).filter((route) => route.includes(' /api/v1/') || isInteropPath(route.split(' ')[1]));
    assert.deepEqual(documented, served);
    assert.deepEqual(documented, [...new Set(ROUTES.map(routeName))].sort(), 'test/support/routes.ts lists every route');
  });

  test('every documented operation has a summary and documents its error answers as problem details', async () => {
    const { body } = await api.withToken(null).get('/api/openapi.json');
    for (const [path, operations] of Object.entries(body.paths as Record<string, Record<string, any>>)) {
      for (const [method, operation] of Object.entries(operations)) {
        const name = `${method.toUpperCase()} ${path}`;
        assert.ok(typeof operation.summary === 'string' && operation.summary.length > 0, `${name} has a summary`);
        const statuses = Object.keys(operation.responses ?? {});
        // Only what answers without a log-in (the log-in, the public service ratings) never answers 401.
        if (ROUTES.find((route) => routeName(route) === name)?.public !== true) {
          assert.ok(statuses.includes('401'), `${name} documents 401`);
        }
        if (operation.requestBody !== undefined || (operation.parameters ?? []).length > 0) {
          assert.ok(statuses.includes('400'), `${name} documents 400`);
        }
      }
    }
  });

  test('every route but the public ones answers 401 without a session, with an unknown token, or with an unknown cookie (problem+json; an OperationOutcome or NCPDP Error for an interop client route)', async () => {
    const before = await api.as('prescriber').get(`/patients/${ctx.patientId}`);
    for (const route of ROUTES.filter((candidate) => candidate.public !== true)) {
      for (const [label, options] of [
        ['no credentials', {}],
        ['unknown bearer token', { token: 'not-a-session-token' }],
        ['unknown session cookie', { headers: { cookie: 'isocourse_session=not-a-session-token' } }],
      ] as const) {
        const response = await send(api, route, ctx, options);
        const what = `${sampleName(route)} (${label}): ${JSON.stringify(response.body)}`;
        assert.equal(response.status, 401, what);
        // problem+json for the API; an OperationOutcome or an NCPDP Error for an interop route.
        const text = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
        assert.equal(refusalFormatProblem(route, response.status, response.headers['content-type'], text), null, what);
      }
    }
    const afterwards = await api.as('prescriber').get(`/patients/${ctx.patientId}`);
    assert.deepEqual(afterwards.body.facts, before.body.facts, 'nothing was recorded');
  });

  test("an interop route refuses a person's session, as a bearer token or a cookie: machines use a client's access token", async (t) => {
    const interop = ROUTES.filter((route) => route.client !== undefined && route.public !== true);
    t.diagnostic(`${interop.length} interop samples with a client`);
    const login = await api.withToken(null).post('/sessions', { email: 'prescriber@test.example', password: TEST_PASSWORD });
    const session = login.body.token as string;
    for (const route of interop) {
      for (const [label, options] of [
        ["a prescriber's session token", { token: session }],
        ["a prescriber's session cookie", { headers: { cookie: `isocourse_session=${session}` } }],
      ] as const) {
        const response = await send(api, route, ctx, options);
        const what = `${sampleName(route)} (${label}): ${response.status} ${JSON.stringify(response.body)}`;
        assert.equal(response.status, 401, what);
        const text = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
        assert.equal(refusalFormatProblem(route, response.status, response.headers['content-type'], text), null, what);
      }
    }
  });

  test('without a session, a request with a bad body is still answered 401, before its fields are judged', async () => {
    const response = await api.withToken(null).post(`/patients/${ctx.patientId}/counselings`, { counseledOn: '2025-02-30', surprise: true });
    assert.equal(response.status, 401, JSON.stringify(response.body));
  });

  test('an unknown route answers 404 problem+json', async () => {
    const response = await api.as('prescriber').get('/no-such-route');
    assert.equal(response.status, 404);
    assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
  });
});
