// Idempotency keys (the Idempotency-Key header of the pharmacy's authorization and dispense
// requests): a client that did not hear the answer retries with the same key and gets the first
// answer back, never a second record.
//
// The answer is stored in the same transaction as the record it describes, and looked up inside
// that transaction after the patient's row is locked, so a retry racing the first request waits
// for it and then replays it. Only accepted requests are stored: a refused one changed nothing,
// so its retry is decided afresh (the facts may have changed meanwhile). Keys are per user.
import { createHash } from 'node:crypto';
import type { Actor, Executor } from './context.js';
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
  return JSON.stringify(value) ?? 'null';
}

export function idempotencyKey(key: string, request: { method: string; path: string; body: unknown }): IdempotencyKey {
  const requestHash = createHash('sha256').update(canonicalJson([request.method, request.path, request.body ?? null])).digest('base64url');
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
