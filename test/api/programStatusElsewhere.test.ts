// A patient of a practice outside the US is shown her state in her program's terms (issue 14,
// item 3): GET /patients/{id}/status (her to-do list), the care team's patient page and the
// pharmacist's look-up all derive it from the practice's program — the same answer on every page —
// never the US steps her program does not have (a confirmation test, counseling, the RMA number).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApi, type TestApi } from '../support/api.js';
import { programSteps } from '../support/programJourneys.js';
import { assertRefused, assertStatus, codes, enrollPatient, lookupOf, writePrescription } from '../support/journeys.js';

describe("a patient's status outside the US, in her program's terms", () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi();
  });
  after(() => api.close());

  test('EU: what the first prescription needs, then the window to dispense with its last day, then on treatment — the same on the to-do list, the patient page and the pharmacy', async () => {
    const steps = programSteps(api);
    const patient = await steps.patient('EU', { enrolledOn: '2026-01-05' });
    await steps.qualified('2026-01-05');

    const first = await api.as('prescriber').get(`/patients/${patient.id}/status`);
    assertStatus(first, 200, 'status');
    assert.equal(first.body.ruleSet, 'EU-PPP-2018');
    assert.equal(first.body.state, 'ENROLLED');
    assert.equal(first.body.category, 'PCGP', 'can get pregnant, by the EU rules');
    const needed = codes(first.body.blockers);
    assert.ok(needed.includes('ACKNOWLEDGEMENT_FORM_REQUIRED'), needed.join());
    assert.ok(needed.includes('PRESCRIPTION_PENDING'), needed.join());
    for (const usOnly of ['CONFIRMATION_TEST_PENDING', 'COUNSELING_PENDING', 'COMPREHENSION_PENDING', 'SCREENING_TEST_PENDING']) {
      assert.ok(!needed.includes(usOnly), `no US step ${usOnly}: ${needed.join()}`);
    }

    await steps.form(patient, 'EU-PPP-ACK-2018', '2026-01-05');
    await steps.contraception(patient, '2026-01-05');
    await steps.test(patient, '2026-03-02');
    assertStatus(await writePrescription(api, patient, '2026-03-02'), 201, 'prescription');

    api.today('2026-03-04');
    const ready = await api.as('prescriber').get(`/patients/${patient.id}/status`);
    assert.equal(ready.body.state, 'QUALIFIED_WINDOW_OPEN');
    assert.deepEqual(ready.body.window, { opensOn: '2026-03-02', lastDay: '2026-03-09', anchor: 'prescription', testId: null });
    assert.deepEqual(ready.body.blockers, [], 'nothing stands between her and the dispense');
    const page = await api.as('prescriber').get(`/patients/${patient.id}`);
    assert.equal(page.body.status.state, ready.body.state, 'the patient page says the same');
    const { programId, birthDate } = lookupOf(patient);
    const pharmacy = await api.as('pharmacist').get(`/pharmacy/patients?programId=${programId}&birthDate=${birthDate}`);
    assertStatus(pharmacy, 200, 'look-up');
    assert.equal(pharmacy.body.state, ready.body.state, 'the pharmacy says the same');
    assert.equal(pharmacy.body.window.lastDay, '2026-03-09');
    assert.equal(pharmacy.body.checklist, true, "her fills go through the pharmacist's checklist");
    assert.equal(pharmacy.body.ruleSet, 'EU-PPP-2018');
  });

  test("today is the practice's: a UK practice at 02:00 UTC is already on the next day, a US one not yet (P-D6, Europe/London by default)", async () => {
    const patient = await enrollPatient(api, { enrolledOn: '2026-03-01' });
    api.today('2026-03-01');
    assertStatus(await api.as('admin').post(`/organizations/${api.ids.practiceId}/jurisdiction`, { jurisdiction: 'US' }), 200, 'US');
    api.setClock(new Date('2026-03-02T02:00:00Z'));
    const us = await api.as('prescriber').get(`/patients/${patient.id}/status`);
    assert.equal(us.body.asOf, '2026-03-01', 'New York: still the evening before');
    assertStatus(await api.as('admin').post(`/organizations/${api.ids.practiceId}/jurisdiction`, { jurisdiction: 'GB' }), 200, 'GB');
    const uk = await api.as('prescriber').get(`/patients/${patient.id}/status`);
    assert.equal(uk.body.asOf, '2026-03-02', 'London: already the next day');
  });

  test('the monthly visit outside the US: the parts her program asks for (no counseling); the test, contraception and the prescription in one submit, judged by the program', async () => {
    const steps = programSteps(api);
    const patient = await steps.patient('EU', { enrolledOn: '2026-01-05' });
    await steps.qualified('2026-01-05');
    await steps.form(patient, 'EU-PPP-ACK-2018', '2026-01-05');
    api.today('2026-03-02');
    const draft = await api.as('prescriber').get(`/patients/${patient.id}/monthly-visit`);
    assertStatus(draft, 200, 'draft');
    assert.deepEqual(
      [draft.body.pregnancyTest.state, draft.body.contraception.state, draft.body.counseling.state, draft.body.prescription.state],
      ['due', 'due', 'notNeeded', 'due'],
    );
    const counseled = await api
      .as('prescriber')
      .post(`/patients/${patient.id}/monthly-visit`, { visitOn: '2026-03-02', counseling: { counseledOn: '2026-03-02' } });
    assertRefused(counseled, 'COUNSELING_NOT_IN_PROGRAM');
    const visit = await api.as('prescriber').post(`/patients/${patient.id}/monthly-visit`, {
      visitOn: '2026-03-02',
      pregnancyTest: { specimenDate: '2026-03-02', result: 'negative', setting: 'clinic', clia: true },
      contraception: { methods: ['combinedOralContraceptive', 'maleCondom'], abstinence: false, startedOn: '2026-01-05' },
      prescription: { product: 'claravis', strengthMg: 40, capsulesPerDay: 1, daysSupply: 30 },
    });
    assertStatus(visit, 201, 'one submit');
    assert.equal(visit.body.verdict.state, 'QUALIFIED_WINDOW_OPEN', JSON.stringify(visit.body.verdict.blockers));
    assert.equal(visit.body.verdict.window.lastDay, '2026-03-09', 'dispensable until day 7 of the EU window');
    assert.equal(visit.body.recorded.prescription.program.ruleSet, 'EU-PPP-2018');
  });
});
