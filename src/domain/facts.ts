// The facts the program engine reads (domain.md §2.1). Each is something that happened, dated,
// and kept for ever; a patient's status is derived from them (programStatus.ts), never stored.
import type { IsoDate } from './dates.js';

export type RiskCategory = 'PCGP' | 'PCNGP';

/** How the prescriber decided the category (R-CAT-1). */
export type CategoryCriterion =
  | 'reproductivePotential'
  | 'tubalLigation'
  | 'assignedMaleAtBirth'
  | 'totalHysterectomy'
  | 'bilateralOophorectomy'
  | 'postMenopausal'
  | 'premenarchalExemption'
  | 'otherPermanentCause';

export interface CategoryAssignment {
  category: RiskCategory;
  criterion: CategoryCriterion;
  reason: string | null;
  effectiveOn: IsoDate;
  recordedAt: string;
}

export type ConsentKind = 'general' | 'birthDefects' | 'guardian';

export interface ConsentRecord {
  kind: ConsentKind;
  signedOn: IsoDate;
}

export interface CounselingAttestation {
  id: string;
  /** The office (or telehealth) visit at which the prescriber counseled and confirmed it. */
  counseledOn: IsoDate;
  recordedAt: string;
}

/** R-CON-2: primary methods (label, Medication Guide). */
export const PRIMARY_METHODS = [
  'tubalSterilization',
  'partnerVasectomy',
  'iudCopper',
  'iudHormonal',
  'combinedOralContraceptive',
  'transdermalPatch',
  'injection',
  'implant',
  'vaginalRing',
] as const;

/** R-CON-3: secondary methods; a condom counts with or without spermicide. */
export const SECONDARY_METHODS = ['maleCondom', 'diaphragmWithSpermicide', 'cervicalCapWithSpermicide', 'spermicidalSponge'] as const;

/** Methods people declare that the program does not accept (R-CON-4). */
export const UNACCEPTABLE_METHODS = [
  'progestinOnlyPill',
  'femaleCondom',
  'withdrawal',
  'fertilityAwareness',
  'spermicideAlone',
  'emergencyContraception',
] as const;

export type ContraceptionMethod = (typeof PRIMARY_METHODS)[number] | (typeof SECONDARY_METHODS)[number] | (typeof UNACCEPTABLE_METHODS)[number];

export const CONTRACEPTION_METHODS: readonly ContraceptionMethod[] = [...PRIMARY_METHODS, ...SECONDARY_METHODS, ...UNACCEPTABLE_METHODS];

export interface ContraceptionDeclaration {
  declaredOn: IsoDate;
  methods: ContraceptionMethod[];
  abstinence: boolean;
  /** Since when the patient has used these methods (or kept the commitment) without a break (R-CON-5). */
  startedOn: IsoDate;
  /** Hormonal contraception can fail with St John's wort or other enzyme inducers (R-CON-8, X-7). */
  takesEnzymeInducer: boolean;
  enteredBy: 'prescriber' | 'patient' | 'delegate';
  recordedAt: string;
}

export interface ComprehensionCheck {
  answeredOn: IsoDate;
  passed: boolean;
  recordedAt: string;
}

export type PregnancyTestKind = 'screening' | 'confirmation' | 'monthly' | 'endOfTreatment' | 'postTreatment' | 'unscheduled';

export type PregnancyTestResult = 'negative' | 'positive' | 'invalid';
export type PregnancyTestSetting = 'lab' | 'clinic' | 'home';

export interface HomeTestEvidence {
  /** e.g. 'photo' (dated photo with patient identifier) or 'supervisedVideoVisit'. */
  kind: 'photo' | 'supervisedVideoVisit';
  description: string;
  interpretedBy: string;
  prescriberAttested: boolean;
}

export interface PregnancyTest {
  id: string;
  kind: PregnancyTestKind;
  specimenDate: IsoDate;
  resultDate: IsoDate;
  result: PregnancyTestResult;
  setting: PregnancyTestSetting;
  clia: boolean;
  sensitivityMiuPerMl: number | null;
  homeEvidence: HomeTestEvidence | null;
  recordedAt: string;
}

/** The prescriber allows home tests for this patient after the first dose (R-PT-7, REMS-2026). */
export interface HomeTestingOptIn {
  optedInOn: IsoDate;
  procedure: string;
}

export type Product = 'absorica' | 'absoricaLd' | 'claravis' | 'amnesteem' | 'myorisan' | 'zenatane' | 'isotretinoinGeneric';

export interface Prescription {
  id: string;
  writtenOn: IsoDate;
  product: Product;
  strengthMg: number;
  capsulesPerDay: number;
  daysSupply: number;
  quantity: number;
  refills: number;
  recordedAt: string;
}

export interface Dispense {
  dispensedOn: IsoDate;
  product: Product;
  strengthMg: number;
  quantity: number;
  daysSupply: number;
  recordedAt: string;
}

/**
 * An attempt to reach the program's own system (the iPLEDGE REMS website or contact center) for
 * this authorization's RMA number (R-AUTH-1): reached (the number is then the authorization's
 * remsRmaNumber), unavailable (down, not answering), or an error it answered with.
 */
export interface ProgramAttempt {
  /** When the pharmacy tried (an instant, ISO 8601). */
  attemptedAt: string;
  outcome: 'reached' | 'unavailable' | 'error';
  errorText: string | null;
}

export interface Authorization {
  id: string;
  prescriptionId: string;
  /**
   * The RMA number. Null for the record of a pharmacist's checklist outside the US, where there is
   * no authorization number (programs.md §0.4; migration 0030): always written with its dispense.
   */
  rmaNumber: string | null;
  requestedOn: IsoDate;
  /**
   * The date isocourse computed (window end, or the REMS-2026 PCNGP limit); outside the US the last
   * day to dispense, null where the program has no window (Australia).
   */
  doNotDispenseAfter: IsoDate | null;
  /** The rule set judged by: a US one ('REMS-2026'), or another program's key ('UK-2026', 'AU+ACT'). */
  ruleSet: string;
  /** The date the REMS system of record returned, when the pharmacy recorded it (D-4). */
  remsDoNotDispenseAfter: IsoDate | null;
  remsRmaNumber: string | null;
  reversal: { reversedOn: IsoDate; reason: string } | null;
  dispense: Dispense | null;
  /** The attempts to reach the program's system for its RMA number, oldest first (absent: none). */
  programAttempts?: ProgramAttempt[];
}

export interface CourseEnd {
  lastDoseOn: IsoDate;
  reason: 'targetReached' | 'adverseEvent' | 'patientChoice' | 'pregnancy' | 'other';
  recordedAt: string;
}

/** The prescriber starts a new course after an earlier one ended (R-END-4). */
export interface CourseRestart {
  restartedOn: IsoDate;
  reason: string | null;
  recordedAt: string;
}

/** A pregnancy reported or suspected without a test (R-PREG-1, R-CON-7). */
export interface PregnancyReport {
  reportedOn: IsoDate;
  recordedAt: string;
}

/** A prescriber clears a positive result or report with a documented reason (R-PREG-3). */
export interface PregnancyClearance {
  clearedOn: IsoDate;
  reason: string;
  recordedAt: string;
}

/** R-CON-7: unprotected intercourse, a contraception failure or a late period, reported (contraceptionFailure.ts). */
export interface ContraceptionFailureReport {
  reportedOn: IsoDate;
  kind: 'unprotectedIntercourse' | 'contraceptionFailure' | 'latePeriod';
  recordedAt: string;
}

export interface PatientFacts {
  birthDate: IsoDate;
  /** First row is the enrollment; later rows are category changes (R-CAT-2). */
  categoryAssignments: CategoryAssignment[];
  prescriberCertified: boolean;
  consents: ConsentRecord[];
  counselings: CounselingAttestation[];
  contraception: ContraceptionDeclaration[];
  comprehensionChecks: ComprehensionCheck[];
  pregnancyTests: PregnancyTest[];
  homeTestingOptIns: HomeTestingOptIn[];
  prescriptions: Prescription[];
  authorizations: Authorization[];
  courseEnds: CourseEnd[];
  courseRestarts: CourseRestart[];
  pregnancyReports: PregnancyReport[];
  pregnancyClearances: PregnancyClearance[];
  contraceptionFailureReports: ContraceptionFailureReport[];
}
