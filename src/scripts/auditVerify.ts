// `npm run audit:verify [-- --anchor SEQ:HASH]`: seal the audit rows written so far, then check the
// whole hash chain of the audit trail (src/db/auditChain.ts), on the database `npm start` uses
// (the embedded one in ISOCOURSE_DATA_DIR, or DATABASE_URL). Prints one line; exits 0 when the
// chain is intact, 1 when it is not, 2 when it could not be checked.
//
// The line ends with the chain's head (SEQ:HASH). Kept somewhere the database's administrators
// cannot write, it is the anchor a later run checks with --anchor: a chain recomputed wholesale by
// someone able to bypass the append-only triggers, or cut short at its end, then no longer has it.
import { parseArgs } from 'node:util';
import { readConfig } from '../config.js';
import { sealAuditEvents, verifyAuditChain, type ChainHead, type ChainReport } from '../db/auditChain.js';
import { createDatabase } from '../db/database.js';
import { startDatabase } from '../db/postgresServer.js';
import { writeAudit } from '../services/audit.js';

function parseAnchor(text: string | undefined): ChainHead | undefined {
  if (text === undefined) {
    return undefined;
  }
  const match = /^([1-9][0-9]*):([0-9a-fA-F]{64})$/.exec(text);
  if (match === null) {
    throw new Error(`--anchor takes the SEQ:HASH this command printed, e.g. 1234:${'0'.repeat(64)}; not "${text}"`);
  }
  return { chainSeq: Number(match[1]), rowHash: (match[2] as string).toLowerCase() };
}

function summary(report: ChainReport, sealedNow: number): string {
  const head = report.head === null ? 'empty chain' : `head ${report.head.chainSeq}:${report.head.rowHash}`;
  const counts = `${report.checkedRows.toLocaleString('en-US')} sealed rows checked (${sealedNow.toLocaleString('en-US')} sealed now), ${report.unsealedRows.toLocaleString('en-US')} unsealed`;
  const problem = report.firstProblem;
  return problem === null
    ? `audit trail intact: ${counts}; ${head}`
    : `audit trail BROKEN at chain_seq ${problem.chainSeq} (${problem.kind}${problem.auditEventId === null ? '' : `, audit event ${problem.auditEventId}`}): ${problem.message}; ${counts} before it`;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { anchor: { type: 'string' } } });
  const anchor = parseAnchor(values.anchor);
  const config = readConfig();
  // Beside a running server, its PostgreSQL is used and left running.
  const database = await startDatabase({
    dataDir: config.dataDir,
    ...(config.databaseUrl === undefined ? {} : { databaseUrl: config.databaseUrl }),
    leaveAdoptedRunning: true,
    // Found where the server put it (postgresServer.ts, chooseEmbeddedLayout); never created here.
    requireExisting: true,
  });
  const db = createDatabase(database.connectionString, { max: 2 });
  try {
    const sealedNow = await sealAuditEvents(db);
    const report = await verifyAuditChain(db, anchor === undefined ? {} : { anchor });
    await writeAudit(db, null, {
      action: 'audit.verify',
      outcome: 'ok',
      detail: { via: 'npm run audit:verify', intact: report.ok, checkedRows: report.checkedRows, problem: report.firstProblem?.kind ?? null },
    });
    console.log(summary(report, sealedNow));
    return report.ok ? 0 : 1;
  } finally {
    await db.destroy();
    await database.stop();
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(`audit trail NOT CHECKED: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
}
