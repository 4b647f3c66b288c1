import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.js';
import { createDatabase } from './database.js';
import { connectClient, DEFAULT_CONNECT_TIMEOUT_SECONDS, hostConnectionString, isMultiHostUrl, MultiHostPool, parseConnectionUrl } from './multiHost.js';
import { redactConnectionString } from './postgresServer.js';

describe('multi-host DATABASE_URL: parsing', () => {
  it('reads a host list with ports, credentials, database and target_session_attrs', () => {
    const parsed = parseConnectionUrl('postgres://app:secret@db1.example:5433,db2.example:5434/isocourse?target_session_attrs=read-write&sslmode=require');
    assert.deepEqual(parsed.hosts, [
      { host: 'db1.example', port: 5433 },
      { host: 'db2.example', port: 5434 },
    ]);
    assert.equal(parsed.user, 'app');
    assert.equal(parsed.password, 'secret');
    assert.equal(parsed.database, 'isocourse');
    assert.equal(parsed.targetSessionAttrs, 'read-write');
    assert.deepEqual(parsed.params, [['sslmode', 'require']]);
    assert.equal(parsed.connectTimeoutMillis, DEFAULT_CONNECT_TIMEOUT_SECONDS * 1000);
  });

  it('gives a host without a port the default port 5432, and accepts postgresql://', () => {
    const parsed = parseConnectionUrl('postgresql://app@db1,db2:6000,db3/isocourse');
    assert.deepEqual(
      parsed.hosts.map((host) => host.port),
      [5432, 6000, 5432],
    );
    assert.equal(parsed.password, undefined);
    assert.equal(parsed.targetSessionAttrs, 'any');
  });

  it('reads IPv6 literals in brackets, with and without a port', () => {
    const parsed = parseConnectionUrl('postgres://app:pw@[::1]:5433,[fe80::1%25eth0],127.0.0.1:5434/db');
    assert.deepEqual(parsed.hosts, [
      { host: '::1', port: 5433 },
      { host: 'fe80::1%eth0', port: 5432 },
      { host: '127.0.0.1', port: 5434 },
    ]);
    assert.match(hostConnectionString(parsed, 0), /@\[::1\]:5433\/db$/);
  });

  it('decodes a percent-encoded user and password, and encodes them again for each host', () => {
    const password = 'p@ss:w/rd?#%&=';
    const url = `postgres://${encodeURIComponent('app user')}:${encodeURIComponent(password)}@h1,h2:5433/isocourse?application_name=x`;
    const parsed = parseConnectionUrl(url);
    assert.equal(parsed.user, 'app user');
    assert.equal(parsed.password, password);
    const single = new URL(hostConnectionString(parsed, 1));
    assert.equal(decodeURIComponent(single.password), password);
    assert.equal(single.hostname, 'h2');
    assert.equal(single.port, '5433');
    assert.equal(single.searchParams.get('application_name'), 'x');
    assert.equal(single.searchParams.get('target_session_attrs'), null);
  });

  it('takes connect_timeout in seconds, as libpq does', () => {
    assert.equal(parseConnectionUrl('postgres://h1,h2/db?connect_timeout=2').connectTimeoutMillis, 2000);
    assert.throws(() => parseConnectionUrl('postgres://h1,h2/db?connect_timeout=soon'), /connect_timeout/);
  });

  it('refuses what it cannot honour, without echoing the password', () => {
    for (const [url, message] of [
      ['postgres://u:hunter2@h1,h2/db?target_session_attrs=read-only', /read-only is not supported/],
      ['postgres://u:hunter2@h1,h2:99999/db', /not a port number/],
      ['postgres://u:hunter2@h1,,h2/db', /empty/],
      ['postgres://u:hunter2@[::1/db', /unclosed/],
      ['postgres://u:hunter2@h1,h2/db?host=h3', /host list/],
      ['mysql://u:hunter2@h1,h2/db', /not of the form/],
    ] as const) {
      assert.throws(
        () => parseConnectionUrl(url),
        (error: Error) => message.test(error.message) && !error.message.includes('hunter2'),
        url,
      );
    }
  });

  it('tells multi-host URLs from the single-host ones pg takes as they are', () => {
    assert.equal(isMultiHostUrl('postgres://u:p@h1:5432,h2:5432/db'), true);
    assert.equal(isMultiHostUrl('postgres://u:p@h1:5432/db?target_session_attrs=read-write'), true);
    assert.equal(isMultiHostUrl('postgres://u:p@h1:5432/db?sslmode=require'), false);
    assert.equal(isMultiHostUrl('postgres://u:p,q@h1:5432/db'), false);
  });

  it('redacts the password of a multi-host URL for logs', () => {
    const redacted = redactConnectionString('postgres://app:s3cr@t@h1:5432,h2:5433/isocourse?target_session_attrs=read-write');
    assert.equal(redacted, 'postgres://app:***@h1:5432,h2:5433/isocourse?target_session_attrs=read-write');
  });
});

describe('multi-host DATABASE_URL: choosing the host', () => {
  let testDb: TestDatabase;
  let hostPort: string;
  let credentials: string;
  let databaseName: string;
  let refusedPort: number;

  before(async () => {
    // Straight to PostgreSQL (DIRECT_DATABASE_URL behind PgBouncer): these tests ask which server a
    // connection reached and make its sessions read-only, which a pooler's shared sessions would hide.
    testDb = await createTestDatabase({ migrate: false, direct: true });
    const url = new URL(testDb.connectionString);
    hostPort = url.host;
    credentials = `${url.username}:${url.password}`;
    databaseName = url.pathname.slice(1);
    // A port nothing listens on: a dead primary refuses connections like this one.
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    refusedPort = (server.address() as net.AddressInfo).port;
    await new Promise((resolve) => server.close(resolve));
  });
  after(() => testDb.drop());

  const urlOf = (hosts: string[], query = 'target_session_attrs=read-write'): string => `postgres://${credentials}@${hosts.join(',')}/${databaseName}?${query}`;

  it('passes over a host that refuses connections, in the pool and for one-off clients', async () => {
    const url = urlOf([`127.0.0.1:${refusedPort}`, hostPort]);
    const db = createDatabase(url, { max: 2 });
    try {
      const { rows } = await sql<{ port: number }>`SELECT current_setting('port')::int AS port`.execute(db);
      assert.equal(String(rows[0]?.port), hostPort.split(':')[1]);
    } finally {
      await db.destroy();
    }
    const client = await connectClient(url);
    try {
      assert.equal((await client.query<{ one: number }>('SELECT 1 AS one')).rows[0]?.one, 1);
    } finally {
      await client.end();
    }
  });

  it('fails with every host named when none answers', async () => {
    const pool = new MultiHostPool(urlOf([`127.0.0.1:${refusedPort}`, `[::1]:${refusedPort}`]), { max: 1 });
    try {
      await assert.rejects(pool.connect(), (error: Error) => {
        assert.match(error.message, /no PostgreSQL server fit for writing/);
        assert.match(error.message, new RegExp(`127\\.0\\.0\\.1:${refusedPort}: `));
        assert.match(error.message, new RegExp(`\\[::1\\]:${refusedPort}: `));
        assert.ok(!error.message.includes(credentials.split(':')[1] as string));
        return true;
      });
    } finally {
      await pool.end();
    }
  });

  it('with read-write, refuses a server whose sessions are read-only (as a hot standby is); with any, takes it', async () => {
    // A database whose sessions start read-only answers `SHOW transaction_read_only` as a standby does.
    await sql.raw(`ALTER DATABASE ${databaseName} SET default_transaction_read_only = on`).execute(testDb.db);
    const readWrite = new MultiHostPool(urlOf([hostPort]), { max: 1 });
    const any = new MultiHostPool(urlOf([hostPort], 'target_session_attrs=any'), { max: 1 });
    try {
      await assert.rejects(readWrite.connect(), /read-only/);
      await assert.rejects(connectClient(urlOf([hostPort])), /read-only/);
      const client = await any.connect();
      assert.equal((await client.query<{ transaction_read_only: string }>('SHOW transaction_read_only')).rows[0]?.transaction_read_only, 'on');
      client.release();
    } finally {
      await readWrite.end();
      await any.end();
      await sql.raw(`ALTER DATABASE ${databaseName} RESET default_transaction_read_only`).execute(testDb.db);
    }
  });
});
