// The patient's side of online orders (issue 6): ordering a fill for delivery, reading their
// orders (the care team may read them too), cancelling one before it is dispensed. Ordering never
// bypasses the gate: decidePlaceOrder asks the fill engine, and the pharmacy still requests the
// authorization and records the dispense through the one path they always take.
import { decideFulfillment, decidePlaceOrder, orderStatus, type DeliveryAddress } from '../../domain/orders.js';
import { isCertified } from '../../db/certifications.js';
import { loadPatientFacts } from '../../db/patientFacts.js';
import type { Actor, Services } from '../context.js';
import { InvalidInputError, NotFoundError, RuleRefusal } from '../errors.js';
import { previousAnswer, rememberAnswer, type IdempotencyKey } from '../idempotency.js';
import { withPatient, type PatientWork } from '../patients/patientTransaction.js';
import { chargeFor, decideOrderPrice, OFFLINE_PAYMENT } from '../../domain/payments.js';
import { loadOrderFacts, orderView, pharmacyNames, type OrderView } from './orderFacts.js';
import { priceInForce } from './prices.js';

export interface OrderInput {
  prescriptionId: string;
  pharmacyId: string;
  quantity: number;
  strengthMg: number;
  deliveryAddress: DeliveryAddress;
}

export interface PlacedOrder {
  id: string;
  order: OrderView;
}

/** The order as it stands now in this transaction (facts reloaded after a write). */
export async function currentOrder(services: Services, work: PatientWork, orderId: string): Promise<OrderView> {
  const facts = await loadOrderFacts(work.trx, work.patient.id, await loadPatientFacts(work.trx, work.patient.id, work.today));
  const order = facts.orders.find((candidate) => candidate.id === orderId);
  if (order === undefined) {
    throw new NotFoundError('Order');
  }
  return orderView(order, facts, work.today, work.program, await pharmacyNames(work.trx, [order.pharmacyId]));
}

export async function placeOrder(
  services: Services,
  actor: Actor,
  patientId: string,
  input: OrderInput,
  idempotency: IdempotencyKey | null = null,
): Promise<PlacedOrder> {
  return withPatient(
    services,
    actor,
    patientId,
    'order',
    'order.place',
    async (work) => {
      const replay = await previousAnswer<PlacedOrder>(work.trx, actor, idempotency);
      if (replay !== null) {
        return replay;
      }
      if (!work.facts.prescriptions.some((prescription) => prescription.id === input.prescriptionId)) {
        // Another patient's prescription is answered like one that does not exist.
        throw new NotFoundError('Prescription');
      }
      const pharmacy = await work.trx
        .selectFrom('organizations')
        .select('id')
        .where('id', '=', input.pharmacyId)
        .where('kind', '=', 'pharmacy')
        .executeTakeFirst();
      if (pharmacy === undefined) {
        throw new InvalidInputError([{ field: 'pharmacyId', code: 'UNKNOWN_PHARMACY', message: 'No pharmacy of the program has this id.' }]);
      }
      const facts = await loadOrderFacts(work.trx, work.patient.id, work.facts);
      const pharmacyCertified = await isCertified(work.trx, { organizationId: pharmacy.id }, work.today);
      const decision = decidePlaceOrder(facts, { ...input, pharmacyCertified }, work.today, work.program);
      if (!decision.allowed) {
        throw new RuleRefusal('The order is refused', decision.reasons, decision.warnings);
      }
      const unitPriceCents = await priceInForce(work.trx, pharmacy.id, input.strengthMg, work.today);
      const priced = decideOrderPrice(unitPriceCents, input.strengthMg);
      if (!priced.allowed || unitPriceCents === null) {
        throw new RuleRefusal('The order is refused', priced.reasons);
      }
      const address = input.deliveryAddress;
      const row = await work.trx
        .insertInto('orders')
        .values({
          patient_id: work.patient.id,
          prescription_id: input.prescriptionId,
          pharmacy_id: pharmacy.id,
          placed_on: work.today,
          quantity: input.quantity,
          strength_mg: input.strengthMg,
          recipient: address.recipient,
          address_line1: address.line1,
          address_line2: address.line2,
          city: address.city,
          state: address.state,
          postal_code: address.postalCode,
          placed_by: actor.userId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      // The price is fixed now: a later change of the pharmacy's prices never alters this order.
      const charge = chargeFor(row.id, input.quantity, unitPriceCents, work.today);
      await work.trx
        .insertInto('order_charges')
        .values({
          order_id: row.id,
          provider: OFFLINE_PAYMENT.name,
          unit_price_cents: charge.unitPriceCents,
          amount_cents: charge.amountCents,
          charged_on: charge.chargedOn,
        })
        .execute();
      const answer = { id: row.id, order: await currentOrder(services, work, row.id) };
      await rememberAnswer(work.trx, actor, idempotency, 201, answer);
      return answer;
    },
    { idempotency },
  );
}

export async function listPatientOrders(services: Services, actor: Actor, patientId: string): Promise<{ asOf: string; orders: OrderView[] }> {
  return withPatient<{ id?: string; asOf: string; orders: OrderView[] }>(services, actor, patientId, 'read', 'order.list', async (work) => {
    const facts = await loadOrderFacts(work.trx, work.patient.id, work.facts);
    const names = await pharmacyNames(
      work.trx,
      facts.orders.map((order) => order.pharmacyId),
    );
    const orders = facts.orders.map((order) => orderView(order, facts, work.today, work.program, names)).reverse();
    return { asOf: work.today, orders };
  });
}

/** One of the patient's orders (the patient and their care team), in whatever state. */
export async function readPatientOrder(services: Services, actor: Actor, patientId: string, orderId: string): Promise<{ asOf: string; order: OrderView }> {
  return withPatient<{ id?: string; asOf: string; order: OrderView }>(services, actor, patientId, 'read', 'order.read', async (work) => ({
    id: orderId,
    asOf: work.today,
    order: await currentOrder(services, work, orderId),
  }));
}

export async function cancelOwnOrder(services: Services, actor: Actor, patientId: string, orderId: string, input: { reason: string }) {
  return withPatient(services, actor, patientId, 'order', 'order.cancel', async (work) => {
    const facts = await loadOrderFacts(work.trx, work.patient.id, work.facts);
    const order = facts.orders.find((candidate) => candidate.id === orderId);
    if (order === undefined) {
      throw new NotFoundError('Order');
    }
    const decision = decideFulfillment('cancel', order, orderStatus(order, facts, work.today, work.program), work.today);
    if (!decision.allowed) {
      throw new RuleRefusal('The order cannot be cancelled', decision.reasons);
    }
    await work.trx
      .insertInto('order_cancellations')
      .values({ order_id: order.id, cancelled_on: work.today, cancelled_by: 'patient', reason: input.reason, recorded_by: actor.userId })
      .execute();
    return { id: order.id, order: await currentOrder(services, work, order.id) };
  });
}
