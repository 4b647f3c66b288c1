import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { after, test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { MIGRATIONS_DIRECTORY } from '../../src/db/migrate.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { present } from './present.js';

const created: TestDatabase[] = [];
after(() => Promise.all(created.map((testDb) => testDb.drop())));

async function track(testDb: Promise<TestDatabase>): Promise<TestDatabase> {
  created.push(await testDb);
  return present(created[created.length - 1]);
}

test('createTestDatabase gives a new database with every migration applied', async () => {
  const testDb = await track(createTestDatabase());

  const { rows } = await sql<{ database: string }>`SELECT current_database() AS database`.execute(testDb.db);
  assert.equal(rows[0]?.database, decodeURIComponent(new URL(testDb.connectionString).pathname.slice(1)));
  assert.match(rows[0].database, /^isocourse_test_/);

  const applied = await sql<{ version: string }>`SELECT version FROM schema_migrations ORDER BY version`.execute(testDb.db);
  const files = (await fs.readdir(MIGRATIONS_DIRECTORY)).filter((name) => name.endsWith('.sql')).sort();
  assert.deepEqual(
    applied.rows.map((row) => row.version),
    files.map((name) => name.slice(0, -'.sql'.length)),
  );
});

test('test databases are isolated from each other', async () => {
  const [first, second] = await Promise.all([track(createTestDatabase({ migrate: false })), track(createTestDatabase({ migrate: false }))]);
  assert.notEqual(first.connectionString, second.connectionString);

  await sql`CREATE TABLE only_here (id int)`.execute(first.db);
  const visible = await sql<{ found: string | null }>`SELECT to_regclass('only_here')::text AS found`.execute(second.db);
  assert.equal(visible.rows[0]?.found, null);
});

test('drop() removes the database, even with connections open, and may be called again', async () => {
  const testDb = await createTestDatabase({ migrate: false });
  const name = decodeURIComponent(new URL(testDb.connectionString).pathname.slice(1));
  const straggler = new pg.Client({ connectionString: testDb.connectionString });
  straggler.on('error', () => {}); // DROP ... WITH (FORCE) terminates it.
  await straggler.connect();

  await testDb.drop();
  await testDb.drop();

  const admin = new URL(testDb.connectionString);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    assert.equal(rowCount, 0);
  } finally {
    await client.end();
    await straggler.end().catch(() => {});
  }
});
