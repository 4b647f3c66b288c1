// Support about an order (issue 6): the patient writes about their order; the pharmacy the order
// was placed with sees its queue of threads waiting for an answer, with the time each has waited
// against the response target (domain/support.ts), and answers; the patient (and their care team,
// read-only) reads the thread. Each message is a fact written with its audit row in one
// transaction; an answer also queues an inbox notice for the patient in that transaction, which
// the scheduled work delivers only once it is committed (db/outbox.ts).
import type { IsoDate } from '../../domain/dates.js';
import { orderStatus, type Order, type OrderState } from '../../domain/orders.js';
import {
  compareWaiting,
  DEFAULT_SUPPORT_RESPONSE_HOURS,
  inSentOrder,
  messageBodyProblem,
  threadState,
  type SupportSide,
  type ThreadState,
} from '../../domain/support.js';
import { NO_PHARMACY } from '../access.js';
import { writeAudit } from '../audit.js';
import { programToday, type Actor, type Services } from '../context.js';
import type { Executor } from '../../db/executor.js';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../errors.js';
import { orderTarget } from '../orders/fulfillment.js';
import { loadOrderFacts, pharmacyNames, pharmacyOrderFacts, type LoadedOrderFacts } from '../orders/orderFacts.js';
import { withPatient, type PatientWork } from '../patients/patientTransaction.js';

/** Answered threads shown in the pharmacy's queue: those answered within this many days. */
const RECENTLY_ANSWERED_DAYS = 7;
const QUEUE_LIMIT = 500;

export interface SupportMessageView {
  id: string;
  from: SupportSide;
  /** The patient's name, or the pharmacy's (never the individual pharmacist's). */
  authorName: string;
  body: string;
  sentAt: string;
}

export interface ThreadStateView {
  waitingForPharmacy: boolean;
  waitingSince: string | null;
  hoursWaited: number | null;
  dueAt: string | null;
  overTarget: boolean;
  lastAnsweredAt: string | null;
  lastMessageAt: string | null;
}

export interface SupportThreadView {
  id: string;
  order: { id: string; placedOn: IsoDate; state: OrderState; pharmacy: { id: string; name: string } };
  responseHours: number;
  state: ThreadStateView;
  messages: SupportMessageView[];
}

export function responseHours(services: Services): number {
  return services.supportResponseHours ?? DEFAULT_SUPPORT_RESPONSE_HOURS;
}

const iso = (value: Date | null) => (value === null ? null : value.toISOString());

function stateView(state: ThreadState): ThreadStateView {
  return {
    waitingForPharmacy: state.waitingForPharmacy,
    waitingSince: iso(state.waitingSince),
    hoursWaited: state.hoursWaited,
    dueAt: iso(state.dueAt),
    overTarget: state.overTarget,
    lastAnsweredAt: iso(state.lastAnsweredAt),
    lastMessageAt: iso(state.lastMessageAt),
  };
}

interface MessageRow {
  id: string;
  order_id: string;
  author_side: SupportSide;
  body: string;
  sent_at: Date;
}

async function messagesOf(db: Executor, orderIds: readonly string[]): Promise<Map<string, MessageRow[]>> {
  const byOrder = new Map<string, MessageRow[]>();
  if (orderIds.length === 0) {
    return byOrder;
  }
  const rows = await db
    .selectFrom('support_messages')
    .select(['id', 'order_id', 'author_side', 'body', 'sent_at'])
    .where('order_id', 'in', [...new Set(orderIds)])
    .orderBy('sent_at')
    .orderBy('recorded_at')
    .orderBy('id')
    .execute();
  for (const row of rows) {
    byOrder.set(row.order_id, [...(byOrder.get(row.order_id) ?? []), row]);
  }
  return byOrder;
}

const asMessages = (rows: readonly MessageRow[]) => rows.map((row) => ({ id: row.id, author: row.author_side, sentAt: row.sent_at }));

interface ThreadOrder {
  facts: LoadedOrderFacts;
  order: Order;
}

/** One order of this patient (of this pharmacy, with `pharmacyId`) and its facts; another's is not found. */
async function threadOrder(work: PatientWork, orderId: string, options: { pharmacyId?: string } = {}): Promise<ThreadOrder> {
  const facts = await loadOrderFacts(work.trx, work.patient.id, work.facts, options);
  const order = facts.orders.find((candidate) => candidate.id === orderId);
  if (order === undefined) {
    throw new NotFoundError('Order');
  }
  return { facts, order };
}

/** The thread of one order of this patient as it stands now in this transaction. */
async function threadOf(services: Services, work: PatientWork, { facts, order }: ThreadOrder): Promise<SupportThreadView> {
  const rows = (await messagesOf(work.trx, [order.id])).get(order.id) ?? [];
  const names = await pharmacyNames(work.trx, [order.pharmacyId]);
  const pharmacyName = names.get(order.pharmacyId) ?? 'The pharmacy';
  const patientName = `${work.patient.given_name} ${work.patient.family_name}`;
  const hours = responseHours(services);
  return {
    id: order.id,
    order: {
      id: order.id,
      placedOn: order.placedOn,
      state: orderStatus(order, facts, work.today, work.program).state,
      pharmacy: { id: order.pharmacyId, name: pharmacyName },
    },
    responseHours: hours,
    state: stateView(threadState(asMessages(rows), services.now(), hours)),
    messages: inSentOrder(rows.map((row) => ({ ...row, sentAt: row.sent_at }))).map((row) => ({
      id: row.id,
      from: row.author_side,
      authorName: row.author_side === 'patient' ? patientName : pharmacyName,
      body: row.body,
      sentAt: row.sent_at.toISOString(),
    })),
  };
}

function checkedBody(body: string): string {
  const problem = messageBodyProblem(body);
  if (problem !== null) {
    throw new InvalidInputError([{ field: 'body', ...problem }]);
  }
  // Kept exactly as written (spaces and line breaks included): what was sent is what is read.
  return body;
}

async function insertMessage(services: Services, work: PatientWork, orderId: string, side: SupportSide, actor: Actor, body: string): Promise<string> {
  const row = await work.trx
    .insertInto('support_messages')
    .values({ order_id: orderId, author_side: side, author_id: actor.userId, body, sent_at: services.now() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The patient writes about their own order (only the patient themself; their care team is refused). */
export async function sendPatientMessage(
  services: Services,
  actor: Actor,
  patientId: string,
  orderId: string,
  input: { body: string },
): Promise<SupportThreadView> {
  return withPatient(services, actor, patientId, 'order', 'support.message.send', async (work) => {
    const body = checkedBody(input.body);
    // Another patient's order is answered like one that does not exist.
    const thread = await threadOrder(work, orderId);
    await insertMessage(services, work, orderId, 'patient', actor, body);
    return threadOf(services, work, thread);
  });
}

/** A thread read: the patient, their care team (read-only), or a pharmacist of the order's pharmacy. */
export async function readThread(services: Services, actor: Actor, patientId: string, orderId: string): Promise<SupportThreadView> {
  if (actor.role === 'pharmacist') {
    return readThreadAtPharmacy(services, actor, orderId, patientId);
  }
  return withPatient(services, actor, patientId, 'read', 'support.thread.read', async (work) => threadOf(services, work, await threadOrder(work, orderId)));
}

export async function readThreadAtPharmacy(services: Services, actor: Actor, orderId: string, patientId?: string): Promise<SupportThreadView> {
  if (actor.role !== 'pharmacist') {
    await writeAudit(services.db, actor, { action: 'support.thread.read', outcome: 'denied', detail: { attempted: orderId } });
    throw new ForbiddenError('This is for a pharmacist of the pharmacy the order was placed with.');
  }
  const target = await orderTarget(services, actor, orderId, 'support.thread.read', patientId);
  return withPatient(
    services,
    actor,
    target,
    'dispense',
    'support.thread.read',
    async (work) => threadOf(services, work, await threadOrder(work, orderId, { pharmacyId: actor.organizationId ?? NO_PHARMACY })),
    { readOnly: true },
  );
}

/** A pharmacist of the order's pharmacy answers; the patient is told in their inbox once it is committed. */
export async function answerAsPharmacy(services: Services, actor: Actor, orderId: string, input: { body: string }): Promise<SupportThreadView> {
  if (actor.role !== 'pharmacist') {
    await writeAudit(services.db, actor, { action: 'support.answer', outcome: 'denied', detail: { attempted: orderId } });
    throw new ForbiddenError('Only a pharmacist of the pharmacy the order was placed with answers its messages.');
  }
  const target = await orderTarget(services, actor, orderId, 'support.answer');
  return withPatient(services, actor, target, 'dispense', 'support.answer', async (work) => {
    const body = checkedBody(input.body);
    const pharmacyId = actor.organizationId ?? NO_PHARMACY;
    const found = await threadOrder(work, orderId, { pharmacyId });
    const messageId = await insertMessage(services, work, orderId, 'pharmacy', actor, body);
    const thread = await threadOf(services, work, found);
    if (work.patient.user_id !== null) {
      // The notice names no content: it may go out by email, and the message may be medical.
      await work.trx
        .insertInto('outbox_messages')
        .values({
          patient_id: work.patient.id,
          recipient_user_id: work.patient.user_id,
          kind: 'supportAnswer',
          subject: `${thread.order.pharmacy.name} answered your message`,
          body: `${thread.order.pharmacy.name} answered your message about your order of ${thread.order.placedOn}. Log in to isocourse and open Messages to read it.`,
          due_on: programToday(services),
          channel: services.messageTransport?.channel ?? 'inbox',
          dedupe_key: `${work.patient.id}:supportAnswer:${messageId}`,
        })
        .execute();
    }
    return thread;
  });
}

export interface PatientThreadSummary {
  orderId: string;
  placedOn: IsoDate;
  pharmacy: { id: string; name: string };
  messageCount: number;
  lastMessageAt: string;
  lastFrom: SupportSide;
  waitingForPharmacy: boolean;
}

/** The patient's threads (one per order written about), the latest message first. */
export async function listPatientThreads(services: Services, actor: Actor, patientId: string): Promise<{ id?: string; threads: PatientThreadSummary[] }> {
  return withPatient<{ id?: string; threads: PatientThreadSummary[] }>(services, actor, patientId, 'read', 'support.threads.read', async (work) => {
    const orders = await work.trx.selectFrom('orders').select(['id', 'placed_on', 'pharmacy_id']).where('patient_id', '=', work.patient.id).execute();
    const messages = await messagesOf(
      work.trx,
      orders.map((order) => order.id),
    );
    const names = await pharmacyNames(
      work.trx,
      orders.map((order) => order.pharmacy_id),
    );
    const now = services.now();
    const threads = orders.flatMap((order): PatientThreadSummary[] => {
      const rows = messages.get(order.id) ?? [];
      const state = threadState(asMessages(rows), now, responseHours(services));
      const last = rows.at(-1);
      return last === undefined || state.lastMessageAt === null
        ? []
        : [
            {
              orderId: order.id,
              placedOn: order.placed_on,
              pharmacy: { id: order.pharmacy_id, name: names.get(order.pharmacy_id) ?? 'The pharmacy' },
              messageCount: rows.length,
              lastMessageAt: state.lastMessageAt.toISOString(),
              lastFrom: last.author_side,
              waitingForPharmacy: state.waitingForPharmacy,
            },
          ];
    });
    threads.sort((a, b) => b.lastMessageAt.localeCompare(a.lastMessageAt) || a.orderId.localeCompare(b.orderId));
    return { threads };
  });
}

export interface QueuedThread {
  orderId: string;
  orderState: OrderState;
  placedOn: IsoDate;
  patient: { name: string; programId: string };
  messageCount: number;
  waitingSince: string | null;
  hoursWaited: number | null;
  dueAt: string | null;
  overTarget: boolean;
  lastMessageAt: string;
  lastAnsweredAt: string | null;
}

/**
 * The pharmacy's support queue: the threads of ITS orders waiting for an answer, longest wait
 * first, and those it answered in the last days, latest first. Rows name the patient and their
 * program identifier, never the birth date.
 */
export async function pharmacySupportQueue(
  services: Services,
  actor: Actor,
): Promise<{ asOf: string; responseHours: number; waiting: QueuedThread[]; recentlyAnswered: QueuedThread[] }> {
  if (actor.role !== 'pharmacist' || actor.organizationId === null) {
    await writeAudit(services.db, actor, { action: 'support.queue.read', outcome: 'denied' });
    throw new ForbiddenError('The support queue is for a pharmacist of the pharmacy the orders were placed with.');
  }
  const pharmacyId = actor.organizationId;
  const now = services.now();
  const today = programToday(services);
  const hours = responseHours(services);
  // The last message of each of the pharmacy's threads says whether it waits.
  const lastMessages = await services.db
    .selectFrom('support_messages as m')
    .innerJoin('orders as o', 'o.id', 'm.order_id')
    .where('o.pharmacy_id', '=', pharmacyId)
    .distinctOn('m.order_id')
    .select(['m.order_id', 'm.author_side', 'm.sent_at'])
    .orderBy('m.order_id')
    .orderBy('m.sent_at', 'desc')
    .orderBy('m.recorded_at', 'desc')
    .orderBy('m.id', 'desc')
    .execute();
  const since = now.getTime() - RECENTLY_ANSWERED_DAYS * 24 * 3_600_000;
  const shown = lastMessages
    .filter((row) => row.author_side === 'patient' || row.sent_at.getTime() >= since)
    .sort((a, b) => b.sent_at.getTime() - a.sent_at.getTime())
    .slice(0, QUEUE_LIMIT);
  const orderIds = shown.map((row) => row.order_id);
  const orders =
    orderIds.length === 0
      ? []
      : await services.db
          .selectFrom('orders as o')
          .innerJoin('patients as p', 'p.id', 'o.patient_id')
          .select(['o.id', 'o.patient_id', 'o.placed_on', 'p.given_name', 'p.family_name', 'p.program_id'])
          .where('o.id', 'in', orderIds)
          .where('o.pharmacy_id', '=', pharmacyId)
          .execute();
  const messages = await messagesOf(services.db, orderIds);
  const states = new Map<string, OrderState>();
  for (const facts of (
    await pharmacyOrderFacts(
      services.db,
      orders.map((order) => order.patient_id),
      today,
      pharmacyId,
    )
  ).values()) {
    for (const order of facts.orders) {
      states.set(order.id, orderStatus(order, facts, today, services.program).state);
    }
  }
  const rows = orders.map((order): QueuedThread & { since: Date | null } => {
    const thread = messages.get(order.id) ?? [];
    const state = threadState(asMessages(thread), now, hours);
    return {
      orderId: order.id,
      orderState: states.get(order.id) ?? 'awaitingAuthorization',
      placedOn: order.placed_on,
      patient: { name: `${order.given_name} ${order.family_name}`, programId: order.program_id },
      messageCount: thread.length,
      waitingSince: iso(state.waitingSince),
      hoursWaited: state.hoursWaited,
      dueAt: iso(state.dueAt),
      overTarget: state.overTarget,
      lastMessageAt: (state.lastMessageAt ?? now).toISOString(),
      lastAnsweredAt: iso(state.lastAnsweredAt),
      since: state.waitingSince,
    };
  });
  const strip = ({ since: _since, ...row }: QueuedThread & { since: Date | null }): QueuedThread => row;
  const waiting = rows
    .filter((row) => row.since !== null)
    .sort((a, b) => compareWaiting({ waitingSince: a.since, orderId: a.orderId }, { waitingSince: b.since, orderId: b.orderId }))
    .map(strip);
  const recentlyAnswered = rows
    .filter((row) => row.since === null)
    .sort((a, b) => b.lastMessageAt.localeCompare(a.lastMessageAt) || a.orderId.localeCompare(b.orderId))
    .map(strip);
  await writeAudit(services.db, actor, {
    action: 'support.queue.read',
    outcome: 'ok',
    detail: { waiting: waiting.length, overTarget: waiting.filter((row) => row.overTarget).length, recentlyAnswered: recentlyAnswered.length },
  });
  return { asOf: now.toISOString(), responseHours: hours, waiting, recentlyAnswered };
}
