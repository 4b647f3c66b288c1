// The patient's status for a practice outside the US (issue 14, item 3): the same ProgramStatus
// every page reads (the patient's to-do list, the care team's patient page and worklist, the
// reminders), derived by the practice's program instead of the US rules, so no page tells her
// a US step (a confirmation test, an RMA number, the 19-day lockout) her program does not have.
// Its blockers are the program's own decisions, run for `asOf` as a preview: the waiting
// prescription's dispense (the pharmacist's checklist), or what the next prescription needs.
import { categoryOn, endedCourse, endOfCourseSchedule, type EndOfCourseSchedule } from '../course.js';
import { isAfter, isOnOrBefore, type IsoDate } from '../dates.js';
import { reason, type Reason } from '../decision.js';
import type { PatientFacts } from '../facts.js';
import type { PrescriptionWindow } from '../fillReadiness.js';
import { pregnancyHold } from '../pregnancy.js';
import { lastSupplyDay, type ProgramState, type ProgramStatus } from '../programStatus.js';
import type { ProgramConfig } from '../ruleSets.js';
import { childbearingPotential } from './childbearingPotential.js';
import { endTestDueFrom, judgeEndTest } from './endOfTreatmentTest.js';
import { decideProgramDispense, decideProgramPrescription, endOfTreatmentFlags, type ProgramContext } from './programDecisions.js';
import { factsAsOf, type PrescriberAttributes, type ProgramPatientFacts, type ProgramPrescription } from './programFacts.js';
import { ruleSetFor } from './ruleSetFor.js';

/** What the programs' engine reads beside the US facts: the patient's program facts and her prescriber's attributes on `asOf`. */
export interface ProgramInputs {
  facts: ProgramPatientFacts;
  prescriber: PrescriberAttributes;
}

/** The supply a preview of the next prescription assumes: a month, the most any program allows. */
export const PREVIEW_DAYS_SUPPLY = 30;

/** The latest prescription of the course written by `asOf` and not yet dispensed (the one the pharmacist would fill). */
export function waitingPrescription(facts: ProgramPatientFacts, asOf: IsoDate): ProgramPrescription | null {
  const dispensed = new Set(facts.dispenses.map((dispense) => dispense.prescriptionId));
  return (
    facts.prescriptions
      .filter((prescription) => !dispensed.has(prescription.id) && isOnOrBefore(prescription.writtenOn, asOf))
      .filter((prescription) => facts.lastDoseOn === null || isAfter(prescription.writtenOn, facts.lastDoseOn))
      .sort((a, b) => b.writtenOn.localeCompare(a.writtenOn) || b.id.localeCompare(a.id))[0] ?? null
  );
}

export function programStatusElsewhere(
  usFacts: PatientFacts,
  inputs: ProgramInputs,
  asOf: IsoDate,
  context: ProgramContext,
  config: ProgramConfig,
): ProgramStatus {
  const choice = ruleSetFor(context.jurisdiction, asOf, context.settings, context.options);
  const enrolled = categoryOn(usFacts, asOf) !== null;
  const known = factsAsOf(inputs.facts, asOf);
  const canGetPregnant = choice.kind === 'rules' ? childbearingPotential(choice.rules.id, known, asOf).canGetPregnant : true;
  // "Can get pregnant" is what the US names PCGP: the same words, derived by this program's rules (P-16).
  const category = enrolled ? (canGetPregnant ? 'PCGP' : 'PCNGP') : null;
  const dispenses = usFacts.authorizations.flatMap((authorization) =>
    authorization.dispense !== null && isOnOrBefore(authorization.dispense.dispensedOn, asOf) ? [authorization.dispense] : [],
  );
  const supplyEndsOn = lastSupplyDay(usFacts, asOf);
  const base = {
    asOf,
    category,
    activeAuthorization: null,
    lockoutUntil: null,
    dispenseCount: dispenses.length,
    supplyEndsOn,
  } as const;
  if (choice.kind === 'refused') {
    // No program configured (P-27) or not yet in force: nothing can be prescribed; say why.
    return {
      ...base,
      state: enrolled ? 'ENROLLED' : 'NOT_ENROLLED',
      ruleSet: '',
      window: null,
      blockers: choice.decision.reasons,
      warnings: [],
      endOfCourse: null,
    };
  }
  const ruleSet = choice.rules.key;
  if (!enrolled) {
    return {
      ...base,
      state: 'NOT_ENROLLED',
      ruleSet,
      window: null,
      blockers: [reason('PATIENT_NOT_ENROLLED', 'R-ENR-1', 'The patient is not enrolled.', 'The prescriber enrolls the patient.')],
      warnings: [],
      endOfCourse: null,
    };
  }
  const hold = pregnancyHold(usFacts, asOf);
  if (hold !== null) {
    return {
      ...base,
      state: 'PREGNANCY_HOLD',
      ruleSet,
      window: null,
      blockers: [
        reason('PREGNANCY_HOLD', 'R-PREG-1', `A pregnancy hold has been in place since ${hold.since}.`, 'Do not prescribe or dispense; see the prescriber.'),
      ],
      warnings: [],
      endOfCourse: null,
    };
  }
  const warnings: Reason[] = [...endOfTreatmentFlags(inputs.facts, asOf, context).decision.warnings];
  const ended = endedCourse(usFacts, asOf);
  if (ended !== null) {
    const endOfCourse = endSchedule(usFacts, known, ended, canGetPregnant, choice.rules, config);
    const finalTestPending = endOfCourse.postTreatmentTestDue !== null && !endOfCourse.postTreatmentTestDone;
    const state: ProgramState = finalTestPending ? 'END_OF_TREATMENT' : isAfter(endOfCourse.bloodDonationAllowedFrom, asOf) ? 'POST_TREATMENT' : 'COMPLETED';
    const courseEnded = reason(
      'COURSE_ENDED',
      'R-END-1',
      `The course ended with the last dose on ${ended.lastDoseOn}.`,
      'A new course starts with the prescriber.',
    );
    return { ...base, state, ruleSet, window: null, blockers: [courseEnded], warnings, endOfCourse };
  }
  const waiting = waitingPrescription(known, asOf);
  let blockers: Reason[];
  let window: PrescriptionWindow | null = null;
  let state: ProgramState;
  if (waiting !== null) {
    // A prescription waits at the pharmacy: the checklist as it would judge a dispense today.
    const dispense = decideProgramDispense(inputs.facts, { prescriptionId: waiting.id, dispensedOn: asOf }, context);
    blockers = dispense.decision.reasons;
    warnings.push(...dispense.decision.warnings);
    if (dispense.lastDayToDispense !== null) {
      window = {
        opensOn: waiting.certifiedOn ?? waiting.writtenOn,
        lastDay: dispense.lastDayToDispense,
        anchor: waiting.certifiedOn === null ? 'prescription' : 'certification',
        testId: null,
      };
    }
    const missed = blockers.some((blocker) => blocker.code === 'DISPENSE_WINDOW_CLOSED' || blocker.code === 'PRESCRIPTION_EXPIRED');
    state = missed ? (dispenses.length === 0 ? 'WINDOW_MISSED_FIRST' : 'WINDOW_MISSED') : 'QUALIFIED_WINDOW_OPEN';
  } else {
    // Nothing waits: what this month's prescription needs, then the prescription itself.
    const next = decideProgramPrescription(
      inputs.facts,
      {
        prescription: { id: 'preview', writtenOn: asOf, daysSupply: PREVIEW_DAYS_SUPPLY, prescriberId: inputs.prescriber.id, certifiedOn: null },
        prescriber: inputs.prescriber,
      },
      context,
    );
    blockers = [
      ...next.decision.reasons,
      reason(
        'PRESCRIPTION_PENDING',
        'R-RX-2',
        'There is no prescription for this month.',
        "The prescriber writes this month's prescription (at most 30 days, no refills).",
      ),
    ];
    warnings.push(...next.decision.warnings);
    const supplyLasts = supplyEndsOn !== null && !isAfter(asOf, supplyEndsOn);
    state = dispenses.length === 0 ? 'ENROLLED' : supplyLasts ? 'ON_TREATMENT' : 'AWAITING_MONTHLY_QUALIFICATION';
  }
  return { ...base, state, ruleSet, window, blockers, warnings, endOfCourse: null };
}

/**
 * After the last dose: the program's one final test (counting from its offset; none in Australia)
 * in the schedule's post-treatment test; the waits that are the medicine's own (blood donation,
 * cosmetic procedures, contraception for a month: R-END-2..5) as for every patient.
 */
function endSchedule(
  usFacts: PatientFacts,
  known: ProgramPatientFacts,
  ended: NonNullable<ReturnType<typeof endedCourse>>,
  canGetPregnant: boolean,
  rules: { id: Parameters<typeof judgeEndTest>[0]; parameters: Parameters<typeof judgeEndTest>[1] },
  config: ProgramConfig,
): EndOfCourseSchedule {
  const medicine = endOfCourseSchedule(ended, canGetPregnant ? 'PCGP' : 'PCNGP', usFacts.pregnancyTests, config);
  const dueFrom = canGetPregnant ? endTestDueFrom(rules.parameters, ended.lastDoseOn) : null;
  return {
    ...medicine,
    endOfTreatmentTestDue: null,
    endOfTreatmentTestDone: true,
    postTreatmentTestDue: dueFrom,
    postTreatmentTestDone: dueFrom !== null && known.pregnancyTests.some((test) => judgeEndTest(rules.id, rules.parameters, ended.lastDoseOn, test).final),
  };
}
