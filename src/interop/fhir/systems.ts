// Code systems and identifier systems the FHIR surface speaks. The standard ones are the URIs the
// HL7 terminology names; isocourse's own identifiers get isocourse's own URIs, so a client can tell a
// program identifier from a chart number.

export const LOINC_SYSTEM = 'http://loinc.org';
export const RXNORM_SYSTEM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
export const NDC_SYSTEM = 'http://hl7.org/fhir/sid/ndc';
export const UCUM_SYSTEM = 'http://unitsofmeasure.org';
export const SNOMED_SYSTEM = 'http://snomed.info/sct';

/** The patient's program identifier (what iPLEDGE calls the patient's REMS ID; the case number). */
export const PROGRAM_ID_SYSTEM = 'https://isocourse.dev/fhir/sid/program-id';
/** The pharmacy's authorization (RMA) number for a fill. */
export const REMS_AUTHORIZATION_SYSTEM = 'https://isocourse.dev/fhir/sid/rems-authorization';

export const OBSERVATION_CATEGORY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/observation-category';
export const AUDIT_EVENT_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/audit-event-type';
export const RESTFUL_INTERACTION_SYSTEM = 'http://hl7.org/fhir/restful-interaction';
export const CONSENT_SCOPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/consentscope';
export const CONSENT_CATEGORY_SYSTEM = 'http://loinc.org';
export const V3_ACT_CODE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
export const V3_OBSERVATION_INTERPRETATION_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';
export const DICOM_DCM_SYSTEM = 'http://dicom.nema.org/resources/ontology/DCM';

// Names from main's version of this file (the lead's), kept beside fhir-read's until the lead merges both.
export const AUTHORIZATION_NUMBER_SYSTEM = 'https://isocourse.dev/fhir/sid/rems-authorization';
export const ISOCOURSE_ID_SYSTEM = 'https://isocourse.dev/fhir/sid/record-id';
export const NPI_SYSTEM = 'http://hl7.org/fhir/sid/us-npi';
export const LOINC = LOINC_SYSTEM;
export const RXNORM = RXNORM_SYSTEM;
export const NDC = NDC_SYSTEM;
export const UCUM = UCUM_SYSTEM;
export const SNOMED = SNOMED_SYSTEM;
