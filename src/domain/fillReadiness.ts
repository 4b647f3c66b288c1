// What stands between a patient and their next fill on a given date: the month's requirements,
// the prescription window and every hold (R-ENR-*, R-PT-*, R-CON-*, R-CNS-*, R-CMP-1, R-WIN-*,
// R-MISS-*, R-PREG-1). authorizeFill adds the prescription and the pharmacy; programStatus turns
// it into a state. Both read this one analysis so they can never disagree.
import { assessContraception } from './contraception.js';
import { contraceptionFailureReasons } from './contraceptionFailure.js';
import { categoryOn, dispensedAuthorizations, endedCourse, episodeStart } from './course.js';
import { addDays, ageInYears, compareDates, earliestOf, isAfter, isOnOrAfter, isOnOrBefore, type IsoDate } from './dates.js';
import { reason, type Decision, type Reason } from './decision.js';
import { ageReasons, prescriberCertificationReasons } from './enrollment.js';
import type { Authorization, CategoryAssignment, ContraceptionDeclaration, PatientFacts, PregnancyTest } from './facts.js';
import { pregnancyHold, PREGNANCY_HOLD_STEPS } from './pregnancy.js';
import { firstWindowLockoutEnd, qualifyPregnancyTest } from './pregnancyTests.js';
import { ruleSetOn, type ProgramConfig, type RuleSet } from './ruleSets.js';

export interface PrescriptionWindow {
  /** Day 1: the qualifying specimen date (PCGP) or the counseling visit (PCNGP, REMS-2021). */
  opensOn: IsoDate;
  lastDay: IsoDate;
  /** Outside the US: the prescription's date, or Italy's certification (programs.md §1 item 10). */
  anchor: 'specimen' | 'visit' | 'prescription' | 'certification';
  /** The test that opened it (PCGP). */
  testId: string | null;
}

export interface TestQualification {
  test: PregnancyTest;
  decision: Decision;
}

export interface FillReadiness {
  asOf: IsoDate;
  category: CategoryAssignment | null;
  /** The rule set in force on `asOf`. */
  rules: RuleSet;
  episodeStartedOn: IsoDate | null;
  /** No dose taken yet in this episode: the first prescription's rules apply. */
  preTreatment: boolean;
  lastDispense: Authorization | null;
  /** Items for this fill must be dated inside the month: on/after `monthFrom` (pre-treatment) or after the last dispense. */
  monthFrom: IsoDate | null;
  window: PrescriptionWindow | null;
  /** PCGP: each window-opening test of the month, judged in order. */
  testQualifications: TestQualification[];
  /** The specimen date that opened a first window which lapsed (R-MISS-2 anchor). */
  missedFirstWindowAnchor: IsoDate | null;
  /** Under REMS-2021, the first date a new test can reopen a missed first window. */
  lockoutUntil: IsoDate | null;
  latestCounselingInMonth: IsoDate | null;
  pregnancyHoldSince: IsoDate | null;
  courseEndedOn: IsoDate | null;
  reasons: Reason[];
  warnings: Reason[];
}

function inMonth(date: IsoDate, monthFrom: IsoDate, exclusive: boolean, asOf: IsoDate): boolean {
  return (exclusive ? isAfter(date, monthFrom) : isOnOrAfter(date, monthFrom)) && isOnOrBefore(date, asOf);
}

function byDateThenRecorded<T extends { recordedAt: string }>(date: (item: T) => IsoDate) {
  return (a: T, b: T): number => compareDates(date(a), date(b)) || a.recordedAt.localeCompare(b.recordedAt);
}

function validDeclarations(facts: PatientFacts, asOf: IsoDate): ContraceptionDeclaration[] {
  return facts.contraception
    .filter((declaration) => isOnOrBefore(declaration.declaredOn, asOf) && assessContraception(declaration).allowed)
    .sort(byDateThenRecorded((declaration) => declaration.declaredOn));
}

export function fillReadiness(facts: PatientFacts, asOf: IsoDate, config: ProgramConfig): FillReadiness {
  const rules = ruleSetOn(asOf, config);
  const category = categoryOn(facts, asOf);
  const episode = episodeStart(facts, asOf);
  const readiness: FillReadiness = {
    asOf,
    category,
    rules,
    episodeStartedOn: episode?.startedOn ?? null,
    preTreatment: true,
    lastDispense: null,
    monthFrom: null,
    window: null,
    testQualifications: [],
    missedFirstWindowAnchor: null,
    lockoutUntil: null,
    latestCounselingInMonth: null,
    pregnancyHoldSince: null,
    courseEndedOn: null,
    reasons: [],
    warnings: [],
  };
  if (category === null || episode === null) {
    readiness.reasons.push(
      reason(
        'PATIENT_NOT_ENROLLED',
        'R-ENR-1',
        'The patient is not enrolled in the program.',
        'The prescriber enrolls the patient and assigns a risk category.',
      ),
    );
    return readiness;
  }
  const { reasons } = readiness;
  reasons.push(...prescriberCertificationReasons(facts.prescriberCertified));

  const hold = pregnancyHold(facts, asOf);
  if (hold !== null) {
    readiness.pregnancyHoldSince = hold.since;
    reasons.push(
      reason(
        'PREGNANCY_HOLD',
        'R-PREG-1',
        hold.cause === 'positiveTest'
          ? `A positive pregnancy test (specimen ${hold.since}) stops all treatment.`
          : `A pregnancy was reported on ${hold.since}; all treatment is stopped.`,
        `${PREGNANCY_HOLD_STEPS.join(' ')} Only the prescriber can clear the hold, with a documented reason (R-PREG-3).`,
      ),
    );
  }
  // R-CON-7: a reported contraception failure blocks until a later negative test (contraceptionFailure.ts).
  reasons.push(...contraceptionFailureReasons(facts, asOf));
  const ended = endedCourse(facts, asOf);
  if (ended !== null) {
    readiness.courseEndedOn = ended.lastDoseOn;
    reasons.push(
      reason(
        'COURSE_ENDED',
        'R-END-1',
        `The course ended with the last dose on ${ended.lastDoseOn}.`,
        'A new course needs the prescriber to restart it and the patient to qualify again.',
      ),
    );
  }
  reasons.push(...ageReasons(facts.birthDate, asOf, config));
  reasons.push(...consentReasons(facts, category, asOf));

  const episodeDispenses = dispensedAuthorizations(facts, episode.startedOn, asOf);
  const lastDispense = episodeDispenses.at(-1) ?? null;
  readiness.preTreatment = lastDispense === null;
  readiness.lastDispense = lastDispense;
  // Month 1 counts from the start of the episode; later months from the day after the last dispense (R-WIN-1a).
  const monthFrom = lastDispense?.dispense?.dispensedOn ?? episode.startedOn;
  const exclusive = lastDispense !== null;
  readiness.monthFrom = monthFrom;
  const counselingsInMonth = facts.counselings
    .filter((counseling) => inMonth(counseling.counseledOn, monthFrom, exclusive, asOf))
    .sort(byDateThenRecorded((counseling) => counseling.counseledOn));
  readiness.latestCounselingInMonth = counselingsInMonth.at(-1)?.counseledOn ?? null;

  if (category.category === 'PCGP') {
    pcgpReadiness(facts, readiness, episode, config);
  } else {
    pcngpReadiness(facts, readiness, rules, episode.startedOn);
  }
  if (readiness.window !== null && isAfter(asOf, readiness.window.lastDay)) {
    reasons.push(
      reason(
        'WINDOW_CLOSED',
        readiness.window.anchor === 'specimen' ? 'R-WIN-1' : 'R-WIN-3',
        `The prescription window opened on ${readiness.window.opensOn} closed after ${readiness.window.lastDay}.`,
        readiness.window.anchor === 'specimen'
          ? readiness.lockoutUntil !== null
            ? `A new negative test is needed, collected on or after ${readiness.lockoutUntil} (first prescription missed, R-MISS-2).`
            : 'A new negative pregnancy test opens a new window.'
          : 'A new office visit with counseling opens a new window.',
        { deadline: readiness.window.lastDay },
      ),
    );
  }
  return readiness;
}

function consentReasons(facts: PatientFacts, category: CategoryAssignment, asOf: IsoDate): Reason[] {
  const needed: Array<{ kind: 'general' | 'birthDefects' | 'guardian'; label: string }> = [{ kind: 'general', label: 'the informed consent' }];
  if (category.category === 'PCGP') {
    needed.push({ kind: 'birthDefects', label: 'the informed consent about birth defects' });
  }
  if (ageInYears(facts.birthDate, asOf) < 18) {
    needed.push({ kind: 'guardian', label: "a parent or guardian's consent (patient under 18)" });
  }
  return needed
    .filter(({ kind }) => !facts.consents.some((consent) => consent.kind === kind && isOnOrBefore(consent.signedOn, asOf)))
    .map(({ kind, label }) => reason('CONSENT_MISSING', 'R-ENR-4', `The patient has not signed ${label}.`, `Record ${label} (${kind}).`));
}

function pcgpReadiness(facts: PatientFacts, readiness: FillReadiness, episode: { startedOn: IsoDate; isEnrollment: boolean }, config: ProgramConfig): void {
  const { asOf, reasons, warnings } = readiness;
  const monthFrom = readiness.monthFrom ?? episode.startedOn;
  const exclusive = !readiness.preTreatment;
  const testsSoFar = facts.pregnancyTests.filter((test) => isOnOrBefore(test.specimenDate, asOf)).sort(byDateThenRecorded((test) => test.specimenDate));

  // A fresh screening is needed for each episode; at enrollment it may precede the enrollment date (R-PT-1).
  const screening =
    testsSoFar
      .filter(
        (test) =>
          test.kind === 'screening' &&
          test.result === 'negative' &&
          test.setting !== 'home' &&
          (episode.isEnrollment || isOnOrAfter(test.specimenDate, episode.startedOn)),
      )
      .at(-1) ?? null;
  if (readiness.preTreatment && screening === null) {
    reasons.push(
      reason(
        'SCREENING_TEST_PENDING',
        'R-ENR-3',
        'No negative screening pregnancy test in a medical setting is recorded.',
        'Record a negative screening test done in a medical setting.',
      ),
    );
  }

  // Contraception confirmed this month (R-CON-1, R-CMP-1).
  const declarations = validDeclarations(facts, asOf);
  const declarationsInMonth = declarations.filter((d) => inMonth(d.declaredOn, monthFrom, exclusive, asOf));
  if (declarationsInMonth.length === 0) {
    const invalidInMonth = facts.contraception.some((d) => inMonth(d.declaredOn, monthFrom, exclusive, asOf) && !assessContraception(d).allowed);
    reasons.push(
      reason(
        'CONTRACEPTION_PENDING',
        'R-CON-1',
        invalidInMonth ? "This month's contraception declaration does not meet the two-method rule." : 'Contraception has not been confirmed for this month.',
        'Record the two methods in use (at least one primary) or the abstinence commitment.',
      ),
    );
  }
  for (const declaration of declarationsInMonth) {
    warnings.push(...assessContraception(declaration).warnings);
  }

  // Window-opening tests of this month, judged in order; a first window that lapses sets up the
  // REMS-2021 lockout for the tests after it (R-MISS-2).
  const candidates = testsSoFar.filter(
    (test) =>
      ['confirmation', 'monthly', 'unscheduled'].includes(test.kind) &&
      (readiness.preTreatment ? episode.isEnrollment || isOnOrAfter(test.specimenDate, episode.startedOn) : isAfter(test.specimenDate, monthFrom)),
  );
  let opener: PregnancyTest | null = null;
  let missedAnchor: IsoDate | null = null;
  for (const test of candidates) {
    if (readiness.preTreatment && opener !== null && isAfter(test.specimenDate, windowLastDay(opener, config))) {
      missedAnchor = opener.specimenDate;
    }
    // What counts is since when two methods were in use (R-CON-5), which the declaration states;
    // it may be entered after the test's result, so the latest declaration known today decides.
    const contraceptionStartedOn = declarations.at(-1)?.startedOn ?? null;
    const optIn =
      [...facts.homeTestingOptIns]
        .filter((o) => isOnOrBefore(o.optedInOn, test.specimenDate))
        .sort((a, b) => compareDates(a.optedInOn, b.optedInOn))
        .at(-1) ?? null;
    const decision = qualifyPregnancyTest(
      test,
      {
        preTreatment: readiness.preTreatment,
        screening,
        contraceptionStartedOn,
        missedFirstWindowAnchor: missedAnchor,
        homeTestingOptIn: optIn,
      },
      config,
    );
    readiness.testQualifications.push({ test, decision });
    if (decision.allowed) {
      opener = test;
    }
  }
  if (readiness.preTreatment && opener !== null && isAfter(asOf, windowLastDay(opener, config))) {
    missedAnchor = opener.specimenDate;
  }
  readiness.missedFirstWindowAnchor = missedAnchor;
  if (missedAnchor !== null) {
    readiness.lockoutUntil = firstWindowLockoutEnd(missedAnchor, asOf, config);
  }

  if (opener === null) {
    const lastTried = readiness.testQualifications.at(-1);
    if (lastTried !== undefined) {
      reasons.push(...lastTried.decision.reasons.filter((r) => !reasons.some((known) => known.code === r.code)));
    }
    if (readiness.preTreatment) {
      const earliest = [
        screening === null ? null : addDays(screening.specimenDate, readiness.rules.screenToConfirmMinDays),
        declarations.at(-1) === undefined ? null : addDays(declarations.at(-1)?.startedOn ?? asOf, readiness.rules.contraceptionMinDaysBefore),
        readiness.lockoutUntil,
      ].filter((date): date is IsoDate => date !== null);
      const earliestTestDate = earliest.sort(compareDates).at(-1) ?? null;
      reasons.push(
        reason(
          'CONFIRMATION_TEST_PENDING',
          'R-PT-2',
          'No negative confirmation test opens a window for the first prescription.',
          earliestTestDate === null
            ? 'Record the screening test and contraception first; then a confirmation test in a medical setting.'
            : `Collect a confirmation test in a medical setting on or after ${earliestTestDate}.`,
          { earliestChangeDate: earliestTestDate },
        ),
      );
    } else {
      reasons.push(
        reason(
          'MONTHLY_TEST_PENDING',
          'R-PT-3',
          'No negative pregnancy test for this month; its specimen date opens the 7-day window.',
          "Collect this month's pregnancy test; the prescription must then be filled within 7 days counting the specimen date as day 1.",
        ),
      );
    }
  } else {
    const lastDay = remsCappedLastDay(opener.specimenDate, windowLastDay(opener, config), facts.authorizations);
    readiness.window = { opensOn: opener.specimenDate, lastDay, anchor: 'specimen', testId: opener.id };
    const openerDecision = readiness.testQualifications.find((q) => q.test.id === opener.id)?.decision;
    warnings.push(...(openerDecision?.warnings ?? []));
    // The window has closed: say why a later test did not open a new one (R-MISS-2, R-PT-8, T-19).
    const lastTried = readiness.testQualifications.at(-1);
    if (isAfter(asOf, lastDay) && lastTried !== undefined && lastTried.test.id !== opener.id) {
      reasons.push(...lastTried.decision.reasons.filter((r) => !reasons.some((known) => known.code === r.code)));
    }
    // A test collected too long before the visit cannot be used for this month (R-WIN-2, T-05).
    if (readiness.latestCounselingInMonth !== null && isAfter(readiness.latestCounselingInMonth, lastDay)) {
      reasons.push(
        reason(
          'TEST_OUTSIDE_WINDOW',
          'R-WIN-2',
          `The test of ${opener.specimenDate} cannot be used at the visit of ${readiness.latestCounselingInMonth}: its window closed after ${lastDay}.`,
          'Collect a new pregnancy test; its specimen date opens a new 7-day window.',
        ),
      );
    }
  }

  if (readiness.latestCounselingInMonth === null) {
    reasons.push(
      reason(
        'COUNSELING_PENDING',
        'R-CNS-1',
        'The prescriber has not confirmed counseling for this month.',
        'The prescriber counsels the patient and confirms it.',
      ),
    );
  }
  const passedComprehension = facts.comprehensionChecks.some((check) => check.passed && inMonth(check.answeredOn, monthFrom, exclusive, asOf));
  if (!passedComprehension) {
    reasons.push(
      reason(
        'COMPREHENSION_PENDING',
        'R-CMP-1',
        "The patient has not passed this month's comprehension questions.",
        'The patient answers the comprehension questions.',
      ),
    );
  }
}

function windowLastDay(test: PregnancyTest, config: ProgramConfig): IsoDate {
  return addDays(test.specimenDate, ruleSetOn(test.specimenDate, config).pcgpWindowDays - 1);
}

/**
 * D-4: the "do not dispense after" date the REMS system returned for an authorization requested in
 * this window ends the window when it is earlier than ours — a new authorization never extends it.
 */
function remsCappedLastDay(opensOn: IsoDate, lastDay: IsoDate, authorizations: readonly Authorization[]): IsoDate {
  const remsDates = authorizations.flatMap((authorization) =>
    authorization.remsDoNotDispenseAfter !== null && isOnOrAfter(authorization.requestedOn, opensOn) && isOnOrBefore(authorization.requestedOn, lastDay)
      ? [authorization.remsDoNotDispenseAfter]
      : [],
  );
  return earliestOf(lastDay, ...remsDates);
}

function pcngpReadiness(facts: PatientFacts, readiness: FillReadiness, rules: RuleSet, episodeStartedOn: IsoDate): void {
  const { asOf, reasons } = readiness;
  if (rules.pcngpCounseling === 'enrollmentOnly') {
    // REMS-2026: counseling documented at enrollment is enough (R-CNS-2).
    const counseled = facts.counselings.some(
      (counseling) => isOnOrAfter(counseling.counseledOn, episodeStartedOn) && isOnOrBefore(counseling.counseledOn, asOf),
    );
    if (!counseled) {
      reasons.push(
        reason('COUNSELING_PENDING', 'R-CNS-2', 'Counseling at enrollment has not been confirmed.', 'The prescriber counsels the patient and confirms it.'),
      );
    }
    return;
  }
  if (readiness.latestCounselingInMonth === null) {
    reasons.push(
      reason(
        'COUNSELING_PENDING',
        'R-CNS-2',
        `Under ${rules.id} the prescriber confirms counseling every month; this month's is missing.`,
        'The prescriber counsels the patient at an office visit and confirms it; that visit opens the 30-day window.',
      ),
    );
    return;
  }
  if (rules.pcngpWindowLastDayOffset !== null) {
    readiness.window = {
      opensOn: readiness.latestCounselingInMonth,
      lastDay: remsCappedLastDay(
        readiness.latestCounselingInMonth,
        addDays(readiness.latestCounselingInMonth, rules.pcngpWindowLastDayOffset),
        facts.authorizations,
      ),
      anchor: 'visit',
      testId: null,
    };
  }
}
