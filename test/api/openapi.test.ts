// The OpenAPI document lists every route the server answers, and every route but the log-in
// needs one.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isInteropPath } from '../../src/interop/interopRoutes.js';
import { startTestApi, TEST_PASSWORD, type TestApi } from '../support/api.js';
import {
  insertFeedback,
  insertMatchReview,
  insertMissedDoseReport,
  insertOrder,
  headerText,
  refusalFormatProblem,
  ROUTES,
  routeContextFor,
  routeName,
  sampleName,
  send,
  type RouteContext,
} from '../support/routes.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
// ajv-formats is CommonJS: its function is the module's default export under NodeNext.
const addFormats = formats as unknown as typeof formats.default;
import { assertStatus, enrollPatient, lookupOf, requestAuthorization } from '../support/journeys.js';
import { registerInteropClient } from '../support/interopClients.js';
import { testPracticeClient } from '../support/interopActors.js';
import type { UntypedJson } from '../support/json.js';

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
    ctx = routeContextFor(patient, { pharmacyId: api.ids.pharmacyId, userId: api.ids.users.prescriber, organizationId: api.ids.pharmacyId, on: '2025-03-10' });
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
    for (const [path, operations] of Object.entries(body.paths as Record<string, Record<string, UntypedJson>>)) {
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

// ---------------------------------------------------------------------------------------------
// What each operation answers, as documented (issue 12, item 7): a success answer for every
// operation, errors in the edge's own format, and every answer the server gives a sample request
// — its status, content type and, for a success, its body — as the document says.

type Json = Record<string, UntypedJson>;
type Edge = 'api' | 'fhir' | 'ncpdp' | 'oauth';

/** The error format a path's refusals use: problem+json for the API, the standards' own at the edges. */
function edgeOf(path: string): Edge {
  if (path.startsWith('/fhir/') || path.startsWith('/cds-services')) {
    return 'fhir';
  }
  if (path.startsWith('/ncpdp/')) {
    return 'ncpdp';
  }
  if (path.startsWith('/auth/token')) {
    return 'oauth';
  }
  return 'api';
}

const ERROR_MEDIA: Record<Edge, string> = {
  api: 'application/problem+json',
  fhir: 'application/fhir+json',
  ncpdp: 'application/xml',
  oauth: 'application/json',
};

/** The component an edge's error body is described by (null: the format is not JSON, or OAuth's own). */
const ERROR_COMPONENT: Record<Edge, string | null> = { api: 'Problem', fhir: 'OperationOutcome', ncpdp: null, oauth: null };

function operationsOf(document: Json): Array<{ name: string; path: string; method: string; operation: Json }> {
  return Object.entries(document.paths as Record<string, Record<string, Json>>).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, path, method, operation })),
  );
}

/** A schema with its component references made local (#/$defs/…), so Ajv compiles it alone. */
function standalone(schema: unknown, components: Json): Json {
  const text = JSON.stringify(schema).replaceAll('"#/components/schemas/', '"#/$defs/');
  const defs = JSON.parse(JSON.stringify(components).replaceAll('"#/components/schemas/', '"#/$defs/'));
  return { ...JSON.parse(text), $defs: defs };
}

function mediaType(header: unknown): string {
  return headerText(header).split(';')[0]?.trim().toLowerCase() ?? '';
}

describe('what the OpenAPI document says each operation answers', () => {
  let api: TestApi;
  let document: Json;
  let ctx: RouteContext;
  const tokens: Partial<Record<string, string>> = {};
  let clients: Record<'practice' | 'pharmacy', string>;
  const ON = '2025-03-10';

  before(async () => {
    api = await startTestApi();
    api.today(ON);
    document = (await api.withToken(null).get('/api/openapi.json')).body;
    // A patient with a record on every route: prescription, authorization, medication, order,
    // feedback, an identity review and an inbox message (as test/api/recordAccess.test.ts builds).
    const patient = await enrollPatient(api, { category: 'PCNGP', enrolledOn: ON, account: { email: 'p@test.example', password: 'patient password P' } });
    assertStatus(await api.as('prescriber').post(`/patients/${patient.id}/counselings`, { counseledOn: ON, modality: 'inPerson' }), 201, 'counseling');
    const prescription = await api.as('prescriber').post(`/patients/${patient.id}/prescriptions`, {
      writtenOn: ON,
      product: 'claravis',
      strengthMg: 40,
      capsulesPerDay: 1,
      daysSupply: 30,
      quantity: 30,
      refills: 0,
      pharmacyId: api.ids.pharmacyId,
    });
    assertStatus(prescription, 201, 'prescription');
    const authorization = await requestAuthorization(api, patient, prescription.body.id, ON);
    assertStatus(authorization, 201, 'authorization');
    const medication = await api.as('prescriber').post(`/patients/${patient.id}/medications`, { name: 'Ibuprofen 200 mg', startedOn: ON });
    assertStatus(medication, 201, 'medication');
    const orderId = await insertOrder(api, patient.id, prescription.body.id, api.ids.pharmacyId, ON);
    const prescriberUser = api.ids.users.prescriber;
    const message = await api.services.db
      .insertInto('outbox_messages')
      .values({
        patient_id: patient.id,
        recipient_user_id: prescriberUser,
        kind: 'test',
        subject: 'Your monthly test is due',
        body: 'Synthetic reminder',
        due_on: ON,
        channel: 'inbox',
        dedupe_key: `openapi-test:${patient.id}`,
        delivered_at: new Date(`${ON}T12:00:00Z`),
        read_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const practice = await registerInteropClient(api, { kind: 'practice' });
    const pharmacy = await registerInteropClient(api, { kind: 'pharmacy' });
    // Its own client to revoke, not one the interop samples use.
    const revoked = await registerInteropClient(api, { kind: 'practice', name: 'To be revoked' });
    clients = { practice: practice.token, pharmacy: pharmacy.token };
    ctx = {
      patientId: patient.id,
      ...lookupOf(patient),
      prescriptionId: prescription.body.id,
      authorizationId: authorization.body.id,
      medicationId: medication.body.id,
      missedDoseId: await insertMissedDoseReport(api, patient.id, ON),
      messageId: message.id,
      orderId,
      pharmacyId: api.ids.pharmacyId,
      feedbackId: await insertFeedback(api, orderId, ON),
      reviewId: await insertMatchReview(api, patient.id, await testPracticeClient(api, patient.id)),
      userId: api.ids.users.pharmacist,
      organizationId: api.ids.pharmacyId,
      clientId: revoked.id,
      on: ON,
    };
  });
  after(() => api.close());

  async function tokenOf(caller: string): Promise<string> {
    const email = caller === 'patient' ? 'p@test.example' : `${caller}@test.example`;
    const password = caller === 'patient' ? 'patient password P' : TEST_PASSWORD;
    const login = await api.withToken(null).post('/sessions', { email, password });
    assertStatus(login, 201, `log-in of ${caller}`);
    return login.body.token as string;
  }

  test("every operation documents a success answer, and its error answers in its edge's format (problem+json; OperationOutcome at FHIR and CDS Hooks)", () => {
    const components = document.components?.schemas ?? {};
    assert.ok(components.Problem !== undefined, 'one shared Problem component');
    assert.ok(components.OperationOutcome !== undefined, 'one shared OperationOutcome component');
    const wrong: string[] = [];
    let withoutSuccess = 0;
    const operations = operationsOf(document);
    for (const { name, path, operation } of operations) {
      const responses = (operation.responses ?? {}) as Record<string, Json>;
      if (!Object.keys(responses).some((status) => /^2/.test(status))) {
        withoutSuccess += 1;
        wrong.push(`${name}: no success (2xx) answer documented`);
      }
      const edge = edgeOf(path);
      for (const [status, response] of Object.entries(responses)) {
        if (!/^[45]/.test(status)) {
          continue;
        }
        const media = Object.keys(response.content ?? {});
        if (media.length !== 1 || media[0] !== ERROR_MEDIA[edge]) {
          wrong.push(`${name} ${status}: documented as ${media.join(', ') || 'no content'}, sent as ${ERROR_MEDIA[edge]}`);
          continue;
        }
        const component = ERROR_COMPONENT[edge];
        const schema = response.content[media[0]].schema as Json;
        if (component !== null && schema.$ref !== `#/components/schemas/${component}`) {
          wrong.push(`${name} ${status}: not the shared ${component} component (${JSON.stringify(schema).slice(0, 80)})`);
        }
      }
    }
    assert.deepEqual(wrong, [], `${withoutSuccess} of ${operations.length} operations without a success answer`);
  });

  test('405 is documented once, with the Allow header', () => {
    const response = document.components?.responses?.MethodNotAllowed as Json | undefined;
    assert.ok(response !== undefined, 'components.responses.MethodNotAllowed');
    assert.ok(response.headers?.Allow !== undefined, 'names the Allow header');
    assert.equal(response.content?.['application/problem+json']?.schema?.$ref, '#/components/schemas/Problem');
    assert.match(String(document.info.description), /405/);
  });

  /**
   * What is wrong with an answer as the document describes the operation (null: nothing): its
   * status must be listed, its content type among that status's, and a JSON body (a success's or a
   * refusal's) must match the documented schema.
   */
  let ajv: InstanceType<typeof Ajv2020> | null = null;
  function undocumented(operation: Json, what: string, response: { status: number; body: unknown; headers: Record<string, unknown> }): string | null {
    if (ajv === null) {
      ajv = new Ajv2020({ strict: false, allErrors: true });
      addFormats(ajv);
    }
    const documented = (operation.responses ?? {})[String(response.status)] as Json | undefined;
    const media = mediaType(response.headers['content-type']);
    const said = `${what} → ${response.status} ${media || '(no body)'}`;
    if (documented === undefined) {
      return `${said}: status not documented (${Object.keys(operation.responses ?? {}).join(', ')})`;
    }
    if (documented.content === undefined) {
      return response.body === null || response.body === '' ? null : `${said}: documented without a body, sent one`;
    }
    const content = documented.content[media] as Json | undefined;
    if (content === undefined) {
      return `${said}: documented as ${Object.keys(documented.content).join(', ')}`;
    }
    if (/[/+]json$/.test(media) && content.schema !== undefined) {
      const validate = ajv.compile(standalone(content.schema, document.components?.schemas ?? {}));
      if (!validate(response.body)) {
        return `${said}: body does not match the documented schema: ${ajv.errorsText(validate.errors).slice(0, 400)}`;
      }
    }
    return null;
  }

  function operationAt(method: string, path: string): Json {
    const operation = document.paths?.[path]?.[method.toLowerCase()] as Json | undefined;
    assert.ok(operation !== undefined, `${method} ${path} is documented`);
    return operation;
  }

  test("each route sample's answer (status, content type and a success's or refusal's body) is what the document says", async (t) => {
    const wrong: string[] = [];
    const validated: string[] = [];
    const unsuccessful: string[] = [];
    const callers = ['prescriber', 'pharmacist', 'patient', 'admin', 'delegate'] as const;
    for (const route of ROUTES) {
      const operation = document.paths?.[route.path]?.[route.method.toLowerCase()] as Json | undefined;
      if (operation === undefined) {
        wrong.push(`${sampleName(route)}: not documented`);
        continue;
      }
      // An interop sample with its client's access token; a public one without; an API sample as
      // each role in turn until one succeeds (each answer must be documented).
      const client = route.client;
      const attempts: Array<() => Promise<string | null>> =
        client !== undefined
          ? [() => Promise.resolve(clients[client])]
          : route.public === true
            ? [() => Promise.resolve(null)]
            : callers.map(
                (caller) => async () => (routeName(route) === 'DELETE /api/v1/sessions/current' ? tokenOf(caller) : (tokens[caller] ??= await tokenOf(caller))),
              );
      let succeeded = false;
      for (const attempt of attempts) {
        const token = await attempt();
        const response = await send(api, route, ctx, token === null ? {} : { token });
        const problem = undocumented(operation, sampleName(route), response);
        if (problem !== null) {
          wrong.push(problem);
        }
        if (response.status >= 200 && response.status < 300) {
          if (problem === null && /[/+]json$/.test(mediaType(response.headers['content-type']))) {
            validated.push(sampleName(route));
          }
          succeeded = true;
          break;
        }
      }
      if (!succeeded) {
        unsuccessful.push(sampleName(route));
      }
    }
    t.diagnostic(`${validated.length} of ${ROUTES.length} samples answered 2xx JSON validated against the document; no 2xx for: ${unsuccessful.join('; ')}`);
    assert.deepEqual(wrong, []);
    assert.ok(validated.length >= 90, `${validated.length} success bodies validated`);
  });

  test('answers the samples do not reach are documented too: a log-in, and a bulk export from kick-off to its file and its cancellation', async () => {
    const login = await api.withToken(null).post('/sessions', { email: 'admin@test.example', password: TEST_PASSWORD });
    assert.equal(login.status, 201);
    assert.equal(undocumented(operationAt('POST', '/api/v1/sessions'), 'a log-in', login), null);

    const fhir = (method: 'GET' | 'DELETE', url: string) =>
      api.app.inject({ method, url, headers: { authorization: `Bearer ${clients.practice}`, prefer: 'respond-async' } }).then((answer) => ({
        status: answer.statusCode,
        headers: answer.headers,
        body: answer.body === '' ? null : /[/+]json$/.test(mediaType(answer.headers['content-type'])) ? JSON.parse(answer.body) : answer.body,
      }));
    const kickOff = await fhir('GET', '/fhir/r4/$export?_type=Patient');
    assert.equal(kickOff.status, 202, JSON.stringify(kickOff.body));
    assert.equal(undocumented(operationAt('GET', '/fhir/r4/$export'), 'a kick-off', kickOff), null);
    const statusUrl = new URL(String(kickOff.headers['content-location'])).pathname;
    let status = await fhir('GET', statusUrl);
    for (let polls = 0; status.status === 202 && polls < 100; polls += 1) {
      assert.equal(undocumented(operationAt('GET', '/fhir/r4/$export-status/{jobId}'), 'a running export', status), null);
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = await fhir('GET', statusUrl);
    }
    assert.equal(status.status, 200, JSON.stringify(status.body));
    assert.equal(undocumented(operationAt('GET', '/fhir/r4/$export-status/{jobId}'), 'a finished export', status), null);
    const file = await fhir('GET', new URL(status.body.output[0].url).pathname);
    assert.equal(undocumented(operationAt('GET', '/fhir/r4/$export-status/{jobId}/files/{fileId}'), 'an export file', file), null);
    const cancelled = await fhir('DELETE', statusUrl);
    assert.equal(cancelled.status, 202);
    assert.equal(undocumented(operationAt('DELETE', '/fhir/r4/$export-status/{jobId}'), 'a cancellation', cancelled), null);
  });
});
