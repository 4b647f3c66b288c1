// The patient record: list, enroll, read, status, and every fact route — who may do what, and
// that everyone else is told 401, 403 or 404 with nothing stored.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startTestApi, type ApiClient, type TestApi } from '../support/api.js';
import { assertProblem, assertStatus, enrollOthersPatient, enrollPatient, factsOf, type Patient } from '../support/journeys.js';
import { storedRows } from '../support/routes.js';

const ON = '2025-03-10';

type Caller = 'prescriber' | 'delegate' | 'patient';

interface FactRoute {
  path: string;
  /** Where the fact shows in GET /patients/{id} → facts. */
  factsKey: string;
  body: Record<string, unknown>;
  allowed: Caller[];
  /** Needed before the route can succeed. */
  setUp?: (api: TestApi, patient: Patient) => Promise<void>;
}

const FACT_ROUTES: FactRoute[] = [
  { path: 'consents', factsKey: 'consents', body: { kind: 'guardian', signedOn: ON }, allowed: ['prescriber', 'delegate'] },
  { path: 'counselings', factsKey: 'counselings', body: { counseledOn: ON, modality: 'telehealth' }, allowed: ['prescriber'] },
  {
    path: 'contraception',
    factsKey: 'contraception',
    body: { declaredOn: ON, methods: ['vaginalRing', 'maleCondom'], abstinence: false, startedOn: '2025-01-01' },
    allowed: ['prescriber', 'delegate', 'patient'],
  },
  {
    path: 'pregnancy-tests',
    factsKey: 'pregnancyTests',
    body: { kind: 'screening', specimenDate: ON, resultDate: ON, result: 'negative', setting: 'clinic', clia: true },
    allowed: ['prescriber', 'delegate'],
  },
  { path: 'comprehension-checks', factsKey: 'comprehensionChecks', body: { answeredOn: ON, passed: true }, allowed: ['prescriber', 'delegate', 'patient'] },
  { path: 'home-testing-opt-ins', factsKey: 'homeTestingOptIns', body: { optedInOn: ON, procedure: 'Supervised video visit' }, allowed: ['prescriber'] },
  {
    path: 'prescriptions',
    factsKey: 'prescriptions',
    body: { writtenOn: ON, product: 'myorisan', strengthMg: 30, capsulesPerDay: 1, daysSupply: 30, quantity: 30, refills: 0 },
    allowed: ['prescriber'],
  },
  {
    path: 'category-changes',
    factsKey: 'categoryAssignments',
    body: { category: 'PCNGP', criterion: 'totalHysterectomy', reason: 'Operative report received', effectiveOn: ON },
    allowed: ['prescriber'],
  },
  { path: 'course-end', factsKey: 'courseEnds', body: { lastDoseOn: ON, reason: 'patientChoice' }, allowed: ['prescriber'] },
  {
    path: 'course-restarts',
    factsKey: 'courseRestarts',
    body: { restartedOn: ON, reason: 'Relapse after a short first course' },
    allowed: ['prescriber'],
    setUp: async (api, patient) => {
      assertStatus(await api.as('prescriber').post(`/patients/${patient.id}/course-end`, { lastDoseOn: '2025-03-01', reason: 'adverseEvent' }), 201);
    },
  },
  { path: 'pregnancy-reports', factsKey: 'pregnancyReports', body: { reportedOn: ON, note: 'Missed period' }, allowed: ['prescriber', 'delegate'] },
  {
    path: 'contraception-failures',
    factsKey: 'contraceptionFailureReports',
    body: { reportedOn: ON, kind: 'unprotectedIntercourse' },
    allowed: ['prescriber', 'delegate', 'patient'],
  },
  {
    path: 'pregnancy-clearances',
    factsKey: 'pregnancyClearances',
    body: { clearedOn: ON, reason: 'Quantitative serum hCG negative twice' },
    allowed: ['prescriber'],
  },
];

describe('patient records', () => {
  let api: TestApi;
  /** A patient with their own log-in, and another one. */
  let owner: Patient;
  let stranger: Patient;
  let ownerClient: ApiClient;
  let strangerClient: ApiClient;
  /** The other practice's patient. */
  let othersPatient: Patient;

  before(async () => {
    api = await startTestApi();
    owner = await enrollPatient(api, { enrolledOn: ON, account: { email: 'owner@test.example', password: 'owner password 1' } });
    stranger = await enrollPatient(api, { enrolledOn: ON, category: 'PCNGP', account: { email: 'stranger@test.example', password: 'stranger password 1' } });
    ownerClient = await api.logIn('owner@test.example', 'owner password 1');
    strangerClient = await api.logIn('stranger@test.example', 'stranger password 1');
    othersPatient = await enrollOthersPatient(api, ON);
  });
  after(() => api.close());

  /** Callers who must not learn the record exists: 404, exactly as for an id nobody has. */
  function outsiders(): Array<[string, ApiClient]> {
    return [
      ['another prescriber', api.as('otherPrescriber')],
      ['a pharmacist', api.as('pharmacist')],
      ['an administrator', api.as('admin')],
      ['another patient', strangerClient],
    ];
  }

  test('GET /patients: the care team lists its own patients; others are refused', async () => {
    api.today(ON);
    const mine = await api.as('prescriber').get('/patients');
    assertStatus(mine, 200);
    const ids = mine.body.map((patient: { id: unknown }) => patient.id);
    assert.ok(ids.includes(owner.id) && ids.includes(stranger.id));
    assert.ok(!ids.includes(othersPatient.id), "another practice's patient is not listed");
    assert.deepEqual(Object.keys(mine.body[0]).sort(), ['birthDate', 'familyName', 'givenName', 'id', 'programId', 'summary']);
    assert.deepEqual((await api.as('delegate').get('/patients')).body, mine.body, "the delegate sees the prescriber's list");
    assert.deepEqual(
      (await api.as('otherPrescriber').get('/patients')).body.map((patient: { id: unknown }) => patient.id),
      [othersPatient.id],
    );

    const page = await api.as('prescriber').get('/patients?limit=1&offset=1');
    assert.deepEqual(page.body, [mine.body[1]]);

    for (const [who, client] of [
      ['pharmacist', api.as('pharmacist')],
      ['admin', api.as('admin')],
      ['patient', ownerClient],
    ] as const) {
      assertProblem(await client.get('/patients'), 403, who);
    }
    assertProblem(await api.withToken(null).get('/patients'), 401, 'anonymous');
  });

  test('POST /patients: the prescriber enrolls (with a patient account); nobody else may; refusals store nothing', async () => {
    api.today(ON);
    const enrollment = {
      givenName: 'New',
      familyName: 'Enrollee',
      birthDate: '2005-05-05',
      category: 'PCGP',
      criterion: 'reproductivePotential',
      enrolledOn: ON,
      account: { email: 'new.enrollee@test.example', password: 'enrollee password 1' },
    };
    const enrolled = await api.as('prescriber').post('/patients', enrollment);
    assertStatus(enrolled, 201);
    assert.match(enrolled.body.programId, /^[A-HJ-NP-Z2-9]{10}$/);
    const patientClient = await api.logIn('new.enrollee@test.example', 'enrollee password 1');
    assert.equal((await patientClient.get('/me')).body.patientId, enrolled.body.id);
    const record = await api.as('prescriber').get(`/patients/${enrolled.body.id}`);
    assert.equal(record.body.status.state, 'ENROLLED');
    assert.deepEqual(
      record.body.facts.categoryAssignments.map((a: { category: unknown; criterion: unknown; effectiveOn: unknown }) => [
        a.category,
        a.criterion,
        a.effectiveOn,
      ]),
      [['PCGP', 'reproductivePotential', ON]],
    );

    const before = await storedRows(api);
    const another = { ...enrollment, account: { email: 'another@test.example', password: 'another password 1' } };
    for (const [who, client] of [
      ['delegate', api.as('delegate')],
      ['pharmacist', api.as('pharmacist')],
      ['admin', api.as('admin')],
      ['patient', ownerClient],
    ] as const) {
      assertProblem(await client.post('/patients', another), 403, who);
    }
    assertProblem(await api.withToken(null).post('/patients', another), 401, 'anonymous');
    const emailTaken = await api.as('prescriber').post('/patients', {
      ...enrollment,
      account: { ...enrollment.account, email: 'NEW.ENROLLEE@test.example' },
      duplicateOverride: { reason: 'Twins with the same name (test)' },
    });
    assertProblem(emailTaken, 409, 'email taken');
    assert.equal(emailTaken.body.detail, 'An account with this email already exists.');
    const minorCriterion = await api.as('prescriber').post('/patients', { ...another, category: 'PCNGP', criterion: 'otherPermanentCause' });
    assertProblem(minorCriterion, 422, 'criterion without reason');
    assert.deepEqual(
      minorCriterion.body.reasons.map((r: { code: unknown }) => r.code),
      ['CATEGORY_REASON_REQUIRED'],
    );
    assert.deepEqual(await storedRows(api), before);
  });

  test('POST /patients by a prescriber not certified on the enrollment date: 422 PRESCRIBER_NOT_CERTIFIED', async () => {
    api.today(ON);
    const admin = api.as('admin');
    assertStatus(await admin.post(`/users/${api.ids.users.otherPrescriber}/certifications`, { status: 'suspended', effectiveOn: '2025-01-15' }), 201);
    assertStatus(await admin.post(`/users/${api.ids.users.otherPrescriber}/certifications`, { status: 'certified', effectiveOn: '2025-01-16' }), 201);
    const before = await storedRows(api);
    const refused = await api.as('otherPrescriber').post('/patients', {
      givenName: 'Suspended',
      familyName: 'Period',
      birthDate: '1990-01-01',
      category: 'PCNGP',
      criterion: 'assignedMaleAtBirth',
      enrolledOn: '2025-01-15',
    });
    assertProblem(refused, 422, 'suspended');
    assert.deepEqual(
      refused.body.reasons.map((r: { code: unknown }) => r.code),
      ['PRESCRIBER_NOT_CERTIFIED'],
    );
    assert.deepEqual(await storedRows(api), before);
  });

  for (const suffix of ['', '/status']) {
    test(`GET /patients/{id}${suffix}: prescriber, delegate and the patient themself; 404 for everyone else, like an unknown id`, async () => {
      api.today(ON);
      const path = `/patients/${owner.id}${suffix}`;
      for (const [who, client] of [
        ['prescriber', api.as('prescriber')],
        ['delegate', api.as('delegate')],
        ['the patient', ownerClient],
      ] as const) {
        const response = await client.get(path);
        assertStatus(response, 200, who);
        assert.equal(response.body.id, owner.id);
        if (suffix === '') {
          assert.equal(response.body.patient.programId, owner.programId);
          assert.ok(Array.isArray(response.body.facts.pregnancyTests));
          assert.equal(typeof response.body.status.state, 'string');
        } else {
          assert.equal(response.body.asOf, ON);
          assert.equal(response.body.category, 'PCGP');
          assert.ok(Array.isArray(response.body.blockers));
        }
      }
      const unknown = await api.as('prescriber').get(`/patients/${randomUUID()}${suffix}`);
      assertProblem(unknown, 404, 'unknown id');
      for (const [who, client] of outsiders()) {
        const response = await client.get(path);
        assertProblem(response, 404, who);
        assert.deepEqual(response.body, unknown.body, `${who}: the same answer as for an id nobody has`);
      }
      assertProblem(await api.as('prescriber').get(`/patients/${othersPatient.id}${suffix}`), 404, "another practice's patient");
      assertProblem(await api.withToken(null).get(path), 401, 'anonymous');
    });
  }

  for (const route of FACT_ROUTES) {
    const forbidden = (['prescriber', 'delegate', 'patient'] as const).filter((caller) => !route.allowed.includes(caller));
    test(`POST /patients/{id}/${route.path}: ${route.allowed.join(', ')} 201${forbidden.length > 0 ? `; ${forbidden.join(', ')} 403` : ''}; outsiders 404; anonymous 401; refusals store nothing`, async () => {
      api.today(ON);
      const url = (patient: Patient) => `/patients/${patient.id}/${route.path}`;

      // Success, for each caller allowed (the patient only on their own record).
      for (const caller of route.allowed) {
        const patient = caller === 'patient' ? owner : await enrollPatient(api, { enrolledOn: '2025-02-01' });
        api.today(ON);
        await route.setUp?.(api, patient);
        const before = await factsOf(api, patient);
        const client = caller === 'patient' ? ownerClient : api.as(caller);
        const response = await client.post(url(patient), route.body);
        assertStatus(response, 201, `${route.path} by ${caller}`);
        assert.match(response.body.id, /^[0-9a-f-]{36}$/);
        const afterwards = await factsOf(api, patient);
        assert.equal(afterwards[route.factsKey].length, (before[route.factsKey] as unknown[]).length + 1, `${route.path} by ${caller} is recorded`);
      }

      // Refusals, on the owner's record: nothing changes.
      const factsBefore = await factsOf(api, owner);
      const rowsBefore = await storedRows(api);
      for (const caller of forbidden) {
        const client = caller === 'patient' ? ownerClient : api.as(caller);
        const response = await client.post(url(owner), route.body);
        assertProblem(response, 403, `${route.path} by ${caller}`);
        assert.equal(response.body.type, 'https://isocourse.dev/problems/forbidden');
      }
      const unknown = await api.as('prescriber').post(`/patients/${randomUUID()}/${route.path}`, route.body);
      assertProblem(unknown, 404, 'unknown patient');
      for (const [who, client] of outsiders()) {
        const response = await client.post(url(owner), route.body);
        assertProblem(response, 404, `${route.path} by ${who}`);
        assert.deepEqual(response.body, unknown.body, who);
      }
      assertProblem(await api.as('delegate').post(url(othersPatient), route.body), 404, "a delegate on another practice's patient");
      assertProblem(await api.withToken(null).post(url(owner), route.body), 401, 'anonymous');
      assert.deepEqual(await factsOf(api, owner), factsBefore);
      assert.deepEqual(await storedRows(api), rowsBefore);
    });
  }
});
