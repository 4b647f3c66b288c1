// Safe entries (issue 10, item 5): a reported contraception failure blocks the fill until a later
// negative test (R-CON-7); a second record for the same person is refused unless overridden with a
// reason; an implausible weight needs confirming; a patient's log-in is created from her email and
// activated by her with a one-time link.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { smtpTransport } from '../../src/services/reminders/transports.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { startSmtpSink, type SmtpSink } from '../support/smtpSink.js';
import {
  assertProblem,
  assertStatus,
  codes,
  enrollPatient,
  factsOf,
  qualifyFirstMonth,
  recordPregnancyTest,
  requestAuthorization,
  type Patient,
} from '../support/journeys.js';

async function auditRows(api: TestApi, action: string, patientId: string | null = null) {
  let query = api.services.db.selectFrom('audit_events').selectAll().where('action', '=', action);
  if (patientId !== null) {
    query = query.where('patient_id', '=', patientId);
  }
  return query.orderBy('occurred_at').execute();
}

describe('R-CON-7: a contraception failure blocks the fill until a negative test collected after it', () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi();
  });
  after(() => api.close());

  async function qualified(confirmationOn: string): Promise<{ patient: Patient; prescriptionId: string }> {
    const patient = await enrollPatient(api, { enrolledOn: '2025-02-01' });
    const { prescriptionId } = await qualifyFirstMonth(api, patient, { confirmationOn });
    return { patient, prescriptionId: prescriptionId as string };
  }

  test('reported by the care team: blocked, an active authorization reversed; a negative test the next day lets the fill through', async () => {
    const { patient, prescriptionId } = await qualified('2025-03-10');
    const authorization = await requestAuthorization(api, patient, prescriptionId, '2025-03-10');
    assertStatus(authorization, 201, 'authorized before the report');

    api.today('2025-03-11');
    const reported = await api
      .as('delegate')
      .post(`/patients/${patient.id}/contraception-failures`, { reportedOn: '2025-03-11', kind: 'contraceptionFailure', note: 'Condom broke' });
    assertStatus(reported, 201, 'report');
    assert.equal(reported.body.negativeTestCollectedFrom, '2025-03-12');
    assert.deepEqual(reported.body.reversedAuthorizations, [authorization.body.authorization.rmaNumber]);
    assert.match(reported.body.steps.join(' '), /Stop taking the capsules now/);

    const facts = await factsOf(api, patient);
    assert.deepEqual(
      facts.contraceptionFailureReports.map((r: { reportedOn: unknown; kind: unknown }) => [r.reportedOn, r.kind]),
      [['2025-03-11', 'contraceptionFailure']],
    );
    const audit = await auditRows(api, 'contraceptionFailure.report', patient.id);
    assert.deepEqual(
      audit.map((row) => [row.outcome, row.entity_id]),
      [['ok', reported.body.id]],
    );

    const status = await api.as('prescriber').get(`/patients/${patient.id}/status`);
    assert.ok(codes(status.body.blockers).includes('CONTRACEPTION_FAILURE_REPORTED'), JSON.stringify(status.body.blockers));
    const refused = await requestAuthorization(api, patient, prescriptionId, '2025-03-11');
    assertStatus(refused, 422, 'refused while unresolved');
    assert.ok(codes(refused.body.reasons).includes('CONTRACEPTION_FAILURE_REPORTED'));

    // A test collected the day of the report does not answer for it.
    api.today('2025-03-12');
    assertStatus(await recordPregnancyTest(api, patient, 'unscheduled', '2025-03-11'), 201, 'same-day test');
    assert.ok(codes((await requestAuthorization(api, patient, prescriptionId, '2025-03-12')).body.reasons).includes('CONTRACEPTION_FAILURE_REPORTED'));

    assertStatus(await recordPregnancyTest(api, patient, 'unscheduled', '2025-03-12'), 201, 'next-day test');
    const authorized = await requestAuthorization(api, patient, prescriptionId, '2025-03-12');
    assertStatus(authorized, 201, 'authorized after the negative test');
  });

  test('reported by the patient herself; a positive test after it keeps it blocked (and holds the pregnancy)', async () => {
    const email = 'failure.reporter@test.example';
    const patient = await enrollPatient(api, { enrolledOn: '2025-02-01', account: { email, password: 'a long enough password' } });
    const { prescriptionId } = await qualifyFirstMonth(api, patient, { confirmationOn: '2025-03-10' });
    const herself = await api.logIn(email, 'a long enough password');
    api.today('2025-03-11');
    assertStatus(
      await herself.post(`/patients/${patient.id}/contraception-failures`, { reportedOn: '2025-03-11', kind: 'unprotectedIntercourse' }),
      201,
      'her report',
    );
    const audit = await auditRows(api, 'contraceptionFailure.report', patient.id);
    const patientUser = await api.services.db.selectFrom('patients').select('user_id').where('id', '=', patient.id).executeTakeFirstOrThrow();
    assert.equal(audit.at(-1)?.actor_id, patientUser.user_id, 'audited as hers');
    api.today('2025-03-13');
    assertStatus(await recordPregnancyTest(api, patient, 'unscheduled', '2025-03-13', { result: 'positive' }), 201, 'positive test');
    const refused = await requestAuthorization(api, patient, prescriptionId as string, '2025-03-13');
    assertStatus(refused, 422);
    assert.ok(codes(refused.body.reasons).includes('CONTRACEPTION_FAILURE_REPORTED') && codes(refused.body.reasons).includes('PREGNANCY_HOLD'));
  });

  test('bad input changes nothing: a future date, an unknown kind; another practice is told 404', async () => {
    const patient = await enrollPatient(api, { enrolledOn: '2025-02-01' });
    api.today('2025-03-11');
    const future = await api.as('prescriber').post(`/patients/${patient.id}/contraception-failures`, { reportedOn: '2025-03-12', kind: 'latePeriod' });
    assertProblem(future, 400, 'future');
    assert.equal(future.body.errors[0].field, 'reportedOn');
    assertProblem(
      await api.as('prescriber').post(`/patients/${patient.id}/contraception-failures`, { reportedOn: '2025-03-11', kind: 'forgotPill' }),
      400,
      'kind',
    );
    assertProblem(
      await api.as('otherPrescriber').post(`/patients/${patient.id}/contraception-failures`, { reportedOn: '2025-03-11', kind: 'latePeriod' }),
      404,
      'other practice',
    );
    assert.deepEqual((await factsOf(api, patient)).contraceptionFailureReports, []);
  });
});

describe('a weight implausible for the age asks for confirmation', () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi();
  });
  after(() => api.close());

  test('154 "kg" for a 13-year-old is refused WEIGHT_IMPLAUSIBLE naming the range, nothing stored; confirmed, it is stored and says so', async () => {
    const patient = await enrollPatient(api, { enrolledOn: '2025-03-10', birthDate: '2012-01-15' });
    const prescriber = api.as('prescriber');
    const refused = await prescriber.post(`/patients/${patient.id}/weights`, { measuredOn: '2025-03-10', value: 154, unit: 'kg' });
    assertStatus(refused, 422, 'implausible');
    assert.deepEqual(codes(refused.body.reasons), ['WEIGHT_IMPLAUSIBLE']);
    assert.match(refused.body.reasons[0].message, /aged 13 \(20–150 kg/);
    const stored = () => api.services.db.selectFrom('weight_measurements').selectAll().where('patient_id', '=', patient.id).orderBy('recorded_at').execute();
    assert.equal((await stored()).length, 0);
    assert.equal((await auditRows(api, 'weight.record', patient.id)).at(-1)?.outcome, 'refused');

    // The same weight in pounds is plausible.
    assertStatus(await prescriber.post(`/patients/${patient.id}/weights`, { measuredOn: '2025-03-10', value: 154, unit: 'lb' }), 201, 'in pounds');
    const confirmed = await prescriber.post(`/patients/${patient.id}/weights`, {
      measuredOn: '2025-03-10',
      value: 154,
      unit: 'kg',
      confirmedImplausible: true,
    });
    assertStatus(confirmed, 201, 'confirmed');
    assert.equal(confirmed.body.confirmedImplausible, true);
    assert.deepEqual(
      (await stored()).map((row) => [row.entered_value, row.entered_unit, row.implausible_confirmed]),
      [
        [154, 'lb', false],
        [154, 'kg', true],
      ],
    );
  });
});

const ENROLLMENT = {
  givenName: 'Zoë',
  familyName: 'Martínez-Ruiz',
  birthDate: '1998-07-04',
  category: 'PCGP',
  criterion: 'reproductivePotential',
  enrolledOn: '2025-03-10',
} as const;

describe('enrolling someone who looks like an existing patient', () => {
  let api: TestApi;
  let existing: { id: string; programId: string };
  before(async () => {
    api = await startTestApi();
    api.today('2025-03-10');
    const first = await api.as('prescriber').post('/patients', ENROLLMENT);
    assertStatus(first, 201);
    existing = first.body;
  });
  after(() => api.close());

  test('the same names (case, accents, spaces, hyphens, swapped) and birth date: 409 naming the match, nothing stored, the refusal audited', async () => {
    const rows = () => api.services.db.selectFrom('patients').select('id').execute();
    const before = (await rows()).length;
    for (const names of [
      { givenName: 'zoe', familyName: 'martinez ruiz' },
      { givenName: ' ZOË ', familyName: 'MartinezRuiz' },
      { givenName: 'Martínez-Ruiz', familyName: 'Zoë' },
    ]) {
      const refused = await api.as('prescriber').post('/patients', { ...ENROLLMENT, ...names });
      assertProblem(refused, 409, JSON.stringify(names));
      assert.equal(refused.body.code, 'POSSIBLE_DUPLICATE_PATIENT');
      assert.deepEqual(refused.body.matches, [
        { id: existing.id, givenName: 'Zoë', familyName: 'Martínez-Ruiz', birthDate: '1998-07-04', programId: existing.programId },
      ]);
      assert.equal(refused.body.otherPrescribersMatches, 0);
    }
    assert.equal((await rows()).length, before);
    const audit = await auditRows(api, 'patient.enroll');
    assert.deepEqual(audit.at(-1)?.detail, { reasons: ['POSSIBLE_DUPLICATE_PATIENT'] });
    // Another birth date, or another name: no match.
    assertStatus(await api.as('prescriber').post('/patients', { ...ENROLLMENT, birthDate: '1998-07-05' }), 201, 'another birth date');
    assertStatus(await api.as('prescriber').post('/patients', { ...ENROLLMENT, givenName: 'Zoey' }), 201, 'another name');
  });

  test('with an override and its reason: enrolled, the reason stored with the matched records, the audit row names the override', async () => {
    const enrolled = await api.as('prescriber').post('/patients', {
      ...ENROLLMENT,
      birthDate: '1998-07-04',
      duplicateOverride: { reason: 'Twin sisters with the same name; checked ID' },
    });
    assertStatus(enrolled, 201, 'override');
    const stored = await api.services.db
      .selectFrom('enrollment_duplicate_overrides')
      .selectAll()
      .where('patient_id', '=', enrolled.body.id)
      .executeTakeFirstOrThrow();
    assert.equal(stored.reason, 'Twin sisters with the same name; checked ID');
    assert.deepEqual(stored.matched_patient_ids, [existing.id]);
    const audit = (await auditRows(api, 'patient.enroll', enrolled.body.id)).at(-1);
    assert.deepEqual(audit?.detail, { duplicateOverride: { matchedPatientIds: [existing.id] } });
    assertProblem(await api.as('prescriber').post('/patients', { ...ENROLLMENT, duplicateOverride: { reason: '' } }), 400, 'an empty reason');
  });

  test("another practice's patient is never revealed: the other practice enrolls the same person without a warning, and is told nothing", async () => {
    const elsewhere = await api.as('otherPrescriber').post('/patients', ENROLLMENT);
    assertStatus(elsewhere, 201, 'the other practice');
    assert.equal(JSON.stringify(elsewhere.body).includes(existing.id), false);
    assert.equal(JSON.stringify(elsewhere.body).includes(existing.programId), false);
    // Program identifiers are drawn by isocourse and unique program-wide: each record has its own.
    assert.notEqual(elsewhere.body.programId, existing.programId);
  });
});

describe("enrollment with the consents and the patient's log-in from her email", () => {
  let api: TestApi;
  let sink: SmtpSink;
  before(async () => {
    api = await startTestApi();
    sink = await startSmtpSink();
  });
  after(async () => {
    await sink.close();
    await api.close();
  });

  test('the consents ticked at enrollment are the same facts and audit rows as POST /consents, in the same transaction; a guardian consent for an adult is refused', async () => {
    api.today('2025-03-10');
    const minor = await api.as('prescriber').post('/patients', {
      ...ENROLLMENT,
      givenName: 'Minor',
      birthDate: '2010-01-01',
      consentsSigned: true,
      guardianConsentSigned: true,
    });
    assertStatus(minor, 201);
    assert.deepEqual(
      minor.body.consents.map((c: { kind: unknown; signedOn: unknown }) => [c.kind, c.signedOn]),
      [
        ['general', '2025-03-10'],
        ['birthDefects', '2025-03-10'],
        ['guardian', '2025-03-10'],
      ],
    );
    const facts = await factsOf(api, { id: minor.body.id, programId: minor.body.programId, birthDate: '2010-01-01' });
    assert.deepEqual(facts.consents.map((c: { kind: unknown }) => c.kind).sort(), ['birthDefects', 'general', 'guardian']);
    const audit = await auditRows(api, 'consent.record', minor.body.id);
    assert.deepEqual(audit.map((row) => row.entity_id).sort(), minor.body.consents.map((c: { id: unknown }) => c.id).sort());
    const status = await api.as('prescriber').get(`/patients/${minor.body.id}/status`);
    assert.ok(!codes(status.body.blockers).includes('CONSENT_MISSING'));

    const pcngp = await api
      .as('prescriber')
      .post('/patients', { ...ENROLLMENT, givenName: 'Adult', category: 'PCNGP', criterion: 'assignedMaleAtBirth', consentsSigned: true });
    assert.deepEqual(
      pcngp.body.consents.map((c: { kind: unknown }) => c.kind),
      ['general'],
    );
    const none = await api.as('prescriber').post('/patients', { ...ENROLLMENT, givenName: 'Unticked' });
    assert.deepEqual(none.body.consents, []);

    const before = (await api.services.db.selectFrom('patients').select('id').execute()).length;
    const adultGuardian = await api
      .as('prescriber')
      .post('/patients', { ...ENROLLMENT, givenName: 'Grown', consentsSigned: true, guardianConsentSigned: true });
    assertProblem(adultGuardian, 400, 'guardian consent for an adult');
    assert.equal(adultGuardian.body.errors[0].field, 'guardianConsentSigned');
    assert.equal((await api.services.db.selectFrom('patients').select('id').execute()).length, before);
  });

  test('email alone: an account nobody can log in to, a one-time link shown once and emailed; she sets her password, logs in; the link works once', async () => {
    api.today('2025-03-10');
    api.services.messageTransport = smtpTransport(sink.url, 'isocourse <no-reply@test.example>');
    const email = 'robin.activates@test.example';
    const enrolled = await api.as('prescriber').post('/patients', { ...ENROLLMENT, givenName: 'Robin', account: { email } });
    delete api.services.messageTransport;
    assertStatus(enrolled, 201);
    const { activation } = enrolled.body;
    assert.equal(activation.validDays, 7);
    assert.equal(activation.emailed, true);
    assert.match(activation.token, /^[A-Za-z0-9_-]{43}$/, '32 random bytes, base64url');
    assert.equal(activation.path, `/activate#token=${activation.token}`);
    // Stored only as its hash.
    const stored = await api.services.db.selectFrom('account_activations').selectAll().execute();
    assert.ok(stored.every((row) => row.token_hash !== activation.token && !row.token_hash.includes(activation.token)));
    // Emailed with the link to the site it was enrolled from.
    const mail = sink.received.find((received) => received.to.some((to) => to.includes(email)));
    assert.ok(mail !== undefined, 'emailed');
    const text = mail.data.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
    assert.ok(text.includes(`/activate#token=${activation.token}`), text);
    // No password works before activation; the token is never in the audit trail.
    assertProblem(await api.withToken(null).post('/sessions', { email, password: 'anything at all here' }), 401, 'before activation');

    const activated = await api.withToken(null).post('/account-activations', { token: activation.token, password: 'my own long password' });
    assertStatus(activated, 201, 'activation');
    assert.deepEqual(activated.body, { email });
    const herself = await api.logIn(email, 'my own long password');
    assert.equal((await herself.get('/me')).body.patientId, enrolled.body.id);
    const audit = await auditRows(api, 'account.activate', enrolled.body.id);
    assert.equal(audit.at(-1)?.outcome, 'ok');
    const allAudit = await api.services.db.selectFrom('audit_events').select('detail').execute();
    assert.ok(!JSON.stringify(allAudit).includes(activation.token), 'no token in the audit trail');

    const again = await api.withToken(null).post('/account-activations', { token: activation.token, password: 'another long password' });
    assertProblem(again, 400, 'second use');
    assert.equal(again.body.errors[0].code, 'ACTIVATION_USED');
    await api.logIn(email, 'my own long password');
  });

  test('an expired link, a wrong token; wrong tokens are throttled per address like log-ins; the API can still give a first password', async () => {
    api.today('2025-03-10');
    const email = 'late.activator@test.example';
    const enrolled = await api.as('prescriber').post('/patients', { ...ENROLLMENT, givenName: 'Late', account: { email } });
    assertStatus(enrolled, 201);
    assert.equal(enrolled.body.activation.emailed, false, 'no SMTP configured');
    api.setClock(new Date(new Date(enrolled.body.activation.expiresAt).getTime() + 1000));
    const expired = await api.withToken(null).post('/account-activations', { token: enrolled.body.activation.token, password: 'my own long password' });
    assertProblem(expired, 400, 'expired');
    assert.equal(expired.body.errors[0].code, 'ACTIVATION_EXPIRED');

    api.today('2025-03-20');
    let throttled = null;
    for (let attempt = 0; attempt < 25 && throttled === null; attempt += 1) {
      const wrong = await api.withToken(null).post('/account-activations', { token: `wrong-token-${attempt}`, password: 'my own long password' });
      if (wrong.status === 429) {
        throttled = wrong;
      } else {
        assertProblem(wrong, 400, 'wrong token');
        assert.equal(wrong.body.errors[0].code, 'ACTIVATION_UNKNOWN');
      }
    }
    assert.ok(throttled !== null, 'throttled');
    assert.ok(Number(throttled.headers['retry-after']) > 0);

    // The care team gives her a new link: it works, the old one is replaced; once she chose her password, no more links.
    api.today('2025-04-01');
    const reissued = await api.as('delegate').post(`/patients/${enrolled.body.id}/account-activations`);
    assertStatus(reissued, 201, 'a new link');
    assert.notEqual(reissued.body.activation.token, enrolled.body.activation.token);
    assertProblem(await api.as('otherPrescriber').post(`/patients/${enrolled.body.id}/account-activations`), 404, 'another practice');
    assertStatus(
      await api.withToken(null).post('/account-activations', { token: reissued.body.activation.token, password: 'my own long password' }),
      201,
      'activated with the new link',
    );
    await api.logIn(email, 'my own long password');
    assertProblem(await api.as('prescriber').post(`/patients/${enrolled.body.id}/account-activations`), 409, 'already activated');
    const withoutAccount = await api.as('prescriber').post('/patients', { ...ENROLLMENT, givenName: 'Offline' });
    assertProblem(await api.as('prescriber').post(`/patients/${withoutAccount.body.id}/account-activations`), 409, 'no log-in');

    // API clients keep the first-password path.
    api.today('2025-04-20');
    const withPassword = await api
      .as('prescriber')
      .post('/patients', { ...ENROLLMENT, givenName: 'Direct', account: { email: 'direct@test.example', password: 'a first password' } });
    assertStatus(withPassword, 201);
    assert.equal(withPassword.body.activation, undefined);
    await api.logIn('direct@test.example', 'a first password');
    assertProblem(await api.as('prescriber').post(`/patients/${withPassword.body.id}/account-activations`), 409, 'a password chosen at enrollment: no link');
  });
});
