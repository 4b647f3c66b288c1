// An order's facts as the domain reads them (domain/orders.ts), and the view the API answers with.
import { effectiveDoNotDispenseAfter } from '../../domain/authorizations.js';
import type { IsoDate } from '../../domain/dates.js';
import type { PatientFacts } from '../../domain/facts.js';
import { orderStatus, type Order, type OrderFacts, type OrderState } from '../../domain/orders.js';
import { EMPTY_LEDGER, OFFLINE_PAYMENT, paymentBalance, refundedOn, type Ledger } from '../../domain/payments.js';
import type { ProgramConfig } from '../../domain/ruleSets.js';
import { loadPatientFacts } from '../../db/patientFacts.js';
import type { Executor } from '../../db/executor.js';

/** An order's charge stands unless the order was cancelled, stopped or refunded (domain/payments.ts). */
export function chargeStands(state: OrderState): boolean {
  return state !== 'cancelled' && state !== 'stopped' && state !== 'refunded';
}

/** The orders' facts, with each order's ledger (its charge, payments and refunds). */
export interface LoadedOrderFacts extends OrderFacts {
  ledgers: ReadonlyMap<string, Ledger>;
}

export async function loadOrderFacts(db: Executor, patientId: string, patient: PatientFacts, options: { pharmacyId?: string } = {}): Promise<LoadedOrderFacts> {
  let ordersQuery = db
    .selectFrom('orders as o')
    .leftJoin('order_packings as op', 'op.order_id', 'o.id')
    .leftJoin('order_shipments as os', 'os.order_id', 'o.id')
    .leftJoin('order_deliveries as od', 'od.order_id', 'o.id')
    .leftJoin('order_cancellations as oc', 'oc.order_id', 'o.id')
    .where('o.patient_id', '=', patientId)
    .select([
      'o.id',
      'o.prescription_id',
      'o.pharmacy_id',
      'o.placed_on',
      'o.quantity',
      'o.strength_mg',
      'o.recipient',
      'o.address_line1',
      'o.address_line2',
      'o.city',
      'o.state',
      'o.postal_code',
      'op.packed_on',
      'os.shipped_on',
      'os.carrier',
      'os.tracking_number',
      'os.promised_days',
      'od.delivered_on',
      'oc.cancelled_on',
      'oc.cancelled_by',
      'oc.reason as cancellation_reason',
    ])
    .orderBy('o.placed_on')
    .orderBy('o.recorded_at');
  if (options.pharmacyId !== undefined) {
    ordersQuery = ordersQuery.where('o.pharmacy_id', '=', options.pharmacyId);
  }
  const [rows, holders] = await Promise.all([
    ordersQuery.execute(),
    db.selectFrom('authorizations').select(['id', 'pharmacy_id']).where('patient_id', '=', patientId).orderBy('recorded_at').orderBy('id').execute(),
  ]);
  // Most patients never order online (and the worklist refresh reads every patient): no orders, no ledgers to read.
  const ledgers = rows.length === 0 ? new Map<string, Ledger>() : await loadLedgers(db, patientId);
  return {
    patient,
    ledgers,
    orders: rows.map((row): Order => ({
      id: row.id,
      prescriptionId: row.prescription_id,
      pharmacyId: row.pharmacy_id,
      placedOn: row.placed_on,
      quantity: row.quantity,
      strengthMg: row.strength_mg,
      deliveryAddress: {
        recipient: row.recipient,
        line1: row.address_line1,
        line2: row.address_line2,
        city: row.city,
        state: row.state,
        postalCode: row.postal_code,
      },
      packedOn: row.packed_on,
      shipment:
        row.shipped_on === null
          ? null
          : { shippedOn: row.shipped_on, carrier: row.carrier ?? '', trackingNumber: row.tracking_number ?? '', promisedDays: row.promised_days ?? 10 },
      deliveredOn: row.delivered_on,
      cancellation:
        row.cancelled_on === null ? null : { cancelledOn: row.cancelled_on, by: row.cancelled_by ?? 'patient', reason: row.cancellation_reason ?? '' },
      refundedOn: refundedOn(ledgers.get(row.id) ?? EMPTY_LEDGER),
    })),
    holders: holders.map((row) => ({ authorizationId: row.id, pharmacyId: row.pharmacy_id })),
  };
}

/**
 * One pharmacy's orders of each of these patients, their facts loaded as of `today`, by patient.
 * One patient at a time (the domain derives each order from the patient's whole record): the
 * place to batch when a pharmacy's volume asks for it.
 */
export async function pharmacyOrderFacts(
  db: Executor,
  patientIds: Iterable<string>,
  today: IsoDate,
  pharmacyId: string,
): Promise<Map<string, LoadedOrderFacts>> {
  const byPatient = new Map<string, LoadedOrderFacts>();
  for (const patientId of new Set(patientIds)) {
    byPatient.set(patientId, await loadOrderFacts(db, patientId, await loadPatientFacts(db, patientId, today), { pharmacyId }));
  }
  return byPatient;
}

/** Every order's ledger of one patient, by order id. */
async function loadLedgers(db: Executor, patientId: string): Promise<Map<string, Ledger>> {
  const [charges, payments, refunds] = await Promise.all([
    db
      .selectFrom('order_charges as c')
      .innerJoin('orders as o', 'o.id', 'c.order_id')
      .where('o.patient_id', '=', patientId)
      .select(['c.order_id', 'c.unit_price_cents', 'c.amount_cents', 'c.charged_on', 'o.quantity'])
      .execute(),
    db
      .selectFrom('order_payments as p')
      .innerJoin('orders as o', 'o.id', 'p.order_id')
      .where('o.patient_id', '=', patientId)
      .select(['p.order_id', 'p.provider', 'p.amount_cents', 'p.received_on', 'p.reference'])
      .orderBy('p.received_on')
      .orderBy('p.recorded_at')
      .execute(),
    db
      .selectFrom('order_refunds as r')
      .innerJoin('orders as o', 'o.id', 'r.order_id')
      .where('o.patient_id', '=', patientId)
      .select(['r.order_id', 'r.amount_cents', 'r.reason', 'r.refunded_on'])
      .orderBy('r.refunded_on')
      .orderBy('r.recorded_at')
      .execute(),
  ]);
  const ledgers = new Map<string, Ledger>();
  const ledgerOf = (orderId: string): Ledger => {
    let ledger = ledgers.get(orderId);
    if (ledger === undefined) {
      ledger = { charge: null, payments: [], refunds: [] };
      ledgers.set(orderId, ledger);
    }
    return ledger;
  };
  for (const row of charges) {
    ledgerOf(row.order_id).charge = {
      orderId: row.order_id,
      quantity: row.quantity,
      unitPriceCents: row.unit_price_cents,
      amountCents: row.amount_cents,
      chargedOn: row.charged_on,
    };
  }
  for (const row of payments) {
    ledgerOf(row.order_id).payments.push({ provider: row.provider, amountCents: row.amount_cents, receivedOn: row.received_on, reference: row.reference });
  }
  for (const row of refunds) {
    ledgerOf(row.order_id).refunds.push({ amountCents: row.amount_cents, reason: row.reason, refundedOn: row.refunded_on });
  }
  return ledgers;
}

/** What an order costs and what was paid and refunded, as the order's answers carry it. */
export function paymentView(ledger: Ledger, state: OrderState) {
  return {
    provider: OFFLINE_PAYMENT.name,
    unitPriceCents: ledger.charge?.unitPriceCents ?? null,
    ...paymentBalance(ledger, chargeStands(state)),
    payments: ledger.payments,
    refunds: ledger.refunds,
  };
}

export function orderView(order: Order, facts: LoadedOrderFacts, today: IsoDate, config: ProgramConfig, pharmacyNames: ReadonlyMap<string, string>) {
  const status = orderStatus(order, facts, today, config);
  const prescription = facts.patient.prescriptions.find((candidate) => candidate.id === order.prescriptionId);
  const authorization = status.authorization;
  return {
    id: order.id,
    prescriptionId: order.prescriptionId,
    pharmacy: { id: order.pharmacyId, name: pharmacyNames.get(order.pharmacyId) ?? '' },
    placedOn: order.placedOn,
    product: prescription?.product ?? 'isotretinoinGeneric',
    strengthMg: order.strengthMg,
    quantity: order.quantity,
    daysSupply: prescription?.daysSupply ?? 0,
    deliveryAddress: order.deliveryAddress,
    state: status.state,
    deadline: status.deadline,
    reasons: status.reasons,
    authorization:
      authorization === null
        ? null
        : {
            id: authorization.id,
            rmaNumber: authorization.remsRmaNumber ?? authorization.rmaNumber,
            requestedOn: authorization.requestedOn,
            doNotDispenseAfter: effectiveDoNotDispenseAfter(authorization),
          },
    dispensedOn: authorization?.dispense?.dispensedOn ?? null,
    packedOn: order.packedOn,
    shipment: order.shipment,
    deliveryDueBy: status.deliveryDueBy,
    deliveryOverdue: status.deliveryOverdue,
    deliveredOn: order.deliveredOn,
    cancellation: order.cancellation,
    payment: paymentView(facts.ledgers.get(order.id) ?? EMPTY_LEDGER, status.state),
  };
}

export type OrderView = ReturnType<typeof orderView>;

export async function pharmacyNames(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) {
    return new Map();
  }
  const rows = await db
    .selectFrom('organizations')
    .select(['id', 'name'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}
