// Outside the US (issue 14, item 3) there is no authorization number: the pharmacist's checklist
// and the dispense are one record, judged by the practice's program, with the last day to dispense
// the app computed (none in Australia). The words for it, in one place for the look-up and the
// counter, so that no page ever says "RMA null".
import type { AuthorizationView } from '../../apiTypes';
import { formatDate } from '../../dates';
import { dispensedWords } from './verdict';

/** The one checkbox of the checklist: what is handed over with every dispense outside the US. */
export const CHECKLIST_GIVEN = 'Patient card and package leaflet given';

/** The checklist form's submit button. */
export const CHECKLIST_AND_DISPENSE = "Pharmacist's checklist and dispense";

/** A US authorization: it has its RMA number and its do-not-dispense-after date. */
export type UsAuthorization = AuthorizationView & { rmaNumber: string; doNotDispenseAfter: string };

export function isUsAuthorization(authorization: AuthorizationView): authorization is UsAuthorization {
  return authorization.rmaNumber !== null && authorization.doNotDispenseAfter !== null;
}

/** The last day to dispense, in words: Australia's checklist has none. */
export function lastDayWords(lastDay: string | null): string {
  return lastDay === null ? 'No last day to dispense under this program.' : `Last day to dispense: ${formatDate(lastDay)}.`;
}

interface Dispensed {
  dispensedOn: string;
  product: string;
  strengthMg: number;
  quantity: number;
  daysSupply: number;
}

/** After the checklist passed and the dispense was recorded: the key it was judged under and the last day. */
export function checklistDispensedWords(ruleSet: string, dispense: Dispensed, lastDay: string | null): string {
  const dispensed = dispensedWords(dispense);
  return `Checklist passed (${ruleSet}) — ${dispensed.charAt(0).toLowerCase()}${dispensed.slice(1)} ${lastDayWords(lastDay)}`;
}

/**
 * After the counter's one step: the checklist's words outside the US (no RMA number: the answer's
 * `authorization.rmaNumber` is null there), the authorization's RMA number in the US.
 */
export function oneStepWords(answer: {
  authorization: Pick<AuthorizationView, 'rmaNumber' | 'remsRmaNumber' | 'doNotDispenseAfter' | 'ruleSet'>;
  dispense: Dispensed;
}): string {
  const { authorization, dispense } = answer;
  const number = authorization.remsRmaNumber ?? authorization.rmaNumber;
  if (number === null) {
    return checklistDispensedWords(authorization.ruleSet, dispense, authorization.doNotDispenseAfter);
  }
  return `${dispensedWords(dispense)} RMA ${number}.`;
}
