// Payments and refunds of online orders (issue 6): the pharmacy's price list, payments received and
// refunds made on its orders (each with an Idempotency-Key: these move money), and its summary.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services/context.js';
import { paymentSummary, recordPayment, recordRefund } from '../../services/orders/orderPayments.js';
import { listPrices, setPrice } from '../../services/orders/prices.js';
import { actorOf } from '../session.js';
import { IdempotencyHeaders, withIdempotencyKey } from '../idempotencyKeys.js';
import { IsoDate, problemResponses, strictObject, Text, Uuid } from '../schemas.js';
import { OrderAnswer, PriceEntry } from './orders.js';

const OrderIdParams = strictObject({ orderId: Uuid });
/** Up to $100,000.00: far above any order, far below where cents stop being exact. */
const Cents = (description: string) => Type.Integer({ minimum: 1, maximum: 10_000_000, description });

const PriceBody = strictObject({
  strengthMg: Type.Integer({ minimum: 1, maximum: 100, description: 'Capsule strength' }),
  unitPriceCents: Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'Per capsule, in cents' }),
  effectiveOn: { ...IsoDate, description: 'Today or later: orders placed from that day are charged this price' },
});
const PriceList = Type.Object({ asOf: IsoDate, prices: Type.Array(PriceEntry), upcoming: Type.Array(PriceEntry) });
const PaymentBody = strictObject({
  amountCents: Cents('Received, in cents'),
  receivedOn: IsoDate,
  reference: { ...Text(100), description: 'The invoice or receipt number' },
});
const RefundBody = strictObject({
  amountCents: Cents('Given back, in cents'),
  reason: Text(500),
  refundedOn: IsoDate,
});
const SummaryQuery = strictObject({ from: IsoDate, to: IsoDate });
const Summary = Type.Object({
  from: IsoDate,
  to: IsoDate,
  asOf: IsoDate,
  orders: Type.Integer(),
  charged: Type.Integer(),
  paid: Type.Integer(),
  refunded: Type.Integer(),
  netPaid: Type.Integer(),
  due: Type.Integer(),
  owedBack: Type.Integer(),
});

export function paymentRoutes(api: FastifyInstance, services: Services): void {
  const tags = ['payments'];
  api.get(
    '/pharmacy/prices',
    {
      schema: {
        tags,
        summary: "The pharmacy's prices in force today, and those set for a later day",
        response: { 200: PriceList, ...problemResponses(401, 403) },
      },
    },
    async (request) => listPrices(services, actorOf(request)),
  );
  api.post<{ Body: Static<typeof PriceBody> }>(
    '/pharmacy/prices',
    {
      schema: {
        tags,
        summary: 'Set the price of a capsule strength from a day on (orders already placed keep theirs)',
        body: PriceBody,
        response: { 201: PriceList, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => reply.status(201).send(await setPrice(services, actorOf(request), request.body)),
  );
  api.post<{ Params: Static<typeof OrderIdParams>; Body: Static<typeof PaymentBody>; Headers: IdempotencyHeaders }>(
    '/pharmacy/orders/:orderId/payments',
    {
      schema: {
        tags,
        summary: 'Record a payment received for the order (offline: at pickup or by invoice); never more than is due',
        params: OrderIdParams,
        headers: IdempotencyHeaders,
        body: PaymentBody,
        response: { 201: OrderAnswer, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const result = await withIdempotencyKey(request, reply, (idempotency) =>
        recordPayment(services, actorOf(request), request.params.orderId, request.body, idempotency),
      );
      return reply.status(201).send(result);
    },
  );
  api.post<{ Params: Static<typeof OrderIdParams>; Body: Static<typeof RefundBody>; Headers: IdempotencyHeaders }>(
    '/pharmacy/orders/:orderId/refunds',
    {
      schema: {
        tags,
        summary: 'Refund money paid on the order, with the reason; never more than was paid net. Everything paid given back = the order is refunded',
        params: OrderIdParams,
        headers: IdempotencyHeaders,
        body: RefundBody,
        response: { 201: OrderAnswer, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const result = await withIdempotencyKey(request, reply, (idempotency) =>
        recordRefund(services, actorOf(request), request.params.orderId, request.body, idempotency),
      );
      return reply.status(201).send(result);
    },
  );
  api.get<{ Querystring: Static<typeof SummaryQuery> }>(
    '/pharmacy/payments/summary',
    {
      schema: {
        tags,
        summary: "Totals of the pharmacy's orders placed in a date range: the sum of each order's balance",
        querystring: SummaryQuery,
        response: { 200: Summary, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => paymentSummary(services, actorOf(request), request.query),
  );
}
