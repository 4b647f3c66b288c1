// Outside the US (issue 14, item 3) there is no authorization number: the pharmacist's checklist
// and the dispense are one record, judged by the practice's program, with the last day to dispense
// the app computed (none in Australia). The words for it, in one place for the look-up and the
// counter, so that no page ever says "RMA null".
// Only dates.js is imported, with its extension: test/web reads this file under Node.
import { formatDate } from '../../dates.js';

/** The one checkbox of the checklist: what is handed over with every dispense outside the US. */
export const CHECKLIST_GIVEN = 'Patient card and package leaflet given';

/** The checklist form's submit button. */
export const CHECKLIST_AND_DISPENSE = "Pharmacist's checklist and dispense";

/** An authorization's number and last day as the pharmacy routes answer them (apiTypes AuthorizationView): null outside the US. */
interface NumberAndDate {
  rmaNumber: string | null;
  doNotDispenseAfter: string | null;
}

/** A US authorization: it has its RMA number and its do-not-dispense-after date. */
export type UsAuthorization<T extends NumberAndDate> = T & { rmaNumber: string; doNotDispenseAfter: string };

export function isUsAuthorization<T extends NumberAndDate>(authorization: T): authorization is UsAuthorization<T> {
  return authorization.rmaNumber !== null && authorization.doNotDispenseAfter !== null;
}

/** The last day to dispense, in words: Australia's checklist has none. */
export function lastDayWords(lastDay: string | null): string {
  return lastDay === null ? 'No last day to dispense under this program.' : `Last day to dispense: ${formatDate(lastDay)}.`;
}

/** A ready verdict (the queue, the counter): never "authorized" — outside the US there is no authorization. */
export function readyWords(until: string | null): string {
  return until === null ? 'Can be dispensed now (no dispensing window)' : `Can be dispensed now, until ${formatDate(until)}`;
}

/**
 * After the checklist passed and the dispense was recorded: the key it was judged under and the
 * last day. `dispensed`: the dispense in words (verdict.tsx dispensedWords, "Dispensed on …").
 */
export function checklistDispensedWords(ruleSet: string, dispensed: string, lastDay: string | null): string {
  return `Checklist passed (${ruleSet}) — ${dispensed.charAt(0).toLowerCase()}${dispensed.slice(1)} ${lastDayWords(lastDay)}`;
}

/**
 * After the counter's one step: the checklist's words outside the US (no RMA number: the answer's
 * `authorization.rmaNumber` is null there), the authorization's RMA number in the US.
 */
export function oneStepWords(
  authorization: NumberAndDate & { remsRmaNumber: string | null; ruleSet: string },
  /** The dispense in words (verdict.tsx dispensedWords). */
  dispensed: string,
): string {
  const number = authorization.remsRmaNumber ?? authorization.rmaNumber;
  if (number === null) {
    return checklistDispensedWords(authorization.ruleSet, dispensed, authorization.doNotDispenseAfter);
  }
  return `${dispensed} RMA ${number}.`;
}
