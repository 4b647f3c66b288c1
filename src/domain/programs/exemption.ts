// The "no expected risk of pregnancy" exemption (programs.md §1 item 6): the EU lets the prescriber
// decide alone (PPP-EXM-1), the UK needs the patient's agreement too (UK-EXM-1), the US and the
// others have none (P-26). Where it exists it waives contraception only; the tests continue unless
// EXEMPTION_WAIVES_TESTS says otherwise (app choice, programs.md §3.1).
import { type IsoDate } from '../dates.js';
import { decide, reason, type Decision, type Reason } from '../decision.js';
import type { ParameterValues, ProgramRuleSetId } from './parameters.js';
import { factsAsOf, latestBy, type ExemptionRecord, type ProgramPatientFacts } from './programFacts.js';
import { booleanParameter, ruleIdIn } from './ruleSetFor.js';

function exemptionRule(ruleSet: ProgramRuleSetId): string {
  return ruleIdIn(ruleSet, { EU: 'PPP-EXM-1', UK: 'UK-EXM-1', US: 'R-CAT-1', CA: 'CA-CON-1', AU: 'AU-CON-1' });
}

/** What is wrong with an exemption record under the rule set; empty when it stands. */
export function exemptionReasons(ruleSet: ProgramRuleSetId, parameters: ParameterValues, record: ExemptionRecord): Reason[] {
  const rule = exemptionRule(ruleSet);
  if (!booleanParameter(parameters, 'EXEMPTION_ALLOWED')) {
    return [
      reason(
        'EXEMPTION_NOT_IN_PROGRAM',
        rule,
        'This program has no "no expected risk of pregnancy" exemption: every patient who can get pregnant follows it in full.',
        'Record the patient’s contraception and pregnancy tests as the program requires.',
      ),
    ];
  }
  const reasons: Reason[] = [];
  if (record.justification.trim() === '') {
    reasons.push(
      reason(
        'EXEMPTION_JUSTIFICATION_REQUIRED',
        rule,
        'An exemption needs the prescriber’s justification in words, beside its reason code.',
        'The prescriber writes why no pregnancy risk is expected.',
      ),
    );
  }
  if (booleanParameter(parameters, 'EXEMPTION_REQUIRES_PATIENT_AGREEMENT') && !record.patientAgreed) {
    reasons.push(
      reason(
        'EXEMPTION_PATIENT_AGREEMENT_REQUIRED',
        rule,
        'Under this program the exemption needs the patient’s agreement as well as the prescriber’s.',
        'Record the exemption again once the patient agrees; until then contraception is required.',
      ),
    );
  }
  return reasons;
}

/** Recording an exemption (P-06, P-19, P-26). */
export function decideExemption(ruleSet: ProgramRuleSetId, parameters: ParameterValues, record: ExemptionRecord): Decision {
  const reasons = exemptionReasons(ruleSet, parameters, record);
  const warnings =
    reasons.length === 0 && !booleanParameter(parameters, 'EXEMPTION_WAIVES_TESTS')
      ? [
          reason(
            'EXEMPTION_TESTS_CONTINUE',
            exemptionRule(ruleSet),
            'The exemption waives contraception only: pregnancy tests are still due.',
            'Keep testing as the program requires; review the exemption at each visit.',
          ),
        ]
      : [];
  return decide(reasons, warnings);
}

export interface ExemptionState {
  /** The latest exemption recorded by `asOf`, whether it stands or not. */
  latest: ExemptionRecord | null;
  /** Its problems under the rule set in force (empty: it stands). */
  problems: Reason[];
  waivesContraception: boolean;
  waivesTests: boolean;
}

/** The exemption in force on `asOf`: the latest one recorded by then, judged by the rule set in force then. */
export function exemptionOn(ruleSet: ProgramRuleSetId, parameters: ParameterValues, facts: ProgramPatientFacts, asOf: IsoDate): ExemptionState {
  const latest = latestBy(
    factsAsOf(facts, asOf).exemptions,
    (record) => record.decidedOn,
    (record) => JSON.stringify(record),
  );
  if (latest === null) {
    return { latest, problems: [], waivesContraception: false, waivesTests: false };
  }
  const problems = exemptionReasons(ruleSet, parameters, latest);
  const stands = problems.length === 0;
  return { latest, problems, waivesContraception: stands, waivesTests: stands && booleanParameter(parameters, 'EXEMPTION_WAIVES_TESTS') };
}

/** The warning every decision carries while an exemption stands (P-06). */
export function exemptionActiveWarning(ruleSet: ProgramRuleSetId, record: ExemptionRecord): Reason {
  return reason(
    'PPP_EXEMPTION_ACTIVE',
    exemptionRule(ruleSet),
    `The prescriber recorded on ${record.decidedOn} that no pregnancy risk is expected (${record.reasonCode}): contraception is not required.`,
    'Review the exemption at each visit.',
  );
}
