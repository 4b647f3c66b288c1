// Patient identity is never a guess (issue 11, item 7): a client's message is matched to a patient
// by the program identifier, or by an identifier linked before; a name and birth date alone put a
// review on the care team's worklist and link nothing until someone answers "same person".
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { matchPatient, PROGRAM_ID_SYSTEM, type PatientDemographics } from '../../src/services/patientMatching/matchPatient.js';
import type { ClientActor } from '../../src/interop/smart/clientAuth.js';
import { InvalidInputError } from '../../src/services/errors.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { assertStatus, enrollOthersPatient, type Patient } from '../support/journeys.js';
import { storedRows } from '../support/routes.js';
import { testClientActor } from '../support/interopActors.js';

const ON = '2025-03-10';
const MRN = 'urn:oid:2.16.840.1.113883.19.5';
const ehrSays = (who: Partial<PatientDemographics>): PatientDemographics => ({ identifiers: [], givenNames: [], ...who });

describe('matching a client’s message to a patient', () => {
  let api: TestApi;
  let ehr: ClientActor;
  let otherEhr: ClientActor;
  let pharmacySystem: ClientActor;
  let maria: Patient;
  let elsewhere: Patient;

  const linkCount = async () =>
    (
      await api.services.db
        .selectFrom('patient_links')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;

  before(async () => {
    api = await startTestApi();
    api.today(ON);
    maria = await api.enroll({ category: 'PCNGP', givenName: 'María José', birthDate: '2001-04-05', enrolledOn: ON });
    elsewhere = await enrollOthersPatient(api, ON);
    ehr = await testClientActor(api, { kind: 'practice', organizationId: api.ids.practiceId, name: 'Test Dermatology EHR' });
    const otherPractice = await api.services.db.selectFrom('organizations').select('id').where('name', '=', 'Other Dermatology').executeTakeFirstOrThrow();
    otherEhr = await testClientActor(api, { kind: 'practice', organizationId: otherPractice.id, name: 'Other Dermatology EHR' });
    pharmacySystem = await testClientActor(api, { kind: 'pharmacy', organizationId: api.ids.pharmacyId, name: 'Test Pharmacy system' });
  });
  after(() => api.close());

  test('the program identifier finds the practice’s own patient (spaces, dashes and case ignored) and links the EHR’s own identifiers sent with it', async () => {
    const spaced = `${maria.programId.slice(0, 5)}-${maria.programId.slice(5).toLowerCase()}`;
    const match = await matchPatient(
      api.services.db,
      ehr,
      ehrSays({
        identifiers: [{ system: PROGRAM_ID_SYSTEM, value: spaced }, { system: MRN, value: 'MRN-1001' }, { value: 'no system: not linkable' }],
        birthDate: maria.birthDate,
      }),
    );
    assert.deepEqual(match, { kind: 'matched', patientId: maria.id });
    const links = await api.services.db.selectFrom('patient_links').selectAll().execute();
    assert.deepEqual(
      links.map((link) => [link.identifier_system, link.identifier_value, link.patient_id, link.basis, link.organization_id]),
      [[MRN, 'MRN-1001', maria.id, 'programId', api.ids.practiceId]],
    );
    const audit = await api.services.db
      .selectFrom('audit_events')
      .select(['action', 'patient_id', 'actor_id'])
      .where('action', '=', 'patient_link.create')
      .execute();
    assert.deepEqual(audit, [{ action: 'patient_link.create', patient_id: maria.id, actor_id: ehr.userId }]);

    // The next message needs only the EHR's own number…
    assert.deepEqual(await matchPatient(api.services.db, ehr, ehrSays({ identifiers: [{ system: MRN, value: 'MRN-1001' }] })), {
      kind: 'matched',
      patientId: maria.id,
    });
    // …but not with a birth date that is someone else's,
    assert.deepEqual(await matchPatient(api.services.db, ehr, ehrSays({ identifiers: [{ system: MRN, value: 'MRN-1001' }], birthDate: '2001-04-06' })), {
      kind: 'notFound',
    });
    // and another practice's EHR using the same number means someone else.
    assert.deepEqual(await matchPatient(api.services.db, otherEhr, ehrSays({ identifiers: [{ system: MRN, value: 'MRN-1001' }] })), { kind: 'notFound' });
  });

  test('a program identifier never crosses practices, and a birth date sent with it must agree', async () => {
    const before = await storedRows(api);
    assert.deepEqual(
      await matchPatient(
        api.services.db,
        ehr,
        ehrSays({
          identifiers: [
            { system: PROGRAM_ID_SYSTEM, value: elsewhere.programId },
            { system: MRN, value: 'MRN-9' },
          ],
        }),
      ),
      { kind: 'notFound' },
    );
    assert.deepEqual(
      await matchPatient(api.services.db, ehr, ehrSays({ identifiers: [{ system: PROGRAM_ID_SYSTEM, value: maria.programId }], birthDate: '1999-01-01' })),
      { kind: 'notFound' },
    );
    // Two program identifiers in one message name two people.
    assert.deepEqual(
      await matchPatient(
        api.services.db,
        otherEhr,
        ehrSays({
          identifiers: [
            { system: PROGRAM_ID_SYSTEM, value: elsewhere.programId },
            { system: PROGRAM_ID_SYSTEM, value: maria.programId },
          ],
        }),
      ),
      { kind: 'notFound' },
    );
    assert.deepEqual(await storedRows(api), before, 'nothing linked');
  });

  test('a pharmacy system keeps the program rule: identifier and birth date, of any practice; never a review', async () => {
    const before = await storedRows(api);
    assert.deepEqual(
      await matchPatient(
        api.services.db,
        pharmacySystem,
        ehrSays({ identifiers: [{ system: PROGRAM_ID_SYSTEM, value: elsewhere.programId }], birthDate: elsewhere.birthDate }),
      ),
      {
        kind: 'matched',
        patientId: elsewhere.id,
      },
    );
    assert.deepEqual(
      await matchPatient(api.services.db, pharmacySystem, ehrSays({ identifiers: [{ system: PROGRAM_ID_SYSTEM, value: elsewhere.programId }] })),
      { kind: 'notFound' },
      'no birth date',
    );
    assert.deepEqual(
      await matchPatient(
        api.services.db,
        pharmacySystem,
        ehrSays({ identifiers: [{ system: MRN, value: 'MRN-1001' }], givenNames: ['María', 'José'], familyName: 'Patient', birthDate: maria.birthDate }),
      ),
      {
        kind: 'notFound',
      },
    );
    assert.deepEqual(await storedRows(api), before, 'a pharmacy links nothing and opens no review');
  });

  test('name and birth date alone: one review per EHR and identifier, on the prescriber’s worklist, and nothing linked', async () => {
    const linksBefore = await linkCount();
    const sent = ehrSays({
      identifiers: [{ system: MRN, value: 'MRN-2002' }],
      givenNames: ['maria', 'jose'],
      familyName: 'PATIENT',
      birthDate: maria.birthDate,
    });
    const first = await matchPatient(api.services.db, ehr, sent);
    assert.equal(first.kind, 'needsReview');
    const again = await Promise.all([matchPatient(api.services.db, ehr, sent), matchPatient(api.services.db, ehr, { ...sent, givenNames: ['Maria José'] })]);
    assert.deepEqual(again, [first, first], 'the same review, however many messages');
    assert.equal(await linkCount(), linksBefore, 'nothing linked');

    const worklist = await api.as('prescriber').get('/worklist');
    assertStatus(worklist, 200);
    const entry = worklist.body.patients.find((patient: { patientId: string }) => patient.patientId === maria.id);
    const item = entry.items.find((candidate: { code: string }) => candidate.code === 'IDENTITY_MATCH_REVIEW');
    assert.equal(item.form, 'identityMatch');
    assert.equal(item.snoozable, false);
    assert.match(item.title, /sent a patient who may be María José Patient: same person\?/);
    assert.match(item.message, /sent: maria jose PATIENT, born 2001-04-05, MRN-2002 .*isocourse has: María José Patient, born 2001-04-05, program ID /);
    assert.equal(item.identityMatch.reviewId, (first as { reviewId: string }).reviewId);
    assert.deepEqual(item.identityMatch.sent, {
      identifiers: [{ system: MRN, value: 'MRN-2002' }],
      givenNames: ['maria', 'jose'],
      familyName: 'PATIENT',
      birthDate: maria.birthDate,
    });

    const listed = await api.as('delegate').get('/patient-match-reviews');
    assertStatus(listed, 200);
    assert.deepEqual(
      listed.body.reviews.map((review: { reviewId: string; patientId: string }) => [review.reviewId, review.patientId]),
      [[item.identityMatch.reviewId, maria.id]],
    );
    assert.deepEqual((await api.as('otherPrescriber').get('/patient-match-reviews')).body.reviews, [], 'another practice sees none');
    assert.equal((await api.as('pharmacist').get('/patient-match-reviews')).status, 403);
  });

  test('“Same person” links what the EHR sent, once, with an audit row; its next message is matched', async () => {
    const sent = ehrSays({ identifiers: [{ system: MRN, value: 'MRN-3003' }], givenNames: ['María José'], familyName: 'Patient', birthDate: maria.birthDate });
    const review = await matchPatient(api.services.db, ehr, sent);
    assert.equal(review.kind, 'needsReview');
    const reviewId = (review as { reviewId: string }).reviewId;
    const decided = await api.as('delegate').post(`/patient-match-reviews/${reviewId}/decisions`, { same: true });
    assertStatus(decided, 201, 'the decision');
    assert.deepEqual(decided.body.linked, [{ system: MRN, value: 'MRN-3003' }]);
    assert.equal(decided.body.patientId, maria.id);
    const audit = await api.services.db.selectFrom('audit_events').select('action').where('entity_id', 'in', [decided.body.id]).execute();
    assert.deepEqual(audit, [{ action: 'patient_match.decide' }]);
    assert.deepEqual(await matchPatient(api.services.db, ehr, sent), { kind: 'matched', patientId: maria.id });

    const twice = await api.as('prescriber').post(`/patient-match-reviews/${reviewId}/decisions`, { same: false });
    assertStatus(twice, 409, 'a second answer');
    const worklist = await api.as('prescriber').get('/worklist');
    const items = worklist.body.patients.flatMap((patient: { items: Array<{ identityMatch?: { reviewId: string } }> }) => patient.items);
    assert.ok(!items.some((item: { identityMatch?: { reviewId: string } }) => item.identityMatch?.reviewId === reviewId), 'answered: off the worklist');
  });

  test('“Not the same” keeps them apart: the EHR’s next message about that person is not matched and opens no new review', async () => {
    const sent = ehrSays({ identifiers: [{ system: MRN, value: 'MRN-4004' }], givenNames: ['Maria'], familyName: 'Patient', birthDate: maria.birthDate });
    const review = (await matchPatient(api.services.db, ehr, sent)) as { kind: string; reviewId: string };
    assertStatus(await api.as('prescriber').post(`/patient-match-reviews/${review.reviewId}/decisions`, { same: false }), 201);
    const before = await storedRows(api);
    assert.deepEqual(await matchPatient(api.services.db, ehr, sent), { kind: 'notFound' });
    assert.deepEqual(await storedRows(api), before);
  });

  test('only the patient’s own care team answers a review; a review of another practice answers like none', async () => {
    const review = (await matchPatient(
      api.services.db,
      ehr,
      ehrSays({ identifiers: [{ system: MRN, value: 'MRN-5005' }], givenNames: ['María'], familyName: 'Patient', birthDate: maria.birthDate }),
    )) as {
      reviewId: string;
    };
    const before = await storedRows(api);
    for (const role of ['otherPrescriber', 'pharmacist', 'admin'] as const) {
      const answer = await api.as(role).post(`/patient-match-reviews/${review.reviewId}/decisions`, { same: true });
      assert.ok([403, 404].includes(answer.status), `${role}: ${answer.status}`);
    }
    const unknown = await api.as('otherPrescriber').post(`/patient-match-reviews/${review.reviewId}/decisions`, { same: true });
    const nonexistent = await api.as('otherPrescriber').post('/patient-match-reviews/00000000-0000-4000-8000-000000000000/decisions', { same: true });
    assert.deepEqual([unknown.status, unknown.body.title], [nonexistent.status, nonexistent.body.title], 'the same answer as a review that does not exist');
    assert.deepEqual(await storedRows(api), before);
  });

  test('two patients with the same name and birth date: nobody is a candidate', async () => {
    const twin = await api.enroll({ category: 'PCNGP', givenName: 'Ana', birthDate: '2003-03-03', enrolledOn: ON });
    await api.enroll({ category: 'PCNGP', givenName: 'Ana', birthDate: '2003-03-03', enrolledOn: ON });
    const before = await storedRows(api);
    assert.deepEqual(await matchPatient(api.services.db, ehr, ehrSays({ givenNames: ['Ana'], familyName: 'Patient', birthDate: twin.birthDate })), {
      kind: 'notFound',
    });
    assert.deepEqual(await matchPatient(api.services.db, ehr, ehrSays({ givenNames: ['Nobody'], familyName: 'Patient', birthDate: twin.birthDate })), {
      kind: 'notFound',
    });
    assert.deepEqual(
      await matchPatient(api.services.db, ehr, ehrSays({ familyName: 'Patient', birthDate: twin.birthDate })),
      { kind: 'notFound' },
      'no given name',
    );
    assert.deepEqual(await storedRows(api), before);
  });

  test('what the database cannot keep is refused, naming the field, and nothing is written', async () => {
    const before = await storedRows(api);
    for (const [who, field] of [
      [
        ehrSays({
          identifiers: [
            { system: PROGRAM_ID_SYSTEM, value: maria.programId },
            { system: MRN, value: 'a\u0000b' },
          ],
        }),
        'identifier/1/value',
      ],
      [ehrSays({ identifiers: [{ system: MRN, value: 'x'.repeat(201) }] }), 'identifier/0/value'],
      [ehrSays({ identifiers: [{ system: '\ud800', value: '1' }] }), 'identifier/0/system'],
      [ehrSays({ givenNames: ['María'], familyName: 'Patient', birthDate: '2001-02-30' }), 'birthDate'],
      [ehrSays({ identifiers: Array.from({ length: 21 }, (_, index) => ({ system: MRN, value: String(index) })) }), 'identifier'],
    ] as const) {
      await assert.rejects(
        matchPatient(api.services.db, ehr, who),
        (error: unknown) => error instanceof InvalidInputError && error.fields.some((problem) => problem.field === field),
        field,
      );
    }
    assert.deepEqual(await storedRows(api), before);
  });
});
