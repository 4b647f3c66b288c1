// Recomputes worklist entries from the facts and stores them, unless the facts of a patient changed
// while its entry was being computed (then the entry stays marked for the next refresh). Set-based:
// a batch of patients costs a fixed number of statements (their versions, their facts, their
// clinical facts, snoozes, identity reviews and orders, then one store and one insert of the
// reminders), and the rules run in memory for each patient, whatever the batch's size.
import { patientStatusOf } from '../programs/patientStatus.js';
import { organizationProgram, programFor, settingsJson } from '../programs/programFor.js';
import { sql } from 'kysely';
import { clinicalReview } from '../../domain/clinicalReview.js';
import type { IsoDate } from '../../domain/dates.js';
import { orderStatus } from '../../domain/orders.js';
import { plannedReminders, type Reminder } from '../../domain/reminders.js';
import { describePatientState } from '../../domain/stateWords.js';
import { worklistEntry } from '../../domain/worklist.js';
import { activeWorklistSnoozesMany } from '../../db/worklistSnoozes.js';
import { openMatchReviews, type OpenMatchReview } from '../../db/patientMatchReviews.js';
import { enqueueRemindersMany, type WrittenReminder } from '../../db/outbox.js';
import type { Language } from '../../messages/patient/locales.js';
import { reminderText } from '../../messages/patient/reminderText.js';
import { loadClinicalFactsMany } from '../../db/clinicalFacts.js';
import { loadPatientFactsMany } from '../../db/patientFacts.js';
import { staleWorklistPatients, storeWorklistEntries, type ComputedWorklistEntry } from '../../db/worklistEntries.js';
import type { Services } from '../context.js';
import { loadOrderFacts } from '../orders/orderFacts.js';

export async function refreshWorklistEntry(services: Services, patientId: string, today: IsoDate): Promise<void> {
  await refreshWorklistEntries(services, [patientId], today);
}

/** Patients whose rules run between two yields to the event loop, so other requests are served meanwhile. */
const COMPUTE_SLICE = 25;

/** A reminder with its words: the patient's in her language, the prescriber's in English (staff pages are English). */
function written(reminder: Reminder, patientLanguage: Language): WrittenReminder {
  const { message, ...rest } = reminder;
  return { ...rest, ...reminderText(message, reminder.recipient === 'patient' ? patientLanguage : 'en') };
}

/** Recomputes and stores the entries of these patients (and queues their reminders); returns how many were stored. */
export async function refreshWorklistEntries(services: Services, patientIds: readonly string[], today: IsoDate): Promise<number> {
  const { db } = services;
  const ids = [...new Set(patientIds)];
  if (ids.length === 0) {
    return 0;
  }
  // The versions are read before the facts, so a write that lands in between is never overwritten.
  const patients = await db
    .selectFrom('patients as p')
    .leftJoin('worklist_entries as w', 'w.patient_id', 'p.id')
    .leftJoin('users as u', 'u.id', 'p.user_id')
    .select(['p.id', 'p.prescriber_id', 'p.practice_id', 'p.user_id', 'w.fact_version', 'u.language'])
    // The practice's program (jurisdiction and settings: services/programs/programFor.ts), with
    // the patients, no statement of its own; a setting recorded marks the practice's entries.
    .select([
      sql<string | null>`(SELECT o.jurisdiction FROM organizations o WHERE o.id = p.practice_id)`.as('program_jurisdiction'),
      settingsJson(sql`p.practice_id`).as('program_settings'),
    ])
    .where('p.id', '=', sql<string>`any(${ids}::uuid[])`)
    .execute();
  const found = patients.map((patient) => patient.id);
  const [facts, clinical, snoozes, reviews, ordering] = await Promise.all([
    loadPatientFactsMany(db, found, today),
    loadClinicalFactsMany(
      db,
      patients.map((patient) => ({ id: patient.id, practiceId: patient.practice_id })),
    ),
    activeWorklistSnoozesMany(db, found, today),
    openMatchReviews(db, { patientIds: found }),
    // Most patients never order online: only those who did have their orders loaded (one by one, few).
    db
      .selectFrom('orders')
      .select('patient_id')
      .distinct()
      .where('patient_id', '=', sql<string>`any(${found}::uuid[])`)
      .execute(),
  ]);
  const reviewsOf = new Map<string, OpenMatchReview[]>();
  for (const review of reviews) {
    reviewsOf.set(review.patientId, [...(reviewsOf.get(review.patientId) ?? []), review]);
  }
  const withOrders = new Set(ordering.map((row) => row.patient_id));
  const entries: ComputedWorklistEntry[] = [];
  const reminders: Array<{ patient: { id: string; userId: string | null; prescriberId: string }; reminders: WrittenReminder[] }> = [];
  for (const [index, patient] of patients.entries()) {
    if (index > 0 && index % COMPUTE_SLICE === 0) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    const patientFacts = facts.get(patient.id);
    const clinicalFacts = clinical.get(patient.id);
    if (patientFacts === undefined || clinicalFacts === undefined) {
      continue;
    }
    const program = programFor(services.program, organizationProgram(patient.program_jurisdiction, patient.program_settings), today);
    const status = await patientStatusOf(db, { patient, facts: patientFacts, today, program });
    const review = clinicalReview(patientFacts, clinicalFacts, today);
    const orderFacts = withOrders.has(patient.id) ? await loadOrderFacts(db, patient.id, patientFacts) : null;
    const orders = (orderFacts?.orders ?? []).map((order) => ({
      id: order.id,
      prescriptionId: order.prescriptionId,
      placedOn: order.placedOn,
      status: orderStatus(order, orderFacts ?? { patient: patientFacts, orders: [], holders: [] }, today, program),
    }));
    entries.push({
      patientId: patient.id,
      prescriberId: patient.prescriber_id,
      readVersion: patient.fact_version,
      entry: worklistEntry(status, review, today, program, snoozes.get(patient.id) ?? [], reviewsOf.get(patient.id) ?? []),
      summary: describePatientState(status),
    });
    // The same derivation plans the patient's reminders; each occasion is queued once.
    reminders.push({
      patient: { id: patient.id, userId: patient.user_id, prescriberId: patient.prescriber_id },
      // Worded now, in the language the patient chose (her prescriber's copy in English).
      reminders: plannedReminders(status, review, today, orders).map((reminder) => written(reminder, patient.language ?? 'en')),
    });
  }
  const stored = await storeWorklistEntries(db, entries);
  await enqueueRemindersMany(db, reminders, services.messageTransport?.channel ?? 'inbox');
  return stored;
}

/** Patients refreshed per batch: a fixed number of statements each, whatever the count. */
const REFRESH_PAGE = 500;
/** Enough pages for a million patients; bounds the loop if a refresh keeps losing races. */
const MAX_PAGES = 2_000;

/**
 * A prescriber waiting for their list (a first read after a deploy: ~500 entries to compute) gets
 * the page cut in slices computed READ_SLICES_AT_ONCE at a time, so the rules of one slice run in
 * Node while PostgreSQL loads the facts of the next, on the other core. The scheduled work, which
 * nobody waits for, takes its pages whole, one at a time.
 */
const READ_SLICE = 125;
const READ_SLICES_AT_ONCE = 2;

async function refreshInSlices(services: Services, patientIds: readonly string[], today: IsoDate): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < patientIds.length) {
      const slice = patientIds.slice(next, next + READ_SLICE);
      next += READ_SLICE;
      await refreshWorklistEntries(services, slice, today);
    }
  };
  await Promise.all(Array.from({ length: READ_SLICES_AT_ONCE }, worker));
}

/** Brings every stale entry (of one prescriber, or of everyone) up to date for `today`. */
export async function refreshStaleEntries(services: Services, prescriberId: string | null, today: IsoDate): Promise<number> {
  let refreshed = 0;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const stale = await staleWorklistPatients(services.db, prescriberId, today, REFRESH_PAGE);
    await (prescriberId === null ? refreshWorklistEntries(services, stale, today) : refreshInSlices(services, stale, today));
    refreshed += stale.length;
    if (stale.length < REFRESH_PAGE) {
      break;
    }
  }
  return refreshed;
}
