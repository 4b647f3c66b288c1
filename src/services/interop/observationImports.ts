// What the FHIR Observation import (interop/fhir/importObservations.ts) keeps and looks up, in the
// patient's transaction it records the lab result or weight in: the identifiers an observation was
// imported under (fhir_observation_imports), so one sent again is recognised by them, and the fact
// already recorded with the same content, so one sent again without them is too.
import type { LabResult } from '../../domain/labs.js';
import type { Executor } from '../context.js';

export interface ObservationIdentifier {
  system: string;
  value: string;
}

/** The import row of any of these identifiers, for this organization; undefined when none was imported. */
export async function importedObservation(trx: Executor, organizationId: string, identifiers: readonly ObservationIdentifier[]) {
  return trx
    .selectFrom('fhir_observation_imports')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where((eb) =>
      eb.or(identifiers.map((identifier) => eb.and([eb('identifier_system', '=', identifier.system), eb('identifier_value', '=', identifier.value)]))),
    )
    .executeTakeFirst();
}

/** A recorded lab result's content (it exists: an import row names it). */
export async function storedLabResult(trx: Executor, id: string) {
  return trx.selectFrom('lab_results').select(['analyte', 'value', 'unit', 'collected_on']).where('id', '=', id).executeTakeFirstOrThrow();
}

/** A recorded weight's content (it exists: an import row names it). */
export async function storedWeight(trx: Executor, id: string) {
  return trx.selectFrom('weight_measurements').select(['measured_on', 'weight_kg']).where('id', '=', id).executeTakeFirstOrThrow();
}

/** The id of the patient's lab result with this very content, if one is recorded. */
export async function labResultRecordedAs(trx: Executor, patientId: string, result: LabResult): Promise<string | undefined> {
  const row = await trx
    .selectFrom('lab_results')
    .select('id')
    .where('patient_id', '=', patientId)
    .where('analyte', '=', result.analyte)
    .where('collected_on', '=', result.collectedOn)
    .where('value', '=', result.value)
    .where('unit', '=', result.unit)
    .executeTakeFirst();
  return row?.id;
}

/** The id of the patient's weight measured that day with this very value (kg), if one is recorded. */
export async function weightRecordedAs(trx: Executor, patientId: string, measuredOn: string, weightKg: number): Promise<string | undefined> {
  const row = await trx
    .selectFrom('weight_measurements')
    .select('id')
    .where('patient_id', '=', patientId)
    .where('measured_on', '=', measuredOn)
    .where('weight_kg', '=', weightKg)
    .executeTakeFirst();
  return row?.id;
}

export interface ImportedFact {
  organizationId: string;
  patientId: string;
  kind: 'lab' | 'weight';
  factId: string;
  recordedBy: string;
}

/** Remembers the identifiers an observation was imported under (one already remembered is kept as it was). */
export async function rememberObservationIdentifiers(trx: Executor, fact: ImportedFact, identifiers: readonly ObservationIdentifier[]): Promise<void> {
  await trx
    .insertInto('fhir_observation_imports')
    .values(
      identifiers.map((identifier) => ({
        organization_id: fact.organizationId,
        identifier_system: identifier.system,
        identifier_value: identifier.value,
        patient_id: fact.patientId,
        lab_result_id: fact.kind === 'lab' ? fact.factId : null,
        weight_measurement_id: fact.kind === 'weight' ? fact.factId : null,
        recorded_by: fact.recordedBy,
      })),
    )
    .onConflict((conflict) => conflict.doNothing())
    .execute();
}
