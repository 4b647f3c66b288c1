// The program's rules as dated data (domain.md §0.3, §2.12, §2.14). Every window, wait and
// frequency the engine uses is read from the rule set in force on the date of the event being
// judged — never written as a literal in a rule.
import { isOnOrAfter, type IsoDate } from './dates.js';

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

const COMMON = {
  pcgpWindowDays: 7,
  screenToConfirmMinDays: 19,
  pcngpAuthorizationMaxDays: 30,
  maxDaysSupply: 30,
  maxRefills: 0,
  contraceptionMinDaysBefore: 30,
  postTreatmentDays: 30,
  retreatMinDays: 56,
  minAgeYears: 12,
  hcgMinSensitivityMiuPerMl: 25,
  endOfTreatmentTestMaxDaysBeforeLastDose: 7,
  // "6 months" in the label; 183 days covers any six calendar months.
  cosmeticProcedureAvoidDays: 183,
  earlyDispenseWarningDays: 7,
} as const;

export const REMS_2021: RuleSet = {
  id: 'REMS-2021',
  ...COMMON,
  firstWindowLockoutDays: 19,
  // Visit = Day 1, last day = visit + 29: the earlier, safer reading of "30 days"; the date the
  // REMS system returns with the authorization overrides it when earlier (D-4). [UNVERIFIED]
  pcngpWindowLastDayOffset: 29,
  pcngpCounseling: 'monthly',
  cliaRequired: true,
  homeTests: 'never',
};

export const REMS_2026: RuleSet = {
  id: 'REMS-2026',
  ...COMMON,
  firstWindowLockoutDays: null,
  pcngpWindowLastDayOffset: null,
  pcngpCounseling: 'enrollmentOnly',
  cliaRequired: false,
  homeTests: 'withPrescriberOptIn',
};

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
}

export const DEFAULT_PROGRAM_CONFIG: ProgramConfig = {
  rems2026EffectiveDate: '2026-08-08',
  enforcementDiscretion: true,
  remsTimeZone: 'America/New_York',
  programRmaRequired: false,
  programOutageHorizonDays: 7,
};

/** The rule set in force on `eventDate` (R-MISS-5: judged by the date of the event itself). */
export function ruleSetOn(eventDate: IsoDate, config: ProgramConfig): RuleSet {
  return isOnOrAfter(eventDate, config.rems2026EffectiveDate) ? REMS_2026 : REMS_2021;
}
