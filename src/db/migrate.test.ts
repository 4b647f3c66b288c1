import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.js';
import { migrate } from './migrate.js';

const cleanups: Array<() => Promise<void>> = [];
after(() => Promise.all(cleanups.map((cleanup) => cleanup())));

async function emptyDatabase(): Promise<TestDatabase> {
  const testDb = await createTestDatabase({ migrate: false });
  cleanups.push(() => testDb.drop());
  return testDb;
}

async function migrationsDirectory(files: Record<string, string>): Promise<string> {
  const directory = await fs.mkdtemp(path.join(os.tmpdir(), 'isocourse-migrations-'));
  cleanups.push(() => fs.rm(directory, { recursive: true, force: true }));
  await Promise.all(Object.entries(files).map(([name, text]) => fs.writeFile(path.join(directory, name), text)));
  return directory;
}

async function query<T extends pg.QueryResultRow>(connectionString: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

test('applies pending migrations in order, once', async () => {
  const { connectionString } = await emptyDatabase();
  const directory = await migrationsDirectory({
    '0002_add_colour.sql': 'ALTER TABLE widgets ADD COLUMN colour text;',
    '0001_widgets.sql': 'CREATE TABLE widgets (id int PRIMARY KEY);\nINSERT INTO widgets VALUES (1);',
    'README.md': 'not a migration',
  });

  assert.deepEqual(await migrate(connectionString, { directory }), ['0001_widgets', '0002_add_colour']);
  assert.deepEqual(await migrate(connectionString, { directory }), []);

  await fs.writeFile(path.join(directory, '0003_more.sql'), 'INSERT INTO widgets VALUES (2, $$blue$$);');
  assert.deepEqual(await migrate(connectionString, { directory }), ['0003_more']);

  const recorded = await query<{ version: string; applied_at: Date }>(connectionString, 'SELECT version, applied_at FROM schema_migrations ORDER BY version');
  assert.deepEqual(
    recorded.map((row) => row.version),
    ['0001_widgets', '0002_add_colour', '0003_more'],
  );
  assert.ok(recorded.every((row) => row.applied_at instanceof Date));
});

test('concurrent callers apply each migration exactly once', async () => {
  const { connectionString } = await emptyDatabase();
  const directory = await migrationsDirectory({
    // Slow enough that the callers overlap; a second application would fail on the primary key.
    '0001_slow.sql': 'SELECT pg_sleep(0.3); CREATE TABLE counted (id int PRIMARY KEY); INSERT INTO counted VALUES (1);',
  });

  const results = await Promise.all([1, 2, 3].map(() => migrate(connectionString, { directory })));
  assert.deepEqual(results.flat(), ['0001_slow']);
});

test('a failing migration leaves nothing behind and says where it failed', async () => {
  const { connectionString } = await emptyDatabase();
  const directory = await migrationsDirectory({
    '0001_ok.sql': 'CREATE TABLE kept (id int);',
    '0002_broken.sql': 'CREATE TABLE half_done (id int);\n\nSELECT * FROM\n  missing_table;',
  });

  await assert.rejects(migrate(connectionString, { directory }), (error: Error) => {
    assert.match(error.message, /^migration 0002_broken\.sql failed at line 4, column 3: relation "missing_table" does not exist/);
    return true;
  });
  const tables = await query<{ kept: string | null; half_done: string | null }>(
    connectionString,
    "SELECT to_regclass('kept')::text AS kept, to_regclass('half_done')::text AS half_done",
  );
  assert.deepEqual(tables, [{ kept: 'kept', half_done: null }]);
  const versions = await query<{ version: string }>(connectionString, 'SELECT version FROM schema_migrations');
  assert.deepEqual(versions, [{ version: '0001_ok' }]);
});

test('refuses misnamed, duplicate, renamed and out-of-order migrations before changing anything', async () => {
  const { connectionString } = await emptyDatabase();

  const misnamed = await migrationsDirectory({ '1_first.sql': 'SELECT 1;' });
  await assert.rejects(migrate(connectionString, { directory: misnamed }), /1_first\.sql .* not named NNNN_name\.sql/);

  const duplicate = await migrationsDirectory({ '0001_a.sql': 'SELECT 1;', '0001_b.sql': 'SELECT 1;' });
  await assert.rejects(migrate(connectionString, { directory: duplicate }), /0001_a\.sql and 0001_b\.sql .* share/);

  const original = await migrationsDirectory({ '0001_first.sql': 'SELECT 1;', '0003_third.sql': 'SELECT 1;' });
  await migrate(connectionString, { directory: original });

  const renamed = await migrationsDirectory({ '0001_renamed.sql': 'SELECT 1;', '0003_third.sql': 'SELECT 1;' });
  await assert.rejects(migrate(connectionString, { directory: renamed }), /applied as 0001_first but its file is now 0001_renamed\.sql/);

  const outOfOrder = await migrationsDirectory({
    '0001_first.sql': 'SELECT 1;',
    '0002_late.sql': 'CREATE TABLE late (id int);',
    '0003_third.sql': 'SELECT 1;',
  });
  await assert.rejects(migrate(connectionString, { directory: outOfOrder }), /0002_late\.sql is new but 0003_third is already applied/);

  await assert.rejects(migrate(connectionString, { directory: path.join(os.tmpdir(), 'isocourse-no-such-directory') }), /cannot read the migrations directory/);
  const late = await query<{ late: string | null }>(connectionString, "SELECT to_regclass('late')::text AS late");
  assert.deepEqual(late, [{ late: null }]);
});

test('the project migrations apply to an empty database', async () => {
  const { connectionString } = await emptyDatabase();
  const applied = await migrate(connectionString);
  assert.ok(applied.length > 0);
  assert.deepEqual(await migrate(connectionString), []);
});
