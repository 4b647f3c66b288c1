// The services' refusals as FHIR OperationOutcomes, for the answers that carry one per entry or per
// item (a batch import's entries, a questionnaire's parts): the same errors the API turns into
// problem+json (api/problems.ts), in FHIR's words. Each issue names what is wrong and, for a rule's
// refusal, what fixes it; the machine-readable code travels in details.coding.
import type { CodeableConcept, OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError, PossibleDuplicatePatientError, RuleRefusal } from '../../services/errors.js';

/** Where isocourse's own reason and problem codes live (stable: clients may switch on them). */
export const ISOCOURSE_REASON_SYSTEM = 'https://isocourse.dev/fhir/CodeSystem/reason';

export type IssueCode = OperationOutcomeIssue['code'];

export interface Problem {
  code: IssueCode;
  /** What is wrong and what to do, for a person. */
  text: string;
  /** FHIRPath of the element at fault, when there is one. */
  expression?: string;
  /** isocourse's own code for it (a reason or field-problem code). */
  reasonCode?: string;
  severity?: 'error' | 'warning' | 'information';
}

function details(text: string, reasonCode: string | undefined): CodeableConcept {
  return reasonCode === undefined ? { text } : { coding: [{ system: ISOCOURSE_REASON_SYSTEM, code: reasonCode }], text };
}

export function operationOutcome(problems: readonly Problem[]): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: problems.map((problem) => ({
      severity: problem.severity ?? 'error',
      code: problem.code,
      details: details(problem.text, problem.reasonCode),
      ...(problem.expression === undefined ? {} : { expression: [problem.expression] }),
    })),
  };
}

/** HTTP status lines as a Bundle entry's response.status writes them. */
export const STATUS_LINES: Record<number, string> = {
  200: '200 OK',
  201: '201 Created',
  400: '400 Bad Request',
  403: '403 Forbidden',
  404: '404 Not Found',
  405: '405 Method Not Allowed',
  409: '409 Conflict',
  422: '422 Unprocessable Entity',
};

export interface Refusal {
  status: number;
  problems: Problem[];
}

/**
 * A service's refusal as an HTTP status and the problems to say; null for anything else (a bug
 * or an outage is not the client's input and is not dressed up as one).
 * `fieldPath` turns a service's field name into the element of the request it came from.
 */
export function refusalOf(error: unknown, fieldPath: (field: string) => string | undefined = () => undefined): Refusal | null {
  if (error instanceof InvalidInputError) {
    return {
      status: 422,
      problems: [
        ...error.fields.map((field): Problem => {
          const expression = fieldPath(field.field);
          return { code: 'invalid', text: field.message, reasonCode: field.code, ...(expression === undefined ? {} : { expression }) };
        }),
        ...error.reasons.map((reason): Problem => ({ code: 'business-rule', text: `${reason.message} ${reason.action}`, reasonCode: reason.code })),
      ],
    };
  }
  if (error instanceof RuleRefusal) {
    return {
      status: 422,
      problems: error.reasons.map((reason): Problem => ({
        code: 'business-rule',
        text: `${error.title}: ${reason.message} ${reason.action}`,
        reasonCode: reason.code,
      })),
    };
  }
  if (error instanceof NotFoundError) {
    return { status: 404, problems: [{ code: 'not-found', text: error.detail ?? `${error.what} not found.` }] };
  }
  if (error instanceof ForbiddenError) {
    return { status: 403, problems: [{ code: 'forbidden', text: error.message }] };
  }
  if (error instanceof PossibleDuplicatePatientError) {
    return { status: 409, problems: [{ code: 'duplicate', text: error.message, reasonCode: 'POSSIBLE_DUPLICATE_PATIENT' }] };
  }
  if (error instanceof ConflictError) {
    return { status: 409, problems: [{ code: 'conflict', text: error.message }] };
  }
  return null;
}
