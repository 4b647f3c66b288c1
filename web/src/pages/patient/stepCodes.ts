// Which of the program's reasons the patient is told about, who does each, and which are the care
// team's only: the codes only, no words (those are in wording.ts and i18n/messages). Apart and with
// no imports so test/web/programWording.test.ts can check them against src/domain/programs.

export type Who = 'you' | 'careTeam' | 'pharmacy';

/** Each reason the patient is told about: who does it, and whether it is urgent or done on a page here (its words: i18n/messages, step.CODE.title/todo/link). */
export const STEP_META: Record<string, { who: Who; urgent?: true; link?: string }> = {
  PATIENT_NOT_ENROLLED: { who: 'careTeam' },
  PRESCRIBER_NOT_CERTIFIED: { who: 'careTeam' },
  PREGNANCY_HOLD: { who: 'you', urgent: true },
  TEST_POSITIVE: { who: 'you', urgent: true },
  COURSE_ENDED: { who: 'careTeam' },
  AGE_BELOW_INDICATION: { who: 'careTeam' },
  CONSENT_MISSING: { who: 'you' },
  SCREENING_TEST_PENDING: { who: 'you' },
  CONTRACEPTION_PENDING: { who: 'you' },
  CONTRACEPTION_TOO_RECENT: { who: 'you' },
  CONFIRMATION_TEST_PENDING: { who: 'you' },
  CONFIRMATION_TOO_EARLY: { who: 'you' },
  MONTHLY_TEST_PENDING: { who: 'you' },
  TEST_OUTSIDE_WINDOW: { who: 'you' },
  WINDOW_CLOSED: { who: 'you' },
  FIRST_WINDOW_LOCKOUT: { who: 'you' },
  PRETREATMENT_TEST_MUST_BE_MEDICAL_SETTING: { who: 'you' },
  CLIA_REQUIRED: { who: 'you' },
  HOME_TEST_NOT_PERMITTED: { who: 'you' },
  HOME_TEST_EVIDENCE_MISSING: { who: 'you' },
  HOME_TEST_NOT_ATTESTED: { who: 'careTeam' },
  TEST_SENSITIVITY_TOO_LOW: { who: 'you' },
  TEST_RESULT_INVALID: { who: 'you' },
  NOT_A_QUALIFYING_TEST: { who: 'you' },
  COUNSELING_PENDING: { who: 'careTeam' },
  COMPREHENSION_PENDING: { who: 'you', link: '/questions' },
  PRESCRIPTION_PENDING: { who: 'careTeam' },
  ACTIVE_AUTHORIZATION_EXISTS: { who: 'pharmacy' },
  HORMONAL_METHOD_MAY_FAIL: { who: 'you' },
  // The programs outside the US (EU, UK, Canada, Australia: src/domain/programs): her own steps…
  ACKNOWLEDGEMENT_FORM_REQUIRED: { who: 'you' },
  ACKNOWLEDGEMENT_FORM_OUTDATED: { who: 'you' },
  ACKNOWLEDGEMENT_SIGNATURE_MISSING: { who: 'you' },
  CONTRACEPTION_REQUIRED: { who: 'you' },
  CONTRACEPTION_LEAD_TOO_SHORT: { who: 'you' },
  PREGNANCY_TEST_REQUIRED: { who: 'you' },
  TEST_TOO_OLD_FOR_PRESCRIPTION: { who: 'you' },
  SECOND_PRESTART_TEST_REQUIRED: { who: 'you' },
  PRESTART_TEST_TOO_OLD: { who: 'you' },
  PRESTART_TEST_TOO_SOON_AFTER_CONTRACEPTION: { who: 'you' },
  MONTHLY_TEST_RECOMMENDED: { who: 'you' },
  PREGNANCY_TEST_POSITIVE: { who: 'you', urgent: true },
  LICENSED_LAB_REQUIRED: { who: 'you' },
  HOME_TEST_NOT_ALLOWED: { who: 'you' },
  REMOTE_TEST_NOT_ALLOWED: { who: 'you' },
  TEST_NOT_SENSITIVE_ENOUGH: { who: 'you' },
  END_TEST_OVERDUE: { who: 'you' },
  END_TEST_TOO_EARLY: { who: 'you' },
  DISPENSE_WINDOW_CLOSED: { who: 'you' },
  EXEMPTION_NOT_IN_PROGRAM: { who: 'you' },
  EXEMPTION_PATIENT_AGREEMENT_REQUIRED: { who: 'you' },
  EXEMPTION_TESTS_CONTINUE: { who: 'you' },
  FIRST_APPOINTMENT_MUST_BE_IN_PERSON: { who: 'you' },
  REMOTE_FOLLOW_UP_NOT_ALLOWED: { who: 'you' },
  REMOTE_FOLLOW_UP_NEEDS_AGREEMENT: { who: 'you' },
  // …what her care team or pharmacy does (said to her so she knows why her capsules wait).
  MENTAL_HEALTH_ASSESSMENT_REQUIRED: { who: 'careTeam' },
  MENTAL_HEALTH_ASSESSMENT_RECOMMENDED: { who: 'careTeam' },
  SEXUAL_FUNCTION_ASSESSMENT_REQUIRED: { who: 'careTeam' },
  CERTIFICATION_REQUIRED: { who: 'careTeam' },
  PATIENT_TOO_YOUNG: { who: 'careTeam' },
  PRESCRIBER_NOT_QUALIFIED: { who: 'careTeam' },
  PRESCRIBER_NOT_AUTHORISED: { who: 'careTeam' },
  SECOND_PRESCRIBER_REQUIRED: { who: 'careTeam' },
  DAYS_SUPPLY_OVER_LIMIT: { who: 'careTeam' },
  FORM_VERSION_UNKNOWN: { who: 'careTeam' },
  EXEMPTION_JUSTIFICATION_REQUIRED: { who: 'careTeam' },
  REMOTE_TEST_EVIDENCE_REQUIRED: { who: 'careTeam' },
  PRESCRIPTION_ALREADY_DISPENSED: { who: 'careTeam' },
  PRESCRIPTION_NOT_JUDGED_BY_PROGRAM: { who: 'careTeam' },
  PROGRAM_NOT_CONFIGURED: { who: 'careTeam' },
  PROGRAM_NOT_IN_FORCE: { who: 'careTeam' },
  PRESCRIPTION_EXPIRED: { who: 'pharmacy' },
  PRESCRIPTION_NOT_YET_VALID: { who: 'pharmacy' },
  PATIENT_INFORMATION_REQUIRED: { who: 'pharmacy' },
  // Also the answer to her own order of a prescription that is not hers (src/domain/orders.ts).
  PRESCRIPTION_NOT_FOUND: { who: 'you' },
};

/**
 * Reasons meant for the care team only (how a test was accepted, and similar): never shown to her.
 * Outside the US: the exemption she already agreed to (a note for the prescriber's review), and the
 * system's own routing of a US practice to the US engine.
 */
const STAFF_ONLY = new Set(['FDA_ENFORCEMENT_DISCRETION', 'EARLY_DISPENSE', 'PPP_EXEMPTION_ACTIVE', 'PROGRAM_USES_REMS_ENGINE']);

/** Whether a reason is the care team's only and hidden from the patient. */
export function isStaffOnly(code: string): boolean {
  return STAFF_ONLY.has(code);
}

export function hasPatientWording(code: string): boolean {
  return code in STEP_META;
}

/**
 * The blockers that say this fill's pregnancy test is not done yet (so the to-do page does not
 * list the test as done): the US codes, and the programs' outside the US (src/domain/programs:
 * pregnancyTestRules.ts; test/web/programWording.test.ts checks each of their test codes is here
 * or deliberately left out).
 */
export const TEST_STEP_CODES: ReadonlySet<string> = new Set([
  'SCREENING_TEST_PENDING',
  'CONFIRMATION_TEST_PENDING',
  'MONTHLY_TEST_PENDING',
  'TEST_OUTSIDE_WINDOW',
  'WINDOW_CLOSED',
  'FIRST_WINDOW_LOCKOUT',
  'CONFIRMATION_TOO_EARLY',
  'CONTRACEPTION_TOO_RECENT',
  'PRETREATMENT_TEST_MUST_BE_MEDICAL_SETTING',
  'CLIA_REQUIRED',
  'HOME_TEST_NOT_PERMITTED',
  'HOME_TEST_EVIDENCE_MISSING',
  'HOME_TEST_NOT_ATTESTED',
  'TEST_SENSITIVITY_TOO_LOW',
  'TEST_RESULT_INVALID',
  'NOT_A_QUALIFYING_TEST',
  // Outside the US.
  'PREGNANCY_TEST_REQUIRED',
  'TEST_TOO_OLD_FOR_PRESCRIPTION',
  'SECOND_PRESTART_TEST_REQUIRED',
  'PRESTART_TEST_TOO_OLD',
  'PRESTART_TEST_TOO_SOON_AFTER_CONTRACEPTION',
  'LICENSED_LAB_REQUIRED',
  'HOME_TEST_NOT_ALLOWED',
  'REMOTE_TEST_NOT_ALLOWED',
  'REMOTE_TEST_EVIDENCE_REQUIRED',
  'TEST_NOT_SENSITIVE_ENOUGH',
]);

/** The blockers that say her contraception for this fill is not settled yet (US, then outside the US). */
export const CONTRACEPTION_STEP_CODES: ReadonlySet<string> = new Set(['CONTRACEPTION_PENDING', 'CONTRACEPTION_REQUIRED', 'CONTRACEPTION_LEAD_TOO_SHORT']);
