// Which isocourse pharmacy a SCRIPT message names: by its NCPDP Provider ID, else its NPI
// (organizations.ncpdp_id / npi, migration 0018, recorded by an administrator).
import type { Services } from '../context.js';

export interface NamedPharmacy {
  id: string;
  name: string;
}

export async function findPharmacy(services: Services, ids: { ncpdpId: string | undefined; npi: string | undefined }): Promise<NamedPharmacy | null> {
  for (const [column, value] of [
    ['ncpdp_id', ids.ncpdpId?.trim()],
    ['npi', ids.npi?.trim()],
  ] as const) {
    if (value === undefined || value === '') {
      continue;
    }
    const row = await services.db
      .selectFrom('organizations')
      .select(['id', 'name'])
      .where('kind', '=', 'pharmacy')
      .where(column, '=', value)
      .executeTakeFirst();
    if (row !== undefined) {
      return row;
    }
  }
  return null;
}
