// The pharmacy's authorization request: the gate in front of every dispense (R-AUTH-1, R-RX-3,
// R-WIN-1..4). It answers with the existing authorization when the same prescription was already
// authorized (idempotent), otherwise with a decision and, when allowed, the do-not-dispense-after date.
import { authorizationStatus } from './authorizations.js';
import { addDays, isAfter, isBefore, type IsoDate } from './dates.js';
import { decide, reason, type Decision, type Reason } from './decision.js';
import type { Authorization, PatientFacts } from './facts.js';
import { fillReadiness, type FillReadiness } from './fillReadiness.js';
import { prescriptionLimitReasons } from './prescription.js';
import type { ProgramConfig, RuleSetId } from './ruleSets.js';

export interface FillRequest {
  prescriptionId: string;
  requestedOn: IsoDate;
  pharmacyCertified: boolean;
}

export type FillDecision =
  | { kind: 'existing'; authorization: Authorization }
  | { kind: 'refused'; decision: Decision; readiness: FillReadiness }
  | {
      kind: 'authorized';
      decision: Decision;
      readiness: FillReadiness;
      doNotDispenseAfter: IsoDate;
      ruleSet: RuleSetId;
    };

export function authorizeFill(facts: PatientFacts, request: FillRequest, config: ProgramConfig): FillDecision {
  const existing = facts.authorizations.find(
    (authorization) =>
      authorization.prescriptionId === request.prescriptionId && ['active', 'used'].includes(authorizationStatus(authorization, request.requestedOn)),
  );
  if (existing !== undefined) {
    return { kind: 'existing', authorization: existing };
  }
  const readiness = fillReadiness(facts, request.requestedOn, config);
  const reasons: Reason[] = [];
  if (!request.pharmacyCertified) {
    reasons.push(
      reason(
        'PHARMACY_NOT_CERTIFIED',
        'R-ENR-1',
        'The pharmacy is not certified in the program.',
        'The pharmacy must be certified (activated) before it can request authorizations.',
      ),
    );
  }
  reasons.push(...readiness.reasons);
  reasons.push(...prescriptionReasons(facts, request, readiness, config));

  const otherActive = facts.authorizations.find(
    (authorization) => authorization.prescriptionId !== request.prescriptionId && authorizationStatus(authorization, request.requestedOn) === 'active',
  );
  if (otherActive !== undefined) {
    reasons.push(
      reason(
        'ACTIVE_AUTHORIZATION_EXISTS',
        'R-RX-3',
        // The RMA number stays with the pharmacy that holds it.
        'Another prescription of this patient already has an active authorization.',
        'The pharmacy holding it dispenses or reverses it first.',
      ),
    );
  }

  const decision = decide(reasons, readiness.warnings);
  if (!decision.allowed) {
    return { kind: 'refused', decision, readiness };
  }
  return {
    kind: 'authorized',
    decision,
    readiness,
    doNotDispenseAfter: readiness.window?.lastDay ?? addDays(request.requestedOn, readiness.rules.pcngpAuthorizationMaxDays - 1),
    ruleSet: readiness.rules.id,
  };
}

function prescriptionReasons(facts: PatientFacts, request: FillRequest, readiness: FillReadiness, config: ProgramConfig): Reason[] {
  const prescription = facts.prescriptions.find((candidate) => candidate.id === request.prescriptionId);
  if (prescription === undefined) {
    return [reason('PRESCRIPTION_NOT_FOUND', 'R-RX-2', 'No such prescription for this patient.', 'Check the prescription.')];
  }
  const reasons = prescriptionLimitReasons(prescription, prescription.writtenOn, config);
  if (isAfter(prescription.writtenOn, request.requestedOn)) {
    reasons.push(
      reason(
        'PRESCRIPTION_NOT_YET_VALID',
        'R-WIN-1a',
        `The prescription is dated ${prescription.writtenOn}, after the request.`,
        'Request the authorization on or after the prescription date.',
        { earliestChangeDate: prescription.writtenOn },
      ),
    );
  }
  const dispensedOn = readiness.lastDispense?.dispense?.dispensedOn;
  if (dispensedOn !== undefined && !isAfter(prescription.writtenOn, dispensedOn)) {
    reasons.push(
      reason(
        'PRESCRIPTION_FROM_EARLIER_MONTH',
        'R-RX-2',
        `The prescription of ${prescription.writtenOn} precedes the last dispense (${dispensedOn}); each month needs a new prescription.`,
        'The prescriber writes a new prescription for this month.',
      ),
    );
  }
  if (readiness.latestCounselingInMonth !== null && isBefore(prescription.writtenOn, readiness.latestCounselingInMonth)) {
    reasons.push(
      reason(
        'PRESCRIPTION_BEFORE_VISIT',
        'R-WIN-1a',
        `The prescription of ${prescription.writtenOn} is dated before this month's visit (${readiness.latestCounselingInMonth}).`,
        'The prescriber writes the prescription at or after the visit.',
      ),
    );
  }
  if (readiness.window !== null && isAfter(prescription.writtenOn, readiness.window.lastDay)) {
    reasons.push(
      reason(
        'PRESCRIPTION_AFTER_WINDOW',
        'R-WIN-1a',
        `The prescription of ${prescription.writtenOn} is dated after the window's last day (${readiness.window.lastDay}).`,
        'A new test (or visit) opens a new window.',
      ),
    );
  }
  return reasons;
}
