// Issue 6, item 5: support about an order. The patient writes; the pharmacy the order was placed
// with sees the thread in its queue with the time waited against the 48-hour target (within it at
// 47 hours, over it at 49), answers, and the queue empties; the patient finds a notice in their
// inbox and reads the thread in order. Another patient, another pharmacy and the care team cannot
// write; bad messages are refused with field errors; nothing is stored by any refusal.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { deliverReminders } from '../../src/services/reminders/deliverReminders.js';
import { startTestApi, type ApiClient, type ApiResponse, type TestApi } from '../support/api.js';
import { assertStatus, onlineCustomer, type Patient } from '../support/journeys.js';
import { refusedWithoutRecord } from '../support/routes.js';

const CONFIRMED = '2025-03-10';
const ADDRESS = { recipient: 'Ada Patient', line1: '12 Harbor Road', line2: null, city: 'Boston', state: 'MA', postalCode: '02110' };
const T0 = new Date('2025-03-10T15:00:00Z');
const hoursAfter = (hours: number) => new Date(T0.getTime() + hours * 3_600_000);

interface Customer {
  patient: Patient;
  client: ApiClient;
  orderId: string;
}

describe('support messages about an order', () => {
  let api: TestApi;
  let ada: Customer;
  let ben: Customer;

  async function customer(email: string, pharmacyId: string): Promise<Customer> {
    const { patient, client, prescriptionId } = await onlineCustomer(api, { email, confirmationOn: CONFIRMED });
    api.today(CONFIRMED);
    const placed = await client.post(`/patients/${patient.id}/orders`, {
      prescriptionId,
      pharmacyId,
      quantity: 30,
      strengthMg: 40,
      deliveryAddress: ADDRESS,
    });
    assertStatus(placed, 201, 'order');
    return { patient, client, orderId: placed.body.id };
  }

  const threadPath = (who: Customer) => `/patients/${who.patient.id}/orders/${who.orderId}/messages`;

  before(async () => {
    api = await startTestApi();
    ada = await customer('ada@test.example', api.ids.pharmacyId);
    ben = await customer('ben@test.example', api.ids.otherPharmacyId);
  });
  after(() => api.close());

  test('the patient writes, the pharmacy sees the wait against 48 hours, answers, and the queue empties; the patient reads the thread in order', async () => {
    api.setClock(T0);
    const sent = await ada.client.post(threadPath(ada), { body: 'When will my order ship?\n\nThanks, Ada' });
    assertStatus(sent, 201, 'patient message');
    assert.equal(sent.body.messages.length, 1);
    assert.equal(sent.body.messages[0].body, 'When will my order ship?\n\nThanks, Ada', 'kept as written');
    assert.equal(sent.body.messages[0].from, 'patient');
    assert.equal(sent.body.state.waitingForPharmacy, true);
    assert.equal(sent.body.state.dueAt, hoursAfter(48).toISOString());
    assert.equal(sent.body.responseHours, 48);

    api.setClock(hoursAfter(47));
    let queue = await api.as('pharmacist').get('/pharmacy/support');
    assertStatus(queue, 200, 'queue');
    assert.equal(queue.body.waiting.length, 1);
    const row = queue.body.waiting[0];
    assert.equal(row.orderId, ada.orderId);
    assert.equal(row.hoursWaited, 47);
    assert.equal(row.overTarget, false);
    assert.equal(row.waitingSince, T0.toISOString());
    assert.equal(row.dueAt, hoursAfter(48).toISOString());
    assert.equal(row.patient.programId, ada.patient.programId);
    assert.equal(row.patient.name, 'Test Patient');
    assert.equal(row.orderState, 'awaitingAuthorization');
    assert.doesNotMatch(JSON.stringify(queue.body), new RegExp(ada.patient.birthDate), 'never the birth date');

    api.setClock(hoursAfter(49));
    queue = await api.as('pharmacist').get('/pharmacy/support');
    assert.equal(queue.body.waiting[0].hoursWaited, 49);
    assert.equal(queue.body.waiting[0].overTarget, true);

    // The other pharmacy's queue does not hold this thread.
    const elsewhere = await api.as('otherPharmacist').get('/pharmacy/support');
    assertStatus(elsewhere, 200, 'other queue');
    assert.equal(elsewhere.body.waiting.length, 0);

    const seen = await api.as('pharmacist').get(`/pharmacy/orders/${ada.orderId}/messages`);
    assertStatus(seen, 200, 'pharmacy reads the thread');
    assert.equal(seen.body.messages[0].body, 'When will my order ship?\n\nThanks, Ada');

    const answered = await api
      .as('pharmacist')
      .post(`/pharmacy/orders/${ada.orderId}/messages`, { body: 'It ships once the authorization is in, usually the same day.' });
    assertStatus(answered, 201, 'answer');
    assert.deepEqual(
      answered.body.messages.map((m: { from: string }) => m.from),
      ['patient', 'pharmacy'],
    );
    assert.equal(answered.body.messages[1].authorName, 'Test Pharmacy');
    assert.equal(answered.body.state.waitingForPharmacy, false);

    queue = await api.as('pharmacist').get('/pharmacy/support');
    assert.equal(queue.body.waiting.length, 0, 'the queue empties');
    assert.deepEqual(
      queue.body.recentlyAnswered.map((r: { orderId: string }) => r.orderId),
      [ada.orderId],
    );

    // A new patient message starts the clock again from that message.
    api.setClock(hoursAfter(50));
    assertStatus(await ada.client.post(threadPath(ada), { body: 'Thank you! And the tracking number?' }), 201, 'follow-up');
    api.setClock(hoursAfter(51));
    queue = await api.as('pharmacist').get('/pharmacy/support');
    assert.equal(queue.body.waiting[0].waitingSince, hoursAfter(50).toISOString());
    assert.equal(queue.body.waiting[0].hoursWaited, 1);
    assert.equal(queue.body.waiting[0].overTarget, false);

    const thread = await ada.client.get(threadPath(ada));
    assertStatus(thread, 200, 'patient reads');
    assert.deepEqual(
      thread.body.messages.map((m: { from: string; sentAt: string }) => [m.from, m.sentAt]),
      [
        ['patient', T0.toISOString()],
        ['pharmacy', hoursAfter(49).toISOString()],
        ['patient', hoursAfter(50).toISOString()],
      ],
    );
    const list = await ada.client.get(`/patients/${ada.patient.id}/messages`);
    assertStatus(list, 200, 'patient threads');
    assert.equal(list.body.threads.length, 1);
    assert.equal(list.body.threads[0].orderId, ada.orderId);
    assert.equal(list.body.threads[0].messageCount, 3);
    assert.equal(list.body.threads[0].waitingForPharmacy, true);

    // The answer left a notice in the patient's inbox, without the answer's text.
    await deliverReminders(api.services);
    const inbox = await ada.client.get('/inbox');
    const notice = inbox.body.find((message: { kind: string }) => message.kind === 'supportAnswer');
    assert.ok(notice, JSON.stringify(inbox.body));
    assert.match(notice.subject, /Test Pharmacy answered your message/);
    assert.doesNotMatch(notice.body, /authorization is in/);

    // The care team reads the thread; it does not write in the patient's name.
    assertStatus(await api.as('prescriber').get(threadPath(ada)), 200, 'care team reads');
    const careTeamWrite = await refusedWithoutRecord(api, () => api.as('prescriber').post(threadPath(ada), { body: 'From the clinic' }));
    assert.equal(careTeamWrite.status, 403);

    const audit = await api.services.db
      .selectFrom('audit_events')
      .select(['action'])
      .where('patient_id', '=', ada.patient.id)
      .where('action', 'like', 'support.%')
      .where('outcome', '=', 'ok')
      .execute();
    const actions = new Set(audit.map((event) => event.action));
    for (const action of ['support.message.send', 'support.answer', 'support.thread.read', 'support.threads.read']) {
      assert.ok(actions.has(action), `${action} audited`);
    }
  });

  test('another patient, another pharmacy and its pharmacist can neither read nor write the thread; nothing is stored', async () => {
    api.setClock(hoursAfter(60));
    const otherPharmacist = api.as('otherPharmacist');
    const attempts: Array<[string, () => Promise<ApiResponse>]> = [
      ['another patient reads', () => ben.client.get(threadPath(ada))],
      ['another patient writes', () => ben.client.post(threadPath(ada), { body: 'Hello?' })],
      [
        "another patient's order through one's own path",
        () => ben.client.post(`/patients/${ben.patient.id}/orders/${ada.orderId}/messages`, { body: 'Hello?' }),
      ],
      ["another patient's order read through one's own path", () => ben.client.get(`/patients/${ben.patient.id}/orders/${ada.orderId}/messages`)],
      ['another patient lists the threads', () => ben.client.get(`/patients/${ada.patient.id}/messages`)],
      ['a pharmacist of another pharmacy reads', () => otherPharmacist.get(`/pharmacy/orders/${ada.orderId}/messages`)],
      ['a pharmacist of another pharmacy reads by the patient path', () => otherPharmacist.get(threadPath(ada))],
      ['a pharmacist of another pharmacy answers', () => otherPharmacist.post(`/pharmacy/orders/${ada.orderId}/messages`, { body: 'Not yours' })],
      ['the pharmacy answers an order placed elsewhere', () => api.as('pharmacist').post(`/pharmacy/orders/${ben.orderId}/messages`, { body: 'Not ours' })],
      ['a prescriber answers as the pharmacy', () => api.as('prescriber').post(`/pharmacy/orders/${ada.orderId}/messages`, { body: 'Not a pharmacist' })],
      ["a prescriber reads the pharmacy's queue", () => api.as('prescriber').get('/pharmacy/support')],
      ['a patient writes at the pharmacy path', () => ada.client.post(`/pharmacy/orders/${ada.orderId}/messages`, { body: 'As the pharmacy' })],
    ];
    for (const [what, attempt] of attempts) {
      const answer = await refusedWithoutRecord(api, attempt);
      assert.ok([403, 404].includes(answer.status), `${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
  });

  test('an empty, blank or oversized message is refused with a field error, and nothing is stored', async () => {
    const pharmacist = api.as('pharmacist');
    const senders: Array<[string, (body: unknown) => Promise<ApiResponse>]> = [
      ['patient', (body) => ada.client.post(threadPath(ada), body)],
      ['pharmacist', (body) => pharmacist.post(`/pharmacy/orders/${ada.orderId}/messages`, body)],
    ];
    for (const [who, send] of senders) {
      for (const [what, body, code] of [
        ['empty', { body: '' }, 'MINLENGTH'],
        ['only spaces', { body: '  \n  ' }, 'EMPTY_MESSAGE'],
        ['4001 characters', { body: 'x'.repeat(4001) }, 'MAXLENGTH'],
        ['missing', {}, 'REQUIRED'],
      ] as const) {
        const answer = await refusedWithoutRecord(api, () => send(body));
        assert.equal(answer.status, 400, `${who}, ${what}`);
        assert.deepEqual(
          answer.body.errors.map((error: { field: string; code: string }) => [error.field, error.code]),
          [['body', code]],
          `${who}, ${what}: ${JSON.stringify(answer.body)}`,
        );
      }
    }
    assertStatus(await ada.client.post(threadPath(ada), { body: 'x'.repeat(4000) }), 201, 'exactly 4000 characters');
  });
});
