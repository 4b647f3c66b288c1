// Every number, window, wait and switch the programs' documents give, as named parameters
// (domain.md §2.14, programs.md §3): what each means, the values it may take, and each rule set's
// default (the documents' values). A deployment may set any of them per organization, with the
// document it follows (issue 14, item 4); the engine reads the values in force from one place,
// `parametersInForce`, never a literal.
import { isIsoDate, isTimeZone, type IsoDate } from '../dates.js';

/** The rule sets, each a version of one program (programs.md §2; domain.md §0.3). */
export const RULE_SET_IDS = ['REMS-2021', 'REMS-2026', 'EU-PPP-2018', 'UK-2023', 'UK-2026', 'CA', 'AU'] as const;
export type ProgramRuleSetId = (typeof RULE_SET_IDS)[number];

export type ParameterValue = number | boolean | string | null;

type Kind =
  /** Calendar days: never negative, never more than a year ("a window cannot be negative, a wait cannot exceed a year"). */
  | { kind: 'days'; min?: number; nullable?: boolean }
  | { kind: 'count'; min: number; max: number }
  | { kind: 'years'; min: number; max: number; nullable?: boolean }
  | { kind: 'miuPerMl'; min: number; max: number }
  | { kind: 'boolean' }
  | { kind: 'date'; nullable?: boolean }
  | { kind: 'timeZone' }
  | { kind: 'choice'; choices: readonly string[] };

export type ParameterDefinition = Kind & { description: string };

/** The longest window or wait a setting may give: a year (issue 14, item 4). */
export const MAX_DAYS_PARAMETER = 365;

export const PROGRAM_PARAMETERS = {
  // Which version of a program is in force: the rule set's first day.
  REMS_2026_EFFECTIVE_DATE: { kind: 'date', description: 'First day of REMS-2026 (US).' },
  EU_PPP_2018_EFFECTIVE_DATE: { kind: 'date', description: "First day of the EU pregnancy prevention programme of EMA's 2018 retinoid referral." },
  UK_2023_EFFECTIVE_DATE: { kind: 'date', description: "First day of the MHRA's measures of October 2023 (UK)." },
  UK_2026_EFFECTIVE_DATE: { kind: 'date', description: "First day of the MHRA's update of January 2026 (UK)." },
  CA_EFFECTIVE_DATE: { kind: 'date', description: "First day of Canada's program as modelled (Health Canada advisory)." },
  PROGRAM_TIMEZONE: { kind: 'timeZone', description: 'The time zone in which "today" is taken for the program\'s windows.' },

  // US iPLEDGE REMS (domain.md §2.14).
  FDA_ENFORCEMENT_DISCRETION: { kind: 'boolean', description: 'Under REMS-2021, accept non-CLIA and home pregnancy tests (with a warning).' },
  PCGP_WINDOW_DAYS: { kind: 'days', min: 1, description: 'Length of the prescription window of a patient who can get pregnant; day 1 is the specimen date.' },
  SCREEN_TO_CONFIRM_MIN_DAYS: { kind: 'days', description: 'Minimum days from the screening specimen to the confirmation specimen.' },
  FIRST_WINDOW_LOCKOUT_DAYS: {
    kind: 'days',
    nullable: true,
    description: 'After a missed first window, days before a new test may open one (none: no lockout).',
  },
  PCNGP_WINDOW_LAST_DAY_OFFSET: {
    kind: 'days',
    nullable: true,
    description: 'Last day of the window of a patient who cannot get pregnant, after the counseling visit (none: no window).',
  },
  PCNGP_AUTH_MAX_DAYS: { kind: 'days', min: 1, description: 'Days an authorization without a window stays valid.' },
  MAX_REFILLS: { kind: 'count', min: 0, max: 0, description: 'Refills a prescription may carry (the programs allow none).' },
  POST_TREATMENT_DAYS: { kind: 'days', description: 'After the last dose: contraception, the final test and no blood donation.' },
  RETREAT_MIN_DAYS: { kind: 'days', description: 'Minimum days between two courses.' },

  // Shared by every program (domain.md §2.14, programs.md §3).
  MAX_DAYS_SUPPLY: { kind: 'days', min: 1, description: "Most days' supply a prescription may give." },
  MAX_DAYS_SUPPLY_APPLIES_TO: {
    kind: 'choice',
    choices: ['all', 'childbearingPotential'],
    description: 'Whom the supply cap applies to: every patient, or only those who can get pregnant.',
  },
  CONTRACEPTION_MIN_DAYS_BEFORE: { kind: 'days', description: 'Days of contraception before treatment starts (the first dispense).' },
  CONTRACEPTION_MIN_DAYS_AFTER: { kind: 'days', description: 'Days of contraception after the last dose.' },
  MIN_AGE_YEARS: { kind: 'years', min: 0, max: 18, description: 'Youngest age at which the drug may be prescribed.' },
  HCG_MIN_SENSITIVITY_MIU_ML: { kind: 'miuPerMl', min: 1, max: 100, description: 'A pregnancy test must detect hCG at this concentration (mIU/mL) or lower.' },

  // Programs outside the US (programs.md §3).
  DISPENSE_ANCHOR: {
    kind: 'choice',
    choices: ['specimen', 'prescription', 'certification', 'none'],
    description: 'What the dispensing window counts from (none: no window).',
  },
  DISPENSE_MAX_DAYS: { kind: 'days', description: 'Days after the anchor (the anchor is day 0) on which the capsules may still be dispensed.' },
  TEST_MAX_DAYS_BEFORE_RX: { kind: 'days', description: 'A pregnancy test counts for a prescription written at most this many days after its specimen.' },
  PRESTART_TEST_AFTER_CONTRACEPTION_MIN_DAYS: { kind: 'days', description: 'The pre-start test is taken at least this many days after contraception began.' },
  PRESTART_TEST_COUNT: { kind: 'count', min: 1, max: 3, description: 'Negative pregnancy tests required before treatment starts.' },
  PRESTART_SECOND_TEST_MAX_DAYS: { kind: 'days', description: 'The last pre-start test is at most this many days before the first dispense (Canada).' },
  PRESTART_TEST_MAX_DAYS_BEFORE_START: { kind: 'days', description: 'The pre-start test is at most this many days before the first dispense (Australia).' },
  MONTHLY_TEST_REQUIRED: { kind: 'boolean', description: 'A negative test before every prescription (otherwise recommended only).' },
  MONTHLY_TEST_WARN_AFTER_DAYS: { kind: 'days', description: 'Where monthly tests are only recommended: warn when the last one is older than this.' },
  TEST_SETTING_ALLOWED: {
    kind: 'choice',
    choices: ['medicallySupervised', 'licensedLab'],
    description: 'Where a pregnancy test must be done to count.',
  },
  END_TEST_OFFSET_DAYS: { kind: 'days', description: 'The final pregnancy test counts from this many days after the last dose.' },
  END_TEST_GRACE_DAYS: { kind: 'days', description: 'Days after it is due before a missing final test is flagged.' },
  EXEMPTION_ALLOWED: { kind: 'boolean', description: 'A prescriber may record that no pregnancy risk is expected (the "no expected risk" exemption).' },
  EXEMPTION_REQUIRES_PATIENT_AGREEMENT: { kind: 'boolean', description: "The exemption needs the patient's agreement as well as the prescriber's." },
  EXEMPTION_WAIVES_TESTS: { kind: 'boolean', description: 'The exemption waives the pregnancy tests too (otherwise contraception only).' },
  FOLLOW_UP_INTERVAL_DAYS: { kind: 'days', min: 1, description: 'Days between follow-up visits.' },
  SECOND_PRESCRIBER_UNDER_AGE: {
    kind: 'years',
    min: 0,
    max: 25,
    nullable: true,
    description: 'Under this age on the first prescription, a second prescriber must agree first (none: never).',
  },
  ARF_VERSION_REQUIRED: { kind: 'choice', choices: ['UK-ARF-2023', 'UK-ARF-2026'], description: 'The acknowledgement of risk form a new course needs.' },
  UK_ARF_TRANSITION_END: {
    kind: 'date',
    nullable: true,
    description: 'Until this day a course may still start on the previous form and its second prescriber (none: no transition).',
  },
  UK_CNS_LEAD_FROM: { kind: 'date', description: 'From this day a Band 7 dermatology nurse specialist may be the lead prescriber.' },
  MENTAL_HEALTH_EACH_VISIT: {
    kind: 'boolean',
    description: 'A mental-health assessment before each prescription (otherwise only before the first, where the program asks for one: UK, Australia).',
  },
  SEXUAL_FUNCTION_EACH_VISIT: {
    kind: 'boolean',
    description: 'A sexual-function assessment before each prescription (otherwise only before the first, where the program asks for one: UK).',
  },
  UK_REMOTE_ALLOWANCES_FROM: { kind: 'date', description: 'From this day follow-ups may be remote and supervised tests may be remote.' },
  FIRST_APPOINTMENT_IN_PERSON: { kind: 'boolean', description: 'The first appointment must be in person.' },
  AU_MH_ASSESSMENT_FROM: { kind: 'date', description: 'From this day a mental-health assessment is required before the first prescription (Australia).' },
} as const satisfies Record<string, ParameterDefinition>;

export type ParameterKey = keyof typeof PROGRAM_PARAMETERS;

export function isParameterKey(value: unknown): value is ParameterKey {
  return typeof value === 'string' && Object.hasOwn(PROGRAM_PARAMETERS, value);
}

/** Why `value` cannot be `key`'s value, in words; null when it can. */
export function parameterValueProblem(key: ParameterKey, value: unknown): string | null {
  const definition: ParameterDefinition = PROGRAM_PARAMETERS[key];
  if (value === null) {
    return 'nullable' in definition && definition.nullable === true ? null : 'a value is required';
  }
  switch (definition.kind) {
    case 'days': {
      const min = definition.min ?? 0;
      return Number.isInteger(value) && (value as number) >= min && (value as number) <= MAX_DAYS_PARAMETER
        ? null
        : `a whole number of days from ${min} to ${MAX_DAYS_PARAMETER}`;
    }
    case 'count':
    case 'years':
    case 'miuPerMl':
      return Number.isInteger(value) && (value as number) >= definition.min && (value as number) <= definition.max
        ? null
        : `a whole number from ${definition.min} to ${definition.max}`;
    case 'boolean':
      return typeof value === 'boolean' ? null : 'true or false';
    case 'date':
      return typeof value === 'string' && isIsoDate(value) ? null : 'a date written YYYY-MM-DD';
    case 'timeZone':
      return typeof value === 'string' && isTimeZone(value) ? null : 'an IANA time zone name, such as Europe/London';
    case 'choice':
      return typeof value === 'string' && definition.choices.includes(value) ? null : `one of ${definition.choices.join(', ')}`;
  }
}

export type ParameterValues = Partial<Record<ParameterKey, ParameterValue>>;

const US_COMMON: ParameterValues = {
  PROGRAM_TIMEZONE: 'America/New_York',
  REMS_2026_EFFECTIVE_DATE: '2026-08-08',
  PCGP_WINDOW_DAYS: 7,
  SCREEN_TO_CONFIRM_MIN_DAYS: 19,
  PCNGP_AUTH_MAX_DAYS: 30,
  MAX_DAYS_SUPPLY: 30,
  MAX_DAYS_SUPPLY_APPLIES_TO: 'all',
  MAX_REFILLS: 0,
  CONTRACEPTION_MIN_DAYS_BEFORE: 30,
  CONTRACEPTION_MIN_DAYS_AFTER: 30,
  POST_TREATMENT_DAYS: 30,
  RETREAT_MIN_DAYS: 56,
  MIN_AGE_YEARS: 12,
  HCG_MIN_SENSITIVITY_MIU_ML: 25,
  DISPENSE_ANCHOR: 'specimen',
  EXEMPTION_ALLOWED: false,
};

/** What the EU's and Canada's programs share: monthly prescriptions of 30 days for those who can get pregnant, dispensed within 7 days of writing. */
const MONTHLY_PRESCRIPTION_PROGRAM: ParameterValues = {
  CONTRACEPTION_MIN_DAYS_BEFORE: 30,
  CONTRACEPTION_MIN_DAYS_AFTER: 30,
  MONTHLY_TEST_REQUIRED: true,
  END_TEST_OFFSET_DAYS: 30,
  END_TEST_GRACE_DAYS: 14,
  MAX_DAYS_SUPPLY: 30,
  MAX_DAYS_SUPPLY_APPLIES_TO: 'childbearingPotential',
  MAX_REFILLS: 0,
  DISPENSE_ANCHOR: 'prescription',
  DISPENSE_MAX_DAYS: 7,
  HCG_MIN_SENSITIVITY_MIU_ML: 25,
  MIN_AGE_YEARS: 12,
  FOLLOW_UP_INTERVAL_DAYS: 30,
};

const EU_PPP_2018: ParameterValues = {
  ...MONTHLY_PRESCRIPTION_PROGRAM,
  EU_PPP_2018_EFFECTIVE_DATE: '2018-03-22',
  PROGRAM_TIMEZONE: 'Europe/Brussels',
  TEST_MAX_DAYS_BEFORE_RX: 3,
  PRESTART_TEST_AFTER_CONTRACEPTION_MIN_DAYS: 30,
  PRESTART_TEST_COUNT: 1,
  TEST_SETTING_ALLOWED: 'medicallySupervised',
  EXEMPTION_ALLOWED: true,
  EXEMPTION_REQUIRES_PATIENT_AGREEMENT: false,
  EXEMPTION_WAIVES_TESTS: false,
  SECOND_PRESCRIBER_UNDER_AGE: null,
  MENTAL_HEALTH_EACH_VISIT: false,
  SEXUAL_FUNCTION_EACH_VISIT: false,
  FIRST_APPOINTMENT_IN_PERSON: false,
};

const UK_2023: ParameterValues = {
  ...EU_PPP_2018,
  PROGRAM_TIMEZONE: 'Europe/London',
  UK_2023_EFFECTIVE_DATE: '2023-10-31',
  UK_2026_EFFECTIVE_DATE: '2026-01-22',
  SECOND_PRESCRIBER_UNDER_AGE: 18,
  ARF_VERSION_REQUIRED: 'UK-ARF-2023',
  UK_CNS_LEAD_FROM: '2024-02-01',
  CONTRACEPTION_MIN_DAYS_BEFORE: 28,
  // The pre-start test follows the contraception lead: four weeks here too, or a patient who
  // rightly started on day 28 (P-17) would have her first prescription refused.
  PRESTART_TEST_AFTER_CONTRACEPTION_MIN_DAYS: 28,
  MENTAL_HEALTH_EACH_VISIT: true,
  SEXUAL_FUNCTION_EACH_VISIT: true,
  EXEMPTION_REQUIRES_PATIENT_AGREEMENT: true,
  UK_REMOTE_ALLOWANCES_FROM: '2025-10-27',
  FIRST_APPOINTMENT_IN_PERSON: true,
};

/**
 * Each rule set's parameters as its documents give them (programs.md §3). A key a rule set does
 * not list does not apply to it. Member-state overlays (EU-IT, EU-FI) are applied on top by the
 * engine (programs.md §2.1.1), as an organization's own settings are.
 */
export const RULE_SET_DEFAULTS: Record<ProgramRuleSetId, ParameterValues> = {
  'REMS-2021': {
    ...US_COMMON,
    FDA_ENFORCEMENT_DISCRETION: true,
    FIRST_WINDOW_LOCKOUT_DAYS: 19,
    PCNGP_WINDOW_LAST_DAY_OFFSET: 29,
  },
  'REMS-2026': {
    ...US_COMMON,
    FIRST_WINDOW_LOCKOUT_DAYS: null,
    PCNGP_WINDOW_LAST_DAY_OFFSET: null,
  },
  'EU-PPP-2018': EU_PPP_2018,
  'UK-2023': UK_2023,
  'UK-2026': {
    ...UK_2023,
    SECOND_PRESCRIBER_UNDER_AGE: null,
    ARF_VERSION_REQUIRED: 'UK-ARF-2026',
    UK_ARF_TRANSITION_END: null,
  },
  CA: {
    CA_EFFECTIVE_DATE: '2016-09-07',
    ...MONTHLY_PRESCRIPTION_PROGRAM,
    PROGRAM_TIMEZONE: 'America/Toronto',
    PRESTART_TEST_COUNT: 2,
    PRESTART_SECOND_TEST_MAX_DAYS: 11,
    TEST_SETTING_ALLOWED: 'licensedLab',
    EXEMPTION_ALLOWED: false,
  },
  AU: {
    PROGRAM_TIMEZONE: 'Australia/Sydney',
    PRESTART_TEST_COUNT: 1,
    PRESTART_TEST_MAX_DAYS_BEFORE_START: 14,
    CONTRACEPTION_MIN_DAYS_BEFORE: 30,
    CONTRACEPTION_MIN_DAYS_AFTER: 30,
    MONTHLY_TEST_REQUIRED: false,
    MONTHLY_TEST_WARN_AFTER_DAYS: 35,
    AU_MH_ASSESSMENT_FROM: '2025-04-08',
    DISPENSE_ANCHOR: 'none',
    HCG_MIN_SENSITIVITY_MIU_ML: 25,
    MIN_AGE_YEARS: 12,
    EXEMPTION_ALLOWED: false,
    FOLLOW_UP_INTERVAL_DAYS: 30,
  },
};

/** An organization's own value for a parameter, from a day, following a document (issue 14, item 4). */
export interface ParameterSetting {
  key: ParameterKey;
  value: ParameterValue;
  /** The first day the value applies to events (a document's own effective date). */
  effectiveFrom: IsoDate;
  /** The document the value comes from, as the organization names it. */
  source: string;
}

/**
 * The parameters in force for an event judged under `ruleSet` on `eventDate`: the rule set's
 * defaults, then the organization's settings effective on or before that day (the latest per key
 * wins; `settings` in the order they were made). Only keys the rule set lists are set.
 */
export function parametersInForce(ruleSet: ProgramRuleSetId, eventDate: IsoDate, settings: readonly ParameterSetting[]): ParameterValues {
  const values: ParameterValues = { ...RULE_SET_DEFAULTS[ruleSet] };
  const effective = settings.filter((setting) => setting.effectiveFrom <= eventDate && Object.hasOwn(values, setting.key));
  for (const setting of [...effective].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))) {
    values[setting.key] = setting.value;
  }
  return values;
}
