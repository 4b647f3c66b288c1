// The resource types the FHIR surface serves, with the search parameters each supports.
export const FHIR_READ_TYPES = [
  'Patient',
  'MedicationRequest',
  'MedicationDispense',
  'Observation',
  'QuestionnaireResponse',
  'Consent',
  'CarePlan',
  'AuditEvent',
] as const;

export type FhirReadType = (typeof FHIR_READ_TYPES)[number];

export function isFhirReadType(type: string): type is FhirReadType {
  return (FHIR_READ_TYPES as readonly string[]).includes(type);
}
