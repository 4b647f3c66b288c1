// The audit trail's hash chain (migrations/0005_audit_chain.sql): sealing and verification.
//
// Request transactions insert audit rows unsealed, concurrently, with no lock. The sealer, one
// at a time across every process (a transaction-scoped advisory lock), takes the committed
// unsealed rows in id order and gives each the next chain_seq, the previous sealed row's hash as
// prev_hash, and row_hash = SHA-256 of (chain_seq, prev_hash, every content column). Chain order is
// the order of sealing, not of ids: a transaction that commits late has its row sealed later.
//
// The verifier walks the chain in chain_seq order and recomputes every hash with the same
// encoding (contentColumns + rowHash below, the one place it is defined).
import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.js';

/** prev_hash of the first sealed row. */
export const GENESIS_HASH = Buffer.alloc(32);

/** Key of the sealer's advisory lock ('isoaudit' as a 64-bit integer). */
const SEAL_LOCK_KEY = '7598539460676184436';

/** Rows sealed per transaction: a backlog of millions (a restore, a bulk load) goes in steps. */
const SEAL_BATCH = 20_000;
const VERIFY_BATCH = 20_000;

/**
 * A row's content as text, in a form that does not depend on the session (time zone, driver type
 * parsing): what the hash covers, besides the chain columns. The same columns are the ones the
 * append-only trigger keeps unchanged when a row is sealed.
 */
interface AuditContent {
  id: string;
  occurred_at: string;
  actor_id: string | null;
  action: string;
  patient_id: string | null;
  entity: string | null;
  entity_id: string | null;
  outcome: string;
  ip: string | null;
  detail: string | null;
}

const contentColumns = sql`
  id::text AS id,
  to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_at,
  actor_id::text AS actor_id,
  action,
  patient_id::text AS patient_id,
  entity,
  entity_id,
  outcome,
  ip,
  detail::text AS detail`;

/**
 * SHA-256 over a JSON array of the chain position, the previous hash and the content: JSON quotes
 * and escapes every value, so no two different rows encode alike. Changing this encoding changes
 * every hash already sealed.
 */
export function rowHash(chainSeq: number, prevHash: Buffer, row: AuditContent): Buffer {
  const encoded = JSON.stringify([
    chainSeq,
    prevHash.toString('hex'),
    row.id,
    row.occurred_at,
    row.actor_id,
    row.action,
    row.patient_id,
    row.entity,
    row.entity_id,
    row.outcome,
    row.ip,
    row.detail,
  ]);
  return createHash('sha256').update(encoded, 'utf8').digest();
}

export interface ChainHead {
  chainSeq: number;
  rowHash: string;
}

/**
 * Seals every audit row committed so far and not yet sealed, `SEAL_BATCH` rows per transaction,
 * and returns how many it sealed. Safe to call from any number of processes at once: they take
 * turns, and a later one finds less (or nothing) to do.
 */
export async function sealAuditEvents(db: Kysely<Database>): Promise<number> {
  let sealed = 0;
  for (;;) {
    const batch = await db.transaction().execute((trx) => sealBatch(trx, SEAL_BATCH));
    sealed += batch;
    if (batch < SEAL_BATCH) {
      return sealed;
    }
  }
}

async function sealBatch(trx: Transaction<Database>, limit: number): Promise<number> {
  // READ COMMITTED (the default): each statement below sees what the previous sealer committed
  // while this one waited for the lock.
  await sql`SELECT pg_advisory_xact_lock(${SEAL_LOCK_KEY}::bigint)`.execute(trx);
  const head = await sql<{ chain_seq: number; row_hash: Buffer }>`
    SELECT chain_seq, row_hash FROM audit_events
    WHERE chain_seq IS NOT NULL
    ORDER BY chain_seq DESC
    LIMIT 1`.execute(trx);
  const unsealed = await sql<AuditContent>`
    SELECT ${contentColumns} FROM audit_events
    WHERE chain_seq IS NULL
    ORDER BY audit_events.id -- the bigint: a bare "id" would sort the text of the select list
    LIMIT ${limit}`.execute(trx);
  if (unsealed.rows.length === 0) {
    return 0;
  }

  let chainSeq = head.rows[0]?.chain_seq ?? 0;
  let prevHash: Buffer = head.rows[0]?.row_hash ?? GENESIS_HASH;
  const ids: string[] = [];
  const chainSeqs: number[] = [];
  const prevHashes: Buffer[] = [];
  const rowHashes: Buffer[] = [];
  for (const row of unsealed.rows) {
    chainSeq += 1;
    const hash = rowHash(chainSeq, prevHash, row);
    ids.push(row.id);
    chainSeqs.push(chainSeq);
    prevHashes.push(prevHash);
    rowHashes.push(hash);
    prevHash = hash;
  }
  const updated = await sql`
    UPDATE audit_events e
    SET chain_seq = s.chain_seq, prev_hash = s.prev_hash, row_hash = s.row_hash
    FROM unnest(${ids}::bigint[], ${chainSeqs}::bigint[], ${prevHashes}::bytea[], ${rowHashes}::bytea[])
      AS s (id, chain_seq, prev_hash, row_hash)
    WHERE e.id = s.id AND e.chain_seq IS NULL`.execute(trx);
  if (Number(updated.numAffectedRows ?? 0) !== ids.length) {
    // Someone sealed rows behind the lock's back: chaining on would fork the chain.
    throw new Error(`sealing the audit trail: expected to seal ${ids.length} rows, sealed ${String(updated.numAffectedRows)}`);
  }
  return ids.length;
}

export type ChainProblemKind = 'missing' | 'reordered' | 'altered' | 'rewritten';

export interface ChainProblem {
  /** Where the walk found it: the missing position, or the sealed row that does not fit. */
  chainSeq: number;
  /** The audit event at that position; null when the position is empty. */
  auditEventId: string | null;
  kind: ChainProblemKind;
  message: string;
}

export interface ChainReport {
  ok: boolean;
  /** Sealed rows found intact, in chain order, before the first problem (all of them when ok). */
  checkedRows: number;
  /** Rows committed but not sealed yet (written after the last seal). */
  unsealedRows: number;
  /** The last sealed row checked: keep it outside the database to detect a rewritten chain later. */
  head: ChainHead | null;
  firstProblem: ChainProblem | null;
}

type SealedRow = AuditContent & { chain_seq: number; prev_hash: Buffer | null; row_hash: Buffer | null };

/**
 * Walks the whole chain in chain_seq order, `VERIFY_BATCH` rows at a time (memory stays flat
 * however long the trail), and stops at the first row that does not fit:
 * - missing: a chain_seq is skipped (a sealed row was deleted);
 * - reordered: a row's prev_hash is not the hash of the row before it (rows were moved, or a row
 *   was deleted and the ones after it renumbered, or one was slipped in);
 * - altered: a row's hash is not the hash of its own columns (changed after sealing, or forged).
 * With an anchor (a head recorded earlier, outside the database), also checks that the chain
 * still reaches that position with that hash (kind 'rewritten' otherwise): rows deleted from the
 * end of the chain, or a chain recomputed wholesale, pass every other check.
 */
export async function verifyAuditChain(db: Kysely<Database>, options: { anchor?: ChainHead } = {}): Promise<ChainReport> {
  let expectedSeq = 1;
  let expectedPrev: Buffer = GENESIS_HASH;
  let checkedRows = 0;
  let head: ChainHead | null = null;
  let firstProblem: ChainProblem | null = null;
  let anchorSeen = false;

  walk: for (;;) {
    const batch = await sql<SealedRow>`
      SELECT chain_seq, prev_hash, row_hash, ${contentColumns} FROM audit_events
      WHERE chain_seq >= ${expectedSeq}
      ORDER BY chain_seq
      LIMIT ${VERIFY_BATCH}`.execute(db);
    for (const row of batch.rows) {
      firstProblem = problemWith(row, expectedSeq, expectedPrev);
      if (firstProblem !== null) {
        break walk;
      }
      if (options.anchor !== undefined && row.chain_seq === options.anchor.chainSeq) {
        anchorSeen = true;
        if (row.row_hash?.toString('hex') !== options.anchor.rowHash.toLowerCase()) {
          firstProblem = {
            chainSeq: row.chain_seq,
            auditEventId: row.id,
            kind: 'rewritten',
            message: `chain_seq ${row.chain_seq} (audit event ${row.id}) no longer has the anchored hash: the chain was recomputed up to here`,
          };
          break walk;
        }
      }
      checkedRows += 1;
      head = { chainSeq: row.chain_seq, rowHash: (row.row_hash as Buffer).toString('hex') };
      expectedSeq = row.chain_seq + 1;
      expectedPrev = row.row_hash as Buffer;
    }
    if (batch.rows.length < VERIFY_BATCH) {
      break;
    }
  }
  if (firstProblem === null && options.anchor !== undefined && !anchorSeen) {
    firstProblem = {
      chainSeq: options.anchor.chainSeq,
      auditEventId: null,
      kind: 'rewritten',
      message: `the chain ends at chain_seq ${head?.chainSeq ?? 0}, before the anchored chain_seq ${options.anchor.chainSeq}: sealed rows were deleted from its end`,
    };
  }

  const unsealed = await sql<{ count: number }>`SELECT count(*) AS count FROM audit_events WHERE chain_seq IS NULL`.execute(db);
  return {
    ok: firstProblem === null,
    checkedRows,
    unsealedRows: unsealed.rows[0]?.count ?? 0, // int8 comes as a number (database.ts typeParsers)
    head,
    firstProblem,
  };
}

function problemWith(row: SealedRow, expectedSeq: number, expectedPrev: Buffer): ChainProblem | null {
  if (row.chain_seq !== expectedSeq) {
    const count = row.chain_seq - expectedSeq;
    return {
      chainSeq: expectedSeq,
      auditEventId: null,
      kind: 'missing',
      message:
        `no row has chain_seq ${expectedSeq}${count > 1 ? `–${row.chain_seq - 1}` : ''} (the next sealed row is ` +
        `chain_seq ${row.chain_seq}, audit event ${row.id}): ${count} sealed row${count > 1 ? 's were' : ' was'} deleted`,
    };
  }
  if (row.prev_hash === null || !row.prev_hash.equals(expectedPrev)) {
    return {
      chainSeq: row.chain_seq,
      auditEventId: row.id,
      kind: 'reordered',
      message: `chain_seq ${row.chain_seq} (audit event ${row.id}) does not follow the row sealed before it: rows were moved, removed or inserted here`,
    };
  }
  if (row.row_hash === null || !row.row_hash.equals(rowHash(row.chain_seq, row.prev_hash, row))) {
    return {
      chainSeq: row.chain_seq,
      auditEventId: row.id,
      kind: 'altered',
      message: `chain_seq ${row.chain_seq} (audit event ${row.id}) does not match its hash: it was changed after sealing, or forged`,
    };
  }
  return null;
}
