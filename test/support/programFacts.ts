// Builders for the facts of the programs outside the US (src/domain/programs): a patient, dated
// facts added one call at a time, and the prescribers the scenarios of programs.md §4 need.
import type { IsoDate } from '../../src/domain/dates.js';
import type { Reason } from '../../src/domain/decision.js';
import type { Jurisdiction } from '../../src/domain/programs/jurisdictions.js';
import type { ParameterSetting } from '../../src/domain/programs/parameters.js';
import type { ProgramContext } from '../../src/domain/programs/programDecisions.js';
import {
  emptyProgramFacts,
  type AssessmentKind,
  type ExemptionRecord,
  type FormVersion,
  type PrescriberAttributes,
  type ProgramPatientFacts,
  type ProgramPregnancyTest,
  type ProgramPrescription,
  type ReproductiveFactKind,
  type VisitMode,
} from '../../src/domain/programs/programFacts.js';

export const DERMATOLOGIST: PrescriberAttributes = {
  id: 'lead',
  specialty: 'dermatology',
  recordedAuthority: null,
  leadRole: 'consultantDermatologist',
  retinoidExperience: true,
};

export const GENERAL_PRACTITIONER: PrescriberAttributes = {
  id: 'gp',
  specialty: 'generalPractice',
  recordedAuthority: null,
  leadRole: null,
  retinoidExperience: false,
};

export function inJurisdiction(jurisdiction: Jurisdiction | null, settings: ParameterSetting[] = []): ProgramContext {
  return { jurisdiction, settings };
}

export function reasonCodes(reasons: readonly Reason[]): string[] {
  return reasons.map((item) => item.code);
}

export interface TestFactOptions {
  result?: ProgramPregnancyTest['result'];
  setting?: ProgramPregnancyTest['setting'];
  id?: string;
  supervisorId?: string | null;
  evidence?: string | null;
  sensitivityMiuPerMl?: number | null;
}

export class ProgramPatient {
  private readonly state: ProgramPatientFacts;
  private sequence = 0;

  constructor(birthDate: IsoDate) {
    this.state = emptyProgramFacts(birthDate);
  }

  reproductive(kind: ReproductiveFactKind, recordedOn: IsoDate = '2020-01-01'): this {
    this.state.reproductive.push({ kind, recordedOn });
    return this;
  }

  canGetPregnant(recordedOn: IsoDate = '2020-01-01'): this {
    return this.reproductive('uterusAndOvary', recordedOn);
  }

  cannotGetPregnant(recordedOn: IsoDate = '2020-01-01'): this {
    return this.reproductive('noUterusOrNoOvaries', recordedOn);
  }

  test(specimenDate: IsoDate, options: TestFactOptions = {}): this {
    this.sequence += 1;
    const setting = options.setting ?? 'lab';
    this.state.pregnancyTests.push({
      id: options.id ?? `test-${this.sequence}`,
      specimenDate,
      result: options.result ?? 'negative',
      setting,
      sensitivityMiuPerMl: options.sensitivityMiuPerMl ?? null,
      supervisorId: options.supervisorId ?? (setting === 'remoteSupervised' ? 'nurse-1' : null),
      evidence: options.evidence ?? (setting === 'remoteSupervised' ? 'video visit 42' : null),
    });
    return this;
  }

  contraception(startedOn: IsoDate, declaredOn: IsoDate = startedOn): this {
    this.state.contraception.push({ declaredOn, startedOn, methods: ['implant'], abstinence: false });
    return this;
  }

  prescription(id: string, writtenOn: IsoDate, options: Partial<Omit<ProgramPrescription, 'id' | 'writtenOn'>> = {}): this {
    this.state.prescriptions.push({ id, writtenOn, daysSupply: 30, prescriberId: 'lead', certifiedOn: null, ...options });
    return this;
  }

  dispensed(prescriptionId: string, dispensedOn: IsoDate): this {
    this.state.dispenses.push({ prescriptionId, dispensedOn, daysSupply: 30 });
    return this;
  }

  form(formVersion: FormVersion, signedOn: IsoDate, signedBy: { patient?: boolean; prescriber?: boolean } = {}): this {
    this.state.acknowledgements.push({ formVersion, signedOn, signedByPatient: signedBy.patient ?? true, signedByPrescriber: signedBy.prescriber ?? true });
    return this;
  }

  assessment(kind: AssessmentKind, on: IsoDate): this {
    this.state.assessments.push({ kind, on });
    return this;
  }

  /** Both assessments on one day (UK-ASM-1, UK-ASM-2). */
  assessed(on: IsoDate): this {
    return this.assessment('mentalHealth', on).assessment('sexualFunction', on);
  }

  secondPrescriber(agreedOn: IsoDate, prescriberId = 'second'): this {
    this.state.secondPrescriberAgreements.push({ prescriberId, agreedOn });
    return this;
  }

  visit(on: IsoDate, mode: VisitMode, patientAgreed = true): this {
    this.state.visits.push({ on, mode, patientAgreed });
    return this;
  }

  exemption(record: Partial<ExemptionRecord> & { decidedOn: IsoDate }): this {
    this.state.exemptions.push({
      prescriberId: 'lead',
      patientAgreed: true,
      reasonCode: 'NOT_SEXUALLY_ACTIVE',
      justification: 'Not sexually active; discussed with the patient.',
      reviewAt: null,
      ...record,
    });
    return this;
  }

  lastDose(on: IsoDate): this {
    this.state.lastDoseOn = on;
    return this;
  }

  facts(): ProgramPatientFacts {
    return structuredClone(this.state);
  }

  prescriptionById(id: string): ProgramPrescription {
    const found = this.state.prescriptions.find((prescription) => prescription.id === id);
    if (found === undefined) {
      throw new Error(`no prescription ${id}`);
    }
    return found;
  }
}

export function aProgramPatient(birthDate: IsoDate = '1998-04-10'): ProgramPatient {
  return new ProgramPatient(birthDate);
}
