// Which rule set judges an event (programs.md §0.3 "Selection", domain.md §0.3, R-MISS-5): the
// organization's jurisdiction picks the program, the date of the event judged picks its version,
// and every decision records the key it was judged by (issue 14, item 1). The parameters come
// from `parametersInForce` only: the rule set's defaults, a member state's overlay, then the
// organization's own settings in force on that day.
import { isBefore, type IsoDate } from '../dates.js';
import { decide, reason, type Decision } from '../decision.js';
import { auStateOf, euOverlayOf, programOf, type EuOverlay, type Jurisdiction } from './jurisdictions.js';
import { parametersInForce, type ParameterKey, type ParameterSetting, type ParameterValues, type ProgramRuleSetId } from './parameters.js';

/** The program a rule set belongs to, as its rule IDs name it (PPP-*, UK-*, CA-*, AU-*, R-*). */
export type RuleFamily = 'US' | 'EU' | 'UK' | 'CA' | 'AU';

export function ruleFamilyOf(id: ProgramRuleSetId): RuleFamily {
  switch (id) {
    case 'REMS-2021':
    case 'REMS-2026':
      return 'US';
    case 'EU-PPP-2018':
      return 'EU';
    case 'UK-2023':
    case 'UK-2026':
      return 'UK';
    case 'CA':
      return 'CA';
    case 'AU':
      return 'AU';
  }
}

/** The rule ID of programs.md (or domain.md for the US) that states a concept in this family. */
export function ruleIdIn(id: ProgramRuleSetId, ids: Partial<Record<RuleFamily, string>> & { EU: string }): string {
  const family = ruleFamilyOf(id);
  return ids[family] ?? ids.EU;
}

/** One rule set as it applies to one event. */
export interface ProgramRules {
  id: ProgramRuleSetId;
  /** What a decision records: the rule set, plus the overlay or state ('UK-2026', 'EU-PPP-2018+IT', 'AU+ACT'). */
  key: string;
  jurisdiction: Jurisdiction;
  /** The values in force on the event's day (defaults, overlay, then the organization's settings). */
  parameters: ParameterValues;
  /** The organization's settings in force on that day (what the status page lists as overrides). */
  overrides: ParameterSetting[];
  /** The first day the next version of this program takes over, when one is scheduled after the event. */
  nextChangeOn: IsoDate | null;
}

export type RuleSetChoice = { kind: 'rules'; rules: ProgramRules } | { kind: 'refused'; decision: Decision };

export interface RuleSetForOptions {
  /**
   * The US deployment's REMS_2026_EFFECTIVE_DATE as the US engine has it (ProgramConfig), so that
   * both engines switch on the same day; absent: the parameter in force.
   */
  rems2026EffectiveDate?: IsoDate;
}

/**
 * A member state's additions, as parameter overrides (programs.md §2.1.1). They apply over the
 * EU defaults and under the organization's own settings (dated before any setting can be).
 */
export const EU_OVERLAY_PARAMETERS: Record<EuOverlay, ParameterValues> = {
  // PPP-NAT-IT-2: valid 7 days from the doctor's certification of non-pregnancy; PPP-NAT-FI-1: final test at 5 weeks.
  IT: { DISPENSE_ANCHOR: 'certification', END_TEST_OFFSET_DAYS: 35 },
  // PPP-NAT-FI-1.
  FI: { END_TEST_OFFSET_DAYS: 35 },
};

const OVERLAY_EFFECTIVE_FROM = '1900-01-01';

function overlaySettings(overlay: EuOverlay | null): ParameterSetting[] {
  if (overlay === null) {
    return [];
  }
  return Object.entries(EU_OVERLAY_PARAMETERS[overlay]).map(([key, value]) => ({
    key: key as ParameterKey,
    value,
    effectiveFrom: OVERLAY_EFFECTIVE_FROM,
    source: `PPP-NAT-${overlay}`,
  }));
}

function dateParameter(values: ParameterValues, key: ParameterKey): IsoDate {
  const value = values[key];
  if (typeof value !== 'string') {
    throw new Error(`${key} is not a date in this rule set`);
  }
  return value;
}

function notInForce(program: string, firstDay: IsoDate, eventDate: IsoDate): RuleSetChoice {
  return {
    kind: 'refused',
    decision: decide([
      reason(
        'PROGRAM_NOT_IN_FORCE',
        'P-27',
        `No rule set of the ${program} program is in force on ${eventDate}: its first day is ${firstDay}.`,
        'Check the date of the event; events before the program began cannot be judged by it.',
        { earliestChangeDate: firstDay },
      ),
    ]),
  };
}

/** The version of the program in force on `eventDate` for the jurisdiction, and the next one's first day. */
function versionOn(
  jurisdiction: Jurisdiction,
  eventDate: IsoDate,
  settings: readonly ParameterSetting[],
  options: RuleSetForOptions,
): { id: ProgramRuleSetId; nextChangeOn: IsoDate | null } | RuleSetChoice {
  switch (programOf(jurisdiction)) {
    case 'US': {
      // The US engine has no first day (REMS-2021 judges every earlier event, ruleSets.ts): the same here.
      const switchOn = options.rems2026EffectiveDate ?? dateParameter(parametersInForce('REMS-2021', eventDate, settings), 'REMS_2026_EFFECTIVE_DATE');
      return isBefore(eventDate, switchOn) ? { id: 'REMS-2021', nextChangeOn: switchOn } : { id: 'REMS-2026', nextChangeOn: null };
    }
    case 'GB': {
      const uk = parametersInForce('UK-2023', eventDate, settings);
      const uk2023 = dateParameter(uk, 'UK_2023_EFFECTIVE_DATE');
      const uk2026 = dateParameter(uk, 'UK_2026_EFFECTIVE_DATE');
      if (!isBefore(eventDate, uk2026)) {
        return { id: 'UK-2026', nextChangeOn: null };
      }
      if (!isBefore(eventDate, uk2023)) {
        return { id: 'UK-2023', nextChangeOn: uk2026 };
      }
      // programs.md §2.2: UK product information carried the 2018 EU text until the MHRA's measures.
      const eu = dateParameter(parametersInForce('EU-PPP-2018', eventDate, settings), 'EU_PPP_2018_EFFECTIVE_DATE');
      return isBefore(eventDate, eu) ? notInForce('UK', eu, eventDate) : { id: 'EU-PPP-2018', nextChangeOn: uk2023 };
    }
    case 'EU': {
      const eu = dateParameter(parametersInForce('EU-PPP-2018', eventDate, settings), 'EU_PPP_2018_EFFECTIVE_DATE');
      return isBefore(eventDate, eu) ? notInForce('EU', eu, eventDate) : { id: 'EU-PPP-2018', nextChangeOn: null };
    }
    case 'CA': {
      const ca = dateParameter(parametersInForce('CA', eventDate, settings), 'CA_EFFECTIVE_DATE');
      return isBefore(eventDate, ca) ? notInForce('Canadian', ca, eventDate) : { id: 'CA', nextChangeOn: null };
    }
    case 'AU':
      // No dated version captured (programs.md §2.6): state law as it stands; dated amendments are parameters.
      return { id: 'AU', nextChangeOn: null };
  }
}

/**
 * The rule set judging an event of an organization with `jurisdiction` on `eventDate`, or a
 * refusal: no jurisdiction (PROGRAM_NOT_CONFIGURED, P-27), or a day before the program began.
 */
export function ruleSetFor(
  jurisdiction: Jurisdiction | null,
  eventDate: IsoDate,
  settings: readonly ParameterSetting[],
  options: RuleSetForOptions = {},
): RuleSetChoice {
  if (jurisdiction === null) {
    return {
      kind: 'refused',
      decision: decide([
        reason(
          'PROGRAM_NOT_CONFIGURED',
          'P-27',
          'The organization has no jurisdiction, so no pregnancy-prevention program can judge this.',
          "An administrator sets the organization's jurisdiction (US, EU, GB, CA or an Australian state).",
        ),
      ]),
    };
  }
  const version = versionOn(jurisdiction, eventDate, settings, options);
  if ('kind' in version) {
    return version;
  }
  const overlay = version.id === 'EU-PPP-2018' ? euOverlayOf(jurisdiction) : null;
  const parameters = parametersInForce(version.id, eventDate, [...overlaySettings(overlay), ...settings]);
  // The organization's settings that decide a value on that day: per key, the one parametersInForce applied (the latest effective).
  const inForce = settings.filter((setting) => !isBefore(eventDate, setting.effectiveFrom) && Object.hasOwn(parameters, setting.key));
  const overrides = inForce.filter(
    (setting, index) =>
      !inForce.some(
        (other, otherIndex) =>
          other.key === setting.key && (other.effectiveFrom > setting.effectiveFrom || (other.effectiveFrom === setting.effectiveFrom && otherIndex > index)),
      ),
  );
  const state = auStateOf(jurisdiction);
  const key = overlay !== null ? `${version.id}+${overlay}` : state !== null ? `${version.id}+${state}` : version.id;
  return { kind: 'rules', rules: { id: version.id, key, jurisdiction, parameters, overrides, nextChangeOn: version.nextChangeOn } };
}

/** The rule set in force the day after `rules` stops, when a change is scheduled; null otherwise. */
export function nextRules(rules: ProgramRules, settings: readonly ParameterSetting[], options: RuleSetForOptions = {}): ProgramRules | null {
  if (rules.nextChangeOn === null) {
    return null;
  }
  const next = ruleSetFor(rules.jurisdiction, rules.nextChangeOn, settings, options);
  return next.kind === 'rules' ? next.rules : null;
}

/** A numeric parameter, or null when the rule set does not have it (the concept does not apply). */
export function numberParameter(parameters: ParameterValues, key: ParameterKey): number | null {
  const value = parameters[key];
  return typeof value === 'number' ? value : null;
}

export function booleanParameter(parameters: ParameterValues, key: ParameterKey): boolean {
  return parameters[key] === true;
}

export function dateOrNullParameter(parameters: ParameterValues, key: ParameterKey): IsoDate | null {
  const value = parameters[key];
  return typeof value === 'string' ? value : null;
}

export function choiceParameter(parameters: ParameterValues, key: ParameterKey): string | null {
  const value = parameters[key];
  return typeof value === 'string' ? value : null;
}
