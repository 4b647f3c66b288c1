// Throwaway clusters of Debian's PostgreSQL for the availability tests (test/availability: failover,
// point-in-time recovery): initdb, configuration, start, the roles the app and the replication use,
// a base backup or streaming standby by pg_basebackup, promote, SIGKILL, stop. Everything lives
// in one temporary directory; the superuser `postgres` reaches each server over a Unix socket in its
// own data directory (trust, reachable only by the directory's owner), the application and
// replication roles over TCP on 127.0.0.1 with passwords.
//
// As root (CI), the programs run as the `postgres` OS user through `runuser`, as .ci/run does; as
// anyone else, as that user. Every process stopped here is one this file started, by its pid.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort, isAlive, sleep, waitFor } from './waiting.js';

/** Where Debian's PostgreSQL programs are: ISOCOURSE_PG_BIN, else the newest /usr/lib/postgresql/N/bin. */
export const PG_BIN =
  process.env['ISOCOURSE_PG_BIN']?.trim() ||
  (() => {
    const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').filter((name) => /^\d+$/.test(name)) : [];
    const newest = versions.sort((a, b) => Number(a) - Number(b)).pop();
    return newest === undefined ? '/usr/lib/postgresql/15/bin' : `/usr/lib/postgresql/${newest}/bin`;
  })();

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Why the availability tests cannot run here, or undefined when they can. */
export async function whyNoPostgres(): Promise<string | undefined> {
  for (const program of ['initdb', 'pg_ctl', 'pg_basebackup']) {
    if (!existsSync(path.join(PG_BIN, program))) {
      return `Debian's PostgreSQL is not installed (no ${path.join(PG_BIN, program)}; apt-get install postgresql, or set ISOCOURSE_PG_BIN)`;
    }
  }
  if (isRoot && (await run('id', ['-u', 'postgres'], { asPostgres: false }).catch(() => undefined)) === undefined) {
    return 'running as root, and there is no `postgres` OS user to run PostgreSQL as';
  }
  return undefined;
}

/** Runs a program to its end; rejects with its stderr when it fails. */
export function run(program: string, args: string[], options: { asPostgres?: boolean; cwd?: string } = {}): Promise<string> {
  const [command, commandArgs] = isRoot && (options.asPostgres ?? true) ? ['runuser', ['-u', 'postgres', '--', program, ...args]] : [program, args];
  return new Promise((resolve, reject) => {
    // stdin closed, output piped: pg_ctl start leaves the postmaster writing to its own log file.
    const child = spawn(command, commandArgs, { stdio: ['ignore', 'pipe', 'pipe'], cwd: options.cwd ?? os.tmpdir() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) {
        resolve(stdout);
      } else {
        reject(new Error(`${path.basename(program)} ${args[0] ?? ''} failed (${code}): ${stderr.trim() || stdout.trim()}`));
      }
    });
  });
}

export const pgProgram = (name: string): string => path.join(PG_BIN, name);

/** A temporary directory PostgreSQL's OS user owns (mode 700). */
export async function makeWorkDir(prefix: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  if (isRoot) {
    await run('chown', ['postgres:postgres', dir], { asPostgres: false });
  }
  await fs.chmod(dir, 0o700);
  return dir;
}

export async function removeWorkDir(dir: string): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true });
}

/** A random password of URL-safe characters. */
export const newPassword = (): string => randomBytes(18).toString('base64url');

export class PgNode {
  constructor(
    readonly name: string,
    readonly dataDir: string,
    readonly port: number,
  ) {}

  get logFile(): string {
    return `${this.dataDir}.log`;
  }

  /** Appends settings to postgresql.auto.conf (read after postgresql.conf, so they win). */
  async configure(settings: Record<string, string>): Promise<void> {
    const lines = Object.entries(settings).map(([key, value]) => `${key} = '${value.replaceAll("'", "''")}'\n`);
    await fs.appendFile(path.join(this.dataDir, 'postgresql.auto.conf'), lines.join(''));
  }

  async start(): Promise<void> {
    await run(pgProgram('pg_ctl'), ['-D', this.dataDir, '-l', this.logFile, '-w', '-t', '60', '-s', 'start']);
  }

  /** The postmaster's pid, from postmaster.pid; undefined when it is not running. */
  async postmasterPid(): Promise<number | undefined> {
    const text = await fs.readFile(path.join(this.dataDir, 'postmaster.pid'), 'utf8').catch(() => undefined);
    const pid = Number(text?.split('\n')[0]);
    return Number.isSafeInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
  }

  /** SIGKILL to the postmaster, as when its machine dies: no shutdown, no last WAL sent. */
  async kill(): Promise<void> {
    const pid = await this.postmasterPid();
    if (pid === undefined) {
      throw new Error(`${this.name} is not running`);
    }
    process.kill(pid, 'SIGKILL');
    await waitFor(() => !isAlive(pid), 10_000);
  }

  async promote(): Promise<void> {
    await run(pgProgram('pg_ctl'), ['-D', this.dataDir, '-w', '-t', '60', '-s', 'promote']);
  }

  /** Stops the server if it runs (immediate: a test's cluster is thrown away). */
  async stop(): Promise<void> {
    if ((await this.postmasterPid()) === undefined) {
      return;
    }
    await run(pgProgram('pg_ctl'), ['-D', this.dataDir, '-m', 'immediate', '-w', '-t', '60', '-s', 'stop']).catch(async (error: unknown) => {
      const pid = await this.postmasterPid();
      if (pid === undefined) {
        return;
      }
      process.kill(pid, 'SIGKILL');
      throw error;
    });
  }

  /** Runs SQL as the superuser over the Unix socket in the data directory. */
  async sql<Row extends Record<string, unknown> = Record<string, unknown>>(text: string, values: unknown[] = [], database = 'postgres'): Promise<Row[]> {
    const client = new pg.Client({ host: this.dataDir, port: this.port, user: 'postgres', database, connectionTimeoutMillis: 5000 });
    await client.connect();
    try {
      return (await client.query<Row>(text, values)).rows;
    } finally {
      await client.end();
    }
  }
}

/** initdb a primary in <workDir>/<name>, with `settings` in its postgresql.conf (not started). */
export async function initPrimary(workDir: string, name: string, settings: Record<string, string>): Promise<PgNode> {
  const node = new PgNode(name, path.join(workDir, name), await freePort());
  await run(pgProgram('initdb'), [
    '-D',
    node.dataDir,
    '-U',
    'postgres',
    '--encoding=UTF8',
    '--locale=C.UTF-8',
    '--auth-local=trust',
    '--auth-host=scram-sha-256',
  ]);
  const all: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    port: String(node.port),
    unix_socket_directories: node.dataDir,
    timezone: 'UTC',
    log_timezone: 'UTC',
    max_connections: '100',
    // The tests kill PostgreSQL, never the machine: what a server wrote is in the OS's page cache
    // and survives, so flushing it to the disk changes nothing they show, and costs CI seconds.
    // Synchronous replication is unaffected: a commit still waits until the standby has the WAL.
    fsync: process.env['ISOCOURSE_AVAILABILITY_FSYNC'] ?? 'off',
    ...settings,
  };
  await fs.appendFile(
    path.join(node.dataDir, 'postgresql.conf'),
    Object.entries(all)
      .map(([key, value]) => `${key} = '${value.replaceAll("'", "''")}'\n`)
      .join(''),
  );
  return node;
}

/**
 * A base backup of `primary` (pg_basebackup over TCP as `replicator`, WAL streamed along) into
 * <workDir>/<name>. With `standby`, -R makes it a streaming standby of the primary named `name`
 * (application_name, which synchronous_standby_names refers to); the settings go into its
 * postgresql.auto.conf.
 */
export async function baseBackup(
  primary: PgNode,
  workDir: string,
  name: string,
  replication: { user: string; password: string },
  options: { standby: boolean; settings?: Record<string, string> },
): Promise<PgNode> {
  const node = new PgNode(name, path.join(workDir, name), await freePort());
  const conninfo = `host=127.0.0.1 port=${primary.port} user=${replication.user} password=${replication.password} application_name=${name}`;
  await run(pgProgram('pg_basebackup'), ['-d', conninfo, '-D', node.dataDir, '-X', 'stream', '--checkpoint=fast', ...(options.standby ? ['-R'] : [])]);
  await node.configure({
    port: String(node.port),
    unix_socket_directories: node.dataDir,
    ...(options.standby ? { primary_conninfo: conninfo } : {}),
    ...options.settings,
  });
  return node;
}

/** A role and its password, as the app or pg_basebackup logs in over TCP. */
export interface RoleLogin {
  user: string;
  password: string;
}

/**
 * On a started primary: the application's role `isocourse` (it creates its tables in the database
 * `postgres`) and the replication role `replicator`, each with a new random password.
 */
export async function createRoles(primary: PgNode): Promise<{ app: RoleLogin; replication: RoleLogin }> {
  const app = { user: 'isocourse', password: newPassword() };
  const replication = { user: 'replicator', password: newPassword() };
  await primary.sql(`CREATE ROLE ${app.user} LOGIN CREATEDB PASSWORD '${app.password}'`);
  await primary.sql(`CREATE ROLE ${replication.user} LOGIN REPLICATION PASSWORD '${replication.password}'`);
  return { app, replication };
}

/**
 * The app's DATABASE_URL listing `nodes` in this order (target_session_attrs=read-write: it passes
 * over a read-only server to the primary; connect_timeout bounds a host that does not answer).
 */
export function appDatabaseUrl(app: RoleLogin, nodes: PgNode[]): string {
  const hosts = nodes.map((node) => `127.0.0.1:${node.port}`).join(',');
  return `postgres://${app.user}:${app.password}@${hosts}/postgres?target_session_attrs=read-write&connect_timeout=2`;
}

/** Stops every node that runs (each by its own data directory, or its postmaster's pid) and removes the work directory. */
export async function removeCluster(workDir: string | undefined, nodes: Array<PgNode | undefined>): Promise<void> {
  for (const node of nodes) {
    await node?.stop().catch(() => {});
  }
  if (workDir !== undefined) {
    await removeWorkDir(workDir);
  }
}

/** Waits until `primary` reports `standbyName` as a synchronous standby. */
export async function waitForSyncStandby(primary: PgNode, standbyName: string, timeoutMs = 30_000): Promise<void> {
  await waitFor(async () => {
    const rows = await primary.sql<{ sync_state: string }>('SELECT sync_state FROM pg_stat_replication WHERE application_name = $1', [standbyName]);
    return rows[0]?.sync_state === 'sync';
  }, timeoutMs);
}

export { sleep };
