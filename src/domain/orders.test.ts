import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { addDays } from './dates.js';
import type { PatientFacts } from './facts.js';
import { decideFulfillment, decidePlaceOrder, orderStatus, type Order, type OrderFacts, type OrderRequest } from './orders.js';
import { CONFIG, codes, pcgpReadyForFirstFill } from '../../test/support/patientFacts.js';

const CONFIRMED = '2025-03-10'; // window 03-10 … 03-16
const LAST_DAY = addDays(CONFIRMED, 6);
const HERE = 'pharmacy-here';
const ELSEWHERE = 'pharmacy-elsewhere';

function anOrder(overrides: Partial<Order> = {}): Order {
  return {
    id: 'order-1',
    prescriptionId: 'rx-1',
    pharmacyId: HERE,
    placedOn: CONFIRMED,
    quantity: 30,
    strengthMg: 40,
    deliveryAddress: { recipient: 'Maya L', line1: '1 Main St', line2: null, city: 'Boston', state: 'MA', postalCode: '02110' },
    packedOn: null,
    shipment: null,
    deliveredOn: null,
    cancellation: null,
    refundedOn: null,
    ...overrides,
  };
}

function factsWith(patient: PatientFacts, orders: Order[] = [], holders: Array<[string, string]> = []): OrderFacts {
  return { patient, orders, holders: holders.map(([authorizationId, pharmacyId]) => ({ authorizationId, pharmacyId })) };
}

const ready = () => pcgpReadyForFirstFill(CONFIRMED);
const authorized = () => ready().authorization({ prescriptionId: 'rx-1', requestedOn: CONFIRMED, doNotDispenseAfter: LAST_DAY });
const request = (overrides: Partial<OrderRequest> = {}): OrderRequest => ({
  prescriptionId: 'rx-1',
  pharmacyId: HERE,
  pharmacyCertified: true,
  quantity: 30,
  strengthMg: 40,
  ...overrides,
});

describe('an order’s state, derived from its facts and its authorization', () => {
  test('no authorization yet: awaiting it, with the window’s last day as the deadline', () => {
    const status = orderStatus(anOrder(), factsWith(ready().facts()), CONFIRMED, CONFIG);
    assert.equal(status.state, 'awaitingAuthorization');
    assert.equal(status.deadline, LAST_DAY);
    assert.deepEqual(status.reasons, []);
  });

  test('awaiting, and the window has closed: the engine’s reasons say why it cannot be authorized', () => {
    const status = orderStatus(anOrder(), factsWith(ready().facts()), addDays(LAST_DAY, 1), CONFIG);
    assert.equal(status.state, 'awaitingAuthorization');
    assert.ok(status.reasons.length > 0);
  });

  test('authorized by its pharmacy: the deadline is the do-not-dispense-after date, the earlier REMS date winning (D-4)', () => {
    const facts = ready()
      .authorization({ prescriptionId: 'rx-1', requestedOn: CONFIRMED, doNotDispenseAfter: LAST_DAY, remsDoNotDispenseAfter: addDays(LAST_DAY, -1) })
      .facts();
    const status = orderStatus(anOrder(), factsWith(facts, [], [['auth-rx-1', HERE]]), CONFIRMED, CONFIG);
    assert.equal(status.state, 'authorized');
    assert.equal(status.deadline, addDays(LAST_DAY, -1));
  });

  test('authorized by another pharmacy: still awaiting here, with the reason', () => {
    const status = orderStatus(anOrder(), factsWith(authorized().facts(), [], [['auth-rx-1', ELSEWHERE]]), CONFIRMED, CONFIG);
    assert.equal(status.state, 'awaitingAuthorization');
    assert.deepEqual(codes(status.reasons), ['ACTIVE_AUTHORIZATION_EXISTS']);
  });

  test('R-AUTH-2: authorized through the last day, stopped the day after, with what to do', () => {
    const facts = factsWith(authorized().facts(), [], [['auth-rx-1', HERE]]);
    assert.equal(orderStatus(anOrder(), facts, LAST_DAY, CONFIG).state, 'authorized');
    const stopped = orderStatus(anOrder(), facts, addDays(LAST_DAY, 1), CONFIG);
    assert.equal(stopped.state, 'stopped');
    assert.deepEqual(codes(stopped.reasons), ['ORDER_AUTHORIZATION_LAPSED']);
    assert.match(stopped.reasons[0]?.action ?? '', /qualifies again/);
  });

  test('R-AUTH-2: reversed before the dispense: stopped', () => {
    const facts = factsWith(authorized().reversed('auth-rx-1', CONFIRMED).facts(), [], [['auth-rx-1', HERE]]);
    const status = orderStatus(anOrder({ placedOn: CONFIRMED }), facts, CONFIRMED, CONFIG);
    assert.equal(status.state, 'stopped');
    assert.deepEqual(codes(status.reasons), ['ORDER_AUTHORIZATION_REVERSED']);
  });

  test('an authorization already reversed before the order was placed is not the order’s', () => {
    const facts = factsWith(authorized().reversed('auth-rx-1', CONFIRMED).facts(), [], [['auth-rx-1', HERE]]);
    const status = orderStatus(anOrder({ placedOn: addDays(CONFIRMED, 1) }), facts, addDays(CONFIRMED, 1), CONFIG);
    assert.equal(status.authorization, null);
    assert.equal(status.state, 'awaitingAuthorization');
  });

  test('dispensed, shipped (overdue after the promised days), delivered; cancelled and refunded win', () => {
    const facts = factsWith(authorized().dispensed('auth-rx-1', CONFIRMED).facts(), [], [['auth-rx-1', HERE]]);
    assert.equal(orderStatus(anOrder(), facts, CONFIRMED, CONFIG).state, 'dispensed');
    assert.equal(orderStatus(anOrder(), facts, addDays(LAST_DAY, 5), CONFIG).state, 'dispensed', 'a dispensed order never lapses');
    const shipment = { shippedOn: CONFIRMED, carrier: 'UPS', trackingNumber: '1Z999', promisedDays: 10 };
    const shipped = anOrder({ packedOn: CONFIRMED, shipment });
    const onTime = orderStatus(shipped, facts, addDays(CONFIRMED, 10), CONFIG);
    assert.deepEqual([onTime.state, onTime.deliveryDueBy, onTime.deliveryOverdue], ['shipped', addDays(CONFIRMED, 10), false]);
    assert.equal(orderStatus(shipped, facts, addDays(CONFIRMED, 11), CONFIG).deliveryOverdue, true);
    assert.equal(orderStatus({ ...shipped, deliveredOn: addDays(CONFIRMED, 12) }, facts, addDays(CONFIRMED, 20), CONFIG).state, 'delivered');
    assert.equal(orderStatus({ ...shipped, refundedOn: CONFIRMED }, facts, CONFIRMED, CONFIG).state, 'refunded');
    const cancelled = anOrder({ cancellation: { cancelledOn: CONFIRMED, by: 'patient', reason: 'Changed my mind' } });
    assert.equal(orderStatus(cancelled, facts, CONFIRMED, CONFIG).state, 'cancelled');
  });
});

describe('placing an order: the gate', () => {
  test('a fillable prescription, as prescribed: allowed', () => {
    assert.deepEqual(decidePlaceOrder(factsWith(ready().facts()), request(), CONFIRMED, CONFIG).reasons, []);
  });

  test('a practice outside the US: refused ORDERS_NOT_IN_PROGRAM, never judged by the US rules (issue 14)', () => {
    for (const jurisdiction of ['GB', 'EU', null] as const) {
      assert.deepEqual(codes(decidePlaceOrder(factsWith(ready().facts()), request(), CONFIRMED, { ...CONFIG, jurisdiction }).reasons), [
        'ORDERS_NOT_IN_PROGRAM',
      ]);
    }
  });

  test('no such prescription of this patient', () => {
    assert.deepEqual(codes(decidePlaceOrder(factsWith(ready().facts()), request({ prescriptionId: 'rx-other' }), CONFIRMED, CONFIG).reasons), [
      'PRESCRIPTION_NOT_FOUND',
    ]);
  });

  test('more than prescribed, fewer, or another strength', () => {
    const facts = factsWith(ready().facts());
    assert.deepEqual(codes(decidePlaceOrder(facts, request({ quantity: 31 }), CONFIRMED, CONFIG).reasons), ['QUANTITY_EXCEEDS_PRESCRIPTION']);
    assert.deepEqual(codes(decidePlaceOrder(facts, request({ quantity: 29 }), CONFIRMED, CONFIG).reasons), ['QUANTITY_NOT_AS_PRESCRIBED']);
    assert.deepEqual(codes(decidePlaceOrder(facts, request({ strengthMg: 30 }), CONFIRMED, CONFIG).reasons), ['STRENGTH_NOT_AS_PRESCRIBED']);
  });

  test('not fillable now: the engine’s own reasons (window closed), not restated', () => {
    const decision = decidePlaceOrder(factsWith(ready().facts()), request(), addDays(LAST_DAY, 1), CONFIG);
    assert.equal(decision.allowed, false);
    assert.ok(!codes(decision.reasons).includes('PRESCRIPTION_NOT_FOUND'));
  });

  test('an uncertified pharmacy is refused by the engine (R-ENR-1)', () => {
    assert.ok(
      codes(decidePlaceOrder(factsWith(ready().facts()), request({ pharmacyCertified: false }), CONFIRMED, CONFIG).reasons).includes('PHARMACY_NOT_CERTIFIED'),
    );
  });

  test('an open order for the prescription, then a cancelled one (which no longer blocks)', () => {
    const facts = ready().facts();
    assert.deepEqual(codes(decidePlaceOrder(factsWith(facts, [anOrder()]), request(), CONFIRMED, CONFIG).reasons), ['ORDER_ALREADY_OPEN']);
    const cancelled = anOrder({ cancellation: { cancelledOn: CONFIRMED, by: 'patient', reason: 'Wrong address' } });
    assert.deepEqual(decidePlaceOrder(factsWith(facts, [cancelled]), request(), CONFIRMED, CONFIG).reasons, []);
  });

  test('already dispensed', () => {
    const facts = factsWith(authorized().dispensed('auth-rx-1', CONFIRMED).facts(), [], [['auth-rx-1', HERE]]);
    assert.deepEqual(codes(decidePlaceOrder(facts, request(), CONFIRMED, CONFIG).reasons), ['PRESCRIPTION_ALREADY_FILLED']);
  });

  test('authorized at this pharmacy: allowed; held by another: refused', () => {
    assert.deepEqual(decidePlaceOrder(factsWith(authorized().facts(), [], [['auth-rx-1', HERE]]), request(), CONFIRMED, CONFIG).reasons, []);
    assert.deepEqual(codes(decidePlaceOrder(factsWith(authorized().facts(), [], [['auth-rx-1', ELSEWHERE]]), request(), CONFIRMED, CONFIG).reasons), [
      'ACTIVE_AUTHORIZATION_EXISTS',
    ]);
  });
});

describe('fulfillment steps', () => {
  const facts = factsWith(authorized().facts(), [], [['auth-rx-1', HERE]]);
  const dispensedFacts = factsWith(authorized().dispensed('auth-rx-1', CONFIRMED).facts(), [], [['auth-rx-1', HERE]]);

  test('dispense needs an authorized order; a stopped one says why', () => {
    assert.equal(decideFulfillment('dispense', anOrder(), orderStatus(anOrder(), facts, CONFIRMED, CONFIG), CONFIRMED).allowed, true);
    const late = addDays(LAST_DAY, 1);
    const refused = decideFulfillment('dispense', anOrder(), orderStatus(anOrder(), facts, late, CONFIG), late);
    assert.deepEqual(codes(refused.reasons), ['ORDER_NOT_AT_THIS_STEP', 'ORDER_AUTHORIZATION_LAPSED']);
    const awaiting = factsWith(ready().facts());
    assert.deepEqual(codes(decideFulfillment('dispense', anOrder(), orderStatus(anOrder(), awaiting, CONFIRMED, CONFIG), CONFIRMED).reasons), [
      'ORDER_NOT_AT_THIS_STEP',
    ]);
  });

  test('pack once, ship only packed and by the do-not-dispense-after date (R-AUTH-5), deliver only shipped', () => {
    const order = anOrder();
    const status = orderStatus(order, dispensedFacts, CONFIRMED, CONFIG);
    assert.equal(decideFulfillment('pack', order, status, CONFIRMED).allowed, true);
    assert.deepEqual(codes(decideFulfillment('ship', order, status, CONFIRMED).reasons), ['ORDER_NOT_PACKED']);
    const packed = anOrder({ packedOn: CONFIRMED });
    assert.deepEqual(codes(decideFulfillment('pack', packed, status, CONFIRMED).reasons), ['ORDER_ALREADY_PACKED']);
    assert.equal(decideFulfillment('ship', packed, status, LAST_DAY).allowed, true);
    const late = addDays(LAST_DAY, 1);
    assert.deepEqual(codes(decideFulfillment('ship', packed, orderStatus(packed, dispensedFacts, late, CONFIG), late).reasons), [
      'RELEASE_AFTER_DO_NOT_DISPENSE_AFTER',
    ]);
    assert.deepEqual(codes(decideFulfillment('deliver', packed, status, CONFIRMED).reasons), ['ORDER_NOT_AT_THIS_STEP']);
  });

  test('cancel before the dispense only', () => {
    assert.equal(decideFulfillment('cancel', anOrder(), orderStatus(anOrder(), facts, CONFIRMED, CONFIG), CONFIRMED).allowed, true);
    const refused = decideFulfillment('cancel', anOrder(), orderStatus(anOrder(), dispensedFacts, CONFIRMED, CONFIG), CONFIRMED);
    assert.deepEqual(codes(refused.reasons), ['ORDER_NOT_AT_THIS_STEP']);
    assert.match(refused.reasons[0]?.action ?? '', /refund/);
  });
});
