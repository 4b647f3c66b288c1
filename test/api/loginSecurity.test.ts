// What protects the log-in and the session: throttling and lock-out of wrong passwords, sessions
// that rotate on log-in and end (absolute and idle), CSRF protection of cookie sessions, and the
// security headers on every answer.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LOGIN_THROTTLE } from '../../src/services/auth/loginThrottle.js';
import { startTestApi, TEST_PASSWORD, type ApiResponse, type TestApi } from '../support/api.js';
import { assertProblem, assertStatus } from '../support/journeys.js';
import { storedRows } from '../support/routes.js';
import { present } from '../support/present.js';

const START = new Date('2025-03-10T15:00:00Z');
const minutes = (count: number) => count * 60_000;

async function logInFrom(api: TestApi, email: string, password: string, ip: string, headers: Record<string, string> = {}): Promise<ApiResponse> {
  const response = await api.app.inject({ method: 'POST', url: '/api/v1/sessions', remoteAddress: ip, headers, payload: { email, password } });
  return { status: response.statusCode, body: response.json(), headers: response.headers };
}

function cookiesOf(response: ApiResponse): Record<string, string> {
  const setCookie = response.headers['set-cookie'];
  const lines = Array.isArray(setCookie) ? setCookie : setCookie === undefined ? [] : [setCookie];
  return Object.fromEntries(lines.map((line) => present(line.split(';')[0]).split('=') as [string, string]));
}

describe('log-in throttling and lock-out', () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi();
  });
  after(() => api.close());

  test(`${LOGIN_THROTTLE.accountFailures} wrong passwords in a row lock the account: even the right password gets 429 with Retry-After until the window has passed`, async () => {
    api.setClock(START);
    for (let attempt = 1; attempt <= LOGIN_THROTTLE.accountFailures; attempt += 1) {
      assertStatus(await logInFrom(api, 'pharmacist@test.example', `guess ${attempt}`, '10.0.0.1'), 401, `guess ${attempt}`);
    }
    const locked = await logInFrom(api, 'pharmacist@test.example', TEST_PASSWORD, '10.0.0.2');
    assertProblem(locked, 429, 'too-many-attempts');
    assert.equal(locked.body.type, 'https://isocourse.dev/problems/too-many-attempts');
    assert.equal(locked.headers['retry-after'], String(LOGIN_THROTTLE.windowMinutes * 60));
    assert.match(locked.body.detail, /Try again in 15 minutes/);
    assert.equal(locked.headers['set-cookie'], undefined);

    api.setClock(new Date(START.getTime() + minutes(LOGIN_THROTTLE.windowMinutes) - 1000));
    const stillLocked = await logInFrom(api, 'Pharmacist@Test.Example', TEST_PASSWORD, '10.0.0.3');
    assertProblem(stillLocked, 429, 'too-many-attempts');
    assert.equal(stillLocked.headers['retry-after'], '1', 'the refused attempts did not extend the lock');

    api.setClock(new Date(START.getTime() + minutes(LOGIN_THROTTLE.windowMinutes)));
    assertStatus(await logInFrom(api, 'pharmacist@test.example', TEST_PASSWORD, '10.0.0.3'), 201);
  });

  test('an email without an account is locked out exactly like one with an account (no account enumeration)', async () => {
    api.setClock(new Date('2025-04-01T10:00:00Z'));
    const answers: ApiResponse[] = [];
    for (const email of ['nobody@test.example', 'delegate@test.example']) {
      for (let attempt = 1; attempt <= LOGIN_THROTTLE.accountFailures + 1; attempt += 1) {
        answers.push(await logInFrom(api, email, 'wrong password', '10.0.1.1'));
      }
    }
    const statuses = answers.map((answer) => answer.status);
    const expected = [...Array<number>(LOGIN_THROTTLE.accountFailures).fill(401), 429];
    assert.deepEqual(statuses, [...expected, ...expected]);
    assert.equal(present(answers[LOGIN_THROTTLE.accountFailures]).body.detail, present(answers.at(-1)).body.detail);
  });

  test('a successful log-in resets the account count: failures must be in a row', async () => {
    api.setClock(new Date('2025-04-02T10:00:00Z'));
    const below = LOGIN_THROTTLE.accountFailures - 1;
    for (let attempt = 1; attempt <= below; attempt += 1) {
      assertStatus(await logInFrom(api, 'prescriber@test.example', 'typo', '10.0.2.1'), 401);
    }
    assertStatus(await logInFrom(api, 'prescriber@test.example', TEST_PASSWORD, '10.0.2.1'), 201);
    for (let attempt = 1; attempt <= below; attempt += 1) {
      assertStatus(await logInFrom(api, 'prescriber@test.example', 'typo', '10.0.2.1'), 401);
    }
    assertStatus(await logInFrom(api, 'prescriber@test.example', TEST_PASSWORD, '10.0.2.1'), 201);
  });

  test(`${LOGIN_THROTTLE.addressFailures} wrong passwords from one address, across accounts, slow that address down; other addresses are unaffected`, async () => {
    api.setClock(new Date('2025-04-03T10:00:00Z'));
    for (let attempt = 1; attempt <= LOGIN_THROTTLE.addressFailures; attempt += 1) {
      assertStatus(await logInFrom(api, `sprayed.${attempt}@test.example`, 'Winter2025!', '10.0.3.1'), 401, `attempt ${attempt}`);
    }
    assertProblem(await logInFrom(api, 'admin@test.example', TEST_PASSWORD, '10.0.3.1'), 429, 'too-many-attempts');
    assertStatus(await logInFrom(api, 'admin@test.example', TEST_PASSWORD, '10.0.3.2'), 201);
  });

  test('a burst of parallel guesses on one account is decided one at a time: exactly the allowed number are checked', async () => {
    api.setClock(new Date('2025-04-04T10:00:00Z'));
    const burst = await Promise.all(
      Array.from({ length: 16 }, (_, index) => logInFrom(api, 'other.pharmacist@test.example', `parallel guess ${index}`, `10.0.4.${index + 1}`)),
    );
    const statuses = burst.map((response) => response.status).sort();
    assert.deepEqual(statuses, [...Array<number>(LOGIN_THROTTLE.accountFailures).fill(401), ...Array<number>(16 - LOGIN_THROTTLE.accountFailures).fill(429)]);
  });
});

describe('sessions: rotation and expiry', () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi({ sessionHours: 12, sessionIdleMinutes: 30 });
  });
  after(() => api.close());

  test('logging in again with a session ends that session: each log-in gets a new token', async () => {
    api.setClock(START);
    const first = await logInFrom(api, 'delegate@test.example', TEST_PASSWORD, '10.1.0.1');
    assertStatus(first, 201);
    const second = await logInFrom(api, 'delegate@test.example', TEST_PASSWORD, '10.1.0.1', { cookie: `isocourse_session=${first.body.token}` });
    assertStatus(second, 201);
    assert.notEqual(second.body.token, first.body.token);
    assertStatus(await api.withToken(first.body.token).get('/me'), 401);
    assertStatus(await api.withToken(second.body.token).get('/me'), 200);
  });

  test('a session ends after 30 idle minutes; activity keeps it going until its absolute expiry', async () => {
    api.setClock(START);
    const login = await logInFrom(api, 'pharmacist@test.example', TEST_PASSWORD, '10.1.0.2');
    const busy = api.withToken(login.body.token);
    assert.equal(new Date(login.body.expiresAt).getTime(), START.getTime() + 12 * 3_600_000);
    // A request every 29 minutes keeps it open for the whole 12 hours, not a minute more.
    let at = START.getTime();
    while (at + minutes(29) < START.getTime() + 12 * 3_600_000) {
      at += minutes(29);
      api.setClock(new Date(at));
      assertStatus(await busy.get('/me'), 200, `at ${new Date(at).toISOString()}`);
    }
    api.setClock(new Date(START.getTime() + 12 * 3_600_000));
    assertProblem(await busy.get('/me'), 401, 'unauthenticated');

    api.setClock(START);
    const idle = await logInFrom(api, 'pharmacist@test.example', TEST_PASSWORD, '10.1.0.2');
    api.setClock(new Date(START.getTime() + minutes(29)));
    assertStatus(await api.withToken(idle.body.token).get('/me'), 200);
    api.setClock(new Date(START.getTime() + minutes(29 + 30)));
    const ended = await api.withToken(idle.body.token).get('/me');
    assertProblem(ended, 401, 'unauthenticated');
    assert.match(ended.body.detail, /session has ended/);
  });

  test('the scheduled work forgets ended sessions and month-old log-in attempts, and nothing else', async () => {
    api.setClock(new Date('2025-05-01T08:00:00Z'));
    const stale = await logInFrom(api, 'delegate@test.example', TEST_PASSWORD, '10.1.0.3');
    api.setClock(new Date('2025-05-01T09:00:00Z'));
    const fresh = await logInFrom(api, 'delegate@test.example', TEST_PASSWORD, '10.1.0.3');
    api.setClock(new Date('2025-05-01T09:10:00Z'));
    const attemptsBefore = await api.services.db.selectFrom('login_attempts').select('attempted_at').execute();
    const monthOld = attemptsBefore.filter((attempt) => attempt.attempted_at < new Date('2025-04-01T09:10:00Z')).length;
    assert.ok(monthOld > 0 && monthOld < attemptsBefore.length, 'this file left attempts from March and from today');
    const { forgetEndedSessions } = await import('../../src/services/auth/forgetEndedSessions.js');
    const forgotten = await forgetEndedSessions(api.services);
    assert.ok(forgotten.sessions >= 1);
    const left = await api.services.db.selectFrom('sessions').select('token_hash').execute();
    assert.equal(left.length, 1, 'only the session used in the last 30 minutes is left');
    assertStatus(await api.withToken(fresh.body.token).get('/me'), 200);
    assertProblem(await api.withToken(stale.body.token).get('/me'), 401, 'the idle one');
    assert.equal(forgotten.loginAttempts, monthOld, 'attempts older than 30 days go');
    assert.equal((await api.services.db.selectFrom('login_attempts').select('id').execute()).length, attemptsBefore.length - monthOld, 'the others stay');
  });
});

describe('CSRF protection of cookie sessions', () => {
  let api: TestApi;
  let session: string;
  let csrf: string;
  before(async () => {
    api = await startTestApi();
    api.today('2025-03-10');
    const login = await logInFrom(api, 'prescriber@test.example', TEST_PASSWORD, '127.0.0.1');
    const cookies = cookiesOf(login);
    session = present(cookies['isocourse_session']);
    csrf = present(cookies['isocourse_csrf']);
    assert.equal(csrf, login.body.csrfToken, 'the CSRF cookie and the log-in answer carry the same token');
    const csrfCookieLine = ([] as string[]).concat(login.headers['set-cookie'] as string[]).find((line) => line.startsWith('isocourse_csrf='));
    assert.doesNotMatch(String(csrfCookieLine), /HttpOnly/, 'the page can read the CSRF cookie');
    assert.match(String(csrfCookieLine), /SameSite=Strict/);
  });
  after(() => api.close());

  const enrollment = {
    givenName: 'Csrf',
    familyName: 'Target',
    birthDate: '2001-01-01',
    category: 'PCNGP',
    criterion: 'assignedMaleAtBirth',
    enrolledOn: '2025-03-10',
  };
  const post = (headers: Record<string, string>) =>
    api.app.inject({ method: 'POST', url: '/api/v1/patients', headers: { cookie: `isocourse_session=${session}`, ...headers }, payload: enrollment });

  test('a write with the session cookie but without the CSRF header is refused 403 and stores nothing', async () => {
    const before = await storedRows(api);
    const attempts: Record<string, string>[] = [{}, { 'x-csrf-token': 'forged' }, { 'x-csrf-token': `${csrf.slice(0, -1)}x` }];
    for (const headers of attempts) {
      const response = await post(headers);
      assert.equal(response.statusCode, 403, JSON.stringify(headers));
      assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
      assert.match(response.json().detail, /x-csrf-token/);
    }
    assert.deepEqual(await storedRows(api), before);
  });

  test('the same write with the CSRF header goes through; reads need no header; bearer tokens need none', async () => {
    assert.equal((await post({ 'x-csrf-token': csrf })).statusCode, 201);
    const read = await api.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: `isocourse_session=${session}` } });
    assert.equal(read.statusCode, 200);
    assertStatus(await api.as('prescriber').get('/patients?limit=5&offset=0'), 200);
    const byBearer = await api.as('prescriber').post('/patients', { ...enrollment, givenName: 'Bearer' });
    assertStatus(byBearer, 201);
  });

  test('a request that says it comes from another site is refused, the log-in form included', async () => {
    const before = await storedRows(api);
    const crossSite = await post({ 'x-csrf-token': csrf, origin: 'https://evil.example' });
    assert.equal(crossSite.statusCode, 403);
    const crossSiteLogIn = await logInFrom(api, 'prescriber@test.example', TEST_PASSWORD, '127.0.0.1', { origin: 'https://evil.example' });
    assertProblem(crossSiteLogIn, 403, 'forbidden');
    assert.equal(crossSiteLogIn.headers['set-cookie'], undefined);
    assert.deepEqual(await storedRows(api), before);
    const sameSite = await logInFrom(api, 'prescriber@test.example', TEST_PASSWORD, '127.0.0.1', { origin: 'http://localhost:80' });
    assertStatus(sameSite, 201);
  });

  test('logging out with the cookie needs the CSRF header too, and clears both cookies', async () => {
    const login = await logInFrom(api, 'delegate@test.example', TEST_PASSWORD, '127.0.0.1');
    const cookies = cookiesOf(login);
    const cookie = `isocourse_session=${cookies['isocourse_session']}`;
    const refused = await api.app.inject({ method: 'DELETE', url: '/api/v1/sessions/current', headers: { cookie } });
    assert.equal(refused.statusCode, 403);
    const loggedOut = await api.app.inject({
      method: 'DELETE',
      url: '/api/v1/sessions/current',
      headers: { cookie, 'x-csrf-token': present(cookies['isocourse_csrf']) },
    });
    assert.equal(loggedOut.statusCode, 204);
    assert.match(String(loggedOut.headers['set-cookie']), /isocourse_session=;/);
    assert.match(String(loggedOut.headers['set-cookie']), /isocourse_csrf=;/);
  });
});

describe('security headers', () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi();
  });
  after(() => api.close());

  test('every answer, errors and unknown routes included, carries the security headers', async () => {
    const answers = [
      await api.withToken(null).get('/api/health'),
      await api.withToken(null).get('/me'),
      await api.as('prescriber').get('/me'),
      await api.as('prescriber').get('/no-such-route'),
      await api.as('prescriber').post('/patients', { not: 'valid' }),
      await api.as('prescriber').get('/patients/%E0%A4%A'),
    ];
    assert.equal(present(answers.at(-1)).status, 400, 'an unreadable URL');
    for (const answer of answers) {
      assert.equal(answer.headers['x-content-type-options'], 'nosniff');
      assert.equal(answer.headers['x-frame-options'], 'DENY');
      assert.equal(answer.headers['cache-control'], 'no-store');
      assert.equal(answer.headers['referrer-policy'], 'no-referrer');
      assert.match(String(answer.headers['content-security-policy']), /frame-ancestors 'none'/);
      assert.equal(answer.headers['cross-origin-opener-policy'], 'same-origin');
      assert.equal(answer.headers['strict-transport-security'], undefined, 'HSTS only over HTTPS');
    }
  });
});
