// A second, independent prescriber for patients under 18 (UK-AGE-1, UK-2023 only; off under
// UK-2026, UK-AGE-2): judged on the first prescription's date by age in whole years (P-D5). The
// second prescriber's eligibility is [UNVERIFIED]; the app asks for any prescriber other than the
// lead.
import { addYears, ageInYears, earliestOf, type IsoDate } from '../dates.js';
import { reason, type Reason } from '../decision.js';
import { factsAsOf, type ProgramPatientFacts } from './programFacts.js';

export interface SecondPrescriberRule {
  /** SECOND_PRESCRIBER_UNDER_AGE in force; null: no second prescriber needed. */
  underAge: number | null;
  /** The first day a later rule set drops the requirement, when one is scheduled. */
  droppedOn: IsoDate | null;
}

export function secondPrescriberReasons(rule: SecondPrescriberRule, facts: ProgramPatientFacts, firstWrittenOn: IsoDate, leadPrescriberId: string): Reason[] {
  if (rule.underAge === null || ageInYears(facts.birthDate, firstWrittenOn) >= rule.underAge) {
    return [];
  }
  const agreed = factsAsOf(facts, firstWrittenOn).secondPrescriberAgreements.some((agreement) => agreement.prescriberId !== leadPrescriberId);
  if (agreed) {
    return [];
  }
  const comesOfAge = addYears(facts.birthDate, rule.underAge);
  return [
    reason(
      'SECOND_PRESCRIBER_REQUIRED',
      'UK-AGE-1',
      `The patient is under ${rule.underAge} on the first prescription's date (${firstWrittenOn}): a second, independent prescriber must agree first.`,
      'A second prescriber reviews the patient and records their agreement.',
      { earliestChangeDate: rule.droppedOn === null ? comesOfAge : earliestOf(comesOfAge, rule.droppedOn) },
    ),
  ];
}
