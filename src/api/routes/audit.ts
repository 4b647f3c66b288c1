import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { listAuditEvents } from '../../services/admin/listAuditEvents.js';
import { verifyAuditTrail } from '../../services/admin/verifyAuditTrail.js';
import type { Services } from '../../services/context.js';
import { actorOf } from '../session.js';
import { Nullable, OpenObject, openAnswer, problemResponses, strictObject, Uuid } from '../schemas.js';

const AuditEventQuery = strictObject({
  patientId: Type.Optional(Uuid),
  actorId: Type.Optional(Uuid),
  limit: Type.Optional(Type.String({ pattern: '^(?:[1-9][0-9]{0,2}|1000)$' })),
  offset: Type.Optional(Type.String({ pattern: '^[0-9]{1,7}$' })),
});

export function auditRoutes(api: FastifyInstance, services: Services): void {
  const tags = ['administration'];
  api.get<{ Querystring: { patientId?: string; actorId?: string; limit?: string; offset?: string } }>(
    '/audit-events',
    {
      schema: {
        tags,
        summary: 'The audit trail, newest first: who read or wrote what, when, from where, and the outcome; by patient and/or account (admin)',
        querystring: AuditEventQuery,
        response: {
          200: Type.Array(
            openAnswer('An audit row', {
              id: Type.Integer(),
              occurredAt: Type.String({ format: 'date-time' }),
              action: Type.String(),
              outcome: Type.String(),
              patientId: Nullable(Uuid),
            }),
          ),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const { patientId, actorId, limit, offset } = request.query;
      return listAuditEvents(services, actorOf(request), {
        ...(patientId === undefined ? {} : { patientId }),
        ...(actorId === undefined ? {} : { actorId }),
        limit: Number(limit ?? 100),
        offset: Number(offset ?? 0),
      });
    },
  );
  api.get(
    '/audit/verification',
    {
      schema: {
        tags,
        summary:
          'Seal the audit rows written so far into the hash chain, then check the whole chain; names the first altered, missing or reordered row (admin)',
        response: {
          200: openAnswer('The verification: whether the chain is intact, how many rows were checked and sealed, the first problem', {
            ok: Type.Boolean(),
            checkedRows: Type.Integer(),
            firstProblem: Nullable(OpenObject),
          }),
          ...problemResponses(401, 403),
        },
      },
    },
    async (request) => verifyAuditTrail(services, actorOf(request)),
  );
}
