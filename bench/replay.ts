// Phase (c), the floor under the authorization request: the SQL statements one authorization
// runs, captured from a real request and replayed through the pg driver alone (no HTTP, no
// framework, no Kysely, no domain code) with fresh parameters per iteration.
//
// capture(): while one request runs, every pg Client.query call is recorded exactly as sent
// (text, parameter array, rows returned). toTemplate(): the parameters that are this request's own
// (patient, program id, birth date, prescription, the patient's prescriber that the worklist upsert
// writes, RMA number, the new authorization's id) become slots; everything else (today, the
// pharmacist, the pharmacy, the session token hash, action names) stays as captured. Statements between BEGIN and COMMIT run on one pooled connection, as in
// the app; the others each check a connection out and back, as Kysely does outside a transaction.
// A statement the app sent as a named prepared statement (src/db/database.ts) is replayed prepared
// too, so both sides pay PostgreSQL the same parse and plan costs.
import { randomInt } from 'node:crypto';
import pg from 'pg';
import { typeParsers } from '../src/db/database.js';
import { uuidV7 } from '../src/db/ids.js';
import { closedLoop, countPostgresCpuOf, cpuSince, memorySampler, postgresCpuMeter, processCpuMs, type PhaseResult } from './stats.js';

export interface CapturedStatement {
  text: string;
  values: unknown[] | undefined;
  /** Sent as a named prepared statement (src/db/database.ts prepareStatements). */
  prepared: boolean;
  rows: unknown[] | null;
}

const SLOTS = ['patientId', 'programId', 'birthDate', 'prescriptionId', 'prescriberId', 'rmaNumber', 'authorizationId'] as const;
export type Slot = (typeof SLOTS)[number];
export type SlotValues = Record<Slot, string>;
/** prescriberId: the patient's prescriber, which the request writes into the patient's worklist row. */
export type Target = Pick<SlotValues, 'patientId' | 'programId' | 'birthDate' | 'prescriptionId' | 'prescriberId'>;

export interface TemplateStatement {
  text: string;
  /** Prepared-statement name when the app sent it prepared; unique per statement of the template. */
  name: string | undefined;
  /** undefined: sent without a parameter array, as captured. */
  values: Array<{ constant: unknown } | { slot: Slot } | { slotArray: Slot } | { slotText: Slot; before: string; after: string }> | undefined;
  /** This statement returns the new authorization; its `id` fills the authorizationId slot. */
  yieldsAuthorizationId: boolean;
}

export type Segment = { kind: 'single'; statement: TemplateStatement } | { kind: 'transaction'; statements: TemplateStatement[] };

export interface Template {
  segments: Segment[];
  statementCount: number;
}

type QueryFunction = (this: pg.Client, ...args: unknown[]) => unknown;

/**
 * Records every query pg clients send while `run` runs: query(text, values?) and
 * query({ name?, text, values? }). Only clients that connect inside `run` are sure to be seen
 * (prepareStatements binds the method when a connection is made), so give `run` a pool of its own.
 */
export async function capture<T>(run: () => Promise<T>): Promise<{ result: T; statements: CapturedStatement[] }> {
  const statements: CapturedStatement[] = [];
  const prototype = pg.Client.prototype as unknown as { query: QueryFunction };
  const original = prototype.query;
  prototype.query = function (this: pg.Client, ...args: unknown[]): unknown {
    const [first, second] = args;
    const config = typeof first === 'string' ? { text: first, values: second } : (first as { text?: unknown; values?: unknown; name?: unknown });
    const { text, values } = config;
    if (typeof text !== 'string' || (values !== undefined && !Array.isArray(values))) {
      throw new Error('capture: only query(text, values?) and query({ name?, text, values? }) calls are expected');
    }
    const entry: CapturedStatement = {
      text,
      values: values === undefined ? undefined : [...(values as unknown[])],
      prepared: typeof (config as { name?: unknown }).name === 'string',
      rows: null,
    };
    statements.push(entry);
    const returned = original.apply(this, args);
    if (returned instanceof Promise) {
      return returned.then((result: pg.QueryResult) => {
        entry.rows = result.rows;
        return result;
      });
    }
    return returned;
  };
  try {
    return { result: await run(), statements };
  } finally {
    prototype.query = original;
  }
}

export function toTemplate(statements: CapturedStatement[], sample: SlotValues): Template {
  const slotOf = new Map<unknown, Slot>(SLOTS.map((slot) => [sample[slot], slot]));
  const used = new Set<Slot>();
  const names = new Map<string, string>();
  const toStatement = (captured: CapturedStatement): TemplateStatement => ({
    text: captured.text,
    name: captured.prepared ? (names.get(captured.text) ?? names.set(captured.text, `replay_${names.size + 1}`).get(captured.text)) : undefined,
    values: captured.values?.map((value) => {
      // The facts query takes its patient as a one-element array (db/patientFacts.ts loads one or many).
      if (Array.isArray(value) && value.length === 1 && slotOf.has(value[0])) {
        const inArray = slotOf.get(value[0]) as Slot;
        used.add(inArray);
        return { slotArray: inArray };
      }
      const slot = slotOf.get(value);
      if (slot === undefined) {
        // A text built around one of the request's own values (the look-up throttle's advisory-lock
        // key, `lookup-identifier:<program id>`): the replay builds it around its fresh value, or every
        // replay would wait for the one lock the captured request took.
        const within = typeof value === 'string' ? SLOTS.find((candidate) => sample[candidate].length >= 8 && value.includes(sample[candidate])) : undefined;
        if (within === undefined || typeof value !== 'string') {
          return { constant: value };
        }
        used.add(within);
        const at = value.indexOf(sample[within]);
        return { slotText: within, before: value.slice(0, at), after: value.slice(at + sample[within].length) };
      }
      used.add(slot);
      return { slot };
    }),
    yieldsAuthorizationId: (captured.rows ?? []).some(
      (row) => typeof row === 'object' && row !== null && (row as { id?: unknown }).id === sample.authorizationId,
    ),
  });
  const segments: Segment[] = [];
  let open: TemplateStatement[] | null = null;
  for (const captured of statements) {
    const keyword = captured.text.trim().toLowerCase();
    if (keyword === 'begin' || keyword.startsWith('start transaction')) {
      if (open !== null) {
        throw new Error('capture: nested transaction');
      }
      open = [toStatement(captured)];
    } else if (open !== null) {
      open.push(toStatement(captured));
      if (keyword === 'commit' || keyword === 'rollback') {
        segments.push({ kind: 'transaction', statements: open });
        open = null;
      }
    } else {
      segments.push({ kind: 'single', statement: toStatement(captured) });
    }
  }
  if (open !== null) {
    throw new Error('capture: transaction without COMMIT');
  }
  const missing = SLOTS.filter((slot) => !used.has(slot));
  if (missing.length > 0) {
    throw new Error(`capture: the request's own values ${missing.join(', ')} were not found in its SQL`);
  }
  const all = segments.flatMap((segment) => (segment.kind === 'single' ? [segment.statement] : segment.statements));
  if (!all.some((statement) => statement.yieldsAuthorizationId)) {
    throw new Error('capture: no statement returned the authorization');
  }
  return { segments, statementCount: all.length };
}

/** One line per statement: what phase (c) sends. */
export function describeTemplate(template: Template): string[] {
  const lines: string[] = [];
  const describe = (statement: TemplateStatement, indent: string): void => {
    const text = statement.text.replace(/\s+/g, ' ').trim();
    const slots = (statement.values ?? []).flatMap((value) =>
      'slot' in value ? [value.slot] : 'slotArray' in value ? [value.slotArray] : 'slotText' in value ? [`${value.slotText} (in text)`] : [],
    );
    const shown = text.length > 90 ? `${text.slice(0, 87)}...` : text;
    const notes = [...(statement.name === undefined ? [] : ['prepared']), ...(slots.length > 0 ? [`fresh ${[...new Set(slots)].join(', ')}`] : [])];
    lines.push(`${indent}${shown}${notes.length > 0 ? `   [${notes.join('; ')}]` : ''}`);
  };
  for (const segment of template.segments) {
    if (segment.kind === 'single') {
      describe(segment.statement, '  ');
    } else {
      segment.statements.forEach((statement) => {
        describe(statement, '  | ');
      });
    }
  }
  return lines;
}

/** The same format as the app's RMA numbers (requestAuthorization.ts). */
export function freshRmaNumber(): string {
  return `RMA${String(randomInt(10 ** 9)).padStart(9, '0')}${String(randomInt(10 ** 3)).padStart(3, '0')}`;
}

function bind(statement: TemplateStatement, values: SlotValues): unknown[] | undefined {
  return statement.values?.map((value) =>
    'slot' in value
      ? values[value.slot]
      : 'slotArray' in value
        ? [values[value.slotArray]]
        : 'slotText' in value
          ? `${value.before}${values[value.slotText]}${value.after}`
          : value.constant,
  );
}

/** One authorization's statements, on `pool`. Resolves to 'ok' when the authorization was inserted. */
/** A replay's own values: the target's, and a fresh RMA number and authorization id (the app makes both itself: requestAuthorization.ts). */
function freshValues(target: Target): SlotValues {
  return { ...target, rmaNumber: freshRmaNumber(), authorizationId: uuidV7() };
}

/** Sends one statement as the app sent it (prepared or not) with this replay's values; keeps the new authorization's id. */
async function send(client: pg.ClientBase | pg.Pool, statement: TemplateStatement, values: SlotValues): Promise<void> {
  const bound = bind(statement, values);
  const result =
    bound === undefined
      ? await client.query<{ id?: string }>(statement.text)
      : statement.name === undefined
        ? await client.query<{ id?: string }>(statement.text, bound)
        : await client.query<{ id?: string }>({ name: statement.name, text: statement.text, values: bound });
  // The statement that yields it returns the authorization's id (a uuid, as text); the others' rows are not read.
  if (statement.yieldsAuthorizationId) {
    values.authorizationId = result.rows[0]?.id ?? '';
  }
}

export async function replayOnce(pool: pg.Pool, template: Template, target: Target): Promise<string> {
  const values = freshValues(target);
  const run = (client: pg.ClientBase | pg.Pool, statement: TemplateStatement): Promise<void> => send(client, statement, values);
  for (const segment of template.segments) {
    if (segment.kind === 'single') {
      await run(pool, segment.statement);
      continue;
    }
    const client = await pool.connect();
    try {
      for (const statement of segment.statements) {
        await run(client, statement);
      }
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }
  return values.authorizationId === '' ? 'no authorization returned' : 'ok';
}

export interface StatementCpu {
  /** The statement, shortened, as describeTemplate shows it. */
  text: string;
  /** Mean CPU of the backend running it, µs per call (its /proc schedstat), and mean wall time seen by the client. */
  backendCpuUs: number;
  wallUs: number;
}

/**
 * Where PostgreSQL's CPU goes in one authorization: the template's statements one at a time on one
 * connection (no concurrency, so no waiting on locks or cores), reading the backend's own CPU time
 * (/proc/<pid>/schedstat, nanoseconds) around each statement. What the backend does for the
 * statement only: the WAL writer, checkpointer and autovacuum are not in it (the phase's PG CPU
 * column counts them). Needs the server on this machine; null otherwise.
 */
export async function profileStatements(
  connectionString: string,
  template: Template,
  warmupTargets: Target[],
  targets: Target[],
): Promise<StatementCpu[] | null> {
  const client = new pg.Client({ connectionString, types: typeParsers, application_name: 'isocourse-bench-profile' });
  await client.connect();
  try {
    const backend = String((await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid);
    if ((await processCpuMs(backend)) === null) {
      return null;
    }
    const statements = template.segments.flatMap((segment) => (segment.kind === 'single' ? [segment.statement] : segment.statements));
    const cpuUs = new Float64Array(statements.length);
    const wallUs = new Float64Array(statements.length);
    const runOne = async (target: Target, measure: boolean): Promise<void> => {
      const values = freshValues(target);
      for (const [index, statement] of statements.entries()) {
        const cpuBefore = measure ? ((await processCpuMs(backend)) ?? 0) : 0;
        const wallBefore = performance.now();
        await send(client, statement, values);
        if (measure) {
          wallUs[index] = (wallUs[index] ?? 0) + (performance.now() - wallBefore) * 1000;
          cpuUs[index] = (cpuUs[index] ?? 0) + (((await processCpuMs(backend)) ?? 0) - cpuBefore) * 1000;
        }
      }
      if (values.authorizationId === '') {
        throw new Error('profile: no authorization returned');
      }
    };
    // Warm-up: the connection's plans (a prepared statement gets its generic plan after five runs).
    for (const target of warmupTargets) {
      await runOne(target, false);
    }
    for (const target of targets) {
      await runOne(target, true);
    }
    const shown = describeTemplate(template);
    return statements.map((_, index) => ({
      text: (shown[index] ?? '').replace(/^\s*\|?\s*/, '').replace(/\s+\[.*\]$/, ''),
      backendCpuUs: (cpuUs[index] ?? 0) / targets.length,
      wallUs: (wallUs[index] ?? 0) / targets.length,
    }));
  } finally {
    await client.end();
  }
}

export interface ReplayJob {
  connectionString: string;
  template: Template;
  warmupTargets: Target[];
  targets: Target[];
  concurrency: number;
  poolSize: number;
  /** The cluster's postmaster (stats.ts countPostgresCpuOf): only its processes' CPU is counted. */
  postmasterPid: number | null;
}

export async function runReplay(job: ReplayJob): Promise<{ warmup: PhaseResult; measured: PhaseResult }> {
  countPostgresCpuOf(job.postmasterPid);
  const pool = new pg.Pool({
    connectionString: job.connectionString,
    max: job.poolSize,
    types: typeParsers,
    application_name: 'isocourse-bench-replay',
  });
  pool.on('error', () => {});
  try {
    const phase = async (targets: Target[]): Promise<PhaseResult> => {
      const sampler = memorySampler();
      const dbCpu = await postgresCpuMeter();
      const cpu = process.cpuUsage();
      const result = await closedLoop(
        targets.length,
        job.concurrency,
        (n) => replayOnce(pool, job.template, targets[n] as Target),
        (outcome) => outcome === 'ok',
      );
      const used = cpuSince(cpu);
      return { ...result, cpu: used, dbCpuMs: await dbCpu.stop(), memory: sampler.stop() };
    };
    const warmup = await phase(job.warmupTargets);
    const measured = await phase(job.targets);
    return { warmup, measured };
  } finally {
    await pool.end();
  }
}

// As a child process: run one job sent by the parent and send the results back.
if (process.send !== undefined && process.argv[2] === '--child') {
  process.once('message', (job: ReplayJob) => {
    void runReplay(job).then(
      ({ warmup, measured }) => {
        const plain = (result: PhaseResult) => ({ ...result, latenciesMs: Array.from(result.latenciesMs) });
        process.send?.({ type: 'done', warmup: plain(warmup), measured: plain(measured) }, () => process.exit(0));
      },
      (error: unknown) => {
        process.send?.({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }, () => process.exit(1));
      },
    );
  });
  process.send({ type: 'ready' });
}
