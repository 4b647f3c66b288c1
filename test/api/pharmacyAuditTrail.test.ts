// Issue 12, item 7: every audit row of a pharmacy's attempt on a patient's record names that
// patient (a refused authorization or dispense belongs to her trail, and so does a look-up of her
// identifier with the wrong birth date), and a retry with the same
// Idempotency-Key is audited as a replay, never as a second authorization or dispense.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { addDays } from '../../src/domain/dates.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { assertRefused, assertStatus, dispense, enrollPatient, lookupOf, qualifyFirstMonth, requestAuthorization, type Patient } from '../support/journeys.js';
import type { UntypedJson } from '../support/json.js';

const ON = '2025-03-10';

describe("a pharmacy's attempts in the patient's audit trail", () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi();
  });
  after(() => api.close());

  async function qualified(): Promise<{ patient: Patient; prescriptionId: string }> {
    const patient = await enrollPatient(api, { category: 'PCGP', enrolledOn: addDays(ON, -30) });
    const month = await qualifyFirstMonth(api, patient, { confirmationOn: ON });
    return { patient, prescriptionId: month.prescriptionId as string };
  }

  async function trail(patient: Patient): Promise<UntypedJson[]> {
    const events = await api.as('admin').get(`/audit-events?patientId=${patient.id}&limit=500`);
    assertStatus(events, 200, 'audit events');
    return events.body as UntypedJson[];
  }

  test('a refused authorization and a refused dispense name the patient (looked up by program identifier and birth date)', async () => {
    const { patient, prescriptionId } = await qualified();
    const authorized = await requestAuthorization(api, patient, prescriptionId, ON);
    assertStatus(authorized, 201, 'authorization');
    // Another pharmacy asks for the same prescription: refused, the authorization is held elsewhere.
    const elsewhere = await requestAuthorization(api, patient, prescriptionId, ON, 'otherPharmacist');
    assert.equal(elsewhere.status, 422, JSON.stringify(elsewhere.body));
    // The dispense without the Medication Guide: refused.
    assertRefused(await dispense(api, patient, authorized.body.id, ON, { medicationGuideGiven: false }), 'MEDICATION_GUIDE_REQUIRED');

    const events = await trail(patient);
    const refusedAuthorization = events.find((event) => event.action === 'authorization.request' && event.outcome === 'refused');
    assert.ok(refusedAuthorization, JSON.stringify(events.map((event) => [event.action, event.outcome])));
    assert.equal(refusedAuthorization.patientId, patient.id);
    assert.equal(refusedAuthorization.actor.id, api.ids.users.otherPharmacist);
    const refusedDispense = events.find((event) => event.action === 'dispense.record' && event.outcome === 'refused');
    assert.ok(refusedDispense, JSON.stringify(events.map((event) => [event.action, event.outcome])));
    assert.equal(refusedDispense.patientId, patient.id);
    assert.deepEqual(refusedDispense.detail.reasons, ['MEDICATION_GUIDE_REQUIRED']);
  });

  test('a look-up with the wrong birth date is an attempt on her record: it names her (and never the date tried)', async () => {
    const { patient, prescriptionId } = await qualified();
    api.today(ON);
    const wrongBirthDate = await api.as('pharmacist').post('/authorizations', { programId: patient.programId, birthDate: '1901-01-01', prescriptionId });
    assert.equal(wrongBirthDate.status, 404, JSON.stringify(wrongBirthDate.body));
    const events = await trail(patient);
    const denied = events.filter((event) => event.action === 'authorization.request');
    assert.deepEqual(
      denied.map((event) => event.outcome),
      ['denied'],
      JSON.stringify(events.map((event) => [event.action, event.outcome])),
    );
    assert.equal(denied[0].actor.id, api.ids.users.pharmacist);
    assert.ok(!JSON.stringify(denied).includes('1901-01-01'));
  });

  test('the same authorization and the same dispense sent 5 times with one Idempotency-Key: one of each, 4 replays of each', async () => {
    const { patient, prescriptionId } = await qualified();
    api.today(ON);
    const pharmacist = api.as('pharmacist');
    const authorizationKey = randomUUID();
    const authorizations = [];
    for (let i = 0; i < 5; i++) {
      authorizations.push(await pharmacist.post('/authorizations', { ...lookupOf(patient), prescriptionId }, { 'idempotency-key': authorizationKey }));
    }
    assert.deepEqual(
      authorizations.map((answer) => answer.status),
      [201, 201, 201, 201, 201],
    );
    assert.deepEqual(
      authorizations.map((answer) => answer.headers['idempotent-replayed'] ?? null),
      [null, 'true', 'true', 'true', 'true'],
    );
    const authorizationId = authorizations[0]?.body.id as string;

    const dispenseKey = randomUUID();
    const body = { ...lookupOf(patient), dispensedOn: ON, product: 'claravis', strengthMg: 40, quantity: 30, daysSupply: 30, medicationGuideGiven: true };
    const dispenses = [];
    for (let i = 0; i < 5; i++) {
      dispenses.push(await pharmacist.post(`/authorizations/${authorizationId}/dispense`, body, { 'idempotency-key': dispenseKey }));
    }
    assert.deepEqual(
      dispenses.map((answer) => answer.status),
      [201, 201, 201, 201, 201],
    );
    const dispenseId = dispenses[0]?.body.id as string;
    assert.ok(dispenses.every((answer) => answer.body.id === dispenseId));

    const events = await trail(patient);
    const rows = (action: string) => events.filter((event) => event.action === action);
    assert.equal(rows('authorization.request').length, 1, 'one authorization row');
    assert.equal(rows('authorization.request')[0].outcome, 'ok');
    assert.equal(rows('authorization.request.replay').length, 4, 'four authorization replays');
    assert.ok(
      rows('authorization.request.replay').every(
        (event) => event.outcome === 'ok' && event.entityId === authorizationId && event.patientId === patient.id && event.detail?.replayed === true,
      ),
    );
    assert.equal(rows('dispense.record').length, 1, 'one dispense row');
    assert.equal(rows('dispense.record')[0].outcome, 'ok');
    assert.equal(rows('dispense.record.replay').length, 4, 'four dispense replays');
    assert.ok(
      rows('dispense.record.replay').every(
        (event) => event.outcome === 'ok' && event.entityId === dispenseId && event.patientId === patient.id && event.detail?.replayed === true,
      ),
    );
  });
});
