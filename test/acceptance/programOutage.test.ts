// Issue 12, item 5 — when the program's own system is down, through the HTTP API. In a US
// deployment (PROGRAM_RMA_REQUIRED) the pharmacy obtains the RMA number from the iPLEDGE REMS too
// (R-AUTH-1): isocourse records each attempt to reach it, flags a fill whose window closes during
// the outage on the care team's worklist and the pharmacy's queues, never dispenses without the
// number, and reconciles when it arrives: the earlier do-not-dispense-after date wins (D-4).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApi, type TestApi } from '../support/api.js';
import {
  assertRefused,
  assertStatus,
  codes,
  dispense,
  enrollPatient,
  lookupOf,
  qualifyFirstMonth,
  requestAuthorization,
  withProgram,
} from '../support/journeys.js';

type Patient = Awaited<ReturnType<typeof enrollPatient>>;

describe('when the program system is down (issue 12, item 5)', () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi({ program: { rems2026EffectiveDate: '2026-08-08', programRmaRequired: true, programOutageHorizonDays: 7 } });
  });
  after(() => api.close());

  /** A PCGP patient whose first window is 03-10 … 03-16, authorized by the pharmacy on 03-11. */
  async function authorized(): Promise<{ patient: Patient; prescriptionId: string; authorizationId: string }> {
    const patient = await enrollPatient(api, { enrolledOn: '2025-02-19' });
    // Her pharmacy is the test pharmacy: her prescriptions name it, so its queue expects them.
    assertStatus(await api.as('prescriber').post(`/patients/${patient.id}/pharmacy`, { pharmacyId: api.ids.pharmacyId }), 200, 'her pharmacy');
    const { prescriptionId } = await qualifyFirstMonth(api, patient, { confirmationOn: '2025-03-10' });
    const authorization = await requestAuthorization(api, patient, prescriptionId as string, '2025-03-11');
    assertStatus(authorization, 201, 'authorization');
    assert.equal(authorization.body.authorization.doNotDispenseAfter, '2025-03-16');
    assert.equal(authorization.body.authorization.programSystem.state, 'notTried');
    return { patient, prescriptionId: prescriptionId as string, authorizationId: authorization.body.id };
  }

  async function attempt(patient: Patient, authorizationId: string, on: string, body: Record<string, unknown>) {
    api.today(on);
    return api.as('pharmacist').post(`/authorizations/${authorizationId}/program-attempts`, { ...lookupOf(patient), ...body });
  }

  async function worklistItems(patient: Patient, on: string): Promise<Array<{ code: string; dueOn: string | null; group: string }>> {
    api.today(on);
    const worklist = await api.as('prescriber').get('/worklist');
    assertStatus(worklist, 200, 'worklist');
    return worklist.body.patients.find((entry: { patientId: string }) => entry.patientId === patient.id)?.items ?? [];
  }

  async function waitingFill(authorizationId: string, on: string) {
    api.today(on);
    const fills = await api.as('pharmacist').get('/pharmacy/authorizations');
    assertStatus(fills, 200, 'waiting fills');
    return fills.body.fills.find((fill: { authorizationId: string }) => fill.authorizationId === authorizationId);
  }

  test('attempt unavailable → flagged on the worklist and the pharmacy queues → dispense refused → the number arrives → the earlier date → dispensed', async () => {
    const { patient, prescriptionId, authorizationId } = await authorized();
    assert.ok(!(await worklistItems(patient, '2025-03-11')).some((item) => item.code === 'PROGRAM_SYSTEM_OUTAGE'), 'no flag before an attempt failed');

    // The pharmacist tries the program's system: down. One button, no other field.
    const unavailable = await attempt(patient, authorizationId, '2025-03-11', { outcome: 'unavailable' });
    assertStatus(unavailable, 201, 'unavailable attempt');
    assert.equal(unavailable.body.authorization.programSystem.state, 'unavailable');
    assert.equal(unavailable.body.programOutage.closesOn, '2025-03-16');
    assert.equal(unavailable.body.programOutage.atRisk, true);
    // Tried again the next day: an error answer.
    const failed = await attempt(patient, authorizationId, '2025-03-12', { outcome: 'error', errorText: 'Service temporarily unavailable (503)' });
    assertStatus(failed, 201, 'error attempt');
    assert.equal(failed.body.programOutage.attempts, 2);

    // The care team's worklist flags her: the window closes during the outage.
    const flagged = (await worklistItems(patient, '2025-03-12')).find((item) => item.code === 'PROGRAM_SYSTEM_OUTAGE');
    assert.ok(flagged, 'flagged on the worklist');
    assert.equal(flagged.dueOn, '2025-03-16');
    assert.equal(flagged.group, 'blocksFill');
    // The pharmacy's waiting fills and its home queue flag it too.
    const fill = await waitingFill(authorizationId, '2025-03-12');
    assert.equal(fill.programOutage.atRisk, true);
    const queue = await api.as('pharmacist').get('/pharmacy/queue');
    assertStatus(queue, 200, 'queue');
    const row = queue.body.expected.find((candidate: { prescriptionId: string }) => candidate.prescriptionId === prescriptionId);
    assert.ok(row, 'her prescription names this pharmacy: on its queue');
    assert.equal(row.verdict.kind, 'authorized');
    assert.equal(row.verdict.programOutage.atRisk, true);

    // "Unavailable" never unlocks the dispense: refused, nothing stored, the authorization kept.
    const refused = await dispense(api, patient, authorizationId, '2025-03-12');
    assert.deepEqual(codes(assertRefused(refused)), ['PROGRAM_RMA_NUMBER_MISSING']);
    assert.equal(refused.body.reasons[0].rule, 'R-AUTH-1');
    assert.equal((await waitingFill(authorizationId, '2025-03-12')).state, 'active', 'not reversed: the fill can still go ahead');

    // The number arrives, with an earlier date than isocourse's: the earlier one binds (D-4).
    const reached = await attempt(patient, authorizationId, '2025-03-13', { outcome: 'reached', remsRmaNumber: 'IPL-4471', doNotDispenseAfter: '2025-03-15' });
    assertStatus(reached, 201, 'reached');
    assert.equal(reached.body.authorization.doNotDispenseAfter, '2025-03-15');
    assert.equal(reached.body.authorization.programSystem.state, 'numberRecorded');
    assert.equal(reached.body.programOutage, null);
    const items = await worklistItems(patient, '2025-03-13');
    assert.ok(!items.some((item) => item.code === 'PROGRAM_SYSTEM_OUTAGE'), 'the flag is gone');
    assert.equal(items.find((item) => item.code === 'AUTHORIZED_NOT_DISPENSED')?.dueOn, '2025-03-15');
    const reconciled = await waitingFill(authorizationId, '2025-03-13');
    assert.deepEqual([reconciled.rmaNumber, reconciled.doNotDispenseAfter, reconciled.programOutage], ['IPL-4471', '2025-03-15', null]);
    // Once the number is recorded, "unavailable" is no longer a thing to say about this fill.
    assertStatus(await attempt(patient, authorizationId, '2025-03-13', { outcome: 'unavailable' }), 409, 'number already recorded');

    assertStatus(await dispense(api, patient, authorizationId, '2025-03-15'), 201, 'dispense on the earlier date');

    // Every attempt is audited on the patient's trail, by whom.
    api.today('2025-03-15');
    const audit = await api.as('admin').get(`/audit-events?patientId=${patient.id}`);
    assertStatus(audit, 200, 'audit');
    const attempts = audit.body.filter(
      (event: { action: string; outcome: string }) => event.action === 'authorization.programAttempt' && event.outcome === 'ok',
    );
    assert.equal(attempts.length, 3);
    assert.ok(attempts.every((event: { actor: { id: string } }) => event.actor.id === api.ids.users.pharmacist));
    // The refused dispense is on her trail too, with its reason.
    assert.ok(audit.body.some((event: { action: string; outcome: string }) => event.action === 'dispense.record' && event.outcome === 'refused'));
  });

  test("reconciling at the edges: the program's later date never extends isocourse's; the same date binds; one day earlier binds", async () => {
    for (const [programDate, binding] of [
      ['2025-03-17', '2025-03-16'],
      ['2025-03-16', '2025-03-16'],
      ['2025-03-15', '2025-03-15'],
    ] as const) {
      const { patient, authorizationId } = await authorized();
      assertStatus(await attempt(patient, authorizationId, '2025-03-11', { outcome: 'unavailable' }), 201);
      const reached = await attempt(patient, authorizationId, '2025-03-12', {
        outcome: 'reached',
        remsRmaNumber: `IPL-${programDate}`,
        doNotDispenseAfter: programDate,
      });
      assertStatus(reached, 201, `reached with ${programDate}`);
      assert.equal(reached.body.authorization.doNotDispenseAfter, binding, `program ${programDate}`);
    }
    // The day after the binding date the dispense is refused, even though the program said later.
    const { patient, authorizationId } = await authorized();
    assertStatus(
      await attempt(patient, authorizationId, '2025-03-12', { outcome: 'reached', remsRmaNumber: 'IPL-LATE', doNotDispenseAfter: '2025-03-20' }),
      201,
    );
    assert.deepEqual(codes(assertRefused(await dispense(api, patient, authorizationId, '2025-03-17'))), ['DO_NOT_DISPENSE_AFTER_PASSED']);
  });

  test('a fill whose window closes after the horizon is recorded as unavailable but not yet flagged; the rule is off where the number is not required', async () => {
    const { patient, authorizationId } = await authorized();
    await withProgram(api, { programOutageHorizonDays: 2 }, async () => {
      const outage = await attempt(patient, authorizationId, '2025-03-11', { outcome: 'unavailable' });
      assertStatus(outage, 201);
      assert.equal(outage.body.programOutage.atRisk, false, '03-16 is 5 days away');
      assert.ok(!(await worklistItems(patient, '2025-03-11')).some((item) => item.code === 'PROGRAM_SYSTEM_OUTAGE'));
      // Time alone brings the flag: on 03-15 the window closes within 2 days.
      assert.ok((await worklistItems(patient, '2025-03-15')).some((item) => item.code === 'PROGRAM_SYSTEM_OUTAGE'));
    });
    // Without PROGRAM_RMA_REQUIRED, isocourse's own number is the one the rules require.
    await withProgram(api, { programRmaRequired: false }, async () => {
      assertStatus(await dispense(api, patient, authorizationId, '2025-03-15'), 201, 'dispense with isocourse number');
    });
  });

  test("the one-step counter is refused too: the program's number cannot come between its two steps", async () => {
    const patient = await enrollPatient(api, { enrolledOn: '2025-02-19' });
    assertStatus(await api.as('prescriber').post(`/patients/${patient.id}/pharmacy`, { pharmacyId: api.ids.pharmacyId }), 200, 'her pharmacy');
    const { prescriptionId } = await qualifyFirstMonth(api, patient, { confirmationOn: '2025-03-10' });
    api.today('2025-03-11');
    const refused = await api.as('pharmacist').post(`/pharmacy/prescriptions/${prescriptionId}/authorize-and-dispense`, { medicationGuideGiven: true });
    assert.ok(codes(assertRefused(refused)).includes('PROGRAM_RMA_NUMBER_MISSING'));
  });

  test("at the one-step counter: the attempt names the fill's prescription instead of the birth date, for that prescription only", async () => {
    const { patient, prescriptionId, authorizationId } = await authorized();
    const other = await authorized();
    api.today('2025-03-11');
    const pharmacist = api.as('pharmacist');
    const byPrescription = await pharmacist.post(`/authorizations/${authorizationId}/program-attempts`, { prescriptionId, outcome: 'unavailable' });
    assertStatus(byPrescription, 201, 'named by the prescription');
    assert.equal(byPrescription.body.authorization.programSystem.state, 'unavailable');
    const counter = await pharmacist.get(`/pharmacy/prescriptions/${prescriptionId}`);
    assertStatus(counter, 200, 'the counter');
    assert.equal(counter.body.verdict.kind, 'authorized');
    assert.equal(counter.body.verdict.programNumberRecorded, false);
    assert.equal(counter.body.verdict.programOutage.attempts, 1);
    // Still no dispense without the program's number.
    const refused = await pharmacist.post(`/pharmacy/prescriptions/${prescriptionId}/authorize-and-dispense`, { medicationGuideGiven: true });
    assert.ok(codes(assertRefused(refused)).includes('PROGRAM_RMA_NUMBER_MISSING'));

    // A prescription opens the record for its own fill only, and only to the pharmacy it names.
    assertStatus(
      await pharmacist.post(`/authorizations/${other.authorizationId}/program-attempts`, { prescriptionId, outcome: 'unavailable' }),
      404,
      "another patient's authorization",
    );
    assertStatus(
      await api.as('otherPharmacist').post(`/authorizations/${authorizationId}/program-attempts`, { prescriptionId, outcome: 'unavailable' }),
      404,
      'a pharmacy the prescription does not name',
    );
    // One way of naming the patient, not both, not neither.
    assertStatus(
      await pharmacist.post(`/authorizations/${authorizationId}/program-attempts`, { ...lookupOf(patient), prescriptionId, outcome: 'unavailable' }),
      400,
      'both',
    );
    assertStatus(await pharmacist.post(`/authorizations/${authorizationId}/program-attempts`, { outcome: 'unavailable' }), 400, 'neither');
    assertStatus(
      await pharmacist.post(`/authorizations/${authorizationId}/program-attempts`, { programId: lookupOf(patient).programId, outcome: 'unavailable' }),
      400,
      'no birth date',
    );
    // Once the number is recorded, the counter no longer offers the button.
    assertStatus(
      await pharmacist.post(`/authorizations/${authorizationId}/program-attempts`, {
        prescriptionId,
        outcome: 'reached',
        remsRmaNumber: 'IPL-7',
        doNotDispenseAfter: '2025-03-16',
      }),
      201,
    );
    assert.equal((await pharmacist.get(`/pharmacy/prescriptions/${prescriptionId}`)).body.verdict.programNumberRecorded, true);
  });

  test('bad attempts: an error needs its text, reached needs the number and date, a dispensed fill takes no attempt', async () => {
    const { patient, authorizationId } = await authorized();
    assertStatus(await attempt(patient, authorizationId, '2025-03-11', { outcome: 'error' }), 400, 'error without text');
    assertStatus(await attempt(patient, authorizationId, '2025-03-11', { outcome: 'reached', remsRmaNumber: 'IPL-1' }), 400, 'reached without date');
    assertStatus(await attempt(patient, authorizationId, '2025-03-11', { outcome: 'down' }), 400, 'unknown outcome');
    assertStatus(
      await attempt(patient, authorizationId, '2025-03-11', { outcome: 'reached', remsRmaNumber: 'IPL-1', doNotDispenseAfter: '2025-03-10' }),
      400,
      'date before the request',
    );
    assertStatus(
      await api.as('otherPharmacist').post(`/authorizations/${authorizationId}/program-attempts`, { ...lookupOf(patient), outcome: 'unavailable' }),
      404,
      'another pharmacy',
    );
    assertStatus(
      await api.as('prescriber').post(`/authorizations/${authorizationId}/program-attempts`, { ...lookupOf(patient), outcome: 'unavailable' }),
      403,
      'not a pharmacist',
    );
    assertStatus(await attempt(patient, authorizationId, '2025-03-11', { outcome: 'reached', remsRmaNumber: 'IPL-9', doNotDispenseAfter: '2025-03-16' }), 201);
    assertStatus(await dispense(api, patient, authorizationId, '2025-03-12'), 201);
    assertStatus(await attempt(patient, authorizationId, '2025-03-12', { outcome: 'unavailable' }), 409, 'already dispensed');
  });
});
