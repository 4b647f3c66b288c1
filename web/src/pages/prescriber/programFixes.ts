// Outside the US (issue 14, item 3): what fixes each reason the practice's program gives for the
// next prescription, as the patient page's program panel offers it inline — the fact to record,
// with today's date and the fewest fields. Pure: the panel draws what this returns.
// No imports: test/web reads this file under Node, and compares its lists with the domain's
// (FORM_VERSIONS, EXEMPTION_REASON_CODES, ReproductiveFactKind) so they cannot drift.

/** The parts of a reason (web/src/api.ts Reason) this file reads. */
interface Reason {
  code: string;
  message: string;
  action: string;
}

export type ProgramFix =
  /** One click: the form the program expects, signed today by the patient and the prescriber. */
  | { kind: 'form'; formVersion: FormVersion }
  /** One click: assessed today. */
  | { kind: 'assessment'; assessment: 'mentalHealth' | 'sexualFunction' }
  /** Cannot get pregnant after all (a clinician's finding), or no expected risk (an exemption where the program has one). */
  | { kind: 'childbearing'; exemption: boolean }
  /** The prescriber's own qualification (POST /prescribers/{id}/attributes, from today); the UK asks for the lead role. */
  | { kind: 'prescriber'; leadRole: boolean }
  /** Another form of the page records it (a pregnancy test, contraception): a link to it. */
  | { kind: 'elsewhere'; target: string; label: string }
  /** Nothing the page records fixes it (a date to wait for, another prescriber, the patient's age). */
  | { kind: 'none' };

/** The forms' versions in words (every version the domain knows: the Record keeps it complete). */
export const FORM_VERSION_WORDS = {
  'EU-PPP-ACK-2018': 'the EU Pregnancy Prevention Programme acknowledgement form',
  'UK-ARF-2023': 'the UK Acknowledgement of Risk Form (2023)',
  'UK-ARF-2026': 'the UK Acknowledgement of Risk Form (2026)',
  'CA-ICA': 'the Canadian Information/Consent/Agreement form',
} as const satisfies Record<string, string>;
export type FormVersion = keyof typeof FORM_VERSION_WORDS;

/** What a clinician found (the API's reproductive-facts kinds). */
export const REPRODUCTIVE_FACT_WORDS = {
  uterusAndOvary: 'Has a uterus and at least one ovary',
  noUterusOrNoOvaries: 'No uterus, or no ovaries',
  tubalSterilisationConfirmed: 'Tubal sterilisation, confirmed by a clinician',
  menopauseConfirmed: 'Menopause, confirmed by a clinician',
} as const satisfies Record<string, string>;

/** The exemption's reason codes (the API's EXEMPTION_REASON_CODES). */
export const EXEMPTION_REASON_WORDS = {
  NOT_SEXUALLY_ACTIVE: 'Not sexually active',
  SAME_SEX_PARTNER_ONLY: 'Same-sex partner only',
  PREMENARCHE: 'Before her first period',
  OTHER: 'Another reason',
} as const satisfies Record<string, string>;

/** A prescriber's specialty (the API's PrescriberAttributes specialty). */
export const SPECIALTY_WORDS = {
  dermatology: 'Dermatology',
  generalPractice: 'General practice',
  psychiatry: 'Psychiatry',
  other: 'Another specialty',
} as const satisfies Record<string, string>;

/** The UK's lead prescriber roles (UK-PRESC-1). */
export const LEAD_ROLE_WORDS = {
  consultantDermatologist: 'Consultant dermatologist',
  band7DermatologyNurseSpecialist: 'Band 7 dermatology nurse specialist',
} as const satisfies Record<string, string>;

export type ProgramFamily = 'EU' | 'UK' | 'CA' | 'AU' | 'other';

/** The program a key belongs to: 'EU-PPP-2018+IT' → EU, 'UK-2026' → UK, 'AU+ACT' → AU. */
export function familyOf(key: string): ProgramFamily {
  const prefix = key.slice(0, 2);
  return prefix === 'EU' || prefix === 'UK' || prefix === 'CA' || prefix === 'AU' ? prefix : 'other';
}

/** The programs with a "no expected risk of pregnancy" exemption (EXEMPTION_ALLOWED: the EU's and the UK's). */
export function hasExemption(key: string): boolean {
  const family = familyOf(key);
  return family === 'EU' || family === 'UK';
}

/** The programs that judge visits in person or remote (UK-VIS-1). */
export function judgesVisits(key: string): boolean {
  return familyOf(key) === 'UK';
}

/** Italy alone records the day the prescriber certified she is not pregnant (the prescription's certifiedOn). */
export function certifiesNonPregnancy(key: string | null | undefined): boolean {
  return key === 'EU-PPP-2018+IT';
}

const DEFAULT_FORM: Record<ProgramFamily, FormVersion | null> = {
  EU: 'EU-PPP-ACK-2018',
  UK: 'UK-ARF-2026',
  CA: 'CA-ICA',
  AU: null,
  other: null,
};

/**
 * The form a reason asks for. The reason names it in its message ("The UK-ARF-2026 form must be
 * completed…"); the API gives no field for it, so the version named there is taken, among the
 * versions the domain knows, else the program's usual one.
 */
export function formVersionOf(reason: Pick<Reason, 'message' | 'action'>, key: string): FormVersion | null {
  const named = (Object.keys(FORM_VERSION_WORDS) as FormVersion[]).filter((version) => reason.message.includes(version) || reason.action.includes(version));
  return named[0] ?? DEFAULT_FORM[familyOf(key)];
}

/** What fixes a reason of the next prescription, under the program of `key`. */
export function fixFor(reason: Pick<Reason, 'code' | 'message' | 'action'>, key: string): ProgramFix {
  switch (reason.code) {
    case 'ACKNOWLEDGEMENT_FORM_REQUIRED':
    case 'ACKNOWLEDGEMENT_FORM_OUTDATED':
    case 'ACKNOWLEDGEMENT_SIGNATURE_MISSING': {
      const formVersion = formVersionOf(reason, key);
      return formVersion === null ? { kind: 'none' } : { kind: 'form', formVersion };
    }
    case 'MENTAL_HEALTH_ASSESSMENT_REQUIRED':
    case 'MENTAL_HEALTH_ASSESSMENT_RECOMMENDED':
      return { kind: 'assessment', assessment: 'mentalHealth' };
    case 'SEXUAL_FUNCTION_ASSESSMENT_REQUIRED':
      return { kind: 'assessment', assessment: 'sexualFunction' };
    case 'PRESCRIBER_NOT_QUALIFIED':
    case 'PRESCRIBER_NOT_AUTHORISED':
      return { kind: 'prescriber', leadRole: familyOf(key) === 'UK' };
    case 'CONTRACEPTION_REQUIRED':
      return { kind: 'childbearing', exemption: hasExemption(key) };
    case 'CONTRACEPTION_LEAD_TOO_SHORT':
      return { kind: 'elsewhere', target: '#action-contraception', label: 'Declare contraception' };
    case 'PREGNANCY_TEST_REQUIRED':
    case 'TEST_TOO_OLD_FOR_PRESCRIPTION':
    case 'PRESTART_TEST_TOO_OLD':
    case 'SECOND_PRESTART_TEST_REQUIRED':
    case 'PRESTART_TEST_TOO_SOON_AFTER_CONTRACEPTION':
      return { kind: 'elsewhere', target: '#action-test', label: 'Record a pregnancy test' };
    default:
      return { kind: 'none' };
  }
}
