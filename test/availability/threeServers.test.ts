// Three isocourse servers (`node --import tsx src/main.ts`, as `npm start` runs it) on one
// database, behind Debian's HAProxy with deploy/haproxy.cfg, all on 127.0.0.1. Clients drive a
// mixed load through the balancer — pharmacy authorizations with an Idempotency-Key, pregnancy
// test results, enrollments, consents, counselings and prescriptions, worklist and queue reads,
// log-ins — and one server is killed with SIGKILL in the middle of it, while authorizations are
// on it (the kill is aimed: see AIM_RESERVE). Then:
// - every write a client saw acknowledged (2xx) is in the database;
// - nothing was done twice: one authorization per prescription; the authorizations whose answer
//   was lost were asked again with the same Idempotency-Key and answered with the same
//   authorization (a replay when the first had committed); and a load table holds no more
//   unacknowledged rows than requests for it failed;
// - the requests clients saw fail are among those in flight at the kill (outstanding at the
//   signal, or sent while the killed process was being torn down), and HAProxy answered no error
//   of its own for any other;
// - after the kill every request succeeded, served by the two others, and HAProxy marked the
//   killed one down;
// - a session opened on one server is honoured by another.
//
// Bounded: about LOAD_BEFORE_KILL_MS + LOAD_AFTER_KILL_MS of load from 10 clients, each request
// with a time-out. Every process is started here and stopped here by its pid (after(), and on
// exit if the test process ends some other way). Skipped, saying why, when HAProxy is absent;
// CI installs it (.ci/run).

import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { calendarDateAt } from '../../src/domain/dates.js';
import { DEFAULT_PROGRAM_CONFIG } from '../../src/domain/ruleSets.js';
import { startTestApi, TEST_PASSWORD, type TestApi } from '../support/api.js';
import { freePort, isAlive, sleep } from '../support/waiting.js';
import type { UntypedJson } from '../support/json.js';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const HAPROXY = process.env['HAPROXY_BIN'] ?? '/usr/sbin/haproxy';
const HAPROXY_TEMPLATE = path.join(projectRoot, 'deploy/haproxy.cfg');

/** Clients at once: 3 prescribers, 3 pharmacists, 2 for pregnancy tests, 1 reader, 1 logging in. */
const CLIENTS = { prescriber: 3, pharmacist: 3, lab: 2, reader: 1, login: 1 } as const;
/** The kill comes once the load has run this long and this many writes were acknowledged, or at LOAD_MAX_BEFORE_KILL_MS. */
const LOAD_BEFORE_KILL_MS = 4_000;
const WRITES_BEFORE_KILL = 60;
const LOAD_MAX_BEFORE_KILL_MS = 20_000;
/** The load goes on this long after the kill, through the two servers left. */
const LOAD_AFTER_KILL_MS = 5_000;
/**
 * Prescriptions the pharmacists keep for the aimed kill. The kill comes when one sent to the victim
 * has been under way for half the median time of the authorizations answered so far (the middle of
 * its transaction, on this machine at its present load), at most AIM_MAX_MS after aiming.
 */
const AIM_RESERVE = 3;
const AIM_MAX_MS = 5_000;
const REQUEST_TIMEOUT_MS = 20_000;
const READY_TIMEOUT_MS = 60_000;
/** A pharmacist repeats an authorization whose answer was lost (same Idempotency-Key) up to this many times. */
const AUTHORIZATION_ATTEMPTS = 10;
const FAMILY_NAME = 'Cluster';
/** The test API's staff (test/support/api.ts) the load acts as. */
const STAFF = { prescriber: 'prescriber@test.example', pharmacist: 'pharmacist@test.example' } as const;
const SERVER_NAMES = ['app1', 'app2', 'app3'] as const;
/** The one killed: the middle one, so the round robin hands it work right up to the kill. */
const VICTIM = 'app2';

// ---------------------------------------------------------------------------------------------
// Processes, all stopped by pid: in after(), and on exit whatever ended the test process.

const started = new Set<ChildProcess>();
const killStarted = (): void => {
  for (const child of started) {
    if (child.pid !== undefined && isAlive(child.pid)) {
      child.kill('SIGKILL');
    }
  }
};
process.on('exit', killStarted);
// A signal would end this process without 'exit' handlers: kill ours first, then let it act as it would have.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    killStarted();
    process.kill(process.pid, signal);
  });
}

function startProcess(command: string, args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string; exited: Promise<void> } {
  const child = spawn(command, args, { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  started.add(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) =>
    child.on('exit', () => {
      resolve();
    }),
  );
  void exited.then(() => started.delete(child));
  return { child, output: () => output, exited };
}

async function stopProcess(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  child.kill('SIGTERM');
  const stopped = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
  if (!stopped) {
    child.kill('SIGKILL');
    await exited;
  }
}

class AppServer {
  private process: ReturnType<typeof startProcess> | undefined;
  constructor(
    readonly name: string,
    readonly port: number,
    private readonly databaseUrl: string,
  ) {}

  get pid(): number | undefined {
    return this.process?.child.pid;
  }
  output(): string {
    return this.process?.output() ?? '';
  }

  async start(): Promise<void> {
    this.process = startProcess(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      ...process.env,
      DATABASE_URL: this.databaseUrl,
      PORT: String(this.port),
      HOST: '127.0.0.1',
      ISOCOURSE_DEMO: 'false',
      // API-only servers: the test drives the API; building the web app would only cost start-up time.
      ISOCOURSE_WEB_APP: 'false',
      // HAProxy's address, as in deploy/haproxy.cfg's instructions: its X-Forwarded-For is believed.
      TRUST_PROXY: '127.0.0.1',
      LOG_REQUESTS: 'false',
    });
    const { child } = this.process;
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`${this.name} exited before it was ready:\n${this.output()}`);
      }
      if (Date.now() > deadline) {
        throw new Error(`${this.name} was not ready within ${READY_TIMEOUT_MS} ms:\n${this.output()}`);
      }
      const health = await fetch(`http://127.0.0.1:${this.port}/api/health`, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined);
      if (health?.ok === true) {
        return;
      }
      await sleep(100);
    }
  }

  /** SIGKILL: no handler runs, nothing is closed, answered or flushed. */
  async kill(): Promise<void> {
    if (this.process === undefined) {
      return;
    }
    this.process.child.kill('SIGKILL');
    await this.process.exited;
  }

  async stop(): Promise<void> {
    if (this.process !== undefined) {
      await stopProcess(this.process.child, this.process.exited);
    }
  }
}

/**
 * deploy/haproxy.cfg with this test's ports, plus what the test reads back: each answer names the
 * server that gave it (X-Served-By), and each request's log line carries the client's number for it
 * (X-Load-Request), its server, status, termination state, retries, accept time and duration.
 */
function haproxyConfig(template: string, frontendPort: number, servers: readonly AppServer[], statsSocket: string): string {
  const lines = template.split('\n');
  const out: string[] = [];
  let serversWritten = false;
  for (const line of lines) {
    if (/^global\s*$/.test(line)) {
      out.push(line, `    stats socket ${statsSocket} mode 600 level user`);
    } else if (/^\s*bind\s/.test(line)) {
      out.push(`    bind 127.0.0.1:${frontendPort}`);
      out.push('    capture request header X-Load-Request len 24');
      out.push('    log-format "req=%[capture.req.hdr(0)] srv=%s status=%ST term=%ts retries=%rc accepted=%Ts.%ms active=%Ta"');
    } else if (/^\s*server\s/.test(line)) {
      if (!serversWritten) {
        out.push('    http-response set-header X-Served-By %[srv_name]');
        // The aimed kill's authorizations (see below); a server that is down is passed over.
        out.push(`    use-server ${VICTIM} if { req.hdr(x-load-pin) -m str ${VICTIM} }`);
        for (const server of servers) {
          out.push(`    server ${server.name} 127.0.0.1:${server.port} check`);
        }
        serversWritten = true;
      }
    } else {
      out.push(line);
    }
  }
  assert.ok(serversWritten, 'deploy/haproxy.cfg has server lines');
  return out.join('\n');
}

interface ServerStats {
  status: string;
  /** Requests on the server now (scur: with a connection per request, the requests in flight there). */
  current: number;
  /** Responses HAProxy counted as errors (eresp). */
  responseErrors: number;
  /** Requests sent to another server after this one refused the connection (wredis). */
  redispatched: number;
}

/** `show stat` on HAProxy's stats socket: each server of the backend by name. */
async function haproxyStats(socketPath: string): Promise<Map<string, ServerStats>> {
  const text = await new Promise<string>((resolve, reject) => {
    let data = '';
    const socket = net.connect(socketPath, () => socket.end('show stat\n'));
    socket.setTimeout(5_000, () => socket.destroy(new Error('HAProxy stats socket: no answer')));
    socket.on('data', (chunk: Buffer) => (data += chunk.toString()));
    socket.on('end', () => {
      resolve(data);
    });
    socket.on('error', reject);
  });
  const [header = '', ...rows] = text.split('\n').filter((line) => line !== '');
  const names = header.replace(/^#\s*/, '').split(',');
  const stats = new Map<string, ServerStats>();
  for (const row of rows) {
    const field = (name: string): string => row.split(',')[names.indexOf(name)] ?? '';
    if (field('svname') === 'FRONTEND' || field('svname') === 'BACKEND') {
      continue;
    }
    stats.set(field('svname'), {
      status: field('status'),
      current: Number(field('scur')),
      responseErrors: Number(field('eresp')),
      redispatched: Number(field('wredis')),
    });
  }
  return stats;
}

interface HaproxyLogLine {
  request: number;
  server: string;
  status: number;
  termination: string;
  retries: number;
  acceptedAt: number;
  activeMs: number;
}

function parseHaproxyLog(text: string): Map<number, HaproxyLogLine> {
  const lines = new Map<number, HaproxyLogLine>();
  const pattern = /req=(\d+) srv=(\S+) status=(-?\d+) term=(\S+) retries=\+?(\d+) accepted=(\d+)\.(\d+) active=(-?\d+)/;
  for (const line of text.split('\n')) {
    const match = pattern.exec(line);
    if (match === null) {
      continue;
    }
    lines.set(Number(match[1]), {
      request: Number(match[1]),
      server: match[2] ?? '',
      status: Number(match[3]),
      termination: match[4] ?? '',
      retries: Number(match[5]),
      acceptedAt: Number(match[6]) * 1000 + Number(match[7]),
      activeMs: Number(match[8]),
    });
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------
// The clients: every request numbered and its outcome kept.

type Kind = 'enroll' | 'consent' | 'counseling' | 'prescription' | 'pregnancyTest' | 'authorization' | 'worklist' | 'pharmacyQueue' | 'login' | 'me';

interface Outcome {
  n: number;
  kind: Kind;
  startedAt: number;
  endedAt?: number;
  /** HTTP status, or undefined when no answer came (the connection broke). */
  status?: number;
  error?: string;
  servedBy?: string;
  replayed?: boolean;
  /** Sent to the server about to be killed (X-Load-Pin). */
  pinned?: boolean;
}

class Clients {
  private next = 1;
  readonly outcomes: Outcome[] = [];
  readonly inFlight = new Map<number, Outcome>();

  constructor(private readonly baseUrl: string) {}

  async call(
    kind: Kind,
    token: string | null,
    method: 'GET' | 'POST',
    route: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ outcome: Outcome; body: UntypedJson }> {
    const outcome: Outcome = { n: this.next++, kind, startedAt: Date.now(), ...(headers['x-load-pin'] === undefined ? {} : { pinned: true }) };
    this.outcomes.push(outcome);
    this.inFlight.set(outcome.n, outcome);
    let answer: UntypedJson = null;
    try {
      const response = await fetch(`${this.baseUrl}/api/v1${route}`, {
        method,
        headers: {
          'x-load-request': String(outcome.n),
          ...headers,
          ...(token === null ? {} : { authorization: `Bearer ${token}` }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await response.text();
      outcome.status = response.status;
      outcome.servedBy = response.headers.get('x-served-by') ?? undefined;
      outcome.replayed = response.headers.get('idempotent-replayed') === 'true';
      answer = text === '' ? null : JSON.parse(text);
    } catch (error) {
      const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
      outcome.error =
        error instanceof Error ? `${error.name}: ${error.message}${cause === undefined ? '' : ` (${cause.code ?? cause.message})`}` : String(error);
    } finally {
      outcome.endedAt = Date.now();
      this.inFlight.delete(outcome.n);
    }
    return { outcome, body: answer };
  }
}

const succeeded = (outcome: Outcome): boolean => outcome.status !== undefined && outcome.status >= 200 && outcome.status < 300;
/** What the kill may cause: no answer, or the balancer's 502/503/504 for a request whose server died. */
const failedByTheKill = (outcome: Outcome): boolean => outcome.status === undefined || outcome.status >= 500;

// ---------------------------------------------------------------------------------------------

describe(
  'three servers behind HAProxy, one killed with SIGKILL under load',
  { skip: existsSync(HAPROXY) ? false : `HAProxy is not installed (${HAPROXY}; Debian package haproxy)` },
  () => {
    let api: TestApi | undefined;
    let workDir: string | undefined;
    const servers: AppServer[] = [];
    let haproxy: ReturnType<typeof startProcess> | undefined;
    let balancerUrl: string;
    let startup = '';
    let statsSocket: string;

    before(async () => {
      // The test API's database: migrated, with a certified practice and pharmacy and their staff
      // (test/support/api.ts), whose log-ins the load uses. The servers find the migrations applied.
      const startedAt = Date.now();
      api = await startTestApi();
      const databaseReadyAt = Date.now();
      workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'isocourse-cluster-'));
      for (const name of SERVER_NAMES) {
        servers.push(new AppServer(name, await freePort(), api.database.connectionString));
      }
      await Promise.all(servers.map((server) => server.start()));
      startup = `database ready in ${((databaseReadyAt - startedAt) / 1000).toFixed(1)} s, the three servers ${((Date.now() - databaseReadyAt) / 1000).toFixed(1)} s later`;

      const frontendPort = await freePort();
      const config = path.join(workDir, 'haproxy.cfg');
      statsSocket = path.join(workDir, 'haproxy.sock');
      await fs.writeFile(config, haproxyConfig(await fs.readFile(HAPROXY_TEMPLATE, 'utf8'), frontendPort, servers, statsSocket));
      // -db: stay in the foreground, one process, whose pid is the child's.
      haproxy = startProcess(HAPROXY, ['-db', '-f', config], { PATH: process.env['PATH'] ?? '/usr/bin:/bin' });
      balancerUrl = `http://127.0.0.1:${frontendPort}`;
      const deadline = Date.now() + 15_000;
      // Ready when the balancer answers and its health checks have found every server up.
      const seen = new Set<string>();
      while (seen.size < servers.length) {
        if (haproxy.child.exitCode !== null) {
          throw new Error(`HAProxy exited:\n${haproxy.output()}`);
        }
        if (Date.now() > deadline) {
          throw new Error(`HAProxy did not reach every server (${[...seen].join(', ')}):\n${haproxy.output()}`);
        }
        const health = await fetch(`${balancerUrl}/api/health`, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined);
        const by = health?.headers.get('x-served-by');
        if (health?.ok === true && by !== null && by !== undefined) {
          seen.add(by);
        } else {
          await sleep(100);
        }
      }
    });

    after(async () => {
      if (haproxy !== undefined) {
        await stopProcess(haproxy.child, haproxy.exited).catch(() => {});
      }
      await Promise.all(servers.map((server) => server.stop().catch(() => {})));
      await api?.close().catch(() => {});
      if (workDir !== undefined) {
        await fs.rm(workDir, { recursive: true, force: true });
      }
    });

    test('every acknowledged write is there, none twice, and only requests in flight at the kill failed', async (t) => {
      const clients = new Clients(balancerUrl);
      const today = calendarDateAt(new Date(), DEFAULT_PROGRAM_CONFIG.remsTimeZone);
      const logIn = async (role: 'prescriber' | 'pharmacist'): Promise<string> => {
        const { outcome, body } = await clients.call('login', null, 'POST', '/sessions', { email: STAFF[role], password: TEST_PASSWORD });
        assert.equal(outcome.status, 201, `log-in of the ${role}: ${outcome.status} ${outcome.error ?? JSON.stringify(body)}`);
        return body.token as string;
      };
      // One session each, used on every server all along.
      const prescriber = await logIn('prescriber');
      const pharmacist = await logIn('pharmacist');

      /** Acknowledged writes: table → ids. */
      const acknowledged = new Map<string, Set<string>>();
      const acknowledge = (table: string, id: unknown): void => {
        assert.equal(typeof id, 'string', `the ${table} answer carries an id`);
        acknowledged.set(table, (acknowledged.get(table) ?? new Set()).add(id as string));
      };
      /** Answers that were neither a success nor what the kill can cause: the load or the servers are wrong. */
      const unexpected: string[] = [];
      const ready: Array<{ programId: string; birthDate: string; prescriptionId: string }> = [];
      /** Per prescription: the authorization ids its answers gave (must be one), and how many tries it took. */
      const authorizations = new Map<string, { ids: Set<string>; attempts: number; replayed: boolean }>();
      const sessionsAcross: string[] = [];
      let stopping = false;
      let aiming = false;
      let killed = false;

      /** A write without an Idempotency-Key: never repeated (a repeat could record it twice); on failure the client moves on. */
      const write = async (kind: Kind, table: string, token: string, route: string, body: unknown): Promise<UntypedJson> => {
        const { outcome, body: answer } = await clients.call(kind, token, 'POST', route, body);
        if (succeeded(outcome)) {
          acknowledge(table, answer.id);
          return answer;
        }
        if (!failedByTheKill(outcome)) {
          unexpected.push(`${kind} ${route}: ${outcome.status} ${JSON.stringify(answer)}`);
        }
        return undefined;
      };

      let serial = 0;
      const enroll = async (category: 'PCGP' | 'PCNGP'): Promise<{ id: string; programId: string; birthDate: string } | undefined> => {
        serial += 1;
        const birthDate = category === 'PCGP' ? '2001-04-17' : '1999-09-03';
        const enrolled = await write('enroll', 'patients', prescriber, '/patients', {
          givenName: `Load${serial}`,
          familyName: FAMILY_NAME,
          birthDate,
          category,
          criterion: category === 'PCGP' ? 'reproductivePotential' : 'assignedMaleAtBirth',
          enrolledOn: today,
          duplicateOverride: { reason: 'Synthetic load patients share a name and birth date' },
        });
        return enrolled === undefined ? undefined : { id: enrolled.id, programId: enrolled.programId, birthDate };
      };

      // Prescribers: a PCNGP patient ready for the pharmacy (enrolled, consent, counseling, prescription).
      const prescriberClient = async (): Promise<void> => {
        while (!stopping) {
          const patient = await enroll('PCNGP');
          if (patient === undefined) {
            continue;
          }
          if ((await write('consent', 'consents', prescriber, `/patients/${patient.id}/consents`, { kind: 'general', signedOn: today })) === undefined) {
            continue;
          }
          if (
            (await write('counseling', 'counseling_attestations', prescriber, `/patients/${patient.id}/counselings`, {
              counseledOn: today,
              modality: 'inPerson',
            })) === undefined
          ) {
            continue;
          }
          const prescription = await write('prescription', 'prescriptions', prescriber, `/patients/${patient.id}/prescriptions`, {
            writtenOn: today,
            product: 'claravis',
            strengthMg: 40,
            capsulesPerDay: 1,
            daysSupply: 30,
            quantity: 30,
            refills: 0,
          });
          if (prescription !== undefined) {
            ready.push({ programId: patient.programId, birthDate: patient.birthDate, prescriptionId: prescription.id });
          }
        }
      };

      // Pharmacists: the authorization of each ready prescription, with an Idempotency-Key; an answer
      // lost to the kill is asked again with the same key until one comes. They leave AIM_RESERVE
      // prescriptions in the queue until the kill is aimed (below), then send those to the victim.
      const pharmacistClient = async (): Promise<void> => {
        for (;;) {
          const next = ready.length > AIM_RESERVE || aiming ? ready.shift() : undefined;
          if (next === undefined) {
            if (stopping) {
              return;
            }
            await clients.call('pharmacyQueue', pharmacist, 'GET', '/pharmacy/authorizations');
            await sleep(50);
            continue;
          }
          const key = randomUUID();
          const record = { ids: new Set<string>(), attempts: 0, replayed: false };
          authorizations.set(next.prescriptionId, record);
          while (record.attempts < AUTHORIZATION_ATTEMPTS) {
            record.attempts += 1;
            const pinned = aiming && !killed && record.attempts === 1;
            const { outcome, body } = await clients.call('authorization', pharmacist, 'POST', '/authorizations', next, {
              'idempotency-key': key,
              ...(pinned ? { 'x-load-pin': VICTIM } : {}),
            });
            if (succeeded(outcome)) {
              acknowledge('authorizations', body.id);
              record.ids.add(body.id as string);
              record.replayed ||= outcome.replayed === true;
              break;
            }
            if (!failedByTheKill(outcome)) {
              unexpected.push(`authorization: ${outcome.status} ${JSON.stringify(body)}`);
              break;
            }
            await sleep(200);
          }
        }
      };

      // Pregnancy test results: a PCGP patient's consents, then her screening test.
      const labClient = async (): Promise<void> => {
        while (!stopping) {
          const patient = await enroll('PCGP');
          if (patient === undefined) {
            continue;
          }
          if ((await write('consent', 'consents', prescriber, `/patients/${patient.id}/consents`, { kind: 'general', signedOn: today })) === undefined) {
            continue;
          }
          if ((await write('consent', 'consents', prescriber, `/patients/${patient.id}/consents`, { kind: 'birthDefects', signedOn: today })) === undefined) {
            continue;
          }
          await write('pregnancyTest', 'pregnancy_tests', prescriber, `/patients/${patient.id}/pregnancy-tests`, {
            kind: 'screening',
            specimenDate: today,
            resultDate: today,
            result: 'negative',
            setting: 'lab',
            clia: true,
          });
        }
      };

      const readerClient = async (): Promise<void> => {
        while (!stopping) {
          const { outcome, body } = await clients.call('worklist', prescriber, 'GET', '/worklist?limit=50');
          if (!succeeded(outcome) && !failedByTheKill(outcome)) {
            unexpected.push(`worklist: ${outcome.status} ${JSON.stringify(body)}`);
          }
        }
      };

      // Log-ins, each session then used until another server than the one that opened it answers.
      const loginClient = async (): Promise<void> => {
        while (!stopping) {
          const { outcome, body } = await clients.call('login', null, 'POST', '/sessions', { email: STAFF.prescriber, password: TEST_PASSWORD });
          if (!succeeded(outcome)) {
            if (!failedByTheKill(outcome)) {
              unexpected.push(`log-in: ${outcome.status} ${JSON.stringify(body)}`);
            }
            continue;
          }
          for (let tries = 0; tries < 6; tries += 1) {
            const me = await clients.call('me', body.token as string, 'GET', '/me');
            if (!succeeded(me.outcome)) {
              if (!failedByTheKill(me.outcome)) {
                unexpected.push(`me: ${me.outcome.status} ${JSON.stringify(me.body)}`);
              }
            } else if (me.outcome.servedBy !== outcome.servedBy) {
              sessionsAcross.push(`${outcome.servedBy}→${me.outcome.servedBy}`);
              break;
            }
          }
          await sleep(200);
        }
      };

      const loadStartedAt = Date.now();
      const load = Promise.all([
        ...Array.from({ length: CLIENTS.prescriber }, prescriberClient),
        ...Array.from({ length: CLIENTS.pharmacist }, pharmacistClient),
        ...Array.from({ length: CLIENTS.lab }, labClient),
        ...Array.from({ length: CLIENTS.reader }, readerClient),
        ...Array.from({ length: CLIENTS.login }, loginClient),
      ]);
      const writesAcknowledged = (): number => [...acknowledged.values()].reduce((sum, ids) => sum + ids.size, 0);
      while (
        Date.now() - loadStartedAt < LOAD_MAX_BEFORE_KILL_MS &&
        (Date.now() - loadStartedAt < LOAD_BEFORE_KILL_MS || writesAcknowledged() < WRITES_BEFORE_KILL || ready.length < AIM_RESERVE) &&
        unexpected.length === 0
      ) {
        await sleep(20);
      }
      const writesBeforeKill = writesAcknowledged();
      // Aiming: the round robin alone puts an authorization on the victim at the kill only now and
      // then, and the point is what happens to one. The pharmacists send their next authorizations
      // to the victim (HAProxy's use-server on a test header), and the kill comes once one of them
      // has been under way for half the usual time of one: in the middle of its transaction.
      const authorizationTimes = clients.outcomes
        .filter((outcome) => outcome.kind === 'authorization' && succeeded(outcome))
        .map((outcome) => (outcome.endedAt ?? 0) - outcome.startedAt)
        .sort((a, b) => a - b);
      const aimAfterMs = Math.max(2, Math.round((authorizationTimes[Math.floor(authorizationTimes.length / 2)] ?? 50) / 2));
      aiming = true;
      const aimedAt = Date.now();
      const pinnedOutstanding = (): boolean =>
        [...clients.inFlight.values()].some((outcome) => outcome.pinned === true && Date.now() - outcome.startedAt >= aimAfterMs);
      while (!pinnedOutstanding() && Date.now() - aimedAt < AIM_MAX_MS) {
        await sleep(2);
      }

      // The kill. What may fail: the requests outstanding at the signal, and those sent while the
      // killed process was being torn down (until its exit is seen here): its listening socket still
      // takes connections in the kernel until then, and what HAProxy sends on them dies with it.
      const victim = servers.find((server) => server.name === VICTIM);
      assert.ok(victim?.pid !== undefined && isAlive(victim.pid), `${VICTIM} is running before the kill`);
      // HAProxy's count of requests on each server, just before the kill (reported, not asserted: a
      // request can be handed over between this reading and the signal).
      const onVictimAtKill = (await haproxyStats(statsSocket)).get(VICTIM)?.current ?? -1;
      const outstandingAtSignal = new Set(clients.inFlight.keys());
      const killedAt = Date.now();
      killed = true;
      await victim.kill();
      const exitedAt = Date.now();
      const inFlightAtKill = new Set([
        ...outstandingAtSignal,
        ...clients.outcomes.filter((outcome) => outcome.startedAt >= killedAt && outcome.startedAt <= exitedAt).map((outcome) => outcome.n),
      ]);

      await sleep(LOAD_AFTER_KILL_MS);
      stopping = true;
      await load;
      const loadEndedAt = Date.now();
      await sleep(200); // HAProxy's last log lines
      const stats = await haproxyStats(statsSocket);
      const log = parseHaproxyLog(haproxy?.output() ?? '');

      // What happened, reported before it is checked.
      const outcomes = clients.outcomes;
      const failed = outcomes.filter((outcome) => !succeeded(outcome));
      const afterKill = outcomes.filter((outcome) => outcome.startedAt > exitedAt);
      const servedAfterKill = new Set(afterKill.map((outcome) => outcome.servedBy).filter((by) => by !== undefined));
      const retried = [...authorizations.values()].filter((record) => record.attempts > 1);
      const count = (kind: Kind): number => outcomes.filter((outcome) => outcome.kind === kind).length;
      t.diagnostic(startup);
      t.diagnostic(
        `${outcomes.length} requests from ${Object.values(CLIENTS).reduce((a, b) => a + b, 0)} clients in ${((loadEndedAt - loadStartedAt) / 1000).toFixed(1)} s ` +
          `(authorizations ${count('authorization')}, enrollments ${count('enroll')}, consents ${count('consent')}, counselings ${count('counseling')}, ` +
          `prescriptions ${count('prescription')}, pregnancy tests ${count('pregnancyTest')}, worklist reads ${count('worklist')}, queue reads ${count('pharmacyQueue')}, ` +
          `log-ins ${count('login')}, /me ${count('me')})`,
      );
      t.diagnostic(
        `${VICTIM} killed at +${((killedAt - loadStartedAt) / 1000).toFixed(1)} s (${writesBeforeKill} writes acknowledged before the aim, ${killedAt - aimedAt} ms of aiming, ` +
          `the kill ${aimAfterMs} ms into an authorization, half the median of ${authorizationTimes.length}); ` +
          `${outstandingAtSignal.size} requests outstanding at the signal (${[...outstandingAtSignal].filter((n) => outcomes[n - 1]?.pinned === true).length} aimed at ${VICTIM}), ` +
          `${inFlightAtKill.size - outstandingAtSignal.size} more sent during the ${exitedAt - killedAt} ms until its exit; HAProxy counted ${onVictimAtKill} on ${VICTIM} just before the kill; ` +
          `${failed.length} failed (${failed.map((o) => `${o.kind} ${o.status ?? 'no answer'}`).join(', ') || 'none'})`,
      );
      t.diagnostic(
        `after the kill: ${afterKill.filter(succeeded).length} of ${afterKill.length} requests succeeded, served by ${[...servedAfterKill].sort().join(' and ')}; ` +
          `${stats.get(VICTIM)?.redispatched ?? 0} requests HAProxy sent to another server after ${VICTIM} refused the connection; ` +
          `${retried.length} authorizations asked again with their key (${retried.filter((r) => r.replayed).length} answered as a replay); ` +
          `sessions used across servers: ${sessionsAcross.length}`,
      );

      // -------------------------------------------------------------------------------------------
      // What the clients saw.
      assert.deepEqual(unexpected, [], 'every answer was a success or a failure the kill can cause');
      assert.deepEqual(
        failed
          .filter((outcome) => !inFlightAtKill.has(outcome.n))
          .map((o) => `#${o.n} ${o.kind} ${o.status ?? o.error} at ${o.startedAt - killedAt} ms from the kill`),
        [],
        'only requests in flight at the kill failed',
      );
      // HAProxy's side. A request that reached the killed server and got nothing back is answered
      // with HAProxy's 502 when it was the first on its client connection; on a kept-alive one (most
      // here) HAProxy closes the connection without an answer and logs nothing, as it does whenever a
      // server drops a kept-alive request, so that browsers retry. Every other request HAProxy logged
      // was answered by the server the client was told (X-Served-By).
      for (const outcome of outcomes) {
        const line = log.get(outcome.n);
        if (line === undefined) {
          assert.ok(!succeeded(outcome), `HAProxy logged answered request #${outcome.n}`);
          continue;
        }
        if (succeeded(outcome)) {
          assert.equal(line.server, outcome.servedBy, `#${outcome.n}: the server HAProxy logged is the one the client was told`);
        } else {
          // The first request on a client connection gets HAProxy's 502 instead: only from the killed server.
          assert.ok(line.server === VICTIM && inFlightAtKill.has(outcome.n), `HAProxy's error answer to #${outcome.n}: ${JSON.stringify(line)}`);
        }
      }
      for (const name of SERVER_NAMES) {
        const server = stats.get(name);
        assert.ok(server !== undefined, `HAProxy's statistics for ${name}`);
        assert.equal(server.status, name === VICTIM ? 'DOWN' : 'UP', `${name}'s health as HAProxy saw it after the load`);
        if (name !== VICTIM) {
          assert.equal(server.responseErrors, 0, `${name}: responses HAProxy counted as errors`);
        }
      }

      // After the kill, the two others carried everything.
      assert.ok(afterKill.filter(succeeded).length >= 20, `requests succeeded after the kill: ${afterKill.filter(succeeded).length}`);
      assert.deepEqual(
        afterKill.filter((outcome) => outcome.servedBy === VICTIM).map((outcome) => outcome.n),
        [],
        'nothing was answered by the killed server after the kill',
      );
      assert.deepEqual(
        [...servedAfterKill].sort(),
        SERVER_NAMES.filter((name) => name !== VICTIM),
        'both other servers answered after the kill',
      );

      // Sessions are the database's: a log-in on one server was honoured by another.
      assert.ok(sessionsAcross.length >= 1, 'a session opened on one server was used on another');

      // -------------------------------------------------------------------------------------------
      // What the database holds.
      const client = new pg.Client({ connectionString: api?.database.connectionString });
      await client.connect();
      try {
        // Every acknowledged write is there.
        for (const [table, ids] of acknowledged) {
          const { rows } = await client.query<{ id: string }>(`SELECT id::text AS id FROM ${table} WHERE id = ANY($1::uuid[])`, [[...ids]]);
          const found = new Set(rows.map((row) => row.id));
          assert.deepEqual(
            [...ids].filter((id) => !found.has(id)),
            [],
            `acknowledged ${table} rows missing`,
          );
        }

        // Nothing twice: one authorization per prescription, and each prescription's answers (first
        // or replayed) named that one authorization.
        const { rows: doubled } = await client.query(
          `SELECT a.prescription_id FROM authorizations a JOIN patients p ON p.id = a.patient_id
         WHERE p.family_name = $1 GROUP BY a.prescription_id HAVING count(*) > 1`,
          [FAMILY_NAME],
        );
        assert.deepEqual(doubled, [], 'prescriptions authorized twice');
        for (const [prescriptionId, record] of authorizations) {
          assert.ok(record.ids.size === 1, `prescription ${prescriptionId}: ${record.ids.size} authorization ids in ${record.attempts} attempts`);
        }
        assert.ok(
          [...authorizations.values()].some((record) => record.attempts > 1),
          'an authorization lost to the kill was asked again with its key (the aimed kill reached one)',
        );
        const { rows: keys } = await client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM idempotency_keys k JOIN users u ON u.id = k.user_id WHERE u.email = $1`,
          [STAFF.pharmacist],
        );
        assert.equal(keys[0]?.n, [...authorizations.values()].filter((record) => record.ids.size === 1).length, 'one remembered answer per authorization key');

        // Nothing unacknowledged beyond what failed: per table, the load's rows nobody acknowledged are
        // at most the requests for that table that failed at the kill (a commit whose answer was lost).
        const loadRows: Record<string, { kind: Kind; query: string }> = {
          patients: { kind: 'enroll', query: `SELECT id::text AS id FROM patients WHERE family_name = $1` },
          consents: { kind: 'consent', query: `SELECT x.id::text AS id FROM consents x JOIN patients p ON p.id = x.patient_id WHERE p.family_name = $1` },
          counseling_attestations: {
            kind: 'counseling',
            query: `SELECT x.id::text AS id FROM counseling_attestations x JOIN patients p ON p.id = x.patient_id WHERE p.family_name = $1`,
          },
          prescriptions: {
            kind: 'prescription',
            query: `SELECT x.id::text AS id FROM prescriptions x JOIN patients p ON p.id = x.patient_id WHERE p.family_name = $1`,
          },
          pregnancy_tests: {
            kind: 'pregnancyTest',
            query: `SELECT x.id::text AS id FROM pregnancy_tests x JOIN patients p ON p.id = x.patient_id WHERE p.family_name = $1`,
          },
          authorizations: {
            kind: 'authorization',
            query: `SELECT x.id::text AS id FROM authorizations x JOIN patients p ON p.id = x.patient_id WHERE p.family_name = $1`,
          },
        };
        const committedUnanswered: string[] = [];
        for (const [table, { kind, query }] of Object.entries(loadRows)) {
          const mine = acknowledged.get(table) ?? new Set<string>();
          const { rows } = await client.query<{ id: string }>(query, [FAMILY_NAME]);
          const extra = rows.filter((row) => !mine.has(row.id)).length;
          // An authorization whose answer was lost was asked again: its retry acknowledged it.
          const failedHere = kind === 'authorization' ? 0 : failed.filter((outcome) => outcome.kind === kind).length;
          assert.ok(extra <= failedHere, `${table}: ${extra} rows nobody acknowledged, ${failedHere} such requests failed at the kill`);
          if (extra > 0) {
            committedUnanswered.push(`${table} ${extra}`);
          }
        }

        t.diagnostic(`committed, answer lost to the kill: ${committedUnanswered.join(', ') || 'none'}`);
      } finally {
        await client.end();
      }
    });
  },
);
