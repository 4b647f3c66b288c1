// Loads the clinical facts of one patient, or of a batch (weights, dose plan, labs, PHQ-9,
// symptoms, medications, overrides, acknowledgements) for the clinical review. Not on the
// authorization's hot path: one query per table, each for the whole batch (the worklist refresh
// loads hundreds of patients with these same eleven statements), grouped by patient here.
import { sql } from 'kysely';
import type { ClinicalFacts, RiskFlag } from '../domain/clinicalReview.js';
import type { PlannedDose } from '../domain/dosing.js';
import type { Product } from '../domain/facts.js';
import type { LabAnalyte, LabUnit } from '../domain/labs.js';
import type { SymptomEntry } from '../domain/symptoms.js';
import type { Executor } from './executor.js';

export async function loadClinicalFacts(db: Executor, patientId: string, practiceId: string): Promise<ClinicalFacts> {
  const loaded = (await loadClinicalFactsMany(db, [{ id: patientId, practiceId }])).get(patientId);
  if (loaded === undefined) {
    throw new Error(`no practice ${practiceId}`);
  }
  return loaded;
}

/**
 * `= $1` for one patient, `= ANY($1)` for a batch: one statement text each (prepared once) whatever
 * the batch's size. Not ANY for one: its generic plan expects several rows, so PostgreSQL would
 * plan the prepared statement again on every call (db/patientFacts.ts).
 */
function anyOf(ids: readonly string[]) {
  return ids.length === 1 ? (ids[0] as string) : sql<string>`any(${[...ids]}::uuid[])`;
}

/** Rows grouped by their patient_id, every patient of `ids` present (empty when none). */
function byPatient<T extends { patient_id: string }>(ids: readonly string[], rows: readonly T[]): Map<string, T[]> {
  const grouped = new Map<string, T[]>(ids.map((id) => [id, []]));
  for (const row of rows) {
    grouped.get(row.patient_id)?.push(row);
  }
  return grouped;
}

/** The clinical facts of each patient (with the practice whose default dose target applies), by patient id. */
export async function loadClinicalFactsMany(db: Executor, patients: ReadonlyArray<{ id: string; practiceId: string }>): Promise<Map<string, ClinicalFacts>> {
  const result = new Map<string, ClinicalFacts>();
  if (patients.length === 0) {
    return result;
  }
  const ids = [...new Set(patients.map((patient) => patient.id))];
  const practiceIds = [...new Set(patients.map((patient) => patient.practiceId))];
  const [weightRows, planRows, missedRows, flagRows, labRows, phq9Rows, symptomRows, medicationRows, overrideRows, acknowledgementRows, practices] =
    await Promise.all([
      db.selectFrom('weight_measurements').select(['patient_id', 'measured_on', 'weight_kg']).where('patient_id', '=', anyOf(ids)).execute(),
      db
        .selectFrom('dose_plans')
        .distinctOn('patient_id')
        .select(['patient_id', 'product', 'steps', 'target_mg_per_kg', 'weight_basis'])
        .where('patient_id', '=', anyOf(ids))
        .orderBy('patient_id')
        .orderBy('recorded_at', 'desc')
        .execute(),
      db
        .selectFrom('missed_doses as m')
        .leftJoin('missed_dose_reviews as r', 'r.missed_dose_id', 'm.id')
        .select(['m.patient_id', 'm.id', 'm.from_date', 'm.to_date', 'm.reason', 'm.reported_by_patient', 'r.decision', 'r.note'])
        .where('m.patient_id', '=', anyOf(ids))
        .execute(),
      db.selectFrom('risk_flags').select(['patient_id', 'flag']).where('patient_id', '=', anyOf(ids)).execute(),
      db.selectFrom('lab_results').selectAll().where('patient_id', '=', anyOf(ids)).execute(),
      db.selectFrom('phq9_responses').select(['patient_id', 'id', 'answered_on', 'answers']).where('patient_id', '=', anyOf(ids)).execute(),
      db.selectFrom('symptom_reports').select(['patient_id', 'id', 'reported_on', 'entries']).where('patient_id', '=', anyOf(ids)).execute(),
      db.selectFrom('medications').select(['patient_id', 'id', 'free_text', 'started_on', 'stopped_on']).where('patient_id', '=', anyOf(ids)).execute(),
      db.selectFrom('interaction_overrides').select(['patient_id', 'code', 'reason']).where('patient_id', '=', anyOf(ids)).execute(),
      db.selectFrom('alert_acknowledgements').select(['patient_id', 'alert_key', 'note', 'recorded_at']).where('patient_id', '=', anyOf(ids)).execute(),
      db.selectFrom('organizations').select(['id', 'cumulative_target_mg_per_kg']).where('id', '=', anyOf(practiceIds)).execute(),
    ]);
  const [weightsOf, missedOf, flagsOf, labsOf, phq9Of, symptomsOf, medicationsOf, overridesOf, acknowledgementsOf] = [
    byPatient(ids, weightRows),
    byPatient(ids, missedRows),
    byPatient(ids, flagRows),
    byPatient(ids, labRows),
    byPatient(ids, phq9Rows),
    byPatient(ids, symptomRows),
    byPatient(ids, medicationRows),
    byPatient(ids, overrideRows),
    byPatient(ids, acknowledgementRows),
  ] as const;
  const planOf = new Map(planRows.map((row) => [row.patient_id, row]));
  const targetOf = new Map(practices.map((row) => [row.id, row.cumulative_target_mg_per_kg]));
  for (const patient of patients) {
    const target = targetOf.get(patient.practiceId);
    if (target === undefined) {
      continue;
    }
    const practice = { cumulative_target_mg_per_kg: target };
    const weights = weightsOf.get(patient.id) ?? [];
    const plan = planOf.get(patient.id);
    const missed = missedOf.get(patient.id) ?? [];
    const flags = flagsOf.get(patient.id) ?? [];
    const labs = labsOf.get(patient.id) ?? [];
    const phq9 = phq9Of.get(patient.id) ?? [];
    const symptoms = symptomsOf.get(patient.id) ?? [];
    const medications = medicationsOf.get(patient.id) ?? [];
    const overrides = overridesOf.get(patient.id) ?? [];
    const acknowledgements = acknowledgementsOf.get(patient.id) ?? [];
    result.set(patient.id, {
      weights: weights.map((row) => ({ measuredOn: row.measured_on, weightKg: row.weight_kg })),
      dosePlan:
        plan === undefined
          ? null
          : {
              product: plan.product as Product,
              steps: (plan.steps as PlannedDose[]).map((step) => ({ from: step.from, dailyMg: step.dailyMg })),
              targetMgPerKg: plan.target_mg_per_kg,
              weightBasis: plan.weight_basis,
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
    });
  }
  return result;
}
