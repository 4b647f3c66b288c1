// Contraception before treatment starts (programs.md §1 item 7, P-D4): the first dispense comes at
// least CONTRACEPTION_MIN_DAYS_BEFORE days after contraception began without a break — 30 in the
// EU, Canada and Australia (PPP-CON-1, CA-CON-1, AU-CON-1), 28 in the UK (UK-CON-1). The latest
// declaration by the day judged says since when; an exemption that stands waives it (PPP-EXM-1,
// UK-EXM-1). The method rules (PPP-CON-2, CA-CON-1) are not judged here.
import { addDays, daysBetween, type IsoDate } from '../dates.js';
import { reason, type Reason } from '../decision.js';
import type { ParameterValues, ProgramRuleSetId } from './parameters.js';
import { factsAsOf, latestBy, type ProgramPatientFacts } from './programFacts.js';
import { numberParameter, ruleIdIn } from './ruleSetFor.js';

function leadRule(ruleSet: ProgramRuleSetId): string {
  return ruleIdIn(ruleSet, { EU: 'PPP-CON-1', UK: 'UK-CON-1', CA: 'CA-CON-1', AU: 'AU-CON-1', US: 'R-CON-5' });
}

/** Since when the patient has used contraception without a break, by the latest declaration on or before `asOf`. */
export function contraceptionStartedOn(facts: ProgramPatientFacts, asOf: IsoDate): IsoDate | null {
  const latest = latestBy(
    factsAsOf(facts, asOf).contraception,
    (declaration) => declaration.declaredOn,
    // Same-day declarations: the later start (the shorter lead) wins — the safer reading.
    (declaration) => declaration.startedOn,
  );
  return latest?.startedOn ?? null;
}

/** Whether contraception is on record at all by `asOf` (for the prescription; the lead is judged at the start). */
export function contraceptionRecordedReasons(ruleSet: ProgramRuleSetId, facts: ProgramPatientFacts, asOf: IsoDate): Reason[] {
  return contraceptionStartedOn(facts, asOf) === null
    ? [
        reason(
          'CONTRACEPTION_REQUIRED',
          leadRule(ruleSet),
          'No contraception is on record for a patient who can get pregnant.',
          'Record the contraception the patient uses and since when.',
        ),
      ]
    : [];
}

/** The lead before the first dispense (treatment start). */
export function contraceptionLeadReasons(
  ruleSet: ProgramRuleSetId,
  parameters: ParameterValues,
  facts: ProgramPatientFacts,
  firstDispenseOn: IsoDate,
): Reason[] {
  const startedOn = contraceptionStartedOn(facts, firstDispenseOn);
  if (startedOn === null) {
    return contraceptionRecordedReasons(ruleSet, facts, firstDispenseOn);
  }
  const minDays = numberParameter(parameters, 'CONTRACEPTION_MIN_DAYS_BEFORE');
  if (minDays === null || daysBetween(startedOn, firstDispenseOn) >= minDays) {
    return [];
  }
  const earliest = addDays(startedOn, minDays);
  return [
    reason(
      'CONTRACEPTION_LEAD_TOO_SHORT',
      leadRule(ruleSet),
      `Contraception began on ${startedOn}, ${daysBetween(startedOn, firstDispenseOn)} days before the start; the program asks for ${minDays}.`,
      `Treatment can start on ${earliest}, with contraception kept without a break.`,
      { earliestChangeDate: earliest },
    ),
  ];
}
