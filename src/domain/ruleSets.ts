// The program's rules as dated data (domain.md §0.3, §2.12, §2.14). Every window, wait and
// frequency the engine uses is read from the rule set in force on the date of the event being
// judged — never written as a literal in a rule.
import { isOnOrAfter, type IsoDate } from './dates.js';
import type { Jurisdiction } from './programs/jurisdictions.js';
import { parametersInForce, RULE_SET_DEFAULTS, type ParameterKey, type ParameterSetting, type ParameterValues } from './programs/parameters.js';

// Not modelled: the pre-December-2007 rules (R-MISS-6, a 23-day lockout after every window, and
// windows anchored to the office visit). They only matter for importing records that old; a rule
// set for them would be a third constant here with its own effective date.
export type RuleSetId = 'REMS-2021' | 'REMS-2026';

export interface RuleSet {
  id: RuleSetId;
  /** PCGP prescription window length; Day 1 is the specimen date, last day = anchor + days − 1 (R-WIN-1). */
  pcgpWindowDays: number;
  /** Minimum calendar days from screening specimen to confirmation specimen (R-PT-2). */
  screenToConfirmMinDays: number;
  /**
   * Days after the specimen that opened a missed FIRST window before a new test may open one
   * (R-MISS-2); null = no lockout (R-MISS-3).
   */
  firstWindowLockoutDays: number | null;
  /** PCNGP window from the counseling visit: last day = visit + offset (R-WIN-3); null = no window (R-WIN-4). */
  pcngpWindowLastDayOffset: number | null;
  /** PCNGP authorization without a window: auto-expires this many days after it is issued (R-WIN-4). */
  pcngpAuthorizationMaxDays: number;
  /** PCNGP counseling: every month, or only at enrollment (R-CNS-2). */
  pcngpCounseling: 'monthly' | 'enrollmentOnly';
  /** Confirmation and monthly tests must come from a CLIA-certified lab unless enforcement discretion applies (R-PT-2/3). */
  cliaRequired: boolean;
  /** Home pregnancy tests after the first dose: 'never' (tolerated only under enforcement discretion) or 'withPrescriberOptIn' (R-PT-7). */
  homeTests: 'never' | 'withPrescriberOptIn';
  maxDaysSupply: number;
  maxRefills: number;
  contraceptionMinDaysBefore: number;
  postTreatmentDays: number;
  retreatMinDays: number;
  minAgeYears: number;
  /** A test must detect hCG at this concentration or lower (sensitivity "≥ 25 mIU/mL", §2.3). */
  hcgMinSensitivityMiuPerMl: number;
  /** How early before the last dose an end-of-treatment test still counts (R-PT-4). [APP] */
  endOfTreatmentTestMaxDaysBeforeLastDose: number;
  /** No waxing, dermabrasion or laser resurfacing for this many days after the last dose (R-END-5). */
  cosmeticProcedureAvoidDays: number;
  /** Warn when a dispense comes more than this many days before the previous supply runs out (R-MON-1). [APP] */
  earlyDispenseWarningDays: number;
}

// The numbers of the two US rule sets are the documents' values in the parameters' registry
// (programs/parameters.ts RULE_SET_DEFAULTS): one source of truth, which an organization's own
// settings (ProgramConfig.settings) override from their effective day (issue 14, item 4). What the
// registry does not list is structural (who counsels when, which tests count) or the app's own
// choice [APP], and stays here.
const US_STRUCTURE = {
  endOfTreatmentTestMaxDaysBeforeLastDose: 7,
  // "6 months" in the label; 183 days covers any six calendar months.
  cosmeticProcedureAvoidDays: 183,
  earlyDispenseWarningDays: 7,
} as const;

function numberOf(values: ParameterValues, key: ParameterKey): number {
  const value = values[key];
  if (typeof value !== 'number') {
    throw new Error(`the rule set has no number for ${key}`);
  }
  return value;
}

function daysOrNone(values: ParameterValues, key: ParameterKey): number | null {
  const value = values[key];
  return value === null || value === undefined ? null : numberOf(values, key);
}

/** The rule set's numbers from the parameters in force (its defaults, or with an organization's settings). */
function withParameters(structure: Omit<RuleSet, NumberField>, values: ParameterValues): RuleSet {
  return {
    ...structure,
    pcgpWindowDays: numberOf(values, 'PCGP_WINDOW_DAYS'),
    screenToConfirmMinDays: numberOf(values, 'SCREEN_TO_CONFIRM_MIN_DAYS'),
    firstWindowLockoutDays: daysOrNone(values, 'FIRST_WINDOW_LOCKOUT_DAYS'),
    pcngpWindowLastDayOffset: daysOrNone(values, 'PCNGP_WINDOW_LAST_DAY_OFFSET'),
    pcngpAuthorizationMaxDays: numberOf(values, 'PCNGP_AUTH_MAX_DAYS'),
    maxDaysSupply: numberOf(values, 'MAX_DAYS_SUPPLY'),
    maxRefills: numberOf(values, 'MAX_REFILLS'),
    contraceptionMinDaysBefore: numberOf(values, 'CONTRACEPTION_MIN_DAYS_BEFORE'),
    // The US engine's one "after the last dose" period (contraception, the final test, no blood
    // donation: R-END-*) is POST_TREATMENT_DAYS; CONTRACEPTION_MIN_DAYS_AFTER is the other programs'.
    postTreatmentDays: numberOf(values, 'POST_TREATMENT_DAYS'),
    retreatMinDays: numberOf(values, 'RETREAT_MIN_DAYS'),
    minAgeYears: numberOf(values, 'MIN_AGE_YEARS'),
    hcgMinSensitivityMiuPerMl: numberOf(values, 'HCG_MIN_SENSITIVITY_MIU_ML'),
  };
}

type NumberField =
  | 'pcgpWindowDays'
  | 'screenToConfirmMinDays'
  | 'firstWindowLockoutDays'
  | 'pcngpWindowLastDayOffset'
  | 'pcngpAuthorizationMaxDays'
  | 'maxDaysSupply'
  | 'maxRefills'
  | 'contraceptionMinDaysBefore'
  | 'postTreatmentDays'
  | 'retreatMinDays'
  | 'minAgeYears'
  | 'hcgMinSensitivityMiuPerMl';

const REMS_2021_STRUCTURE: Omit<RuleSet, NumberField> = {
  id: 'REMS-2021',
  ...US_STRUCTURE,
  // Visit = Day 1, last day = visit + 29 (PCNGP_WINDOW_LAST_DAY_OFFSET): the earlier, safer reading
  // of "30 days"; the date the REMS system returns with the authorization overrides it when
  // earlier (D-4). [UNVERIFIED]
  pcngpCounseling: 'monthly',
  cliaRequired: true,
  homeTests: 'never',
};

const REMS_2026_STRUCTURE: Omit<RuleSet, NumberField> = {
  id: 'REMS-2026',
  ...US_STRUCTURE,
  pcngpCounseling: 'enrollmentOnly',
  cliaRequired: false,
  homeTests: 'withPrescriberOptIn',
};

export const REMS_2021: RuleSet = withParameters(REMS_2021_STRUCTURE, RULE_SET_DEFAULTS['REMS-2021']);

export const REMS_2026: RuleSet = withParameters(REMS_2026_STRUCTURE, RULE_SET_DEFAULTS['REMS-2026']);

/** Deployment settings that pick and soften rule sets (domain.md §2.14). */
export interface ProgramConfig {
  /** The date REMS-2026 takes effect; FDA's 180-day arithmetic gives 2026-08-08 — verify on ipledgeprogram.com. */
  rems2026EffectiveDate: IsoDate;
  /**
   * FDA enforcement discretion under REMS-2021: non-CLIA and home tests tolerated (with a warning).
   * It ends with REMS-2026 (which makes them part of the rules), so it only affects REMS-2021 events.
   */
  enforcementDiscretion: boolean;
  /** Time zone in which "today" is evaluated for REMS windows (D-5). */
  remsTimeZone: string;
  /**
   * A US deployment: the pharmacy also obtains the RMA number from the program's own system, and
   * no dispense is recorded until that number is (R-AUTH-1; PROGRAM_RMA_REQUIRED). Off, isocourse's
   * own authorization number is the one the rules require (a deployment without the program's
   * system, the demo, the tests that predate it).
   */
  programRmaRequired: boolean;
  /**
   * While the program's system is unavailable, a fill whose do-not-dispense-after date falls
   * within this many days (today counted) is at risk and flagged (PROGRAM_OUTAGE_HORIZON_DAYS).
   * How long an outage lasts cannot be known; a week — the length of a PCGP window, the platform's
   * December 2021 failure lasted weeks — flags every PCGP fill in an outage: the safer choice. [APP]
   */
  programOutageHorizonDays: number;
  /**
   * The organization's jurisdiction (organizations.jurisdiction): the program that judges its
   * events; null: not configured (P-27). Left out: a deployment-wide configuration (the US one).
   */
  jurisdiction?: Jurisdiction | null;
  /**
   * The organization's own parameter settings (organization_program_settings), in the order they
   * were recorded: each overrides its rule set's default for events on or after its effective day
   * (parametersInForce). Left out or empty: the documents' values.
   */
  settings?: readonly ParameterSetting[];
}

/** The jurisdiction a configuration judges under: its organization's, or the US for a deployment-wide one; null: not configured (P-27). */
export function programJurisdiction(config: Pick<ProgramConfig, 'jurisdiction'>): Jurisdiction | null {
  return config.jurisdiction === undefined ? 'US' : config.jurisdiction;
}

export const DEFAULT_PROGRAM_CONFIG: ProgramConfig = {
  rems2026EffectiveDate: '2026-08-08',
  enforcementDiscretion: true,
  remsTimeZone: 'America/New_York',
  programRmaRequired: false,
  programOutageHorizonDays: 7,
};

/**
 * The value of `key` an organization set for events on `eventDate`: the setting with the latest
 * effective day on or before it, of two on one day the one recorded last; undefined: none.
 */
export function settingOn(settings: readonly ParameterSetting[], key: ParameterKey, eventDate: IsoDate): ParameterSetting | undefined {
  let found: ParameterSetting | undefined;
  for (const setting of settings) {
    if (setting.key === key && setting.effectiveFrom <= eventDate && (found === undefined || setting.effectiveFrom >= found.effectiveFrom)) {
      found = setting;
    }
  }
  return found;
}

/**
 * The rule set in force on `eventDate` (R-MISS-5: judged by the date of the event itself), with
 * the organization's settings in force on that day applied to its numbers. Without any, the
 * documents' rule sets themselves (the same objects every time).
 */
export function ruleSetOn(eventDate: IsoDate, config: ProgramConfig): RuleSet {
  const settings = config.settings ?? [];
  // Which of the two is in force is config.rems2026EffectiveDate, an organization's
  // REMS_2026_EFFECTIVE_DATE already applied to it (services/programs/programFor.ts), so that every
  // rule reading the switch date (the lockout's end, the worklist's next change) sees the same one.
  const base = isOnOrAfter(eventDate, config.rems2026EffectiveDate) ? REMS_2026 : REMS_2021;
  if (settings.length === 0 || !settings.some((setting) => setting.effectiveFrom <= eventDate)) {
    return base;
  }
  // One organization's settings are asked about the same few dozen dates for every rule a
  // decision runs: each answer is remembered with the settings array it came from (a request's
  // own, dropped with it).
  const remembered = withSettings.get(settings) ?? new Map<string, RuleSet>();
  withSettings.set(settings, remembered);
  const key = `${base.id}|${eventDate}`;
  const known = remembered.get(key);
  if (known !== undefined) {
    return known;
  }
  const rules = withParameters(base.id === 'REMS-2026' ? REMS_2026_STRUCTURE : REMS_2021_STRUCTURE, parametersInForce(base.id, eventDate, settings));
  remembered.set(key, rules);
  return rules;
}

const withSettings = new WeakMap<readonly ParameterSetting[], Map<string, RuleSet>>();
