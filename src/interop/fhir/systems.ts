// The code systems and identifier systems isocourse speaks at its standards-facing edges (issue 11),
// in one place so every mapping names them alike.

/** The patient's program identifier (her iPLEDGE REMS ID; the IG's "case number"). */
export const PROGRAM_ID_SYSTEM = 'https://isocourse.dev/fhir/sid/program-id';
/** The pharmacy's authorization (RMA) number of a fill. */
export const AUTHORIZATION_NUMBER_SYSTEM = 'https://isocourse.dev/fhir/sid/rems-authorization';
/** isocourse's own record ids, where a resource needs a business identifier besides its id. */
export const ISOCOURSE_ID_SYSTEM = 'https://isocourse.dev/fhir/sid/record-id';
/** The National Provider Identifier of a prescriber or pharmacy. */
export const NPI_SYSTEM = 'http://hl7.org/fhir/sid/us-npi';

export const LOINC = 'http://loinc.org';
export const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
export const NDC = 'http://hl7.org/fhir/sid/ndc';
export const UCUM = 'http://unitsofmeasure.org';
export const SNOMED = 'http://snomed.info/sct';

// The names the FHIR read surface (branch fhir-read) uses for the same systems, and its others.
export const LOINC_SYSTEM = LOINC;
export const RXNORM_SYSTEM = RXNORM;
export const NDC_SYSTEM = NDC;
export const UCUM_SYSTEM = UCUM;
export const SNOMED_SYSTEM = SNOMED;
/** The pharmacy's authorization (RMA) number for a fill. */
export const REMS_AUTHORIZATION_SYSTEM = AUTHORIZATION_NUMBER_SYSTEM;
export const OBSERVATION_CATEGORY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/observation-category';
export const AUDIT_EVENT_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/audit-event-type';
export const RESTFUL_INTERACTION_SYSTEM = 'http://hl7.org/fhir/restful-interaction';
export const CONSENT_SCOPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/consentscope';
export const CONSENT_CATEGORY_SYSTEM = 'http://loinc.org';
export const V3_ACT_CODE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
export const V3_OBSERVATION_INTERPRETATION_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';
export const DICOM_DCM_SYSTEM = 'http://dicom.nema.org/resources/ontology/DCM';
