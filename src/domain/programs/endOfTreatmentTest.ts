// The test after the last dose (programs.md §1 item 8): it counts from END_TEST_OFFSET_DAYS after
// the last dose — 30 days (PPP-PT-3, CA-PT-4), 35 in Italy and Finland (PPP-NAT-FI-1) — and a
// missing one is flagged END_TEST_GRACE_DAYS after it is due [APP]. A test taken earlier is stored
// but is not the final test. Australia lists none (no END_TEST_OFFSET_DAYS): nothing is due.
import { addDays, isAfter, isBefore, type IsoDate } from '../dates.js';
import { reason, type Reason } from '../decision.js';
import type { ParameterValues, ProgramRuleSetId } from './parameters.js';
import type { ProgramPatientFacts, ProgramPregnancyTest } from './programFacts.js';
import { countsUnder } from './pregnancyTestRules.js';
import { numberParameter, ruleIdIn } from './ruleSetFor.js';

function endRule(ruleSet: ProgramRuleSetId, parameters: ParameterValues): string {
  return numberParameter(parameters, 'END_TEST_OFFSET_DAYS') === 35 && ruleSet === 'EU-PPP-2018'
    ? 'PPP-NAT-FI-1'
    : ruleIdIn(ruleSet, { EU: 'PPP-PT-3', CA: 'CA-PT-4' });
}

/** The first day the final test counts, or null when the rule set has none. */
export function endTestDueFrom(parameters: ParameterValues, lastDoseOn: IsoDate): IsoDate | null {
  const offset = numberParameter(parameters, 'END_TEST_OFFSET_DAYS');
  return offset === null ? null : addDays(lastDoseOn, offset);
}

export interface EndTestJudgement {
  /** True when the test is the final test the program asks for. */
  final: boolean;
  warnings: Reason[];
}

/** A test after the last dose: final, or stored but too early (END_TEST_TOO_EARLY). */
export function judgeEndTest(ruleSet: ProgramRuleSetId, parameters: ParameterValues, lastDoseOn: IsoDate, test: ProgramPregnancyTest): EndTestJudgement {
  const dueFrom = endTestDueFrom(parameters, lastDoseOn);
  if (dueFrom === null || !isAfter(test.specimenDate, lastDoseOn)) {
    return { final: false, warnings: [] };
  }
  if (isBefore(test.specimenDate, dueFrom)) {
    return {
      final: false,
      warnings: [
        reason(
          'END_TEST_TOO_EARLY',
          endRule(ruleSet, parameters),
          `The test of ${test.specimenDate} is stored, but the final test counts from ${dueFrom} (the last dose was ${lastDoseOn}).`,
          `Collect the final pregnancy test on or after ${dueFrom}.`,
          { earliestChangeDate: dueFrom },
        ),
      ],
    };
  }
  return { final: test.result !== 'invalid' && countsUnder(ruleSet, parameters, test), warnings: [] };
}

/** The flag when the final test is missing past its grace (END_TEST_OVERDUE), on `asOf`. */
export function endOfTreatmentWarnings(ruleSet: ProgramRuleSetId, parameters: ParameterValues, facts: ProgramPatientFacts, asOf: IsoDate): Reason[] {
  const lastDoseOn = facts.lastDoseOn;
  if (lastDoseOn === null || isAfter(lastDoseOn, asOf)) {
    return [];
  }
  const dueFrom = endTestDueFrom(parameters, lastDoseOn);
  const grace = numberParameter(parameters, 'END_TEST_GRACE_DAYS') ?? 0;
  if (dueFrom === null || !isAfter(asOf, addDays(dueFrom, grace))) {
    return [];
  }
  const done = facts.pregnancyTests.some((test) => !isAfter(test.specimenDate, asOf) && judgeEndTest(ruleSet, parameters, lastDoseOn, test).final);
  return done
    ? []
    : [
        reason(
          'END_TEST_OVERDUE',
          endRule(ruleSet, parameters),
          `The final pregnancy test was due from ${dueFrom} and none is on record.`,
          'Remind the patient to take the final pregnancy test.',
        ),
      ];
}
