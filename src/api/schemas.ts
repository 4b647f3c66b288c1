// JSON schemas shared by routes (TypeBox), so the OpenAPI document and the validation are one.
import { Type, type TSchema } from '@sinclair/typebox';
import { CONTRACEPTION_METHODS } from '../domain/facts.js';
import { PRODUCTS } from '../domain/prescription.js';
import { PROGRAM_STATES } from '../domain/programStatus.js';
import { STATE_TONES } from '../domain/stateWords.js';

/** One of a fixed list of values (the API answers ENUM with the allowed values). */
export function literals<T extends string>(values: readonly T[]) {
  return Type.Union(values.map((value) => Type.Literal(value)));
}

export const IsoDate = Type.String({ format: 'date', description: 'Calendar date, YYYY-MM-DD', examples: ['2026-03-10'] });
export const Uuid = Type.String({ format: 'uuid' });
export const Text = (maxLength = 500) => Type.String({ minLength: 1, maxLength });

export function strictObject<T extends Record<string, TSchema>>(properties: T) {
  return Type.Object(properties, { additionalProperties: false });
}

export const Reason = Type.Object({
  code: Type.String(),
  rule: Type.String(),
  message: Type.String(),
  action: Type.String(),
  earliestChangeDate: Type.Union([IsoDate, Type.Null()]),
  deadline: Type.Optional(IsoDate),
});

export const Decision = Type.Object({
  allowed: Type.Boolean(),
  reasons: Type.Array(Reason),
  warnings: Type.Array(Reason),
});

export const PatientIdParams = strictObject({ patientId: Uuid });
export const AuthorizationIdParams = strictObject({ authorizationId: Uuid });

export const ProgramIdentification = {
  // Typed as read aloud or copied from a card: spaces, dashes and lower case are accepted and
  // dropped in one place (domain/pharmacyVerdict.ts normalizeProgramId, applied by services/access.ts).
  programId: Type.String({
    pattern: '^[\\s-]*(?:[A-Za-z0-9][\\s-]*){10}$',
    maxLength: 40,
    description: 'The patient program identifier: 10 letters or digits (spaces, dashes and lower case are ignored)',
  }),
  birthDate: IsoDate,
};

export const RiskCategory = Type.Union([Type.Literal('PCGP'), Type.Literal('PCNGP')]);
export const CategoryCriterion = literals([
  'reproductivePotential',
  'tubalLigation',
  'assignedMaleAtBirth',
  'totalHysterectomy',
  'bilateralOophorectomy',
  'postMenopausal',
  'premenarchalExemption',
  'otherPermanentCause',
] as const);
export const ContraceptionMethod = literals(CONTRACEPTION_METHODS);
export const Product = literals(PRODUCTS);
export const ProgramState = literals(PROGRAM_STATES);

export const Window = Type.Object({
  opensOn: IsoDate,
  lastDay: IsoDate,
  anchor: Type.Union([Type.Literal('specimen'), Type.Literal('visit'), Type.Literal('prescription'), Type.Literal('certification')]),
  testId: Type.Union([Type.String(), Type.Null()]),
});

/** An attempt to reach the program's own system for an RMA number (issue 12, item 5). */
export const ProgramAttemptSchema = Type.Object({
  attemptedAt: Type.String({ format: 'date-time' }),
  outcome: Type.Union([Type.Literal('reached'), Type.Literal('unavailable'), Type.Literal('error')]),
  errorText: Type.Union([Type.String(), Type.Null()]),
});

/** A fill waiting for the program's RMA number while its system cannot be reached (domain/programOutage.ts). */
export const ProgramOutageSchema = Type.Object({
  since: Type.String({ format: 'date-time', description: 'The first failed attempt since the last success' }),
  lastAttempt: ProgramAttemptSchema,
  attempts: Type.Integer({ description: 'Failed attempts since then' }),
  closesOn: { ...IsoDate, description: 'The binding do-not-dispense-after date (D-4)' },
  atRisk: Type.Boolean({ description: 'The window closes within PROGRAM_OUTAGE_HORIZON_DAYS: flagged on the worklist and the pharmacy queue' }),
});

export const AuthorizationView = Type.Object({
  id: Uuid,
  rmaNumber: { ...Type.Union([Type.String(), Type.Null()]), description: "Null outside the US: the pharmacist's checklist has no number" },
  prescriptionId: Uuid,
  requestedOn: IsoDate,
  doNotDispenseAfter: { ...Type.Union([IsoDate, Type.Null()]), description: 'Outside the US the last day to dispense; null where the program has no window' },
  ruleSet: Type.String(),
  remsRmaNumber: Type.Union([Type.String(), Type.Null()]),
  programSystem: Type.Object({
    state: Type.Union([Type.Literal('notTried'), Type.Literal('unavailable'), Type.Literal('numberRecorded')]),
    attempts: Type.Integer(),
    lastAttempt: Type.Union([ProgramAttemptSchema, Type.Null()]),
  }),
});

export const ProgramStatusSchema = Type.Object({
  asOf: IsoDate,
  state: ProgramState,
  category: Type.Union([RiskCategory, Type.Null()]),
  ruleSet: Type.String(),
  window: Type.Union([Window, Type.Null()]),
  activeAuthorization: Type.Union([
    Type.Object({
      id: Uuid,
      rmaNumber: Type.String(),
      prescriptionId: Uuid,
      requestedOn: IsoDate,
      doNotDispenseAfter: IsoDate,
      programOutage: Type.Union([ProgramOutageSchema, Type.Null()]),
    }),
    Type.Null(),
  ]),
  lockoutUntil: Type.Union([IsoDate, Type.Null()]),
  blockers: Type.Array(Reason),
  warnings: Type.Array(Reason),
  endOfCourse: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()]),
  dispenseCount: Type.Integer(),
  supplyEndsOn: Type.Union([IsoDate, Type.Null()]),
  /** The practice's own parameter settings in force today (issue 14, item 4): each with the document's default. */
  programOverrides: Type.Optional(
    Type.Array(
      Type.Object({
        key: Type.String(),
        value: Type.Unknown(),
        default: Type.Unknown(),
        source: Type.String(),
        effectiveFrom: IsoDate,
      }),
    ),
  ),
});

/** The words for a patient's state, the same on every page (src/domain/stateWords.ts). */
export const PatientStateSummarySchema = Type.Object({
  tone: Type.Union(STATE_TONES.map((tone) => Type.Literal(tone))),
  label: Type.String(),
  headline: Type.String(),
  detail: Type.Union([Type.String(), Type.Null()]),
  steps: Type.Array(Type.Object({ code: Type.String(), label: Type.String(), done: Type.Boolean() })),
  blocking: Type.Array(Type.String()),
});

/**
 * RFC 9457 problem details: every refusal and error of the API, sent as application/problem+json
 * (src/api/problems.ts). One shared schema (added to the app as "Problem"), so the OpenAPI document
 * lists it once under components and every operation refers to it.
 */
export const Problem = Type.Object(
  {
    type: Type.String({ description: 'A URI naming the kind of problem (https://isocourse.dev/problems/…)' }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String({ description: 'urn:uuid: of the request (server errors)' })),
    requestId: Type.Optional(Type.String({ description: 'The request-id header of the answer, to quote to support (server errors)' })),
    errors: Type.Optional(
      Type.Array(Type.Object({ field: Type.String(), code: Type.String(), message: Type.String() }), { description: 'One per invalid field (400)' }),
    ),
    // Open: a reason carries its rule, action and dates (Reason); nothing of it is dropped here.
    reasons: Type.Optional(
      Type.Array(Type.Object({ code: Type.String(), message: Type.String() }, { additionalProperties: true }), {
        description: 'The program rules that refused (422), or refused another part (400)',
      }),
    ),
  },
  { $id: 'Problem', additionalProperties: true, description: 'Problem details (RFC 9457), sent as application/problem+json' },
);

/** What each error status of the API means, for the OpenAPI document. */
const PROBLEM_MEANINGS: Record<number, string> = {
  400: 'The request has invalid fields (errors names each) or cannot be read',
  401: 'No valid session: log in',
  403: 'Not allowed for this account, or a request from another site',
  404: 'The record is not found, or not one this account may see',
  409: 'Conflicts with what is recorded (a duplicate, a concurrent change)',
  413: 'The body is larger than 1 MB',
  415: 'The body is not application/json',
  422: 'The program rules refuse it (reasons names each); nothing was recorded',
  429: 'Too many attempts: wait Retry-After seconds',
  503: 'The server is busy: retry after Retry-After seconds',
};

/** The error answers a route can give, for the OpenAPI document: each the shared Problem, as application/problem+json. */
export function problemResponses(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: PROBLEM_MEANINGS[status] ?? 'Problem details (RFC 9457)',
        content: { 'application/problem+json': { schema: { $ref: 'Problem#' } } },
      },
    ]),
  );
}

/**
 * An answer whose fields are listed in part: the fields named have these types when present (only
 * `id`, and those in `always`, are required: a required field missing at run time would make the
 * serializer fail the answer); the rest (nested domain values, described in web/src/apiTypes.ts)
 * is sent as is, never dropped.
 */
export function openAnswer(description: string, properties: Record<string, TSchema>, always: readonly string[] = []) {
  const shaped = Object.fromEntries(
    Object.entries(properties).map(([name, schema]) => [name, name === 'id' || always.includes(name) ? schema : Type.Optional(schema)]),
  );
  return Type.Object(shaped, { additionalProperties: true, description });
}

/** A nested value sent as is (its shape is the domain's: see web/src/apiTypes.ts). */
export const OpenObject = Type.Object({}, { additionalProperties: true });
export const OpenList = Type.Array(Type.Unknown());
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** A fact recorded on a patient's record: its id, with what the rules said (warnings, alerts…). */
export const RecordedFact = openAnswer('Recorded: the new fact with its id, and what the rules said about it', { id: Type.String() });

/** 204: nothing in the body. */
export const NoContent = { type: 'null', description: 'Done; no body' } as const;
