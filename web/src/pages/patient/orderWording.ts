// The patient's orders in plain words: each state, what its deadline means, and which prescription
// can be ordered now. The server derives the state (src/domain/orders.ts); this only says it.
import type { OrderState, OrderView, PatientRecord, ProgramStatus } from '../../apiTypes';
import type { Prescription } from '../../apiTypes';

export interface StateWords {
  title: string;
  text: string;
}

export const ORDER_STATE_WORDS: Record<OrderState, StateWords> = {
  awaitingAuthorization: {
    title: 'Waiting for the program’s authorization',
    text: 'Your pharmacy asks the iPLEDGE program to authorize this fill. Everything the program needs this month must be done first.',
  },
  authorized: { title: 'Authorized', text: 'The program has authorized this fill. Your pharmacy prepares your capsules and sends them.' },
  dispensed: { title: 'Prepared by the pharmacist', text: 'Your capsules have been dispensed and are being packed with the Medication Guide for shipping.' },
  shipped: { title: 'Shipped', text: 'Your capsules are on their way.' },
  delivered: { title: 'Delivered', text: 'Your capsules were delivered.' },
  stopped: {
    title: 'Stopped',
    text: 'The program’s date passed before your capsules could be sent, so nothing was dispensed. You need to qualify again and place a new order.',
  },
  cancelled: { title: 'Cancelled', text: 'This order was cancelled. Nothing was dispensed.' },
  refunded: { title: 'Refunded', text: 'This order was refunded.' },
};

/** The usual path of an order, for the progress list. */
export const ORDER_STEPS: ReadonlyArray<readonly [OrderState, string]> = [
  ['awaitingAuthorization', 'Authorization'],
  ['authorized', 'Authorized'],
  ['dispensed', 'Prepared'],
  ['shipped', 'Shipped'],
  ['delivered', 'Delivered'],
];

/** States in which the order can still be cancelled (before the dispense). */
export const CANCELLABLE: readonly OrderState[] = ['awaitingAuthorization', 'authorized'];

/** States in which an order still holds its prescription. */
export const OPEN_STATES: readonly OrderState[] = ['awaitingAuthorization', 'authorized', 'dispensed', 'shipped'];

/** What the order's deadline means, in its state; null when there is none to explain. */
export function deadlineMeaning(order: OrderView): string | null {
  if (order.deadline === null) {
    return null;
  }
  switch (order.state) {
    case 'awaitingAuthorization':
      return 'The last day this prescription can be authorized. If everything is not done by then, you will need to qualify again (for example with a new pregnancy test).';
    case 'authorized':
    case 'dispensed':
      return 'The program’s “do not dispense after” date: your pharmacy must send your capsules by this day. After it, they cannot be sent.';
    default:
      return null;
  }
}

export interface Orderable {
  prescription: Omit<Prescription, 'recordedAt'>;
  /** Nothing stands in the way today (the program status has no blockers). */
  ready: boolean;
}

/**
 * The prescription the patient could order: the newest one not yet dispensed and without an open
 * order, while the course is running. Null when there is none.
 */
export function orderablePrescription(record: PatientRecord, status: ProgramStatus, orders: readonly OrderView[]): Orderable | null {
  if (status.state === 'PREGNANCY_HOLD' || status.endOfCourse !== null) {
    return null;
  }
  const dispensed = new Set(
    record.facts.authorizations.filter((authorization) => authorization.dispense !== null).map((authorization) => authorization.prescriptionId),
  );
  const ordered = new Set(orders.filter((order) => OPEN_STATES.includes(order.state)).map((order) => order.prescriptionId));
  const prescription = [...record.facts.prescriptions]
    .filter((candidate) => candidate.writtenOn <= status.asOf)
    .sort((a, b) => b.writtenOn.localeCompare(a.writtenOn))[0];
  if (prescription === undefined || dispensed.has(prescription.id) || ordered.has(prescription.id)) {
    return null;
  }
  return { prescription, ready: status.blockers.length === 0 };
}
