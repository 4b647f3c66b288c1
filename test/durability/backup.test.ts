// Backups (src/db/backup.ts, src/db/restore.ts) of a practice's database, through the commands an
// operator types: `npm run backup` and `npm run restore` run as child processes against test
// databases named by DATABASE_URL. The copy is compared with the original by this file's own
// reading (row count and md5 of every table's rows, sequence positions), not by the checksums the
// backup carries, and then used by the application: log-in, reads, new rows with new ids.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import pg from 'pg';
import { buildApp } from '../../src/api/app.js';
import { verifyAuditChain, type ChainHead } from '../../src/db/auditChain.js';
import { readBackupHeader, restoreDatabase } from '../../src/db/restore.js';
import { backUpDatabase } from '../../src/db/backup.js';
import { migrate, MIGRATIONS_DIRECTORY } from '../../src/db/migrate.js';
import type { Services } from '../../src/services/context.js';
import { runScheduledWork } from '../../src/scheduledWork.js';
import { startTestApi, TEST_PASSWORD, type TestApi } from '../support/api.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { assertStatus, authorizeAndDispense, enrollPatient, pcgpOnTreatment, pcngpVisit, statusOn, type Patient } from '../support/journeys.js';
import { present } from '../support/present.js';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

/** A note that COPY must escape (tab, newline, backslash) among characters it must not touch. */
const AWKWARD_NOTE = 'Dry lips\tworse at night\nsecond line, C:\\notes\\lips "quoted" \'single\' — ünïcödé 😀 \\N not a null';

interface TableState {
  rows: number;
  md5: string;
}

interface DatabaseState {
  tables: Map<string, TableState>;
  sequences: Map<string, string>;
}

/** Every table and sequence of the public schema, read independently of the backup code. */
async function stateOf(connectionString: string): Promise<DatabaseState> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(`SET TimeZone = 'UTC'`);
    const tables = new Map<string, TableState>();
    const names = await client.query<{ name: string }>(
      `SELECT relname AS name FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' ORDER BY relname`,
    );
    for (const { name } of names.rows) {
      const table = client.escapeIdentifier(name);
      const { rows } = await client.query<{ rows: number; md5: string }>(
        `SELECT count(*)::int AS rows, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text COLLATE "C"), '')) AS md5 FROM public.${table} t`,
      );
      tables.set(name, present(rows[0]));
    }
    const sequences = new Map<string, string>();
    const sequenceNames = await client.query<{ name: string }>(
      `SELECT relname AS name FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'S' ORDER BY relname`,
    );
    for (const { name } of sequenceNames.rows) {
      const { rows } = await client.query<{ position: string }>(
        `SELECT last_value::text || CASE WHEN is_called THEN ' called' ELSE '' END AS position FROM public.${client.escapeIdentifier(name)}`,
      );
      sequences.set(name, present(rows[0]).position);
    }
    return { tables, sequences };
  } finally {
    await client.end();
  }
}

async function publicRelations(connectionString: string): Promise<number> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: number }>(`SELECT count(*)::int AS count FROM pg_class WHERE relnamespace = 'public'::regnamespace`);
    return present(rows[0]).count;
  } finally {
    await client.end();
  }
}

interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run <script> -- <args>` with DATABASE_URL naming the database it works on. */
function npmRun(script: 'backup' | 'restore', args: string[], databaseUrl: string): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', script, '--', ...args], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

describe('npm run backup / npm run restore', () => {
  let api: TestApi;
  let workDir: string;
  let backupFile: string;
  let onTreatment: Patient;
  let source: DatabaseState;
  /** Where the audit trail's hash chain ended when the backup was made. */
  let auditHead: ChainHead;
  const databases: TestDatabase[] = [];
  const newDatabase = async (options: { migrate?: boolean; direct?: boolean } = {}): Promise<TestDatabase> => {
    const database = await createTestDatabase({ migrate: options.migrate ?? false, direct: options.direct ?? false });
    databases.push(database);
    return database;
  };

  before(async () => {
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'isocourse-backup-'));
    backupFile = path.join(workDir, 'practice.backup.gz');
    api = await startTestApi();
    // A practice with some history: a PCGP patient on treatment (tests, contraception, counseling,
    // comprehension, prescription, authorization, dispense), a PCNGP patient with their own log-in
    // and a fill, clinical records, the worklist, reminders and the audit trail of all of it.
    onTreatment = await pcgpOnTreatment(api, '2025-03-10');
    const withAccount = await enrollPatient(api, {
      enrolledOn: '2025-03-01',
      category: 'PCNGP',
      account: { email: 'jonas.patient@test.example', password: 'a long enough password' },
    });
    const prescriptionId = await pcngpVisit(api, withAccount, '2025-03-03');
    await authorizeAndDispense(api, withAccount, prescriptionId, '2025-03-04');
    api.today('2025-03-12');
    const base = `/patients/${onTreatment.id}`;
    const prescriber = api.as('prescriber');
    assertStatus(await prescriber.post(`${base}/weights`, { measuredOn: '2025-03-12', value: 141.5, unit: 'lb' }), 201, 'weight');
    assertStatus(
      await prescriber.post(`${base}/lab-results`, { analyte: 'triglycerides', value: 182.25, unit: 'mg/dL', collectedOn: '2025-03-11', fasting: true }),
      201,
      'lab',
    );
    assertStatus(await prescriber.post(`${base}/phq9`, { answeredOn: '2025-03-12', answers: [0, 1, 0, 1, 0, 0, 0, 0, 0] }), 201, 'PHQ-9');
    assertStatus(
      await prescriber.post(`${base}/symptom-reports`, {
        reportedOn: '2025-03-12',
        entries: [{ symptom: 'dryLips', severity: 'moderate' }],
        note: AWKWARD_NOTE,
      }),
      201,
      'symptoms',
    );
    assertStatus(await prescriber.get('/worklist'), 200, 'worklist');
    await api.logIn('jonas.patient@test.example', 'a long enough password');
    await api.withToken(null).post('/sessions', { email: 'jonas.patient@test.example', password: 'not the password' });
    // Worklist upkeep, reminders, and the sealing of the audit rows into their hash chain.
    await runScheduledWork(api.services);
    source = await stateOf(api.database.connectionString);
    const chain = await verifyAuditChain(api.database.db);
    assert.ok(chain.ok && chain.head !== null && chain.unsealedRows === 0, 'every audit row of the original is sealed');
    auditHead = chain.head;
  });

  after(async () => {
    await api.close();
    for (const database of databases) {
      await database.drop();
    }
    await fs.rm(workDir, { recursive: true, force: true });
  });

  test('a backup restored into a new database is an identical copy, sessions aside', async () => {
    const backedUp = await npmRun('backup', [backupFile], api.database.connectionString);
    assert.equal(backedUp.code, 0, `npm run backup: ${backedUp.stderr}`);
    assert.match(backedUp.stdout, /backed up \d+ rows of \d+ tables/);
    assert.equal((await fs.stat(backupFile)).mode & 0o777, 0o600, 'medical records: readable by its owner only');
    assert.deepEqual((await fs.readdir(workDir)).sort(), ['practice.backup.gz'], 'no temporary file left beside it');

    const header = await readBackupHeader(backupFile);
    assert.deepEqual(
      header.migrations,
      (await fs.readdir(MIGRATIONS_DIRECTORY))
        .filter((file) => file.endsWith('.sql'))
        .sort()
        .map((file) => file.slice(0, -4)),
    );
    for (const table of header.tables) {
      assert.equal(table.rows, source.tables.get(table.name)?.rows, `the header's row count of ${table.name}`);
    }
    assert.deepEqual(
      header.excluded.map((entry) => entry.table),
      ['sessions'],
    );
    assert.deepEqual([...header.tables.map((table) => table.name), 'sessions'].sort(), [...source.tables.keys()].sort(), 'every other table is in the backup');

    const target = await newDatabase();
    const restored = await npmRun('restore', [backupFile], target.connectionString);
    assert.equal(restored.code, 0, `npm run restore: ${restored.stderr}`);
    assert.match(restored.stdout, /restored \d+ rows of \d+ tables/);

    const copy = await stateOf(target.connectionString);
    assert.ok((source.tables.get('sessions')?.rows ?? 0) > 0, 'the original has sessions');
    assert.equal(copy.tables.get('sessions')?.rows, 0, 'no session comes back with a restore');
    for (const [name, original] of source.tables) {
      if (name === 'sessions') {
        continue;
      }
      assert.deepEqual(copy.tables.get(name), original, `table ${name}`);
    }
    assert.deepEqual([...copy.tables.keys()], [...source.tables.keys()]);
    assert.deepEqual(copy.sequences, source.sequences, 'every sequence where it was');
    for (const table of ['patients', 'dispenses', 'audit_events', 'symptom_reports', 'login_attempts', 'outbox_messages', 'worklist_entries']) {
      assert.ok((copy.tables.get(table)?.rows ?? 0) > 0, `the practice has ${table} rows, so their comparison means something`);
    }
    // The sealed audit rows came back sealed (past the trigger that lets the application insert
    // only unsealed ones), and the head recorded from the original still anchors the copy's chain.
    const chain = await verifyAuditChain(target.db, { anchor: auditHead });
    assert.ok(chain.ok, JSON.stringify(chain.firstProblem));
    assert.deepEqual(chain.head, auditHead);

    // The application on the copy: log-ins, the same status, and new rows get new ids.
    api.today('2025-03-12');
    const services: Services = { ...api.services, db: target.db };
    const app = await buildApp(services);
    try {
      const logIn = await app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { email: 'prescriber@test.example', password: TEST_PASSWORD } });
      assert.equal(logIn.statusCode, 201, logIn.body);
      const token = (JSON.parse(logIn.body) as { token: string }).token;
      const headers = { authorization: `Bearer ${token}` };
      const status = await app.inject({ method: 'GET', url: `/api/v1/patients/${onTreatment.id}/status`, headers });
      assert.equal(status.statusCode, 200, status.body);
      assert.deepEqual(JSON.parse(status.body), await statusOn(api, onTreatment, '2025-03-12'), 'the same program status');
      const weight = await app.inject({
        method: 'POST',
        url: `/api/v1/patients/${onTreatment.id}/weights`,
        headers,
        payload: { measuredOn: '2025-03-12', value: 64, unit: 'kg' },
      });
      assert.equal(weight.statusCode, 201, weight.body);
      const newest = await target.db
        .selectFrom('audit_events')
        .select((eb) => eb.fn.max('id').as('id'))
        .executeTakeFirstOrThrow();
      const before = await api.database.db
        .selectFrom('audit_events')
        .select((eb) => eb.fn.max('id').as('id'))
        .executeTakeFirstOrThrow();
      assert.ok(newest.id > before.id, 'the audit trail goes on after the last id it had');
    } finally {
      await app.close();
    }
  });

  test('restore refuses a database that is not empty and leaves it as it was; --replace replaces it whole', async () => {
    const original = await stateOf(api.database.connectionString);
    const refused = await npmRun('restore', [backupFile], api.database.connectionString);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /restore FAILED, the database is unchanged: the target database is not empty/);
    assert.deepEqual(await stateOf(api.database.connectionString), original);

    // A database with the schema and other rows in it.
    // Without a pooler in between: --replace counts the server sessions on the database, and behind
    // PgBouncer an idle client has none (README: Running several servers).
    const occupied = await newDatabase({ migrate: true, direct: true });
    await occupied.db.insertInto('organizations').values({ kind: 'practice', name: 'Someone else' }).execute();
    await occupied.db.destroy(); // --replace wants no other session on the database.
    await restoreDatabase(occupied.connectionString, backupFile, { replace: true });
    const replaced = await stateOf(occupied.connectionString);
    for (const [name, original] of source.tables) {
      if (name !== 'sessions') {
        assert.deepEqual(replaced.tables.get(name), original, `table ${name}`);
      }
    }

    const client = new pg.Client({ connectionString: occupied.connectionString });
    await client.connect();
    try {
      await assert.rejects(restoreDatabase(occupied.connectionString, backupFile, { replace: true }), /1 other session\(s\) are connected/);
    } finally {
      await client.end();
    }
  });

  test('a truncated, altered or foreign file is refused, and the target is left as it was', async () => {
    const bytes = await fs.readFile(backupFile);
    const [headerLine, ...rest] = gunzipSync(bytes).toString('utf8').split('\n');
    const rowsText = rest.join('\n');
    const variant = async (name: string, content: Buffer): Promise<string> => {
      const file = path.join(workDir, name);
      await fs.writeFile(file, content);
      return file;
    };
    // Valid gzip, valid COPY text: only the checksum can tell that a dispensed quantity was changed.
    assert.ok(rowsText.includes('\tclaravis\t40\t30\t30\t'), 'the dispense row to alter');
    const altered = gzipSync(`${headerLine}\n${rowsText.replace('\tclaravis\t40\t30\t30\t', '\tclaravis\t40\t90\t30\t')}`);
    const header = JSON.parse(present(headerLine)) as { migrations: string[] };
    const future = gzipSync(`${JSON.stringify({ ...header, migrations: [...header.migrations, '9999_from_a_newer_isocourse'] })}\n${rowsText}`);
    const cases: Array<[string, Buffer, RegExp]> = [
      ['cut.gz', bytes.subarray(0, Math.floor(bytes.length * 0.6)), /truncated/],
      ['altered.gz', altered, /the backup file is damaged: the rows of table dispenses do not match their checksum/],
      ['notes.txt', Buffer.from('patient list, not a backup\n'), /is not an isocourse backup/],
      ['future.gz', future, /migration 9999_from_a_newer_isocourse is not among its first ones/],
    ];

    const empty = await newDatabase();
    for (const [name, content, error] of cases) {
      await assert.rejects(restoreDatabase(empty.connectionString, await variant(name, content)), error, name);
      assert.equal(await publicRelations(empty.connectionString), 0, `${name}: the new database is still empty`);
    }
    // With --replace too, a bad file changes nothing: the drop is rolled back with the rest.
    const kept = await newDatabase();
    await restoreDatabase(kept.connectionString, backupFile);
    const before = await stateOf(kept.connectionString);
    await kept.db.destroy();
    for (const [name, content, error] of cases) {
      await assert.rejects(restoreDatabase(kept.connectionString, await variant(name, content), { replace: true }), error, name);
      assert.deepEqual(await stateOf(kept.connectionString), before, `${name}: the replaced database is as it was`);
    }
    // And through the command: exit code 1 and why.
    const cut = await npmRun('restore', [path.join(workDir, 'cut.gz')], empty.connectionString);
    assert.equal(cut.code, 1);
    assert.match(cut.stderr, /restore FAILED, the database is unchanged: .*truncated/);
  });

  test('a backup of an older schema is restored, then brought up to date by the newer migrations', async () => {
    const older = path.join(workDir, 'older-migrations');
    await fs.mkdir(older);
    const files = (await fs.readdir(MIGRATIONS_DIRECTORY)).filter((file) => file.endsWith('.sql')).sort();
    for (const file of files.slice(0, 2)) {
      await fs.copyFile(path.join(MIGRATIONS_DIRECTORY, file), path.join(older, file));
    }
    const old = await newDatabase();
    await migrate(old.connectionString, { directory: older });
    await old.db.insertInto('organizations').values({ kind: 'pharmacy', name: 'Corner Pharmacy' }).execute();
    const oldBackup = path.join(workDir, 'older.backup.gz');
    const made = await backUpDatabase(old.connectionString, oldBackup);
    assert.deepEqual(
      made.header.migrations,
      files.slice(0, 2).map((file) => file.slice(0, -4)),
    );

    const target = await newDatabase();
    const restored = await restoreDatabase(target.connectionString, oldBackup);
    assert.deepEqual(
      restored.upgradedWith,
      files.slice(2).map((file) => file.slice(0, -4)),
    );
    const client = new pg.Client({ connectionString: target.connectionString });
    await client.connect();
    try {
      const versions = await client.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version');
      assert.deepEqual(
        versions.rows.map((row) => row.version),
        files.map((file) => file.slice(0, -4)),
      );
    } finally {
      await client.end();
    }
    const organizations = await target.db.selectFrom('organizations').select('name').execute();
    assert.deepEqual(organizations, [{ name: 'Corner Pharmacy' }]);
    // Already up to date: the migrations the server runs at start find nothing to do.
    assert.deepEqual(await migrate(target.connectionString), []);
  });
});
