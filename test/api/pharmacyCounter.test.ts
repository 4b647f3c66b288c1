// Issue 10, "the prescription goes to a pharmacy": the patient's pharmacy (chosen at enrollment or
// later, named by her prescriptions), the pharmacy's queue (GET /pharmacy/queue) with the engine's
// verdict on each expected prescription, the named pharmacy's counter (no birth date to retype),
// authorize-and-dispense in one step (two records, two audit rows, refused as a whole), and the
// identifier lookup that tolerates spaces, dashes and lower case.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { addDays } from '../../src/domain/dates.js';
import { NAMED_ACCESS_DAYS } from '../../src/services/access.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { assertStatus, codes, enrollPatient, lookupOf, qualifyFirstMonth, type MonthlyItem, type Patient } from '../support/journeys.js';
import { refusedWithoutRecord, storedRows } from '../support/routes.js';

const ON = '2025-03-10';

describe('the prescription goes to a pharmacy', () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi();
    api.today(ON);
  });
  after(() => api.close());

  async function usingPharmacy(patient: Patient, pharmacyId: string): Promise<void> {
    api.today(ON);
    assertStatus(await api.as('prescriber').post(`/patients/${patient.id}/pharmacy`, { pharmacyId }), 200, 'pharmacy chosen');
  }

  /** A PCGP patient enrolled on the first fill's month, using `pharmacyId`, qualified on ON (less `omit`). */
  async function expectedAt(pharmacyId: string, omit: MonthlyItem[] = []): Promise<{ patient: Patient; prescriptionId: string }> {
    const patient = await enrollPatient(api, { category: 'PCGP', enrolledOn: addDays(ON, -30) });
    await usingPharmacy(patient, pharmacyId);
    const month = await qualifyFirstMonth(api, patient, { confirmationOn: ON, omit });
    api.today(ON);
    return { patient, prescriptionId: month.prescriptionId as string };
  }

  async function prescriptionPharmacy(prescriptionId: string): Promise<string | null> {
    const row = await api.services.db.selectFrom('prescriptions').select('pharmacy_id').where('id', '=', prescriptionId).executeTakeFirstOrThrow();
    return row.pharmacy_id;
  }

  const oneStep = (
    prescriptionId: string,
    body: Record<string, unknown> = { medicationGuideGiven: true },
    headers: Record<string, string> = {},
    as: 'pharmacist' | 'otherPharmacist' = 'pharmacist',
  ) => api.as(as).post(`/pharmacy/prescriptions/${prescriptionId}/authorize-and-dispense`, body, headers);

  test('the pharmacy is chosen at enrollment or later (care team or the patient herself, a certified pharmacy, audited), and a prescription names it', async () => {
    const enrolled = await api.as('prescriber').post('/patients', {
      givenName: 'Chosen',
      familyName: 'Pharmacy',
      birthDate: '1999-04-04',
      category: 'PCNGP',
      criterion: 'assignedMaleAtBirth',
      enrolledOn: ON,
      pharmacyId: api.ids.pharmacyId,
      account: { email: 'chosen.pharmacy@test.example', password: 'patient password C' },
    });
    assertStatus(enrolled, 201, 'enrollment');
    const patientId = enrolled.body.id as string;
    const read = await api.as('prescriber').get(`/patients/${patientId}/pharmacy`);
    assertStatus(read, 200, 'pharmacy read');
    assert.equal(read.body.pharmacy.id, api.ids.pharmacyId);
    assert.ok(read.body.choices.some((choice: { id: string }) => choice.id === api.ids.otherPharmacyId));

    // Not a pharmacy (the practice), or an unknown id: a 400 on the field, nothing changes.
    for (const pharmacyId of [api.ids.practiceId, randomUUID()]) {
      const refused = await refusedWithoutRecord(api, () => api.as('prescriber').post(`/patients/${patientId}/pharmacy`, { pharmacyId }));
      assert.equal(refused.status, 400);
      assert.deepEqual(
        refused.body.errors.map((error: { field: string }) => error.field),
        ['pharmacyId'],
      );
    }
    const badEnrollment = await api.as('prescriber').post('/patients', {
      givenName: 'Bad',
      familyName: 'Pharmacy',
      birthDate: '1999-04-05',
      category: 'PCNGP',
      criterion: 'assignedMaleAtBirth',
      enrolledOn: ON,
      pharmacyId: api.ids.practiceId,
    });
    assert.equal(badEnrollment.status, 400, JSON.stringify(badEnrollment.body));

    // The patient herself changes it; the change is audited.
    const herself = await api.logIn('chosen.pharmacy@test.example', 'patient password C');
    const changed = await herself.post(`/patients/${patientId}/pharmacy`, { pharmacyId: api.ids.otherPharmacyId });
    assertStatus(changed, 200, 'changed by the patient');
    assert.equal(changed.body.pharmacy.id, api.ids.otherPharmacyId);
    const audit = await api.services.db
      .selectFrom('audit_events')
      .select(['action', 'outcome'])
      .where('patient_id', '=', patientId)
      .where('action', '=', 'patient.pharmacy')
      .where('outcome', '=', 'ok')
      .execute();
    assert.deepEqual(audit, [{ action: 'patient.pharmacy', outcome: 'ok' }]);
    // A pharmacist is no one to choose it.
    assert.equal((await api.as('pharmacist').post(`/patients/${patientId}/pharmacy`, { pharmacyId: api.ids.pharmacyId })).status, 404);

    // The prescription names her pharmacy of the day, unless the prescriber names another.
    assertStatus(await api.as('prescriber').post(`/patients/${patientId}/counselings`, { counseledOn: ON, modality: 'inPerson' }), 201);
    const terms = { writtenOn: ON, product: 'claravis', strengthMg: 40, capsulesPerDay: 1, daysSupply: 30, quantity: 30, refills: 0 };
    const byDefault = await api.as('prescriber').post(`/patients/${patientId}/prescriptions`, terms);
    assertStatus(byDefault, 201, 'prescription');
    assert.equal(await prescriptionPharmacy(byDefault.body.id), api.ids.otherPharmacyId);
    const named = await api.as('prescriber').post(`/patients/${patientId}/prescriptions`, { ...terms, pharmacyId: api.ids.pharmacyId });
    assertStatus(named, 201, 'prescription naming a pharmacy');
    assert.equal(await prescriptionPharmacy(named.body.id), api.ids.pharmacyId);

    // The enrollment form offers the pharmacy most of the practice's patients use.
    const usual = await api.as('prescriber').get('/pharmacies/usual');
    assertStatus(usual, 200, 'usual pharmacy');
    assert.ok([api.ids.pharmacyId, api.ids.otherPharmacyId].includes(usual.body.pharmacy.id));
    assert.equal((await api.as('pharmacist').get('/pharmacies/usual')).status, 403);
  });

  test("the queue: this pharmacy's expected prescriptions with the engine's verdict, ready ones first; never another pharmacy's, never a birth date", async () => {
    const ready = await expectedAt(api.ids.pharmacyId);
    const waiting = await expectedAt(api.ids.pharmacyId, ['comprehension']);
    const elsewhere = await expectedAt(api.ids.otherPharmacyId);
    const queue = await api.as('pharmacist').get('/pharmacy/queue');
    assertStatus(queue, 200, 'queue');
    assert.equal(queue.body.asOf, ON);
    assert.deepEqual(queue.body.overdueDeliveries, []);
    assert.deepEqual(queue.body.supportPastTarget, []);
    const ids = queue.body.expected.map((row: { prescriptionId: string }) => row.prescriptionId);
    assert.ok(ids.indexOf(ready.prescriptionId) >= 0 && ids.indexOf(ready.prescriptionId) < ids.indexOf(waiting.prescriptionId), 'ready before waiting');
    assert.ok(!ids.includes(elsewhere.prescriptionId), "another pharmacy's prescription is not listed");
    const readyRow = queue.body.expected.find((row: { prescriptionId: string }) => row.prescriptionId === ready.prescriptionId);
    // PCGP: the window is 7 days counting the specimen date (R-WIN-1).
    assert.deepEqual(readyRow.verdict, { kind: 'ready', until: addDays(ON, 6), warnings: [] });
    assert.deepEqual(readyRow.patient, { name: 'Test Patient', programId: ready.patient.programId });
    const waitingRow = queue.body.expected.find((row: { prescriptionId: string }) => row.prescriptionId === waiting.prescriptionId);
    assert.equal(waitingRow.verdict.kind, 'waiting');
    assert.deepEqual(codes(waitingRow.verdict.reasons), ['COMPREHENSION_PENDING']);
    assert.equal(waitingRow.verdict.from, null, 'something must be done first: no date alone');
    const text = JSON.stringify(queue.body);
    assert.ok(!text.includes(ready.patient.birthDate) && !/birth/i.test(text), 'no birth date');

    const theirs = await api.as('otherPharmacist').get('/pharmacy/queue');
    assertStatus(theirs, 200, 'their queue');
    const theirIds = theirs.body.expected.map((row: { prescriptionId: string }) => row.prescriptionId);
    assert.ok(theirIds.includes(elsewhere.prescriptionId) && !theirIds.includes(ready.prescriptionId));
    assert.equal((await api.as('prescriber').get('/pharmacy/queue')).status, 403);
  });

  test('authorize and dispense in one step: two records with their own audit rows, the next fill phrased as what comes next, a retry replays', async () => {
    const { patient, prescriptionId } = await expectedAt(api.ids.pharmacyId);
    const opened = await api.as('pharmacist').get(`/pharmacy/prescriptions/${prescriptionId}`);
    assertStatus(opened, 200, 'named prescription');
    assert.equal(opened.body.verdict.kind, 'ready');
    assert.equal(opened.body.patient.programId, patient.programId);

    const before = await storedRows(api);
    const key = randomUUID();
    const done = await oneStep(prescriptionId, { medicationGuideGiven: true }, { 'idempotency-key': key });
    assertStatus(done, 201, 'authorize and dispense');
    const after = await storedRows(api);
    assert.equal(after['authorizations'], (before['authorizations'] ?? 0) + 1);
    assert.equal(after['dispenses'], (before['dispenses'] ?? 0) + 1);
    assert.equal(done.body.authorizationCreated, true);
    assert.equal(done.body.authorization.doNotDispenseAfter, addDays(ON, 6));
    assert.deepEqual(
      { ...done.body.dispense, id: undefined, authorizationId: undefined },
      {
        id: undefined,
        authorizationId: undefined,
        dispensedOn: ON,
        product: 'claravis',
        strengthMg: 40,
        quantity: 30,
        daysSupply: 30,
        medicationGuideGiven: true,
      },
    );
    // The next month counts from the day after the dispense (R-WIN-1a): what it needs, not a refusal.
    assert.equal(done.body.next.from, addDays(ON, 1));
    assert.ok(codes(done.body.next.needs).includes('MONTHLY_TEST_PENDING'), JSON.stringify(codes(done.body.next.needs)));
    assert.ok(codes(done.body.next.needs).includes('PRESCRIPTION_PENDING'));

    const audit = await api.services.db
      .selectFrom('audit_events')
      .select(['action', 'entity_id', 'outcome'])
      .where('patient_id', '=', patient.id)
      .where('action', 'in', ['authorization.request', 'dispense.record'])
      .orderBy('occurred_at')
      .execute();
    assert.deepEqual(audit, [
      { action: 'authorization.request', entity_id: done.body.authorization.id, outcome: 'ok' },
      { action: 'dispense.record', entity_id: done.body.id, outcome: 'ok' },
    ]);

    const replay = await oneStep(prescriptionId, { medicationGuideGiven: true }, { 'idempotency-key': key });
    assertStatus(replay, 201, 'replay');
    assert.equal(replay.headers['idempotent-replayed'], 'true');
    assert.deepEqual(replay.body, done.body);
    assert.deepEqual(await storedRows(api), after, 'the retry recorded nothing');

    // Without the key, a second attempt is refused: the authorization was used (R-AUTH-4).
    const again = await refusedWithoutRecord(api, () => oneStep(prescriptionId));
    assert.equal(again.status, 422);
    assert.ok(codes(again.body.reasons).includes('AUTHORIZATION_ALREADY_USED'));

    const afterwards = await api.as('pharmacist').get(`/pharmacy/prescriptions/${prescriptionId}`);
    assert.equal(afterwards.body.verdict.kind, 'dispensed');
    assert.equal(afterwards.body.verdict.next.from, addDays(ON, 1));
    const queue = await api.as('pharmacist').get('/pharmacy/queue');
    assert.ok(
      !queue.body.expected.some((row: { prescriptionId: string }) => row.prescriptionId === prescriptionId),
      'a dispensed prescription leaves the queue',
    );
    // The identifier lookup says the same: the last dispense and what the next fill needs, from when.
    const found = await api.as('pharmacist').get(`/pharmacy/patients?${new URLSearchParams(lookupOf(patient)).toString()}`);
    assertStatus(found, 200, 'lookup after the dispense');
    assert.equal(found.body.lastDispense.dispensedOn, ON);
    assert.equal(found.body.nextFill.from, addDays(ON, 1));
    assert.deepEqual(codes(found.body.nextFill.needs), codes(done.body.next.needs));
    // The named access lasts NAMED_ACCESS_DAYS from the prescription's date; then identifier and birth date again.
    api.today(addDays(ON, NAMED_ACCESS_DAYS));
    assertStatus(await api.as('pharmacist').get(`/pharmacy/prescriptions/${prescriptionId}`), 200, 'still named on its last day');
    api.today(addDays(ON, NAMED_ACCESS_DAYS + 1));
    assert.equal((await api.as('pharmacist').get(`/pharmacy/prescriptions/${prescriptionId}`)).status, 404);
    assertStatus(await api.as('pharmacist').get(`/pharmacy/patients?${new URLSearchParams(lookupOf(patient)).toString()}`), 200, 'identifier and birth date');
    api.today(ON);
  });

  test('refused as a whole with every reason of both parts, and nothing stored', async () => {
    // The authorization part would pass; the dispense part is refused: the authorization is not kept.
    const ready = await expectedAt(api.ids.pharmacyId);
    const noGuide = await refusedWithoutRecord(api, () => oneStep(ready.prescriptionId, { medicationGuideGiven: false }));
    assert.equal(noGuide.status, 422);
    assert.deepEqual(codes(noGuide.body.reasons), ['MEDICATION_GUIDE_REQUIRED']);

    // Both parts refused: every reason at once.
    const waiting = await expectedAt(api.ids.pharmacyId, ['comprehension', 'counseling']);
    const both = await refusedWithoutRecord(api, () => oneStep(waiting.prescriptionId, { medicationGuideGiven: false }));
    assert.deepEqual(codes(both.body.reasons).sort(), ['COMPREHENSION_PENDING', 'COUNSELING_PENDING', 'MEDICATION_GUIDE_REQUIRED']);

    // The body is checked before anything: a missing attestation is a 400 on the field.
    const missing = await refusedWithoutRecord(api, () => oneStep(ready.prescriptionId, {}));
    assert.equal(missing.status, 400);
    // Another pharmacy: not found, as if the prescription did not exist.
    const stranger = await refusedWithoutRecord(api, () => oneStep(ready.prescriptionId, { medicationGuideGiven: true }, {}, 'otherPharmacist'));
    assert.equal(stranger.status, 404);

    // The refusal is part of the record (who tried what, and why), like every pharmacy refusal.
    const refusals = await api.services.db
      .selectFrom('audit_events')
      .select(['detail'])
      .where('action', '=', 'dispense.record')
      .where('outcome', '=', 'refused')
      .execute();
    assert.ok(
      refusals.some((row) => JSON.stringify(row.detail).includes('COMPREHENSION_PENDING') && JSON.stringify(row.detail).includes('MEDICATION_GUIDE_REQUIRED')),
      JSON.stringify(refusals),
    );
  });

  test('12 simultaneous one-step requests for one prescription: one authorization, one dispense', async () => {
    const { prescriptionId } = await expectedAt(api.ids.pharmacyId);
    await api.as('pharmacist').get('/me');
    const answers = await Promise.all(Array.from({ length: 12 }, () => oneStep(prescriptionId)));
    const statuses = answers.map((answer) => answer.status).sort();
    assert.deepEqual(statuses, [201, ...Array.from({ length: 11 }, () => 422)], JSON.stringify(answers.map((answer) => answer.body)));
    const authorizations = await api.services.db.selectFrom('authorizations').select('id').where('prescription_id', '=', prescriptionId).execute();
    assert.equal(authorizations.length, 1);
    const dispenses = await api.services.db
      .selectFrom('dispenses')
      .innerJoin('authorizations', 'authorizations.id', 'dispenses.authorization_id')
      .select('dispenses.id')
      .where('authorizations.prescription_id', '=', prescriptionId)
      .execute();
    assert.equal(dispenses.length, 1);
  });

  test('the lookup by identifier and birth date tolerates spaces, dashes and lower case; "not found" says what to check, the same whether or not the identifier exists', async () => {
    const patient = await enrollPatient(api, { category: 'PCNGP', enrolledOn: ON });
    const id = patient.programId;
    const typed = ` ${id.slice(0, 3).toLowerCase()}-${id.slice(3, 6)} ${id.slice(6).toLowerCase()} `;
    const found = await api.as('pharmacist').get(`/pharmacy/patients?${new URLSearchParams({ programId: typed, birthDate: patient.birthDate }).toString()}`);
    assertStatus(found, 200, 'lookup with spaces, dashes and lower case');
    assert.equal(found.body.programId, id);

    const wrongBirthDate = await api.as('pharmacist').get(`/pharmacy/patients?${new URLSearchParams({ programId: id, birthDate: '1980-01-01' }).toString()}`);
    const unknownId = await api
      .as('pharmacist')
      .get(`/pharmacy/patients?${new URLSearchParams({ programId: 'ZZZZZZZZZZ', birthDate: patient.birthDate }).toString()}`);
    for (const answer of [wrongBirthDate, unknownId]) {
      assert.equal(answer.status, 404);
      assert.match(answer.body.detail, /10 letters or digits/);
      assert.match(answer.body.detail, /date of birth/);
      assert.match(answer.body.detail, /enrolled/);
    }
    assert.deepEqual(wrongBirthDate.body, unknownId.body, 'nothing tells whether the identifier exists');

    const tooShort = await api
      .as('pharmacist')
      .get(`/pharmacy/patients?${new URLSearchParams({ programId: 'ABC-123', birthDate: patient.birthDate }).toString()}`);
    assert.equal(tooShort.status, 400);
    // The same tolerance on the requests that carry the identification.
    const authorization = await api.as('pharmacist').post('/authorizations', { ...lookupOf(patient), programId: typed, prescriptionId: randomUUID() });
    assert.equal(authorization.status, 404);
    assert.equal(authorization.body.title, 'Prescription not found', 'the patient was found by the typed identifier');
  });
});
