// The facts the programs outside the US need, through the API (issue 14, item 3): each route
// records and the patient's program reads it back; every bad input is a 400 naming the field with
// nothing written; the domain judges what it has a decision for — no exemption in the US (P-26),
// an exemption without a justification (P-06), a UK exemption without the patient (P-19), the UK's
// first appointment in person and remote follow-ups from their day (P-15), a form version the
// program does not use (a 400 naming formVersion) — and a GB practice sees UK-2023 or UK-2026 by
// the day (the test clock).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { startTestApi, type TestApi } from '../support/api.js';
import { assertProblem, assertRefused, assertStatus, enrollPatient, recordPregnancyTest, type Patient } from '../support/journeys.js';
import { storedRows } from '../support/routes.js';

interface Judged {
  decision: { allowed: boolean; reasons: Array<{ code: string }>; warnings: Array<{ code: string }> };
  ruleSet: string | null;
  key: string | null;
}

interface ProgramAnswer {
  asOf: string;
  jurisdiction: string | null;
  ruleSet: { id: string; key: string } | null;
  usStatus: string | null;
  nextPrescription: (Judged & { daysSupply: number }) | null;
  nextDispense: (Judged & { prescriptionId: string; lastDayToDispense: string | null }) | null;
  endOfTreatment: Judged | null;
  facts: Partial<Record<string, unknown[]>> | null;
}

const EXEMPTION = {
  decidedOn: '2025-09-01',
  reasonCode: 'NOT_SEXUALLY_ACTIVE',
  patientAgreed: true,
  justification: 'Not sexually active; reviewed at each visit.',
};

describe('program facts outside the US: recorded, judged and read back through the API', () => {
  let api: TestApi;
  let patient: Patient;

  before(async () => {
    api = await startTestApi();
    // Enrolled while the practice is a US one (as every test practice starts), born 2000: an adult.
    patient = await enrollPatient(api, { enrolledOn: '2025-08-01' });
  });
  after(() => api.close());

  const setJurisdiction = async (jurisdiction: string) => {
    assertStatus(await api.as('admin').post(`/organizations/${api.ids.practiceId}/jurisdiction`, { jurisdiction }), 200, `jurisdiction ${jurisdiction}`);
  };
  const program = async (): Promise<ProgramAnswer> => {
    const response = await api.as('prescriber').get(`/patients/${patient.id}/program`);
    assertStatus(response, 200, 'GET program');
    return response.body as ProgramAnswer;
  };
  const auditOf = async (action: string) =>
    api.services.db.selectFrom('audit_events').select(['patient_id', 'outcome']).where('action', '=', action).orderBy('id').execute();
  /** Sends a bad request: 400 naming `field`, and no table changed. */
  const refusedInput = async (path: string, body: unknown, field: string, as: 'prescriber' | 'delegate' = 'prescriber') => {
    const before = await storedRows(api);
    const response = await api.as(as).post(path, body);
    assertProblem(response, 400, `${path} ${JSON.stringify(body)}`);
    const fields = ((response.body.errors ?? []) as Array<{ field: string }>).map((error) => error.field.replace(/^\/?(body\/)?/, ''));
    assert.ok(
      fields.some((named) => named === field || named.startsWith(`${field}/`)),
      `${JSON.stringify(body)} names ${field}: ${JSON.stringify(response.body)}`,
    );
    assert.deepEqual(await storedRows(api), before, 'nothing written');
  };

  test('P-26: a US practice records no exemption (422 EXEMPTION_NOT_IN_PROGRAM, nothing written, the refusal audited naming the patient); its program points to the US status', async () => {
    api.today('2025-09-02');
    const before = await storedRows(api);
    const refused = await api.as('prescriber').post(`/patients/${patient.id}/exemptions`, EXEMPTION);
    assertRefused(refused, 'EXEMPTION_NOT_IN_PROGRAM');
    assert.deepEqual(await storedRows(api), before);
    assert.deepEqual(await auditOf('programExemption.record'), [{ patient_id: patient.id, outcome: 'refused' }]);
    const answer = await program();
    assert.equal(answer.jurisdiction, 'US');
    assert.deepEqual(answer.ruleSet, { id: 'REMS-2021', key: 'REMS-2021' });
    assert.equal(answer.usStatus, `/api/v1/patients/${patient.id}/status`);
    assert.equal(answer.nextPrescription, null);
    assertStatus(await api.as('prescriber').get(answer.usStatus.replace('/api/v1', '')), 200, 'the US status it points to');
  });

  test('P-06 (EU): an exemption without a justification is refused; with one it is recorded, judged by EU-PPP-2018, and read back', async () => {
    await setJurisdiction('EU');
    api.today('2025-09-02');
    const before = await storedRows(api);
    const empty = await api.as('prescriber').post(`/patients/${patient.id}/exemptions`, { ...EXEMPTION, justification: '  ' });
    assertRefused(empty, 'EXEMPTION_JUSTIFICATION_REQUIRED');
    assert.deepEqual(await storedRows(api), before);
    // The EU lets the prescriber decide alone (PPP-EXM-1): the patient's agreement is not needed.
    const recorded = await api.as('prescriber').post(`/patients/${patient.id}/exemptions`, { ...EXEMPTION, patientAgreed: false, reviewAt: '2025-10-01' });
    assertStatus(recorded, 201, 'EU exemption');
    assert.equal(recorded.body.key, 'EU-PPP-2018');
    assert.ok((recorded.body.warnings as Array<{ code: string }>).some((warning) => warning.code === 'EXEMPTION_TESTS_CONTINUE'));
    const answer = await program();
    assert.deepEqual(answer.ruleSet, { id: 'EU-PPP-2018', key: 'EU-PPP-2018' });
    assert.deepEqual(answer.facts?.exemptions, [
      {
        decidedOn: '2025-09-01',
        prescriberId: api.ids.users.prescriber,
        patientAgreed: false,
        reasonCode: 'NOT_SEXUALLY_ACTIVE',
        justification: EXEMPTION.justification,
        reviewAt: '2025-10-01',
      },
    ]);
    // A delegate cannot decide an exemption (the prescriber attests it).
    assertProblem(await api.as('delegate').post(`/patients/${patient.id}/exemptions`, EXEMPTION), 403, 'delegate');
    assert.deepEqual((await auditOf('programExemption.record')).slice(-3), [
      { patient_id: patient.id, outcome: 'refused' },
      { patient_id: patient.id, outcome: 'ok' },
      { patient_id: patient.id, outcome: 'denied' },
    ]);
  });

  test('P-15 (GB): the first appointment in person; a remote follow-up refused before 2025-10-27, accepted from it with the patient agreeing', async () => {
    await setJurisdiction('GB');
    api.today('2025-11-01');
    const path = `/patients/${patient.id}/visits`;
    const before = await storedRows(api);
    assertRefused(await api.as('delegate').post(path, { on: '2025-10-01', mode: 'remote', patientAgreed: true }), 'FIRST_APPOINTMENT_MUST_BE_IN_PERSON');
    assert.deepEqual(await storedRows(api), before);
    const first = await api.as('delegate').post(path, { on: '2025-10-01', mode: 'inPerson', patientAgreed: false });
    assertStatus(first, 201, 'first visit in person');
    assert.equal(first.body.key, 'UK-2023');
    assertRefused(await api.as('delegate').post(path, { on: '2025-10-26', mode: 'remote', patientAgreed: true }), 'REMOTE_FOLLOW_UP_NOT_ALLOWED');
    assertRefused(await api.as('delegate').post(path, { on: '2025-10-27', mode: 'remote', patientAgreed: false }), 'REMOTE_FOLLOW_UP_NEEDS_AGREEMENT');
    assertStatus(await api.as('delegate').post(path, { on: '2025-10-27', mode: 'remote', patientAgreed: true }), 201, 'remote follow-up from its day');
    const answer = await program();
    assert.deepEqual(answer.facts?.visits, [
      { on: '2025-10-01', mode: 'inPerson', patientAgreed: false },
      { on: '2025-10-27', mode: 'remote', patientAgreed: true },
    ]);
    assert.deepEqual(
      (await auditOf('programVisit.record')).map((row) => row.outcome),
      ['refused', 'ok', 'refused', 'refused', 'ok'],
    );
    assert.ok((await auditOf('programVisit.record')).every((row) => row.patient_id === patient.id));
  });

  test('P-19 (GB): an exemption without the patient is refused; with her agreement it is recorded under UK-2023', async () => {
    api.today('2025-11-01');
    assertRefused(
      await api.as('prescriber').post(`/patients/${patient.id}/exemptions`, { ...EXEMPTION, decidedOn: '2025-10-30', patientAgreed: false }),
      'EXEMPTION_PATIENT_AGREEMENT_REQUIRED',
    );
    const recorded = await api.as('prescriber').post(`/patients/${patient.id}/exemptions`, { ...EXEMPTION, decidedOn: '2025-10-30' });
    assertStatus(recorded, 201);
    assert.equal(recorded.body.key, 'UK-2023');
  });

  test('the acknowledgement form: a version the program does not use is a 400 naming formVersion, nothing written; the UK one is recorded and read back', async () => {
    api.today('2025-11-01');
    const path = `/patients/${patient.id}/acknowledgement-forms`;
    const form = { formVersion: 'UK-ARF-2023', signedOn: '2025-10-01', signedByPatient: true, signedByPrescriber: true };
    await refusedInput(path, { ...form, formVersion: 'CA-ICA' }, 'formVersion');
    await refusedInput(path, { ...form, formVersion: 'EU-PPP-ACK-2018' }, 'formVersion');
    await refusedInput(path, { ...form, formVersion: 'UK-ARF-1999' }, 'formVersion');
    const recorded = await api.as('delegate').post(path, form);
    assertStatus(recorded, 201);
    assert.equal(recorded.body.key, 'UK-2023');
    assert.deepEqual((await program()).facts?.acknowledgements, [form]);
    assert.deepEqual(await auditOf('acknowledgementForm.record'), [
      { patient_id: patient.id, outcome: 'refused' },
      { patient_id: patient.id, outcome: 'refused' },
      { patient_id: patient.id, outcome: 'refused' },
      { patient_id: patient.id, outcome: 'ok' },
    ]);
  });

  test('assessments, reproductive facts and a second prescriber are recorded and read back, each audited naming the patient', async () => {
    api.today('2025-11-01');
    assertStatus(await api.as('delegate').post(`/patients/${patient.id}/assessments`, { kind: 'mentalHealth', on: '2025-10-01' }), 201);
    assertStatus(await api.as('prescriber').post(`/patients/${patient.id}/assessments`, { kind: 'sexualFunction', on: '2025-10-02' }), 201);
    assertStatus(await api.as('prescriber').post(`/patients/${patient.id}/reproductive-facts`, { kind: 'uterusAndOvary', recordedOn: '2025-10-01' }), 201);
    const agreement = await api
      .as('prescriber')
      .post(`/patients/${patient.id}/second-prescriber-agreements`, { prescriberId: api.ids.users.otherPrescriber, agreedOn: '2025-10-03' });
    assertStatus(agreement, 201);
    const facts = (await program()).facts;
    assert.ok(facts);
    assert.deepEqual(facts.assessments, [
      { kind: 'mentalHealth', on: '2025-10-01' },
      { kind: 'sexualFunction', on: '2025-10-02' },
    ]);
    assert.deepEqual(facts.reproductive, [{ kind: 'uterusAndOvary', recordedOn: '2025-10-01' }]);
    assert.deepEqual(facts.secondPrescriberAgreements, [{ prescriberId: api.ids.users.otherPrescriber, agreedOn: '2025-10-03' }]);
    for (const action of ['programAssessment.record', 'reproductiveFact.record', 'secondPrescriberAgreement.record']) {
      const rows = await auditOf(action);
      assert.ok(rows.length > 0 && rows.every((row) => row.patient_id === patient.id && row.outcome === 'ok'), action);
    }
  });

  test('bad input: a 400 naming the field, nothing written', async () => {
    api.today('2025-11-01');
    const id = patient.id;
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['exemptions', { ...EXEMPTION, decidedOn: '2025-11-02' }, 'decidedOn'],
      ['exemptions', { ...EXEMPTION, decidedOn: '2025-02-30' }, 'decidedOn'],
      ['exemptions', { ...EXEMPTION, reasonCode: 'BECAUSE' }, 'reasonCode'],
      ['exemptions', { ...EXEMPTION, patientAgreed: 'yes' }, 'patientAgreed'],
      ['exemptions', { ...EXEMPTION, justification: 'x'.repeat(2001) }, 'justification'],
      ['exemptions', { ...EXEMPTION, reviewAt: 'soon' }, 'reviewAt'],
      ['acknowledgement-forms', { formVersion: 'UK-ARF-2023', signedOn: '2025-11-02', signedByPatient: true, signedByPrescriber: true }, 'signedOn'],
      ['acknowledgement-forms', { formVersion: 'UK-ARF-2023', signedOn: '2025-10-01', signedByPatient: true }, 'signedByPrescriber'],
      ['assessments', { kind: 'mood', on: '2025-10-01' }, 'kind'],
      ['assessments', { kind: 'mentalHealth', on: '2025-11-02' }, 'on'],
      ['second-prescriber-agreements', { prescriberId: api.ids.users.prescriber, agreedOn: '2025-10-01' }, 'prescriberId'],
      ['second-prescriber-agreements', { prescriberId: api.ids.users.delegate, agreedOn: '2025-10-01' }, 'prescriberId'],
      ['second-prescriber-agreements', { prescriberId: randomUUID(), agreedOn: '2025-10-01' }, 'prescriberId'],
      ['second-prescriber-agreements', { prescriberId: 'someone', agreedOn: '2025-10-01' }, 'prescriberId'],
      ['visits', { on: '2025-10-28', mode: 'video', patientAgreed: true }, 'mode'],
      ['visits', { on: '2025-11-05', mode: 'inPerson', patientAgreed: true }, 'on'],
      ['visits', { on: '2025-10-28', mode: 'inPerson' }, 'patientAgreed'],
      ['reproductive-facts', { kind: 'sterile', recordedOn: '2025-10-01' }, 'kind'],
      ['reproductive-facts', { kind: 'menopauseConfirmed', recordedOn: '2025-11-02' }, 'recordedOn'],
      ['reproductive-facts', { kind: 'menopauseConfirmed', recordedOn: '2025-10-01', extra: true }, 'extra'],
    ];
    for (const [route, body, field] of cases) {
      await refusedInput(`/patients/${id}/${route}`, body, field);
    }
    const attributes = { specialty: 'dermatology', effectiveOn: '2025-10-01', retinoidExperience: true };
    const prescriberPath = `/prescribers/${api.ids.users.prescriber}/attributes`;
    await refusedInput(prescriberPath, { ...attributes, specialty: 'surgery' }, 'specialty');
    await refusedInput(prescriberPath, { ...attributes, recordedAuthority: { state: 'XX', grantedOn: '2025-01-01' } }, 'recordedAuthority');
    await refusedInput(prescriberPath, { ...attributes, recordedAuthority: { state: 'VIC', grantedOn: '2025-12-01' } }, 'recordedAuthority/grantedOn');
    await refusedInput(prescriberPath, { ...attributes, leadRole: 'registrar' }, 'leadRole');
  });

  test("a prescriber's attributes: recorded by the prescriber or an admin, not by a delegate or another prescriber; the preview reads them", async () => {
    api.today('2025-11-01');
    const path = `/prescribers/${api.ids.users.prescriber}/attributes`;
    const before = await storedRows(api);
    assertProblem(await api.as('delegate').post(path, { specialty: 'dermatology', effectiveOn: '2025-10-01', retinoidExperience: true }), 403, 'delegate');
    assertProblem(
      await api.as('otherPrescriber').post(path, { specialty: 'dermatology', effectiveOn: '2025-10-01', retinoidExperience: true }),
      403,
      'another',
    );
    assertProblem(
      await api.as('admin').post(`/prescribers/${randomUUID()}/attributes`, { specialty: 'other', effectiveOn: '2025-10-01', retinoidExperience: false }),
      404,
      '?',
    );
    assert.deepEqual(await storedRows(api), before);
    const own = await api.as('prescriber').post(path, { specialty: 'generalPractice', effectiveOn: '2025-10-01', retinoidExperience: false });
    assertStatus(own, 201);
    const preview = (await program()).nextPrescription;
    assert.ok(preview !== null && preview.decision.reasons.some((reason) => reason.code.startsWith('PRESCRIBER_')), JSON.stringify(preview));
    const byAdmin = await api.as('admin').post(path, {
      specialty: 'dermatology',
      effectiveOn: '2025-10-15',
      retinoidExperience: true,
      leadRole: 'consultantDermatologist',
    });
    assertStatus(byAdmin, 201);
    assert.equal(byAdmin.body.leadRole, 'consultantDermatologist');
    const after = (await program()).nextPrescription;
    assert.ok(after !== null && !after.decision.reasons.some((reason) => reason.code.startsWith('PRESCRIBER_')), JSON.stringify(after));
    const audited = await api.services.db
      .selectFrom('audit_events')
      .select(['entity_id', 'outcome'])
      .where('action', '=', 'prescriberAttributes.record')
      .execute();
    assert.deepEqual(audited, [
      { entity_id: api.ids.users.prescriber, outcome: 'ok' },
      { entity_id: api.ids.users.prescriber, outcome: 'ok' },
    ]);
  });

  test("GB: the rule set and key in force by the day (UK-2023 before 2026-01-22, UK-2026 from it); the preview gives the next prescription's reasons", async () => {
    api.today('2026-01-21');
    const before = await program();
    assert.equal(before.jurisdiction, 'GB');
    assert.deepEqual(before.ruleSet, { id: 'UK-2023', key: 'UK-2023' });
    assert.equal(before.nextPrescription?.key, 'UK-2023');
    api.today('2026-01-22');
    const from = await program();
    assert.deepEqual(from.ruleSet, { id: 'UK-2026', key: 'UK-2026' });
    assert.equal(from.nextPrescription?.key, 'UK-2026');
    assert.equal(from.endOfTreatment?.key, 'UK-2026');
    // The course starting under UK-2026 needs the 2026 form (the 2023 one is on record) and, with the
    // exemption in force, no contraception — but the pregnancy test continues.
    const codes = from.nextPrescription.decision.reasons.map((reason) => reason.code);
    assert.ok(codes.includes('ACKNOWLEDGEMENT_FORM_OUTDATED'), JSON.stringify(codes));
    assert.ok(codes.includes('PREGNANCY_TEST_REQUIRED'), JSON.stringify(codes));
    assert.equal(from.nextDispense, null, 'no prescription waiting');
    // A negative laboratory test today takes the test off the list.
    assertStatus(await recordPregnancyTest(api, patient, 'monthly', '2026-01-22'), 201, 'test');
    const tested = (await program()).nextPrescription?.decision.reasons.map((reason) => reason.code) ?? [];
    assert.ok(!tested.includes('PREGNANCY_TEST_REQUIRED'), JSON.stringify(tested));
    assert.ok(
      (await program()).facts?.pregnancyTests?.some((t) => (t as { setting: string }).setting === 'licensedLab'),
      'a CLIA lab test is a licensed lab',
    );
  });

  test("another practice's prescriber cannot record or read these facts (404)", async () => {
    api.today('2026-01-22');
    const before = await storedRows(api);
    assertProblem(await api.as('otherPrescriber').post(`/patients/${patient.id}/assessments`, { kind: 'mentalHealth', on: '2026-01-01' }), 404, 'other');
    assertProblem(await api.as('otherPrescriber').get(`/patients/${patient.id}/program`), 404, 'other');
    assert.deepEqual(await storedRows(api), before);
  });
  test('P-27: a practice without a jurisdiction has no rule set; the preview is refused PROGRAM_NOT_CONFIGURED and a visit is refused, nothing written', async () => {
    api.today('2026-01-22');
    // As an organization created without one is (the admin API offers no way back to none).
    await api.services.db.updateTable('organizations').set({ jurisdiction: null }).where('id', '=', api.ids.practiceId).execute();
    try {
      const answer = await program();
      assert.equal(answer.jurisdiction, null);
      assert.equal(answer.ruleSet, null);
      assert.deepEqual(
        answer.nextPrescription?.decision.reasons.map((reason) => reason.code),
        ['PROGRAM_NOT_CONFIGURED'],
      );
      const before = await storedRows(api);
      assertRefused(
        await api.as('delegate').post(`/patients/${patient.id}/visits`, { on: '2026-01-22', mode: 'inPerson', patientAgreed: false }),
        'PROGRAM_NOT_CONFIGURED',
      );
      assertRefused(
        await api.as('delegate').post(`/patients/${patient.id}/acknowledgement-forms`, {
          formVersion: 'UK-ARF-2026',
          signedOn: '2026-01-22',
          signedByPatient: true,
          signedByPrescriber: true,
        }),
        'PROGRAM_NOT_CONFIGURED',
      );
      assert.deepEqual(await storedRows(api), before);
    } finally {
      await setJurisdiction('GB');
    }
  });

  test('the fact tables are append-only: an update or a delete is refused by the database', async () => {
    for (const table of ['program_visits', 'program_exemptions', 'acknowledgement_forms', 'prescriber_attributes'] as const) {
      await assert.rejects(sql`UPDATE ${sql.table(table)} SET recorded_at = now()`.execute(api.services.db), /append-only/, table);
      await assert.rejects(sql`DELETE FROM ${sql.table(table)}`.execute(api.services.db), /append-only/, table);
    }
  });
});
