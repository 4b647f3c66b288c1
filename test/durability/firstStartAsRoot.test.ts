// The first `npm start` as root (a container, a fresh server) from a clone in a directory only root
// may enter, such as root's home (mode 700). PostgreSQL runs as the `postgres` OS user, which cannot
// reach node_modules or ./data there: the start must still work, placing what that user needs where
// it can reach it and saying so in one line (src/db/postgresServer.ts, chooseEmbeddedLayout), and
// `npm run audit:verify` must find the data where the server put it. A data directory someone chose
// (ISOCOURSE_DATA_DIR) out of that user's reach stops the start with one plain sentence instead.
//
// The clone is the working tree's files as a clone has them (tracked and not ignored, so the code
// under test runs whether committed or not), with node_modules hard-linked from this project's (a
// copy when that is another file system): real paths inside the 700 directory, as after `npm ci`.
//
// It leaves the copy of PostgreSQL's programs in /usr/local/lib/isocourse (made once per version and
// shared by every such start on this machine, so another server may be running from it); it removes
// everything else it made, and ends only the processes it started.

import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freePort, isAlive, sleep, waitFor } from '../support/waiting.js';
import { present } from '../support/present.js';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const READY_TIMEOUT_MS = 60_000;
const COMMAND_TIMEOUT_MS = 30_000;

const skip =
  process.getuid?.() !== 0
    ? 'runs only as root (the case of a container or a fresh server): PostgreSQL then runs as the postgres OS user'
    : process.env['DATABASE_URL']
      ? 'DATABASE_URL is set; the embedded pass of CI covers this'
      : false;

describe('the first start as root from a clone only root may enter', { skip, timeout: 150_000 }, () => {
  let workDir: string;
  let clone: string;
  let env: NodeJS.ProcessEnv;
  let server: ChildProcess | undefined;
  /** The data directory the server reported, and the postmaster it started there. */
  let dataDir: string | undefined;
  let postmaster: number | undefined;

  before(async () => {
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'isocourse-root-only-'));
    await fs.chmod(workDir, 0o700);
    clone = path.join(workDir, 'isocourse');
    await copyWorkingTree(projectRoot, clone);
    const modules = await fs.realpath(path.join(projectRoot, 'node_modules'));
    const linked = await run('cp', ['-al', modules, path.join(clone, 'node_modules')], { cwd: workDir });
    if (linked.code !== 0) {
      await fs.rm(path.join(clone, 'node_modules'), { recursive: true, force: true });
      assert.equal((await run('cp', ['-a', modules, path.join(clone, 'node_modules')], { cwd: workDir })).code, 0);
    }
    // A built web app, newer than its sources: building it (what `npm start` does first in a fresh
    // clone, about 30 s) is not what this test is about.
    const index = path.join(clone, 'web', 'dist', 'index.html');
    await fs.mkdir(path.dirname(index), { recursive: true });
    await fs.writeFile(index, '<!doctype html><title>isocourse</title>\n');
    const later = new Date(Date.now() + 3_600_000);
    await fs.utimes(index, later, later);

    env = {
      ...process.env,
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
      ISOCOURSE_PG_PORT: String(await freePort()),
      ISOCOURSE_DEMO: 'false',
      LOG_REQUESTS: 'false',
      DATABASE_URL: '',
    };
    delete env['ISOCOURSE_DATA_DIR'];
  });

  after(async () => {
    if (server !== undefined && server.exitCode === null && server.signalCode === null) {
      server.kill('SIGKILL');
    }
    // Only the postmaster this test's server started, and only if it still is that one.
    if (dataDir !== undefined && postmaster !== undefined && (await postmasterPid(dataDir)) === postmaster && isAlive(postmaster)) {
      process.kill(postmaster, 'SIGQUIT');
      await waitFor(() => !isAlive(present(postmaster)), 10_000).catch(() => {});
    }
    await fs.rm(workDir, { recursive: true, force: true });
    if (dataDir?.startsWith('/var/lib/isocourse/') === true) {
      for (const file of [dataDir, `${dataDir}.password`, `${dataDir}.lock`]) {
        await fs.rm(file, { recursive: true, force: true });
      }
    }
  });

  test('npm start works, says where the data lives, and audit:verify finds it there', async () => {
    assert.equal((await fs.stat(workDir)).mode & 0o777, 0o700);
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: clone, env, stdio: ['ignore', 'pipe', 'pipe'] });
    server = child;
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => {
        resolve(code);
      }),
    );
    let exitCode: number | null | undefined;
    void exited.then((code) => (exitCode = code));

    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      assert.equal(exitCode, undefined, `the server exited before it was ready:\n${output}`);
      assert.ok(Date.now() < deadline, `the server was not ready within ${READY_TIMEOUT_MS} ms:\n${output}`);
      const health = await fetch(`http://127.0.0.1:${env['PORT']}/api/health`).catch(() => undefined);
      if (health?.ok === true) {
        break;
      }
      await sleep(100);
    }

    // One line says where and why.
    const notice = new RegExp(
      `^\\[isocourse\\] PostgreSQL runs as the OS user "postgres", which cannot enter ${escape(workDir)} \\(mode 700\\), ` +
        'so its data lives in (/var/lib/isocourse/\\S+) and its programs run from a copy in (/usr/local/lib/isocourse/\\S+|\\S+/isocourse-programs/\\S+)$',
      'm',
    ).exec(output);
    assert.ok(notice !== null, output);
    dataDir = present(notice[1]);
    const programs = present(notice[2]);
    assert.match(output, new RegExp(`database: embedded PostgreSQL in ${escape(dataDir)}$`, 'm'));
    assert.doesNotMatch(output, /^\s+at /m, 'no stack trace');
    postmaster = await postmasterPid(dataDir);
    assert.ok(postmaster !== undefined && isAlive(postmaster), output);

    // The data: the postgres user's alone; its password: root's alone. The programs: only root may change them.
    const postgresUid = Number((await run('id', ['-u', 'postgres'], { cwd: '/' })).stdout.trim());
    const data = await fs.stat(dataDir);
    assert.deepEqual([data.uid, data.mode & 0o777], [postgresUid, 0o700]);
    const password = await fs.stat(`${dataDir}.password`);
    assert.deepEqual([password.uid, password.mode & 0o777], [0, 0o600]);
    for (const file of [programs, path.join(programs, 'bin'), path.join(programs, 'bin', 'postgres'), path.join(programs, 'lib')]) {
      const stat = await fs.lstat(file);
      assert.equal(stat.uid, 0, file);
      assert.equal(stat.mode & 0o022, 0, `${file} is writable by others`);
    }
    assert.equal(readFileSync(`/proc/${postmaster}/cmdline`, 'utf8').split('\0')[0], path.join(programs, 'bin', 'postgres'));
    await assert.rejects(fs.access(path.join(clone, 'data', 'PG_VERSION')), 'no cluster in ./data');

    // The commands beside the server open the same database.
    const verified = await run(process.execPath, ['--import', 'tsx', 'src/scripts/auditVerify.ts'], { cwd: clone, env });
    assert.equal(verified.code, 0, verified.stdout + verified.stderr);
    assert.match(verified.stdout, /^audit trail intact/);

    child.kill('SIGTERM');
    assert.equal(await exited, 0, output);
    await waitFor(() => !isAlive(present(postmaster)));
    assert.match(output, /stopped PostgreSQL/);
  });

  test('an ISOCOURSE_DATA_DIR the postgres user cannot reach stops the start with one sentence', async () => {
    const chosen = path.join(clone, 'chosen-data');
    const result = await run(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: clone,
      env: { ...env, ISOCOURSE_DATA_DIR: chosen },
    });
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.equal(
      result.stderr.trim(),
      `[isocourse] cannot start: PostgreSQL runs as the OS user "postgres", which cannot enter ${workDir} (mode 700) ` +
        `on the way to the data directory ${chosen}; set ISOCOURSE_DATA_DIR to a directory it can reach (e.g. under /var/lib/isocourse), ` +
        'or unset it to let isocourse choose',
    );
    await assert.rejects(fs.access(chosen), 'nothing was made there');
  });
});

/** The files a clone of this working tree has: tracked (as they are now) and untracked but not ignored. */
async function copyWorkingTree(from: string, to: string): Promise<void> {
  const listed = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: from });
  assert.equal(listed.code, 0, listed.stderr);
  for (const file of listed.stdout.split('\0').filter((name) => name !== '')) {
    await fs.mkdir(path.dirname(path.join(to, file)), { recursive: true });
    await fs.cp(path.join(from, file), path.join(to, file), { verbatimSymlinks: true }).catch((error: unknown) => {
      // Deleted in the working tree but not yet in git's index: a clone of the tree would not have it.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw error;
      }
    });
  }
}

/** Runs a command to its end, killed after COMMAND_TIMEOUT_MS. */
function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), COMMAND_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

async function postmasterPid(dataDir: string): Promise<number | undefined> {
  const text = await fs.readFile(path.join(dataDir, 'postmaster.pid'), 'utf8').catch(() => undefined);
  return text === undefined ? undefined : Number(text.split('\n')[0]);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
