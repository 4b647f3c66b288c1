// The pharmacies a patient can order from: those certified in the program today (R-RX-4).
import { isCertified } from '../../db/certifications.js';
import { programToday, type Services } from '../context.js';

export async function listPharmacies(services: Services): Promise<{ pharmacies: Array<{ id: string; name: string }> }> {
  const today = programToday(services);
  const rows = await services.db.selectFrom('organizations').select(['id', 'name']).where('kind', '=', 'pharmacy').orderBy('name').execute();
  const pharmacies = [];
  for (const row of rows) {
    if (await isCertified(services.db, { organizationId: row.id }, today)) {
      pharmacies.push({ id: row.id, name: row.name });
    }
  }
  return { pharmacies };
}
