// Logical backups of an isocourse database (`npm run backup`; restored by src/db/restore.ts).
//
// Neither the embedded package nor every host has a pg_dump as new as the server (the embedded one
// is PostgreSQL 18, Debian 12's client tools are 15), so the backup is made here, through the
// same driver as the application. It holds data, not schema: the schema is the migrations, and a
// restore rebuilds it by running the same migration files up to the backup's version.
//
// A backup file is gzip (two members, read as one stream):
//   line 1   the header, one line of JSON (BackupHeader): format version, when, from which
//            server, the migrations applied, and for each table in load order its columns, row
//            count and the SHA-256 of its rows; the sequences' positions; what was left out.
//   then     each table's rows in PostgreSQL's COPY text format (one line per row, tabs between
//            columns, \N for NULL, backslash escapes), ordered by primary key, exactly `rows` lines
//            per table, tables one after the other in the header's order.
// The rows are streamed from COPY TO STDOUT through gzip into a temporary file, because the header
// needs their counts and checksums; the final file is the header member followed by that body,
// written under a temporary name and linked into place when complete, so an interrupted backup never
// leaves a file that looks finished. Memory stays flat whatever the size of the database.
//
// Everything is read in one REPEATABLE READ transaction: tables, rows and sequence positions are one
// consistent moment, while the server goes on serving. The sessions table is left out: a restore
// must not bring back log-ins that ended after the backup was made (a log-out deletes the row).

import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip, gzipSync } from 'node:zlib';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { connectClient } from './multiHost.js';

export const BACKUP_FORMAT = 'isocourse-backup';
export const BACKUP_FORMAT_VERSION = 1;

/** Tables whose rows a backup leaves out, and why; their schema comes back with the migrations. */
export const EXCLUDED_TABLES: Readonly<Record<string, string>> = {
  sessions: 'log-ins are not restored: one that ended after the backup (log-out, rotation) must not come back',
};

export interface BackupTable {
  name: string;
  /** The columns stored, in the order of each row (generated columns are recomputed, not stored). */
  columns: string[];
  rows: number;
  /** SHA-256 (hex) of the table's rows exactly as stored in the file. */
  sha256: string;
}

export interface BackupSequence {
  name: string;
  /** bigint, as text. */
  lastValue: string;
  isCalled: boolean;
}

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  /** The moment the rows show (the start of the backup's transaction), ISO 8601 UTC. */
  createdAt: string;
  source: { server: string; database: string };
  /** schema_migrations versions, in order: the schema the rows belong to. */
  migrations: string[];
  /** In an order that satisfies every foreign key (referenced tables first). */
  tables: BackupTable[];
  sequences: BackupSequence[];
  excluded: Array<{ table: string; reason: string }>;
}

export interface BackupSummary {
  file: string;
  bytes: number;
  header: BackupHeader;
}

/**
 * Settings under which COPY writes every value the same way on any server and client: UTC ISO
 * timestamps, shortest exact floats, hex bytea. Backup, restore and the restore's check of what it
 * loaded all use them, so the same rows give the same bytes and the same checksums. SET LOCAL, run
 * first in the transaction: they end with it, and never stay on a connection a transaction-pooling
 * PgBouncer hands to another client afterwards.
 */
export const STABLE_OUTPUT_SETTINGS = `
  SET LOCAL TimeZone = 'UTC';
  SET LOCAL DateStyle = 'ISO, YMD';
  SET LOCAL IntervalStyle = 'postgres';
  SET LOCAL extra_float_digits = 1;
  SET LOCAL bytea_output = 'hex';
  SET LOCAL client_encoding = 'UTF8';
`;

/**
 * Writes a backup of the database at `connectionString` to `file`, which must not exist yet.
 * The file is created readable by its owner only: it holds medical records and password hashes.
 */
export async function backUpDatabase(connectionString: string, file: string, options: { log?: (msg: string) => void } = {}): Promise<BackupSummary> {
  const log = options.log ?? (() => {});
  const target = path.resolve(file);
  if (await exists(target)) {
    throw new Error(`${target} already exists; give the backup a new name`);
  }
  const partial = `${target}.partial-${process.pid}`;
  const body = `${target}.rows-${process.pid}`;
  const client = await connectClient(connectionString, { application_name: 'isocourse-backup' });
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    // SET takes no snapshot: the first read below still fixes it.
    await client.query(STABLE_OUTPUT_SETTINGS);
    // The first query fixes the snapshot every later read sees.
    const migrations = await readAppliedMigrations(client);
    const tables = await listTables(client);
    // As pg_dump does: a server starting with a new migration waits for the backup instead of
    // changing a table between the snapshot and its COPY.
    if (tables.length > 0) {
      await client.query(`LOCK TABLE ${tables.map((table) => quoteTable(client, table.name)).join(', ')} IN ACCESS SHARE MODE`);
    }
    // Sequences are not transactional: read after the snapshot, each is at or past every id it shows.
    const sequences = await readSequences(client);
    // now() is the start of this transaction: the moment the backup shows.
    const about = await client.query<{ version: string; database: string; taken_at: Date }>(
      `SELECT current_setting('server_version') AS version, current_database() AS database, now() AS taken_at`,
    );
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- a SELECT without FROM returns exactly one row
    const { version, database, taken_at: takenAt } = about.rows[0]!;

    const stored: BackupTable[] = [];
    const gzip = createGzip();
    const written = pipeline(gzip, createWriteStream(body, { flags: 'wx', mode: 0o600 }));
    try {
      for (const table of tables) {
        if (Object.hasOwn(EXCLUDED_TABLES, table.name)) {
          continue;
        }
        const startedAt = Date.now();
        const { rows, sha256 } = await copyTableOut(client, table, async (chunk) => {
          if (!gzip.write(chunk)) {
            await once(gzip, 'drain');
          }
        });
        stored.push({ name: table.name, columns: table.columns, rows, sha256 });
        log(`${table.name}: ${rows.toLocaleString('en-US')} rows (${Date.now() - startedAt} ms)`);
      }
      gzip.end();
      await written;
    } catch (error) {
      gzip.destroy();
      await written.catch(() => {});
      throw error;
    }
    await client.query('COMMIT');

    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      createdAt: takenAt.toISOString(),
      source: { server: `PostgreSQL ${version}`, database },
      migrations,
      tables: stored,
      sequences,
      excluded: Object.entries(EXCLUDED_TABLES).map(([table, reason]) => ({ table, reason })),
    };
    await assemble(partial, header, body);
    await giveName(partial, target);
    await syncDirectory(path.dirname(target));
    const { size } = await fs.stat(target);
    return { file: target, bytes: size, header };
  } finally {
    await client.end().catch(() => {});
    await fs.rm(partial, { force: true });
    await fs.rm(body, { force: true });
  }
}

/**
 * Gives the finished file its name without replacing a file that took that name meanwhile: link()
 * fails if it exists, where rename() would replace it. Where hard links are not supported (some
 * network file systems), rename() after a last look.
 */
async function giveName(partial: string, target: string): Promise<void> {
  try {
    await fs.link(partial, target);
  } catch (error) {
    if (isErrno(error, 'EEXIST')) {
      throw new Error(`${target} was created while the backup ran; give the backup a new name`, { cause: error });
    }
    if (await exists(target)) {
      throw error;
    }
    await fs.rename(partial, target);
  }
}

/** The header (gzip member 1) then the rows (member 2), flushed to disk before it gets its name. */
async function assemble(partial: string, header: BackupHeader, body: string): Promise<void> {
  const output = createWriteStream(partial, { flags: 'wx', mode: 0o600 });
  output.write(gzipSync(`${JSON.stringify(header)}\n`));
  await pipeline(createReadStream(body), output);
  const handle = await fs.open(partial, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Catalog: shared with the restore, which asks the same questions of the database it builds.

export interface TableShape {
  name: string;
  /** Stored (non-generated) columns, in column order. */
  columns: string[];
  /** ORDER BY list that makes COPY's output deterministic: the primary key, byte-wise for text. */
  orderBy: string;
}

/** Versions recorded in schema_migrations, in order; throws when the database has none. */
export async function readAppliedMigrations(client: pg.Client): Promise<string[]> {
  const exists = await client.query<{ present: boolean }>(`SELECT to_regclass('public.schema_migrations') IS NOT NULL AS present`);
  if (exists.rows[0]?.present !== true) {
    throw new Error('the database has no schema_migrations table: it is not an isocourse database (nothing to back up)');
  }
  const { rows } = await client.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version');
  return rows.map((row) => row.version);
}

/**
 * The ordinary tables of the public schema, ordered so that every table comes after the tables its
 * foreign keys reference (a restore loads them in this order with the constraints checked). A
 * table referencing itself (users.supervising_prescriber_id) is fine: COPY checks foreign keys at
 * the end of the statement, once all of the table's rows are in.
 */
export async function listTables(client: pg.Client): Promise<TableShape[]> {
  const { rows } = await client.query<{ name: string; columns: string[]; order_by: string[]; every_column: string[] }>(`
    SELECT c.relname AS name,
           array(SELECT quote_ident(a.attname) FROM pg_attribute a
                 WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
                 ORDER BY a.attnum)::text[] AS columns,
           array(SELECT quote_ident(a.attname) || CASE WHEN a.attcollation <> 0 THEN ' COLLATE "C"' ELSE '' END
                 FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, position)
                 JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
                 WHERE i.indrelid = c.oid AND i.indisprimary
                 ORDER BY k.position)::text[] AS order_by,
           -- Without a primary key, every column, so that equal tables still give equal bytes.
           array(SELECT quote_ident(a.attname) || CASE WHEN a.attcollation <> 0 THEN ' COLLATE "C"' ELSE '' END
                 FROM pg_attribute a
                 WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
                 ORDER BY a.attnum)::text[] AS every_column
    FROM pg_class c
    WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
    ORDER BY c.relname`);
  const references = await client.query<{ from: string; to: string }>(`
    SELECT DISTINCT f.relname AS from, t.relname AS to
    FROM pg_constraint k JOIN pg_class f ON f.oid = k.conrelid JOIN pg_class t ON t.oid = k.confrelid
    WHERE k.contype = 'f' AND f.relnamespace = 'public'::regnamespace AND k.conrelid <> k.confrelid`);
  const tables = rows.map((row): TableShape => {
    const orderBy = (row.order_by.length > 0 ? row.order_by : row.every_column).join(', ');
    return { name: row.name, columns: row.columns.map(unquoteIdentifier), orderBy };
  });
  return foreignKeyOrder(tables, references.rows);
}

function foreignKeyOrder(tables: TableShape[], references: Array<{ from: string; to: string }>): TableShape[] {
  const remaining = new Map(tables.map((table) => [table.name, table]));
  const ordered: TableShape[] = [];
  while (remaining.size > 0) {
    // Alphabetical among the tables ready to go, so the order is the same on every run.
    const ready = [...remaining.values()].filter((table) => references.every((reference) => reference.from !== table.name || !remaining.has(reference.to)));
    if (ready.length === 0) {
      throw new Error(`the foreign keys between ${[...remaining.keys()].join(', ')} form a cycle; no load order satisfies them`);
    }
    for (const table of ready) {
      ordered.push(table);
      remaining.delete(table.name);
    }
  }
  return ordered;
}

async function readSequences(client: pg.Client): Promise<BackupSequence[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT relname AS name FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'S' ORDER BY relname`,
  );
  const sequences: BackupSequence[] = [];
  for (const { name } of rows) {
    const state = await client.query<{ last_value: string; is_called: boolean }>(
      `SELECT last_value::text AS last_value, is_called FROM ${quoteTable(client, name)}`,
    );
    const row = state.rows[0];
    if (row !== undefined) {
      sequences.push({ name, lastValue: row.last_value, isCalled: row.is_called });
    }
  }
  return sequences;
}

/**
 * Streams a table's rows out with COPY, in primary-key order, handing each chunk to `sink`, and
 * returns how many rows there were and the SHA-256 of their bytes. The restore runs this on what it
 * loaded and compares with the header.
 */
export async function copyTableOut(
  client: pg.Client,
  table: Pick<TableShape, 'name' | 'columns' | 'orderBy'>,
  sink: (chunk: Buffer) => Promise<void> | void,
): Promise<{ rows: number; sha256: string }> {
  const columns = table.columns.map((column) => client.escapeIdentifier(column)).join(', ');
  const stream = client.query(copyStreams.to(`COPY (SELECT ${columns} FROM ${quoteTable(client, table.name)} ORDER BY ${table.orderBy}) TO STDOUT`));
  const hash = createHash('sha256');
  let rows = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk);
    rows += countLines(chunk);
    await sink(chunk);
  }
  return { rows, sha256: hash.digest('hex') };
}

/** Newlines in a chunk of COPY text: one per row, since newlines inside values are escaped. */
export function countLines(chunk: Buffer): number {
  let count = 0;
  for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) {
    count += 1;
  }
  return count;
}

export function quoteTable(client: pg.Client, name: string): string {
  return `public.${client.escapeIdentifier(name)}`;
}

function unquoteIdentifier(identifier: string): string {
  return identifier.startsWith('"') ? identifier.slice(1, -1).replaceAll('""', '"') : identifier;
}

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && 'code' in error && error.code === code;
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

/** Makes the new directory entry durable too (a crash after the backup "finished" keeps the file). */
async function syncDirectory(directory: string): Promise<void> {
  const handle = await fs.open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
