// What the patient's own routes answer, as the patient's pages read them.
import type { Reason } from '../../api';

export interface ProgramStatus {
  id: string;
  asOf: string;
  state: string;
  category: 'PCGP' | 'PCNGP' | null;
  ruleSet: string;
  window: { opensOn: string; lastDay: string; anchor: 'specimen' | 'visit'; testId: string | null } | null;
  activeAuthorization: { id: string; rmaNumber: string; prescriptionId: string; requestedOn: string; doNotDispenseAfter: string } | null;
  lockoutUntil: string | null;
  blockers: Reason[];
  warnings: Reason[];
  endOfCourse: EndOfCourse | null;
  dispenseCount: number;
  supplyEndsOn: string | null;
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

export interface PregnancyTestFact {
  id: string;
  kind: 'screening' | 'confirmation' | 'monthly' | 'endOfTreatment' | 'postTreatment' | 'unscheduled';
  specimenDate: string;
  resultDate: string;
  result: 'negative' | 'positive' | 'invalid';
  setting: 'lab' | 'clinic' | 'home';
}

export interface PrescriptionFact {
  id: string;
  writtenOn: string;
  product: string;
  strengthMg: number;
  capsulesPerDay: number;
  daysSupply: number;
  quantity: number;
}

export interface AuthorizationFact {
  id: string;
  prescriptionId: string;
  requestedOn: string;
  doNotDispenseAfter: string;
  remsDoNotDispenseAfter: string | null;
  reversal: { reversedOn: string; reason: string } | null;
  dispense: { dispensedOn: string; product: string; strengthMg: number; quantity: number; daysSupply: number } | null;
}

/** GET /patients/{id}: the patient's own record. */
export interface PatientRecord {
  id: string;
  patient: { id: string; programId: string; givenName: string; familyName: string; birthDate: string };
  status: ProgramStatus;
  facts: {
    counselings: { counseledOn: string }[];
    contraception: { declaredOn: string; methods: string[]; abstinence: boolean; startedOn: string }[];
    comprehensionChecks: { answeredOn: string; passed: boolean }[];
    pregnancyTests: PregnancyTestFact[];
    prescriptions: PrescriptionFact[];
    authorizations: AuthorizationFact[];
    courseEnds: { lastDoseOn: string; reason: string }[];
  };
}

export interface DoseFigures {
  cumulativeMg: number;
  cumulativeMgPerKg: number;
  targetMg: number;
  remainingMg: number;
}

/** GET /patients/{id}/clinical, as a patient sees it (their figures and the messages for them). */
export interface ClinicalPicture {
  id: string;
  asOf: string;
  product: string | null;
  firstDoseOn: string | null;
  cumulative: {
    weightKg: number;
    targetMgPerKg: number;
    daysOfTherapy: number;
    asDispensed: DoseFigures;
    conventionalEquivalent: DoseFigures | null;
    currentDailyMg: number | null;
    daysRemaining: number | null;
    projectedTargetDate: string | null;
    targetReachedOn: string | null;
    /** The curve to date in mg/kg (on the target's scale), when the server provides it. */
    history?: { on: string; mgPerKg: number }[];
  } | null;
  labs: { id: string; result: { analyte: string; value: number; unit: string; collectedOn: string }; classification: { band: 'normal' | 'watch' | 'act' | 'stop' } }[];
  nextLab: { code: string; dueOn: string | null; analytes: string[]; overdue: boolean };
  latestMood: { answeredOn: string; score: { total: number; band: string } } | null;
  messages: string[];
}

export interface InboxMessage {
  id: string;
  kind: string;
  subject: string;
  body: string;
  dueOn: string;
  deliveredAt: string | null;
  read: boolean;
}
