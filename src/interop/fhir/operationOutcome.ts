// Errors at the FHIR and CDS Hooks edges are an OperationOutcome: the same decision as the API's
// problem+json (api/problems.ts decides the status and the words), reworded as FHIR issues so an
// EHR shows them as it shows any FHIR server's.
import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { problemOf, type Problem } from '../../api/problems.js';
import type { Reason } from '../../domain/decision.js';

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/** FHIR's issue type for an HTTP status (http://hl7.org/fhir/R4/valueset-issue-type.html). */
function issueCode(status: number): OperationOutcomeIssue['code'] {
  switch (status) {
    case 400:
      return 'invalid';
    case 401:
      return 'login';
    case 403:
      return 'forbidden';
    case 404:
      return 'not-found';
    case 409:
      return 'conflict';
    case 413:
      return 'too-long';
    case 415:
      return 'not-supported';
    case 422:
      return 'business-rule';
    case 429:
      return 'throttled';
    default:
      return status >= 500 ? 'exception' : 'processing';
  }
}

/** One issue per field or program reason, else one for the whole answer. */
export function operationOutcomeOf(problem: Problem): OperationOutcome {
  const code = issueCode(problem.status);
  const severity: OperationOutcomeIssue['severity'] = problem.status >= 500 ? 'fatal' : 'error';
  const fields = problem.errors ?? [];
  const reasons = (Array.isArray(problem['reasons']) ? problem['reasons'] : []) as Reason[];
  const issues: OperationOutcomeIssue[] = [
    ...fields.map((field): OperationOutcomeIssue => ({
      severity,
      code,
      diagnostics: `${field.field}: ${field.message}`,
      expression: [field.field],
      details: { coding: [{ code: field.code }], text: field.message },
    })),
    ...reasons.map((reason): OperationOutcomeIssue => ({
      severity,
      code,
      details: { coding: [{ system: 'https://isocourse.dev/fhir/CodeSystem/program-reason', code: reason.code }], text: reason.message },
    })),
  ];
  if (issues.length === 0) {
    issues.push({ severity, code, diagnostics: [problem.title, problem.detail].filter((part) => part !== undefined && part !== '').join(': ') });
  }
  return { resourceType: 'OperationOutcome', issue: issues };
}

/** A single-issue outcome, for what an edge refuses itself (a wrong resource type, an unknown code). */
export function outcome(status: number, diagnostics: string, severity: OperationOutcomeIssue['severity'] = 'error'): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity, code: issueCode(status), diagnostics }] };
}

/** The error handler of the FHIR and CDS Hooks plugins. */
export function sendOperationOutcome(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const problem = problemOf(error, request, reply);
  if (problem.status === 401) {
    // RFC 6750: say how to authenticate (a SMART Backend Services access token).
    reply.header('www-authenticate', 'Bearer realm="isocourse", error="invalid_token"');
  }
  return reply.status(problem.status).type(FHIR_JSON).send(operationOutcomeOf(problem));
}

/** The OperationOutcome every FHIR and CDS Hooks refusal is, added to the app once (OpenAPI: components/schemas/OperationOutcome). */
export const OPERATION_OUTCOME_SCHEMA = {
  $id: 'OperationOutcome',
  type: 'object',
  description: 'A FHIR OperationOutcome (application/fhir+json): one issue per invalid field or program reason',
  required: ['resourceType', 'issue'],
  properties: {
    resourceType: { type: 'string', const: 'OperationOutcome' },
    issue: {
      type: 'array',
      items: {
        type: 'object',
        required: ['severity', 'code'],
        properties: { severity: { type: 'string' }, code: { type: 'string' } },
        additionalProperties: true,
      },
    },
  },
  additionalProperties: true,
} as const;

const OUTCOME_MEANINGS: Record<number, string> = {
  400: 'The request cannot be read or has invalid fields',
  401: 'No valid client access token (from /auth/token)',
  403: "The client's kind or scopes do not allow this",
  404: 'Not found, or not a record this client may see',
  409: 'Conflicts with what is recorded',
  415: 'The body is not application/fhir+json or application/json',
  422: 'The program rules refuse it; nothing was recorded',
};

/** The refusals of a FHIR or CDS Hooks route, for the OpenAPI document: each the shared OperationOutcome, as application/fhir+json. */
export function outcomeResponses(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      { description: OUTCOME_MEANINGS[status] ?? 'OperationOutcome', content: { 'application/fhir+json': { schema: { $ref: 'OperationOutcome#' } } } },
    ]),
  );
}

/** A FHIR success answer (application/fhir+json); the resource is open (FHIR R4 defines it). */
export function fhirAnswer(
  description: string,
  schema: object = { type: 'object', required: ['resourceType'], properties: { resourceType: { type: 'string' } }, additionalProperties: true },
) {
  return { description, content: { 'application/fhir+json': { schema } } };
}
