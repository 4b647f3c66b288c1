// What the pharmacy a prescription names is told about it (issue 10): can it be authorized now
// and until when, what does it wait for and from when, is it authorized here already, or was it
// dispensed and what does the next fill need. Derived from the one engine (authorizeFill,
// fillReadiness, programStatus): this file decides no rule of its own, it only picks which of the
// engine's answers applies and the dates to say.
import { usDoNotDispenseAfter, usRmaNumber } from './authorizations.js';
import { authorizeFill } from './authorizeFill.js';
import { addDays, latestOf, type IsoDate } from './dates.js';
import type { Reason } from './decision.js';
import type { Authorization, Dispense, PatientFacts } from './facts.js';
import { programOutage, type ProgramOutage } from './programOutage.js';
import { programStatus, type ProgramStatus } from './programStatus.js';
import type { ProgramConfig } from './ruleSets.js';

/** Spaces, dashes and lower case, as people type or read an identifier, are not part of it. */
export function normalizeProgramId(typed: string): string {
  return typed.replace(/[\s-]/g, '').toUpperCase();
}

/** The next fill, after a dispense: what it needs (the engine's blockers as of today) and the first day it can count. */
export interface NextFill {
  /** What the next fill needs, each with what does it (never empty while the course goes on). */
  needs: Reason[];
  /**
   * The first day the next month's items can be dated: the day after the last dispense (R-WIN-1a),
   * or later when a need cannot change before a date.
   */
  from: IsoDate;
}

export type PrescriptionVerdict =
  /**
   * Nothing blocks: an authorization requested today would be granted, good until `until` (outside
   * the US: the pharmacist's checklist passes today; `until` null where the program has no window).
   */
  | { kind: 'ready'; until: IsoDate | null; warnings: Reason[] }
  /**
   * This pharmacy holds the active authorization: dispense by `doNotDispenseAfter`. `programOutage`:
   * the program's system could not be reached for its RMA number (atRisk: the window closes first).
   * `programNumberRecorded`: the program's own RMA number is recorded (a REMS confirmation).
   */
  | {
      kind: 'authorized';
      authorizationId: string;
      rmaNumber: string;
      doNotDispenseAfter: IsoDate;
      programNumberRecorded: boolean;
      programOutage: ProgramOutage | null;
    }
  /** Another pharmacy holds (or dispensed) the authorization of this prescription (R-RX-3). */
  | { kind: 'heldElsewhere'; reasons: Reason[] }
  /** What must happen first; `from`: the first day it can be authorized, when only dates stand in the way. */
  | { kind: 'waiting'; reasons: Reason[]; warnings: Reason[]; from: IsoDate | null }
  /** Dispensed by this pharmacy: what it was, and what the next fill needs. */
  | { kind: 'dispensed'; authorizationId: string; dispense: Dispense; next: NextFill };

export interface VerdictContext {
  asOf: IsoDate;
  pharmacyCertified: boolean;
  /** Whether the asking pharmacy holds this authorization (facts do not say who holds one). */
  heldHere(authorizationId: string): boolean;
}

export function nextFill(facts: PatientFacts, asOf: IsoDate, config: ProgramConfig): NextFill {
  return nextFillOf(programStatus(facts, asOf, config), facts, asOf);
}

/** What the next fill needs by the status `status` (the US engine's, or another program's: programStatusElsewhere). */
export function nextFillOf(status: Pick<ProgramStatus, 'blockers'>, facts: Pick<PatientFacts, 'authorizations'>, asOf: IsoDate): NextFill {
  const lastDispensedOn = facts.authorizations
    .flatMap((authorization) => (authorization.dispense === null ? [] : [authorization.dispense.dispensedOn]))
    .reduce<IsoDate | null>((latest, day) => (latest === null ? day : latestOf(latest, day)), null);
  const dates = status.blockers.flatMap((blocker) => (blocker.earliestChangeDate === null ? [] : [blocker.earliestChangeDate]));
  const dayAfter = lastDispensedOn === null ? asOf : addDays(lastDispensedOn, 1);
  return { needs: status.blockers, from: latestOf(dayAfter, ...dates) };
}

export function prescriptionVerdict(facts: PatientFacts, prescriptionId: string, context: VerdictContext, config: ProgramConfig): PrescriptionVerdict {
  const dispensed = facts.authorizations.find((authorization) => authorization.prescriptionId === prescriptionId && authorization.dispense !== null);
  if (dispensed !== undefined && dispensed.dispense !== null && context.heldHere(dispensed.id)) {
    return { kind: 'dispensed', authorizationId: dispensed.id, dispense: dispensed.dispense, next: nextFill(facts, context.asOf, config) };
  }
  const fill = authorizeFill(facts, { prescriptionId, requestedOn: context.asOf, pharmacyCertified: context.pharmacyCertified }, config);
  if (fill.kind === 'existing') {
    if (context.heldHere(fill.authorization.id)) {
      return {
        kind: 'authorized',
        authorizationId: fill.authorization.id,
        rmaNumber: usRmaNumber(fill.authorization),
        doNotDispenseAfter: usDoNotDispenseAfter(fill.authorization),
        programNumberRecorded: fill.authorization.remsRmaNumber !== null,
        programOutage: programOutage(fill.authorization, context.asOf, config),
      };
    }
    return { kind: 'heldElsewhere', reasons: [heldElsewhere(fill.authorization)] };
  }
  if (fill.kind === 'refused') {
    const dates = fill.decision.reasons.map((reason) => reason.earliestChangeDate);
    // Only when every reason is a matter of days is there a date to say; otherwise something must be done first.
    const from = dates.every((date): date is IsoDate => date !== null) && dates.length > 0 ? latestOf(...dates) : null;
    return { kind: 'waiting', reasons: fill.decision.reasons, warnings: fill.decision.warnings, from };
  }
  return { kind: 'ready', until: fill.doNotDispenseAfter, warnings: fill.decision.warnings };
}

/** Why a pharmacy cannot have an authorization another pharmacy holds or used (R-RX-3, R-AUTH-4). */
export function heldElsewhere(authorization: Authorization): Reason {
  const dispensedOn = authorization.dispense?.dispensedOn ?? null;
  return dispensedOn === null
    ? {
        code: 'ACTIVE_AUTHORIZATION_EXISTS',
        rule: 'R-RX-3',
        message: 'Another pharmacy holds the active authorization for this prescription.',
        action: 'That pharmacy dispenses it, or reverses it before another pharmacy can be authorized.',
        earliestChangeDate: null,
      }
    : {
        code: 'AUTHORIZATION_ALREADY_USED',
        rule: 'R-AUTH-4',
        message: `This prescription was already dispensed by another pharmacy on ${dispensedOn}.`,
        action: 'The next fill needs a new prescription and authorization.',
        earliestChangeDate: null,
      };
}
