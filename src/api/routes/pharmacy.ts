import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services/context.js';
import { findPatientForPharmacy } from '../../services/patients/readPatients.js';
import { recordDispense, recordProgramAttempt, recordRemsConfirmation, reverseHeldAuthorization } from '../../services/pharmacy/authorizationActions.js';
import { requestAuthorization } from '../../services/pharmacy/requestAuthorization.js';
import { recordChecklistDispense } from '../../services/pharmacy/checklistDispense.js';
import { listWaitingFills } from '../../services/pharmacy/waitingFills.js';
import { authorizeAndDispense, readNamedPrescription } from '../../services/pharmacy/namedPrescription.js';
import { choosePatientPharmacy, readPatientPharmacy, usualPharmacy } from '../../services/pharmacy/patientPharmacy.js';
import { readPharmacyQueue } from '../../services/pharmacy/pharmacyQueue.js';
import { actorOf } from '../session.js';
import { IdempotencyHeaders, withIdempotencyKey } from '../idempotencyKeys.js';
import {
  AuthorizationIdParams,
  AuthorizationView,
  IsoDate,
  literals,
  Nullable,
  OpenList,
  OpenObject,
  openAnswer,
  PatientIdParams,
  ProgramOutageSchema,
  PatientStateSummarySchema,
  problemResponses,
  Product,
  ProgramIdentification,
  strictObject,
  Text,
  Uuid,
} from '../schemas.js';

const AuthorizationAnswer = openAnswer('The authorization, with the warnings of the decision', {
  id: Uuid,
  created: Type.Boolean(),
  authorization: AuthorizationView,
  warnings: OpenList,
});

const Lookup = strictObject(ProgramIdentification);
const AuthorizationRequestBody = strictObject({ ...ProgramIdentification, prescriptionId: Uuid });
const RemsConfirmation = strictObject({ ...ProgramIdentification, remsRmaNumber: Text(64), doNotDispenseAfter: IsoDate });
/** One attempt to reach the program's own system for the RMA number (issue 12, item 5). */
const ProgramAttemptBody = strictObject({
  programId: Type.Optional(ProgramIdentification.programId),
  birthDate: Type.Optional(ProgramIdentification.birthDate),
  prescriptionId: Type.Optional(
    Type.String({
      format: 'uuid',
      description:
        'Instead of programId and birthDate: the prescription of this fill, when it names this pharmacy (the one-step counter, which has no birth date)',
    }),
  ),
  outcome: {
    ...literals(['reached', 'unavailable', 'error'] as const),
    description: 'reached: with remsRmaNumber and doNotDispenseAfter; error: with errorText',
  },
  remsRmaNumber: Type.Optional(Text(64)),
  doNotDispenseAfter: Type.Optional(IsoDate),
  errorText: Type.Optional(Text(500)),
});
const ProgramAttemptAnswer = Type.Object({
  id: Uuid,
  outcome: Type.String(),
  authorization: AuthorizationView,
  programOutage: Type.Union([ProgramOutageSchema, Type.Null()]),
});
const Reversal = strictObject({ ...ProgramIdentification, reason: Text(500) });
const DispenseBody = strictObject({
  ...ProgramIdentification,
  dispensedOn: IsoDate,
  product: Product,
  strengthMg: Type.Integer({ minimum: 1, maximum: 100 }),
  quantity: Type.Integer({ minimum: 1, maximum: 1000 }),
  daysSupply: Type.Integer({ minimum: 1, maximum: 365 }),
  medicationGuideGiven: Type.Boolean(),
});

const WaitingFills = Type.Object({
  asOf: IsoDate,
  fills: Type.Array(
    Type.Object({
      authorizationId: Uuid,
      rmaNumber: Type.String({ description: "The REMS system's RMA number when recorded, else isocourse's own" }),
      remsConfirmed: Type.Boolean(),
      requestedOn: IsoDate,
      doNotDispenseAfter: { ...IsoDate, description: "The binding date: the earlier of isocourse's and the REMS system's (D-4)" },
      ruleSet: Type.String(),
      state: { ...literals(['active', 'overdue'] as const), description: 'overdue: the date has passed; reverse it and return the stock (R-AUTH-2)' },
      programOutage: Type.Union([
        Type.Object(
          { lastAttemptAt: Type.String({ format: 'date-time' }), atRisk: Type.Boolean() },
          {
            description:
              "Program system unavailable: no RMA number from the program's system yet, its last attempt failed; atRisk: the window closes within PROGRAM_OUTAGE_HORIZON_DAYS",
          },
        ),
        Type.Null(),
      ]),
      patient: Type.Object({ name: Type.String(), programId: Type.String() }),
      prescription: Type.Object({
        id: Uuid,
        writtenOn: IsoDate,
        product: Product,
        strengthMg: Type.Integer(),
        capsulesPerDay: Type.Integer(),
        quantity: Type.Integer(),
        daysSupply: Type.Integer(),
      }),
    }),
  ),
});

/** Outside the US: the pharmacist's checklist and the dispense, one request (issue 14, item 3). */
const ChecklistDispenseBody = strictObject({
  ...ProgramIdentification,
  prescriptionId: Uuid,
  dispensedOn: IsoDate,
  product: Product,
  strengthMg: Type.Integer({ minimum: 1, maximum: 100 }),
  quantity: Type.Integer({ minimum: 1, maximum: 1000 }),
  daysSupply: Type.Integer({ minimum: 1, maximum: 365 }),
  medicationGuideGiven: Type.Boolean({
    description: "The program's patient information (patient card, package leaflet) is given with this dispense; false is refused",
  }),
});

const PrescriptionIdParams = strictObject({ prescriptionId: Uuid });
const AuthorizeAndDispenseBody = strictObject({
  medicationGuideGiven: Type.Boolean({
    description: 'The pharmacist hands the Medication Guide over with this dispense (R-AUTH-6); false is refused',
  }),
});
const PharmacyChoice = strictObject({ pharmacyId: Uuid });

/** The authorization actions carry the patient's identification beside their own fields. */
function splitTarget<T extends { programId: string; birthDate: string }>(authorizationId: string, body: T) {
  const { programId, birthDate, ...input } = body;
  return { target: { programId, birthDate, authorizationId }, input };
}

export function pharmacyRoutes(api: FastifyInstance, services: Services): void {
  const tags = ['pharmacy'];
  // ---- Issue 10: the patient's pharmacy, the pharmacy's queue, the one-step counter ----
  api.get(
    '/pharmacy/queue',
    {
      schema: {
        tags,
        summary: "The pharmacy's home: overdue deliveries and support messages past their target, then the prescriptions expected here with each one's verdict",
        description:
          "expected: each patient's latest prescription naming this pharmacy, not yet dispensed, while her course goes on; verdict.kind is " +
          'authorized (held here: dispense by doNotDispenseAfter), ready (can be authorized now, until `until`), waiting (reasons; `from`: the first day, ' +
          'when only dates stand in the way), heldElsewhere. Rows never carry the birth date.',
        response: {
          200: openAnswer("The pharmacy's home", {
            asOf: IsoDate,
            overdueDeliveries: OpenList,
            supportPastTarget: OpenList,
            expected: OpenList,
            truncated: Type.Boolean(),
          }),
          ...problemResponses(401, 403),
        },
      },
    },
    async (request) => readPharmacyQueue(services, actorOf(request)),
  );
  api.get<{ Params: Static<typeof PrescriptionIdParams> }>(
    '/pharmacy/prescriptions/:prescriptionId',
    {
      schema: {
        tags,
        summary: 'A prescription naming this pharmacy: the patient (name, program identifier), the prescription and its verdict',
        description: 'Only the pharmacy the prescription names (404 for any other: it finds the patient by identifier and birth date).',
        params: PrescriptionIdParams,
        response: {
          200: openAnswer('The prescription, the patient (name, program identifier; never the birth date) and the verdict', {
            id: Uuid,
            asOf: IsoDate,
            patient: Type.Object({ name: Type.String(), programId: Type.String() }),
            prescription: OpenObject,
            verdict: OpenObject,
            checklist: Type.Boolean({ description: "Outside the US: the one step is the pharmacist's checklist and the dispense" }),
          }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => readNamedPrescription(services, actorOf(request), request.params.prescriptionId),
  );
  api.post<{ Params: Static<typeof PrescriptionIdParams>; Body: Static<typeof AuthorizeAndDispenseBody>; Headers: IdempotencyHeaders }>(
    '/pharmacy/prescriptions/:prescriptionId/authorize-and-dispense',
    {
      schema: {
        tags,
        summary: 'At the counter, in one step: request the authorization and dispense today what the prescription says (two records, one transaction)',
        description:
          'Refused as a whole (422, every reason of both parts) when either part is refused; nothing is then stored. The answer carries ' +
          '`next`: what the next fill needs and from when. Only the pharmacy the prescription names.',
        params: PrescriptionIdParams,
        headers: IdempotencyHeaders,
        body: AuthorizeAndDispenseBody,
        response: {
          201: openAnswer('Dispensed: the dispense (id), the authorization (new or held already), warnings and what the next fill needs', {
            id: Uuid,
            prescriptionId: Uuid,
            authorizationCreated: Type.Boolean(),
            authorization: AuthorizationView,
            dispense: OpenObject,
            warnings: OpenList,
            next: Nullable(OpenObject),
          }),
          ...problemResponses(400, 401, 403, 404, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const result = await withIdempotencyKey(request, reply, (idempotency) =>
        authorizeAndDispense(services, actorOf(request), request.params.prescriptionId, request.body, idempotency),
      );
      return reply.status(201).send(result);
    },
  );
  api.get<{ Params: Static<typeof PatientIdParams> }>(
    '/patients/:patientId/pharmacy',
    {
      schema: {
        tags: ['patients'],
        summary: "The patient's pharmacy and the certified pharmacies she can choose from",
        params: PatientIdParams,
        response: {
          200: openAnswer("The patient's pharmacy (null when none is known) and the choices", { id: Uuid, pharmacy: Nullable(OpenObject), choices: OpenList }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => readPatientPharmacy(services, actorOf(request), request.params.patientId),
  );
  api.post<{ Params: Static<typeof PatientIdParams>; Body: Static<typeof PharmacyChoice> }>(
    '/patients/:patientId/pharmacy',
    {
      schema: {
        tags: ['patients'],
        summary: 'Change the pharmacy the patient uses (the care team or the patient herself; a certified pharmacy; audited)',
        description: 'Prescriptions written from now on name it; those already written keep theirs.',
        params: PatientIdParams,
        body: PharmacyChoice,
        response: {
          200: openAnswer("The patient's pharmacy and the choices", { id: Uuid, pharmacy: Nullable(OpenObject), choices: OpenList }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => choosePatientPharmacy(services, actorOf(request), request.params.patientId, request.body),
  );
  api.get(
    '/pharmacies/usual',
    {
      schema: {
        tags: ['patients'],
        summary: "What the enrollment form offers: the certified pharmacy most of the practice's patients use, or the only certified one",
        response: {
          200: openAnswer('The usual pharmacy (null when there is none to offer) and the choices', { pharmacy: Nullable(OpenObject), choices: OpenList }),
          ...problemResponses(401, 403),
        },
      },
    },
    async (request) => usualPharmacy(services, actorOf(request)),
  );

  api.get<{ Querystring: Static<typeof Lookup> }>(
    '/pharmacy/patients',
    {
      schema: {
        tags,
        summary: 'Find a patient by program identifier and date of birth: only what a dispense needs',
        querystring: Lookup,
        response: {
          200: openAnswer('The patient as a dispense needs: state, window, blockers, prescriptions and authorizations', {
            id: Uuid,
            programId: Type.String(),
            name: Type.String(),
            state: Type.String(),
            ruleSet: Type.String({ description: "The rule set's key today ('REMS-2026', 'UK-2026'; empty when her practice has no program)" }),
            checklist: Type.Boolean({
              description:
                "Her practice is outside the US: her fills go through the pharmacist's checklist (POST /pharmacy/checklist-dispenses), not an authorization",
            }),
            summary: Nullable(PatientStateSummarySchema),
            blockers: OpenList,
            prescriptions: OpenList,
            authorizations: OpenList,
            asOf: IsoDate,
          }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => findPatientForPharmacy(services, actorOf(request), request.query),
  );
  api.get(
    '/pharmacy/authorizations',
    {
      schema: {
        tags,
        summary: "The pharmacy's waiting fills: its authorizations not yet dispensed nor reversed, soonest do-not-dispense-after date first",
        description:
          "Only the caller's own pharmacy's authorizations. Each row names the patient and their program identifier, never the birth date: " +
          'finding the patient to dispense still needs the birth date (GET /pharmacy/patients). Overdue rows can no longer be dispensed; reverse them.',
        response: { 200: WaitingFills, ...problemResponses(401, 403) },
      },
    },
    async (request) => listWaitingFills(services, actorOf(request)),
  );
  api.post<{ Body: Static<typeof AuthorizationRequestBody>; Headers: IdempotencyHeaders }>(
    '/authorizations',
    {
      schema: {
        tags,
        summary: 'Request the authorization for a prescription (idempotent: the same prescription gives the same authorization)',
        headers: IdempotencyHeaders,
        body: AuthorizationRequestBody,
        response: {
          201: AuthorizationAnswer,
          200: { ...AuthorizationAnswer, description: 'This prescription already had its authorization here: the same one (created: false)' },
          ...problemResponses(400, 401, 403, 404, 422),
        },
      },
    },
    async (request, reply) => {
      const result = await withIdempotencyKey(request, reply, (idempotency) => requestAuthorization(services, actorOf(request), request.body, idempotency));
      return reply.status(result.created ? 201 : 200).send(result);
    },
  );
  api.post<{ Params: Static<typeof AuthorizationIdParams>; Body: Static<typeof RemsConfirmation> }>(
    '/authorizations/:authorizationId/rems-confirmation',
    {
      schema: {
        tags,
        summary: 'Record the RMA number and date the REMS system returned; the earlier date wins (D-4)',
        params: AuthorizationIdParams,
        body: RemsConfirmation,
        response: {
          201: openAnswer('The authorization with the REMS confirmation', { id: Uuid, authorization: AuthorizationView }),
          ...problemResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const { target, input } = splitTarget(request.params.authorizationId, request.body);
      return reply.status(201).send(await recordRemsConfirmation(services, actorOf(request), target, input));
    },
  );
  api.post<{ Params: Static<typeof AuthorizationIdParams>; Body: Static<typeof ProgramAttemptBody> }>(
    '/authorizations/:authorizationId/program-attempts',
    {
      schema: {
        tags,
        summary: "Record an attempt to reach the program's own system (iPLEDGE REMS) for this fill's RMA number: reached, unavailable, or error",
        description:
          'outcome \'unavailable\' marks the fill "program system unavailable": it is flagged on the pharmacy queue and, when its window closes within ' +
          "PROGRAM_OUTAGE_HORIZON_DAYS, on the care team's worklist. It never unlocks a dispense: with PROGRAM_RMA_REQUIRED the dispense waits for " +
          "the number. outcome 'reached' records the number and its date like …/rems-confirmation (the earlier date wins, D-4). Audited.",
        params: AuthorizationIdParams,
        body: ProgramAttemptBody,
        response: { 201: ProgramAttemptAnswer, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { programId, birthDate, prescriptionId, ...input } = request.body;
      const target = { authorizationId: request.params.authorizationId, programId, birthDate, prescriptionId };
      return reply.status(201).send(await recordProgramAttempt(services, actorOf(request), target, input));
    },
  );
  api.post<{ Params: Static<typeof AuthorizationIdParams>; Body: Static<typeof Reversal> }>(
    '/authorizations/:authorizationId/reversal',
    {
      schema: {
        tags,
        summary: 'Reverse an authorization that will not be dispensed (R-AUTH-2, R-AUTH-3)',
        params: AuthorizationIdParams,
        body: Reversal,
        response: { 201: openAnswer('Reversed', { id: Uuid, reversedOn: IsoDate, reason: Type.String() }), ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { target, input } = splitTarget(request.params.authorizationId, request.body);
      return reply.status(201).send(await reverseHeldAuthorization(services, actorOf(request), target, input));
    },
  );
  api.post<{ Body: Static<typeof ChecklistDispenseBody>; Headers: IdempotencyHeaders }>(
    '/pharmacy/checklist-dispenses',
    {
      schema: {
        tags,
        summary:
          "Outside the US: the pharmacist's checklist, judged on the dispense day by the practice's program, and the dispense with it (no authorization number; the app computes the last day)",
        headers: IdempotencyHeaders,
        body: ChecklistDispenseBody,
        response: {
          201: openAnswer('The dispense and its checklist record (a replay of the same Idempotency-Key gets the first answer)', {
            id: Uuid,
            checklistId: Uuid,
            prescriptionId: Uuid,
            dispensedOn: IsoDate,
            ruleSet: Type.String({ description: "The key the checklist was judged under ('UK-2026', 'EU-PPP-2018+IT', 'AU+ACT')" }),
            lastDayToDispense: { ...Nullable(IsoDate), description: 'The last day the prescription could be dispensed; null where the program has no window' },
            warnings: OpenList,
          }),
          ...problemResponses(400, 401, 403, 404, 422),
        },
      },
    },
    async (request, reply) => {
      const { programId, birthDate, ...input } = request.body;
      const result = await withIdempotencyKey(request, reply, (idempotency) =>
        recordChecklistDispense(services, actorOf(request), { programId, birthDate }, input, idempotency),
      );
      return reply.status(201).send(result);
    },
  );
  api.post<{ Params: Static<typeof AuthorizationIdParams>; Body: Static<typeof DispenseBody>; Headers: IdempotencyHeaders }>(
    '/authorizations/:authorizationId/dispense',
    {
      schema: {
        tags,
        summary: 'Record the dispense against an authorization (at most once, by the do-not-dispense-after date)',
        params: AuthorizationIdParams,
        headers: IdempotencyHeaders,
        body: DispenseBody,
        response: {
          201: openAnswer('The dispense recorded (a replay of the same Idempotency-Key gets the first answer)', {
            id: Uuid,
            authorizationId: Uuid,
            warnings: OpenList,
          }),
          ...problemResponses(400, 401, 403, 404, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const { target, input } = splitTarget(request.params.authorizationId, request.body);
      const result = await withIdempotencyKey(request, reply, (idempotency) => recordDispense(services, actorOf(request), target, input, idempotency));
      return reply.status(201).send(result);
    },
  );
}
