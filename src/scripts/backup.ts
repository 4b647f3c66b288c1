// `npm run backup -- <file>`: writes a backup of the database `npm start` uses (the embedded one in
// ISOCOURSE_DATA_DIR, or DATABASE_URL) to <file>, e.g. isocourse-2026-03-01.backup.gz. The server
// may keep running: the backup reads one consistent snapshot (src/db/backup.ts says what is in it).
// Exits 0 when the file is complete, 1 when no backup was written, 2 on a usage error.
import { parseArgs } from 'node:util';
import { readConfig } from '../config.js';
import { backUpDatabase } from '../db/backup.js';
import { startDatabase } from '../db/postgresServer.js';

const USAGE = 'usage: npm run backup -- <file>';

async function main(): Promise<number> {
  const { positionals } = parseArgs({ allowPositionals: true, options: {} });
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) {
    console.error(USAGE);
    return 2;
  }
  const config = readConfig();
  const startedAt = Date.now();
  // Beside a running server, its PostgreSQL is used and left running.
  const database = await startDatabase({
    dataDir: config.dataDir,
    ...(config.databaseUrl === undefined ? {} : { databaseUrl: config.databaseUrl }),
    leaveAdoptedRunning: true,
    // Found where the server put it (postgresServer.ts, chooseEmbeddedLayout); never created here.
    requireExisting: true,
  });
  try {
    const {
      header,
      bytes,
      file: written,
    } = await backUpDatabase(database.connectionString, file, {
      log: (message) => {
        console.log(`  ${message}`);
      },
    });
    const rows = header.tables.reduce((sum, table) => sum + table.rows, 0);
    console.log(
      `backed up ${rows.toLocaleString('en-US')} rows of ${header.tables.length} tables (schema ${header.migrations.at(-1)}) ` +
        `to ${written} (${(bytes / 1024 / 1024).toFixed(1)} MB) in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`,
    );
    return 0;
  } finally {
    await database.stop();
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(`backup FAILED: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
