// The identifier systems the program itself stands behind. The standards-facing edges name every
// other system in src/interop/fhir/systems.ts, which re-exports this one.

/** The patient's program identifier (her iPLEDGE REMS ID; the IG's "case number"). */
export const PROGRAM_ID_SYSTEM = 'https://isocourse.dev/fhir/sid/program-id';
