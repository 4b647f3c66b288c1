// Facts recorded on a patient's record: one POST route each, declared as data (path, summary,
// body schema, use case) so every such route validates, answers and documents itself the same way.
import type { Static, TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Actor, Services } from '../../services/context.js';
import { actorOf } from '../session.js';
import { PatientIdParams, problemResponses, RecordedFact } from '../schemas.js';

export interface FactRoute<B extends TSchema> {
  path: string;
  summary: string;
  body: B;
  record: (services: Services, actor: Actor, patientId: string, body: Static<B>) => Promise<unknown>;
}

export function factRoute<B extends TSchema>(route: FactRoute<B>): FactRoute<TSchema> {
  return route as unknown as FactRoute<TSchema>;
}

export function registerFactRoutes(api: FastifyInstance, services: Services, tags: string[], routes: readonly FactRoute<TSchema>[]): void {
  for (const route of routes) {
    api.post<{ Params: Static<typeof PatientIdParams>; Body: unknown }>(
      `/patients/:patientId/${route.path}`,
      {
        schema: {
          tags,
          summary: route.summary,
          params: PatientIdParams,
          body: route.body,
          response: { 201: RecordedFact, ...problemResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request, reply) => reply.status(201).send(await route.record(services, actorOf(request), request.params.patientId, request.body)),
    );
  }
}
