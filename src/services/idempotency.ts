// Idempotency keys (the Idempotency-Key header of the pharmacy's authorization and dispense
// requests): a client that did not hear the answer retries with the same key and gets the first
// answer back, never a second record.
//
// The answer is stored in the same transaction as the record it describes, and looked up inside
// that transaction after the patient's row is locked, so a retry racing the first request waits
// for it and then replays it. Only accepted requests are stored: a refused one changed nothing,
// so its retry is decided afresh (the facts may have changed meanwhile). Keys are per user.
import { createHash } from 'node:crypto';
import { jsonText } from '../domain/jsonText.js';
import type { Actor } from './context.js';
import type { Executor } from '../db/executor.js';
import { writeAudit } from './audit.js';
import { ConflictError, IdempotencyKeyReusedError } from './errors.js';

export interface IdempotencyKey {
  key: string;
  /** What was asked (method, path, body): the same key must always ask the same thing. */
  requestHash: string;
  /** Set when the answer is a replay of the first one. */
  replayed: boolean;
}

/** JSON with object keys sorted, so the same request hashes the same however its keys were ordered. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return jsonText(value) ?? 'null';
}

export function idempotencyKey(key: string, request: { method: string; path: string; body: unknown }): IdempotencyKey {
  const requestHash = createHash('sha256')
    .update(canonicalJson([request.method, request.path, request.body ?? null]))
    .digest('base64url');
  return { key, requestHash, replayed: false };
}

/** The first answer given to this key, or null when the key is new. */
export async function previousAnswer<T>(db: Executor, actor: Actor, idempotency: IdempotencyKey | null): Promise<T | null> {
  if (idempotency === null) {
    return null;
  }
  const row = await db
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'response_body'])
    .where('user_id', '=', actor.userId)
    .where('key', '=', idempotency.key)
    .executeTakeFirst();
  if (row === undefined) {
    return null;
  }
  if (row.request_hash !== idempotency.requestHash) {
    throw new IdempotencyKeyReusedError();
  }
  idempotency.replayed = true;
  return row.response_body as T;
}

/** Stores the answer under the key, in the caller's transaction (with the record it describes). */
export async function rememberAnswer(db: Executor, actor: Actor, idempotency: IdempotencyKey | null, statusCode: number, answer: unknown): Promise<void> {
  if (idempotency === null) {
    return;
  }
  const stored = await db
    .insertInto('idempotency_keys')
    .values({
      key: idempotency.key,
      user_id: actor.userId,
      request_hash: idempotency.requestHash,
      status_code: statusCode,
      response_body: JSON.stringify(answer),
    })
    .onConflict((conflict) => conflict.columns(['user_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  if (stored === undefined) {
    // The same key, committed meanwhile by a request for another patient (only requests for the
    // same patient wait for each other): this one is rolled back rather than answered twice.
    throw new ConflictError('Another request with this Idempotency-Key was being processed at the same time; retry to get its answer.');
  }
}

/** What a stored answer was about, for the audit row of its replay. */
export type ReplayedRecord = { entity: 'authorization' | 'dispense' | 'prescription'; id: string };

/**
 * A retry answered from its key before any patient transaction (an NCPDP SCRIPT message sent again:
 * its MessageID is the key, and the stored answer is given back at once). It is audited as every
 * replay is (withPatient's `<action>.replay`, detail `{ replayed: true }`), naming the patient the
 * stored record belongs to, so her trail shows the retry without counting it as a second write.
 */
export async function auditReplay(db: Executor, actor: Actor, action: string, record: ReplayedRecord): Promise<void> {
  const patient =
    record.entity === 'prescription'
      ? await db.selectFrom('prescriptions').select('patient_id').where('id', '=', record.id).executeTakeFirst()
      : record.entity === 'authorization'
        ? await db.selectFrom('authorizations').select('patient_id').where('id', '=', record.id).executeTakeFirst()
        : await db
            .selectFrom('dispenses as d')
            .innerJoin('authorizations as a', 'a.id', 'd.authorization_id')
            .select('a.patient_id')
            .where('d.id', '=', record.id)
            .executeTakeFirst();
  await writeAudit(db, actor, {
    action: `${action}.replay`,
    patientId: patient?.patient_id ?? null,
    entity: action.split('.')[0] ?? action,
    entityId: record.id,
    outcome: 'ok',
    detail: { replayed: true },
  });
}
