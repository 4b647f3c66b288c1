// The pharmacy's words for an order's state and its next step (the server decides whether the step
// may be taken: src/domain/orders.ts decideFulfillment; this only names it).
import type { OrderState, OrderView } from '../../apiTypes';

export const PHARMACY_ORDER_STATES: Record<OrderState, string> = {
  awaitingAuthorization: 'Awaiting authorization',
  authorized: 'Authorized, not dispensed',
  dispensed: 'Dispensed',
  shipped: 'Shipped',
  delivered: 'Delivered',
  stopped: 'Stopped: authorization lapsed or reversed',
  cancelled: 'Cancelled',
  refunded: 'Refunded',
};

export type OrderStep = 'authorize' | 'dispense' | 'pack' | 'ship' | 'deliver';

export const STEP_LABELS: Record<OrderStep, string> = {
  authorize: 'Request authorization',
  dispense: 'Dispense',
  pack: 'Pack',
  ship: 'Ship',
  deliver: 'Mark delivered',
};

/** The order's next step, or null when it has none at the pharmacy. */
export function nextStep(order: OrderView): OrderStep | null {
  switch (order.state) {
    case 'awaitingAuthorization':
      return 'authorize';
    case 'authorized':
      return 'dispense';
    case 'dispensed':
      return order.packedOn === null ? 'pack' : 'ship';
    case 'shipped':
      return 'deliver';
    default:
      return null;
  }
}

/** Cancelling is possible before the dispense only. */
export function pharmacyCanCancel(order: OrderView): boolean {
  return order.state === 'awaitingAuthorization' || order.state === 'authorized';
}

/** What the deadline is, in words for the pharmacy. */
export function deadlineLabel(order: OrderView): string {
  return order.state === 'awaitingAuthorization' ? 'Last day to authorize' : 'Release to carrier by (do not dispense after)';
}
