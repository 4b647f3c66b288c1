import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services/context.js';
import { findPatientForPharmacy } from '../../services/patients/readPatients.js';
import { recordDispense, recordRemsConfirmation, reverseHeldAuthorization } from '../../services/pharmacy/authorizationActions.js';
import { requestAuthorization } from '../../services/pharmacy/requestAuthorization.js';
import { listWaitingFills } from '../../services/pharmacy/waitingFills.js';
import { actorOf } from '../app.js';
import { IdempotencyHeaders, withIdempotencyKey } from '../idempotencyKeys.js';
import { AuthorizationIdParams, IsoDate, literals, problemResponses, Product, ProgramIdentification, strictObject, Text, Uuid } from '../schemas.js';

const Lookup = strictObject(ProgramIdentification);
const AuthorizationRequestBody = strictObject({ ...ProgramIdentification, prescriptionId: Uuid });
const RemsConfirmation = strictObject({ ...ProgramIdentification, remsRmaNumber: Text(64), doNotDispenseAfter: IsoDate });
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

/** The authorization actions carry the patient's identification beside their own fields. */
function splitTarget<T extends { programId: string; birthDate: string }>(authorizationId: string, body: T) {
  const { programId, birthDate, ...input } = body;
  return { target: { programId, birthDate, authorizationId }, input };
}

export async function pharmacyRoutes(api: FastifyInstance, services: Services): Promise<void> {
  const tags = ['pharmacy'];
  api.get<{ Querystring: Static<typeof Lookup> }>(
    '/pharmacy/patients',
    {
      schema: {
        tags,
        summary: 'Find a patient by program identifier and date of birth: only what a dispense needs',
        querystring: Lookup,
        response: problemResponses(400, 401, 403, 404),
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
        response: problemResponses(400, 401, 403, 404, 422),
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
        response: problemResponses(400, 401, 403, 404, 409),
      },
    },
    async (request, reply) => {
      const { target, input } = splitTarget(request.params.authorizationId, request.body);
      return reply.status(201).send(await recordRemsConfirmation(services, actorOf(request), target, input));
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
        response: problemResponses(400, 401, 403, 404, 409),
      },
    },
    async (request, reply) => {
      const { target, input } = splitTarget(request.params.authorizationId, request.body);
      return reply.status(201).send(await reverseHeldAuthorization(services, actorOf(request), target, input));
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
        response: problemResponses(400, 401, 403, 404, 409, 422),
      },
    },
    async (request, reply) => {
      const { target, input } = splitTarget(request.params.authorizationId, request.body);
      const result = await withIdempotencyKey(request, reply, (idempotency) => recordDispense(services, actorOf(request), target, input, idempotency));
      return reply.status(201).send(result);
    },
  );
}
