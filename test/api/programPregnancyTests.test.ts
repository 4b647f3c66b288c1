// A pregnancy test recorded for a practice outside the US is judged by that program (issue 14,
// item 3; programs.md P-21): kept whatever it says — a result is a fact — with whether it counts
// there and why not. In Canada only a licensed laboratory's test counts, so a home test is stored
// with LICENSED_LAB_REQUIRED and no US window; a US practice's answer is the US one, unchanged.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApi, type TestApi } from '../support/api.js';
import { assertStatus, codes, enrollPatient, factsOf, HOME_TEST_EVIDENCE, recordPregnancyTest } from '../support/journeys.js';

describe('a pregnancy test outside the US, judged by that program', () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi();
  });
  after(() => api.close());

  test('Canada: a home test is kept but does not count (LICENSED_LAB_REQUIRED, CA-PT-3); a licensed laboratory’s counts; the US answer has no program part', async () => {
    const patient = await enrollPatient(api, { enrolledOn: '2026-03-01' });
    api.today('2026-03-01');
    assertStatus(await api.as('admin').post(`/organizations/${api.ids.practiceId}/jurisdiction`, { jurisdiction: 'US' }), 200, 'US');
    const us = await recordPregnancyTest(api, patient, 'monthly', '2026-03-01');
    assertStatus(us, 201, 'US test');
    assert.equal(us.body.program, undefined, 'the US answer is unchanged');

    assertStatus(await api.as('admin').post(`/organizations/${api.ids.practiceId}/jurisdiction`, { jurisdiction: 'CA' }), 200, 'CA');
    const home = await recordPregnancyTest(api, patient, 'monthly', '2026-03-02', { setting: 'home', homeEvidence: HOME_TEST_EVIDENCE });
    assertStatus(home, 201, 'a home test is kept');
    assert.deepEqual(home.body.program, { ruleSet: 'CA', counts: false, final: null });
    assert.deepEqual(codes(home.body.qualification.reasons), ['LICENSED_LAB_REQUIRED']);
    assert.equal(home.body.window, null, 'no US window outside the US');
    const stored = await factsOf(api, patient);
    assert.ok(
      stored.pregnancyTests.some((row: { id: string }) => row.id === home.body.id),
      'on the record',
    );

    const lab = await recordPregnancyTest(api, patient, 'monthly', '2026-03-03');
    assert.deepEqual(lab.body.program, { ruleSet: 'CA', counts: true, final: null });
  });

  test('each judged fact keeps the key of the rule set of its own day: a UK form of 2026-01-21 is UK-2023, a test of 2026-01-22 UK-2026 — and a later change of jurisdiction changes neither', async () => {
    const patient = await enrollPatient(api, { enrolledOn: '2026-01-05' });
    api.today('2026-01-21');
    assertStatus(await api.as('admin').post(`/organizations/${api.ids.practiceId}/jurisdiction`, { jurisdiction: 'GB' }), 200, 'GB');
    const form = await api.as('prescriber').post(`/patients/${patient.id}/acknowledgement-forms`, {
      formVersion: 'UK-ARF-2023',
      signedOn: '2026-01-21',
      signedByPatient: true,
      signedByPrescriber: true,
    });
    assertStatus(form, 201, 'form');
    const test = await recordPregnancyTest(api, patient, 'screening', '2026-01-22');
    assertStatus(test, 201, 'test');
    assertStatus(await api.as('admin').post(`/organizations/${api.ids.practiceId}/jurisdiction`, { jurisdiction: 'US' }), 200, 'US');
    const storedForm = await api.services.db.selectFrom('acknowledgement_forms').select('judged_by').where('id', '=', form.body.id).executeTakeFirstOrThrow();
    const storedTest = await api.services.db.selectFrom('pregnancy_tests').select('judged_by').where('id', '=', test.body.id).executeTakeFirstOrThrow();
    assert.deepEqual([storedForm.judged_by, storedTest.judged_by], ['UK-2023', 'UK-2026']);
  });
});
