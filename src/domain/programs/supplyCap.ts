// The supply cap (programs.md §1 item 9, P-05): the US caps every patient at 30 days (R-RX-1); the
// EU, the UK and Canada only those who can get pregnant (PPP-RX-1, CA-RX-1); Australia has none
// (AU-RX-1). MAX_DAYS_SUPPLY_APPLIES_TO says whom it applies to.
import { reason, type Reason } from '../decision.js';
import type { ParameterValues, ProgramRuleSetId } from './parameters.js';
import { choiceParameter, numberParameter, ruleIdIn } from './ruleSetFor.js';

export function supplyCapReasons(ruleSet: ProgramRuleSetId, parameters: ParameterValues, daysSupply: number, canGetPregnant: boolean): Reason[] {
  const cap = numberParameter(parameters, 'MAX_DAYS_SUPPLY');
  if (cap === null) {
    return [];
  }
  const appliesTo = choiceParameter(parameters, 'MAX_DAYS_SUPPLY_APPLIES_TO') ?? 'all';
  if (appliesTo === 'childbearingPotential' && !canGetPregnant) {
    return [];
  }
  if (daysSupply <= cap) {
    return [];
  }
  return [
    reason(
      'DAYS_SUPPLY_OVER_LIMIT',
      ruleIdIn(ruleSet, { EU: 'PPP-RX-1', CA: 'CA-RX-1', US: 'R-RX-1' }),
      `A prescription may cover at most ${cap} days${appliesTo === 'all' ? '' : ' for a patient who can get pregnant'}; this one covers ${daysSupply}.`,
      `Write the prescription for ${cap} days or fewer.`,
    ),
  ];
}
