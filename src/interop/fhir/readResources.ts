// Reading the facts as FHIR resources: read by id, search by patient (Patient also by identifier),
// and a patient's whole compartment for the bulk export. Every read goes through withPatient, so the
// per-record access rules decide (a practice's client sees its practice's patients, nothing else),
// each read is audited, and a record the caller may not see answers exactly like one that does not
// exist. Nothing here stores anything: the resources are computed from the facts on every read.
import type { Resource } from '@medplum/fhirtypes';
import { clinicalReview, type ClinicalFacts } from '../../domain/clinicalReview.js';
import { endedCourse, episodeStart } from '../../domain/course.js';
import { compareDates } from '../../domain/dates.js';
import { normalizeProgramId } from '../../domain/pharmacyVerdict.js';
import { clinicalFactsOf } from '../../services/clinical/clinicalContext.js';
import type { Actor, Services } from '../../services/context.js';
import { InvalidInputError, NotFoundError } from '../../services/errors.js';
import {
  auditEventsAbout,
  comprehensionChecksOf,
  consentsOf,
  linkedIdentifiersOf,
  patientOfAuditEvent,
  patientOfRecord,
  patientsLinkedBy,
  patientsVisibleTo,
  patientsWithProgramId,
  prescriptionWriters,
  weightsOf,
  type PatientRecordTable,
} from '../../services/interop/fhirRecords.js';
import { withPatient, type PatientWork } from '../../services/patients/patientTransaction.js';
import { auditEventResource } from './auditEvent.js';
import { CARE_PLAN_ID_PREFIX, carePlanResource } from './carePlan.js';
import { consentResource } from './consent.js';
import { medicationDispenseResource } from './medicationDispense.js';
import { medicationRequestResource } from './medicationRequest.js';
import { labObservation, phq9Observation, pregnancyTestObservation, weightObservation } from './observation.js';
import { patientResource } from './patient.js';
import { comprehensionQuestionnaireResponse, phq9QuestionnaireResponse } from './questionnaireResponse.js';
import { FHIR_READ_TYPES, type FhirReadType } from './resourceTypes.js';
import { PROGRAM_ID_SYSTEM } from './systems.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** `prefix-<uuid>` → the uuid, when the id has that prefix. */
function prefixed(id: string, prefix: string): string | null {
  const rest = id.startsWith(`${prefix}-`) ? id.slice(prefix.length + 1) : null;
  return rest !== null && isUuid(rest) ? rest : null;
}

/** The patient a resource id belongs to, or null when no record has that id (the id's shape says which table to look in). */
async function ownerOf(services: Services, type: FhirReadType, id: string): Promise<string | null> {
  const inTable = async (table: PatientRecordTable, rowId: string | null) => (rowId === null ? null : patientOfRecord(services, table, rowId));
  switch (type) {
    case 'Patient':
      return isUuid(id) ? id : null;
    case 'CarePlan':
      return prefixed(id, CARE_PLAN_ID_PREFIX);
    case 'MedicationRequest':
      return inTable('prescriptions', isUuid(id) ? id : null);
    case 'MedicationDispense':
      return inTable('authorizations', isUuid(id) ? id : null);
    case 'Consent':
      return inTable('consents', isUuid(id) ? id : null);
    case 'Observation':
      return (
        (await inTable('pregnancy_tests', prefixed(id, 'hcg'))) ??
        (await inTable('lab_results', prefixed(id, 'lab'))) ??
        (await inTable('weight_measurements', prefixed(id, 'weight'))) ??
        inTable('phq9_responses', prefixed(id, 'phq9'))
      );
    case 'QuestionnaireResponse':
      return (await inTable('phq9_responses', prefixed(id, 'phq9'))) ?? inTable('comprehension_checks', prefixed(id, 'comprehension'));
    case 'AuditEvent': {
      if (!/^[1-9][0-9]{0,14}$/.test(id)) {
        return null;
      }
      return patientOfAuditEvent(services, Number(id));
    }
  }
}

/** Every resource of these types about the patient of `work`, computed from the facts. */
async function compartment(work: PatientWork, types: ReadonlySet<FhirReadType>): Promise<Resource[]> {
  const { trx, patient, facts, today } = work;
  const patientId = patient.id;
  const resources: Resource[] = [];
  let clinical: ClinicalFacts | null = null;
  const clinicalFacts = async (): Promise<ClinicalFacts> => (clinical ??= await clinicalFactsOf(work));

  if (types.has('Patient')) {
    // The identifiers the practice's own systems use for her, as patientMatching linked them.
    resources.push(patientResource(patient, await linkedIdentifiersOf(trx, patientId, patient.practice_id)));
  }
  if (types.has('MedicationRequest')) {
    const writers = await prescriptionWriters(trx, patientId);
    for (const prescription of [...facts.prescriptions].sort((a, b) => compareDates(a.writtenOn, b.writtenOn))) {
      const prescriberId = writers.get(prescription.id);
      resources.push(
        medicationRequestResource(prescription, {
          patientId,
          ...(prescriberId === undefined ? {} : { prescriberId }),
          allPrescriptions: facts.prescriptions,
          authorizations: facts.authorizations,
        }),
      );
    }
  }
  if (types.has('MedicationDispense')) {
    for (const authorization of [...facts.authorizations].sort((a, b) => compareDates(a.requestedOn, b.requestedOn))) {
      const prescription = facts.prescriptions.find((candidate) => candidate.id === authorization.prescriptionId);
      resources.push(medicationDispenseResource(authorization, { patientId, prescription, today }));
    }
  }
  if (types.has('Observation')) {
    const { labs, phq9 } = await clinicalFacts();
    const weights = await weightsOf(trx, patientId);
    resources.push(
      ...[...facts.pregnancyTests].sort((a, b) => compareDates(a.specimenDate, b.specimenDate)).map((test) => pregnancyTestObservation(patientId, test)),
      ...[...labs].sort((a, b) => compareDates(a.result.collectedOn, b.result.collectedOn)).map((lab) => labObservation(patientId, lab)),
      ...weights.map((row) => weightObservation(patientId, { id: row.id, measuredOn: row.measured_on, weightKg: row.weight_kg, recordedAt: row.recorded_at })),
      ...[...phq9].sort((a, b) => compareDates(a.answeredOn, b.answeredOn)).map((answers) => phq9Observation(patientId, answers)),
    );
  }
  if (types.has('QuestionnaireResponse')) {
    const { phq9 } = await clinicalFacts();
    const checks = await comprehensionChecksOf(trx, patientId);
    resources.push(
      ...[...phq9].sort((a, b) => compareDates(a.answeredOn, b.answeredOn)).map((answers) => phq9QuestionnaireResponse(patientId, answers)),
      ...checks.map((row) =>
        comprehensionQuestionnaireResponse(patientId, {
          id: row.id,
          answeredOn: row.answered_on,
          passed: row.passed,
          recordedAt: row.recorded_at.toISOString(),
        }),
      ),
    );
  }
  if (types.has('Consent')) {
    const consents = await consentsOf(trx, patientId);
    resources.push(...consents.map((row) => consentResource(patientId, { id: row.id, kind: row.kind, signedOn: row.signed_on, recordedAt: row.recorded_at })));
  }
  if (types.has('CarePlan')) {
    const episode = episodeStart(facts, today);
    if (episode !== null) {
      const review = clinicalReview(facts, await clinicalFacts(), today);
      const latest = [...facts.prescriptions].sort((a, b) => compareDates(a.writtenOn, b.writtenOn) || a.recordedAt.localeCompare(b.recordedAt)).at(-1);
      resources.push(
        carePlanResource({
          patientId,
          startedOn: episode.startedOn,
          ended: endedCourse(facts, today),
          review,
          latestPrescription: latest === undefined ? null : { product: latest.product, strengthMg: latest.strengthMg, capsulesPerDay: latest.capsulesPerDay },
        }),
      );
    }
  }
  if (types.has('AuditEvent')) {
    const rows = await auditEventsAbout(trx, patientId); // never ip: see auditEvent.ts
    resources.push(...rows.map((row) => auditEventResource({ ...row, id: String(row.id) })));
  }
  return resources;
}

/** One resource by type and id; NotFoundError when there is none the caller may see. */
export async function readFhirResource(services: Services, actor: Actor, type: FhirReadType, id: string): Promise<Resource> {
  const owner = await ownerOf(services, type, id);
  if (owner === null) {
    throw new NotFoundError(type);
  }
  const { resource } = await withPatient(services, actor, owner, 'read', 'fhir.read', async (work) => {
    const found = (await compartment(work, new Set([type]))).find((candidate) => candidate.id === id);
    if (found === undefined) {
      throw new NotFoundError(type);
    }
    return { id: `${type}/${id}`, resource: found };
  });
  return resource;
}

/** The patients a caller may list (services/interop/fhirRecords.ts): the bulk export lists them too. */
export { patientsVisibleTo };

/** The resources of these types about one patient, or null when the caller may not see her (no leak). */
export async function patientCompartment(
  services: Services,
  actor: Actor,
  patientId: string,
  types: readonly FhirReadType[],
  action = 'fhir.search',
): Promise<Resource[] | null> {
  if (!isUuid(patientId)) {
    return null;
  }
  try {
    const { resources } = await withPatient(services, actor, patientId, 'read', action, async (work) => ({
      id: patientId,
      resources: await compartment(work, new Set(types)),
    }));
    return resources;
  } catch (error) {
    if (error instanceof NotFoundError) {
      return null;
    }
    throw error;
  }
}

export interface FhirSearch {
  /** `Patient/{id}` or `{id}`. */
  patient?: string;
  /** Patient only: `system|value`, or a bare value taken as the program identifier. */
  identifier?: string;
  /** Patient only. */
  _id?: string;
}

/** The patients a Patient search by identifier names: the program identifier (its own system, or none given). */
async function patientsByIdentifier(services: Services, actor: Actor, identifier: string): Promise<string[]> {
  const bar = identifier.indexOf('|');
  const system = bar === -1 ? null : identifier.slice(0, bar);
  const value = bar === -1 ? identifier : identifier.slice(bar + 1);
  if (value.trim() === '') {
    return [];
  }
  if (system !== null && system !== '' && system !== PROGRAM_ID_SYSTEM) {
    // An identifier of the practice's own systems (a chart number), linked to a patient by
    // patientMatching: only within the caller's organization, never another's links.
    if (actor.organizationId === null) {
      return [];
    }
    return patientsLinkedBy(services, actor.organizationId, system, value);
  }
  return patientsWithProgramId(services, normalizeProgramId(value));
}

/** A search's matches: only what the caller may see, so a search about another practice's patient finds nothing. */
export async function searchFhirResources(services: Services, actor: Actor, type: FhirReadType, search: FhirSearch): Promise<Resource[]> {
  let candidates: string[];
  if (search.patient !== undefined) {
    if (type === 'Patient') {
      throw new InvalidInputError([{ field: 'patient', code: 'UNSUPPORTED_PARAMETER', message: 'Search Patient by _id or identifier.' }]);
    }
    candidates = [search.patient.replace(/^Patient\//, '')];
  } else if (type === 'Patient' && search._id !== undefined) {
    candidates = [search._id];
  } else if (type === 'Patient' && search.identifier !== undefined) {
    candidates = await patientsByIdentifier(services, actor, search.identifier);
  } else if (type === 'Patient') {
    candidates = await patientsVisibleTo(services, actor);
  } else {
    throw new InvalidInputError([{ field: 'patient', code: 'REQUIRED', message: `Search ${type} by patient (patient=Patient/{id}).` }]);
  }
  const found: Resource[] = [];
  for (const patientId of candidates) {
    found.push(...((await patientCompartment(services, actor, patientId, [type])) ?? []));
  }
  return found;
}

export { FHIR_READ_TYPES };
