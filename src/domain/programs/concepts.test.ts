// The concepts of the programs outside the US, one by one, where the scenarios of programs.md §4
// leave an edge untested — and each read through the parameters in force, so that an
// organization's setting changes the answer (issue 14, item 4).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DERMATOLOGIST, aProgramPatient, inJurisdiction, reasonCodes } from '../../../test/support/programFacts.js';
import { decideAcknowledgement } from './acknowledgement.js';
import { assessmentReasons } from './assessments.js';
import { childbearingPotential } from './childbearingPotential.js';
import { exemptionOn } from './exemption.js';
import { parametersInForce, type ParameterSetting } from './parameters.js';
import { decideProgramPrescription } from './programDecisions.js';
import { prescriptionTestCheck, testSettingReasons } from './pregnancyTestRules.js';
import { secondPrescriberReasons } from './secondPrescriber.js';
import { supplyCapReasons } from './supplyCap.js';

const setting = (key: ParameterSetting['key'], value: ParameterSetting['value'], effectiveFrom = '2026-01-01'): ParameterSetting => ({
  key,
  value,
  effectiveFrom,
  source: 'Test document',
});

describe('childbearing potential (PPP-CAT-1, UK-CAT-1)', () => {
  test('menopause or no uterus/ovaries ends it under every rule set; no fact at all means the patient can get pregnant', () => {
    const menopause = aProgramPatient().canGetPregnant().reproductive('menopauseConfirmed', '2025-01-01').facts();
    for (const id of ['EU-PPP-2018', 'UK-2023', 'CA', 'AU', 'REMS-2026'] as const) {
      assert.equal(childbearingPotential(id, menopause, '2025-01-01').canGetPregnant, false, id);
      assert.equal(childbearingPotential(id, menopause, '2024-12-31').canGetPregnant, true, id);
    }
    const unknown = childbearingPotential('EU-PPP-2018', aProgramPatient().facts(), '2026-03-02');
    assert.deepEqual(unknown, { canGetPregnant: true, rule: 'PPP-CAT-1', decidedBy: null });
  });
});

describe('exemption (PPP-EXM-1, UK-EXM-1)', () => {
  test('it waives contraception only, unless an organization sets EXEMPTION_WAIVES_TESTS; the latest record by the day judged counts', () => {
    const facts = aProgramPatient().exemption({ decidedOn: '2026-02-02', patientAgreed: false }).facts();
    const eu = exemptionOn('EU-PPP-2018', parametersInForce('EU-PPP-2018', '2026-03-02', []), facts, '2026-03-02');
    assert.equal(eu.waivesContraception, true);
    assert.equal(eu.waivesTests, false);
    const waived = parametersInForce('EU-PPP-2018', '2026-03-02', [setting('EXEMPTION_WAIVES_TESTS', true)]);
    assert.equal(exemptionOn('EU-PPP-2018', waived, facts, '2026-03-02').waivesTests, true);
    assert.equal(exemptionOn('EU-PPP-2018', waived, facts, '2026-02-01').latest, null, 'not yet recorded');
    // The same record does not stand in the UK (no patient agreement), nor where the program has none.
    assert.deepEqual(reasonCodes(exemptionOn('UK-2026', parametersInForce('UK-2026', '2026-03-02', []), facts, '2026-03-02').problems), [
      'EXEMPTION_PATIENT_AGREEMENT_REQUIRED',
    ]);
    assert.deepEqual(reasonCodes(exemptionOn('AU', parametersInForce('AU', '2026-03-02', []), facts, '2026-03-02').problems), ['EXEMPTION_NOT_IN_PROGRAM']);
  });
});

describe('supply cap (PPP-RX-1, CA-RX-1, AU-RX-1)', () => {
  test('Australia has no cap; an organization may set one for every patient', () => {
    assert.deepEqual(supplyCapReasons('AU', parametersInForce('AU', '2026-03-02', []), 90, true), []);
    const all = parametersInForce('EU-PPP-2018', '2026-03-02', [setting('MAX_DAYS_SUPPLY_APPLIES_TO', 'all')]);
    assert.deepEqual(reasonCodes(supplyCapReasons('EU-PPP-2018', all, 31, false)), ['DAYS_SUPPLY_OVER_LIMIT']);
    assert.deepEqual(supplyCapReasons('EU-PPP-2018', all, 30, false), []);
  });
});

describe('assessments (UK-ASM-1, UK-ASM-2, AU-MH-1)', () => {
  test("UK: with SEXUAL_FUNCTION_EACH_VISIT set false, the first prescription's assessment is enough for the later ones", () => {
    const facts = aProgramPatient().assessed('2026-02-01').assessment('mentalHealth', '2026-03-01').facts();
    const defaults = parametersInForce('UK-2026', '2026-03-02', []);
    assert.deepEqual(reasonCodes(assessmentReasons('UK-2026', defaults, facts, '2026-03-02', '2026-02-02').reasons), ['SEXUAL_FUNCTION_ASSESSMENT_REQUIRED']);
    const once = parametersInForce('UK-2026', '2026-03-02', [setting('SEXUAL_FUNCTION_EACH_VISIT', false)]);
    assert.deepEqual(assessmentReasons('UK-2026', once, facts, '2026-03-02', '2026-02-02').reasons, []);
    assert.deepEqual(assessmentReasons('EU-PPP-2018', parametersInForce('EU-PPP-2018', '2026-03-02', []), aProgramPatient().facts(), '2026-03-02', null), {
      reasons: [],
      warnings: [],
    });
  });

  test('AU: an organization may move AU_MH_ASSESSMENT_FROM', () => {
    const facts = aProgramPatient().facts();
    const later = parametersInForce('AU', '2025-04-08', [setting('AU_MH_ASSESSMENT_FROM', '2025-05-01', '2025-01-01')]);
    assert.deepEqual(reasonCodes(assessmentReasons('AU', later, facts, '2025-04-08', null).warnings), ['MENTAL_HEALTH_ASSESSMENT_RECOMMENDED']);
    assert.deepEqual(reasonCodes(assessmentReasons('AU', later, facts, '2025-05-01', null).reasons), ['MENTAL_HEALTH_ASSESSMENT_REQUIRED']);
  });
});

describe('acknowledgement form (PPP-ACK-1, UK-ACK-1/2, CA-ACK-1)', () => {
  test('a form version the program does not know is refused when recorded', () => {
    const form = { formVersion: 'CA-ICA' as const, signedOn: '2026-03-02', signedByPatient: true, signedByPrescriber: true };
    assert.deepEqual(reasonCodes(decideAcknowledgement('UK-2026', form).reasons), ['FORM_VERSION_UNKNOWN']);
    assert.equal(decideAcknowledgement('CA', form).allowed, true);
    assert.equal(decideAcknowledgement('UK-2026', { ...form, formVersion: 'UK-ARF-2023' }).allowed, true);
  });

  test('Canada: the patient signs; the EU needs the prescriber too', () => {
    const patientOnly = (version: 'CA-ICA' | 'EU-PPP-ACK-2018') =>
      aProgramPatient().cannotGetPregnant().form(version, '2026-03-02', { prescriber: false }).prescription('rx-1', '2026-03-02');
    const ca = patientOnly('CA-ICA');
    assert.equal(
      decideProgramPrescription(ca.facts(), { prescription: ca.prescriptionById('rx-1'), prescriber: DERMATOLOGIST }, inJurisdiction('CA')).decision.allowed,
      true,
    );
    const eu = patientOnly('EU-PPP-ACK-2018');
    assert.deepEqual(
      reasonCodes(
        decideProgramPrescription(eu.facts(), { prescription: eu.prescriptionById('rx-1'), prescriber: DERMATOLOGIST }, inJurisdiction('EU')).decision.reasons,
      ),
      ['ACKNOWLEDGEMENT_SIGNATURE_MISSING'],
    );
  });
});

describe('second prescriber (UK-AGE-1)', () => {
  test('an organization may set SECOND_PRESCRIBER_UNDER_AGE under UK-2026; judged on the first prescription only', () => {
    const facts = aProgramPatient('2010-06-01').facts();
    assert.deepEqual(secondPrescriberReasons({ underAge: null, droppedOn: null }, facts, '2026-03-02', 'lead'), []);
    const sixteen = parametersInForce('UK-2026', '2026-03-02', [setting('SECOND_PRESCRIBER_UNDER_AGE', 16)]);
    const under = secondPrescriberReasons({ underAge: sixteen.SECOND_PRESCRIBER_UNDER_AGE as number, droppedOn: null }, facts, '2026-05-31', 'lead');
    assert.deepEqual(reasonCodes(under), ['SECOND_PRESCRIBER_REQUIRED']);
    assert.equal(under[0]?.earliestChangeDate, '2026-06-01');
    assert.deepEqual(secondPrescriberReasons({ underAge: 16, droppedOn: null }, facts, '2026-06-01', 'lead'), []);
  });
});

describe('pregnancy-test rules (PPP-PT-1/2, CA-PT-3, AU-PT-1)', () => {
  test("a test less sensitive than HCG_MIN_SENSITIVITY_MIU_ML does not count; an organization's setting moves the bar", () => {
    const test = {
      id: 't',
      specimenDate: '2026-03-02',
      result: 'negative' as const,
      setting: 'lab' as const,
      sensitivityMiuPerMl: 50,
      supervisorId: null,
      evidence: null,
    };
    assert.deepEqual(reasonCodes(testSettingReasons('EU-PPP-2018', parametersInForce('EU-PPP-2018', '2026-03-02', []), test)), ['TEST_NOT_SENSITIVE_ENOUGH']);
    assert.deepEqual(testSettingReasons('EU-PPP-2018', parametersInForce('EU-PPP-2018', '2026-03-02', [setting('HCG_MIN_SENSITIVITY_MIU_ML', 50)]), test), []);
    assert.deepEqual(testSettingReasons('EU-PPP-2018', parametersInForce('EU-PPP-2018', '2026-03-02', []), { ...test, sensitivityMiuPerMl: 25 }), []);
  });

  test('with MONTHLY_TEST_REQUIRED set false, a later prescription needs no test; TEST_MAX_DAYS_BEFORE_RX moves the edge', () => {
    const facts = aProgramPatient().test('2026-03-02').facts();
    const monthlyOff = parametersInForce('EU-PPP-2018', '2026-04-01', [setting('MONTHLY_TEST_REQUIRED', false)]);
    assert.deepEqual(prescriptionTestCheck('EU-PPP-2018', monthlyOff, facts, '2026-04-01', '2026-03-02', null).reasons, []);
    const defaults = parametersInForce('EU-PPP-2018', '2026-04-01', []);
    assert.deepEqual(reasonCodes(prescriptionTestCheck('EU-PPP-2018', defaults, facts, '2026-04-01', '2026-03-02', null).reasons), [
      'TEST_TOO_OLD_FOR_PRESCRIPTION',
    ]);
    const five = parametersInForce('EU-PPP-2018', '2026-03-07', [setting('TEST_MAX_DAYS_BEFORE_RX', 5)]);
    assert.deepEqual(prescriptionTestCheck('EU-PPP-2018', five, facts, '2026-03-07', null, null).reasons, []);
    assert.deepEqual(reasonCodes(prescriptionTestCheck('EU-PPP-2018', five, facts, '2026-03-08', null, null).reasons), ['TEST_TOO_OLD_FOR_PRESCRIPTION']);
  });

  test('Australia: monthly tests are recommended, a warning once the last is older than MONTHLY_TEST_WARN_AFTER_DAYS (35)', () => {
    const facts = aProgramPatient().test('2026-03-02').facts();
    const au = parametersInForce('AU', '2026-04-06', []);
    const check = (on: string) => prescriptionTestCheck('AU', au, facts, on, '2026-03-02', null);
    assert.deepEqual(check('2026-04-06').warnings, []);
    assert.deepEqual(reasonCodes(check('2026-04-07').warnings), ['MONTHLY_TEST_RECOMMENDED']);
    assert.deepEqual(check('2026-04-07').reasons, []);
  });
});
