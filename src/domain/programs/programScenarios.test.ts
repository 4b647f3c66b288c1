// The acceptance scenarios of programs.md §4, P-01 … P-27, at the domain level: each decision the
// product calls, at both edges of every window. (The same scenarios through the HTTP API are issue
// 14 item 6's acceptance tests; these pin the rules they rest on.)
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { authorizeFill } from '../authorizeFill.js';
import { categoryChoiceReasons } from '../enrollment.js';
import { prescriptionLimitReasons } from '../prescription.js';
import { DEFAULT_PROGRAM_CONFIG } from '../ruleSets.js';
import { givenPatient } from '../../../test/support/patientFacts.js';
import { DERMATOLOGIST, GENERAL_PRACTITIONER, aProgramPatient, inJurisdiction, reasonCodes, type ProgramPatient } from '../../../test/support/programFacts.js';
import { childbearingPotential } from './childbearingPotential.js';
import type { Jurisdiction } from './jurisdictions.js';
import { parametersInForce, type ParameterSetting } from './parameters.js';
import type { ExemptionRecord, PrescriberAttributes } from './programFacts.js';
import {
  decideProgramDispense,
  decideProgramExemption,
  decideProgramPrescription,
  decideTestRecord,
  decideVisit,
  endOfTreatmentFlags,
  type ProgramDecision,
} from './programDecisions.js';
import { ruleSetFor } from './ruleSetFor.js';
import { supplyCapReasons } from './supplyCap.js';

function prescribe(
  patient: ProgramPatient,
  id: string,
  jurisdiction: Jurisdiction | null,
  prescriber: PrescriberAttributes = DERMATOLOGIST,
  settings: ParameterSetting[] = [],
): ProgramDecision {
  return decideProgramPrescription(patient.facts(), { prescription: patient.prescriptionById(id), prescriber }, inJurisdiction(jurisdiction, settings));
}

function dispense(patient: ProgramPatient, id: string, on: string, jurisdiction: Jurisdiction | null, settings: ParameterSetting[] = []) {
  return decideProgramDispense(patient.facts(), { prescriptionId: id, dispensedOn: on }, inJurisdiction(jurisdiction, settings));
}

function firstExemption(patient: ProgramPatient): ExemptionRecord {
  const [record] = patient.facts().exemptions;
  assert.ok(record);
  return record;
}

function allowed(decision: ProgramDecision): void {
  assert.deepEqual(reasonCodes(decision.decision.reasons), [], 'no reason to refuse');
  assert.equal(decision.decision.allowed, true);
}

function refusedWith(decision: ProgramDecision, ...codes: string[]): void {
  assert.equal(decision.decision.allowed, false);
  assert.deepEqual(reasonCodes(decision.decision.reasons), codes);
}

function theReason(decision: ProgramDecision, code: string) {
  const found = [...decision.decision.reasons, ...decision.decision.warnings].find((item) => item.code === code);
  assert.ok(found, `${code} among ${JSON.stringify(reasonCodes([...decision.decision.reasons, ...decision.decision.warnings]))}`);
  return found;
}

/** An EU patient who can get pregnant, everything in place for a first prescription on `on`. */
function euPatientReadyOn(on: string): ProgramPatient {
  return aProgramPatient().canGetPregnant().contraception('2026-01-01').form('EU-PPP-ACK-2018', '2026-01-01').test(on).prescription('rx-1', on);
}

describe('EU-PPP-2018 (programs.md §4)', () => {
  test('P-01 PPP-DSP-1: dispense on day 7 after the prescription (2026-03-09) is allowed; the last day shown is 2026-03-09; day 0 too', () => {
    const patient = euPatientReadyOn('2026-03-02');
    allowed(prescribe(patient, 'rx-1', 'EU'));
    const day7 = dispense(patient, 'rx-1', '2026-03-09', 'EU');
    allowed(day7);
    assert.equal(day7.lastDayToDispense, '2026-03-09');
    assert.equal(day7.key, 'EU-PPP-2018');
    allowed(dispense(patient, 'rx-1', '2026-03-02', 'EU'));
  });

  test('P-02 PPP-DSP-1: dispense on day 8 (2026-03-10) → DISPENSE_WINDOW_CLOSED, earliestChangeDate null', () => {
    const decision = dispense(euPatientReadyOn('2026-03-02'), 'rx-1', '2026-03-10', 'EU');
    refusedWith(decision, 'DISPENSE_WINDOW_CLOSED');
    const closed = theReason(decision, 'DISPENSE_WINDOW_CLOSED');
    assert.equal(closed.rule, 'PPP-DSP-1');
    assert.equal(closed.earliestChangeDate, null);
    assert.equal(closed.deadline, '2026-03-09');
  });

  test('P-03 PPP-PT-1: test 2026-03-02, prescription 2026-03-05 (3 days) allowed; 2026-03-06 (4 days) → TEST_TOO_OLD_FOR_PRESCRIPTION', () => {
    const base = aProgramPatient().canGetPregnant().contraception('2026-01-01').form('EU-PPP-ACK-2018', '2026-01-01').test('2026-03-02');
    allowed(prescribe(base.prescription('rx-1', '2026-03-05'), 'rx-1', 'EU'));
    const late = aProgramPatient()
      .canGetPregnant()
      .contraception('2026-01-01')
      .form('EU-PPP-ACK-2018', '2026-01-01')
      .test('2026-03-02')
      .prescription('rx-1', '2026-03-06');
    refusedWith(prescribe(late, 'rx-1', 'EU'), 'TEST_TOO_OLD_FOR_PRESCRIPTION');
    // A test dated after the prescription never counts for it (P-D2: 0 ≤ rx − specimen).
    const after = aProgramPatient()
      .canGetPregnant()
      .contraception('2026-01-01')
      .form('EU-PPP-ACK-2018', '2026-01-01')
      .test('2026-03-07')
      .prescription('rx-1', '2026-03-06');
    refusedWith(prescribe(after, 'rx-1', 'EU'), 'PREGNANCY_TEST_REQUIRED');
  });

  test('P-03 PPP-PT-1: the pre-start test is at least 30 days after contraception began', () => {
    const early = aProgramPatient()
      .canGetPregnant()
      .contraception('2026-02-01')
      .form('EU-PPP-ACK-2018', '2026-01-01')
      .test('2026-03-02')
      .prescription('rx-1', '2026-03-02');
    const decision = prescribe(early, 'rx-1', 'EU');
    refusedWith(decision, 'PRESTART_TEST_TOO_SOON_AFTER_CONTRACEPTION');
    assert.equal(theReason(decision, 'PRESTART_TEST_TOO_SOON_AFTER_CONTRACEPTION').earliestChangeDate, '2026-03-03');
    const onTime = aProgramPatient()
      .canGetPregnant()
      .contraception('2026-01-31')
      .form('EU-PPP-ACK-2018', '2026-01-01')
      .test('2026-03-02')
      .prescription('rx-1', '2026-03-02');
    allowed(prescribe(onTime, 'rx-1', 'EU'));
  });

  const leadPatient = (contraceptionFrom: string) =>
    aProgramPatient()
      .canGetPregnant()
      .contraception(contraceptionFrom)
      .form('EU-PPP-ACK-2018', '2026-01-01')
      .test('2026-04-01')
      .prescription('rx-1', '2026-04-01');

  test('P-04 PPP-CON-1: first dispense 2026-04-01 with contraception from 2026-03-07 (25 d) → CONTRACEPTION_LEAD_TOO_SHORT, earliest 2026-04-06', () => {
    const decision = dispense(leadPatient('2026-03-07'), 'rx-1', '2026-04-01', 'EU');
    refusedWith(decision, 'CONTRACEPTION_LEAD_TOO_SHORT');
    assert.equal(theReason(decision, 'CONTRACEPTION_LEAD_TOO_SHORT').earliestChangeDate, '2026-04-06');
    assert.equal(theReason(decision, 'CONTRACEPTION_LEAD_TOO_SHORT').rule, 'PPP-CON-1');
  });

  test('P-04 PPP-CON-1: from 2026-03-03 (29 d) refused; from 2026-03-02 (30 d) with the test of 2026-04-01 allowed', () => {
    refusedWith(dispense(leadPatient('2026-03-03'), 'rx-1', '2026-04-01', 'EU'), 'CONTRACEPTION_LEAD_TOO_SHORT');
    allowed(dispense(leadPatient('2026-03-02'), 'rx-1', '2026-04-01', 'EU'));
    allowed(prescribe(leadPatient('2026-03-02'), 'rx-1', 'EU'));
  });

  test('P-05 PPP-RX-1: a patient who can get pregnant: 30 days allowed, 31 → DAYS_SUPPLY_OVER_LIMIT', () => {
    const base = () => aProgramPatient().canGetPregnant().contraception('2026-01-01').form('EU-PPP-ACK-2018', '2026-01-01').test('2026-03-02');
    allowed(prescribe(base().prescription('rx-1', '2026-03-02', { daysSupply: 30 }), 'rx-1', 'EU'));
    refusedWith(prescribe(base().prescription('rx-1', '2026-03-02', { daysSupply: 31 }), 'rx-1', 'EU'), 'DAYS_SUPPLY_OVER_LIMIT');
    refusedWith(dispense(base().prescription('rx-1', '2026-03-02', { daysSupply: 31 }), 'rx-1', '2026-03-02', 'EU'), 'DAYS_SUPPLY_OVER_LIMIT');
  });

  test('P-05 PPP-RX-1 vs R-RX-1: 60 days for a patient who cannot get pregnant: allowed under EU-PPP-2018, refused under REMS-2021', () => {
    const patient = aProgramPatient().cannotGetPregnant().form('EU-PPP-ACK-2018', '2026-01-01').prescription('rx-1', '2026-03-02', { daysSupply: 60 });
    allowed(prescribe(patient, 'rx-1', 'EU'));
    allowed(dispense(patient, 'rx-1', '2026-03-02', 'EU'));
    assert.deepEqual(reasonCodes(supplyCapReasons('REMS-2021', parametersInForce('REMS-2021', '2026-03-02', []), 60, false)), ['DAYS_SUPPLY_OVER_LIMIT']);
    // The US engine itself agrees.
    const us = prescriptionLimitReasons({ product: 'isotretinoinGeneric', strengthMg: 40, daysSupply: 60, refills: 0 }, '2026-03-02', DEFAULT_PROGRAM_CONFIG);
    assert.deepEqual(reasonCodes(us), ['DAYS_SUPPLY_OVER_30']);
  });

  const exempted = (justification: string) =>
    aProgramPatient().canGetPregnant().form('EU-PPP-ACK-2018', '2026-01-01').exemption({ decidedOn: '2026-02-02', patientAgreed: false, justification });

  test('P-06 PPP-EXM-1: exemption with reason and justification, no contraception, negative test and prescription 2026-02-02 → allowed, warning PPP_EXEMPTION_ACTIVE', () => {
    const patient = exempted('Not sexually active; discussed.').test('2026-02-02').prescription('rx-1', '2026-02-02');
    const decision = prescribe(patient, 'rx-1', 'EU');
    allowed(decision);
    assert.deepEqual(reasonCodes(decision.decision.warnings), ['PPP_EXEMPTION_ACTIVE']);
    allowed(dispense(patient, 'rx-1', '2026-02-02', 'EU'));
    const recorded = decideProgramExemption(firstExemption(patient), inJurisdiction('EU'));
    allowed(recorded);
    assert.deepEqual(reasonCodes(recorded.decision.warnings), ['EXEMPTION_TESTS_CONTINUE']);
  });

  test('P-06 PPP-EXM-1: empty justification → EXEMPTION_JUSTIFICATION_REQUIRED; no test → PREGNANCY_TEST_REQUIRED', () => {
    const empty = exempted('  ').test('2026-02-02').prescription('rx-1', '2026-02-02');
    refusedWith(prescribe(empty, 'rx-1', 'EU'), 'EXEMPTION_JUSTIFICATION_REQUIRED', 'CONTRACEPTION_REQUIRED');
    refusedWith(decideProgramExemption({ ...firstExemption(empty), justification: '' }, inJurisdiction('EU')), 'EXEMPTION_JUSTIFICATION_REQUIRED');
    const untested = exempted('Not sexually active.').prescription('rx-1', '2026-02-02');
    refusedWith(prescribe(untested, 'rx-1', 'EU'), 'PREGNANCY_TEST_REQUIRED');
  });

  const italian = () =>
    aProgramPatient()
      .canGetPregnant()
      .contraception('2026-01-01')
      .form('EU-PPP-ACK-2018', '2026-01-01')
      .test('2026-03-02')
      .prescription('rx-1', '2026-03-04', { certifiedOn: '2026-03-02' });

  test('P-07 PPP-NAT-IT-2: certification 2026-03-02, written 2026-03-04: dispense 2026-03-09 allowed, 2026-03-10 → DISPENSE_WINDOW_CLOSED', () => {
    allowed(prescribe(italian(), 'rx-1', 'EU-IT'));
    const lastDay = dispense(italian(), 'rx-1', '2026-03-09', 'EU-IT');
    allowed(lastDay);
    assert.equal(lastDay.lastDayToDispense, '2026-03-09');
    assert.equal(lastDay.key, 'EU-PPP-2018+IT');
    refusedWith(dispense(italian(), 'rx-1', '2026-03-10', 'EU-IT'), 'DISPENSE_WINDOW_CLOSED');
    // Without the overlay the same prescription is valid until 2026-03-11.
    allowed(dispense(italian(), 'rx-1', '2026-03-10', 'EU'));
  });

  test('P-07 PPP-NAT-IT-2: without a certification → CERTIFICATION_REQUIRED; a patient who cannot get pregnant counts from writing', () => {
    const uncertified = aProgramPatient()
      .canGetPregnant()
      .contraception('2026-01-01')
      .form('EU-PPP-ACK-2018', '2026-01-01')
      .test('2026-03-02')
      .prescription('rx-1', '2026-03-04');
    refusedWith(dispense(uncertified, 'rx-1', '2026-03-05', 'EU-IT'), 'CERTIFICATION_REQUIRED');
    const male = aProgramPatient().cannotGetPregnant().form('EU-PPP-ACK-2018', '2026-01-01').prescription('rx-1', '2026-03-04');
    allowed(dispense(male, 'rx-1', '2026-03-11', 'EU-IT'));
    refusedWith(dispense(male, 'rx-1', '2026-03-12', 'EU-IT'), 'DISPENSE_WINDOW_CLOSED');
  });

  const lapsed = () => euPatientReadyOn('2026-03-02');

  test('P-08 PPP-DSP-1: no lockout — prescription of 03-02 never dispensed; new test 03-11, new prescription and dispense 03-12 → allowed', () => {
    const patient = lapsed().test('2026-03-11').prescription('rx-2', '2026-03-12');
    allowed(prescribe(patient, 'rx-2', 'EU'));
    allowed(dispense(patient, 'rx-2', '2026-03-12', 'EU'));
    // The day after the old window closed already works (REMS-2021 would wait 19 days).
    const nextDay = lapsed().test('2026-03-10').prescription('rx-2', '2026-03-10');
    allowed(prescribe(nextDay, 'rx-2', 'EU'));
    allowed(dispense(nextDay, 'rx-2', '2026-03-10', 'EU'));
  });

  test('P-08 PPP-DSP-1: dispensing the old prescription on 2026-03-12 → PRESCRIPTION_EXPIRED', () => {
    const patient = lapsed().test('2026-03-11').prescription('rx-2', '2026-03-12');
    const decision = dispense(patient, 'rx-1', '2026-03-12', 'EU');
    refusedWith(decision, 'PRESCRIPTION_EXPIRED');
    assert.equal(theReason(decision, 'PRESCRIPTION_EXPIRED').deadline, '2026-03-09');
  });

  test('P-09 anchors differ: test 03-02, prescription 03-05, dispense 03-10 — US → WINDOW_CLOSED (last day 03-08), EU → allowed', () => {
    const us = givenPatient({ category: 'PCGP', enrolledOn: '2026-01-31' })
      .screeningTest('2026-01-31')
      .contraception({ declaredOn: '2026-01-31', startedOn: '2025-12-01' })
      .confirmationTest('2026-03-02')
      .monthlyVisit('2026-03-05', { prescription: 'rx-1' })
      .facts();
    const usDecision = authorizeFill(us, { prescriptionId: 'rx-1', requestedOn: '2026-03-10', pharmacyCertified: true }, DEFAULT_PROGRAM_CONFIG);
    assert.equal(usDecision.kind, 'refused');
    const closed = usDecision.decision.reasons.find((item) => item.code === 'WINDOW_CLOSED');
    assert.equal(closed?.deadline, '2026-03-08');
    const usLastDay = authorizeFill(us, { prescriptionId: 'rx-1', requestedOn: '2026-03-08', pharmacyCertified: true }, DEFAULT_PROGRAM_CONFIG);
    assert.equal(usLastDay.kind === 'authorized' && usLastDay.doNotDispenseAfter, '2026-03-08');

    const eu = aProgramPatient()
      .canGetPregnant()
      .contraception('2026-01-01')
      .form('EU-PPP-ACK-2018', '2026-01-01')
      .test('2026-03-02')
      .prescription('rx-1', '2026-03-05');
    const euDecision = dispense(eu, 'rx-1', '2026-03-10', 'EU');
    allowed(euDecision);
    assert.equal(euDecision.lastDayToDispense, '2026-03-12');
    refusedWith(dispense(eu, 'rx-1', '2026-03-13', 'EU'), 'DISPENSE_WINDOW_CLOSED');
    // The US organization's dispense does not go through this checklist at all.
    refusedWith(dispense(eu, 'rx-1', '2026-03-10', 'US'), 'PROGRAM_USES_REMS_ENGINE');
  });
});

/** A UK patient who can get pregnant with everything for a first prescription on `on` but what the test changes. */
function ukPatient(birthDate: string, on: string, form: 'UK-ARF-2023' | 'UK-ARF-2026' = 'UK-ARF-2023'): ProgramPatient {
  return aProgramPatient(birthDate).canGetPregnant().contraception('2025-09-01').form(form, on).assessed(on).test(on).prescription('rx-1', on);
}

describe('UK (programs.md §4)', () => {
  test('P-10 UK-AGE-1: born 2009-05-15, first prescription 2026-01-15 with one prescriber → SECOND_PRESCRIBER_REQUIRED, earliest 2026-01-22', () => {
    const decision = prescribe(ukPatient('2009-05-15', '2026-01-15'), 'rx-1', 'GB');
    refusedWith(decision, 'SECOND_PRESCRIBER_REQUIRED');
    assert.equal(decision.key, 'UK-2023');
    assert.equal(theReason(decision, 'SECOND_PRESCRIBER_REQUIRED').earliestChangeDate, '2026-01-22');
    allowed(prescribe(ukPatient('2009-05-15', '2026-01-15').secondPrescriber('2026-01-14'), 'rx-1', 'GB'));
    // The lead's own agreement is not a second prescriber's.
    refusedWith(prescribe(ukPatient('2009-05-15', '2026-01-15').secondPrescriber('2026-01-14', 'lead'), 'rx-1', 'GB'), 'SECOND_PRESCRIBER_REQUIRED');
  });

  test('P-11 UK-ACK-2: 2026-01-21 with the 2026 form and no second prescriber → refused (still UK-2023)', () => {
    const decision = prescribe(ukPatient('2009-05-15', '2026-01-21', 'UK-ARF-2026'), 'rx-1', 'GB');
    assert.equal(decision.key, 'UK-2023');
    assert.equal(decision.decision.allowed, false);
    assert.ok(reasonCodes(decision.decision.reasons).includes('SECOND_PRESCRIBER_REQUIRED'));
  });

  test('P-11 UK-ACK-2: 2026-01-22 with UK-ARF-2026 signed by both → allowed (UK-2026); with only the 2023 form → ACKNOWLEDGEMENT_FORM_OUTDATED', () => {
    const decision = prescribe(ukPatient('2009-05-15', '2026-01-22', 'UK-ARF-2026'), 'rx-1', 'GB');
    allowed(decision);
    assert.equal(decision.key, 'UK-2026');
    refusedWith(prescribe(ukPatient('2009-05-15', '2026-01-22', 'UK-ARF-2023'), 'rx-1', 'GB'), 'ACKNOWLEDGEMENT_FORM_OUTDATED');
    const patientOnly = aProgramPatient('2009-05-15')
      .canGetPregnant()
      .contraception('2025-09-01')
      .form('UK-ARF-2026', '2026-01-22', { prescriber: false })
      .assessed('2026-01-22')
      .test('2026-01-22')
      .prescription('rx-1', '2026-01-22');
    refusedWith(prescribe(patientOnly, 'rx-1', 'GB'), 'ACKNOWLEDGEMENT_SIGNATURE_MISSING');
  });

  test('P-11 UK-TRN-1: with a transition end set, the 2023 form and a second prescriber still start a course until that day', () => {
    const settings: ParameterSetting[] = [{ key: 'UK_ARF_TRANSITION_END', value: '2026-02-28', effectiveFrom: '2026-01-22', source: 'Trust policy 7' }];
    const onLastDay = aProgramPatient('2009-05-15')
      .canGetPregnant()
      .contraception('2025-09-01')
      .form('UK-ARF-2023', '2026-02-28')
      .assessed('2026-02-28')
      .test('2026-02-28')
      .prescription('rx-1', '2026-02-28');
    refusedWith(prescribe(onLastDay, 'rx-1', 'GB', DERMATOLOGIST, settings), 'SECOND_PRESCRIBER_REQUIRED');
    allowed(prescribe(onLastDay.secondPrescriber('2026-02-27'), 'rx-1', 'GB', DERMATOLOGIST, settings));
    const dayAfter = aProgramPatient('2009-05-15')
      .canGetPregnant()
      .contraception('2025-09-01')
      .form('UK-ARF-2023', '2026-03-01')
      .assessed('2026-03-01')
      .test('2026-03-01')
      .prescription('rx-1', '2026-03-01')
      .secondPrescriber('2026-02-27');
    refusedWith(prescribe(dayAfter, 'rx-1', 'GB', DERMATOLOGIST, settings), 'ACKNOWLEDGEMENT_FORM_OUTDATED');
  });

  test('P-12 UK-AGE-1: born 2007-11-10 — first prescription 2025-11-09 (17) needs a second prescriber; 2025-11-10 (18) does not', () => {
    const seventeen = prescribe(ukPatient('2007-11-10', '2025-11-09'), 'rx-1', 'GB');
    refusedWith(seventeen, 'SECOND_PRESCRIBER_REQUIRED');
    assert.equal(theReason(seventeen, 'SECOND_PRESCRIBER_REQUIRED').earliestChangeDate, '2025-11-10');
    allowed(prescribe(ukPatient('2007-11-10', '2025-11-10'), 'rx-1', 'GB'));
  });

  const ended = () => aProgramPatient().canGetPregnant().lastDose('2026-05-31');

  test('P-13 PPP-PT-3: last dose 2026-05-31 — a test of 06-29 is stored, not final (END_TEST_TOO_EARLY, earliest 06-30); 06-30 is final', () => {
    const early = decideTestRecord(
      ended().facts(),
      { id: 't', specimenDate: '2026-06-29', result: 'negative', setting: 'lab', sensitivityMiuPerMl: null, supervisorId: null, evidence: null },
      inJurisdiction('GB'),
    );
    allowed(early);
    assert.equal(early.final, false);
    assert.equal(theReason(early, 'END_TEST_TOO_EARLY').earliestChangeDate, '2026-06-30');
    const onTime = decideTestRecord(
      ended().facts(),
      { id: 't', specimenDate: '2026-06-30', result: 'negative', setting: 'lab', sensitivityMiuPerMl: null, supervisorId: null, evidence: null },
      inJurisdiction('GB'),
    );
    allowed(onTime);
    assert.equal(onTime.final, true);
    assert.deepEqual(onTime.decision.warnings, []);
  });

  test('P-13 PPP-PT-3: none by 2026-07-14 → no flag; on 2026-07-15 → END_TEST_OVERDUE; a final test clears it', () => {
    assert.deepEqual(endOfTreatmentFlags(ended().facts(), '2026-07-14', inJurisdiction('GB')).decision.warnings, []);
    assert.deepEqual(reasonCodes(endOfTreatmentFlags(ended().facts(), '2026-07-15', inJurisdiction('GB')).decision.warnings), ['END_TEST_OVERDUE']);
    assert.deepEqual(reasonCodes(endOfTreatmentFlags(ended().test('2026-06-29').facts(), '2026-07-15', inJurisdiction('GB')).decision.warnings), [
      'END_TEST_OVERDUE',
    ]);
    assert.deepEqual(endOfTreatmentFlags(ended().test('2026-06-30').facts(), '2026-07-15', inJurisdiction('GB')).decision.warnings, []);
    // Finland: 5 weeks (PPP-NAT-FI-1).
    const finnish = (on: string) =>
      decideTestRecord(
        ended().facts(),
        { id: 't', specimenDate: on, result: 'negative', setting: 'lab', sensitivityMiuPerMl: null, supervisorId: null, evidence: null },
        inJurisdiction('EU-FI'),
      );
    assert.equal(finnish('2026-07-04').final, false);
    assert.equal(finnish('2026-07-05').final, true);
  });

  const remote = (specimenDate: string, supervised = true) => ({
    id: 't',
    specimenDate,
    result: 'negative' as const,
    setting: 'remoteSupervised' as const,
    sensitivityMiuPerMl: null,
    supervisorId: supervised ? 'nurse-1' : null,
    evidence: supervised ? 'video visit 42' : null,
  });

  test('P-14 UK-PT-1: a video-supervised specimen of 2025-10-26 → REMOTE_TEST_NOT_ALLOWED (earliest 10-27); 2025-10-27 with supervisor and evidence → accepted', () => {
    const facts = aProgramPatient().canGetPregnant().facts();
    const before = decideTestRecord(facts, remote('2025-10-26'), inJurisdiction('GB'));
    refusedWith(before, 'REMOTE_TEST_NOT_ALLOWED');
    assert.equal(theReason(before, 'REMOTE_TEST_NOT_ALLOWED').earliestChangeDate, '2025-10-27');
    allowed(decideTestRecord(facts, remote('2025-10-27'), inJurisdiction('GB')));
    refusedWith(decideTestRecord(facts, remote('2025-10-27', false), inJurisdiction('GB')), 'REMOTE_TEST_EVIDENCE_REQUIRED');
    refusedWith(decideTestRecord(facts, remote('2026-03-02'), inJurisdiction('EU')), 'REMOTE_TEST_NOT_ALLOWED');
    refusedWith(decideTestRecord(facts, { ...remote('2026-03-02'), setting: 'home' }, inJurisdiction('GB')), 'HOME_TEST_NOT_ALLOWED');
  });

  test('P-15 UK-VIS-1: a remote first appointment → FIRST_APPOINTMENT_MUST_BE_IN_PERSON; remote follow-up 2025-10-26 refused, 2025-10-27 with agreement accepted', () => {
    const none = aProgramPatient().facts();
    refusedWith(decideVisit(none, { on: '2025-11-03', mode: 'remote', patientAgreed: true }, inJurisdiction('GB')), 'FIRST_APPOINTMENT_MUST_BE_IN_PERSON');
    const seen = aProgramPatient().visit('2025-09-01', 'inPerson').facts();
    const early = decideVisit(seen, { on: '2025-10-26', mode: 'remote', patientAgreed: true }, inJurisdiction('GB'));
    refusedWith(early, 'REMOTE_FOLLOW_UP_NOT_ALLOWED');
    assert.equal(theReason(early, 'REMOTE_FOLLOW_UP_NOT_ALLOWED').earliestChangeDate, '2025-10-27');
    allowed(decideVisit(seen, { on: '2025-10-27', mode: 'remote', patientAgreed: true }, inJurisdiction('GB')));
    refusedWith(decideVisit(seen, { on: '2025-10-27', mode: 'remote', patientAgreed: false }, inJurisdiction('GB')), 'REMOTE_FOLLOW_UP_NEEDS_AGREEMENT');
    allowed(decideVisit(none, { on: '2025-11-03', mode: 'inPerson', patientAgreed: false }, inJurisdiction('GB')));
  });

  test('P-16 UK-CAT-1 vs R-CAT-1: uterus, ovaries and a clinician-confirmed tubal sterilisation — not CBP under UK-2023, PCGP under REMS-2021', () => {
    const patient = aProgramPatient().canGetPregnant().reproductive('tubalSterilisationConfirmed', '2024-05-01');
    assert.equal(childbearingPotential('UK-2023', patient.facts(), '2026-03-02').canGetPregnant, false);
    assert.equal(childbearingPotential('UK-2026', patient.facts(), '2026-03-02').canGetPregnant, false);
    assert.equal(childbearingPotential('REMS-2021', patient.facts(), '2026-03-02').canGetPregnant, true);
    assert.equal(childbearingPotential('EU-PPP-2018', patient.facts(), '2026-03-02').canGetPregnant, true);
    // Before the sterilisation was confirmed, the UK counted the patient as able to get pregnant.
    assert.equal(childbearingPotential('UK-2023', patient.facts(), '2024-04-30').canGetPregnant, true);
    // The US engine refuses PCNGP on a tubal ligation (R-CAT-1, T-28).
    assert.deepEqual(reasonCodes(categoryChoiceReasons({ category: 'PCNGP', criterion: 'tubalLigation', reason: null })), ['CATEGORY_CRITERION_INVALID']);
    // The same facts: no test needed in the UK, one needed in the EU.
    const written = patient.form('UK-ARF-2026', '2026-03-02').form('EU-PPP-ACK-2018', '2026-03-02').assessed('2026-03-02').prescription('rx-1', '2026-03-02');
    allowed(prescribe(written, 'rx-1', 'GB'));
    refusedWith(prescribe(written, 'rx-1', 'EU'), 'CONTRACEPTION_REQUIRED', 'PREGNANCY_TEST_REQUIRED');
  });

  const ukLead = (contraceptionFrom: string) =>
    aProgramPatient()
      .canGetPregnant()
      .contraception(contraceptionFrom)
      .form('UK-ARF-2026', '2026-01-25')
      .assessed('2026-02-27')
      .test('2026-02-27')
      .prescription('rx-1', '2026-02-27');

  test('P-17 UK-CON-1: first dispense 2026-02-27 — contraception from 2026-01-30 (28 d) allowed; from 2026-01-31 (27 d) → CONTRACEPTION_LEAD_TOO_SHORT', () => {
    allowed(dispense(ukLead('2026-01-30'), 'rx-1', '2026-02-27', 'GB'));
    const short = dispense(ukLead('2026-01-31'), 'rx-1', '2026-02-27', 'GB');
    refusedWith(short, 'CONTRACEPTION_LEAD_TOO_SHORT');
    assert.equal(theReason(short, 'CONTRACEPTION_LEAD_TOO_SHORT').rule, 'UK-CON-1');
    assert.equal(theReason(short, 'CONTRACEPTION_LEAD_TOO_SHORT').earliestChangeDate, '2026-02-28');
  });

  test('P-17 the prescription behind the 28-day dispense is allowed too: the pre-start test may follow contraception by four weeks in the UK', () => {
    allowed(prescribe(ukLead('2026-01-30'), 'rx-1', 'GB'));
    refusedWith(prescribe(ukLead('2026-01-31'), 'rx-1', 'GB'), 'PRESTART_TEST_TOO_SOON_AFTER_CONTRACEPTION');
  });

  const course = () =>
    aProgramPatient('2009-06-01')
      .canGetPregnant()
      .visit('2025-12-01', 'inPerson')
      .contraception('2025-10-01')
      .secondPrescriber('2025-12-01')
      .form('UK-ARF-2023', '2025-12-01')
      .assessed('2025-12-01')
      .test('2025-12-04')
      .prescription('rx-1', '2025-12-05')
      .dispensed('rx-1', '2025-12-05')
      .assessed('2026-01-19')
      .test('2026-01-19', { setting: 'remoteSupervised' })
      .prescription('rx-2', '2026-01-21');

  test('P-18 switch inside a course: month 1 under UK-2023, month 2 prescribed under UK-2023 and dispensed under UK-2026, each decision with its key', () => {
    const first = prescribe(course(), 'rx-1', 'GB');
    allowed(first);
    assert.equal(first.key, 'UK-2023');
    const secondRx = prescribe(course(), 'rx-2', 'GB');
    allowed(secondRx);
    assert.equal(secondRx.key, 'UK-2023');
    const secondDispense = dispense(course(), 'rx-2', '2026-01-23', 'GB');
    allowed(secondDispense);
    assert.equal(secondDispense.key, 'UK-2026');
    assert.equal(secondDispense.lastDayToDispense, '2026-01-28');
  });

  test('P-18 UK-ASM-2: month 3 prescription 2026-02-18 (UK-2026) without a sexual-function entry → SEXUAL_FUNCTION_ASSESSMENT_REQUIRED; no 2026 form needed', () => {
    const month3 = course().dispensed('rx-2', '2026-01-23').assessment('mentalHealth', '2026-02-17').test('2026-02-17').prescription('rx-3', '2026-02-18');
    const decision = prescribe(month3, 'rx-3', 'GB');
    refusedWith(decision, 'SEXUAL_FUNCTION_ASSESSMENT_REQUIRED');
    assert.equal(decision.key, 'UK-2026');
    allowed(prescribe(month3.assessment('sexualFunction', '2026-02-18'), 'rx-3', 'GB'));
    // An assessment of the previous month does not count for this one (each visit).
    const stale = course().dispensed('rx-2', '2026-01-23').test('2026-02-17').prescription('rx-3', '2026-02-18');
    refusedWith(prescribe(stale, 'rx-3', 'GB'), 'MENTAL_HEALTH_ASSESSMENT_REQUIRED', 'SEXUAL_FUNCTION_ASSESSMENT_REQUIRED');
  });

  test('P-19 UK-EXM-1: a prescriber-only exemption → EXEMPTION_PATIENT_AGREEMENT_REQUIRED; with agreement, contraception waived and tests still due', () => {
    const record = {
      decidedOn: '2026-03-02',
      prescriberId: 'lead',
      patientAgreed: false,
      reasonCode: 'NOT_SEXUALLY_ACTIVE' as const,
      justification: 'Not sexually active.',
      reviewAt: null,
    };
    refusedWith(decideProgramExemption(record, inJurisdiction('GB')), 'EXEMPTION_PATIENT_AGREEMENT_REQUIRED');
    const agreed = decideProgramExemption({ ...record, patientAgreed: true }, inJurisdiction('GB'));
    allowed(agreed);
    assert.deepEqual(reasonCodes(agreed.decision.warnings), ['EXEMPTION_TESTS_CONTINUE']);
    const base = () => aProgramPatient().canGetPregnant().form('UK-ARF-2026', '2026-03-02').assessed('2026-03-02').prescription('rx-1', '2026-03-02');
    refusedWith(prescribe(base().exemption(record).test('2026-03-02'), 'rx-1', 'GB'), 'EXEMPTION_PATIENT_AGREEMENT_REQUIRED', 'CONTRACEPTION_REQUIRED');
    allowed(
      prescribe(
        base()
          .exemption({ ...record, patientAgreed: true })
          .test('2026-03-02'),
        'rx-1',
        'GB',
      ),
    );
    refusedWith(prescribe(base().exemption({ ...record, patientAgreed: true }), 'rx-1', 'GB'), 'PREGNANCY_TEST_REQUIRED');
  });
});

const caPatient = () =>
  aProgramPatient().canGetPregnant().contraception('2026-01-01').form('CA-ICA', '2026-03-02').test('2026-03-02', { setting: 'licensedLab' });

describe('Canada (programs.md §4)', () => {
  test('P-20 CA-PT-1: one negative test (2026-03-02) → the first dispense is refused SECOND_PRESTART_TEST_REQUIRED', () => {
    const patient = caPatient().prescription('rx-1', '2026-03-02');
    allowed(prescribe(patient, 'rx-1', 'CA'));
    refusedWith(dispense(patient, 'rx-1', '2026-03-02', 'CA'), 'SECOND_PRESTART_TEST_REQUIRED');
  });

  test('P-20 CA-PT-1: second lab test 2026-03-20 — dispense 2026-03-31 (11 d) allowed, 2026-04-01 (12 d) → PRESTART_TEST_TOO_OLD', () => {
    const patient = caPatient().test('2026-03-20', { setting: 'licensedLab' }).prescription('rx-1', '2026-03-30');
    allowed(prescribe(patient, 'rx-1', 'CA'));
    allowed(dispense(patient, 'rx-1', '2026-03-31', 'CA'));
    refusedWith(dispense(patient, 'rx-1', '2026-04-01', 'CA'), 'PRESTART_TEST_TOO_OLD');
  });

  test('P-21 CA-PT-3: a month-2 test done at home → LICENSED_LAB_REQUIRED; it does not qualify the prescription', () => {
    const month2 = caPatient()
      .test('2026-03-20', { setting: 'licensedLab' })
      .prescription('rx-1', '2026-03-20')
      .dispensed('rx-1', '2026-03-20')
      .test('2026-04-17', { setting: 'home' })
      .prescription('rx-2', '2026-04-18');
    const home = month2.facts().pregnancyTests.at(-1);
    assert.ok(home);
    refusedWith(decideTestRecord(month2.facts(), home, inJurisdiction('CA')), 'LICENSED_LAB_REQUIRED');
    refusedWith(decideTestRecord(month2.facts(), { ...home, setting: 'clinic' }, inJurisdiction('CA')), 'LICENSED_LAB_REQUIRED');
    allowed(decideTestRecord(month2.facts(), { ...home, setting: 'licensedLab' }, inJurisdiction('CA')));
    refusedWith(prescribe(month2, 'rx-2', 'CA'), 'LICENSED_LAB_REQUIRED', 'PREGNANCY_TEST_REQUIRED');
    allowed(prescribe(month2.test('2026-04-17', { setting: 'licensedLab' }), 'rx-2', 'CA'));
  });

  test('P-22 CA-PT-4: last dose 2026-08-15 — a test of 2026-09-13 is too early; 2026-09-14 counts', () => {
    const facts = aProgramPatient().canGetPregnant().lastDose('2026-08-15').facts();
    const test = (on: string) =>
      decideTestRecord(
        facts,
        { id: 't', specimenDate: on, result: 'negative', setting: 'licensedLab', sensitivityMiuPerMl: null, supervisorId: null, evidence: null },
        inJurisdiction('CA'),
      );
    const early = test('2026-09-13');
    assert.equal(early.final, false);
    assert.equal(theReason(early, 'END_TEST_TOO_EARLY').rule, 'CA-PT-4');
    assert.equal(test('2026-09-14').final, true);
  });
});

const auPatient = () => aProgramPatient().canGetPregnant().contraception('2025-01-01');

describe('Australia (programs.md §4)', () => {
  test('P-23 AU-PRESC-1: ACT, a general practitioner without recorded authority → PRESCRIBER_NOT_AUTHORISED; a dermatologist → allowed', () => {
    const patient = auPatient().assessment('mentalHealth', '2026-03-01').prescription('rx-1', '2026-03-02');
    refusedWith(prescribe(patient, 'rx-1', 'AU-ACT', GENERAL_PRACTITIONER), 'PRESCRIBER_NOT_AUTHORISED');
    const decision = prescribe(patient, 'rx-1', 'AU-ACT');
    allowed(decision);
    assert.equal(decision.key, 'AU+ACT');
    const withAuthority = { ...GENERAL_PRACTITIONER, recordedAuthority: { state: 'ACT', grantedOn: '2026-03-02' } };
    allowed(prescribe(patient, 'rx-1', 'AU-ACT', withAuthority));
    refusedWith(
      prescribe(patient, 'rx-1', 'AU-ACT', { ...withAuthority, recordedAuthority: { state: 'ACT', grantedOn: '2026-03-03' } }),
      'PRESCRIBER_NOT_AUTHORISED',
    );
    refusedWith(
      prescribe(patient, 'rx-1', 'AU-ACT', { ...withAuthority, recordedAuthority: { state: 'NSW', grantedOn: '2026-01-01' } }),
      'PRESCRIBER_NOT_AUTHORISED',
    );
  });

  test('P-24 AU-MH-1: no mental-health assessment — first prescription 2025-04-07 allowed with a warning; 2025-04-08 → MENTAL_HEALTH_ASSESSMENT_REQUIRED', () => {
    const before = prescribe(auPatient().prescription('rx-1', '2025-04-07'), 'rx-1', 'AU-ACT');
    allowed(before);
    assert.deepEqual(reasonCodes(before.decision.warnings), ['MENTAL_HEALTH_ASSESSMENT_RECOMMENDED']);
    refusedWith(prescribe(auPatient().prescription('rx-1', '2025-04-08'), 'rx-1', 'AU-ACT'), 'MENTAL_HEALTH_ASSESSMENT_REQUIRED');
    allowed(prescribe(auPatient().assessment('mentalHealth', '2025-04-08').prescription('rx-1', '2025-04-08'), 'rx-1', 'AU-ACT'));
  });

  test('P-25 AU-RX-1: no dispensing window — prescription 2026-05-04 dispensed 2026-05-24 → allowed, no last day', () => {
    const patient = (testOn: string) =>
      auPatient().assessment('mentalHealth', '2026-05-04').prescription('rx-1', '2026-05-04').test(testOn, { setting: 'clinic' });
    const decision = dispense(patient('2026-05-10'), 'rx-1', '2026-05-24', 'AU-VIC');
    allowed(decision);
    assert.equal(decision.lastDayToDispense, null);
    // AU-PT-1: the pre-start test is at most 14 days before the start.
    refusedWith(dispense(patient('2026-05-09'), 'rx-1', '2026-05-24', 'AU-VIC'), 'PRESTART_TEST_TOO_OLD');
    refusedWith(dispense(patient('2026-05-10'), 'rx-1', '2026-05-03', 'AU-VIC'), 'PRESCRIPTION_NOT_YET_VALID');
  });
});

describe('Cross-program (programs.md §4)', () => {
  test('P-26 R-CAT-1: a US organization records an exemption → EXEMPTION_NOT_IN_PROGRAM (both rule sets); Canada has none either', () => {
    const record = {
      decidedOn: '2026-03-02',
      prescriberId: 'lead',
      patientAgreed: true,
      reasonCode: 'NOT_SEXUALLY_ACTIVE' as const,
      justification: 'Not sexually active.',
      reviewAt: null,
    };
    const us2021 = decideProgramExemption(record, inJurisdiction('US'));
    refusedWith(us2021, 'EXEMPTION_NOT_IN_PROGRAM');
    assert.equal(us2021.key, 'REMS-2021');
    const us2026 = decideProgramExemption({ ...record, decidedOn: '2026-08-08' }, inJurisdiction('US'));
    refusedWith(us2026, 'EXEMPTION_NOT_IN_PROGRAM');
    assert.equal(us2026.key, 'REMS-2026');
    refusedWith(decideProgramExemption(record, inJurisdiction('CA')), 'EXEMPTION_NOT_IN_PROGRAM');
    allowed(decideProgramExemption(record, inJurisdiction('EU')));
  });

  test('P-27: no jurisdiction → PROGRAM_NOT_CONFIGURED for every decision', () => {
    const patient = euPatientReadyOn('2026-03-02');
    const facts = patient.facts();
    const test = facts.pregnancyTests[0];
    assert.ok(test);
    for (const decision of [
      prescribe(patient, 'rx-1', null),
      dispense(patient, 'rx-1', '2026-03-02', null),
      decideTestRecord(facts, test, inJurisdiction(null)),
      decideVisit(facts, { on: '2026-03-02', mode: 'inPerson', patientAgreed: true }, inJurisdiction(null)),
      decideProgramExemption(
        { decidedOn: '2026-03-02', prescriberId: 'lead', patientAgreed: true, reasonCode: 'OTHER', justification: 'x', reviewAt: null },
        inJurisdiction(null),
      ),
      endOfTreatmentFlags(facts, '2026-03-02', inJurisdiction(null)),
    ]) {
      refusedWith(decision, 'PROGRAM_NOT_CONFIGURED');
      assert.equal(decision.key, null);
    }
    const choice = ruleSetFor(null, '2026-03-02', []);
    assert.equal(choice.kind, 'refused');
  });
});
