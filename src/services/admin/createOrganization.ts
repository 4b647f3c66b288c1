// An administrator registers a practice or a pharmacy.
import { isTimeZone } from '../../domain/dates.js';
import { isJurisdiction, JURISDICTIONS } from '../../domain/programs/jurisdictions.js';
import { requireRole } from '../access.js';
import { writeAudit } from '../audit.js';
import type { Actor, Services } from '../context.js';
import { InvalidInputError } from '../errors.js';

export interface NewOrganization {
  kind: 'practice' | 'pharmacy';
  name: string;
  timeZone?: string;
  /** The program it practises under (issue 14); left out: not configured (P-27) until an administrator sets it. */
  jurisdiction?: string;
}

export async function createOrganization(services: Services, actor: Actor, input: NewOrganization) {
  requireRole(actor, 'admin');
  if (input.timeZone !== undefined && !isTimeZone(input.timeZone)) {
    throw new InvalidInputError([{ field: 'timeZone', code: 'UNKNOWN_TIME_ZONE', message: `"${input.timeZone}" is not a known time zone.` }]);
  }
  if (input.jurisdiction !== undefined && !isJurisdiction(input.jurisdiction)) {
    throw new InvalidInputError([
      { field: 'jurisdiction', code: 'UNKNOWN_JURISDICTION', message: `"${input.jurisdiction}" is not a jurisdiction; one of ${JURISDICTIONS.join(', ')}.` },
    ]);
  }
  return services.db.transaction().execute(async (trx) => {
    const organization = await trx
      .insertInto('organizations')
      .values({
        kind: input.kind,
        name: input.name,
        ...(input.timeZone === undefined ? {} : { time_zone: input.timeZone }),
        jurisdiction: input.jurisdiction ?? null,
      })
      .returning(['id', 'kind', 'name', 'time_zone', 'jurisdiction'])
      .executeTakeFirstOrThrow();
    await writeAudit(trx, actor, { action: 'organization.create', entity: 'organization', entityId: organization.id, outcome: 'ok' });
    return { id: organization.id, kind: organization.kind, name: organization.name, timeZone: organization.time_zone, jurisdiction: organization.jurisdiction };
  });
}
