// Loads the clinical facts of one patient (weights, dose plan, labs, PHQ-9, symptoms,
// medications, overrides, acknowledgements) for the clinical review. Not on the authorization's
// hot path, so one query per table keeps it plain.
import type { ClinicalFacts, RiskFlag } from '../domain/clinicalReview.js';
import type { PlannedDose, WeightBasis } from '../domain/dosing.js';
import type { Product } from '../domain/facts.js';
import type { LabAnalyte, LabUnit } from '../domain/labs.js';
import type { SymptomEntry } from '../domain/symptoms.js';
import type { Executor } from '../services/context.js';

export async function loadClinicalFacts(db: Executor, patientId: string, practiceId: string): Promise<ClinicalFacts> {
  const [weights, plan, missed, flags, labs, phq9, symptoms, medications, overrides, acknowledgements, practice] = await Promise.all([
    db.selectFrom('weight_measurements').select(['measured_on', 'weight_kg']).where('patient_id', '=', patientId).execute(),
    db
      .selectFrom('dose_plans')
      .select(['product', 'steps', 'target_mg_per_kg', 'weight_basis'])
      .where('patient_id', '=', patientId)
      .orderBy('recorded_at', 'desc')
      .limit(1)
      .executeTakeFirst(),
    db
      .selectFrom('missed_doses as m')
      .leftJoin('missed_dose_reviews as r', 'r.missed_dose_id', 'm.id')
      .select(['m.id', 'm.from_date', 'm.to_date', 'm.reason', 'm.reported_by_patient', 'r.decision', 'r.note'])
      .where('m.patient_id', '=', patientId)
      .execute(),
    db.selectFrom('risk_flags').select('flag').where('patient_id', '=', patientId).execute(),
    db.selectFrom('lab_results').selectAll().where('patient_id', '=', patientId).execute(),
    db.selectFrom('phq9_responses').select(['id', 'answered_on', 'answers']).where('patient_id', '=', patientId).execute(),
    db.selectFrom('symptom_reports').select(['id', 'reported_on', 'entries']).where('patient_id', '=', patientId).execute(),
    db.selectFrom('medications').select(['id', 'free_text', 'started_on', 'stopped_on']).where('patient_id', '=', patientId).execute(),
    db.selectFrom('interaction_overrides').select(['code', 'reason']).where('patient_id', '=', patientId).execute(),
    db.selectFrom('alert_acknowledgements').select(['alert_key', 'note', 'recorded_at']).where('patient_id', '=', patientId).execute(),
    db.selectFrom('organizations').select('cumulative_target_mg_per_kg').where('id', '=', practiceId).executeTakeFirstOrThrow(),
  ]);
  return {
    weights: weights.map((row) => ({ measuredOn: row.measured_on, weightKg: row.weight_kg })),
    dosePlan:
      plan === undefined
        ? null
        : {
            product: plan.product as Product,
            steps: (plan.steps as PlannedDose[]).map((step) => ({ from: step.from, dailyMg: step.dailyMg })),
            targetMgPerKg: plan.target_mg_per_kg,
            weightBasis: plan.weight_basis as WeightBasis,
          },
    defaultTargetMgPerKg: practice.cumulative_target_mg_per_kg,
    missedDoses: missed.map((row) => ({
      id: row.id,
      from: row.from_date,
      to: row.to_date,
      reason: row.reason,
      reportedByPatient: row.reported_by_patient,
      review: row.decision === null ? null : { decision: row.decision, note: row.note },
    })),
    riskFlags: flags.map((row) => row.flag as RiskFlag),
    labs: labs.map((row) => ({
      id: row.id,
      result: {
        analyte: row.analyte as LabAnalyte,
        value: row.value,
        unit: row.unit as LabUnit,
        collectedOn: row.collected_on,
        ...(row.reference_low === null ? {} : { referenceLow: row.reference_low }),
        ...(row.reference_high === null ? {} : { referenceHigh: row.reference_high }),
        ...(row.fasting === null ? {} : { fasting: row.fasting }),
        ...(row.hours_since_alcohol === null ? {} : { hoursSinceAlcohol: row.hours_since_alcohol }),
        ...(row.muscle_symptoms === null ? {} : { muscleSymptoms: row.muscle_symptoms }),
        ...(row.liver_symptoms === null ? {} : { jaundiceOrHepatitisSymptoms: row.liver_symptoms }),
      },
    })),
    phq9: phq9.map((row) => ({ id: row.id, answeredOn: row.answered_on, answers: row.answers.map(Number) })),
    symptomReports: symptoms.map((row) => ({ id: row.id, reportedOn: row.reported_on, entries: row.entries as SymptomEntry[] })),
    medications: medications.map((row) => ({ id: row.id, freeText: row.free_text, startedOn: row.started_on, stoppedOn: row.stopped_on })),
    interactionOverrides: overrides.map((row) => ({ code: row.code, reason: row.reason })),
    acknowledgements: acknowledgements.map((row) => ({ alertKey: row.alert_key, note: row.note, recordedAt: row.recorded_at.toISOString() })),
  };
}
