// Which isocourse patient an EHR's resource is about (issue 11 item 7): `Patient/<id>` with the id
// the FHIR read side gives her (isocourse's own), or an identifier, or a Patient resource carried in
// the same Bundle. An id or identifier that finds no one of the caller's answers "not found" in the
// same words whether or not it exists elsewhere; a name and birth date alone never link.
import type { HumanName, Identifier, Patient, Reference } from '@medplum/fhirtypes';
import type { PatientDemographics } from '../../services/patientMatching/matchPatient.js';
import type { Problem } from './outcomes.js';
import { objectOr, objectsIn, stringOr } from './untrusted.js';
import { PROGRAM_ID_SYSTEM } from './systems.js';

/**
 * Where the reference SMART app keeps the case number it was given (README fact 2: it writes it to
 * Patient.identifier under this system). The case number is the program identifier, so an
 * identifier under this system is read as one.
 */
export const REMS_CASE_SYSTEM = 'http://hl7.org/fhir/sid/rems-case';

function programIdentifierAlias(identifier: { system?: string; value: string }): { system?: string; value: string } {
  return identifier.system === REMS_CASE_SYSTEM ? { system: PROGRAM_ID_SYSTEM, value: identifier.value } : identifier;
}

export type Subject = { kind: 'id'; patientId: string } | { kind: 'demographics'; who: PatientDemographics; label: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function demographicsOf(patient: Patient): PatientDemographics {
  const names = objectsIn<HumanName>(patient.name);
  const name = names.find((candidate) => candidate.use === 'official') ?? names[0];
  const familyName = stringOr(name?.family);
  const birthDate = stringOr(patient.birthDate);
  return {
    identifiers: objectsIn<Identifier>(patient.identifier).flatMap((identifier) =>
      typeof identifier.value === 'string'
        ? [programIdentifierAlias({ ...(typeof identifier.system === 'string' ? { system: identifier.system } : {}), value: identifier.value })]
        : [],
    ),
    givenNames: Array.isArray(name?.given) ? name.given.filter((given): given is string => typeof given === 'string') : [],
    ...(familyName === undefined ? {} : { familyName }),
    ...(birthDate === undefined ? {} : { birthDate }),
  };
}

/**
 * The patient a reference names. `inBundle` resolves a reference to a resource carried in the
 * same Bundle (a fullUrl such as urn:uuid:…, or Patient/<id> of the sender's own server).
 */
export function subjectOf(
  reference: Reference | undefined,
  inBundle: (reference: string) => Patient | undefined,
  where: string,
): { ok: true; subject: Subject } | { ok: false; problem: Problem } {
  reference = objectOr<Reference>(reference);
  if (reference === undefined || (typeof reference.reference !== 'string' && objectOr(reference.identifier) === undefined)) {
    return {
      ok: false,
      problem: {
        code: 'required',
        expression: where,
        text: `Who the patient is is missing: send ${where}.identifier with the program identifier (system ${PROGRAM_ID_SYSTEM}) or ${where}.reference Patient/<isocourse id>.`,
      },
    };
  }
  const identifier = objectOr<Identifier>(reference.identifier);
  if (identifier !== undefined) {
    const value = identifier.value;
    const system = stringOr(identifier.system);
    if (typeof value !== 'string' || value.trim() === '') {
      return { ok: false, problem: { code: 'required', expression: `${where}.identifier.value`, text: 'The patient identifier has no value.' } };
    }
    return {
      ok: true,
      subject: {
        kind: 'demographics',
        who: { identifiers: [programIdentifierAlias({ ...(system === undefined ? {} : { system }), value })], givenNames: [] },
        label: `${system ?? ''}|${value}`,
      },
    };
  }
  const text = reference.reference as string;
  const carried = inBundle(text);
  if (carried !== undefined) {
    return { ok: true, subject: { kind: 'demographics', who: demographicsOf(carried), label: text } };
  }
  const local = /^Patient\/([^/]+)$/.exec(text)?.[1];
  if (local !== undefined && UUID.test(local)) {
    return { ok: true, subject: { kind: 'id', patientId: local.toLowerCase() } };
  }
  return {
    ok: false,
    problem: {
      code: 'not-found',
      expression: `${where}.reference`,
      text: `${text} is not an isocourse patient: send ${where}.identifier with the program identifier (system ${PROGRAM_ID_SYSTEM}), or the Patient resource in the Bundle.`,
    },
  };
}
