// What the NCPDP SCRIPT edge (interop/ncpdp) keeps and looks up besides the use cases it calls: a
// message sent again (its MessageID is its idempotency key), the link from a NewRx to the
// prescription it became (what a pharmacy's REMSRequest or RxFill names it by), and the pharmacy a
// prescription is routed to.
import { auditReplay, previousAnswer, type IdempotencyKey, type ReplayedRecord } from '../idempotency.js';
import type { Actor, Services } from '../context.js';
import { authorizationsHeldBy } from '../pharmacy/namedPrescription.js';

/** The answer this message was given the first time, or null when it is new (services/idempotency.ts). */
export function previousMessageAnswer<T>(services: Services, actor: Actor, key: IdempotencyKey | null): Promise<T | null> {
  return previousAnswer<T>(services.db, actor, key);
}

/** The audit row of a message answered again from its key (services/idempotency.ts, auditReplay). */
export function auditMessageReplay(services: Services, actor: Actor, action: string, record: ReplayedRecord): Promise<void> {
  return auditReplay(services.db, actor, action, record);
}

/** The authorizations (ids) this pharmacy holds for these patients (services/pharmacy/namedPrescription.ts). */
export function authorizationsHeldByPharmacy(services: Services, patientIds: readonly string[], pharmacyId: string): Promise<Set<string>> {
  return authorizationsHeldBy(services.db, patientIds, pharmacyId);
}

export interface NewRxLink {
  prescriptionId: string;
  practiceId: string;
  messageId: string;
  prescriberOrderNumber: string | null;
}

/** Which NewRx the prescription came from (kept once: a resend writes nothing new). */
export async function linkNewRx(services: Services, link: NewRxLink): Promise<void> {
  await services.db
    .insertInto('ncpdp_new_rx')
    .values({
      prescription_id: link.prescriptionId,
      practice_id: link.practiceId,
      message_id: link.messageId,
      prescriber_order_number: link.prescriberOrderNumber,
    })
    .onConflict((conflict) => conflict.doNothing())
    .execute();
}

/**
 * The prescriptions routed to this pharmacy whose NewRx a message names (by its MessageID or
 * PrescriberOrderNumber): only this pharmacy's, as MessageIDs are unique per sender, not across
 * practices. One id per link found (the same prescription may come twice).
 */
export async function newRxPrescriptionsForPharmacy(services: Services, references: readonly string[], pharmacyId: string): Promise<string[]> {
  const rows = await services.db
    .selectFrom('ncpdp_new_rx as n')
    .innerJoin('prescriptions as p', 'p.id', 'n.prescription_id')
    .select('n.prescription_id')
    .where((eb) => eb.or([eb('n.message_id', 'in', references), eb('n.prescriber_order_number', 'in', references)]))
    .where('p.pharmacy_id', '=', pharmacyId)
    .execute();
  return rows.map((row) => row.prescription_id);
}

/** Of these prescriptions, those whose NewRx a message names. One id per link found. */
export async function newRxPrescriptionsAmong(services: Services, references: readonly string[], prescriptionIds: readonly string[]): Promise<string[]> {
  const rows = await services.db
    .selectFrom('ncpdp_new_rx')
    .select('prescription_id')
    .where((eb) => eb.or([eb('prescriber_order_number', 'in', references), eb('message_id', 'in', references)]))
    .where('prescription_id', 'in', prescriptionIds)
    .execute();
  return rows.map((row) => row.prescription_id);
}

/** Of these prescriptions, the latest written; of two written the same day, the later recorded. */
export async function latestWritten(services: Services, prescriptionIds: readonly string[]): Promise<string | null> {
  const latest = await services.db
    .selectFrom('prescriptions')
    .select('id')
    .where('id', 'in', prescriptionIds)
    .orderBy('written_on', 'desc')
    .orderBy('recorded_at', 'desc')
    .executeTakeFirst();
  return latest?.id ?? null;
}

/** The name of the pharmacy a prescription is routed to, or null when it names none. */
export async function pharmacyNameOf(services: Services, prescriptionId: string): Promise<string | null> {
  const row = await services.db
    .selectFrom('prescriptions as p')
    .innerJoin('organizations as o', 'o.id', 'p.pharmacy_id')
    .select('o.name')
    .where('p.id', '=', prescriptionId)
    .executeTakeFirst();
  return row?.name ?? null;
}
