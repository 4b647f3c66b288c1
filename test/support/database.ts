// A fresh, migrated database for each caller, on one PostgreSQL server shared by all test processes.
//
// The server is DATABASE_URL when set (its role needs CREATEDB), else an embedded cluster in
// <tmpdir>/isocourse-test-pg on port 54330 (ISOCOURSE_TEST_PG_DIR / ISOCOURSE_TEST_PG_PORT override).
// node --test runs each test file in its own process: the first one starts the cluster, the others
// adopt it (tens of milliseconds), and it is left running for the next run. It trades durability
// for speed (fsync off); delete the directory to start over.
//
//   const testDb = await createTestDatabase();
//   after(() => testDb.drop());   // also closes testDb.db, which would otherwise keep the process alive

import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import { createDatabase } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';
import { connectClient, isMultiHostUrl } from '../../src/db/multiHost.js';
import { parsePort, startEmbeddedCluster } from '../../src/db/postgresServer.js';
import type { Database } from '../../src/db/schema.js';

export interface TestDatabase {
  /** URL of this test's database; contains the password. */
  connectionString: string;
  db: Kysely<Database>;
  /** Closes `db` and drops the database. Idempotent. */
  drop(): Promise<void>;
}

const TEST_DATABASE_PREFIX = 'isocourse_test_';
/** Test databases older than this were left by a crashed run and are dropped on sight. */
const ABANDONED_AFTER_MS = 60 * 60 * 1000;

const TEST_SERVER_SETTINGS: Readonly<Record<string, string>> = {
  listen_addresses: '127.0.0.1',
  timezone: 'UTC',
  log_timezone: 'UTC',
  max_connections: '300',
  // Throwaway data: skip the disk flushes that dominate CREATE DATABASE and commit times.
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
};

export interface CreateTestDatabaseOptions {
  /** Run migrate() on it. Default true; false gives an empty database, e.g. to test migrations. */
  migrate?: boolean;
  /**
   * Reach it without the connection pooler (DIRECT_DATABASE_URL, when DATABASE_URL is a PgBouncer):
   * for a test of what only a server session shows, such as restore --replace refusing while other
   * sessions are connected (behind a pooler an idle client holds no server session). Default false.
   */
  direct?: boolean;
}

export async function createTestDatabase(options: CreateTestDatabaseOptions = {}): Promise<TestDatabase> {
  const adminConnectionString = options.direct === true ? directConnectionString(await sharedServer()) : await sharedServer();
  const name = `${TEST_DATABASE_PREFIX}${Date.now().toString(36)}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withClient(adminConnectionString, async (client) => {
    await dropAbandonedTestDatabases(client);
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  });

  const connectionString = withDatabaseName(adminConnectionString, name);
  const dropDatabase = (): Promise<void> =>
    withClient(adminConnectionString, async (client) => {
      // On an external server our role is not a superuser: FORCE cannot end an autovacuum worker
      // busy on the database (42501, common right after a bulk load such as a restore). It finishes
      // soon; try again for a few seconds.
      for (let attempt = 1; ; attempt += 1) {
        try {
          await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
          return;
        } catch (error) {
          if ((error as { code?: string }).code !== '42501' || attempt >= 50) {
            throw error;
          }
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
    });
  try {
    if (options.migrate ?? true) {
      await migrate(connectionString);
    }
  } catch (error) {
    await dropDatabase().catch(() => {});
    throw error;
  }

  const db = createDatabase(connectionString);
  let dropping: Promise<void> | undefined;
  return {
    connectionString,
    db,
    drop: () =>
      (dropping ??= (async () => {
        await db.destroy();
        await dropDatabase();
      })()),
  };
}

let sharedServerConnection: Promise<string> | undefined;

/** Connection string to the shared server's maintenance database, started or adopted once per process. */
function sharedServer(): Promise<string> {
  return (sharedServerConnection ??= (async () => {
    const external = process.env['DATABASE_URL']?.trim();
    if (external) {
      return external;
    }
    const cluster = await startEmbeddedCluster({
      dataDir: process.env['ISOCOURSE_TEST_PG_DIR']?.trim() || path.join(os.tmpdir(), 'isocourse-test-pg'),
      port: parsePort(process.env['ISOCOURSE_TEST_PG_PORT'], 'ISOCOURSE_TEST_PG_PORT') ?? 54330,
      settings: TEST_SERVER_SETTINGS,
    });
    // Deliberately never stopped: the next test process adopts it.
    return cluster.connectionString('postgres');
  })());
}

let abandonedDropped = false;

async function dropAbandonedTestDatabases(client: pg.Client): Promise<void> {
  if (abandonedDropped) {
    return;
  }
  abandonedDropped = true;
  const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [TEST_DATABASE_PREFIX]);
  for (const { datname } of rows) {
    const createdAt = parseInt(datname.slice(TEST_DATABASE_PREFIX.length).split('_')[0] ?? '', 36);
    if (Number.isFinite(createdAt) && Date.now() - createdAt > ABANDONED_AFTER_MS) {
      await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(datname)} WITH (FORCE)`);
    }
  }
}

/**
 * The same database reached without the connection pooler: DIRECT_DATABASE_URL's host, port and
 * credentials (set when DATABASE_URL is a PgBouncer in transaction pooling mode, .ci/pgbouncer.sh),
 * else `connectionString` itself. For the few tests that need a server session of their own.
 */
export function directConnectionString(connectionString: string): string {
  const direct = process.env['DIRECT_DATABASE_URL']?.trim();
  if (!direct) {
    return connectionString;
  }
  const url = new URL(direct);
  url.pathname = new URL(connectionString).pathname;
  return url.toString();
}

function withDatabaseName(connectionString: string, database: string): string {
  // A multi-host DATABASE_URL (test/availability) is no WHATWG URL: replace its path by hand.
  if (isMultiHostUrl(connectionString)) {
    return connectionString.replace(/^(postgres(?:ql)?:\/\/[^/?#]*)(\/[^?#]*)?/, `$1/${encodeURIComponent(database)}`);
  }
  const url = new URL(connectionString);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/** A short-lived connection: a pool left open would keep the test process from exiting. */
async function withClient<T>(connectionString: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await connectClient(connectionString);
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
