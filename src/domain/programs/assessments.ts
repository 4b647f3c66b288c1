// The pre-start and follow-up assessments (programs.md §1 item 4): the UK asks for a mental-health
// and a sexual-function assessment before the start and at each follow-up (UK-ASM-1, UK-ASM-2;
// MENTAL_HEALTH_EACH_VISIT, SEXUAL_FUNCTION_EACH_VISIT); Australia a mental-health assessment before
// the first prescription from AU_MH_ASSESSMENT_FROM (AU-MH-1; before it, a warning). The EU and
// Canada gate on none (PPP-FU-1's mood check and CA-ACK-1's psychiatric checklist are follow-up
// and form items, not dated assessments): the EU's "each visit" flags being false does not make
// them a first-prescription gate.
import { isAfter, isBefore, type IsoDate } from '../dates.js';
import { reason, type Reason } from '../decision.js';
import type { ParameterValues, ProgramRuleSetId } from './parameters.js';
import { factsAsOf, type AssessmentKind, type ProgramPatientFacts } from './programFacts.js';
import { booleanParameter, dateOrNullParameter, ruleFamilyOf } from './ruleSetFor.js';

export interface AssessmentReasons {
  reasons: Reason[];
  warnings: Reason[];
}

const CODES: Record<AssessmentKind, { code: string; words: string; ukRule: string }> = {
  mentalHealth: { code: 'MENTAL_HEALTH_ASSESSMENT_REQUIRED', words: 'mental-health', ukRule: 'UK-ASM-1' },
  sexualFunction: { code: 'SEXUAL_FUNCTION_ASSESSMENT_REQUIRED', words: 'sexual-function', ukRule: 'UK-ASM-2' },
};

/**
 * Whether an assessment of `kind` is on record for a prescription written on `writtenOn`: before
 * the first prescription, any one on or before it; at a follow-up, one after the previous
 * prescription (`previousWrittenOn`) and on or before this one.
 */
function assessed(facts: ProgramPatientFacts, kind: AssessmentKind, writtenOn: IsoDate, previousWrittenOn: IsoDate | null): boolean {
  return factsAsOf(facts, writtenOn).assessments.some(
    (assessment) => assessment.kind === kind && (previousWrittenOn === null || isAfter(assessment.on, previousWrittenOn)),
  );
}

export function assessmentReasons(
  ruleSet: ProgramRuleSetId,
  parameters: ParameterValues,
  facts: ProgramPatientFacts,
  writtenOn: IsoDate,
  previousWrittenOn: IsoDate | null,
): AssessmentReasons {
  const result: AssessmentReasons = { reasons: [], warnings: [] };
  switch (ruleFamilyOf(ruleSet)) {
    case 'UK':
      for (const kind of ['mentalHealth', 'sexualFunction'] as const) {
        const eachVisit = booleanParameter(parameters, kind === 'mentalHealth' ? 'MENTAL_HEALTH_EACH_VISIT' : 'SEXUAL_FUNCTION_EACH_VISIT');
        const since = previousWrittenOn === null || !eachVisit ? null : previousWrittenOn;
        if (!assessed(facts, kind, writtenOn, since)) {
          const { code, words, ukRule } = CODES[kind];
          result.reasons.push(
            reason(
              code,
              ukRule,
              since === null
                ? `No ${words} assessment is recorded before the first prescription.`
                : `No ${words} assessment is recorded since the previous prescription (${since}); one is due at each follow-up.`,
              `The prescriber assesses ${words} and records it before prescribing.`,
            ),
          );
        }
      }
      return result;
    case 'AU': {
      if (previousWrittenOn !== null || assessed(facts, 'mentalHealth', writtenOn, null)) {
        return result;
      }
      const from = dateOrNullParameter(parameters, 'AU_MH_ASSESSMENT_FROM');
      if (from === null) {
        return result;
      }
      const words = 'No mental-health assessment (with the family psychiatric history) is recorded before the first prescription.';
      const action = 'The prescriber assesses mental health and family psychiatric history and records it.';
      if (isBefore(writtenOn, from)) {
        result.warnings.push(reason('MENTAL_HEALTH_ASSESSMENT_RECOMMENDED', 'AU-MH-1', words, action));
      } else {
        result.reasons.push(reason(CODES.mentalHealth.code, 'AU-MH-1', words, action));
      }
      return result;
    }
    case 'US':
    case 'EU':
    case 'CA':
      return result;
  }
}
