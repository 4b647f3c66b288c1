// Which rule set an organization's jurisdiction puts in force on a day, and the key a decision
// made under it records (issue 14, item 1): the US engine's own answer for the US (ruleSetOn),
// the programs' engine's for the others (ruleSetFor).

import type { IsoDate } from '../../domain/dates.js';
import { programOf, type Jurisdiction, type Program } from '../../domain/programs/jurisdictions.js';
import { ruleSetFor } from '../../domain/programs/ruleSetFor.js';
import { RULE_SET_DEFAULTS, type ParameterKey, type ParameterValue, type ProgramRuleSetId } from '../../domain/programs/parameters.js';
import { programJurisdiction, ruleSetOn, settingOn, type ProgramConfig } from '../../domain/ruleSets.js';
import { reason } from '../../domain/decision.js';
import { RuleRefusal } from '../errors.js';

/** The rule sets each program has had (programs.md §2): the keys an organization may set are theirs. */
export const PROGRAM_RULE_SETS: Record<Program, readonly ProgramRuleSetId[]> = {
  US: ['REMS-2021', 'REMS-2026'],
  EU: ['EU-PPP-2018'],
  GB: ['UK-2023', 'UK-2026'],
  CA: ['CA'],
  AU: ['AU'],
};

/** The parameters the rule sets of `jurisdiction`'s program have: the only keys it may set. */
export function parameterKeysOf(jurisdiction: Jurisdiction): Set<ParameterKey> {
  return new Set(PROGRAM_RULE_SETS[programOf(jurisdiction)].flatMap((id) => Object.keys(RULE_SET_DEFAULTS[id]) as ParameterKey[]));
}

/**
 * The rule set in force on `on` for the configured program and the key decisions record; null when
 * there is none: no jurisdiction (P-27), or a day before the program's first. The US answer is the
 * US engine's (ruleSetOn); the others', the programs' engine's (src/domain/programs/ruleSetFor.ts).
 */
export function ruleSetInForce(program: ProgramConfig, on: IsoDate): { id: ProgramRuleSetId; key: string } | null {
  const jurisdiction = programJurisdiction(program);
  if (jurisdiction === null) {
    return null;
  }
  if (programOf(jurisdiction) === 'US') {
    const { id } = ruleSetOn(on, program);
    return { id, key: id };
  }
  const choice = ruleSetFor(jurisdiction, on, program.settings ?? []);
  return choice.kind === 'rules' ? { id: choice.rules.id, key: choice.rules.key } : null;
}

/**
 * The organization's settings in force on `on` for the rule set in force then (the latest per
 * key), each with the document's default: what the status page says beside the rule set.
 */
export function overridesInForce(
  program: ProgramConfig,
  on: IsoDate,
): Array<{ key: ParameterKey; value: ParameterValue; default: ParameterValue; source: string; effectiveFrom: IsoDate }> {
  const settings = program.settings ?? [];
  const inForce = settings.length === 0 ? null : ruleSetInForce(program, on);
  if (inForce === null) {
    return [];
  }
  const defaults = RULE_SET_DEFAULTS[inForce.id];
  const keys = [...new Set(settings.map((setting) => setting.key))].filter((key) => Object.hasOwn(defaults, key)).sort();
  return keys.flatMap((key) => {
    const setting = settingOn(settings, key, on);
    return setting === undefined
      ? []
      : [{ key, value: setting.value, default: defaults[key] ?? null, source: setting.source, effectiveFrom: setting.effectiveFrom }];
  });
}

/**
 * The practice is under a program other than the US's, judged by that program's engine
 * (src/domain/programs). A practice without a jurisdiction is not: it is refused as not configured.
 */
export function judgedOutsideUs(program: ProgramConfig): boolean {
  const jurisdiction = programJurisdiction(program);
  return jurisdiction !== null && programOf(jurisdiction) !== 'US';
}

/**
 * The US engine (src/domain: authorizeFill, decideDispense, the prescription's limits) judges a
 * practice under the US program only. A practice without a jurisdiction is not configured (P-27),
 * and one under another program is judged by that program's engine (src/domain/programs), never by
 * the US rules: both are refused here, at the gates (prescription, authorization, dispense), the
 * safer answer until that engine is the one these paths call. Reads are not refused.
 */
export function requireUsProgram(program: ProgramConfig): void {
  const jurisdiction = programJurisdiction(program);
  if (jurisdiction === 'US') {
    return;
  }
  throw new RuleRefusal('The program is not configured for this', [
    jurisdiction === null
      ? reason(
          'PROGRAM_NOT_CONFIGURED',
          'P-27',
          'The organization has no jurisdiction, so no pregnancy-prevention program can judge this.',
          "An administrator sets the organization's jurisdiction (US, EU, GB, CA or an Australian state).",
        )
      : reason(
          'PROGRAM_NOT_US',
          'P-27',
          `The practice is under the ${jurisdiction} program; the US program's rules do not judge its events.`,
          "Record this under the practice's own program, or have an administrator correct the practice's jurisdiction.",
        ),
  ]);
}
