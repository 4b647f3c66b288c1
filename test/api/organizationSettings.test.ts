// Clinic settings: GET /organizations and POST /organizations/{id}/settings (time zone, a
// practice's default cumulative dose target), audited; the time zone GET /me gives each user.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startTestApi, type ApiClient, type TestApi } from '../support/api.js';
import { assertProblem, assertStatus, enrollPatient, pcngpVisit, type Patient } from '../support/journeys.js';
import { storedRows } from '../support/routes.js';

const ON = '2025-03-10';

describe('clinic settings', () => {
  let api: TestApi;
  let patient: Patient;
  let patientClient: ApiClient;
  before(async () => {
    api = await startTestApi();
    api.today(ON);
    patient = await enrollPatient(api, {
      category: 'PCNGP',
      enrolledOn: ON,
      account: { email: 'settings.patient@test.example', password: 'patient password 1' },
    });
    patientClient = await api.logIn('settings.patient@test.example', 'patient password 1');
  });
  after(() => api.close());

  function nonAdmins(): Array<[string, ApiClient]> {
    return [
      ['prescriber', api.as('prescriber')],
      ['delegate', api.as('delegate')],
      ['pharmacist', api.as('pharmacist')],
      ['patient', patientClient],
    ];
  }

  test('GET /organizations: every practice and pharmacy with its time zone, target (practices only) and certification; 403 for everyone else', async () => {
    const response = await api.as('admin').get('/organizations');
    assertStatus(response, 200);
    assert.equal(response.body.length, 4);
    const practice = response.body.find((organization: { id: unknown }) => organization.id === api.ids.practiceId);
    assert.deepEqual(practice, {
      id: api.ids.practiceId,
      kind: 'practice',
      name: 'Test Dermatology',
      timeZone: 'America/New_York',
      jurisdiction: 'US',
      cumulativeTargetMgPerKg: 150,
      certification: { status: 'certified', effectiveOn: '2000-01-01' },
      nextCertification: null,
    });
    const pharmacy = response.body.find((organization: { id: unknown }) => organization.id === api.ids.pharmacyId);
    assert.equal(pharmacy.kind, 'pharmacy');
    assert.equal(pharmacy.cumulativeTargetMgPerKg, null);

    for (const [role, client] of nonAdmins()) {
      const refused = await client.get('/organizations');
      assertProblem(refused, 403, role);
    }
    assertStatus(await api.withToken(null).get('/organizations'), 401);
  });

  test('GET /users: a prescriber shows the certification in force today and the next one recorded; a delegate their supervising prescriber', async () => {
    assertStatus(await api.as('admin').post(`/users/${api.ids.users.prescriber}/certifications`, { status: 'suspended', effectiveOn: '2025-04-01' }), 201);
    const users = (await api.as('admin').get('/users')).body;
    const prescriber = users.find((user: { id: unknown }) => user.id === api.ids.users.prescriber);
    assert.deepEqual(prescriber.certification, { status: 'certified', effectiveOn: '2000-01-01' });
    assert.deepEqual(prescriber.nextCertification, { status: 'suspended', effectiveOn: '2025-04-01' });
    const delegate = users.find((user: { id: unknown }) => user.id === api.ids.users.delegate);
    assert.equal(delegate.supervisingPrescriberId, api.ids.users.prescriber);
    assert.equal(delegate.certification, undefined);
    // Undo for the other tests: certified again on the suspension's day, recorded later.
    assertStatus(await api.as('admin').post(`/users/${api.ids.users.prescriber}/certifications`, { status: 'certified', effectiveOn: '2025-04-01' }), 201);
  });

  test("POST …/settings: a practice's time zone and default target change, the clinical picture follows, the worklist is recomputed, and the change is audited", async () => {
    const prescriber = api.as('prescriber');
    await pcngpVisit(api, patient, ON);
    assertStatus(await prescriber.post(`/patients/${patient.id}/weights`, { measuredOn: ON, value: 70, unit: 'kg' }), 201);
    assertStatus(await prescriber.get('/worklist'), 200);
    assert.equal((await prescriber.get(`/patients/${patient.id}/clinical`)).body.cumulative.asDispensed.targetMg, 10500, '150 mg/kg × 70 kg');
    const entryBefore = await api.services.db
      .selectFrom('worklist_entries')
      .select(['needs_refresh', 'fact_version'])
      .where('patient_id', '=', patient.id)
      .executeTakeFirstOrThrow();
    assert.equal(entryBefore.needs_refresh, false);

    const changed = await api.as('admin').post(`/organizations/${api.ids.practiceId}/settings`, { timeZone: 'America/chicago', cumulativeTargetMgPerKg: 120 });
    assertStatus(changed, 200);
    assert.equal(changed.body.timeZone, 'America/Chicago', 'stored in its canonical spelling');
    assert.equal(changed.body.cumulativeTargetMgPerKg, 120);
    const listed = (await api.as('admin').get('/organizations')).body.find((organization: { id: unknown }) => organization.id === api.ids.practiceId);
    assert.equal(listed.timeZone, 'America/Chicago');
    assert.equal(listed.cumulativeTargetMgPerKg, 120);

    assert.equal((await prescriber.get(`/patients/${patient.id}/clinical`)).body.cumulative.asDispensed.targetMg, 8400, '120 mg/kg × 70 kg');
    const entryAfter = await api.services.db
      .selectFrom('worklist_entries')
      .select(['needs_refresh', 'fact_version'])
      .where('patient_id', '=', patient.id)
      .executeTakeFirstOrThrow();
    assert.equal(entryAfter.needs_refresh, true);
    assert.equal(Number(entryAfter.fact_version), Number(entryBefore.fact_version) + 1);

    const audit = await api.as('admin').get(`/audit-events?actorId=${api.ids.users.admin}&limit=5`);
    const event = audit.body.find((row: { action: unknown }) => row.action === 'organization.settings');
    assert.ok(event, JSON.stringify(audit.body));
    assert.equal(event.entityId, api.ids.practiceId);
    assert.equal(event.outcome, 'ok');
    assert.deepEqual(event.detail, {
      before: { timeZone: 'America/New_York', cumulativeTargetMgPerKg: 150 },
      after: { timeZone: 'America/Chicago', cumulativeTargetMgPerKg: 120 },
    });

    // The time zone alone: the target stays as it was.
    const zoneOnly = await api.as('admin').post(`/organizations/${api.ids.practiceId}/settings`, { timeZone: 'America/New_York' });
    assertStatus(zoneOnly, 200);
    assert.equal(zoneOnly.body.cumulativeTargetMgPerKg, 120);
  });

  test('POST …/settings refusals: unknown zone or bare offset, a target for a pharmacy or out of range 400 naming the field; unknown organization 404; others 403; nothing changes', async () => {
    const admin = api.as('admin');
    const before = (await admin.get('/organizations')).body;
    const rows = await storedRows(api);
    const cases: Array<[string, Record<string, unknown>, Record<string, string>]> = [
      [api.ids.practiceId, { timeZone: 'Mars/Olympus_Mons' }, { timeZone: 'UNKNOWN_TIME_ZONE' }],
      [api.ids.practiceId, { timeZone: '+05:00' }, { timeZone: 'UNKNOWN_TIME_ZONE' }],
      [api.ids.pharmacyId, { timeZone: 'America/Denver', cumulativeTargetMgPerKg: 150 }, { cumulativeTargetMgPerKg: 'NOT_A_PRACTICE' }],
      [api.ids.practiceId, { timeZone: 'America/Denver', cumulativeTargetMgPerKg: 59 }, { cumulativeTargetMgPerKg: 'MINIMUM' }],
      [api.ids.practiceId, { timeZone: 'America/Denver', cumulativeTargetMgPerKg: 301 }, { cumulativeTargetMgPerKg: 'MAXIMUM' }],
      [api.ids.practiceId, { cumulativeTargetMgPerKg: 140 }, { timeZone: 'REQUIRED' }],
    ];
    for (const [organizationId, body, expected] of cases) {
      const response = await admin.post(`/organizations/${organizationId}/settings`, body);
      assertProblem(response, 400, JSON.stringify(body));
      assert.deepEqual(
        Object.fromEntries(response.body.errors.map((error: { field: unknown; code: unknown }) => [error.field, error.code])),
        expected,
        JSON.stringify(body),
      );
    }
    assertProblem(await admin.post(`/organizations/${randomUUID()}/settings`, { timeZone: 'America/Denver' }), 404, 'unknown organization');
    for (const [role, client] of nonAdmins()) {
      assertProblem(await client.post(`/organizations/${api.ids.practiceId}/settings`, { timeZone: 'America/Denver' }), 403, role);
    }
    assert.deepEqual((await admin.get('/organizations')).body, before);
    assert.deepEqual(await storedRows(api), rows);
  });

  test("GET /me: the time zone of the user's organization, a patient's practice's, else the server's clinic time zone", async () => {
    assertStatus(await api.as('admin').post(`/organizations/${api.ids.practiceId}/settings`, { timeZone: 'America/Los_Angeles' }), 200);
    assertStatus(await api.as('admin').post(`/organizations/${api.ids.pharmacyId}/settings`, { timeZone: 'America/Phoenix' }), 200);
    assert.equal((await api.as('prescriber').get('/me')).body.timeZone, 'America/Los_Angeles');
    assert.equal((await api.as('delegate').get('/me')).body.timeZone, 'America/Los_Angeles');
    assert.equal((await patientClient.get('/me')).body.timeZone, 'America/Los_Angeles');
    assert.equal((await api.as('pharmacist').get('/me')).body.timeZone, 'America/Phoenix');
    assert.equal((await api.as('otherPharmacist').get('/me')).body.timeZone, 'America/New_York');
    // The administrator belongs to no organization: the server's CLINIC_TIMEZONE.
    assert.equal((await api.as('admin').get('/me')).body.timeZone, 'America/New_York');
    api.services.clinicTimeZone = 'America/Denver';
    try {
      assert.equal((await api.as('admin').get('/me')).body.timeZone, 'America/Denver');
    } finally {
      delete api.services.clinicTimeZone;
    }
  });
});
