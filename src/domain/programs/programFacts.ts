// The facts the programs outside the US judge (programs.md §0.3, §1): plain dated values, stored
// as they happened; childbearing potential, windows and due dates are derived from them under the
// rule set in force (P-16). A fact dated after the event judged never changes the decision: every
// rule reads only facts dated on or before the event (`asOf`).
import { isAfter, type IsoDate } from '../dates.js';
import type { ContraceptionDeclaration, PregnancyTestResult } from '../facts.js';

/**
 * Anatomy, sterilisation and menopause facts a clinician recorded (UK-CAT-1, R-CAT-1). Childbearing
 * potential is derived from them per rule set (childbearingPotential.ts), never stored.
 */
export type ReproductiveFactKind =
  /** Has a uterus and at least one ovary. */
  | 'uterusAndOvary'
  /** No uterus, or no ovary (assigned male at birth, hysterectomy, bilateral oophorectomy). */
  | 'noUterusOrNoOvaries'
  /** Tubal sterilisation, confirmed by a clinician. */
  | 'tubalSterilisationConfirmed'
  /** Menopause, confirmed by a clinician. */
  | 'menopauseConfirmed';

export interface ReproductiveFact {
  kind: ReproductiveFactKind;
  recordedOn: IsoDate;
}

/** Reasons an exemption may give (UK list [UNVERIFIED]; the EU leaves it to the prescriber). */
export const EXEMPTION_REASON_CODES = ['NOT_SEXUALLY_ACTIVE', 'SAME_SEX_PARTNER_ONLY', 'PREMENARCHE', 'OTHER'] as const;
export type ExemptionReasonCode = (typeof EXEMPTION_REASON_CODES)[number];

/** "No expected risk of pregnancy" (PPP-EXM-1, UK-EXM-1). */
export interface ExemptionRecord {
  decidedOn: IsoDate;
  prescriberId: string;
  patientAgreed: boolean;
  reasonCode: ExemptionReasonCode;
  justification: string;
  /** When the prescriber means to review it (each visit by default). */
  reviewAt: IsoDate | null;
}

/** The acknowledgement forms the programs use, by version (PPP-ACK-1, UK-ACK-1/2, CA-ACK-1). */
export const FORM_VERSIONS = ['EU-PPP-ACK-2018', 'UK-ARF-2023', 'UK-ARF-2026', 'CA-ICA'] as const;
export type FormVersion = (typeof FORM_VERSIONS)[number];

export interface AcknowledgementForm {
  formVersion: FormVersion;
  signedOn: IsoDate;
  signedByPatient: boolean;
  signedByPrescriber: boolean;
}

export type AssessmentKind = 'mentalHealth' | 'sexualFunction';

/** A mental-health or sexual-function assessment (UK-ASM-1/2, AU-MH-1). */
export interface Assessment {
  kind: AssessmentKind;
  on: IsoDate;
}

/** A second, independent prescriber agrees that the patient under 18 starts (UK-AGE-1). */
export interface SecondPrescriberAgreement {
  prescriberId: string;
  agreedOn: IsoDate;
}

export type VisitMode = 'inPerson' | 'remote';

export interface Visit {
  on: IsoDate;
  mode: VisitMode;
  /** The patient agreed to a remote follow-up (UK-VIS-1). */
  patientAgreed: boolean;
}

/**
 * Where a pregnancy test was done: a laboratory, a clinic (medically supervised), a licensed
 * laboratory (Canada), a remote test supervised live by a clinician (UK from its date), or at home
 * unsupervised (never counts outside the US, programs.md PPP-PT-1).
 */
export type ProgramTestSetting = 'lab' | 'clinic' | 'licensedLab' | 'remoteSupervised' | 'home';

export interface ProgramPregnancyTest {
  id: string;
  specimenDate: IsoDate;
  result: PregnancyTestResult;
  setting: ProgramTestSetting;
  /** The sensitivity of the test in mIU/mL, when known. */
  sensitivityMiuPerMl: number | null;
  /** Remote supervised test: who supervised, and the evidence kept (UK-PT-1). */
  supervisorId: string | null;
  evidence: string | null;
}

/** Since when the patient has used contraception without a break (the US declaration fits). */
export type ContraceptionStart = Pick<ContraceptionDeclaration, 'declaredOn' | 'startedOn' | 'methods' | 'abstinence'>;

export interface ProgramPrescription {
  id: string;
  writtenOn: IsoDate;
  daysSupply: number;
  prescriberId: string;
  /** Italy: the day the doctor certified non-pregnancy (PPP-NAT-IT-2); null when none. */
  certifiedOn: IsoDate | null;
}

export interface ProgramDispense {
  prescriptionId: string;
  dispensedOn: IsoDate;
  daysSupply: number;
}

export type Specialty = 'dermatology' | 'generalPractice' | 'psychiatry' | 'other';

/** The lead roles of UK-PRESC-1. */
export type UkLeadRole = 'consultantDermatologist' | 'band7DermatologyNurseSpecialist';

/** What the programs ask of a prescriber, recorded on the prescriber (PPP-PRESC-1, UK-PRESC-1, CA-PRESC-1, AU-PRESC-1). */
export interface PrescriberAttributes {
  id: string;
  specialty: Specialty;
  /** A state authority to prescribe (Australia), with the state and the day it was granted. */
  recordedAuthority: { state: string; grantedOn: IsoDate } | null;
  leadRole: UkLeadRole | null;
  /** Experienced with systemic retinoids, or supervised by someone who is. */
  retinoidExperience: boolean;
}

export interface ProgramPatientFacts {
  birthDate: IsoDate;
  reproductive: ReproductiveFact[];
  exemptions: ExemptionRecord[];
  acknowledgements: AcknowledgementForm[];
  assessments: Assessment[];
  secondPrescriberAgreements: SecondPrescriberAgreement[];
  visits: Visit[];
  pregnancyTests: ProgramPregnancyTest[];
  contraception: ContraceptionStart[];
  prescriptions: ProgramPrescription[];
  dispenses: ProgramDispense[];
  /** The last dose of the course, once it has ended. */
  lastDoseOn: IsoDate | null;
}

/** Only what had happened by `asOf`: a fact dated later changes no decision on `asOf`. */
export function factsAsOf(facts: ProgramPatientFacts, asOf: IsoDate): ProgramPatientFacts {
  const onOrBefore = (date: IsoDate): boolean => !isAfter(date, asOf);
  return {
    birthDate: facts.birthDate,
    reproductive: facts.reproductive.filter((fact) => onOrBefore(fact.recordedOn)),
    exemptions: facts.exemptions.filter((record) => onOrBefore(record.decidedOn)),
    acknowledgements: facts.acknowledgements.filter((form) => onOrBefore(form.signedOn)),
    assessments: facts.assessments.filter((assessment) => onOrBefore(assessment.on)),
    secondPrescriberAgreements: facts.secondPrescriberAgreements.filter((agreement) => onOrBefore(agreement.agreedOn)),
    visits: facts.visits.filter((visit) => onOrBefore(visit.on)),
    pregnancyTests: facts.pregnancyTests.filter((test) => onOrBefore(test.specimenDate)),
    contraception: facts.contraception.filter((start) => onOrBefore(start.declaredOn)),
    prescriptions: facts.prescriptions.filter((prescription) => onOrBefore(prescription.writtenOn)),
    dispenses: facts.dispenses.filter((dispense) => onOrBefore(dispense.dispensedOn)),
    lastDoseOn: facts.lastDoseOn !== null && onOrBefore(facts.lastDoseOn) ? facts.lastDoseOn : null,
  };
}

/** A patient with no facts yet but a birth date (tests and new patients start here). */
export function emptyProgramFacts(birthDate: IsoDate): ProgramPatientFacts {
  return {
    birthDate,
    reproductive: [],
    exemptions: [],
    acknowledgements: [],
    assessments: [],
    secondPrescriberAgreements: [],
    visits: [],
    pregnancyTests: [],
    contraception: [],
    prescriptions: [],
    dispenses: [],
    lastDoseOn: null,
  };
}

/** The latest of a list by a date (ties: the first in date-then-text order, so the input order never matters). */
export function latestBy<T>(items: readonly T[], dateOf: (item: T) => IsoDate, tieBreak: (item: T) => string = () => ''): T | null {
  let latest: T | null = null;
  for (const item of items) {
    if (latest === null) {
      latest = item;
      continue;
    }
    const a = dateOf(item);
    const b = dateOf(latest);
    if (a > b || (a === b && tieBreak(item) > tieBreak(latest))) {
      latest = item;
    }
  }
  return latest;
}
