// The engine's reasons → the REMS reason code of a denied REMSResponse (or a closed
// REMSInitiationResponse), with a note a pharmacist understands. One table; pure.
//
// The codes are those the reference administrator and the pharmacy system exchange
// (../shared/interop-examples/ncpdp/rems-response_denied-*.xml; mcode/rems-admin src/ncpdp/script.ts):
//   EM  patient enrollment / a patient requirement outstanding
//   ES  prescriber enrollment / a prescriber requirement outstanding
//   EO  pharmacy enrollment / a pharmacy requirement outstanding
//   EC  case not found, or its information incomplete
//   EZ  patient deactivated (the course has ended)
//   ER  a REMS program error
// One code per answer, like the reference (the pharmacy system reads a single DeniedReasonCode):
// patient before prescriber before pharmacy, the order in which they are usually resolved. The note
// lists every reason in the engine's own words, so nothing is hidden behind the one code.
import type { Reason } from '../../domain/decision.js';

export type RemsReasonCode = 'EM' | 'ES' | 'EO' | 'EC' | 'EZ' | 'ER';

/** Who has to act on each engine reason (its stakeholder in the IG's terms). */
const STAKEHOLDER_CODE: Record<string, RemsReasonCode> = {
  // The patient's enrollment and her monthly requirements (tests, contraception, comprehension, consents, window).
  PATIENT_NOT_ENROLLED: 'EM',
  CONSENT_MISSING: 'EM',
  SCREENING_TEST_PENDING: 'EM',
  CONFIRMATION_TEST_PENDING: 'EM',
  MONTHLY_TEST_PENDING: 'EM',
  TEST_OUTSIDE_WINDOW: 'EM',
  WINDOW_CLOSED: 'EM',
  CONTRACEPTION_PENDING: 'EM',
  COMPREHENSION_PENDING: 'EM',
  PREGNANCY_HOLD: 'EM',
  AGE_BELOW_INDICATION: 'EM',
  // The prescriber's certification and what only the prescriber does: counseling, the prescription.
  PRESCRIBER_NOT_CERTIFIED: 'ES',
  COUNSELING_PENDING: 'ES',
  PRESCRIPTION_NOT_FOUND: 'ES',
  PRESCRIPTION_NOT_YET_VALID: 'ES',
  PRESCRIPTION_FROM_EARLIER_MONTH: 'ES',
  PRESCRIPTION_BEFORE_VISIT: 'ES',
  PRESCRIPTION_AFTER_WINDOW: 'ES',
  DAYS_SUPPLY_OVER_30: 'ES',
  REFILLS_NOT_ALLOWED: 'ES',
  STRENGTH_NOT_AVAILABLE: 'ES',
  // The pharmacy's certification, and an authorization another pharmacy holds.
  PHARMACY_NOT_CERTIFIED: 'EO',
  ACTIVE_AUTHORIZATION_EXISTS: 'EO',
  AUTHORIZATION_ALREADY_USED: 'EO',
  // The pharmacy has not recorded the program's own RMA number (PROGRAM_RMA_REQUIRED; issue 12, item 5).
  PROGRAM_RMA_NUMBER_MISSING: 'EO',
  // The course is over: the patient is no longer active in the program.
  COURSE_ENDED: 'EZ',
};

const PRIORITY: readonly RemsReasonCode[] = ['EZ', 'EM', 'ES', 'EO', 'EC', 'ER'];

/** A reason the table does not know yet is still a denial: attributed to the patient's requirements, where most reasons are. */
export function reasonCodeOf(reason: Pick<Reason, 'code'>): RemsReasonCode {
  return STAKEHOLDER_CODE[reason.code] ?? 'EM';
}

export interface RemsDenial {
  code: RemsReasonCode;
  /** Every reason, in the engine's words: what is wrong, then what fixes it. */
  note: string;
}

/** The longest note written (SCRIPT's free-text fields are bounded; the pharmacy system shows it as is). */
export const MAX_NOTE_LENGTH = 1000;

export function noteOf(reasons: readonly Pick<Reason, 'message' | 'action'>[]): string {
  const note = reasons.map((reason) => `${reason.message} ${reason.action}`.trim()).join(' | ');
  return note.length <= MAX_NOTE_LENGTH ? note : `${note.slice(0, MAX_NOTE_LENGTH - 1)}…`;
}

/** The denial for a refusal of the engine: the highest-priority stakeholder's code, and every reason in the note. */
export function denialOf(reasons: readonly Reason[]): RemsDenial {
  if (reasons.length === 0) {
    return { code: 'ER', note: 'The program refused without a reason; contact isocourse support.' };
  }
  const codes = new Set(reasons.map(reasonCodeOf));
  const code = PRIORITY.find((candidate) => codes.has(candidate)) ?? 'ER';
  return { code, note: noteOf(reasons) };
}

/** No patient matches the case number and birth date the pharmacy sent. */
export const CASE_NOT_FOUND: RemsDenial = {
  code: 'EC',
  note:
    'Case not found: no enrolled patient has this case number (program identifier) with this date of birth. ' +
    'Check the case number and the date of birth with the patient or the prescriber.',
};
