// The staff pages outside the US (issue 14, item 3): what fixes each reason the program's own
// decision gives (the real domain decision, so a reworded reason that the page could no longer
// read fails here), Italy's certification field, and the pharmacy's words after a checklist
// dispense — never "RMA null".
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decideProgramPrescription, type ProgramContext } from '../../src/domain/programs/programDecisions.js';
import {
  emptyProgramFacts,
  EXEMPTION_REASON_CODES,
  FORM_VERSIONS,
  type ProgramPatientFacts,
  type ReproductiveFactKind,
  type Specialty,
  type UkLeadRole,
} from '../../src/domain/programs/programFacts.js';
import { ruleSetFor } from '../../src/domain/programs/ruleSetFor.js';
import { formVersionsOf } from '../../src/domain/programs/acknowledgement.js';
import type { Jurisdiction } from '../../src/domain/programs/jurisdictions.js';
import {
  certifiesNonPregnancy,
  EXEMPTION_REASON_WORDS,
  fixFor,
  FORM_VERSION_WORDS,
  formVersionOf,
  LEAD_ROLE_WORDS,
  REPRODUCTIVE_FACT_WORDS,
  SPECIALTY_WORDS,
} from '../../web/src/pages/prescriber/programFixes.js';
import { CHECKLIST_GIVEN, isUsAuthorization, oneStepWords, readyWords } from '../../web/src/pages/pharmacist/checklist.js';

const DAY = '2026-12-08';

function firstPrescription(jurisdiction: Jurisdiction, facts: ProgramPatientFacts = emptyProgramFacts('1998-04-02')) {
  const context: ProgramContext = { jurisdiction, settings: [] };
  return decideProgramPrescription(
    facts,
    {
      prescription: { id: 'preview', writtenOn: DAY, daysSupply: 30, prescriberId: 'p1', certifiedOn: null },
      prescriber: { id: 'p1', specialty: 'dermatology', retinoidExperience: true, recordedAuthority: null, leadRole: 'consultantDermatologist' },
    },
    context,
  );
}

test("the panel's lists are the domain's: every form version, exemption reason and clinician's finding", () => {
  assert.deepEqual(Object.keys(FORM_VERSION_WORDS).sort(), [...FORM_VERSIONS].sort());
  assert.deepEqual(Object.keys(EXEMPTION_REASON_WORDS).sort(), [...EXEMPTION_REASON_CODES].sort());
  // Both ways, checked by the compiler: every finding the page offers is a domain kind, and every domain kind has words.
  const offered: ReproductiveFactKind[] = Object.keys(REPRODUCTIVE_FACT_WORDS) as (keyof typeof REPRODUCTIVE_FACT_WORDS)[];
  const named: Record<ReproductiveFactKind, string> = REPRODUCTIVE_FACT_WORDS;
  assert.equal(offered.length, Object.keys(named).length);
  const specialties: Record<Specialty, string> = SPECIALTY_WORDS;
  const leadRoles: Record<UkLeadRole, string> = LEAD_ROLE_WORDS;
  assert.deepEqual(Object.keys(specialties), ['dermatology', 'generalPractice', 'psychiatry', 'other']);
  assert.equal(Object.keys(leadRoles).length, 2);
});

test("the form a program's reason asks for is the one its rule set expects, read from the real decision", () => {
  for (const jurisdiction of ['EU', 'EU-IT', 'GB', 'CA'] as const) {
    const judged = firstPrescription(jurisdiction);
    const choice = ruleSetFor(jurisdiction, DAY, []);
    const key = judged.key ?? '';
    const missing = judged.decision.reasons.find((reason) => reason.code === 'ACKNOWLEDGEMENT_FORM_REQUIRED');
    assert.ok(missing, `${jurisdiction}: a first prescription needs the form`);
    const fix = fixFor(missing, key);
    assert.ok(fix.kind === 'form' && choice.kind === 'rules', jurisdiction);
    assert.ok(formVersionsOf(choice.rules.id).includes(fix.formVersion), `${jurisdiction}: ${fix.formVersion} is a version its program records`);
    assert.ok(missing.message.includes(fix.formVersion), `${jurisdiction}: the version the reason names`);
  }
  assert.equal(formVersionOf({ message: 'A new course now needs the UK-ARF-2023 form.', action: '' }, 'UK-2023'), 'UK-ARF-2023');
  assert.equal(formVersionOf({ message: 'Some other words.', action: '' }, 'AU+ACT'), null);
});

test('the UK assessments are one click each; contraception offers the finding, and the exemption only where the program has one', () => {
  const judged = firstPrescription('GB');
  const codes = judged.decision.reasons.map((reason) => [reason.code, fixFor(reason, judged.key ?? '').kind]);
  assert.ok(codes.some(([code, kind]) => code === 'MENTAL_HEALTH_ASSESSMENT_REQUIRED' && kind === 'assessment'));
  assert.ok(codes.some(([code, kind]) => code === 'SEXUAL_FUNCTION_ASSESSMENT_REQUIRED' && kind === 'assessment'));
  const contraception = { code: 'CONTRACEPTION_REQUIRED', message: '', action: '' };
  assert.deepEqual(fixFor(contraception, 'UK-2026'), { kind: 'childbearing', exemption: true });
  assert.deepEqual(fixFor(contraception, 'EU-PPP-2018+IT'), { kind: 'childbearing', exemption: true });
  assert.deepEqual(fixFor(contraception, 'CA-2025'), { kind: 'childbearing', exemption: false });
  assert.deepEqual(fixFor({ code: 'SECOND_PRESCRIBER_REQUIRED', message: '', action: '' }, 'UK-2023'), { kind: 'none' });
  // The prescriber's own qualification: the UK asks for the lead role, the others for experience or specialty.
  assert.deepEqual(fixFor({ code: 'PRESCRIBER_NOT_QUALIFIED', message: '', action: '' }, 'UK-2026'), { kind: 'prescriber', leadRole: true });
  assert.deepEqual(fixFor({ code: 'PRESCRIBER_NOT_QUALIFIED', message: '', action: '' }, 'EU-PPP-2018'), { kind: 'prescriber', leadRole: false });
});

test('the certification of non-pregnancy is asked for under the Italian key only', () => {
  assert.equal(certifiesNonPregnancy('EU-PPP-2018+IT'), true);
  for (const key of ['EU-PPP-2018', 'UK-2026', 'REMS-2026', '', null, undefined]) {
    assert.equal(certifiesNonPregnancy(key), false, String(key));
  }
});

test("after the counter's one step outside the US the page says the checklist passed with its key and last day, never 'RMA null'", () => {
  const dispense = 'Dispensed on Dec 8, 2026: Isotretinoin 20 mg, 30 capsules for 30 days.';
  const checklist = oneStepWords({ rmaNumber: null, remsRmaNumber: null, doNotDispenseAfter: '2026-12-14', ruleSet: 'EU-PPP-2018' }, dispense);
  assert.match(checklist, /^Checklist passed \(EU-PPP-2018\) — dispensed on Dec 8/);
  assert.match(checklist, /Last day to dispense: /);
  assert.doesNotMatch(checklist, /RMA|null/);
  const australia = oneStepWords({ rmaNumber: null, remsRmaNumber: null, doNotDispenseAfter: null, ruleSet: 'AU+ACT' }, dispense);
  assert.match(australia, /No last day to dispense/);
  assert.doesNotMatch(australia, /null/);
  const us = oneStepWords({ rmaNumber: 'RMA1', remsRmaNumber: null, doNotDispenseAfter: DAY, ruleSet: 'REMS-2026' }, dispense);
  assert.match(us, /RMA RMA1\.$/);
  assert.equal(CHECKLIST_GIVEN, 'Patient card and package leaflet given');
});

test('an authorization without a number or a date is not offered as a US authorization; a ready verdict never says authorized', () => {
  const base = { id: 'a' };
  assert.equal(isUsAuthorization({ ...base, rmaNumber: null, doNotDispenseAfter: DAY }), false);
  assert.equal(isUsAuthorization({ ...base, rmaNumber: 'RMA1', doNotDispenseAfter: null }), false);
  assert.equal(isUsAuthorization({ ...base, rmaNumber: 'RMA1', doNotDispenseAfter: DAY }), true);
  assert.match(readyWords('2026-12-14'), /^Can be dispensed now, until /);
  assert.doesNotMatch(readyWords(null), /authori[sz]ed|null/);
});
