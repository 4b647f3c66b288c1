import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compareWaiting, DEFAULT_SUPPORT_RESPONSE_HOURS, messageBodyProblem, threadState, type SupportMessage, type SupportSide } from './support.js';

const T0 = new Date('2025-03-10T14:00:00Z');
const at = (hours: number, minutes = 0) => new Date(T0.getTime() + (hours * 60 + minutes) * 60_000);
let next = 0;
const message = (author: SupportSide, sentAt: Date): SupportMessage => ({ id: `m${(next += 1)}`, author, sentAt });

describe('a support thread waits for the pharmacy', () => {
  test('no messages: nothing waits', () => {
    const state = threadState([], at(100));
    assert.equal(state.waitingForPharmacy, false);
    assert.equal(state.hoursWaited, null);
    assert.equal(state.dueAt, null);
    assert.equal(state.overTarget, false);
    assert.equal(state.lastMessageAt, null);
  });

  test('a patient message waits from the moment it was sent; the target falls due 48 hours later', () => {
    const state = threadState([message('patient', T0)], at(5, 30));
    assert.equal(DEFAULT_SUPPORT_RESPONSE_HOURS, 48);
    assert.equal(state.waitingForPharmacy, true);
    assert.deepEqual(state.waitingSince, T0);
    assert.equal(state.hoursWaited, 5);
    assert.deepEqual(state.dueAt, at(48));
    assert.equal(state.overTarget, false);
  });

  test('exactly 48 hours is still within the target; one minute more is over it', () => {
    const thread = [message('patient', T0)];
    assert.equal(threadState(thread, at(48)).overTarget, false);
    assert.equal(threadState(thread, at(48)).hoursWaited, 48);
    assert.equal(threadState(thread, at(48, 1)).overTarget, true);
    assert.equal(threadState(thread, at(47, 59)).hoursWaited, 47);
  });

  test('a second patient message before any answer does not restart the clock', () => {
    const state = threadState([message('patient', T0), message('patient', at(30))], at(49));
    assert.deepEqual(state.waitingSince, T0);
    assert.equal(state.overTarget, true);
  });

  test('an answer stops the clock, and the next patient message starts it again from that message', () => {
    const answered = [message('patient', T0), message('pharmacy', at(60))];
    const stopped = threadState(answered, at(200));
    assert.equal(stopped.waitingForPharmacy, false);
    assert.equal(stopped.overTarget, false, 'an answered thread is not over the target, however late the answer was');
    assert.deepEqual(stopped.lastAnsweredAt, at(60));

    const again = threadState([...answered, message('patient', at(100))], at(147));
    assert.deepEqual(again.waitingSince, at(100));
    assert.equal(again.hoursWaited, 47);
    assert.deepEqual(again.dueAt, at(148));
    assert.equal(again.overTarget, false);
    assert.equal(threadState([...answered, message('patient', at(100))], at(149)).overTarget, true);
  });

  test('a pharmacy message that opens the thread leaves nothing waiting', () => {
    assert.equal(threadState([message('pharmacy', T0)], at(100)).waitingForPharmacy, false);
  });

  test('messages are read in the order they were sent, whatever order they are given in', () => {
    const state = threadState([message('pharmacy', at(10)), message('patient', T0)], at(20));
    assert.equal(state.waitingForPharmacy, false);
    assert.deepEqual(state.lastMessageAt, at(10));
  });

  test('the target is a parameter', () => {
    const thread = [message('patient', T0)];
    assert.equal(threadState(thread, at(25), 24).overTarget, true);
    assert.deepEqual(threadState(thread, at(1), 24).dueAt, at(24));
    assert.throws(() => threadState(thread, at(1), 0), RangeError);
  });

  test('a clock behind the message never waits a negative time', () => {
    assert.equal(threadState([message('patient', at(2))], T0).hoursWaited, 0);
  });

  test('property: waiting iff the last message is the patient’s; over the target iff waited longer than it', () => {
    const arbitraryThread = fc.array(fc.record({ author: fc.constantFrom<SupportSide>('patient', 'pharmacy'), minutes: fc.integer({ min: 0, max: 10_000 }) }), {
      maxLength: 12,
    });
    fc.assert(
      fc.property(arbitraryThread, fc.integer({ min: 0, max: 20_000 }), (thread, nowMinutes) => {
        const messages = thread.map((entry, index) => ({ id: String(index), author: entry.author, sentAt: at(0, entry.minutes) }));
        const sorted = [...messages].sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime() || Number(a.id) - Number(b.id));
        const state = threadState(messages, at(0, nowMinutes));
        assert.equal(state.waitingForPharmacy, sorted.at(-1)?.author === 'patient');
        if (state.waitingSince !== null) {
          const waited = at(0, nowMinutes).getTime() - state.waitingSince.getTime();
          assert.equal(state.overTarget, waited > 48 * 3_600_000);
          const since = state.waitingSince;
          assert.ok(sorted.filter((m) => m.sentAt > since).every((m) => m.author === 'patient'));
        } else {
          assert.equal(state.overTarget, false);
        }
      }),
    );
  });
});

describe('the pharmacy queue order and message text', () => {
  test('the longest wait comes first', () => {
    const rows = [
      { orderId: 'b', waitingSince: at(10) },
      { orderId: 'a', waitingSince: at(2) },
      { orderId: 'c', waitingSince: at(10) },
    ];
    assert.deepEqual(
      [...rows].sort(compareWaiting).map((row) => row.orderId),
      ['a', 'b', 'c'],
    );
  });

  test('an empty, blank or oversized message is refused with what to fix', () => {
    assert.equal(messageBodyProblem('')?.code, 'EMPTY_MESSAGE');
    assert.equal(messageBodyProblem(' \n\t ')?.code, 'EMPTY_MESSAGE');
    assert.equal(messageBodyProblem('x'.repeat(4001))?.code, 'MESSAGE_TOO_LONG');
    assert.equal(messageBodyProblem('x'.repeat(4000)), null);
    assert.equal(messageBodyProblem('Where is my package?'), null);
  });
});
