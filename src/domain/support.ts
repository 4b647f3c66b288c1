// Support about an order (issue 6): the patient writes about their order, the pharmacy the order
// was placed with answers. A thread's state is derived from its messages and the moment asked
// about, never stored: it waits for the pharmacy from the first patient message that no pharmacy
// message has followed yet, and the pharmacy aims to answer within a response target (48 hours by
// default, SUPPORT_RESPONSE_HOURS). An answer stops the clock; the patient's next message starts it
// again from that message.

/** The pharmacy aims to answer a patient's message within this many hours, unless configured otherwise. */
export const DEFAULT_SUPPORT_RESPONSE_HOURS = 48;

/** The longest message a patient or pharmacist can send, in characters. */
export const SUPPORT_MESSAGE_MAX_LENGTH = 4000;

export type SupportSide = 'patient' | 'pharmacy';

export interface SupportMessage {
  id: string;
  author: SupportSide;
  sentAt: Date;
}

export interface ThreadState {
  /** True while a patient message waits for the pharmacy's answer. */
  waitingForPharmacy: boolean;
  /** The first patient message not yet followed by a pharmacy answer; null when none waits. */
  waitingSince: Date | null;
  /** Whole hours waited so far (rounded down); null when nothing waits. */
  hoursWaited: number | null;
  /** When the response target falls due for the waiting message; null when nothing waits. */
  dueAt: Date | null;
  /** Waited longer than the target (exactly the target is still within it). */
  overTarget: boolean;
  /** The pharmacy's last answer, if any. */
  lastAnsweredAt: Date | null;
  /** The last message of either side, if any. */
  lastMessageAt: Date | null;
}

const HOUR_MS = 60 * 60 * 1000;

/** The messages in the order they were sent (stable for equal instants: the order given). */
export function inSentOrder<T extends { sentAt: Date }>(messages: readonly T[]): T[] {
  return messages
    .map((message, index) => ({ message, index }))
    .sort((a, b) => a.message.sentAt.getTime() - b.message.sentAt.getTime() || a.index - b.index)
    .map(({ message }) => message);
}

export function threadState(messages: readonly SupportMessage[], now: Date, responseHours: number = DEFAULT_SUPPORT_RESPONSE_HOURS): ThreadState {
  if (!(responseHours > 0)) {
    throw new RangeError(`The response target must be a positive number of hours, not ${responseHours}`);
  }
  const ordered = inSentOrder(messages);
  let waitingSince: Date | null = null;
  let lastAnsweredAt: Date | null = null;
  for (const message of ordered) {
    if (message.author === 'pharmacy') {
      waitingSince = null;
      lastAnsweredAt = message.sentAt;
    } else if (waitingSince === null) {
      waitingSince = message.sentAt;
    }
  }
  const lastMessageAt = ordered.at(-1)?.sentAt ?? null;
  if (waitingSince === null) {
    return { waitingForPharmacy: false, waitingSince: null, hoursWaited: null, dueAt: null, overTarget: false, lastAnsweredAt, lastMessageAt };
  }
  const waitedMs = Math.max(0, now.getTime() - waitingSince.getTime());
  const targetMs = responseHours * HOUR_MS;
  return {
    waitingForPharmacy: true,
    waitingSince,
    hoursWaited: Math.floor(waitedMs / HOUR_MS),
    dueAt: new Date(waitingSince.getTime() + targetMs),
    overTarget: waitedMs > targetMs,
    lastAnsweredAt,
    lastMessageAt,
  };
}

/** Orders a pharmacy's queue: the longest wait first (so every thread over the target before the others), then the order id. */
export function compareWaiting(a: { waitingSince: Date | null; orderId: string }, b: { waitingSince: Date | null; orderId: string }): number {
  const since = (value: Date | null) => value?.getTime() ?? Number.POSITIVE_INFINITY;
  return since(a.waitingSince) - since(b.waitingSince) || a.orderId.localeCompare(b.orderId);
}

/** What is wrong with a message's text, as a person reads it; null when it can be sent. */
export function messageBodyProblem(body: string): { code: 'EMPTY_MESSAGE' | 'MESSAGE_TOO_LONG'; message: string } | null {
  if (body.trim() === '') {
    return { code: 'EMPTY_MESSAGE', message: 'Write your message before sending it.' };
  }
  if (body.length > SUPPORT_MESSAGE_MAX_LENGTH) {
    return { code: 'MESSAGE_TOO_LONG', message: `A message is at most ${SUPPORT_MESSAGE_MAX_LENGTH} characters; this one has ${body.length}.` };
  }
  return null;
}
