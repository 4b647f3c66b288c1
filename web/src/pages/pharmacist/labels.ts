// Words for the codes the pharmacy routes answer with (the products' names are web/src/labels.ts').
import type { Product } from '../../apiTypes';
import { daysBetween } from '../../dates';
import { productName } from '../../labels';

const STATE_NAMES: Record<string, string> = {
  NOT_ENROLLED: 'Not enrolled',
  ENROLLED: 'Enrolled, not yet qualified',
  AWAITING_CONFIRMATION: 'Waiting for the confirmation test',
  QUALIFIED_WINDOW_OPEN: 'Qualified: prescription window open',
  AUTHORIZED: 'Authorized',
  ON_TREATMENT: 'On treatment',
  AWAITING_MONTHLY_QUALIFICATION: "Waiting for this month's qualification",
  WINDOW_MISSED_FIRST: 'First window missed',
  WINDOW_MISSED: 'Window missed',
  PREGNANCY_HOLD: 'Pregnancy hold: do not dispense',
  END_OF_TREATMENT: 'End of treatment',
  POST_TREATMENT: 'After treatment',
  COMPLETED: 'Course completed',
};

export function stateName(state: string): string {
  return STATE_NAMES[state] ?? state;
}

export function prescriptionTerms(prescription: {
  product: Product;
  strengthMg: number;
  capsulesPerDay: number;
  quantity: number;
  daysSupply: number;
}): string {
  const perDay = prescription.capsulesPerDay === 1 ? '1 capsule a day' : `${prescription.capsulesPerDay} capsules a day`;
  return `${productName(prescription.product)} ${prescription.strengthMg} mg, ${perDay}: ${prescription.quantity} capsules, ${prescription.daysSupply} days`;
}

/** A last day in words and a badge colour: days left (warning from 2), the last day, or passed. */
export function daysLeftBadge(asOf: string, lastDay: string, passed: (days: number) => string): { text: string; badge: string } {
  const days = daysBetween(asOf, lastDay);
  if (days < 0) {
    return { text: passed(-days), badge: 'badge-urgent' };
  }
  if (days === 0) {
    return { text: 'Last day today', badge: 'badge-warning' };
  }
  return { text: `${days} day${days === 1 ? '' : 's'} left`, badge: days <= 2 ? 'badge-warning' : 'badge-ok' };
}
