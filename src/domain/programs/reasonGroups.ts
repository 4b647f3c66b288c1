// The programs' reason codes grouped by what fixes them, for the pages that speak of a month in
// steps (stateWords), the monthly visit's parts (monthlyVisitElsewhere) and the reminders: one list
// each, so a new code is added in one place.

/** A pregnancy test (a new one, or one done where and when the program counts it) fixes these. */
export const PROGRAM_TEST_CODES: readonly string[] = [
  'PREGNANCY_TEST_REQUIRED',
  'TEST_TOO_OLD_FOR_PRESCRIPTION',
  'SECOND_PRESTART_TEST_REQUIRED',
  'PRESTART_TEST_TOO_OLD',
  'PRESTART_TEST_TOO_SOON_AFTER_CONTRACEPTION',
];

/** A prescription the pharmacy can no longer dispense: a new test and prescription fix these. */
export const PROGRAM_LAPSED_CODES: readonly string[] = ['DISPENSE_WINDOW_CLOSED', 'PRESCRIPTION_EXPIRED'];

/** Contraception recorded, or used long enough before the first dispense. */
export const PROGRAM_CONTRACEPTION_CODES: readonly string[] = ['CONTRACEPTION_REQUIRED', 'CONTRACEPTION_LEAD_TOO_SHORT'];

/** The first prescription's forms, assessments and second prescriber. */
export const PROGRAM_FORM_CODES: readonly string[] = [
  'ACKNOWLEDGEMENT_FORM_REQUIRED',
  'ACKNOWLEDGEMENT_FORM_OUTDATED',
  'ACKNOWLEDGEMENT_SIGNATURE_MISSING',
  'MENTAL_HEALTH_ASSESSMENT_REQUIRED',
  'SEXUAL_FUNCTION_ASSESSMENT_REQUIRED',
  'SECOND_PRESCRIBER_REQUIRED',
];

/** Nothing of the month can be recorded while one of these stands. */
export const PROGRAM_STOPPING_CODES: readonly string[] = [
  'PATIENT_NOT_ENROLLED',
  'PREGNANCY_HOLD',
  'COURSE_ENDED',
  'PROGRAM_NOT_CONFIGURED',
  'PROGRAM_NOT_IN_FORCE',
];
