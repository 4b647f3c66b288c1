// domain.md §7.5 — prescription limits and the pharmacy (R-RX-1..5, R-AUTH-4, R-ENR-1), through
// the HTTP API.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApi, type TestApi } from '../support/api.js';
import {
  assertRefused,
  assertStatus,
  codes,
  dispense,
  enrollPatient,
  factsOf,
  pcngpVisit,
  qualifyFirstMonth,
  requestAuthorization,
  writePrescription,
} from '../support/journeys.js';

describe('§7.5 prescription limits and pharmacy', () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi({ program: { rems2026EffectiveDate: '2026-08-08', enforcementDiscretion: false } });
  });
  after(() => api.close());

  test('T-30 a 31-day supply is refused (DAYS_SUPPLY_OVER_30) and not stored; 30 days is accepted', async () => {
    const patient = await enrollPatient(api, { enrolledOn: '2025-02-19' });
    await qualifyFirstMonth(api, patient, { confirmationOn: '2025-03-10', omit: ['prescription'] });

    const refused = await writePrescription(api, patient, '2025-03-10', { daysSupply: 31 });
    assert.deepEqual(codes(assertRefused(refused)), ['DAYS_SUPPLY_OVER_30']);
    assert.deepEqual((await factsOf(api, patient)).prescriptions, []);

    const accepted = await writePrescription(api, patient, '2025-03-10', { daysSupply: 30 });
    assertStatus(accepted, 201);
    assert.equal(accepted.body.fillability.allowed, true, JSON.stringify(accepted.body.fillability));
    assert.equal((await factsOf(api, patient)).prescriptions.length, 1);
  });

  test('T-31 a prescription with a refill is refused (REFILLS_NOT_ALLOWED) and not stored', async () => {
    const patient = await enrollPatient(api, { enrolledOn: '2025-02-19' });
    await qualifyFirstMonth(api, patient, { confirmationOn: '2025-03-10', omit: ['prescription'] });

    const refused = await writePrescription(api, patient, '2025-03-10', { refills: 1 });
    assert.deepEqual(codes(assertRefused(refused)), ['REFILLS_NOT_ALLOWED']);
    assert.equal(refused.body.reasons[0].rule, 'R-RX-2');
    assert.deepEqual((await factsOf(api, patient)).prescriptions, []);
  });

  test('T-32 idempotent authorization: the same request twice gives the same RMA; a second dispense is AUTHORIZATION_ALREADY_USED', async () => {
    const patient = await enrollPatient(api, { enrolledOn: '2025-02-19' });
    const { prescriptionId } = await qualifyFirstMonth(api, patient, { confirmationOn: '2025-03-10' });

    const first = await requestAuthorization(api, patient, prescriptionId as string, '2025-03-11');
    assertStatus(first, 201);
    const again = await requestAuthorization(api, patient, prescriptionId as string, '2025-03-11');
    assertStatus(again, 200);
    assert.equal(again.body.id, first.body.id);
    assert.equal(again.body.authorization.rmaNumber, first.body.authorization.rmaNumber);
    assert.equal((await factsOf(api, patient)).authorizations.length, 1);

    assertStatus(await dispense(api, patient, first.body.id, '2025-03-11'), 201);
    const second = await dispense(api, patient, first.body.id, '2025-03-12');
    assert.deepEqual(codes(assertRefused(second)), ['AUTHORIZATION_ALREADY_USED']);
    assert.equal(second.body.recorded, undefined, 'a used authorization is not reversed');
    // Asking again for the filled prescription still answers with the same (used) authorization.
    const afterFill = await requestAuthorization(api, patient, prescriptionId as string, '2025-03-12');
    assertStatus(afterFill, 200);
    assert.equal(afterFill.body.authorization.rmaNumber, first.body.authorization.rmaNumber);
    assert.equal((await factsOf(api, patient)).authorizations.filter((a: { dispense: unknown }) => a.dispense !== null).length, 1);
  });

  test('T-33 uncertified pharmacy, uncertified prescriber, unenrolled patient: each refused on its own', async () => {
    // Pharmacy: the other pharmacy is suspended; everything else is in order.
    const patient = await enrollPatient(api, { category: 'PCNGP', enrolledOn: '2025-06-02' });
    const prescriptionId = await pcngpVisit(api, patient, '2025-06-02');
    api.today('2025-06-02');
    assertStatus(
      await api.as('admin').post(`/organizations/${api.ids.otherPharmacyId}/certifications`, { status: 'suspended', effectiveOn: '2025-06-01' }),
      201,
    );
    const byUncertifiedPharmacy = await requestAuthorization(api, patient, prescriptionId, '2025-06-02', 'otherPharmacist');
    assert.deepEqual(codes(assertRefused(byUncertifiedPharmacy)), ['PHARMACY_NOT_CERTIFIED']);
    assertStatus(await requestAuthorization(api, patient, prescriptionId, '2025-06-02'), 201, 'a certified pharmacy');

    // Prescriber: the other practice's prescriber is suspended after writing the prescription.
    const otherPrescriber = api.as('otherPrescriber');
    const enrolled = await otherPrescriber.post('/patients', {
      givenName: 'Other',
      familyName: 'Patient',
      birthDate: '1980-01-01',
      category: 'PCNGP',
      criterion: 'assignedMaleAtBirth',
      enrolledOn: '2025-06-02',
    });
    assertStatus(enrolled, 201);
    const othersPatient = { id: enrolled.body.id, programId: enrolled.body.programId, birthDate: '1980-01-01' };
    assertStatus(await otherPrescriber.post(`/patients/${othersPatient.id}/consents`, { kind: 'general', signedOn: '2025-06-02' }), 201);
    assertStatus(await otherPrescriber.post(`/patients/${othersPatient.id}/counselings`, { counseledOn: '2025-06-02', modality: 'telehealth' }), 201);
    const othersPrescription = await otherPrescriber.post(`/patients/${othersPatient.id}/prescriptions`, {
      writtenOn: '2025-06-02',
      product: 'absorica',
      strengthMg: 30,
      capsulesPerDay: 1,
      daysSupply: 30,
      quantity: 30,
      refills: 0,
    });
    assertStatus(othersPrescription, 201);
    assertStatus(await api.as('admin').post(`/users/${api.ids.users.otherPrescriber}/certifications`, { status: 'suspended', effectiveOn: '2025-06-02' }), 201);
    const forUncertifiedPrescriber = await requestAuthorization(api, othersPatient, othersPrescription.body.id, '2025-06-02');
    assert.deepEqual(codes(assertRefused(forUncertifiedPrescriber)), ['PRESCRIBER_NOT_CERTIFIED']);

    // Patient: someone the program does not know. A pharmacy finds patients only by program
    // identifier and birth date, so an unenrolled patient is "not found" (404), never a 422 that
    // would confirm the identifier exists (the domain's PATIENT_NOT_ENROLLED cannot be reached over HTTP).
    const unenrolled = await api.as('pharmacist').post('/authorizations', {
      programId: 'ZZZZZZZZZZ',
      birthDate: '1990-01-01',
      prescriptionId: prescriptionId,
    });
    assertStatus(unenrolled, 404);
    assert.match(String(unenrolled.headers['content-type']), /^application\/problem\+json/);
    assertStatus(await api.as('pharmacist').get('/pharmacy/patients?programId=ZZZZZZZZZZ&birthDate=1990-01-01'), 404);
  });

  test('T-36 product substitution: Absorica LD 32 mg prescribed, generic 40 mg refused PRODUCT_NOT_SUBSTITUTABLE', async () => {
    const patient = await enrollPatient(api, { enrolledOn: '2025-02-19' });
    const { prescriptionId } = await qualifyFirstMonth(api, patient, {
      confirmationOn: '2025-03-10',
      prescription: { product: 'absoricaLd', strengthMg: 32 },
    });
    const authorization = await requestAuthorization(api, patient, prescriptionId as string, '2025-03-10');
    assertStatus(authorization, 201);

    const substituted = await dispense(api, patient, authorization.body.id, '2025-03-10', { product: 'isotretinoinGeneric', strengthMg: 40 });
    assert.deepEqual(codes(assertRefused(substituted)), ['PRODUCT_NOT_SUBSTITUTABLE']);
    assert.equal(substituted.body.recorded, undefined, 'the authorization stays usable');
    const [stored] = (await factsOf(api, patient)).authorizations;
    assert.equal(stored.dispense, null);
    assert.equal(stored.reversal, null);

    const right = await dispense(api, patient, authorization.body.id, '2025-03-10', { product: 'absoricaLd', strengthMg: 32 });
    assertStatus(right, 201);
  });
});
