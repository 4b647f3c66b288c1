// The acceptance scenarios of programs.md §4, P-01 … P-27, through the HTTP API (issue 14, item 6):
// a practice put under a program by its administrator (POST /organizations/{id}/jurisdiction) —
// the EU, Italy, GB, Canada, an Australian state, the US, or none (P-27) — records the patient's
// facts, writes the prescription (201 with the program's key, its warnings and until when it can
// be dispensed, or 422 with the program's reasons), and the pharmacy dispenses through the
// pharmacist's checklist (POST /pharmacy/checklist-dispenses) on the dispense day; tests and visits
// are judged by the program as they are recorded; GET /patients/{id}/program shows the key in
// force and the end-of-treatment flags. Every window at both edges; every refusal writes nothing.
// The same scenarios at the domain level: src/domain/programs/programScenarios.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApi, TEST_PASSWORD, type TestApi } from '../support/api.js';
import {
  answerComprehension,
  assertStatus,
  codes,
  confirmCounseling,
  declareContraception,
  enrollPatient,
  HOME_TEST_EVIDENCE,
  lookupOf,
  recordPregnancyTest,
  requestAuthorization,
  writePrescription,
  type Patient,
  type ReasonBody,
} from '../support/journeys.js';
import { programSteps, refusedWith, refusedWritingNothing, theReason, type ProgramSteps } from '../support/programJourneys.js';
import { storedRows } from '../support/routes.js';

/** The practice's prescriber, from 2025-01-01: a consultant dermatologist with retinoid experience. */
const DERMATOLOGIST = { specialty: 'dermatology', retinoidExperience: true, leadRole: 'consultantDermatologist' } as const;

const VIDEO_SUPERVISED = {
  kind: 'supervisedVideoVisit',
  description: 'Specimen collected and read in a supervised video visit (visit 42)',
  interpretedBy: 'Nurse A. Example',
  prescriberAttested: true,
} as const;

describe('programs.md §4 through the API (P-01 … P-27)', () => {
  let api: TestApi;
  let steps: ProgramSteps;
  /** Records the prescriber's attributes from `effectiveOn` (the latest recorded for a day counts). */
  const attributes = async (effectiveOn: string, recorded: Record<string, unknown>) => {
    api.today(effectiveOn);
    assertStatus(await api.as('prescriber').post(`/prescribers/${api.ids.users.prescriber}/attributes`, { ...recorded, effectiveOn }), 201, 'attributes');
  };
  before(async () => {
    api = await startTestApi();
    steps = programSteps(api);
    await attributes('2025-01-01', DERMATOLOGIST);
  });
  after(() => api.close());

  describe('EU-PPP-2018 (P-01 … P-09)', () => {
    /** A patient who can get pregnant under `jurisdiction`: the form and contraception from 2026-01-01. */
    async function euPatient(jurisdiction = 'EU', contraceptionFrom = '2026-01-01'): Promise<Patient> {
      const patient = await steps.patient(jurisdiction, { enrolledOn: '2026-01-01' });
      await steps.form(patient, 'EU-PPP-ACK-2018', '2026-01-01');
      await steps.contraception(patient, contraceptionFrom);
      return patient;
    }

    test('P-01/P-02: written 2026-03-02, dispensed on day 7 with the last day shown (2026-03-09); day 8 refused DISPENSE_WINDOW_CLOSED (PPP-DSP-1, no earliest day), nothing written', async () => {
      const patient = await euPatient();
      await steps.test(patient, '2026-03-02');
      const written = await steps.prescribe(patient, '2026-03-02');
      assertStatus(written, 201, 'prescription');
      assert.equal(written.body.fillability.allowed, true);
      assert.equal(written.body.fillability.doNotDispenseAfter, '2026-03-09', 'the prescriber sees the last day');
      assert.deepEqual(written.body.program, { ruleSet: 'EU-PPP-2018', warnings: [] });
      const prescriptionId = written.body.id as string;

      const reasons = await refusedWritingNothing(api, () => steps.checklist(patient, prescriptionId, '2026-03-10'), 'DISPENSE_WINDOW_CLOSED');
      const closed = theReason(reasons, 'DISPENSE_WINDOW_CLOSED');
      assert.equal(closed.rule, 'PPP-DSP-1');
      assert.equal(closed.earliestChangeDate, null, 'no later day helps: a new prescription is needed');
      assert.equal(closed.deadline, '2026-03-09');

      const dispensed = await steps.checklist(patient, prescriptionId, '2026-03-09');
      assertStatus(dispensed, 201, 'day 7');
      assert.equal(dispensed.body.ruleSet, 'EU-PPP-2018');
      assert.equal(dispensed.body.lastDayToDispense, '2026-03-09');
    });

    test('P-03: test 2026-03-02 — a prescription of 2026-03-06 refused TEST_TOO_OLD_FOR_PRESCRIPTION (PPP-PT-1), nothing written; one of 2026-03-05 written', async () => {
      const patient = await euPatient();
      await steps.test(patient, '2026-03-02');
      const reasons = await refusedWritingNothing(api, () => steps.prescribe(patient, '2026-03-06'), 'TEST_TOO_OLD_FOR_PRESCRIPTION');
      assert.equal(theReason(reasons, 'TEST_TOO_OLD_FOR_PRESCRIPTION').rule, 'PPP-PT-1');
      const written = await steps.prescribe(patient, '2026-03-05');
      assertStatus(written, 201, 'day 3 after the test');
      assert.equal(written.body.fillability.doNotDispenseAfter, '2026-03-12');
    });

    test('P-04: the prescriber, first dispense 2026-04-01 — contraception from 2026-03-07 (25 d) or 03-03 (29 d): the prescription refused, the test too soon after it (PPP-PT-1, earliest 04-06 / 04-02); from 03-02 (30 d) written and dispensed on 04-01', async () => {
      for (const [from, earliest] of [
        ['2026-03-07', '2026-04-06'],
        ['2026-03-03', '2026-04-02'],
      ] as const) {
        const patient = await euPatient('EU', from);
        await steps.test(patient, '2026-04-01');
        const reasons = await refusedWritingNothing(api, () => steps.prescribe(patient, '2026-04-01'), 'PRESTART_TEST_TOO_SOON_AFTER_CONTRACEPTION');
        const soon = theReason(reasons, 'PRESTART_TEST_TOO_SOON_AFTER_CONTRACEPTION');
        assert.equal(soon.rule, 'PPP-PT-1');
        assert.equal(soon.earliestChangeDate, earliest, `contraception from ${from}`);
      }
      const patient = await euPatient('EU', '2026-03-02');
      await steps.test(patient, '2026-04-01');
      const prescriptionId = await steps.prescribed(patient, '2026-04-01');
      const dispensed = await steps.checklist(patient, prescriptionId, '2026-04-01');
      assertStatus(dispensed, 201, '30 days of contraception');
    });

    // Through the API a prescription that passed PPP-PT-1 already has 30 days of contraception behind
    // its test; the pharmacist meets PPP-CON-1 when the record changes after it was written (the
    // patient restarted her method): the latest declaration by the dispense day says since when.
    test('P-04: the pharmacist — contraception declared again on 2026-04-01 as begun 03-07: the first dispense refused CONTRACEPTION_LEAD_TOO_SHORT on 04-01 (25 d, PPP-CON-1, earliest 04-06) and 04-05 (29 d), nothing written; dispensed on 04-06 (30 d)', async () => {
      const patient = await euPatient();
      await steps.test(patient, '2026-04-01');
      const prescriptionId = await steps.prescribed(patient, '2026-04-01');
      await steps.contraception(patient, '2026-03-07', '2026-04-01');
      const reasons = await refusedWritingNothing(api, () => steps.checklist(patient, prescriptionId, '2026-04-01'), 'CONTRACEPTION_LEAD_TOO_SHORT');
      const short = theReason(reasons, 'CONTRACEPTION_LEAD_TOO_SHORT');
      assert.equal(short.rule, 'PPP-CON-1');
      assert.equal(short.earliestChangeDate, '2026-04-06');
      await refusedWritingNothing(api, () => steps.checklist(patient, prescriptionId, '2026-04-05'), 'CONTRACEPTION_LEAD_TOO_SHORT');
      const dispensed = await steps.checklist(patient, prescriptionId, '2026-04-06');
      assertStatus(dispensed, 201, '30 days of contraception');
      assert.equal(dispensed.body.lastDayToDispense, '2026-04-08');
    });

    test('P-05: who can get pregnant — 31 days refused DAYS_SUPPLY_OVER_LIMIT (PPP-RX-1), nothing written, 30 written; who cannot, in a US practice — 60 days refused (R-RX-1)', async () => {
      const patient = await euPatient();
      await steps.test(patient, '2026-03-02');
      const reasons = await refusedWritingNothing(api, () => steps.prescribe(patient, '2026-03-02', { daysSupply: 31 }), 'DAYS_SUPPLY_OVER_LIMIT');
      assert.equal(theReason(reasons, 'DAYS_SUPPLY_OVER_LIMIT').rule, 'PPP-RX-1');
      assertStatus(await steps.prescribe(patient, '2026-03-02', { daysSupply: 30 }), 201, '30 days');

      await steps.under('US', '2026-03-02');
      const us = await enrollPatient(api, { enrolledOn: '2026-03-02', category: 'PCNGP' });
      const usReasons = await refusedWritingNothing(api, () => writePrescription(api, us, '2026-03-02', { daysSupply: 60 }), 'DAYS_SUPPLY_OVER_30');
      assert.equal(theReason(usReasons, 'DAYS_SUPPLY_OVER_30').rule, 'R-RX-1');
    });

    test('P-05: who cannot get pregnant — 60 days written and dispensed under EU-PPP-2018', async () => {
      const patient = await steps.patient('EU', { enrolledOn: '2026-01-01', canGetPregnant: false });
      await steps.form(patient, 'EU-PPP-ACK-2018', '2026-01-01');
      const sixty = await steps.prescribed(patient, '2026-03-02', { daysSupply: 60 });
      const dispensed = await steps.checklist(patient, sixty, '2026-03-02', { daysSupply: 60 });
      assertStatus(dispensed, 201, '60 days dispensed');
      assert.equal(dispensed.body.lastDayToDispense, '2026-03-09');
    });

    const EXEMPTION = { decidedOn: '2026-02-02', reasonCode: 'NOT_SEXUALLY_ACTIVE', patientAgreed: false, justification: 'Not sexually active; discussed.' };

    test('P-06: an exemption (NOT_SEXUALLY_ACTIVE, justified), no contraception, negative test: the prescription of 2026-02-02 written and dispensed with PPP_EXEMPTION_ACTIVE; an empty justification refused EXEMPTION_JUSTIFICATION_REQUIRED', async () => {
      const patient = await steps.patient('EU', { enrolledOn: '2026-01-01' });
      await steps.form(patient, 'EU-PPP-ACK-2018', '2026-01-01');
      const empty = await refusedWritingNothing(
        api,
        () => steps.post(patient, 'exemptions', '2026-02-02', { ...EXEMPTION, justification: '  ' }),
        'EXEMPTION_JUSTIFICATION_REQUIRED',
      );
      assert.equal(theReason(empty, 'EXEMPTION_JUSTIFICATION_REQUIRED').rule, 'PPP-EXM-1');
      const recorded = await steps.record(patient, 'exemptions', '2026-02-02', EXEMPTION);
      assert.deepEqual(codes(recorded.body.warnings), ['EXEMPTION_TESTS_CONTINUE']);
      await steps.test(patient, '2026-02-02');
      const written = await steps.prescribe(patient, '2026-02-02');
      assertStatus(written, 201, 'prescription with the exemption');
      assert.deepEqual(codes(written.body.program.warnings), ['PPP_EXEMPTION_ACTIVE'], 'the prescriber sees the exemption');
      assert.deepEqual(codes(written.body.fillability.warnings), ['PPP_EXEMPTION_ACTIVE']);
      const dispensed = await steps.checklist(patient, written.body.id as string, '2026-02-02');
      assertStatus(dispensed, 201, 'dispensed');
      assert.deepEqual(codes(dispensed.body.warnings), ['PPP_EXEMPTION_ACTIVE']);
    });

    test('P-06: the exemption waives contraception, not the test: no test → PREGNANCY_TEST_REQUIRED, nothing written', async () => {
      const patient = await steps.patient('EU', { enrolledOn: '2026-01-01' });
      await steps.form(patient, 'EU-PPP-ACK-2018', '2026-01-01');
      await steps.record(patient, 'exemptions', '2026-02-02', EXEMPTION);
      await refusedWritingNothing(api, () => steps.prescribe(patient, '2026-02-02'), 'PREGNANCY_TEST_REQUIRED');
    });

    test('P-07 (Italy): certification 2026-03-02, written 2026-03-04 — dispensed 2026-03-09 (last day 03-09, EU-PPP-2018+IT); 2026-03-10 refused DISPENSE_WINDOW_CLOSED', async () => {
      const patient = await euPatient('EU-IT');
      await steps.test(patient, '2026-03-02');
      const written = await steps.prescribe(patient, '2026-03-04', { certifiedOn: '2026-03-02' });
      assertStatus(written, 201, 'prescription with its certification');
      assert.equal(written.body.fillability.doNotDispenseAfter, '2026-03-09', '7 days from the certification, not the writing');
      assert.equal(written.body.program.ruleSet, 'EU-PPP-2018+IT');
      const prescriptionId = written.body.id as string;
      const reasons = await refusedWritingNothing(api, () => steps.checklist(patient, prescriptionId, '2026-03-10'), 'DISPENSE_WINDOW_CLOSED');
      assert.equal(theReason(reasons, 'DISPENSE_WINDOW_CLOSED').deadline, '2026-03-09');
      const dispensed = await steps.checklist(patient, prescriptionId, '2026-03-09');
      assertStatus(dispensed, 201, 'day 7 after the certification');
      assert.equal(dispensed.body.ruleSet, 'EU-PPP-2018+IT');
      assert.equal(dispensed.body.lastDayToDispense, '2026-03-09');
    });

    test('P-08: no lockout — the prescription of 2026-03-02 never dispensed; new test 03-11, new prescription and dispense 03-12 allowed; the old one on 03-12 refused PRESCRIPTION_EXPIRED', async () => {
      const patient = await euPatient();
      await steps.test(patient, '2026-03-02');
      const old = await steps.prescribed(patient, '2026-03-02');
      await steps.test(patient, '2026-03-11', { kind: 'monthly' });
      const renewed = await steps.prescribed(patient, '2026-03-12');
      const reasons = await refusedWritingNothing(api, () => steps.checklist(patient, old, '2026-03-12'), 'PRESCRIPTION_EXPIRED');
      assert.equal(theReason(reasons, 'PRESCRIPTION_EXPIRED').deadline, '2026-03-09');
      const dispensed = await steps.checklist(patient, renewed, '2026-03-12');
      assertStatus(dispensed, 201, 'the new prescription');
      assert.equal(dispensed.body.lastDayToDispense, '2026-03-19');
    });

    test('P-08: the day after the old window closed already works — test, prescription and dispense on 2026-03-10', async () => {
      const patient = await euPatient();
      await steps.test(patient, '2026-03-02');
      await steps.prescribed(patient, '2026-03-02');
      await steps.test(patient, '2026-03-10', { kind: 'monthly' });
      const renewed = await steps.prescribed(patient, '2026-03-10');
      assertStatus(await steps.checklist(patient, renewed, '2026-03-10'), 201, 'no wait after a lapsed prescription');
    });

    test('P-09: test 03-02, prescription 03-05 — a US practice: authorized until 03-08, refused WINDOW_CLOSED on 03-10; an EU practice: dispensed on 03-10 (last day 03-12), refused on 03-13', async () => {
      await steps.under('US', '2026-01-31');
      const us = await enrollPatient(api, { enrolledOn: '2026-01-31' });
      assertStatus(await recordPregnancyTest(api, us, 'screening', '2026-01-31'), 201, 'screening');
      assertStatus(await declareContraception(api, us, '2026-01-31', { startedOn: '2025-12-01' }), 201, 'contraception');
      assertStatus(await recordPregnancyTest(api, us, 'confirmation', '2026-03-02'), 201, 'confirmation');
      assertStatus(await confirmCounseling(api, us, '2026-03-05'), 201, 'counseling');
      assertStatus(await answerComprehension(api, us, '2026-03-05'), 201, 'comprehension');
      const usWritten = await writePrescription(api, us, '2026-03-05');
      assertStatus(usWritten, 201, 'US prescription');
      assert.equal(usWritten.body.fillability.doNotDispenseAfter, '2026-03-08', 'the US window runs from the test');
      const usPrescription = usWritten.body.id as string;
      const usReasons = await refusedWritingNothing(api, () => requestAuthorization(api, us, usPrescription, '2026-03-10'), 'WINDOW_CLOSED');
      assert.equal(theReason(usReasons, 'WINDOW_CLOSED').deadline, '2026-03-08');
      const authorized = await requestAuthorization(api, us, usPrescription, '2026-03-08');
      assertStatus(authorized, 201, 'authorized on the last day');
      assert.equal(authorized.body.authorization.doNotDispenseAfter, '2026-03-08');

      const eu = await euPatient();
      await steps.test(eu, '2026-03-02');
      const euPrescription = await steps.prescribed(eu, '2026-03-05');
      refusedWith(await steps.checklist(eu, euPrescription, '2026-03-13'), 'DISPENSE_WINDOW_CLOSED');
      const dispensed = await steps.checklist(eu, euPrescription, '2026-03-10');
      assertStatus(dispensed, 201, 'the EU window runs from the prescription');
      assert.equal(dispensed.body.lastDayToDispense, '2026-03-12');
    });
  });

  describe('UK (P-10 … P-19)', () => {
    /** The key of the rule set a decision on `on` is made under, as the patient's program shows it. */
    async function keyOn(patient: Patient, on: string): Promise<string | undefined> {
      return (await steps.program(patient, on)).body.ruleSet?.key as string | undefined;
    }

    /** A UK patient who can get pregnant, contraception since 2025-09-01. */
    async function ukPatient(birthDate = '1998-04-10'): Promise<Patient> {
      const patient = await steps.patient('GB', { enrolledOn: '2025-09-01', birthDate });
      await steps.contraception(patient, '2025-09-01');
      return patient;
    }

    /** The form, both assessments and a test on `on`. */
    async function readyOn(patient: Patient, on: string, form: 'UK-ARF-2023' | 'UK-ARF-2026'): Promise<void> {
      await steps.form(patient, form, on);
      await steps.assessed(patient, on);
      await steps.test(patient, on);
    }

    test('P-10/P-11: born 2009-05-15 — 2026-01-15 (UK-2023) refused SECOND_PRESCRIBER_REQUIRED (UK-AGE-1, earliest 01-22); 01-21 with the 2026 form still refused; 01-22 (UK-2026) with UK-ARF-2026 signed by both written', async () => {
      const patient = await ukPatient('2009-05-15');
      await readyOn(patient, '2026-01-15', 'UK-ARF-2023');
      const reasons = await refusedWritingNothing(api, () => steps.prescribe(patient, '2026-01-15'), 'SECOND_PRESCRIBER_REQUIRED');
      const second = theReason(reasons, 'SECOND_PRESCRIBER_REQUIRED');
      assert.equal(second.rule, 'UK-AGE-1');
      assert.equal(second.earliestChangeDate, '2026-01-22');
      assert.equal(await keyOn(patient, '2026-01-15'), 'UK-2023');

      await readyOn(patient, '2026-01-21', 'UK-ARF-2026');
      await refusedWritingNothing(api, () => steps.prescribe(patient, '2026-01-21'), 'SECOND_PRESCRIBER_REQUIRED');
      assert.equal(await keyOn(patient, '2026-01-21'), 'UK-2023', 'still UK-2023 on 2026-01-21');

      await steps.assessed(patient, '2026-01-22');
      const written = await steps.prescribe(patient, '2026-01-22');
      assertStatus(written, 201, 'UK-2026: the 2026 form, no second prescriber');
      assert.equal(written.body.program.ruleSet, 'UK-2026');
    });

    test('P-10: with a second prescriber’s agreement the first prescription of 2026-01-15 is written (UK-2023)', async () => {
      const patient = await ukPatient('2009-05-15');
      await readyOn(patient, '2026-01-15', 'UK-ARF-2023');
      await steps.secondPrescriber(patient, '2026-01-15');
      const written = await steps.prescribe(patient, '2026-01-15');
      assertStatus(written, 201, 'with a second prescriber');
      assert.equal(written.body.program.ruleSet, 'UK-2023');
    });

    test('P-11: 2026-01-22 with only the 2023 form and no second prescriber → ACKNOWLEDGEMENT_FORM_OUTDATED, nothing written', async () => {
      const patient = await ukPatient('2009-05-15');
      await readyOn(patient, '2026-01-22', 'UK-ARF-2023');
      const reasons = await refusedWritingNothing(api, () => steps.prescribe(patient, '2026-01-22'), 'ACKNOWLEDGEMENT_FORM_OUTDATED');
      assert.equal(theReason(reasons, 'ACKNOWLEDGEMENT_FORM_OUTDATED').rule, 'UK-ACK-2');
    });

    test('P-12: born 2007-11-10 — the first prescription of 2025-11-09 (17) needs a second prescriber (earliest 11-10); 2025-11-10 (18) is written without one', async () => {
      const patient = await ukPatient('2007-11-10');
      await readyOn(patient, '2025-11-09', 'UK-ARF-2023');
      const reasons = await refusedWritingNothing(api, () => steps.prescribe(patient, '2025-11-09'), 'SECOND_PRESCRIBER_REQUIRED');
      assert.equal(theReason(reasons, 'SECOND_PRESCRIBER_REQUIRED').earliestChangeDate, '2025-11-10');
      await steps.assessed(patient, '2025-11-10');
      assertStatus(await steps.prescribe(patient, '2025-11-10'), 201, 'eighteen');
    });

    test('P-13: last dose 2026-05-31 — no end test by 07-14: no flag, on 07-15 END_TEST_OVERDUE; a test of 06-29 kept but not final (END_TEST_TOO_EARLY, earliest 06-30), one of 06-30 final and the flag clears', async () => {
      const patient = await ukPatient();
      await steps.record(patient, 'course-end', '2026-05-31', { lastDoseOn: '2026-05-31', reason: 'targetReached' });
      const flags = async (on: string) => codes((await steps.program(patient, on)).body.endOfTreatment.decision.warnings);
      assert.deepEqual(await flags('2026-07-14'), []);
      assert.deepEqual(await flags('2026-07-15'), ['END_TEST_OVERDUE']);

      const early = await recordPregnancyTest(api, patient, 'endOfTreatment', '2026-06-29');
      assertStatus(early, 201, 'an early end test is kept');
      assert.equal(early.body.program.final, false);
      assert.equal(theReason(early.body.qualification.warnings, 'END_TEST_TOO_EARLY').earliestChangeDate, '2026-06-30');
      assert.deepEqual(await flags('2026-07-15'), ['END_TEST_OVERDUE'], 'an early test does not end it');

      const onTime = await recordPregnancyTest(api, patient, 'endOfTreatment', '2026-06-30');
      assertStatus(onTime, 201, 'the end test');
      assert.equal(onTime.body.program.final, true);
      assert.deepEqual(codes(onTime.body.qualification.warnings), []);
      assert.deepEqual(await flags('2026-07-15'), []);
    });

    test('P-14: a video-supervised specimen of 2025-10-26 is kept but does not count (REMOTE_TEST_NOT_ALLOWED, earliest 10-27); one of 2025-10-27 with its supervisor and evidence counts', async () => {
      const patient = await ukPatient();
      const before = await recordPregnancyTest(api, patient, 'screening', '2025-10-26', { setting: 'home', homeEvidence: VIDEO_SUPERVISED });
      assertStatus(before, 201, 'kept');
      assert.deepEqual(before.body.program, { ruleSet: 'UK-2023', counts: false, final: null });
      const notAllowed = theReason(doesNotCount(before.body.qualification, 'REMOTE_TEST_NOT_ALLOWED'), 'REMOTE_TEST_NOT_ALLOWED');
      assert.equal(notAllowed.earliestChangeDate, '2025-10-27');
      assert.equal(notAllowed.rule, 'UK-PT-1');
      const from = await recordPregnancyTest(api, patient, 'screening', '2025-10-27', { setting: 'home', homeEvidence: VIDEO_SUPERVISED });
      assertStatus(from, 201, 'remote supervised test from its day');
      assert.deepEqual(from.body.program, { ruleSet: 'UK-2023', counts: true, final: null });
      // An unsupervised home test never counts in the UK.
      const home = await recordPregnancyTest(api, patient, 'screening', '2025-10-28', { setting: 'home', homeEvidence: HOME_TEST_EVIDENCE });
      doesNotCount(home.body.qualification, 'HOME_TEST_NOT_ALLOWED');
    });

    test('P-15: a remote first appointment refused FIRST_APPOINTMENT_MUST_BE_IN_PERSON; a remote follow-up on 2025-10-26 refused REMOTE_FOLLOW_UP_NOT_ALLOWED (earliest 10-27), on 10-27 with the patient agreeing recorded', async () => {
      const patient = await ukPatient();
      const visit = (on: string, mode: string, patientAgreed: boolean) => () => steps.post(patient, 'visits', '2025-11-01', { on, mode, patientAgreed });
      await refusedWritingNothing(api, visit('2025-10-01', 'remote', true), 'FIRST_APPOINTMENT_MUST_BE_IN_PERSON');
      assertStatus(await visit('2025-10-01', 'inPerson', false)(), 201, 'first appointment in person');
      const early = await refusedWritingNothing(api, visit('2025-10-26', 'remote', true), 'REMOTE_FOLLOW_UP_NOT_ALLOWED');
      assert.equal(theReason(early, 'REMOTE_FOLLOW_UP_NOT_ALLOWED').earliestChangeDate, '2025-10-27');
      await refusedWritingNothing(api, visit('2025-10-27', 'remote', false), 'REMOTE_FOLLOW_UP_NEEDS_AGREEMENT');
      assertStatus(await visit('2025-10-27', 'remote', true)(), 201, 'remote follow-up with agreement');
    });

    test('P-16: uterus, ovaries and a clinician-confirmed tubal sterilisation — under UK-2023 written without a test or contraception; the same facts in an EU practice need both; the US refuses PCNGP on a tubal ligation', async () => {
      const patient = await steps.patient('GB', { enrolledOn: '2025-09-01' });
      await steps.record(patient, 'reproductive-facts', '2025-09-01', { kind: 'tubalSterilisationConfirmed', recordedOn: '2024-05-01' });
      await steps.form(patient, 'UK-ARF-2023', '2025-12-01');
      await steps.assessed(patient, '2025-12-01');

      await steps.under('EU', '2025-12-01');
      await steps.form(patient, 'EU-PPP-ACK-2018', '2025-12-01');
      await refusedWritingNothing(api, () => steps.prescribe(patient, '2025-12-01'), 'CONTRACEPTION_REQUIRED', 'PREGNANCY_TEST_REQUIRED');

      await steps.under('GB', '2025-12-01');
      const written = await steps.prescribe(patient, '2025-12-01');
      assertStatus(written, 201, 'not of childbearing potential under UK-2023');
      assert.equal(written.body.program.ruleSet, 'UK-2023');

      await steps.under('US', '2025-12-01');
      const before = await storedRows(api);
      const us = await api.as('prescriber').post('/patients', {
        givenName: 'Test',
        familyName: 'Patient',
        birthDate: '1998-04-10',
        category: 'PCNGP',
        criterion: 'tubalLigation',
        enrolledOn: '2025-12-01',
        duplicateOverride: { reason: 'Synthetic test patients share a name and birth date' },
      });
      refusedWith(us, 'CATEGORY_CRITERION_INVALID');
      assert.deepEqual(await storedRows(api), before, 'nobody enrolled');
    });

    /** Ready for a first prescription on 2026-02-27 (UK-2026) with contraception since `from`. */
    async function leadPatient(from: string): Promise<Patient> {
      const patient = await steps.patient('GB', { enrolledOn: '2025-12-01' });
      await steps.contraception(patient, from);
      await steps.form(patient, 'UK-ARF-2026', '2026-01-25');
      await steps.assessed(patient, '2026-02-27');
      await steps.test(patient, '2026-02-27');
      return patient;
    }

    test('P-17: first dispense 2026-02-27 — contraception from 2026-01-30 (28 d) written and dispensed; from 2026-01-31 (27 d) the prescriber is refused (the test too soon after it, earliest 02-28)', async () => {
      const patient = await leadPatient('2026-01-30');
      const prescriptionId = await steps.prescribed(patient, '2026-02-27');
      const dispensed = await steps.checklist(patient, prescriptionId, '2026-02-27');
      assertStatus(dispensed, 201, '28 days');
      assert.equal(dispensed.body.ruleSet, 'UK-2026');

      const short = await leadPatient('2026-01-31');
      const reasons = await refusedWritingNothing(api, () => steps.prescribe(short, '2026-02-27'), 'PRESTART_TEST_TOO_SOON_AFTER_CONTRACEPTION');
      assert.equal(theReason(reasons, 'PRESTART_TEST_TOO_SOON_AFTER_CONTRACEPTION').earliestChangeDate, '2026-02-28');
    });

    test('P-17: the pharmacist — contraception declared again on 2026-02-27 as begun 2026-01-31: that day refused CONTRACEPTION_LEAD_TOO_SHORT (UK-CON-1, earliest 02-28), nothing written; dispensed on 02-28', async () => {
      const patient = await leadPatient('2025-12-01');
      const prescriptionId = await steps.prescribed(patient, '2026-02-27');
      await steps.contraception(patient, '2026-01-31', '2026-02-27');
      const reasons = await refusedWritingNothing(api, () => steps.checklist(patient, prescriptionId, '2026-02-27'), 'CONTRACEPTION_LEAD_TOO_SHORT');
      const short = theReason(reasons, 'CONTRACEPTION_LEAD_TOO_SHORT');
      assert.equal(short.rule, 'UK-CON-1');
      assert.equal(short.earliestChangeDate, '2026-02-28');
      assertStatus(await steps.checklist(patient, prescriptionId, '2026-02-28'), 201, '28 days of contraception');
    });

    test('P-18: born 2009-06-01 — month 1 written and dispensed under UK-2023; month 2 written 2026-01-21 (UK-2023) after a remote supervised test, dispensed 01-23 (UK-2026, last day 01-28); month 3 refused SEXUAL_FUNCTION_ASSESSMENT_REQUIRED without a new form needed', async () => {
      const patient = await steps.patient('GB', { enrolledOn: '2025-10-01', birthDate: '2009-06-01' });
      await steps.contraception(patient, '2025-10-01');
      await steps.record(patient, 'visits', '2025-12-01', { on: '2025-12-01', mode: 'inPerson', patientAgreed: false });
      await steps.secondPrescriber(patient, '2025-12-01');
      await steps.form(patient, 'UK-ARF-2023', '2025-12-01');
      await steps.assessed(patient, '2025-12-01');
      await steps.test(patient, '2025-12-04');
      const first = await steps.prescribe(patient, '2025-12-05');
      assertStatus(first, 201, 'month 1');
      assert.equal(first.body.program.ruleSet, 'UK-2023');
      const firstDispense = await steps.checklist(patient, first.body.id as string, '2025-12-05');
      assertStatus(firstDispense, 201, 'month 1 dispensed');
      assert.equal(firstDispense.body.ruleSet, 'UK-2023');

      await steps.assessed(patient, '2026-01-19');
      const remote = await recordPregnancyTest(api, patient, 'monthly', '2026-01-19', { setting: 'home', homeEvidence: VIDEO_SUPERVISED });
      assertStatus(remote, 201, 'remote supervised test');
      assert.equal(remote.body.program.counts, true);
      const second = await steps.prescribe(patient, '2026-01-21');
      assertStatus(second, 201, 'month 2');
      assert.equal(second.body.program.ruleSet, 'UK-2023');
      const secondDispense = await steps.checklist(patient, second.body.id as string, '2026-01-23');
      assertStatus(secondDispense, 201, 'month 2 dispensed');
      assert.equal(secondDispense.body.ruleSet, 'UK-2026');
      assert.equal(secondDispense.body.lastDayToDispense, '2026-01-28');

      await steps.assessment(patient, 'mentalHealth', '2026-02-17');
      await steps.test(patient, '2026-02-17', { kind: 'monthly' });
      const reasons = await refusedWritingNothing(api, () => steps.prescribe(patient, '2026-02-18'), 'SEXUAL_FUNCTION_ASSESSMENT_REQUIRED');
      assert.equal(theReason(reasons, 'SEXUAL_FUNCTION_ASSESSMENT_REQUIRED').rule, 'UK-ASM-2');
      assert.equal(await keyOn(patient, '2026-02-18'), 'UK-2026');
      await steps.assessment(patient, 'sexualFunction', '2026-02-18');
      const third = await steps.prescribe(patient, '2026-02-18');
      assertStatus(third, 201, 'month 3 with the assessment, on the 2023 form the course started on');
      assert.equal(third.body.program.ruleSet, 'UK-2026');
    });

    test('P-19: an exemption without the patient refused EXEMPTION_PATIENT_AGREEMENT_REQUIRED; with her agreement contraception is waived but the test is still due', async () => {
      const patient = await steps.patient('GB', { enrolledOn: '2026-01-22' });
      await steps.form(patient, 'UK-ARF-2026', '2026-03-02');
      await steps.assessed(patient, '2026-03-02');
      const exemption = { decidedOn: '2026-03-02', reasonCode: 'NOT_SEXUALLY_ACTIVE', patientAgreed: false, justification: 'Not sexually active.' };
      const reasons = await refusedWritingNothing(
        api,
        () => steps.post(patient, 'exemptions', '2026-03-02', exemption),
        'EXEMPTION_PATIENT_AGREEMENT_REQUIRED',
      );
      assert.equal(theReason(reasons, 'EXEMPTION_PATIENT_AGREEMENT_REQUIRED').rule, 'UK-EXM-1');
      const recorded = await steps.record(patient, 'exemptions', '2026-03-02', { ...exemption, patientAgreed: true });
      assert.deepEqual(codes(recorded.body.warnings), ['EXEMPTION_TESTS_CONTINUE']);
      await refusedWritingNothing(api, () => steps.prescribe(patient, '2026-03-02'), 'PREGNANCY_TEST_REQUIRED');
      await steps.test(patient, '2026-03-02');
      assertStatus(await steps.prescribe(patient, '2026-03-02'), 201, 'no contraception, a test');
    });
  });

  describe('Canada (P-20 … P-22)', () => {
    /** A Canadian patient who can get pregnant: contraception from 2026-01-01, the form and a licensed laboratory's test on 2026-03-02. */
    async function caPatient(): Promise<Patient> {
      const patient = await steps.patient('CA', { enrolledOn: '2026-01-01' });
      await steps.contraception(patient, '2026-01-01');
      await steps.form(patient, 'CA-ICA', '2026-03-02');
      await steps.test(patient, '2026-03-02');
      return patient;
    }

    test('P-20: one negative test (2026-03-02) — the prescription written, its first dispense refused SECOND_PRESTART_TEST_REQUIRED (CA-PT-1), nothing written', async () => {
      const patient = await caPatient();
      const prescriptionId = await steps.prescribed(patient, '2026-03-02');
      const reasons = await refusedWritingNothing(api, () => steps.checklist(patient, prescriptionId, '2026-03-02'), 'SECOND_PRESTART_TEST_REQUIRED');
      assert.equal(theReason(reasons, 'SECOND_PRESTART_TEST_REQUIRED').rule, 'CA-PT-1');
    });

    test('P-20: a second laboratory test 2026-03-20 — dispensed 2026-03-31 (11 d); 2026-04-01 (12 d) refused PRESTART_TEST_TOO_OLD, nothing written', async () => {
      const patient = await caPatient();
      await steps.test(patient, '2026-03-20', { kind: 'monthly' });
      const prescriptionId = await steps.prescribed(patient, '2026-03-30');
      await refusedWritingNothing(api, () => steps.checklist(patient, prescriptionId, '2026-04-01'), 'PRESTART_TEST_TOO_OLD');
      const dispensed = await steps.checklist(patient, prescriptionId, '2026-03-31');
      assertStatus(dispensed, 201, '11 days after the second test');
      assert.equal(dispensed.body.ruleSet, 'CA');
    });

    test('P-21: a month-2 test done at home is kept but does not count (LICENSED_LAB_REQUIRED, CA-PT-3): the prescription is refused until a laboratory test', async () => {
      const patient = await caPatient();
      await steps.test(patient, '2026-03-20', { kind: 'monthly' });
      const first = await steps.prescribed(patient, '2026-03-20');
      assertStatus(await steps.checklist(patient, first, '2026-03-20'), 201, 'month 1');
      const home = await recordPregnancyTest(api, patient, 'monthly', '2026-04-17', { setting: 'home', homeEvidence: HOME_TEST_EVIDENCE });
      assertStatus(home, 201, 'kept');
      assert.deepEqual(home.body.program, { ruleSet: 'CA', counts: false, final: null });
      assert.deepEqual(codes(home.body.qualification.reasons), ['LICENSED_LAB_REQUIRED']);
      const reasons = await refusedWritingNothing(api, () => steps.prescribe(patient, '2026-04-18'), 'LICENSED_LAB_REQUIRED', 'PREGNANCY_TEST_REQUIRED');
      assert.equal(theReason(reasons, 'LICENSED_LAB_REQUIRED').rule, 'CA-PT-3');
      await steps.test(patient, '2026-04-17', { kind: 'monthly' });
      assertStatus(await steps.prescribe(patient, '2026-04-18'), 201, 'with a laboratory test');
    });

    test('P-22: last dose 2026-08-15 — a test of 2026-09-13 is kept but too early (END_TEST_TOO_EARLY, CA-PT-4); one of 2026-09-14 counts as the final test', async () => {
      const patient = await caPatient();
      await steps.record(patient, 'course-end', '2026-08-15', { lastDoseOn: '2026-08-15', reason: 'targetReached' });
      const early = await recordPregnancyTest(api, patient, 'postTreatment', '2026-09-13');
      assertStatus(early, 201, 'kept');
      assert.equal(early.body.program.final, false);
      const tooEarly = theReason(early.body.qualification.warnings, 'END_TEST_TOO_EARLY');
      assert.equal(tooEarly.rule, 'CA-PT-4');
      assert.equal(tooEarly.earliestChangeDate, '2026-09-14');
      const counts = await recordPregnancyTest(api, patient, 'postTreatment', '2026-09-14');
      assertStatus(counts, 201, 'the final test');
      assert.equal(counts.body.program.final, true);
    });
  });

  describe('Australia (P-23 … P-25)', () => {
    /** An Australian patient who can get pregnant, contraception from 2025-01-01. */
    async function auPatient(jurisdiction: string): Promise<Patient> {
      const patient = await steps.patient(jurisdiction, { enrolledOn: '2025-01-01' });
      await steps.contraception(patient, '2025-01-01');
      return patient;
    }

    test('P-23 (ACT): a general practitioner without a recorded authority refused PRESCRIBER_NOT_AUTHORISED (AU-PRESC-1), nothing written; as a dermatologist the same prescription is written (AU+ACT)', async () => {
      const patient = await auPatient('AU-ACT');
      await steps.assessment(patient, 'mentalHealth', '2026-03-01');
      await attributes('2026-03-02', { specialty: 'generalPractice', retinoidExperience: false });
      const reasons = await refusedWritingNothing(api, () => steps.prescribe(patient, '2026-03-02'), 'PRESCRIBER_NOT_AUTHORISED');
      assert.equal(theReason(reasons, 'PRESCRIBER_NOT_AUTHORISED').rule, 'AU-PRESC-1');
      await attributes('2026-03-02', DERMATOLOGIST);
      const written = await steps.prescribe(patient, '2026-03-02');
      assertStatus(written, 201, 'a dermatologist');
      assert.equal(written.body.program.ruleSet, 'AU+ACT');
    });

    test('P-24 (ACT): no mental-health assessment — the first prescription of 2025-04-08 refused MENTAL_HEALTH_ASSESSMENT_REQUIRED; one of 2025-04-07 written with MENTAL_HEALTH_ASSESSMENT_RECOMMENDED', async () => {
      const patient = await auPatient('AU-ACT');
      const reasons = await refusedWritingNothing(api, () => steps.prescribe(patient, '2025-04-08'), 'MENTAL_HEALTH_ASSESSMENT_REQUIRED');
      assert.equal(theReason(reasons, 'MENTAL_HEALTH_ASSESSMENT_REQUIRED').rule, 'AU-MH-1');
      const written = await steps.prescribe(patient, '2025-04-07');
      assertStatus(written, 201, 'the day before the assessment becomes required');
      assert.deepEqual(codes(written.body.program.warnings), ['MENTAL_HEALTH_ASSESSMENT_RECOMMENDED']);
    });

    test('P-25 (Victoria): no dispensing window — written 2026-05-04, dispensed 2026-05-24 with no last day; a test 15 days before the start refused PRESTART_TEST_TOO_OLD', async () => {
      const ready = async (testOn: string) => {
        const patient = await auPatient('AU-VIC');
        await steps.assessment(patient, 'mentalHealth', '2026-05-04');
        const prescriptionId = await steps.prescribed(patient, '2026-05-04');
        await steps.test(patient, testOn, { setting: 'clinic' });
        return { patient, prescriptionId };
      };
      const old = await ready('2026-05-09');
      await refusedWritingNothing(api, () => steps.checklist(old.patient, old.prescriptionId, '2026-05-24'), 'PRESTART_TEST_TOO_OLD');
      const { patient, prescriptionId } = await ready('2026-05-10');
      const dispensed = await steps.checklist(patient, prescriptionId, '2026-05-24');
      assertStatus(dispensed, 201, '20 days after writing');
      assert.equal(dispensed.body.lastDayToDispense, null);
      assert.equal(dispensed.body.ruleSet, 'AU+VIC');
    });
  });

  describe('across programs (P-26, P-27)', () => {
    test('P-26: a US practice records no exemption — refused EXEMPTION_NOT_IN_PROGRAM under REMS-2021 and REMS-2026, nothing written', async () => {
      await steps.under('US', '2026-03-02');
      const patient = await enrollPatient(api, { enrolledOn: '2026-03-02' });
      const exemption = { reasonCode: 'NOT_SEXUALLY_ACTIVE', patientAgreed: true, justification: 'Not sexually active.' };
      for (const decidedOn of ['2026-03-02', '2026-08-08']) {
        const reasons = await refusedWritingNothing(
          api,
          () => steps.post(patient, 'exemptions', decidedOn, { ...exemption, decidedOn }),
          'EXEMPTION_NOT_IN_PROGRAM',
        );
        assert.equal(theReason(reasons, 'EXEMPTION_NOT_IN_PROGRAM').rule, 'R-CAT-1', decidedOn);
      }
    });

    test('P-27: a practice created without a jurisdiction — its patient’s program has no rule set, and the prescription, the checklist, a visit and an exemption are refused PROGRAM_NOT_CONFIGURED, nothing written', async () => {
      api.today('2026-03-02');
      const admin = api.as('admin');
      const practice = await admin.post('/organizations', { kind: 'practice', name: 'Unconfigured Dermatology' });
      assertStatus(practice, 201, 'a practice without a jurisdiction');
      assert.equal(practice.body.jurisdiction, null);
      assertStatus(await admin.post(`/organizations/${practice.body.id}/certifications`, { status: 'certified', effectiveOn: '2000-01-01' }), 201, 'certified');
      const email = 'unconfigured.prescriber@test.example';
      const user = await admin.post('/users', {
        email,
        password: TEST_PASSWORD,
        displayName: 'Unconfigured prescriber',
        role: 'prescriber',
        organizationId: practice.body.id,
      });
      assertStatus(user, 201, 'its prescriber');
      assertStatus(await admin.post(`/users/${user.body.id}/certifications`, { status: 'certified', effectiveOn: '2000-01-01' }), 201, 'certified');
      const prescriber = await api.logIn(email, TEST_PASSWORD);
      const enrolled = await prescriber.post('/patients', {
        givenName: 'Test',
        familyName: 'Patient',
        birthDate: '1998-04-10',
        category: 'PCGP',
        criterion: 'reproductivePotential',
        enrolledOn: '2026-03-02',
        duplicateOverride: { reason: 'Synthetic test patients share a name and birth date' },
      });
      assertStatus(enrolled, 201, 'enrolled');
      const patient: Patient = { id: enrolled.body.id, programId: enrolled.body.programId, birthDate: '1998-04-10' };

      const program = await prescriber.get(`/patients/${patient.id}/program`);
      assertStatus(program, 200, 'program');
      assert.equal(program.body.ruleSet, null);
      assert.deepEqual(codes(program.body.nextPrescription.decision.reasons), ['PROGRAM_NOT_CONFIGURED']);

      const on = (path: string, body: unknown) => () => prescriber.post(`/patients/${patient.id}/${path}`, body);
      await refusedWritingNothing(
        api,
        on('prescriptions', { writtenOn: '2026-03-02', product: 'claravis', strengthMg: 40, capsulesPerDay: 1, daysSupply: 30, quantity: 30, refills: 0 }),
        'PROGRAM_NOT_CONFIGURED',
      );
      await refusedWritingNothing(api, on('visits', { on: '2026-03-02', mode: 'inPerson', patientAgreed: false }), 'PROGRAM_NOT_CONFIGURED');
      await refusedWritingNothing(
        api,
        on('exemptions', { decidedOn: '2026-03-02', reasonCode: 'OTHER', patientAgreed: true, justification: 'x' }),
        'PROGRAM_NOT_CONFIGURED',
      );
      await refusedWritingNothing(
        api,
        () =>
          api.as('pharmacist').post('/pharmacy/checklist-dispenses', {
            ...lookupOf(patient),
            prescriptionId: '00000000-0000-4000-8000-000000000000',
            dispensedOn: '2026-03-02',
            product: 'claravis',
            strengthMg: 40,
            quantity: 30,
            daysSupply: 30,
            medicationGuideGiven: true,
          }),
        'PROGRAM_NOT_CONFIGURED',
      );
      const testRecorded = await prescriber.post(`/patients/${patient.id}/pregnancy-tests`, {
        kind: 'screening',
        specimenDate: '2026-03-02',
        resultDate: '2026-03-02',
        result: 'negative',
        setting: 'lab',
        clia: true,
      });
      assertStatus(testRecorded, 201, 'a result is a fact: kept');
      assert.deepEqual(testRecorded.body.program, { ruleSet: null, counts: false, final: null }, 'counting under no program');
      assert.deepEqual(codes(testRecorded.body.qualification.reasons), ['PROGRAM_NOT_CONFIGURED']);
      assert.equal(testRecorded.body.window, null, 'no US window either');
    });
  });
});

/** A kept test's judgement by the program: it does not count, for exactly these reasons. */
function doesNotCount(decision: { allowed: boolean; reasons: ReasonBody[] }, ...expected: string[]): ReasonBody[] {
  assert.equal(decision.allowed, false);
  assert.deepEqual(codes(decision.reasons), expected);
  return decision.reasons;
}
