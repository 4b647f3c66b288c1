// Issue 10 §6 — the worklist triages and routine items can be snoozed: the snooze is a fact (who,
// when, which patient and item, until when), audited, hides the item before its day and lists it
// again ON that day; urgent and fill-blocking items are refused with the reason and nothing is
// stored. §4 — the words for a patient's state are the same on /status, the record, the patient
// list and the worklist.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApi, type TestApi } from '../support/api.js';
import { assertProblem, assertRefused, assertStatus, enrollPatient, qualifyFirstMonth, type Patient } from '../support/journeys.js';
import { refusedWithoutRecord } from '../support/routes.js';

interface Item {
  code: string;
  group: string;
  form: string;
  snoozable: boolean;
}
interface Entry {
  patientId: string;
  items: Item[];
  summary: { tone: string; headline: string };
}

describe('worklist triage and snoozes', () => {
  let api: TestApi;
  let routine: Patient;
  before(async () => {
    api = await startTestApi();
    // A patient who cannot get pregnant, enrolled 03-10 without labs: the baseline lab is routine.
    routine = await enrollPatient(api, { category: 'PCNGP', enrolledOn: '2025-03-10' });
  });
  after(() => api.close());

  const entryOf = async (patient: Patient): Promise<Entry | undefined> => {
    const worklist = await api.as('prescriber').get('/worklist?limit=1000');
    assertStatus(worklist, 200, 'worklist');
    return worklist.body.patients.find((entry: Entry) => entry.patientId === patient.id);
  };
  const codesOf = (entry: Entry | undefined) => (entry?.items ?? []).map((item) => item.code);

  test('items carry their group, form and whether they can be snoozed; the worklist counts each group', async () => {
    api.today('2025-03-10');
    const worklist = await api.as('delegate').get('/worklist');
    assertStatus(worklist, 200);
    const entry = worklist.body.patients.find((candidate: Entry) => candidate.patientId === routine.id);
    assert.deepEqual(
      entry.items.map((item: Item) => [item.code, item.group, item.form, item.snoozable]),
      [['LAB_BASELINE_DUE', 'routine', 'labResult', true]],
    );
    assert.deepEqual(Object.keys(worklist.body.groups), ['urgent', 'blocksFill', 'dueSoon', 'routine']);
    // Every group's count is its items on the list (the counts are generated from the items: 0025).
    const listed = worklist.body.patients.flatMap((candidate: Entry) => candidate.items);
    for (const group of ['urgent', 'blocksFill', 'dueSoon', 'routine']) {
      assert.equal(worklist.body.groups[group], listed.filter((item: Item) => item.group === group).length, group);
    }
    assert.ok(worklist.body.groups.routine > 0);
  });

  test('a snooze is stored with who and until when, audited, marks the entry stale at once, hides the item until its day and shows it again ON that day', async () => {
    api.today('2025-03-10');
    await entryOf(routine);
    const snooze = await api
      .as('delegate')
      .post(`/patients/${routine.id}/worklist-snoozes`, { itemCode: 'LAB_BASELINE_DUE', until: '2025-03-13', reason: 'Drawn at the outside lab' });
    assertStatus(snooze, 201, 'snooze');
    assert.equal(snooze.body.itemCode, 'LAB_BASELINE_DUE');
    assert.equal(snooze.body.until, '2025-03-13');
    assert.equal(snooze.body.snoozedOn, '2025-03-10');
    assert.equal(snooze.body.snoozedBy, api.ids.users.delegate);

    const stored = await api.services.db.selectFrom('worklist_snoozes').selectAll().where('patient_id', '=', routine.id).execute();
    assert.equal(stored.length, 1);
    assert.equal(stored[0]?.recorded_by, api.ids.users.delegate);
    const entryRow = await api.services.db
      .selectFrom('worklist_entries')
      .select('needs_refresh')
      .where('patient_id', '=', routine.id)
      .executeTakeFirstOrThrow();
    assert.equal(entryRow.needs_refresh, true, 'marked stale in the same transaction');
    const audit = await api.services.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'worklist.snooze')
      .where('patient_id', '=', routine.id)
      .execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]?.outcome, 'ok');

    assert.deepEqual(codesOf(await entryOf(routine)), [], 'hidden on the day of the snooze');
    const listed = (await api.as('prescriber').get('/worklist')).body.snoozed;
    assert.deepEqual(
      listed
        .filter((snoozed: { patientId: string }) => snoozed.patientId === routine.id)
        .map((snoozed: { itemCode: string; until: string }) => [snoozed.itemCode, snoozed.until]),
      [['LAB_BASELINE_DUE', '2025-03-13']],
      'still in sight, as snoozed',
    );
    api.today('2025-03-12');
    assert.deepEqual(codesOf(await entryOf(routine)), [], 'still hidden the day before its end');
    api.today('2025-03-13');
    assert.deepEqual(codesOf(await entryOf(routine)), ['LAB_BASELINE_DUE'], 'listed again on the day the snooze ends');
    assert.deepEqual((await api.as('prescriber').get('/worklist')).body.snoozed, [], 'no longer snoozed');
  });

  test('the cache marked and recomputed is the same, snoozes included', async () => {
    api.today('2025-03-20');
    assertStatus(await api.as('prescriber').post(`/patients/${routine.id}/worklist-snoozes`, { itemCode: 'LAB_BASELINE_DUE', until: '2025-03-25' }), 201);
    const stored = (await api.as('prescriber').get('/worklist?limit=1000')).body;
    await api.database.db.updateTable('worklist_entries').set({ needs_refresh: true, items: '[]', urgency: null, summary: null }).execute();
    const recomputed = (await api.as('prescriber').get('/worklist?limit=1000')).body;
    assert.deepEqual(recomputed, stored);
    assert.deepEqual(codesOf(recomputed.patients.find((entry: Entry) => entry.patientId === routine.id)), []);
  });

  test('urgent and fill-blocking items cannot be snoozed: 422 with the reason, nothing stored; nor a date not after today, nor one too far, nor an item not listed', async () => {
    const urgent = await enrollPatient(api, { category: 'PCNGP', enrolledOn: '2025-04-01' });
    assertStatus(await api.as('prescriber').post(`/patients/${urgent.id}/phq9`, { answeredOn: '2025-04-01', answers: [0, 0, 0, 0, 0, 0, 0, 0, 2] }), 201);
    const urgentEntry = await entryOf(urgent);
    assert.equal(urgentEntry?.items[0]?.group, 'urgent');
    const alertCode = urgentEntry.items[0].code;
    const refusedUrgent = await refusedWithoutRecord(api, () =>
      api.as('prescriber').post(`/patients/${urgent.id}/worklist-snoozes`, { itemCode: alertCode, until: '2025-04-05' }),
    );
    assertRefused(refusedUrgent, 'WORKLIST_ITEM_NOT_SNOOZABLE');
    assert.match(refusedUrgent.body.reasons[0].message, /urgent/i);

    const blocked = await enrollPatient(api, { enrolledOn: '2025-03-20' });
    await qualifyFirstMonth(api, blocked, { confirmationOn: '2025-04-10', omit: ['prescription'] });
    api.today('2025-04-11');
    const blockedEntry = await entryOf(blocked);
    const fillItem = blockedEntry?.items.find((item) => item.group === 'blocksFill');
    assert.ok(fillItem, JSON.stringify(blockedEntry));
    assert.equal(fillItem.form, 'monthlyVisit');
    const refusedFill = await refusedWithoutRecord(api, () =>
      api.as('prescriber').post(`/patients/${blocked.id}/worklist-snoozes`, { itemCode: fillItem.code, until: '2025-04-14' }),
    );
    assertRefused(refusedFill, 'WORKLIST_ITEM_NOT_SNOOZABLE');
    assert.match(refusedFill.body.reasons[0].message, /fill/);

    const base = `/patients/${routine.id}/worklist-snoozes`;
    api.today('2025-04-11');
    assertRefused(
      await refusedWithoutRecord(api, () => api.as('prescriber').post(base, { itemCode: 'LAB_BASELINE_DUE', until: '2025-04-11' })),
      'SNOOZE_NOT_IN_FUTURE',
    );
    assertRefused(
      await refusedWithoutRecord(api, () => api.as('prescriber').post(base, { itemCode: 'LAB_BASELINE_DUE', until: '2025-06-01' })),
      'SNOOZE_TOO_LONG',
    );
    assertRefused(
      await refusedWithoutRecord(api, () => api.as('prescriber').post(base, { itemCode: 'LAB_FOUR_WEEK_CHECK', until: '2025-04-12' })),
      'WORKLIST_ITEM_NOT_LISTED',
    );
    assertProblem(
      await refusedWithoutRecord(api, () => api.as('prescriber').post(base, { itemCode: 'LAB_BASELINE_DUE', until: '2025-02-30' })),
      400,
      'an impossible date',
    );
    assertProblem(
      await refusedWithoutRecord(api, () => api.as('pharmacist').post(base, { itemCode: 'LAB_BASELINE_DUE', until: '2025-04-12' })),
      404,
      'a pharmacist',
    );
  });

  test('the words for the state agree on /status, the record, the patient list and the worklist', async () => {
    const patient = await enrollPatient(api, { enrolledOn: '2025-05-01' });
    await qualifyFirstMonth(api, patient, { confirmationOn: '2025-05-21', omit: ['prescription', 'comprehension'] });
    api.today('2025-05-22');
    const status = await api.as('prescriber').get(`/patients/${patient.id}/status`);
    assertStatus(status, 200);
    assert.equal(status.body.summary.tone, 'blocked', 'never green while things block the fill');
    assert.match(status.body.summary.headline, /^Window open until May 27 — 2 things block the fill$/);
    assert.equal(status.body.summary.steps.find((step: { code: string }) => step.code === 'comprehension').done, false);
    const record = await api.as('prescriber').get(`/patients/${patient.id}`);
    assert.deepEqual(record.body.summary, status.body.summary);
    const list = await api.as('delegate').get('/patients?limit=1000');
    assert.deepEqual(list.body.find((row: { id: string }) => row.id === patient.id).summary, status.body.summary);
    // The worklist's card shows the badge only: the same tone and words.
    assert.deepEqual((await entryOf(patient))?.summary, { tone: status.body.summary.tone, label: status.body.summary.label });

    // The questionnaire passed: done at once, on every page.
    assertStatus(await api.as('prescriber').post(`/patients/${patient.id}/comprehension-checks`, { answeredOn: '2025-05-22', passed: true }), 201);
    const after = (await api.as('prescriber').get(`/patients/${patient.id}/status`)).body.summary;
    assert.equal(after.steps.find((step: { code: string }) => step.code === 'comprehension').done, true);
    assert.deepEqual((await api.as('prescriber').get('/patients?limit=1000')).body.find((row: { id: string }) => row.id === patient.id).summary, after);
  });
});
