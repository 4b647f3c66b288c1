// The database unreachable (stopped, or failing over to its standby): requests get a 503
// problem+json with Retry-After, not a 500 that claims nothing was changed. The failover test
// (test/availability/failover.test.ts) sees the same answers while a real primary is replaced.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildApp } from '../../src/api/app.js';
import { DATABASE_UNAVAILABLE_RETRY_AFTER_SECONDS } from '../../src/api/problems.js';
import { createDatabase } from '../../src/db/database.js';
import { isDatabaseUnavailable } from '../../src/services/unavailable.js';
import { DEFAULT_PROGRAM_CONFIG } from '../../src/domain/ruleSets.js';
import type { Services } from '../../src/services/context.js';
import { freePort } from '../support/waiting.js';

let services: Services;
let app: Awaited<ReturnType<typeof buildApp>>;
let deadPort: number;

before(async () => {
  deadPort = await freePort();
  services = {
    // Nothing listens on these ports: every connection is refused, as by a primary that died.
    db: createDatabase(`postgres://isocourse:pw@127.0.0.1:${deadPort},127.0.0.1:${deadPort}/isocourse?target_session_attrs=read-write`, {
      onIdleConnectionError: () => {},
    }),
    program: DEFAULT_PROGRAM_CONFIG,
    now: () => new Date('2025-03-10T17:00:00Z'),
    sessionHours: 12,
    sessionIdleMinutes: 30,
  };
  app = await buildApp(services, { webApp: false });
});
after(async () => {
  await app.close();
  await services.db.destroy();
});

for (const [what, url] of [
  ['multi-host URL, no host answers', 'multi'],
  ['single-host URL, connection refused', 'single'],
] as const) {
  test(`a request that needs the database while it is unreachable gets 503 with Retry-After (${what})`, async () => {
    const db = url === 'multi' ? services.db : createDatabase(`postgres://isocourse:pw@127.0.0.1:${deadPort}/isocourse`, { onIdleConnectionError: () => {} });
    const local = url === 'multi' ? app : await buildApp({ ...services, db }, { webApp: false });
    try {
      const response = await local.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: 'Bearer some-session-token' } });
      assert.equal(response.statusCode, 503, response.body);
      assert.equal(response.headers['retry-after'], String(DATABASE_UNAVAILABLE_RETRY_AFTER_SECONDS));
      assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
      const body = response.json();
      assert.equal(body.type, 'https://isocourse.dev/problems/database-unavailable');
      assert.doesNotMatch(body.detail, /Nothing was changed/);
      assert.ok(!response.body.includes('pw@'), 'no connection string in the answer');
    } finally {
      if (url === 'single') {
        await local.close();
        await db.destroy();
      }
    }
  });
}

test('what counts as the database being unavailable, and what does not', () => {
  const withCode = (code: string, message = 'x'): Error => Object.assign(new Error(message), { code });
  for (const error of [
    withCode('ECONNREFUSED'),
    withCode('57P01', 'terminating connection due to administrator command'),
    withCode('57P02'),
    withCode('08006'),
    withCode('25006', 'cannot execute INSERT in a read-only transaction'),
    new Error('Connection terminated unexpectedly'),
    new Error('timeout exceeded when trying to connect'),
    Object.assign(new Error('no PostgreSQL server fit for writing'), { name: 'NoWritableServerError' }),
  ]) {
    assert.equal(isDatabaseUnavailable(error), true, error.message);
  }
  for (const error of [withCode('23505'), withCode('22008'), withCode('40P01'), new Error('boom'), 'text']) {
    assert.equal(isDatabaseUnavailable(error), false, String(error));
  }
});
