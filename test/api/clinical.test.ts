// The clinical routes, the worklist and the inbox: who is refused, with which answer, and that a
// refused request stores nothing. Another practice's staff, pharmacists, administrators and other
// patients never learn a record exists (404, the same answer as for an id nobody has); the care
// team and the patient themself are told 403 for what their role cannot do.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { runScheduledWork } from '../../src/scheduledWork.js';
import { startTestApi, type ApiClient, type ApiResponse, type StaffRole, type TestApi } from '../support/api.js';
import { assertProblem, assertStatus, enrollOthersPatient, enrollPatient, type Patient } from '../support/journeys.js';
import { insertMissedDoseReport, ROUTES, routeName, routeContextFor, storedRows, urlOf, type RouteContext, type RouteSample } from '../support/routes.js';

const ON = '2025-03-10';

type Access = 'read' | 'record' | 'attest' | 'patientEntry';

/** The clinical routes on one patient's record, with the access each needs (src/services/access.ts). */
const PATIENT_ROUTES: Record<string, Access> = {
  'GET /api/v1/patients/{patientId}/clinical': 'read',
  'GET /api/v1/patients/{patientId}/dose-proposal': 'read',
  'POST /api/v1/patients/{patientId}/weights': 'record',
  'POST /api/v1/patients/{patientId}/lab-results': 'record',
  'POST /api/v1/patients/{patientId}/risk-flags': 'record',
  'POST /api/v1/patients/{patientId}/missed-doses': 'patientEntry',
  'POST /api/v1/patients/{patientId}/missed-doses/{missedDoseId}/review': 'record',
  'POST /api/v1/patients/{patientId}/phq9': 'patientEntry',
  'POST /api/v1/patients/{patientId}/symptom-reports': 'patientEntry',
  'POST /api/v1/patients/{patientId}/medications': 'patientEntry',
  'POST /api/v1/patients/{patientId}/medications/{medicationId}/stop': 'patientEntry',
  'POST /api/v1/patients/{patientId}/dose-plans': 'attest',
  'POST /api/v1/patients/{patientId}/interaction-overrides': 'attest',
  'POST /api/v1/patients/{patientId}/alert-acknowledgements': 'attest',
};
/** The clinical and inbox routes on no one record. */
const OTHER_ROUTES = ['GET /api/v1/worklist', 'POST /api/v1/lab-imports', 'GET /api/v1/inbox', 'POST /api/v1/inbox/{messageId}/read'];

function routeNamed(name: string): RouteSample {
  const route = ROUTES.find((candidate) => routeName(candidate) === name);
  assert.ok(route, `${name} is not in test/support/routes.ts`);
  return route;
}

/** Every row of every table that holds facts or accounts: a refused request changes none (not even an update). */
async function storedContents(api: TestApi): Promise<Record<string, string[]>> {
  const tables = await sql<{ table_name: string }>`
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
      AND table_name NOT IN ('audit_events', 'sessions', 'schema_migrations')
    ORDER BY table_name`.execute(api.services.db);
  const contents: Record<string, string[]> = {};
  for (const { table_name: table } of tables.rows) {
    const rows = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)}`.execute(api.services.db);
    contents[table] = rows.rows.map((row) => JSON.stringify(row)).sort();
  }
  return contents;
}

/** Runs the refusals and checks that nothing was stored or changed by them. */
async function storesNothing(api: TestApi, refusals: () => Promise<void>): Promise<void> {
  const rows = await storedRows(api);
  const contents = await storedContents(api);
  await refusals();
  assert.deepEqual(await storedRows(api), rows);
  assert.deepEqual(await storedContents(api), contents);
}

describe('clinical routes: who is refused, and how', () => {
  let api: TestApi;
  /** A PCGP patient of the prescriber with a log-in, and another one. */
  let owner: Patient;
  let stranger: Patient;
  let ownerClient: ApiClient;
  let strangerClient: ApiClient;
  let ownerUserId: string;
  let strangerUserId: string;
  /** The other practice's patient. */
  let othersPatient: Patient;
  /** A medicine on the owner's record (a tetracycline: it blocks) and the owner's urgent alert. */
  let medicationId: string;
  let alertKey: string;
  /** A report of missed days waiting for the care team, on each patient's record. */
  const missedDoseReports = new Map<string, string>();

  before(async () => {
    api = await startTestApi();
    owner = await enrollPatient(api, { enrolledOn: '2025-02-01', account: { email: 'clinical.owner@test.example', password: 'owner password 1' } });
    stranger = await enrollPatient(api, {
      enrolledOn: '2025-02-01',
      category: 'PCNGP',
      account: { email: 'clinical.stranger@test.example', password: 'stranger password 1' },
    });
    ownerClient = await api.logIn('clinical.owner@test.example', 'owner password 1');
    strangerClient = await api.logIn('clinical.stranger@test.example', 'stranger password 1');
    ownerUserId = (await ownerClient.get('/me')).body.id;
    strangerUserId = (await strangerClient.get('/me')).body.id;
    api.today(ON);
    othersPatient = await enrollOthersPatient(api, ON);

    const prescriber = api.as('prescriber');
    assertStatus(await prescriber.post(`/patients/${owner.id}/weights`, { measuredOn: ON, value: 64, unit: 'kg' }), 201, 'weight');
    const medication = await prescriber.post(`/patients/${owner.id}/medications`, { name: 'Doxycycline 100 mg', startedOn: '2025-01-15' });
    assertStatus(medication, 201, 'medication');
    medicationId = medication.body.id;
    const phq9 = await prescriber.post(`/patients/${owner.id}/phq9`, { answeredOn: ON, answers: [0, 0, 0, 0, 0, 0, 0, 0, 1] });
    assertStatus(phq9, 201, 'PHQ-9');
    alertKey = phq9.body.alerts[0].key;
    assert.equal(alertKey, `phq9:${phq9.body.id}:SUICIDAL_IDEATION`);
    for (const patient of [owner, stranger, othersPatient]) {
      missedDoseReports.set(patient.id, await insertMissedDoseReport(api, patient.id, ON));
    }
    // Every staff member logs in now, so the refusals below are the only requests in their windows.
    for (const role of ['prescriber', 'delegate', 'pharmacist', 'otherPharmacist', 'admin', 'otherPrescriber'] as const) {
      assertStatus(await api.as(role).get('/me'), 200, role);
    }
  });
  after(() => api.close());

  const ctxFor = (patient: Patient): RouteContext =>
    routeContextFor(
      patient,
      { pharmacyId: api.ids.pharmacyId, userId: api.ids.users.prescriber, organizationId: api.ids.practiceId, on: ON },
      { medicationId, ...(missedDoseReports.has(patient.id) ? { missedDoseId: missedDoseReports.get(patient.id) } : {}) },
    );

  async function call(client: ApiClient, route: RouteSample, ctx: RouteContext): Promise<ApiResponse> {
    const url = urlOf(route, ctx);
    return route.method === 'GET' ? client.get(url) : client.post(url, route.body?.(ctx));
  }

  test('the tables here cover every clinical and inbox route the server documents', async () => {
    const spec = (await api.withToken(null).get('/api/openapi.json')).body;
    const documented = Object.entries(spec.paths as Record<string, Record<string, { tags?: string[] }>>)
      .flatMap(([path, operations]) =>
        Object.entries(operations)
          .filter(([, operation]) => (operation.tags ?? []).some((tag) => tag === 'clinical' || tag === 'inbox'))
          .map(([method]) => `${method.toUpperCase()} ${path}`),
      )
      .sort();
    assert.deepEqual(documented, [...Object.keys(PATIENT_ROUTES), ...OTHER_ROUTES].sort());
  });

  for (const [name, access] of Object.entries(PATIENT_ROUTES)) {
    const delegate403 = access === 'attest';
    const patient403 = access === 'record' || access === 'attest';
    test(`${name}: another practice, a pharmacist, an administrator, another patient 404 (as for an unknown id)${delegate403 ? '; the delegate 403' : ''}${patient403 ? '; the patient themself 403' : ''}; nothing stored`, async () => {
      api.today(ON);
      const route = routeNamed(name);
      const ctx = ctxFor(owner);
      const unknown = await call(api.as('prescriber'), route, { ...ctx, patientId: randomUUID() });
      assertProblem(unknown, 404, 'an id nobody has');
      assert.equal(unknown.body.type, 'https://isocourse.dev/problems/not-found');

      await storesNothing(api, async () => {
        const outsiders: Array<[string, ApiClient]> = [
          ['another prescriber', api.as('otherPrescriber')],
          ['a pharmacist', api.as('pharmacist')],
          ["another pharmacy's pharmacist", api.as('otherPharmacist')],
          ['an administrator', api.as('admin')],
          ['another patient', strangerClient],
        ];
        for (const [who, client] of outsiders) {
          const response = await call(client, route, ctx);
          assertProblem(response, 404, who);
          assert.deepEqual(response.body, unknown.body, `${who}: the same answer as for an id nobody has`);
        }
        for (const [who, client] of [
          ['the prescriber', api.as('prescriber')],
          ['the delegate', api.as('delegate')],
        ] as const) {
          assertProblem(await call(client, route, ctxFor(othersPatient)), 404, `${who} on another practice's patient`);
        }
        if (delegate403) {
          const response = await call(api.as('delegate'), route, ctx);
          assertProblem(response, 403, 'the delegate');
          assert.equal(response.body.type, 'https://isocourse.dev/problems/forbidden');
        }
        if (patient403) {
          const response = await call(ownerClient, route, ctx);
          assertProblem(response, 403, 'the patient on their own record');
          assert.equal(response.body.type, 'https://isocourse.dev/problems/forbidden');
        }
        assertProblem(await call(api.withToken(null), route, ctx), 401, 'anonymous');
      });
    });
  }

  test("a delegate enters what is not the prescriber's alone: weights, labs, risk flags, patient entries, and reads the review", async () => {
    api.today(ON);
    const delegate = api.as('delegate');
    const allowed = Object.keys(PATIENT_ROUTES).filter((route) => PATIENT_ROUTES[route] !== 'attest' && !route.endsWith('/stop'));
    // Writes first: the dose proposal needs the weight.
    for (const name of [...allowed.filter((route) => route.startsWith('POST')), ...allowed.filter((route) => route.startsWith('GET'))]) {
      const route = routeNamed(name);
      const response = await call(delegate, route, ctxFor(stranger));
      assertStatus(response, route.method === 'GET' ? 200 : 201, name);
    }
  });

  test('the patient on their own record: PHQ-9, symptoms, medicines, missed days, a stop, and reads their review; never the alerts themselves in the answers', async () => {
    api.today(ON);
    const base = `/patients/${owner.id}`;
    const phq9 = await ownerClient.post(`${base}/phq9`, { answeredOn: ON, answers: [1, 1, 1, 0, 0, 0, 0, 0, 2] });
    assertStatus(phq9, 201, 'PHQ-9');
    assert.equal(phq9.body.alerts, undefined, 'the patient is shown what is meant for them, not the alert');
    assert.match(phq9.body.messages[0], /988/);
    const symptoms = await ownerClient.post(`${base}/symptom-reports`, { reportedOn: ON, entries: [{ symptom: 'blurredVision', severity: 'mild' }] });
    assertStatus(symptoms, 201, 'symptoms');
    assert.equal(symptoms.body.alerts, undefined);
    assert.ok(symptoms.body.messages.length > 0);
    // The same messages with their alert's code and severity (the page tells urgent ones by severity, not by words).
    assert.deepEqual(
      symptoms.body.advice.map((advice: { text: string }) => advice.text),
      symptoms.body.messages,
    );
    for (const advice of symptoms.body.advice as Array<{ code: unknown; severity: unknown }>) {
      assert.ok(typeof advice.code === 'string' && /^[A-Z_]+$/.test(advice.code), String(advice.code));
      assert.ok(['urgent', 'warning', 'info'].includes(String(advice.severity)));
    }
    // With the symptoms that raised it: the page words the advice in the patient's language by code and symptom.
    assert.deepEqual(
      (symptoms.body.advice as Array<{ symptoms?: string[] }>).map((advice) => advice.symptoms),
      (symptoms.body.advice as unknown[]).map(() => ['blurredVision']),
    );
    const redFlag = await ownerClient.post(`${base}/symptom-reports`, { reportedOn: ON, entries: [{ symptom: 'blurredVision', severity: 'severe' }] });
    assertStatus(redFlag, 201, 'a red flag');
    assert.ok(
      (redFlag.body.advice as Array<{ severity: string }>).some((advice) => advice.severity === 'urgent'),
      'a severe red flag is urgent advice',
    );
    const medication = await ownerClient.post(`${base}/medications`, { name: 'Cetirizine 10 mg', startedOn: '2025-03-01' });
    assertStatus(medication, 201, 'medication');
    assertStatus(await ownerClient.post(`${base}/medications/${medication.body.id}/stop`, { stoppedOn: ON }), 201, 'stop');
    assertStatus(await ownerClient.post(`${base}/missed-doses`, { from: '2025-03-08', to: '2025-03-09', reason: 'Forgot on holiday' }), 201, 'missed days');

    const review = await ownerClient.get(`${base}/clinical`);
    assertStatus(review, 200, 'the review');
    assert.equal(review.body.id, owner.id);
    assert.equal(review.body.alerts, undefined, "the prescriber's alert texts and notes stay with the care team");
    assert.ok(
      review.body.messages.some((message: string) => /988/.test(message)),
      'what the alerts tell the patient',
    );
    const careTeamView = await api.as('prescriber').get(`${base}/clinical`);
    assert.ok(
      careTeamView.body.alerts.some((item: { key: string }) => item.key === alertKey),
      'the care team sees the alerts',
    );

    // A medicine the clinic recorded is stopped by the clinic: stopping it can lift an interaction block.
    const clinicRecorded = await api.as('prescriber').post(`${base}/medications`, { name: 'Doxycycline 100 mg' });
    await storesNothing(api, async () => {
      assertProblem(await ownerClient.post(`${base}/medications/${clinicRecorded.body.id}/stop`, { stoppedOn: ON }), 403, "the clinic's medicine");
    });
    assertStatus(await ownerClient.get(`${base}/dose-proposal?product=claravis&mgPerKgPerDay=0.5`), 200, 'the dose proposal');

    // Another patient's medicine cannot be stopped through one's own record.
    const strangersMedicine = await api.as('prescriber').post(`/patients/${stranger.id}/medications`, { name: 'Prednisone 5 mg' });
    assertStatus(strangersMedicine, 201);
    await storesNothing(api, async () => {
      assertProblem(await ownerClient.post(`${base}/medications/${strangersMedicine.body.id}/stop`, { stoppedOn: ON }), 404, "another patient's medicine");
      assertProblem(await api.as('prescriber').post(`${base}/medications/${strangersMedicine.body.id}/stop`, { stoppedOn: ON }), 404, 'the wrong record');
    });
  });

  test('GET /worklist: the care team only; a pharmacist, an administrator or a patient 403; nothing stored', async () => {
    api.today(ON);
    await storesNothing(api, async () => {
      for (const [who, client] of [
        ['a pharmacist', api.as('pharmacist')],
        ['an administrator', api.as('admin')],
        ['a patient', ownerClient],
      ] as const) {
        const response = await client.get('/worklist');
        assertProblem(response, 403, who);
        assert.equal(response.body.type, 'https://isocourse.dev/problems/forbidden');
      }
      assertProblem(await api.withToken(null).get('/worklist'), 401, 'anonymous');
    });
    const ids = (response: ApiResponse) => response.body.patients.map((entry: { patientId: string }) => entry.patientId);
    const mine = await api.as('delegate').get('/worklist');
    assertStatus(mine, 200, 'the delegate');
    assert.ok(ids(mine).includes(owner.id));
    assert.deepEqual(ids(await api.as('prescriber').get('/worklist')), ids(mine));
    const theirs = await api.as('otherPrescriber').get('/worklist');
    assertStatus(theirs, 200);
    assert.ok(!ids(theirs).includes(owner.id) && !ids(theirs).includes(stranger.id), "another practice's worklist has none of ours");
  });

  test("POST /lab-imports: a pharmacist, an administrator or a patient 403; another practice's import stores no result for our patient", async () => {
    api.today(ON);
    const csv = `patient program id,collected date,analyte,value,unit\n${owner.programId},2025-03-09,triglycerides,130,mg/dL\n`;
    await storesNothing(api, async () => {
      for (const [who, client] of [
        ['a pharmacist', api.as('pharmacist')],
        ['an administrator', api.as('admin')],
        ['a patient', ownerClient],
      ] as const) {
        assertProblem(await client.post('/lab-imports', { fileName: 'labs.csv', csv }), 403, who);
      }
    });
    const rows = await storedRows(api);
    const imported = await api.as('otherPrescriber').post('/lab-imports', { fileName: 'labs.csv', csv });
    assertStatus(imported, 201, "another practice's import");
    assert.deepEqual([imported.body.accepted, imported.body.rejected], [0, 1]);
    assert.equal(imported.body.rowErrors[0].message, `No patient of yours has the program identifier ${owner.programId}.`);
    assert.deepEqual(await storedRows(api), { ...rows, lab_imports: (rows.lab_imports ?? 0) + 1 }, 'only the import report is stored');
  });

  test('POST /lab-imports: a row dated in year 0000 is reported on its line, the other rows are imported', async () => {
    api.today(ON);
    const csv =
      'patient program id,collected date,analyte,value,unit\n' +
      `${owner.programId},2025-03-09,triglycerides,131,mg/dL\n` +
      `${owner.programId},0000-01-01,triglycerides,132,mg/dL\n` +
      `${owner.programId},2025-03-09,total cholesterol,180,mg/dL\n`;
    const imported = await api.as('prescriber').post('/lab-imports', { fileName: 'year-zero.csv', csv });
    assertStatus(imported, 201, 'the import');
    assert.deepEqual([imported.body.accepted, imported.body.rejected], [2, 1]);
    assert.equal(imported.body.rowErrors.length, 1);
    assert.equal(imported.body.rowErrors[0].row, 3);
    assert.match(imported.body.rowErrors[0].message, /0000-01-01/);
  });

  test("GET /inbox: only the messages addressed to the caller; marking another person's message read is 404 and changes nothing", async () => {
    // A patient without a log-in whose course ended: the prescriber is reminded of the test a month after.
    api.today('2025-01-20');
    const ended = await api.enroll({ enrolledOn: '2025-01-20' });
    api.today('2025-02-05');
    assertStatus(await api.as('prescriber').post(`/patients/${ended.id}/course-end`, { lastDoseOn: '2025-02-05', reason: 'targetReached' }), 201);
    api.today(ON);
    await runScheduledWork(api.services);

    const addressedTo = async (userId: string): Promise<string[]> =>
      (await api.database.db.selectFrom('outbox_messages').select('id').where('recipient_user_id', '=', userId).where('delivered_at', 'is not', null).execute())
        .map((row) => row.id)
        .sort();
    const inboxIds = async (client: ApiClient): Promise<string[]> => {
      const inbox = await client.get('/inbox');
      assertStatus(inbox, 200);
      return inbox.body.map((message: { id: string }) => message.id).sort();
    };
    const ownerMessages = await addressedTo(ownerUserId);
    const strangerMessages = await addressedTo(strangerUserId);
    const prescriberMessages = await addressedTo(api.ids.users.prescriber);
    assert.ok(ownerMessages.length > 0 && strangerMessages.length > 0 && prescriberMessages.length > 0, 'each has something delivered');
    assert.deepEqual(await inboxIds(ownerClient), ownerMessages);
    assert.deepEqual(await inboxIds(strangerClient), strangerMessages);
    assert.deepEqual(await inboxIds(api.as('prescriber')), prescriberMessages);
    const prescriberInbox = (await api.as('prescriber').get('/inbox')).body;
    assert.ok(prescriberInbox.some((message: { kind: string }) => message.kind === 'postTreatmentTest'));
    for (const role of ['delegate', 'otherPrescriber', 'pharmacist', 'admin'] as const satisfies readonly StaffRole[]) {
      assert.deepEqual(await inboxIds(api.as(role)), await addressedTo(api.ids.users[role]), role);
      assert.deepEqual(await inboxIds(api.as(role)), [], `${role}: nothing addressed to them`);
    }

    const message = ownerMessages[0] as string;
    const unknown = await ownerClient.post(`/inbox/${randomUUID()}/read`);
    assertProblem(unknown, 404, 'a message nobody has');
    await storesNothing(api, async () => {
      for (const [who, client] of [
        ['another patient', strangerClient],
        ['the prescriber', api.as('prescriber')],
        ['the delegate', api.as('delegate')],
        ['a pharmacist', api.as('pharmacist')],
        ['an administrator', api.as('admin')],
      ] as const) {
        const response = await client.post(`/inbox/${message}/read`);
        assertProblem(response, 404, who);
        assert.deepEqual(response.body, unknown.body, who);
      }
      assertProblem(await api.withToken(null).post(`/inbox/${message}/read`), 401, 'anonymous');
    });
    assert.equal((await ownerClient.get('/inbox')).body.find((item: { id: string }) => item.id === message).read, false);
    assertStatus(await ownerClient.post(`/inbox/${message}/read`), 200, 'the owner');
    assert.equal((await ownerClient.get('/inbox')).body.find((item: { id: string }) => item.id === message).read, true);
  });
});
