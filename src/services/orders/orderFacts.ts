// An order's facts as the domain reads them (domain/orders.ts), and the view the API answers with.
import { effectiveDoNotDispenseAfter } from '../../domain/authorizations.js';
import type { IsoDate } from '../../domain/dates.js';
import type { PatientFacts, Product } from '../../domain/facts.js';
import { orderStatus, type Order, type OrderFacts } from '../../domain/orders.js';
import type { ProgramConfig } from '../../domain/ruleSets.js';
import type { Executor } from '../context.js';

export async function loadOrderFacts(db: Executor, patientId: string, patient: PatientFacts, options: { pharmacyId?: string } = {}): Promise<OrderFacts> {
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
    db
      .selectFrom('authorizations')
      .select(['id', 'pharmacy_id'])
      .where('patient_id', '=', patientId)
      .orderBy('recorded_at')
      .orderBy('id')
      .execute(),
  ]);
  return {
    patient,
    orders: rows.map(
      (row): Order => ({
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
        refundedOn: null,
      }),
    ),
    holders: holders.map((row) => ({ authorizationId: row.id, pharmacyId: row.pharmacy_id })),
  };
}

export function orderView(order: Order, facts: OrderFacts, today: IsoDate, config: ProgramConfig, pharmacyNames: ReadonlyMap<string, string>) {
  const status = orderStatus(order, facts, today, config);
  const prescription = facts.patient.prescriptions.find((candidate) => candidate.id === order.prescriptionId);
  const authorization = status.authorization;
  return {
    id: order.id,
    prescriptionId: order.prescriptionId,
    pharmacy: { id: order.pharmacyId, name: pharmacyNames.get(order.pharmacyId) ?? '' },
    placedOn: order.placedOn,
    product: (prescription?.product ?? 'isotretinoinGeneric') as Product,
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
  };
}

export type OrderView = ReturnType<typeof orderView>;

export async function pharmacyNames(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) {
    return new Map();
  }
  const rows = await db.selectFrom('organizations').select(['id', 'name']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}
