// Childbearing potential, derived per rule set from stored facts (programs.md §0.4, P-16). The
// same facts can give different answers: the UK ends it with a clinician-confirmed tubal
// sterilisation (UK-CAT-1); the US does not (domain.md §1.2: a tubal ligation keeps a patient PCGP),
// nor does the EU text (PPP-CAT-1 names no such exception: the safer reading).
import type { IsoDate } from '../dates.js';
import { factsAsOf, type ProgramPatientFacts, type ReproductiveFactKind } from './programFacts.js';
import type { ProgramRuleSetId } from './parameters.js';
import { ruleFamilyOf, ruleIdIn } from './ruleSetFor.js';

export interface ChildbearingPotential {
  canGetPregnant: boolean;
  /** The rule the answer follows (UK-CAT-1, PPP-CAT-1, R-CAT-1). */
  rule: string;
  /** The fact that decided it, or null: no fact recorded, so potential is assumed (the safer default). */
  decidedBy: ReproductiveFactKind | null;
}

/** Which facts end childbearing potential under a rule set. */
function endsPotential(ruleSet: ProgramRuleSetId, kind: ReproductiveFactKind): boolean {
  switch (kind) {
    case 'uterusAndOvary':
      return false;
    case 'noUterusOrNoOvaries':
    case 'menopauseConfirmed':
      return true;
    case 'tubalSterilisationConfirmed':
      return ruleFamilyOf(ruleSet) === 'UK';
  }
}

/**
 * Whether the patient can get pregnant on `asOf` under `ruleSet`, from the facts recorded by then.
 * Any fact that ends potential under the rule set decides it; otherwise the patient can (a patient
 * with no recorded facts is treated as able to get pregnant, as R-CAT-1 and PPP-CAT-1 default).
 */
export function childbearingPotential(ruleSet: ProgramRuleSetId, facts: ProgramPatientFacts, asOf: IsoDate): ChildbearingPotential {
  const rule = ruleIdIn(ruleSet, { EU: 'PPP-CAT-1', UK: 'UK-CAT-1', US: 'R-CAT-1' });
  const recorded = factsAsOf(facts, asOf).reproductive;
  // A fixed order of kinds, so the answer never depends on the order the facts were stored in.
  const kinds: ReproductiveFactKind[] = ['noUterusOrNoOvaries', 'menopauseConfirmed', 'tubalSterilisationConfirmed'];
  for (const kind of kinds) {
    if (endsPotential(ruleSet, kind) && recorded.some((fact) => fact.kind === kind)) {
      return { canGetPregnant: false, rule, decidedBy: kind };
    }
  }
  return { canGetPregnant: true, rule, decidedBy: recorded.some((fact) => fact.kind === 'uterusAndOvary') ? 'uterusAndOvary' : null };
}
