// FHIR R4 at /fhir/r4: read-only views of the facts (never a second store). The capability
// statement is public; everything else needs a client's access token with the scope for the type,
// and every read goes through the per-record access rules (readResources.ts). Errors are
// OperationOutcomes (operationOutcome.ts). Bulk export follows the Bulk Data Access IG: kick-off
// 202 + Content-Location, status 202 + X-Progress then 200 + manifest, NDJSON files, DELETE cancels.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services/context.js';
import { InvalidInputError, NotFoundError } from '../../services/errors.js';
import { clientActorOf, requireClientKind, requireScope } from '../smart/clientAuth.js';
import { originOf, TOKEN_PATH } from '../smart/routes.js';
import { scopesAllow } from '../smart/scopes.js';
import { searchsetBundle } from './bundle.js';
import { cancelExport, exportFile, exportStatus, runExportSoon, startExport } from './bulkExport.js';
import { capabilityStatement } from './capabilityStatement.js';
import { FHIR_JSON, fhirAnswer, outcome, outcomeResponses, sendOperationOutcome } from './operationOutcome.js';
import { fhirWriteRoutes } from './writeRoutes.js';
import { readFhirResource, searchFhirResources } from './readResources.js';
import { FHIR_READ_TYPES, isFhirReadType, type FhirReadType } from './resourceTypes.js';
import { refuseOtherMethod } from '../../api/methodNotAllowed.js';

export const FHIR_BASE = '/fhir/r4';
const NDJSON = 'application/fhir+ndjson';
const EXPORT_OUTPUT_FORMATS = new Set(['application/fhir+ndjson', 'application/ndjson', 'ndjson']);
const tags = ['interop: FHIR'];

function baseUrl(request: FastifyRequest): string {
  return `${originOf(request)}${FHIR_BASE}`;
}

function requestUrl(request: FastifyRequest): string {
  return `${originOf(request)}${request.url}`;
}

/** The type a path names, or a 404 OperationOutcome saying which types there are. */
function readType(type: string): FhirReadType {
  if (!isFhirReadType(type)) {
    throw new NotFoundError('Resource type', `isocourse serves ${FHIR_READ_TYPES.join(', ')}; not "${type.slice(0, 64)}".`);
  }
  return type;
}

const TypeParam = { type: 'string', minLength: 1, maxLength: 64 } as const;
const IdParam = { type: 'string', minLength: 1, maxLength: 100 } as const;
const SearchQuery = {
  type: 'object',
  properties: {
    patient: { type: 'string', maxLength: 200, description: 'Patient/{id} or {id}' },
    identifier: { type: 'string', maxLength: 300, description: 'Patient only: system|value (the program identifier)' },
    _id: { type: 'string', maxLength: 100, description: 'Patient only' },
  },
  // FHIR: parameters a server does not know are ignored (unless the client asks for strict handling).
  additionalProperties: true,
} as const;
const ExportQuery = {
  type: 'object',
  properties: {
    _type: { type: 'string', maxLength: 1000, description: 'Comma-separated resource types (default: every type the token may read)' },
    _outputFormat: { type: 'string', maxLength: 100 },
    _since: { type: 'string', maxLength: 100 },
  },
  additionalProperties: true,
} as const;

/** The refusals every token-protected route may answer, each the shared OperationOutcome (application/fhir+json). */
const REFUSALS = outcomeResponses(400, 401, 403, 404);
const OUTCOME_ACCEPTED = fhirAnswer('Accepted: an OperationOutcome (severity information) saying what happens next', { $ref: 'OperationOutcome#' });

function sendFhir(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.status(status).type(FHIR_JSON).send(body);
}

export async function fhirRoutes(app: FastifyInstance, services: Services): Promise<void> {
  await app.register(
    // Registering routes awaits nothing: a callback plugin, done once they are in place.
    (fhir, _options, done) => {
      // FHIR's own media type parsed as JSON, with the same guards as the API's JSON (prototype keys refused).
      fhir.addContentTypeParser('application/fhir+json', { parseAs: 'string' }, fhir.getDefaultJsonParser('error', 'error'));
      fhir.setErrorHandler((error, request, reply) => sendOperationOutcome(error, request, reply));
      fhir.setNotFoundHandler(
        (request, reply) =>
          refuseOtherMethod(fhir, request, reply, (error) => sendOperationOutcome(error, request, reply)) ??
          sendFhir(reply, 404, outcome(404, `${request.method} ${request.url.split('?')[0]} is not part of isocourse's FHIR API (see ${FHIR_BASE}/metadata).`)),
      );

      fhir.get('/metadata', {
        config: { public: true },
        schema: {
          tags,
          summary: 'FHIR CapabilityStatement: the resource types, searches and operations this server offers (public)',
          security: [],
          response: { 200: fhirAnswer('The CapabilityStatement') },
        },
        handler: async (request, reply) =>
          sendFhir(reply, 200, capabilityStatement(baseUrl(request), services.now().toISOString(), `${originOf(request)}${TOKEN_PATH}`)),
      });

      // Bulk export: registered before /:type so these static paths win.
      const kickOff = (level: 'system' | 'patient') => async (request: FastifyRequest, reply: FastifyReply) => {
        const actor = clientActorOf(request);
        requireClientKind(actor, 'practice');
        const query = request.query as { _type?: string; _outputFormat?: string; _since?: string };
        const prefer = String(request.headers.prefer ?? '');
        if (!/respond-async/i.test(prefer)) {
          throw new InvalidInputError([
            { field: 'Prefer', code: 'RESPOND_ASYNC_REQUIRED', message: 'A bulk export is asynchronous: send the header "Prefer: respond-async".' },
          ]);
        }
        if (query._outputFormat !== undefined && !EXPORT_OUTPUT_FORMATS.has(query._outputFormat)) {
          throw new InvalidInputError([
            { field: '_outputFormat', code: 'UNSUPPORTED_FORMAT', message: `Exports are NDJSON (${NDJSON}); not "${query._outputFormat}".` },
          ]);
        }
        if (query._since !== undefined) {
          throw new InvalidInputError([
            { field: '_since', code: 'UNSUPPORTED_PARAMETER', message: 'isocourse exports the whole record; _since is not supported. Leave it out.' },
          ]);
        }
        let types: FhirReadType[];
        if (query._type !== undefined) {
          const named = query._type
            .split(',')
            .map((type) => type.trim())
            .filter((type) => type !== '');
          const unknown = named.filter((type) => !isFhirReadType(type));
          if (named.length === 0 || unknown.length > 0) {
            throw new InvalidInputError([
              {
                field: '_type',
                code: 'UNKNOWN_TYPE',
                message: `Export one or more of ${FHIR_READ_TYPES.join(', ')}${unknown.length === 0 ? '' : `; not ${unknown.join(', ')}`}.`,
              },
            ]);
          }
          types = [...new Set(named)] as FhirReadType[];
          for (const type of types) {
            requireScope(actor, `system/${type}.rs`);
          }
        } else {
          // Every type the token may read; none at all is a refusal, not an empty export.
          types = FHIR_READ_TYPES.filter((type) => scopesAllow(actor.client.scopes, `system/${type}.rs`));
          if (types.length === 0) {
            requireScope(actor, 'system/Patient.rs');
          }
        }
        const { jobId } = await startExport(services, actor, { level, types, requestUrl: requestUrl(request) });
        runExportSoon(services, jobId, (error, failedJobId) => {
          request.log.error({ err: error, jobId: failedJobId }, 'FHIR bulk export failed');
        });
        reply.header('content-location', `${baseUrl(request)}/$export-status/${jobId}`);
        return sendFhir(reply, 202, outcome(202, `Export started; poll ${baseUrl(request)}/$export-status/${jobId}.`, 'information'));
      };
      const exportSchema = (summary: string) => ({
        tags,
        summary,
        querystring: ExportQuery,
        response: {
          202: {
            ...OUTCOME_ACCEPTED,
            headers: { 'Content-Location': { type: 'string', description: 'The status URL to poll ($export-status/{jobId})' } },
          },
          ...REFUSALS,
        },
        headers: { type: 'object', properties: { prefer: { type: 'string', description: 'respond-async (required)' } } },
      });
      fhir.get('/$export', {
        schema: exportSchema("Bulk export (kick-off) of every patient of the client's practice, NDJSON, asynchronous"),
        handler: kickOff('system'),
      });
      fhir.get('/Patient/$export', {
        schema: exportSchema("Patient-level bulk export (kick-off) of the client's practice's patients"),
        handler: kickOff('patient'),
      });

      fhir.get('/$export-status/:jobId', {
        schema: {
          tags,
          summary: 'Bulk export status: 202 with X-Progress while it runs, 200 with the manifest when done',
          params: { type: 'object', properties: { jobId: IdParam }, required: ['jobId'] },
          response: {
            200: {
              description: 'Done: the manifest (Bulk Data Access IG), one entry per NDJSON file',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['transactionTime', 'request', 'requiresAccessToken', 'output', 'error'],
                    properties: {
                      transactionTime: { type: 'string' },
                      request: { type: 'string' },
                      requiresAccessToken: { type: 'boolean' },
                      output: {
                        type: 'array',
                        items: {
                          type: 'object',
                          required: ['type', 'url', 'count'],
                          properties: { type: { type: 'string' }, url: { type: 'string' }, count: { type: 'integer' } },
                        },
                      },
                      error: {
                        type: 'array',
                        items: {
                          type: 'object',
                          required: ['type', 'url', 'count'],
                          properties: { type: { type: 'string' }, url: { type: 'string' }, count: { type: 'integer' } },
                        },
                      },
                    },
                  },
                },
              },
            },
            202: {
              type: 'null',
              description: 'Still running; no body',
              headers: {
                'X-Progress': { type: 'string', description: 'e.g. "40 of 500 patients"' },
                'Retry-After': { type: 'string', description: 'Seconds before polling again' },
              },
            },
            ...REFUSALS,
          },
        },
        handler: async (request, reply) => {
          const actor = clientActorOf(request);
          const { jobId } = request.params as { jobId: string };
          const status = await exportStatus(services, actor, jobId);
          if (status.state === 'running') {
            reply.header('x-progress', status.patientsTotal === null ? 'starting' : `${status.patientsDone} of ${status.patientsTotal} patients`);
            reply.header('retry-after', '2');
            return reply.status(202).send();
          }
          const fileUrl = (fileId: string) => `${baseUrl(request)}/$export-status/${jobId}/files/${fileId}`;
          return reply
            .status(200)
            .type('application/json; charset=utf-8')
            .send({
              transactionTime: status.transactionTime,
              request: status.request,
              requiresAccessToken: true,
              output: status.output.map((file) => ({ type: file.type, url: fileUrl(file.fileId), count: file.count })),
              error: status.error.map((file) => ({ type: file.type, url: fileUrl(file.fileId), count: file.count })),
            });
        },
      });
      fhir.delete('/$export-status/:jobId', {
        schema: {
          tags,
          summary: 'Cancel a bulk export and delete its files',
          params: { type: 'object', properties: { jobId: IdParam }, required: ['jobId'] },
          response: { 202: OUTCOME_ACCEPTED, ...REFUSALS },
        },
        handler: async (request, reply) => {
          const actor = clientActorOf(request);
          await cancelExport(services, actor, (request.params as { jobId: string }).jobId);
          return sendFhir(reply, 202, outcome(202, 'The export was cancelled and its files deleted.', 'information'));
        },
      });
      fhir.get('/$export-status/:jobId/files/:fileId', {
        schema: {
          tags,
          summary: 'One NDJSON file of a finished bulk export (needs the same access token as the kick-off)',
          params: { type: 'object', properties: { jobId: IdParam, fileId: IdParam }, required: ['jobId', 'fileId'] },
          response: { 200: { description: 'One resource per line (NDJSON)', content: { [NDJSON]: { schema: { type: 'string' } } } }, ...REFUSALS },
        },
        handler: async (request, reply) => {
          const actor = clientActorOf(request);
          const { jobId, fileId } = request.params as { jobId: string; fileId: string };
          const ndjson = await exportFile(services, actor, jobId, fileId);
          return reply.status(200).type(NDJSON).send(ndjson);
        },
      });

      fhir.get('/:type', {
        schema: {
          tags,
          summary: 'Search a resource type by patient (Patient by _id or identifier=system|value): a searchset Bundle of what the client may see',
          params: { type: 'object', properties: { type: TypeParam }, required: ['type'] },
          querystring: SearchQuery,
          response: {
            200: fhirAnswer('A searchset Bundle', {
              type: 'object',
              required: ['resourceType', 'type'],
              properties: { resourceType: { const: 'Bundle' }, type: { const: 'searchset' } },
              additionalProperties: true,
            }),
            ...REFUSALS,
          },
        },
        handler: async (request, reply) => {
          const actor = clientActorOf(request);
          const type = readType((request.params as { type: string }).type);
          requireScope(actor, `system/${type}.s`);
          const query = request.query as Record<string, unknown>;
          const single = (name: string): string | undefined => {
            const value = query[name];
            if (Array.isArray(value)) {
              throw new InvalidInputError([{ field: name, code: 'REPEATED_PARAMETER', message: `Give ${name} once.` }]);
            }
            if (typeof value === 'string' && value.includes('\u0000')) {
              throw new InvalidInputError([{ field: name, code: 'NUL_CHARACTER', message: `${name} cannot contain a NUL character.` }]);
            }
            return typeof value === 'string' ? value : undefined;
          };
          const search = Object.fromEntries(
            (['patient', 'identifier', '_id'] as const).flatMap((name) => {
              const value = single(name);
              return value === undefined ? [] : [[name, value]];
            }),
          );
          const resources = await searchFhirResources(services, actor, type, search);
          return sendFhir(reply, 200, searchsetBundle(baseUrl(request), requestUrl(request), resources));
        },
      });
      // What records (the EHR's import, the REMS questionnaires): helper fhir-write's routes, in this plugin.
      fhirWriteRoutes(fhir, services);

      fhir.get('/:type/:id', {
        schema: {
          tags,
          summary: 'Read one resource by type and id',
          params: { type: 'object', properties: { type: TypeParam, id: IdParam }, required: ['type', 'id'] },
          response: { 200: fhirAnswer('The resource (Patient, MedicationRequest, MedicationDispense, Observation, CarePlan …)'), ...REFUSALS },
        },
        handler: async (request, reply) => {
          const actor = clientActorOf(request);
          const { type: typeName, id } = request.params as { type: string; id: string };
          const type = readType(typeName);
          requireScope(actor, `system/${type}.r`);
          return sendFhir(reply, 200, await readFhirResource(services, actor, type, id));
        },
      });
      done();
    },
    { prefix: FHIR_BASE },
  );
}
