// Import from the EHR (issue 11 item 2): a transaction or batch Bundle of lab and body-weight
// Observations, accepted per entry like the CSV lab import. Each good entry is recorded through the
// same use case as the form (labResultIn / weightIn inside withPatient: the access check, the lock,
// the checks, the audit row, the worklist mark); each bad entry gets its own OperationOutcome and
// writes nothing. The same observation sent again — by its identifier, or the same code, date and
// value — names the fact already recorded (200) and adds nothing.
import type { Bundle, BundleEntry, BundleEntryResponse, Identifier, Observation, Patient } from '@medplum/fhirtypes';
import type { LabResult } from '../../domain/labs.js';
import { kilogramsFrom } from '../../domain/dosing.js';
import {
  importedObservation,
  labResultRecordedAs,
  rememberObservationIdentifiers,
  storedLabResult,
  storedWeight,
  weightRecordedAs,
} from '../../services/interop/observationImports.js';
import { labResultIn } from '../../services/clinical/recordLabResult.js';
import { weightIn, type WeightInput } from '../../services/clinical/recordWeight.js';
import type { Actor, Services } from '../../services/context.js';
import { withPatient, type PatientWork } from '../../services/patients/patientTransaction.js';
import { observationPath, readObservation, type ObservationFact } from './observationFacts.js';
import { operationOutcome, refusalOf, STATUS_LINES, type Problem } from './outcomes.js';
import { objectOr, objectsIn } from './untrusted.js';
import type { PatientDemographics, PatientMatch } from '../../services/patientMatching/matchPatient.js';
import { subjectOf } from './subjects.js';

/** The Observation id the FHIR read side gives a recorded lab result or weight. */
export function observationIdOf(kind: ObservationFact['kind'], factId: string): string {
  return `${kind}-${factId}`;
}

/** A request that is not a Bundle isocourse can read at all: 400, nothing written. */
export class UnreadableBundleError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map((problem) => problem.text).join(' '));
  }
}

/** The observation was recorded before: where it is. Rolls the entry's transaction back (nothing to write). */
class AlreadyRecorded extends Error {
  constructor(
    readonly factId: string,
    readonly how: string,
  ) {
    super('already recorded');
  }
}

/** An identifier already imported for something else: refused, nothing written. */
class IdentifierConflict extends Error {}

export type FindPatient = (services: Services, actor: Actor, who: PatientDemographics) => Promise<PatientMatch>;

function answer(status: number, problems: Problem[] = [], location?: string): BundleEntry {
  const response: BundleEntryResponse = { status: STATUS_LINES[status] ?? String(status) };
  if (location !== undefined) {
    response.location = location;
  }
  if (problems.length > 0) {
    response.outcome = operationOutcome(problems);
  }
  return { response };
}

/** Reads the parts every entry needs; a request that fails here is not a batch at all. */
function entriesOf(body: unknown): { type: 'transaction' | 'batch'; entries: BundleEntry[] } {
  const bundle = body as Partial<Bundle> | null;
  if (typeof bundle !== 'object' || bundle === null || Array.isArray(bundle) || bundle.resourceType !== 'Bundle') {
    throw new UnreadableBundleError([{ code: 'structure', text: 'The body must be a FHIR Bundle (resourceType "Bundle") of type transaction or batch.' }]);
  }
  if (bundle.type !== 'transaction' && bundle.type !== 'batch') {
    throw new UnreadableBundleError([
      { code: 'value', expression: 'Bundle.type', text: `A Bundle of type transaction or batch is imported here, not "${String(bundle.type)}".` },
    ]);
  }
  if (bundle.entry !== undefined && !Array.isArray(bundle.entry)) {
    throw new UnreadableBundleError([{ code: 'structure', expression: 'Bundle.entry', text: 'Bundle.entry must be an array.' }]);
  }
  // The client's JSON: an entry is read as one only once it is known to be an object.
  const listed: unknown[] = bundle.entry ?? [];
  if (listed.length === 0) {
    throw new UnreadableBundleError([{ code: 'required', expression: 'Bundle.entry', text: 'The Bundle has no entries: nothing to import.' }]);
  }
  const entries = listed.map((entry, index): BundleEntry => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      throw new UnreadableBundleError([{ code: 'structure', expression: `Bundle.entry[${index}]`, text: `Entry ${index} is not an object.` }]);
    }
    return entry;
  });
  return { type: bundle.type, entries };
}

function sameLab(a: LabResult, row: { analyte: string; value: number; unit: string; collected_on: string }): boolean {
  return row.analyte === a.analyte && row.value === a.value && row.unit === a.unit && row.collected_on === a.collectedOn;
}

/** The fact already recorded for this observation, by its identifiers or by its content. */
async function alreadyRecorded(work: PatientWork, actor: Actor, fact: ObservationFact, identifiers: { system: string; value: string }[]): Promise<void> {
  const { trx, patient } = work;
  const organizationId = actor.organizationId;
  if (organizationId !== null && identifiers.length > 0) {
    const known = await importedObservation(trx, organizationId, identifiers);
    if (known !== undefined) {
      const factId = known.lab_result_id ?? known.weight_measurement_id;
      const sameKind = fact.kind === 'lab' ? known.lab_result_id !== null : known.weight_measurement_id !== null;
      if (known.patient_id !== patient.id || !sameKind || factId === null) {
        throw new IdentifierConflict(
          `An observation with identifier ${known.identifier_system}|${known.identifier_value} was already imported for another record: identifiers name one observation.`,
        );
      }
      const stored = fact.kind === 'lab' ? await storedLabResult(trx, factId) : null;
      const weight = fact.kind === 'weight' ? await storedWeight(trx, factId) : null;
      const same =
        fact.kind === 'lab'
          ? stored !== null && sameLab(fact.result, stored)
          : weight !== null && weight.measured_on === fact.weight.measuredOn && weight.weight_kg === kilogramsFrom(fact.weight.value, fact.weight.unit);
      if (!same) {
        throw new IdentifierConflict(
          `An observation with identifier ${known.identifier_system}|${known.identifier_value} was already imported with another value or date. A recorded result is a fact: a correction is entered by the care team, not sent again under the same identifier.`,
        );
      }
      throw new AlreadyRecorded(factId, 'identifier');
    }
  }
  if (fact.kind === 'lab') {
    const row = await labResultRecordedAs(trx, patient.id, fact.result);
    if (row !== undefined) {
      throw new AlreadyRecorded(row, 'content');
    }
  } else {
    const row = await weightRecordedAs(trx, patient.id, fact.weight.measuredOn, kilogramsFrom(fact.weight.value, fact.weight.unit));
    if (row !== undefined) {
      throw new AlreadyRecorded(row, 'content');
    }
  }
}

async function rememberIdentifiers(
  work: PatientWork,
  actor: Actor,
  fact: ObservationFact,
  factId: string,
  identifiers: { system: string; value: string }[],
): Promise<void> {
  if (actor.organizationId === null || identifiers.length === 0) {
    return;
  }
  await rememberObservationIdentifiers(
    work.trx,
    { organizationId: actor.organizationId, patientId: work.patient.id, kind: fact.kind, factId, recordedBy: actor.userId },
    identifiers,
  );
}

function identifiersOf(observation: Observation): { system: string; value: string }[] {
  return objectsIn<Identifier>(observation.identifier).flatMap((identifier) =>
    typeof identifier.value === 'string' && identifier.value.trim() !== ''
      ? [{ system: typeof identifier.system === 'string' ? identifier.system : '', value: identifier.value }]
      : [],
  );
}

/** What the classification says about a lab result, for the EHR to show (never a refusal). */
function labNotes(classification: { band: string; reasons: { message: string; action: string; code: string }[] }): Problem[] {
  return classification.reasons.map((reason) => ({
    severity: classification.band === 'normal' ? 'information' : 'warning',
    code: 'informational',
    text: `${reason.message} ${reason.action}`,
    reasonCode: reason.code,
  }));
}

async function importEntry(
  services: Services,
  actor: Actor,
  entry: BundleEntry,
  index: number,
  inBundle: (reference: string) => Patient | undefined,
  findPatient: FindPatient,
): Promise<BundleEntry> {
  const where = `Bundle.entry[${index}]`;
  const resource = objectOr<Partial<Observation>>(entry.resource);
  if (resource === undefined || resource.resourceType !== 'Observation') {
    return answer(400, [
      {
        code: 'not-supported',
        expression: `${where}.resource`,
        text: `Entry ${index}: only Observations (labs and body weight) are imported, not ${resource?.resourceType ?? 'an entry without a resource'}.`,
      },
    ]);
  }
  const method = entry.request?.method;
  if (method !== undefined && method !== 'POST') {
    return answer(405, [
      {
        code: 'not-supported',
        expression: `${where}.request.method`,
        text: `Entry ${index}: Observations are created (POST), not ${method}: a recorded fact is never replaced or deleted.`,
      },
    ]);
  }
  const observation = resource as Observation;
  const read = readObservation(observation);
  if (!read.ok) {
    return answer(
      422,
      read.problems.map((problem) => ({ ...problem, text: `Entry ${index}: ${problem.text}` })),
    );
  }
  const subject = subjectOf(observation.subject, inBundle, 'Observation.subject');
  if (!subject.ok) {
    return answer(subject.problem.code === 'not-found' ? 404 : 422, [{ ...subject.problem, text: `Entry ${index}: ${subject.problem.text}` }]);
  }
  let patientId: string;
  if (subject.subject.kind === 'id') {
    patientId = subject.subject.patientId;
  } else {
    let match: PatientMatch;
    try {
      match = await findPatient(services, actor, subject.subject.who);
    } catch (error) {
      // What the sender says about the patient cannot even be compared (a value too long to keep).
      const refusal = refusalOf(error);
      if (refusal === null) {
        throw error;
      }
      return answer(
        refusal.status,
        refusal.problems.map((problem) => ({ ...problem, expression: 'Observation.subject', text: `Entry ${index}: ${problem.text}` })),
      );
    }
    if (match.kind === 'needsReview') {
      return answer(422, [
        {
          code: 'business-rule',
          expression: 'Observation.subject',
          reasonCode: 'PATIENT_NEEDS_REVIEW',
          text: `Entry ${index}: the patient could not be identified by an identifier; a name and birth date alone are never linked automatically. The care team was asked to review the match (review ${match.reviewId}); send the entry again once it is linked.`,
        },
      ]);
    }
    if (match.kind === 'notFound') {
      return answer(404, [
        {
          code: 'not-found',
          expression: 'Observation.subject',
          text: `Entry ${index}: no patient of yours has this identifier (${subject.subject.label}). Isocourse finds a patient by her program identifier or an identifier already linked to her.`,
        },
      ]);
    }
    patientId = match.patientId;
  }
  const fact = read.fact;
  const identifiers = identifiersOf(observation);
  try {
    const recorded = await withPatient(services, actor, patientId, 'record', fact.kind === 'lab' ? 'labResult.import' : 'weight.import', async (work) => {
      await alreadyRecorded(work, actor, fact, identifiers);
      if (fact.kind === 'lab') {
        const done = await labResultIn(work, actor, fact.result);
        await rememberIdentifiers(work, actor, fact, done.id, identifiers);
        return { id: done.id, notes: labNotes(done.classification) };
      }
      const done = await weightIn(work, actor, fact.weight satisfies WeightInput);
      await rememberIdentifiers(work, actor, fact, done.id, identifiers);
      return { id: done.id, notes: [] as Problem[] };
    });
    return answer(201, recorded.notes, `Observation/${observationIdOf(fact.kind, recorded.id)}`);
  } catch (error) {
    if (error instanceof AlreadyRecorded) {
      return answer(
        200,
        [
          {
            severity: 'information',
            code: 'duplicate',
            text: `Entry ${index}: already recorded (the same ${error.how === 'identifier' ? 'identifier' : 'code, date and value'}); nothing was added.`,
          },
        ],
        `Observation/${observationIdOf(fact.kind, error.factId)}`,
      );
    }
    if (error instanceof IdentifierConflict) {
      return answer(409, [{ code: 'conflict', expression: 'Observation.identifier', text: `Entry ${index}: ${error.message}` }]);
    }
    const refusal = refusalOf(error, observationPath);
    if (refusal === null) {
      throw error;
    }
    return answer(
      refusal.status,
      refusal.problems.map((problem) => ({ ...problem, text: `Entry ${index}: ${problem.text}` })),
    );
  }
}

/**
 * Imports every entry on its own and answers a transaction-response or batch-response Bundle with
 * one entry per request entry, in the same order. Throws UnreadableBundleError (nothing written)
 * when the body is not such a Bundle at all.
 */
export async function importObservationBundle(services: Services, actor: Actor, body: unknown, findPatient: FindPatient): Promise<Bundle> {
  const { type, entries } = entriesOf(body);
  const carried = new Map<string, Patient>();
  for (const entry of entries) {
    const resource = entry.resource as Partial<Patient> | undefined;
    if (resource?.resourceType === 'Patient') {
      if (typeof entry.fullUrl === 'string') {
        carried.set(entry.fullUrl, resource as Patient);
      }
      if (typeof resource.id === 'string') {
        carried.set(`Patient/${resource.id}`, resource as Patient);
      }
    }
  }
  const inBundle = (reference: string) => carried.get(reference);
  const answers: BundleEntry[] = [];
  for (const [index, entry] of entries.entries()) {
    const resource = entry.resource as Partial<Patient> | undefined;
    if (resource?.resourceType === 'Patient') {
      // Carried to name the subject of the Observations; isocourse's patients are enrolled, not posted.
      answers.push(
        answer(200, [
          {
            severity: 'information',
            code: 'informational',
            text: `Entry ${index}: a Patient is read to identify the subject of the Observations, not stored.`,
          },
        ]),
      );
      continue;
    }
    answers.push(await importEntry(services, actor, entry, index, inBundle, findPatient));
  }
  return { resourceType: 'Bundle', type: type === 'transaction' ? 'transaction-response' : 'batch-response', entry: answers };
}
