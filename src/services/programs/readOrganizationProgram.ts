// What is in force for an organization (issue 14, item 4): its jurisdiction, the rule set that
// judges its events today and the key decisions record, and every parameter of that rule set with
// its value, the document's default, and the organization's setting in force if any (its source,
// effective day, who recorded it and when); then every setting ever recorded, scheduled ones
// included. The admin's page and the staff's status page read this.
import { PROGRAM_PARAMETERS, parametersInForce, RULE_SET_DEFAULTS, type ParameterKey } from '../../domain/programs/parameters.js';
import { settingOn } from '../../domain/ruleSets.js';
import { requireRole } from '../access.js';
import { programToday, type Actor, type Services } from '../context.js';
import type { Executor } from '../../db/executor.js';
import { ForbiddenError } from '../errors.js';
import { loadOrganizationProgram, programFor, todayFor } from './programFor.js';
import { parameterKeysOf, ruleSetInForce } from './programInForce.js';

export async function readOrganizationProgram(services: Services, actor: Actor, organizationId: string) {
  // The admin, for any organization; its own staff, for their organization (the status page).
  if (actor.role !== 'admin') {
    requireRole(actor, 'prescriber', 'delegate', 'pharmacist');
    if (actor.organizationId !== organizationId) {
      throw new ForbiddenError("Only an administrator sees another organization's program.");
    }
  }
  return organizationProgramView(services, services.db, organizationId);
}

export async function organizationProgramView(services: Services, db: Executor, organizationId: string) {
  const stored = await loadOrganizationProgram(db, organizationId);
  const program = programFor(services.program, stored, programToday(services));
  const today = todayFor(program, services.now());
  const names = new Map(
    stored.recorded.length === 0
      ? []
      : (
          await db
            .selectFrom('users')
            .select(['id', 'display_name'])
            .where('id', 'in', [...new Set(stored.recorded.map((setting) => setting.recordedBy))])
            .execute()
        ).map((row) => [row.id, row.display_name] as const),
  );
  const recorded = stored.recorded.map((setting) => ({ ...setting, recordedByName: names.get(setting.recordedBy) ?? null }));
  const inForce = ruleSetInForce(program, today);
  const values = inForce === null ? {} : parametersInForce(inForce.id, today, stored.settings);
  const parameters =
    inForce === null
      ? []
      : (Object.keys(RULE_SET_DEFAULTS[inForce.id]) as ParameterKey[]).map((key) => {
          const definition = PROGRAM_PARAMETERS[key];
          const setting = settingOn(stored.settings, key, today);
          // stored.settings and recorded are the same rows in the same order.
          const override = setting === undefined ? null : (recorded[stored.settings.indexOf(setting)] ?? null);
          return {
            key,
            kind: definition.kind,
            description: definition.description,
            value: values[key] ?? null,
            default: RULE_SET_DEFAULTS[inForce.id][key] ?? null,
            override:
              override === null
                ? null
                : {
                    value: override.value,
                    source: override.source,
                    effectiveFrom: override.effectiveFrom,
                    recordedBy: override.recordedByName,
                    recordedAt: override.recordedAt,
                  },
          };
        });
  return {
    id: organizationId,
    jurisdiction: stored.jurisdiction,
    asOf: today,
    ruleSet: inForce,
    parameters,
    /** The keys this organization may set: those of its program's rule sets (none until it has a jurisdiction). */
    settableKeys: stored.jurisdiction === null ? [] : [...parameterKeysOf(stored.jurisdiction)].sort(),
    settings: recorded.map((setting) => ({
      key: setting.key,
      value: setting.value,
      effectiveFrom: setting.effectiveFrom,
      source: setting.source,
      recordedBy: setting.recordedByName,
      recordedAt: setting.recordedAt,
    })),
  };
}
