// The words for a prescription's verdict at the pharmacy (GET /pharmacy/queue, /pharmacy/prescriptions/{id}),
// in one place for the queue and the counter: "Can be dispensed now, until …", what it waits for
// and from when, and after a dispense what the next fill needs — phrased as what comes next, not
// as refusal reasons in red (the dispense broke no rule).
import type { NextFill, PrescriptionVerdict } from '../../apiTypes';
import { formatDate } from '../../dates';
import { productName } from '../../labels';
import { readyWords } from './checklist';

export interface VerdictWords {
  text: string;
  badge: 'badge-ok' | 'badge-warning' | 'badge-urgent' | '';
}

export function verdictWords(verdict: PrescriptionVerdict): VerdictWords {
  switch (verdict.kind) {
    case 'ready':
      // In the US the counter's one step authorizes and dispenses; outside the US the pharmacist's
      // checklist passes (no authorization at all) and Australia has no last day (until: null).
      // The queue's and the counter's answers do not say the program, so the words hold for both:
      // never "authorized" for a fill that has no authorization.
      return { text: readyWords(verdict.until), badge: 'badge-ok' };
    case 'authorized':
      // The program's system could not be reached for its RMA number (issue 12, item 5): no dispense without it.
      if (verdict.programOutage !== null) {
        return {
          text: `Program system unavailable: no RMA number yet — dispense by ${formatDate(verdict.doNotDispenseAfter)} once it comes`,
          badge: verdict.programOutage.atRisk ? 'badge-urgent' : 'badge-warning',
        };
      }
      return { text: `Authorized: dispense by ${formatDate(verdict.doNotDispenseAfter)}`, badge: 'badge-ok' };
    case 'waiting': {
      const things = verdict.reasons.length === 1 ? '1 thing' : `${verdict.reasons.length} things`;
      return {
        text: verdict.from === null ? `Waits for ${things} first` : `Waits for ${things}, not before ${formatDate(verdict.from)}`,
        badge: verdict.reasons.some((reason) => reason.code === 'PREGNANCY_HOLD') ? 'badge-urgent' : 'badge-warning',
      };
    }
    case 'heldElsewhere':
      return { text: 'Another pharmacy holds its authorization', badge: 'badge-warning' };
    case 'dispensed':
      return { text: `Dispensed on ${formatDate(verdict.dispense.dispensedOn)}`, badge: '' };
  }
}

/** What a waiting prescription waits for: each need's action, with its date when it has one. */
export function WaitsFor({ verdict }: { verdict: Extract<PrescriptionVerdict, { kind: 'waiting' | 'heldElsewhere' }> }) {
  return (
    <ul className="waits-for">
      {verdict.reasons.map((reason) => (
        <li key={reason.code} data-code={reason.code}>
          {reason.action}
          {reason.earliestChangeDate === null ? null : <> From {formatDate(reason.earliestChangeDate)}.</>}
        </li>
      ))}
    </ul>
  );
}

export function dispensedWords(dispense: { dispensedOn: string; product: string; strengthMg: number; quantity: number; daysSupply: number }): string {
  return `Dispensed on ${formatDate(dispense.dispensedOn)}: ${productName(dispense.product)} ${dispense.strengthMg} mg, ${dispense.quantity} capsules for ${dispense.daysSupply} days.`;
}

/** After a dispense: what the next fill needs and from when, as next steps (not a refusal). */
export function NextFillNeeds({ next }: { next: NextFill }) {
  if (next.needs.length === 0) {
    return <p>Next fill: nothing more is needed from {formatDate(next.from)}.</p>;
  }
  return (
    <div className="next-fill">
      <p>
        <strong>Next fill needs, from {formatDate(next.from)}:</strong>
      </p>
      <ul>
        {next.needs.map((need) => (
          <li key={need.code} data-code={need.code}>
            {need.action}
          </li>
        ))}
      </ul>
    </div>
  );
}
