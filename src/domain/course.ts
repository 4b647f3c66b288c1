// The course: when a qualification episode starts, whether the course has ended, and what the
// end of a course schedules (R-END-1..R-END-5, R-CAT-2, R-MON-2).
import { addDays, compareDates, daysBetween, isAfter, isOnOrAfter, isOnOrBefore, latestOf, type IsoDate } from './dates.js';
import { reason, type Reason } from './decision.js';
import type { Authorization, CategoryAssignment, CourseEnd, PatientFacts, PregnancyTest, RiskCategory } from './facts.js';
import { ruleSetOn, type ProgramConfig } from './ruleSets.js';

function byEffectiveDate(a: CategoryAssignment, b: CategoryAssignment): number {
  return compareDates(a.effectiveOn, b.effectiveOn) || a.recordedAt.localeCompare(b.recordedAt);
}

export function enrollmentOf(facts: PatientFacts): CategoryAssignment | null {
  return [...facts.categoryAssignments].sort(byEffectiveDate)[0] ?? null;
}

export function categoryOn(facts: PatientFacts, asOf: IsoDate): CategoryAssignment | null {
  const effective = facts.categoryAssignments.filter((assignment) => isOnOrBefore(assignment.effectiveOn, asOf));
  return effective.sort(byEffectiveDate).at(-1) ?? null;
}

/** The course has ended when its last dose is recorded and no restart came after it. */
export function endedCourse(facts: PatientFacts, asOf: IsoDate): CourseEnd | null {
  const end = facts.courseEnds
    .filter((courseEnd) => isOnOrBefore(courseEnd.lastDoseOn, asOf))
    .sort((a, b) => compareDates(a.lastDoseOn, b.lastDoseOn))
    .at(-1);
  if (end === undefined) {
    return null;
  }
  const restartedSince = facts.courseRestarts.some((restart) => isAfter(restart.restartedOn, end.lastDoseOn) && isOnOrBefore(restart.restartedOn, asOf));
  return restartedSince ? null : end;
}

/**
 * The start of the current qualification episode: enrollment, a change to PCGP (which needs the
 * whole PCGP qualification again, R-CAT-2), or the restart of a course. Doses before it do not
 * count as "first dose taken".
 */
export function episodeStart(facts: PatientFacts, asOf: IsoDate): { startedOn: IsoDate; isEnrollment: boolean } | null {
  const assignments = facts.categoryAssignments.filter((a) => isOnOrBefore(a.effectiveOn, asOf)).sort(byEffectiveDate);
  const enrollment = assignments[0];
  if (enrollment === undefined) {
    return null;
  }
  const later: IsoDate[] = [];
  assignments.forEach((assignment, index) => {
    const previous = assignments[index - 1];
    if (previous !== undefined && previous.category !== 'PCGP' && assignment.category === 'PCGP') {
      later.push(assignment.effectiveOn);
    }
  });
  for (const restart of facts.courseRestarts) {
    if (isOnOrBefore(restart.restartedOn, asOf)) {
      later.push(restart.restartedOn);
    }
  }
  if (later.length === 0) {
    return { startedOn: enrollment.effectiveOn, isEnrollment: true };
  }
  const startedOn = latestOf(...later);
  return isAfter(startedOn, enrollment.effectiveOn) ? { startedOn, isEnrollment: false } : { startedOn: enrollment.effectiveOn, isEnrollment: true };
}

export function dispensedAuthorizations(facts: PatientFacts, from: IsoDate, asOf: IsoDate): Authorization[] {
  return facts.authorizations
    .filter(
      (authorization) =>
        authorization.dispense !== null && isOnOrAfter(authorization.dispense.dispensedOn, from) && isOnOrBefore(authorization.dispense.dispensedOn, asOf),
    )
    .sort((a, b) => compareDates(a.dispense?.dispensedOn ?? a.requestedOn, b.dispense?.dispensedOn ?? b.requestedOn));
}

export interface EndOfCourseSchedule {
  lastDoseOn: IsoDate;
  endOfTreatmentTestDue: IsoDate | null;
  postTreatmentTestDue: IsoDate | null;
  contraceptionUntil: IsoDate | null;
  bloodDonationAllowedFrom: IsoDate;
  cosmeticProceduresAllowedFrom: IsoDate;
  endOfTreatmentTestDone: boolean;
  postTreatmentTestDone: boolean;
}

/** R-END-2, R-END-3, R-END-5: what the end of a course schedules. */
export function endOfCourseSchedule(courseEnd: CourseEnd, category: RiskCategory, tests: readonly PregnancyTest[], config: ProgramConfig): EndOfCourseSchedule {
  const rules = ruleSetOn(courseEnd.lastDoseOn, config);
  const afterDays = addDays(courseEnd.lastDoseOn, rules.postTreatmentDays);
  const negative = (kind: PregnancyTest['kind'], from: IsoDate): boolean =>
    tests.some((test) => test.kind === kind && test.result === 'negative' && isOnOrAfter(test.specimenDate, from));
  const canGetPregnant = category === 'PCGP';
  return {
    lastDoseOn: courseEnd.lastDoseOn,
    endOfTreatmentTestDue: canGetPregnant ? courseEnd.lastDoseOn : null,
    postTreatmentTestDue: canGetPregnant ? afterDays : null,
    contraceptionUntil: canGetPregnant ? afterDays : null,
    bloodDonationAllowedFrom: addDays(afterDays, 1),
    cosmeticProceduresAllowedFrom: addDays(courseEnd.lastDoseOn, rules.cosmeticProcedureAvoidDays),
    endOfTreatmentTestDone: canGetPregnant && negative('endOfTreatment', addDays(courseEnd.lastDoseOn, -rules.endOfTreatmentTestMaxDaysBeforeLastDose)),
    postTreatmentTestDone: canGetPregnant && negative('postTreatment', afterDays),
  };
}

/** R-END-4: a second course less than 8 weeks after the first ended needs a reason. */
export function retreatmentWarnings(previousLastDoseOn: IsoDate, restartOn: IsoDate, config: ProgramConfig): Reason[] {
  const { retreatMinDays } = ruleSetOn(restartOn, config);
  if (daysBetween(previousLastDoseOn, restartOn) >= retreatMinDays) {
    return [];
  }
  const from = addDays(previousLastDoseOn, retreatMinDays);
  return [
    reason(
      'RETREATMENT_BEFORE_8_WEEKS',
      'R-END-4',
      `A new course is not recommended before ${retreatMinDays} days after the last one ended (${previousLastDoseOn}).`,
      `Record the clinical reason for starting now, or start on or after ${from}.`,
      { earliestChangeDate: from },
    ),
  ];
}

/** The capsules the patient has on hand, from the dispenses (R-MON-1): when they run out, and since when she is without. */
export interface CapsuleSupply {
  /** The last day the latest dispensed supply lasts; null before any dispense. */
  lastDay: IsoDate | null;
  /**
   * The first day without capsules: the latest supply ran out before `asOf` and no new fill came.
   * Null while a supply lasts, before the first dispense, and once the course has ended (no
   * capsules are meant then).
   */
  withoutSince: IsoDate | null;
}

export function capsuleSupply(facts: Pick<PatientFacts, 'authorizations' | 'courseEnds' | 'courseRestarts'>, asOf: IsoDate): CapsuleSupply {
  const lastDays = facts.authorizations.flatMap((authorization) =>
    authorization.dispense !== null && isOnOrBefore(authorization.dispense.dispensedOn, asOf)
      ? [addDays(authorization.dispense.dispensedOn, authorization.dispense.daysSupply - 1)]
      : [],
  );
  const lastDay = lastDays.length === 0 ? null : lastDays.reduce((latest, day) => latestOf(latest, day));
  const ended = endedCourse(facts as PatientFacts, asOf) !== null;
  return { lastDay, withoutSince: lastDay !== null && !ended && isAfter(asOf, lastDay) ? addDays(lastDay, 1) : null };
}

/**
 * When the next monthly pregnancy test is best taken (R-PT-3, R-WIN-1): so that the window it opens
 * (the specimen date and the `windowDays` - 1 days after it) contains the first day without
 * capsules, i.e. between that day minus `windowDays` - 1 and that day. Once that day has passed,
 * the test is due at once (`from` = `by` = `asOf`, `late`).
 */
export function nextMonthlyTestRange(supplyLastDay: IsoDate, asOf: IsoDate, windowDays: number): { from: IsoDate; by: IsoDate; late: boolean } {
  const firstDayWithout = addDays(supplyLastDay, 1);
  if (isAfter(asOf, firstDayWithout)) {
    return { from: asOf, by: asOf, late: true };
  }
  return { from: addDays(firstDayWithout, -(windowDays - 1)), by: firstDayWithout, late: false };
}
