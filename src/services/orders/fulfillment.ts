// The pharmacy's side of online orders (issue 6): its queue, and each step of fulfillment — the
// authorization and the dispense through the very functions the pharmacy's own requests use
// (authorizeInTransaction, dispenseInTransaction: never a second path), then pack, ship with the
// carrier and tracking number, mark delivered; or cancel before the dispense. An order is the
// pharmacy's key to its patient (the patient chose it): each step locks the patient's row, loads
// the facts, decides and records in one transaction, audited like every patient use case.
import { sql } from 'kysely';
import { compareDates, type IsoDate } from '../../domain/dates.js';
import {
  decideFulfillment,
  DEFAULT_DELIVERY_DAYS,
  OPEN_ORDER_STATES,
  orderStatus,
  type FulfillmentStep,
  type Order,
  type OrderStatus,
} from '../../domain/orders.js';
import { reverseAuthorization } from '../../db/authorizationReversals.js';
import { NO_PHARMACY, requireRole } from '../access.js';
import { writeAudit } from '../audit.js';
import { programToday, type Actor, type Services } from '../context.js';
import { ForbiddenError, NotFoundError, RuleRefusal } from '../errors.js';
import { previousAnswer, rememberAnswer, type IdempotencyKey } from '../idempotency.js';
import { dispenseInTransaction, reversingWhenLate } from '../pharmacy/authorizationActions.js';
import { authorizeInTransaction } from '../pharmacy/requestAuthorization.js';
import { withPatient, type PatientWork } from '../patients/patientTransaction.js';
import { datesNotInFuture, notBefore, throwIfProblems } from '../validation.js';
import { currentOrder, type PlacedOrder } from './patientOrders.js';
import { loadOrderFacts, orderView, pharmacyNames, pharmacyOrderFacts, type LoadedOrderFacts, type OrderView } from './orderFacts.js';

export interface OrderWork extends PatientWork {
  order: Order;
  orderFacts: LoadedOrderFacts;
  status: OrderStatus;
}

/**
 * The patient of an order this pharmacy holds, addressed as a pharmacy addresses patients. With
 * `patientId`, the order must also be that patient's (a path that names both).
 */
export async function orderTarget(services: Services, actor: Actor, orderId: string, action: string, patientId?: string) {
  requireRole(actor, 'pharmacist');
  const row = await services.db
    .selectFrom('orders as o')
    .innerJoin('patients as p', 'p.id', 'o.patient_id')
    .select(['p.id', 'p.program_id', 'p.birth_date'])
    .where('o.id', '=', orderId)
    .where('o.pharmacy_id', '=', actor.organizationId ?? NO_PHARMACY)
    .executeTakeFirst();
  if (row === undefined || (patientId !== undefined && row.id !== patientId)) {
    await writeAudit(services.db, actor, { action, outcome: 'denied', detail: { attempted: orderId } });
    throw new NotFoundError('Order');
  }
  return { programId: row.program_id, birthDate: row.birth_date };
}

/**
 * Runs `work` on one of the caller's pharmacy's orders in the patient's transaction, after checking
 * that the fulfillment `step` may be taken now (null: not a fulfillment step, e.g. a payment).
 */
export async function withOrder<T extends { id?: string }>(
  services: Services,
  actor: Actor,
  target: { programId: string; birthDate: string },
  orderId: string,
  action: string,
  step: FulfillmentStep | null,
  work: (context: OrderWork) => Promise<T>,
  /** A retry with the same Idempotency-Key gets the first answer, before the step is checked again. */
  idempotency: IdempotencyKey | null = null,
): Promise<T> {
  return withPatient(
    services,
    actor,
    target,
    'dispense',
    action,
    async (patientWork) => {
      const replay = await previousAnswer<T>(patientWork.trx, actor, idempotency);
      if (replay !== null) {
        return replay;
      }
      const orderFacts = await loadOrderFacts(patientWork.trx, patientWork.patient.id, patientWork.facts, { pharmacyId: actor.organizationId ?? NO_PHARMACY });
      const order = orderFacts.orders.find((candidate) => candidate.id === orderId);
      if (order === undefined) {
        throw new NotFoundError('Order');
      }
      const status = orderStatus(order, orderFacts, patientWork.today, patientWork.program);
      if (step !== null) {
        const decision = decideFulfillment(step, order, status, patientWork.today);
        if (!decision.allowed) {
          throw new RuleRefusal(`The order cannot be ${STEP_TITLES[step]}`, decision.reasons);
        }
      }
      return work({ ...patientWork, order, orderFacts, status });
    },
    { idempotency },
  );
}

const STEP_TITLES: Record<FulfillmentStep, string> = {
  authorize: 'authorized',
  dispense: 'dispensed',
  pack: 'packed',
  ship: 'shipped',
  deliver: 'marked delivered',
  cancel: 'cancelled',
};

/**
 * The order's own audit row names the order; the authorization or dispense made through it gets its
 * own row too, as when the pharmacy asks directly, so every fact can be traced to who made it.
 */
async function auditOrderFact(work: PatientWork, actor: Actor, action: string, entity: string, entityId: string, orderId: string): Promise<void> {
  await writeAudit(work.trx, actor, { action, patientId: work.patient.id, entity, entityId, outcome: 'ok', detail: { orderId } });
}

/** Requests the authorization for the order's prescription (idempotent, as any authorization request). */
export async function authorizeOrder(services: Services, actor: Actor, orderId: string): Promise<PlacedOrder & { warnings: unknown[] }> {
  const target = await orderTarget(services, actor, orderId, 'order.authorize');
  return withOrder(services, actor, target, orderId, 'order.authorize', 'authorize', async (work) => {
    const answer = await authorizeInTransaction(services, actor, work, work.order.prescriptionId, null);
    await auditOrderFact(work, actor, 'authorization.request', 'authorization', answer.id, orderId);
    return { id: work.order.id, order: await currentOrder(services, work, work.order.id), warnings: answer.warnings };
  });
}

/**
 * Dispenses the order against its authorization, today, as prescribed: decideDispense decides
 * (R-AUTH-2, R-AUTH-4, R-AUTH-6, R-RX-5) and a refusal past the date reverses the authorization.
 */
export async function dispenseOrder(
  services: Services,
  actor: Actor,
  orderId: string,
  input: { medicationGuideGiven: boolean },
  idempotency: IdempotencyKey | null = null,
): Promise<PlacedOrder & { warnings: unknown[] }> {
  const target = await orderTarget(services, actor, orderId, 'order.dispense');
  return reversingWhenLate(services, actor, target, () =>
    withOrder(
      services,
      actor,
      target,
      orderId,
      'order.dispense',
      'dispense',
      async (work) => {
        const authorization = work.status.authorization;
        const prescription = work.facts.prescriptions.find((candidate) => candidate.id === work.order.prescriptionId);
        if (authorization === null || prescription === undefined) {
          throw new NotFoundError('Authorization');
        }
        const dispensed = await dispenseInTransaction(
          services,
          actor,
          work,
          authorization,
          {
            dispensedOn: work.today,
            product: prescription.product,
            strengthMg: work.order.strengthMg,
            quantity: work.order.quantity,
            daysSupply: prescription.daysSupply,
            medicationGuideGiven: input.medicationGuideGiven,
          },
          null,
        );
        await auditOrderFact(work, actor, 'authorization.dispense', 'dispense', dispensed.id, orderId);
        const answer = { id: work.order.id, order: await currentOrder(services, work, work.order.id), warnings: dispensed.warnings };
        await rememberAnswer(work.trx, actor, idempotency, 201, answer);
        return answer;
      },
      idempotency,
    ),
  );
}

export async function packOrder(services: Services, actor: Actor, orderId: string): Promise<PlacedOrder> {
  const target = await orderTarget(services, actor, orderId, 'order.pack');
  return withOrder(services, actor, target, orderId, 'order.pack', 'pack', async (work) => {
    await work.trx.insertInto('order_packings').values({ order_id: work.order.id, packed_on: work.today, recorded_by: actor.userId }).execute();
    return { id: work.order.id, order: await currentOrder(services, work, work.order.id) };
  });
}

export async function shipOrder(services: Services, actor: Actor, orderId: string, input: { carrier: string; trackingNumber: string }): Promise<PlacedOrder> {
  const target = await orderTarget(services, actor, orderId, 'order.ship');
  return withOrder(services, actor, target, orderId, 'order.ship', 'ship', async (work) => {
    await work.trx
      .insertInto('order_shipments')
      .values({
        order_id: work.order.id,
        shipped_on: work.today,
        carrier: input.carrier,
        tracking_number: input.trackingNumber,
        promised_days: services.orderDeliveryDays ?? DEFAULT_DELIVERY_DAYS,
        recorded_by: actor.userId,
      })
      .execute();
    return { id: work.order.id, order: await currentOrder(services, work, work.order.id) };
  });
}

export async function markOrderDelivered(services: Services, actor: Actor, orderId: string, input: { deliveredOn: IsoDate }): Promise<PlacedOrder> {
  const target = await orderTarget(services, actor, orderId, 'order.deliver');
  return withOrder(services, actor, target, orderId, 'order.deliver', 'deliver', async (work) => {
    const shippedOn = work.order.shipment?.shippedOn ?? work.today;
    throwIfProblems([
      ...datesNotInFuture(work.today, { deliveredOn: input.deliveredOn }),
      ...notBefore('deliveredOn', input.deliveredOn, shippedOn, 'the shipment'),
    ]);
    await work.trx.insertInto('order_deliveries').values({ order_id: work.order.id, delivered_on: input.deliveredOn, recorded_by: actor.userId }).execute();
    return { id: work.order.id, order: await currentOrder(services, work, work.order.id) };
  });
}

export async function cancelOrderAtPharmacy(services: Services, actor: Actor, orderId: string, input: { reason: string }): Promise<PlacedOrder> {
  const target = await orderTarget(services, actor, orderId, 'order.cancel');
  return withOrder(services, actor, target, orderId, 'order.cancel', 'cancel', async (work) => {
    await work.trx
      .insertInto('order_cancellations')
      .values({ order_id: work.order.id, cancelled_on: work.today, cancelled_by: 'pharmacy', reason: input.reason, recorded_by: actor.userId })
      .execute();
    // The pharmacy will not dispense what it cancelled: its authorization is reversed with it
    // (R-AUTH-2). A patient who cancels may still collect at the counter, so theirs is kept.
    const authorization = work.status.authorization;
    if (authorization !== null && authorization.dispense === null && authorization.reversal === null) {
      await reverseAuthorization(work.trx, authorization.id, work.today, `Order cancelled by the pharmacy: ${input.reason}`, actor.userId);
      await auditOrderFact(work, actor, 'authorization.reverse', 'authorization', authorization.id, orderId);
    }
    return { id: work.order.id, order: await currentOrder(services, work, work.order.id) };
  });
}

export type QueuedOrder = OrderView & { patient: { name: string; programId: string } };

/** One of the pharmacy's orders, in whatever state (delivered and cancelled ones leave the queue, not the pharmacy). */
export async function readPharmacyOrder(services: Services, actor: Actor, orderId: string): Promise<{ asOf: IsoDate; order: QueuedOrder }> {
  const target = await orderTarget(services, actor, orderId, 'order.read');
  return withPatient<{ id?: string; asOf: IsoDate; order: QueuedOrder }>(
    services,
    actor,
    target,
    'dispense',
    'order.read',
    async (work) => {
      const facts = await loadOrderFacts(work.trx, work.patient.id, work.facts, { pharmacyId: actor.organizationId ?? NO_PHARMACY });
      const order = facts.orders.find((candidate) => candidate.id === orderId);
      if (order === undefined) {
        throw new NotFoundError('Order');
      }
      const view = orderView(order, facts, work.today, work.program, await pharmacyNames(work.trx, [order.pharmacyId]));
      return {
        id: orderId,
        asOf: work.today,
        order: { ...view, patient: { name: `${work.patient.given_name} ${work.patient.family_name}`, programId: work.patient.program_id } },
      };
    },
    { readOnly: true },
  );
}

/**
 * The pharmacy's queue: its open orders (awaiting authorization, authorized, dispensed, shipped),
 * and the closed ones with money to settle (paid on a cancelled, stopped or refunded order and not
 * all given back; delivered and not fully paid); overdue deliveries first, then the soonest
 * deadline. Like the waiting fills, each row names the patient and their program identifier,
 * never the birth date.
 */
export async function listPharmacyOrders(services: Services, actor: Actor): Promise<{ asOf: IsoDate; orders: QueuedOrder[] }> {
  if (actor.role !== 'pharmacist' || actor.organizationId === null) {
    await writeAudit(services.db, actor, { action: 'pharmacy.orders.read', outcome: 'denied' });
    throw new ForbiddenError('The order queue is for a pharmacist of the pharmacy the orders were placed with.');
  }
  const pharmacyId = actor.organizationId;
  const today = programToday(services);
  // Candidates, by facts alone; the domain then says which are open or owe money.
  const patients = await services.db
    .selectFrom('orders as o')
    .innerJoin('patients as p', 'p.id', 'o.patient_id')
    .where('o.pharmacy_id', '=', pharmacyId)
    .where(
      sql<boolean>`(
        (NOT EXISTS (SELECT 1 FROM order_deliveries d WHERE d.order_id = o.id)
          AND NOT EXISTS (SELECT 1 FROM order_cancellations c WHERE c.order_id = o.id))
        OR (SELECT coalesce(sum(amount_cents), 0) FROM order_payments WHERE order_id = o.id)
           <> (SELECT coalesce(sum(amount_cents), 0) FROM order_refunds WHERE order_id = o.id)
             + CASE WHEN EXISTS (SELECT 1 FROM order_deliveries d WHERE d.order_id = o.id)
                    THEN (SELECT coalesce(max(amount_cents), 0) FROM order_charges WHERE order_id = o.id) ELSE 0 END
      )`,
    )
    .select(['p.id', 'p.given_name', 'p.family_name', 'p.program_id'])
    .distinct()
    // No cap: a queue that silently left orders out would be worse than a slow one. Each candidate
    // patient's orders are derived by the domain (stopped and refunded orders are facts' conclusions,
    // not columns): pharmacyOrderFacts, a few queries per patient.
    .execute();
  const names = await pharmacyNames(services.db, [pharmacyId]);
  const factsOf = await pharmacyOrderFacts(
    services.db,
    patients.map((patient) => patient.id),
    today,
    pharmacyId,
  );
  const orders: QueuedOrder[] = [];
  for (const patient of patients) {
    const facts = factsOf.get(patient.id);
    if (facts === undefined) {
      continue;
    }
    for (const order of facts.orders) {
      const view = orderView(order, facts, today, services.program, names);
      if (OPEN_ORDER_STATES.includes(view.state) || view.payment.owedBack > 0 || view.payment.due > 0) {
        orders.push({ ...view, patient: { name: `${patient.given_name} ${patient.family_name}`, programId: patient.program_id } });
      }
    }
  }
  orders.sort(
    (a, b) =>
      Number(b.deliveryOverdue) - Number(a.deliveryOverdue) ||
      compareDates(a.deadline ?? '9999-12-31', b.deadline ?? '9999-12-31') ||
      compareDates(a.placedOn, b.placedOn) ||
      a.patient.name.localeCompare(b.patient.name),
  );
  await writeAudit(services.db, actor, {
    action: 'pharmacy.orders.read',
    outcome: 'ok',
    detail: { orders: orders.length, overdueDeliveries: orders.filter((order) => order.deliveryOverdue).length },
  });
  return { asOf: today, orders };
}
