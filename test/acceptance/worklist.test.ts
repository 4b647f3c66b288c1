// Issue 3 §8 — the prescriber's worklist: every patient who needs something, ranked by urgency
// (urgent alerts first, then windows closing soonest), each with what to do; kept current by
// every write and by the passing of time.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { smtpTransport } from '../../src/services/reminders/transports.js';
import { runScheduledWork } from '../../src/scheduledWork.js';
import { startSmtpSink, type SmtpSink } from '../support/smtpSink.js';
import { startTestApi, type ApiResponse, type TestApi } from '../support/api.js';
import { assertStatus, enrollPatient, qualifyFirstMonth, recordPregnancyTest } from '../support/journeys.js';

describe('the worklist', () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi();
  });
  after(() => api.close());

  test('ranks an urgent alert first, then the window closing soonest, then the later one; each with what to do', async () => {
    // Two PCGP patients whose windows are open: one closes on 03-16, the other on 03-19.
    const closesLater = await enrollPatient(api, { enrolledOn: '2025-02-20' });
    await qualifyFirstMonth(api, closesLater, { confirmationOn: '2025-03-13', omit: ['prescription'] });
    const closesFirst = await enrollPatient(api, { enrolledOn: '2025-02-17' });
    await qualifyFirstMonth(api, closesFirst, { confirmationOn: '2025-03-10', omit: ['prescription'] });
    // A third patient, nothing pending in a window, reports suicidal thoughts on a PHQ-9.
    const urgent = await enrollPatient(api, { enrolledOn: '2025-03-10', category: 'PCNGP' });
    api.today('2025-03-14');
    assertStatus(await api.as('prescriber').post(`/patients/${urgent.id}/phq9`, { answeredOn: '2025-03-14', answers: [0, 0, 0, 0, 0, 0, 0, 0, 2] }), 201);

    const worklist = await api.as('delegate').get('/worklist');
    assertStatus(worklist, 200);
    const order = worklist.body.patients.map((entry: { patientId: string }) => entry.patientId);
    assert.deepEqual(order.slice(0, 3), [urgent.id, closesFirst.id, closesLater.id]);
    const [first, second] = worklist.body.patients;
    assert.equal(first.items[0].code, 'SUICIDAL_IDEATION');
    assert.equal(second.dueOn, '2025-03-16');
    assert.equal(second.items[0].code, 'WINDOW_CLOSING');
    assert.match(second.items[0].message, /PRESCRIPTION_PENDING/);
    assert.match(second.items[0].action, /prescription/i);

    // Acknowledging the alert takes that patient off the top at once.
    const alertKey = (await api.as('prescriber').get(`/patients/${urgent.id}/clinical`)).body.openAlerts[0].key;
    assertStatus(await api.as('prescriber').post(`/patients/${urgent.id}/alert-acknowledgements`, { alertKey, note: 'Called; safe; referred.' }), 201);
    const afterAcknowledging = await api.as('prescriber').get('/worklist');
    assert.equal(afterAcknowledging.body.patients[0].patientId, closesFirst.id);
  });

  test('time alone moves an entry: a window that closes turns into WINDOW_MISSED_FIRST on the next day', async () => {
    const patient = await enrollPatient(api, { enrolledOn: '2025-04-01' });
    await qualifyFirstMonth(api, patient, { confirmationOn: '2025-04-21' });
    api.today('2025-04-27');
    const open = (await api.as('prescriber').get('/worklist')).body.patients.find((entry: { patientId: string }) => entry.patientId === patient.id);
    assert.equal(open.items[0].code, 'WINDOW_CLOSING');
    assert.equal(open.dueOn, '2025-04-27');
    api.today('2025-04-28');
    const missed = (await api.as('prescriber').get('/worklist')).body.patients.find((entry: { patientId: string }) => entry.patientId === patient.id);
    assert.equal(missed.state, 'WINDOW_MISSED_FIRST');
    assert.equal(missed.items[0].code, 'WINDOW_MISSED_FIRST');
  });

  test('a new fact updates the entry: a positive test puts the patient on pregnancy hold at the top', async () => {
    const patient = await enrollPatient(api, { enrolledOn: '2025-05-01' });
    api.today('2025-05-02');
    await api.as('prescriber').get('/worklist');
    assertStatus(await recordPregnancyTest(api, patient, 'unscheduled', '2025-05-02', { result: 'positive' }), 201);
    const entry = (await api.as('prescriber').get('/worklist')).body.patients[0];
    assert.equal(entry.patientId, patient.id);
    assert.equal(entry.state, 'PREGNANCY_HOLD');
  });

  test('the stored worklist is only a cache: every entry marked (as a deploy that changes its rules does), the next read recomputes it from the facts, the same', async () => {
    api.today('2025-05-03');
    const stored = (await api.as('prescriber').get('/worklist?limit=1000')).body;
    await api.database.db
      .updateTable('worklist_entries')
      .set({ needs_refresh: true, urgency: null, due_on: null, state: null, items: '[]', summary: null, valid_until: null })
      .execute();
    const recomputed = (await api.as('prescriber').get('/worklist?limit=1000')).body;
    assert.ok(stored.patients.length > 0);
    assert.deepEqual(recomputed, stored);
  });

  test('thrown away altogether, the cache is rebuilt by the scheduled work, the same', async () => {
    api.today('2025-05-03');
    const stored = (await api.as('prescriber').get('/worklist?limit=1000')).body;
    await api.database.db.deleteFrom('worklist_entries').execute();
    await runScheduledWork(api.services);
    const recomputed = (await api.as('prescriber').get('/worklist?limit=1000')).body;
    assert.ok(stored.patients.length > 0);
    assert.deepEqual(recomputed, stored);
  });

  test('every patient has an entry from the statement that inserts them, marked until computed; a patient moved to another prescriber has theirs marked and moved', async () => {
    const db = api.database.db;
    const patient = await enrollPatient(api, { enrolledOn: '2025-05-01' });
    const row = await db.selectFrom('patients').selectAll().where('id', '=', patient.id).executeTakeFirstOrThrow();
    // A patient inserted by plain SQL, as an import or a seed would: the entry comes with it.
    const copy = await db
      .insertInto('patients')
      .values({
        program_id: 'WLTRIG0001',
        given_name: 'Trigger',
        family_name: 'Checked',
        birth_date: '2000-01-01',
        prescriber_id: row.prescriber_id,
        practice_id: row.practice_id,
        created_by: row.created_by,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const entry = await db.selectFrom('worklist_entries').selectAll().where('patient_id', '=', copy.id).executeTakeFirst();
    assert.equal(entry?.prescriber_id, row.prescriber_id);
    assert.equal(entry.needs_refresh, true);
    // Computed by a read, then the patient moves to another prescriber (the seeded second one).
    await api.as('prescriber').get('/worklist');
    const before = await db.selectFrom('worklist_entries').selectAll().where('patient_id', '=', copy.id).executeTakeFirstOrThrow();
    assert.equal(before.needs_refresh, false);
    const other = await db.selectFrom('users').select('id').where('role', '=', 'prescriber').where('id', '<>', row.prescriber_id).executeTakeFirstOrThrow();
    await db.updateTable('patients').set({ prescriber_id: other.id }).where('id', '=', copy.id).execute();
    const moved = await db.selectFrom('worklist_entries').selectAll().where('patient_id', '=', copy.id).executeTakeFirstOrThrow();
    assert.equal(moved.prescriber_id, other.id);
    assert.equal(moved.needs_refresh, true);
    assert.equal(Number(moved.fact_version), Number(before.fact_version) + 1);
    const mine = (await api.as('prescriber').get('/worklist?limit=1000')).body.patients.map((listed: { patientId: string }) => listed.patientId);
    assert.ok(!mine.includes(copy.id), "no longer on the first prescriber's list");
  });

  test('paged: the pages, each a cursor after the last, are the whole list in the same order, each patient once; the groups count the whole list', async () => {
    api.today('2025-05-03');
    // Enough patients for several pages of 2, each needing something (enrolled, nothing done yet).
    for (let n = 0; n < 5; n += 1) {
      await enrollPatient(api, { enrolledOn: '2025-05-01' });
    }
    const whole = (await api.as('prescriber').get('/worklist?limit=1000')).body;
    assert.equal(whole.next, null);
    assert.ok(whole.patients.length >= 5);
    const paged: Array<{ patientId: string }> = [];
    let after: string | null = null;
    for (let pages = 0; pages < 100; pages += 1) {
      const page: ApiResponse<{ patients: Array<{ patientId: string }>; groups: unknown; next: string | null }> = await api
        .as('delegate')
        .get(`/worklist?limit=2${after === null ? '' : `&after=${after}`}`);
      assertStatus(page, 200);
      assert.ok(page.body.patients.length <= 2);
      assert.deepEqual(page.body.groups, whole.groups, 'every page counts the whole list');
      paged.push(...page.body.patients);
      after = page.body.next;
      if (after === null) {
        break;
      }
    }
    assert.deepEqual(paged, whole.patients);
    // A card's summary is the badge only.
    assert.deepEqual(Object.keys(whole.patients[0].summary).sort(), ['label', 'tone']);
    const items = whole.patients.flatMap((entry: { items: Array<{ group: string }> }) => entry.items);
    assert.equal(whole.groups.routine, items.filter((item: { group: string }) => item.group === 'routine').length);
    // The default page is 50 patients; a cursor this API did not make is a 400.
    assert.equal((await api.as('prescriber').get('/worklist?after=bm90LWEtY3Vyc29y')).status, 400);
    assert.equal((await api.as('prescriber').get('/worklist?after=not%20base64')).status, 400);
  });

  test("a pharmacist's lookup is a read: the patient's worklist entry stays current", async () => {
    const patient = await enrollPatient(api, { enrolledOn: '2025-05-01' });
    api.today('2025-05-02');
    await api.as('prescriber').get('/worklist');
    const entryBefore = await api.database.db.selectFrom('worklist_entries').selectAll().where('patient_id', '=', patient.id).executeTakeFirstOrThrow();
    assert.equal(entryBefore.needs_refresh, false);
    assertStatus(await api.as('pharmacist').get(`/pharmacy/patients?programId=${patient.programId}&birthDate=${patient.birthDate}`), 200);
    const entryAfter = await api.database.db.selectFrom('worklist_entries').selectAll().where('patient_id', '=', patient.id).executeTakeFirstOrThrow();
    assert.deepEqual(entryAfter, entryBefore);
  });

  test("only the care team's patients; a pharmacist or patient has no worklist", async () => {
    const patient = await enrollPatient(api, { enrolledOn: '2025-05-01' });
    const mine = (await api.as('otherPrescriber').get('/worklist')).body.patients;
    assert.equal(
      mine.some((entry: { patientId: string }) => entry.patientId === patient.id),
      false,
    );
    assert.equal((await api.as('pharmacist').get('/worklist')).status, 403);
  });
});

describe('reminders', () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi();
  });
  after(() => api.close());

  test('a patient whose window opens gets a reminder in the in-app inbox, with what is still to do and the last day; planned once', async () => {
    const patient = await enrollPatient(api, {
      enrolledOn: '2025-03-01',
      account: { email: 'reminded@test.example', password: 'correct horse battery staple' },
    });
    await qualifyFirstMonth(api, patient, { confirmationOn: '2025-03-20', omit: ['comprehension'] });
    api.today('2025-03-20');
    await runScheduledWork(api.services);
    await runScheduledWork(api.services);
    const patientClient = await api.logIn('reminded@test.example', 'correct horse battery staple');
    const inbox = await patientClient.get('/inbox');
    assertStatus(inbox, 200);
    const windowOpen = inbox.body.filter((message: { kind: string }) => message.kind === 'windowOpen');
    assert.equal(windowOpen.length, 1, 'planned once, however often the work runs');
    assert.match(windowOpen[0].subject, /2025-03-26/);
    assert.match(windowOpen[0].body, /questions/);
    // The closing reminder is not delivered before its day.
    assert.equal(
      inbox.body.some((message: { kind: string }) => message.kind === 'windowClosing'),
      false,
    );
    api.today('2025-03-25');
    await runScheduledWork(api.services);
    const later = (await patientClient.get('/inbox')).body;
    assert.equal(later.filter((message: { kind: string }) => message.kind === 'windowClosing').length, 1);

    assertStatus(await patientClient.post(`/inbox/${windowOpen[0].id}/read`), 200);
    assert.equal((await patientClient.get('/inbox')).body.find((message: { id: string }) => message.id === windowOpen[0].id).read, true);
    assert.equal((await api.as('prescriber').post(`/inbox/${windowOpen[0].id}/read`)).status, 404, "another person's message is not found");
  });

  test('end of course: the patient and the prescriber are reminded of the test one month after the last dose', async () => {
    const patient = await enrollPatient(api, { enrolledOn: '2025-06-01', account: { email: 'ended@test.example', password: 'correct horse battery staple' } });
    api.today('2025-07-01');
    assertStatus(await api.as('prescriber').post(`/patients/${patient.id}/course-end`, { lastDoseOn: '2025-07-01', reason: 'targetReached' }), 201);
    api.today('2025-07-28');
    await runScheduledWork(api.services);
    const patientInbox = (await (await api.logIn('ended@test.example', 'correct horse battery staple')).get('/inbox')).body;
    const reminder = patientInbox.find((message: { kind: string }) => message.kind === 'postTreatmentTest');
    assert.ok(reminder, JSON.stringify(patientInbox));
    assert.match(reminder.body, /2025-07-31/);
    const prescriberInbox = (await api.as('prescriber').get('/inbox')).body;
    assert.ok(prescriberInbox.some((message: { kind: string }) => message.kind === 'postTreatmentTest'));
    const afterCourse = patientInbox.find((message: { kind: string }) => message.kind === 'afterTheCourse');
    assert.match(afterCourse.body, /2025-08-01/, 'no blood donation before day 31');
  });
});

describe('reminders by email when SMTP is configured', () => {
  let api: TestApi;
  let sink: SmtpSink;
  before(async () => {
    api = await startTestApi();
    sink = await startSmtpSink();
    api.services.messageTransport = smtpTransport(sink.url, 'isocourse <no-reply@test.example>');
  });
  after(async () => {
    await api.close();
    await sink.close();
  });

  test('a due reminder is emailed to the patient and marked delivered; an unreachable server leaves it pending for the next round', async () => {
    const patient = await enrollPatient(api, { enrolledOn: '2025-03-01', account: { email: 'mailed@test.example', password: 'correct horse battery staple' } });
    await qualifyFirstMonth(api, patient, { confirmationOn: '2025-03-20' });
    api.today('2025-03-20');
    const result = await runScheduledWork(api.services);
    assert.ok(result.delivered >= 1, JSON.stringify(result));
    // Several reminders may be due at once, delivered in no particular order among the same day's.
    const mails = sink.received.filter((message) => message.to.some((to) => to.includes('mailed@test.example')));
    assert.ok(mails.length > 0, JSON.stringify(sink.received));
    assert.ok(
      mails.some((mail) => /2025-03-26/.test(mail.data)),
      JSON.stringify(mails),
    );

    // The mail server goes away: the next reminder is kept, with its error, and sent once it is back.
    const downPort = sink.url;
    await sink.close();
    api.today('2025-03-25');
    assertStatus(await api.as('prescriber').post(`/patients/${patient.id}/course-end`, { lastDoseOn: '2025-03-25', reason: 'patientChoice' }), 201);
    api.today('2025-04-21');
    const failed = await runScheduledWork(api.services);
    assert.ok(failed.failed >= 1, JSON.stringify(failed));
    const pending = await api.database.db
      .selectFrom('outbox_messages')
      .select(['attempts', 'last_error', 'delivered_at'])
      .where('delivered_at', 'is', null)
      .execute();
    assert.ok(pending.length >= 1 && pending.every((row) => row.attempts >= 1 && row.last_error !== null), JSON.stringify(pending));
    sink = await startSmtpSink();
    api.services.messageTransport = smtpTransport(sink.url, 'isocourse <no-reply@test.example>');
    assert.notEqual(sink.url, downPort);
    const retried = await runScheduledWork(api.services);
    assert.ok(retried.delivered >= 1 && retried.failed === 0, JSON.stringify(retried));
  });
});
