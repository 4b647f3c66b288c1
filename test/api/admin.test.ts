// Administration: accounts (GET/POST /users), organizations (POST /organizations) and program
// certifications (POST /users/{id}/certifications, POST /organizations/{id}/certifications).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startTestApi, type ApiClient, type ApiResponse, type TestApi } from '../support/api.js';
import { assertStatus, enrollPatient } from '../support/journeys.js';
import { storedRows } from '../support/routes.js';

describe('administration', () => {
  let api: TestApi;
  let patientClient: ApiClient;
  before(async () => {
    api = await startTestApi();
    api.today('2025-03-10');
    await enrollPatient(api, { enrolledOn: '2025-03-10', account: { email: 'admin.test.patient@test.example', password: 'patient password 1' } });
    patientClient = await api.logIn('admin.test.patient@test.example', 'patient password 1');
  });
  after(() => api.close());

  /** Everyone but the administrator: each is refused 403 and nothing changes. */
  function nonAdmins(): Array<[string, ApiClient]> {
    return [
      ['prescriber', api.as('prescriber')],
      ['delegate', api.as('delegate')],
      ['pharmacist', api.as('pharmacist')],
      ['patient', patientClient],
    ];
  }

  async function assertForbiddenForNonAdmins(request: (client: ApiClient) => Promise<ApiResponse>): Promise<void> {
    const before = await storedRows(api);
    for (const [role, client] of nonAdmins()) {
      const response = await request(client);
      assert.equal(response.status, 403, `${role}: ${JSON.stringify(response.body)}`);
      assert.equal(response.body.type, 'https://isocourse.dev/problems/forbidden');
    }
    assertStatus(await request(api.withToken(null)), 401, 'anonymous');
    assert.deepEqual(await storedRows(api), before, 'nothing stored');
  }

  test('GET /users: the administrator lists accounts, without password hashes; others are refused', async () => {
    const response = await api.as('admin').get('/users');
    assertStatus(response, 200);
    const emails = response.body.map((user: { email: unknown }) => user.email);
    for (const email of ['admin@test.example', 'prescriber@test.example', 'delegate@test.example', 'pharmacist@test.example']) {
      assert.ok(emails.includes(email), email);
    }
    assert.ok(
      response.body.every((user: { passwordHash: unknown; password_hash: unknown }) => user.passwordHash === undefined && user.password_hash === undefined),
    );
    await assertForbiddenForNonAdmins((client) => client.get('/users'));
  });

  test('POST /users: the administrator creates a staff account that can log in', async () => {
    const created = await api.as('admin').post('/users', {
      email: 'new.pharmacist@test.example',
      password: 'a long enough password',
      displayName: 'New Pharmacist',
      role: 'pharmacist',
      organizationId: api.ids.pharmacyId,
    });
    assertStatus(created, 201);
    assert.equal(created.body.role, 'pharmacist');
    assert.equal(created.body.organizationId, api.ids.pharmacyId);
    assert.equal(created.body.password, undefined);
    const client = await api.logIn('new.pharmacist@test.example', 'a long enough password');
    assert.equal((await client.get('/me')).body.id, created.body.id);

    const delegate = await api.as('admin').post('/users', {
      email: 'new.delegate@test.example',
      password: 'a long enough password',
      displayName: 'New Delegate',
      role: 'delegate',
      organizationId: api.ids.practiceId,
      supervisingPrescriberId: api.ids.users.prescriber,
    });
    assertStatus(delegate, 201);
  });

  test('POST /users refusals: email taken (any case) 409; wrong kind of organization, delegate without prescriber 400; non-admins 403', async () => {
    const before = await storedRows(api);
    const taken = await api.as('admin').post('/users', {
      email: 'PRESCRIBER@test.example',
      password: 'a long enough password',
      displayName: 'Duplicate',
      role: 'prescriber',
      organizationId: api.ids.practiceId,
    });
    assertStatus(taken, 409);
    assert.match(String(taken.headers['content-type']), /^application\/problem\+json/);

    const wrongKind = await api.as('admin').post('/users', {
      email: 'misplaced@test.example',
      password: 'a long enough password',
      displayName: 'Misplaced',
      role: 'pharmacist',
      organizationId: api.ids.practiceId,
    });
    assertStatus(wrongKind, 400);
    assert.deepEqual(
      wrongKind.body.errors.map((error: { field: unknown; code: unknown }) => [error.field, error.code]),
      [['organizationId', 'WRONG_KIND']],
    );

    const noOrganization = await api.as('admin').post('/users', {
      email: 'orphan@test.example',
      password: 'a long enough password',
      displayName: 'Orphan',
      role: 'delegate',
      organizationId: randomUUID(),
    });
    assertStatus(noOrganization, 400);
    assert.deepEqual(noOrganization.body.errors.map((error: { field: unknown }) => error.field).sort(), ['organizationId', 'supervisingPrescriberId']);
    assert.deepEqual(await storedRows(api), before);

    await assertForbiddenForNonAdmins((client) =>
      client.post('/users', { email: 'sneaky@test.example', password: 'a long enough password', displayName: 'Sneaky', role: 'admin' }),
    );
  });

  test('POST /users/{userId}/certifications: records a prescriber certification; 404 for an unknown user or a non-prescriber', async () => {
    const recorded = await api.as('admin').post(`/users/${api.ids.users.otherPrescriber}/certifications`, { status: 'certified', effectiveOn: '2025-03-01' });
    assertStatus(recorded, 201);
    assert.deepEqual({ status: recorded.body.status, effectiveOn: recorded.body.effectiveOn }, { status: 'certified', effectiveOn: '2025-03-01' });

    const before = await storedRows(api);
    for (const userId of [randomUUID(), api.ids.users.pharmacist, api.ids.users.delegate]) {
      const response = await api.as('admin').post(`/users/${userId}/certifications`, { status: 'certified', effectiveOn: '2025-03-01' });
      assertStatus(response, 404, userId);
      assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
    }
    assert.deepEqual(await storedRows(api), before);
    await assertForbiddenForNonAdmins((client) =>
      client.post(`/users/${api.ids.users.prescriber}/certifications`, { status: 'suspended', effectiveOn: '2025-03-01' }),
    );
  });

  test('POST /organizations: registers a practice or pharmacy; an unknown time zone is 400', async () => {
    const created = await api.as('admin').post('/organizations', { kind: 'practice', name: 'Westside Skin', timeZone: 'America/Los_Angeles' });
    assertStatus(created, 201);
    assert.deepEqual(
      { kind: created.body.kind, name: created.body.name, timeZone: created.body.timeZone },
      {
        kind: 'practice',
        name: 'Westside Skin',
        timeZone: 'America/Los_Angeles',
      },
    );
    const defaultZone = await api.as('admin').post('/organizations', { kind: 'pharmacy', name: 'Main Street Pharmacy' });
    assertStatus(defaultZone, 201);
    assert.equal(defaultZone.body.timeZone, 'America/New_York');

    const before = await storedRows(api);
    const badZone = await api.as('admin').post('/organizations', { kind: 'pharmacy', name: 'Nowhere', timeZone: 'Mars/Olympus_Mons' });
    assertStatus(badZone, 400);
    assert.deepEqual(
      badZone.body.errors.map((error: { field: unknown; code: unknown }) => [error.field, error.code]),
      [['timeZone', 'UNKNOWN_TIME_ZONE']],
    );
    assert.deepEqual(await storedRows(api), before);
    await assertForbiddenForNonAdmins((client) => client.post('/organizations', { kind: 'pharmacy', name: 'Rogue Pharmacy' }));
  });

  test('POST /organizations/{organizationId}/certifications: records a certification; 404 for an unknown organization', async () => {
    const recorded = await api.as('admin').post(`/organizations/${api.ids.pharmacyId}/certifications`, { status: 'certified', effectiveOn: '2025-03-02' });
    assertStatus(recorded, 201);
    assert.equal(recorded.body.status, 'certified');

    const before = await storedRows(api);
    assertStatus(await api.as('admin').post(`/organizations/${randomUUID()}/certifications`, { status: 'certified', effectiveOn: '2025-03-02' }), 404);
    assert.deepEqual(await storedRows(api), before);
    await assertForbiddenForNonAdmins((client) =>
      client.post(`/organizations/${api.ids.pharmacyId}/certifications`, { status: 'revoked', effectiveOn: '2025-03-02' }),
    );
  });
});
