// The client's address behind a load balancer (TRUST_PROXY). Several servers behind HAProxy all see
// the balancer's address as their peer: without trusting its X-Forwarded-For, the per-address
// log-in throttle would count every client's wrong passwords together, and twenty of them from
// anyone would slow down everybody's log-in. With the balancer trusted, each client is counted
// on its own; a header from anyone else is ignored (a client could write anything in it).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/api/app.js';
import { LOGIN_THROTTLE } from '../../src/services/auth/loginThrottle.js';
import { startTestApi, TEST_PASSWORD, type TestApi } from '../support/api.js';

const BALANCER = '10.0.9.1';

describe('the client address behind a trusted load balancer (TRUST_PROXY)', () => {
  let api: TestApi;
  /** The same database and services, served as behind HAProxy: TRUST_PROXY=10.0.9.1. */
  let behindBalancer: FastifyInstance;
  before(async () => {
    api = await startTestApi();
    behindBalancer = await buildApp(api.services, { webApp: false, trustProxy: ` ${BALANCER}, 10.0.8.0/24` });
  });
  after(async () => {
    await behindBalancer.close();
    await api.close();
  });

  const logIn = async (app: FastifyInstance, peer: string, email: string, password: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/api/v1/sessions', remoteAddress: peer, headers, payload: { email, password } });

  test("one client's wrong passwords slow down that client only, not everyone behind the balancer", async () => {
    api.setClock(new Date('2025-04-03T10:00:00Z'));
    const sprayer = { 'x-forwarded-for': '198.51.100.7' };
    for (let attempt = 1; attempt <= LOGIN_THROTTLE.addressFailures; attempt += 1) {
      const response = await logIn(behindBalancer, BALANCER, `sprayed.${attempt}@test.example`, 'Winter2025!', sprayer);
      assert.equal(response.statusCode, 401, `attempt ${attempt}`);
    }
    assert.equal((await logIn(behindBalancer, BALANCER, 'admin@test.example', TEST_PASSWORD, sprayer)).statusCode, 429, 'the sprayer is slowed down');
    const other = await logIn(behindBalancer, BALANCER, 'admin@test.example', TEST_PASSWORD, { 'x-forwarded-for': '203.0.113.20' });
    assert.equal(other.statusCode, 201, 'another client through the same balancer logs in');

    const attempts = await api.database.db
      .selectFrom('login_attempts')
      .select(['ip', 'succeeded'])
      .where('attempted_at', '>=', new Date('2025-04-03T00:00:00Z'))
      .execute();
    assert.equal(attempts.filter((row) => row.ip === '198.51.100.7').length, LOGIN_THROTTLE.addressFailures, "the sprayer's attempts carry its address");
    assert.ok(attempts.some((row) => row.ip === '203.0.113.20' && row.succeeded));
    assert.ok(!attempts.some((row) => row.ip === BALANCER), "none carries the balancer's");
  });

  test('X-Forwarded-For from a peer that is not a trusted balancer is ignored', async () => {
    api.setClock(new Date('2025-04-04T10:00:00Z'));
    for (const app of [api.app, behindBalancer]) {
      const response = await logIn(app, '192.0.2.44', 'admin@test.example', TEST_PASSWORD, { 'x-forwarded-for': '198.51.100.99' });
      assert.equal(response.statusCode, 201);
    }
    // And without TRUST_PROXY (the default), not even the balancer's is believed.
    assert.equal((await logIn(api.app, BALANCER, 'admin@test.example', TEST_PASSWORD, { 'x-forwarded-for': '198.51.100.98' })).statusCode, 201);
    const attempts = await api.database.db.selectFrom('login_attempts').select('ip').where('attempted_at', '>=', new Date('2025-04-04T00:00:00Z')).execute();
    assert.deepEqual(attempts.map((row) => row.ip).sort(), ['10.0.9.1', '192.0.2.44', '192.0.2.44']);
  });

  test('the session cookie is Secure when the trusted balancer says the client came over HTTPS', async () => {
    api.setClock(new Date('2025-04-05T10:00:00Z'));
    const secure = (response: { headers: Record<string, unknown> }): boolean => /;\s*Secure/i.test(String(response.headers['set-cookie']));
    const viaTls = await logIn(behindBalancer, BALANCER, 'admin@test.example', TEST_PASSWORD, {
      'x-forwarded-for': '198.51.100.30',
      'x-forwarded-proto': 'https',
    });
    assert.equal(viaTls.statusCode, 201);
    assert.ok(secure(viaTls), `set-cookie: ${String(viaTls.headers['set-cookie'])}`);
    const claimed = await logIn(behindBalancer, '192.0.2.45', 'admin@test.example', TEST_PASSWORD, { 'x-forwarded-proto': 'https' });
    assert.equal(claimed.statusCode, 201);
    assert.ok(!secure(claimed), 'a header from anyone else changes nothing');
  });
});
