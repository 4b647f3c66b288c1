// Errors at the FHIR and CDS Hooks edges are an OperationOutcome: the same decision as the API's
// problem+json (api/problems.ts decides the status and the words), reworded as FHIR issues so an
// EHR shows them as it shows any FHIR server's.
import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { problemOf, type Problem } from '../../api/problems.js';
import type { FieldError } from '../../services/errors.js';
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
  const fields = (problem.errors ?? []) as FieldError[];
  const reasons = (Array.isArray(problem['reasons']) ? problem['reasons'] : []) as Reason[];
  const issues: OperationOutcomeIssue[] = [
    ...fields.map((field): OperationOutcomeIssue => ({ severity, code, diagnostics: `${field.field}: ${field.message}`, expression: [field.field], details: { coding: [{ code: field.code }], text: field.message } })),
    ...reasons.map((reason): OperationOutcomeIssue => ({ severity, code, details: { coding: [{ system: 'https://isocourse.dev/fhir/CodeSystem/program-reason', code: reason.code }], text: reason.message } })),
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
