// Issue 6: after delivery the patient rates the pharmacy's service (delivery, packaging, support)
// with an optional comment; the pharmacy moderates the comments; the public page shows the service
// ratings at once and a comment only once published — never one about what the medicine did, and
// never anything that identifies the patient.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addDays } from '../../src/domain/dates.js';
import { startTestApi, type ApiClient, type TestApi } from '../support/api.js';
import { assertRefused, assertStatus, pcngpVisit, type Patient } from '../support/journeys.js';
import { refusedWithoutRecord } from '../support/routes.js';

const ON = '2025-03-10';
const DELIVERED_ON = addDays(ON, 4);
const AFTER_DELIVERY = addDays(ON, 5);
const ADDRESS = { recipient: 'Ada Receiver', line1: '12 Harbor Road', line2: null, city: 'Boston', state: 'MA', postalCode: '02110' };
const GOOD = { delivery: 5, packaging: 4, support: 3 };

describe('rating the pharmacy’s service after delivery', () => {
  let api: TestApi;
  let sequence = 0;

  before(async () => {
    api = await startTestApi();
  });
  after(() => api.close());

  interface Customer {
    patient: Patient;
    client: ApiClient;
    email: string;
    givenName: string;
    orderId: string;
  }

  /** A PCNGP patient with a log-in and an order placed with `pharmacy` — delivered unless told otherwise. */
  async function customer(options: { delivered?: boolean; pharmacy?: 'pharmacist' | 'otherPharmacist' } = {}): Promise<Customer> {
    sequence += 1;
    const email = `rater${sequence}@test.example`;
    const password = 'patient password long';
    const givenName = `Quintessa${'x'.repeat(sequence)}`;
    api.today(ON);
    const patient = await api.enroll({ category: 'PCNGP', enrolledOn: ON, givenName, account: { email, password } });
    const prescriptionId = await pcngpVisit(api, patient, ON);
    const client = await api.logIn(email, password);
    const pharmacist = api.as(options.pharmacy ?? 'pharmacist');
    const pharmacyId = options.pharmacy === 'otherPharmacist' ? api.ids.otherPharmacyId : api.ids.pharmacyId;
    const placed = await client.post(`/patients/${patient.id}/orders`, { prescriptionId, pharmacyId, quantity: 30, strengthMg: 40, deliveryAddress: ADDRESS });
    assertStatus(placed, 201, 'order');
    const orderId = placed.body.id as string;
    const step = async (path: string, body?: unknown) => {
      assertStatus(await pharmacist.post(`/pharmacy/orders/${orderId}/${path}`, body), 201, path);
    };
    await step('authorization');
    await step('dispense', { medicationGuideGiven: true });
    await step('packing');
    await step('shipment', { carrier: 'UPS', trackingNumber: '1Z999AA1' });
    if (options.delivered !== false) {
      api.today(AFTER_DELIVERY);
      await step('delivery', { deliveredOn: DELIVERED_ON });
    }
    api.today(AFTER_DELIVERY);
    return { patient, client, email, givenName, orderId };
  }

  const rate = (who: Customer, body: Record<string, unknown> = GOOD, as: ApiClient = who.client) =>
    as.post(`/patients/${who.patient.id}/orders/${who.orderId}/feedback`, body);
  const read = (who: Customer, as: ApiClient = who.client) => as.get(`/patients/${who.patient.id}/orders/${who.orderId}/feedback`);
  const moderate = (feedbackId: string, body: Record<string, unknown>, as: ApiClient = api.as('pharmacist')) =>
    as.post(`/pharmacy/feedback/${feedbackId}/moderation`, body);
  const publicPage = () => api.withToken(null).get('/public/service-ratings');
  const testPharmacy = async () => {
    const answer = await publicPage();
    assertStatus(answer, 200, 'public page');
    return answer.body.pharmacies.find((row: { pharmacy: { id: string } }) => row.pharmacy.id === api.ids.pharmacyId);
  };

  test('before delivery: refused with the reason, nothing stored; the page says it cannot be rated yet', async () => {
    const who = await customer({ delivered: false });
    assertRefused(await refusedWithoutRecord(api, () => rate(who)), 'ORDER_NOT_DELIVERED');
    const seen = await read(who);
    assertStatus(seen, 200);
    assert.equal(seen.body.order.state, 'shipped');
    assert.equal(seen.body.feedback, null);
    assert.equal(seen.body.mayRate.allowed, false);
    assert.deepEqual(
      seen.body.mayRate.reasons.map((item: { code: string }) => item.code),
      ['ORDER_NOT_DELIVERED'],
    );
  });

  test('after delivery: accepted once, the second refused and nothing stored; bad ratings are field errors', async () => {
    const who = await customer();
    const before = await read(who);
    assert.equal(before.body.mayRate.allowed, true);
    const bad = await refusedWithoutRecord(api, () => rate(who, { delivery: 0, packaging: 6, support: 3 }));
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.errors.map((error: { field: string }) => error.field).sort(), ['delivery', 'packaging']);
    assert.equal((await refusedWithoutRecord(api, () => rate(who, { ...GOOD, comment: 'x'.repeat(1001) }))).status, 400);
    assert.equal((await refusedWithoutRecord(api, () => rate(who, { ...GOOD, comment: '   ' }))).status, 400, 'a comment of blanks');

    const first = await rate(who, { ...GOOD, comment: 'Quick and discreet' });
    assertStatus(first, 201);
    assert.deepEqual(first.body.feedback.ratings, GOOD);
    assert.equal(first.body.feedback.comment, 'Quick and discreet');
    assert.equal(first.body.feedback.commentStatus, 'awaitingModeration');
    assert.equal(first.body.feedback.submittedOn, AFTER_DELIVERY);
    assert.equal(first.body.mayRate.allowed, false);
    assertRefused(await refusedWithoutRecord(api, () => rate(who, { delivery: 1, packaging: 1, support: 1 })), 'FEEDBACK_ALREADY_GIVEN');
    const audit = await api.services.db.selectFrom('audit_events').select(['action', 'outcome']).where('entity_id', '=', first.body.id).execute();
    assert.deepEqual(audit, [{ action: 'feedback.submit', outcome: 'ok' }]);
  });

  test('another patient, the care team, another pharmacy: cannot rate, read or moderate (403/404); nothing stored', async () => {
    const who = await customer();
    const other = await customer();
    assertStatus(await rate(who, { ...GOOD, comment: 'Friendly support' }), 201);
    const feedbackId = (await read(who)).body.feedback.id as string;

    assert.equal((await refusedWithoutRecord(api, () => rate(who, GOOD, other.client))).status, 404, 'another patient rating');
    assert.equal(
      (await refusedWithoutRecord(api, () => other.client.post(`/patients/${other.patient.id}/orders/${who.orderId}/feedback`, GOOD))).status,
      404,
      'own path, another’s order',
    );
    assert.equal((await refusedWithoutRecord(api, () => rate(other, GOOD, api.as('prescriber')))).status, 403, 'the care team does not rate for the patient');
    assert.equal((await refusedWithoutRecord(api, () => rate(other, GOOD, api.as('pharmacist')))).status, 404, 'nor the pharmacy');

    assert.equal((await read(who, other.client)).status, 404);
    assert.equal((await other.client.get(`/patients/${other.patient.id}/orders/${who.orderId}/feedback`)).status, 404);
    assert.equal((await read(who, api.as('otherPharmacist'))).status, 404);
    assert.equal((await read(who, api.as('prescriber'))).status, 403);
    const byPharmacy = await read(who, api.as('pharmacist'));
    assertStatus(byPharmacy, 200, 'the order’s pharmacy reads it');
    assert.equal(byPharmacy.body.feedback.id, feedbackId);

    assert.equal((await refusedWithoutRecord(api, () => moderate(feedbackId, { decision: 'published' }, api.as('otherPharmacist')))).status, 404);
    assert.equal((await refusedWithoutRecord(api, () => moderate(feedbackId, { decision: 'published' }, other.client))).status, 403);
    assert.equal((await refusedWithoutRecord(api, () => moderate(feedbackId, { decision: 'published' }, api.as('prescriber')))).status, 403);
    const otherQueue = await api.as('otherPharmacist').get('/pharmacy/feedback');
    assertStatus(otherQueue, 200);
    assert.doesNotMatch(JSON.stringify(otherQueue.body), new RegExp(feedbackId));
    assert.equal((await other.client.get('/pharmacy/feedback')).status, 403);
  });

  test('the public page: averages at once, the comment only once published; a medical claim can never be published, its ratings still count', async () => {
    const start = await testPharmacy();
    const countBefore = start.ratings.delivery.count as number;

    const praise = await customer();
    assertStatus(await rate(praise, { delivery: 4, packaging: 5, support: 5, comment: 'Arrived early, plain box, helpful phone support' }), 201);
    const claim = await customer();
    assertStatus(await rate(claim, { delivery: 2, packaging: 3, support: 1, comment: 'My acne cleared in a month!' }), 201);
    const rude = await customer();
    assertStatus(await rate(rude, { delivery: 1, packaging: 1, support: 1, comment: 'The courier was rude to my neighbour' }), 201);

    const immediately = await testPharmacy();
    assert.equal(immediately.ratings.delivery.count, countBefore + 3, 'every submitted rating counts at once');
    assert.equal(immediately.ratings.support.count, countBefore + 3);
    assert.ok(typeof immediately.ratings.delivery.average === 'number');
    assert.equal(Math.round(immediately.ratings.delivery.average * 10), immediately.ratings.delivery.average * 10, 'one decimal');
    assert.deepEqual(immediately.comments, [], 'no comment before a decision');

    const queue = await api.as('pharmacist').get('/pharmacy/feedback');
    assertStatus(queue, 200);
    const waiting = queue.body.awaiting.map((row: { comment: string }) => row.comment);
    assert.ok(waiting.indexOf('Arrived early, plain box, helpful phone support') < waiting.indexOf('My acne cleared in a month!'), 'oldest first');
    const flagged = queue.body.awaiting.find((row: { comment: string }) => row.comment === 'My acne cleared in a month!');
    assert.deepEqual(
      flagged.warnings.map((warning: { code: string }) => warning.code),
      ['COMMENT_HEALTH_CLAIM'],
    );
    assert.match(flagged.warnings[0].message, /acne/);
    const praiseRow = queue.body.awaiting.find((row: { comment: string }) => row.comment.startsWith('Arrived early'));
    assert.deepEqual(praiseRow.warnings, []);
    assert.doesNotMatch(JSON.stringify(queue.body), new RegExp(praise.givenName), 'the queue names no patient');

    // The claim cannot be published; rejected (a reason is required), its ratings still count.
    assertRefused(await refusedWithoutRecord(api, () => moderate(flagged.id, { decision: 'published' })), 'COMMENT_HEALTH_CLAIM_NOT_PUBLISHABLE');
    const noReason = await refusedWithoutRecord(api, () => moderate(flagged.id, { decision: 'rejected' }));
    assert.equal(noReason.status, 400);
    assert.deepEqual(
      noReason.body.errors.map((error: { field: string }) => error.field),
      ['reason'],
    );
    const rejected = await moderate(flagged.id, { decision: 'rejected', reason: 'Speaks of the medicine’s effect; only the service is rated publicly' });
    assertStatus(rejected, 201);
    assert.equal(rejected.body.feedback.commentStatus, 'rejected');
    const seenByPatient = (await read(claim)).body.feedback;
    assert.equal(seenByPatient.commentStatus, 'rejected');
    assert.match(seenByPatient.moderation.reason, /only the service/);

    assertStatus(await moderate(praiseRow.id, { decision: 'published' }), 201);
    const rudeRow = queue.body.awaiting.find((row: { comment: string }) => row.comment.startsWith('The courier'));
    assertStatus(await moderate(rudeRow.id, { decision: 'rejected', reason: 'Speaks of a third person' }), 201);
    const audit = await api.services.db
      .selectFrom('audit_events')
      .select(['action', 'outcome'])
      .where('entity_id', '=', praiseRow.id)
      .where('action', '=', 'feedback.moderate')
      .execute();
    assert.deepEqual(audit, [{ action: 'feedback.moderate', outcome: 'ok' }]);

    const published = await testPharmacy();
    assert.equal(published.ratings.delivery.count, countBefore + 3, 'rejected comments’ ratings still count');
    assert.deepEqual(published.comments, [
      { text: 'Arrived early, plain box, helpful phone support', month: AFTER_DELIVERY.slice(0, 7), ratings: { delivery: 4, packaging: 5, support: 5 } },
    ]);
    const raw = JSON.stringify((await publicPage()).body);
    assert.doesNotMatch(raw, /acne/i, 'the rejected claim never appears');
    assert.doesNotMatch(raw, /courier was rude/, 'rejected comments never appear');

    // The latest decision wins: withdrawn later, it is gone from the public page.
    assertStatus(await moderate(praiseRow.id, { decision: 'rejected', reason: 'Withdrawn at the patient’s request' }), 201);
    assert.deepEqual((await testPharmacy()).comments, []);
    const after = await api.as('pharmacist').get('/pharmacy/feedback');
    assert.ok(after.body.recentlyDecided.some((row: { id: string; commentStatus: string }) => row.id === praiseRow.id && row.commentStatus === 'rejected'));
    assert.equal(
      after.body.awaiting.some((row: { id: string }) => [praiseRow.id, flagged.id, rudeRow.id].includes(row.id)),
      false,
    );
  });

  test('the public answer never holds a patient’s name, email, program id, birth date or any record id', async () => {
    const who = await customer();
    assertStatus(await rate(who, { ...GOOD, comment: 'Well wrapped and on time' }), 201);
    const feedbackId = (await read(who)).body.feedback.id as string;
    assertStatus(await moderate(feedbackId, { decision: 'published' }), 201);
    const answer = await api.app.inject({ method: 'GET', url: '/api/v1/public/service-ratings' });
    assert.equal(answer.statusCode, 200, 'no log-in needed');
    const raw = answer.body;
    assert.match(raw, /Well wrapped and on time/);
    for (const secret of [
      who.givenName,
      `${who.givenName} Patient`,
      who.email,
      who.patient.programId,
      who.patient.birthDate,
      who.patient.id,
      who.orderId,
      feedbackId,
      ADDRESS.recipient,
      ADDRESS.line1,
      AFTER_DELIVERY,
      DELIVERED_ON,
    ]) {
      assert.ok(!raw.includes(secret), `the public answer holds ${secret}`);
    }
    const pharmacy = JSON.parse(raw).pharmacies.find((row: { pharmacy: { id: string } }) => row.pharmacy.id === api.ids.pharmacyId);
    assert.equal(pharmacy.pharmacy.name, 'Test Pharmacy');
    for (const comment of pharmacy.comments) {
      assert.deepEqual(Object.keys(comment).sort(), ['month', 'ratings', 'text']);
    }
  });

  test('a comment with personal data cannot be published either; ratings alone have nothing to moderate', async () => {
    const who = await customer();
    assertStatus(await rate(who, { ...GOOD, comment: `Call me at 617-555-0123` }), 201);
    const feedbackId = (await read(who)).body.feedback.id as string;
    assertRefused(await refusedWithoutRecord(api, () => moderate(feedbackId, { decision: 'published' })), 'COMMENT_PERSONAL_DATA_NOT_PUBLISHABLE');
    const silent = await customer();
    const answer = await rate(silent, GOOD);
    assertStatus(answer, 201);
    assert.equal(answer.body.feedback.commentStatus, 'noComment');
    assertRefused(await refusedWithoutRecord(api, () => moderate(answer.body.id, { decision: 'published' })), 'NO_COMMENT_TO_MODERATE');
  });
});
