// The architecture rules (.dependency-cruiser.js) hold on the real tree, and they catch what they
// are for: a throwaway tree that breaks each rule once must be refused rule by rule. Plus the one
// rule an import graph cannot see: the domain never reads the clock.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const depcruise = path.join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const RULES_FILE = '.dependency-cruiser.js';

interface Violation {
  from: string;
  to: string;
  rule: { name: string; severity: string };
}

/** Runs dependency-cruiser as `npm run lint:arch` does, in `cwd`, and returns what it refused. */
async function violationsIn(cwd: string, folders: string[]): Promise<Violation[]> {
  const run = await promisify(execFile)(process.execPath, [depcruise, ...folders, '--config', RULES_FILE, '--output-type', 'json'], {
    cwd,
    maxBuffer: 256 * 1024 * 1024,
    timeout: 120_000,
  }).catch((error: unknown) => {
    // It exits non-zero when it finds violations; the JSON is on stdout all the same.
    if (error instanceof Error && 'stdout' in error && typeof error.stdout === 'string' && error.stdout.startsWith('{')) {
      return { stdout: error.stdout };
    }
    throw error;
  });
  const result = JSON.parse(run.stdout) as { summary: { violations: Violation[] } };
  return result.summary.violations;
}

test('the real tree keeps the architecture: no violation of .dependency-cruiser.js', { timeout: 180_000 }, async () => {
  const violations = await violationsIn(root, ['src', 'web/src', 'bench', 'test']);
  assert.deepEqual(
    violations.map((violation) => `${violation.rule.name}: ${violation.from} → ${violation.to}`),
    [],
  );
});

test('the rules refuse each kind of wrong import, in a throwaway tree', { timeout: 180_000 }, async () => {
  const fixture = await fs.mkdtemp(path.join(os.tmpdir(), 'isocourse-architecture-'));
  try {
    await fs.copyFile(path.join(root, RULES_FILE), path.join(fixture, RULES_FILE));
    await fs.copyFile(path.join(root, 'tsconfig.json'), path.join(fixture, 'tsconfig.json'));
    await fs.writeFile(path.join(fixture, 'package.json'), JSON.stringify({ type: 'module', private: true }));
    // The real packages, so that kysely and temporal-polyfill resolve as they do in the project.
    await fs.symlink(path.join(root, 'node_modules'), path.join(fixture, 'node_modules'), 'dir');
    const files: Record<string, string> = {
      // The domain reaching the database layer, an I/O module, a Node built-in and an I/O package.
      'src/domain/rule.ts': [
        "import { Temporal } from 'temporal-polyfill';",
        "import { rows } from '../db/query.js';",
        "import fs from 'node:fs';",
        "import { sql } from 'kysely';",
        "import { createHash } from 'node:crypto';",
        'export const rule = [Temporal, rows, fs, sql, createHash];',
      ].join('\n'),
      // A domain test may use anything.
      'src/domain/rule.test.ts': "import { rows } from '../db/query.js';\nimport fs from 'node:fs';\nexport const t = [rows, fs];\n",
      // The database layer reaching up to the use cases' context (a type import counts too).
      'src/db/query.ts': "import type { Context } from '../services/context.js';\nexport const rows = (context: Context) => context;\n",
      'src/services/context.ts': 'export interface Context { today: string }\n',
      // A use case reaching an edge.
      'src/services/useCase.ts': "import { route } from '../api/route.js';\nexport type UseCase = { route: typeof route };\n",
      // A route querying the database itself, and importing the composition.
      'src/api/route.ts': "import { rows } from '../db/query.js';\nimport { settings } from '../config.js';\nexport const route = [rows, settings];\n",
      // An edge querying the database itself.
      'src/interop/edge.ts': "import { rows } from '../db/query.js';\nexport const edge = rows;\n",
      'src/config.ts': 'export const settings = {};\n',
      // Two modules in a circle.
      'src/api/left.ts': "import { right } from './right.js';\nexport const left = () => right;\n",
      'src/api/right.ts': "import { left } from './left.js';\nexport const right = () => left;\n",
      // The web app taking server code, and a domain value rather than a type.
      'web/src/page.ts': [
        "import { route } from '../../src/api/route';",
        "import { rule } from '../../src/domain/rule';",
        "import type { UseCase } from '../../src/services/useCase';",
        'export const page = [route, rule];',
        'export type PageUseCase = UseCase;',
      ].join('\n'),
      // What the web app may take: a domain type, in the one file that takes them.
      'web/src/apiTypes.ts': "import type { Context } from '../../src/domain/shared';\nexport type Allowed = Context;\n",
      'src/domain/shared.ts': 'export interface Context { today: string }\n',
      // Tests and the benchmark may import anything.
      'test/anything.test.ts': "import { rows } from '../src/db/query.js';\nimport { route } from '../src/api/route.js';\nexport const t = [rows, route];\n",
    };
    for (const [file, text] of Object.entries(files)) {
      await fs.mkdir(path.join(fixture, path.dirname(file)), { recursive: true });
      await fs.writeFile(path.join(fixture, file), text);
    }

    const found = [
      ...new Set(
        (await violationsIn(fixture, ['src', 'web/src', 'test'])).map(({ rule, from, to }) =>
          rule.name === 'no-circular'
            ? `${rule.name}: ${[from, to].sort().join(' ↔ ')}`
            : `${rule.name}: ${from} → ${to.replace(/^.*node_modules\/([^/]+)\/.*$/, 'node_modules/$1')}`,
        ),
      ),
    ].sort();
    assert.deepEqual(found, [
      'api-reaches-db-only-through-services: src/api/route.ts → src/db/query.ts',
      'db-below-services: src/db/query.ts → src/services/context.ts',
      'domain-imports-only-domain: src/domain/rule.ts → src/db/query.ts',
      'domain-no-io: src/domain/rule.ts → fs',
      'domain-no-io: src/domain/rule.ts → node_modules/kysely',
      'domain-no-node-modules-but-pure-ones: src/domain/rule.ts → crypto',
      'domain-no-node-modules-but-pure-ones: src/domain/rule.ts → fs',
      'domain-no-node-modules-but-pure-ones: src/domain/rule.ts → node_modules/kysely',
      'interop-reaches-db-only-through-services: src/interop/edge.ts → src/db/query.ts',
      'layers-do-not-import-the-composition: src/api/route.ts → src/config.ts',
      'no-circular: src/api/left.ts ↔ src/api/right.ts',
      'services-below-edges: src/services/useCase.ts → src/api/route.ts',
      'web-imports-only-shared-types: web/src/page.ts → src/api/route.ts',
      'web-imports-only-shared-types: web/src/page.ts → src/services/useCase.ts',
      'web-shares-types-not-code: web/src/page.ts → src/domain/rule.ts',
      'web-takes-server-types-in-one-place: web/src/page.ts → src/api/route.ts',
      'web-takes-server-types-in-one-place: web/src/page.ts → src/domain/rule.ts',
      'web-takes-server-types-in-one-place: web/src/page.ts → src/services/useCase.ts',
    ]);
  } finally {
    await fs.rm(fixture, { recursive: true, force: true });
  }
});

/** Reads of the clock: `Date.now()`, `new Date()` without an argument, `Temporal.Now`, `performance.now()`, `process.hrtime`. */
const CLOCK_READ = /\bDate\.now\s*\(|\bnew Date\s*\(\s*\)|\bTemporal\.Now\b|\bperformance\.now\s*\(|\bprocess\.hrtime\b/;

test('the clock pattern finds each way of reading the clock, and not a date made from a value', () => {
  for (const read of ['Date.now()', 'const d = new Date();', 'Temporal.Now.instant()', 'performance.now()', 'process.hrtime.bigint()']) {
    assert.match(read, CLOCK_READ, read);
  }
  for (const made of ['new Date(instant)', 'new Date(`${date}T00:00:00Z`)', 'Temporal.Instant.fromEpochMilliseconds(0)', 'services.now()']) {
    assert.doesNotMatch(made, CLOCK_READ, made);
  }
});

test('the domain never reads the clock: "today" and "now" are arguments (D-6)', async () => {
  const domain = path.join(root, 'src', 'domain');
  const sources = (await fs.readdir(domain, { recursive: true })).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'));
  assert.ok(sources.length > 10, 'the domain sources were found');
  const reads: string[] = [];
  for (const file of sources) {
    const lines = (await fs.readFile(path.join(domain, file), 'utf8')).split('\n');
    lines.forEach((line, index) => {
      const code = line.replace(/\/\/.*$/, '');
      if (CLOCK_READ.test(code)) {
        reads.push(`src/domain/${file}:${index + 1}: ${line.trim()}`);
      }
    });
  }
  assert.deepEqual(reads, []);
});

/**
 * What an edge must not do, though no import shows it: run a query itself. A route or an interop
 * module holding `services.db` (or a transaction from it) could select, insert, update or delete
 * without a use case's access check, audit row or transaction, and dependency-cruiser would not see
 * it (the Kysely instance arrives as a value, not an import of src/db).
 */
const EDGE_QUERY = /\.selectFrom\(|\.insertInto\(|\.updateTable\(|\.deleteFrom\(|\bsql`|\bservices\.db\b/;

test('the query pattern finds each way an edge could reach the database, and not a use case call', () => {
  for (const query of [
    "await trx.selectFrom('patients')",
    "db.insertInto('users')",
    ".updateTable('fhir_export_jobs')",
    "trx.deleteFrom('interop_access_tokens')",
    'sql`select 1`',
    'const user = await services.db',
    'matchPatient(services.db, actor, who)',
  ]) {
    assert.match(query, EDGE_QUERY, query);
  }
  for (const call of ['await currentUser(services, actor)', 'services.dbPool', 'const selectFromList = 1', 'services.now()']) {
    assert.doesNotMatch(call, EDGE_QUERY, call);
  }
});

test('src/api and src/interop reach the database only through src/services: no query and no services.db in an edge', async () => {
  const found: string[] = [];
  for (const edge of ['api', 'interop']) {
    const folder = path.join(root, 'src', edge);
    const sources = (await fs.readdir(folder, { recursive: true })).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'));
    assert.ok(sources.length > 5, `the src/${edge} sources were found`);
    for (const file of sources) {
      const lines = (await fs.readFile(path.join(folder, file), 'utf8')).split('\n');
      lines.forEach((line, index) => {
        if (EDGE_QUERY.test(line)) {
          found.push(`src/${edge}/${file}:${index + 1}: ${line.trim()}`);
        }
      });
    }
  }
  assert.deepEqual(found, []);
});
