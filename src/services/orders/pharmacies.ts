// The pharmacies a patient can order from: those certified in the program today (R-RX-4), each
// with its prices in force today (what an order placed now would be charged).
import { isCertified } from '../../db/certifications.js';
import { programToday, type Services } from '../context.js';
import { priceLists, type PriceEntry } from './prices.js';

export async function listPharmacies(services: Services): Promise<{ pharmacies: Array<{ id: string; name: string; prices: PriceEntry[] }> }> {
  const today = programToday(services);
  const rows = await services.db.selectFrom('organizations').select(['id', 'name']).where('kind', '=', 'pharmacy').orderBy('name').execute();
  const pharmacies = [];
  for (const row of rows) {
    if (await isCertified(services.db, { organizationId: row.id }, today)) {
      pharmacies.push({ id: row.id, name: row.name });
    }
  }
  const prices = await priceLists(
    services.db,
    pharmacies.map((pharmacy) => pharmacy.id),
    today,
  );
  return { pharmacies: pharmacies.map((pharmacy) => ({ ...pharmacy, prices: prices.get(pharmacy.id) ?? [] })) };
}
