import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { createTestDatabase, directConnectionString, type TestDatabase } from '../../test/support/database.js';
import { createDatabase, parseUnquotedArray, preparedStatementsSetting } from './database.js';

let testDb: TestDatabase;
before(async () => {
  testDb = await createTestDatabase({ migrate: false });
});
after(() => testDb.drop());

test('DATE comes back as the YYYY-MM-DD text, whatever the session time zone', async () => {
  // SET LOCAL in a transaction: a plain SET would stay on a pooler's server connection.
  const rows = await testDb.db.transaction().execute(async (trx) => {
    await sql`SET LOCAL TIME ZONE 'Pacific/Kiritimati'`.execute(trx);
    return (
      await sql<{ day: unknown; days: unknown; none: unknown }>`
        SELECT DATE '2026-03-01' AS day,
               ARRAY[DATE '2026-12-31', NULL, 'infinity'::date] AS days,
               NULL::date AS none`.execute(trx)
    ).rows;
  });
  assert.deepEqual(rows[0], { day: '2026-03-01', days: ['2026-12-31', null, 'infinity'], none: null });
});

test('a prepared statement is named by a hash of its text, the same on every connection; DATABASE_PREPARED_STATEMENTS=false prepares none', async () => {
  const text = 'SELECT $1::int + 1 AS next';
  const preparedOn = async (preparedStatements: boolean) => {
    // Prepared statements live in a server session: reach it without a pooler in between.
    const db = createDatabase(directConnectionString(testDb.connectionString), { max: 1, preparedStatements });
    try {
      return await db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ next: number }>`SELECT ${41}::int + 1 AS next`.execute(trx);
        assert.deepEqual(rows, [{ next: 42 }]);
        return (await sql<{ name: string }>`SELECT name FROM pg_prepared_statements WHERE statement = ${text}`.execute(trx)).rows.map((row) => row.name);
      });
    } finally {
      await db.destroy();
    }
  };
  const expected = `isocourse_${createHash('sha256').update(text).digest('base64url').slice(0, 40)}`;
  assert.deepEqual(await preparedOn(true), [expected]);
  assert.deepEqual(await preparedOn(true), [expected], 'another connection, the same name');
  assert.deepEqual(await preparedOn(false), []);

  assert.equal(preparedStatementsSetting({}), true);
  assert.equal(preparedStatementsSetting({ DATABASE_PREPARED_STATEMENTS: 'false' }), false);
  assert.throws(() => preparedStatementsSetting({ DATABASE_PREPARED_STATEMENTS: 'no' }), /true or false/);
});

test('int8 comes back as a number, and refuses values a number cannot hold exactly', async () => {
  const { rows } = await sql<{ count: unknown; big: unknown; list: unknown }>`
    SELECT count(*) AS count, 9007199254740991::int8 AS big, ARRAY[1, -2, NULL]::int8[] AS list
    FROM generate_series(1, 3)`.execute(testDb.db);
  assert.deepEqual(rows[0], { count: 3, big: Number.MAX_SAFE_INTEGER, list: [1, -2, null] });

  await assert.rejects(sql`SELECT 9007199254740993::int8 AS too_big`.execute(testDb.db), RangeError);
  // The pool is still usable after the refusal.
  const { rows: after } = await sql<{ one: unknown }>`SELECT 1::int8 AS one`.execute(testDb.db);
  assert.deepEqual(after, [{ one: 1 }]);
});

test('other types keep pg defaults', async () => {
  const { rows } = await sql<{ at: unknown; amount: unknown; n: unknown }>`
    SELECT TIMESTAMPTZ '2026-03-01T12:00:00Z' AS at, 1.50::numeric AS amount, 7::int4 AS n`.execute(testDb.db);
  assert.ok(rows[0]?.at instanceof Date);
  assert.equal(rows[0].at.toISOString(), '2026-03-01T12:00:00.000Z');
  assert.equal(rows[0].amount, '1.50');
  assert.equal(rows[0].n, 7);
});

test('parseUnquotedArray handles nesting, NULL, empty arrays and explicit bounds', () => {
  const asNumber = (text: string): number => Number(text);
  assert.deepEqual(parseUnquotedArray('{}', asNumber), []);
  assert.deepEqual(parseUnquotedArray('{{1,2},{3,NULL}}', asNumber), [
    [1, 2],
    [3, null],
  ]);
  assert.deepEqual(parseUnquotedArray('[0:1]={5,6}', asNumber), [5, 6]);
  assert.throws(() => parseUnquotedArray('{1,', asNumber), SyntaxError);
  assert.throws(() => parseUnquotedArray('{"a"}', asNumber), SyntaxError);
});

test('a connection lost while checked out (the primary died mid-transaction) fails its queries, does not crash the process, and is not reused', async () => {
  // Straight to PostgreSQL (DIRECT_DATABASE_URL behind PgBouncer): a pooler hands each statement a
  // server connection of its own choosing, so the backend to end would not be the one held here.
  const db = createDatabase(directConnectionString(testDb.connectionString), { max: 1, onIdleConnectionError: () => {} });
  try {
    await db.connection().execute(async (connection) => {
      const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(connection);
      // The server ends the session while the app holds the connection between two statements:
      // pg emits 'error' on the client, which without a listener is an uncaught exception.
      await sql`SELECT pg_terminate_backend(${rows[0]?.pid})`.execute(testDb.db);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await assert.rejects(sql`SELECT 1`.execute(connection));
    });
    // The pool (one connection at most) gives a new, working connection.
    const { rows } = await sql<{ one: number }>`SELECT 1::int4 AS one`.execute(db);
    assert.deepEqual(rows, [{ one: 1 }]);
  } finally {
    await db.destroy();
  }
});
