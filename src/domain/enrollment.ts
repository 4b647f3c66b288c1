// Enrolling a patient and assigning the risk category (R-ENR-1, R-ENR-2, R-CAT-1, R-CAT-2).
import { addYears, ageInYears, type IsoDate } from './dates.js';
import { decide, reason, type Decision, type Reason } from './decision.js';
import type { CategoryCriterion, RiskCategory } from './facts.js';
import { ruleSetOn, type ProgramConfig } from './ruleSets.js';

/** Which criteria may support each category. A tubal ligation keeps a patient PCGP (§1.2, T-28). */
const CRITERIA_BY_CATEGORY: Record<RiskCategory, readonly CategoryCriterion[]> = {
  PCGP: ['reproductivePotential', 'tubalLigation'],
  PCNGP: ['assignedMaleAtBirth', 'totalHysterectomy', 'bilateralOophorectomy', 'postMenopausal', 'premenarchalExemption', 'otherPermanentCause'],
};

/** Criteria that are the prescriber's judgement, so the prescriber must write down why (§1.2). */
const CRITERIA_NEEDING_REASON: readonly CategoryCriterion[] = ['premenarchalExemption', 'otherPermanentCause'];

export interface CategoryChoice {
  category: RiskCategory;
  criterion: CategoryCriterion;
  reason: string | null;
}

export function categoryChoiceReasons(choice: CategoryChoice): Reason[] {
  const reasons: Reason[] = [];
  if (!CRITERIA_BY_CATEGORY[choice.category].includes(choice.criterion)) {
    reasons.push(
      reason(
        'CATEGORY_CRITERION_INVALID',
        'R-CAT-1',
        `"${choice.criterion}" does not support the category ${choice.category}` +
          (choice.criterion === 'tubalLigation' ? ': a patient with a tubal ligation can still get pregnant.' : '.'),
        `Choose one of: ${CRITERIA_BY_CATEGORY[choice.category].join(', ')}.`,
      ),
    );
  }
  if (CRITERIA_NEEDING_REASON.includes(choice.criterion) && !choice.reason?.trim()) {
    reasons.push(
      reason(
        'CATEGORY_REASON_REQUIRED',
        'R-CAT-1',
        `The criterion "${choice.criterion}" needs the prescriber's documented reason.`,
        'Write the reason for this category.',
      ),
    );
  }
  return reasons;
}

export function ageReasons(birthDate: IsoDate, onDate: IsoDate, config: ProgramConfig): Reason[] {
  const { minAgeYears } = ruleSetOn(onDate, config);
  if (ageInYears(birthDate, onDate) >= minAgeYears) {
    return [];
  }
  const eligibleOn = addYears(birthDate, minAgeYears);
  return [
    reason(
      'AGE_BELOW_INDICATION',
      'R-ENR-2',
      `Isotretinoin is indicated from age ${minAgeYears}; the patient is younger on ${onDate}.`,
      `The patient can be enrolled from their ${minAgeYears}th birthday.`,
      { earliestChangeDate: eligibleOn },
    ),
  ];
}

export function prescriberCertificationReasons(prescriberCertified: boolean): Reason[] {
  return prescriberCertified
    ? []
    : [
        reason(
          'PRESCRIBER_NOT_CERTIFIED',
          'R-ENR-1',
          'The prescriber is not certified in the program.',
          'The prescriber must complete program certification (an administrator records it).',
        ),
      ];
}

export interface EnrollmentRequest extends CategoryChoice {
  birthDate: IsoDate;
  enrolledOn: IsoDate;
  prescriberCertified: boolean;
}

export function decideEnrollment(request: EnrollmentRequest, config: ProgramConfig): Decision {
  return decide([
    ...prescriberCertificationReasons(request.prescriberCertified),
    ...ageReasons(request.birthDate, request.enrolledOn, config),
    ...categoryChoiceReasons(request),
  ]);
}
