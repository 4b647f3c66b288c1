// The pharmacy's queue of waiting fills (GET /pharmacy/authorizations): only its own pharmacy's
// authorizations, neither dispensed nor reversed, soonest binding date first, overdue ones marked;
// never a birth date; pharmacists only.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApi, type ApiClient, type TestApi } from '../support/api.js';
import { assertProblem, assertStatus, dispense, enrollPatient, lookupOf, pcngpVisit, requestAuthorization } from '../support/journeys.js';
import type { UntypedJson } from '../support/json.js';

const ON = '2025-03-10';

describe('GET /pharmacy/authorizations (waiting fills)', () => {
  let api: TestApi;
  let patientClient: ApiClient;

  before(async () => {
    api = await startTestApi();
    await enrollPatient(api, { enrolledOn: ON, account: { email: 'queue.patient@test.example', password: 'patient password Q' } });
    patientClient = await api.logIn('queue.patient@test.example', 'patient password Q');
  });
  after(() => api.close());

  /** A PCNGP patient seen on `visitOn` (REMS-2021: a 30-day window from the visit), authorized on ON by `pharmacist`. */
  async function authorized(visitOn: string, pharmacist: 'pharmacist' | 'otherPharmacist', givenName: string) {
    api.today(visitOn);
    const patient = await api.enroll({ category: 'PCNGP', enrolledOn: visitOn, givenName });
    const prescriptionId = await pcngpVisit(api, patient, visitOn);
    const authorization = await requestAuthorization(api, patient, prescriptionId, ON, pharmacist);
    assertStatus(authorization, 201, 'authorization');
    return { patient, prescriptionId, authorizationId: authorization.body.id as string, rmaNumber: authorization.body.authorization.rmaNumber as string };
  }

  async function queue(as: 'pharmacist' | 'otherPharmacist' = 'pharmacist', on = ON) {
    api.today(on);
    const response = await api.as(as).get('/pharmacy/authorizations');
    assertStatus(response, 200, 'waiting fills');
    return response.body as { asOf: string; fills: UntypedJson[] };
  }

  const ids = (fills: UntypedJson[]) => fills.map((fill) => fill.authorizationId);

  test("only the pharmacy's own waiting fills, soonest date first, with what finding the patient needs but never the birth date", async () => {
    const later = await authorized(ON, 'pharmacist', 'Later');
    const sooner = await authorized('2025-03-05', 'pharmacist', 'Sooner');
    const elsewhere = await authorized(ON, 'otherPharmacist', 'Elsewhere');

    const mine = await queue();
    assert.equal(mine.asOf, ON);
    assert.deepEqual(ids(mine.fills), [sooner.authorizationId, later.authorizationId]);
    const [first] = mine.fills;
    assert.deepEqual(first, {
      authorizationId: sooner.authorizationId,
      rmaNumber: sooner.rmaNumber,
      remsConfirmed: false,
      requestedOn: ON,
      doNotDispenseAfter: '2025-04-03',
      ruleSet: 'REMS-2021',
      state: 'active',
      programOutage: null,
      patient: { name: 'Sooner Patient', programId: sooner.patient.programId },
      prescription: {
        id: sooner.prescriptionId,
        writtenOn: '2025-03-05',
        product: 'claravis',
        strengthMg: 40,
        capsulesPerDay: 1,
        quantity: 30,
        daysSupply: 30,
      },
    });
    const text = JSON.stringify(mine);
    for (const patient of [later.patient, sooner.patient]) {
      assert.ok(!text.includes(patient.birthDate), 'no birth date');
    }
    assert.ok(!/birth/i.test(text), 'no birth date field');

    const theirs = await queue('otherPharmacist');
    assert.deepEqual(ids(theirs.fills), [elsewhere.authorizationId], 'another pharmacy sees only its own');
    assert.ok(!JSON.stringify(theirs).includes(later.patient.programId));

    // The REMS system's earlier date binds (D-4) and moves the row up.
    const confirmed = await api.as('pharmacist').post(`/authorizations/${later.authorizationId}/rems-confirmation`, {
      ...lookupOf(later.patient),
      remsRmaNumber: 'REMS-777',
      doNotDispenseAfter: '2025-03-20',
    });
    assertStatus(confirmed, 201, 'REMS confirmation');
    const afterConfirmation = await queue();
    assert.deepEqual(ids(afterConfirmation.fills), [later.authorizationId, sooner.authorizationId]);
    assert.equal(afterConfirmation.fills[0].doNotDispenseAfter, '2025-03-20');
    assert.equal(afterConfirmation.fills[0].rmaNumber, 'REMS-777');
    assert.equal(afterConfirmation.fills[0].remsConfirmed, true);

    // Past its date an authorization stays in the queue, marked overdue: it must be reversed.
    const overdue = await queue('pharmacist', '2025-03-21');
    assert.deepEqual(
      overdue.fills.map((fill) => [fill.authorizationId, fill.state]),
      [
        [later.authorizationId, 'overdue'],
        [sooner.authorizationId, 'active'],
      ],
    );

    // Dispensed or reversed, it leaves the queue.
    assertStatus(await dispense(api, sooner.patient, sooner.authorizationId, '2025-03-21'), 201, 'dispense');
    api.today('2025-03-21');
    assertStatus(
      await api.as('pharmacist').post(`/authorizations/${later.authorizationId}/reversal`, { ...lookupOf(later.patient), reason: 'Not picked up in time' }),
      201,
      'reversal',
    );
    assert.deepEqual((await queue('pharmacist', '2025-03-21')).fills, []);
    assert.deepEqual(ids((await queue('otherPharmacist', '2025-03-21')).fills), [elsewhere.authorizationId]);
  });

  test('the read is audited; other roles are refused (403), without a log-in 401', async () => {
    api.today(ON);
    const before = await api.services.db.selectFrom('audit_events').select('id').where('action', '=', 'pharmacy.waitingFills.read').execute();
    await queue();
    const rows = await api.services.db
      .selectFrom('audit_events')
      .select(['actor_id', 'outcome', 'patient_id'])
      .where('action', '=', 'pharmacy.waitingFills.read')
      .orderBy('occurred_at')
      .execute();
    assert.equal(rows.length, before.length + 1);
    assert.deepEqual(rows.at(-1), { actor_id: api.ids.users.pharmacist, outcome: 'ok', patient_id: null });

    const others: Array<[string, ApiClient]> = [
      ['prescriber', api.as('prescriber')],
      ['delegate', api.as('delegate')],
      ['admin', api.as('admin')],
      ['patient', patientClient],
    ];
    for (const [who, client] of others) {
      assertProblem(await client.get('/pharmacy/authorizations'), 403, who);
    }
    assertProblem(await api.withToken(null).get('/pharmacy/authorizations'), 401, 'anonymous');
  });
});
