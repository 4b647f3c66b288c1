// Bounded admission in front of the password hash (issue 12, "the cut-over storm"). A log-in costs
// a memory-hard scrypt hash (passwords.ts: ~32 MiB and tens of milliseconds of one core), and a
// crowd logging in at once could otherwise take every core and every pool connection from the
// pharmacies' authorizations and dispenses. So at most `concurrency` hashes run at once, at most
// `queueLength` log-ins wait for a turn, none waits longer than `maxWaitMs`; beyond that a log-in
// is refused at once with 503 and a Retry-After (LogInBusyError), without touching the database.
// A log-in takes its turn before its first short transaction (logIn.ts) and keeps it for its hash,
// but lends it back while that transaction takes longer than `lendTurnAfterMs`: a log-in waiting
// for the database must not hold a turn nothing is hashed in.
// The hash keeps its strength: only how many run at once is bounded, and they run on threads of
// the lowest CPU priority (hashWorkers.ts, LOGIN_HASH_NICE), so what CPU they take is what the
// authorizations, dispenses and reads leave.
//
// The queue is per process ON PURPOSE: it protects this process's CPU (and its event loop and its
// pool), which no other server shares. Everything that must hold across servers — the log-in
// throttle, sessions — lives in PostgreSQL (loginThrottle.ts); N servers admit N × concurrency
// hashes, one machine's worth each.
import { availableParallelism } from 'node:os';
import { LogInBusyError } from '../errors.js';
import { setHashThreadNice } from './hashWorkers.js';

export interface LogInAdmissionSettings {
  /** Hashes running at once (LOGIN_HASH_CONCURRENCY). */
  concurrency: number;
  /** Log-ins waiting for a turn, at most (LOGIN_QUEUE_LENGTH). */
  queueLength: number;
  /** Longest a log-in waits for a turn before it is refused (LOGIN_QUEUE_MAX_WAIT_SECONDS). */
  maxWaitMs: number;
  /** CPU priority of the hash threads, 0 (normal) to 19 (lowest; LOGIN_HASH_NICE; hashWorkers.ts). Absent: unchanged. */
  hashNice?: number;
  /**
   * How long a log-in keeps its turn while its first transaction has not answered, before it lends
   * the turn to the next log-in and waits for a turn again for its hash (logIn.ts). Absent:
   * LEND_TURN_AFTER_MS.
   */
  lendTurnAfterMs?: number;
}

/**
 * [APP] A few times what the throttle's transaction takes on a healthy database (a few ms): held
 * through it, the turn bounds how many attempts are pending at once, so a burst of right passwords
 * from one address is not refused by attempts of its own still being checked (loginThrottle.ts);
 * lent beyond it, a slow or locked database costs no hashing capacity. The safer side either way:
 * the throttle counts every pending attempt, so its limits stay exact whichever way the turn goes.
 */
export const LEND_TURN_AFTER_MS = 100;

/**
 * Half the cores, at least one: the other half stays free for authorizations, dispenses and
 * reads even when a storm of log-ins is hashing flat out. [APP] The safer default; raise it on a
 * server that does nothing but log people in.
 */
export function defaultLogInAdmission(cores: number = availableParallelism()): LogInAdmissionSettings {
  const concurrency = Math.max(1, Math.floor(cores / 2));
  return { concurrency, queueLength: 32 * concurrency, maxWaitMs: 5_000, hashNice: 19 };
}

export interface LogInAdmissionStats {
  /** Log-ins that got a turn. */
  admitted: number;
  /** Refused because the queue was full. */
  refusedQueueFull: number;
  /** Refused because their wait reached maxWaitMs. */
  refusedWaitedTooLong: number;
  /** The longest wait of an admitted log-in, in milliseconds. */
  maxWaitMs: number;
  /** Running and waiting now. */
  running: number;
  waiting: number;
}

/** The longest Retry-After a refused log-in is given. */
const MAX_RETRY_AFTER_SECONDS = 60;

export interface LogInTurn {
  /** Gives the turn back; later calls do nothing. */
  release(): void;
}

interface Waiter {
  enqueuedAt: number;
  admit: () => void;
  timer: NodeJS.Timeout;
}

export class LogInAdmission {
  readonly settings: LogInAdmissionSettings;
  private running = 0;
  private readonly queue: Waiter[] = [];
  private readonly counters = { admitted: 0, refusedQueueFull: 0, refusedWaitedTooLong: 0, maxWaitMs: 0 };
  /** A moving average of how long a turn takes, for the Retry-After estimate. */
  private averageTurnMs = 100;

  constructor(settings: LogInAdmissionSettings = defaultLogInAdmission()) {
    if (!(settings.concurrency >= 1 && settings.queueLength >= 0 && settings.maxWaitMs > 0)) {
      throw new Error('log-in admission: concurrency ≥ 1, queue length ≥ 0 and a positive maximum wait are required');
    }
    this.settings = settings;
    if (settings.hashNice !== undefined) {
      setHashThreadNice(settings.hashNice);
    }
  }

  /** Runs `work` when a turn is free, or throws LogInBusyError (nothing of `work` ran). */
  async run<T>(work: () => Promise<T>): Promise<T> {
    const turn = await this.take();
    try {
      return await work();
    } finally {
      turn.release();
    }
  }

  /** A turn, when one is free (or throws LogInBusyError); give it back with `release`, once or more. */
  async take(): Promise<LogInTurn> {
    await this.acquire();
    const started = performance.now();
    let released = false;
    return {
      release: () => {
        if (released) {
          return;
        }
        released = true;
        this.averageTurnMs = 0.9 * this.averageTurnMs + 0.1 * (performance.now() - started);
        this.release();
      },
    };
  }

  get lendTurnAfterMs(): number {
    return this.settings.lendTurnAfterMs ?? LEND_TURN_AFTER_MS;
  }

  stats(): LogInAdmissionStats {
    return { ...this.counters, running: this.running, waiting: this.queue.length };
  }

  resetStats(): void {
    Object.assign(this.counters, { admitted: 0, refusedQueueFull: 0, refusedWaitedTooLong: 0, maxWaitMs: 0 });
  }

  /**
   * Seconds to come back after: about the time the queue takes to drain (coming back sooner only
   * meets a full queue again), spread by ±25 % so a refused crowd does not come back in step; at
   * least 1, at most MAX_RETRY_AFTER_SECONDS.
   */
  private retryAfterSeconds(): number {
    const drainMs = ((this.queue.length + this.running) * this.averageTurnMs) / this.settings.concurrency;
    const spread = 0.75 + 0.5 * Math.random();
    return Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, Math.ceil((drainMs * spread) / 1000)));
  }

  private acquire(): Promise<void> {
    if (this.running < this.settings.concurrency && this.queue.length === 0) {
      this.running += 1;
      this.counters.admitted += 1;
      return Promise.resolve();
    }
    if (this.queue.length >= this.settings.queueLength) {
      this.counters.refusedQueueFull += 1;
      return Promise.reject(new LogInBusyError(this.retryAfterSeconds()));
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        enqueuedAt: performance.now(),
        admit: () => {
          clearTimeout(waiter.timer);
          const waited = performance.now() - waiter.enqueuedAt;
          this.counters.maxWaitMs = Math.max(this.counters.maxWaitMs, waited);
          this.counters.admitted += 1;
          resolve();
        },
        timer: setTimeout(() => {
          const index = this.queue.indexOf(waiter);
          if (index >= 0) {
            this.queue.splice(index, 1);
            this.counters.refusedWaitedTooLong += 1;
            reject(new LogInBusyError(this.retryAfterSeconds()));
          }
        }, this.settings.maxWaitMs),
      };
      this.queue.push(waiter);
    });
  }

  private release(): void {
    const next = this.queue.shift();
    if (next === undefined) {
      this.running -= 1;
    } else {
      // The turn passes straight to the next waiter: `running` stays the same.
      next.admit();
    }
  }
}

/** The admission of this process, for Services without their own (tests and the benchmark pass one). */
let processAdmission: LogInAdmission | undefined;
export function processLogInAdmission(): LogInAdmission {
  processAdmission ??= new LogInAdmission();
  return processAdmission;
}
