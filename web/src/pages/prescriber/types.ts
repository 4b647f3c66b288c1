// What the care team's API answers look like (src/services/patients/readPatients.ts,
// src/services/clinical/getClinicalReview.ts, src/services/worklist/getWorklist.ts), as far as
// these pages read them.
import type { Reason } from '../../api';

export type ProgramState =
  | 'NOT_ENROLLED'
  | 'ENROLLED'
  | 'AWAITING_CONFIRMATION'
  | 'QUALIFIED_WINDOW_OPEN'
  | 'AUTHORIZED'
  | 'ON_TREATMENT'
  | 'AWAITING_MONTHLY_QUALIFICATION'
  | 'WINDOW_MISSED_FIRST'
  | 'WINDOW_MISSED'
  | 'PREGNANCY_HOLD'
  | 'END_OF_TREATMENT'
  | 'POST_TREATMENT'
  | 'COMPLETED';

export type RiskCategory = 'PCGP' | 'PCNGP';

export interface WorklistItem {
  code: string;
  /** Lower is more urgent: 0 urgent alert or pregnancy hold, 1 window closing, 2 overdue, 3 warning, 4 due soon. */
  urgency: number;
  message: string;
  action: string;
  dueOn: string | null;
}

export interface WorklistEntry {
  patientId: string;
  programId: string;
  name: string;
  state: ProgramState;
  urgency: number;
  dueOn: string | null;
  items: WorklistItem[];
}

export interface Worklist {
  asOf: string;
  patients: WorklistEntry[];
}

export interface PatientSummary {
  id: string;
  programId: string;
  givenName: string;
  familyName: string;
  birthDate: string;
}

export interface PrescriptionWindow {
  opensOn: string;
  lastDay: string;
  anchor: 'specimen' | 'visit';
  testId: string | null;
}

export interface EndOfCourse {
  lastDoseOn: string;
  endOfTreatmentTestDue: string | null;
  postTreatmentTestDue: string | null;
  contraceptionUntil: string | null;
  bloodDonationAllowedFrom: string;
  cosmeticProceduresAllowedFrom: string;
  endOfTreatmentTestDone: boolean;
  postTreatmentTestDone: boolean;
}

export interface ProgramStatus {
  asOf: string;
  state: ProgramState;
  category: RiskCategory | null;
  ruleSet: string;
  window: PrescriptionWindow | null;
  activeAuthorization: { id: string; rmaNumber: string; prescriptionId: string; requestedOn: string; doNotDispenseAfter: string } | null;
  lockoutUntil: string | null;
  blockers: Reason[];
  warnings: Reason[];
  endOfCourse: EndOfCourse | null;
  dispenseCount: number;
  supplyEndsOn: string | null;
}

export interface Prescription {
  id: string;
  writtenOn: string;
  product: string;
  strengthMg: number;
  capsulesPerDay: number;
  daysSupply: number;
  quantity: number;
  refills: number;
  recordedAt: string;
}

export interface Authorization {
  id: string;
  prescriptionId: string;
  rmaNumber: string;
  requestedOn: string;
  doNotDispenseAfter: string;
  ruleSet: string;
  remsDoNotDispenseAfter: string | null;
  remsRmaNumber: string | null;
  reversal: { reversedOn: string; reason: string } | null;
  dispense: { dispensedOn: string; product: string; strengthMg: number; quantity: number; daysSupply: number; recordedAt: string } | null;
}

export interface PregnancyTest {
  id: string;
  kind: string;
  specimenDate: string;
  resultDate: string;
  result: 'negative' | 'positive' | 'invalid';
  setting: 'lab' | 'clinic' | 'home';
  clia: boolean;
  sensitivityMiuPerMl: number | null;
  recordedAt: string;
}

export interface PatientFacts {
  birthDate: string;
  prescriberCertified: boolean;
  categoryAssignments: { category: RiskCategory; criterion: string; reason: string | null; effectiveOn: string; recordedAt: string }[];
  consents: { kind: string; signedOn: string }[];
  counselings: { id: string; counseledOn: string; recordedAt: string }[];
  contraception: { declaredOn: string; methods: string[]; abstinence: boolean; startedOn: string; takesEnzymeInducer: boolean; enteredBy: string; recordedAt: string }[];
  comprehensionChecks: { answeredOn: string; passed: boolean; recordedAt: string }[];
  pregnancyTests: PregnancyTest[];
  homeTestingOptIns: { optedInOn: string; procedure: string }[];
  prescriptions: Prescription[];
  authorizations: Authorization[];
  courseEnds: { lastDoseOn: string; reason: string; recordedAt: string }[];
  courseRestarts: { restartedOn: string; reason: string | null; recordedAt: string }[];
  pregnancyReports: { reportedOn: string; recordedAt: string }[];
  pregnancyClearances: { clearedOn: string; reason: string; recordedAt: string }[];
}

export interface PatientRecord {
  id: string;
  patient: PatientSummary;
  status: ProgramStatus;
  facts: PatientFacts;
}

export type LabBand = 'normal' | 'watch' | 'act' | 'stop';

export interface LabEntry {
  id: string;
  result: { analyte: string; value: number; unit: string; collectedOn: string; referenceHigh?: number; fasting?: boolean };
  classification: { analyte: string; band: LabBand; normalized: { value: number; scale: 'mg/dL' | '×ULN' }; reasons: Reason[]; flags: string[] };
}

export interface LabThresholds {
  triglycerides: { watchFromMgDl: number; actFromMgDl: number; stopFromMgDl: number; alwaysStopFromMgDl: number };
  baselineTriglycerides: { watchFromMgDl: number; doNotStartFromMgDl: number };
  liverEnzymes: { watchAboveUln: number; actAboveUln: number; stopAboveUln: number };
  totalCholesterol: { watchFromMgDl: number; actFromMgDl: number };
  hdl: { watchBelowMgDl: number };
  glucose: { watchFromMgDl: number; actFromMgDl: number };
  ck: { actAboveUlnWithSymptoms: number };
}

export interface DoseFigures {
  cumulativeMg: number;
  cumulativeMgPerKg: number;
  targetMg: number;
  remainingMg: number;
}

export interface CumulativeDose {
  weightKg: number;
  weightBasis: 'courseStart' | 'latest';
  targetMgPerKg: number;
  daysOfTherapy: number;
  asDispensed: DoseFigures;
  conventionalEquivalent: DoseFigures | null;
  currentDailyMg: number | null;
  daysRemaining: number | null;
  projectedTargetDate: string | null;
  targetReachedOn: string | null;
  /** The curve to date on the target's scale; absent from servers older than this page. */
  history?: { on: string; mgPerKg: number }[];
  warnings: Reason[];
  reasons: Reason[];
}

export interface ClinicalAlert {
  key: string;
  code: string;
  rule: string;
  severity: 'urgent' | 'warning' | 'info';
  message: string;
  recommendedAction: string;
  requiresNote: boolean;
  source: string;
  raisedOn: string;
  acknowledgement: { note: string | null; at: string } | null;
}

export interface ClinicalReview {
  id: string;
  asOf: string;
  product: string | null;
  firstDoseOn: string | null;
  cumulative: CumulativeDose | null;
  labs: LabEntry[];
  nextLab: { code: string; dueOn: string | null; analytes: string[]; overdue: boolean; reason: Reason; pending: { code: string; dueOn: string | null; analytes: string[]; overdue: boolean; reason: Reason }[] };
  latestMood: { answeredOn: string; score: { total: number; band: string; item9: number }; changeFromBaseline: number | null } | null;
  moodHistory?: { answeredOn: string; total: number; band: string; item9: number }[];
  interactions: { allowed: boolean; blocks: Reason[]; warnings: Reason[] };
  alerts: ClinicalAlert[];
  openAlerts: ClinicalAlert[];
  labThresholds?: LabThresholds;
}
