// The pharmacy's home page (issue 10): at the top what is late — deliveries past their promised
// day and support messages past the response target (the order and support queues' own services)
// — then the prescriptions expected here: each patient's latest prescription, when it names this
// pharmacy and has not been dispensed, while her course goes on, with the engine's verdict on it
// ("can be authorized now, until …", what it waits for and from when, authorized here: dispense
// by …). Rows name the patient and her program identifier, never the birth date: opening one goes
// through the named pharmacy's access path (services/access.ts).
//
// Cost: one query for the candidates (an index on prescriptions.pharmacy_id), one for the
// authorizations this pharmacy holds, then the patient's facts (loadPatientFacts, one round trip)
// per candidate, capped at QUEUE_LIMIT patients, newest prescriptions first; plus the order and
// support queues as they cost on their own pages.
import { organizationProgram, programFor, settingsJson, todayFor } from '../programs/programFor.js';
import { sql } from 'kysely';
import { addDays, compareDates, isAfter, type IsoDate } from '../../domain/dates.js';
import { endedCourse } from '../../domain/course.js';
import type { PrescriptionVerdict } from '../../domain/pharmacyVerdict.js';
import { counterVerdict } from './counterVerdict.js';
import { isCertified } from '../../db/certifications.js';
import { loadPatientFacts } from '../../db/patientFacts.js';
import { NAMED_ACCESS_DAYS } from '../access.js';
import { writeAudit } from '../audit.js';
import { programToday, type Actor, type Services } from '../context.js';
import { ForbiddenError } from '../errors.js';
import { listPharmacyOrders, type QueuedOrder } from '../orders/fulfillment.js';
import { pharmacySupportQueue, type QueuedThread } from '../support/supportThreads.js';
import { authorizationsHeldBy, counterPrescription, type CounterPrescription } from './namedPrescription.js';

/** At most this many patients' prescriptions are judged per read (a pharmacy's month of regulars). */
export const QUEUE_LIMIT = 200;

export interface ExpectedPrescription {
  prescriptionId: string;
  patient: { name: string; programId: string };
  prescription: CounterPrescription;
  verdict: PrescriptionVerdict;
}

export interface PharmacyQueue {
  asOf: IsoDate;
  overdueDeliveries: QueuedOrder[];
  supportPastTarget: QueuedThread[];
  expected: ExpectedPrescription[];
  /** True when more than QUEUE_LIMIT patients had a prescription expected here: the oldest were left out. */
  truncated: boolean;
}

/** Ready to act on first (authorized here, then can be authorized), soonest last day first; then what waits, soonest date first. */
function rank(verdict: PrescriptionVerdict): [number, IsoDate] {
  switch (verdict.kind) {
    case 'authorized':
      return [0, verdict.doNotDispenseAfter];
    case 'ready':
      return [1, verdict.until ?? '9999-12-31'];
    case 'waiting':
      return [2, verdict.from ?? '9999-12-31'];
    case 'heldElsewhere':
      return [3, '9999-12-31'];
    case 'dispensed':
      return [4, verdict.dispense.dispensedOn];
  }
}

export async function readPharmacyQueue(services: Services, actor: Actor): Promise<PharmacyQueue> {
  if (actor.role !== 'pharmacist' || actor.organizationId === null) {
    await writeAudit(services.db, actor, { action: 'pharmacy.queue.read', outcome: 'denied' });
    throw new ForbiddenError('The queue is for a pharmacist of a pharmacy.');
  }
  const pharmacyId = actor.organizationId;
  const today = programToday(services);
  // Each patient's practice counts its own today (P-D6: Sydney is a day ahead of New York most of
  // its morning): the query reaches a day past the deployment's, and each row is judged on its own.
  const latestToday = addDays(today, 1);
  const candidates = await services.db
    .selectFrom('prescriptions as rx')
    .innerJoin('patients as p', 'p.id', 'rx.patient_id')
    .where('rx.pharmacy_id', '=', pharmacyId)
    .where('rx.written_on', '<=', sql<string>`${latestToday}::date`)
    // What the named pharmacy may open (services/access.ts): older ones are found by identifier and birth date.
    .where('rx.written_on', '>=', sql<string>`${addDays(today, -NAMED_ACCESS_DAYS)}::date`)
    // The patient's latest prescription: an older one is no longer what she comes for.
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('prescriptions as later')
            .select('later.id')
            .whereRef('later.patient_id', '=', 'rx.patient_id')
            .where('later.written_on', '<=', sql<string>`${latestToday}::date`)
            .where(sql<boolean>`(later.written_on, later.recorded_at) > (rx.written_on, rx.recorded_at)`),
        ),
      ),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('authorizations as a')
            .innerJoin('dispenses as d', 'd.authorization_id', 'a.id')
            .select('d.id')
            .whereRef('a.prescription_id', '=', 'rx.id'),
        ),
      ),
    )
    .select(['rx.id', 'rx.patient_id', 'p.given_name', 'p.family_name', 'p.program_id', 'p.prescriber_id'])
    // Each patient's practice's program (services/programs/programFor.ts), in this statement: the
    // verdict is the one the authorization will give.
    .select([
      sql<string | null>`(SELECT o.jurisdiction FROM organizations o WHERE o.id = p.practice_id)`.as('program_jurisdiction'),
      settingsJson(sql`p.practice_id`).as('program_settings'),
    ])
    .orderBy('rx.written_on', 'desc')
    .orderBy('rx.recorded_at', 'desc')
    .limit(QUEUE_LIMIT + 1)
    .execute();
  const truncated = candidates.length > QUEUE_LIMIT;
  const judged = candidates.slice(0, QUEUE_LIMIT);
  const held = await authorizationsHeldBy(
    services.db,
    judged.map((row) => row.patient_id),
    pharmacyId,
  );
  const pharmacyCertified = await isCertified(services.db, { organizationId: pharmacyId }, today);
  const expected: ExpectedPrescription[] = [];
  for (const row of judged) {
    const program = programFor(services.program, organizationProgram(row.program_jurisdiction, row.program_settings), today);
    const rowToday = todayFor(program, services.now());
    const facts = await loadPatientFacts(services.db, row.patient_id, rowToday);
    const prescription = facts.prescriptions.find((candidate) => candidate.id === row.id);
    if (prescription === undefined || isAfter(prescription.writtenOn, rowToday) || endedCourse(facts, rowToday) !== null) {
      continue;
    }
    expected.push({
      prescriptionId: row.id,
      patient: { name: `${row.given_name} ${row.family_name}`, programId: row.program_id },
      prescription: counterPrescription(prescription),
      verdict: await counterVerdict(
        services.db,
        {
          patient: { id: row.patient_id, prescriber_id: row.prescriber_id },
          facts,
          today: rowToday,
          program,
        },
        prescription,
        { pharmacyCertified, heldHere: (id) => held.has(id) },
      ),
    });
  }
  expected.sort((a, b) => {
    const [rankA, dateA] = rank(a.verdict);
    const [rankB, dateB] = rank(b.verdict);
    return rankA - rankB || compareDates(dateA, dateB) || a.patient.name.localeCompare(b.patient.name);
  });
  const orders = await listPharmacyOrders(services, actor);
  const support = await pharmacySupportQueue(services, actor);
  const answer: PharmacyQueue = {
    asOf: today,
    overdueDeliveries: orders.orders.filter((order) => order.deliveryOverdue),
    supportPastTarget: support.waiting.filter((thread) => thread.overTarget),
    expected,
    truncated,
  };
  await writeAudit(services.db, actor, {
    action: 'pharmacy.queue.read',
    outcome: 'ok',
    detail: { expected: expected.length, overdueDeliveries: answer.overdueDeliveries.length, supportPastTarget: answer.supportPastTarget.length },
  });
  return answer;
}
