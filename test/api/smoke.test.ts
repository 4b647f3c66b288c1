import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApi, type TestApi } from '../support/api.js';

describe('a PCGP patient from enrollment to the first dispense, through the API', () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi();
  });
  after(() => api.close());

  test('T-12 then T-01: confirmation 19 days after screening opens the window; day 7 authorization and dispense succeed', async () => {
    api.today('2025-01-01');
    const patient = await api.enroll({ category: 'PCGP', enrolledOn: '2025-01-01' });
    const prescriber = api.as('prescriber');
    const lab = { setting: 'lab', clia: true, result: 'negative' };
    assert.equal(
      (await prescriber.post(`/patients/${patient.id}/pregnancy-tests`, { kind: 'screening', specimenDate: '2025-01-01', resultDate: '2025-01-01', ...lab }))
        .status,
      201,
    );
    assert.equal(
      (
        await prescriber.post(`/patients/${patient.id}/contraception`, {
          declaredOn: '2025-01-01',
          methods: ['iudCopper', 'maleCondom'],
          abstinence: false,
          startedOn: '2024-12-01',
        })
      ).status,
      201,
    );
    api.today('2025-01-20');
    const confirmation = await prescriber.post(`/patients/${patient.id}/pregnancy-tests`, {
      kind: 'confirmation',
      specimenDate: '2025-01-20',
      resultDate: '2025-01-20',
      ...lab,
    });
    assert.equal(confirmation.status, 201);
    assert.equal(confirmation.body.qualification.allowed, true);
    assert.deepEqual(confirmation.body.window, { opensOn: '2025-01-20', lastDay: '2025-01-26', anchor: 'specimen', testId: confirmation.body.id });
    await prescriber.post(`/patients/${patient.id}/counselings`, { counseledOn: '2025-01-20', modality: 'inPerson' });
    await prescriber.post(`/patients/${patient.id}/comprehension-checks`, { answeredOn: '2025-01-20', passed: true });
    const prescription = await prescriber.post(`/patients/${patient.id}/prescriptions`, {
      writtenOn: '2025-01-20',
      product: 'claravis',
      strengthMg: 40,
      capsulesPerDay: 1,
      daysSupply: 30,
      quantity: 30,
      refills: 0,
    });
    assert.equal(prescription.status, 201);
    assert.equal(prescription.body.fillability.allowed, true, JSON.stringify(prescription.body.fillability));

    api.today('2025-01-26');
    const lookup = { programId: patient.programId, birthDate: patient.birthDate };
    const authorization = await api.as('pharmacist').post('/authorizations', { ...lookup, prescriptionId: prescription.body.id });
    assert.equal(authorization.status, 201, JSON.stringify(authorization.body));
    assert.equal(authorization.body.authorization.doNotDispenseAfter, '2025-01-26');
    const again = await api.as('pharmacist').post('/authorizations', { ...lookup, prescriptionId: prescription.body.id });
    assert.equal(again.status, 200);
    assert.equal(again.body.authorization.rmaNumber, authorization.body.authorization.rmaNumber);
    const dispense = await api.as('pharmacist').post(`/authorizations/${authorization.body.id}/dispense`, {
      ...lookup,
      dispensedOn: '2025-01-26',
      product: 'claravis',
      strengthMg: 40,
      quantity: 30,
      daysSupply: 30,
      medicationGuideGiven: true,
    });
    assert.equal(dispense.status, 201, JSON.stringify(dispense.body));
    const status = await prescriber.get(`/patients/${patient.id}/status`);
    assert.equal(status.body.state, 'ON_TREATMENT');
  });
});
