// `npm run restore -- <file> [--replace]`: restores a backup made by `npm run backup` into the
// database `npm start` uses (the embedded one in ISOCOURSE_DATA_DIR, created if missing, or
// DATABASE_URL). That database must be empty, unless --replace, which replaces what it holds (the
// server must be stopped). One transaction: on any error the database is left as it was.
// src/db/restore.ts has the rules. Exits 0 when restored, 1 when not, 2 on a usage error.
import { parseArgs } from 'node:util';
import { readConfig } from '../config.js';
import { startDatabase } from '../db/postgresServer.js';
import { restoreDatabase } from '../db/restore.js';

const USAGE = 'usage: npm run restore -- <file> [--replace]';

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { replace: { type: 'boolean', default: false } } });
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const [file, ...extra] = parsed.positionals;
  if (file === undefined || extra.length > 0) {
    console.error(USAGE);
    return 2;
  }
  const config = readConfig();
  const startedAt = Date.now();
  const database = await startDatabase({
    dataDir: config.dataDir,
    ...(config.databaseUrl === undefined ? {} : { databaseUrl: config.databaseUrl }),
    leaveAdoptedRunning: true,
  });
  try {
    const { header, rows, upgradedWith, replaced } = await restoreDatabase(database.connectionString, file, {
      replace: parsed.values.replace,
      log: (message) => {
        console.log(`  ${message}`);
      },
    });
    console.log(
      `restored ${rows.toLocaleString('en-US')} rows of ${header.tables.length} tables from ${file} ` +
        `(made ${header.createdAt}, schema ${header.migrations.at(-1)}${upgradedWith.length > 0 ? `, upgraded with ${upgradedWith.join(', ')}` : ''})` +
        `${replaced ? ', replacing what the database held' : ''}; every table checked against the backup's checksums, ` +
        `in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`,
    );
    return 0;
  } finally {
    await database.stop();
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(`restore FAILED, the database is unchanged: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
