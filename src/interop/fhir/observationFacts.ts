// An EHR's lab or body-weight Observation read as the fact isocourse would record from the form
// (issue 11 item 2): a LabResult (domain/labs.ts) or a WeightInput (services/clinical/recordWeight.ts).
// Pure: no database. Whatever cannot be read is said, per element, as a Problem; nothing is guessed
// (an unknown code, a unit the domain does not know, a preliminary result are refused, not stored).
import type { CodeableConcept, Coding, Observation, Quantity } from '@medplum/fhirtypes';
import { isIsoDate, type IsoDate } from '../../domain/dates.js';
import type { LabResult } from '../../domain/labs.js';
import type { WeightInput } from '../../services/clinical/recordWeight.js';
import { importedLoincCodes, labUnitOfUcum, LOINC, measurementOfLoinc, weightUnitOfUcum } from './labCodes.js';
import type { Problem } from './outcomes.js';
import { objectOr, objectsIn } from './untrusted.js';

export type ObservationFact = { kind: 'lab'; result: LabResult } | { kind: 'weight'; weight: WeightInput };

export type ReadObservation = { ok: true; fact: ObservationFact } | { ok: false; problems: Problem[] };

/** Results a laboratory has released; the rest are not facts yet (or no longer). */
const RELEASED = new Set(['final', 'amended', 'corrected']);

/**
 * The calendar date of an Observation's effective[x], as written by the sender (the day the sample
 * was drawn or the patient weighed where it happened): a dateTime's date part, never shifted to
 * another time zone.
 */
export function effectiveDate(observation: Observation): IsoDate | null {
  const candidate = observation.effectiveDateTime ?? observation.effectiveInstant ?? objectOr<{ start?: unknown }>(observation.effectivePeriod)?.start;
  if (typeof candidate !== 'string') {
    return null;
  }
  const date = candidate.slice(0, 10);
  return isIsoDate(date) ? date : null;
}

function unitOf(quantity: Quantity): string | undefined {
  // The UCUM code is the computable one; the printed unit only when no code came.
  return typeof quantity.code === 'string' && quantity.code !== '' ? quantity.code : typeof quantity.unit === 'string' ? quantity.unit : undefined;
}

function referenceLimits(observation: Observation, unit: string): { referenceLow?: number; referenceHigh?: number; problems: Problem[] } {
  const range = objectsIn<NonNullable<Observation['referenceRange']>[number]>(observation.referenceRange)[0];
  const problems: Problem[] = [];
  const limit = (quantity: Quantity | undefined, which: 'low' | 'high'): number | undefined => {
    if (objectOr(quantity) === undefined || quantity?.value === undefined) {
      return undefined;
    }
    const rangeUnit = unitOf(quantity);
    if (rangeUnit !== undefined && labUnitOfUcum(rangeUnit) !== labUnitOfUcum(unit)) {
      problems.push({
        code: 'value',
        expression: `Observation.referenceRange[0].${which}`,
        text: `The reference range is in ${rangeUnit}, the result in ${unit}: send both in the same unit.`,
      });
      return undefined;
    }
    return quantity.value;
  };
  const referenceLow = limit(objectOr<Quantity>(range?.low), 'low');
  const referenceHigh = limit(objectOr<Quantity>(range?.high), 'high');
  return { ...(referenceLow === undefined ? {} : { referenceLow }), ...(referenceHigh === undefined ? {} : { referenceHigh }), problems };
}

/** The lab result or weight an Observation states, or what keeps it from being one. */
export function readObservation(observation: Observation): ReadObservation {
  const problems: Problem[] = [];
  // The EHR's JSON: the status may be of any type until checked.
  const status: unknown = observation.status;
  if (!RELEASED.has(observation.status)) {
    problems.push({
      code: 'business-rule',
      expression: 'Observation.status',
      text: `Only released results are recorded (status final, amended or corrected), not "${String(status)}".`,
    });
  }
  const loincCodes = objectsIn<Coding>(objectOr<CodeableConcept>(observation.code)?.coding).filter(
    (coding) => coding.system === LOINC && typeof coding.code === 'string',
  );
  // Any coding may carry the LOINC code, not only the first (EHRs put their local code first).
  const measurement = loincCodes.map((coding) => measurementOfLoinc(coding.code as string)).find((found) => found !== null) ?? null;
  if (measurement === null) {
    problems.push({
      code: 'code-invalid',
      expression: 'Observation.code',
      text:
        loincCodes.length === 0
          ? `No LOINC coding (system ${LOINC}): isocourse imports labs and body weight by their LOINC code.`
          : `LOINC ${loincCodes.map((coding) => coding.code).join(', ')} is not a lab or weight isocourse keeps (it imports ${importedLoincCodes().join(', ')}).`,
    });
  }
  const date = effectiveDate(observation);
  if (date === null) {
    problems.push({
      code: 'required',
      expression: 'Observation.effective',
      text: 'The date the sample was drawn or the weight measured (effectiveDateTime) is missing or not a date.',
    });
  }
  const quantity = objectOr<Quantity>(observation.valueQuantity);
  const value = quantity?.value;
  const unit = quantity === undefined ? undefined : unitOf(quantity);
  if (quantity === undefined || typeof value !== 'number' || !Number.isFinite(value)) {
    problems.push({
      code: 'required',
      expression: 'Observation.valueQuantity',
      text:
        observation.dataAbsentReason !== undefined
          ? 'The observation has no value (dataAbsentReason): nothing to record.'
          : 'The value must be a valueQuantity with a number.',
    });
  } else if (unit === undefined) {
    problems.push({ code: 'required', expression: 'Observation.valueQuantity.code', text: 'The value has no unit (a UCUM code).' });
  }
  if (measurement === null || date === null || typeof value !== 'number' || unit === undefined || problems.length > 0) {
    return { ok: false, problems };
  }

  if (measurement.kind === 'weight') {
    const weightUnit = weightUnitOfUcum(unit);
    if (weightUnit === null) {
      return {
        ok: false,
        problems: [{ code: 'value', expression: 'Observation.valueQuantity.code', text: `A body weight is recorded in kg or [lb_av] (UCUM), not "${unit}".` }],
      };
    }
    if (value <= 0) {
      return { ok: false, problems: [{ code: 'value', expression: 'Observation.valueQuantity.value', text: `A body weight must be above 0 (${value}).` }] };
    }
    return { ok: true, fact: { kind: 'weight', weight: { measuredOn: date, value: value * weightUnit.factor, unit: weightUnit.unit } } };
  }

  const labUnit = labUnitOfUcum(unit);
  if (labUnit === null) {
    return {
      ok: false,
      problems: [
        { code: 'value', expression: 'Observation.valueQuantity.code', text: `"${unit}" is not a unit isocourse knows for labs (mg/dL, mmol/L, U/L).` },
      ],
    };
  }
  const limits = referenceLimits(observation, unit);
  if (limits.problems.length > 0) {
    return { ok: false, problems: limits.problems };
  }
  const result: LabResult = {
    analyte: measurement.analyte,
    value,
    unit: labUnit,
    collectedOn: date,
    ...(limits.referenceLow === undefined ? {} : { referenceLow: limits.referenceLow }),
    ...(limits.referenceHigh === undefined ? {} : { referenceHigh: limits.referenceHigh }),
  };
  return { ok: true, fact: { kind: 'lab', result } };
}

/** The element of the Observation a lab or weight service's field came from (for the OperationOutcome). */
export function observationPath(field: string): string | undefined {
  switch (field) {
    case 'value':
      return 'Observation.valueQuantity.value';
    case 'unit':
      return 'Observation.valueQuantity.code';
    case 'analyte':
      return 'Observation.code';
    case 'collectedOn':
    case 'measuredOn':
      return 'Observation.effective';
    case 'referenceHigh':
      return 'Observation.referenceRange[0].high';
    case 'referenceLow':
      return 'Observation.referenceRange[0].low';
    default:
      return undefined;
  }
}
