// POST /fhir/r4/GuidanceResponse/$rems-etasu (US Medication REMS IG STU2): the status of each REMS
// requirement (ETASU) for a patient and isotretinoin, asked by patient + medication or by case number
// (the patient's program identifier; `case_number` as the IG spells it, `caseNumber` as the mcode
// pharmacy system and request generator send it). The answer is the program engine's verdict
// (getPatient / getPatientStatusForPharmacy), mapped by etasuGuidance.ts.
//
// Who asks decides how the patient is found, as everywhere in isocourse:
//   - a practice's EHR: matchPatient (program identifier or an identifier linked for the practice;
//     name and birth date alone → "needs review", never an answer about a record);
//   - a pharmacy's system: the program identifier with the birth date, or — without the birth
//     date — a recent prescription of that patient naming this pharmacy (services/access.ts).
import type { CodeableConcept, Medication, MedicationRequest, Parameters, ParametersParameter, Patient } from '@medplum/fhirtypes';
import type { FastifyInstance } from 'fastify';
import { isIsoDate } from '../../domain/dates.js';
import { LOOKUP_NOT_FOUND_DETAIL } from '../../services/access.js';
import { programToday, type Services } from '../../services/context.js';
import { InvalidInputError, NotFoundError, type FieldError } from '../../services/errors.js';
import { getPatient, getPatientStatusForPharmacy } from '../../services/patients/readPatients.js';
import { recentPrescriptionNamingPharmacy } from '../../services/pharmacy/namedPrescription.js';
import { demographicsOf, medicationConcept } from '../cdsHooks/evaluateHook.js';
import { isIsotretinoin } from '../medicationCodes.js';
import { identifyPatient } from '../../services/patientMatching/matchPatient.js';
import { clientActorOf, requireScope, type ClientActor } from '../smart/clientAuth.js';
import { etasuAnswer, etasuWithoutCase } from './etasuGuidance.js';
import { FHIR_JSON, fhirAnswer, outcomeResponses, sendOperationOutcome } from './operationOutcome.js';
import { PROGRAM_ID_SYSTEM } from './systems.js';

/** The scope $rems-etasu needs: it reads the REMS guidance for a patient. */
export const REMS_ETASU_SCOPE = 'system/GuidanceResponse.r';

export interface EtasuRequest {
  caseNumber: string | null;
  patient: Patient | null;
  /** The medication asked about; undefined when the request names none (allowed with a case number). */
  medication: CodeableConcept | undefined;
  medicationGiven: boolean;
}

const CASE_NUMBER_NAMES = new Set(['case_number', 'caseNumber']);

function resourceOf<T extends { resourceType: string }>(
  parameter: ParametersParameter,
  resourceType: T['resourceType'],
  problems: FieldError[],
  index: number,
): T | null {
  const resource = parameter.resource as unknown;
  if (typeof resource !== 'object' || resource === null || (resource as { resourceType?: unknown }).resourceType !== resourceType) {
    problems.push({ field: `parameter/${index}/resource`, code: 'INVALID_RESOURCE', message: `${parameter.name} must be a ${resourceType} resource.` });
    return null;
  }
  return resource as T;
}

/** What the Parameters ask; a request that cannot be answered is refused with every problem named. */
export function readEtasuRequest(body: Parameters): EtasuRequest {
  const problems: FieldError[] = [];
  const request: EtasuRequest = { caseNumber: null, patient: null, medication: undefined, medicationGiven: false };
  for (const [index, parameter] of (body.parameter ?? []).entries()) {
    if (CASE_NUMBER_NAMES.has(parameter.name)) {
      const value = parameter.valueString ?? parameter.valueIdentifier?.value;
      if (typeof value !== 'string' || value.trim() === '' || value.length > 64) {
        problems.push({
          field: `parameter/${index}/valueString`,
          code: 'INVALID_CASE_NUMBER',
          message: `${parameter.name} must be the case number (the program identifier) as valueString.`,
        });
      } else {
        request.caseNumber = value.trim();
      }
    } else if (parameter.name === 'patient') {
      request.patient = resourceOf<Patient>(parameter, 'Patient', problems, index);
    } else if (parameter.name === 'medication') {
      request.medicationGiven = true;
      request.medication = parameter.valueCodeableConcept ?? resourceOf<Medication>(parameter, 'Medication', problems, index)?.code;
    } else if (parameter.name === 'medicationRequest') {
      request.medicationGiven = true;
      const order = resourceOf<MedicationRequest>(parameter, 'MedicationRequest', problems, index);
      request.medication = order === null ? undefined : medicationConcept(order, []);
    }
  }
  if (request.caseNumber === null && request.patient === null && problems.length === 0) {
    problems.push({ field: 'parameter', code: 'REQUIRED', message: 'Send the case number (case_number or caseNumber), or the patient with the medication.' });
  }
  if (request.caseNumber === null && request.patient !== null && !request.medicationGiven) {
    problems.push({ field: 'parameter', code: 'REQUIRED', message: 'With the patient, send the medication (a Medication resource) or the medicationRequest.' });
  }
  if (problems.length > 0) {
    throw new InvalidInputError(problems);
  }
  return request;
}

const NOT_ISOTRETINOIN =
  'isocourse administers the iPLEDGE program, for isotretinoin only; the medication sent is not coded as isotretinoin (RxNorm ingredient 6064, its SCDs and SBDs, or the NDC of an isotretinoin product, in any coding).';
const NEEDS_REVIEW =
  "The patient could not be identified for certain: an enrolled patient has the same name and birth date, but no identifier confirms it. The possible match is on the care team's worklist; send the case number (program identifier) to ask about the case.";
const PHARMACY_NEEDS =
  "A pharmacy finds a patient by the case number (program identifier) with the patient's birth date, or by the case number alone when a recent prescription of that patient names this pharmacy.";

/** The case number a pharmacy sent: the case_number parameter, else the program identifier on the patient. */
function programIdOf(request: EtasuRequest): string | null {
  const sent = request.patient === null ? [] : demographicsOf(request.patient).identifiers;
  return request.caseNumber ?? sent.find((identifier) => identifier.system === PROGRAM_ID_SYSTEM)?.value ?? null;
}

async function answerForPharmacy(services: Services, actor: ClientActor, request: EtasuRequest): Promise<Parameters> {
  const programId = programIdOf(request);
  if (programId === null) {
    return etasuWithoutCase('failure', PHARMACY_NEEDS);
  }
  const birthDate = request.patient === null ? undefined : demographicsOf(request.patient).birthDate;
  if (birthDate !== undefined && !isIsoDate(birthDate)) {
    throw new InvalidInputError([{ field: 'parameter/patient/birthDate', code: 'INVALID_DATE', message: 'must be a calendar date, YYYY-MM-DD.' }]);
  }
  const today = programToday(services);
  let target: { programId: string; birthDate: string } | { namedPrescriptionId: string; asOf: string };
  if (birthDate !== undefined) {
    target = { programId, birthDate };
  } else {
    // Only prescriptions naming this pharmacy, recent enough to open the record (access.ts checks again).
    const named = await recentPrescriptionNamingPharmacy(services, programId, actor.client.organizationId, today);
    if (named === null) {
      return etasuWithoutCase('failure', `${LOOKUP_NOT_FOUND_DETAIL} ${PHARMACY_NEEDS}`);
    }
    target = { namedPrescriptionId: named, asOf: today };
  }
  try {
    const verdict = await getPatientStatusForPharmacy(services, actor, target);
    return etasuAnswer(verdict, `Patient/${verdict.id}`, verdict.programId);
  } catch (error) {
    if (error instanceof NotFoundError) {
      return etasuWithoutCase('failure', LOOKUP_NOT_FOUND_DETAIL);
    }
    throw error;
  }
}

async function answerForPractice(services: Services, actor: ClientActor, request: EtasuRequest): Promise<Parameters> {
  const who = request.patient === null ? { identifiers: [], givenNames: [] } : demographicsOf(request.patient);
  if (request.caseNumber !== null) {
    who.identifiers = [{ system: PROGRAM_ID_SYSTEM, value: request.caseNumber }, ...who.identifiers];
  }
  const match = await identifyPatient(services, actor, who);
  if (match.kind === 'needsReview') {
    return etasuWithoutCase('data-required', NEEDS_REVIEW);
  }
  if (match.kind === 'notFound') {
    return etasuWithoutCase('failure', "No enrolled patient of this practice matches the case number or the patient's identifiers (and birth date).");
  }
  const record = await getPatient(services, actor, match.patientId);
  return etasuAnswer({ ...record.status, summary: record.summary }, `Patient/${record.id}`, record.patient.programId);
}

export async function remsEtasu(services: Services, actor: ClientActor, body: Parameters): Promise<Parameters> {
  const request = readEtasuRequest(body);
  if (request.medicationGiven && !isIsotretinoin(request.medication)) {
    return etasuWithoutCase('failure', NOT_ISOTRETINOIN);
  }
  return actor.client.kind === 'pharmacy' ? answerForPharmacy(services, actor, request) : answerForPractice(services, actor, request);
}

const PARAMETERS_SCHEMA = {
  type: 'object',
  required: ['resourceType'],
  properties: {
    resourceType: { const: 'Parameters' },
    parameter: {
      type: 'array',
      maxItems: 50,
      items: { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1, maxLength: 100 } } },
    },
  },
} as const;

const FHIR_RESOURCE_SCHEMA = { type: 'object', additionalProperties: true, properties: { resourceType: { type: 'string' } } } as const;

/** Registered under /fhir/r4 by interopRoutes.ts (with that prefix, or without one: the path is the same). */
export async function remsEtasuRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const base = app.prefix.endsWith('/fhir/r4') ? '' : '/fhir/r4';
  // Registering routes awaits nothing: a callback plugin, done once they are in place.
  await app.register((scope, _options, done) => {
    if (!scope.hasContentTypeParser('application/fhir+json')) {
      scope.addContentTypeParser('application/fhir+json', { parseAs: 'string' }, scope.getDefaultJsonParser('error', 'error'));
    }
    scope.setErrorHandler((error, request, reply) => sendOperationOutcome(error, request, reply));
    scope.post<{ Body: Parameters }>(
      `${base}/GuidanceResponse/$rems-etasu`,
      {
        schema: {
          tags: ['interop'],
          summary: 'US Medication REMS $rems-etasu: the status of each iPLEDGE requirement for a patient (by patient + medication, or by case number)',
          body: PARAMETERS_SCHEMA,
          response: {
            200: fhirAnswer('A Parameters: one GuidanceResponse per requirement, with its status', FHIR_RESOURCE_SCHEMA),
            ...outcomeResponses(400, 401, 403),
          },
        },
      },
      async (request, reply) => {
        const actor = clientActorOf(request);
        requireScope(actor, REMS_ETASU_SCOPE);
        const answer = await remsEtasu(services, actor, request.body);
        return reply.type(FHIR_JSON).send(answer);
      },
    );
    done();
  });
}
