// Support about an order (issue 6): the patient writes about their order and reads the thread; the
// pharmacy the order was placed with works its queue — threads waiting for an answer, with the time
// each has waited against the response target — and answers.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ORDER_STATES } from '../../domain/orders.js';
import { SUPPORT_MESSAGE_MAX_LENGTH } from '../../domain/support.js';
import type { Services } from '../../services/context.js';
import {
  answerAsPharmacy,
  listPatientThreads,
  pharmacySupportQueue,
  readThread,
  readThreadAtPharmacy,
  sendPatientMessage,
} from '../../services/support/supportThreads.js';
import { actorOf } from '../session.js';
import { IsoDate, literals, PatientIdParams, problemResponses, strictObject, Text, Uuid } from '../schemas.js';

const OrderIdParams = strictObject({ orderId: Uuid });
const PatientOrderParams = strictObject({ patientId: Uuid, orderId: Uuid });
const MessageBody = strictObject({
  body: { ...Text(SUPPORT_MESSAGE_MAX_LENGTH), description: `The message, 1 to ${SUPPORT_MESSAGE_MAX_LENGTH} characters, not only spaces` },
});

const Instant = Type.String({ format: 'date-time', description: 'An instant, ISO 8601 in UTC' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Side = literals(['patient', 'pharmacy'] as const);
const OrderState = literals(ORDER_STATES);

const ThreadState = Type.Object({
  waitingForPharmacy: Type.Boolean(),
  waitingSince: { ...Nullable(Instant), description: 'The first patient message not yet followed by an answer' },
  hoursWaited: { ...Nullable(Type.Integer()), description: 'Whole hours waited so far' },
  dueAt: { ...Nullable(Instant), description: 'When the response target falls due' },
  overTarget: { ...Type.Boolean(), description: 'Waited longer than the response target (exactly the target is within it)' },
  lastAnsweredAt: Nullable(Instant),
  lastMessageAt: Nullable(Instant),
});

const SupportThread = Type.Object({
  id: Uuid,
  order: Type.Object({ id: Uuid, placedOn: IsoDate, state: OrderState, pharmacy: Type.Object({ id: Uuid, name: Type.String() }) }),
  responseHours: { ...Type.Number(), description: 'The response target, in hours (SUPPORT_RESPONSE_HOURS, default 48)' },
  state: ThreadState,
  messages: Type.Array(
    Type.Object({
      id: Uuid,
      from: Side,
      authorName: { ...Type.String(), description: "The patient's name, or the pharmacy's" },
      body: Type.String(),
      sentAt: Instant,
    }),
  ),
});

const PatientThreads = Type.Object({
  threads: Type.Array(
    Type.Object({
      orderId: Uuid,
      placedOn: IsoDate,
      pharmacy: Type.Object({ id: Uuid, name: Type.String() }),
      messageCount: Type.Integer(),
      lastMessageAt: Instant,
      lastFrom: Side,
      waitingForPharmacy: Type.Boolean(),
    }),
  ),
});

const QueuedThread = Type.Object({
  orderId: Uuid,
  orderState: OrderState,
  placedOn: IsoDate,
  patient: Type.Object({ name: Type.String(), programId: Type.String() }),
  messageCount: Type.Integer(),
  waitingSince: Nullable(Instant),
  hoursWaited: Nullable(Type.Integer()),
  dueAt: Nullable(Instant),
  overTarget: Type.Boolean(),
  lastMessageAt: Instant,
  lastAnsweredAt: Nullable(Instant),
});

const SupportQueue = Type.Object({
  asOf: Instant,
  responseHours: Type.Number(),
  waiting: { ...Type.Array(QueuedThread), description: 'Threads waiting for an answer, the longest wait first' },
  recentlyAnswered: { ...Type.Array(QueuedThread), description: 'Threads answered in the last 7 days, the latest first' },
});

export function supportRoutes(api: FastifyInstance, services: Services): void {
  const tags = ['support'];
  api.post<{ Params: Static<typeof PatientOrderParams>; Body: Static<typeof MessageBody> }>(
    '/patients/:patientId/orders/:orderId/messages',
    {
      schema: {
        tags,
        summary: 'The patient writes to the pharmacy about their order (only the patient themself)',
        params: PatientOrderParams,
        body: MessageBody,
        response: { 201: SupportThread, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await sendPatientMessage(services, actorOf(request), request.params.patientId, request.params.orderId, request.body)),
  );
  api.get<{ Params: Static<typeof PatientOrderParams> }>(
    '/patients/:patientId/orders/:orderId/messages',
    {
      schema: {
        tags,
        summary: 'The support thread of an order, oldest message first (the patient, their care team read-only, and the pharmacy the order was placed with)',
        params: PatientOrderParams,
        response: { 200: SupportThread, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => readThread(services, actorOf(request), request.params.patientId, request.params.orderId),
  );
  api.get<{ Params: Static<typeof PatientIdParams> }>(
    '/patients/:patientId/messages',
    {
      schema: {
        tags,
        summary: "The patient's support threads, one per order written about, the latest message first (the patient and their care team)",
        params: PatientIdParams,
        response: { 200: PatientThreads, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => listPatientThreads(services, actorOf(request), request.params.patientId),
  );
  api.get(
    '/pharmacy/support',
    {
      schema: {
        tags,
        summary:
          "The pharmacy's support queue: threads of its orders waiting for an answer (longest wait first, against the response target) and those recently answered",
        description: 'Only orders placed with the caller’s pharmacy. Rows name the patient and their program identifier, never the birth date.',
        response: { 200: SupportQueue, ...problemResponses(401, 403) },
      },
    },
    async (request) => pharmacySupportQueue(services, actorOf(request)),
  );
  api.get<{ Params: Static<typeof OrderIdParams> }>(
    '/pharmacy/orders/:orderId/messages',
    {
      schema: {
        tags,
        summary: 'The support thread of an order placed with the caller’s pharmacy',
        params: OrderIdParams,
        response: { 200: SupportThread, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => readThreadAtPharmacy(services, actorOf(request), request.params.orderId),
  );
  api.post<{ Params: Static<typeof OrderIdParams>; Body: Static<typeof MessageBody> }>(
    '/pharmacy/orders/:orderId/messages',
    {
      schema: {
        tags,
        summary: 'A pharmacist of the order’s pharmacy answers the patient (the patient finds a notice in their inbox)',
        params: OrderIdParams,
        body: MessageBody,
        response: { 201: SupportThread, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => reply.status(201).send(await answerAsPharmacy(services, actorOf(request), request.params.orderId, request.body)),
  );
}
