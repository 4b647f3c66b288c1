// An administrator records how e-prescribing names a pharmacy (issue 11, NCPDP SCRIPT): its NCPDP
// Provider ID (NCPDPID) and its NPI. A NewRx is routed to the pharmacy it names by them, and a
// pharmacy system's message naming another registered pharmacy is refused. Each identifies one
// organization (migration 0018); the change is audited with what it replaced.
import { requireRole } from '../access.js';
import { writeAudit } from '../audit.js';
import type { Actor, Services } from '../context.js';
import { ConflictError, InvalidInputError, NotFoundError, type FieldError } from '../errors.js';

/**
 * Letters and digits, with spaces, dots or dashes inside (the reference pharmacy system's test
 * pharmacy is "Pharmacy 123"); nothing invisible, so what is stored is what SCRIPT messages carry.
 */
export const NCPDP_ID_PATTERN = '^[A-Za-z0-9](?:[A-Za-z0-9 .-]{0,33}[A-Za-z0-9])?$';

export interface PharmacyIdentifiersInput {
  /** The NCPDP Provider ID (7 digits for a US pharmacy; kept as sent, up to 35 characters). */
  ncpdpId: string;
  /** The pharmacy's 10-digit NPI, or null when it has none recorded. */
  npi: string | null;
}

export async function setPharmacyIdentifiers(services: Services, actor: Actor, organizationId: string, input: PharmacyIdentifiersInput) {
  requireRole(actor, 'admin');
  const ncpdpId = input.ncpdpId.trim();
  const npi = input.npi === null ? null : input.npi.trim();
  const problems: FieldError[] = [];
  if (!new RegExp(NCPDP_ID_PATTERN).test(ncpdpId)) {
    problems.push({ field: 'ncpdpId', code: 'INVALID_NCPDP_ID', message: 'An NCPDP Provider ID has 1 to 35 characters (7 digits for a US pharmacy).' });
  }
  if (npi !== null && !/^[0-9]{10}$/.test(npi)) {
    problems.push({ field: 'npi', code: 'INVALID_NPI', message: 'An NPI has 10 digits.' });
  }
  if (problems.length > 0) {
    throw new InvalidInputError(problems);
  }
  return services.db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('organizations')
      .select(['id', 'kind', 'ncpdp_id', 'npi'])
      .where('id', '=', organizationId)
      .forUpdate()
      .executeTakeFirst();
    if (before === undefined) {
      throw new NotFoundError('Organization');
    }
    if (before.kind !== 'pharmacy') {
      throw new InvalidInputError([{ field: 'ncpdpId', code: 'NOT_A_PHARMACY', message: 'Only a pharmacy has an NCPDP Provider ID and a pharmacy NPI.' }]);
    }
    for (const [column, value, label] of [
      ['ncpdp_id', ncpdpId, 'NCPDP Provider ID'],
      ['npi', npi, 'NPI'],
    ] as const) {
      if (value === null) {
        continue;
      }
      const holder = await trx.selectFrom('organizations').select('name').where(column, '=', value).where('id', '<>', organizationId).executeTakeFirst();
      if (holder !== undefined) {
        throw new ConflictError(`The ${label} ${value} is already ${holder.name}'s; each names one pharmacy.`);
      }
    }
    await trx.updateTable('organizations').set({ ncpdp_id: ncpdpId, npi }).where('id', '=', organizationId).execute();
    await writeAudit(trx, actor, {
      action: 'organization.pharmacyIdentifiers',
      entity: 'organization',
      entityId: organizationId,
      outcome: 'ok',
      detail: { before: { ncpdpId: before.ncpdp_id, npi: before.npi }, after: { ncpdpId, npi } },
    });
    return { id: organizationId, ncpdpId, npi };
  });
}
