// An organization's program (issue 14, items 1 and 4): its jurisdiction and its own parameter
// settings, through the admin's API — set and read back, every bad input a 400 naming the field
// that changes nothing, a US override that changes that practice's decisions (only from its
// effective day) and no other's, and a jurisdiction change that leaves past decisions' keys.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startTestApi, type TestApi } from '../support/api.js';
import { assertProblem, assertRefused, assertStatus, enrollPatient, qualifyFirstMonth, requestAuthorization } from '../support/journeys.js';
import { storedRows } from '../support/routes.js';

const ON = '2025-03-10';
const SOURCE = 'Practice memo 2025-02: prescription window shortened (synthetic test document)';

interface ParameterRow {
  key: string;
  value: unknown;
  default: unknown;
  override: { value: unknown; source: string; effectiveFrom: string; recordedBy: string | null; recordedAt: string } | null;
}

describe("an organization's program: jurisdiction and parameter settings", () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi();
    api.today(ON);
  });
  after(() => api.close());

  const program = async (organizationId: string) => {
    const response = await api.as('admin').get(`/organizations/${organizationId}/program`);
    assertStatus(response, 200, 'GET program');
    return response.body as {
      jurisdiction: string | null;
      asOf: string;
      ruleSet: { id: string; key: string } | null;
      parameters: ParameterRow[];
      settableKeys: string[];
      settings: unknown[];
    };
  };
  const parameter = (body: { parameters: ParameterRow[] }, key: string) => {
    const row = body.parameters.find((candidate) => candidate.key === key);
    assert.ok(row, `${key} is listed`);
    return row;
  };

  test('GET …/program: a US practice today — REMS-2021 before the switch, every parameter at its default, no override; its staff see their own, not another', async () => {
    const body = await program(api.ids.practiceId);
    assert.equal(body.jurisdiction, 'US');
    assert.equal(body.asOf, ON);
    assert.deepEqual(body.ruleSet, { id: 'REMS-2021', key: 'REMS-2021' });
    assert.deepEqual(parameter(body, 'PCGP_WINDOW_DAYS'), { ...parameter(body, 'PCGP_WINDOW_DAYS'), value: 7, default: 7, override: null });
    assert.equal(parameter(body, 'FIRST_WINDOW_LOCKOUT_DAYS').value, 19);
    assert.ok(body.settableKeys.includes('CONTRACEPTION_MIN_DAYS_BEFORE'));
    assert.ok(!body.settableKeys.includes('DISPENSE_MAX_DAYS'), "the EU's keys are not the US program's");
    assertStatus(await api.as('prescriber').get(`/organizations/${api.ids.practiceId}/program`), 200, "the practice's prescriber");
    assertProblem(await api.as('prescriber').get(`/organizations/${api.ids.otherPracticeId}/program`), 403, "another practice's");
    assertProblem(await api.as('admin').get(`/organizations/${randomUUID()}/program`), 404, 'unknown organization');
  });

  test('every bad input is a 400 naming the field and changes nothing; unknown organization 404; non-admins 403', async () => {
    const admin = api.as('admin');
    const rows = await storedRows(api);
    const before = await program(api.ids.practiceId);
    const good = { key: 'PCGP_WINDOW_DAYS', value: 5, effectiveFrom: ON, source: SOURCE };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...good, key: 'NOT_A_PARAMETER' }, 'key'],
      [{ ...good, key: 'DISPENSE_MAX_DAYS' }, 'key'],
      [{ ...good, value: -1 }, 'value'],
      [{ ...good, value: 0 }, 'value'],
      [{ ...good, value: 366 }, 'value'],
      [{ ...good, value: 2.5 }, 'value'],
      [{ ...good, value: '5' }, 'value'],
      [{ ...good, value: null }, 'value'],
      [{ ...good, key: 'SCREEN_TO_CONFIRM_MIN_DAYS', value: 400 }, 'value'],
      [{ ...good, key: 'FDA_ENFORCEMENT_DISCRETION', value: 'yes' }, 'value'],
      [{ ...good, key: 'PROGRAM_TIMEZONE', value: 'Mars/Olympus_Mons' }, 'value'],
      [{ ...good, effectiveFrom: '2025-02-30' }, 'effectiveFrom'],
      [{ ...good, source: '   ' }, 'source'],
      [{ key: good.key, value: good.value, effectiveFrom: ON }, 'source'],
    ];
    for (const [body, field] of cases) {
      const response = await admin.post(`/organizations/${api.ids.practiceId}/program-settings`, body);
      assertProblem(response, 400, JSON.stringify(body));
      const fields = (response.body.errors as Array<{ field: string }>).map((error) => error.field.replace(/^\/?(body\/)?/, ''));
      assert.ok(fields.includes(field), `${JSON.stringify(body)} names ${field}: ${JSON.stringify(response.body.errors)}`);
    }
    for (const jurisdiction of ['XX', 'EU-DE', 'us', '']) {
      const response = await admin.post(`/organizations/${api.ids.practiceId}/jurisdiction`, { jurisdiction });
      assertProblem(response, 400, jurisdiction);
      assert.ok(JSON.stringify(response.body.errors).includes('jurisdiction'), JSON.stringify(response.body));
    }
    const badNew = await admin.post('/organizations', { kind: 'practice', name: 'Nowhere Dermatology', jurisdiction: 'Atlantis' });
    assertProblem(badNew, 400, 'a new organization with an unknown jurisdiction');
    assert.equal(badNew.body.errors[0].field, 'jurisdiction');
    assertProblem(await admin.post(`/organizations/${randomUUID()}/program-settings`, good), 404, 'unknown organization');
    assertProblem(await admin.post(`/organizations/${randomUUID()}/jurisdiction`, { jurisdiction: 'US' }), 404, 'unknown organization');
    for (const role of ['prescriber', 'delegate', 'pharmacist'] as const) {
      assertProblem(await api.as(role).post(`/organizations/${api.ids.practiceId}/program-settings`, good), 403, role);
      assertProblem(await api.as(role).post(`/organizations/${api.ids.practiceId}/jurisdiction`, { jurisdiction: 'GB' }), 403, role);
    }
    assert.deepEqual(await storedRows(api), rows);
    assert.deepEqual(await program(api.ids.practiceId), before);
  });

  test('a new organization without a jurisdiction is not configured: no rule set, nothing settable until one is set', async () => {
    const created = await api.as('admin').post('/organizations', { kind: 'practice', name: 'Unconfigured Dermatology' });
    assertStatus(created, 201);
    assert.equal(created.body.jurisdiction, null);
    const body = await program(created.body.id);
    assert.equal(body.jurisdiction, null);
    assert.equal(body.ruleSet, null);
    assert.deepEqual(body.parameters, []);
    const refused = await api
      .as('admin')
      .post(`/organizations/${created.body.id}/program-settings`, { key: 'PCGP_WINDOW_DAYS', value: 5, effectiveFrom: ON, source: SOURCE });
    assertProblem(refused, 400, 'no jurisdiction yet');
    assert.equal(refused.body.errors[0].code, 'PROGRAM_NOT_CONFIGURED');
    const set = await api.as('admin').post(`/organizations/${created.body.id}/jurisdiction`, { jurisdiction: 'EU-IT' });
    assertStatus(set, 200);
    assert.equal(set.body.jurisdiction, 'EU-IT');
    assert.deepEqual(set.body.ruleSet, { id: 'EU-PPP-2018', key: 'EU-PPP-2018+IT' });
    assert.ok(set.body.settableKeys.includes('DISPENSE_MAX_DAYS'));
    const listed = (await api.as('admin').get('/organizations')).body as Array<{ id: string; jurisdiction: string | null }>;
    assert.equal(
      listed.find((organization) => organization.id === created.body.id)?.jurisdiction,
      'EU-IT',
      'the list of organizations says where each practises',
    );
    assert.equal(listed.find((organization) => organization.id === api.ids.practiceId)?.jurisdiction, 'US');
  });

  test("a US override (PCGP_WINDOW_DAYS 5) changes that practice's decision from its effective day, and no other practice's; set and read back, audited", async () => {
    // Another practice's setting changes nothing here.
    const other = await api.as('admin').post(`/organizations/${api.ids.otherPracticeId}/program-settings`, {
      key: 'PCGP_WINDOW_DAYS',
      value: 5,
      effectiveFrom: '2025-01-01',
      source: SOURCE,
    });
    assertStatus(other, 201);
    const first = await enrollPatient(api, { enrolledOn: '2025-02-19' });
    const firstMonth = await qualifyFirstMonth(api, first, { confirmationOn: ON });
    assert.equal(firstMonth.test.body.window.lastDay, '2025-03-16', 'seven days: the document');
    assertStatus(await requestAuthorization(api, first, firstMonth.prescriptionId as string, '2025-03-15'), 201, 'day 6 under the default');

    // This practice's setting effective from 2025-03-11: a window opened by a 2025-03-10 specimen keeps seven days.
    api.today(ON);
    const later = await api.as('admin').post(`/organizations/${api.ids.practiceId}/program-settings`, {
      key: 'PCGP_WINDOW_DAYS',
      value: 5,
      effectiveFrom: '2025-03-11',
      source: SOURCE,
    });
    assertStatus(later, 201);
    const second = await enrollPatient(api, { enrolledOn: '2025-02-19' });
    const secondMonth = await qualifyFirstMonth(api, second, { confirmationOn: ON });
    assert.equal(secondMonth.test.body.window.lastDay, '2025-03-16', 'the setting is not in force on the specimen date');

    // Effective from the specimen date: five days, day 6 refused, day 5 allowed.
    api.today(ON);
    const inForce = await api.as('admin').post(`/organizations/${api.ids.practiceId}/program-settings`, {
      key: 'PCGP_WINDOW_DAYS',
      value: 5,
      effectiveFrom: ON,
      source: SOURCE,
    });
    assertStatus(inForce, 201);
    const row = inForce.body.parameters.find((candidate: ParameterRow) => candidate.key === 'PCGP_WINDOW_DAYS') as ParameterRow;
    assert.equal(row.value, 5);
    assert.equal(row.default, 7);
    assert.ok(row.override !== null);
    assert.equal(row.override.effectiveFrom, ON);
    assert.equal(row.override.source, SOURCE);
    assert.equal(typeof row.override.recordedBy, 'string');
    assert.equal(inForce.body.settings.length, 2, "this practice's two settings, the scheduled one included");
    const third = await enrollPatient(api, { enrolledOn: '2025-02-19' });
    const thirdMonth = await qualifyFirstMonth(api, third, { confirmationOn: ON });
    assert.equal(thirdMonth.test.body.window.lastDay, '2025-03-14');
    assertRefused(await requestAuthorization(api, third, thirdMonth.prescriptionId as string, '2025-03-15'), 'WINDOW_CLOSED');
    assertStatus(await requestAuthorization(api, third, thirdMonth.prescriptionId as string, '2025-03-14'), 201, 'day 5 allowed');

    // The staff's status page says which overrides are in force, beside the rule set.
    api.today(ON);
    const status = await api.as('prescriber').get(`/patients/${third.id}/status`);
    assertStatus(status, 200);
    assert.equal(status.body.ruleSet, 'REMS-2021');
    assert.deepEqual(status.body.programOverrides, [{ key: 'PCGP_WINDOW_DAYS', value: 5, default: 7, source: SOURCE, effectiveFrom: ON }]);

    // The other practice's patient is judged by the document: GET shows its own override only.

    assert.equal(parameter(await program(api.ids.otherPracticeId), 'PCGP_WINDOW_DAYS').override?.effectiveFrom, '2025-01-01');

    const audit = await api.as('admin').get(`/audit-events?actorId=${api.ids.users.admin}&limit=20`);
    const events = (audit.body as Array<{ action: string; entityId: string; outcome: string; detail: Record<string, unknown> }>).filter(
      (event) => event.action === 'organization.programSetting' && event.entityId === api.ids.practiceId,
    );
    assert.equal(events.length, 2, JSON.stringify(audit.body));
    assert.ok(
      events.some((event) => event.detail.effectiveFrom === ON && event.detail.value === 5 && event.detail.source === SOURCE && event.outcome === 'ok'),
    );
  });

  test('changing the jurisdiction never re-judges past decisions: an authorization keeps the rule set it was made under; audited', async () => {
    const patient = await enrollPatient(api, { enrolledOn: '2025-02-19' });
    const month = await qualifyFirstMonth(api, patient, { confirmationOn: ON });
    const authorized = await requestAuthorization(api, patient, month.prescriptionId as string, ON);
    assertStatus(authorized, 201);
    const keyOf = async () =>
      (await api.services.db.selectFrom('authorizations').select('rule_set').where('id', '=', authorized.body.id).executeTakeFirstOrThrow()).rule_set;
    assert.equal(await keyOf(), 'REMS-2021');

    const waiting = await enrollPatient(api, { enrolledOn: '2025-02-19' });
    const waitingMonth = await qualifyFirstMonth(api, waiting, { confirmationOn: ON });

    const changed = await api.as('admin').post(`/organizations/${api.ids.practiceId}/jurisdiction`, { jurisdiction: 'GB' });
    assertStatus(changed, 200);
    assert.deepEqual(changed.body.ruleSet, { id: 'UK-2023', key: 'UK-2023' });
    assert.equal(await keyOf(), 'REMS-2021', 'the stored decision keeps its key');
    const status = await api.as('prescriber').get(`/patients/${patient.id}/status`);
    assertStatus(status, 200);
    // The US rules no longer judge this practice's events: its gates refuse rather than guess.
    assertRefused(await requestAuthorization(api, waiting, waitingMonth.prescriptionId as string, ON), 'PROGRAM_NOT_US');
    // Not configured at all (a jurisdiction removed by hand): P-27.
    await api.services.db.updateTable('organizations').set({ jurisdiction: null }).where('id', '=', api.ids.practiceId).execute();
    assertRefused(await requestAuthorization(api, waiting, waitingMonth.prescriptionId as string, ON), 'PROGRAM_NOT_CONFIGURED');
    await api.services.db.updateTable('organizations').set({ jurisdiction: 'GB' }).where('id', '=', api.ids.practiceId).execute();

    const back = await api.as('admin').post(`/organizations/${api.ids.practiceId}/jurisdiction`, { jurisdiction: 'US' });
    assertStatus(back, 200);
    assert.equal(await keyOf(), 'REMS-2021');
    assertStatus(await requestAuthorization(api, waiting, waitingMonth.prescriptionId as string, ON), 201, 'judged by the US rules again');

    const audit = await api.as('admin').get(`/audit-events?actorId=${api.ids.users.admin}&limit=10`);
    const changes = (audit.body as Array<{ action: string; entityId: string; detail: unknown }>).filter(
      (event) => event.action === 'organization.jurisdiction' && event.entityId === api.ids.practiceId,
    );
    assert.deepEqual(
      changes.map((event) => event.detail),
      [
        { before: 'GB', after: 'US' },
        { before: 'US', after: 'GB' },
      ],
    );
  });
});
