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
