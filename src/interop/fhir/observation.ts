// Measurements and results as FHIR Observations, coded in LOINC with UCUM units: pregnancy tests
// (hCG), the monitoring labs, body weight and the PHQ-9. Each id names the fact it comes from
// (`hcg-`, `lab-`, `weight-`, `phq9-` and the fact's id), so a read finds it without guessing.
import type { CodeableConcept, Observation } from '@medplum/fhirtypes';
import type { PregnancyTest } from '../../domain/facts.js';
import type { LabAnalyte, LabResult } from '../../domain/labs.js';
import { scorePhq9 } from '../../domain/mood.js';
import { instant, patientReference } from './references.js';
import { LOINC, OBSERVATION_CATEGORY_SYSTEM, PREGNANCY_TEST_KIND_SYSTEM, SNOMED, UCUM, V3_OBSERVATION_INTERPRETATION_SYSTEM } from './systems.js';

export const OBSERVATION_ID_PREFIXES = ['hcg', 'lab', 'weight', 'phq9'] as const;

function category(code: 'laboratory' | 'vital-signs' | 'survey'): CodeableConcept {
  const display = { laboratory: 'Laboratory', 'vital-signs': 'Vital Signs', survey: 'Survey' }[code];
  return { coding: [{ system: OBSERVATION_CATEGORY_SYSTEM, code, display }] };
}

function loinc(code: string, display: string): CodeableConcept {
  return { coding: [{ system: LOINC, code, display }], text: display };
}

export const URINE_HCG = loinc('2106-3', 'Choriogonadotropin (pregnancy test) [Presence] in Urine');
export const SERUM_HCG = loinc('2118-8', 'Choriogonadotropin (pregnancy test) [Presence] in Serum or Plasma');

const PREGNANCY_RESULT: Record<'negative' | 'positive', { snomed: CodeableConcept; interpretation: CodeableConcept }> = {
  negative: {
    snomed: { coding: [{ system: SNOMED, code: '260385009', display: 'Negative' }], text: 'Negative' },
    interpretation: { coding: [{ system: V3_OBSERVATION_INTERPRETATION_SYSTEM, code: 'NEG', display: 'Negative' }] },
  },
  positive: {
    snomed: { coding: [{ system: SNOMED, code: '10828004', display: 'Positive' }], text: 'Positive' },
    interpretation: { coding: [{ system: V3_OBSERVATION_INTERPRETATION_SYSTEM, code: 'POS', display: 'Positive' }] },
  },
};

/**
 * isocourse records where a test was done, not its specimen: a laboratory test is taken as the
 * serum test the program asks of a lab (2118-8), an office or home test as a urine test (2106-3).
 */
export function pregnancyTestObservation(patientId: string, test: PregnancyTest): Observation {
  const kind = { coding: [{ system: PREGNANCY_TEST_KIND_SYSTEM, code: test.kind }], text: `${test.kind} pregnancy test (${test.setting})` };
  const result =
    test.result === 'invalid'
      ? {
          dataAbsentReason: {
            coding: [{ system: 'http://terminology.hl7.org/CodeSystem/data-absent-reason', code: 'error', display: 'Error' }],
            text: 'Invalid result',
          },
        }
      : { valueCodeableConcept: PREGNANCY_RESULT[test.result].snomed, interpretation: [PREGNANCY_RESULT[test.result].interpretation] };
  return {
    resourceType: 'Observation',
    id: `hcg-${test.id}`,
    status: 'final',
    category: [category('laboratory'), kind],
    code: test.setting === 'lab' ? SERUM_HCG : URINE_HCG,
    subject: patientReference(patientId),
    effectiveDateTime: test.specimenDate,
    issued: instant(test.recordedAt),
    ...result,
    ...(test.setting === 'home'
      ? { method: { text: `Home test${test.homeEvidence === null ? '' : `, ${test.homeEvidence.kind}: ${test.homeEvidence.description}`}` } }
      : {}),
    note: [
      {
        text: `Result date ${test.resultDate}; ${test.clia ? 'CLIA-certified' : 'not CLIA-certified'}${test.sensitivityMiuPerMl === null ? '' : `; sensitivity ${test.sensitivityMiuPerMl} mIU/mL`}.`,
      },
    ],
  };
}

/** LOINC of each analyte as isocourse records it (serum or plasma, mass or enzyme activity per volume). */
export const LAB_LOINC: Record<LabAnalyte, CodeableConcept> = {
  triglycerides: loinc('2571-8', 'Triglyceride [Mass/volume] in Serum or Plasma'),
  totalCholesterol: loinc('2093-3', 'Cholesterol [Mass/volume] in Serum or Plasma'),
  ldl: loinc('2089-1', 'Cholesterol in LDL [Mass/volume] in Serum or Plasma'),
  hdl: loinc('2085-9', 'Cholesterol in HDL [Mass/volume] in Serum or Plasma'),
  alt: loinc('1742-6', 'Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma'),
  ast: loinc('1920-8', 'Aspartate aminotransferase [Enzymatic activity/volume] in Serum or Plasma'),
  glucose: loinc('2345-7', 'Glucose [Mass/volume] in Serum or Plasma'),
  ck: loinc('2157-6', 'Creatine kinase [Enzymatic activity/volume] in Serum or Plasma'),
};

function quantity(value: number, unit: string) {
  return { value, unit, system: UCUM, code: unit };
}

export function labObservation(patientId: string, lab: { id: string; result: LabResult }): Observation {
  const { result } = lab;
  const context = [
    result.fasting === undefined ? null : result.fasting ? 'fasting' : 'not fasting',
    result.hoursSinceAlcohol === undefined ? null : `${result.hoursSinceAlcohol} h since alcohol`,
  ].filter((part): part is string => part !== null);
  return {
    resourceType: 'Observation',
    id: `lab-${lab.id}`,
    status: 'final',
    category: [category('laboratory')],
    code: LAB_LOINC[result.analyte],
    subject: patientReference(patientId),
    effectiveDateTime: result.collectedOn,
    valueQuantity: quantity(result.value, result.unit),
    ...(result.referenceLow === undefined && result.referenceHigh === undefined
      ? {}
      : {
          referenceRange: [
            {
              ...(result.referenceLow === undefined ? {} : { low: quantity(result.referenceLow, result.unit) }),
              ...(result.referenceHigh === undefined ? {} : { high: quantity(result.referenceHigh, result.unit) }),
            },
          ],
        }),
    ...(context.length === 0 ? {} : { note: [{ text: context.join('; ') }] }),
  };
}

export const BODY_WEIGHT = loinc('29463-7', 'Body weight');

export function weightObservation(patientId: string, weight: { id: string; measuredOn: string; weightKg: number; recordedAt: Date | string }): Observation {
  return {
    resourceType: 'Observation',
    id: `weight-${weight.id}`,
    status: 'final',
    category: [category('vital-signs')],
    code: BODY_WEIGHT,
    subject: patientReference(patientId),
    effectiveDateTime: weight.measuredOn,
    issued: instant(weight.recordedAt),
    valueQuantity: { value: weight.weightKg, unit: 'kg', system: UCUM, code: 'kg' },
  };
}

export const PHQ9_PANEL = loinc('44249-1', 'PHQ-9 quick depression assessment panel [Reported.PHQ]');
export const PHQ9_TOTAL = loinc('44261-6', 'Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]');
export const PHQ9_ITEM9 = loinc('44260-8', 'Thoughts that you would be better off dead, or of hurting yourself in some way in last 2 weeks');

/** The PHQ-9 panel with its total and item 9 (the one that raises the urgent alert) as components. */
export function phq9Observation(patientId: string, phq9: { id: string; answeredOn: string; answers: number[] }): Observation {
  const score = scorePhq9(phq9.answers);
  return {
    resourceType: 'Observation',
    id: `phq9-${phq9.id}`,
    status: 'final',
    category: [category('survey')],
    code: PHQ9_PANEL,
    subject: patientReference(patientId),
    effectiveDateTime: phq9.answeredOn,
    derivedFrom: [{ reference: `QuestionnaireResponse/phq9-${phq9.id}` }],
    interpretation: [{ text: `PHQ-9 band: ${score.band}` }],
    component: [
      { code: PHQ9_TOTAL, valueInteger: score.total },
      { code: PHQ9_ITEM9, valueInteger: score.item9 },
    ],
  };
}
