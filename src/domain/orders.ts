// Online orders of a fill (issue 6): the patient orders the prescribed capsules from a certified
// pharmacy for delivery. An order's state is derived from its facts and the authorization of its
// prescription — never stored: awaiting authorization → authorized (until the do-not-dispense-after
// date) → dispensed → shipped → delivered, or stopped (the authorization lapsed or was reversed
// before the dispense, R-AUTH-2), cancelled or refunded. Placing one never bypasses the gate: the
// fill engine (authorizeFill) decides whether the prescription can be authorized now, and the
// dispense itself goes through decideDispense like any other (R-AUTH-1, R-AUTH-4).
import { authorizationStatus, effectiveDoNotDispenseAfter, usDoNotDispenseAfter } from './authorizations.js';
import { authorizeFill } from './authorizeFill.js';
import { addDays, isAfter, isBefore, type IsoDate } from './dates.js';
import { decide, reason, type Decision, type Reason } from './decision.js';
import type { Authorization, PatientFacts } from './facts.js';
import { fillReadiness } from './fillReadiness.js';
import { programJurisdiction, type ProgramConfig } from './ruleSets.js';

/** How many days after shipping a delivery is promised, unless configured otherwise (domestic). */
export const DEFAULT_DELIVERY_DAYS = 10;

export interface DeliveryAddress {
  recipient: string;
  line1: string;
  line2: string | null;
  city: string;
  /** US state or territory, two letters: only US pharmacies of the program ship (R-RX-4). */
  state: string;
  postalCode: string;
}

export interface OrderShipment {
  shippedOn: IsoDate;
  carrier: string;
  trackingNumber: string;
  /** The delivery promised when it shipped, in days (configurable; 10 domestic by default). */
  promisedDays: number;
}

export interface OrderCancellation {
  cancelledOn: IsoDate;
  by: 'patient' | 'pharmacy';
  reason: string;
}

/** The facts of one order, each dated and kept. */
export interface Order {
  id: string;
  prescriptionId: string;
  pharmacyId: string;
  placedOn: IsoDate;
  quantity: number;
  strengthMg: number;
  deliveryAddress: DeliveryAddress;
  packedOn: IsoDate | null;
  shipment: OrderShipment | null;
  deliveredOn: IsoDate | null;
  cancellation: OrderCancellation | null;
  /** Recorded by the payments slice (not yet built): null until then. */
  refundedOn: IsoDate | null;
}

/** Which pharmacy holds each authorization, in the order they were issued (facts.ts does not say). */
export interface AuthorizationHolder {
  authorizationId: string;
  pharmacyId: string;
}

export interface OrderFacts {
  patient: PatientFacts;
  orders: Order[];
  holders: AuthorizationHolder[];
}

export const ORDER_STATES = ['awaitingAuthorization', 'authorized', 'dispensed', 'shipped', 'delivered', 'stopped', 'cancelled', 'refunded'] as const;
export type OrderState = (typeof ORDER_STATES)[number];

export interface OrderStatus {
  state: OrderState;
  /**
   * The date the program imposes on the next step: the last day the prescription can still be
   * authorized (awaiting authorization, the window's last day when there is one), the effective
   * do-not-dispense-after date (authorized), or the last day it may be released to the carrier
   * (dispensed, R-AUTH-5). Null when no such date applies.
   */
  deadline: IsoDate | null;
  /** The authorization the order is filled against, once there is one. */
  authorization: Authorization | null;
  /** Shipped: the day delivery was promised by. */
  deliveryDueBy: IsoDate | null;
  /** Shipped and not delivered by the promised day. */
  deliveryOverdue: boolean;
  /** Why it is stopped, or what stands between it and the authorization now; each with what to do. */
  reasons: Reason[];
}

/** The order's authorization: the first one its pharmacy obtained for its prescription that had not already lapsed when it was placed. */
export function orderAuthorization(order: Order, facts: OrderFacts): Authorization | null {
  for (const holder of facts.holders) {
    if (holder.pharmacyId !== order.pharmacyId) {
      continue;
    }
    const authorization = facts.patient.authorizations.find(
      (candidate) => candidate.id === holder.authorizationId && candidate.prescriptionId === order.prescriptionId,
    );
    if (authorization === undefined) {
      continue;
    }
    const lapsedBefore =
      authorization.dispense === null &&
      ((authorization.reversal !== null && isBefore(authorization.reversal.reversedOn, order.placedOn)) || isLapsedBy(authorization, order.placedOn));
    if (!lapsedBefore) {
      return authorization;
    }
  }
  return null;
}

/** Its last day passed before `day` (never, for a record without a last day: Australia). */
function isLapsedBy(authorization: Authorization, day: IsoDate): boolean {
  const lastDay = effectiveDoNotDispenseAfter(authorization);
  return lastDay !== null && isBefore(lastDay, day);
}

function stoppedReason(authorization: Authorization): Reason {
  const requalify =
    'Nothing was dispensed. The patient qualifies again for a new authorization (a new pregnancy test or visit as the program requires, ' +
    'the month’s confirmations and a new prescription), then orders again.';
  return authorization.reversal !== null
    ? reason(
        'ORDER_AUTHORIZATION_REVERSED',
        'R-AUTH-2',
        `The pharmacy reversed the authorization on ${authorization.reversal.reversedOn}, before dispensing.`,
        requalify,
      )
    : reason(
        'ORDER_AUTHORIZATION_LAPSED',
        'R-AUTH-2',
        `The authorization could be dispensed until ${usDoNotDispenseAfter(authorization)} and was not dispensed in time.`,
        requalify,
        { deadline: usDoNotDispenseAfter(authorization) },
      );
}

export function orderStatus(order: Order, facts: OrderFacts, today: IsoDate, config: ProgramConfig): OrderStatus {
  const authorization = orderAuthorization(order, facts);
  const base: OrderStatus = { state: 'awaitingAuthorization', deadline: null, authorization, deliveryDueBy: null, deliveryOverdue: false, reasons: [] };
  if (order.refundedOn !== null) {
    return { ...base, state: 'refunded' };
  }
  if (order.cancellation !== null) {
    return { ...base, state: 'cancelled' };
  }
  if (order.deliveredOn !== null) {
    return { ...base, state: 'delivered' };
  }
  if (order.shipment !== null) {
    const deliveryDueBy = addDays(order.shipment.shippedOn, order.shipment.promisedDays);
    return { ...base, state: 'shipped', deliveryDueBy, deliveryOverdue: isAfter(today, deliveryDueBy) };
  }
  if (authorization === null) {
    // What the fill engine says about authorizing this prescription today (the pharmacy's own
    // certification is the pharmacy's matter, checked when it asks).
    const fill = authorizeFill(facts.patient, { prescriptionId: order.prescriptionId, requestedOn: today, pharmacyCertified: true }, config);
    const readiness = fill.kind === 'existing' ? fillReadiness(facts.patient, today, config) : fill.readiness;
    return {
      ...base,
      deadline: readiness.window?.lastDay ?? null,
      reasons: fill.kind === 'refused' ? fill.decision.reasons : fill.kind === 'existing' ? [heldElsewhere()] : [],
    };
  }
  if (authorization.dispense !== null) {
    return { ...base, state: 'dispensed', deadline: effectiveDoNotDispenseAfter(authorization) };
  }
  if (authorizationStatus(authorization, today) !== 'active') {
    return { ...base, state: 'stopped', reasons: [stoppedReason(authorization)] };
  }
  return { ...base, state: 'authorized', deadline: effectiveDoNotDispenseAfter(authorization) };
}

function heldElsewhere(): Reason {
  return reason(
    'ACTIVE_AUTHORIZATION_EXISTS',
    'R-RX-3',
    'Another pharmacy holds the authorization for this prescription.',
    'That pharmacy dispenses it or reverses it; cancel this order, or ask that pharmacy.',
  );
}

/** States in which an order still holds its prescription: no second order for it. */
export const OPEN_ORDER_STATES: readonly OrderState[] = ['awaitingAuthorization', 'authorized', 'dispensed', 'shipped'];

export interface OrderRequest {
  prescriptionId: string;
  pharmacyId: string;
  pharmacyCertified: boolean;
  quantity: number;
  strengthMg: number;
}

/**
 * May the patient order this prescription from this pharmacy today? Refused, with every reason,
 * when the prescription is not theirs, the fill engine would not authorize it now, the quantity or
 * strength is not the prescription's, or an order or a dispense already stands against it.
 */
export function decidePlaceOrder(facts: OrderFacts, request: OrderRequest, today: IsoDate, config: ProgramConfig): Decision {
  // An order's gate is the US authorization (its states: awaiting authorization → authorized →
  // dispensed). Outside the US the pharmacist's checklist has no such step yet in the order flow:
  // refused, never judged by the US rules (the patient collects at the pharmacy meanwhile).
  if (programJurisdiction(config) !== 'US') {
    return decide([
      reason(
        'ORDERS_NOT_IN_PROGRAM',
        'R-AUTH-1',
        "Ordering online for delivery is not available under your practice's program yet.",
        'Collect your prescription at the pharmacy; the pharmacist completes the checklist and dispenses it there.',
      ),
    ]);
  }
  const prescription = facts.patient.prescriptions.find((candidate) => candidate.id === request.prescriptionId);
  if (prescription === undefined) {
    return decide([
      reason('PRESCRIPTION_NOT_FOUND', 'R-RX-2', 'You have no such prescription.', 'Order a prescription your prescriber wrote for you this month.'),
    ]);
  }
  const reasons: Reason[] = [];
  const dispensed = facts.patient.authorizations.find((authorization) => authorization.prescriptionId === prescription.id && authorization.dispense !== null);
  if (dispensed !== undefined && dispensed.dispense !== null) {
    reasons.push(
      reason(
        'PRESCRIPTION_ALREADY_FILLED',
        'R-AUTH-4',
        `This prescription was already dispensed on ${dispensed.dispense.dispensedOn}.`,
        'Each prescription is filled once; the next month needs a new prescription.',
      ),
    );
  }
  const open = facts.orders.find(
    (order) => order.prescriptionId === prescription.id && OPEN_ORDER_STATES.includes(orderStatus(order, facts, today, config).state),
  );
  if (open !== undefined) {
    reasons.push(
      reason(
        'ORDER_ALREADY_OPEN',
        'R-RX-3',
        `An order placed on ${open.placedOn} is already open for this prescription.`,
        'Follow that order; cancel it first to order again.',
      ),
    );
  }
  if (request.strengthMg !== prescription.strengthMg) {
    reasons.push(
      reason(
        'STRENGTH_NOT_AS_PRESCRIBED',
        'R-RX-5',
        `The prescription is for ${prescription.strengthMg} mg capsules, not ${request.strengthMg} mg.`,
        `Order ${prescription.strengthMg} mg capsules; another strength needs a new prescription.`,
      ),
    );
  }
  if (request.quantity !== prescription.quantity) {
    reasons.push(
      reason(
        request.quantity > prescription.quantity ? 'QUANTITY_EXCEEDS_PRESCRIPTION' : 'QUANTITY_NOT_AS_PRESCRIBED',
        'R-RX-1',
        `The prescription is for ${prescription.quantity} capsules, not ${request.quantity}.`,
        `Order the ${prescription.quantity} capsules prescribed.`,
      ),
    );
  }
  if (dispensed === undefined && open === undefined) {
    // The engine's own decision, as the pharmacy's request would get it today (not restated here).
    const fill = authorizeFill(facts.patient, { prescriptionId: prescription.id, requestedOn: today, pharmacyCertified: request.pharmacyCertified }, config);
    if (fill.kind === 'refused') {
      reasons.push(...fill.decision.reasons);
    } else if (fill.kind === 'existing') {
      const holder = facts.holders.find((candidate) => candidate.authorizationId === fill.authorization.id);
      if (holder?.pharmacyId !== request.pharmacyId) {
        reasons.push(heldElsewhere());
      }
    }
  }
  return decide(reasons);
}

export type FulfillmentStep = 'authorize' | 'dispense' | 'pack' | 'ship' | 'deliver' | 'cancel';

const STEP_NEEDS: Record<FulfillmentStep, readonly OrderState[]> = {
  authorize: ['awaitingAuthorization', 'authorized'],
  dispense: ['authorized'],
  pack: ['dispensed'],
  ship: ['dispensed'],
  deliver: ['shipped'],
  cancel: ['awaitingAuthorization', 'authorized'],
};

const STATE_WORDS: Record<OrderState, string> = {
  awaitingAuthorization: 'is awaiting its authorization',
  authorized: 'is authorized and not yet dispensed',
  dispensed: 'is dispensed and not yet shipped',
  shipped: 'has shipped',
  delivered: 'was delivered',
  stopped: 'was stopped',
  cancelled: 'was cancelled',
  refunded: 'was refunded',
};

/**
 * May this fulfillment step be taken now? The dispense is then decided by decideDispense, the
 * authorization by authorizeFill; this says only whether the order is at that step.
 */
export function decideFulfillment(step: FulfillmentStep, order: Order, status: OrderStatus, today: IsoDate): Decision {
  const reasons: Reason[] = [];
  if (!STEP_NEEDS[step].includes(status.state)) {
    reasons.push(
      reason(
        'ORDER_NOT_AT_THIS_STEP',
        'APP-ORDER',
        `The order ${STATE_WORDS[status.state]}: it cannot be ${PAST[step]} now.`,
        step === 'cancel' && ['dispensed', 'shipped', 'delivered'].includes(status.state)
          ? 'Dispensed capsules cannot be cancelled; a refund goes through the pharmacy’s payments.'
          : status.state === 'stopped'
            ? 'The patient qualifies again and places a new order.'
            : `Take the order’s next step instead (it ${STATE_WORDS[status.state]}).`,
      ),
      ...status.reasons.filter(() => status.state === 'stopped'),
    );
    return decide(reasons);
  }
  if (step === 'ship' && order.packedOn === null) {
    reasons.push(reason('ORDER_NOT_PACKED', 'APP-ORDER', 'The order is not packed yet.', 'Pack it (with the Medication Guide) before shipping.'));
  }
  if (step === 'pack' && order.packedOn !== null) {
    reasons.push(reason('ORDER_ALREADY_PACKED', 'APP-ORDER', `The order was packed on ${order.packedOn}.`, 'Ship it.'));
  }
  if (step === 'ship' && status.deadline !== null && isAfter(today, status.deadline)) {
    // R-AUTH-5: for mail order, the release to the carrier is the dispense and must be by the date.
    reasons.push(
      reason(
        'RELEASE_AFTER_DO_NOT_DISPENSE_AFTER',
        'R-AUTH-5',
        `The order had to be released to the carrier by ${status.deadline}.`,
        'Do not ship it; contact the patient and the prescriber: a new authorization cycle is needed.',
        { deadline: status.deadline },
      ),
    );
  }
  return decide(reasons);
}

const PAST: Record<FulfillmentStep, string> = {
  authorize: 'authorized',
  dispense: 'dispensed',
  pack: 'packed',
  ship: 'shipped',
  deliver: 'marked delivered',
  cancel: 'cancelled',
};
