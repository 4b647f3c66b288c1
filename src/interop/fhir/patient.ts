// A patient record as a FHIR Patient: her names, birth date and program identifier (the case
// number) under isocourse's own identifier system, so a client never mistakes it for a chart number.
import type { Patient } from '@medplum/fhirtypes';
import { ORGANIZATION_ID_SYSTEM, PROGRAM_ID_SYSTEM } from './systems.js';

export interface PatientIdentity {
  id: string;
  program_id: string;
  given_name: string;
  family_name: string;
  birth_date: string;
  practice_id: string;
}

/** `linked`: the identifiers the practice's own systems use for her (patientMatching's links), shown beside the program identifier. */
export function patientResource(patient: PatientIdentity, linked: readonly { system: string; value: string }[] = []): Patient {
  return {
    resourceType: 'Patient',
    id: patient.id,
    identifier: [
      {
        use: 'official',
        type: { text: 'iPLEDGE patient identifier (case number)' },
        system: PROGRAM_ID_SYSTEM,
        value: patient.program_id,
      },
      ...linked.map((identifier) => ({ use: 'usual' as const, system: identifier.system, value: identifier.value })),
    ],
    active: true,
    name: [{ use: 'official', family: patient.family_name, given: [patient.given_name] }],
    birthDate: patient.birth_date,
    managingOrganization: { identifier: { system: ORGANIZATION_ID_SYSTEM, value: patient.practice_id } },
  };
}
