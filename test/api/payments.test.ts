// Issue 6, item 4: what an order costs, what was paid and refunded, and totals that add up. The
// pharmacy keeps its prices; the price is fixed when the order is placed; payments never exceed
// what is due, refunds never exceed what was paid and always say why; what never arrived is
// refunded and the order says so; the pharmacy's summary is the sum of its orders' balances.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { addDays } from '../../src/domain/dates.js';
import { startTestApi, TEST_UNIT_PRICE_CENTS, type TestApi } from '../support/api.js';
import { assertRefused, assertStatus, onlineCustomer, type OnlineCustomer } from '../support/journeys.js';
import { refusedWithoutRecord } from '../support/routes.js';
import { present } from '../support/present.js';

const CONFIRMED = '2025-03-10';
const ADDRESS = { recipient: 'Ada Patient', line1: '12 Harbor Road', line2: null, city: 'Boston', state: 'MA', postalCode: '02110' };
const QUANTITY = 30;

describe('payments and refunds of online orders', () => {
  let api: TestApi;
  let sequence = 0;

  before(async () => {
    api = await startTestApi();
  });
  after(() => api.close());

  type Customer = OnlineCustomer & { prescriptionId: string };

  async function customer(): Promise<Customer> {
    sequence += 1;
    const who = await onlineCustomer(api, { email: `payer${sequence}@test.example`, confirmationOn: CONFIRMED });
    assert.ok(who.prescriptionId !== null);
    return { ...who, prescriptionId: who.prescriptionId };
  }

  async function placeOrder(who: Customer): Promise<string> {
    api.today(CONFIRMED);
    const placed = await who.client.post(`/patients/${who.patient.id}/orders`, {
      prescriptionId: who.prescriptionId,
      pharmacyId: api.ids.pharmacyId,
      quantity: QUANTITY,
      strengthMg: 40,
      deliveryAddress: ADDRESS,
    });
    assertStatus(placed, 201);
    return placed.body.id as string;
  }

  const pharmacist = () => api.as('pharmacist');
  const pay = (orderId: string, amountCents: number, headers: Record<string, string> = {}, client = pharmacist()) =>
    client.post(`/pharmacy/orders/${orderId}/payments`, { amountCents, receivedOn: CONFIRMED, reference: `INV-${amountCents}` }, headers);
  const refund = (orderId: string, amountCents: number, reason = 'Never arrived', on = CONFIRMED) =>
    pharmacist().post(`/pharmacy/orders/${orderId}/refunds`, { amountCents, reason, refundedOn: on });
  const ordersOf = async (who: Customer) =>
    (await who.client.get(`/patients/${who.patient.id}/orders`)).body.orders as Array<{ id: string; state: string; payment: Record<string, number> }>;

  test('the pharmacist keeps the price list; patients see it on the pharmacies; a past date or another role is refused', async () => {
    api.today(CONFIRMED);
    const set = await pharmacist().post('/pharmacy/prices', { strengthMg: 20, unitPriceCents: 395, effectiveOn: addDays(CONFIRMED, 3) });
    assertStatus(set, 201);
    assert.deepEqual(set.body.upcoming, [{ strengthMg: 20, unitPriceCents: 395, effectiveOn: addDays(CONFIRMED, 3) }]);
    assert.equal(set.body.prices.find((price: { strengthMg: number }) => price.strengthMg === 20).unitPriceCents, TEST_UNIT_PRICE_CENTS, 'not yet in force');

    api.today(addDays(CONFIRMED, 3));
    const listed = (await api.as('prescriber').get('/pharmacies')).body.pharmacies.find((pharmacy: { id: string }) => pharmacy.id === api.ids.pharmacyId);
    assert.equal(listed.prices.find((price: { strengthMg: number }) => price.strengthMg === 20).unitPriceCents, 395, 'in force from its day');
    const elsewhere = (await api.as('prescriber').get('/pharmacies')).body.pharmacies.find(
      (pharmacy: { id: string }) => pharmacy.id === api.ids.otherPharmacyId,
    );
    assert.equal(
      elsewhere.prices.find((price: { strengthMg: number }) => price.strengthMg === 20).unitPriceCents,
      TEST_UNIT_PRICE_CENTS,
      'one pharmacy’s price is its own',
    );

    const past = await refusedWithoutRecord(api, () => pharmacist().post('/pharmacy/prices', { strengthMg: 20, unitPriceCents: 100, effectiveOn: CONFIRMED }));
    assert.equal(past.status, 400);
    assert.equal(past.body.errors[0].field, 'effectiveOn');
    for (const role of ['prescriber', 'delegate', 'admin'] as const) {
      assert.equal(
        (
          await refusedWithoutRecord(api, () =>
            api.as(role).post('/pharmacy/prices', { strengthMg: 20, unitPriceCents: 1, effectiveOn: addDays(CONFIRMED, 3) }),
          )
        ).status,
        403,
        role,
      );
      assert.equal((await api.as(role).get('/pharmacy/prices')).status, 403, role);
    }
  });

  test('the charge is fixed when the order is placed: a later price leaves it; no price, no order', async () => {
    const who = await customer();
    const orderId = await placeOrder(who);
    const [placed] = await ordersOf(who);
    assert.deepEqual(
      { unit: present(placed).payment['unitPriceCents'], charged: present(placed).payment['charged'], due: present(placed).payment['due'] },
      { unit: TEST_UNIT_PRICE_CENTS, charged: QUANTITY * TEST_UNIT_PRICE_CENTS, due: QUANTITY * TEST_UNIT_PRICE_CENTS },
    );
    assertStatus(await pharmacist().post('/pharmacy/prices', { strengthMg: 40, unitPriceCents: 999, effectiveOn: CONFIRMED }), 201);
    const after = present((await ordersOf(who)).find((order) => order.id === orderId));
    assert.equal(after.payment['charged'], QUANTITY * TEST_UNIT_PRICE_CENTS);
    // The latest entry for a day wins: back to the test price for the other tests.
    assertStatus(await pharmacist().post('/pharmacy/prices', { strengthMg: 40, unitPriceCents: TEST_UNIT_PRICE_CENTS, effectiveOn: CONFIRMED }), 201);

    // A pharmacy without a price for the strength: refused with what to do, nothing recorded.
    const other = await customer();
    await api.services.db.deleteFrom('pharmacy_prices').where('pharmacy_id', '=', api.ids.otherPharmacyId).where('strength_mg', '=', 40).execute();
    const refused = await refusedWithoutRecord(api, () =>
      other.client.post(`/patients/${other.patient.id}/orders`, {
        prescriptionId: other.prescriptionId,
        pharmacyId: api.ids.otherPharmacyId,
        quantity: QUANTITY,
        strengthMg: 40,
        deliveryAddress: ADDRESS,
      }),
    );
    assertRefused(refused, 'PRICE_NOT_SET');
    assert.match(refused.body.reasons[0].action, /another pharmacy/);
  });

  test('payments: up to what is due, once per Idempotency-Key, only by the order’s pharmacy', async () => {
    const who = await customer();
    const orderId = await placeOrder(who);
    const charged = QUANTITY * TEST_UNIT_PRICE_CENTS;
    assertRefused(await refusedWithoutRecord(api, () => pay(orderId, charged + 1)), 'OVERPAYMENT');
    assert.equal((await refusedWithoutRecord(api, () => pay(orderId, 0))).status, 400);
    assert.equal((await refusedWithoutRecord(api, () => pay(orderId, 100, {}, api.as('otherPharmacist')))).status, 404);
    assert.equal((await refusedWithoutRecord(api, () => pay(orderId, 100, {}, api.as('prescriber')))).status, 403);
    const future = await refusedWithoutRecord(api, () =>
      pharmacist().post(`/pharmacy/orders/${orderId}/payments`, { amountCents: 100, receivedOn: addDays(CONFIRMED, 1), reference: 'INV-1' }),
    );
    assert.equal(future.body.errors[0].field, 'receivedOn');

    const key = randomUUID();
    const first = await pay(orderId, 10_000, { 'idempotency-key': key });
    assertStatus(first, 201);
    const again = await pay(orderId, 10_000, { 'idempotency-key': key });
    assert.deepEqual(again.body, first.body);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.equal(first.body.order.payment.due, charged - 10_000);
    assertStatus(await pay(orderId, charged - 10_000), 201);
    const [paid] = await ordersOf(who);
    assert.deepEqual(
      { paid: present(paid).payment['paid'], due: present(paid).payment['due'], netPaid: present(paid).payment['netPaid'] },
      { paid: charged, due: 0, netPaid: charged },
      'the patient sees it paid',
    );
    assertRefused(await refusedWithoutRecord(api, () => pay(orderId, 1)), 'OVERPAYMENT');
  });

  test('a shipment that never arrives is flagged, refunded with its reason, and the order says refunded', async () => {
    const who = await customer();
    const orderId = await placeOrder(who);
    const charged = QUANTITY * TEST_UNIT_PRICE_CENTS;
    assertStatus(await pay(orderId, charged), 201);
    const step = (path: string, body?: unknown) => pharmacist().post(`/pharmacy/orders/${orderId}/${path}`, body);
    assertStatus(await step('authorization'), 201);
    assertStatus(await step('dispense', { medicationGuideGiven: true }), 201);
    assertStatus(await step('packing'), 201);
    assertStatus(await step('shipment', { carrier: 'USPS', trackingNumber: '9400100000000000000000' }), 201);
    api.today(addDays(CONFIRMED, 11));
    const queued = (await pharmacist().get('/pharmacy/orders')).body.orders.find((row: { id: string }) => row.id === orderId);
    assert.equal(queued.deliveryOverdue, true, 'not delivered in the promised 10 days');

    assertRefused(await refusedWithoutRecord(api, () => refund(orderId, 100, '   ')), 'REFUND_REASON_MISSING');
    assertRefused(await refusedWithoutRecord(api, () => refund(orderId, charged + 1)), 'REFUND_EXCEEDS_NET_PAID');
    const partial = await refund(orderId, 2_000, 'Late delivery: shipping refunded', addDays(CONFIRMED, 11));
    assertStatus(partial, 201);
    assert.equal(partial.body.order.state, 'shipped', 'a partial refund leaves the order going');
    assert.equal(partial.body.order.payment.due, 0, 'and never asks for the refunded money again');
    const full = await refund(orderId, charged - 2_000, 'Never arrived', addDays(CONFIRMED, 11));
    assertStatus(full, 201);
    const [mine] = await ordersOf(who);
    assert.equal(present(mine).state, 'refunded');
    assert.deepEqual(
      {
        refunded: present(mine).payment['refunded'],
        netPaid: present(mine).payment['netPaid'],
        due: present(mine).payment['due'],
        owedBack: present(mine).payment['owedBack'],
      },
      { refunded: charged, netPaid: 0, due: 0, owedBack: 0 },
    );
    assertRefused(await refusedWithoutRecord(api, () => refund(orderId, 1, 'again', addDays(CONFIRMED, 11))), 'REFUND_EXCEEDS_NET_PAID');
    assertRefused(await refusedWithoutRecord(api, () => pay(orderId, 1)), 'ORDER_NOT_PAYABLE');
  });

  test('a cancelled order that was paid: nothing is due, the money is owed back until refunded', async () => {
    const who = await customer();
    const orderId = await placeOrder(who);
    assertStatus(await pay(orderId, 5_000), 201);
    assertStatus(await who.client.post(`/patients/${who.patient.id}/orders/${orderId}/cancel`, { reason: 'Picking it up in person' }), 201);
    const [cancelled] = await ordersOf(who);
    assert.deepEqual([present(cancelled).state, present(cancelled).payment['due'], present(cancelled).payment['owedBack']], ['cancelled', 0, 5_000]);
    assertRefused(await refusedWithoutRecord(api, () => pay(orderId, 100)), 'ORDER_NOT_PAYABLE');
    const inQueue = async () => (await pharmacist().get('/pharmacy/orders')).body.orders.find((row: { id: string }) => row.id === orderId);
    assert.equal((await inQueue())?.payment.owedBack, 5_000, 'cancelled, but in the queue while money is owed back');
    assertStatus(await refund(orderId, 5_000, 'Order cancelled before dispensing'), 201);
    const [settled] = await ordersOf(who);
    assert.deepEqual([present(settled).state, present(settled).payment['owedBack']], ['refunded', 0]);
    assert.equal(await inQueue(), undefined, 'settled: off the queue');
  });

  test('the pharmacy’s summary is the sum of its orders’ balances, and only its own', async () => {
    api.today(CONFIRMED);
    const from = CONFIRMED;
    const summary = await pharmacist().get(`/pharmacy/payments/summary?from=${from}&to=${from}`);
    assertStatus(summary, 200);
    // Every order of this file was placed on CONFIRMED at the test pharmacy: add up their balances.
    const orders = await api.services.db
      .selectFrom('orders')
      .select(['id', 'patient_id'])
      .where('pharmacy_id', '=', api.ids.pharmacyId)
      .where('placed_on', '=', from)
      .execute();
    const totals = { charged: 0, paid: 0, refunded: 0, netPaid: 0, due: 0, owedBack: 0 };
    for (const patientId of new Set(orders.map((row) => row.patient_id))) {
      for (const order of (await api.as('prescriber').get(`/patients/${patientId}/orders`)).body.orders as Array<{ payment: typeof totals }>) {
        for (const field of Object.keys(totals) as Array<keyof typeof totals>) {
          totals[field] += order.payment[field];
        }
      }
    }
    assert.ok(orders.length >= 4);
    assert.deepEqual(
      { ...summary.body, from: undefined, to: undefined, asOf: undefined },
      { ...totals, orders: orders.length, from: undefined, to: undefined, asOf: undefined },
    );
    assert.equal(summary.body.netPaid, summary.body.paid - summary.body.refunded);
    const others = await api.as('otherPharmacist').get(`/pharmacy/payments/summary?from=${from}&to=${from}`);
    assert.equal(others.body.orders, 0, 'another pharmacy sees none of these');
    assert.equal((await pharmacist().get(`/pharmacy/payments/summary?from=${from}&to=${addDays(from, -1)}`)).status, 400);
  });
});
