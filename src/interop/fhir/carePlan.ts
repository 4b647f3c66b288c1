// The course of isotretinoin as a FHIR CarePlan: from the start of the current episode (enrollment
// or a restart) to its last dose, with its goal — the cumulative dose target in mg/kg and the date
// it is projected to be reached — and the progress toward it, as the clinical review computes them.
import type { CarePlan, Goal } from '@medplum/fhirtypes';
import type { ClinicalReview } from '../../domain/clinicalReview.js';
import type { CourseEnd } from '../../domain/facts.js';
import { ISOTRETINOIN_INGREDIENT_RXCUI, medicationConcept, patientReference } from './references.js';
import { RXNORM, UCUM } from './systems.js';

export const CARE_PLAN_ID_PREFIX = 'course';

export interface CourseView {
  patientId: string;
  startedOn: string | null;
  ended: CourseEnd | null;
  review: ClinicalReview;
  /** The prescription in force (its product and strength), if any. */
  latestPrescription: { product: Parameters<typeof medicationConcept>[0]; strengthMg: number; capsulesPerDay: number } | null;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

export function carePlanResource(course: CourseView): CarePlan {
  const cumulative = course.review.cumulative;
  const goal: Goal = {
    resourceType: 'Goal',
    id: 'cumulative-dose',
    lifecycleStatus: course.ended !== null ? 'completed' : 'active',
    ...(cumulative === null || cumulative.targetReachedOn === null
      ? {}
      : { achievementStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/goal-achievement', code: 'achieved' }] } }),
    description: {
      text:
        cumulative === null
          ? 'Reach the cumulative isotretinoin dose target (mg/kg) the prescriber set for the course.'
          : `Reach a cumulative dose of ${cumulative.targetMgPerKg} mg/kg${cumulative.conventionalEquivalent === null ? '' : ' (conventional-equivalent)'}.`,
    },
    subject: patientReference(course.patientId),
    ...(cumulative === null
      ? {}
      : {
          target: [
            {
              measure: { text: 'Cumulative isotretinoin dose per kg of body weight' },
              detailQuantity: { value: cumulative.targetMgPerKg, unit: 'mg/kg', system: UCUM, code: 'mg/kg' },
              ...(cumulative.projectedTargetDate === null ? {} : { dueDate: cumulative.projectedTargetDate }),
            },
          ],
        }),
  };
  const progress =
    cumulative === null
      ? null
      : (() => {
          const figures = cumulative.conventionalEquivalent ?? cumulative.asDispensed;
          return (
            `As of ${course.review.asOf}: ${round(figures.cumulativeMgPerKg)} mg/kg of ${cumulative.targetMgPerKg} mg/kg ` +
            `(${round(figures.cumulativeMg)} mg at ${cumulative.weightKg} kg, ${cumulative.daysOfTherapy} days of therapy)` +
            (cumulative.targetReachedOn !== null
              ? `; target reached on ${cumulative.targetReachedOn}.`
              : cumulative.projectedTargetDate !== null
                ? `; projected to reach the target on ${cumulative.projectedTargetDate}.`
                : '.')
          );
        })();
  const medication =
    course.latestPrescription === null
      ? { coding: [{ system: RXNORM, code: ISOTRETINOIN_INGREDIENT_RXCUI, display: 'isotretinoin' }], text: 'isotretinoin' }
      : medicationConcept(course.latestPrescription.product, course.latestPrescription.strengthMg);
  return {
    resourceType: 'CarePlan',
    id: `${CARE_PLAN_ID_PREFIX}-${course.patientId}`,
    status: course.ended !== null ? 'completed' : 'active',
    intent: 'plan',
    title: 'Isotretinoin course',
    description: 'A course of isotretinoin under the iPLEDGE REMS, toward a cumulative dose target.',
    subject: patientReference(course.patientId),
    ...(course.startedOn === null ? {} : { period: { start: course.startedOn, ...(course.ended === null ? {} : { end: course.ended.lastDoseOn }) } }),
    contained: [goal],
    goal: [{ reference: '#cumulative-dose' }],
    activity: [
      {
        detail: {
          kind: 'MedicationRequest',
          status: course.ended !== null ? 'completed' : course.review.firstDoseOn === null ? 'not-started' : 'in-progress',
          productCodeableConcept: medication,
          ...(cumulative === null || cumulative.currentDailyMg === null
            ? {}
            : { dailyAmount: { value: cumulative.currentDailyMg, unit: 'mg', system: UCUM, code: 'mg' } }),
          ...(course.review.firstDoseOn === null ? {} : { scheduledPeriod: { start: course.review.firstDoseOn } }),
        },
      },
    ],
    ...(progress === null ? {} : { note: [{ text: progress }] }),
  };
}
