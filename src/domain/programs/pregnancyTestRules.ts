// Pregnancy tests outside the US (programs.md §1 item 8): where a test must be done to count
// (medically supervised in the EU and the UK, a remote supervised test in the UK from
// UK_REMOTE_ALLOWANCES_FROM, a licensed laboratory in Canada, never an unsupervised home test —
// PPP-PT-1, UK-PT-1, CA-PT-3), how many before the start and how close to it (EU/UK one within
// TEST_MAX_DAYS_BEFORE_RX of the prescription and PRESTART_TEST_AFTER_CONTRACEPTION_MIN_DAYS after
// contraception began, PPP-PT-1; Canada two, the last within PRESTART_SECOND_TEST_MAX_DAYS of the
// first dispense, CA-PT-1; Australia one within PRESTART_TEST_MAX_DAYS_BEFORE_START, AU-PT-1), and
// during treatment (before each prescription where MONTHLY_TEST_REQUIRED, otherwise a warning
// after MONTHLY_TEST_WARN_AFTER_DAYS — PPP-PT-2, CA-PT-3, AU-PT-1).
import { addDays, daysBetween, isAfter, isBefore, type IsoDate } from '../dates.js';
import { reason, type Reason } from '../decision.js';
import type { ParameterValues, ProgramRuleSetId } from './parameters.js';
import { factsAsOf, latestBy, type ProgramPatientFacts, type ProgramPregnancyTest } from './programFacts.js';
import { booleanParameter, choiceParameter, dateOrNullParameter, numberParameter, ruleFamilyOf, ruleIdIn } from './ruleSetFor.js';

/** Why a test does not count under the rule set (its setting, its supervision, its sensitivity); empty when it does. */
export function testSettingReasons(ruleSet: ProgramRuleSetId, parameters: ParameterValues, test: ProgramPregnancyTest): Reason[] {
  const reasons: Reason[] = [];
  const licensedLabOnly = choiceParameter(parameters, 'TEST_SETTING_ALLOWED') === 'licensedLab';
  if (licensedLabOnly && test.setting !== 'licensedLab') {
    reasons.push(
      reason(
        'LICENSED_LAB_REQUIRED',
        ruleIdIn(ruleSet, { EU: 'PPP-PT-1', CA: 'CA-PT-3' }),
        `A pregnancy test counts only when a licensed laboratory does it; this one was done ${test.setting === 'home' ? 'at home' : `in the setting "${test.setting}"`}.`,
        'Collect the test at a licensed laboratory.',
      ),
    );
  } else if (test.setting === 'home') {
    reasons.push(
      reason(
        'HOME_TEST_NOT_ALLOWED',
        ruleIdIn(ruleSet, { EU: 'PPP-PT-1', UK: 'UK-PT-1', AU: 'AU-PT-1' }),
        'An unsupervised home pregnancy test never counts under this program.',
        'Collect a medically supervised test.',
      ),
    );
  } else if (test.setting === 'remoteSupervised') {
    const from = dateOrNullParameter(parameters, 'UK_REMOTE_ALLOWANCES_FROM');
    if (from === null || isBefore(test.specimenDate, from)) {
      reasons.push(
        reason(
          'REMOTE_TEST_NOT_ALLOWED',
          ruleIdIn(ruleSet, { EU: 'PPP-PT-1', UK: 'UK-PT-1' }),
          from === null
            ? 'A remotely supervised pregnancy test does not count under this program.'
            : `A remotely supervised pregnancy test counts for specimens from ${from}; this one is of ${test.specimenDate}.`,
          'Collect the test in person under medical supervision.',
          { earliestChangeDate: from !== null && ruleFamilyOf(ruleSet) === 'UK' ? from : null },
        ),
      );
    } else if ((test.supervisorId ?? '').trim() === '' || (test.evidence ?? '').trim() === '') {
      reasons.push(
        reason(
          'REMOTE_TEST_EVIDENCE_REQUIRED',
          'UK-PT-1',
          'A remotely supervised test must record who supervised it and the evidence kept.',
          'Record the supervising clinician and the evidence (e.g. the video visit reference).',
        ),
      );
    }
  }
  const sensitivity = numberParameter(parameters, 'HCG_MIN_SENSITIVITY_MIU_ML');
  if (sensitivity !== null && test.sensitivityMiuPerMl !== null && test.sensitivityMiuPerMl > sensitivity) {
    reasons.push(
      reason(
        'TEST_NOT_SENSITIVE_ENOUGH',
        ruleIdIn(ruleSet, { EU: 'PPP-PT-1', CA: 'CA-PT-1' }),
        `The test detects hCG from ${test.sensitivityMiuPerMl} mIU/mL; the program needs ${sensitivity} mIU/mL or lower.`,
        'Use a test of the required sensitivity.',
      ),
    );
  }
  return reasons;
}

export function countsUnder(ruleSet: ProgramRuleSetId, parameters: ParameterValues, test: ProgramPregnancyTest): boolean {
  return testSettingReasons(ruleSet, parameters, test).length === 0;
}

/** Tests in date order (then by id): the order they were stored in never shows in a decision. */
function countingOrder(tests: readonly ProgramPregnancyTest[]): ProgramPregnancyTest[] {
  return [...tests].sort((a, b) => a.specimenDate.localeCompare(b.specimenDate) || a.id.localeCompare(b.id));
}

/** The counting negative tests on record by `asOf`, in date order. */
export function countingNegatives(ruleSet: ProgramRuleSetId, parameters: ParameterValues, facts: ProgramPatientFacts, asOf: IsoDate): ProgramPregnancyTest[] {
  return countingOrder(factsAsOf(facts, asOf).pregnancyTests.filter((test) => test.result === 'negative' && countsUnder(ruleSet, parameters, test)));
}

/**
 * A positive result with no later negative one stops everything (PPP-PREG-1): any positive test,
 * whatever its setting, on or after the latest counting negative. (Clearing a false positive is a
 * prescriber's act the US engine models, R-PREG-3; here a new negative test after it is needed.)
 */
export function positiveTestReasons(ruleSet: ProgramRuleSetId, parameters: ParameterValues, facts: ProgramPatientFacts, asOf: IsoDate): Reason[] {
  const latestNegative = countingNegatives(ruleSet, parameters, facts, asOf).at(-1)?.specimenDate ?? null;
  const positive = factsAsOf(facts, asOf).pregnancyTests.some(
    (test) => test.result === 'positive' && (latestNegative === null || !isBefore(test.specimenDate, latestNegative)),
  );
  return positive
    ? [
        reason(
          'PREGNANCY_TEST_POSITIVE',
          ruleIdIn(ruleSet, { EU: 'PPP-PREG-1' }),
          'The latest pregnancy test is positive: treatment stops.',
          'Stop isotretinoin and refer the patient to a physician experienced in teratology.',
        ),
      ]
    : [];
}

export interface PrescriptionTestCheck {
  reasons: Reason[];
  warnings: Reason[];
  /** The negative test that qualifies the prescription (it also anchors a specimen window). */
  qualifying: ProgramPregnancyTest | null;
}

/**
 * The test a prescription written on `writtenOn` needs. `previousWrittenOn` is the previous
 * prescription of the course (null: the first); `contraceptionStartedOn` the start of contraception
 * when it is required for the patient (null: waived or not yet recorded).
 */
export function prescriptionTestCheck(
  ruleSet: ProgramRuleSetId,
  parameters: ParameterValues,
  facts: ProgramPatientFacts,
  writtenOn: IsoDate,
  previousWrittenOn: IsoDate | null,
  contraceptionStartedOn: IsoDate | null,
): PrescriptionTestCheck {
  const result: PrescriptionTestCheck = { reasons: [], warnings: [], qualifying: null };
  const first = previousWrittenOn === null;
  const required = first || booleanParameter(parameters, 'MONTHLY_TEST_REQUIRED');
  const negatives = countingNegatives(ruleSet, parameters, facts, writtenOn);
  const maxBefore = numberParameter(parameters, 'TEST_MAX_DAYS_BEFORE_RX');
  const family = ruleFamilyOf(ruleSet);
  const rule = ruleIdIn(ruleSet, first ? { EU: 'PPP-PT-1', CA: 'CA-PT-1', AU: 'AU-PT-1' } : { EU: 'PPP-PT-2', CA: 'CA-PT-3', AU: 'AU-PT-1' });

  if (family === 'AU') {
    // Australia: the pre-start test is judged against the first dispense (AU-PT-1); later ones are recommended.
    result.qualifying = negatives.at(-1) ?? null;
    const warnAfter = numberParameter(parameters, 'MONTHLY_TEST_WARN_AFTER_DAYS');
    if (!first && !required && warnAfter !== null) {
      const last = result.qualifying;
      if (last === null || daysBetween(last.specimenDate, writtenOn) > warnAfter) {
        result.warnings.push(
          reason(
            'MONTHLY_TEST_RECOMMENDED',
            'AU-PT-1',
            last === null
              ? 'No pregnancy test is on record during treatment.'
              : `The last negative pregnancy test is of ${last.specimenDate}, more than ${warnAfter} days ago.`,
            'A monthly pregnancy test is recommended.',
          ),
        );
      }
    }
    return result;
  }

  // The tests that could qualify by date: EU/UK within TEST_MAX_DAYS_BEFORE_RX before the prescription
  // (P-D2); elsewhere one since the previous prescription (CA-PT-3, "monthly") or any before the first.
  const inWindow = (test: ProgramPregnancyTest): boolean =>
    maxBefore !== null ? daysBetween(test.specimenDate, writtenOn) <= maxBefore : previousWrittenOn === null || isAfter(test.specimenDate, previousWrittenOn);
  const afterContraceptionMin = numberParameter(parameters, 'PRESTART_TEST_AFTER_CONTRACEPTION_MIN_DAYS');
  const earliestAfterContraception =
    first && contraceptionStartedOn !== null && afterContraceptionMin !== null ? addDays(contraceptionStartedOn, afterContraceptionMin) : null;
  const dated = negatives.filter(inWindow);
  const qualifying = dated.filter((test) => earliestAfterContraception === null || !isBefore(test.specimenDate, earliestAfterContraception));
  result.qualifying = qualifying.at(-1) ?? dated.at(-1) ?? null;
  if (!required) {
    return result;
  }
  if (qualifying.length > 0) {
    result.qualifying = qualifying.at(-1) ?? null;
    return result;
  }
  result.qualifying = null;
  if (dated.length > 0 && earliestAfterContraception !== null) {
    result.reasons.push(
      reason(
        'PRESTART_TEST_TOO_SOON_AFTER_CONTRACEPTION',
        rule,
        `The pre-start test must be taken at least ${afterContraceptionMin} days after contraception began (${contraceptionStartedOn}), on or after ${earliestAfterContraception}.`,
        'Collect a new pregnancy test on or after that day, then prescribe.',
        { earliestChangeDate: earliestAfterContraception },
      ),
    );
    return result;
  }
  if (negatives.length > 0 && maxBefore !== null) {
    const latest = negatives.at(-1) as ProgramPregnancyTest;
    result.reasons.push(
      reason(
        'TEST_TOO_OLD_FOR_PRESCRIPTION',
        rule,
        `The last negative test (${latest.specimenDate}) is more than ${maxBefore} days before the prescription (${writtenOn}).`,
        `Collect a new pregnancy test; the prescription is written on its day or up to ${maxBefore} days after.`,
      ),
    );
    return result;
  }
  // Say why the tests on record in the period do not count, when they are the reason.
  const uncounted = countingOrder(factsAsOf(facts, writtenOn).pregnancyTests).filter(
    (test) =>
      test.result === 'negative' && (maxBefore === null || daysBetween(test.specimenDate, writtenOn) <= maxBefore) && !countsUnder(ruleSet, parameters, test),
  );
  const settingReasons = uncounted.flatMap((test) => testSettingReasons(ruleSet, parameters, test));
  result.reasons.push(
    ...settingReasons,
    reason(
      'PREGNANCY_TEST_REQUIRED',
      rule,
      first
        ? 'No counting negative pregnancy test is on record before the first prescription.'
        : 'No counting negative pregnancy test is on record for this prescription.',
      maxBefore === null
        ? 'Collect a pregnancy test before prescribing.'
        : `Collect a pregnancy test on the prescribing day or up to ${maxBefore} days before.`,
    ),
  );
  return result;
}

/**
 * The pre-start tests judged at the first dispense (treatment start, P-D4): Canada's count and the
 * last one's age (CA-PT-1), Australia's one test's age (AU-PT-1). EU and UK judge theirs at the
 * prescription.
 */
export function prestartDispenseTestReasons(
  ruleSet: ProgramRuleSetId,
  parameters: ParameterValues,
  facts: ProgramPatientFacts,
  dispensedOn: IsoDate,
): Reason[] {
  const canadaMax = numberParameter(parameters, 'PRESTART_SECOND_TEST_MAX_DAYS');
  const australiaMax = numberParameter(parameters, 'PRESTART_TEST_MAX_DAYS_BEFORE_START');
  const maxDays = canadaMax ?? australiaMax;
  if (maxDays === null) {
    return [];
  }
  const rule = ruleIdIn(ruleSet, { EU: 'PPP-PT-1', CA: 'CA-PT-1', AU: 'AU-PT-1' });
  const negatives = countingNegatives(ruleSet, parameters, facts, dispensedOn);
  const days = new Set(negatives.map((test) => test.specimenDate));
  const needed = canadaMax !== null ? (numberParameter(parameters, 'PRESTART_TEST_COUNT') ?? 1) : 1;
  const latest = negatives.at(-1) ?? null;
  if (latest === null) {
    return [
      reason(
        'PREGNANCY_TEST_REQUIRED',
        rule,
        'No counting negative pregnancy test is on record before treatment starts.',
        'Collect a pregnancy test before the first dispense.',
      ),
    ];
  }
  const reasons: Reason[] = [];
  if (days.size < needed) {
    reasons.push(
      reason(
        'SECOND_PRESTART_TEST_REQUIRED',
        rule,
        `Treatment starts after ${needed} negative pregnancy tests on different days; ${days.size} ${days.size === 1 ? 'is' : 'are'} on record.`,
        `Collect another pregnancy test at a licensed laboratory within ${maxDays} days before the first dispense.`,
      ),
    );
  } else if (daysBetween(latest.specimenDate, dispensedOn) > maxDays) {
    reasons.push(
      reason(
        'PRESTART_TEST_TOO_OLD',
        rule,
        `The last pre-start test (${latest.specimenDate}) is more than ${maxDays} days before the first dispense (${dispensedOn}).`,
        'Collect a new pregnancy test before the first dispense.',
        { deadline: addDays(latest.specimenDate, maxDays) },
      ),
    );
  }
  return reasons;
}

/** The latest counting negative test by a date, whichever order the facts were stored in. */
export function latestCountingNegative(
  ruleSet: ProgramRuleSetId,
  parameters: ParameterValues,
  facts: ProgramPatientFacts,
  asOf: IsoDate,
): ProgramPregnancyTest | null {
  return latestBy(
    countingNegatives(ruleSet, parameters, facts, asOf),
    (test) => test.specimenDate,
    (test) => test.id,
  );
}
