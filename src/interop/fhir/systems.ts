// The code systems and identifier systems isocourse speaks at its standards-facing edges (issue 11),
// in one place so every mapping names them alike. The standard ones are the URIs the HL7
// terminology names; isocourse's own identifiers get isocourse's own URIs, so a client can tell a
// program identifier from a chart number.

/** The patient's program identifier (her iPLEDGE REMS ID): declared with the rules, which use it too. */
export { PROGRAM_ID_SYSTEM } from '../../domain/identifierSystems.js';
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

export const OBSERVATION_CATEGORY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/observation-category';
export const AUDIT_EVENT_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/audit-event-type';
export const RESTFUL_INTERACTION_SYSTEM = 'http://hl7.org/fhir/restful-interaction';
export const CONSENT_SCOPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/consentscope';
export const CONSENT_CATEGORY_SYSTEM = LOINC;
export const V3_ACT_CODE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
export const V3_OBSERVATION_INTERPRETATION_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';
export const DICOM_DCM_SYSTEM = 'http://dicom.nema.org/resources/ontology/DCM';

/** isocourse's own identifiers and code systems (the FHIR read surface). */
export const USER_ID_SYSTEM = 'https://isocourse.dev/fhir/sid/user-id';
export const ORGANIZATION_ID_SYSTEM = 'https://isocourse.dev/fhir/sid/organization-id';
/** The RMA number the REMS system of record returned, when the pharmacy recorded it (D-4). */
export const REMS_SYSTEM_RMA_SYSTEM = 'https://isocourse.dev/fhir/sid/rems-system-rma';
export const PREGNANCY_TEST_KIND_SYSTEM = 'https://isocourse.dev/fhir/CodeSystem/pregnancy-test-kind';
export const CONSENT_KIND_SYSTEM = 'https://isocourse.dev/fhir/CodeSystem/consent-kind';
export const AUDIT_ACTION_SYSTEM = 'https://isocourse.dev/fhir/CodeSystem/audit-action';
export const COMPREHENSION_QUESTIONNAIRE = 'https://isocourse.dev/fhir/Questionnaire/ipledge-comprehension';
/** LOINC publishes the PHQ-9 as a form under its panel code. */
export const PHQ9_QUESTIONNAIRE = 'http://loinc.org/q/44249-1';
