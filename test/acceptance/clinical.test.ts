// domain.md §7.7 — the clinical rules the API implements today: contraception methods (R-CON-4,
// R-CON-8) and the age of indication (R-ENR-2).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApi, type TestApi } from '../support/api.js';
import { assertRefused, assertStatus, codes, declareContraception, enrollPatient, factsOf } from '../support/journeys.js';

describe('§7.7 clinical rules', () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi({ program: { rems2026EffectiveDate: '2026-08-08', enforcementDiscretion: false } });
  });
  after(() => api.close());

  test('T-43 mini-pill as primary: progestin-only pill + condom refused NO_PRIMARY_METHOD; combined pill + condom accepted', async () => {
    const patient = await enrollPatient(api, { enrolledOn: '2025-03-10' });

    const miniPill = await declareContraception(api, patient, '2025-03-10', { methods: ['progestinOnlyPill', 'maleCondom'] });
    assert.deepEqual(codes(assertRefused(miniPill)), ['NO_PRIMARY_METHOD']);
    assert.match(miniPill.body.reasons[0].message, /mini-pill/);
    assert.deepEqual((await factsOf(api, patient)).contraception, [], 'a refused declaration is not stored');

    const combined = await declareContraception(api, patient, '2025-03-10', { methods: ['combinedOralContraceptive', 'maleCondom'] });
    assertStatus(combined, 201);
    assert.deepEqual(combined.body.warnings, []);
    assert.equal((await factsOf(api, patient)).contraception.length, 1);
  });

  test("T-44 St John's wort: combined pill + condom with an enzyme inducer is accepted with warning HORMONAL_METHOD_MAY_FAIL", async () => {
    const patient = await enrollPatient(api, { enrolledOn: '2025-03-10' });

    const declared = await declareContraception(api, patient, '2025-03-10', {
      methods: ['combinedOralContraceptive', 'maleCondom'],
      takesEnzymeInducer: true,
    });
    assertStatus(declared, 201);
    assert.deepEqual(codes(declared.body.warnings), ['HORMONAL_METHOD_MAY_FAIL']);
    assert.equal(declared.body.warnings[0].rule, 'R-CON-8');
    const [stored] = (await factsOf(api, patient)).contraception;
    assert.equal(stored.takesEnzymeInducer, true);
    // The warning follows the patient: it shows on the status while the declaration is this month's.
    api.today('2025-03-11');
    const status = await api.as('prescriber').get(`/patients/${patient.id}/status`);
    assert.ok(codes(status.body.warnings).includes('HORMONAL_METHOD_MAY_FAIL'), JSON.stringify(status.body.warnings));
  });

  test('T-52 age: enrollment at 11 years 364 days refused AGE_BELOW_INDICATION; accepted on the 12th birthday', async () => {
    api.today('2025-03-10');
    const enrollment = {
      givenName: 'Young',
      familyName: 'Patient',
      birthDate: '2013-03-11',
      category: 'PCNGP',
      criterion: 'assignedMaleAtBirth',
    };
    const before = await api.as('prescriber').get('/patients?limit=1000');
    const refused = await api.as('prescriber').post('/patients', { ...enrollment, enrolledOn: '2025-03-10' });
    const [age] = assertRefused(refused, 'AGE_BELOW_INDICATION');
    assert.deepEqual(codes(refused.body.reasons), ['AGE_BELOW_INDICATION']);
    assert.equal(age?.earliestChangeDate, '2025-03-11');
    assert.deepEqual((await api.as('prescriber').get('/patients?limit=1000')).body, before.body, 'nobody was enrolled');

    api.today('2025-03-11');
    assertStatus(await api.as('prescriber').post('/patients', { ...enrollment, enrolledOn: '2025-03-11' }), 201);
  });
});
