// Missed or paused days: within the course, planned at most a year ahead (a pause to 9999-12-31
// once made every clinical read of the patient slow and its projected end unreadable).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApi, type TestApi } from '../support/api.js';
import { assertProblem, assertStatus, enrollPatient, type Patient } from '../support/journeys.js';
import { storedRows } from '../support/routes.js';

describe('missed and paused days', () => {
  let api: TestApi;
  let patient: Patient;
  before(async () => {
    api = await startTestApi();
    patient = await enrollPatient(api, { category: 'PCNGP', enrolledOn: '2025-03-01' });
    api.today('2025-03-10');
  });
  after(() => api.close());

  test('a pause from the enrollment to a year ahead is recorded; before the enrollment or further ahead is 400, naming the field, nothing stored', async () => {
    const post = (from: string, to: string) => api.as('prescriber').post(`/patients/${patient.id}/missed-doses`, { from, to, reason: 'Travel' });
    assertStatus(await post('2025-03-01', '2025-03-02'), 201, 'from the enrollment day');
    assertStatus(await post('2026-03-01', '2026-03-11'), 201, 'planned a year ahead (2026-03-11 = today + 366)');
    const rows = await storedRows(api);
    const early = await post('2025-02-28', '2025-03-02');
    assertProblem(early, 400, 'before the enrollment');
    assert.deepEqual(early.body.errors.map((error: { field: string; code: string }) => [error.field, error.code]), [['from', 'DATE_TOO_EARLY']]);
    const late = await post('2025-04-01', '9999-12-31');
    assertProblem(late, 400, 'far ahead');
    assert.deepEqual(late.body.errors.map((error: { field: string; code: string }) => [error.field, error.code]), [['to', 'DATE_TOO_LATE']]);
    assertProblem(await post('2026-03-01', '2026-03-12'), 400, 'one day past a year ahead');
    assert.deepEqual(await storedRows(api), rows);
  });
});
