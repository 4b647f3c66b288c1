// CDS Hooks 2.0 (mounted at /cds-services by interopRoutes.ts): discovery, and the four REMS services
// the mcode reference EHR calls. The hook is a thin reading of the EHR's request; the verdict is the
// program engine's (getPatientStatus, the same use case as GET /api/v1/patients/{id}/status).
//
// Authentication: CDS Hooks 2.0 has the EHR sign a JWT per call with its own key. isocourse's clients
// are SMART Backend Services clients instead (the same registration the FHIR edge uses): the EHR gets an
// access token from POST /auth/token with its signed client assertion and sends it as the bearer on
// every hook call. Discovery needs no token. A practice's client only: the hook is the prescriber's
// (a pharmacy's system asks $rems-etasu or REMSRequest).
import { organizationProgramConfig } from '../../services/programs/programFor.js';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { getPatientStatus } from '../../services/patients/readPatients.js';
import { programToday, type Services } from '../../services/context.js';
import { InvalidInputError } from '../../services/errors.js';
import { FHIR_JSON, outcome, outcomeResponses, sendOperationOutcome } from '../fhir/operationOutcome.js';
import { identifyPatient } from '../../services/patientMatching/matchPatient.js';
import { clientActorOf, requireClientKind, requireScope } from '../smart/clientAuth.js';
import { DEFAULT_EHR_FETCH_BUDGET_MS, ehrFhirAccess } from './ehrFhir.js';
import { evaluateHook, HookRequestError } from './evaluateHook.js';
import { CDS_SERVICES, HOOK_REQUEST_SCHEMA, type HookRequest } from './services.js';
import { refuseOtherMethod } from '../../api/methodNotAllowed.js';

/** The scope a hook call needs: it reads who the patient is and her program status. */
export const CDS_HOOKS_SCOPE = 'system/Patient.r';

export interface CdsHooksOptions {
  /** The time all reads from the EHR's FHIR server of one hook call share (default 2.5 s). */
  ehrFetchBudgetMs?: number;
  fetch?: typeof fetch;
}

/** Where the web app is, for the cards' links: the origin the EHR called (the API serves the web app). */
function webBase(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

const CARD_SCHEMA = {
  type: 'object',
  required: ['summary', 'indicator', 'source'],
  properties: {
    uuid: { type: 'string' },
    summary: { type: 'string' },
    detail: { type: 'string' },
    indicator: { type: 'string', enum: ['info', 'warning', 'critical'] },
    source: { type: 'object', additionalProperties: true },
    links: { type: 'array', items: { type: 'object', additionalProperties: true } },
    suggestions: { type: 'array', items: { type: 'object', additionalProperties: true } },
  },
} as const;

export async function cdsHooksRoutes(app: FastifyInstance, services: Services, options: CdsHooksOptions = {}): Promise<void> {
  const budgetMs = options.ehrFetchBudgetMs ?? DEFAULT_EHR_FETCH_BUDGET_MS;
  // A plugin of its own, under /cds-services (whether interopRoutes.ts mounts this with that prefix or
  // without one): its error and not-found answers are this surface's OperationOutcome alone.
  const prefixed = app.prefix.endsWith('/cds-services');
  await app.register(
    (scope, _options, done) => {
      cdsRoutesIn(scope, services, budgetMs, options);
      done();
    },
    prefixed ? {} : { prefix: '/cds-services' },
  );
}

function cdsRoutesIn(app: FastifyInstance, services: Services, budgetMs: number, options: CdsHooksOptions): void {
  app.setErrorHandler((error, request, reply) => sendOperationOutcome(error, request, reply));
  // Any other service id (or path) under /cds-services: an OperationOutcome naming the services there are.
  app.setNotFoundHandler(
    (request, reply) =>
      refuseOtherMethod(app, request, reply, (error) => sendOperationOutcome(error, request, reply)) ??
      reply
        .status(404)
        .type(FHIR_JSON)
        .send(
          outcome(
            404,
            `No CDS service at ${request.method} ${request.url.split('?')[0]?.slice(0, 200)}; GET /cds-services lists them: ${CDS_SERVICES.map((s) => s.id).join(', ')}.`,
          ),
        ),
  );
  // CDS Hooks sends application/json; an EHR's FHIR-minded client may label it application/fhir+json.
  if (!app.hasContentTypeParser('application/fhir+json')) {
    app.addContentTypeParser('application/fhir+json', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));
  }

  app.get(
    '/',
    {
      prefixTrailingSlash: 'no-slash',
      schema: {
        tags: ['interop'],
        summary: 'CDS Hooks discovery: the iPLEDGE REMS services and their prefetch templates',
        security: [],
        response: {
          200: {
            type: 'object',
            required: ['services'],
            properties: {
              services: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['id', 'hook', 'description'],
                  properties: {
                    id: { type: 'string' },
                    hook: { type: 'string' },
                    title: { type: 'string' },
                    description: { type: 'string' },
                    prefetch: { type: 'object', additionalProperties: { type: 'string' } },
                    usageRequirements: { type: 'string' },
                  },
                },
              },
            },
          },
        },
      },
    },
    () => ({ services: CDS_SERVICES }),
  );

  // One route per service, so the API document lists each (CDS Hooks: POST {baseUrl}/cds-services/{id}).
  for (const service of CDS_SERVICES) {
    app.post<{ Body: HookRequest }>(
      `/${service.id}`,
      {
        schema: {
          tags: ['interop'],
          summary: `CDS Hooks ${service.hook}: ${service.title} (cards computed by the program engine)`,
          description: service.description,
          body: HOOK_REQUEST_SCHEMA,
          response: {
            200: { type: 'object', required: ['cards'], properties: { cards: { type: 'array', items: CARD_SCHEMA } } },
            ...outcomeResponses(400, 401, 403),
          },
        },
      },
      async (request) => {
        const actor = clientActorOf(request);
        requireClientKind(actor, 'practice');
        requireScope(actor, CDS_HOOKS_SCOPE);
        const body = request.body;
        // One budget for every read from the EHR in this call, counted from now (the hook's whole time).
        const ehr =
          body.fhirServer === undefined
            ? null
            : ehrFhirAccess({
                fhirServer: body.fhirServer,
                accessToken: body.fhirAuthorization?.access_token,
                deadline: Date.now() + budgetMs,
                ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
              });
        try {
          return await evaluateHook(service, body, {
            identify: (who) => identifyPatient(services, actor, who),
            verdict: (patientId) => getPatientStatus(services, actor, patientId),
            ehr,
            // The practice's own program (its settings, e.g. MAX_DAYS_SUPPLY), as its decisions use.
            program: await organizationProgramConfig(services, actor.client.organizationId),
            today: programToday(services),
            cards: { webBase: webBase(request), newId: randomUUID },
          });
        } catch (error) {
          if (error instanceof HookRequestError) {
            throw new InvalidInputError([{ field: error.field, code: 'INVALID_HOOK_REQUEST', message: error.message }]);
          }
          throw error;
        }
      },
    );
  }
}
