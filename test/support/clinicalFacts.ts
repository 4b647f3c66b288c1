// Test fixtures for the clinical side of a patient, to go with patientFacts.ts:
// `givenClinical()` starts with nothing recorded (no weight, no plan, no labs…) and each method
// adds one dated fact; `.facts()` returns a fresh ClinicalFacts.
//
//   const clinical = givenClinical().weight('2025-03-01', 70).lab('tg-1', triglycerides('2025-03-09', 600)).facts();
//   const review = clinicalReview(program, clinical, '2025-03-10');
import type { ClinicalFacts, RiskFlag } from '../../src/domain/clinicalReview.js';
import type { IsoDate } from '../../src/domain/dates.js';
import type { PlannedDose, WeightBasis } from '../../src/domain/dosing.js';
import type { Product } from '../../src/domain/facts.js';
import type { LabResult } from '../../src/domain/labs.js';
import type { SymptomEntry } from '../../src/domain/symptoms.js';

/** The practice default used unless a scenario says otherwise (mg/kg over the course). */
export const DEFAULT_TARGET_MG_PER_KG = 120;

/** Nine PHQ-9 answers: minimal, item 9 (thoughts of self-harm) answered 0. */
export const CALM_PHQ9 = [0, 0, 0, 0, 0, 0, 0, 0, 0];
/** Item 9 answered 1: raises SUICIDAL_IDEATION (R-MOOD-1). */
export const ITEM9_PHQ9 = [0, 0, 0, 0, 0, 0, 0, 0, 1];

/** A fasting triglyceride result in mg/dL. */
export function triglycerides(collectedOn: IsoDate, valueMgDl: number, extra: Partial<LabResult> = {}): LabResult {
  return { analyte: 'triglycerides', value: valueMgDl, unit: 'mg/dL', collectedOn, fasting: true, hoursSinceAlcohol: 48, ...extra };
}

/** An ALT result in U/L against a 40 U/L upper reference limit. */
export function alt(collectedOn: IsoDate, valueUl: number, extra: Partial<LabResult> = {}): LabResult {
  return { analyte: 'alt', value: valueUl, unit: 'U/L', referenceHigh: 40, collectedOn, ...extra };
}

export class ClinicalFactsBuilder {
  private readonly state: ClinicalFacts = {
    weights: [],
    dosePlan: null,
    defaultTargetMgPerKg: DEFAULT_TARGET_MG_PER_KG,
    missedDoses: [],
    riskFlags: [],
    labs: [],
    phq9: [],
    symptomReports: [],
    medications: [],
    interactionOverrides: [],
    acknowledgements: [],
  };

  weight(measuredOn: IsoDate, weightKg: number): this {
    this.state.weights.push({ measuredOn, weightKg });
    return this;
  }

  dosePlan(plan: { product?: Product; steps: PlannedDose[]; targetMgPerKg?: number; weightBasis?: WeightBasis }): this {
    this.state.dosePlan = {
      product: plan.product ?? 'isotretinoinGeneric',
      steps: plan.steps,
      targetMgPerKg: plan.targetMgPerKg ?? DEFAULT_TARGET_MG_PER_KG,
      weightBasis: plan.weightBasis ?? 'courseStart',
    };
    return this;
  }

  missed(from: IsoDate, to: IsoDate = from): this {
    this.state.missedDoses.push({ from, to });
    return this;
  }

  riskFlag(flag: RiskFlag): this {
    this.state.riskFlags.push(flag);
    return this;
  }

  lab(id: string, result: LabResult): this {
    this.state.labs.push({ id, result });
    return this;
  }

  /** Triglycerides and ALT drawn the same day, both normal: a complete monitoring panel (§4.1). */
  normalPanel(collectedOn: IsoDate, idPrefix = `panel-${collectedOn}`): this {
    return this.lab(`${idPrefix}-tg`, triglycerides(collectedOn, 100)).lab(`${idPrefix}-alt`, alt(collectedOn, 20));
  }

  phq9(id: string, answeredOn: IsoDate, answers: number[]): this {
    this.state.phq9.push({ id, answeredOn, answers });
    return this;
  }

  symptoms(id: string, reportedOn: IsoDate, entries: SymptomEntry[]): this {
    this.state.symptomReports.push({ id, reportedOn, entries });
    return this;
  }

  medication(id: string, freeText: string, dates: { startedOn?: IsoDate | null; stoppedOn?: IsoDate | null } = {}): this {
    this.state.medications.push({ id, freeText, startedOn: dates.startedOn ?? null, stoppedOn: dates.stoppedOn ?? null });
    return this;
  }

  override(code: string, reason: string): this {
    this.state.interactionOverrides.push({ code, reason });
    return this;
  }

  acknowledged(alertKey: string, note: string | null = 'Reviewed', recordedAt = '2025-01-01T12:00:00.000Z'): this {
    this.state.acknowledgements.push({ alertKey, note, recordedAt });
    return this;
  }

  /** A copy of the facts so far: later additions to the builder do not change it. */
  facts(): ClinicalFacts {
    return structuredClone(this.state);
  }
}

export function givenClinical(): ClinicalFactsBuilder {
  return new ClinicalFactsBuilder();
}

/** No clinical facts at all. */
export function noClinicalFacts(): ClinicalFacts {
  return givenClinical().facts();
}
