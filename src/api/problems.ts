// One place turns every error into an RFC 9457 problem+json answer. Routes never format errors,
// and nothing ever answers with a stack trace.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from '../services/unavailable.js';
import {
  ConflictError,
  ForbiddenError,
  IdempotencyKeyReusedError,
  InvalidInputError,
  LogInBusyError,
  NotFoundError,
  PossibleDuplicatePatientError,
  RuleRefusal,
  TooManyAttemptsError,
  UnauthenticatedError,
  type FieldError,
} from '../services/errors.js';

const PROBLEM_BASE = 'https://isocourse.dev/problems/';
/** Seconds a client is told to wait when the database is unreachable (a failover takes about one, measured). */
export const DATABASE_UNAVAILABLE_RETRY_AFTER_SECONDS = 2;

/** Requests whose server error has been logged already (one line per error). */
const loggedRequests = new WeakSet<FastifyRequest>();
/** When a refused log-in was last logged (LogInBusyError). */
let lastLogInBusyWarning = 0;

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

function send(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.status(problem.status).type('application/problem+json').send(problem);
}

type ValidationIssue = NonNullable<FastifyError['validation']>[number];

/**
 * A choice among fixed values (a union of literals) fails as one anyOf plus a const (and type)
 * finding per value: keep only the anyOf, and say which values are allowed, so each field is
 * named once.
 */
function collapseChoices(validation: readonly ValidationIssue[]): { issues: ValidationIssue[]; allowed: Map<ValidationIssue, unknown[]> } {
  const allowed = new Map<ValidationIssue, unknown[]>();
  const dropped = new Set<ValidationIssue>();
  // Innermost choices first, so a choice nested in a shape counts as one finding of that shape.
  const choices = validation.filter((issue) => issue.keyword === 'anyOf').sort((a, b) => b.schemaPath.length - a.schemaPath.length);
  for (const choice of choices) {
    if (dropped.has(choice)) {
      continue;
    }
    const branches = validation.filter((issue) => !dropped.has(issue) && issue !== choice && issue.schemaPath.startsWith(`${choice.schemaPath}/`));
    const values = branches.filter((issue) => issue.keyword === 'const');
    if (values.length > 0 && branches.every((issue) => issue.keyword === 'const' || issue.keyword === 'type')) {
      branches.forEach((issue) => dropped.add(issue));
      allowed.set(
        choice,
        values.map((issue) => (issue.params as { allowedValue?: unknown }).allowedValue),
      );
      continue;
    }
    // A choice among shapes (the monthly visit's contraception: "same as last month", or the
    // methods): the answer names what is wrong in the shape the request came closest to (the
    // branch with the fewest findings, the first on a tie), not every finding of every shape.
    const byBranch = new Map<string, ValidationIssue[]>();
    for (const issue of branches) {
      const branch = issue.schemaPath.slice(choice.schemaPath.length + 1).split('/')[0] ?? '';
      byBranch.set(branch, [...(byBranch.get(branch) ?? []), issue]);
    }
    const closest = [...byBranch.values()].reduce<ValidationIssue[] | null>(
      (best, issues) => (best === null || issues.length < best.length ? issues : best),
      null,
    );
    if (closest === null) {
      continue;
    }
    branches.filter((issue) => !closest.includes(issue)).forEach((issue) => dropped.add(issue));
    dropped.add(choice);
  }
  // The same finding once per field (a value of the wrong type fails each shape the same way).
  const seen = new Set<string>();
  const issues = validation.filter((issue) => {
    if (dropped.has(issue)) {
      return false;
    }
    const key = `${issue.instancePath}|${issue.keyword}|${JSON.stringify(issue.params)}`;
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
  return { issues, allowed };
}

/** Ajv's findings, one per field, named by path ('specimenDate', 'methods/1'). */
function fieldErrors(validation: NonNullable<FastifyError['validation']>, context: string | undefined): FieldError[] {
  const { issues, allowed } = collapseChoices(validation);
  return issues.map((issue) => {
    const choices = allowed.get(issue);
    const params = issue.params;
    const base = issue.instancePath.replace(/^\//, '');
    const extra = (params['missingProperty'] ?? params['additionalProperty']) as string | undefined;
    const field = [base, extra].filter((part) => part !== undefined && part !== '').join('/') || (context ?? 'body');
    const code =
      issue.keyword === 'additionalProperties'
        ? 'UNKNOWN_FIELD'
        : issue.keyword === 'required'
          ? 'REQUIRED'
          : issue.keyword === 'format'
            ? 'INVALID_FORMAT'
            : choices !== undefined
              ? 'ENUM'
              : issue.keyword.toUpperCase();
    const message =
      issue.keyword === 'additionalProperties'
        ? `"${extra}" is not a field of this request.`
        : issue.keyword === 'required'
          ? `"${extra}" is required.`
          : issue.keyword === 'format' && params['format'] === 'date'
            ? 'must be a real calendar date written YYYY-MM-DD.'
            : choices !== undefined
              ? `must be one of: ${choices.map((value) => JSON.stringify(value)).join(', ')}.`
              : issue.keyword === 'const'
                ? `must be ${JSON.stringify(params['allowedValue'])}.`
                : (issue.message ?? 'is invalid.');
    return { field: context === undefined || context === 'body' ? field : `${context}.${field}`, code, message };
  });
}

/** The answer to an error (the FHIR, CDS Hooks and SCRIPT edges reword the same answer in their formats). */
export function problemFromError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return send(reply, problemOf(error, request, reply));
}

/** The problem an error is, decided in this one place; sets the headers it needs (Retry-After). */
export function problemOf(error: unknown, request: FastifyRequest, reply: FastifyReply): Problem {
  if (error instanceof InvalidInputError) {
    return {
      type: `${PROBLEM_BASE}invalid-input`,
      title: 'The request has invalid fields',
      status: 400,
      errors: error.fields,
      ...(error.reasons.length === 0 ? {} : { reasons: error.reasons }),
    };
  }
  if (error instanceof RuleRefusal) {
    return {
      type: `${PROBLEM_BASE}refused-by-program-rules`,
      title: error.title,
      status: 422,
      detail: error.reasons.map((reason) => reason.message).join(' '),
      reasons: error.reasons,
      warnings: error.warnings,
      ...(error.recorded === null ? {} : { recorded: error.recorded }),
    };
  }
  if (error instanceof NotFoundError) {
    return { type: `${PROBLEM_BASE}not-found`, title: `${error.what} not found`, status: 404, ...(error.detail === undefined ? {} : { detail: error.detail }) };
  }
  if (error instanceof ForbiddenError) {
    return { type: `${PROBLEM_BASE}forbidden`, title: 'Not allowed', status: 403, detail: error.message };
  }
  if (error instanceof UnauthenticatedError) {
    return { type: `${PROBLEM_BASE}unauthenticated`, title: 'Log in first', status: 401, detail: error.message };
  }
  if (error instanceof IdempotencyKeyReusedError) {
    return { type: `${PROBLEM_BASE}idempotency-key-reused`, title: 'Idempotency-Key reused for another request', status: 422, detail: error.message };
  }
  if (error instanceof TooManyAttemptsError) {
    reply.header('retry-after', String(error.retryAfterSeconds));
    return { type: `${PROBLEM_BASE}too-many-attempts`, title: error.title, status: 429, detail: error.message };
  }
  if (error instanceof LogInBusyError) {
    // A deliberate refusal of a storm, not a fault: one warning per 10 s rather than an error
    // line per refused log-in, which would cost the loaded server a write each.
    loggedRequests.add(request);
    if (Date.now() - lastLogInBusyWarning >= 10_000) {
      lastLogInBusyWarning = Date.now();
      request.log.warn(
        { route: request.routeOptions.url ?? null, status: 503, retryAfterSeconds: error.retryAfterSeconds },
        'log-ins refused: too many at once for this server to hash (logged at most every 10 s)',
      );
    }
    reply.header('retry-after', String(error.retryAfterSeconds));
    return { type: `${PROBLEM_BASE}log-in-busy`, title: 'Too many log-ins at once', status: 503, detail: error.message };
  }
  if (error instanceof PossibleDuplicatePatientError) {
    return {
      type: `${PROBLEM_BASE}possible-duplicate-patient`,
      title: 'This patient may already be enrolled',
      status: 409,
      code: 'POSSIBLE_DUPLICATE_PATIENT',
      detail: error.message,
      matches: error.matches,
      otherPrescribersMatches: error.otherPrescribersMatches,
    };
  }
  if (error instanceof ConflictError) {
    return { type: `${PROBLEM_BASE}conflict`, title: 'Conflict', status: 409, detail: error.message };
  }
  if ((error as { code?: unknown }).code === '23505') {
    // A uniqueness constraint caught what the row locks should have: two requests recording the
    // same thing at once. The loser changed nothing; say so rather than answer 500.
    request.log.warn({ err: error }, 'unique violation reached the error handler');
    return {
      type: `${PROBLEM_BASE}conflict`,
      title: 'Conflict',
      status: 409,
      detail: 'Another request recorded the same thing at the same moment. Nothing was changed by this one; reload and check.',
    };
  }
  const fastifyError = error as Partial<FastifyError>;
  if (fastifyError.validation !== undefined) {
    return {
      type: `${PROBLEM_BASE}invalid-input`,
      title: 'The request has invalid fields',
      status: 400,
      errors: fieldErrors(fastifyError.validation, fastifyError.validationContext),
    };
  }
  const status = fastifyError.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    return {
      type: `${PROBLEM_BASE}bad-request`,
      title: status === 413 ? 'The request body is too large' : status === 415 ? 'Send the body as application/json' : 'Bad request',
      status,
      detail: fastifyError.message ?? '',
    };
  }
  if (isDatabaseUnavailable(error)) {
    // The database stopped, or a failover is under way. A write whose connection was lost at its
    // commit may have been recorded, so this answer, unlike the 500, does not say nothing changed.
    request.log.error({ err: error, method: request.method, route: request.routeOptions.url ?? null, status: 503 }, 'database unavailable');
    loggedRequests.add(request);
    reply.header('retry-after', String(DATABASE_UNAVAILABLE_RETRY_AFTER_SECONDS));
    return {
      type: `${PROBLEM_BASE}database-unavailable`,
      title: 'The database is unavailable',
      status: 503,
      detail:
        'The database could not be reached (it may be failing over to its standby); try again shortly. ' +
        'A change sent just now may or may not have been recorded: resend it with the same Idempotency-Key, or check before recording it again.',
      instance: `urn:uuid:${request.id}`,
      requestId: request.id,
    };
  }
  request.log.error({ err: error, method: request.method, route: request.routeOptions.url ?? null, status: 500 }, 'unexpected error');
  loggedRequests.add(request);
  return {
    type: `${PROBLEM_BASE}internal`,
    title: 'Something went wrong on our side',
    status: 500,
    detail: `Nothing was changed. The error has been logged as ${request.id}; try again, or give support this number.`,
    instance: `urn:uuid:${request.id}`,
    requestId: request.id,
  };
}

/** A 5xx that no error handler logged (a route or edge that sent it itself) is logged here. */
export function logUnloggedServerError(request: FastifyRequest, reply: FastifyReply): void {
  if (reply.statusCode >= 500 && !loggedRequests.has(request)) {
    loggedRequests.add(request);
    request.log.error({ method: request.method, route: request.routeOptions.url ?? null, status: reply.statusCode }, 'server error answered');
  }
}

/**
 * An error as logged: its kind, code and where it happened; its message with anything quoted
 * masked, since database and validation messages quote the values (medical data) they refused.
 * Never the request's body, never the error's detail or parameters.
 */
export function safeError(error: unknown): { type: string; message: string; stack: string; [field: string]: unknown } {
  if (!(error instanceof Error)) {
    return { type: typeof error, message: '', stack: '' };
  }
  const mask = (text: string): string => text.replace(/"[^"]*"|'[^']*'|\([^)]*\)=\([^)]*\)/g, '"…"');
  const fields = error as Error & { code?: unknown; routine?: unknown; constraint?: unknown; table?: unknown; column?: unknown };
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => line.trimStart().startsWith('at '))
    .slice(0, 12);
  return {
    type: error.constructor.name,
    message: mask(error.message),
    ...(typeof fields.code === 'string' ? { code: fields.code } : {}),
    ...(typeof fields.routine === 'string' ? { routine: fields.routine } : {}),
    ...(typeof fields.constraint === 'string' ? { constraint: fields.constraint } : {}),
    ...(typeof fields.table === 'string' ? { table: fields.table } : {}),
    ...(typeof fields.column === 'string' ? { column: fields.column } : {}),
    stack: frames.map((line) => line.trim()).join('\n'),
  };
}
