// `npm test`: runs every *.test.ts under test/ and src/ with node's test runner, a few files at a time.
// Node 20's `node --test` neither expands glob patterns nor looks for .ts files by itself, so the
// files are listed here. Arguments are passed on: file paths replace the search, flags go to node,
// e.g. `npm test -- --test-name-pattern=migrat`, `npm test -- src/db/migrate.test.ts` or `npm test -- test/web`.

import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const searchedDirectories = ['test', 'src'];

async function findTestFiles(directory: string): Promise<string[]> {
  const entries = await fs.readdir(directory, { withFileTypes: true }).catch((error: unknown) => {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') {
      return [];
    }
    throw error;
  });
  const found: string[] = [];
  for (const entry of entries) {
    const entryPath = path.join(directory, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') {
      found.push(...(await findTestFiles(entryPath)));
    } else if (entry.isFile() && entry.name.endsWith('.test.ts')) {
      found.push(entryPath);
    }
  }
  return found;
}

const args = process.argv.slice(2);
const flags = args.filter((arg) => arg.startsWith('-'));
// A folder among the arguments stands for the test files under it (`npm test -- test/browser`).
let files = (
  await Promise.all(
    args
      .filter((arg) => !arg.startsWith('-'))
      .map(async (arg) =>
        (await fs.stat(arg).catch(() => null))?.isDirectory() === true
          ? (await findTestFiles(path.resolve(root, arg))).map((file) => path.relative(root, file)).sort()
          : [arg],
      ),
  )
).flat();
if (files.length === 0 && args.every((arg) => arg.startsWith('-'))) {
  files = (await Promise.all(searchedDirectories.map((dir) => findTestFiles(path.join(root, dir)))))
    .flat()
    .map((file) => path.relative(root, file))
    .sort();
}
if (files.length === 0) {
  console.error(`no *.test.ts files under ${searchedDirectories.join(', ')}`);
  process.exit(1);
}

// Test files run two (or up to four, on a bigger machine) at a time: each has its own database and
// ports, and much of a file's time is process start-up and waiting on PostgreSQL or Chromium.
// `npm test -- --test-concurrency=1` runs them one by one.
const concurrency = Math.max(1, Math.min(4, os.availableParallelism()));

const child = spawn(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...flags, ...files], { cwd: root, stdio: 'inherit' });
// Let Ctrl+C reach the runner (same process group) and report its outcome as ours.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? 128 + (signal === null ? 0 : os.constants.signals[signal])));
