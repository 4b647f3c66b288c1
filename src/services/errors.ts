// Typed errors of the use cases. The API maps each to one problem+json answer (api/problems.ts);
// services never format HTTP themselves.
import type { Reason } from '../domain/decision.js';

export interface FieldError {
  /** JSON pointer-ish path of the field, e.g. 'specimenDate' or 'methods/1'. */
  field: string;
  code: string;
  message: string;
}

/** The input cannot be right (impossible dates, inconsistent fields). Nothing was changed. */
export class InvalidInputError extends Error {
  constructor(
    readonly fields: FieldError[],
    /** A request of several parts (a monthly visit) also names what the rules refused in its other parts. */
    readonly reasons: Reason[] = [],
  ) {
    super(fields.map((field) => `${field.field}: ${field.message}`).join('; '));
  }
}

/** The program's rules refuse this now; the reasons say what fixes it and by when. */
export class RuleRefusal extends Error {
  constructor(
    readonly title: string,
    readonly reasons: Reason[],
    readonly warnings: Reason[] = [],
    /** What the refusal itself recorded (e.g. an authorization reversed, R-AUTH-2). */
    readonly recorded: Record<string, unknown> | null = null,
  ) {
    super(`${title}: ${reasons.map((reason) => reason.code).join(', ')}`);
  }
}

/** Not there, or not the caller's to see: the same answer, so existence does not leak. */
export class NotFoundError extends Error {
  /** `detail`: what to check, when saying it reveals nothing (e.g. the pharmacy's lookup). */
  constructor(
    readonly what: string,
    readonly detail?: string,
  ) {
    super(`${what} not found`);
  }
}

/** The caller may see the record but not do this to it. */
export class ForbiddenError extends Error {}

export class UnauthenticatedError extends Error {}

/** Too many failed log-ins (or look-ups by identifier and birth date): nothing is checked until `retryAt`. */
/** What was tried too often: the problem's title, what to do, and optionally other words when the wait is under a minute. */
export interface TooManyAttempts {
  title: string;
  detail: string;
  underAMinute?: string;
}

/** Failed log-ins (logIn.ts): under a minute, only log-ins still being checked complete the limit, so it says that. */
export const TOO_MANY_LOG_INS: TooManyAttempts = {
  title: 'Too many failed log-ins',
  detail: 'Too many failed log-ins.',
  underAMinute: 'Too many log-ins are being checked for this account or address.',
};

export class TooManyAttemptsError extends Error {
  readonly retryAfterSeconds: number;
  readonly title: string;
  constructor(
    readonly retryAt: Date,
    now: Date,
    what: TooManyAttempts = TOO_MANY_LOG_INS,
  ) {
    const seconds = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000));
    const minutes = Math.ceil(seconds / 60);
    const wait = seconds < 60 ? `${seconds} second${seconds === 1 ? '' : 's'}` : `${minutes} minute${minutes === 1 ? '' : 's'}`;
    super(`${seconds < 60 && what.underAMinute !== undefined ? what.underAMinute : what.detail} Try again in ${wait}.`);
    this.retryAfterSeconds = seconds;
    this.title = what.title;
  }
}

/**
 * Too many log-ins at once for this server to hash (auth/logInAdmission.ts): nothing was checked
 * or recorded; try again after `retryAfterSeconds`.
 */
export class LogInBusyError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`Many people are logging in right now. Try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}.`);
  }
}

/** An Idempotency-Key used before for a different request: a client bug, never replayed. */
export class IdempotencyKeyReusedError extends Error {
  constructor() {
    super('This Idempotency-Key was already used for a different request. Use a new key for each new request, and the same key only to retry it unchanged.');
  }
}

/** The request conflicts with the current state (e.g. an email already in use). */
export class ConflictError extends Error {}

/** A patient of the practice the caller may open, who looks like the one being enrolled. */
export interface PossibleDuplicate {
  id: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  programId: string;
}

/**
 * Enrolling someone who looks like an existing patient (same names and birth date): refused until
 * the prescriber overrides it with a reason. Names only the matches the caller may open; matches
 * of other prescribers of the same practice are only counted.
 */
export class PossibleDuplicatePatientError extends ConflictError {
  constructor(
    readonly matches: PossibleDuplicate[],
    readonly otherPrescribersMatches: number,
  ) {
    super(
      matches.length > 0
        ? `This may be a patient already enrolled: ${matches.map((match) => `${match.givenName} ${match.familyName}, born ${match.birthDate}, program ID ${match.programId}`).join('; ')}. Open the existing record, or enroll anyway with a reason (duplicateOverride).`
        : 'A patient of another prescriber of your practice has the same name and birth date. Check with them, or enroll anyway with a reason (duplicateOverride).',
    );
  }
}
