// Recording a dispense against an authorization (R-AUTH-2, R-AUTH-4, R-AUTH-6, R-RX-5, D-4).
import { usDoNotDispenseAfter } from './authorizations.js';
import { addDays, compareDates, daysBetween, isAfter, isBefore, type IsoDate } from './dates.js';
import { decide, reason, type Decision, type Reason } from './decision.js';
import type { Authorization, PatientFacts, Prescription, Product } from './facts.js';
import { endedCourse } from './course.js';
import { pregnancyHold } from './pregnancy.js';
import { unresolvedContraceptionFailure } from './contraceptionFailure.js';
import { missingProgramNumber } from './programOutage.js';
import { ruleSetOn, type ProgramConfig } from './ruleSets.js';

export interface DispenseRequest {
  /**
   * The day the pharmacist hands the capsules over or, for mail order, releases them to the carrier
   * (R-AUTH-5); delivery may be later. It must be on or before the do-not-dispense-after date.
   */
  dispensedOn: IsoDate;
  product: Product;
  strengthMg: number;
  quantity: number;
  daysSupply: number;
  medicationGuideGiven: boolean;
}

export interface DispenseDecision extends Decision {
  /** True when the refusal means the authorization must be reversed and the stock returned (R-AUTH-2). */
  reverseAuthorization: boolean;
}

export function decideDispense(facts: PatientFacts, authorization: Authorization, request: DispenseRequest, config: ProgramConfig): DispenseDecision {
  const reasons: Reason[] = [];
  const warnings: Reason[] = [];
  let reverseAuthorization = false;
  if (authorization.dispense !== null) {
    reasons.push(
      reason(
        'AUTHORIZATION_ALREADY_USED',
        'R-AUTH-4',
        `Authorization ${authorization.rmaNumber} was already used for a dispense on ${authorization.dispense.dispensedOn}.`,
        'Each authorization allows one dispense; the next fill needs a new prescription and authorization.',
      ),
    );
    return { ...decide(reasons), reverseAuthorization };
  }
  if (authorization.reversal !== null) {
    reasons.push(
      reason(
        'AUTHORIZATION_REVERSED',
        'R-AUTH-2',
        `Authorization ${authorization.rmaNumber} was reversed on ${authorization.reversal.reversedOn}.`,
        'The patient must qualify again and the pharmacy request a new authorization.',
      ),
    );
    return { ...decide(reasons), reverseAuthorization };
  }
  if (isBefore(request.dispensedOn, authorization.requestedOn)) {
    reasons.push(
      reason(
        'DISPENSE_BEFORE_AUTHORIZATION',
        'R-AUTH-1',
        `The dispense date ${request.dispensedOn} is before the authorization (${authorization.requestedOn}).`,
        'Record the date the capsules were actually handed over or released to the carrier.',
      ),
    );
  }
  // In a US deployment the program's own RMA number must be recorded first; an outage of its
  // system ("unavailable" attempts) never stands in for it (issue 12, item 5).
  const missingNumber = missingProgramNumber(authorization, request.dispensedOn, config);
  if (missingNumber !== null) {
    reasons.push(missingNumber);
  }
  const lastDay = usDoNotDispenseAfter(authorization);
  if (isAfter(request.dispensedOn, lastDay)) {
    reverseAuthorization = true;
    reasons.push(
      reason(
        'DO_NOT_DISPENSE_AFTER_PASSED',
        'R-AUTH-2',
        `Authorization ${authorization.rmaNumber} could be dispensed until ${lastDay}.`,
        'The authorization is reversed and the stock returned; the patient must qualify again for a new authorization.',
        { deadline: lastDay },
      ),
    );
  }
  const hold = pregnancyHold(facts, request.dispensedOn);
  if (hold !== null) {
    reverseAuthorization = true;
    reasons.push(
      reason('PREGNANCY_HOLD', 'R-PREG-1', `A pregnancy hold has been in place since ${hold.since}.`, 'Do not dispense; the authorization is reversed.'),
    );
  }
  const failure = unresolvedContraceptionFailure(facts, request.dispensedOn);
  if (failure !== null) {
    reverseAuthorization = true;
    reasons.push(
      reason(
        'CONTRACEPTION_FAILURE_REPORTED',
        'R-CON-7',
        `A contraception failure (or unprotected intercourse, or a late period) was reported on ${failure.reportedOn}.`,
        'Do not dispense; the authorization is reversed. A negative pregnancy test collected after the report lets the patient qualify again.',
      ),
    );
  }
  const ended = endedCourse(facts, request.dispensedOn);
  if (ended !== null) {
    reverseAuthorization = true;
    reasons.push(
      reason('COURSE_ENDED', 'R-END-1', `The course ended with the last dose on ${ended.lastDoseOn}.`, 'Do not dispense; the authorization is reversed.'),
    );
  }
  const prescription = facts.prescriptions.find((candidate) => candidate.id === authorization.prescriptionId);
  if (prescription !== undefined) {
    reasons.push(...dispenseMatchReasons(prescription, request));
  }
  const rules = ruleSetOn(request.dispensedOn, config);
  if (request.daysSupply > rules.maxDaysSupply) {
    reasons.push(
      reason(
        'DAYS_SUPPLY_OVER_30',
        'R-RX-1',
        `A dispense may cover at most ${rules.maxDaysSupply} days.`,
        `Dispense at most ${rules.maxDaysSupply} days' supply.`,
      ),
    );
  }
  if (!request.medicationGuideGiven) {
    reasons.push(
      reason('MEDICATION_GUIDE_REQUIRED', 'R-AUTH-6', 'The Medication Guide must be given with every dispense.', 'Give the Medication Guide and confirm it.'),
    );
  }
  warnings.push(...earlyDispenseWarnings(facts, request.dispensedOn, config));
  return { ...decide(reasons, warnings), reverseAuthorization };
}

/**
 * What is handed over matches the prescription (R-RX-5, R-RX-1): the same product and strength (no
 * substitution), no more capsules and no more days than prescribed. Every program's dispense checks
 * it (the US authorization's and the pharmacist's checklist elsewhere).
 */
export function dispenseMatchReasons(
  prescription: Pick<Prescription, 'product' | 'strengthMg' | 'quantity' | 'daysSupply'>,
  request: Pick<DispenseRequest, 'product' | 'strengthMg' | 'quantity' | 'daysSupply'>,
): Reason[] {
  const reasons: Reason[] = [];
  if (prescription.product !== request.product || prescription.strengthMg !== request.strengthMg) {
    reasons.push(
      reason(
        'PRODUCT_NOT_SUBSTITUTABLE',
        'R-RX-5',
        `The prescription is for ${prescription.product} ${prescription.strengthMg} mg; isotretinoin products and strengths cannot be substituted.`,
        `Dispense ${prescription.product} ${prescription.strengthMg} mg, or the prescriber writes a new prescription.`,
      ),
    );
  }
  if (request.quantity > prescription.quantity) {
    reasons.push(
      reason(
        'QUANTITY_EXCEEDS_PRESCRIPTION',
        'R-RX-1',
        `${request.quantity} capsules exceed the ${prescription.quantity} prescribed.`,
        `Dispense at most ${prescription.quantity} capsules.`,
      ),
    );
  }
  if (request.daysSupply > prescription.daysSupply) {
    reasons.push(
      reason(
        'DAYS_SUPPLY_EXCEEDS_PRESCRIPTION',
        'R-RX-1',
        `${request.daysSupply} days exceed the ${prescription.daysSupply} days prescribed.`,
        `Dispense at most ${prescription.daysSupply} days' supply.`,
      ),
    );
  }
  return reasons;
}

/** R-MON-1: a new dispense while the previous supply should still last well beyond a week. */
function earlyDispenseWarnings(facts: PatientFacts, dispensedOn: IsoDate, config: ProgramConfig): Reason[] {
  const previous = facts.authorizations
    .flatMap((authorization) => (authorization.dispense === null || isAfter(authorization.dispense.dispensedOn, dispensedOn) ? [] : [authorization.dispense]))
    .sort((a, b) => compareDates(a.dispensedOn, b.dispensedOn))
    .at(-1);
  if (previous === undefined) {
    return [];
  }
  const supplyEndsOn = addDays(previous.dispensedOn, previous.daysSupply - 1);
  const { earlyDispenseWarningDays } = ruleSetOn(dispensedOn, config);
  if (daysBetween(dispensedOn, supplyEndsOn) <= earlyDispenseWarningDays) {
    return [];
  }
  return [
    reason(
      'EARLY_DISPENSE',
      'R-MON-1',
      `The previous supply (dispensed ${previous.dispensedOn}) should last until ${supplyEndsOn}.`,
      'Check that the patient is not accumulating capsules.',
    ),
  ];
}
