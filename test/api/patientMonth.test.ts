// The patient's own part of the month (R-CMP-1): she answers the questions and confirms "the same
// two methods as last month" in one request; the confirmation is a contraception declaration
// entered by her, carrying her last methods forward with their original start date. Refused as a
// whole, storing nothing, when the last methods are no longer accepted, when there is nothing to
// carry forward, or for a patient who cannot get pregnant. And her wallet card.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addDays } from '../../src/domain/dates.js';
import { startTestApi, type ApiClient, type TestApi } from '../support/api.js';
import {
  assertProblem,
  assertRefused,
  assertStatus,
  authorizeAndDispense,
  enrollPatient,
  factsOf,
  qualifyFirstMonth,
  qualifyMonth,
  statusOn,
  type Patient,
} from '../support/journeys.js';
import { storedRows } from '../support/routes.js';
import { runScheduledWork } from '../../src/scheduledWork.js';

const FIRST_FILL = '2025-03-10';
const MONTH_TWO = addDays(FIRST_FILL, 28);
const PASSWORD = 'patient password long';

/** A PCGP patient with her log-in, filled on FIRST_FILL, whose month two has its test, counseling and prescription but not her part. */
async function patientDueHerPart(api: TestApi, email: string): Promise<{ patient: Patient; client: ApiClient; contraceptionStartedOn: string }> {
  const patient = await enrollPatient(api, { enrolledOn: addDays(FIRST_FILL, -30), account: { email, password: PASSWORD } });
  const contraceptionStartedOn = addDays(FIRST_FILL, -60);
  const { prescriptionId } = await qualifyFirstMonth(api, patient, { confirmationOn: FIRST_FILL, contraceptionStartedOn });
  await authorizeAndDispense(api, patient, prescriptionId as string, FIRST_FILL);
  await qualifyMonth(api, patient, { testOn: MONTH_TWO, omit: ['comprehension', 'contraception'] });
  return { patient, client: await api.logIn(email, PASSWORD), contraceptionStartedOn };
}

async function auditActions(api: TestApi, patientId: string): Promise<string[]> {
  const rows = await api.services.db.selectFrom('audit_events').select(['action', 'outcome']).where('patient_id', '=', patientId).execute();
  return rows.map((row) => `${row.action}:${row.outcome}`);
}

describe("the patient's part of the month: questions and 'same methods as last month' in one request", () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi();
  });
  after(() => api.close());

  test('GET monthly-check says what is due, her last methods, and that they can be confirmed as they are', async () => {
    const { patient, client, contraceptionStartedOn } = await patientDueHerPart(api, 'due.part@test.example');
    api.today(MONTH_TWO);
    const answer = await client.get(`/patients/${patient.id}/monthly-check`);
    assertStatus(answer, 200);
    assert.equal(answer.body.asOf, MONTH_TWO);
    assert.equal(answer.body.comprehension.due, true);
    assert.equal(answer.body.contraception.due, true);
    assert.deepEqual(answer.body.contraception.last.methods, ['iudCopper', 'maleCondom']);
    assert.equal(answer.body.contraception.last.startedOn, contraceptionStartedOn);
    assert.equal(answer.body.contraception.sameAsLastMonth.allowed, true);

    // The status answer dates every blocker: in the window the month's test opened, by its last day.
    const status = await statusOn(api, patient, MONTH_TWO);
    assert.deepEqual(
      status.schedule.steps.map((step: { code: unknown }) => step.code).sort(),
      status.blockers.map((blocker: { code: unknown }) => blocker.code).sort(),
    );
    const comprehension = status.schedule.steps.find((step: { code: unknown }) => step.code === 'COMPREHENSION_PENDING');
    assert.deepEqual(comprehension, { code: 'COMPREHENSION_PENDING', from: null, by: status.window.lastDay, inTestWindow: false });
    assert.deepEqual(status.schedule.capsules, { lastDay: addDays(FIRST_FILL, 29), withoutSince: null });
  });

  test('one POST stores the outcome and the confirmation once, each with its audit row; both leave the blockers at once', async () => {
    const { patient, client, contraceptionStartedOn } = await patientDueHerPart(api, 'confirms@test.example');
    const blockers = (await statusOn(api, patient, MONTH_TWO)).blockers.map((blocker: { code: unknown }) => blocker.code);
    assert.ok(blockers.includes('COMPREHENSION_PENDING') && blockers.includes('CONTRACEPTION_PENDING'), blockers.join());
    const before = await factsOf(api, patient);
    const auditBefore = await auditActions(api, patient.id);

    api.today(MONTH_TWO);
    const sent = await client.post(`/patients/${patient.id}/monthly-check`, {
      checkedOn: MONTH_TWO,
      comprehensionPassed: true,
      confirmsSameContraception: true,
    });
    assertStatus(sent, 201);
    assert.deepEqual(sent.body.comprehension, { id: sent.body.comprehension.id, answeredOn: MONTH_TWO, passed: true });
    assert.deepEqual(sent.body.contraception.methods, ['iudCopper', 'maleCondom']);

    const facts = await factsOf(api, patient);
    assert.equal(facts.comprehensionChecks.length, (before.comprehensionChecks as unknown[]).length + 1);
    assert.equal(facts.contraception.length, (before.contraception as unknown[]).length + 1, 'exactly one declaration');
    const declaration = facts.contraception.at(-1);
    assert.equal(declaration.declaredOn, MONTH_TWO);
    assert.equal(declaration.startedOn, contraceptionStartedOn, 'the original start date is carried forward');
    assert.equal(declaration.enteredBy, 'patient');
    assert.deepEqual(declaration.methods, ['iudCopper', 'maleCondom']);
    const written = (await auditActions(api, patient.id)).filter((action) => action.endsWith('.record:ok'));
    const writtenBefore = auditBefore.filter((action) => action.endsWith('.record:ok'));
    const added = [...written];
    for (const action of writtenBefore) {
      added.splice(added.indexOf(action), 1);
    }
    assert.deepEqual(added.sort(), ['comprehension.record:ok', 'contraception.record:ok'], 'one audit row each');

    const after = (await statusOn(api, patient, MONTH_TWO)).blockers.map((blocker: { code: unknown }) => blocker.code);
    assert.ok(!after.includes('COMPREHENSION_PENDING') && !after.includes('CONTRACEPTION_PENDING'), after.join());
    api.today(MONTH_TWO);
    const again = await client.get(`/patients/${patient.id}/monthly-check`);
    assert.equal(again.body.comprehension.due, false);
    assert.equal(again.body.contraception.due, false);
  });

  test("methods no longer accepted under today's rules: 422 with the reasons, and nothing stored (not the answers either)", async () => {
    const { patient, client } = await patientDueHerPart(api, 'old.methods@test.example');
    // A declaration kept from before the rule refused mini-pills (written as a fixture: the API refuses it today).
    await api.services.db
      .insertInto('contraception_declarations')
      .values({
        patient_id: patient.id,
        declared_on: addDays(MONTH_TWO, -1),
        methods: ['progestinOnlyPill', 'maleCondom'],
        abstinence: false,
        started_on: FIRST_FILL,
        takes_enzyme_inducer: false,
        entered_by: 'prescriber',
        recorded_by: api.ids.users.prescriber,
      })
      .execute();
    api.today(MONTH_TWO);
    const shown = await client.get(`/patients/${patient.id}/monthly-check`);
    assert.equal(shown.body.contraception.sameAsLastMonth.allowed, false);
    const before = await storedRows(api);
    const refused = await client.post(`/patients/${patient.id}/monthly-check`, {
      checkedOn: MONTH_TWO,
      comprehensionPassed: true,
      confirmsSameContraception: true,
    });
    assertRefused(refused, 'LAST_METHODS_NOT_ACCEPTED', 'NO_PRIMARY_METHOD');
    assert.deepEqual(await storedRows(api), before);
    assert.ok((await auditActions(api, patient.id)).includes('comprehension.record:refused'));
  });

  test('nothing to carry forward (no declaration yet): 422 NO_PREVIOUS_DECLARATION, nothing stored', async () => {
    const patient = await enrollPatient(api, { enrolledOn: FIRST_FILL, account: { email: 'first.month@test.example', password: PASSWORD } });
    const client = await api.logIn('first.month@test.example', PASSWORD);
    api.today(FIRST_FILL);
    const before = await storedRows(api);
    assertRefused(
      await client.post(`/patients/${patient.id}/monthly-check`, { checkedOn: FIRST_FILL, confirmsSameContraception: true }),
      'NO_PREVIOUS_DECLARATION',
    );
    assert.deepEqual(await storedRows(api), before);
  });

  test('a stale "same as last month" after a change to PCGP: the declaration from before the change is not carried (R-CAT-2), nothing stored', async () => {
    const patient = await enrollPatient(api, { enrolledOn: FIRST_FILL, category: 'PCNGP', account: { email: 'became.pcgp@test.example', password: PASSWORD } });
    api.today(FIRST_FILL);
    assertStatus(
      await api.as('prescriber').post(`/patients/${patient.id}/contraception`, {
        declaredOn: FIRST_FILL,
        methods: ['implant', 'maleCondom'],
        abstinence: false,
        startedOn: FIRST_FILL,
      }),
      201,
    );
    const changedOn = addDays(FIRST_FILL, 5);
    api.today(changedOn);
    assertStatus(
      await api.as('prescriber').post(`/patients/${patient.id}/category-changes`, {
        category: 'PCGP',
        criterion: 'reproductivePotential',
        reason: 'Reassessed at the visit',
        effectiveOn: changedOn,
      }),
      201,
    );
    const client = await api.logIn('became.pcgp@test.example', PASSWORD);
    api.today(addDays(changedOn, 3));
    assert.equal((await client.get(`/patients/${patient.id}/monthly-check`)).body.contraception.sameAsLastMonth.allowed, false);
    const before = await storedRows(api);
    assertRefused(
      await client.post(`/patients/${patient.id}/monthly-check`, { checkedOn: addDays(changedOn, 3), confirmsSameContraception: true }),
      'NO_PREVIOUS_DECLARATION',
    );
    assert.deepEqual(await storedRows(api), before);
  });

  test('a patient who cannot get pregnant: the confirmation is refused (CONTRACEPTION_NOT_REQUIRED), the questions alone are stored', async () => {
    const patient = await enrollPatient(api, { enrolledOn: FIRST_FILL, category: 'PCNGP', account: { email: 'pcngp.month@test.example', password: PASSWORD } });
    const client = await api.logIn('pcngp.month@test.example', PASSWORD);
    api.today(FIRST_FILL);
    const before = await storedRows(api);
    assertRefused(
      await client.post(`/patients/${patient.id}/monthly-check`, { checkedOn: FIRST_FILL, comprehensionPassed: true, confirmsSameContraception: true }),
      'CONTRACEPTION_NOT_REQUIRED',
    );
    assert.deepEqual(await storedRows(api), before);
    assertStatus(await client.post(`/patients/${patient.id}/monthly-check`, { checkedOn: FIRST_FILL, comprehensionPassed: true }), 201);
    assert.equal((await factsOf(api, patient)).comprehensionChecks.length, 1);
    assert.equal((await client.get(`/patients/${patient.id}/monthly-check`)).body.contraception.required, false);
  });

  test('bad input: nothing to record, a future date, a false "confirmation" → 400 naming the field; another patient → 404', async () => {
    const { patient, client } = await patientDueHerPart(api, 'bad.input@test.example');
    api.today(MONTH_TWO);
    const before = await storedRows(api);
    const empty = await client.post(`/patients/${patient.id}/monthly-check`, { checkedOn: MONTH_TWO });
    assertProblem(empty, 400, 'nothing to record');
    assert.equal(empty.body.errors[0].field, 'comprehensionPassed');
    const future = await client.post(`/patients/${patient.id}/monthly-check`, { checkedOn: addDays(MONTH_TWO, 1), comprehensionPassed: true });
    assertProblem(future, 400, 'future');
    assert.equal(future.body.errors[0].field, 'checkedOn');
    assertProblem(
      await client.post(`/patients/${patient.id}/monthly-check`, { checkedOn: MONTH_TWO, confirmsSameContraception: false }),
      400,
      'false confirmation',
    );
    const other = await patientDueHerPart(api, 'other.patient@test.example');
    api.today(MONTH_TWO);
    const beforeOther = await storedRows(api);
    assertProblem(
      await client.post(`/patients/${other.patient.id}/monthly-check`, { checkedOn: MONTH_TWO, comprehensionPassed: true }),
      404,
      "another patient's record",
    );
    assertProblem(await client.get(`/patients/${other.patient.id}/monthly-check`), 404, "another patient's check");
    assert.deepEqual(await storedRows(api), beforeOther);
    assert.ok(before);
  });

  test('the wallet card: her program identifier, name, date of birth and the pharmacy that filled her prescription', async () => {
    const { patient, client } = await patientDueHerPart(api, 'wallet@test.example');
    api.today(MONTH_TWO);
    const card = await client.get(`/patients/${patient.id}/wallet-card`);
    assertStatus(card, 200);
    assert.equal(card.body.programId, patient.programId);
    assert.equal(card.body.birthDate, patient.birthDate);
    assert.equal(card.body.pharmacy?.id, api.ids.pharmacyId);
    assert.equal(typeof card.body.pharmacy?.name, 'string');
    const fresh = await enrollPatient(api, { enrolledOn: FIRST_FILL, account: { email: 'wallet.new@test.example', password: PASSWORD } });
    api.today(MONTH_TWO);
    const freshCard = await (await api.logIn('wallet.new@test.example', PASSWORD)).get(`/patients/${fresh.id}/wallet-card`);
    assert.equal(freshCard.body.pharmacy, null, 'no pharmacy known yet');
    assertProblem(await client.get(`/patients/${fresh.id}/wallet-card`), 404, "another patient's card");
    assertProblem(await api.as('pharmacist').get(`/patients/${patient.id}/wallet-card`), 404, 'pharmacist by id');
  });

  test("GET /inbox: the window's reminder asking for her part shows as done at once after she sends it (derived, nothing stored)", async () => {
    const { patient, client } = await patientDueHerPart(api, 'inbox.done@test.example');
    api.today(MONTH_TWO);
    await runScheduledWork(api.services);
    const reminderOf = async () => {
      const inbox = await client.get('/inbox');
      assertStatus(inbox, 200);
      const found = inbox.body.find((message: { kind: unknown }) => message.kind === 'windowOpen');
      assert.ok(found, JSON.stringify(inbox.body.map((message: { kind: unknown }) => message.kind)));
      return found;
    };
    const before = await reminderOf();
    assert.match(before.body, /questions/);
    assert.equal(before.done, false);
    assertStatus(await client.post(`/patients/${patient.id}/monthly-check`, { checkedOn: MONTH_TWO, comprehensionPassed: false }), 201);
    assert.equal((await reminderOf()).done, false, 'a failed check does not do it');
    assertStatus(
      await client.post(`/patients/${patient.id}/monthly-check`, { checkedOn: MONTH_TWO, comprehensionPassed: true, confirmsSameContraception: true }),
      201,
    );
    const after = await reminderOf();
    assert.equal(after.done, true);
    assert.equal(after.read, false, 'done is not read: nothing was written to the message');
  });

  test("her reminders are written in the language she chose: Spanish words, a Spanish date, her tasks in Spanish; the prescriber's pages stay English", async () => {
    const { client } = await patientDueHerPart(api, 'inbox.spanish@test.example');
    assertStatus(await client.post('/me/language', { language: 'es' }), 200);
    api.today(MONTH_TWO);
    await runScheduledWork(api.services);
    const inbox = await client.get('/inbox');
    assertStatus(inbox, 200);
    const open = inbox.body.find((message: { kind: unknown }) => message.kind === 'windowOpen');
    assert.ok(open, JSON.stringify(inbox.body.map((message: { kind: unknown }) => message.kind)));
    const lastDay = addDays(MONTH_TWO, 6);
    const spelled = new Intl.DateTimeFormat('es-US', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
      new Date(`${lastDay}T00:00:00Z`),
    );
    assert.equal(open.subject, `Su receta se puede surtir hasta el ${spelled}`);
    assert.match(open.body, /^Su plazo para surtir la receta de este mes está abierto hasta el /);
    assert.match(open.body, /responda las preguntas de este mes sobre el programa/);
    assert.doesNotMatch(`${open.subject} ${open.body}`, /\b(your|the|please)\b|\d{4}-\d{2}-\d{2}/i, 'no English and no ISO date left');
  });
});
