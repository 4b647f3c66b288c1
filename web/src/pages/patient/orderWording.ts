// The patient's orders in plain words: each state, what its deadline means, and which prescription
// can be ordered now. The server derives the state (src/domain/orders.ts); this only says it, in
// the reader's language (i18n/messages, order.*).
import type { OrderState, OrderView, PatientRecord, ProgramStatus } from '../../apiTypes';
import type { Prescription } from '../../apiTypes';
import { en } from '../../i18n/messages/en.js';
import type { Translate } from './wording';

const english: Translate = (id) => en[id];

export interface StateWords {
  title: string;
  text: string;
}

/** An order's state in the reader's words (its messages: order.state.STATE.title/text). */
export function orderStateWords(state: OrderState, t: Translate = english): StateWords {
  return { title: t(`order.state.${state}.title`), text: t(`order.state.${state}.text`) };
}

/** The usual path of an order, for the progress list (each step's label: order.step.STATE). */
export const ORDER_STEPS = ['awaitingAuthorization', 'authorized', 'dispensed', 'shipped', 'delivered'] as const satisfies readonly OrderState[];

/** States in which the order can still be cancelled (before the dispense). */
export const CANCELLABLE: readonly OrderState[] = ['awaitingAuthorization', 'authorized'];

/** States in which an order still holds its prescription. */
export const OPEN_STATES: readonly OrderState[] = ['awaitingAuthorization', 'authorized', 'dispensed', 'shipped'];

/** What the order's deadline means, in its state; null when there is none to explain. */
export function deadlineMeaning(order: OrderView, t: Translate = english): string | null {
  if (order.deadline === null) {
    return null;
  }
  switch (order.state) {
    case 'awaitingAuthorization':
      return t('order.deadline.awaitingAuthorization');
    case 'authorized':
    case 'dispensed':
      return t('order.deadline.authorized');
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
  // Online orders are the US program's for now (the server refuses others ORDERS_NOT_IN_PROGRAM):
  // outside the US the patient collects at the pharmacy, so no order is offered.
  if (status.state === 'PREGNANCY_HOLD' || status.endOfCourse !== null || !status.ruleSet.startsWith('REMS-')) {
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
