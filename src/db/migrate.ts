// Schema migrations: src/db/migrations/NNNN_name.sql, applied in order, each in its own transaction
// and recorded in schema_migrations. Plain SQL through pg, so a migration is exactly what psql would run.

import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { codePoints } from '../domain/codePoints.js';
import { connectClient } from './multiHost.js';

/** Next to this module, so it is found wherever the process was started from. */
export const MIGRATIONS_DIRECTORY = fileURLToPath(new URL('./migrations/', import.meta.url));

/**
 * Key of the transaction-scoped advisory lock each migration's transaction takes ('isocours' as a
 * 64-bit integer; a restore takes it too). Advisory locks are per database, so migrating different
 * databases of one server never waits.
 */
export const MIGRATION_LOCK_KEY = '7598539469166572147';

/** The table recording which migrations a database has had (a restore creates it too: src/db/restore.ts). */
export const CREATE_SCHEMA_MIGRATIONS = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version     text PRIMARY KEY,
    applied_at  timestamptz NOT NULL DEFAULT now()
  )`;

const MIGRATION_FILE = /^(\d{4})_([A-Za-z0-9_-]+)\.sql$/;

export interface MigrateOptions {
  /** Directory of NNNN_name.sql files. Default: MIGRATIONS_DIRECTORY. */
  directory?: string;
  log?: (msg: string) => void;
}

export interface Migration {
  /** File name without `.sql`, e.g. `0001_facts`: what schema_migrations records. */
  version: string;
  number: string;
  file: string;
  sql: string;
}

/**
 * Applies the migrations the database has not had yet and returns their versions (e.g.
 * `['0001_facts']`), in order. Each migration runs in one transaction with its version row, under a
 * transaction-scoped advisory lock taken before reading what is applied: concurrent callers take
 * turns, so each migration is applied once, and a later caller sees it recorded and returns `[]`.
 * No session-level lock or setting is used, so this works through a transaction-pooling PgBouncer
 * (a session lock there would be taken on one server connection and released on another).
 *
 * A failing file leaves no trace; files must therefore not contain BEGIN/COMMIT or statements that
 * refuse transactions (CREATE INDEX CONCURRENTLY, ALTER TYPE ... ADD VALUE before PostgreSQL 12,
 * VACUUM), nor plain SET (use SET LOCAL: behind a pooler a SET would outlive the migration on a
 * connection another client gets next).
 *
 * Refuses to run, before changing anything, if a .sql file is misnamed, two files share a number,
 * an applied migration's file was renamed, or a new file is numbered below one already applied
 * (every database must apply the same files in the same order).
 */
export async function migrate(connectionString: string, options: MigrateOptions = {}): Promise<string[]> {
  const log = options.log ?? (() => {});
  const migrations = await readMigrations(options.directory ?? MIGRATIONS_DIRECTORY);

  const client = await connectClient(connectionString, { application_name: 'isocourse-migrate' });
  try {
    const appliedNow: string[] = [];
    for (;;) {
      const startedAt = Date.now();
      const migration = await applyNextMigration(client, migrations);
      if (migration === undefined) {
        return appliedNow;
      }
      appliedNow.push(migration.version);
      log(`applied migration ${migration.version} (${Date.now() - startedAt} ms)`);
    }
  } finally {
    await client.end();
  }
}

/** In one transaction under the lock: the first migration not applied yet, applied; undefined when none is left. */
async function applyNextMigration(client: pg.Client, migrations: Migration[]): Promise<Migration | undefined> {
  await client.query('BEGIN');
  try {
    // Released at COMMIT or ROLLBACK, or when the connection ends.
    await client.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
    await client.query(CREATE_SCHEMA_MIGRATIONS);
    const appliedRows = await client.query<{ version: string }>('SELECT version FROM schema_migrations');
    const next = pendingMigrations(migrations, new Set(appliedRows.rows.map((row) => row.version)))[0];
    if (next !== undefined) {
      await applyMigration(client, next);
    }
    await client.query('COMMIT');
    return next;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

/** The migration files of `directory`, in the order they are applied; throws on a misnamed or clashing file. */
export async function readMigrations(directory: string = MIGRATIONS_DIRECTORY): Promise<Migration[]> {
  let names: string[];
  try {
    names = await fs.readdir(directory);
  } catch (error) {
    // A missing directory is a packaging mistake, not "no migrations": say so before touching the database.
    throw new Error(`cannot read the migrations directory ${directory}: ${describeError(error)}`, { cause: error });
  }
  const byNumber = new Map<string, Migration>();
  for (const name of names.filter((entry) => entry.endsWith('.sql')).sort()) {
    const match = MIGRATION_FILE.exec(name);
    if (match === null || match[1] === undefined) {
      throw new Error(`migration file ${name} in ${directory} is not named NNNN_name.sql`);
    }
    const number = match[1];
    const clash = byNumber.get(number);
    if (clash !== undefined) {
      throw new Error(`migration files ${clash.file} and ${name} in ${directory} share the number ${number}`);
    }
    const file = path.join(directory, name);
    byNumber.set(number, { version: name.slice(0, -'.sql'.length), number, file: name, sql: await fs.readFile(file, 'utf8') });
  }
  return [...byNumber.values()].sort((a, b) => a.number.localeCompare(b.number));
}

function pendingMigrations(migrations: Migration[], applied: ReadonlySet<string>): Migration[] {
  const appliedByNumber = new Map<string, string>();
  for (const version of applied) {
    appliedByNumber.set(version.slice(0, 4), version);
  }

  const pending: Migration[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.version)) {
      continue;
    }
    const appliedUnderOtherName = appliedByNumber.get(migration.number);
    if (appliedUnderOtherName !== undefined) {
      throw new Error(
        `migration ${migration.number} was applied as ${appliedUnderOtherName} but its file is now ${migration.file}; ` +
          `applied migrations must not be renamed or replaced`,
      );
    }
    pending.push(migration);
  }

  const newestApplied = [...applied].sort().at(-1);
  const first = pending[0];
  if (first !== undefined && newestApplied !== undefined && first.version < newestApplied) {
    throw new Error(`migration ${first.file} is new but ${newestApplied} is already applied; give the new file a number after it`);
  }
  return pending;
}

async function applyMigration(client: pg.Client, migration: Migration): Promise<void> {
  try {
    // No parameters: pg sends a simple query, which may hold many statements.
    await client.query(migration.sql);
    await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [migration.version]);
  } catch (error) {
    throw new Error(`migration ${migration.file} failed${locate(error, migration.sql)}: ${describeError(error)}`, {
      cause: error,
    });
  }
}

/** " at line L, column C" for a PostgreSQL error that points into the file, else "". */
function locate(error: unknown, sql: string): string {
  if (!(error instanceof pg.DatabaseError) || error.position === undefined) {
    return '';
  }
  // PostgreSQL counts characters from 1; JavaScript strings count UTF-16 units.
  const characters = codePoints(sql);
  const offset = Number(error.position) - 1;
  if (!Number.isInteger(offset) || offset < 0 || offset > characters.length) {
    return '';
  }
  const lines = characters.slice(0, offset).join('').split('\n');
  return ` at line ${lines.length}, column ${codePoints(lines.at(-1) ?? '').length + 1}`;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
