// Online orders (issue 6): the patient orders a fill for delivery and follows it; the pharmacy
// works its queue — authorization, dispense, pack, ship, delivered — or cancels before the dispense.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ORDER_STATES } from '../../domain/orders.js';
import type { Services } from '../../services/context.js';
import {
  authorizeOrder,
  cancelOrderAtPharmacy,
  dispenseOrder,
  listPharmacyOrders,
  markOrderDelivered,
  packOrder,
  readPharmacyOrder,
  shipOrder,
} from '../../services/orders/fulfillment.js';
import { cancelOwnOrder, listPatientOrders, placeOrder, readPatientOrder } from '../../services/orders/patientOrders.js';
import { listPharmacies } from '../../services/orders/pharmacies.js';
import { actorOf } from '../session.js';
import { IsoDate, literals, PatientIdParams, problemResponses, Product, Reason, strictObject, Text, Uuid } from '../schemas.js';
import { IdempotencyHeaders, withIdempotencyKey } from '../idempotencyKeys.js';

const OrderIdParams = strictObject({ orderId: Uuid });
const PatientOrderParams = strictObject({ patientId: Uuid, orderId: Uuid });

const DeliveryAddress = strictObject({
  recipient: Text(200),
  line1: Text(200),
  line2: Type.Union([Text(200), Type.Null()]),
  city: Text(100),
  state: Type.String({ pattern: '^[A-Z]{2}$', description: 'US state or territory, two capital letters' }),
  postalCode: Type.String({ pattern: '^[0-9]{5}(-[0-9]{4})?$', description: 'US ZIP code' }),
});

const OrderBody = strictObject({
  prescriptionId: Uuid,
  pharmacyId: Uuid,
  quantity: Type.Integer({ minimum: 1, maximum: 1000, description: 'Capsules: exactly the prescription’s quantity' }),
  strengthMg: Type.Integer({ minimum: 1, maximum: 100, description: 'Exactly the prescription’s strength' }),
  deliveryAddress: DeliveryAddress,
});

const CancelBody = strictObject({ reason: Text(500) });
const DispenseBody = strictObject({ medicationGuideGiven: Type.Boolean({ description: 'The Medication Guide goes in the package (R-AUTH-6)' }) });
const ShipBody = strictObject({ carrier: Text(100), trackingNumber: Type.String({ pattern: '^[A-Za-z0-9-]{4,64}$' }) });
const DeliveredBody = strictObject({ deliveredOn: IsoDate });

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const OrderSchema = Type.Object({
  id: Uuid,
  prescriptionId: Uuid,
  pharmacy: Type.Object({ id: Uuid, name: Type.String() }),
  placedOn: IsoDate,
  product: Product,
  strengthMg: Type.Integer(),
  quantity: Type.Integer(),
  daysSupply: Type.Integer(),
  deliveryAddress: DeliveryAddress,
  state: {
    ...literals(ORDER_STATES),
    description: 'Derived from the facts: awaiting authorization → authorized → dispensed → shipped → delivered, or stopped, cancelled, refunded',
  },
  deadline: { ...Nullable(IsoDate), description: 'The date the program imposes on the next step (window’s last day; do-not-dispense-after date)' },
  reasons: { ...Type.Array(Reason), description: 'Why it is stopped, or what stands between it and its authorization now, each with what to do' },
  authorization: Nullable(Type.Object({ id: Uuid, rmaNumber: Type.String(), requestedOn: IsoDate, doNotDispenseAfter: IsoDate })),
  dispensedOn: Nullable(IsoDate),
  packedOn: Nullable(IsoDate),
  shipment: Nullable(Type.Object({ shippedOn: IsoDate, carrier: Type.String(), trackingNumber: Type.String(), promisedDays: Type.Integer() })),
  deliveryDueBy: Nullable(IsoDate),
  deliveryOverdue: Type.Boolean(),
  deliveredOn: Nullable(IsoDate),
  cancellation: Nullable(Type.Object({ cancelledOn: IsoDate, by: literals(['patient', 'pharmacy'] as const), reason: Type.String() })),
  payment: {
    ...Type.Object({
      provider: { ...Type.String(), description: 'offline: pay at pickup or by invoice' },
      unitPriceCents: Nullable(Type.Integer()),
      charged: { ...Type.Integer(), description: 'The order’s price in cents, fixed when it was placed' },
      paid: Type.Integer(),
      refunded: Type.Integer(),
      netPaid: { ...Type.Integer(), description: 'paid − refunded' },
      due: { ...Type.Integer(), description: 'Still to pay: charged − paid while the order goes ahead; 0 once cancelled, stopped or refunded' },
      owedBack: { ...Type.Integer(), description: 'Still to give back: what was paid net on a cancelled or stopped order' },
      payments: Type.Array(Type.Object({ provider: Type.String(), amountCents: Type.Integer(), receivedOn: IsoDate, reference: Type.String() })),
      refunds: Type.Array(Type.Object({ amountCents: Type.Integer(), reason: Type.String(), refundedOn: IsoDate })),
    }),
    description: 'Money in whole cents, derived from the charge, payments and refunds',
  },
});

export const OrderAnswer = Type.Object({ id: Uuid, order: OrderSchema, warnings: Type.Optional(Type.Array(Reason)) });
const PatientOrders = Type.Object({ asOf: IsoDate, orders: Type.Array(OrderSchema) });
const QueuedOrderSchema = Type.Composite([OrderSchema, Type.Object({ patient: Type.Object({ name: Type.String(), programId: Type.String() }) })]);
const PharmacyQueue = Type.Object({
  asOf: IsoDate,
  orders: Type.Array(QueuedOrderSchema),
});
export const PriceEntry = Type.Object({
  strengthMg: Type.Integer(),
  unitPriceCents: { ...Type.Integer(), description: 'Per capsule, in cents' },
  effectiveOn: IsoDate,
});
const OneOrder = Type.Object({ asOf: IsoDate, order: OrderSchema });
const OnePharmacyOrder = Type.Object({ asOf: IsoDate, order: QueuedOrderSchema });
const Pharmacies = Type.Object({
  pharmacies: Type.Array(
    Type.Object({ id: Uuid, name: Type.String(), prices: { ...Type.Array(PriceEntry), description: 'Prices in force today, by strength' } }),
  ),
});

export function orderRoutes(api: FastifyInstance, services: Services): void {
  const tags = ['orders'];
  api.get(
    '/pharmacies',
    {
      schema: {
        tags,
        summary: 'The certified pharmacies a patient can order from',
        response: { 200: Pharmacies, ...problemResponses(401) },
      },
    },
    async () => listPharmacies(services),
  );
  api.post<{ Params: Static<typeof PatientIdParams>; Body: Static<typeof OrderBody>; Headers: IdempotencyHeaders }>(
    '/patients/:patientId/orders',
    {
      schema: {
        tags,
        summary: 'The patient orders their prescription for delivery (only when it can be authorized now; exactly as prescribed)',
        description:
          'Only the patient themself. Refused (422, with reasons) when the fill engine would not authorize the prescription today, ' +
          'the quantity or strength is not the prescription’s, or an order or a dispense already stands against it. Idempotency-Key supported.',
        params: PatientIdParams,
        headers: IdempotencyHeaders,
        body: OrderBody,
        response: { 201: OrderAnswer, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const result = await withIdempotencyKey(request, reply, (idempotency) =>
        placeOrder(services, actorOf(request), request.params.patientId, request.body, idempotency),
      );
      return reply.status(201).send(result);
    },
  );
  api.get<{ Params: Static<typeof PatientIdParams> }>(
    '/patients/:patientId/orders',
    {
      schema: {
        tags,
        summary: 'A patient’s orders, newest first, each with its state and deadline (the patient and their care team)',
        params: PatientIdParams,
        response: { 200: PatientOrders, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => listPatientOrders(services, actorOf(request), request.params.patientId),
  );
  api.get<{ Params: Static<typeof PatientOrderParams> }>(
    '/patients/:patientId/orders/:orderId',
    {
      schema: {
        tags,
        summary: 'One of a patient’s orders, in whatever state (the patient and their care team)',
        params: PatientOrderParams,
        response: { 200: OneOrder, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => readPatientOrder(services, actorOf(request), request.params.patientId, request.params.orderId),
  );
  api.get<{ Params: Static<typeof OrderIdParams> }>(
    '/pharmacy/orders/:orderId',
    {
      schema: {
        tags,
        summary: 'One of the pharmacy’s orders, in whatever state (delivered and cancelled ones leave the queue, not the pharmacy)',
        params: OrderIdParams,
        response: { 200: OnePharmacyOrder, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => readPharmacyOrder(services, actorOf(request), request.params.orderId),
  );
  api.post<{ Params: Static<typeof PatientOrderParams>; Body: Static<typeof CancelBody> }>(
    '/patients/:patientId/orders/:orderId/cancel',
    {
      schema: {
        tags,
        summary: 'The patient cancels their order before it is dispensed',
        params: PatientOrderParams,
        body: CancelBody,
        response: { 201: OrderAnswer, ...problemResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await cancelOwnOrder(services, actorOf(request), request.params.patientId, request.params.orderId, request.body)),
  );
  api.get(
    '/pharmacy/orders',
    {
      schema: {
        tags,
        summary: "The pharmacy's order queue: its open orders, overdue deliveries first, then the soonest deadline",
        description: 'Only orders placed with the caller’s pharmacy. Rows name the patient and their program identifier, never the birth date.',
        response: { 200: PharmacyQueue, ...problemResponses(401, 403) },
      },
    },
    async (request) => listPharmacyOrders(services, actorOf(request)),
  );
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- each caller names B, the body its schema (body) has validated before run sees it
  const step = <B extends Record<string, unknown> | undefined>(
    path: string,
    summary: string,
    body: ReturnType<typeof strictObject> | undefined,
    run: (orderId: string, body: B, request: FastifyRequest<{ Headers: IdempotencyHeaders }>) => Promise<unknown>,
    withIdempotency = false,
  ) =>
    api.post<{ Params: Static<typeof OrderIdParams>; Headers: IdempotencyHeaders }>(
      `/pharmacy/orders/:orderId/${path}`,
      {
        schema: {
          tags,
          summary,
          params: OrderIdParams,
          ...(withIdempotency ? { headers: IdempotencyHeaders } : {}),
          ...(body === undefined ? {} : { body }),
          response: { 201: OrderAnswer, ...problemResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request, reply) => {
        const result = await run(request.params.orderId, request.body as B, request);
        return reply.status(201).send(result);
      },
    );
  step(
    'authorization',
    "Request the authorization for the order's prescription (the same gate as POST /authorizations)",
    undefined,
    (orderId, _body, request) => authorizeOrder(services, actorOf(request), orderId),
  );
  api.post<{ Params: Static<typeof OrderIdParams>; Body: Static<typeof DispenseBody>; Headers: IdempotencyHeaders }>(
    '/pharmacy/orders/:orderId/dispense',
    {
      schema: {
        tags,
        summary: 'Dispense the order today against its authorization, as prescribed (the same rules as any dispense; at most once)',
        params: OrderIdParams,
        headers: IdempotencyHeaders,
        body: DispenseBody,
        response: { 201: OrderAnswer, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const result = await withIdempotencyKey(request, reply, (idempotency) =>
        dispenseOrder(services, actorOf(request), request.params.orderId, request.body, idempotency),
      );
      return reply.status(201).send(result);
    },
  );
  step('packing', 'Record that the dispensed order is packed', undefined, (orderId, _body, request) => packOrder(services, actorOf(request), orderId));
  step<Static<typeof ShipBody>>(
    'shipment',
    'Ship the packed order with its carrier and tracking number, by the do-not-dispense-after date (R-AUTH-5)',
    ShipBody,
    (orderId, body, request) => shipOrder(services, actorOf(request), orderId, body),
  );
  step<Static<typeof DeliveredBody>>('delivery', 'Record that the shipped order was delivered', DeliveredBody, (orderId, body, request) =>
    markOrderDelivered(services, actorOf(request), orderId, body),
  );
  step<Static<typeof CancelBody>>('cancel', 'Cancel the order before it is dispensed', CancelBody, (orderId, body, request) =>
    cancelOrderAtPharmacy(services, actorOf(request), orderId, body),
  );
}
