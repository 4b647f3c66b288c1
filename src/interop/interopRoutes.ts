// The standards-facing edges (issue 11): FHIR R4, CDS Hooks, NCPDP SCRIPT and SMART Backend
// Services. Each is a thin mapping onto the same use cases as the web app, in a plugin of its own
// with its own body formats and error shape. Machines authenticate with an access token from
// /auth/token, never with a person's session.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError } from '../services/errors.js';
import { scriptErrorAnswer } from './ncpdp/script.js';
import { sendOperationOutcome } from './fhir/operationOutcome.js';
import type { Services } from '../services/context.js';
import { fhirRoutes } from './fhir/routes.js';
import { authenticateClientToken } from './smart/clientAuth.js';
import { cdsHooksRoutes } from './cdsHooks/routes.js';
import { remsEtasuRoutes } from './fhir/remsEtasu.js';
import { ncpdpRoutes } from './ncpdp/routes.js';
import { smartRoutes, tokenRoutes } from './smart/routes.js';

/** The paths the interop edges answer; the API's session log-in does not apply to them. */
const INTEROP_PREFIXES = ['/fhir/', '/cds-services', '/ncpdp/', '/auth/token', '/.well-known/'];

export function isInteropPath(url: string | undefined): boolean {
  return url !== undefined && INTEROP_PREFIXES.some((prefix) => url === prefix.replace(/\/$/, '') || url.startsWith(prefix));
}

/**
 * An error that never reached an interop route (an unknown path under an edge, a URL the router
 * cannot read), answered in that edge's own format: an NCPDP Error under /ncpdp, an OAuth error at
 * the token endpoint, an OperationOutcome elsewhere. Null when the URL is not an edge's.
 */
export function interopRefusal(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply | null {
  const path = request.url.split('?')[0] ?? '';
  // A near miss of the FHIR base (/FHIR/R4/…, /fhir//r4/…) is answered as FHIR too.
  if (/^\/fhir(\/|%2f)/i.test(path)) {
    return sendOperationOutcome(error, request, reply);
  }
  // The SMART discovery documents are plain JSON like the API's: their near misses stay problem+json.
  if (!isInteropPath(path) || path.startsWith('/.well-known/')) {
    return null;
  }
  if (path.startsWith('/ncpdp/')) {
    const answer = scriptErrorAnswer(error, null, new Date());
    return reply.status(answer.httpStatus).type('application/xml; charset=utf-8').send(answer.xml);
  }
  if (path.startsWith('/auth/token')) {
    const status = (error as { statusCode?: number }).statusCode ?? 404;
    return reply
      .status(status >= 400 && status < 500 ? status : 400)
      .send({ error: 'invalid_request', error_description: 'Send the token request to POST /auth/token, form-encoded.' });
  }
  return sendOperationOutcome(error, request, reply);
}

/** The not-found answer of an edge's path that no route matches. */
export function interopNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply | null {
  const path = request.url.split('?')[0] ?? '';
  return interopRefusal(new NotFoundError('Route', `${request.method} ${path.slice(0, 200)} is not an operation of this server.`), request, reply);
}

export async function interopRoutes(app: FastifyInstance, services: Services): Promise<void> {
  await app.register(async (edge) => {
    // A bearer token here is a client's access token; a session cookie is ignored (a browser sends
    // it on its own, so it must never open a machine's door).
    edge.addHook('onRequest', async (request) => {
      const header = request.headers.authorization;
      const token = header?.startsWith('Bearer ') === true ? header.slice('Bearer '.length).trim() : '';
      request.actor = token === '' ? null : await authenticateClientToken(services, token, request.ip);
    });
    await edge.register((smart, _options, done) => {
      smartRoutes(smart, services);
      done();
    });
    await edge.register((token, _options, done) => {
      tokenRoutes(token, services);
      done();
    });
    await edge.register(async (ncpdp) => ncpdpRoutes(ncpdp, services));
    // CDS Hooks at /cds-services and $rems-etasu at /fhir/r4 (each answers at its full path, with or without a prefix).
    await edge.register(async (cds) => cdsHooksRoutes(cds, services));
    await edge.register(async (fhir) => remsEtasuRoutes(fhir, services));
    // FHIR R4 (/fhir/r4): the read surface, bulk export and the recording routes (fhir-write), in one plugin.
    await fhirRoutes(edge, services);
  });
}
