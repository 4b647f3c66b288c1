// Issue 10 §4 over the demo practice, whose patients span the program's states: the words for each
// patient's state never contradict the fill decision (green 'ready' exactly when nothing blocks the
// fill), and the patient list, the record's /status, the worklist and the pharmacist's lookup say
// the same thing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_LOGINS, seedDemoPractice } from '../../src/demo/demoPractice.js';
import { DEFAULT_PROGRAM_CONFIG } from '../../src/domain/ruleSets.js';
import type { Actor, Services } from '../../src/services/context.js';
import { findPatientForPharmacy, getPatientStatus, listPatients } from '../../src/services/patients/readPatients.js';
import { getWorklist } from '../../src/services/worklist/getWorklist.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { present } from '../support/present.js';

describe("the demo practice's patients in words", () => {
  let database: TestDatabase;
  let services: Services;
  let prescriber: Actor;
  let pharmacist: Actor;
  before(async () => {
    database = await createTestDatabase();
    services = {
      db: database.db,
      program: DEFAULT_PROGRAM_CONFIG,
      now: () => new Date(),
      sessionHours: 12,
      sessionIdleMinutes: 30,
      clinicTimeZone: 'America/New_York',
    };
    await seedDemoPractice(services);
    const email = present(DEMO_LOGINS.find((login) => login.role === 'prescriber')).email;
    const user = await database.db.selectFrom('users').select(['id', 'organization_id']).where('email', '=', email).executeTakeFirstOrThrow();
    prescriber = { userId: user.id, role: 'prescriber', organizationId: user.organization_id, supervisingPrescriberId: null, ip: null };
    const pharmacistEmail = present(DEMO_LOGINS.find((login) => login.role === 'pharmacist')).email;
    const pharmacistUser = await database.db
      .selectFrom('users')
      .select(['id', 'organization_id'])
      .where('email', '=', pharmacistEmail)
      .executeTakeFirstOrThrow();
    pharmacist = { userId: pharmacistUser.id, role: 'pharmacist', organizationId: pharmacistUser.organization_id, supervisingPrescriberId: null, ip: null };
  });
  after(() => database.drop());

  test("every patient: tone 'ready' ⇔ no blocker; the list, /status, the worklist and the pharmacist's lookup agree", async () => {
    const patients = await listPatients(services, prescriber, { limit: 1000, offset: 0 });
    assert.ok(patients.length >= 5, `${patients.length} demo patients`);
    const worklist = await getWorklist(services, prescriber, { limit: 1000 });
    const states = new Set<string>();
    const tones = new Set<string>();
    for (const row of patients) {
      const status = await getPatientStatus(services, prescriber, row.id);
      states.add(status.state);
      tones.add(status.summary.tone);
      const who = `${row.givenName} ${row.familyName} (${status.state}): ${status.summary.headline}`;
      assert.equal(status.summary.tone === 'ready', status.blockers.length === 0, who);
      assert.deepEqual(row.summary, status.summary, `the list says the same: ${who}`);
      const entry = worklist.patients.find((candidate) => candidate.patientId === row.id);
      if (entry !== undefined) {
        // A worklist card shows the state's badge (issue 12: the answer carries only what the cards show).
        assert.deepEqual(entry.summary, { tone: status.summary.tone, label: status.summary.label }, `the worklist says the same: ${who}`);
      }
      const atTheCounter = await findPatientForPharmacy(services, pharmacist, { programId: row.programId, birthDate: row.birthDate });
      assert.deepEqual(atTheCounter.summary, status.summary, `the pharmacist's lookup says the same: ${who}`);
    }
    assert.ok(states.size >= 4, `the demo spans several states: ${[...states].join(', ')}`);
    assert.ok(tones.has('ready') && tones.has('blocked'), `tones seen: ${[...tones].join(', ')}`);
  });
});
