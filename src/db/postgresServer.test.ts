// Lifecycle of the embedded cluster across processes: adoption after SIGKILL, stale postmaster.pid and
// socket lock files, stop on exit and on SIGTERM, the Unix socket the application connects through.
// Each scenario runs real node processes against one throwaway cluster.

import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { sql } from 'kysely';
import { createDatabase } from './database.js';
import { redactConnectionString, startDatabase, startEmbeddedCluster, type EmbeddedCluster } from './postgresServer.js';
import { freePort, waitFor } from '../../test/support/waiting.js';

test('redactConnectionString hides the password only', () => {
  assert.equal(redactConnectionString('postgres://isocourse:s3cret@127.0.0.1:5432/isocourse'), 'postgres://isocourse:***@127.0.0.1:5432/isocourse');
  assert.equal(redactConnectionString('postgres://127.0.0.1/db'), 'postgres://127.0.0.1/db');
  assert.equal(redactConnectionString('not a url'), '<unparseable connection string>');
});

const moduleUrl = new URL('./postgresServer.ts', import.meta.url).href;
const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

// The embedded pass of CI covers this; a run against DATABASE_URL need not start clusters again.
describe('embedded cluster lifecycle', { skip: process.env['DATABASE_URL'] ? 'DATABASE_URL is set' : false }, () => {
  let workDir: string;
  let dataDir: string;
  let port: number;

  before(async () => {
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'isocourse-lifecycle-'));
    // PostgreSQL runs as the `postgres` OS user when we are root: it must be able to enter the directory.
    await fs.chmod(workDir, 0o755);
    dataDir = path.join(workDir, 'pg');
    port = await freePort();
  });
  after(async () => {
    await postmasterPid()
      .then((pid) => pid !== undefined && process.kill(pid, 'SIGQUIT'))
      .catch(() => {});
    await waitFor(async () => (await postmasterPid()) === undefined).catch(() => {});
    await fs.rm(workDir, { recursive: true, force: true });
  });

  const start = (unixSocket = true): Promise<EmbeddedCluster> =>
    startEmbeddedCluster({ dataDir, port, settings: { listen_addresses: '127.0.0.1' }, unixSocket });
  const socketLockFile = (): string => path.join(dataDir, `.s.PGSQL.${port}.lock`);

  async function postmasterPid(): Promise<number | undefined> {
    const text = await fs.readFile(path.join(dataDir, 'postmaster.pid'), 'utf8').catch(() => undefined);
    return text === undefined ? undefined : Number(text.split('\n')[0]);
  }

  test('a postmaster left by a SIGKILLed process is adopted, then stopped by stop()', async () => {
    const child = runNode(`
      import { startEmbeddedCluster } from ${JSON.stringify(moduleUrl)};
      await startEmbeddedCluster({ dataDir: ${JSON.stringify(dataDir)}, port: ${port}, settings: {} });
      console.log('READY');
      setInterval(() => {}, 1000);
    `);
    await child.output(/READY/);
    child.process.kill('SIGKILL');
    await child.exited;

    const orphan = await postmasterPid();
    assert.ok(orphan !== undefined && isAlive(orphan), 'the postmaster outlives the killed process');

    const cluster = await start();
    assert.equal(cluster.origin, 'adopted');
    assert.equal(await selectOne(cluster), 1);

    await Promise.all([cluster.stop(), cluster.stop()]);
    await cluster.stop();
    assert.equal(await postmasterPid(), undefined);
    assert.equal(isAlive(orphan), false);
  });

  test('a postmaster.pid naming a dead process does not block the start', async () => {
    const first = await start();
    const lockFile = await fs.readFile(path.join(dataDir, 'postmaster.pid'), 'utf8');
    await first.stop();

    const finished = runNode('');
    await finished.exited;
    const deadPid = finished.process.pid ?? assert.fail('the child has no pid');
    const stale = path.join(dataDir, 'postmaster.pid');
    await fs.writeFile(stale, lockFile.replace(/^\d+/, String(deadPid)));
    const owner = await fs.stat(dataDir);
    await fs.chown(stale, owner.uid, owner.gid);

    const cluster = await start();
    assert.equal(cluster.origin, 'started');
    assert.equal(await selectOne(cluster), 1);
    await cluster.stop();
  });

  test('a socket lock file naming a zombie or a reused pid does not block the start', async () => {
    const first = await start();
    // The data directory's path is short enough: the socket lives there, beside postmaster.pid.
    assert.equal(first.socketDirectory, dataDir);
    const [pidFile, lockFile] = await Promise.all([fs.readFile(path.join(dataDir, 'postmaster.pid'), 'utf8'), fs.readFile(socketLockFile(), 'utf8')]);
    await first.stop();
    assert.equal(await fs.stat(socketLockFile()).catch(() => undefined), undefined, 'a clean stop removes the lock file');

    // A postmaster killed in a container whose pid 1 does not reap: its pid lives on as a zombie.
    // `sleep 0` exits, and its parent, the shell turned into `sleep 60` by exec, never waits for it.
    // Both run as PostgreSQL's OS user, as the dead postmaster did: PostgreSQL's own check takes a
    // pid of another user (EPERM) for stale, but not one of its own user.
    const owner = await fs.stat(dataDir);
    const asOwner = process.getuid?.() === 0 ? { uid: owner.uid, gid: owner.gid } : {};
    const parent = spawn('/bin/sh', ['-c', 'sleep 0 & echo $!; exec sleep 60'], { ...asOwner, cwd: '/', stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const zombie = await new Promise<number>((resolve) => {
        parent.stdout.once('data', (chunk: Buffer) => {
          resolve(Number(chunk.toString().trim()));
        });
      });
      await waitFor(() => /^\d+ \(.*\) Z/.test(readProcStat(zombie)));
      const leave = async (file: string, text: string, pid: number): Promise<void> => {
        await fs.writeFile(file, text.replace(/^\d+/, String(pid)));
        await fs.chown(file, owner.uid, owner.gid);
      };

      await leave(path.join(dataDir, 'postmaster.pid'), pidFile, zombie);
      await leave(socketLockFile(), lockFile, zombie);
      const afterZombie = await start();
      assert.equal(afterZombie.origin, 'started');
      assert.equal(await selectOne(afterZombie), 1);
      const newPid = (await postmasterPid()) ?? assert.fail('no postmaster.pid');
      assert.match(await fs.readFile(socketLockFile(), 'utf8'), new RegExp(`^${newPid}\n`), 'the new postmaster holds the lock');
      await afterZombie.stop();

      // The pid given to an unrelated live process (the `sleep 60`), with no postmaster.pid left.
      const reused = parent.pid ?? assert.fail('no pid');
      await leave(socketLockFile(), lockFile, reused);
      const afterReuse = await start();
      assert.equal(afterReuse.origin, 'started');
      assert.equal(await selectOne(afterReuse), 1);

      // A running postmaster's lock is never touched: the next start adopts it, through the socket.
      const adopted = await start();
      assert.equal(adopted.origin, 'adopted');
      assert.equal(adopted.socketDirectory, dataDir);
      assert.match(await fs.readFile(socketLockFile(), 'utf8'), new RegExp(`^${(await postmasterPid()) ?? 0}\n`));
      assert.equal(await selectOne(adopted), 1);
      await afterReuse.stop();
    } finally {
      parent.kill('SIGKILL');
    }
  });

  test('a postmaster started without a socket is adopted over TCP, not restarted', async () => {
    const tcpOnly = await start(false);
    assert.equal(tcpOnly.socketDirectory, undefined);
    const pid = await postmasterPid();
    const adopted = await start(true);
    assert.equal(adopted.origin, 'adopted');
    assert.equal(adopted.socketDirectory, undefined);
    assert.equal(await serverAddress(adopted.connectionString('postgres')), '127.0.0.1');
    assert.equal(await postmasterPid(), pid);
    await adopted.stop();
  });

  test('a data directory too deep for a socket path gets a private socket directory under tmpdir', async () => {
    const deepDir = path.join(workDir, 'd'.repeat(90));
    const deepPort = await freePort();
    const startDeep = (): Promise<EmbeddedCluster> =>
      startEmbeddedCluster({ dataDir: deepDir, port: deepPort, settings: { listen_addresses: '127.0.0.1' }, unixSocket: true });
    const cluster = await startDeep();
    const socketDirectory = cluster.socketDirectory ?? assert.fail('no socket directory');
    try {
      assert.equal(path.dirname(socketDirectory), os.tmpdir());
      const stat = await fs.lstat(socketDirectory);
      assert.ok(stat.isDirectory());
      assert.equal(stat.mode & 0o777, 0o700);
      assert.equal(stat.uid, (await fs.stat(deepDir)).uid, "owned by PostgreSQL's OS user");
      assert.equal(await serverAddress(cluster.connectionString('postgres')), null);
      await cluster.stop();

      // A directory others may write to (someone else may have made it) is not used: TCP instead.
      await fs.chmod(socketDirectory, 0o777);
      const overTcp = await startDeep();
      assert.equal(overTcp.socketDirectory, undefined);
      assert.equal(await serverAddress(overTcp.connectionString('postgres')), '127.0.0.1');
      await overTcp.stop();
    } finally {
      await cluster.stop();
      await fs.rm(socketDirectory, { recursive: true, force: true });
    }
  });

  test("startDatabase's pool connects through the Unix socket; ISOCOURSE_PG_SOCKET=false keeps it on TCP", async () => {
    const saved = new Map(['ISOCOURSE_PG_PORT', 'DATABASE_URL', 'ISOCOURSE_PG_SOCKET'].map((name) => [name, process.env[name]]));
    Object.assign(process.env, { ISOCOURSE_PG_PORT: String(port), DATABASE_URL: '', ISOCOURSE_PG_SOCKET: '' });
    try {
      const server = await startDatabase({ dataDir });
      try {
        assert.equal(server.socketDirectory, dataDir);
        // inet_server_addr() is NULL on a Unix-socket connection, the address over TCP.
        assert.equal(await serverAddress(server.connectionString), null);
        const tcp = new URL(server.connectionString);
        tcp.search = '';
        assert.equal(await serverAddress(tcp.toString()), '127.0.0.1', 'TCP on 127.0.0.1 stays for tools');
      } finally {
        await server.stop();
      }

      process.env['ISOCOURSE_PG_SOCKET'] = 'false';
      const overTcp = await startDatabase({ dataDir });
      try {
        assert.equal(overTcp.socketDirectory, undefined);
        assert.equal(await serverAddress(overTcp.connectionString), '127.0.0.1');
        assert.equal(await fs.stat(socketLockFile()).catch(() => undefined), undefined, 'no socket at all');
      } finally {
        await overTcp.stop();
      }

      process.env['ISOCOURSE_PG_SOCKET'] = 'no';
      await assert.rejects(startDatabase({ dataDir }), /ISOCOURSE_PG_SOCKET must be true or false/);
    } finally {
      for (const [name, value] of saved) {
        if (value === undefined) {
          Reflect.deleteProperty(process.env, name);
        } else {
          process.env[name] = value;
        }
      }
    }
  });

  test('startDatabase stops the cluster when its process exits or gets SIGTERM', async () => {
    const env = { ...process.env, ISOCOURSE_PG_PORT: String(port), DATABASE_URL: '' };
    const script = (then: string): string => `
      import { startDatabase, stopOnShutdownSignals } from ${JSON.stringify(moduleUrl)};
      const server = await startDatabase({ dataDir: ${JSON.stringify(dataDir)} });
      stopOnShutdownSignals(server);
      console.log('READY');
      ${then}
    `;

    const natural = runNode(script(''), env);
    await natural.output(/READY/);
    assert.equal(await natural.exited, 0);
    await waitFor(async () => (await postmasterPid()) === undefined);

    const signalled = runNode(script('setInterval(() => {}, 1000);'), env);
    await signalled.output(/READY/);
    signalled.process.kill('SIGTERM');
    assert.equal(await signalled.exited, 0);
    // stop() waited for the shutdown before the process exited.
    assert.equal(await postmasterPid(), undefined);
  });
});

/** inet_server_addr() through the application's pool (createDatabase), as the server connects. */
async function serverAddress(connectionString: string): Promise<string | null> {
  const db = createDatabase(connectionString, { max: 1 });
  try {
    const { rows } = await sql<{ address: string | null }>`SELECT host(inet_server_addr()) AS address`.execute(db);
    const [row] = rows;
    return row === undefined ? assert.fail('no row') : row.address;
  } finally {
    await db.destroy();
  }
}

async function selectOne(cluster: EmbeddedCluster): Promise<number> {
  const client = new pg.Client({ connectionString: cluster.connectionString('postgres') });
  await client.connect();
  try {
    return ((await client.query<{ one: number }>('SELECT 1 AS one')).rows[0] ?? assert.fail('no row')).one;
  } finally {
    await client.end();
  }
}

interface NodeChild {
  process: ChildProcess;
  /** Resolves once stdout matched. */
  output(pattern: RegExp): Promise<void>;
  exited: Promise<number | null>;
}

function runNode(source: string, env: NodeJS.ProcessEnv = process.env): NodeChild {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', source], {
    cwd: projectRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      resolve(code);
    }),
  );
  return {
    process: child,
    exited,
    output: (pattern) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          if (pattern.test(stdout)) {
            resolve();
          }
        };
        child.stdout.on('data', check);
        void exited.then((code) => {
          if (pattern.test(stdout)) {
            resolve();
          } else {
            reject(new Error(`child exited (${code}) before ${pattern}: ${stderr}`));
          }
        });
        check();
      }),
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie (exited, not yet reaped by a pid 1 that never reaps) has stopped too.
  return !/^\d+ \(.*\) [ZX]/.test(readProcStat(pid));
}

function readProcStat(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return '';
  }
}
