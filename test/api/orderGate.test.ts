// Issue 6: the online order never gets around the gate. A patient orders without a prescription,
// when the prescription cannot be authorized, after the authorization lapsed, for more than
// prescribed or another strength, twice (also twenty times at once), and for another patient: each
// refused with its reason and nothing recorded. Then the whole way through to delivered, and a
// shipment not delivered in the promised days flagged in the pharmacy's queue.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { addDays } from '../../src/domain/dates.js';
import { runScheduledWork } from '../../src/scheduledWork.js';
import { startTestApi, type ApiResponse, type TestApi } from '../support/api.js';
import { assertRefused, assertStatus, codes, enrollOthersPatient, onlineCustomer, type OnlineCustomer } from '../support/journeys.js';
import { refusedWithoutRecord } from '../support/routes.js';

const CONFIRMED = '2025-03-10'; // the first window: 03-10 … 03-16
const LAST_DAY = addDays(CONFIRMED, 6);
const ADDRESS = { recipient: 'Ada Patient', line1: '12 Harbor Road', line2: 'Apt 3', city: 'Boston', state: 'MA', postalCode: '02110' };

describe('online orders: the gate, and fulfillment to the door', () => {
  let api: TestApi;
  let sequence = 0;

  before(async () => {
    api = await startTestApi();
  });
  after(() => api.close());

  type Customer = OnlineCustomer;

  /** A PCGP patient with a log-in, qualified for the first fill on CONFIRMED (unless told to leave something out). */
  function customer(options: { omit?: Array<'comprehension' | 'prescription'> } = {}): Promise<Customer> {
    sequence += 1;
    return onlineCustomer(api, { email: `orders${sequence}@test.example`, confirmationOn: CONFIRMED, omit: options.omit ?? [] });
  }

  function order(who: Customer, overrides: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<ApiResponse> {
    const body = {
      prescriptionId: who.prescriptionId ?? randomUUID(),
      pharmacyId: api.ids.pharmacyId,
      quantity: 30,
      strengthMg: 40,
      deliveryAddress: ADDRESS,
      ...overrides,
    };
    return who.client.post(`/patients/${who.patient.id}/orders`, body, headers);
  }

  const pharmacist = () => api.as('pharmacist');
  const step = (orderId: string, path: string, body?: unknown) => pharmacist().post(`/pharmacy/orders/${orderId}/${path}`, body);

  test('without a prescription: 404, nothing recorded', async () => {
    api.today(CONFIRMED);
    const who = await customer({ omit: ['prescription'] });
    api.today(CONFIRMED);
    const answer = await refusedWithoutRecord(api, () => order(who));
    assert.equal(answer.status, 404);
    assert.equal(answer.body.title, 'Prescription not found');
  });

  test('a prescription the program would not authorize now (comprehension pending): the engine’s own reason, nothing recorded', async () => {
    const who = await customer({ omit: ['comprehension'] });
    api.today(CONFIRMED);
    const answer = await refusedWithoutRecord(api, () => order(who));
    assertRefused(answer, 'COMPREHENSION_PENDING');
  });

  test('after the window closed: refused with the engine’s reasons, each saying what to do', async () => {
    const who = await customer();
    api.today(addDays(LAST_DAY, 1));
    const answer = await refusedWithoutRecord(api, () => order(who));
    assertStatus(answer, 422);
    assert.ok(answer.body.reasons.length > 0);
    for (const reason of answer.body.reasons) {
      assert.ok(reason.message.length > 0 && reason.action.length > 0, JSON.stringify(reason));
    }
  });

  test('more than prescribed, fewer, or another strength: refused, nothing recorded', async () => {
    const who = await customer();
    api.today(CONFIRMED);
    assertRefused(await refusedWithoutRecord(api, () => order(who, { quantity: 31 })), 'QUANTITY_EXCEEDS_PRESCRIPTION');
    assertRefused(await refusedWithoutRecord(api, () => order(who, { quantity: 10 })), 'QUANTITY_NOT_AS_PRESCRIBED');
    assertRefused(await refusedWithoutRecord(api, () => order(who, { strengthMg: 30 })), 'STRENGTH_NOT_AS_PRESCRIBED');
  });

  test('for another patient: 404 for the patient, 403 for the care team (only the patient orders); nothing recorded', async () => {
    const who = await customer();
    const other = await customer();
    api.today(CONFIRMED);
    const answer = await refusedWithoutRecord(api, () =>
      who.client.post(`/patients/${other.patient.id}/orders`, {
        prescriptionId: other.prescriptionId,
        pharmacyId: api.ids.pharmacyId,
        quantity: 30,
        strengthMg: 40,
        deliveryAddress: ADDRESS,
      }),
    );
    assert.equal(answer.status, 404);
    const ownPathOthersPrescription = await refusedWithoutRecord(api, () => order(who, { prescriptionId: other.prescriptionId }));
    assert.equal(ownPathOthersPrescription.status, 404);
    const elsewhere = await enrollOthersPatient(api, CONFIRMED);
    assert.equal(
      (
        await refusedWithoutRecord(api, () =>
          who.client.post(`/patients/${elsewhere.id}/orders`, {
            prescriptionId: randomUUID(),
            pharmacyId: api.ids.pharmacyId,
            quantity: 30,
            strengthMg: 40,
            deliveryAddress: ADDRESS,
          }),
        )
      ).status,
      404,
    );
    const staff = await refusedWithoutRecord(api, () =>
      api.as('prescriber').post(`/patients/${who.patient.id}/orders`, {
        prescriptionId: who.prescriptionId,
        pharmacyId: api.ids.pharmacyId,
        quantity: 30,
        strengthMg: 40,
        deliveryAddress: ADDRESS,
      }),
    );
    assert.equal(staff.status, 403);
  });

  test('twice against one prescription: the second refused; twenty at once give one order', async () => {
    const who = await customer();
    api.today(CONFIRMED);
    const answers = await Promise.all(Array.from({ length: 20 }, () => order(who)));
    const placed = answers.filter((answer) => answer.status === 201);
    assert.equal(placed.length, 1, JSON.stringify(answers.map((answer) => answer.status)));
    for (const answer of answers.filter((candidate) => candidate.status !== 201)) {
      assertRefused(answer, 'ORDER_ALREADY_OPEN');
    }
    const listed = await who.client.get(`/patients/${who.patient.id}/orders`);
    assert.equal(listed.body.orders.length, 1);
    assertRefused(await refusedWithoutRecord(api, () => order(who)), 'ORDER_ALREADY_OPEN');
  });

  test('placement with an Idempotency-Key: the retry gets the first answer, one order; a different request with that key is refused', async () => {
    const who = await customer();
    api.today(CONFIRMED);
    const key = randomUUID();
    const first = await order(who, {}, { 'idempotency-key': key });
    assertStatus(first, 201);
    const retry = await order(who, {}, { 'idempotency-key': key });
    assertStatus(retry, 201);
    assert.equal(retry.headers['idempotent-replayed'], 'true');
    assert.deepEqual(retry.body, first.body);
    assert.equal((await refusedWithoutRecord(api, () => order(who, { quantity: 29 }, { 'idempotency-key': key }))).status, 422);
    assert.equal((await who.client.get(`/patients/${who.patient.id}/orders`)).body.orders.length, 1);
  });

  test('ten simultaneous dispenses of one order, through the order and the pharmacy’s own route: one dispense', async () => {
    const who = await customer();
    api.today(CONFIRMED);
    const orderId = (await order(who)).body.id as string;
    const authorized = await step(orderId, 'authorization');
    assertStatus(authorized, 201);
    const direct = {
      programId: who.patient.programId,
      birthDate: who.patient.birthDate,
      dispensedOn: CONFIRMED,
      product: 'claravis',
      strengthMg: 40,
      quantity: 30,
      daysSupply: 30,
      medicationGuideGiven: true,
    };
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        index % 2 === 0
          ? step(orderId, 'dispense', { medicationGuideGiven: true })
          : pharmacist().post(`/authorizations/${authorized.body.order.authorization.id}/dispense`, direct),
      ),
    );
    assert.equal(answers.filter((answer) => answer.status === 201).length, 1, JSON.stringify(answers.map((answer) => answer.status)));
    for (const answer of answers.filter((candidate) => candidate.status !== 201)) {
      assertStatus(answer, 422);
      assert.ok(['ORDER_NOT_AT_THIS_STEP', 'AUTHORIZATION_ALREADY_USED'].includes(answer.body.reasons[0].code), JSON.stringify(answer.body));
    }
    assert.equal(
      (await api.services.db.selectFrom('dispenses').select('id').where('authorization_id', '=', authorized.body.order.authorization.id).execute()).length,
      1,
    );
  });

  test('an order whose authorization lapses before the dispense is stopped, says why and what to do, and cannot be dispensed', async () => {
    const who = await customer();
    api.today(CONFIRMED);
    const placed = await order(who);
    assertStatus(placed, 201);
    const orderId = placed.body.id as string;
    assertStatus(await step(orderId, 'authorization'), 201);
    api.today(addDays(LAST_DAY, 1));
    const seen = (await who.client.get(`/patients/${who.patient.id}/orders`)).body.orders[0];
    assert.equal(seen.state, 'stopped');
    assert.deepEqual(codes(seen.reasons), ['ORDER_AUTHORIZATION_LAPSED']);
    assert.match(seen.reasons[0].action, /qualifies again/);
    // And told so in the inbox, without having to look.
    await runScheduledWork(api.services);
    const inbox = (await who.client.get('/inbox')).body as Array<{ subject: string; body: string }>;
    const told = inbox.find((message) => message.subject === 'Your order was stopped');
    assert.ok(told, JSON.stringify(inbox.map((message) => message.subject)));
    assert.match(told.body, new RegExp(`could be dispensed until ${LAST_DAY}`));
    const refused = await refusedWithoutRecord(api, () => step(orderId, 'dispense', { medicationGuideGiven: true }));
    assertRefused(refused, 'ORDER_NOT_AT_THIS_STEP', 'ORDER_AUTHORIZATION_LAPSED');
    // Nor through the pharmacy's own dispense route: the same rules refuse it (and reverse it, R-AUTH-2).
    const direct = await pharmacist().post(`/authorizations/${seen.authorization.id}/dispense`, {
      programId: who.patient.programId,
      birthDate: who.patient.birthDate,
      dispensedOn: addDays(LAST_DAY, 1),
      product: 'claravis',
      strengthMg: 40,
      quantity: 30,
      daysSupply: 30,
      medicationGuideGiven: true,
    });
    assertRefused(direct, 'DO_NOT_DISPENSE_AFTER_PASSED');
    const dispenses = await api.services.db.selectFrom('dispenses').select('id').where('authorization_id', '=', seen.authorization.id).execute();
    assert.deepEqual(dispenses, []);
    // A stopped order no longer holds the prescription; a new order is judged by the engine afresh.
    assertStatus(await order(who), 422);
  });

  test('the happy path: awaiting authorization → authorized → dispensed (once, idempotent) → packed → shipped → delivered', async () => {
    const who = await customer();
    api.today(CONFIRMED);
    const placed = await order(who);
    assertStatus(placed, 201);
    const orderId = placed.body.id as string;
    assert.equal(placed.body.order.state, 'awaitingAuthorization');
    assert.equal(placed.body.order.deadline, LAST_DAY, 'the window’s last day');
    assert.deepEqual(placed.body.order.deliveryAddress, ADDRESS);

    const queue = await pharmacist().get('/pharmacy/orders');
    assertStatus(queue, 200);
    const queued = queue.body.orders.find((row: { id: string }) => row.id === orderId);
    assert.equal(queued.state, 'awaitingAuthorization');
    assert.equal(queued.patient.programId, who.patient.programId);
    assert.doesNotMatch(JSON.stringify(queue.body), new RegExp(who.patient.birthDate), 'no birth dates in the queue');
    assert.equal(
      (await api.as('otherPharmacist').get('/pharmacy/orders')).body.orders.some((row: { id: string }) => row.id === orderId),
      false,
    );

    // Steps out of order are refused with the reason, nothing recorded.
    assertRefused(await refusedWithoutRecord(api, () => step(orderId, 'dispense', { medicationGuideGiven: true })), 'ORDER_NOT_AT_THIS_STEP');
    assertRefused(await refusedWithoutRecord(api, () => step(orderId, 'shipment', { carrier: 'UPS', trackingNumber: '1Z999AA1' })), 'ORDER_NOT_AT_THIS_STEP');
    assert.equal((await refusedWithoutRecord(api, () => api.as('otherPharmacist').post(`/pharmacy/orders/${orderId}/authorization`))).status, 404);

    const authorized = await step(orderId, 'authorization');
    assertStatus(authorized, 201);
    assert.equal(authorized.body.order.state, 'authorized');
    assert.equal(authorized.body.order.deadline, LAST_DAY, 'the do-not-dispense-after date');
    assertStatus(await step(orderId, 'authorization'), 201, 'asking again gives the same authorization');
    assert.equal((await api.services.db.selectFrom('authorizations').select('id').where('patient_id', '=', who.patient.id).execute()).length, 1);

    api.today(addDays(CONFIRMED, 2));
    const key = randomUUID();
    const dispense = () => pharmacist().post(`/pharmacy/orders/${orderId}/dispense`, { medicationGuideGiven: true }, { 'idempotency-key': key });
    const first = await dispense();
    assertStatus(first, 201);
    assert.equal(first.body.order.state, 'dispensed');
    assert.equal(first.body.order.dispensedOn, addDays(CONFIRMED, 2));
    const retry = await dispense();
    assertStatus(retry, 201);
    assert.deepEqual(retry.body, first.body);
    assert.equal(retry.headers['idempotent-replayed'], 'true');
    assertRefused(await refusedWithoutRecord(api, () => step(orderId, 'dispense', { medicationGuideGiven: true })), 'ORDER_NOT_AT_THIS_STEP');
    assert.equal(
      (await api.services.db.selectFrom('dispenses').select('id').where('authorization_id', '=', authorized.body.order.authorization.id).execute()).length,
      1,
    );
    assertRefused(
      await refusedWithoutRecord(api, () => who.client.post(`/patients/${who.patient.id}/orders/${orderId}/cancel`, { reason: 'Too late?' })),
      'ORDER_NOT_AT_THIS_STEP',
    );

    assertRefused(await refusedWithoutRecord(api, () => step(orderId, 'shipment', { carrier: 'UPS', trackingNumber: '1Z999AA1' })), 'ORDER_NOT_PACKED');
    assertStatus(await step(orderId, 'packing'), 201);
    const shipped = await step(orderId, 'shipment', { carrier: 'UPS', trackingNumber: '1Z999AA1' });
    assertStatus(shipped, 201);
    assert.equal(shipped.body.order.state, 'shipped');
    assert.deepEqual(shipped.body.order.shipment, { shippedOn: addDays(CONFIRMED, 2), carrier: 'UPS', trackingNumber: '1Z999AA1', promisedDays: 10 });
    assert.equal(shipped.body.order.deliveryDueBy, addDays(CONFIRMED, 12));

    api.today(addDays(CONFIRMED, 5));
    const mine = (await who.client.get(`/patients/${who.patient.id}/orders`)).body.orders[0];
    assert.deepEqual([mine.state, mine.deliveryOverdue], ['shipped', false]);
    assertStatus(await api.as('prescriber').get(`/patients/${who.patient.id}/orders`), 200, 'the care team reads the orders');
    assert.equal((await step(orderId, 'delivery', { deliveredOn: addDays(CONFIRMED, 6) })).status, 400, 'a delivery date in the future');
    const delivered = await step(orderId, 'delivery', { deliveredOn: addDays(CONFIRMED, 4) });
    assertStatus(delivered, 201);
    assert.equal(delivered.body.order.state, 'delivered');
    const unpaid = (await pharmacist().get('/pharmacy/orders')).body.orders.find((row: { id: string }) => row.id === orderId);
    assert.deepEqual([unpaid?.state, unpaid?.payment.due > 0], ['delivered', true], 'delivered but not paid: still in the queue');
    assertStatus(await step(orderId, 'payments', { amountCents: unpaid.payment.due, receivedOn: addDays(CONFIRMED, 5), reference: 'INV-1' }), 201);
    assert.equal(
      (await pharmacist().get('/pharmacy/orders')).body.orders.some((row: { id: string }) => row.id === orderId),
      false,
      'delivered and paid: off the queue',
    );
    const kept = await pharmacist().get(`/pharmacy/orders/${orderId}`);
    assertStatus(kept, 200, 'off the queue, still the pharmacy’s to read');
    assert.deepEqual([kept.body.order.state, kept.body.order.patient.programId], ['delivered', who.patient.programId]);
    assert.equal((await api.as('otherPharmacist').get(`/pharmacy/orders/${orderId}`)).status, 404);
    const own = await who.client.get(`/patients/${who.patient.id}/orders/${orderId}`);
    assertStatus(own, 200);
    assert.equal(own.body.order.deliveredOn, addDays(CONFIRMED, 4));
    assertRefused(await refusedWithoutRecord(api, () => order(who)), 'PRESCRIPTION_ALREADY_FILLED');
  });

  test('a shipment not delivered within the promised days is flagged, and comes first in the queue', async () => {
    const who = await customer();
    api.today(CONFIRMED);
    const orderId = (await order(who)).body.id as string;
    assertStatus(await step(orderId, 'authorization'), 201);
    assertStatus(await step(orderId, 'dispense', { medicationGuideGiven: true }), 201);
    assertStatus(await step(orderId, 'packing'), 201);
    assertStatus(await step(orderId, 'shipment', { carrier: 'USPS', trackingNumber: '9400111899560000000000' }), 201);
    api.today(addDays(CONFIRMED, 10));
    let row = (await pharmacist().get('/pharmacy/orders')).body.orders.find((candidate: { id: string }) => candidate.id === orderId);
    assert.deepEqual([row.state, row.deliveryOverdue, row.deliveryDueBy], ['shipped', false, addDays(CONFIRMED, 10)]);
    api.today(addDays(CONFIRMED, 11));
    const queue = (await pharmacist().get('/pharmacy/orders')).body.orders;
    row = queue.find((candidate: { id: string }) => candidate.id === orderId);
    assert.equal(row.deliveryOverdue, true);
    assert.equal(queue[0].deliveryOverdue, true, 'overdue deliveries first');
    assert.equal((await who.client.get(`/patients/${who.patient.id}/orders`)).body.orders[0].deliveryOverdue, true, 'the patient sees it too');
  });

  test('cancelled by the patient before the dispense: no longer dispensable; a new order may be placed', async () => {
    const who = await customer();
    api.today(CONFIRMED);
    const orderId = (await order(who)).body.id as string;
    const cancelled = await who.client.post(`/patients/${who.patient.id}/orders/${orderId}/cancel`, { reason: 'Wrong address' });
    assertStatus(cancelled, 201);
    assert.equal(cancelled.body.order.state, 'cancelled');
    assertRefused(await refusedWithoutRecord(api, () => step(orderId, 'dispense', { medicationGuideGiven: true })), 'ORDER_NOT_AT_THIS_STEP');
    assertStatus(await order(who), 201);
  });

  test('cancelled by the pharmacy once authorized: its authorization is reversed with it; the patient’s own cancellation keeps it for the counter', async () => {
    api.today(CONFIRMED);
    const byPharmacy = await customer();
    const orderId = (await order(byPharmacy)).body.id as string;
    const authorized = await step(orderId, 'authorization');
    assertStatus(authorized, 201);
    const cancelled = await step(orderId, 'cancel', { reason: 'Out of stock' });
    assertStatus(cancelled, 201);
    assert.equal(cancelled.body.order.state, 'cancelled');
    const reversal = await api.services.db
      .selectFrom('authorization_reversals')
      .select(['reversed_on', 'reason'])
      .where('authorization_id', '=', authorized.body.order.authorization.id)
      .executeTakeFirst();
    assert.deepEqual(reversal, { reversed_on: CONFIRMED, reason: 'Order cancelled by the pharmacy: Out of stock' });

    const byPatient = await customer();
    const ownId = (await order(byPatient)).body.id as string;
    const own = await step(ownId, 'authorization');
    assertStatus(await byPatient.client.post(`/patients/${byPatient.patient.id}/orders/${ownId}/cancel`, { reason: 'Picking it up in person' }), 201);
    const waiting = (await pharmacist().get('/pharmacy/authorizations')).body;
    assert.ok(JSON.stringify(waiting).includes(own.body.order.authorization.id), 'still among the pharmacy’s waiting fills');
  });
});
