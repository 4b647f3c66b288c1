// The program's reasons (src/domain: fillReadiness, pregnancyTests, enrollment, programStatus) are
// written for the care team. This file says each one to the patient, in plain words: what it is,
// what to do and who does it. A code not listed here falls back to the server's own message.
import type { Reason } from '../../api';
import * as labels from '../../labels';

export type Who = 'you' | 'careTeam' | 'pharmacy';

export interface PatientStep {
  title: string;
  todo: string;
  who: Who;
  /** A page of this app where the patient does it. */
  link?: { to: string; text: string };
  /** Something to stop and act on now, not a routine step. */
  urgent?: boolean;
}

const STEPS: Record<string, PatientStep> = {
  PATIENT_NOT_ENROLLED: {
    title: 'You are not enrolled in the program yet',
    todo: 'Your prescriber enrolls you in the iPLEDGE program before anything can be prescribed.',
    who: 'careTeam',
  },
  PRESCRIBER_NOT_CERTIFIED: {
    title: "Your prescriber's program registration is not active",
    todo: 'Your clinic is sorting this out. You do not need to do anything, but your capsules cannot be filled until it is done.',
    who: 'careTeam',
  },
  PREGNANCY_HOLD: {
    title: 'Your treatment is stopped because of a possible pregnancy',
    todo: 'Do not take any more capsules. Your prescriber will contact you about what happens next; call them today if you have not heard from them.',
    who: 'you',
    urgent: true,
  },
  TEST_POSITIVE: {
    title: 'A pregnancy test was positive',
    todo: 'Do not take any more capsules and call your prescriber today.',
    who: 'you',
    urgent: true,
  },
  COURSE_ENDED: {
    title: 'Your course of isotretinoin has ended',
    todo: 'No more capsules are filled. If you need another course, your prescriber decides and restarts it.',
    who: 'careTeam',
  },
  AGE_BELOW_INDICATION: {
    title: 'Isotretinoin is only for people aged 12 or older',
    todo: 'Your prescriber will talk with you about when treatment can start.',
    who: 'careTeam',
  },
  CONSENT_MISSING: {
    title: 'A consent form still needs to be signed',
    todo: 'Sign the consent form with your clinic. If you are under 18, a parent or guardian signs too.',
    who: 'you',
  },
  SCREENING_TEST_PENDING: {
    title: 'Your first pregnancy test',
    todo: 'Have a pregnancy test at your clinic or a lab (not a home test). It shows you are not pregnant before you start.',
    who: 'you',
  },
  CONTRACEPTION_PENDING: {
    title: 'Confirm your two birth-control methods for this month',
    todo: 'Tell your prescriber which two methods you use (at least one from the main list), or that you commit to not having sex at all. This is confirmed every month.',
    who: 'you',
  },
  CONTRACEPTION_TOO_RECENT: {
    title: 'You need a full month of two birth-control methods first',
    todo: 'Keep using both methods every time. Your second pregnancy test can be done once you have used them for a month.',
    who: 'you',
  },
  CONFIRMATION_TEST_PENDING: {
    title: 'Your second pregnancy test (the confirmation test)',
    todo: 'Have it at your clinic or a lab. It has to be at least 19 days after your first test and after a month of using two birth-control methods.',
    who: 'you',
  },
  CONFIRMATION_TOO_EARLY: {
    title: 'It is too early for your second pregnancy test',
    todo: 'The confirmation test must be at least 19 days after your first test.',
    who: 'you',
  },
  MONTHLY_TEST_PENDING: {
    title: "This month's pregnancy test",
    todo: 'Have your monthly pregnancy test. The day of the test counts as day 1: you then have 7 days to pick up your capsules.',
    who: 'you',
  },
  TEST_OUTSIDE_WINDOW: {
    title: 'Your last pregnancy test is too old to use',
    todo: 'Have a new pregnancy test. Its day starts a new 7-day window to pick up your capsules.',
    who: 'you',
  },
  WINDOW_CLOSED: {
    title: 'The time to pick up your capsules has run out',
    todo: 'Talk to your prescriber. A new negative pregnancy test (or, if you cannot get pregnant, a new visit) opens a new window.',
    who: 'you',
  },
  FIRST_WINDOW_LOCKOUT: {
    title: 'You have to wait before your next pregnancy test',
    todo: 'Because the first prescription was not picked up in time, the program asks for a wait before the next test can count.',
    who: 'you',
  },
  PRETREATMENT_TEST_MUST_BE_MEDICAL_SETTING: {
    title: 'This pregnancy test has to be done at a clinic or lab',
    todo: 'Before your first capsule, home tests do not count. Have the test at your clinic or a lab.',
    who: 'you',
  },
  CLIA_REQUIRED: {
    title: 'This pregnancy test has to be done by a certified lab',
    todo: 'Have the test repeated at a certified laboratory; your clinic will tell you where.',
    who: 'you',
  },
  HOME_TEST_NOT_PERMITTED: {
    title: 'Home pregnancy tests are not set up for you',
    todo: 'Have the test at your clinic or a lab, or ask your prescriber whether home tests are possible for you.',
    who: 'you',
  },
  HOME_TEST_EVIDENCE_MISSING: {
    title: 'Your home test needs proof',
    todo: 'Send your clinic the dated photo of the test, or do the test during a video visit, as your prescriber explained.',
    who: 'you',
  },
  HOME_TEST_NOT_ATTESTED: {
    title: 'Your prescriber still has to check your home test',
    todo: 'Your prescriber reviews your home test result. You do not need to do anything.',
    who: 'careTeam',
  },
  TEST_SENSITIVITY_TOO_LOW: {
    title: 'The pregnancy test used was not sensitive enough',
    todo: 'Have the test repeated; your clinic will tell you which test to use.',
    who: 'you',
  },
  TEST_RESULT_INVALID: {
    title: 'Your pregnancy test could not be read',
    todo: 'Have the test repeated.',
    who: 'you',
  },
  NOT_A_QUALIFYING_TEST: {
    title: "This month's pregnancy test is still needed",
    todo: 'Have the pregnancy test your prescriber asked for.',
    who: 'you',
  },
  COUNSELING_PENDING: {
    title: 'Your visit with your prescriber',
    todo: 'At your visit (in person or by video) your prescriber goes over the risks and the rules with you and confirms it in the program.',
    who: 'careTeam',
  },
  COMPREHENSION_PENDING: {
    title: "Answer this month's questions",
    todo: 'Answer a few short questions about the program. It takes about five minutes.',
    who: 'you',
    link: { to: '/questions', text: 'Answer the questions' },
  },
  PRESCRIPTION_PENDING: {
    title: "This month's prescription",
    todo: 'Your prescriber writes it after your visit: at most 30 days of capsules, no refills.',
    who: 'careTeam',
  },
  ACTIVE_AUTHORIZATION_EXISTS: {
    title: 'A pharmacy already has your prescription',
    todo: 'Pick up your capsules at the pharmacy that has it, or ask them to release it.',
    who: 'pharmacy',
  },
  HORMONAL_METHOD_MAY_FAIL: {
    title: 'Something you take can make hormonal birth control fail',
    todo: "St John's wort and some other medicines can stop the pill, patch, ring, implant or injection from working. Tell your prescriber, and make sure your second method is not hormonal.",
    who: 'you',
  },
};

/** Warnings meant for the care team only (how a test was accepted, and similar). */
const STAFF_ONLY = new Set(['FDA_ENFORCEMENT_DISCRETION', 'EARLY_DISPENSE']);

export function patientStep(reason: Reason): PatientStep {
  return STEPS[reason.code] ?? { title: reason.message, todo: reason.action, who: 'careTeam' };
}

export function hasPatientWording(code: string): boolean {
  return code in STEPS;
}

export function forPatient(reasons: readonly Reason[]): Reason[] {
  return reasons.filter((reason) => !STAFF_ONLY.has(reason.code));
}

export const WHO: Record<Who, string> = {
  you: 'You',
  careTeam: 'Your care team',
  pharmacy: 'Your pharmacy',
};

/** The products' names as a patient reads them in a sentence: the generic is plain isotretinoin. */
export const PRODUCT_NAMES: Record<string, string> = { ...labels.PRODUCT_NAMES, isotretinoinGeneric: 'isotretinoin' };

export const TEST_KINDS: Record<string, string> = {
  screening: 'First pregnancy test (screening)',
  confirmation: 'Second pregnancy test (confirmation)',
  monthly: 'Monthly pregnancy test',
  endOfTreatment: 'End-of-treatment pregnancy test',
  postTreatment: 'Pregnancy test one month after the last capsule',
  unscheduled: 'Extra pregnancy test',
};

export const ANALYTES: Record<string, string> = {
  triglycerides: 'Triglycerides (blood fats)',
  totalCholesterol: 'Cholesterol',
  ldl: 'LDL cholesterol',
  hdl: 'HDL cholesterol',
  alt: 'Liver test (ALT)',
  ast: 'Liver test (AST)',
  glucose: 'Blood sugar',
  ck: 'Muscle enzyme (CK)',
};

export function analyteName(code: string): string {
  return ANALYTES[code] ?? code;
}
