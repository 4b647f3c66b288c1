// Recomputes one patient's worklist entry from the facts and stores it, unless the facts changed
// while it was being computed (then the entry stays marked for the next refresh).
import { clinicalReview } from '../../domain/clinicalReview.js';
import type { IsoDate } from '../../domain/dates.js';
import { orderStatus } from '../../domain/orders.js';
import { programStatus } from '../../domain/programStatus.js';
import { plannedReminders } from '../../domain/reminders.js';
import { describePatientState } from '../../domain/stateWords.js';
import { worklistEntry } from '../../domain/worklist.js';
import { activeWorklistSnoozes } from '../../db/worklistSnoozes.js';
import { openMatchReviews } from '../../db/patientMatchReviews.js';
import { enqueueReminders } from '../../db/outbox.js';
import { loadClinicalFacts } from '../../db/clinicalFacts.js';
import { loadPatientFacts } from '../../db/patientFacts.js';
import { currentFactVersion, staleWorklistPatients, storeWorklistEntry } from '../../db/worklistEntries.js';
import type { Services } from '../context.js';
import { loadOrderFacts } from '../orders/orderFacts.js';

export async function refreshWorklistEntry(services: Services, patientId: string, today: IsoDate): Promise<void> {
  const { db } = services;
  // The version is read before the facts, so a write that lands in between is never overwritten.
  const version = await currentFactVersion(db, patientId);
  const patient = await db.selectFrom('patients').select(['prescriber_id', 'practice_id', 'user_id']).where('id', '=', patientId).executeTakeFirstOrThrow();
  const [facts, clinical, snoozes, matchReviews] = await Promise.all([
    loadPatientFacts(db, patientId, today),
    loadClinicalFacts(db, patientId, patient.practice_id),
    activeWorklistSnoozes(db, patientId, today),
    openMatchReviews(db, { patientId }),
  ]);
  const status = programStatus(facts, today, services.program);
  const review = clinicalReview(facts, clinical, today);
  const orderFacts = await loadOrderFacts(db, patientId, facts);
  const orders = orderFacts.orders.map((order) => ({
    id: order.id,
    prescriptionId: order.prescriptionId,
    placedOn: order.placedOn,
    status: orderStatus(order, orderFacts, today, services.program),
  }));
  await storeWorklistEntry(db, patientId, patient.prescriber_id, version, worklistEntry(status, review, today, services.program, snoozes, matchReviews), describePatientState(status));
  // The same derivation plans the patient's reminders; each occasion is queued once.
  await enqueueReminders(
    db,
    { id: patientId, userId: patient.user_id, prescriberId: patient.prescriber_id },
    plannedReminders(status, review, today, orders),
    services.messageTransport?.channel ?? 'inbox',
  );
}

/** Refreshed at most this many at once, so the database is not flooded. */
const REFRESH_BATCH = 8;
const REFRESH_PAGE = 200;
/** Enough pages for a million patients; bounds the loop if a refresh keeps losing races. */
const MAX_PAGES = 5_000;

/** Brings every stale entry (of one prescriber, or of everyone) up to date for `today`. */
export async function refreshStaleEntries(services: Services, prescriberId: string | null, today: IsoDate): Promise<number> {
  let refreshed = 0;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const stale = await staleWorklistPatients(services.db, prescriberId, today, REFRESH_PAGE);
    for (let start = 0; start < stale.length; start += REFRESH_BATCH) {
      await Promise.all(stale.slice(start, start + REFRESH_BATCH).map((patientId) => refreshWorklistEntry(services, patientId, today)));
    }
    refreshed += stale.length;
    if (stale.length < REFRESH_PAGE) {
      break;
    }
  }
  return refreshed;
}
