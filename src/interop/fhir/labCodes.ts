// The one table between LOINC and the facts isocourse keeps about labs and weight (issue 11 items
// 1 and 2): the EHR import reads it to know which fact an Observation is, the FHIR read side to
// code the facts it shows. The first code of each analyte is the one isocourse writes; the others
// are what laboratories also send for the same measurement (a mmol/L code, a direct LDL, ALT with
// pyridoxal phosphate...). Units are UCUM codes mapped onto the units the domain knows.
import type { LabAnalyte, LabUnit } from '../../domain/labs.js';

export const LOINC = 'http://loinc.org';
export const UCUM = 'http://unitsofmeasure.org';

export interface LoincCode {
  code: string;
  display: string;
}

/** Per analyte: the code written first, then the other codes read as the same analyte. */
export const LAB_LOINC: Record<LabAnalyte, readonly LoincCode[]> = {
  triglycerides: [
    { code: '2571-8', display: 'Triglyceride [Mass/volume] in Serum or Plasma' },
    { code: '14927-8', display: 'Triglyceride [Moles/volume] in Serum or Plasma' },
    { code: '3043-7', display: 'Triglyceride [Mass/volume] in Blood' },
  ],
  totalCholesterol: [
    { code: '2093-3', display: 'Cholesterol [Mass/volume] in Serum or Plasma' },
    { code: '14647-2', display: 'Cholesterol [Moles/volume] in Serum or Plasma' },
  ],
  ldl: [
    { code: '2089-1', display: 'Cholesterol in LDL [Mass/volume] in Serum or Plasma' },
    { code: '13457-7', display: 'Cholesterol in LDL [Mass/volume] in Serum or Plasma by calculation' },
    { code: '18262-6', display: 'Cholesterol in LDL [Mass/volume] in Serum or Plasma by Direct assay' },
    { code: '22748-8', display: 'Cholesterol in LDL [Moles/volume] in Serum or Plasma' },
    { code: '39469-2', display: 'Cholesterol in LDL [Moles/volume] in Serum or Plasma by calculation' },
  ],
  hdl: [
    { code: '2085-9', display: 'Cholesterol in HDL [Mass/volume] in Serum or Plasma' },
    { code: '14646-4', display: 'Cholesterol in HDL [Moles/volume] in Serum or Plasma' },
  ],
  alt: [
    { code: '1742-6', display: 'Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma' },
    { code: '1743-4', display: "Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma by With P-5'-P" },
    { code: '1744-2', display: "Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma by No addition of P-5'-P" },
  ],
  ast: [
    { code: '1920-8', display: 'Aspartate aminotransferase [Enzymatic activity/volume] in Serum or Plasma' },
    { code: '30239-8', display: "Aspartate aminotransferase [Enzymatic activity/volume] in Serum or Plasma by With P-5'-P" },
    { code: '88112-8', display: "Aspartate aminotransferase [Enzymatic activity/volume] in Serum or Plasma by No addition of P-5'-P" },
  ],
  glucose: [
    { code: '2345-7', display: 'Glucose [Mass/volume] in Serum or Plasma' },
    { code: '1558-6', display: 'Fasting glucose [Mass/volume] in Serum or Plasma' },
    { code: '14749-6', display: 'Glucose [Moles/volume] in Serum or Plasma' },
    { code: '14771-0', display: 'Fasting glucose [Moles/volume] in Serum or Plasma' },
  ],
  ck: [{ code: '2157-6', display: 'Creatine kinase [Enzymatic activity/volume] in Serum or Plasma' }],
};

/** Body weight: the code written, then the "measured" variant some EHRs send. */
export const BODY_WEIGHT_LOINC: readonly LoincCode[] = [
  { code: '29463-7', display: 'Body weight' },
  { code: '3141-9', display: 'Body weight Measured' },
];

const ANALYTE_BY_LOINC = new Map<string, LabAnalyte>(
  (Object.entries(LAB_LOINC) as [LabAnalyte, readonly LoincCode[]][]).flatMap(([analyte, codes]) => codes.map((code) => [code.code, analyte] as const)),
);
const WEIGHT_CODES = new Set(BODY_WEIGHT_LOINC.map((code) => code.code));

/** What a LOINC code measures, as a fact isocourse keeps; null for codes it does not import. */
export function measurementOfLoinc(code: string): { kind: 'lab'; analyte: LabAnalyte } | { kind: 'weight' } | null {
  const analyte = ANALYTE_BY_LOINC.get(code);
  if (analyte !== undefined) {
    return { kind: 'lab', analyte };
  }
  return WEIGHT_CODES.has(code) ? { kind: 'weight' } : null;
}

/** The code isocourse writes for an analyte. */
export function loincOfAnalyte(analyte: LabAnalyte): LoincCode {
  return LAB_LOINC[analyte][0] as LoincCode;
}

/** Every LOINC code the import understands, for the messages that say what was expected. */
export function importedLoincCodes(): string[] {
  return [...ANALYTE_BY_LOINC.keys(), ...WEIGHT_CODES];
}

/**
 * A lab unit from its UCUM code (or, failing that, the printed unit). International units of an
 * enzyme are the same quantity as units (1 IU = 1 µmol/min = 1 U), so [IU]/L reads as U/L.
 */
export function labUnitOfUcum(ucum: string): LabUnit | null {
  const compact = ucum.trim().replace(/\s+/g, '');
  switch (compact.toLowerCase()) {
    case 'mg/dl':
      return 'mg/dL';
    case 'mmol/l':
      return 'mmol/L';
    case 'u/l':
    case '[iu]/l':
    case 'iu/l':
      return 'U/L';
    default:
      return null;
  }
}

/** The UCUM code of a domain lab unit (they are spelled the UCUM way already). */
export function ucumOfLabUnit(unit: LabUnit): string {
  return unit;
}

/** A weight unit from UCUM: kilograms, grams (converted) or avoirdupois pounds. */
export function weightUnitOfUcum(ucum: string): { unit: 'kg' | 'lb'; factor: number } | null {
  switch (ucum.trim()) {
    case 'kg':
      return { unit: 'kg', factor: 1 };
    case 'g':
      return { unit: 'kg', factor: 0.001 };
    case '[lb_av]':
    case 'lb':
    case 'lbs':
      return { unit: 'lb', factor: 1 };
    default:
      return null;
  }
}
