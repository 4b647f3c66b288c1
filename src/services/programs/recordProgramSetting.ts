// An administrator records an organization's own value for a program parameter (issue 14, item
// 4): the document it follows and the day it takes effect. Checked against the registry
// (domain/programs/parameters.ts) before anything is written: an unknown key, a key the
// organization's program does not have, a value out of range or a missing source is a 400 naming
// the field. Stored as a fact (never changed: a correction is a later setting) with its audit row,
// in one transaction; the practice's worklist entries are marked to be recomputed with it. A
// patient's events are judged by her practice's settings; a pharmacy may record its own too (its
// program's page shows them), which judge nothing today.
import { markPracticeWorklistStale } from '../../db/worklistEntries.js';
import { isIsoDate } from '../../domain/dates.js';
import { isJurisdiction } from '../../domain/programs/jurisdictions.js';
import { isParameterKey, parameterValueProblem, type ParameterValue } from '../../domain/programs/parameters.js';
import { requireRole } from '../access.js';
import { writeAudit } from '../audit.js';
import type { Actor, Services } from '../context.js';
import { InvalidInputError, NotFoundError, type FieldError } from '../errors.js';
import { organizationProgramView } from './readOrganizationProgram.js';
import { parameterKeysOf } from './programInForce.js';

export interface ProgramSettingInput {
  key: string;
  value: unknown;
  effectiveFrom: string;
  source: string;
}

export async function recordProgramSetting(services: Services, actor: Actor, organizationId: string, input: ProgramSettingInput) {
  requireRole(actor, 'admin');
  return services.db.transaction().execute(async (trx) => {
    // Locked: two settings for one organization are recorded one after the other, in the order their rows say.
    const organization = await trx.selectFrom('organizations').select(['id', 'jurisdiction']).where('id', '=', organizationId).forUpdate().executeTakeFirst();
    if (organization === undefined) {
      throw new NotFoundError('Organization');
    }
    const problems: FieldError[] = [];
    // Stored as written (the audit trail and the page show the document's name as the admin gave
    // it); refused only when nothing but spaces was given.
    const source = input.source;
    if (!isParameterKey(input.key)) {
      problems.push({ field: 'key', code: 'UNKNOWN_PARAMETER', message: `"${input.key}" is not a program parameter.` });
    } else if (!isJurisdiction(organization.jurisdiction)) {
      problems.push({
        field: 'key',
        code: 'PROGRAM_NOT_CONFIGURED',
        message: "The organization has no jurisdiction yet: set it first, then its program's parameters.",
      });
    } else if (!parameterKeysOf(organization.jurisdiction).has(input.key)) {
      problems.push({
        field: 'key',
        code: 'NOT_IN_PROGRAM',
        message: `${input.key} is not a parameter of the ${organization.jurisdiction} program's rule sets.`,
      });
    } else {
      const problem = parameterValueProblem(input.key, input.value);
      if (problem !== null) {
        problems.push({ field: 'value', code: 'VALUE_OUT_OF_RANGE', message: `${input.key} must be ${problem}.` });
      }
    }
    if (!isIsoDate(input.effectiveFrom)) {
      problems.push({ field: 'effectiveFrom', code: 'INVALID_DATE', message: 'The day the setting takes effect, written YYYY-MM-DD.' });
    }
    if (source.trim().length === 0) {
      problems.push({ field: 'source', code: 'SOURCE_REQUIRED', message: 'Name the document the value comes from (its title, version or date).' });
    }
    if (problems.length > 0) {
      throw new InvalidInputError(problems);
    }
    const value = input.value as ParameterValue;
    const row = await trx
      .insertInto('organization_program_settings')
      .values({
        organization_id: organizationId,
        key: input.key,
        value: JSON.stringify(value),
        effective_from: input.effectiveFrom,
        source,
        recorded_by: actor.userId,
      })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    // Every status and worklist entry of the practice's patients may change with it.
    await markPracticeWorklistStale(trx, organizationId);
    await writeAudit(trx, actor, {
      action: 'organization.programSetting',
      entity: 'organization',
      entityId: organizationId,
      outcome: 'ok',
      detail: { settingId: row.id, key: input.key, value, effectiveFrom: input.effectiveFrom, source },
    });
    return organizationProgramView(services, trx, organizationId);
  });
}
