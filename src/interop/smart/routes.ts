// SMART Backend Services: the discovery document and the token endpoint.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../services/context.js';
import { InvalidInputError } from '../../services/errors.js';
import { ACCESS_TOKEN_SECONDS, issueAccessToken, OAuthError, SIGNING_ALGORITHMS, type TokenRequest } from './issueAccessToken.js';

export const TOKEN_PATH = '/auth/token';

/** This server's origin as the client reached it (the token endpoint's URL is built from it). */
export function originOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/** What a SMART client needs to know to get a token (SMART App Launch 2.x, backend services only). */
function smartConfiguration(request: FastifyRequest) {
  return {
    token_endpoint: `${originOf(request)}${TOKEN_PATH}`,
    grant_types_supported: ['client_credentials'],
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: SIGNING_ALGORITHMS,
    scopes_supported: [
      'system/*.rs',
      'system/Patient.rs',
      'system/Observation.rs',
      'system/Observation.c',
      'system/MedicationRequest.rs',
      'system/MedicationRequest.c',
      'system/MedicationDispense.rs',
      'system/MedicationDispense.cr',
      'system/Questionnaire.rs',
      'system/QuestionnaireResponse.rs',
      'system/QuestionnaireResponse.c',
      'system/Consent.rs',
      'system/CarePlan.rs',
      'system/AuditEvent.rs',
      'system/GuidanceResponse.rs',
    ],
    capabilities: ['client-confidential-asymmetric', 'permission-v2', 'permission-v1'],
    // Not an authorization-code server: no interactive launch, so no authorization endpoint and no PKCE.
    code_challenge_methods_supported: [],
  };
}

const SmartConfiguration = {
  type: 'object',
  properties: {
    token_endpoint: { type: 'string' },
    grant_types_supported: { type: 'array', items: { type: 'string' } },
    token_endpoint_auth_methods_supported: { type: 'array', items: { type: 'string' } },
    token_endpoint_auth_signing_alg_values_supported: { type: 'array', items: { type: 'string' } },
    scopes_supported: { type: 'array', items: { type: 'string' } },
    capabilities: { type: 'array', items: { type: 'string' } },
    code_challenge_methods_supported: { type: 'array', items: { type: 'string' } },
  },
} as const;

const OAuthErrorBody = {
  type: 'object',
  properties: { error: { type: 'string' }, error_description: { type: 'string' } },
} as const;

export function smartRoutes(app: FastifyInstance, _services: Services): void {
  const tags = ['interop: SMART'];
  for (const url of ['/.well-known/smart-configuration', '/fhir/r4/.well-known/smart-configuration']) {
    app.get(url, {
      config: { public: true },
      schema: { tags, summary: 'SMART configuration: how a backend client gets an access token', response: { 200: SmartConfiguration } },
      handler: (request) => smartConfiguration(request),
    });
  }
}

/** The token endpoint lives in a plugin of its own: it speaks OAuth's form encoding and errors. */
export function tokenRoutes(app: FastifyInstance, services: Services): void {
  // RFC 6749 §4.4: the request is form-encoded. URLSearchParams is Node's own parser of that format.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof OAuthError) {
      return reply.status(error.status).send({ error: error.error, error_description: error.description });
    }
    // Text the database cannot keep (a NUL, a lone surrogate), refused by the app's preValidation hook.
    if (error instanceof InvalidInputError) {
      return reply.status(400).send({ error: 'invalid_request', error_description: error.message });
    }
    const status = (error as { statusCode?: number }).statusCode;
    const known = status !== undefined && status >= 400 && status < 500;
    if (!known) {
      reply.log.error({ err: error }, 'token endpoint error');
    }
    return reply.status(known ? status : 500).send({
      error: 'invalid_request',
      error_description: known
        ? 'Send grant_type, scope, client_assertion_type and client_assertion form-encoded (application/x-www-form-urlencoded).'
        : 'Something went wrong on our side; nothing was issued.',
    });
  });
  app.post(TOKEN_PATH, {
    config: { public: true },
    schema: {
      tags: ['interop: SMART'],
      summary: 'SMART Backend Services token endpoint (client_credentials with a private_key_jwt assertion, RS384 or ES384)',
      consumes: ['application/x-www-form-urlencoded'],
      body: {
        type: 'object',
        properties: {
          grant_type: { type: 'string', maxLength: 100 },
          scope: { type: 'string', maxLength: 4000 },
          client_assertion_type: { type: 'string', maxLength: 200 },
          client_assertion: { type: 'string', maxLength: 16000 },
        },
      },
      response: {
        200: {
          type: 'object',
          properties: {
            access_token: { type: 'string' },
            token_type: { type: 'string' },
            expires_in: { type: 'integer', const: ACCESS_TOKEN_SECONDS },
            scope: { type: 'string' },
          },
        },
        400: OAuthErrorBody,
        401: OAuthErrorBody,
      },
    },
    handler: async (request, reply) => {
      const origin = originOf(request);
      // The assertion's aud is this endpoint's URL; either scheme, since a proxy may end TLS.
      const audiences = [`${origin}${TOKEN_PATH}`, `${origin.replace(/^http:/, 'https:')}${TOKEN_PATH}`];
      const answer = await issueAccessToken(services, request.body as TokenRequest, audiences, request.ip);
      reply.header('pragma', 'no-cache');
      return answer;
    },
  });
}
