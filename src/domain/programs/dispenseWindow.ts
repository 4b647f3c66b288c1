// The dispensing window (programs.md §1 item 10): what it counts from and how. The US counts the
// specimen date as day 1 (domain.md D-2, R-WIN-1: last day = anchor + N − 1); the EU, the UK and
// Canada count the prescription date as day 0 (P-D1: last day = anchor + N); Italy counts from the
// doctor's certification of non-pregnancy (PPP-NAT-IT-2); Australia has no window (AU-RX-1).
import { addDays, isAfter, type IsoDate } from '../dates.js';
import { reason, type Reason } from '../decision.js';
import type { ParameterValues, ProgramRuleSetId } from './parameters.js';
import { choiceParameter, numberParameter, ruleIdIn } from './ruleSetFor.js';

export type DispenseAnchor = 'specimen' | 'prescription' | 'certification' | 'none';
export type WindowCounting = 'anchorIsDay1' | 'anchorIsDay0';

export type WindowRule = { anchor: 'none' } | { anchor: Exclude<DispenseAnchor, 'none'>; days: number; counting: WindowCounting };

/**
 * The window rule of a rule set, from its parameters: the US window is PCGP_WINDOW_DAYS from the
 * specimen, day 1 (D-2); the others DISPENSE_MAX_DAYS from their anchor, day 0 (P-D1).
 */
export function windowRuleOf(parameters: ParameterValues): WindowRule {
  const anchor = (choiceParameter(parameters, 'DISPENSE_ANCHOR') ?? 'none') as DispenseAnchor;
  if (anchor === 'none') {
    return { anchor };
  }
  const usDays = numberParameter(parameters, 'PCGP_WINDOW_DAYS');
  if (anchor === 'specimen' && usDays !== null) {
    return { anchor, days: usDays, counting: 'anchorIsDay1' };
  }
  const days = numberParameter(parameters, 'DISPENSE_MAX_DAYS');
  if (days === null) {
    // A window without a length cannot be judged: refuse rather than guess (the safer reading).
    return { anchor, days: 0, counting: 'anchorIsDay0' };
  }
  return { anchor, days, counting: 'anchorIsDay0' };
}

/** The last day of a window of `rule` whose anchor is `anchorDate`. */
export function windowLastDay(rule: Exclude<WindowRule, { anchor: 'none' }>, anchorDate: IsoDate): IsoDate {
  return rule.counting === 'anchorIsDay1' ? addDays(anchorDate, rule.days - 1) : addDays(anchorDate, rule.days);
}

export interface WindowAnchors {
  specimenDate: IsoDate | null;
  writtenOn: IsoDate;
  certifiedOn: IsoDate | null;
}

export type DispenseWindow =
  | { kind: 'none' }
  | { kind: 'open'; anchor: Exclude<DispenseAnchor, 'none'>; counting: WindowCounting; opensOn: IsoDate; lastDay: IsoDate }
  /** The anchor the window counts from is missing (no qualifying test, no certification). */
  | { kind: 'missingAnchor'; anchor: Exclude<DispenseAnchor, 'none'> };

/**
 * The window of one prescription. Italy's certification anchors a prescription for a patient who
 * can get pregnant; for the others the prescription date does (PPP-NAT-IT-2: "males 7 days from
 * writing").
 */
export function dispenseWindow(rule: WindowRule, anchors: WindowAnchors, canGetPregnant: boolean): DispenseWindow {
  if (rule.anchor === 'none') {
    return { kind: 'none' };
  }
  const anchor = rule.anchor === 'certification' && !canGetPregnant ? 'prescription' : rule.anchor;
  const anchorDate = anchor === 'specimen' ? anchors.specimenDate : anchor === 'certification' ? anchors.certifiedOn : anchors.writtenOn;
  if (anchorDate === null) {
    return { kind: 'missingAnchor', anchor };
  }
  return { kind: 'open', anchor, counting: rule.counting, opensOn: anchorDate, lastDay: windowLastDay(rule, anchorDate) };
}

/**
 * Reasons a dispense on `dispensedOn` falls outside the window (PPP-DSP-1, PPP-NAT-IT-2, CA-RX-1).
 * A lapsed prescription is void; when a newer one has been written it replaces it
 * (PRESCRIPTION_EXPIRED), otherwise a new prescription is needed (DISPENSE_WINDOW_CLOSED).
 */
export function dispenseWindowReasons(ruleSet: ProgramRuleSetId, window: DispenseWindow, dispensedOn: IsoDate, replacedBy: IsoDate | null): Reason[] {
  const rule = ruleIdIn(ruleSet, { EU: 'PPP-DSP-1', CA: 'CA-RX-1', US: 'R-WIN-1' });
  if (window.kind === 'none') {
    return [];
  }
  if (window.kind === 'missingAnchor') {
    return [
      window.anchor === 'certification'
        ? reason(
            'CERTIFICATION_REQUIRED',
            'PPP-NAT-IT-2',
            "The prescription has no doctor's certification of non-pregnancy; its validity counts from that certification.",
            'The doctor certifies the negative pregnancy test on the prescription.',
          )
        : reason('PREGNANCY_TEST_REQUIRED', rule, 'No negative pregnancy test opens the dispensing window.', 'Collect a pregnancy test.'),
    ];
  }
  if (!isAfter(dispensedOn, window.lastDay)) {
    return [];
  }
  if (replacedBy !== null) {
    return [
      reason(
        'PRESCRIPTION_EXPIRED',
        rule,
        `This prescription could be dispensed until ${window.lastDay}; it has lapsed and the prescription of ${replacedBy} replaces it.`,
        'Dispense the newer prescription.',
        { deadline: window.lastDay },
      ),
    ];
  }
  return [
    reason(
      'DISPENSE_WINDOW_CLOSED',
      rule,
      `The prescription could be dispensed until ${window.lastDay} (${window.anchor} ${window.opensOn} is day ${window.counting === 'anchorIsDay1' ? '1' : '0'}); it has lapsed.`,
      'The prescriber writes a new prescription (no waiting period).',
      { deadline: window.lastDay },
    ),
  ];
}
