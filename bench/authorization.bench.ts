// `npm run bench`: how fast is the pharmacy authorization request, and how much of its cost is
// ours rather than PostgreSQL's? See bench/README.md for what is measured and how to read it.
//
// 1. Starts the database as main.ts does (embedded in BENCH_DATA_DIR, default <tmp>/isocourse-bench-pg,
//    port ISOCOURSE_PG_PORT, default 54339; or DATABASE_URL), migrates, and seeds 100,000 synthetic
//    patients (bench/seed.ts), or reuses the seed of an earlier run on the same program day.
// 2. Checks a sample of the target patients with the domain (authorizeFill must authorize) and
//    shows the program states of a sample of the others.
// 3. Captures the SQL of one authorization request (bench/replay.ts).
// 4. Starts the server (bench/server.ts, a child process by default) and logs in as the pharmacist.
// 5. Measures, each after a warm-up, at BENCH_CONCURRENCY (50) clients, BENCH_REQUESTS (5,000) each:
//    (a) GET /api/health, (b) POST /api/v1/authorizations, each for a distinct fresh prescription,
//    (c) the captured SQL replayed through pg alone, in a child process, for other fresh prescriptions.
// 6. Prints the table, the ratios b/c and b/a, and whether the targets are met.
import { fork, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { buildApp } from '../src/api/app.js';
import { readConfig } from '../src/config.js';
import { isCertified } from '../src/db/certifications.js';
import { migrate } from '../src/db/migrate.js';
import { loadPatientFacts } from '../src/db/patientFacts.js';
import { startDatabase } from '../src/db/postgresServer.js';
import { authorizeFill } from '../src/domain/authorizeFill.js';
import { programStatus } from '../src/domain/programStatus.js';
import { hashPassword } from '../src/services/auth/passwords.js';
import { programToday } from '../src/services/context.js';
import { createServices } from '../src/services/createServices.js';
import { httpClient } from './http.js';
import { capture, describeTemplate, toTemplate, type ReplayJob, type Target, type Template } from './replay.js';
import { BENCH_PASSWORD, BENCH_PHARMACIST_EMAIL, readSeedState, resetRuns, seed } from './seed.js';
import { phaseMeter, startServer, type FromServer, type ToServer } from './server.js';
import { closedLoop, percentile, postgresCpuMeter, type CpuTime, type MemorySample, type PhaseResult } from './stats.js';

const log = (message: string): void => console.log(`[bench] ${message}`);
const here = path.dirname(fileURLToPath(import.meta.url));

function intFromEnv(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text.trim() === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, not "${text}"`);
  return value;
}

const PATIENTS = intFromEnv('BENCH_PATIENTS', 100_000);
const REQUESTS = intFromEnv('BENCH_REQUESTS', 5_000);
const WARMUP = intFromEnv('BENCH_WARMUP', 500);
const CONCURRENCY = intFromEnv('BENCH_CONCURRENCY', 50);
const REPLAY_POOL = intFromEnv('BENCH_REPLAY_POOL', CONCURRENCY);
const SERVER_MODE = process.env['BENCH_SERVER'] === 'inprocess' ? 'inprocess' : 'child';
const TARGET_RATIO_B_C = 0.6;
const TARGET_P99_B_MS = 25;
/** createDatabase()'s default pool size, which the server uses. */
const APP_POOL_SIZE = 20;

const started = Date.now();
process.env['ISOCOURSE_PG_PORT'] ??= '54339';
const config = readConfig();
const database = await startDatabase({
  dataDir: process.env['BENCH_DATA_DIR'] ?? path.join(os.tmpdir(), 'isocourse-bench-pg'),
  log,
});
const cleanups: Array<() => Promise<void>> = [];
try {
  await main();
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => log(`cleanup failed: ${String(error)}`));
  await database.stop();
}

async function main(): Promise<void> {
  const connectionString = database.connectionString;
  const applied = await migrate(connectionString);
  if (applied.length > 0) log(`applied migrations: ${applied.join(', ')}`);
  const services = createServices(connectionString, config);
  cleanups.push(() => services.db.destroy());
  const today = programToday(services);
  const needed = 1 + 2 * (WARMUP + REQUESTS);

  // --- 1. Seed, or reuse ------------------------------------------------------------------
  const client = new pg.Client({ connectionString });
  await client.connect();
  cleanups.push(() => client.end());
  const serverVersion = String((await client.query('SHOW server_version')).rows[0].server_version);
  const state = await readSeedState(client);
  if (state === 'foreign') {
    throw new Error('the database holds data that this benchmark did not seed; point it at an empty database');
  }
  let seedNote: string;
  if (state !== null && state.seededOn === today && state.patients === PATIENTS && state.targets >= needed) {
    const removed = await resetRuns(client, state);
    seedNote = `reused the seed of ${state.seededOn} (${state.patients.toLocaleString('en-US')} patients; deleted ${removed.toLocaleString('en-US')} authorizations of earlier runs)`;
  } else {
    const why =
      state === null ? 'no seed yet' : state.seededOn !== today ? `seed is of ${state.seededOn}, today is ${today}` : 'seed has another size';
    log(`seeding ${PATIENTS.toLocaleString('en-US')} patients (${why})...`);
    const seeded = await seed(client, {
      patients: PATIENTS,
      today,
      rems2026EffectiveDate: config.program.rems2026EffectiveDate,
      passwordHash: await hashPassword(BENCH_PASSWORD),
      log,
    });
    if (seeded.targets < needed) {
      throw new Error(`only ${seeded.targets} target prescriptions, ${needed} needed: raise BENCH_PATIENTS or lower BENCH_REQUESTS`);
    }
    seedNote = `seeded by this run (${seeded.patients.toLocaleString('en-US')} patients, ${seeded.targets.toLocaleString('en-US')} targets)`;
  }
  log(seedNote);
  const sizes = await client.query(`
    SELECT (SELECT count(*) FROM patients)::int AS patients, (SELECT count(*) FROM pregnancy_tests)::int AS tests,
           (SELECT count(*) FROM prescriptions)::int AS prescriptions, (SELECT count(*) FROM authorizations)::int AS authorizations,
           (SELECT count(*) FROM dispenses)::int AS dispenses, (SELECT count(*) FROM audit_events)::int AS audit,
           pg_size_pretty(pg_database_size(current_database())) AS size`);
  const s = sizes.rows[0];
  log(
    `database: ${s.patients} patients, ${s.tests} pregnancy tests, ${s.prescriptions} prescriptions, ` +
      `${s.authorizations} authorizations, ${s.dispenses} dispenses, ${s.audit} audit events; ${s.size}`,
  );

  const targetRows = await client.query<{ patient_id: string; program_id: string; birth_date: string; prescription_id: string }>(
    `SELECT patient_id, program_id, birth_date::text AS birth_date, prescription_id FROM bench_targets t
     WHERE NOT EXISTS (SELECT 1 FROM authorizations a WHERE a.prescription_id = t.prescription_id)
     ORDER BY md5(prescription_id::text)`,
  );
  const allTargets: Target[] = targetRows.rows.map((row) => ({
    patientId: row.patient_id,
    programId: row.program_id,
    birthDate: row.birth_date,
    prescriptionId: row.prescription_id,
  }));
  let cursor = 0;
  const take = (count: number): Target[] => {
    const taken = allTargets.slice(cursor, cursor + count);
    cursor += count;
    if (taken.length < count) throw new Error('ran out of target prescriptions');
    return taken;
  };

  // --- 2. Check the targets with the domain ---------------------------------------------------
  const pharmacist = await services.db
    .selectFrom('users')
    .select(['id', 'organization_id'])
    .where('email', '=', BENCH_PHARMACIST_EMAIL)
    .executeTakeFirstOrThrow();
  const pharmacyId = pharmacist.organization_id ?? '';
  const pharmacyCertified = await isCertified(services.db, { organizationId: pharmacyId }, today);
  const sample = allTargets.filter((_, index) => index % Math.max(1, Math.floor(allTargets.length / 200)) === 0);
  const refusals = new Map<string, number>();
  for (const target of sample) {
    const facts = await loadPatientFacts(services.db, target.patientId, today);
    const fill = authorizeFill(facts, { prescriptionId: target.prescriptionId, requestedOn: today, pharmacyCertified }, config.program);
    const label = fill.kind === 'refused' ? fill.decision.reasons.map((reason) => reason.code).join('+') : fill.kind;
    refusals.set(label, (refusals.get(label) ?? 0) + 1);
  }
  const verdict = [...refusals].map(([label, count]) => `${label} ${count}`).join(', ');
  if (refusals.size !== 1 || !refusals.has('authorized')) throw new Error(`target check failed: ${verdict}`);
  log(`domain check: ${sample.length} sampled targets → ${verdict}`);
  const others = await client.query<{ id: string }>(
    `SELECT id FROM patients WHERE id NOT IN (SELECT patient_id FROM bench_targets) ORDER BY md5(id::text) LIMIT 1000`,
  );
  const states = new Map<string, number>();
  for (const patient of others.rows) {
    const state = programStatus(await loadPatientFacts(services.db, patient.id, today), today, config.program).state;
    states.set(state, (states.get(state) ?? 0) + 1);
  }
  log(`program states of 1,000 other patients: ${[...states].sort((a, b) => b[1] - a[1]).map(([state, count]) => `${state} ${count}`).join(', ')}`);

  // --- 3. Capture the SQL of one authorization ------------------------------------------------
  // A pool and app of its own, created inside the capture so that its connections are seen.
  const captureTarget = take(1)[0] as Target;
  const { result: captured, statements: all } = await capture(async () => {
    const captureServices = createServices(connectionString, config);
    const captureApp = await buildApp(captureServices);
    try {
      const login = await captureApp.inject({
        method: 'POST',
        url: '/api/v1/sessions',
        payload: { email: BENCH_PHARMACIST_EMAIL, password: BENCH_PASSWORD },
      });
      if (login.statusCode !== 201) throw new Error(`log-in failed: ${login.statusCode} ${login.body}`);
      const captureToken = String(JSON.parse(login.body).token);
      const response = await captureApp.inject({
        method: 'POST',
        url: '/api/v1/authorizations',
        headers: { authorization: `Bearer ${captureToken}` },
        payload: { programId: captureTarget.programId, birthDate: captureTarget.birthDate, prescriptionId: captureTarget.prescriptionId },
      });
      return response;
    } finally {
      await captureApp.close();
      await captureServices.db.destroy();
    }
  });
  // The log-in's statements come first; the request's start with its session lookup.
  const firstOfRequest = all.findIndex((statement) => /from "sessions"/.test(statement.text));
  if (firstOfRequest < 0) throw new Error('capture: the request did not look up its session');
  const statements = all.slice(firstOfRequest);
  if (captured.statusCode !== 201) throw new Error(`the captured request answered ${captured.statusCode}: ${captured.body}`);
  const answer = JSON.parse(captured.body);
  const template: Template = toTemplate(statements, {
    ...captureTarget,
    rmaNumber: String(answer.authorization.rmaNumber),
    authorizationId: String(answer.id),
  });
  if (process.env['BENCH_SQL_FILE'] !== undefined) {
    await writeFile(process.env['BENCH_SQL_FILE'], JSON.stringify(statements, null, 2));
    log(`wrote the captured statements to ${process.env['BENCH_SQL_FILE']}`);
  }
  log(`one authorization runs ${template.statementCount} statements (replayed in phase c):`);
  for (const line of describeTemplate(template)) console.log(line);

  // --- 4. The server --------------------------------------------------------------------------
  const server = SERVER_MODE === 'child' ? await startChildServer(connectionString) : await startInProcessServer(connectionString);
  cleanups.push(() => server.stop());
  const http = httpClient(server.port, CONCURRENCY);
  cleanups.push(async () => http.close());
  const session = await http.fetch(
    'POST',
    '/api/v1/sessions',
    { 'content-type': 'application/json' },
    Buffer.from(JSON.stringify({ email: BENCH_PHARMACIST_EMAIL, password: BENCH_PASSWORD })),
  );
  if (session.status !== 201) throw new Error(`log-in failed: ${session.status} ${session.body}`);
  const token = String(JSON.parse(session.body).token);
  log(`server: ${SERVER_MODE === 'child' ? 'child process' : 'in the benchmark process'} on 127.0.0.1:${server.port}; logged in as ${BENCH_PHARMACIST_EMAIL}`);

  // Each phase starts from a checkpoint, so none of them pays for the dirty pages of the one before
  // (needs a superuser or pg_checkpoint; skipped otherwise).
  const checkpoint = (): Promise<void> =>
    client.query('CHECKPOINT').then(
      () => undefined,
      () => undefined,
    );
  const httpPhase = async (label: string, count: number, operation: (n: number) => Promise<number>, expected: number): Promise<PhaseResult> => {
    await server.phaseStart(label);
    const dbCpu = await postgresCpuMeter();
    const result = await closedLoop(count, CONCURRENCY, async (n) => String(await operation(n)), (outcome) => outcome === String(expected));
    const dbCpuMs = await dbCpu.stop();
    const stats = await server.phaseEnd();
    return {
      ...result,
      cpu: stats.cpu,
      dbCpuMs,
      memory: stats.memory,
    };
  };

  // --- 5a. A trivial route --------------------------------------------------------------------
  const health = (): Promise<number> => http.send('GET', '/api/health', {});
  log(`(a) GET /api/health: ${WARMUP} warm-up + ${REQUESTS} measured requests...`);
  await checkpoint();
  await httpPhase('a-warmup', WARMUP, health, 200);
  const a = await httpPhase('a', REQUESTS, health, 200);

  // --- 5b. The authorization request through HTTP ----------------------------------------------
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const bodies = (targets: Target[]): Buffer[] =>
    targets.map((target) =>
      Buffer.from(JSON.stringify({ programId: target.programId, birthDate: target.birthDate, prescriptionId: target.prescriptionId })),
    );
  const warmBodies = bodies(take(WARMUP));
  const measuredBodies = bodies(take(REQUESTS));
  log(`(b) POST /api/v1/authorizations: ${WARMUP} warm-up + ${REQUESTS} measured requests, each for a fresh prescription...`);
  await checkpoint();
  await httpPhase('b-warmup', WARMUP, (n) => http.send('POST', '/api/v1/authorizations', headers, warmBodies[n]), 201);
  const b = await httpPhase('b', REQUESTS, (n) => http.send('POST', '/api/v1/authorizations', headers, measuredBodies[n]), 201);

  // --- 5c. The same SQL through the driver alone ----------------------------------------------
  log(`(c) the ${template.statementCount} statements through pg alone (pool of ${REPLAY_POOL}): ${WARMUP} warm-up + ${REQUESTS} measured...`);
  await checkpoint();
  const c = await replayInChild({
    connectionString,
    template,
    warmupTargets: take(WARMUP),
    targets: take(REQUESTS),
    concurrency: CONCURRENCY,
    poolSize: REPLAY_POOL,
  });

  // --- 6. Report ------------------------------------------------------------------------------
  const written = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM authorizations WHERE prescription_id IN (SELECT prescription_id FROM bench_targets)`,
  );
  const endedOn = programToday(services);
  report({ a, b, c }, { serverVersion, seedNote, template, authorizationsWritten: written.rows[0]?.n ?? 0, expectedWritten: cursor, endedOn, today });
}

interface ServerHandle {
  port: number;
  phaseStart(label: string): Promise<void>;
  phaseEnd(): Promise<{ cpu: CpuTime; memory: MemorySample }>;
  stop(): Promise<void>;
}

async function startChildServer(connectionString: string): Promise<ServerHandle> {
  const child = fork(path.join(here, 'server.ts'), ['--child'], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_CONNECTION_STRING: connectionString },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T extends FromServer['type']>(type: T): Promise<Extract<FromServer, { type: T }>> =>
    new Promise((resolve, reject) => {
      const onMessage = (message: FromServer): void => {
        if (message.type !== type) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(message as Extract<FromServer, { type: T }>);
      };
      const onExit = (code: number | null): void => reject(new Error(`the server process exited (${code})`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const send = (message: ToServer): void => {
    child.send(message);
  };
  const ready = await next('ready');
  return {
    port: ready.port,
    phaseStart: async (label) => {
      const started = next('phase-started');
      send({ type: 'phase-start', label });
      await started;
    },
    phaseEnd: async () => {
      const stats = next('phase-stats');
      send({ type: 'phase-end' });
      return stats;
    },
    stop: () => stopChild(child, () => send({ type: 'stop' })),
  };
}

async function startInProcessServer(connectionString: string): Promise<ServerHandle> {
  const server = await startServer(connectionString);
  const meter = phaseMeter();
  return {
    port: server.port,
    phaseStart: async () => meter.start(),
    phaseEnd: async () => meter.end(),
    stop: () => server.close(),
  };
}

function stopChild(child: ChildProcess, ask: () => void): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    ask();
  });
}

async function replayInChild(job: ReplayJob): Promise<PhaseResult> {
  const child = fork(path.join(here, 'replay.ts'), ['--child'], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  type Reply =
    | { type: 'ready' }
    | { type: 'done'; measured: Omit<PhaseResult, 'latenciesMs'> & { latenciesMs: number[] } }
    | { type: 'failed'; message: string };
  return new Promise((resolve, reject) => {
    child.on('message', (message: Reply) => {
      if (message.type === 'ready') child.send(job);
      else if (message.type === 'failed') reject(new Error(`replay failed: ${message.message}`));
      else resolve({ ...message.measured, latenciesMs: Float64Array.from(message.measured.latenciesMs) });
    });
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the replay process exited (${code})`));
    });
  });
}

interface ReportContext {
  serverVersion: string;
  seedNote: string;
  template: Template;
  authorizationsWritten: number;
  expectedWritten: number;
  today: string;
  endedOn: string;
}

function report(phases: { a: PhaseResult; b: PhaseResult; c: PhaseResult }, context: ReportContext): void {
  const rows = [
    ['(a) GET /api/health (HTTP)', phases.a, 'server'],
    ['(b) POST /api/v1/authorizations (HTTP)', phases.b, 'server'],
    [`(c) same ${context.template.statementCount} SQL statements, pg only`, phases.c, 'replayer'],
  ] as const;
  const rate = (phase: PhaseResult): number => phase.requests / phase.seconds;
  const mb = (bytes: number | undefined): string => (bytes === undefined ? '-' : (bytes / 2 ** 20).toFixed(0));
  const header = ['phase', 'requests', 'errors', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'RSS MB', 'heap MB', 'CPU ms/req (user+sys)', 'PG CPU ms/req'];
  const lines = rows.map(([label, phase, who]) => {
    const sorted = Float64Array.from(phase.latenciesMs).sort();
    return [
      label,
      String(phase.requests),
      String(phase.errors),
      rate(phase).toFixed(0),
      percentile(sorted, 50).toFixed(1),
      percentile(sorted, 99).toFixed(1),
      (sorted[sorted.length - 1] ?? Number.NaN).toFixed(1),
      mb(phase.memory?.rss),
      mb(phase.memory?.heapUsed),
      phase.cpu === null
        ? '-'
        : `${((phase.cpu.userMs + phase.cpu.systemMs) / phase.requests).toFixed(2)} = ${(phase.cpu.userMs / phase.requests).toFixed(2)}+${(phase.cpu.systemMs / phase.requests).toFixed(2)} ${who}`,
      phase.dbCpuMs === null ? '-' : (phase.dbCpuMs / phase.requests).toFixed(2),
    ];
  });
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => (line[column] ?? '').length)));
  const format = (cells: readonly string[]): string =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ');
  const ratioBC = rate(phases.b) / rate(phases.c);
  const ratioBA = rate(phases.b) / rate(phases.a);
  const p99B = percentile(Float64Array.from(phases.b.latenciesMs).sort(), 99);
  const met = (ok: boolean): string => (ok ? 'met' : 'NOT met');

  console.log('');
  console.log(
    `isocourse authorization benchmark — ${os.cpus().length} CPUs, Node ${process.version}, PostgreSQL ${context.serverVersion} ` +
      `(${database.embedded ? 'embedded' : 'external, DATABASE_URL'}), program day ${context.today}`,
  );
  console.log(`data: ${context.seedNote}`);
  console.log(
    `load: ${CONCURRENCY} concurrent keep-alive clients, ${REQUESTS} measured requests per phase after ${WARMUP} warm-up; ` +
      `server ${SERVER_MODE === 'child' ? 'in a child process' : 'in the load generator process'} (pool ${APP_POOL_SIZE}); replay pool ${REPLAY_POOL}`,
  );
  console.log('');
  console.log(format(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const line of lines) console.log(format(line));
  console.log('');
  console.log(`b/c = ${ratioBC.toFixed(2)}  (what our code costs on top of the database; target ≥ ${TARGET_RATIO_B_C}: ${met(ratioBC >= TARGET_RATIO_B_C)})`);
  console.log(`b/a = ${ratioBA.toFixed(2)}  (the authorization against a trivial route of the same server)`);
  console.log(`p99 of (b) = ${p99B.toFixed(1)} ms  (target < ${TARGET_P99_B_MS} ms: ${met(p99B < TARGET_P99_B_MS)})`);
  for (const [label, phase] of rows) {
    if (phase.errors > 0) console.log(`WARNING ${label}: ${phase.errors} failed: ${JSON.stringify(phase.outcomes)}`);
  }
  if (context.authorizationsWritten !== context.expectedWritten) {
    console.log(`WARNING: ${context.authorizationsWritten} authorizations written for target prescriptions, ${context.expectedWritten} expected`);
  }
  if (context.endedOn !== context.today) console.log(`WARNING: the program day changed during the run (${context.today} → ${context.endedOn})`);
  console.log(`total time ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
