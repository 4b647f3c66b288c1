// The pharmacy's price list for online orders (issue 6): a unit price per capsule strength, each
// entry dated; the latest entry in force on a day is that day's price. A pharmacist keeps their own
// pharmacy's list; patients see the prices in force before ordering (GET /pharmacies).
import type { IsoDate } from '../../domain/dates.js';
import { writeAudit } from '../audit.js';
import { requireRole } from '../access.js';
import { programToday, type Actor, type Services } from '../context.js';
import type { Executor } from '../../db/executor.js';
import { ForbiddenError } from '../errors.js';
import { notBefore, throwIfProblems } from '../validation.js';

export interface PriceEntry {
  strengthMg: number;
  unitPriceCents: number;
  effectiveOn: IsoDate;
}

/** The unit price in force on a day for one strength at one pharmacy, or null when it has none. */
export async function priceInForce(db: Executor, pharmacyId: string, strengthMg: number, on: IsoDate): Promise<number | null> {
  const list = (await priceLists(db, [pharmacyId], on)).get(pharmacyId) ?? [];
  return list.find((entry) => entry.strengthMg === strengthMg)?.unitPriceCents ?? null;
}

/** Each pharmacy's prices in force on a day, by strength (the latest entry on or before it). */
export async function priceLists(db: Executor, pharmacyIds: readonly string[], on: IsoDate): Promise<Map<string, PriceEntry[]>> {
  const lists = new Map<string, PriceEntry[]>();
  if (pharmacyIds.length === 0) {
    return lists;
  }
  const rows = await db
    .selectFrom('pharmacy_prices')
    .select(['pharmacy_id', 'strength_mg', 'unit_price_cents', 'effective_on'])
    .distinctOn(['pharmacy_id', 'strength_mg'])
    .where('pharmacy_id', 'in', [...new Set(pharmacyIds)])
    .where('effective_on', '<=', on)
    .orderBy('pharmacy_id')
    .orderBy('strength_mg')
    .orderBy('effective_on', 'desc')
    .orderBy('recorded_at', 'desc')
    .execute();
  for (const row of rows) {
    const list = lists.get(row.pharmacy_id) ?? [];
    list.push({ strengthMg: row.strength_mg, unitPriceCents: row.unit_price_cents, effectiveOn: row.effective_on });
    lists.set(row.pharmacy_id, list);
  }
  return lists;
}

function ownPharmacy(actor: Actor): string {
  requireRole(actor, 'pharmacist');
  if (actor.organizationId === null) {
    throw new ForbiddenError('Only a pharmacist of a pharmacy keeps its prices.');
  }
  return actor.organizationId;
}

/** The caller's pharmacy's prices in force today, and the entries that take effect later. */
export async function listPrices(services: Services, actor: Actor): Promise<{ asOf: IsoDate; prices: PriceEntry[]; upcoming: PriceEntry[] }> {
  const pharmacyId = ownPharmacy(actor);
  const today = programToday(services);
  const [current, upcoming] = await Promise.all([
    priceLists(services.db, [pharmacyId], today),
    services.db
      .selectFrom('pharmacy_prices')
      .select(['strength_mg', 'unit_price_cents', 'effective_on'])
      .where('pharmacy_id', '=', pharmacyId)
      .where('effective_on', '>', today)
      .orderBy('effective_on')
      .orderBy('strength_mg')
      .orderBy('recorded_at')
      .execute(),
  ]);
  return {
    asOf: today,
    prices: current.get(pharmacyId) ?? [],
    upcoming: upcoming.map((row) => ({ strengthMg: row.strength_mg, unitPriceCents: row.unit_price_cents, effectiveOn: row.effective_on })),
  };
}

/** Records a price for one strength from a day on; orders already placed keep the price they were charged. */
export async function setPrice(services: Services, actor: Actor, input: PriceEntry): Promise<{ asOf: IsoDate; prices: PriceEntry[]; upcoming: PriceEntry[] }> {
  const pharmacyId = ownPharmacy(actor);
  // A price is set for today or later: the price in force on a past day is history, and stays as it was.
  throwIfProblems(notBefore('effectiveOn', input.effectiveOn, programToday(services), 'today'));
  await services.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('pharmacy_prices')
      .values({
        pharmacy_id: pharmacyId,
        strength_mg: input.strengthMg,
        unit_price_cents: input.unitPriceCents,
        effective_on: input.effectiveOn,
        recorded_by: actor.userId,
      })
      .execute();
    await writeAudit(trx, actor, { action: 'pharmacy.price.set', outcome: 'ok', detail: { ...input } });
  });
  return listPrices(services, actor);
}
