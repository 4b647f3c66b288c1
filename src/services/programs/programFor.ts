// The program configuration an organization's events are judged by (issue 14, items 1 and 4): the
// deployment's (services.program, from the environment) with the organization's jurisdiction and
// its parameter settings (organization_program_settings). The settings are read with the data
// that needs them — with the patient (services/access.ts, in the statement that finds and locks
// her), or per organization for the admin's page — never cached in a process: several app servers
// serve one database, and a setting recorded through one is in force on every other at once.
import { sql, type RawBuilder } from 'kysely';
import { calendarDateAt, type IsoDate } from '../../domain/dates.js';
import { isJurisdiction, programOf, type Jurisdiction } from '../../domain/programs/jurisdictions.js';
import { choiceParameter, ruleSetFor } from '../../domain/programs/ruleSetFor.js';
import { isParameterKey, type ParameterSetting } from '../../domain/programs/parameters.js';
import { settingOn, type ProgramConfig } from '../../domain/ruleSets.js';
import type { Executor } from '../../db/executor.js';
import { NotFoundError } from '../errors.js';

/** An organization's program as stored: its jurisdiction and its settings in the order recorded. */
export interface OrganizationProgram {
  jurisdiction: Jurisdiction | null;
  settings: ParameterSetting[];
}

/** A stored setting as the engine reads it, with who recorded it and when (the admin's page). */
export interface RecordedSetting extends ParameterSetting {
  recordedBy: string;
  recordedAt: string;
}

/**
 * The settings of the organization whose id `organizationId` evaluates to, as one jsonb array in
 * the order they were recorded (so that of two for one key and day, the later recorded wins).
 */
export function settingsJson(organizationId: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`(SELECT coalesce(jsonb_agg(jsonb_build_object(
      'key', s.key, 'value', s.value, 'effectiveFrom', s.effective_from, 'source', s.source,
      'recordedBy', s.recorded_by, 'recordedAt', s.recorded_at) ORDER BY s.recorded_at, s.id), '[]'::jsonb)
    FROM organization_program_settings s WHERE s.organization_id = ${organizationId})`;
}

/** The stored jsonb array of settings, checked: a key the registry no longer knows is left out. */
export function recordedSettings(json: unknown): RecordedSetting[] {
  const rows = (typeof json === 'string' ? JSON.parse(json) : json) as Array<Record<string, unknown>> | null;
  return (rows ?? []).flatMap((row) =>
    isParameterKey(row.key)
      ? [
          {
            key: row.key,
            value: row.value as ParameterSetting['value'],
            effectiveFrom: String(row.effectiveFrom).slice(0, 10),
            source: String(row.source),
            recordedBy: String(row.recordedBy),
            recordedAt: new Date(String(row.recordedAt)).toISOString(),
          },
        ]
      : [],
  );
}

export function organizationProgram(jurisdiction: string | null, settings: unknown): OrganizationProgram {
  return {
    jurisdiction: isJurisdiction(jurisdiction) ? jurisdiction : null,
    settings: recordedSettings(settings).map(({ key, value, effectiveFrom, source }) => ({ key, value, effectiveFrom, source })),
  };
}

/** One organization's program, read on its own (one statement). */
export async function loadOrganizationProgram(db: Executor, organizationId: string): Promise<OrganizationProgram & { recorded: RecordedSetting[] }> {
  const row = await db
    .selectFrom('organizations as o')
    .select(['o.jurisdiction', settingsJson(sql`o.id`).as('settings')])
    .where('o.id', '=', organizationId)
    .executeTakeFirst();
  if (row === undefined) {
    throw new NotFoundError('Organization');
  }
  return { ...organizationProgram(row.jurisdiction, row.settings), recorded: recordedSettings(row.settings) };
}

/**
 * The configuration for the organization's events: the deployment's, with the organization's
 * jurisdiction and settings. The settings that are not a rule set's number but the deployment's
 * own knobs — the day REMS-2026 starts, FDA enforcement discretion, the time zone of "today" — are
 * applied here, as they are in force on `deploymentToday`, so that every rule that reads them sees
 * the same value (domain/ruleSets.ts ruleSetOn applies the numbers by each event's own day).
 */
export function programFor(base: ProgramConfig, program: OrganizationProgram, deploymentToday: IsoDate): ProgramConfig {
  if (program.settings.length === 0 && program.jurisdiction === (base.jurisdiction ?? 'US')) {
    return base.jurisdiction === undefined ? { ...base, jurisdiction: program.jurisdiction } : base;
  }
  const inForce = (key: 'REMS_2026_EFFECTIVE_DATE' | 'FDA_ENFORCEMENT_DISCRETION' | 'PROGRAM_TIMEZONE') =>
    settingOn(program.settings, key, deploymentToday)?.value;
  const switchDate = inForce('REMS_2026_EFFECTIVE_DATE');
  const discretion = inForce('FDA_ENFORCEMENT_DISCRETION');
  // Outside the US, the rule set's own zone (Europe/London for the UK, P-D6) unless the organization set one.
  const timeZone = inForce('PROGRAM_TIMEZONE') ?? programTimeZone(program, deploymentToday);
  return {
    ...base,
    jurisdiction: program.jurisdiction,
    settings: program.settings,
    ...(typeof switchDate === 'string' ? { rems2026EffectiveDate: switchDate } : {}),
    ...(typeof discretion === 'boolean' ? { enforcementDiscretion: discretion } : {}),
    ...(typeof timeZone === 'string' ? { remsTimeZone: timeZone } : {}),
  };
}

/** The PROGRAM_TIMEZONE of the rule set in force for a jurisdiction outside the US (with its overlay's and the organization's settings); undefined for the US (the deployment's zone). */
function programTimeZone(program: OrganizationProgram, on: IsoDate): string | undefined {
  if (program.jurisdiction === null || programOf(program.jurisdiction) === 'US') {
    return undefined;
  }
  const choice = ruleSetFor(program.jurisdiction, on, program.settings);
  return choice.kind === 'rules' ? (choiceParameter(choice.rules.parameters, 'PROGRAM_TIMEZONE') ?? undefined) : undefined;
}

/** Today as the organization's program counts it (programs.md P-D6: its PROGRAM_TIMEZONE). */
export function todayFor(program: ProgramConfig, now: Date): IsoDate {
  return calendarDateAt(now, program.remsTimeZone);
}

/** The configuration for an organization's events, read on its own (one statement): for an edge that judges without a patient loaded (CDS Hooks). */
export async function organizationProgramConfig(
  services: { db: Executor; program: ProgramConfig; now: () => Date },
  organizationId: string,
): Promise<ProgramConfig> {
  return programFor(
    services.program,
    await loadOrganizationProgram(services.db, organizationId),
    calendarDateAt(services.now(), services.program.remsTimeZone),
  );
}
