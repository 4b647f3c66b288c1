// The password hash runs on threads of its own at a low CPU priority (LOGIN_HASH_NICE, default 19,
// the lowest; set by createServices, so a server has it — tests keep the normal priority), so on a
// loaded server the kernel gives the cores to the event loop and to PostgreSQL first: a storm of
// log-ins takes only the CPU that authorizations, dispenses and reads leave idle (issue 12, item
// 4). When nothing else wants the CPU a hash runs at full speed; its strength is unchanged (the
// same scrypt, the same parameters). Node's own crypto.scrypt would run on libuv's shared thread
// pool at normal priority.
//
// The priority is set per thread: on Linux setpriority() with a thread id (read from
// /proc/thread-self) applies to that thread only. Where that is not available the threads keep
// the normal priority, and the log-in admission (logInAdmission.ts) still bounds how many run.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

export interface ScryptParameters {
  N: number;
  r: number;
  p: number;
  maxmem: number;
}

interface Job {
  password: string;
  salt: Buffer;
  keyLength: number;
  options: ScryptParameters;
  resolve: (key: Buffer) => void;
  reject: (error: Error) => void;
}

// Plain CommonJS, evaluated as the worker's script: no loader, no import of the app.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { scryptSync } = require('node:crypto');
const renice = (nice) => {
  try {
    const thread = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(thread) && thread > 0) require('node:os').setPriority(thread, nice);
  } catch {}
};
parentPort.on('message', (job) => {
  if (job.nice !== undefined) return renice(job.nice);
  try {
    const key = scryptSync(job.password, Buffer.from(job.salt), job.keyLength, job.options);
    parentPort.postMessage({ key });
  } catch (error) {
    parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
`;

/** The nice value of the hash threads (0: normal; 19: lowest). Lowering it back needs privileges. */
let threadNice = 0;

class HashThread {
  private readonly worker: Worker;
  private job: Job | null = null;
  dead = false;

  constructor(private readonly onIdle: (thread: HashThread) => void) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true });
    this.worker.unref();
    this.renice();
    this.worker.on('message', (answer: { key?: Uint8Array; error?: string }) => {
      const job = this.job;
      this.job = null;
      this.worker.unref();
      if (job !== null) {
        if (answer.key !== undefined) {
          job.resolve(Buffer.from(answer.key));
        } else {
          job.reject(new Error(`password hash failed: ${answer.error ?? 'unknown error'}`));
        }
      }
      this.onIdle(this);
    });
    const fail = (error: Error): void => {
      this.dead = true;
      const job = this.job;
      this.job = null;
      job?.reject(error);
      this.onIdle(this);
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => {
      fail(new Error(`password hash thread exited (${code})`));
    });
  }

  renice(): void {
    if (threadNice !== 0) {
      this.worker.postMessage({ nice: threadNice });
    }
  }

  get busy(): boolean {
    return this.job !== null;
  }

  run(job: Job): void {
    this.job = job;
    // Referenced while it works, so a process waiting only for a hash does not exit meanwhile.
    this.worker.ref();
    this.worker.postMessage({ password: job.password, salt: job.salt, keyLength: job.keyLength, options: job.options });
  }
}

/** One thread per core at most, started when first needed; hashes beyond them wait in order. */
class HashPool {
  private threads: HashThread[] = [];
  private readonly waiting: Job[] = [];

  constructor(private readonly size: number) {}

  derive(password: string, salt: Buffer, keyLength: number, options: ScryptParameters): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ password, salt, keyLength, options, resolve, reject });
      this.dispatch();
    });
  }

  renice(): void {
    for (const thread of this.threads) {
      thread.renice();
    }
  }

  private dispatch(): void {
    this.threads = this.threads.filter((thread) => !thread.dead);
    while (this.waiting.length > 0) {
      let idle = this.threads.find((thread) => !thread.busy);
      if (idle === undefined && this.threads.length < this.size) {
        idle = new HashThread(() => {
          this.dispatch();
        });
        this.threads.push(idle);
      }
      if (idle === undefined) {
        return;
      }
      idle.run(this.waiting.shift() as Job);
    }
  }
}

const pool = new HashPool(Math.max(1, availableParallelism()));

/**
 * The CPU priority of the hash threads from now on (LOGIN_HASH_NICE): 19 gives every other thread
 * of the machine the cores first. Raising the priority again (a lower value) needs privileges
 * and is ignored where it fails.
 */
export function setHashThreadNice(nice: number): void {
  threadNice = nice;
  pool.renice();
}

/** scrypt on a low-priority thread: the same key as crypto.scrypt with the same arguments. */
export function lowPriorityScrypt(password: string, salt: Buffer, keyLength: number, options: ScryptParameters): Promise<Buffer> {
  return pool.derive(password, salt, keyLength, options);
}
