// Issue 12, item 7: a pharmacist who knew a program identifier found the birth date by trying dates
// (189 tries, nothing in the way). Failed look-ups by identifier and birth date are now throttled
// per user and per identifier (services/pharmacy/lookupThrottle.ts), refused with 429 + Retry-After,
// the same answer whether or not the identifier exists, audited in the patient's trail, never with
// the birth date tried, and exact under a parallel burst.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildApp } from '../../src/api/app.js';
import { addDays } from '../../src/domain/dates.js';
import { LOOKUP_THROTTLE } from '../../src/services/pharmacy/lookupThrottle.js';
import { startTestApi, TEST_PASSWORD, type ApiResponse, type TestApi } from '../support/api.js';
import { assertStatus, enrollPatient, type Patient } from '../support/journeys.js';

const ON = '2025-03-10';

/** A birth date that is not hers: one day later, n days later. */
const wrongDate = (patient: Patient, n: number) => addDays(patient.birthDate, n + 1);

describe("the pharmacist's look-up by program identifier and birth date, throttled", () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi();
  });
  after(() => api.close());

  const lookUp = (role: 'pharmacist' | 'otherPharmacist', programId: string, birthDate: string) =>
    api.as(role).get(`/pharmacy/patients?programId=${encodeURIComponent(programId)}&birthDate=${birthDate}`);

  function assertThrottled(answer: ApiResponse, what: string): void {
    assert.equal(answer.status, 429, `${what}: ${JSON.stringify(answer.body)}`);
    assert.match(String(answer.headers['content-type']), /^application\/problem\+json/);
    const retryAfter = Number(answer.headers['retry-after']);
    assert.ok(
      Number.isInteger(retryAfter) && retryAfter > 0 && retryAfter <= LOOKUP_THROTTLE.windowMinutes * 60,
      `Retry-After ${answer.headers['retry-after']}`,
    );
  }

  /** A fresh identifier nobody has, 10 letters or digits. */
  let unknownCount = 0;
  const unknownId = () => `ZZ${String(Date.now() % 1e6).padStart(6, '0')}${String(unknownCount++).padStart(2, '0')}`;

  /** Each test on a day of its own (enrolling sets the clock): the failures of the others are out of the window. */
  let day = 0;
  const freshPatient = () => enrollPatient(api, { category: 'PCNGP', enrolledOn: addDays(ON, 2 * day++) });

  async function auditOf(patientId: string) {
    return api.services.db
      .selectFrom('audit_events')
      .select(['action', 'outcome', 'actor_id', 'detail'])
      .where('patient_id', '=', patientId)
      .orderBy('id')
      .execute();
  }

  test('after 5 wrong dates for one identifier, even the right one is refused (429, Retry-After), also for another pharmacy, until the window has passed', async () => {
    const patient = await freshPatient();
    assertStatus(await lookUp('pharmacist', patient.programId, patient.birthDate), 200, 'the right date');
    for (let i = 0; i < LOOKUP_THROTTLE.identifierFailures; i++) {
      assert.equal((await lookUp('pharmacist', patient.programId, wrongDate(patient, i))).status, 404);
    }
    assertThrottled(await lookUp('pharmacist', patient.programId, patient.birthDate), 'the right date after the guesses');
    assertThrottled(await lookUp('otherPharmacist', patient.programId, patient.birthDate), 'another pharmacy');
    // The other paths that take the identifier and the birth date are refused the same way.
    assertThrottled(
      await api
        .as('pharmacist')
        .post('/authorizations', { programId: patient.programId, birthDate: patient.birthDate, prescriptionId: '00000000-0000-4000-8000-000000000001' }),
      'authorization',
    );
    api.setClock(new Date(api.services.now().getTime() + LOOKUP_THROTTLE.windowMinutes * 60_000 + 1000));
    assertStatus(await lookUp('pharmacist', patient.programId, patient.birthDate), 200, 'after the window');
  });

  test('an identifier nobody has is refused after as many tries, with the same answer', async () => {
    const patient = await freshPatient();
    const unknown = unknownId();
    const known: ApiResponse[] = [];
    const unknownAnswers: ApiResponse[] = [];
    for (let i = 0; i <= LOOKUP_THROTTLE.identifierFailures; i++) {
      known.push(await lookUp('otherPharmacist', patient.programId, wrongDate(patient, i)));
      unknownAnswers.push(await lookUp('otherPharmacist', unknown, wrongDate(patient, i)));
    }
    assert.deepEqual(
      known.map((answer) => answer.status),
      unknownAnswers.map((answer) => answer.status),
    );
    assert.deepEqual(
      unknownAnswers.map((answer) => answer.status),
      [404, 404, 404, 404, 404, 429],
    );
    assert.deepEqual(known.at(-1)?.body, unknownAnswers.at(-1)?.body);
    assert.deepEqual(known[0]?.body, unknownAnswers[0]?.body);
  });

  test('one pharmacist trying dates across many identifiers is refused after 10 failures, on any identifier', async () => {
    const patient = await freshPatient();
    for (let i = 0; i < LOOKUP_THROTTLE.userFailures; i++) {
      assert.equal((await lookUp('pharmacist', unknownId(), '1990-01-01')).status, 404, `failure ${i + 1}`);
    }
    assertThrottled(await lookUp('pharmacist', patient.programId, patient.birthDate), 'a right look-up of another patient');
    // Another pharmacist is not held up by this one.
    assertStatus(await lookUp('otherPharmacist', patient.programId, patient.birthDate), 200, 'another pharmacist');
  });

  test("the failed and refused attempts are in the patient's trail, naming her and the pharmacist, never with the birth date tried", async () => {
    const patient = await freshPatient();
    const tried = wrongDate(patient, 40);
    for (let i = 0; i <= LOOKUP_THROTTLE.identifierFailures; i++) {
      await lookUp('otherPharmacist', patient.programId, i === 0 ? tried : wrongDate(patient, i));
    }
    const rows = (await auditOf(patient.id)).filter((row) => row.action === 'patient.pharmacyLookup');
    assert.equal(rows.length, LOOKUP_THROTTLE.identifierFailures + 1, JSON.stringify(rows));
    assert.ok(rows.every((row) => row.outcome === 'denied' && row.actor_id === api.ids.users.otherPharmacist));
    assert.equal(rows.filter((row) => (row.detail as { throttled?: boolean }).throttled === true).length, 1);
    assert.equal(rows.filter((row) => (row.detail as { lookupFailed?: boolean }).lookupFailed === true).length, LOOKUP_THROTTLE.identifierFailures);
    assert.ok(!JSON.stringify(rows).includes(tried));
    const stored = await api.services.db.selectFrom('lookup_failures').selectAll().where('program_id', '=', patient.programId).execute();
    assert.equal(stored.length, LOOKUP_THROTTLE.identifierFailures);
    assert.ok(!JSON.stringify(stored).includes(tried));
  });

  test('a parallel burst of 30 guesses on one identifier: exactly 5 are checked, the rest refused', async () => {
    const patient = await freshPatient();
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => lookUp('otherPharmacist', patient.programId, wrongDate(patient, i))));
    const statuses = answers.map((answer) => answer.status).sort();
    assert.equal(statuses.filter((status) => status === 404).length, LOOKUP_THROTTLE.identifierFailures, JSON.stringify(statuses));
    assert.equal(statuses.filter((status) => status === 429).length, 30 - LOOKUP_THROTTLE.identifierFailures, JSON.stringify(statuses));
    const stored = await api.services.db.selectFrom('lookup_failures').select('id').where('program_id', '=', patient.programId).execute();
    assert.equal(stored.length, LOOKUP_THROTTLE.identifierFailures);
  });

  test('a request log (LOG_REQUESTS) holds neither the identifier nor the birth date of a look-up', async () => {
    const patient = await freshPatient();
    const lines: string[] = [];
    const logged = await buildApp(api.services, { webApp: false, logger: true, logStream: { write: (line) => void lines.push(line) } });
    try {
      const session = await logged.inject({ method: 'POST', url: '/api/v1/sessions', payload: { email: 'pharmacist@test.example', password: TEST_PASSWORD } });
      assert.equal(session.statusCode, 201, session.body);
      const token = (JSON.parse(session.body) as { token: string }).token;
      const answer = await logged.inject({
        method: 'GET',
        url: `/api/v1/pharmacy/patients?programId=${patient.programId}&birthDate=${patient.birthDate}`,
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(answer.statusCode, 200, answer.body);
      const log = lines.join('\n');
      assert.match(log, /\/api\/v1\/pharmacy\/patients/);
      assert.ok(!log.includes(patient.birthDate), log);
      assert.ok(!log.includes(patient.programId), log);
    } finally {
      await logged.close();
    }
  });
});
