// The decisions the product calls for an organization outside the US (issue 14, items 1–3): the
// prescriber writing a prescription, the pharmacist's checklist before a dispense (in place of the
// US authorization request: the same gate, no authorization number, the app computes the last day
// to dispense — programs.md §0.4), recording a test, a visit, an exemption, and the end-of-treatment
// flag. Each event is judged by the rule set in force on its own date (programs.md §0.3, R-MISS-5)
// and each answer carries the key it was judged by: a course that spans UK-2023 → UK-2026 is judged
// event by event (P-18). US organizations keep the US engine (authorizeFill and its neighbours);
// these decisions refuse to judge their prescriptions and dispenses rather than judge them twice.
import { addYears, ageInYears, isAfter, isBefore, type IsoDate } from '../dates.js';
import { decide, reason, type Decision, type Reason } from '../decision.js';
import { acknowledgementCheck } from './acknowledgement.js';
import { assessmentReasons } from './assessments.js';
import { childbearingPotential } from './childbearingPotential.js';
import { contraceptionLeadReasons, contraceptionRecordedReasons, contraceptionStartedOn } from './contraceptionLead.js';
import { dispenseWindow, dispenseWindowReasons, windowRuleOf } from './dispenseWindow.js';
import { endOfTreatmentWarnings, judgeEndTest } from './endOfTreatmentTest.js';
import { decideExemption, exemptionActiveWarning, exemptionOn } from './exemption.js';
import { auStateOf, type Jurisdiction } from './jurisdictions.js';
import { parametersInForce, type ParameterSetting, type ProgramRuleSetId } from './parameters.js';
import { prescriberQualificationReasons } from './prescriberQualification.js';
import { positiveTestReasons, prescriptionTestCheck, prestartDispenseTestReasons, testSettingReasons } from './pregnancyTestRules.js';
import {
  factsAsOf,
  type ExemptionRecord,
  type PrescriberAttributes,
  type ProgramPatientFacts,
  type ProgramPregnancyTest,
  type ProgramPrescription,
  type Visit,
} from './programFacts.js';
import { nextRules, numberParameter, ruleFamilyOf, ruleSetFor, type ProgramRules, type RuleSetForOptions } from './ruleSetFor.js';
import { secondPrescriberReasons } from './secondPrescriber.js';
import { supplyCapReasons } from './supplyCap.js';
import { judgeVisit } from './visits.js';

/** The organization's side of every decision: where it practises and what it has set. */
export interface ProgramContext {
  jurisdiction: Jurisdiction | null;
  settings: readonly ParameterSetting[];
  options?: RuleSetForOptions;
}

export interface ProgramDecision {
  decision: Decision;
  /** The rule set judged by, or null when none could be chosen (P-27). */
  ruleSet: ProgramRuleSetId | null;
  /** The key stored with the decision ('UK-2026', 'EU-PPP-2018+IT', 'AU+ACT'). */
  key: string | null;
}

export interface ProgramDispenseDecision extends ProgramDecision {
  /** The last day the prescription may be dispensed (null: no window, or no rule set). */
  lastDayToDispense: IsoDate | null;
}

type Judged = { kind: 'rules'; rules: ProgramRules } | { kind: 'answer'; answer: ProgramDecision };

function rulesFor(context: ProgramContext, eventDate: IsoDate, judgesUs: boolean): Judged {
  const choice = ruleSetFor(context.jurisdiction, eventDate, context.settings, context.options);
  if (choice.kind === 'refused') {
    return { kind: 'answer', answer: { decision: choice.decision, ruleSet: null, key: null } };
  }
  if (!judgesUs && ruleFamilyOf(choice.rules.id) === 'US') {
    return {
      kind: 'answer',
      answer: {
        decision: decide([
          reason(
            'PROGRAM_USES_REMS_ENGINE',
            'R-AUTH-1',
            'A US organization follows the iPLEDGE REMS: its prescriptions and fills go through the authorization request.',
            'Use the US prescription and authorization workflow.',
          ),
        ]),
        ruleSet: choice.rules.id,
        key: choice.rules.key,
      },
    };
  }
  return { kind: 'rules', rules: choice.rules };
}

function answer(rules: ProgramRules, reasons: Reason[], warnings: Reason[] = []): ProgramDecision {
  return { decision: decide(reasons, warnings), ruleSet: rules.id, key: rules.key };
}

/** The course's other prescriptions by `asOf`: those written since the last course ended. */
function coursePrescriptions(facts: ProgramPatientFacts, asOf: IsoDate, exceptId: string): ProgramPrescription[] {
  const known = factsAsOf(facts, asOf);
  const courseFrom = known.lastDoseOn;
  return known.prescriptions.filter((prescription) => prescription.id !== exceptId && (courseFrom === null || isAfter(prescription.writtenOn, courseFrom)));
}

function latestWrittenOn(prescriptions: readonly ProgramPrescription[]): IsoDate | null {
  return prescriptions.reduce<IsoDate | null>(
    (latest, prescription) => (latest === null || isAfter(prescription.writtenOn, latest) ? prescription.writtenOn : latest),
    null,
  );
}

export interface ProgramPrescriptionRequest {
  prescription: ProgramPrescription;
  prescriber: PrescriberAttributes;
}

/** The prescriber writing a prescription (PPP-*, UK-*, CA-*, AU-* as the rule set of its date gives). */
export function decideProgramPrescription(facts: ProgramPatientFacts, request: ProgramPrescriptionRequest, context: ProgramContext): ProgramDecision {
  const { prescription, prescriber } = request;
  const writtenOn = prescription.writtenOn;
  const judged = rulesFor(context, writtenOn, false);
  if (judged.kind === 'answer') {
    return judged.answer;
  }
  const { rules } = judged;
  const { id, parameters } = rules;
  const known = factsAsOf(facts, writtenOn);
  const reasons: Reason[] = [];
  const warnings: Reason[] = [];

  const minAge = numberParameter(parameters, 'MIN_AGE_YEARS');
  if (minAge !== null && ageInYears(known.birthDate, writtenOn) < minAge) {
    reasons.push(
      reason('PATIENT_TOO_YOUNG', 'PPP-AGE-1', `Isotretinoin is prescribed from the age of ${minAge}.`, 'Do not prescribe before that age.', {
        earliestChangeDate: addYears(known.birthDate, minAge),
      }),
    );
  }
  reasons.push(
    ...prescriberQualificationReasons(id, parameters, prescriber, writtenOn, rules.jurisdiction.startsWith('AU') ? auStateOf(rules.jurisdiction) : null),
  );

  const previous = latestWrittenOn(coursePrescriptions(known, writtenOn, prescription.id));
  const first = previous === null;
  if (first) {
    const acknowledgement = acknowledgementCheck(id, parameters, known, writtenOn);
    reasons.push(...acknowledgement.reasons);
    // UK-AGE-1 in force (UK-2023), or kept with the 2023 form during the transition (UK-TRN-1).
    const underAge = acknowledgement.byTransition
      ? numberParameter(parametersInForce('UK-2023', writtenOn, context.settings), 'SECOND_PRESCRIBER_UNDER_AGE')
      : numberParameter(parameters, 'SECOND_PRESCRIBER_UNDER_AGE');
    const next = nextRules(rules, context.settings, context.options);
    const droppedOn = next !== null && numberParameter(next.parameters, 'SECOND_PRESCRIBER_UNDER_AGE') === null ? rules.nextChangeOn : null;
    reasons.push(...secondPrescriberReasons({ underAge, droppedOn }, known, writtenOn, prescriber.id));
  }
  const assessments = assessmentReasons(id, parameters, known, writtenOn, previous);
  reasons.push(...assessments.reasons);
  warnings.push(...assessments.warnings);

  const potential = childbearingPotential(id, known, writtenOn);
  reasons.push(...supplyCapReasons(id, parameters, prescription.daysSupply, potential.canGetPregnant));
  if (potential.canGetPregnant) {
    const exemption = exemptionOn(id, parameters, known, writtenOn);
    if (exemption.waivesContraception && exemption.latest !== null) {
      warnings.push(exemptionActiveWarning(id, exemption.latest));
    } else {
      const missing = contraceptionRecordedReasons(id, known, writtenOn);
      reasons.push(...(missing.length > 0 ? exemption.problems : []), ...missing);
    }
    if (!exemption.waivesTests) {
      const contraceptionFrom = exemption.waivesContraception ? null : contraceptionStartedOn(known, writtenOn);
      const tests = prescriptionTestCheck(id, parameters, known, writtenOn, previous, contraceptionFrom);
      reasons.push(...tests.reasons);
      warnings.push(...tests.warnings);
    }
    reasons.push(...positiveTestReasons(id, parameters, known, writtenOn));
  }
  return answer(rules, reasons, warnings);
}

export interface ProgramDispenseRequest {
  prescriptionId: string;
  dispensedOn: IsoDate;
}

/**
 * The pharmacist's checklist before a dispense (PPP-DSP-1 and the Pharmacist Checklist, CA-RX-1,
 * AU-RX-1): the prescription is on record and not yet dispensed, inside its window, for a patient
 * who can get pregnant with its negative test, the contraception lead at the start (P-D4) and
 * Canada's and Australia's pre-start tests; no positive test since. Returns the last day to
 * dispense, which the app computes (no authorization number outside the US).
 */
export function decideProgramDispense(facts: ProgramPatientFacts, request: ProgramDispenseRequest, context: ProgramContext): ProgramDispenseDecision {
  const { dispensedOn } = request;
  const judged = rulesFor(context, dispensedOn, false);
  if (judged.kind === 'answer') {
    return { ...judged.answer, lastDayToDispense: null };
  }
  const { rules } = judged;
  const { id, parameters } = rules;
  const known = factsAsOf(facts, dispensedOn);
  const prescription = known.prescriptions.find((candidate) => candidate.id === request.prescriptionId);
  if (prescription === undefined) {
    const later = facts.prescriptions.find((candidate) => candidate.id === request.prescriptionId);
    return {
      ...answer(rules, [
        later !== undefined
          ? reason(
              'PRESCRIPTION_NOT_YET_VALID',
              'PPP-DSP-1',
              `The prescription is dated ${later.writtenOn}, after the dispense.`,
              'Dispense on or after the prescription date.',
              { earliestChangeDate: later.writtenOn },
            )
          : reason('PRESCRIPTION_NOT_FOUND', 'PPP-DSP-1', 'No such prescription for this patient.', 'Check the prescription.'),
      ]),
      lastDayToDispense: null,
    };
  }
  const reasons: Reason[] = [];
  const warnings: Reason[] = [];
  if (known.dispenses.some((dispense) => dispense.prescriptionId === prescription.id)) {
    reasons.push(
      reason(
        'PRESCRIPTION_ALREADY_DISPENSED',
        'PPP-RX-1',
        'This prescription has already been dispensed; each supply needs a new prescription.',
        'The prescriber writes a new prescription.',
      ),
    );
  }
  const others = coursePrescriptions(known, dispensedOn, prescription.id);
  const previous = latestWrittenOn(others.filter((other) => isBefore(other.writtenOn, prescription.writtenOn)));
  const replacedBy = latestWrittenOn(others.filter((other) => isAfter(other.writtenOn, prescription.writtenOn)));
  const courseFrom = known.lastDoseOn;
  const firstDispense = !known.dispenses.some((dispense) => courseFrom === null || isAfter(dispense.dispensedOn, courseFrom));

  const potential = childbearingPotential(id, known, dispensedOn);
  reasons.push(...supplyCapReasons(id, parameters, prescription.daysSupply, potential.canGetPregnant));
  let specimenDate: IsoDate | null = null;
  if (potential.canGetPregnant) {
    const exemption = exemptionOn(id, parameters, known, dispensedOn);
    if (exemption.waivesContraception && exemption.latest !== null) {
      warnings.push(exemptionActiveWarning(id, exemption.latest));
    } else if (firstDispense) {
      reasons.push(...contraceptionLeadReasons(id, parameters, known, dispensedOn));
    } else {
      reasons.push(...contraceptionRecordedReasons(id, known, dispensedOn));
    }
    if (!exemption.waivesTests) {
      // The test the prescription needed; its timing after contraception is the prescriber's rule.
      const tests = prescriptionTestCheck(id, parameters, known, prescription.writtenOn, previous, null);
      reasons.push(...tests.reasons);
      warnings.push(...tests.warnings);
      specimenDate = tests.qualifying?.specimenDate ?? null;
      if (firstDispense) {
        reasons.push(...prestartDispenseTestReasons(id, parameters, known, dispensedOn));
      }
    }
    reasons.push(...positiveTestReasons(id, parameters, known, dispensedOn));
  }
  const window = dispenseWindow(
    windowRuleOf(parameters),
    { specimenDate, writtenOn: prescription.writtenOn, certifiedOn: prescription.certifiedOn },
    potential.canGetPregnant,
  );
  if (window.kind === 'open' && isBefore(dispensedOn, window.opensOn)) {
    reasons.push(
      reason('PRESCRIPTION_NOT_YET_VALID', 'PPP-DSP-1', `The dispensing window opens on ${window.opensOn}.`, 'Dispense on or after that day.', {
        earliestChangeDate: window.opensOn,
      }),
    );
  }
  if (!(window.kind === 'missingAnchor' && window.anchor === 'specimen' && reasons.some((r) => r.code === 'PREGNANCY_TEST_REQUIRED'))) {
    reasons.push(...dispenseWindowReasons(id, window, dispensedOn, replacedBy));
  }
  return { ...answer(rules, reasons, warnings), lastDayToDispense: window.kind === 'open' ? window.lastDay : null };
}

export interface ProgramTestDecision extends ProgramDecision {
  /** After the last dose: whether this is the final test (null: not an end-of-treatment test). */
  final: boolean | null;
}

/** Recording a pregnancy test: where it was done must count (P-14, P-21); after the last dose, whether it is final (P-13, P-22). */
export function decideTestRecord(facts: ProgramPatientFacts, test: ProgramPregnancyTest, context: ProgramContext): ProgramTestDecision {
  const judged = rulesFor(context, test.specimenDate, false);
  if (judged.kind === 'answer') {
    return { ...judged.answer, final: null };
  }
  const { rules } = judged;
  const reasons = testSettingReasons(rules.id, rules.parameters, test);
  const lastDoseOn = facts.lastDoseOn;
  if (lastDoseOn === null || !isAfter(test.specimenDate, lastDoseOn)) {
    return { ...answer(rules, reasons), final: null };
  }
  const end = judgeEndTest(rules.id, rules.parameters, lastDoseOn, test);
  return { ...answer(rules, reasons, end.warnings), final: reasons.length === 0 && end.final };
}

/** Recording a visit (P-15). */
export function decideVisit(facts: ProgramPatientFacts, visit: Visit, context: ProgramContext): ProgramDecision {
  const judged = rulesFor(context, visit.on, false);
  if (judged.kind === 'answer') {
    return judged.answer;
  }
  const { rules } = judged;
  const decision = judgeVisit(rules.id, rules.parameters, facts, visit);
  return { decision, ruleSet: rules.id, key: rules.key };
}

/** Recording a "no expected risk" exemption (P-06, P-19; in the US, P-26: there is none). */
export function decideProgramExemption(record: ExemptionRecord, context: ProgramContext): ProgramDecision {
  const judged = rulesFor(context, record.decidedOn, true);
  if (judged.kind === 'answer') {
    return judged.answer;
  }
  const { rules } = judged;
  return { decision: decideExemption(rules.id, rules.parameters, record), ruleSet: rules.id, key: rules.key };
}

/** The end-of-treatment flag on `asOf` (P-13): a warning when the final test is overdue; never blocks. */
export function endOfTreatmentFlags(facts: ProgramPatientFacts, asOf: IsoDate, context: ProgramContext): ProgramDecision {
  const judged = rulesFor(context, asOf, false);
  if (judged.kind === 'answer') {
    return judged.answer;
  }
  const { rules } = judged;
  const known = factsAsOf(facts, asOf);
  const potential = childbearingPotential(rules.id, known, asOf);
  return answer(rules, [], potential.canGetPregnant ? endOfTreatmentWarnings(rules.id, rules.parameters, known, asOf) : []);
}
