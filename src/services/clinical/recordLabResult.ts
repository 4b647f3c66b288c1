// A lab result entered by hand (§4.1–4.2): stored with its units, classified into a band with the
// reasons and the recommended action; an act or stop band raises an alert.
import { classifyLabResult, labResultProblems, type LabResult } from '../../domain/labs.js';
import type { Actor, Services } from '../context.js';
import type { Executor } from '../../db/executor.js';
import { throwIfProblems, datesNotInFuture } from '../validation.js';
import { withPatient, type PatientWork } from '../patients/patientTransaction.js';
import { reviewOf } from './clinicalContext.js';

export async function insertLabResult(db: Executor, patientId: string, result: LabResult, recordedBy: string, importId: string | null): Promise<string> {
  const row = await db
    .insertInto('lab_results')
    .values({
      patient_id: patientId,
      analyte: result.analyte,
      value: result.value,
      unit: result.unit,
      reference_low: result.referenceLow ?? null,
      reference_high: result.referenceHigh ?? null,
      collected_on: result.collectedOn,
      fasting: result.fasting ?? null,
      hours_since_alcohol: result.hoursSinceAlcohol ?? null,
      muscle_symptoms: result.muscleSymptoms ?? null,
      liver_symptoms: result.jaundiceOrHepatitisSymptoms ?? null,
      import_id: importId,
      recorded_by: recordedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function recordLabResult(services: Services, actor: Actor, patientId: string, result: LabResult) {
  return withPatient(services, actor, patientId, 'record', 'labResult.record', (work) => labResultIn(work, actor, result));
}

/** Checks, stores and classifies a result inside a patient transaction (the form's, or an EHR import's entry). */
export async function labResultIn(work: PatientWork, actor: Actor, result: LabResult) {
  throwIfProblems([...datesNotInFuture(work.today, { collectedOn: result.collectedOn }), ...labResultProblems(result)]);
  const id = await insertLabResult(work.trx, work.patient.id, result, actor.userId, null);
  const review = await reviewOf(work);
  const classified = review.labs.find((lab) => lab.id === id);
  return {
    id,
    result,
    classification: classified?.classification ?? classifyLabResult(result, { beforeFirstDose: review.firstDoseOn === null }),
    alerts: review.openAlerts.filter((item) => item.key.startsWith(`lab:${id}:`)),
    nextLab: review.nextLab,
  };
}
