// No double authorization, no double dispense: many requests for the same prescription or the same
// authorization at the same moment (two pharmacies, or one pharmacist clicking twice), and retries
// carrying an Idempotency-Key. CI runs this file on the embedded PostgreSQL and on Debian's.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { after, before, describe, test } from 'node:test';
import { startTestApi, type ApiResponse, type StaffRole, type TestApi } from '../support/api.js';
import { assertProblem, assertRefused, assertStatus, codes, enrollPatient, lookupOf, pcngpVisit, type Patient } from '../support/journeys.js';
import { storedRows } from '../support/routes.js';
import { present } from '../support/present.js';

const ON = '2025-03-10';
const CONCURRENT = 24;

const dispenseBody = (patient: Patient) => ({
  ...lookupOf(patient),
  dispensedOn: ON,
  product: 'claravis',
  strengthMg: 40,
  quantity: 30,
  daysSupply: 30,
  medicationGuideGiven: true,
});

describe('concurrent and retried pharmacy requests', () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi();
    api.today(ON);
  });
  after(() => api.close());

  async function readyToFill(): Promise<{ patient: Patient; prescriptionId: string }> {
    const patient = await enrollPatient(api, { category: 'PCNGP', enrolledOn: ON });
    return { patient, prescriptionId: await pcngpVisit(api, patient, ON) };
  }

  const authorize = (as: StaffRole, patient: Patient, prescriptionId: string, headers: Record<string, string> = {}) =>
    api.as(as).post('/authorizations', { ...lookupOf(patient), prescriptionId }, headers);

  const dispense = (patient: Patient, authorizationId: string, headers: Record<string, string> = {}, as: StaffRole = 'pharmacist') =>
    api.as(as).post(`/authorizations/${authorizationId}/dispense`, dispenseBody(patient), headers);

  async function rowCount(
    table: 'authorizations' | 'dispenses' | 'idempotency_keys',
    where: { prescriptionId?: string; authorizationId?: string } = {},
  ): Promise<number> {
    const condition =
      where.prescriptionId !== undefined
        ? sql`WHERE prescription_id = ${where.prescriptionId}`
        : where.authorizationId !== undefined
          ? sql`WHERE authorization_id = ${where.authorizationId}`
          : sql``;
    const result = await sql<{ count: string }>`SELECT count(*) AS count FROM ${sql.table(table)} ${condition}`.execute(api.services.db);
    return Number(result.rows[0]?.count);
  }

  test(`two pharmacies asking ${CONCURRENT} times at once to authorize the same prescription: one authorization, held by one pharmacy; every request of the other is refused`, async () => {
    // Several prescriptions, so that the race is won by either pharmacy at least once in practice.
    const winners = new Set<string>();
    for (let round = 0; round < 4; round += 1) {
      const { patient, prescriptionId } = await readyToFill();
      // Warm both sessions first, so the race is between the authorization requests themselves.
      await api.as('pharmacist').get('/me');
      await api.as('otherPharmacist').get('/me');
      const pharmacists: StaffRole[] = Array.from({ length: CONCURRENT }, (_, index) => (index % 2 === round % 2 ? 'pharmacist' : 'otherPharmacist'));
      const answers = await Promise.all(pharmacists.map((as) => authorize(as, patient, prescriptionId)));

      assert.equal(await rowCount('authorizations', { prescriptionId }), 1, 'exactly one authorization');
      const created = answers.filter((answer) => answer.status === 201);
      assert.equal(created.length, 1, 'exactly one request created it');
      const winner = present(pharmacists[answers.indexOf(present(created[0]))]);
      winners.add(winner);
      answers.forEach((answer, index) => {
        if (pharmacists[index] === winner) {
          assert.ok([200, 201].includes(answer.status), `the holder's repeats answer the same authorization: ${JSON.stringify(answer.body)}`);
          assert.equal(answer.body.id, present(created[0]).body.id);
        } else {
          assertRefused(answer, 'ACTIVE_AUTHORIZATION_EXISTS');
        }
      });
    }
    assert.ok(winners.size >= 1);
  });

  test(`${CONCURRENT} dispense clicks at once against one authorization: exactly one dispense; the others are refused as already used`, async () => {
    const { patient, prescriptionId } = await readyToFill();
    const authorization = await authorize('pharmacist', patient, prescriptionId);
    assertStatus(authorization, 201);
    const answers = await Promise.all(Array.from({ length: CONCURRENT }, () => dispense(patient, authorization.body.id)));

    assert.equal(await rowCount('dispenses', { authorizationId: authorization.body.id }), 1, 'exactly one dispense');
    assert.equal(answers.filter((answer) => answer.status === 201).length, 1);
    for (const refused of answers.filter((answer) => answer.status !== 201)) {
      assert.deepEqual(codes(assertRefused(refused, 'AUTHORIZATION_ALREADY_USED')), ['AUTHORIZATION_ALREADY_USED']);
    }
    // And the pharmacy that does not hold it cannot dispense it at all.
    assertProblem(await dispense(patient, authorization.body.id, {}, 'otherPharmacist'), 404, 'another pharmacy');
  });

  test('a retried authorization request with the same Idempotency-Key gets the first answer back, marked as a replay', async () => {
    const { patient, prescriptionId } = await readyToFill();
    const key = randomUUID();
    const first = await authorize('pharmacist', patient, prescriptionId, { 'idempotency-key': key });
    assertStatus(first, 201);
    assert.equal(first.headers['idempotent-replayed'], undefined);
    const retry = await authorize('pharmacist', patient, prescriptionId, { 'idempotency-key': key });
    assertStatus(retry, 201, 'the first answer, status included');
    assert.deepEqual(retry.body, first.body);
    assert.equal(retry.headers['idempotent-replayed'], 'true');
    // Without the key the same request is still answered with the same authorization, as "already issued".
    const unkeyed = await authorize('pharmacist', patient, prescriptionId);
    assertStatus(unkeyed, 200);
    assert.equal(unkeyed.body.id, first.body.id);
    assert.equal(await rowCount('authorizations', { prescriptionId }), 1);
  });

  test(`${CONCURRENT} copies of one dispense sent at once with the same Idempotency-Key: all get the same answer, one dispense is recorded`, async () => {
    const { patient, prescriptionId } = await readyToFill();
    const authorization = await authorize('pharmacist', patient, prescriptionId);
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: CONCURRENT }, () => dispense(patient, authorization.body.id, { 'idempotency-key': key })));
    for (const answer of answers) {
      assertStatus(answer, 201);
      assert.deepEqual(answer.body, present(answers[0]).body);
    }
    assert.equal(answers.filter((answer) => answer.headers['idempotent-replayed'] === 'true').length, CONCURRENT - 1);
    assert.equal(await rowCount('dispenses', { authorizationId: authorization.body.id }), 1);

    // A later retry still replays; a click without the key is refused: the key is what makes a retry safe.
    const later = await dispense(patient, authorization.body.id, { 'idempotency-key': key });
    assert.deepEqual(later.body, present(answers[0]).body);
    assertRefused(await dispense(patient, authorization.body.id), 'AUTHORIZATION_ALREADY_USED');
  });

  test('the same Idempotency-Key for a different request is 422 and records nothing; keys are per user', async () => {
    const first = await readyToFill();
    const second = await readyToFill();
    const key = `key-${randomUUID()}`;
    assertStatus(await authorize('pharmacist', first.patient, first.prescriptionId, { 'idempotency-key': key }), 201);

    const rows = await storedRows(api);
    const reused = await authorize('pharmacist', second.patient, second.prescriptionId, { 'idempotency-key': key });
    assertProblem(reused, 422, 'key reused');
    assert.equal(reused.body.type, 'https://isocourse.dev/problems/idempotency-key-reused');
    assert.deepEqual(await storedRows(api), rows, 'nothing recorded');

    // Another pharmacist's identical key is theirs: decided on its own (here: held elsewhere).
    assertRefused(await authorize('otherPharmacist', first.patient, first.prescriptionId, { 'idempotency-key': key }), 'ACTIVE_AUTHORIZATION_EXISTS');
    assertStatus(await authorize('otherPharmacist', second.patient, second.prescriptionId, { 'idempotency-key': key }), 201);
  });

  test('a refused request is not remembered: its retry with the same key is decided afresh', async () => {
    const patient = await enrollPatient(api, { category: 'PCNGP', enrolledOn: ON });
    const prescriptionId = await pcngpVisit(api, patient, ON);
    const key = randomUUID();
    const authorization = await authorize('pharmacist', patient, prescriptionId);
    const withoutGuide = { ...dispenseBody(patient), medicationGuideGiven: false };
    const refused = await api.as('pharmacist').post(`/authorizations/${authorization.body.id}/dispense`, withoutGuide, { 'idempotency-key': key });
    assert.equal(refused.status, 422);
    const retried = await api.as('pharmacist').post(`/authorizations/${authorization.body.id}/dispense`, withoutGuide, { 'idempotency-key': key });
    assert.equal(retried.status, 422);
    assert.equal(retried.headers['idempotent-replayed'], undefined);
    assert.equal(await rowCount('dispenses', { authorizationId: authorization.body.id }), 0);
  });

  test('an Idempotency-Key must be 1 to 255 visible characters', async () => {
    const { patient, prescriptionId } = await readyToFill();
    for (const bad of ['', 'has space', 'x'.repeat(256)]) {
      const answer: ApiResponse = await authorize('pharmacist', patient, prescriptionId, { 'idempotency-key': bad });
      assertProblem(answer, 400, JSON.stringify(bad));
      assert.match(JSON.stringify(answer.body.errors), /idempotency-key/);
    }
    assert.equal(await rowCount('authorizations', { prescriptionId }), 0);
  });
});
