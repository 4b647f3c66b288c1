// The administrator registers, lists and revokes the machines that talk to isocourse (issue 11).
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services/context.js';
import { listInteropClients, registerInteropClient, revokeInteropClient } from '../../interop/smart/interopClients.js';
import { actorOf } from '../session.js';
import { problemResponses, strictObject, Text, Uuid } from '../schemas.js';

const NewClient = strictObject({
  name: Text(200),
  organizationId: Uuid,
  scopes: Type.Array(Type.String({ maxLength: 100 }), { minItems: 1, maxItems: 50, description: 'SMART system scopes, e.g. system/Observation.rs' }),
  jwks: Type.Optional(
    Type.Object(
      { keys: Type.Array(Type.Record(Type.String({ maxLength: 20 }), Type.Unknown()), { maxItems: 10 }) },
      { additionalProperties: false, description: "The client's public keys as a JWK Set" },
    ),
  ),
  jwksUrl: Type.Optional(Type.String({ maxLength: 2000, description: 'Where the client publishes its JWK Set (https)' })),
});

const ClientView = Type.Object({
  id: Uuid,
  clientId: Type.String(),
  name: Type.String(),
  organizationId: Uuid,
  kind: Type.Union([Type.Literal('practice'), Type.Literal('pharmacy')]),
  scopes: Type.Array(Type.String()),
  registeredAt: Type.String(),
  revoked: Type.Boolean(),
});

export function interopClientRoutes(api: FastifyInstance, services: Services): void {
  const tags = ['administration'];
  api.post('/interop-clients', {
    schema: {
      tags,
      summary: 'Register an EHR or pharmacy system (SMART Backend Services client); the answer gives its client_id',
      body: NewClient,
      response: { 201: ClientView, ...problemResponses(400, 401, 403) },
    },
    handler: async (request, reply) => {
      const body = request.body as Static<typeof NewClient>;
      const client = await registerInteropClient(services, actorOf(request), {
        name: body.name,
        organizationId: body.organizationId,
        scopes: body.scopes,
        ...(body.jwks === undefined ? {} : { jwks: body.jwks }),
        ...(body.jwksUrl === undefined ? {} : { jwksUrl: body.jwksUrl }),
      });
      return reply.status(201).send(client);
    },
  });
  api.get('/interop-clients', {
    schema: { tags, summary: 'The registered EHR and pharmacy systems', response: { 200: Type.Array(ClientView), ...problemResponses(401, 403) } },
    handler: async (request) => listInteropClients(services, actorOf(request)),
  });
  api.post('/interop-clients/:clientId/revocations', {
    schema: {
      tags,
      summary: 'Revoke a client: its tokens stop working at once',
      params: strictObject({ clientId: Uuid }),
      response: { 200: Type.Object({ id: Uuid, clientId: Type.String(), revoked: Type.Boolean() }), ...problemResponses(400, 401, 403, 404) },
    },
    handler: async (request) => revokeInteropClient(services, actorOf(request), (request.params as { clientId: string }).clientId),
  });
}
