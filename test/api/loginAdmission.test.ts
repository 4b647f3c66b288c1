// A log-in's password hash holds no lock and no connection, the throttle stays exact however many
// guesses arrive at once, and a crowd of log-ins beyond what the server can hash is refused with
// 503 and Retry-After while everyone else is served (issue 12, items 4 and 7).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { readConfig } from '../../src/config.js';
import { defaultLogInAdmission, LEND_TURN_AFTER_MS } from '../../src/services/auth/logInAdmission.js';
import { LOGIN_THROTTLE, serializeLogInAttempts } from '../../src/services/auth/loginThrottle.js';
import { hashPassword } from '../../src/services/auth/passwords.js';
import { startTestApi, TEST_PASSWORD, type ApiResponse, type TestApi } from '../support/api.js';
import { present } from '../support/present.js';
import { sleep, waitFor } from '../support/waiting.js';

async function logInFrom(api: TestApi, email: string, password: string, ip: string): Promise<ApiResponse> {
  const response = await api.app.inject({ method: 'POST', url: '/api/v1/sessions', remoteAddress: ip, payload: { email, password } });
  return { status: response.statusCode, body: response.json(), headers: response.headers };
}

/** `count` pharmacists of the test pharmacy, all with the test password, for log-ins that do not share an account. */
async function createPharmacists(api: TestApi, prefix: string, count: number): Promise<string[]> {
  const passwordHash = await hashPassword(TEST_PASSWORD);
  const emails = Array.from({ length: count }, (_, index) => `${prefix}.${index}@test.example`);
  await api.services.db
    .insertInto('users')
    .values(
      emails.map((email, index) => ({
        email,
        password_hash: passwordHash,
        display_name: `Crowd pharmacist ${index}`,
        role: 'pharmacist' as const,
        organization_id: api.ids.pharmacyId,
        supervising_prescriber_id: null,
      })),
    )
    .execute();
  return emails;
}

/** Runs `requests` at once and, meanwhile, one GET /me: how many of them had been served (not refused) when it answered. */
async function meDuring(
  api: TestApi,
  requests: Array<() => Promise<ApiResponse>>,
): Promise<{ answers: ApiResponse[]; me: ApiResponse; answeredBeforeMe: number }> {
  const me = api.as('pharmacist');
  await me.get('/me'); // logged in before the crowd arrives
  let answered = 0;
  const crowd = Promise.all(
    requests.map((request) =>
      request().then((answer) => {
        answered += answer.status === 503 ? 0 : 1;
        return answer;
      }),
    ),
  );
  await new Promise((resolve) => setTimeout(resolve, 20)); // the crowd is in: its hashes are running or waiting
  const meAnswer = await me.get('/me');
  const answeredBeforeMe = answered;
  return { answers: await crowd, me: meAnswer, answeredBeforeMe };
}

describe('a log-in hashes outside any transaction or lock', () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi();
  });
  after(() => api.close());

  test('40 parallel log-ins from one address all succeed, and a GET /me sent meanwhile does not wait for them', async () => {
    api.setClock(new Date('2025-06-01T10:00:00Z'));
    const emails = await createPharmacists(api, 'same.address', 40);
    const { answers, me, answeredBeforeMe } = await meDuring(
      api,
      emails.map((email) => () => logInFrom(api, email, TEST_PASSWORD, '10.20.0.1')),
    );
    assert.deepEqual(
      answers.map((answer) => answer.status),
      emails.map(() => 201),
    );
    assert.equal(me.status, 200);
    // Hashing inside the locked transaction, each waiting log-in held a pool connection (20) and
    // GET /me queued behind them: it answered only after more than 20 log-ins had.
    assert.ok(answeredBeforeMe < 10, `GET /me answered after ${answeredBeforeMe} of the 40 log-ins`);
  });
});

describe('the throttle stays exact when many attempts are being checked at once', () => {
  let api: TestApi;
  before(async () => {
    // Many hashes at once, so many attempts are pending together: the case the throttle must count.
    api = await startTestApi({ logInAdmission: { concurrency: 40, queueLength: 100, maxWaitMs: 300_000 } });
  });
  after(() => api.close());

  test(`30 parallel wrong guesses from one address on 30 emails: exactly ${LOGIN_THROTTLE.addressFailures} are checked`, async () => {
    api.setClock(new Date('2025-06-02T10:00:00Z'));
    const burst = await Promise.all(Array.from({ length: 30 }, (_, index) => logInFrom(api, `spray.${index}@test.example`, 'Summer2025!', '10.21.0.1')));
    const statuses = burst.map((response) => response.status).sort();
    assert.deepEqual(statuses, [...Array<number>(LOGIN_THROTTLE.addressFailures).fill(401), ...Array<number>(30 - LOGIN_THROTTLE.addressFailures).fill(429)]);
    for (const refused of burst.filter((response) => response.status === 429)) {
      assert.ok(Number(refused.headers['retry-after']) >= 1, 'a refusal says when to come back');
    }
    const rows = await api.services.db.selectFrom('login_attempts').select(['pending', 'succeeded']).where('ip', '=', '10.21.0.1').execute();
    assert.equal(rows.length, LOGIN_THROTTLE.addressFailures, 'refused attempts are not counted');
    assert.ok(
      rows.every((row) => !row.pending && !row.succeeded),
      'every checked attempt was settled as a failure',
    );
    // Once settled, the address is locked out for the window, not for the few seconds of a pending wait.
    const locked = await logInFrom(api, 'admin@test.example', TEST_PASSWORD, '10.21.0.1');
    assert.equal(locked.status, 429);
    assert.equal(locked.headers['retry-after'], String(LOGIN_THROTTLE.windowMinutes * 60));
  });

  test(`16 parallel guesses on one account from 16 addresses: exactly ${LOGIN_THROTTLE.accountFailures} are checked`, async () => {
    api.setClock(new Date('2025-06-03T10:00:00Z'));
    const burst = await Promise.all(
      Array.from({ length: 16 }, (_, index) => logInFrom(api, 'other.pharmacist@test.example', `parallel guess ${index}`, `10.22.0.${index + 1}`)),
    );
    const statuses = burst.map((response) => response.status).sort();
    assert.deepEqual(statuses, [...Array<number>(LOGIN_THROTTLE.accountFailures).fill(401), ...Array<number>(16 - LOGIN_THROTTLE.accountFailures).fill(429)]);
  });

  test('a right password counts as a failure only while it is checked: settled, it resets the account count', async () => {
    api.setClock(new Date('2025-06-04T10:00:00Z'));
    for (let attempt = 1; attempt < LOGIN_THROTTLE.accountFailures; attempt += 1) {
      assert.equal((await logInFrom(api, 'delegate@test.example', 'typo', '10.23.0.1')).status, 401);
    }
    api.setClock(new Date('2025-06-04T10:00:01Z'));
    assert.equal((await logInFrom(api, 'delegate@test.example', TEST_PASSWORD, '10.23.0.1')).status, 201);
    api.setClock(new Date('2025-06-04T10:00:02Z'));
    for (let attempt = 1; attempt < LOGIN_THROTTLE.accountFailures; attempt += 1) {
      assert.equal((await logInFrom(api, 'delegate@test.example', 'typo', '10.23.0.1')).status, 401);
    }
    assert.equal((await logInFrom(api, 'delegate@test.example', TEST_PASSWORD, '10.23.0.1')).status, 201);
  });
});

describe('bounded admission of log-ins', () => {
  test('a flood beyond the queue gets 503 problem+json with Retry-After, nothing else fails, and GET /me is served meanwhile', async () => {
    const api = await startTestApi({ logInAdmission: { concurrency: 1, queueLength: 4, maxWaitMs: 300_000 } });
    try {
      api.setClock(new Date('2025-06-05T10:00:00Z'));
      const emails = await createPharmacists(api, 'flood', 30);
      const { answers, me, answeredBeforeMe } = await meDuring(
        api,
        emails.map((email, index) => () => logInFrom(api, email, TEST_PASSWORD, `10.30.0.${index + 1}`)),
      );
      const statuses = answers.map((answer) => answer.status);
      assert.ok(
        statuses.every((status) => status === 201 || status === 503),
        `statuses: ${statuses.join(' ')}`,
      );
      const admitted = statuses.filter((status) => status === 201).length;
      assert.ok(admitted >= 1 + 4, `one running and four waiting get in (${admitted} did)`);
      assert.ok(admitted < 30, 'the rest are refused');
      for (const refused of answers.filter((answer) => answer.status === 503)) {
        assert.match(String(refused.headers['content-type']), /^application\/problem\+json/);
        assert.equal(refused.body.type, 'https://isocourse.dev/problems/log-in-busy');
        assert.match(String(refused.headers['retry-after']), /^[1-9]\d*$/);
        assert.equal(refused.headers['set-cookie'], undefined);
      }
      assert.equal(me.status, 200);
      assert.ok(answeredBeforeMe < admitted, 'GET /me did not wait for the admitted log-ins');
      const stats = present(api.services.logInAdmission).stats();
      assert.equal(stats.admitted, admitted + 1, "every admitted log-in (and the pharmacist's own, before), and only those, took a turn");
      assert.equal(stats.refusedQueueFull, 30 - admitted);
      // A refused log-in recorded nothing: it is not an attempt the throttle counts.
      const recorded = await api.services.db.selectFrom('login_attempts').select('id').where('email', 'like', 'flood.%').execute();
      assert.equal(recorded.length, admitted);
    } finally {
      await api.close();
    }
  });

  test('a log-in whose throttle transaction waits for the database does not keep the only turn: another log-in meanwhile is served', async () => {
    // One turn, no queue: a log-in holding the turn while its first transaction waits would make
    // any other log-in meanwhile a 503, though nothing is being hashed.
    const api = await startTestApi({ logInAdmission: { concurrency: 1, queueLength: 0, maxWaitMs: 300_000 } });
    try {
      api.setClock(new Date('2025-06-07T10:00:00Z'));
      const [stuck, other] = await createPharmacists(api, 'slot', 2);
      assert.ok(stuck !== undefined && other !== undefined);
      // A second connection holds the lock the log-in of `stuck` takes first (its email's
      // advisory lock), so that log-in's throttle transaction waits, as behind a slow database.
      let release = (): void => {};
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      let held = (): void => {};
      const isHeld = new Promise<void>((resolve) => {
        held = resolve;
      });
      const holder = api.services.db.transaction().execute(async (trx) => {
        await serializeLogInAttempts(trx, stuck, null);
        held();
        await released;
      });
      let stuckAnswer: Promise<ApiResponse> | undefined;
      try {
        await isHeld;
        stuckAnswer = logInFrom(api, stuck, TEST_PASSWORD, '10.32.0.1');
        const waitingForTheLock = async (): Promise<boolean> => {
          const { rows } = await sql<{ waiting: number }>`
            SELECT count(*)::int AS waiting FROM pg_locks
            WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`.execute(
            api.services.db,
          );
          return rows[0]?.waiting === 1;
        };
        await waitFor(waitingForTheLock, 10_000);
        // Past the time a healthy transaction takes, the waiting log-in lends its turn back.
        await sleep(3 * LEND_TURN_AFTER_MS);

        const otherAnswer = await logInFrom(api, other, TEST_PASSWORD, '10.32.0.2');
        assert.equal(
          otherAnswer.status,
          201,
          `another log-in while the first waits for the database: ${otherAnswer.status} ${JSON.stringify(otherAnswer.body)}`,
        );
        assert.ok(await waitingForTheLock(), 'the first log-in was still waiting meanwhile');
      } finally {
        release();
        await holder;
        await stuckAnswer; // settled before the database is dropped, whatever was asserted above
      }
      assert.equal((await stuckAnswer).status, 201, 'the log-in that waited goes on once the database answers');
      assert.equal(present(api.services.logInAdmission).stats().refusedQueueFull, 0);
    } finally {
      await api.close();
    }
  });

  test('a log-in that lent its turn and finds none free afterwards is a 503 that leaves no attempt behind', async () => {
    const api = await startTestApi({ logInAdmission: { concurrency: 1, queueLength: 0, maxWaitMs: 300_000 } });
    try {
      api.setClock(new Date('2025-06-08T10:00:00Z'));
      const [email] = await createPharmacists(api, 'lent', 1);
      assert.ok(email !== undefined);
      const admission = present(api.services.logInAdmission);
      let release = (): void => {};
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      let held = (): void => {};
      const isHeld = new Promise<void>((resolve) => {
        held = resolve;
      });
      const holder = api.services.db.transaction().execute(async (trx) => {
        await serializeLogInAttempts(trx, email, null);
        held();
        await released;
      });
      await isHeld;
      const answer = logInFrom(api, email, TEST_PASSWORD, '10.33.0.1');
      // Its transaction waits for the lock; past LEND_TURN_AFTER_MS its turn is free again, and
      // taken here (as by another log-in's hash) until its transaction has answered.
      await waitFor(() => admission.stats().running === 0 && admission.stats().admitted === 1, 10_000);
      const turn = await admission.take();
      let refused: ApiResponse;
      try {
        release();
        await holder;
        refused = await answer;
      } finally {
        turn.release();
      }
      assert.equal(refused.status, 503);
      assert.equal(refused.body.type, 'https://isocourse.dev/problems/log-in-busy');
      assert.match(String(refused.headers['retry-after']), /^[1-9]\d*$/);
      const attempts = await api.services.db.selectFrom('login_attempts').select('id').where('email', '=', email).execute();
      assert.deepEqual(attempts, [], 'its password was never checked: no attempt is counted');
      // And the account logs in as soon as a turn is free.
      assert.equal((await logInFrom(api, email, TEST_PASSWORD, '10.33.0.1')).status, 201);
    } finally {
      await api.close();
    }
  });

  test('a log-in that waits longer than the maximum wait is refused with 503 and Retry-After, never left hanging', async () => {
    const api = await startTestApi({ logInAdmission: { concurrency: 1, queueLength: 100, maxWaitMs: 150 } });
    try {
      api.setClock(new Date('2025-06-06T10:00:00Z'));
      const emails = await createPharmacists(api, 'patient.wait', 20);
      const answers = await Promise.all(emails.map((email, index) => logInFrom(api, email, TEST_PASSWORD, `10.31.0.${index + 1}`)));
      const statuses = answers.map((answer) => answer.status);
      assert.ok(
        statuses.every((status) => status === 201 || status === 503),
        `statuses: ${statuses.join(' ')}`,
      );
      assert.ok(statuses.includes(201) && statuses.includes(503), `statuses: ${statuses.join(' ')}`);
      const stats = present(api.services.logInAdmission).stats();
      assert.equal(stats.refusedWaitedTooLong, statuses.filter((status) => status === 503).length);
      assert.ok(stats.maxWaitMs <= 150 + 1_000, `an admitted log-in waited ${stats.maxWaitMs} ms`);
      for (const refused of answers.filter((answer) => answer.status === 503)) {
        assert.match(String(refused.headers['retry-after']), /^[1-9]\d*$/);
      }
    } finally {
      await api.close();
    }
  });
});

describe('log-in admission settings', () => {
  test('come from LOGIN_HASH_CONCURRENCY, LOGIN_QUEUE_LENGTH, LOGIN_QUEUE_MAX_WAIT_SECONDS and LOGIN_HASH_NICE; by default half the cores, 32 waiting per slot, 5 s, the lowest priority', () => {
    assert.deepEqual(defaultLogInAdmission(2), { concurrency: 1, queueLength: 32, maxWaitMs: 5_000, hashNice: 19 });
    assert.deepEqual(defaultLogInAdmission(8), { concurrency: 4, queueLength: 128, maxWaitMs: 5_000, hashNice: 19 });
    assert.deepEqual(readConfig({ LOGIN_HASH_CONCURRENCY: '3' }).logInAdmission, { concurrency: 3, queueLength: 96, maxWaitMs: 5_000, hashNice: 19 });
    assert.deepEqual(
      readConfig({ LOGIN_HASH_CONCURRENCY: '2', LOGIN_QUEUE_LENGTH: '10', LOGIN_QUEUE_MAX_WAIT_SECONDS: '0.5', LOGIN_HASH_NICE: '0' }).logInAdmission,
      { concurrency: 2, queueLength: 10, maxWaitMs: 500, hashNice: 0 },
    );
    assert.throws(() => readConfig({ LOGIN_HASH_NICE: '20' }), /LOGIN_HASH_NICE must be an integer from 0/);
    assert.throws(() => readConfig({ LOGIN_QUEUE_MAX_WAIT_SECONDS: '0' }), /LOGIN_QUEUE_MAX_WAIT_SECONDS must be a positive number/);
  });
});
