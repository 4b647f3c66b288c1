// What the FHIR read edge (interop/fhir/readResources.ts) looks up besides a patient's facts: whose
// record a resource id names, the patients a search or an export may list, and the rows a patient's
// compartment maps that the facts do not carry (her linked identifiers, who wrote each prescription,
// weights, comprehension checks, consents, her audit trail). The compartment's rows are read in the
// transaction of the read (withPatient's), which checked access and writes the audit row.
import { careTeamPrescriberId } from '../access.js';
import type { Actor, Executor, Services } from '../context.js';

/** The tables a FHIR resource id may name a row of (the id's shape says which). */
export type PatientRecordTable =
  'prescriptions' | 'authorizations' | 'pregnancy_tests' | 'lab_results' | 'weight_measurements' | 'phq9_responses' | 'comprehension_checks' | 'consents';

/** The patient a record belongs to, or null when there is no such row. */
export async function patientOfRecord(services: Services, table: PatientRecordTable, rowId: string): Promise<string | null> {
  return (await services.db.selectFrom(table).select('patient_id').where('id', '=', rowId).executeTakeFirst())?.patient_id ?? null;
}

/** The patient an audit event is about, or null when there is no such event or it is about none. */
export async function patientOfAuditEvent(services: Services, eventId: number): Promise<string | null> {
  const row = await services.db.selectFrom('audit_events').select('patient_id').where('id', '=', eventId).executeTakeFirst();
  return row?.patient_id ?? null;
}

/** The patients a caller may list: a practice client's practice, a care team's prescriber's patients. */
export async function patientsVisibleTo(services: Services, actor: Actor): Promise<string[]> {
  const prescriberId = careTeamPrescriberId(actor);
  let query = services.db.selectFrom('patients').select('id').orderBy('created_at').orderBy('id');
  if (actor.client?.kind === 'practice' && actor.organizationId !== null) {
    query = query.where('practice_id', '=', actor.organizationId);
  } else if (prescriberId !== null) {
    query = query.where('prescriber_id', '=', prescriberId);
  } else {
    return [];
  }
  return (await query.execute()).map((row) => row.id);
}

/** The patients an organization's own identifier (a chart number) is linked to, by patientMatching. */
export async function patientsLinkedBy(services: Services, organizationId: string, system: string, value: string): Promise<string[]> {
  const links = await services.db
    .selectFrom('patient_links')
    .select('patient_id')
    .where('organization_id', '=', organizationId)
    .where('identifier_system', '=', system)
    .where('identifier_value', '=', value)
    .execute();
  return links.map((link) => link.patient_id);
}

/** The patients with this program identifier (normalized by the caller). */
export async function patientsWithProgramId(services: Services, programId: string): Promise<string[]> {
  const rows = await services.db.selectFrom('patients').select('id').where('program_id', '=', programId).execute();
  return rows.map((row) => row.id);
}

/** The identifiers the practice's own systems use for her, as patientMatching linked them, oldest first. */
export async function linkedIdentifiersOf(trx: Executor, patientId: string, practiceId: string): Promise<{ system: string; value: string }[]> {
  const links = await trx
    .selectFrom('patient_links')
    .select(['identifier_system', 'identifier_value'])
    .where('patient_id', '=', patientId)
    .where('organization_id', '=', practiceId)
    .orderBy('linked_at')
    .execute();
  return links.map((link) => ({ system: link.identifier_system, value: link.identifier_value }));
}

/** Who wrote each of her prescriptions: prescription id → prescriber's user id. */
export async function prescriptionWriters(trx: Executor, patientId: string): Promise<Map<string, string>> {
  return new Map(
    (await trx.selectFrom('prescriptions').select(['id', 'prescriber_id']).where('patient_id', '=', patientId).execute()).map((row) => [
      row.id,
      row.prescriber_id,
    ]),
  );
}

/** Her weights, in the order measured (then recorded). */
export async function weightsOf(trx: Executor, patientId: string) {
  return trx
    .selectFrom('weight_measurements')
    .select(['id', 'measured_on', 'weight_kg', 'recorded_at'])
    .where('patient_id', '=', patientId)
    .orderBy('measured_on')
    .orderBy('recorded_at')
    .execute();
}

/** Her comprehension checks, in the order answered (then recorded). */
export async function comprehensionChecksOf(trx: Executor, patientId: string) {
  return trx
    .selectFrom('comprehension_checks')
    .select(['id', 'answered_on', 'passed', 'recorded_at'])
    .where('patient_id', '=', patientId)
    .orderBy('answered_on')
    .orderBy('recorded_at')
    .execute();
}

/** Her signed consents, in the order signed (then recorded). */
export async function consentsOf(trx: Executor, patientId: string) {
  return trx
    .selectFrom('consents')
    .select(['id', 'kind', 'signed_on', 'recorded_at'])
    .where('patient_id', '=', patientId)
    .orderBy('signed_on')
    .orderBy('recorded_at')
    .execute();
}

/** The audit events about her, oldest first — never the ip (see interop/fhir/auditEvent.ts). */
export async function auditEventsAbout(trx: Executor, patientId: string) {
  return trx
    .selectFrom('audit_events')
    .select(['id', 'occurred_at', 'actor_id', 'action', 'patient_id', 'entity', 'entity_id', 'outcome'])
    .where('patient_id', '=', patientId)
    .orderBy('id')
    .execute();
}
