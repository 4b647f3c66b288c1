// Phase (f), the cut-over storm (issue 12, item 4): everyone has to log in again at once. A crowd
// of distinct patients logs in and reads their own status, more log-ins per second than the
// server's cores can hash, while the pharmacies keep authorizing. What it shows:
// - the log-in admission (src/services/auth/logInAdmission.ts) admits what the server can hash and
//   refuses the rest at once with 503 and Retry-After: no time-out, no other 5xx;
// - the authorizations keep their latency: p99 during the storm within 2× the p99 of the same
//   authorization traffic without it, measured just before.
//
// The authorizations are an open loop at BENCH_STORM_AUTH_RATE per second (each request sent on
// its schedule, whether or not the earlier ones have answered), not (b)'s saturating closed loop:
// a closed loop at full speed measures throughput, and any CPU the storm takes (the hashes are
// allowed half the cores) would show as a proportional rise of its latency whatever the
// priority. The question here is whether a pharmacy's request waits behind the storm, at a rate
// far above the national program's (under 3 a second at twenty times the average).
//
// The crowd is a closed loop of BENCH_STORM_CLIENTS patients' browsers: each logs in as the next
// patient, reads GET /api/v1/patients/:id/status with the new session, and moves on; a refused
// log-in waits its Retry-After and tries again (the log-in page shows the problem's detail, "Try again in N seconds"), so refusals are counted
// once per try.
//
// Run by bench/authorization.bench.ts after (e), or on its own (the seed of an earlier run, or a
// new one): `node --import tsx bench/storm.ts` with the same BENCH_* settings.
import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import os, { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { readConfig } from '../src/config.js';
import { migrate } from '../src/db/migrate.js';
import { startDatabase } from '../src/db/postgresServer.js';
import { hashPassword } from '../src/services/auth/passwords.js';
import { programToday } from '../src/services/context.js';
import { createServices } from '../src/createServices.js';
import { sessionToken } from './http.js';
import type { Target } from './replay.js';
import { BENCH_PASSWORD, benchPharmacistEmail, BENCH_PHARMACISTS, readSeedState, resetRuns, seed, unfilledTargets } from './seed.js';
import type { FromServer, ToServer } from './server.js';
import { percentile } from './stats.js';

function intFromEnv(name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new Error(`${name} must be an integer between 1 and ${max}`);
  }
  return value;
}

export const STORM_SETTINGS = {
  /** Distinct patients who log in (each once, unless refused). */
  patients: intFromEnv('BENCH_STORM_PATIENTS', 5_000, 100_000),
  /** Concurrent patients' browsers. */
  clients: intFromEnv('BENCH_STORM_CLIENTS', 200, 1_000),
  /** Authorization requests per second, open loop, before and during the storm. */
  authorizationRate: intFromEnv('BENCH_STORM_AUTH_RATE', 40, 1_000),
  /**
   * Seconds of authorizations alone, then of authorizations during the storm: as many of each,
   * so both p99s rest on as many requests (with 20 s alone, 800 requests, a run of the million
   * had a p99 alone of 14 ms against 37–41 ms in the others, and the ratio said 2.44×).
   */
  baselineSeconds: intFromEnv('BENCH_STORM_BASELINE_SECONDS', 30, 600),
  stormSeconds: intFromEnv('BENCH_STORM_SECONDS', 30, 600),
};

/** The longest a refused browser waits before it tries again, whatever Retry-After says. */
const MAX_RETRY_WAIT_S = 10;
/** Neither (care teams of (d) and (e), the cold read's prescriber) nor a target: the storm's patients. */
const STORM_PATIENTS_SQL = `
  SELECT p.id FROM patients p
  WHERE p.prescriber_id NOT IN (SELECT md5('bench-prescriber-' || n)::uuid FROM generate_series(0, 49) n
                                UNION ALL SELECT md5('bench-prescriber-199')::uuid)
    AND NOT EXISTS (SELECT 1 FROM bench_targets t WHERE t.patient_id = p.id)
  ORDER BY md5(p.id::text)
  LIMIT $1`;

/**
 * Gives `count` patients a log-in with the benchmark password, set-based, with the one scrypt
 * hash the seed wrote for every staff member (a storm run does not hash 5,000 passwords first).
 * Idempotent: a later run finds them. Their patients are no care team's of (d) or (e) and no
 * target, so the other phases read and write what they did before.
 */
export async function prepareStormPatients(client: pg.ClientBase, count: number): Promise<Array<{ patientId: string; email: string }>> {
  const email = (id: string): string => `storm.${id}@bench.isocourse.test`;
  const chosen = (await client.query<{ id: string }>(STORM_PATIENTS_SQL, [count])).rows.map((row) => row.id);
  await client.query(
    `INSERT INTO users (id, email, password_hash, display_name, role, organization_id, supervising_prescriber_id)
     SELECT md5('bench-storm-' || c.id)::uuid, 'storm.' || c.id || '@bench.isocourse.test',
            (SELECT password_hash FROM users WHERE email = $2), 'Storm patient', 'patient', NULL, NULL
     FROM unnest($1::uuid[]) c (id)
     ON CONFLICT DO NOTHING`,
    [chosen, benchPharmacistEmail(0)],
  );
  await client.query(`UPDATE patients SET user_id = md5('bench-storm-' || id)::uuid WHERE id = ANY($1::uuid[]) AND user_id IS NULL`, [chosen]);
  return chosen.map((id) => ({ patientId: id, email: email(id) }));
}

/**
 * A keep-alive client that also returns the Retry-After of a refusal. An idle socket is closed
 * after 4 s, before the server's keep-alive time-out (HTTP_KEEP_ALIVE_TIMEOUT_SECONDS, 5 s), and
 * the sockets are used in turn: otherwise a request sent on a socket the server is closing fails
 * with ECONNRESET, a client artefact of an open loop (idle gaps) that (b)'s closed loop never has.
 */
function stormClient(port: number, sockets: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets, timeout: 4_000, scheduling: 'fifo' });
  const request = (
    method: string,
    path: string,
    headers: http.OutgoingHttpHeaders,
    body?: Buffer,
  ): Promise<{ status: number; body: string; retryAfter: string | undefined }> =>
    new Promise((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port, method, path, agent, headers: body === undefined ? headers : { ...headers, 'content-length': body.length } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            // Node keeps the first Retry-After and discards duplicates: a string or nothing, never an array.
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), retryAfter: res.headers['retry-after'] });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  return {
    logIn: (body: Buffer) => request('POST', '/api/v1/sessions', { 'content-type': 'application/json' }, body),
    post: (path: string, headers: http.OutgoingHttpHeaders, body: Buffer) => request('POST', path, headers, body),
    get: async (path: string, headers: http.OutgoingHttpHeaders) => (await request('GET', path, headers)).status,
    close: () => {
      agent.destroy();
    },
  };
}

interface AuthorizationRun {
  sent: number;
  statuses: Record<string, number>;
  latenciesMs: Float64Array;
  seconds: number;
}

export interface StormResult {
  ok: boolean;
  lines: string[];
}

/**
 * The phase: authorizations alone, then the same authorizations during the storm. `targets` are
 * unfilled prescriptions, one per authorization; the server listens on `port`.
 */
export async function stormPhase(options: { port: number; client: pg.ClientBase; targets: Target[]; log: (message: string) => void }): Promise<StormResult> {
  const { port, client, targets, log } = options;
  const settings = STORM_SETTINGS;
  const admission = readConfig().logInAdmission;
  const cores = availableParallelism();
  const needed = settings.authorizationRate * (settings.baselineSeconds + settings.stormSeconds);
  if (targets.length < needed) {
    throw new Error(`storm: ${targets.length} unfilled prescriptions, ${needed} needed: lower BENCH_STORM_AUTH_RATE or the durations`);
  }
  const crowd = await prepareStormPatients(client, settings.patients);
  if (crowd.length < settings.patients) {
    throw new Error(`storm: only ${crowd.length} patients to log in`);
  }

  const staff = stormClient(port, 64);
  const browsers = stormClient(port, settings.clients);
  try {
    const json = { 'content-type': 'application/json' };
    const logIn = async (email: string): Promise<string> => {
      const answer = await staff.post('/api/v1/sessions', json, Buffer.from(JSON.stringify({ email, password: BENCH_PASSWORD })));
      if (answer.status !== 201) {
        throw new Error(`storm: log-in as ${email} failed: ${answer.status} ${answer.body}`);
      }
      return sessionToken(answer.body);
    };
    const pharmacists: Array<Record<string, string>> = [];
    for (let n = 0; n < BENCH_PHARMACISTS; n += 1) {
      pharmacists.push({ ...json, authorization: `Bearer ${await logIn(benchPharmacistEmail(n))}` });
    }
    const bodies = targets
      .slice(0, needed)
      .map((target) => Buffer.from(JSON.stringify({ programId: target.programId, birthDate: target.birthDate, prescriptionId: target.prescriptionId })));
    let nextBody = 0;

    /** Authorizations on schedule for `seconds`; `during` runs alongside and is awaited too. */
    const authorizations = async (seconds: number): Promise<AuthorizationRun> => {
      const count = settings.authorizationRate * seconds;
      const latencies = new Float64Array(count);
      const statuses: Record<string, number> = {};
      const startedAt = performance.now();
      const inFlight: Promise<void>[] = [];
      for (let i = 0; i < count; i += 1) {
        const due = startedAt + (i * 1000) / settings.authorizationRate;
        const wait = due - performance.now();
        if (wait > 0) {
          await new Promise((resolve) => setTimeout(resolve, wait));
        }
        const body = bodies[nextBody];
        nextBody += 1;
        const sentAt = performance.now();
        inFlight.push(
          staff
            .post('/api/v1/authorizations', pharmacists[i % pharmacists.length] ?? {}, body as Buffer)
            .then(
              (answer) => String(answer.status),
              (error: unknown) => `error: ${error instanceof Error ? error.message.slice(0, 60) : String(error)}`,
            )
            .then((outcome) => {
              latencies[i] = performance.now() - sentAt;
              statuses[outcome] = (statuses[outcome] ?? 0) + 1;
            }),
        );
      }
      await Promise.all(inFlight);
      return { sent: count, statuses, latenciesMs: latencies, seconds: (performance.now() - startedAt) / 1000 };
    };

    log(
      `(f) storm: ${settings.patients.toLocaleString('en-US')} patients with a log-in, ${settings.clients} browsers; ` +
        `authorizations at ${settings.authorizationRate}/s (open loop, ${pharmacists.length} pharmacists): ${settings.baselineSeconds} s alone, then ${settings.stormSeconds} s during the storm; ` +
        `server admission: ${admission.concurrency} hash(es) at once, ${admission.queueLength} waiting, ${admission.maxWaitMs / 1000} s at most (of ${cores} cores)`,
    );
    const baseline = await authorizations(settings.baselineSeconds);

    // The storm.
    const storm = {
      logIns: { admitted: 0, busy: 0, busyWithRetryAfter: 0, throttled: 0, other: {} as Record<string, number> },
      retryAfter: { min: Number.POSITIVE_INFINITY, max: 0 },
      admittedLatencies: [] as number[],
      statusReads: { ok: 0, other: {} as Record<string, number>, latencies: [] as number[] },
      patientsDone: 0,
    };
    let stopped = false;
    let nextPatient = 0;
    const count = (bucket: Record<string, number>, key: string): void => {
      bucket[key] = (bucket[key] ?? 0) + 1;
    };
    const browser = async (): Promise<void> => {
      while (!stopped) {
        const patient = crowd[nextPatient % crowd.length];
        nextPatient += 1;
        if (patient === undefined) {
          return;
        }
        const body = Buffer.from(JSON.stringify({ email: patient.email, password: BENCH_PASSWORD }));
        for (;;) {
          // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- stopped is set by stormPhase while this browser awaits (a retry comes back here after its wait); TypeScript keeps the narrowing of the while condition across the awaits
          if (stopped) {
            return;
          }
          const sentAt = performance.now();
          let answer: { status: number; body: string; retryAfter: string | undefined };
          try {
            answer = await browsers.logIn(body);
          } catch (error) {
            count(storm.logIns.other, `error: ${error instanceof Error ? error.message.slice(0, 60) : String(error)}`);
            break;
          }
          if (answer.status === 201) {
            storm.logIns.admitted += 1;
            storm.admittedLatencies.push(performance.now() - sentAt);
            const token = sessionToken(answer.body);
            const readAt = performance.now();
            const read = await browsers.get(`/api/v1/patients/${patient.patientId}/status`, { authorization: `Bearer ${token}` }).catch(() => 0);
            storm.statusReads.latencies.push(performance.now() - readAt);
            if (read === 200) {
              storm.statusReads.ok += 1;
            } else {
              count(storm.statusReads.other, String(read));
            }
            storm.patientsDone += 1;
            break;
          }
          const seconds = Number(answer.retryAfter);
          if (answer.status === 503 || answer.status === 429) {
            if (answer.status === 503) {
              storm.logIns.busy += 1;
            } else {
              storm.logIns.throttled += 1;
            }
            if (Number.isInteger(seconds) && seconds >= 1) {
              if (answer.status === 503) {
                storm.logIns.busyWithRetryAfter += 1;
              }
              storm.retryAfter.min = Math.min(storm.retryAfter.min, seconds);
              storm.retryAfter.max = Math.max(storm.retryAfter.max, seconds);
            }
            await new Promise((resolve) => setTimeout(resolve, Math.min(MAX_RETRY_WAIT_S, Number.isInteger(seconds) && seconds >= 1 ? seconds : 1) * 1000));
            continue;
          }
          count(storm.logIns.other, String(answer.status));
          break;
        }
      }
    };
    const crowdRunning = Promise.all(Array.from({ length: settings.clients }, () => browser()));
    const stormStartedAt = performance.now();
    // Let the crowd fill the queue before the measured authorizations start.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const during = await authorizations(settings.stormSeconds);
    stopped = true;
    const stormSeconds = (performance.now() - stormStartedAt) / 1000;
    await crowdRunning;

    // --- report -------------------------------------------------------------------------------
    const sorted = (values: ArrayLike<number>): Float64Array => Float64Array.from(values).sort();
    const p = (values: ArrayLike<number>, q: number): string => percentile(sorted(values), q).toFixed(1);
    const p99Baseline = percentile(sorted(baseline.latenciesMs), 99);
    const p99During = percentile(sorted(during.latenciesMs), 99);
    const authErrors = (run: AuthorizationRun): number => run.sent - (run.statuses['201'] ?? 0);
    const logInRate = storm.logIns.admitted / stormSeconds;
    const tries = storm.logIns.admitted + storm.logIns.busy + storm.logIns.throttled + Object.values(storm.logIns.other).reduce((a, b) => a + b, 0);
    const otherLogIns = Object.values(storm.logIns.other).reduce((a, b) => a + b, 0);
    const withinTwice = p99During <= 2 * p99Baseline;
    const lines = [
      '',
      '(f) the cut-over storm',
      `| authorizations at ${settings.authorizationRate}/s | sent | not 201 | p50 ms | p99 ms | max ms |`,
      '|---|---|---|---|---|---|',
      `| alone, ${settings.baselineSeconds} s | ${baseline.sent} | ${authErrors(baseline)} | ${p(baseline.latenciesMs, 50)} | ${p99Baseline.toFixed(1)} | ${p(baseline.latenciesMs, 100)} |`,
      `| during the storm, ${settings.stormSeconds} s | ${during.sent} | ${authErrors(during)} | ${p(during.latenciesMs, 50)} | ${p99During.toFixed(1)} | ${p(during.latenciesMs, 100)} |`,
      `log-ins: ${tries.toLocaleString('en-US')} tries in ${stormSeconds.toFixed(1)} s by ${settings.clients} browsers (${(tries / stormSeconds).toFixed(0)}/s offered); ` +
        `${storm.logIns.admitted.toLocaleString('en-US')} admitted = ${logInRate.toFixed(1)}/s = ${(logInRate / cores).toFixed(1)} per second per core (${cores} cores; ` +
        `${(logInRate / admission.concurrency).toFixed(1)}/s per hashing slot, ${admission.concurrency} slot(s)); ` +
        `${storm.logIns.busy.toLocaleString('en-US')} refused 503 (${storm.logIns.busyWithRetryAfter.toLocaleString('en-US')} with Retry-After` +
        `${storm.logIns.busy > 0 ? `, ${storm.retryAfter.min}–${storm.retryAfter.max} s` : ''}), ${storm.logIns.throttled} refused 429, ` +
        `${otherLogIns} other answers${otherLogIns > 0 ? ` ${JSON.stringify(storm.logIns.other)}` : ''}`,
      `queue: an admitted log-in took p50 ${p(storm.admittedLatencies, 50)} ms, p99 ${p(storm.admittedLatencies, 99)} ms, max ${p(storm.admittedLatencies, 100)} ms ` +
        `(its wait for a turn, at most ${admission.maxWaitMs / 1000} s by construction, plus the hash and two short transactions)`,
      `status reads by the patients logged in: ${storm.statusReads.ok.toLocaleString('en-US')} answered 200, p99 ${p(storm.statusReads.latencies, 99)} ms` +
        (Object.keys(storm.statusReads.other).length > 0 ? `; others ${JSON.stringify(storm.statusReads.other)}` : ''),
      `authorization p99 during the storm ${p99During.toFixed(1)} ms vs ${p99Baseline.toFixed(1)} ms alone = ${(p99During / p99Baseline).toFixed(2)}×: ` +
        (withinTwice ? 'within 2× (target met)' : 'ABOVE 2× (target missed)'),
    ];
    const ok =
      authErrors(baseline) === 0 &&
      authErrors(during) === 0 &&
      otherLogIns === 0 &&
      storm.logIns.busy === storm.logIns.busyWithRetryAfter &&
      Object.keys(storm.statusReads.other).length === 0 &&
      storm.logIns.admitted > 0;
    if (!ok) {
      lines.push(
        `FAILED (f): authorizations ${JSON.stringify(baseline.statuses)} / ${JSON.stringify(during.statuses)}; log-ins other ${JSON.stringify(storm.logIns.other)}; ` +
          `reads other ${JSON.stringify(storm.statusReads.other)}`,
      );
    }
    return { ok, lines };
  } finally {
    staff.close();
    browsers.close();
  }
}

// On its own: `node --import tsx bench/storm.ts` (the database of BENCH_DATA_DIR / ISOCOURSE_PG_PORT
// or DATABASE_URL, as the benchmark; its seed is reused after deleting what earlier runs wrote, or
// made when missing), with the server in a child process as the benchmark runs it.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const log = (message: string): void => {
    console.log(`[storm] ${message}`);
  };
  process.env['ISOCOURSE_PG_PORT'] ??= '54339';
  const config = readConfig();
  const database = await startDatabase({ dataDir: process.env['BENCH_DATA_DIR'] ?? path.join(os.tmpdir(), 'isocourse-bench-pg'), log });
  let server: ChildProcess | undefined;
  const client = new pg.Client({ connectionString: database.connectionString });
  try {
    await migrate(database.connectionString);
    await client.connect();
    const patients = intFromEnv('BENCH_PATIENTS', 100_000);
    const services = createServices(database.connectionString, config);
    const today = programToday(services);
    await services.db.destroy();
    const state = await readSeedState(client);
    if (state === 'foreign') {
      throw new Error('the database holds data that this benchmark did not seed');
    }
    if (state !== null && state.seededOn === today && state.patients === patients) {
      await resetRuns(client, state);
      log(`reused the seed of ${today} (${patients.toLocaleString('en-US')} patients)`);
    } else {
      log(`seeding ${patients.toLocaleString('en-US')} patients...`);
      await seed(client, {
        patients,
        today,
        rems2026EffectiveDate: config.program.rems2026EffectiveDate,
        passwordHash: await hashPassword(BENCH_PASSWORD),
        log,
      });
    }
    const targets = await unfilledTargets(client, 'seeded');
    const child = fork(fileURLToPath(new URL('./server.ts', import.meta.url)), ['--child'], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, BENCH_CONNECTION_STRING: database.connectionString },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    server = child;
    const port = await new Promise<number>((resolve, reject) => {
      child.on('message', (message: FromServer) => {
        if (message.type === 'ready') {
          resolve(message.port);
        }
      });
      child.once('exit', (code) => {
        reject(new Error(`the server process exited (${code})`));
      });
    });
    const result = await stormPhase({ port, client, targets, log });
    for (const line of result.lines) {
      console.log(line);
    }
    if (!result.ok) {
      process.exitCode = 1;
    }
  } finally {
    if (server !== undefined && server.exitCode === null) {
      const child = server;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        const stop: ToServer = { type: 'stop' };
        child.send(stop);
      });
    }
    await client.end().catch(() => undefined);
    await database.stop();
  }
}
