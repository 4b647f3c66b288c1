// Restores a backup made by src/db/backup.ts (`npm run restore -- <file> [--replace]`).
//
// - Into an empty database only (nothing in its public schema). A database that has anything is
//   refused, unless --replace: then everything in its public schema is dropped first, in the same
//   transaction as the rest, and only while no other session is connected (stop the server first).
// - All in one transaction: the database ends up restored and checked, or exactly as it was before
//   (also with --replace, and also when the file turns out to be damaged half-way through).
// - The schema comes from this code's migrations, run up to the backup's version; a backup whose
//   migrations are not the first ones of this code (made by a newer isocourse) is refused. The
//   migrations newer than the backup run after its rows are in, as an upgrade of that database would.
// - Rows are loaded with COPY in the header's order (referenced tables first), with every
//   constraint checked. The tables' own triggers are disabled meanwhile (ALTER TABLE … DISABLE
//   TRIGGER USER, which the tables' owner may do; session_replication_role would need a superuser,
//   and CI's role is not one): they guard the application's writes, e.g. audit_events takes only
//   unsealed rows (0005_audit_chain.sql), while a restore puts back sealed rows as they were, hash
//   chain and all, so that `npm run audit:verify` (and its anchor) holds on the copy.
// - Each table is checked twice against the header's row count and SHA-256: the bytes read from the
//   file (a damaged file), then what the database holds once loaded, read back with the backup's
//   own COPY (the load kept every value as it was).
// - Sequences are set back to where they were, so the next row gets a new id.

import { createHash } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  copyTableOut,
  listTables,
  quoteTable,
  STABLE_OUTPUT_SETTINGS,
  type BackupHeader,
  type BackupSequence,
  type BackupTable,
} from './backup.js';
import { CREATE_SCHEMA_MIGRATIONS, MIGRATION_LOCK_KEY, readMigrations, type Migration } from './migrate.js';
import { connectClient } from './multiHost.js';

export interface RestoreOptions {
  /** Replace whatever the database holds (refused otherwise). */
  replace?: boolean;
  log?: (msg: string) => void;
  /** Directory of the migration files. Default: the application's. */
  migrationsDirectory?: string;
}

export interface RestoreSummary {
  header: BackupHeader;
  rows: number;
  /** Migrations of this code newer than the backup, applied after its rows. */
  upgradedWith: string[];
  replaced: boolean;
}

/** The header line is small (a few kB); a file without a newline early on is not a backup. */
const MAX_HEADER_BYTES = 16 * 1024 * 1024;

export async function restoreDatabase(connectionString: string, file: string, options: RestoreOptions = {}): Promise<RestoreSummary> {
  const log = options.log ?? (() => {});
  const backup = await openBackup(file);
  try {
    const { header } = backup;
    const migrations = await readMigrations(options.migrationsDirectory);
    const known = migrations.slice(0, header.migrations.length);
    const unknown = header.migrations.find((version, index) => known[index]?.version !== version);
    if (unknown !== undefined) {
      throw new Error(
        `the backup's schema (migrations ${header.migrations.join(', ')}) is not one this version of isocourse has: ` +
          `migration ${unknown} is not among its first ones (${migrations.map((migration) => migration.version).join(', ')}); ` +
          `restore it with the isocourse version that made it`,
      );
    }

    const client = await connectClient(connectionString, { application_name: 'isocourse-restore' });
    try {
      await client.query('BEGIN');
      let summary: RestoreSummary;
      try {
        await client.query(STABLE_OUTPUT_SETTINGS);
        // A server starting meanwhile waits here instead of migrating the database under us.
        await client.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
        const replaced = await makeRoom(client, options.replace === true, log);
        await buildSchema(client, known);
        await checkTablesMatch(client, header);
        const rows = await loadRows(client, backup, log);
        await checkLoaded(client, header);
        for (const sequence of header.sequences) {
          await client.query('SELECT setval($1::regclass, $2::bigint, $3)', [quoteTable(client, sequence.name), sequence.lastValue, sequence.isCalled]);
        }
        const newer = migrations.slice(header.migrations.length);
        for (const migration of newer) {
          await runMigration(client, migration);
          await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [migration.version]);
          log(`applied migration ${migration.version}, newer than the backup`);
        }
        await client.query('COMMIT');
        summary = { header, rows, upgradedWith: newer.map((migration) => migration.version), replaced };
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      }
      // Fresh tables have no statistics until autovacuum comes round; plan the first queries well.
      // The restore is committed by now: a failure here is worth a line, not an error.
      try {
        for (const table of header.tables) {
          await client.query(`ANALYZE ${quoteTable(client, table.name)}`);
        }
      } catch (error) {
        log(`ANALYZE after the restore failed (autovacuum will do it): ${describeError(error)}`);
      }
      return summary;
    } finally {
      await client.end().catch(() => {});
    }
  } finally {
    backup.close();
  }
}

/** Refuses a database with anything in it, or with `replace` empties it. Returns whether it did. */
async function makeRoom(client: pg.Client, replace: boolean, log: (msg: string) => void): Promise<boolean> {
  const contents = await publicSchemaContents(client);
  if (contents.length === 0) {
    return false;
  }
  const listed = `${contents.slice(0, 5).join(', ')}${contents.length > 5 ? `, … (${contents.length} objects)` : ''}`;
  if (!replace) {
    throw new Error(`the target database is not empty (${listed}); restore into a new, empty database, or pass --replace to replace what it holds`);
  }
  const connected = await otherSessions(client);
  if (connected > 0) {
    throw new Error(`${connected} other session(s) are connected to the target database; stop the server before replacing its database`);
  }
  const { rows } = await client.query<{ statement: string }>(`
    SELECT format('DROP %s IF EXISTS %s CASCADE', kind, name) AS statement FROM (
      SELECT CASE relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE'
                          WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END AS kind,
             -- Tables before sequences: an identity column's sequence goes with its table.
             oid::regclass::text AS name, CASE relkind WHEN 'S' THEN 2 ELSE 1 END AS step
      FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
      UNION ALL
      SELECT CASE prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END, oid::regprocedure::text, 3
      FROM pg_proc p WHERE pronamespace = 'public'::regnamespace
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
      UNION ALL
      SELECT CASE typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, oid::regtype::text, 4
      FROM pg_type t WHERE typnamespace = 'public'::regnamespace AND typtype IN ('e', 'd', 'r', 'm')
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
    ) AS objects ORDER BY step`);
  for (const { statement } of rows) {
    await client.query(statement);
  }
  const left = await publicSchemaContents(client);
  if (left.length > 0) {
    throw new Error(`--replace could not empty the target database: ${left.join(', ')} remain`);
  }
  log(`dropped what the database held (${listed})`);
  return true;
}

/** Client sessions on this database besides ours, after a moment's grace for those just closed. */
async function otherSessions(client: pg.Client): Promise<number> {
  const deadline = Date.now() + 2000;
  for (;;) {
    // Inside a transaction the statistics views are a snapshot taken at first use: clear it, or
    // every poll would see the sessions that were there the first time.
    await client.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await client.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
    );
    const count = rows[0]?.count ?? 0;
    // A server stopped a moment ago: its sessions' backends may still be on their way out.
    if (count === 0 || Date.now() > deadline) {
      return count;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** What the public schema holds besides what extensions brought: empty means a new database. */
async function publicSchemaContents(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ object: string }>(`
    SELECT object FROM (
      SELECT CASE relkind WHEN 'S' THEN 'sequence ' WHEN 'v' THEN 'view ' WHEN 'm' THEN 'materialized view '
                          WHEN 'f' THEN 'foreign table ' ELSE 'table ' END || relname AS object
      FROM pg_class c WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
      UNION ALL
      SELECT 'function ' || oid::regprocedure::text FROM pg_proc p WHERE pronamespace = 'public'::regnamespace
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
      UNION ALL
      SELECT 'type ' || oid::regtype::text FROM pg_type t WHERE typnamespace = 'public'::regnamespace AND typtype IN ('e', 'd', 'r', 'm')
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
    ) AS objects ORDER BY object`);
  return rows.map((row) => row.object);
}

/** The schema of the backup's version: its migrations, run in this transaction, not yet recorded. */
async function buildSchema(client: pg.Client, migrations: Migration[]): Promise<void> {
  await client.query(CREATE_SCHEMA_MIGRATIONS);
  for (const migration of migrations) {
    await runMigration(client, migration);
  }
}

async function runMigration(client: pg.Client, migration: Migration): Promise<void> {
  try {
    // No parameters: a simple query, which may hold many statements (as in migrate.ts).
    await client.query(migration.sql);
  } catch (error) {
    throw new Error(`migration ${migration.file} failed: ${describeError(error)}`, { cause: error });
  }
}

/** The backup's tables and columns must be exactly those its migrations create. */
async function checkTablesMatch(client: pg.Client, header: BackupHeader): Promise<void> {
  const built = new Map((await listTables(client)).map((table) => [table.name, table]));
  const excluded = new Set(header.excluded.map((entry) => entry.table));
  for (const table of header.tables) {
    const shape = built.get(table.name);
    if (shape === undefined) {
      throw new Error(`the backup has a table ${table.name} that migrations up to ${header.migrations.at(-1)} do not create`);
    }
    const expected = [...shape.columns].sort().join(', ');
    const stored = [...table.columns].sort().join(', ');
    if (expected !== stored) {
      throw new Error(`table ${table.name}: the backup has the columns (${stored}), its migrations give (${expected})`);
    }
    built.delete(table.name);
  }
  const missing = [...built.keys()].filter((name) => !excluded.has(name));
  if (missing.length > 0) {
    throw new Error(`the backup has no rows for the table(s) ${missing.join(', ')}: it is incomplete`);
  }
}

async function loadRows(client: pg.Client, backup: OpenBackup, log: (msg: string) => void): Promise<number> {
  const { header, reader } = backup;
  let total = 0;
  for (const table of header.tables) {
    await client.query(`ALTER TABLE ${quoteTable(client, table.name)} DISABLE TRIGGER USER`);
  }
  for (const table of header.tables) {
    const startedAt = Date.now();
    if (table.rows > 0) {
      const columns = table.columns.map((column) => client.escapeIdentifier(column)).join(', ');
      const copy = client.query(copyStreams.from(`COPY ${quoteTable(client, table.name)} (${columns}) FROM STDIN`));
      const hash = createHash('sha256');
      try {
        await reader.takeLines(table.rows, `table ${table.name}`, async (chunk) => {
          hash.update(chunk);
          if (!copy.write(chunk)) {
            await once(copy, 'drain');
          }
        });
        copy.end();
        await finished(copy);
      } catch (error) {
        // Ends the COPY (CopyFail) so the connection can roll back.
        copy.destroy(error instanceof Error ? error : new Error(String(error)));
        await finished(copy).catch(() => {});
        throw error instanceof pg.DatabaseError
          ? new Error(`PostgreSQL refused the rows of table ${table.name}: ${error.message} (is the backup file damaged?)`, { cause: error })
          : error;
      }
      if (hash.digest('hex') !== table.sha256) {
        throw new Error(`the backup file is damaged: the rows of table ${table.name} do not match their checksum`);
      }
    }
    total += table.rows;
    log(`${table.name}: ${table.rows.toLocaleString('en-US')} rows (${Date.now() - startedAt} ms)`);
  }
  await reader.expectEnd();
  for (const table of header.tables) {
    await client.query(`ALTER TABLE ${quoteTable(client, table.name)} ENABLE TRIGGER USER`);
  }
  return total;
}

/** Reads every table back as the backup did and compares with the header. */
async function checkLoaded(client: pg.Client, header: BackupHeader): Promise<void> {
  const shapes = new Map((await listTables(client)).map((table) => [table.name, table]));
  for (const table of header.tables) {
    const orderBy = shapes.get(table.name)?.orderBy;
    if (orderBy === undefined) {
      throw new Error(`table ${table.name} disappeared during the restore`);
    }
    const loaded = await copyTableOut(client, { name: table.name, columns: table.columns, orderBy }, () => {});
    if (loaded.rows !== table.rows || loaded.sha256 !== table.sha256) {
      throw new Error(
        `table ${table.name} does not read back as it was backed up (${loaded.rows} rows, backed up ${table.rows}; ` +
          `checksum ${loaded.sha256 === table.sha256 ? 'equal' : 'different'})`,
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Reading a backup file

export interface OpenBackup {
  header: BackupHeader;
  reader: LineReader;
  close(): void;
}

/** Opens a backup file and reads its header; the rows are read on demand through `reader`. */
export async function openBackup(file: string): Promise<OpenBackup> {
  const resolved = path.resolve(file);
  const handle = await fs.open(resolved, 'r').catch((error: unknown) => {
    throw new Error(`cannot open the backup file ${resolved}: ${describeError(error)}`, { cause: error });
  });
  const magic = Buffer.alloc(2);
  await handle.read(magic, 0, 2, 0);
  if (magic[0] !== 0x1f || magic[1] !== 0x8b) {
    await handle.close();
    throw new Error(`${resolved} is not an isocourse backup (not gzip-compressed)`);
  }
  const compressed = handle.createReadStream({ start: 0 });
  const gunzip = createGunzip();
  compressed.on('error', (error) => gunzip.destroy(error));
  compressed.pipe(gunzip);
  const close = (): void => {
    gunzip.destroy();
    compressed.destroy();
  };
  try {
    const reader = new LineReader(gunzip[Symbol.asyncIterator]() as AsyncIterator<Buffer>);
    const line = await reader.readLine(MAX_HEADER_BYTES);
    if (line === undefined) {
      throw new Error(`${resolved} is not an isocourse backup (no header line)`);
    }
    const header = parseHeader(line.toString('utf8'), resolved);
    return { header, reader, close };
  } catch (error) {
    close();
    throw error;
  }
}

/** Reads only the header of a backup file. */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  const backup = await openBackup(file);
  backup.close();
  return backup.header;
}

type UncheckedHeader = Partial<Omit<BackupHeader, 'tables' | 'sequences' | 'excluded'>> & {
  tables?: Array<BackupTable | null>;
  sequences?: Array<BackupSequence | null>;
  excluded?: Array<BackupHeader['excluded'][number] | null>;
};

function parseHeader(text: string, file: string): BackupHeader {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`${file} is not an isocourse backup (its first line is not a JSON header)`);
  }
  // A damaged file can hold anything: each field, and each element of the lists, is checked below.
  const header = value as UncheckedHeader | null;
  if (header === null || typeof header !== 'object' || header.format !== BACKUP_FORMAT) {
    throw new Error(`${file} is not an isocourse backup (its header does not say ${BACKUP_FORMAT})`);
  }
  if (header.formatVersion !== BACKUP_FORMAT_VERSION) {
    throw new Error(`${file} is a backup of format version ${String(header.formatVersion)}; this isocourse reads version ${BACKUP_FORMAT_VERSION}`);
  }
  const isText = (item: unknown): item is string => typeof item === 'string';
  const valid =
    Array.isArray(header.migrations) &&
    header.migrations.every(isText) &&
    Array.isArray(header.tables) &&
    header.tables.every(
      (table) =>
        isText(table?.name) &&
        Array.isArray(table.columns) &&
        table.columns.length > 0 &&
        table.columns.every(isText) &&
        Number.isSafeInteger(table.rows) &&
        table.rows >= 0 &&
        isText(table.sha256) &&
        /^[0-9a-f]{64}$/.test(table.sha256),
    ) &&
    Array.isArray(header.sequences) &&
    header.sequences.every(
      (sequence) => isText(sequence?.name) && isText(sequence.lastValue) && /^-?\d+$/.test(sequence.lastValue) && typeof sequence.isCalled === 'boolean',
    ) &&
    Array.isArray(header.excluded) &&
    header.excluded.every((entry) => isText(entry?.table));
  if (!valid) {
    throw new Error(`${file} has a damaged header`);
  }
  return header as BackupHeader;
}

/** Lines from a stream of chunks, without holding more than one chunk and a partial line. */
export class LineReader {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly chunks: AsyncIterator<Buffer>) {}

  /** The next line without its newline; undefined at the end of the stream. */
  async readLine(maxBytes: number): Promise<Buffer | undefined> {
    for (;;) {
      const end = this.pending.indexOf(10);
      if (end !== -1) {
        const line = this.pending.subarray(0, end);
        this.pending = this.pending.subarray(end + 1);
        return line;
      }
      if (this.pending.length > maxBytes) {
        throw new Error(`a line is longer than ${maxBytes} bytes`);
      }
      if (!(await this.more())) {
        return undefined;
      }
    }
  }

  /**
   * Hands the next `count` lines (newlines included) to `sink`, in pieces that may end inside a line
   * (COPY takes its data in any pieces); `what` names them in errors.
   */
  async takeLines(count: number, what: string, sink: (chunk: Buffer) => Promise<void>): Promise<void> {
    let left = count;
    while (left > 0) {
      if (this.pending.length === 0 && !(await this.more())) {
        throw new Error(`the backup file is truncated: it ends after ${count - left} of the ${count} rows of ${what}`);
      }
      let at = -1;
      while (left > 0) {
        const next = this.pending.indexOf(10, at + 1);
        if (next === -1) {
          break;
        }
        at = next;
        left -= 1;
      }
      const end = left === 0 ? at + 1 : this.pending.length;
      const piece = this.pending.subarray(0, end);
      this.pending = this.pending.subarray(end);
      await sink(piece);
    }
  }

  /** Throws unless the stream has nothing more. */
  async expectEnd(): Promise<void> {
    if (this.pending.length > 0 || (await this.more())) {
      throw new Error('the backup file is damaged: it has more rows than its header lists');
    }
  }

  private async more(): Promise<boolean> {
    let next: IteratorResult<Buffer>;
    try {
      next = await this.chunks.next();
    } catch (error) {
      // zlib: "unexpected end of file" for a cut file, "invalid ..." or "incorrect data check" for damage.
      throw new Error(`the backup file is damaged or truncated (${describeError(error)})`, { cause: error });
    }
    if (next.done === true) {
      return false;
    }
    this.pending = this.pending.length === 0 ? next.value : Buffer.concat([this.pending, next.value]);
    return true;
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
