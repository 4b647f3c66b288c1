// POST /sessions (log in), DELETE /sessions/current (log out), GET /me.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApi, TEST_PASSWORD, type TestApi } from '../support/api.js';
import { assertStatus, enrollPatient } from '../support/journeys.js';

describe('sessions', () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi();
    api.today('2025-03-10');
  });
  after(() => api.close());

  test('POST /sessions logs in: 201 with a bearer token and an HTTP-only session cookie', async () => {
    const response = await api.app.inject({
      method: 'POST',
      url: '/api/v1/sessions',
      payload: { email: 'Prescriber@Test.Example', password: TEST_PASSWORD },
    });
    assert.equal(response.statusCode, 201);
    const body = response.json();
    assert.equal(typeof body.token, 'string');
    assert.ok(body.token.length >= 32);
    assert.equal(body.user.role, 'prescriber');
    assert.equal(body.user.email, 'prescriber@test.example');
    assert.equal(body.user.passwordHash, undefined);
    const cookie = String(response.headers['set-cookie']);
    assert.match(cookie, /^isocourse_session=/);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);

    // Both the token and the cookie identify the caller.
    const byToken = await api.withToken(body.token).get('/me');
    assert.equal(byToken.body.role, 'prescriber');
    const byCookie = await api.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: `isocourse_session=${body.token}` } });
    assert.equal(byCookie.statusCode, 200);
    assert.equal(byCookie.json().id, api.ids.users.prescriber);
  });

  test('POST /sessions with a wrong password or an unknown email: the same 401, no session', async () => {
    const wrongPassword = await api.withToken(null).post('/sessions', { email: 'prescriber@test.example', password: 'wrong password' });
    const unknownEmail = await api.withToken(null).post('/sessions', { email: 'nobody@test.example', password: TEST_PASSWORD });
    for (const response of [wrongPassword, unknownEmail]) {
      assertStatus(response, 401);
      assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
      assert.equal(response.headers['set-cookie'], undefined);
      assert.equal(response.body.token, undefined);
    }
    assert.equal(wrongPassword.body.detail, unknownEmail.body.detail, 'the answer does not reveal whether the account exists');
  });

  test('GET /me: who is logged in, for every role; 401 without a session', async () => {
    for (const role of ['admin', 'prescriber', 'delegate', 'pharmacist'] as const) {
      const me = await api.as(role).get('/me');
      assertStatus(me, 200, role);
      assert.equal(me.body.id, api.ids.users[role]);
      assert.equal(me.body.role, role);
      assert.equal(me.body.patientId, null);
    }
    assert.equal((await api.as('pharmacist').get('/me')).body.organizationId, api.ids.pharmacyId);

    const patient = await enrollPatient(api, {
      enrolledOn: '2025-03-10',
      account: { email: 'me.patient@test.example', password: 'patient password 1' },
    });
    const asPatient = await api.logIn('me.patient@test.example', 'patient password 1');
    const me = await asPatient.get('/me');
    assert.equal(me.body.role, 'patient');
    assert.equal(me.body.patientId, patient.id);

    assertStatus(await api.withToken(null).get('/me'), 401);
  });

  test('DELETE /sessions/current logs out: 204, the token stops working, other sessions go on', async () => {
    const logIn = async () => (await api.withToken(null).post('/sessions', { email: 'delegate@test.example', password: TEST_PASSWORD })).body.token as string;
    const token = await logIn();
    const otherToken = await logIn();
    assertStatus(await api.withToken(token).get('/me'), 200);

    const response = await api.app.inject({ method: 'DELETE', url: '/api/v1/sessions/current', headers: { authorization: `Bearer ${token}` } });
    assert.equal(response.statusCode, 204);
    assert.equal(response.body, '');
    assert.match(String(response.headers['set-cookie']), /isocourse_session=;/);

    assertStatus(await api.withToken(token).get('/me'), 401);
    assertStatus(await api.withToken(token).delete('/sessions/current'), 401);
    assertStatus(await api.withToken(otherToken).get('/me'), 200);
    assertStatus(await api.withToken(null).delete('/sessions/current'), 401);
  });

  test('a session expires after its lifetime, and an ended session stays ended', async () => {
    const login = await api.withToken(null).post('/sessions', { email: 'pharmacist@test.example', password: TEST_PASSWORD });
    assertStatus(login, 201);
    const expiresAt = new Date(login.body.expiresAt);
    api.today(new Date(expiresAt.getTime() + 24 * 3_600_000).toISOString().slice(0, 10));
    assertStatus(await api.withToken(login.body.token).get('/me'), 401);
    api.today('2025-03-10');
    assertStatus(await api.withToken(login.body.token).get('/me'), 401, 'turning the clock back does not revive it');
  });

  test('POST /me/language: the patient chooses Spanish, GET /me says so; an unknown language is a 400 naming the field, nothing changed', async () => {
    await enrollPatient(api, { enrolledOn: '2025-03-01', account: { email: 'language.patient@test.example', password: 'language password 1' } });
    const patient = await api.logIn('language.patient@test.example', 'language password 1');
    assert.equal((await patient.get('/me')).body.language, 'en', 'English until she chooses');
    const chosen = await patient.post('/me/language', { language: 'es' });
    assertStatus(chosen, 200);
    assert.deepEqual(chosen.body, { language: 'es' });
    assert.equal((await patient.get('/me')).body.language, 'es');
    for (const language of ['fr', 'ES', '', 42]) {
      const refused = await patient.post('/me/language', { language });
      assertStatus(refused, 400);
      assert.match(JSON.stringify(refused.body.errors), /language/);
    }
    assert.equal((await patient.get('/me')).body.language, 'es', 'unchanged by the refused requests');
    const audit = await api.services.db.selectFrom('audit_events').select(['action', 'detail']).where('action', '=', 'user.language').execute();
    assert.equal(audit.length, 1);
    // Staff may choose too (their pages stay English); each account only its own.
    assertStatus(await api.as('prescriber').post('/me/language', { language: 'es' }), 200);
    assert.equal((await patient.get('/me')).body.language, 'es');
  });
});
