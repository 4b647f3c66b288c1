// The program's codes in words, and the fixed lists the forms offer — the same lists the API's
// schemas allow (src/api/schemas.ts, src/domain/facts.ts, src/domain/prescription.ts,
// src/domain/enrollment.ts, src/domain/labs.ts).
import type { ProgramState, RiskCategory } from '../../apiTypes';
import { productName } from '../../labels';

export { ANALYTE_WORDS, PRODUCT_STRENGTHS_MG } from '../../serverCopies';

export const STATE_WORDS: Record<ProgramState, string> = {
  NOT_ENROLLED: 'Not enrolled',
  ENROLLED: 'Enrolled; qualification not started',
  AWAITING_CONFIRMATION: 'Waiting for the confirmation pregnancy test',
  QUALIFIED_WINDOW_OPEN: 'Prescription window open',
  AUTHORIZED: 'Authorized at the pharmacy, not yet dispensed',
  ON_TREATMENT: 'On treatment',
  AWAITING_MONTHLY_QUALIFICATION: "Waiting for this month's qualification",
  WINDOW_MISSED_FIRST: 'First prescription window missed',
  WINDOW_MISSED: 'Prescription window missed',
  PREGNANCY_HOLD: 'Pregnancy hold: all treatment stopped',
  END_OF_TREATMENT: 'End of treatment',
  POST_TREATMENT: 'Post-treatment follow-up',
  COMPLETED: 'Course completed',
};

/** The badge tone of a state: what needs attention stands out. */
export function stateTone(state: ProgramState): 'urgent' | 'warning' | 'ok' | 'neutral' {
  if (state === 'PREGNANCY_HOLD') {
    return 'urgent';
  }
  if (state === 'WINDOW_MISSED' || state === 'WINDOW_MISSED_FIRST') {
    return 'warning';
  }
  if (state === 'QUALIFIED_WINDOW_OPEN' || state === 'AUTHORIZED' || state === 'ON_TREATMENT' || state === 'COMPLETED') {
    return 'ok';
  }
  return 'neutral';
}

export const CATEGORY_WORDS: Record<RiskCategory, string> = {
  PCGP: 'Can get pregnant (PCGP)',
  PCNGP: 'Cannot get pregnant (PCNGP)',
};

export const CRITERION_WORDS: Record<string, string> = {
  reproductivePotential: 'Reproductive potential',
  tubalLigation: 'Tubal ligation (still PCGP)',
  assignedMaleAtBirth: 'Assigned male at birth',
  totalHysterectomy: 'Total hysterectomy',
  bilateralOophorectomy: 'Bilateral oophorectomy',
  postMenopausal: 'Medically confirmed post-menopausal',
  premenarchalExemption: 'Pre-menarchal exemption (reason required)',
  otherPermanentCause: 'Other permanent cause (reason required)',
};

/** Which criteria support each category (src/domain/enrollment.ts, R-CAT-1). */
export const CRITERIA_BY_CATEGORY: Record<RiskCategory, readonly string[]> = {
  PCGP: ['reproductivePotential', 'tubalLigation'],
  PCNGP: ['assignedMaleAtBirth', 'totalHysterectomy', 'bilateralOophorectomy', 'postMenopausal', 'premenarchalExemption', 'otherPermanentCause'],
};

export const CRITERIA_NEEDING_REASON: readonly string[] = ['premenarchalExemption', 'otherPermanentCause'];

export const PRIMARY_METHODS = [
  ['tubalSterilization', 'Tubal sterilization'],
  ['partnerVasectomy', "Partner's vasectomy"],
  ['iudCopper', 'Copper IUD'],
  ['iudHormonal', 'Hormonal IUD'],
  ['combinedOralContraceptive', 'Combined oral contraceptive'],
  ['transdermalPatch', 'Transdermal patch'],
  ['injection', 'Injection'],
  ['implant', 'Implant'],
  ['vaginalRing', 'Vaginal ring'],
] as const;

export const SECONDARY_METHODS = [
  ['maleCondom', 'Male condom (with or without spermicide)'],
  ['diaphragmWithSpermicide', 'Diaphragm with spermicide'],
  ['cervicalCapWithSpermicide', 'Cervical cap with spermicide'],
  ['spermicidalSponge', 'Spermicidal sponge'],
] as const;

export const UNACCEPTABLE_METHODS = [
  ['progestinOnlyPill', 'Progestin-only pill ("mini-pill")'],
  ['femaleCondom', 'Female condom'],
  ['withdrawal', 'Withdrawal'],
  ['fertilityAwareness', 'Fertility awareness'],
  ['spermicideAlone', 'Spermicide alone'],
  ['emergencyContraception', 'Emergency contraception'],
] as const;

export const METHOD_WORDS: Record<string, string> = Object.fromEntries([...PRIMARY_METHODS, ...SECONDARY_METHODS, ...UNACCEPTABLE_METHODS]);

export const PRIMARY_METHOD_CODES: readonly string[] = PRIMARY_METHODS.map(([code]) => code);
export const ACCEPTED_METHOD_CODES: readonly string[] = [...PRIMARY_METHODS, ...SECONDARY_METHODS].map(([code]) => code);

export const TEST_KIND_WORDS: Record<string, string> = {
  screening: 'Screening',
  confirmation: 'Confirmation',
  monthly: 'Monthly',
  endOfTreatment: 'End of treatment',
  postTreatment: 'Post-treatment',
  unscheduled: 'Unscheduled',
};

export const TEST_SETTING_WORDS: Record<string, string> = { lab: 'Laboratory', clinic: 'Clinic', home: 'Home' };

export const CONSENT_WORDS: Record<string, string> = {
  general: 'General informed consent',
  birthDefects: 'Birth-defects consent (PCGP)',
  guardian: 'Parent or guardian consent',
};

export const COURSE_END_WORDS: Record<string, string> = {
  targetReached: 'target reached',
  adverseEvent: 'adverse event',
  patientChoice: "patient's choice",
  pregnancy: 'pregnancy',
  other: 'other reason',
};

export const ENZYMES: readonly string[] = ['alt', 'ast', 'ck'];

export const BAND_WORDS: Record<string, string> = { normal: 'Normal', watch: 'Watch', act: 'Act', stop: 'Stop' };

export const PHQ9_BAND_WORDS: Record<string, string> = {
  minimal: 'minimal',
  mild: 'mild',
  moderate: 'moderate',
  moderatelySevere: 'moderately severe',
  severe: 'severe',
};

/** The worklist's urgency levels (src/domain/worklist.ts WORKLIST_URGENCY). */
export function urgencyBadge(urgency: number, code?: string): { label: string; tone: 'urgent' | 'warning' | 'neutral' } {
  if (code === 'PREGNANCY_HOLD') {
    return { label: 'Pregnancy hold', tone: 'urgent' };
  }
  switch (urgency) {
    case 0:
      return { label: 'Urgent', tone: 'urgent' };
    case 1:
      return { label: 'Closing soon', tone: 'warning' };
    case 2:
      return { label: 'Overdue', tone: 'urgent' };
    case 3:
      return { label: 'Warning', tone: 'warning' };
    default:
      return { label: 'Due soon', tone: 'neutral' };
  }
}

export function productLine(prescription: {
  product: string;
  strengthMg: number;
  capsulesPerDay: number;
  daysSupply: number;
  quantity: number;
  refills: number;
}): string {
  const daily = prescription.strengthMg * prescription.capsulesPerDay;
  return `${productName(prescription.product)} ${prescription.strengthMg} mg × ${prescription.capsulesPerDay} a day (${daily} mg/day), ${prescription.daysSupply} days, ${prescription.quantity} capsules, ${prescription.refills === 0 ? 'no refills' : `${prescription.refills} refills`}`;
}
