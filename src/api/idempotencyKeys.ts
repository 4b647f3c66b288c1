// The Idempotency-Key header of the requests that record something once (authorization, dispense,
// an online order): its schema, the key it gives the use case, and the Idempotent-Replayed header
// when the answer is the first one given again (src/services/idempotency.ts keeps the answers).
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { idempotencyKey, type IdempotencyKey } from '../services/idempotency.js';

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 255,
      pattern: '^[\\x21-\\x7E]+$',
      description:
        'Any unique string (a UUID is best) chosen by the client for this request. A retry with the same key and the same request ' +
        'returns the first answer (with Idempotent-Replayed: true) and records nothing more; the same key with a different request is 422. ' +
        'Only accepted requests are remembered: a refused one is decided afresh when retried.',
    }),
  ),
});
export type IdempotencyHeaders = Static<typeof IdempotencyHeaders>;

function idempotencyOf(request: FastifyRequest<{ Headers: IdempotencyHeaders }>): IdempotencyKey | null {
  const key = request.headers['idempotency-key'];
  return key === undefined ? null : idempotencyKey(key, { method: request.method, path: request.url.split('?')[0] ?? '', body: request.body });
}

/** Runs the use case with the request's key (if any), and marks the answer when it is a replay. */
export async function withIdempotencyKey<T>(
  request: FastifyRequest<{ Headers: IdempotencyHeaders }>,
  reply: FastifyReply,
  run: (idempotency: IdempotencyKey | null) => Promise<T>,
): Promise<T> {
  const idempotency = idempotencyOf(request);
  const result = await run(idempotency);
  if (idempotency?.replayed === true) {
    reply.header('idempotent-replayed', 'true');
  }
  return result;
}
