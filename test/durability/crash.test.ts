// The real server (`node --import tsx src/main.ts`, as `npm start` runs it) is killed with SIGKILL
// in the middle of a concurrent write load over HTTP, started again on the same database, and then
// every write it had acknowledged must be there and readable, and no record may be half-written.
//
// Scenarios, each on a database of its own with the synthetic demo practice (its log-ins are the
// staff the load acts as):
// - embedded PostgreSQL, server killed: the postmaster it started (through pg_ctl, in a session of
//   its own) outlives it; the restarted server adopts it.
// - embedded PostgreSQL, power cut: the server and every process of its PostgreSQL are killed at
//   once, so whatever sat in PostgreSQL's shared memory (WAL not yet flushed) is gone. The restart
//   finds a dead postmaster.pid and PostgreSQL recovers from its WAL. Acknowledged writes survive
//   only because a commit returns after its WAL is flushed (synchronous_commit stays on in the
//   embedded server's settings, src/db/postgresServer.ts). It continues on the first scenario's data
//   directory, so the writes acknowledged in both rounds are checked.
// - external PostgreSQL (DATABASE_URL): the server gets a fresh database on the test server, which
//   is DATABASE_URL's when set (CI's second pass: Debian's PostgreSQL), else the shared embedded
//   test cluster of test/support/database.ts. To the server under test both are an external server
//   named by DATABASE_URL, so this scenario runs in every pass. Only the server is killed: the
//   durability of someone else's PostgreSQL is its operator's settings, not ours.
//
// "No half-written record": each use case writes its rows in one transaction (src/services), and
// the checks below are those transactions' invariants, over every row, acknowledged or not:
// - an enrollment writes the patient, its first category assignment, the audit row naming it and
//   its worklist entry, and the patient's user account when it has one;
// - every fact (consent, counseling, contraception, pregnancy test, prescription, authorization,
//   dispense) has an audit row naming it, and bumps its patient's worklist fact_version, so a load
//   patient's fact_version is 1 + the number of its facts;
// - rows nobody acknowledged exist only for requests in flight at the kill (one per worker at most);
// - the audit trail's hash chain (src/db/auditChain.ts), sealed by the server while the load ran,
//   still verifies.

import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { sealAuditEvents, verifyAuditChain } from '../../src/db/auditChain.js';
import { createDatabase } from '../../src/db/database.js';
import { DEMO_LOGINS, DEMO_PASSWORD } from '../../src/demo/demoPractice.js';
import { calendarDateAt } from '../../src/domain/dates.js';
import { DEFAULT_PROGRAM_CONFIG } from '../../src/domain/ruleSets.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { freePort, isAlive, sleep, waitFor } from '../support/waiting.js';
import type { UntypedJson } from '../support/json.js';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const WORKERS = 8;
/**
 * The kill comes once the load has run this long and this many writes were acknowledged (about
 * 2 s on an idle 2-core machine), or after LOAD_MAX_MS on a machine busy with other work.
 */
const LOAD_MIN_MS = 1_500;
const LOAD_MIN_WRITES = 150;
const LOAD_MAX_MS = 20_000;
const READY_TIMEOUT_MS = 60_000;

/** Tables the load writes facts to, each fact in the transaction of its audit row. */
const FACT_TABLES = [
  'consents',
  'counseling_attestations',
  'contraception_declarations',
  'pregnancy_tests',
  'prescriptions',
  'authorizations',
  'dispenses',
] as const;
type LoadTable = 'patients' | (typeof FACT_TABLES)[number];

interface Acknowledged {
  table: LoadTable;
  id: string;
  patientId: string;
  /** For a dispense: the authorization it was recorded against. */
  authorizationId?: string;
}

// ---------------------------------------------------------------------------------------------
// The server under test

class Server {
  private child: ChildProcess | undefined;
  private exited: Promise<number | null> = Promise.resolve(null);
  /** Everything every start printed, for the failure messages. */
  output = '';
  /** What the latest start printed. */
  latest = '';

  constructor(
    readonly port: number,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.latest = '';
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: projectRoot,
      env: { ...process.env, ...this.env, PORT: String(this.port), HOST: '127.0.0.1', ISOCOURSE_DEMO: 'true', LOG_REQUESTS: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const record = (chunk: Buffer): void => {
      this.output += chunk.toString();
      this.latest += chunk.toString();
    };
    child.stdout.on('data', record);
    child.stderr.on('data', record);
    this.exited = new Promise((resolve) =>
      child.on('exit', (code) => {
        resolve(code);
      }),
    );
    let gone = false;
    void this.exited.then(() => (gone = true));
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- 'gone' is set by the exit callback above, which narrowing does not see
      if (gone) {
        throw new Error(`the server exited before it was ready:\n${this.latest}`);
      }
      if (Date.now() > deadline) {
        throw new Error(`the server was not ready within ${READY_TIMEOUT_MS} ms:\n${this.latest}`);
      }
      const health = await fetch(`${this.url}/api/health`).catch(() => undefined);
      if (health?.ok === true) {
        return;
      }
      await sleep(100);
    }
  }

  /** SIGKILL: no handler runs, nothing is closed or flushed. */
  async kill(): Promise<void> {
    this.child?.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM: the clean shutdown of main.ts; resolves to the exit code. */
  async stop(): Promise<number | null> {
    this.child?.kill('SIGTERM');
    return this.exited;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }
}

// ---------------------------------------------------------------------------------------------
// The write load

interface Answer {
  status: number;
  body: UntypedJson;
}

class NetworkFailure extends Error {}

async function call(server: Server, token: string | null, method: 'GET' | 'POST', route: string, body?: unknown): Promise<Answer> {
  let response: Response;
  try {
    response = await fetch(`${server.url}/api/v1${route}`, {
      method,
      headers: {
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? null : JSON.parse(text) };
  } catch (error) {
    throw new NetworkFailure(`${method} ${route}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function logIn(server: Server, role: 'prescriber' | 'pharmacist'): Promise<string> {
  const email = DEMO_LOGINS.find((login) => login.role === role)?.email;
  const answer = await call(server, null, 'POST', '/sessions', { email, password: DEMO_PASSWORD });
  assert.equal(answer.status, 201, `log-in of the demo ${role}: ${JSON.stringify(answer.body)}`);
  return answer.body.token as string;
}

interface Load {
  acknowledged: Acknowledged[];
  /** Requests whose answer never came (the kill): their rows may or may not exist. */
  unanswered: LoadTable[];
  /** Answers that were not 2xx: the load itself is wrong, or the server is. */
  unexpected: string[];
}

interface Tokens {
  prescriber: string;
  pharmacist: string;
}

/**
 * Workers enrolling patients and recording their first steps, each until its next request fails on
 * the network (the kill). PCNGP patients go through counseling, a prescription, the pharmacy's
 * authorization and the dispense; PCGP patients through their consents, a screening test and a
 * contraception declaration. One enrollment in four creates a log-in too.
 */
async function writeLoad(server: Server, tokens: Tokens, round: string, load: Load): Promise<void> {
  const today = calendarDateAt(new Date(), DEFAULT_PROGRAM_CONFIG.remsTimeZone);
  const worker = async (w: number): Promise<void> => {
    for (let n = 0; ; n += 1) {
      const pcgp = n % 2 === 1;
      let table: LoadTable = 'patients';
      const step = async (stepTable: LoadTable, token: string, route: string, body: unknown): Promise<UntypedJson> => {
        table = stepTable;
        const answer = await call(server, token, 'POST', route, body);
        if (answer.status !== 200 && answer.status !== 201) {
          throw new Error(`${route}: ${answer.status} ${JSON.stringify(answer.body)}`);
        }
        return answer.body;
      };
      try {
        const birthDate = pcgp ? '2001-04-17' : '1999-09-03';
        const enrolled = await step('patients', tokens.prescriber, '/patients', {
          givenName: `W${w}N${n}`,
          familyName: `Crash ${round}`,
          birthDate,
          category: pcgp ? 'PCGP' : 'PCNGP',
          criterion: pcgp ? 'reproductivePotential' : 'assignedMaleAtBirth',
          enrolledOn: today,
          ...(n % 4 === 0 ? { account: { email: `crash.${round}.w${w}.n${n}@test.example`, password: 'a long enough password' } } : {}),
        });
        const patientId = enrolled.id as string;
        const lookup = { programId: enrolled.programId as string, birthDate };
        load.acknowledged.push({ table: 'patients', id: patientId, patientId });
        const fact = async (factTable: LoadTable, route: string, body: unknown, token = tokens.prescriber): Promise<UntypedJson> => {
          const answer = await step(factTable, token, route, body);
          load.acknowledged.push({ table: factTable, id: answer.id as string, patientId });
          return answer;
        };
        await fact('consents', `/patients/${patientId}/consents`, { kind: 'general', signedOn: today });
        if (pcgp) {
          await fact('consents', `/patients/${patientId}/consents`, { kind: 'birthDefects', signedOn: today });
          await fact('pregnancy_tests', `/patients/${patientId}/pregnancy-tests`, {
            kind: 'screening',
            specimenDate: today,
            resultDate: today,
            result: 'negative',
            setting: 'lab',
            clia: true,
          });
          await fact('contraception_declarations', `/patients/${patientId}/contraception`, {
            declaredOn: today,
            methods: ['iudCopper', 'maleCondom'],
            abstinence: false,
            startedOn: '2020-01-01',
          });
        } else {
          await fact('counseling_attestations', `/patients/${patientId}/counselings`, { counseledOn: today, modality: 'inPerson' });
          const prescription = await fact('prescriptions', `/patients/${patientId}/prescriptions`, {
            writtenOn: today,
            product: 'claravis',
            strengthMg: 40,
            capsulesPerDay: 1,
            daysSupply: 30,
            quantity: 30,
            refills: 0,
          });
          const authorization = await fact('authorizations', '/authorizations', { ...lookup, prescriptionId: prescription.id }, tokens.pharmacist);
          const dispense = await step('dispenses', tokens.pharmacist, `/authorizations/${authorization.id}/dispense`, {
            ...lookup,
            dispensedOn: today,
            product: 'claravis',
            strengthMg: 40,
            quantity: 30,
            daysSupply: 30,
            medicationGuideGiven: true,
          });
          load.acknowledged.push({ table: 'dispenses', id: dispense.id as string, patientId, authorizationId: authorization.id as string });
        }
      } catch (error) {
        if (error instanceof NetworkFailure) {
          load.unanswered.push(table);
          return;
        }
        load.unexpected.push(`worker ${w}: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
}

/** Runs the load, kills the server (and whatever `alsoKill` kills) while it goes on, and waits for every worker to notice. */
async function loadAndKill(server: Server, tokens: Tokens, round: string, load: Load, alsoKill: () => Promise<void> = async () => {}): Promise<string> {
  const before = load.acknowledged.length;
  const startedAt = Date.now();
  const running = writeLoad(server, tokens, round, load);
  while (
    Date.now() - startedAt < LOAD_MAX_MS &&
    (Date.now() - startedAt < LOAD_MIN_MS || load.acknowledged.length - before < LOAD_MIN_WRITES) &&
    load.unexpected.length === 0
  ) {
    await sleep(20);
  }
  assert.ok(server.running, `the server died under the load:\n${server.latest}`);
  await Promise.all([server.kill(), alsoKill()]);
  await running;
  assert.deepEqual(load.unexpected, [], 'every request of the load was accepted until the kill');
  const acknowledged = load.acknowledged.length - before;
  assert.ok(acknowledged >= 30, `the load got going before the kill (${acknowledged} writes acknowledged)`);
  assert.ok(load.unanswered.length > 0, 'some requests were in flight when the server was killed');
  return `${acknowledged} writes acknowledged in ${((Date.now() - startedAt) / 1000).toFixed(1)} s by ${WORKERS} clients, then killed`;
}

// ---------------------------------------------------------------------------------------------
// After the restart

/** Every acknowledged write is in the database, readable through the API, and nothing is half-written. */
async function checkAfterRestart(server: Server, connectionString: string, tokens: Tokens, load: Load): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    // Acknowledged writes, by id.
    for (const table of ['patients', ...FACT_TABLES] as const) {
      const ids = load.acknowledged.filter((write) => write.table === table).map((write) => write.id);
      const { rows } = await client.query<{ id: string }>(`SELECT id::text AS id FROM ${table} WHERE id = ANY($1::uuid[])`, [ids]);
      const found = new Set(rows.map((row) => row.id));
      assert.deepEqual(
        ids.filter((id) => !found.has(id)),
        [],
        `acknowledged ${table} rows missing after the restart`,
      );
    }

    // Whole records, acknowledged or not (the demo's and the load's).
    const invariants: Array<[string, string]> = [
      [
        'patients without their enrollment category',
        `SELECT p.id FROM patients p WHERE NOT EXISTS (SELECT 1 FROM category_assignments c WHERE c.patient_id = p.id)`,
      ],
      [
        'patients without the audit row of their enrollment',
        `SELECT p.id FROM patients p WHERE NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.action = 'patient.enroll' AND a.outcome = 'ok' AND a.entity_id = p.id::text)`,
      ],
      ['patients without a worklist entry', `SELECT p.id FROM patients p WHERE NOT EXISTS (SELECT 1 FROM worklist_entries w WHERE w.patient_id = p.id)`],
      [
        "patients' accounts without their patient",
        `SELECT u.id FROM users u WHERE u.role = 'patient' AND NOT EXISTS (SELECT 1 FROM patients p WHERE p.user_id = u.id)`,
      ],
      ...FACT_TABLES.map((table): [string, string] => [
        `${table} rows without their audit row`,
        `SELECT f.id FROM ${table} f WHERE NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.outcome = 'ok' AND a.entity_id = f.id::text)`,
      ]),
      [
        'load patients whose worklist version does not count their facts (a fact written without its worklist mark, or the reverse)',
        `SELECT p.id FROM patients p JOIN worklist_entries w ON w.patient_id = p.id
         WHERE p.family_name LIKE 'Crash %' AND w.fact_version <> 1
           + (SELECT count(*) FROM consents x WHERE x.patient_id = p.id)
           + (SELECT count(*) FROM counseling_attestations x WHERE x.patient_id = p.id)
           + (SELECT count(*) FROM contraception_declarations x WHERE x.patient_id = p.id)
           + (SELECT count(*) FROM pregnancy_tests x WHERE x.patient_id = p.id)
           + (SELECT count(*) FROM prescriptions x WHERE x.patient_id = p.id)
           + (SELECT count(*) FROM authorizations x WHERE x.patient_id = p.id)
           + (SELECT count(*) FROM dispenses x JOIN authorizations a ON a.id = x.authorization_id WHERE a.patient_id = p.id)`,
      ],
    ];
    for (const [what, query] of invariants) {
      const { rows } = await client.query(query);
      assert.deepEqual(rows, [], what);
    }

    // Rows nobody acknowledged: only from the requests in flight at a kill.
    const loadRows: Record<LoadTable, string> = {
      patients: `SELECT id::text AS id FROM patients WHERE family_name LIKE 'Crash %'`,
      ...(Object.fromEntries(
        FACT_TABLES.map((table) => [
          table,
          table === 'dispenses'
            ? `SELECT x.id::text AS id FROM dispenses x JOIN authorizations a ON a.id = x.authorization_id JOIN patients p ON p.id = a.patient_id WHERE p.family_name LIKE 'Crash %'`
            : `SELECT x.id::text AS id FROM ${table} x JOIN patients p ON p.id = x.patient_id WHERE p.family_name LIKE 'Crash %'`,
        ]),
      ) as Record<(typeof FACT_TABLES)[number], string>),
    };
    for (const [table, query] of Object.entries(loadRows) as Array<[LoadTable, string]>) {
      const acknowledged = new Set(load.acknowledged.filter((write) => write.table === table).map((write) => write.id));
      const { rows } = await client.query<{ id: string }>(query);
      const extra = rows.filter((row) => !acknowledged.has(row.id)).length;
      const inFlight = load.unanswered.filter((unanswered) => unanswered === table).length;
      assert.ok(extra <= inFlight, `${table}: ${extra} rows nobody acknowledged, but only ${inFlight} such requests were in flight`);
    }
  } finally {
    await client.end();
  }

  // The audit trail's hash chain, which the server was sealing as the load went on: a kill in the
  // middle of a seal leaves it whole, and what was left unsealed is sealed now.
  const db = createDatabase(connectionString, { max: 2 });
  try {
    await sealAuditEvents(db);
    const chain = await verifyAuditChain(db);
    assert.ok(chain.ok, `the audit chain after the restart: ${JSON.stringify(chain.firstProblem)}`);
    assert.ok(chain.checkedRows > 0);
  } finally {
    await db.destroy();
  }

  // Through the API, with the sessions opened before the crash: every acknowledged patient and fact.
  const byPatient = new Map<string, Acknowledged[]>();
  for (const write of load.acknowledged) {
    byPatient.set(write.patientId, [...(byPatient.get(write.patientId) ?? []), write]);
  }
  const factCounts: Array<[LoadTable, string]> = [
    ['consents', 'consents'],
    ['counseling_attestations', 'counselings'],
    ['contraception_declarations', 'contraception'],
    ['pregnancy_tests', 'pregnancyTests'],
    ['prescriptions', 'prescriptions'],
    ['authorizations', 'authorizations'],
  ];
  for (const [patientId, writes] of byPatient) {
    const record = await call(server, tokens.prescriber, 'GET', `/patients/${patientId}`);
    assert.equal(record.status, 200, `patient ${patientId}: ${JSON.stringify(record.body)}`);
    const facts = record.body.facts;
    for (const [table, key] of factCounts) {
      const count = writes.filter((write) => write.table === table).length;
      assert.ok(facts[key].length >= count, `patient ${patientId}: ${count} acknowledged ${table}, the record shows ${facts[key].length}`);
    }
    for (const write of writes.filter((w) => w.table === 'prescriptions' || w.table === 'authorizations')) {
      const listed = write.table === 'prescriptions' ? facts.prescriptions : facts.authorizations;
      assert.ok(
        listed.some((fact: { id: string }) => fact.id === write.id),
        `patient ${patientId}: ${write.table} ${write.id}`,
      );
    }
    for (const write of writes.filter((w) => w.table === 'dispenses')) {
      const authorization = facts.authorizations.find((fact: { id: string }) => fact.id === write.authorizationId);
      assert.ok(
        authorization?.dispense !== undefined && authorization.dispense !== null,
        `patient ${patientId}: the dispense against ${write.authorizationId}`,
      );
    }
  }
  const pharmacist = await call(server, tokens.pharmacist, 'GET', '/me');
  assert.equal(pharmacist.status, 200, "the pharmacist's session survived the crash too");
}

/** Each restart enrolls a patient of its own: the same name and birth date twice would be refused as a possible duplicate. */
let restarts = 0;

/** The restarted server takes writes again. */
async function checkWritesAgain(server: Server, tokens: Tokens): Promise<void> {
  restarts += 1;
  const today = calendarDateAt(new Date(), DEFAULT_PROGRAM_CONFIG.remsTimeZone);
  const enrolled = await call(server, tokens.prescriber, 'POST', '/patients', {
    givenName: 'After',
    familyName: `Restart${restarts}`,
    birthDate: '2000-01-01',
    category: 'PCNGP',
    criterion: 'assignedMaleAtBirth',
    enrolledOn: today,
  });
  assert.equal(enrolled.status, 201, JSON.stringify(enrolled.body));
}

// ---------------------------------------------------------------------------------------------
// Scenarios

describe('a server killed with SIGKILL in the middle of a write load', () => {
  const cleanups: Array<() => Promise<void>> = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch(() => {});
    }
  });

  // The embedded pass of CI covers these; a run against DATABASE_URL need not start clusters again.
  describe('on its embedded PostgreSQL', { skip: process.env['DATABASE_URL'] ? 'DATABASE_URL is set: the embedded pass runs these' : false }, () => {
    let workDir: string;
    let dataDir: string;
    let server: Server;
    let tokens: Tokens;
    let clusterPort: number;
    const load: Load = { acknowledged: [], unanswered: [], unexpected: [] };
    /** As the server connects: the password is kept beside the data directory (postgresServer.ts). */
    const connectionString = (): string =>
      `postgres://isocourse:${encodeURIComponent(readFileSync(`${dataDir}.password`, 'utf8').trim())}@127.0.0.1:${clusterPort}/isocourse`;

    test('its PostgreSQL, left running, is adopted at the restart; every acknowledged write is there, whole', async (t) => {
      workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'isocourse-crash-'));
      // PostgreSQL runs as the `postgres` OS user when we are root: it must be able to enter the directory.
      await fs.chmod(workDir, 0o755);
      dataDir = path.join(workDir, 'data');
      clusterPort = await freePort();
      server = new Server(await freePort(), { DATABASE_URL: '', ISOCOURSE_DATA_DIR: dataDir, ISOCOURSE_PG_PORT: String(clusterPort) });
      cleanups.push(async () => {
        if (server.running) {
          await server.kill();
        }
        await killCluster(dataDir);
        await fs.rm(workDir, { recursive: true, force: true });
      });

      await server.start();
      tokens = { prescriber: await logIn(server, 'prescriber'), pharmacist: await logIn(server, 'pharmacist') };
      t.diagnostic(await loadAndKill(server, tokens, 'embedded', load));
      const postmaster = await postmasterPid(dataDir);
      assert.ok(postmaster !== undefined && isAlive(postmaster), 'the killed server left its PostgreSQL running');

      await server.start();
      assert.match(server.latest, new RegExp(`reusing PostgreSQL already running from .* \\(pid ${postmaster}\\)`));
      await checkAfterRestart(server, connectionString(), tokens, load);
      await checkWritesAgain(server, tokens);
    });

    test('a power cut (the server and all of its PostgreSQL killed at once): recovered from the WAL, every acknowledged write is there, whole', async (t) => {
      assert.ok(server.running, 'the previous scenario left the server running');
      const processes = await clusterProcesses(dataDir);
      assert.ok(processes.length >= 3, `the postmaster and its helpers: ${processes.join(', ')}`);
      const killedAll = async (): Promise<void> => {
        for (const pid of await clusterProcesses(dataDir)) {
          killIfAlive(pid, 'SIGKILL');
        }
      };
      t.diagnostic(await loadAndKill(server, tokens, 'powercut', load, killedAll));
      await waitFor(async () => (await clusterProcesses(dataDir)).filter(isAlive).length === 0);

      await server.start();
      assert.match(server.latest, /started PostgreSQL from/, 'a new postmaster, not an adopted one');
      const serverLog = await readServerLog(dataDir);
      assert.match(serverLog, /database system was interrupted|not properly shut down/, 'PostgreSQL went through crash recovery');
      await checkAfterRestart(server, connectionString(), tokens, load);
      await checkWritesAgain(server, tokens);

      // The clean way down, for the record: SIGTERM stops the server and then its PostgreSQL.
      assert.equal(await server.stop(), 0, server.latest);
      assert.equal(await postmasterPid(dataDir), undefined, 'PostgreSQL was stopped with the server');
    });
  });

  test('on an external PostgreSQL (DATABASE_URL): every acknowledged write is there, whole', async (t) => {
    const database: TestDatabase = await createTestDatabase({ migrate: false });
    const server = new Server(await freePort(), { DATABASE_URL: database.connectionString });
    cleanups.push(async () => {
      if (server.running) {
        await server.kill();
      }
      await database.drop();
    });
    const load: Load = { acknowledged: [], unanswered: [], unexpected: [] };

    await server.start();
    const tokens = { prescriber: await logIn(server, 'prescriber'), pharmacist: await logIn(server, 'pharmacist') };
    t.diagnostic(await loadAndKill(server, tokens, 'external', load));
    await server.start();
    assert.match(server.latest, /using external PostgreSQL|external PostgreSQL \(DATABASE_URL\)/);
    await checkAfterRestart(server, database.connectionString, tokens, load);
    await checkWritesAgain(server, tokens);
    assert.equal(await server.stop(), 0, server.latest);
  });
});

// ---------------------------------------------------------------------------------------------
// Processes

async function postmasterPid(dataDir: string): Promise<number | undefined> {
  const text = await fs.readFile(path.join(dataDir, 'postmaster.pid'), 'utf8').catch(() => undefined);
  return text === undefined ? undefined : Number(text.split('\n')[0]);
}

/** Every process whose working directory is the data directory: the postmaster and all it started. */
async function clusterProcesses(dataDir: string): Promise<number[]> {
  const real = await fs.realpath(dataDir);
  const pids: number[] = [];
  for (const entry of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    const cwd = await fs.readlink(`/proc/${entry}/cwd`).catch(() => undefined);
    if (cwd === real) {
      pids.push(Number(entry));
    }
  }
  return pids;
}

/** Ends whatever a failed scenario left of the cluster (immediate shutdown, then SIGKILL). */
async function killCluster(dataDir: string): Promise<void> {
  const postmaster = await postmasterPid(dataDir).catch(() => undefined);
  if (postmaster !== undefined && isAlive(postmaster)) {
    process.kill(postmaster, 'SIGQUIT');
    await waitFor(() => !isAlive(postmaster), 10_000).catch(() => {});
  }
  for (const pid of await clusterProcesses(dataDir).catch(() => [])) {
    killIfAlive(pid, 'SIGKILL');
  }
}

async function readServerLog(dataDir: string): Promise<string> {
  const directory = path.join(dataDir, 'log');
  const files = await fs.readdir(directory).catch(() => []);
  const texts = await Promise.all(files.map((file) => fs.readFile(path.join(directory, file), 'utf8')));
  return texts.join('\n') + (await fs.readFile(path.join(dataDir, 'postmaster.log'), 'utf8').catch(() => ''));
}

/** Signals a process listed a moment ago; one that has exited since (ESRCH) needs no killing. */
function killIfAlive(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') {
      throw error;
    }
  }
}
