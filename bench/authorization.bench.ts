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
//    (c) the captured SQL replayed through pg alone, in a child process, for other fresh prescriptions,
//    (d) GET /api/v1/worklist, logged in as BENCH_WORKLIST_PRESCRIBERS (20) prescribers and their
//    delegates, after their worklist entries were brought up to date. Before (d), untimed by the
//    table: the cold read (one prescriber's first read with no entry computed) and the scheduled
//    work's refresh of the measured prescribers' patients.
//    (e) a mixed load for BENCH_MIXED_SECONDS (60): 40 % authorization requests (each for a new
//    prescription of a target, written before the phase), 30 % pregnancy test results (each for
//    another patient between fills, by the 50 care teams with a delegate), 30 % worklist reads by
//    (d)'s care teams (bench/mixed.ts).
// 6. Prints the table, the ratios b/c and b/a, and whether the targets are met; exits with 1 when
//    a measured request (or one of (e)'s warm-up) did not answer what it must.
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
import { createServices } from '../src/createServices.js';
import { refreshStaleEntries } from '../src/services/worklist/refreshWorklistEntry.js';
import { httpClient, jsonObject, sessionToken } from './http.js';
import { MIX_DESCRIPTION, MIXED_KINDS, mixedLoad, splitByKind, type MixedKind } from './mixed.js';
import { capture, describeTemplate, profileStatements, toTemplate, type ReplayJob, type StatementCpu, type Target, type Template } from './replay.js';
import {
  BENCH_DELEGATES,
  BENCH_PASSWORD,
  BENCH_PHARMACIST_EMAIL,
  BENCH_PHARMACISTS,
  benchPrescribers,
  benchDelegateEmail,
  benchPharmacistEmail,
  benchPrescriberEmail,
  onlyRow,
  patientsBetweenFills,
  prepareMixedPrescriptions,
  readSeedState,
  resetRuns,
  seed,
  unfilledTargets,
} from './seed.js';
import { phaseMeter, startServer, type FromServer, type ToServer } from './server.js';
import { stormPhase } from './storm.js';
import {
  closedLoop,
  countPostgresCpuOf,
  cpuSince,
  percentile,
  postgresCpuMeter,
  postmasterPidOf,
  type CpuTime,
  type LoopLimit,
  type MemorySample,
  type PhaseResult,
} from './stats.js';

const log = (message: string): void => {
  console.log(`[bench] ${message}`);
};
const here = path.dirname(fileURLToPath(import.meta.url));

function intFromEnv(name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const text = process.env[name];
  if (text === undefined || text.trim() === '') {
    return fallback;
  }
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new Error(`${name} must be an integer from 1 to ${max}, not "${text}"`);
  }
  return value;
}

const PATIENTS = intFromEnv('BENCH_PATIENTS', 100_000);
const REQUESTS = intFromEnv('BENCH_REQUESTS', 5_000);
const WARMUP = intFromEnv('BENCH_WARMUP', 500);
const CONCURRENCY = intFromEnv('BENCH_CONCURRENCY', 50);
/** (c1): authorizations replayed one at a time to see the backend's CPU per statement (replay.ts profileStatements). */
const PROFILE_WARMUP = 20;
const PROFILE_REQUESTS = intFromEnv('BENCH_PROFILE_REQUESTS', 300);
const REPLAY_POOL = intFromEnv('BENCH_REPLAY_POOL', CONCURRENCY);
const SERVER_MODE = process.env['BENCH_SERVER'] === 'inprocess' ? 'inprocess' : 'child';
/** Care teams (prescriber n and delegate n, n < this) whose worklists (d) reads. */
const WORKLIST_PRESCRIBERS = intFromEnv('BENCH_WORKLIST_PRESCRIBERS', 20, BENCH_DELEGATES);
/** The `limit` of (d)'s requests: the API's default page (50; at most 1,000). */
const WORKLIST_LIMIT = intFromEnv('BENCH_WORKLIST_LIMIT', 50, 1000);
/** How long (e), the mixed load, runs after its warm-up. */
const MIXED_SECONDS = intFromEnv('BENCH_MIXED_SECONDS', 60, 3600);
/** The prescriber of the cold read: not one of (d)'s, so the refresh timing starts from nothing too. */
const COLD_PRESCRIBER = benchPrescribers(PATIENTS) - 1;
const TARGET_RATIO_B_C = 0.8;
const TARGET_P99_B_MS = 25;
/** "The worklist on 100,000 patients answers in under 200 ms." */
const TARGET_P99_D_MS = 200;
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
  for (const cleanup of cleanups.reverse()) {
    await cleanup().catch((error: unknown) => {
      log(`cleanup failed: ${String(error)}`);
    });
  }
  await database.stop();
}

async function main(): Promise<void> {
  const connectionString = database.connectionString;
  const applied = await migrate(connectionString);
  if (applied.length > 0) {
    log(`applied migrations: ${applied.join(', ')}`);
  }
  const services = createServices(connectionString, config);
  cleanups.push(() => services.db.destroy());
  const today = programToday(services);
  const needed = 1 + 2 * (WARMUP + REQUESTS) + PROFILE_WARMUP + PROFILE_REQUESTS;

  // --- 1. Seed, or reuse ------------------------------------------------------------------
  const client = new pg.Client({ connectionString });
  await client.connect();
  cleanups.push(() => client.end());
  const serverVersion = onlyRow(await client.query<{ server_version: string }>('SHOW server_version')).server_version;
  // PostgreSQL's CPU is that of this cluster's processes only (a test suite's cluster on the same
  // machine is not counted), read in nanoseconds (stats.ts).
  const postmasterPid = await postmasterPidOf(client);
  countPostgresCpuOf(postmasterPid);
  const state = await readSeedState(client);
  if (state === 'foreign') {
    throw new Error('the database holds data that this benchmark did not seed; point it at an empty database');
  }
  let seedNote: string;
  if (state !== null && state.seededOn === today && state.patients === PATIENTS && state.targets >= needed) {
    const removed = await resetRuns(client, state);
    seedNote = `reused the seed of ${state.seededOn} (${state.patients.toLocaleString('en-US')} patients; deleted ${removed.toLocaleString('en-US')} authorizations of earlier runs)`;
  } else {
    const why = state === null ? 'no seed yet' : state.seededOn !== today ? `seed is of ${state.seededOn}, today is ${today}` : 'seed has another size';
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
  const sizes = await client.query<{
    patients: number;
    tests: number;
    prescriptions: number;
    authorizations: number;
    dispenses: number;
    audit: number;
    size: string;
  }>(`
    SELECT (SELECT count(*) FROM patients)::int AS patients, (SELECT count(*) FROM pregnancy_tests)::int AS tests,
           (SELECT count(*) FROM prescriptions)::int AS prescriptions, (SELECT count(*) FROM authorizations)::int AS authorizations,
           (SELECT count(*) FROM dispenses)::int AS dispenses, (SELECT count(*) FROM audit_events)::int AS audit,
           pg_size_pretty(pg_database_size(current_database())) AS size`);
  const s = onlyRow(sizes);
  log(
    `database: ${s.patients} patients, ${s.tests} pregnancy tests, ${s.prescriptions} prescriptions, ` +
      `${s.authorizations} authorizations, ${s.dispenses} dispenses, ${s.audit} audit events; ${s.size}`,
  );

  const allTargets = await unfilledTargets(client, 'seeded');
  let cursor = 0;
  const take = (count: number): Target[] => {
    const taken = allTargets.slice(cursor, cursor + count);
    cursor += count;
    if (taken.length < count) {
      throw new Error('ran out of target prescriptions');
    }
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
  /** About 200 of `targets`, evenly spread, must each be authorized by the domain, as requested today. */
  const checkTargets = async (targets: Target[], what: string): Promise<void> => {
    const sample = targets.filter((_, index) => index % Math.max(1, Math.floor(targets.length / 200)) === 0);
    const refusals = new Map<string, number>();
    for (const target of sample) {
      const facts = await loadPatientFacts(services.db, target.patientId, today);
      const fill = authorizeFill(facts, { prescriptionId: target.prescriptionId, requestedOn: today, pharmacyCertified }, config.program);
      const label = fill.kind === 'refused' ? fill.decision.reasons.map((reason) => reason.code).join('+') : fill.kind;
      refusals.set(label, (refusals.get(label) ?? 0) + 1);
    }
    const verdict = [...refusals].map(([label, count]) => `${label} ${count}`).join(', ');
    if (refusals.size !== 1 || !refusals.has('authorized')) {
      throw new Error(`check of ${what} failed: ${verdict}`);
    }
    log(`domain check: ${sample.length} sampled ${what} → ${verdict}`);
  };
  /** The program states of these patients, most frequent first ("ACTIVE 410, …"). */
  const programStates = async (patientIds: readonly string[]): Promise<string> => {
    const states = new Map<string, number>();
    for (const patientId of patientIds) {
      const state = programStatus(await loadPatientFacts(services.db, patientId, today), today, config.program).state;
      states.set(state, (states.get(state) ?? 0) + 1);
    }
    return [...states]
      .sort((a, b) => b[1] - a[1])
      .map(([state, count]) => `${state} ${count}`)
      .join(', ');
  };
  await checkTargets(allTargets, 'targets');
  const others = await client.query<{ id: string }>(
    `SELECT id FROM patients WHERE id NOT IN (SELECT patient_id FROM bench_targets) ORDER BY md5(id::text) LIMIT 1000`,
  );
  log(`program states of 1,000 other patients: ${await programStates(others.rows.map((row) => row.id))}`);

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
      if (login.statusCode !== 201) {
        throw new Error(`log-in failed: ${login.statusCode} ${login.body}`);
      }
      const captureToken = sessionToken(login.body);
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
  // The log-in's statements come first (it deletes the user's expired sessions and inserts one);
  // the request's start with its session lookup, the first SELECT that reads the sessions.
  const firstOfRequest = all.findIndex((statement) => /^select\b[\s\S]*\bfrom "sessions"/i.test(statement.text));
  if (firstOfRequest < 0) {
    throw new Error('capture: the request did not look up its session');
  }
  const statements = all.slice(firstOfRequest);
  if (captured.statusCode !== 201) {
    throw new Error(`the captured request answered ${captured.statusCode}: ${captured.body}`);
  }
  const answer = jsonObject(captured.body);
  const authorization = answer['authorization'];
  if (typeof authorization !== 'object' || authorization === null || !('rmaNumber' in authorization)) {
    throw new Error(`the captured authorization has no RMA number: ${captured.body.slice(0, 200)}`);
  }
  const template: Template = toTemplate(statements, {
    ...captureTarget,
    rmaNumber: String(authorization.rmaNumber),
    authorizationId: String(answer['id']),
  });
  if (process.env['BENCH_SQL_FILE'] !== undefined) {
    await writeFile(process.env['BENCH_SQL_FILE'], JSON.stringify(statements, null, 2));
    log(`wrote the captured statements to ${process.env['BENCH_SQL_FILE']}`);
  }
  // Every statement is one Client.query call and one round trip to PostgreSQL (the app pipelines nothing).
  log(`one authorization runs ${template.statementCount} statements = ${template.statementCount} round trips (Client.query calls; replayed in phase c):`);
  for (const line of describeTemplate(template)) {
    console.log(line);
  }
  if (process.env['BENCH_STOP_AFTER'] === 'capture') {
    log('BENCH_STOP_AFTER=capture: stopping after the capture (the seeded database is kept)');
    return;
  }

  // --- 4. The server --------------------------------------------------------------------------
  const server = SERVER_MODE === 'child' ? await startChildServer(connectionString) : await startInProcessServer(connectionString);
  cleanups.push(() => server.stop());
  const http = httpClient(server.port, CONCURRENCY);
  // The close runs inside the promise, so a throw still reaches the .catch of the cleanup loop.
  cleanups.push(() =>
    Promise.resolve().then(() => {
      http.close();
    }),
  );
  // Every seeded user has the password BENCH_PASSWORD (one scrypt hash, STAFF_SQL in seed.ts).
  const logIn = async (email: string): Promise<string> => {
    const session = await http.fetch(
      'POST',
      '/api/v1/sessions',
      { 'content-type': 'application/json' },
      Buffer.from(JSON.stringify({ email, password: BENCH_PASSWORD })),
    );
    if (session.status !== 201) {
      throw new Error(`log-in as ${email} failed: ${session.status} ${session.body}`);
    }
    return sessionToken(session.body);
  };
  const token = await logIn(BENCH_PHARMACIST_EMAIL);
  log(`server: ${SERVER_MODE === 'child' ? 'child process' : 'in the benchmark process'} on 127.0.0.1:${server.port}; logged in as ${BENCH_PHARMACIST_EMAIL}`);

  // Each phase starts from a checkpoint, so none of them pays for the dirty pages of the one before
  // (needs a superuser or pg_checkpoint; skipped otherwise).
  const checkpoint = (): Promise<void> =>
    client.query('CHECKPOINT').then(
      () => undefined,
      () => undefined,
    );
  /** A closed loop against the server, with its CPU and memory and PostgreSQL's CPU; success: the expected status, or a test of the outcome. */
  const httpPhase = async (
    label: string,
    limit: LoopLimit,
    operation: (n: number) => Promise<number | string>,
    expected: number | ((outcome: string) => boolean),
  ): Promise<PhaseResult> => {
    await server.phaseStart(label);
    const dbCpu = await postgresCpuMeter();
    const isSuccess = typeof expected === 'number' ? (outcome: string) => outcome === String(expected) : expected;
    const result = await closedLoop(limit, CONCURRENCY, async (n) => String(await operation(n)), isSuccess);
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
    targets.map((target) => Buffer.from(JSON.stringify({ programId: target.programId, birthDate: target.birthDate, prescriptionId: target.prescriptionId })));
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
    postmasterPid,
  });
  // --- 5c1. Where PostgreSQL's CPU goes, statement by statement --------------------------------
  log(`(c1) the same statements one at a time on one connection, the backend's CPU per statement: ${PROFILE_WARMUP} warm-up + ${PROFILE_REQUESTS} measured...`);
  const statementCpu = await profileStatements(connectionString, template, take(PROFILE_WARMUP), take(PROFILE_REQUESTS));

  // --- 5d. The prescriber's worklist ------------------------------------------------------------
  // After (b) and (c): their authorizations marked about 55 entries of every prescriber stale, as a
  // day of pharmacy traffic does; the refresh below (what the minute's scheduled work does) brings
  // the measured prescribers' entries up to date, so (d) reads the steady state. See README.md.
  const worklistPath = `/api/v1/worklist?limit=${WORKLIST_LIMIT}`;
  const teams = Array.from({ length: WORKLIST_PRESCRIBERS }, (_, n) => n);
  const idsOf = async (emails: string[]): Promise<string[]> => {
    const rows = await services.db.selectFrom('users').select(['id', 'email']).where('email', 'in', emails).execute();
    const byEmail = new Map(rows.map((row) => [row.email, row.id]));
    return emails.map((email) => {
      const id = byEmail.get(email);
      if (id === undefined) {
        throw new Error(`no user ${email}`);
      }
      return id;
    });
  };
  const patientsOf = async (prescriberIds: string[]): Promise<number> =>
    (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM patients WHERE prescriber_id = ANY($1::uuid[])', [prescriberIds])).rows[0]?.n ?? 0;
  const entriesOf = async (prescriberIds: string[]): Promise<{ current: number; listed: number }> => {
    const rows = await client.query<{ current: number; listed: number }>(
      `SELECT count(*) FILTER (WHERE NOT w.needs_refresh AND w.valid_until > $2::date)::int AS current,
              count(*) FILTER (WHERE NOT w.needs_refresh AND w.valid_until > $2::date AND w.urgency IS NOT NULL)::int AS listed
       FROM patients p JOIN worklist_entries w ON w.patient_id = p.id WHERE p.prescriber_id = ANY($1::uuid[])`,
      [prescriberIds, today],
    );
    return rows.rows[0] ?? { current: 0, listed: 0 };
  };

  // Cold: the first read of one prescriber's worklist with none of their entries current (right
  // after a deploy that marks every entry, as a change to the worklist's rules does): the request
  // refreshes them all.
  const coldEmail = benchPrescriberEmail(COLD_PRESCRIBER);
  const [coldId = ''] = await idsOf([coldEmail]);
  const coldHeaders = { authorization: `Bearer ${await logIn(coldEmail)}` };
  const coldPatients = await patientsOf([coldId]);
  const marked = await client.query(
    `UPDATE worklist_entries SET needs_refresh = true, computed_on = NULL, valid_until = NULL, urgency = NULL, due_on = NULL, state = NULL,
       items = '[]', summary = NULL, fact_version = fact_version + 1
     WHERE prescriber_id = $1`,
    [coldId],
  );
  log(`(d) cold read: GET ${worklistPath} as ${coldEmail}, ${coldPatients} patients, none of their ${marked.rowCount ?? 0} entries computed...`);
  await checkpoint();
  const coldFirst = await httpPhase('d-cold', 1, () => http.send('GET', worklistPath, coldHeaders), 200);
  const coldComputed = (await entriesOf([coldId])).current;
  const coldSecond = await httpPhase('d-cold-again', 1, () => http.send('GET', worklistPath, coldHeaders), 200);

  // The scheduled work's refresh (refreshStaleEntries, as runScheduledWork calls it, one
  // prescriber at a time) of the measured prescribers' patients, none of them computed yet.
  const prescriberIds = await idsOf(teams.map(benchPrescriberEmail));
  const teamPatients = await patientsOf(prescriberIds);
  /** What the scheduled work does for these prescribers' stale entries, in the benchmark process, timed. */
  const refreshEntries = async (): Promise<RefreshResult> => {
    const refreshDbCpu = await postgresCpuMeter();
    const refreshCpu = process.cpuUsage();
    const refreshStarted = performance.now();
    let refreshed = 0;
    for (const prescriberId of prescriberIds) {
      refreshed += await refreshStaleEntries(services, prescriberId, today);
    }
    return {
      prescribers: prescriberIds.length,
      patients: teamPatients,
      refreshed,
      seconds: (performance.now() - refreshStarted) / 1000,
      cpu: cpuSince(refreshCpu),
      dbCpuMs: await refreshDbCpu.stop(),
    };
  };
  log(`(d) refreshing the worklist entries of ${WORKLIST_PRESCRIBERS} prescribers' ${teamPatients.toLocaleString('en-US')} patients (scheduled work)...`);
  await checkpoint();
  const refresh = await refreshEntries();
  // In production every patient's entry is current (the scheduled work keeps them so), so compute
  // the other prescribers' patients' too: the table, its indexes and its statistics then have their
  // production size, and plans that scan them cost what they would. Stand-ins, set-based: copies of
  // the entries just computed, never read by (d) (it reads only its prescribers' lists); the next
  // run deletes them with the rest of the cache (resetRuns).
  const padded = await client.query(
    `
    WITH computed AS (
      SELECT row_number() OVER (ORDER BY patient_id) - 1 AS k, computed_on, valid_until, urgency, due_on, state, items
      FROM worklist_entries WHERE NOT needs_refresh AND valid_until > $1::date
    )
    INSERT INTO worklist_entries (patient_id, prescriber_id, needs_refresh, computed_on, valid_until, urgency, due_on, state, items)
    SELECT p.id, p.prescriber_id, false, c.computed_on, c.valid_until, c.urgency, c.due_on, c.state, c.items
    FROM patients p JOIN computed c ON c.k = (hashtext(p.id::text)::bigint & 2147483647) % (SELECT count(*) FROM computed)
    WHERE p.prescriber_id <> ALL($2::uuid[])
    ON CONFLICT (patient_id) DO UPDATE
      SET needs_refresh = false, computed_on = excluded.computed_on, valid_until = excluded.valid_until, urgency = excluded.urgency,
          due_on = excluded.due_on, state = excluded.state, items = excluded.items`,
    [today, [...prescriberIds, coldId]],
  );
  log(`(d) ${(padded.rowCount ?? 0).toLocaleString('en-US')} stand-in entries for the other prescribers' patients (copies, set-based)`);
  // What autovacuum does after that many new rows, before (d) plans its statements on them.
  await client.query('ANALYZE worklist_entries, outbox_messages');
  const steady = await entriesOf(prescriberIds);
  if (steady.current !== teamPatients) {
    throw new Error(`after the refresh ${steady.current} of ${teamPatients} entries are current`);
  }

  /** Care team n: prescriber n and delegate n, each logged in; by the prescriber's id. */
  const logInTeams = async (numbers: number[]): Promise<Map<string, Array<{ authorization: string }>>> => {
    const ids = await idsOf(numbers.map(benchPrescriberEmail));
    const sessions = new Map<string, Array<{ authorization: string }>>();
    for (const [index, n] of numbers.entries()) {
      const team: Array<{ authorization: string }> = [];
      for (const email of [benchPrescriberEmail(n), benchDelegateEmail(n)]) {
        team.push({ authorization: `Bearer ${await logIn(email)}` });
      }
      sessions.set(ids[index] ?? '', team);
    }
    return sessions;
  };
  // Steady state: every request logged in as one of the prescribers or their delegates, in turn.
  // (e) reads with the same sessions.
  const teamSessions = await logInTeams(teams);
  const worklistHeaders = [...teamSessions.values()].flat();
  const sampleRead = await http.fetch('GET', worklistPath, worklistHeaders[0] ?? {});
  if (sampleRead.status !== 200) {
    throw new Error(`worklist read failed: ${sampleRead.status} ${sampleRead.body}`);
  }
  const sampleListed = (JSON.parse(sampleRead.body) as { patients: unknown[] }).patients.length;
  const sampleBytes = Buffer.byteLength(sampleRead.body);
  // The size the issue compares (93 KB before the answer was paged and trimmed): 200 patients.
  const read200 = await http.fetch('GET', '/api/v1/worklist?limit=200', worklistHeaders[0] ?? {});
  if (read200.status !== 200) {
    throw new Error(`worklist read failed: ${read200.status} ${read200.body}`);
  }
  const bytes200 = Buffer.byteLength(read200.body);
  const listed200 = (JSON.parse(read200.body) as { patients: unknown[] }).patients.length;
  log(
    `(d) GET ${worklistPath} as ${WORKLIST_PRESCRIBERS} prescribers and their delegates (${worklistHeaders.length} sessions; ` +
      `${steady.listed.toLocaleString('en-US')} of their ${teamPatients.toLocaleString('en-US')} patients need something, ` +
      `a response lists ${sampleListed}, ${(sampleRead.body.length / 1024).toFixed(0)} KB): ${WARMUP} warm-up + ${REQUESTS} measured requests...`,
  );
  const worklistRead = (n: number): Promise<number> => http.send('GET', worklistPath, worklistHeaders[n % worklistHeaders.length] ?? {});
  await checkpoint();
  await httpPhase('d-warmup', WARMUP, worklistRead, 200);
  const d = await httpPhase('d', REQUESTS, worklistRead, 200);
  const after = await entriesOf(prescriberIds);

  // --- 5e. The mixed load -----------------------------------------------------------------------
  // For MIXED_SECONDS, the mix of bench/mixed.ts at the same concurrency: the pharmacies'
  // authorization requests, each for a fresh prescription of its own; the care teams' pregnancy
  // tests, each for another of their patients between fills; the care teams' worklist reads. Its
  // prescriptions and patients are prepared first, more than a minute uses on this machine; running
  // out of prescriptions fails the phase, running out of patients starts their list again.
  const prepared = await prepareMixedPrescriptions(client, today);
  const mixedTargets = await unfilledTargets(client, 'mixed');
  log(
    `(e) a new prescription written today for each of the ${prepared.written.toLocaleString('en-US')} targets ` +
      `(the ${prepared.reversed.toLocaleString('en-US')} authorizations that (b) and (c) wrote for them reversed first): ${mixedTargets.length.toLocaleString('en-US')} unfilled`,
  );
  await checkTargets(mixedTargets, "targets' new prescriptions");
  // The tests: every care team with a delegate records them (the 20 of (d) and the others), so
  // a minute of tests finds enough patients between fills.
  const testTeams = new Map([...teamSessions, ...(await logInTeams(Array.from({ length: BENCH_DELEGATES }, (_, n) => n).filter((n) => !teams.includes(n))))]);
  const testPatients = await patientsBetweenFills(client, [...testTeams.keys()], today);
  log(
    `(e) ${testPatients.length.toLocaleString('en-US')} patients of the ${testTeams.size} care teams with a delegate can get pregnant and are between fills; ` +
      `program states of 200 of them: ${await programStates(testPatients.slice(0, 200).map((patient) => patient.patientId))}`,
  );
  const pharmacists: Array<{ authorization: string }> = [];
  for (let n = 0; n < BENCH_PHARMACISTS; n += 1) {
    pharmacists.push({ authorization: `Bearer ${await logIn(benchPharmacistEmail(n))}` });
  }
  // The new prescriptions marked their patients' entries; bring the care teams' up to date again,
  // as the minute's scheduled work would, so (e) starts from the steady state (d) measured.
  const mixedRefresh = await refreshEntries();
  log(`(e) ${mixedRefresh.refreshed.toLocaleString('en-US')} entries of the care teams' patients refreshed again (scheduled work) after the new prescriptions`);
  const load = mixedLoad({
    http,
    targets: mixedTargets,
    pharmacists,
    testPatients: testPatients.map((patient) => ({ patientId: patient.patientId, sessions: testTeams.get(patient.prescriberId) ?? [] })),
    // This month's test, from a CLIA-certified laboratory, collected and resulted today.
    testBody: { kind: 'monthly', specimenDate: today, resultDate: today, result: 'negative', setting: 'lab', clia: true, sensitivityMiuPerMl: 25 },
    readers: worklistHeaders,
    worklistPath,
  });
  log(
    `(e) mixed load at ${CONCURRENCY} clients (${MIX_DESCRIPTION}; ${pharmacists.length} pharmacists, tests by ${testTeams.size} care teams, ` +
      `reads by ${worklistHeaders.length} sessions of ${teamSessions.size}): ${WARMUP} warm-up operations, then ${MIXED_SECONDS} s...`,
  );
  // What (e) writes, counted (nothing else writes meanwhile; recorded_at would not do: the seed
  // dates today's facts at fixed hours, some of them later in the day).
  const factCounts = async (): Promise<{ authorizations: number; tests: number }> =>
    (
      await client.query<{ authorizations: number; tests: number }>(
        'SELECT (SELECT count(*) FROM authorizations)::int AS authorizations, (SELECT count(*) FROM pregnancy_tests)::int AS tests',
      )
    ).rows[0] ?? { authorizations: 0, tests: 0 };
  const writtenBefore = await factCounts();
  await checkpoint();
  const eWarmup = await httpPhase('e-warmup', WARMUP, load.operation, load.isSuccess);
  const e = await httpPhase('e', { seconds: MIXED_SECONDS, until: load.exhausted }, load.operation, load.isSuccess);
  const writtenAfter = await factCounts();
  const succeeded = (kind: MixedKind, status: number): number => (eWarmup.outcomes[`${kind} ${status}`] ?? 0) + (e.outcomes[`${kind} ${status}`] ?? 0);

  // --- 6. Report ------------------------------------------------------------------------------
  const written = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM authorizations WHERE prescription_id IN (SELECT prescription_id FROM bench_targets)`,
  );
  const endedOn = programToday(services);
  const ok = report(
    { a, b, c, d, e },
    {
      serverVersion,
      seedNote,
      template,
      statementCpu,
      authorizationsWritten: written.rows[0]?.n ?? 0,
      expectedWritten: cursor,
      endedOn,
      today,
      worklist: {
        path: worklistPath,
        coldEmail,
        coldPatients,
        coldComputed,
        coldFirst,
        coldSecond,
        refresh,
        sessions: worklistHeaders.length,
        stillCurrent: after.current === teamPatients,
        answerListed: sampleListed,
        answerBytes: sampleBytes,
        answer200: { listed: listed200, bytes: bytes200 },
      },
      mixed: {
        warmup: eWarmup,
        byKind: splitByKind(e),
        failures: load.failures,
        prescriptions: mixedTargets.length,
        testPatients: testPatients.length,
        started: load.started,
        authorizationsWritten: writtenAfter.authorizations - writtenBefore.authorizations,
        authorizationsExpected: succeeded('authorization', 201),
        testsWritten: writtenAfter.tests - writtenBefore.tests,
        testsExpected: succeeded('pregnancyTest', 201),
      },
    },
  );
  // --- 7. (f) The cut-over storm: bench/storm.ts ------------------------------------------------
  const storm = await stormPhase({ port: server.port, client, targets: await unfilledTargets(client, 'mixed'), log });
  for (const line of storm.lines) {
    console.log(line);
  }
  if (!ok || !storm.ok) {
    process.exitCode = 1;
  }
}

interface RefreshResult {
  prescribers: number;
  patients: number;
  refreshed: number;
  seconds: number;
  cpu: CpuTime;
  dbCpuMs: number | null;
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
        if (message.type !== type) {
          return;
        }
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(message as Extract<FromServer, { type: T }>);
      };
      const onExit = (code: number | null): void => {
        reject(new Error(`the server process exited (${code})`));
      };
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
    stop: () =>
      stopChild(child, () => {
        send({ type: 'stop' });
      }),
  };
}

async function startInProcessServer(connectionString: string): Promise<ServerHandle> {
  const server = await startServer(connectionString);
  const meter = phaseMeter();
  return {
    port: server.port,
    phaseStart: () => {
      meter.start();
      return Promise.resolve();
    },
    phaseEnd: () => Promise.resolve(meter.end()),
    stop: () => server.close(),
  };
}

function stopChild(child: ChildProcess, ask: () => void): Promise<void> {
  if (child.exitCode !== null) {
    return Promise.resolve();
  }
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
    { type: 'ready' } | { type: 'done'; measured: Omit<PhaseResult, 'latenciesMs'> & { latenciesMs: number[] } } | { type: 'failed'; message: string };
  return new Promise((resolve, reject) => {
    child.on('message', (message: Reply) => {
      if (message.type === 'ready') {
        child.send(job);
      } else if (message.type === 'failed') {
        reject(new Error(`replay failed: ${message.message}`));
      } else {
        resolve({ ...message.measured, latenciesMs: Float64Array.from(message.measured.latenciesMs) });
      }
    });
    child.once('exit', (code) => {
      if (code !== 0) {
        reject(new Error(`the replay process exited (${code})`));
      }
    });
  });
}

interface ReportContext {
  serverVersion: string;
  /** (c1): the backend's CPU per statement of one authorization; null when the server is not on this machine. */
  statementCpu: StatementCpu[] | null;
  seedNote: string;
  template: Template;
  authorizationsWritten: number;
  expectedWritten: number;
  today: string;
  endedOn: string;
  worklist: {
    path: string;
    coldEmail: string;
    coldPatients: number;
    /** Entries of the cold prescriber's patients current after the first read. */
    coldComputed: number;
    coldFirst: PhaseResult;
    coldSecond: PhaseResult;
    refresh: RefreshResult;
    sessions: number;
    /** No entry of (d)'s prescribers went stale during (d), so it measured the steady state only. */
    stillCurrent: boolean;
    /** One read's answer: patients listed and bytes of JSON. */
    answerListed: number;
    answerBytes: number;
    /** The same read with limit=200. */
    answer200: { listed: number; bytes: number };
  };
  mixed: {
    warmup: PhaseResult;
    /** The measured run's operations of each kind. */
    byKind: Record<MixedKind, PhaseResult>;
    /** The first few failures, warm-up included. */
    failures: string[];
    /** Fresh prescriptions prepared for the authorizations. */
    prescriptions: number;
    /** Patients prepared for the pregnancy tests. */
    testPatients: number;
    /** Operations of each kind sent, warm-up included. */
    started: Record<MixedKind, number>;
    authorizationsWritten: number;
    authorizationsExpected: number;
    testsWritten: number;
    testsExpected: number;
  };
}

/** Prints the results; false when a request failed or (e) did not write what it was answered. */
function report(phases: { a: PhaseResult; b: PhaseResult; c: PhaseResult; d: PhaseResult; e: PhaseResult }, context: ReportContext): boolean {
  const m = context.mixed;
  const kindLabels: Record<MixedKind, string> = {
    authorization: '    POST /api/v1/authorizations',
    pregnancyTest: '    POST /api/v1/patients/…/pregnancy-tests',
    worklistRead: `    GET ${context.worklist.path}`,
  };
  const rows: Array<readonly [string, PhaseResult, string]> = [
    ['(a) GET /api/health (HTTP)', phases.a, 'server'],
    ['(b) POST /api/v1/authorizations (HTTP)', phases.b, 'server'],
    [`(c) same ${context.template.statementCount} SQL statements, pg only`, phases.c, 'replayer'],
    [`(d) GET ${context.worklist.path} (HTTP)`, phases.d, 'server'],
    [`(e) mixed load, ${MIXED_SECONDS} s (HTTP), all`, phases.e, 'server'],
    ...MIXED_KINDS.map((kind) => [kindLabels[kind], m.byKind[kind], 'server'] as const),
  ];
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
  const sortedD = Float64Array.from(phases.d.latenciesMs).sort();
  const p50D = percentile(sortedD, 50);
  const p99D = percentile(sortedD, 99);
  const p99 = (phase: PhaseResult): string => percentile(Float64Array.from(phase.latenciesMs).sort(), 99).toFixed(1);
  const met = (ok: boolean): string => (ok ? 'met' : 'NOT met');
  const w = context.worklist;
  const single = (phase: PhaseResult): string => {
    const cpu = phase.cpu === null ? '-' : (phase.cpu.userMs + phase.cpu.systemMs).toFixed(0);
    const db = phase.dbCpuMs === null ? '-' : phase.dbCpuMs.toFixed(0);
    return `${(phase.latenciesMs[0] ?? Number.NaN).toFixed(0)} ms (server CPU ${cpu} ms, PostgreSQL CPU ${db} ms)`;
  };
  const r = w.refresh;
  const perPatient = (ms: number): string => (ms / Math.max(1, r.refreshed)).toFixed(2);

  console.log('');
  console.log(
    `isocourse authorization benchmark — ${os.cpus().length} CPUs, Node ${process.version}, PostgreSQL ${context.serverVersion} ` +
      `(${database.embedded ? `embedded, ${database.socketDirectory === undefined ? 'TCP' : 'Unix socket'}` : 'external, DATABASE_URL'}), program day ${context.today}`,
  );
  console.log(`data: ${context.seedNote}`);
  console.log(
    `load: ${CONCURRENCY} concurrent keep-alive clients, ${REQUESTS} measured requests per phase after ${WARMUP} warm-up; ` +
      `server ${SERVER_MODE === 'child' ? 'in a child process' : 'in the load generator process'} (pool ${APP_POOL_SIZE}); replay pool ${REPLAY_POOL}`,
  );
  console.log('');
  console.log(format(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const line of lines) {
    console.log(format(line));
  }
  console.log('');
  console.log(`b/c = ${ratioBC.toFixed(2)}  (what our code costs on top of the database; target ≥ ${TARGET_RATIO_B_C}: ${met(ratioBC >= TARGET_RATIO_B_C)})`);
  console.log(
    `round trips per authorization = ${context.template.statementCount}  (Client.query calls of one request, session lookup, BEGIN and COMMIT included)`,
  );
  if (context.statementCpu !== null) {
    const total = context.statementCpu.reduce((sum, statement) => sum + statement.backendCpuUs, 0);
    console.log(
      `PostgreSQL backend CPU per authorization, one at a time on one connection (c1) = ${(total / 1000).toFixed(2)} ms ` +
        `(the rest of the phase's PG CPU column is the WAL writer, checkpointer, autovacuum and waiting under concurrency):`,
    );
    for (const statement of context.statementCpu) {
      console.log(`  ${statement.backendCpuUs.toFixed(0).padStart(6)} µs CPU  ${statement.wallUs.toFixed(0).padStart(6)} µs wall  ${statement.text}`);
    }
  }
  console.log(
    `worklist answer = ${w.answerListed} patients, ${(w.answerBytes / 1024).toFixed(1)} KB ` +
      `(${w.answerListed === 0 ? 0 : Math.round(w.answerBytes / w.answerListed)} bytes per patient; ${w.path}); ` +
      `with limit=200: ${w.answer200.listed} patients, ${(w.answer200.bytes / 1024).toFixed(1)} KB`,
  );
  console.log(`b/a = ${ratioBA.toFixed(2)}  (the authorization against a trivial route of the same server)`);
  console.log(`p99 of (b) = ${p99B.toFixed(1)} ms  (target < ${TARGET_P99_B_MS} ms: ${met(p99B < TARGET_P99_B_MS)})`);
  console.log(
    `p50 / p99 of (d) = ${p50D.toFixed(1)} / ${p99D.toFixed(1)} ms  (the worklist on ${PATIENTS.toLocaleString('en-US')} patients, ` +
      `${w.sessions} sessions of ${w.sessions / 2} care teams, entries current; target p99 < ${TARGET_P99_D_MS} ms: ${met(p99D < TARGET_P99_D_MS)})`,
  );
  console.log(
    `(e) mixed load: ${phases.e.requests.toLocaleString('en-US')} operations in ${phases.e.seconds.toFixed(1)} s = ${rate(phases.e).toFixed(0)}/s, ` +
      `p99 ${p99(phases.e)} ms (authorizations ${p99(m.byKind.authorization)}, pregnancy tests ${p99(m.byKind.pregnancyTest)}, ` +
      `worklist reads ${p99(m.byKind.worklistRead)}); errors ${phases.e.errors} (warm-up: ${m.warmup.errors} of ${m.warmup.requests}): ` +
      (phases.e.errors + m.warmup.errors === 0 ? 'none, as required' : 'NOT zero'),
  );
  console.log(
    `    used ${Math.min(m.started.authorization, m.prescriptions).toLocaleString('en-US')} of ${m.prescriptions.toLocaleString('en-US')} fresh prescriptions` +
      `${m.started.authorization > m.prescriptions ? ' (ran out: the phase stopped there, and it failed)' : ''}; ` +
      `${m.started.pregnancyTest.toLocaleString('en-US')} tests for ${m.testPatients.toLocaleString('en-US')} patients between fills` +
      (m.started.pregnancyTest > m.testPatients
        ? ` (${(m.started.pregnancyTest - m.testPatients).toLocaleString('en-US')} were a patient's second or later test of the day)`
        : ''),
  );
  console.log('');
  console.log(
    `worklist, cold: first read as ${w.coldEmail} with none of its ${w.coldPatients} entries computed: ${single(w.coldFirst)}; ${w.coldComputed} entries computed`,
  );
  console.log(`                the same read again right after: ${single(w.coldSecond)}`);
  console.log(
    `worklist, scheduled-work refresh of ${r.prescribers} prescribers' ${r.patients.toLocaleString('en-US')} patients: ${r.refreshed.toLocaleString('en-US')} entries in ` +
      `${r.seconds.toFixed(1)} s = ${((r.seconds * 1000) / Math.max(1, r.refreshed)).toFixed(2)} ms each (${(r.refreshed / r.seconds).toFixed(0)}/s; CPU per entry ` +
      `${perPatient(r.cpu.userMs + r.cpu.systemMs)} ms node + ${r.dbCpuMs === null ? '-' : perPatient(r.dbCpuMs)} ms PostgreSQL); ` +
      `all ${PATIENTS.toLocaleString('en-US')} would take about ${((PATIENTS * r.seconds) / Math.max(1, r.refreshed) / 60).toFixed(1)} min`,
  );
  let ok = true;
  for (const [label, phase] of [...rows, ['(e) warm-up', m.warmup, 'server'] as const]) {
    if (phase.errors > 0) {
      ok = false;
      console.log(`FAILED ${label.trim()}: ${phase.errors} of ${phase.requests} requests did not succeed: ${JSON.stringify(phase.outcomes)}`);
    }
  }
  for (const failure of m.failures) {
    console.log(`FAILED (e) ${failure}`);
  }
  if (m.authorizationsWritten !== m.authorizationsExpected || m.testsWritten !== m.testsExpected) {
    ok = false;
    console.log(
      `FAILED (e) wrote ${m.authorizationsWritten} authorizations and ${m.testsWritten} pregnancy tests; ` +
        `${m.authorizationsExpected} and ${m.testsExpected} were answered 201`,
    );
  }
  if (context.authorizationsWritten !== context.expectedWritten) {
    console.log(`WARNING: ${context.authorizationsWritten} authorizations written for target prescriptions, ${context.expectedWritten} expected`);
  }
  if (!w.stillCurrent) {
    console.log('WARNING: worklist entries of the measured prescribers went stale during (d), which then refreshed some');
  }
  if (w.coldComputed !== w.coldPatients) {
    console.log(`WARNING: the cold read computed ${w.coldComputed} of ${w.coldPatients} entries`);
  }
  if (context.endedOn !== context.today) {
    console.log(`WARNING: the program day changed during the run (${context.today} → ${context.endedOn})`);
  }
  console.log(`total time ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (!ok) {
    console.log('the benchmark FAILED: requests that must succeed did not (see above)');
  }
  return ok;
}
