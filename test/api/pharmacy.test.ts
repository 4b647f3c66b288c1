// The pharmacy routes: finding a patient, requesting an authorization, recording the REMS
// system's answer, reversing, dispensing — and who is told 401, 403 or 404 with nothing stored.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startTestApi, type ApiClient, type TestApi } from '../support/api.js';
import {
  assertProblem,
  assertRefused,
  assertStatus,
  codes,
  dispense,
  enrollPatient,
  factsOf,
  lookupOf,
  type Patient,
  pcngpVisit,
  requestAuthorization,
} from '../support/journeys.js';
import { storedRows } from '../support/routes.js';

const ON = '2025-03-10';

describe('pharmacy', () => {
  let api: TestApi;
  let patientClient: ApiClient;

  before(async () => {
    api = await startTestApi();
    await enrollPatient(api, { enrolledOn: ON, account: { email: 'pharmacy.patient@test.example', password: 'patient password 1' } });
    patientClient = await api.logIn('pharmacy.patient@test.example', 'patient password 1');
  });
  after(() => api.close());

  /** A PCNGP patient with a prescription written today (REMS-2021: a 30-day window from the visit). */
  async function readyToFill(): Promise<{ patient: Patient; prescriptionId: string }> {
    const patient = await enrollPatient(api, { category: 'PCNGP', enrolledOn: ON });
    const prescriptionId = await pcngpVisit(api, patient, ON);
    return { patient, prescriptionId };
  }

  /** Staff who are not pharmacists: refused for their role (403). */
  function nonPharmacists(): Array<[string, ApiClient]> {
    return [
      ['prescriber', api.as('prescriber')],
      ['delegate', api.as('delegate')],
      ['admin', api.as('admin')],
      ['patient', patientClient],
    ];
  }

  /** Runs the refusals and checks they changed nothing. */
  async function unchanged(patient: Patient, refusals: () => Promise<void>): Promise<void> {
    const facts = await factsOf(api, patient);
    const rows = await storedRows(api);
    await refusals();
    assert.deepEqual(await factsOf(api, patient), facts);
    assert.deepEqual(await storedRows(api), rows);
  }

  test('GET /pharmacy/patients: found by program id and birth date (any certified pharmacy); 404 when either is wrong; 403 for other roles', async () => {
    const { patient, prescriptionId } = await readyToFill();
    api.today(ON);
    const query = (programId: string, birthDate: string) => `/pharmacy/patients?programId=${programId}&birthDate=${birthDate}`;

    const found = await api.as('pharmacist').get(query(patient.programId, patient.birthDate));
    assertStatus(found, 200);
    assert.equal(found.body.id, patient.id);
    assert.equal(found.body.state, 'QUALIFIED_WINDOW_OPEN');
    assert.deepEqual(
      found.body.prescriptions.map((p: { id: unknown }) => p.id),
      [prescriptionId],
    );
    assert.deepEqual(found.body.blockers, []);
    assert.equal(found.body.facts, undefined, 'only what a dispense needs');
    assert.equal(found.body.birthDate, undefined);
    assertStatus(await api.as('pharmacist').get(query(patient.programId.toLowerCase(), patient.birthDate)), 200, 'case of the program id');
    assertStatus(await api.as('otherPharmacist').get(query(patient.programId, patient.birthDate)), 200, 'another certified pharmacy');

    const wrongBirthDate = await api.as('pharmacist').get(query(patient.programId, '2000-06-16'));
    assertProblem(wrongBirthDate, 404, 'wrong birth date');
    const unknownId = await api.as('pharmacist').get(query('ZZZZZZZZZZ', patient.birthDate));
    assertProblem(unknownId, 404, 'unknown program id');
    assert.deepEqual(wrongBirthDate.body, unknownId.body, 'the same answer: nothing leaks');
    for (const [who, client] of nonPharmacists()) {
      assertProblem(await client.get(query(patient.programId, patient.birthDate)), 403, who);
    }
    assertProblem(await api.withToken(null).get(query(patient.programId, patient.birthDate)), 401, 'anonymous');
  });

  test('POST /authorizations: 201, the same prescription again 200; 404 for a wrong birth date or a prescription not of this patient; 403 for other roles', async () => {
    const { patient, prescriptionId } = await readyToFill();
    const other = await readyToFill();

    await unchanged(patient, async () => {
      const wrongBirthDate = await api.as('pharmacist').post('/authorizations', { programId: patient.programId, birthDate: '2000-06-16', prescriptionId });
      assertProblem(wrongBirthDate, 404, 'wrong birth date');
      const notThisPatients = await api.as('pharmacist').post('/authorizations', { ...lookupOf(patient), prescriptionId: other.prescriptionId });
      assertProblem(notThisPatients, 404, "another patient's prescription");
      assertProblem(await api.as('pharmacist').post('/authorizations', { ...lookupOf(patient), prescriptionId: randomUUID() }), 404, 'unknown prescription');
      for (const [who, client] of nonPharmacists()) {
        assertProblem(await client.post('/authorizations', { ...lookupOf(patient), prescriptionId }), 403, who);
      }
      assertProblem(await api.withToken(null).post('/authorizations', { ...lookupOf(patient), prescriptionId }), 401, 'anonymous');
    });

    const created = await requestAuthorization(api, patient, prescriptionId, ON);
    assertStatus(created, 201);
    assert.equal(created.body.created, true);
    assert.match(created.body.authorization.rmaNumber, /^RMA\d{12}$/);
    assert.deepEqual(
      {
        prescriptionId: created.body.authorization.prescriptionId,
        requestedOn: created.body.authorization.requestedOn,
        doNotDispenseAfter: created.body.authorization.doNotDispenseAfter,
      },
      { prescriptionId, requestedOn: ON, doNotDispenseAfter: '2025-04-08' },
    );
    const again = await requestAuthorization(api, patient, prescriptionId, ON);
    assertStatus(again, 200);
    assert.equal(again.body.created, false);
    assert.deepEqual(again.body.authorization, created.body.authorization);

    // A refusal by the rules is 422 with reasons, and stores nothing.
    await unchanged(other.patient, async () => {
      assertRefused(await requestAuthorization(api, other.patient, other.prescriptionId, '2025-04-09'), 'WINDOW_CLOSED');
    });
  });

  test("POST /authorizations by another pharmacy while one pharmacy holds the authorization: 422, never the other pharmacy's authorization", async () => {
    const { patient, prescriptionId } = await readyToFill();
    const held = await requestAuthorization(api, patient, prescriptionId, ON);
    assertStatus(held, 201);

    await unchanged(patient, async () => {
      const elsewhere = await requestAuthorization(api, patient, prescriptionId, ON, 'otherPharmacist');
      assert.deepEqual(codes(assertRefused(elsewhere)), ['ACTIVE_AUTHORIZATION_EXISTS']);
      assert.doesNotMatch(JSON.stringify(elsewhere.body), new RegExp(held.body.authorization.rmaNumber));
    });

    // Once the holder reverses it, the other pharmacy can be authorized; once that one dispenses, nobody else can.
    api.today(ON);
    assertStatus(await api.as('pharmacist').post(`/authorizations/${held.body.id}/reversal`, { ...lookupOf(patient), reason: 'Patient went elsewhere' }), 201);
    const moved = await requestAuthorization(api, patient, prescriptionId, ON, 'otherPharmacist');
    assertStatus(moved, 201);
    assertStatus(await dispense(api, patient, moved.body.id, ON, { as: 'otherPharmacist' }), 201);
    assert.deepEqual(codes(assertRefused(await requestAuthorization(api, patient, prescriptionId, ON))), ['AUTHORIZATION_ALREADY_USED']);
    assertStatus(await requestAuthorization(api, patient, prescriptionId, ON, 'otherPharmacist'), 200, 'still idempotent for the pharmacy that filled it');
  });

  test('POST /authorizations/{id}/rems-confirmation: records the REMS answer once (the earlier date wins); 404 for another pharmacy or a wrong birth date', async () => {
    const { patient, prescriptionId } = await readyToFill();
    const authorization = await requestAuthorization(api, patient, prescriptionId, ON);
    assertStatus(authorization, 201);
    const url = `/authorizations/${authorization.body.id}/rems-confirmation`;
    const body = { ...lookupOf(patient), remsRmaNumber: 'REMS-778899', doNotDispenseAfter: '2025-04-30' };

    await unchanged(patient, async () => {
      assertProblem(await api.as('otherPharmacist').post(url, body), 404, 'another pharmacy');
      assertProblem(await api.as('pharmacist').post(url, { ...body, birthDate: '2000-06-16' }), 404, 'wrong birth date');
      assertProblem(await api.as('pharmacist').post(`/authorizations/${randomUUID()}/rems-confirmation`, body), 404, 'unknown authorization');
      for (const [who, client] of nonPharmacists()) {
        assertProblem(await client.post(url, body), 403, who);
      }
      assertProblem(await api.withToken(null).post(url, body), 401, 'anonymous');
      const beforeRequest = await api.as('pharmacist').post(url, { ...body, doNotDispenseAfter: '2025-03-09' });
      assertProblem(beforeRequest, 400, 'a REMS date before the authorization was requested');
      assert.equal(beforeRequest.body.errors[0].field, 'doNotDispenseAfter');
    });

    const recorded = await api.as('pharmacist').post(url, body);
    assertStatus(recorded, 201);
    assert.equal(recorded.body.authorization.remsRmaNumber, 'REMS-778899');
    assert.equal(recorded.body.authorization.doNotDispenseAfter, '2025-04-08', 'a later REMS date never extends ours (D-4)');
    assertProblem(await api.as('pharmacist').post(url, { ...body, doNotDispenseAfter: '2025-03-20' }), 409, 'already recorded');
    const status = await api.as('prescriber').get(`/patients/${patient.id}/status`);
    assert.equal(status.body.activeAuthorization.rmaNumber, 'REMS-778899');
  });

  test("POST /authorizations/{id}/reversal: reverses once; 409 again or after a dispense; 404 for another pharmacy's or a wrong birth date", async () => {
    const { patient, prescriptionId } = await readyToFill();
    const authorization = await requestAuthorization(api, patient, prescriptionId, ON);
    const url = `/authorizations/${authorization.body.id}/reversal`;
    const body = { ...lookupOf(patient), reason: 'Wrong quantity entered (R-AUTH-3)' };

    await unchanged(patient, async () => {
      assertProblem(await api.as('otherPharmacist').post(url, body), 404, 'another pharmacy');
      assertProblem(await api.as('pharmacist').post(url, { ...body, birthDate: '2000-06-16' }), 404, 'wrong birth date');
      for (const [who, client] of nonPharmacists()) {
        assertProblem(await client.post(url, body), 403, who);
      }
      assertProblem(await api.withToken(null).post(url, body), 401, 'anonymous');
    });

    const reversed = await api.as('pharmacist').post(url, body);
    assertStatus(reversed, 201);
    assert.deepEqual({ reversedOn: reversed.body.reversedOn, reason: reversed.body.reason }, { reversedOn: ON, reason: body.reason });
    assertProblem(await api.as('pharmacist').post(url, body), 409, 'already reversed');
    assertRefused(await dispense(api, patient, authorization.body.id, ON), 'AUTHORIZATION_REVERSED');

    // A new authorization for the same prescription replaces it, and once dispensed cannot be reversed.
    const replacement = await requestAuthorization(api, patient, prescriptionId, ON);
    assertStatus(replacement, 201);
    assert.notEqual(replacement.body.authorization.rmaNumber, authorization.body.authorization.rmaNumber);
    assertStatus(await dispense(api, patient, replacement.body.id, ON), 201);
    assertProblem(await api.as('pharmacist').post(`/authorizations/${replacement.body.id}/reversal`, body), 409, 'dispensed');
  });

  test("POST /authorizations/{id}/dispense: 201 once; 404 for another pharmacy's or a wrong birth date; 403 for other roles; rule refusals 422", async () => {
    const { patient, prescriptionId } = await readyToFill();
    const authorization = await requestAuthorization(api, patient, prescriptionId, ON);
    const url = `/authorizations/${authorization.body.id}/dispense`;
    const body = { ...lookupOf(patient), dispensedOn: ON, product: 'claravis', strengthMg: 40, quantity: 30, daysSupply: 30, medicationGuideGiven: true };

    await unchanged(patient, async () => {
      assertProblem(await api.as('otherPharmacist').post(url, body), 404, 'another pharmacy');
      assertProblem(await api.as('pharmacist').post(url, { ...body, birthDate: '2000-06-16' }), 404, 'wrong birth date');
      assertProblem(await api.as('pharmacist').post(`/authorizations/${randomUUID()}/dispense`, body), 404, 'unknown authorization');
      for (const [who, client] of nonPharmacists()) {
        assertProblem(await client.post(url, body), 403, who);
      }
      assertProblem(await api.withToken(null).post(url, body), 401, 'anonymous');
      const noGuide = await api.as('pharmacist').post(url, { ...body, medicationGuideGiven: false });
      assert.deepEqual(codes(assertRefused(noGuide)), ['MEDICATION_GUIDE_REQUIRED']);
      const tooMuch = await api.as('pharmacist').post(url, { ...body, quantity: 60 });
      assert.deepEqual(codes(assertRefused(tooMuch)), ['QUANTITY_EXCEEDS_PRESCRIPTION']);
      assert.equal(noGuide.body.recorded, undefined, 'these refusals do not reverse the authorization');
    });

    const dispensed = await api.as('pharmacist').post(url, body);
    assertStatus(dispensed, 201);
    assert.equal(dispensed.body.authorizationId, authorization.body.id);
    const [stored] = (await factsOf(api, patient)).authorizations;
    assert.equal(stored.dispense.dispensedOn, ON);
    assert.equal((await api.as('prescriber').get(`/patients/${patient.id}/status`)).body.state, 'ON_TREATMENT');
  });
});
