// What each phase reports, and the closed-loop driver every phase shares: `concurrency` workers,
// each sending its next operation as soon as the previous one finished, until `count` are done or
// the phase's time is up.

export interface MemorySample {
  /** Peak resident set size during the phase, bytes. */
  rss: number;
  /** Peak V8 heap in use during the phase, bytes. */
  heapUsed: number;
}

export interface CpuTime {
  userMs: number;
  systemMs: number;
}

export interface PhaseResult {
  requests: number;
  errors: number;
  /** Status (or outcome) → count, for the measured requests. */
  outcomes: Record<string, number>;
  seconds: number;
  latenciesMs: Float64Array;
  /** CPU time of the process doing the work (the server, or the driver-only replayer), ms. */
  cpu: CpuTime | null;
  /** CPU time of the PostgreSQL processes during the phase, ms (see postgresCpuMeter). */
  dbCpuMs: number | null;
  memory: MemorySample | null;
}

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) {
    return Number.NaN;
  }
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] ?? Number.NaN;
}

/**
 * How long a closed loop runs: a number of operations, or a duration (then the count is what got
 * done), cut short when `until` says so (the work it had to do ran out).
 */
export type LoopLimit = number | { seconds: number; until?: () => boolean };

/**
 * Runs operations with `concurrency` in flight until `limit`: `count` operations, or for `seconds`
 * or until `until()` (no operation starts after that; those in flight finish and count). `operation(n)` is called in
 * order of n and resolves to an outcome label ('201', 'ok', …); `isSuccess` decides which count as
 * errors; an operation that throws counts as the outcome `error: <message>`. Latencies in
 * milliseconds by n.
 */
export async function closedLoop(
  limit: LoopLimit,
  concurrency: number,
  operation: (n: number) => Promise<string>,
  isSuccess: (outcome: string) => boolean,
): Promise<Omit<PhaseResult, 'cpu' | 'dbCpuMs' | 'memory'>> {
  const count = typeof limit === 'number' ? limit : Number.POSITIVE_INFINITY;
  let latencies = new Float64Array(typeof limit === 'number' ? limit : 65_536);
  const outcomes: Record<string, number> = {};
  let next = 0;
  let errors = 0;
  const startedAt = performance.now();
  const deadline = typeof limit === 'number' ? Number.POSITIVE_INFINITY : startedAt + limit.seconds * 1000;
  const until = typeof limit === 'number' ? () => false : (limit.until ?? (() => false));
  const worker = async (): Promise<void> => {
    for (;;) {
      const n = next;
      if (n >= count || performance.now() >= deadline || until()) {
        return;
      }
      next += 1;
      if (n >= latencies.length) {
        const grown = new Float64Array(latencies.length * 2);
        grown.set(latencies);
        latencies = grown;
      }
      const operationStartedAt = performance.now();
      let outcome: string;
      try {
        outcome = await operation(n);
      } catch (error) {
        outcome = `error: ${error instanceof Error ? error.message.slice(0, 80) : String(error)}`;
      }
      latencies[n] = performance.now() - operationStartedAt;
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      if (!isSuccess(outcome)) {
        errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - startedAt) / 1000;
  return { requests: next, errors, outcomes, seconds, latenciesMs: latencies.subarray(0, next) };
}

/** Samples this process's memory every 100 ms and keeps the peaks; stop() returns them. */
export function memorySampler(): { stop(): MemorySample } {
  const peak: MemorySample = { rss: 0, heapUsed: 0 };
  const sample = (): void => {
    const usage = process.memoryUsage();
    peak.rss = Math.max(peak.rss, usage.rss);
    peak.heapUsed = Math.max(peak.heapUsed, usage.heapUsed);
  };
  sample();
  const timer = setInterval(sample, 100);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { ...peak };
    },
  };
}

/** CPU time of this process since `since` (from process.cpuUsage()). */
export function cpuSince(since: NodeJS.CpuUsage): CpuTime {
  const used = process.cpuUsage(since);
  return { userMs: used.user / 1000, systemMs: used.system / 1000 };
}

/**
 * CPU time (user + system, ms) used between start and stop() by the processes named `postgres` on
 * this machine (the postmaster, its backends and background workers), read from /proc; null where
 * /proc is not readable. Counted per process id: a process that exits before stop() takes its time
 * with it, so stop while the connection pools are still open.
 */
export async function postgresCpuMeter(): Promise<{ stop(): Promise<number | null> }> {
  const before = await postgresCpuByPid();
  return {
    async stop() {
      const after = await postgresCpuByPid();
      if (before === null || after === null) {
        return null;
      }
      let total = 0;
      for (const [pid, ms] of after) {
        total += ms - (before.get(pid) ?? 0);
      }
      return total;
    },
  };
}

/**
 * Whose processes postgresCpuMeter counts: the postmaster of the cluster under test and its
 * children (backends, WAL writer, checkpointer, autovacuum). Other clusters on the machine (a test
 * suite's, another session's) are not counted. null: every process named postgres.
 */
let clusterPostmaster: string | null = null;

export function countPostgresCpuOf(postmasterPid: number | null): void {
  clusterPostmaster = postmasterPid === null ? null : String(postmasterPid);
}

/** The postmaster of the server `client` is connected to, when it runs on this machine: the parent of its backend. */
export async function postmasterPidOf(client: { query(text: string): Promise<{ rows: Array<Record<string, unknown>> }> }): Promise<number | null> {
  const { readFile } = await import('node:fs/promises');
  const backend = Number((await client.query('SELECT pg_backend_pid() AS pid')).rows[0]?.['pid']);
  const stat = await readFile(`/proc/${backend}/stat`, 'utf8').catch(() => '');
  const close = stat.lastIndexOf(')');
  if (close < 0 || !stat.slice(stat.indexOf('(') + 1, close).startsWith('postgres')) {
    return null;
  }
  const parent = Number(stat.slice(close + 2).split(' ')[1]);
  return Number.isInteger(parent) && parent > 1 ? parent : null;
}

/** CPU time a process has spent, in ms: /proc/<pid>/schedstat (nanoseconds) where the kernel has it, else utime + stime in clock ticks. */
export async function processCpuMs(pid: string, stat?: string): Promise<number | null> {
  const { readFile } = await import('node:fs/promises');
  const schedstat = await readFile(`/proc/${pid}/schedstat`, 'utf8').catch(() => '');
  const onCpuNs = Number(schedstat.split(' ')[0]);
  if (schedstat !== '' && Number.isFinite(onCpuNs)) {
    return onCpuNs / 1e6;
  }
  const text = stat ?? (await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => ''));
  const close = text.lastIndexOf(')');
  if (close < 0) {
    return null;
  }
  const fields = text.slice(close + 2).split(' ');
  // After "pid (comm) ": state is field 0; utime and stime are fields 11 and 12, in clock ticks.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

async function postgresCpuByPid(): Promise<Map<string, number> | null> {
  const { readdir, readFile } = await import('node:fs/promises');
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return null;
  }
  const byPid = new Map<string, number>();
  await Promise.all(
    entries
      .filter((entry) => /^\d+$/.test(entry))
      .map(async (pid) => {
        const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
        const close = stat.lastIndexOf(')');
        if (close < 0 || !stat.slice(stat.indexOf('(') + 1, close).startsWith('postgres')) {
          return;
        }
        const parent = stat.slice(close + 2).split(' ')[1];
        if (clusterPostmaster !== null && pid !== clusterPostmaster && parent !== clusterPostmaster) {
          return;
        }
        const ms = await processCpuMs(pid, stat);
        if (ms !== null) {
          byPid.set(pid, ms);
        }
      }),
  );
  return byPid;
}

/** sysconf(_SC_CLK_TCK): 100 on every Linux this runs on. */
const CLOCK_TICKS_PER_SECOND = 100;
