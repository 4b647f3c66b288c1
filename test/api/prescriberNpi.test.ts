// POST /users/{userId}/npi: the administrator records a prescriber's NPI, the number an EHR's
// messages name the prescriber by (issue 11). GET /users shows it; an interop client of the
// prescriber's practice can then sign as that prescriber.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { ClientActor } from '../../src/services/context.js';
import { actingPrescriber } from '../../src/services/interop/actingPrescriber.js';
import { startTestApi, TEST_NPIS, type TestApi } from '../support/api.js';
import { assertStatus } from '../support/journeys.js';

describe("a prescriber's NPI", () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi();
    api.today('2025-03-10');
  });
  after(() => api.close());

  const npiOf = async (userId: string) => (await api.database.db.selectFrom('users').select('npi').where('id', '=', userId).executeTakeFirstOrThrow()).npi;

  test('the administrator records a new prescriber’s NPI; the users list shows it; an EHR of the practice can then sign as her', async () => {
    const created = await api.as('admin').post('/users', {
      email: 'dr.new@test.example',
      password: 'a long enough password',
      displayName: 'Dr. New',
      role: 'prescriber',
      organizationId: api.ids.practiceId,
    });
    assertStatus(created, 201);
    const recorded = await api.as('admin').post(`/users/${created.body.id}/npi`, { npi: '1245319599' });
    assertStatus(recorded, 200);
    assert.deepEqual(recorded.body, { id: created.body.id, displayName: 'Dr. New', npi: '1245319599' });
    const listed = (await api.as('admin').get('/users')).body.find((user: { id: unknown }) => user.id === created.body.id);
    assert.equal(listed.npi, '1245319599');
    assert.equal(
      (await api.as('admin').get('/users')).body.find((user: { role: unknown }) => user.role === 'pharmacist').npi,
      undefined,
      'only prescribers carry one',
    );

    const ehr: ClientActor = {
      userId: api.ids.users.admin,
      role: 'delegate',
      organizationId: api.ids.practiceId,
      supervisingPrescriberId: null,
      ip: null,
      client: { id: randomUUID(), clientId: 'isoc-test', name: 'Test EHR', kind: 'practice', organizationId: api.ids.practiceId, scopes: [] },
    };
    assert.equal((await actingPrescriber(api.services, ehr, '1245319599')).userId, created.body.id);

    // Changed later (a typo fixed): the new number replaces the old one.
    assertStatus(await api.as('admin').post(`/users/${created.body.id}/npi`, { npi: '1928374655' }), 200);
    assert.equal(await npiOf(created.body.id), '1928374655');
    const audit = await api.database.db
      .selectFrom('audit_events')
      .select(['action', 'detail'])
      .where('action', '=', 'user.npi')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    assert.deepEqual(typeof audit.detail === 'string' ? JSON.parse(audit.detail) : audit.detail, { previous: '1245319599', npi: '1928374655' });
  });

  test('refusals change nothing: another account’s NPI 409, not 10 digits 400, not a prescriber 400, unknown user 404, non-admins 403', async () => {
    const prescriber = api.ids.users.prescriber;
    const taken = await api.as('admin').post(`/users/${prescriber}/npi`, { npi: TEST_NPIS.otherPrescriber });
    assertStatus(taken, 409);
    assert.match(taken.body.detail, /Another account already has this NPI/);
    const short = await api.as('admin').post(`/users/${prescriber}/npi`, { npi: '12345' });
    assertStatus(short, 400);
    assert.equal(short.body.errors[0].field, 'npi');
    const pharmacist = await api.as('admin').post(`/users/${api.ids.users.pharmacist}/npi`, { npi: '1678901236' });
    assertStatus(pharmacist, 400);
    assert.equal(pharmacist.body.errors[0].code, 'NOT_A_PRESCRIBER');
    assertStatus(await api.as('admin').post(`/users/${randomUUID()}/npi`, { npi: '1678901236' }), 404);
    for (const role of ['prescriber', 'delegate', 'pharmacist'] as const) {
      assertStatus(await api.as(role).post(`/users/${prescriber}/npi`, { npi: '1678901236' }), 403, role);
    }
    assertStatus(await api.withToken(null).post(`/users/${prescriber}/npi`, { npi: '1678901236' }), 401);
    assert.equal(await npiOf(prescriber), TEST_NPIS.prescriber);
    assert.equal(await npiOf(api.ids.users.pharmacist), null);
  });
});
