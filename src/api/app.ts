// The HTTP server: Fastify with JSON-schema validation, one error handler, authentication, the
// OpenAPI document, and the routes (each thin: parse, call a use case, answer).
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { randomUUID, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import { authenticate, csrfTokenFor } from '../services/auth/logIn.js';
import type { Services } from '../services/context.js';
import { ForbiddenError, InvalidInputError, UnauthenticatedError } from '../services/errors.js';
import { DEFAULT_HTTP_LIMITS, type HttpLimits } from './httpLimits.js';
import { refuseOtherMethod } from './methodNotAllowed.js';
import { CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE, sessionCredential, type SessionCredential } from './session.js';
import { logUnloggedServerError, problemFromError, safeError } from './problems.js';
import { unstorableFields } from './unstorableInput.js';
import { Problem, problemResponses } from './schemas.js';
import { OPERATION_OUTCOME_SCHEMA } from '../interop/fhir/operationOutcome.js';
import { isIsoDate } from '../domain/dates.js';
import { adminRoutes } from './routes/admin.js';
import { auditRoutes } from './routes/audit.js';
import { clinicalRoutes } from './routes/clinical.js';
import { feedbackRoutes } from './routes/feedback.js';
import { orderRoutes } from './routes/orders.js';
import { paymentRoutes } from './routes/payments.js';
import { supportRoutes } from './routes/support.js';
import { patientRoutes } from './routes/patients.js';
import { patientMatchReviewRoutes } from './routes/patientMatchReviews.js';
import { pharmacyRoutes } from './routes/pharmacy.js';
import { sessionRoutes } from './routes/sessions.js';
import { interopClientRoutes } from './routes/interopClients.js';
import { programFactRoutes } from './routes/programFacts.js';
import { isAppPage, serveWebApp } from './webApp.js';
import { interopNotFound, interopRefusal, interopRoutes, isInteropPath } from '../interop/interopRoutes.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(sent: string, expected: string): boolean {
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

/**
 * CSRF protection for cookie sessions, on top of SameSite=Strict cookies: a request that changes
 * something must echo the session's CSRF token in a header (which a page on another site cannot
 * read or set), and a request that says it comes from another origin is refused outright (that
 * also covers the log-in form, which has no session yet).
 */
function checkCrossSiteRequest(request: FastifyRequest, credential: SessionCredential | null): void {
  if (SAFE_METHODS.has(request.method)) {
    return;
  }
  const origin = request.headers.origin;
  if (origin !== undefined && hostOf(origin) !== hostOf(`${request.protocol}://${request.headers.host ?? ''}`)) {
    throw new ForbiddenError('Requests from another site are refused.');
  }
  // The log-in itself needs no token: it proves itself with the password.
  if (credential?.via === 'cookie' && request.routeOptions.config.public !== true) {
    const sent = request.headers[CSRF_HEADER];
    if (typeof sent !== 'string' || !sameToken(sent, csrfTokenFor(credential.token))) {
      throw new ForbiddenError(`A request made with the session cookie must carry the ${CSRF_HEADER} header (the value of the ${CSRF_COOKIE} cookie).`);
    }
  }
}

/** On every answer, the API's and the web app's alike (README: Security, Headers). */
function setSecurityHeaders(request: FastifyRequest, reply: FastifyReply): void {
  // The id every log line of this request carries, so a caller can quote it to support.
  reply.header('request-id', request.id);
  reply.header('x-content-type-options', 'nosniff');
  reply.header('referrer-policy', 'no-referrer');
  if (!reply.hasHeader('cache-control')) {
    reply.header('cache-control', 'no-store');
  }
  reply.header('x-frame-options', 'DENY');
  reply.header('content-security-policy', "default-src 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'; form-action 'self'");
  reply.header('cross-origin-opener-policy', 'same-origin');
  reply.header('cross-origin-resource-policy', 'same-origin');
  reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()');
  if (request.protocol === 'https') {
    reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
  }
}

export interface AppOptions {
  /** Log every request (LOG_REQUESTS). Errors (every 5xx) are logged whatever this says. */
  logger?: boolean;
  /** Where log lines go (default standard output); the tests read them. */
  logStream?: { write(line: string): void };
  /** Time-outs and caps of the HTTP server (default DEFAULT_HTTP_LIMITS). */
  http?: HttpLimits;
  /** Serve the built web app (web/dist) at / when it is there (default true). */
  webApp?: boolean;
  /** Where the built web app is (default web/dist); the browser tests serve a build of their own. */
  webAppDir?: string;
  /**
   * Load balancers (IPs or CIDR ranges, comma-separated) whose X-Forwarded-For gives the client's
   * address (TRUST_PROXY); default none: the header is ignored.
   */
  trustProxy?: string;
}

export async function buildApp(services: Services, options: AppOptions = {}): Promise<FastifyInstance> {
  const limits = options.http ?? DEFAULT_HTTP_LIMITS;
  const app = Fastify({
    // One JSON line per entry, each line of a request with its id (reqId). LOG_REQUESTS adds a line
    // as each request comes and goes (logController below); warnings, errors (every 5xx) and the
    // scheduled work's news are written whatever it says. Errors are serialized without their
    // data (safeError), bodies and query strings are never logged.
    logger: {
      level: 'info',
      // The serializers below already leave headers and bodies out; these paths are the second
      // lock, for a line that one day logs a header, a body or a credential by name.
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'res.headers["set-cookie"]',
          'body',
          '*.body',
          'password',
          '*.password',
          'token',
          '*.token',
          'birthDate',
          '*.birthDate',
        ],
        censor: '[redacted]',
      },
      // A request is logged without its query string: the pharmacist's look-up sends the program
      // identifier and the birth date there (GET /pharmacy/patients), and a log never holds either.
      serializers: {
        err: safeError,
        req: (request: { method: string; url: string; host?: string; ip?: string }) => ({
          method: request.method,
          url: request.url.split('?')[0],
          host: request.host,
          remoteAddress: request.ip,
        }),
      },
      ...(options.logStream === undefined ? {} : { stream: options.logStream }),
    },
    // Fastify's own "incoming request" and "request completed" lines only with LOG_REQUESTS.
    logController: new LogController({ disableRequestLogging: options.logger !== true }),
    // Our own ids, never the caller's: a random UUID, returned in the request-id header.
    genReqId: () => randomUUID(),
    // A silent connection, a trickled body, an idle keep-alive: each is closed in bounded time,
    // and the connections one server holds are capped (README: Configuration).
    serverFactory: (handler) => {
      const server = http.createServer(
        {
          headersTimeout: limits.headersTimeoutMs,
          requestTimeout: limits.requestTimeoutMs,
          keepAliveTimeout: limits.keepAliveTimeoutMs,
          connectionsCheckingInterval: limits.checkIntervalMs,
        },
        handler,
      );
      server.setTimeout(limits.idleTimeoutMs);
      server.maxRequestsPerSocket = limits.maxRequestsPerSocket;
      server.maxConnections = limits.maxConnections;
      return server;
    },
    // request.ip: the peer's address, or the client's as a trusted load balancer forwarded it.
    trustProxy:
      options.trustProxy === undefined
        ? false
        : options.trustProxy
            .split(',')
            .map((address) => address.trim())
            .filter((address) => address !== ''),
    bodyLimit: 1024 * 1024,
    ajv: {
      customOptions: { allErrors: true, coerceTypes: false, removeAdditional: false },
      // format 'date' is isocourse's own calendar date (isIsoDate): ajv-formats' accepts year 0000,
      // which PostgreSQL refuses, so a body or query string holding one failed with a 500.
      onCreate: (ajv) => {
        ajv.addFormat('date', { type: 'string', validate: isIsoDate });
      },
    },
    // A URL the router cannot read (bad percent-encoding, a path parameter over 100 characters) is
    // answered by the one error handler too, not by Fastify's own plain JSON.
    // Unreadable URLs never reach a route or the onSend hook: headers and problem+json here.
    frameworkErrors: (error, request, reply) => {
      setSecurityHeaders(request, reply);
      if (interopRefusal(error, request, reply) === null) {
        problemFromError(error, request, reply);
      }
    },
  });
  app.decorateRequest('actor', null);
  // Every 5xx is logged, also one a route sends itself rather than throws.
  app.addHook('onResponse', (request, reply, done) => {
    logUnloggedServerError(request, reply);
    done();
  });
  // The API speaks JSON only: any other body is answered 415 instead of reaching a schema.
  app.removeContentTypeParser('text/plain');
  app.setErrorHandler((error, request, reply) => problemFromError(error, request, reply));
  // Text and numbers the database cannot store as sent are refused before any schema or use case.
  app.addHook('preValidation', (request, _reply, done) => {
    const unstorable = unstorableFields(request.body);
    done(unstorable.length > 0 ? new InvalidInputError(unstorable) : undefined);
  });
  const webApp = options.webApp === false ? null : await serveWebApp(app, options.webAppDir);
  app.setNotFoundHandler((request, reply) => {
    if (webApp !== null && isAppPage(request.method, request.url)) {
      return reply.type('text/html; charset=utf-8').sendFile(webApp.pageFile(request.url));
    }
    // A path that exists, asked with a method it does not answer: 405 with the methods it does.
    const refused = refuseOtherMethod(
      app,
      request,
      reply,
      (error) =>
        // The standards-facing edges answer in their own formats (FHIR OperationOutcome, SCRIPT).
        interopRefusal(error, request, reply) ??
        reply.status(405).type('application/problem+json').send({
          type: 'https://isocourse.dev/problems/method-not-allowed',
          title: 'Method not allowed',
          status: 405,
          detail: error.message,
        }),
    );
    if (refused !== null) {
      return refused;
    }
    return (
      interopNotFound(request, reply) ??
      reply
        .status(404)
        .type('application/problem+json')
        .send({
          type: 'https://isocourse.dev/problems/not-found',
          title: 'No such route',
          status: 404,
          detail: `${request.method} ${request.url.split('?')[0]} is not part of the API.`,
        })
    );
  });
  await app.register(cookie);
  // Every API operation that takes a body may be refused before its body is read: too large (413)
  // or not JSON (415). Added here once, before the routes are declared, rather than route by route.
  app.addHook('onRoute', (route) => {
    const schema = route.schema as { body?: unknown; response?: Record<string, unknown> } | undefined;
    if (route.url.startsWith('/api/v1/') && schema?.body !== undefined && schema.response !== undefined) {
      schema.response = { ...problemResponses(413, 415), ...schema.response };
    }
  });
  // The error bodies every route refers to, listed once in the OpenAPI document's components.
  app.addSchema(Problem);
  app.addSchema(OPERATION_OUTCOME_SCHEMA);
  await app.register(swagger, {
    // Shared schemas keep their own names (components/schemas/Problem), not def-0.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json['$id'] === 'string' ? json['$id'] : `def-${i}`) },
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'isocourse API',
        version: '1',
        description:
          'The isotretinoin pregnancy-prevention program (iPLEDGE REMS) engine, for prescribers, pharmacies and patients. ' +
          'Errors are RFC 9457 problem details (application/problem+json, components/schemas/Problem); the FHIR and CDS Hooks edges answer ' +
          'an OperationOutcome (application/fhir+json), NCPDP SCRIPT an Error message (application/xml), the token endpoint an OAuth error. ' +
          'A path asked with a method it does not answer (TRACE, DELETE on a read…) gets 405 with an Allow header naming the methods it does ' +
          "(components/responses/MethodNotAllowed, in the edge's own error format); OpenAPI describes only the operations that exist, so no " +
          'operation lists it. Any operation may answer 500 (problem details with a requestId to quote to support).',
      },
      components: {
        responses: {
          MethodNotAllowed: {
            description: 'The path exists but does not answer this method (any path, any method it does not list)',
            headers: { Allow: { description: 'The methods the path answers, e.g. "GET, HEAD"', schema: { type: 'string' } } },
            content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
          },
        },
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
    if (isInteropPath(request.routeOptions.url)) {
      // The standards-facing edges authenticate machines themselves (src/interop/interopRoutes.ts).
      return;
    }
    const credential = sessionCredential(request);
    if (credential !== null) {
      request.actor = await authenticate(services, credential.token, request.ip).catch((error: unknown) => {
        if (error instanceof UnauthenticatedError) {
          return null;
        }
        throw error;
      });
    }
    // The web app's files are public (the app itself asks for a log-in); every API route needs one
    // unless it says otherwise.
    const apiRoute = request.routeOptions.url?.startsWith('/api/') === true;
    if (apiRoute && request.routeOptions.config.public !== true && request.actor === null) {
      throw new UnauthenticatedError(credential === null ? 'Log in to use this.' : 'Your session has ended; log in again.');
    }
    checkCrossSiteRequest(request, request.actor === null ? null : credential);
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    setSecurityHeaders(request, reply);
    done(null, payload);
  });

  // A handler's returned value is the answer, sync or async (Fastify sends what is not undefined).
  app.get('/api/health', { schema: { hide: true }, config: { public: true } }, () => ({ status: 'ok' }));
  app.get('/api/openapi.json', { schema: { hide: true }, config: { public: true } }, () => app.swagger());
  await app.register(
    (api, _options, done) => {
      sessionRoutes(api, services);
      adminRoutes(api, services);
      auditRoutes(api, services);
      patientRoutes(api, services);
      pharmacyRoutes(api, services);
      orderRoutes(api, services);
      paymentRoutes(api, services);
      supportRoutes(api, services);
      clinicalRoutes(api, services);
      feedbackRoutes(api, services);
      patientMatchReviewRoutes(api, services);
      interopClientRoutes(api, services);
      programFactRoutes(api, services);
      done();
    },
    { prefix: '/api/v1' },
  );
  await interopRoutes(app, services);
  return app;
}
