// The HTTP server: Fastify with JSON-schema validation, one error handler, authentication, the
// OpenAPI document, and the routes (each thin: parse, call a use case, answer).
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { authenticate } from '../services/auth/logIn.js';
import type { Actor, Services } from '../services/context.js';
import { UnauthenticatedError } from '../services/errors.js';
import { problemFromError } from './problems.js';
import { adminRoutes } from './routes/admin.js';
import { clinicalRoutes } from './routes/clinical.js';
import { patientRoutes } from './routes/patients.js';
import { pharmacyRoutes } from './routes/pharmacy.js';
import { sessionRoutes } from './routes/sessions.js';

export const SESSION_COOKIE = 'isocourse_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    /** Answers without a session (log-in, health, the API document). */
    public?: boolean;
  }
}

export function sessionToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) {
    return header.slice('Bearer '.length).trim();
  }
  return request.cookies[SESSION_COOKIE] ?? null;
}

/** The authenticated caller; routes that need one call this first. */
export function actorOf(request: FastifyRequest): Actor {
  if (request.actor === null) {
    throw new UnauthenticatedError('Log in to use this.');
  }
  return request.actor;
}

export interface AppOptions {
  logger?: boolean;
}

export async function buildApp(services: Services, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger === true ? { level: 'info', redact: ['req.headers.authorization', 'req.headers.cookie'] } : false,
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { allErrors: true, coerceTypes: false, removeAdditional: false } },
  });
  app.decorateRequest('actor', null);
  // The API speaks JSON only: any other body is answered 415 instead of reaching a schema.
  app.removeContentTypeParser('text/plain');
  app.setErrorHandler((error, request, reply) => problemFromError(error, request, reply));
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).type('application/problem+json').send({
      type: 'https://isocourse.dev/problems/not-found',
      title: 'No such route',
      status: 404,
      detail: `${request.method} ${request.url.split('?')[0]} is not part of the API.`,
    }),
  );
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'isocourse API',
        version: '1',
        description:
          'The isotretinoin pregnancy-prevention program (iPLEDGE REMS) engine, for prescribers, pharmacies and patients. Errors are RFC 9457 problem+json.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
  });
  // Who is asking is settled before anything else, so a request without a session is answered
  // 401 whatever its body holds.
  app.addHook('onRequest', async (request) => {
    const token = sessionToken(request);
    if (token !== null && token !== '') {
      request.actor = await authenticate(services, token, request.ip).catch((error: unknown) => {
        if (error instanceof UnauthenticatedError) {
          return null;
        }
        throw error;
      });
    }
    const knownRoute = request.routeOptions.url !== undefined;
    if (knownRoute && request.routeOptions.config.public !== true && request.actor === null) {
      throw new UnauthenticatedError(token === null || token === '' ? 'Log in to use this.' : 'Your session has ended; log in again.');
    }
  });
  app.addHook('onSend', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cache-control', 'no-store');
  });

  app.get('/api/health', { schema: { hide: true }, config: { public: true } }, async () => ({ status: 'ok' }));
  app.get('/api/openapi.json', { schema: { hide: true }, config: { public: true } }, async () => app.swagger());
  await app.register(
    async (api) => {
      await sessionRoutes(api, services);
      await adminRoutes(api, services);
      await patientRoutes(api, services);
      await pharmacyRoutes(api, services);
      await clinicalRoutes(api, services);
    },
    { prefix: '/api/v1' },
  );
  return app;
}
