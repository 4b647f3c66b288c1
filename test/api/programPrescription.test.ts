// A prescription written for a practice outside the US is judged by its own program's engine
// (issue 14, items 1–3; programs.md P-03), through the same route and transaction as a US one:
// under EU-PPP-2018 the pregnancy test counts for a prescription written at most 3 days after its
// specimen (day 0), so 2026-03-05 is allowed and 2026-03-06 refused with the program's reason and
// nothing written; the answer says whether and until when it can be dispensed (7 days from writing).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApi, type TestApi } from '../support/api.js';
import { assertRefused, assertStatus, declareContraception, enrollPatient, recordPregnancyTest, writePrescription } from '../support/journeys.js';
import { storedRows } from '../support/routes.js';

describe('a prescription outside the US, judged by that program (P-03 through the API)', () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi();
  });
  after(() => api.close());

  test('EU-PPP-2018: test 2026-03-02, a prescription of 2026-03-06 is refused (TEST_TOO_OLD_FOR_PRESCRIPTION, PPP-PT-1, nothing written); one of 2026-03-05 is written, dispensable until 2026-03-12', async () => {
    const patient = await enrollPatient(api, { enrolledOn: '2026-01-05' });
    api.today('2026-01-05');
    assertStatus(await api.as('admin').post(`/organizations/${api.ids.practiceId}/jurisdiction`, { jurisdiction: 'EU' }), 200, 'jurisdiction');
    const on = (path: string, body: unknown) => api.as('prescriber').post(`/patients/${patient.id}/${path}`, body);
    assertStatus(
      await api
        .as('prescriber')
        .post(`/prescribers/${api.ids.users.prescriber}/attributes`, { specialty: 'dermatology', effectiveOn: '2026-01-05', retinoidExperience: true }),
      201,
      'attributes',
    );
    assertStatus(await on('reproductive-facts', { kind: 'uterusAndOvary', recordedOn: '2026-01-05' }), 201, 'reproductive fact');
    assertStatus(
      await on('acknowledgement-forms', { formVersion: 'EU-PPP-ACK-2018', signedOn: '2026-01-05', signedByPatient: true, signedByPrescriber: true }),
      201,
      'form',
    );
    assertStatus(await declareContraception(api, patient, '2026-01-05', { startedOn: '2026-01-05' }), 201, 'contraception');
    assertStatus(await recordPregnancyTest(api, patient, 'screening', '2026-03-02'), 201, 'test');

    api.today('2026-03-06');
    const before = await storedRows(api);
    const late = await writePrescription(api, patient, '2026-03-06');
    const reasons = assertRefused(late, 'TEST_TOO_OLD_FOR_PRESCRIPTION');
    assert.equal(reasons[0]?.rule, 'PPP-PT-1', 'the first prescription: the pre-start test');
    assert.deepEqual(await storedRows(api), before, 'nothing written');

    const written = await writePrescription(api, patient, '2026-03-05');
    assertStatus(written, 201, 'prescription of 2026-03-05');
    assert.equal(written.body.fillability.allowed, true, JSON.stringify(written.body.fillability));
    assert.equal(written.body.fillability.doNotDispenseAfter, '2026-03-12', 'written on day 0, dispensed by day 7');
  });
});
