// Bad input on every route: unknown fields, impossible dates, wrong types and missing fields are
// answered 400 problem+json naming each field, and nothing is stored; broken bodies and other
// content types are answered 4xx problem+json, never 500.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startTestApi, TEST_PASSWORD, type ApiResponse, type StaffRole, type TestApi } from '../support/api.js';
import { assertProblem, assertStatus, authorizeAndDispense, enrollPatient, pcngpVisit, requestAuthorization } from '../support/journeys.js';
import { insertOrder, ROUTES, routeContextFor, routeName, send, storedRows, type RouteContext, type RouteSample } from '../support/routes.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Who may use each route (so a bad request reaches validation, not only authentication). */
function callerOf(route: RouteSample): StaffRole {
  if (/\/(users|organizations|audit)/.test(route.path)) {
    return 'admin';
  }
  if (/\/(authorizations|pharmacy)/.test(route.path)) {
    return 'pharmacist';
  }
  return 'prescriber';
}

interface Defects {
  body: Record<string, unknown>;
  /** field → expected error code */
  expected: Record<string, string>;
}

/** One body with every kind of defect at once, each on its own field. */
function defective(valid: Record<string, unknown>): Defects {
  const expected: Record<string, string> = {};
  const keys = Object.keys(valid);
  const missing = keys[0] as string;
  const { [missing]: _missing, ...body }: Record<string, unknown> = valid;
  expected[missing] = 'REQUIRED';

  const typed =
    keys.find((key) => key !== missing && typeof valid[key] === 'number') ??
    keys.find((key) => key !== missing && typeof valid[key] === 'boolean') ??
    keys.find((key) => key !== missing && typeof valid[key] === 'string' && !ISO_DATE.test(valid[key]));
  if (typed !== undefined) {
    const value = valid[typed];
    body[typed] = typeof value === 'string' ? 42 : String(value);
    // A string field may be a choice among fixed values: then the answer lists them (ENUM).
    expected[typed] = typeof value === 'string' ? 'TYPE|ENUM' : 'TYPE';
  }

  const dated = keys.find((key) => key !== missing && key !== typed && typeof valid[key] === 'string' && ISO_DATE.test(valid[key]));
  if (dated !== undefined) {
    body[dated] = '2025-02-30';
    expected[dated] = 'INVALID_FORMAT';
  }

  body['unexpectedField'] = true;
  expected['unexpectedField'] = 'UNKNOWN_FIELD';
  return { body, expected };
}

/** A context with every field filled, only to find which fields of a sample hold dates. */
const ctxShape: RouteContext = {
  patientId: randomUUID(),
  programId: 'X',
  birthDate: '1990-01-01',
  prescriptionId: randomUUID(),
  authorizationId: randomUUID(),
  medicationId: randomUUID(),
  missedDoseId: randomUUID(),
  messageId: randomUUID(),
  orderId: randomUUID(),
  pharmacyId: randomUUID(),
  feedbackId: randomUUID(),
  userId: randomUUID(),
  organizationId: randomUUID(),
  reviewId: randomUUID(),
  clientId: randomUUID(),
  on: '2025-03-10',
};

/** Every field of a route's sample body (at any depth) or query string holding a YYYY-MM-DD date. */
function datedFields(route: RouteSample, context: RouteContext): Array<{ where: 'body' | 'query'; path: string[] }> {
  const found: Array<{ where: 'body' | 'query'; path: string[] }> = [];
  const walk = (value: unknown, path: string[]): void => {
    if (typeof value === 'string' && ISO_DATE.test(value)) {
      found.push({ where: 'body', path });
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        walk(child, [...path, key]);
      }
    }
  };
  if (route.body !== undefined) {
    walk(route.body(context), []);
  }
  for (const [key, value] of Object.entries(route.query?.(context) ?? {})) {
    if (ISO_DATE.test(value)) {
      found.push({ where: 'query', path: [key] });
    }
  }
  return found;
}

function setAt(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node: Record<string, unknown> = target;
  for (const key of path.slice(0, -1)) {
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1] as string] = value;
}

/** field → code; each field is named once. */
function errorCodes(response: ApiResponse): Record<string, string> {
  const errors = response.body.errors as Array<{ field: string; code: string; message: string }>;
  assert.equal(new Set(errors.map((error) => error.field)).size, errors.length, `each field once: ${JSON.stringify(errors)}`);
  return Object.fromEntries(
    errors.map((error) => {
      assert.ok(error.message.length > 0, `${error.field} has a message`);
      return [error.field, error.code];
    }),
  );
}

/** Like deepEqual, where an expected code may list alternatives ('TYPE|ENUM'). */
function assertCodes(actual: Record<string, string>, expected: Record<string, string>): void {
  assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort());
  for (const [field, code] of Object.entries(expected)) {
    assert.ok(code.split('|').includes(actual[field] as string), `${field}: expected ${code}, got ${actual[field]}`);
  }
}

describe('bad input on every route', () => {
  let api: TestApi;
  let ctx: RouteContext;
  let tokens: Record<StaffRole, string>;
  before(async () => {
    api = await startTestApi();
    const patient = await enrollPatient(api, { category: 'PCNGP', enrolledOn: '2025-03-10' });
    const prescriptionId = await pcngpVisit(api, patient, '2025-03-10');
    const authorization = await requestAuthorization(api, patient, prescriptionId, '2025-03-10');
    assertStatus(authorization, 201);
    ctx = routeContextFor(
      patient,
      { pharmacyId: api.ids.pharmacyId, userId: api.ids.users.prescriber, organizationId: api.ids.pharmacyId, on: '2025-03-10' },
      { prescriptionId, authorizationId: authorization.body.id, orderId: await insertOrder(api, patient.id, prescriptionId, api.ids.pharmacyId, '2025-03-10') },
    );
    tokens = {} as Record<StaffRole, string>;
    for (const role of ['admin', 'prescriber', 'pharmacist'] as const) {
      const login = await api.withToken(null).post('/sessions', { email: `${role}@test.example`, password: TEST_PASSWORD });
      tokens[role] = login.body.token;
    }
  });
  after(() => api.close());

  // The standards-facing edges (FHIR, CDS Hooks, SCRIPT, the SMART token endpoint) answer in their own
  // formats, not problem+json: test/api/fuzz.test.ts and each surface's tests cover their bad input.
  const apiRoutes = ROUTES.filter((candidate) => candidate.path.startsWith('/api/'));
  for (const route of apiRoutes.filter((candidate) => candidate.body !== undefined)) {
    test(`${routeName(route)}: unknown field, impossible date, wrong type, missing field → 400 naming each, nothing stored`, async () => {
      api.today('2025-03-10');
      const token = tokens[callerOf(route)];
      const valid = route.body?.(ctx) ?? {};
      const { body, expected } = defective(valid);
      const storedBefore = await storedRows(api);
      const factsBefore = await api.as('prescriber').get(`/patients/${ctx.patientId}`);

      const all = await send(api, route, ctx, { token, body });
      assertProblem(all, 400, `${routeName(route)} all defects`);
      assertCodes(errorCodes(all), expected);

      // Each defect alone is caught too.
      for (const [field, code] of Object.entries(expected)) {
        const { [field]: _dropped, ...others } = valid;
        const single = code === 'REQUIRED' ? others : { ...valid, [field]: body[field] };
        const response = await send(api, route, ctx, { token, body: single });
        assertProblem(response, 400, `${routeName(route)} ${code} ${field}`);
        assertCodes(errorCodes(response), { [field]: code });
      }

      // Not an object at all.
      for (const notAnObject of [[valid], 'text', 7, null]) {
        const response = await send(api, route, ctx, { token, body: notAnObject });
        assert.ok(response.status === 400 || response.status === 415, `${routeName(route)} ${JSON.stringify(notAnObject)}: ${response.status}`);
        assertProblem(response, response.status, `${routeName(route)} ${JSON.stringify(notAnObject)}`);
      }
      assert.deepEqual(await storedRows(api), storedBefore);
      assert.deepEqual((await api.as('prescriber').get(`/patients/${ctx.patientId}`)).body.facts, factsBefore.body.facts);
    });
  }

  // Year 0000 is a YYYY-MM-DD calendar date PostgreSQL has not (its parser refuses year 0): every
  // date field of every route, in the body (nested too) or the query string, is refused 400 naming
  // the field before any query, never a 500 from the database.
  for (const route of apiRoutes.filter((candidate) => datedFields(candidate, ctxShape).length > 0)) {
    test(`${routeName(route)}: a date in year 0000 → 400 naming the field, nothing stored`, async () => {
      api.today('2025-03-10');
      const token = tokens[callerOf(route)];
      const storedBefore = await storedRows(api);
      for (const { where, path } of datedFields(route, ctx)) {
        const body = route.body?.(ctx);
        const query = route.query?.(ctx);
        if (where === 'body') {
          setAt(body as Record<string, unknown>, path, '0000-01-01');
        } else {
          (query as Record<string, string>)[path[0] as string] = '0000-01-01';
        }
        const field = where === 'body' ? path.join('/') : `querystring.${path[0]}`;
        const response = await send(api, { ...route, ...(query === undefined ? {} : { query: () => query }) }, ctx, {
          token,
          ...(body === undefined ? {} : { body }),
        });
        assertProblem(response, 400, `${routeName(route)} ${field}`);
        // A field inside a choice of shapes (monthly-visit's contraception) also gets the other
        // shape's findings; the date field is named either way.
        const errors = response.body.errors as Array<{ field: string; code: string }>;
        assert.ok(
          errors.some((error) => error.field === field && error.code === 'INVALID_FORMAT'),
          `${routeName(route)} ${field}: ${JSON.stringify(errors)}`,
        );
      }
      assert.deepEqual(await storedRows(api), storedBefore);
    });
  }

  test('nested fields are named by their path (account/email, homeEvidence/kind, methods/0)', async () => {
    const storedBefore = await storedRows(api);
    const enrollment = ROUTES.find((route) => route.path === '/api/v1/patients' && route.method === 'POST') as RouteSample;
    const enroll = await send(api, enrollment, ctx, {
      token: tokens.prescriber,
      body: { ...enrollment.body?.(ctx), account: { email: 'not an email', password: 'short', extra: 1 } },
    });
    assertProblem(enroll, 400, 'enrollment');
    assert.deepEqual(errorCodes(enroll), { 'account/email': 'INVALID_FORMAT', 'account/password': 'MINLENGTH', 'account/extra': 'UNKNOWN_FIELD' });

    const tests = ROUTES.find((route) => route.path.endsWith('/pregnancy-tests')) as RouteSample;
    const home = await send(api, tests, ctx, {
      token: tokens.prescriber,
      body: { ...tests.body?.(ctx), setting: 'home', homeEvidence: { kind: 'selfie', description: '', interpretedBy: 'Me', prescriberAttested: 'yes' } },
    });
    assertProblem(home, 400, 'home evidence');
    assert.deepEqual(Object.keys(errorCodes(home)).sort(), ['homeEvidence/description', 'homeEvidence/kind', 'homeEvidence/prescriberAttested']);

    const contraception = ROUTES.find((route) => route.path.endsWith('/contraception')) as RouteSample;
    const methods = await send(api, contraception, ctx, {
      token: tokens.prescriber,
      body: { ...contraception.body?.(ctx), methods: ['prayer', 'maleCondom', 'maleCondom'] },
    });
    assertProblem(methods, 400, 'methods');
    assert.deepEqual(errorCodes(methods), { 'methods/0': 'ENUM', methods: 'UNIQUEITEMS' });
    assert.match(methods.body.errors[0].message, /"progestinOnlyPill"/);
    assert.deepEqual(await storedRows(api), storedBefore);
  });

  test('path parameters and query strings are validated and named', async () => {
    const patientRoute = ROUTES.find((route) => route.path === '/api/v1/patients/{patientId}') as RouteSample;
    const badId = await send(api, patientRoute, { ...ctx, patientId: 'not-a-uuid' }, { token: tokens.prescriber });
    assertProblem(badId, 400, 'patient id');
    assert.deepEqual(errorCodes(badId), { 'params.patientId': 'INVALID_FORMAT' });

    const authorizationRoute = ROUTES.find((route) => route.path.endsWith('/dispense')) as RouteSample;
    const badAuthorization = await send(api, authorizationRoute, { ...ctx, authorizationId: '123' }, { token: tokens.pharmacist });
    assertProblem(badAuthorization, 400, 'authorization id');
    assert.deepEqual(errorCodes(badAuthorization), { 'params.authorizationId': 'INVALID_FORMAT' });

    const lookup = await api.as('pharmacist').get(`/pharmacy/patients?programId=short&birthDate=2000-02-30&extra=1`);
    assertProblem(lookup, 400, 'lookup');
    assert.deepEqual(errorCodes(lookup), {
      'querystring.programId': 'PATTERN',
      'querystring.birthDate': 'INVALID_FORMAT',
      'querystring.extra': 'UNKNOWN_FIELD',
    });
    const missing = await api.as('pharmacist').get('/pharmacy/patients');
    assert.deepEqual(errorCodes(missing), { 'querystring.programId': 'REQUIRED', 'querystring.birthDate': 'REQUIRED' });

    const paging = await api.as('prescriber').get('/patients?limit=0&offset=-1');
    assertProblem(paging, 400, 'paging');
    assert.deepEqual(errorCodes(paging), { 'querystring.limit': 'PATTERN', 'querystring.offset': 'PATTERN' });
  });

  test('dates that are real but impossible for the fact are 400 and store nothing (R-PT-6)', async () => {
    api.today('2025-03-10');
    const storedBefore = await storedRows(api);
    const prescriber = api.as('prescriber');
    const cases: Array<[string, Record<string, unknown>, Record<string, string>]> = [
      [
        'pregnancy-tests',
        { kind: 'screening', specimenDate: '2025-03-11', resultDate: '2025-03-11', result: 'negative', setting: 'lab', clia: true },
        { specimenDate: 'DATE_IN_FUTURE', resultDate: 'DATE_IN_FUTURE' },
      ],
      [
        'pregnancy-tests',
        { kind: 'screening', specimenDate: '2025-03-09', resultDate: '2025-03-08', result: 'negative', setting: 'lab', clia: true },
        { resultDate: 'RESULT_BEFORE_SPECIMEN' },
      ],
      [
        'pregnancy-tests',
        { kind: 'monthly', specimenDate: '2025-03-09', resultDate: '2025-03-09', result: 'negative', setting: 'home', clia: false },
        { homeEvidence: 'REQUIRED' },
      ],
      [
        'contraception',
        { declaredOn: '2025-03-09', methods: ['implant', 'maleCondom'], abstinence: false, startedOn: '2025-03-10' },
        { startedOn: 'AFTER_DECLARATION' },
      ],
      [
        'prescriptions',
        { writtenOn: '2025-03-11', product: 'claravis', strengthMg: 40, capsulesPerDay: 1, daysSupply: 30, quantity: 31, refills: 0 },
        { writtenOn: 'DATE_IN_FUTURE', quantity: 'QUANTITY_EXCEEDS_SUPPLY' },
      ],
      ['counselings', { counseledOn: '2026-01-01', modality: 'inPerson' }, { counseledOn: 'DATE_IN_FUTURE' }],
      ['course-end', { lastDoseOn: '2025-03-11', reason: 'other' }, { lastDoseOn: 'DATE_IN_FUTURE' }],
    ];
    for (const [path, body, expected] of cases) {
      const response = await prescriber.post(`/patients/${ctx.patientId}/${path}`, body);
      assertProblem(response, 400, `${path} ${JSON.stringify(body)}`);
      assert.deepEqual(errorCodes(response), expected, path);
    }
    const enrollment = await prescriber.post('/patients', {
      givenName: 'Future',
      familyName: 'Person',
      birthDate: '2025-03-11',
      category: 'PCNGP',
      criterion: 'assignedMaleAtBirth',
      enrolledOn: '2025-03-11',
    });
    assertProblem(enrollment, 400, 'enrollment in the future');
    assert.deepEqual(errorCodes(enrollment), { enrolledOn: 'DATE_IN_FUTURE', birthDate: 'DATE_IN_FUTURE' });

    const lookup = { programId: ctx.programId, birthDate: ctx.birthDate };
    const dispense = await api.as('pharmacist').post(`/authorizations/${ctx.authorizationId}/dispense`, {
      ...lookup,
      dispensedOn: '2025-03-09',
      product: 'claravis',
      strengthMg: 40,
      quantity: 30,
      daysSupply: 30,
      medicationGuideGiven: true,
    });
    assertProblem(dispense, 400, 'dispense before the authorization');
    assert.deepEqual(errorCodes(dispense), { dispensedOn: 'DATE_TOO_EARLY' });
    const future = await api.as('pharmacist').post(`/authorizations/${ctx.authorizationId}/dispense`, {
      ...lookup,
      dispensedOn: '2025-03-12',
      product: 'claravis',
      strengthMg: 40,
      quantity: 30,
      daysSupply: 30,
      medicationGuideGiven: true,
    });
    assert.deepEqual(errorCodes(future), { dispensedOn: 'DATE_IN_FUTURE' });
    assert.deepEqual(await storedRows(api), storedBefore);
  });

  test('a confirmation test dated before the screening test is 400 and not stored (R-PT-6)', async () => {
    const patient = await enrollPatient(api, { enrolledOn: '2025-03-01' });
    const prescriber = api.as('prescriber');
    api.today('2025-03-10');
    assertStatus(
      await prescriber.post(`/patients/${patient.id}/pregnancy-tests`, {
        kind: 'screening',
        specimenDate: '2025-03-05',
        resultDate: '2025-03-05',
        result: 'negative',
        setting: 'lab',
        clia: true,
      }),
      201,
    );
    const storedBefore = await storedRows(api);
    const confirmation = await prescriber.post(`/patients/${patient.id}/pregnancy-tests`, {
      kind: 'confirmation',
      specimenDate: '2025-03-04',
      resultDate: '2025-03-04',
      result: 'negative',
      setting: 'lab',
      clia: true,
    });
    assertProblem(confirmation, 400, 'confirmation before screening');
    assert.deepEqual(errorCodes(confirmation), { specimenDate: 'CONFIRMATION_BEFORE_SCREENING' });
    assert.deepEqual(await storedRows(api), storedBefore);
  });

  test('a malformed JSON body, an empty JSON body and non-JSON content types are 4xx problem+json, never 500', async () => {
    const storedBefore = await storedRows(api);
    const bodyRoutes = apiRoutes.filter((route) => route.body !== undefined);
    const cases: Array<[string, { headers?: Record<string, string>; payload: string }, number]> = [
      ['malformed JSON', { headers: { 'content-type': 'application/json' }, payload: '{"kind": "general", ' }, 400],
      ['JSON with a trailing comma', { headers: { 'content-type': 'application/json' }, payload: '{"kind": "general",}' }, 400],
      ['empty JSON body', { headers: { 'content-type': 'application/json' }, payload: '' }, 400],
      ['text/plain', { headers: { 'content-type': 'text/plain' }, payload: 'kind=general' }, 415],
      ['form', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'kind=general&signedOn=2025-03-10' }, 415],
      ['XML', { headers: { 'content-type': 'application/xml' }, payload: '<consent kind="general"/>' }, 415],
      ['multipart', { headers: { 'content-type': 'multipart/form-data; boundary=x' }, payload: '--x\r\n\r\n--x--' }, 415],
      ['no content type', { payload: '{"kind":"general"}' }, 415],
    ];
    for (const route of bodyRoutes) {
      for (const [label, request, status] of cases) {
        const response = await send(api, route, ctx, { token: tokens[callerOf(route)], ...request });
        assertProblem(response, status, `${routeName(route)} ${label}`);
      }
    }
    const huge = await send(api, bodyRoutes.find((route) => route.path.endsWith('/consents')) as RouteSample, ctx, {
      token: tokens.prescriber,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ kind: 'general', signedOn: '2025-03-10', padding: 'x'.repeat(1024 * 1024 + 1) }),
    });
    assertProblem(huge, 413, 'a body over 1 MiB');
    assert.deepEqual(await storedRows(api), storedBefore);
  });

  test('an accepted request after the bad ones still works (the bad ones left nothing half-done)', async () => {
    const patient = await enrollPatient(api, { category: 'PCNGP', enrolledOn: '2025-03-10' });
    const prescriptionId = await pcngpVisit(api, patient, '2025-03-10');
    await authorizeAndDispense(api, patient, prescriptionId, '2025-03-10');
  });
});
