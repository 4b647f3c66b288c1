// What anyone may read without logging in (issue 6): for each pharmacy a patient can order from
// (certified today), the averages and counts of the three service ratings and its published
// comments — text, month and ratings; never a name, an order, a date finer than the month, or
// anything the claim screen flags (domain/feedback.ts: publicServiceRatings).
import { publicServiceRatings, type PublicServiceRatings } from '../../domain/feedback.js';
import type { Services } from '../context.js';
import { listPharmacies } from '../orders/pharmacies.js';
import { loadFeedback } from './feedbackFacts.js';

export interface PharmacyServiceRatings extends PublicServiceRatings {
  pharmacy: { id: string; name: string };
}

export async function listPublicServiceRatings(services: Services): Promise<{ pharmacies: PharmacyServiceRatings[] }> {
  const { pharmacies } = await listPharmacies(services);
  const feedback = await loadFeedback(services.db, { pharmacyIds: pharmacies.map((pharmacy) => pharmacy.id) });
  return {
    pharmacies: pharmacies.map((pharmacy) => ({
      pharmacy,
      ...publicServiceRatings(feedback.filter((item) => item.pharmacyId === pharmacy.id)),
    })),
  };
}
