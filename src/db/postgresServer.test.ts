// Lifecycle of the embedded cluster across processes: adoption after SIGKILL, stale postmaster.pid,
// stop on exit and on SIGTERM. Each scenario runs real node processes against one throwaway cluster.

import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { redactConnectionString, startEmbeddedCluster, type EmbeddedCluster } from './postgresServer.js';
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

  const start = (): Promise<EmbeddedCluster> => startEmbeddedCluster({ dataDir, port, settings: { listen_addresses: '127.0.0.1' } });

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
