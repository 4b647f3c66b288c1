// Authorization is checked per record, not per route: every operation of the OpenAPI document,
// sent by every role at records that are not theirs, is answered 403 or 404 and changes nothing.
// The operations come from the document itself, so a new route is tried as soon as it exists; one
// this file cannot classify fails the test until it is.
//
// "Not theirs": the patient of another practice (Q, of the other prescriber) and everything hanging
// from it (prescription, authorization, medication, inbox message), the same records reached
// through one's own patient's path (P's id with Q's medication, P's lookup with Q's authorization),
// a pharmacist who does not have the patient's birth date, or whose pharmacy does not hold the
// authorization, a patient reaching another patient, and staff routes reached by other roles.
// The pharmacy a prescription names opens that prescription without the birth date
// (/pharmacy/prescriptions/{prescriptionId}…); any other pharmacy gets 404 there (issue 10).
import { randomUUID } from 'node:crypto';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testPracticeClient } from '../support/interopActors.js';
import { startTestApi, TEST_PASSWORD, type ApiClient, type ApiResponse, type TestApi } from '../support/api.js';
import { assertStatus, enrollOthersPatient, enrollPatient, factsOf, lookupOf, requestAuthorization, type Patient } from '../support/journeys.js';
import {
  insertFeedback,
  insertMatchReview,
  insertMissedDoseReport,
  insertOrder,
  payloadOf,
  refusalFormatProblem,
  ROUTES,
  routeName,
  sampleName,
  samplesOf,
  send,
  storedRows,
  urlOf,
  type RouteContext,
  type RouteSample,
} from '../support/routes.js';
import { registerInteropClient, type RegisteredInteropClient } from '../support/interopClients.js';
import { present } from '../support/present.js';

const ON = '2025-03-10';

type Caller = 'admin' | 'prescriber' | 'delegate' | 'pharmacist' | 'patient';
const CALLERS: readonly Caller[] = ['admin', 'prescriber', 'delegate', 'pharmacist', 'patient'];

/** Operations about the caller alone: there is no one else's record to aim them at. */
const CALLER_SCOPED = new Set([
  'POST /api/v1/sessions',
  'DELETE /api/v1/sessions/current',
  'GET /api/v1/me',
  // The caller's own language (its pages and reminders).
  'POST /api/v1/me/language',
  'GET /api/v1/inbox',
  // The caller's own pharmacy's price list (other roles get 403: test/api/payments.test.ts).
  'GET /api/v1/pharmacy/prices',
  'POST /api/v1/pharmacy/prices',
  // Public: the holder of an activation token activates the account the token names (test/api/safeEntries.test.ts).
  'POST /api/v1/account-activations',
]);
/** Lists: aimed at no record, they must simply never list someone else's patient. */
const LISTS = new Set([
  'GET /api/v1/patients',
  'GET /api/v1/worklist',
  'GET /api/v1/patient-match-reviews',
  'GET /api/v1/pharmacy/authorizations',
  'GET /api/v1/pharmacy/orders',
  'GET /api/v1/pharmacies',
  'GET /api/v1/pharmacy/support',
  'GET /api/v1/pharmacy/payments/summary',
  // The pharmacy's feedback queue names no patient; the public service ratings (no log-in) name none either.
  'GET /api/v1/pharmacy/feedback',
  'GET /api/v1/public/service-ratings',
  // The pharmacy's own queue (prescriptions naming it); the practice's usual pharmacy names no patient.
  'GET /api/v1/pharmacy/queue',
  'GET /api/v1/pharmacies/usual',
]);
/** What only the patient does for themself: their own care team is refused too (403). */
const PATIENT_ONLY = new Set([
  'POST /api/v1/patients/{patientId}/orders',
  'POST /api/v1/patients/{patientId}/orders/{orderId}/cancel',
  'POST /api/v1/patients/{patientId}/orders/{orderId}/messages',
  'POST /api/v1/patients/{patientId}/orders/{orderId}/feedback',
]);
/** Between the patient and the pharmacy of the order: the patient and that pharmacy read it, the care team does not (403). */
const PATIENT_AND_ORDER_PHARMACY = new Set(['GET /api/v1/patients/{patientId}/orders/{orderId}/feedback']);
/** Bulk entry naming patients inside the body: a foreign patient is a rejected line, never a write. */
const BULK = new Set(['POST /api/v1/lab-imports']);
/** The administrator's oversight of the whole installation: any patient's audit trail is theirs to read. */
const ADMIN_OVERSIGHT = new Set(['GET /api/v1/audit-events']);
/** Record references a route can carry, in its path, query or body. */
const RECORD_FIELDS = [
  'patientId',
  'medicationId',
  'missedDoseId',
  'authorizationId',
  'messageId',
  'prescriptionId',
  'programId',
  'orderId',
  'feedbackId',
  'reviewId',
];

interface Operation {
  name: string;
  sample: RouteSample;
  references: string[];
}

function operationsOf(document: { paths: Record<string, Record<string, unknown>> }): Operation[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.keys(methods).flatMap((method) => {
      const name = `${method.toUpperCase()} ${path}`;
      const samples = samplesOf(name);
      if (samples.length === 0) {
        throw new Error(`${name} has no sample request in test/support/routes.ts`);
      }
      return samples.map((sample) => ({ name, sample, references: referencesOf(sample, path) }));
    }),
  );
}

/**
 * The records a sample request names. An API route: by the names of its path parameters and of
 * its body's and query's fields. An interop route (a FHIR search, an NCPDP message): by which
 * context values its URL and body carry, whatever they are called there.
 */
function referencesOf(sample: RouteSample, path: string): string[] {
  if (sample.client === undefined) {
    const placeholder = {
      patientId: '',
      programId: '',
      birthDate: '',
      prescriptionId: '',
      authorizationId: '',
      medicationId: '',
      missedDoseId: '',
      messageId: '',
      orderId: '',
      pharmacyId: '',
      feedbackId: '',
      userId: '',
      organizationId: '',
      reviewId: '',
      clientId: '',
      on: ON,
    };
    const carried = [path, JSON.stringify(Object.keys(sample.body?.(placeholder) ?? {})), JSON.stringify(Object.keys(sample.query?.(placeholder) ?? {}))].join(
      ' ',
    );
    return RECORD_FIELDS.filter((field) => carried.includes(field));
  }
  const marked = Object.fromEntries(
    [
      'patientId',
      'programId',
      'birthDate',
      'prescriptionId',
      'authorizationId',
      'medicationId',
      'missedDoseId',
      'messageId',
      'orderId',
      'pharmacyId',
      'feedbackId',
      'userId',
      'organizationId',
      'reviewId',
      'clientId',
    ].map((field) => [field, `MARK${field}MARK`]),
  ) as unknown as RouteContext;
  const sent = `${urlOf(sample, { ...marked, on: ON })} ${payloadOf(sample, { ...marked, on: ON })?.payload ?? ''}`;
  return RECORD_FIELDS.filter((field) => sent.includes(`MARK${field}MARK`));
}

async function sendAs(client: ApiClient, route: RouteSample, ctx: RouteContext): Promise<ApiResponse> {
  const url = urlOf(route, ctx);
  if (route.method === 'GET') {
    return client.get(url);
  }
  if (route.method === 'DELETE') {
    return client.delete(url);
  }
  return client.post(url, route.body?.(ctx) ?? {});
}

describe('per-record authorization, generated from the OpenAPI document', () => {
  let api: TestApi;
  let operations: Operation[];
  let clients: Record<Caller | 'messageOwner' | 'otherPrescriber' | 'otherPharmacist' | 'otherPatient', ApiClient>;
  let own: RouteContext;
  let foreign: RouteContext;
  let q: Patient;
  let interop: Operation[];
  let systems: Record<'ehr' | 'otherEhr' | 'pharmacySystem' | 'otherPharmacySystem' | 'revokedEhr', RegisteredInteropClient>;
  let sessions: Record<string, string>;

  async function inboxMessageFor(patient: Patient, userEmail: string): Promise<string> {
    const user = await api.services.db.selectFrom('users').select('id').where('email', '=', userEmail).executeTakeFirstOrThrow();
    const row = await api.services.db
      .insertInto('outbox_messages')
      .values({
        patient_id: patient.id,
        recipient_user_id: user.id,
        kind: 'test',
        subject: 'Your monthly test is due',
        body: 'Synthetic reminder',
        due_on: ON,
        channel: 'inbox',
        dedupe_key: `access-test:${patient.id}`,
        delivered_at: new Date(`${ON}T12:00:00Z`),
        read_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** A patient with a prescription, an authorization held by `pharmacist`'s pharmacy, a medication and an inbox message. */
  async function furnish(
    patient: Patient,
    prescriber: 'prescriber' | 'otherPrescriber',
    pharmacist: 'pharmacist' | 'otherPharmacist',
    email: string,
  ): Promise<RouteContext> {
    api.today(ON);
    const staff = api.as(prescriber);
    if (prescriber === 'otherPrescriber') {
      assertStatus(await staff.post(`/patients/${patient.id}/consents`, { kind: 'general', signedOn: ON }), 201, 'consent');
    }
    assertStatus(await staff.post(`/patients/${patient.id}/counselings`, { counseledOn: ON, modality: 'inPerson' }), 201, 'counseling');
    const pharmacyId = pharmacist === 'pharmacist' ? api.ids.pharmacyId : api.ids.otherPharmacyId;
    // The prescription names the pharmacy that will hold its authorization (issue 10).
    const prescription = await staff.post(`/patients/${patient.id}/prescriptions`, {
      writtenOn: ON,
      product: 'claravis',
      strengthMg: 40,
      capsulesPerDay: 1,
      daysSupply: 30,
      quantity: 30,
      refills: 0,
      pharmacyId,
    });
    assertStatus(prescription, 201, 'prescription');
    const prescriptionId = prescription.body.id as string;
    const authorization = await requestAuthorization(api, patient, prescriptionId, ON, pharmacist);
    assert.equal(authorization.status, 201, JSON.stringify(authorization.body));
    const medication = await api.as(prescriber).post(`/patients/${patient.id}/medications`, { name: 'Ibuprofen 200 mg', startedOn: ON });
    assert.equal(medication.status, 201, JSON.stringify(medication.body));
    const orderId = await insertOrder(api, patient.id, prescriptionId, pharmacyId, ON);
    return {
      patientId: patient.id,
      ...lookupOf(patient),
      prescriptionId,
      authorizationId: authorization.body.id,
      medicationId: medication.body.id,
      missedDoseId: await insertMissedDoseReport(api, patient.id, ON),
      messageId: await inboxMessageFor(patient, email),
      orderId,
      pharmacyId,
      feedbackId: await insertFeedback(api, orderId, ON),
      reviewId: await insertMatchReview(api, patient.id, await testPracticeClient(api, patient.id)),
      userId: api.ids.users.otherPharmacist,
      organizationId: api.ids.otherPharmacyId,
      clientId: randomUUID(),
      on: ON,
    };
  }

  before(async () => {
    api = await startTestApi();
    api.today(ON);
    const p = await enrollPatient(api, { category: 'PCNGP', enrolledOn: ON, account: { email: 'p@test.example', password: 'patient password P' } });
    own = await furnish(p, 'prescriber', 'pharmacist', 'p@test.example');
    q = await enrollOthersPatient(api, ON, { email: 'q@test.example', password: 'patient password Q' });
    foreign = await furnish(q, 'otherPrescriber', 'otherPharmacist', 'other.prescriber@test.example');
    clients = {
      admin: api.as('admin'),
      prescriber: api.as('prescriber'),
      delegate: api.as('delegate'),
      pharmacist: api.as('pharmacist'),
      patient: await api.logIn('p@test.example', 'patient password P'),
      messageOwner: api.as('otherPrescriber'),
      otherPrescriber: api.as('otherPrescriber'),
      otherPharmacist: api.as('otherPharmacist'),
      otherPatient: await api.logIn('q@test.example', 'patient password Q'),
    };
    const documented = operationsOf((await api.withToken(null).get('/api/openapi.json')).body);
    // The session API here; the interop routes (a client's token, not a session) in the tests at the
    // end. Public interop routes (SMART discovery, the token endpoint) hold no one's record.
    operations = documented.filter((operation) => operation.sample.client === undefined && operation.sample.path.startsWith('/api/'));
    interop = documented.filter((operation) => operation.sample.client !== undefined && operation.sample.public !== true);
    systems = {
      ehr: await registerInteropClient(api, { kind: 'practice', name: 'Test Dermatology EHR' }),
      otherEhr: await registerInteropClient(api, { kind: 'practice', organizationId: api.ids.otherPracticeId, name: 'Other Dermatology EHR' }),
      pharmacySystem: await registerInteropClient(api, { kind: 'pharmacy', name: 'Test Pharmacy system' }),
      otherPharmacySystem: await registerInteropClient(api, { kind: 'pharmacy', organizationId: api.ids.otherPharmacyId, name: 'Other Pharmacy system' }),
      revokedEhr: await registerInteropClient(api, { kind: 'practice', organizationId: api.ids.otherPracticeId, name: 'Revoked EHR' }),
    };
    assertStatus(await api.as('admin').post(`/interop-clients/${systems.revokedEhr.id}/revocations`), 200, 'the revocation');
    sessions = {};
    for (const role of ['admin', 'prescriber', 'delegate', 'pharmacist', 'otherPrescriber', 'otherPharmacist'] as const) {
      const login = await api.withToken(null).post('/sessions', {
        email: `${role === 'otherPrescriber' ? 'other.prescriber' : role === 'otherPharmacist' ? 'other.pharmacist' : role}@test.example`,
        password: TEST_PASSWORD,
      });
      assertStatus(login, 201, `log-in of ${role}`);
      sessions[role] = login.body.token;
    }
  });
  after(() => api.close());

  /** The ways each caller can aim an operation at a record that is not theirs. */
  function strayContexts(caller: Caller, operation: Operation): Array<[string, RouteContext]> {
    const contexts: Array<[string, RouteContext]> = [["the other practice's patient", foreign]];
    if (operation.references.includes('medicationId')) {
      contexts.push(["own patient's path, the other patient's medication", { ...own, medicationId: foreign.medicationId }]);
    }
    if (operation.references.includes('missedDoseId')) {
      contexts.push(["own patient's path, the other patient's missed-dose report", { ...own, missedDoseId: foreign.missedDoseId }]);
    }
    if (operation.references.includes('prescriptionId')) {
      contexts.push(["own lookup, the other patient's prescription", { ...own, prescriptionId: foreign.prescriptionId }]);
    }
    if (operation.references.includes('authorizationId')) {
      contexts.push(["own lookup, the other patient's authorization", { ...own, authorizationId: foreign.authorizationId }]);
    }
    if (operation.references.includes('messageId')) {
      contexts.push(["another user's message", { ...own, messageId: foreign.messageId }]);
    }
    if (operation.references.includes('orderId')) {
      contexts.push(["own patient's path, the other patient's order (at another pharmacy)", { ...own, orderId: foreign.orderId }]);
    }
    if (operation.references.includes('reviewId')) {
      contexts.push(["an identity review of the other practice's patient", { ...own, reviewId: foreign.reviewId }]);
    }
    if (operation.references.includes('feedbackId')) {
      contexts.push(['feedback about another pharmacy', { ...own, feedbackId: foreign.feedbackId }]);
    }
    if (caller === 'pharmacist' && operation.references.includes('programId')) {
      // A certified pharmacy may look up anyone by program id AND birth date (§1.1): without the
      // birth date it has nothing, and an authorization another pharmacy holds is not its own.
      contexts.splice(0, contexts.length, ['program id without the right birth date', { ...foreign, birthDate: '1991-02-03' }]);
      if (operation.references.includes('authorizationId')) {
        contexts.push(["the patient's authorization held by another pharmacy", foreign]);
      }
    }
    return contexts;
  }

  test('every role aiming any operation at a record that is not theirs gets 403 or 404, as problem+json, and nothing changes', async (t) => {
    const rowsBefore = await storedRows(api);
    const qBefore = await factsOf(api, q, 'otherPrescriber');
    let tried = 0;
    for (const operation of operations.filter((candidate) => candidate.references.length > 0 && !BULK.has(candidate.name))) {
      for (const caller of CALLERS.filter((candidate) => !(candidate === 'admin' && ADMIN_OVERSIGHT.has(operation.name)))) {
        for (const [how, ctx] of strayContexts(caller, operation)) {
          const answer = await sendAs(clients[caller], operation.sample, ctx);
          tried += 1;
          const what = `${operation.name} as ${caller} (${how}): ${answer.status} ${JSON.stringify(answer.body)}`;
          // Wrong birth dates, tried on every pharmacy operation in turn: past the look-up throttle's
          // limits they are refused before the look-up (429, services/pharmacy/lookupThrottle.ts).
          const throttled = caller === 'pharmacist' && operation.references.includes('programId') && answer.status === 429;
          assert.ok([403, 404].includes(answer.status) || throttled, what);
          assert.match(String(answer.headers['content-type']), /^application\/problem\+json/, what);
        }
      }
    }
    assert.ok(tried > 150, `${tried} attempts`);
    t.diagnostic(`${tried} attempts on ${operations.filter((candidate) => candidate.references.length > 0).length} record operations`);
    assert.deepEqual(await storedRows(api), rowsBefore);
    assert.deepEqual(await factsOf(api, q, 'otherPrescriber'), qBefore);
    const message = await api.services.db.selectFrom('outbox_messages').select('read_at').where('id', '=', foreign.messageId).executeTakeFirstOrThrow();
    assert.equal(message.read_at, null, "nobody marked another user's message read");
  });

  // Whatever aims at no record and is not a list, bulk entry or the caller's own is staff-only: a
  // new operation of another kind fails here until it is classified above.
  test('staff-only operations (accounts, organizations, certifications, enrollment, …) are 403 for every other role', async () => {
    const staffOnly = operations.filter(
      (operation) => operation.references.length === 0 && !LISTS.has(operation.name) && !BULK.has(operation.name) && !CALLER_SCOPED.has(operation.name),
    );
    assert.ok(staffOnly.length > 0);
    const rowsBefore = await storedRows(api);
    for (const operation of staffOnly) {
      const enrolling = operation.name === 'POST /api/v1/patients';
      for (const caller of CALLERS.filter((candidate) => candidate !== (enrolling ? 'prescriber' : 'admin'))) {
        const answer = await sendAs(clients[caller], operation.sample, own);
        assert.equal(answer.status, 403, `${operation.name} as ${caller}: ${answer.status} ${JSON.stringify(answer.body)}`);
      }
    }
    assert.deepEqual(await storedRows(api), rowsBefore);
  });

  test("lists never show another practice's patient; a pharmacist cannot browse patients at all", async () => {
    for (const operation of operations.filter((candidate) => LISTS.has(candidate.name))) {
      for (const caller of CALLERS) {
        const answer = await sendAs(clients[caller], operation.sample, own);
        if (answer.status === 200) {
          assert.doesNotMatch(JSON.stringify(answer.body), new RegExp(q.id), `${operation.name} as ${caller}`);
          assert.doesNotMatch(JSON.stringify(answer.body), new RegExp(q.programId), `${operation.name} as ${caller}`);
        } else {
          assert.equal(answer.status, 403, `${operation.name} as ${caller}`);
        }
      }
    }
    assert.equal((await sendAs(clients.pharmacist, present(ROUTES.find((route) => routeName(route) === 'GET /api/v1/patients')), own)).status, 403);
  });

  test('the pharmacy a prescription names opens it without the birth date and sees no more; another pharmacy gets 404 and still needs identifier and birth date', async () => {
    const opened = await clients.pharmacist.get(`/pharmacy/prescriptions/${own.prescriptionId}`);
    assert.equal(opened.status, 200, JSON.stringify(opened.body));
    assert.deepEqual(Object.keys(opened.body).sort(), ['asOf', 'checklist', 'id', 'patient', 'prescription', 'verdict']);
    assert.deepEqual(Object.keys(opened.body.patient).sort(), ['name', 'programId']);
    assert.doesNotMatch(JSON.stringify(opened.body), new RegExp(own.birthDate), 'no birth date');
    const rowsBefore = await storedRows(api);
    for (const attempt of [
      () => clients.otherPharmacist.get(`/pharmacy/prescriptions/${own.prescriptionId}`),
      () => clients.otherPharmacist.post(`/pharmacy/prescriptions/${own.prescriptionId}/authorize-and-dispense`, { medicationGuideGiven: true }),
    ]) {
      const answer = await attempt();
      assert.equal(answer.status, 404, JSON.stringify(answer.body));
      assert.equal(answer.body.title, 'Patient not found');
    }
    assert.deepEqual(await storedRows(api), rowsBefore);
    const lookup = await clients.otherPharmacist.get(
      `/pharmacy/patients?${new URLSearchParams({ programId: own.programId, birthDate: own.birthDate }).toString()}`,
    );
    assert.equal(lookup.status, 200, 'any certified pharmacy still finds her with identifier and birth date');
  });

  test("a lab import naming another practice's patient: a rejected line for the care team, 403 for everyone else; nothing stored for them", async () => {
    const qBefore = await factsOf(api, q, 'otherPrescriber');
    for (const caller of CALLERS) {
      const answer = await clients[caller].post('/lab-imports', {
        fileName: 'labs.csv',
        csv: `program id,collected date,analyte,value,unit\n${q.programId},${ON},triglycerides,180,mg/dL\n`,
      });
      if (caller === 'prescriber' || caller === 'delegate') {
        assert.equal(answer.status, 201, caller);
        assert.equal(answer.body.accepted, 0);
        assert.deepEqual(
          answer.body.rowErrors.map((error: { column: string }) => error.column),
          ['programId'],
        );
      } else {
        assert.equal(answer.status, 403, `${caller}: ${answer.status} ${JSON.stringify(answer.body)}`);
      }
    }
    assert.deepEqual(await factsOf(api, q, 'otherPrescriber'), qBefore);
  });

  test('the same requests from the record’s own care team, pharmacy or patient are not refused for access (the stray ids were real)', async () => {
    for (const operation of operations.filter((candidate) => candidate.references.length > 0 && !BULK.has(candidate.name))) {
      const owner = ADMIN_OVERSIGHT.has(operation.name)
        ? clients.admin
        : PATIENT_ONLY.has(operation.name)
          ? clients.otherPatient
          : PATIENT_AND_ORDER_PHARMACY.has(operation.name)
            ? clients.otherPharmacist
            : operation.references.includes('messageId')
              ? clients.messageOwner
              : operation.references.includes('authorizationId') || operation.name.includes('/pharmacy/') || operation.name === 'POST /api/v1/authorizations'
                ? clients.otherPharmacist
                : clients.otherPrescriber;
      const answer = await sendAs(owner, operation.sample, foreign);
      // A 404 about something else than the record (e.g. the sample's alert key) still got past access.
      const recordNotFound =
        answer.status === 404 && /^(Patient|Prescription|Authorization|Medication|Message|Order|Feedback|Match review) not found$/.test(answer.body.title);
      assert.ok(![401, 403].includes(answer.status) && !recordNotFound, `${operation.name}: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
  });
  // The interop routes (issue 11): machines authenticate with a client's access token from
  // /auth/token, never a person's session, and see only their organization's records (a practice's
  // EHR its practice's patients; a pharmacy's system a patient by program identifier AND birth date,
  // or the prescription that names it). Every route given in test/support/routes.ts with `client`
  // is tried here as soon as it exists.

  /** What a record holds that a caller refused it must never be told, unless its own request carried it. */
  const secretsOf = (ctx: RouteContext): string[] => [ctx.patientId, ctx.programId, ctx.birthDate, ctx.prescriptionId, ctx.authorizationId, ctx.reviewId];
  const textOf = (response: ApiResponse): string => (typeof response.body === 'string' ? response.body : JSON.stringify(response.body));
  function told(route: RouteSample, ctx: RouteContext, response: ApiResponse): string[] {
    const sent = `${urlOf(route, ctx)} ${payloadOf(route, ctx)?.payload ?? ''}`;
    const text = textOf(response);
    return [...secretsOf(own), ...secretsOf(foreign)].filter((secret) => !sent.includes(secret) && text.includes(secret));
  }

  test("interop routes: a person's session, an unknown or a revoked client's token get 401 in the route's own format, and learn nothing", async (t) => {
    const rowsBefore = await storedRows(api);
    let tried = 0;
    for (const operation of interop) {
      const attempts: Array<[string, { token?: string; headers?: Record<string, string> }]> = [
        ...Object.entries(sessions).map(([role, token]): [string, { token: string }] => [`${role}'s session token`, { token }]),
        ["the prescriber's session cookie", { headers: { cookie: `isocourse_session=${sessions.prescriber}` } }],
        ['an unknown token', { token: 'not-a-client-token' }],
        ["a revoked client's token", { token: systems.revokedEhr.token }],
      ];
      for (const [how, options] of attempts) {
        const answer = await send(api, operation.sample, own, options);
        tried += 1;
        const what = `${sampleName(operation.sample)} with ${how}: ${answer.status} ${textOf(answer).slice(0, 300)}`;
        assert.equal(answer.status, 401, what);
        assert.equal(refusalFormatProblem(operation.sample, answer.status, answer.headers['content-type'], textOf(answer)), null, what);
        assert.deepEqual(told(operation.sample, own, answer), [], what);
      }
    }
    t.diagnostic(`${tried} attempts on ${interop.length} interop samples`);
    assert.deepEqual(await storedRows(api), rowsBefore);
  });

  test('interop routes: a client aimed at a record of another organization is refused (403/404) or answered as if it did not exist, tells nothing and writes nothing', async (t) => {
    const rowsBefore = await storedRows(api);
    const qBefore = await factsOf(api, q, 'otherPrescriber');
    let tried = 0;
    for (const operation of interop.filter((candidate) => candidate.references.length > 0)) {
      // Each client of either kind, at the record of the other practice and pharmacy. A pharmacy
      // finds any enrolled patient by program identifier and birth date (§1.1): without the right
      // birth date it has nothing.
      const strays: Array<[string, RegisteredInteropClient, RouteContext]> = [
        ["this practice's EHR, the other practice's patient", systems.ehr, foreign],
        ["the other practice's EHR, this practice's patient", systems.otherEhr, own],
        ["this pharmacy's system, another patient without her birth date", systems.pharmacySystem, { ...foreign, birthDate: '1991-02-03' }],
        ["the other pharmacy's system, this patient without her birth date", systems.otherPharmacySystem, { ...own, birthDate: '1991-02-03' }],
      ];
      for (const [how, system, ctx] of strays) {
        const answer = await send(api, operation.sample, ctx, { token: system.token });
        tried += 1;
        const what = `${sampleName(operation.sample)} by ${how}: ${answer.status} ${textOf(answer).slice(0, 300)}`;
        // The protocols answer "no such patient" their own way too: an empty searchset, a card, a
        // denied REMSResponse. Whatever the answer, it is no server error, names nothing and records nothing.
        assert.ok(answer.status < 500 && answer.status !== 401, what);
        if (answer.status >= 400) {
          assert.equal(refusalFormatProblem(operation.sample, answer.status, answer.headers['content-type'], textOf(answer)), null, what);
        }
        assert.deepEqual(told(operation.sample, ctx, answer), [], what);
      }
    }
    t.diagnostic(`${tried} attempts on ${interop.filter((candidate) => candidate.references.length > 0).length} interop samples naming a record`);
    assert.deepEqual(await storedRows(api), rowsBefore);
    assert.deepEqual(await factsOf(api, q, 'otherPrescriber'), qBefore);
  });

  test("interop routes: the record's own organization's client is not refused (the stray requests named real records)", async () => {
    for (const operation of interop.filter((candidate) => candidate.references.length > 0)) {
      const owner = operation.sample.client === 'practice' ? systems.otherEhr : systems.otherPharmacySystem;
      const answer = await send(api, operation.sample, foreign, { token: owner.token });
      assert.ok(
        answer.status < 500 && ![401, 403, 404].includes(answer.status),
        `${sampleName(operation.sample)}: ${answer.status} ${textOf(answer).slice(0, 300)}`,
      );
    }
  });
});
