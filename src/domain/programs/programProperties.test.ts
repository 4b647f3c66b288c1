// Safety properties of the programs outside the US over arbitrary histories (issue 14, item 2),
// for every rule set (EU with and without its overlays, the UK before, across and after its
// changes, Canada, Australia): whatever facts were recorded, in whatever order, the pharmacist's
// checklist never lets through a dispense the program forbids, and the prescription gate never
// lets through a prescription it forbids. Each property restates a rule of programs.md directly on
// the facts (it does not call the concept that decides it), with the parameters ruleSetFor gives;
// the order of the facts never changes a decision, and facts dated after the event change nothing.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { addDays, addYears, ageInYears, daysBetween, isAfter, type IsoDate } from '../dates.js';
import type { Jurisdiction } from './jurisdictions.js';
import {
  FORM_VERSIONS,
  emptyProgramFacts,
  type PrescriberAttributes,
  type ProgramPatientFacts,
  type ProgramPregnancyTest,
  type ProgramTestSetting,
  type ReproductiveFactKind,
} from './programFacts.js';
import { decideProgramDispense, decideProgramPrescription, type ProgramContext } from './programDecisions.js';
import { ruleSetFor, type ProgramRules } from './ruleSetFor.js';

const RUNS = 1500;
const JURISDICTIONS: Jurisdiction[] = ['EU', 'EU-IT', 'EU-FI', 'GB', 'CA', 'AU-ACT'];
const FIRST_DAY = '2023-09-01';
const SETTINGS: ProgramTestSetting[] = ['lab', 'clinic', 'licensedLab', 'remoteSupervised', 'home'];

const PRESCRIBERS: PrescriberAttributes[] = [
  { id: 'lead', specialty: 'dermatology', recordedAuthority: null, leadRole: 'consultantDermatologist', retinoidExperience: true },
  { id: 'gp', specialty: 'generalPractice', recordedAuthority: null, leadRole: null, retinoidExperience: false },
  { id: 'nurse', specialty: 'dermatology', recordedAuthority: null, leadRole: 'band7DermatologyNurseSpecialist', retinoidExperience: true },
  { id: 'gp-act', specialty: 'generalPractice', recordedAuthority: { state: 'ACT', grantedOn: '2024-01-01' }, leadRole: null, retinoidExperience: true },
];

interface Scenario {
  jurisdiction: Jurisdiction;
  on: IsoDate;
  facts: ProgramPatientFacts;
  prescriber: PrescriberAttributes;
  prescriptionIndex: number;
  dispenseOffset: number;
}

const offset = (min: number, max: number) => fc.integer({ min, max });

const scenarioArbitrary: fc.Arbitrary<Scenario> = fc
  .record({
    jurisdiction: fc.constantFrom(...JURISDICTIONS),
    day: offset(0, 1250),
    age: fc.oneof(fc.constant(25), offset(10, 19)),
    reproductive: fc.constantFrom<ReproductiveFactKind | null>('uterusAndOvary', 'uterusAndOvary', 'noUterusOrNoOvaries', 'tubalSterilisationConfirmed', null),
    reproductiveOffset: offset(-400, 5),
    contraception: fc.option(fc.record({ start: offset(-90, 0), declaredAfter: offset(0, 40) }), { freq: 6 }),
    forms: fc.array(
      fc.record({
        version: fc.constantFrom(...FORM_VERSIONS),
        at: offset(-60, 3),
        patient: fc.constantFrom(true, true, true, false),
        prescriber: fc.constantFrom(true, true, true, false),
      }),
      {
        maxLength: 3,
      },
    ),
    assessments: fc.array(fc.record({ kind: fc.constantFrom('mentalHealth' as const, 'sexualFunction' as const), at: offset(-20, 3) }), { maxLength: 6 }),
    second: fc.option(fc.record({ at: offset(-30, 3), prescriberId: fc.constantFrom('second', 'lead') })),
    exemption: fc.option(fc.record({ at: offset(-30, 3), patientAgreed: fc.boolean(), justification: fc.constantFrom('', 'Not sexually active.') }), {
      freq: 4,
    }),
    tests: fc.array(
      fc.record({
        at: offset(-40, 10),
        result: fc.constantFrom('negative', 'negative', 'negative', 'negative', 'positive', 'invalid'),
        setting: fc.constantFrom<ProgramTestSetting>('lab', 'clinic', 'licensedLab', 'licensedLab', ...SETTINGS),
        supervised: fc.boolean(),
      }),
      { maxLength: 4 },
    ),
    prescriptions: fc.array(fc.record({ at: offset(-15, 5), daysSupply: offset(25, 35), certifiedAt: fc.option(offset(-5, 3)) }), {
      minLength: 1,
      maxLength: 3,
    }),
    earlierDispense: fc.option(offset(-60, -20), { freq: 3 }),
    lastDose: fc.option(offset(-200, 10), { freq: 8 }),
    prescriber: fc.constantFrom(PRESCRIBERS[0] as PrescriberAttributes, PRESCRIBERS[0] as PrescriberAttributes, ...PRESCRIBERS),
    prescriptionIndex: offset(0, 2),
    dispenseOffset: offset(0, 12),
  })
  .map((drawn) => {
    const on = addDays(FIRST_DAY, drawn.day);
    const at = (days: number) => addDays(on, days);
    const facts = emptyProgramFacts(addYears(on, -drawn.age));
    if (drawn.reproductive !== null) {
      facts.reproductive.push({ kind: 'uterusAndOvary', recordedOn: at(-500) });
      facts.reproductive.push({ kind: drawn.reproductive, recordedOn: at(drawn.reproductiveOffset) });
    }
    if (drawn.contraception !== null) {
      facts.contraception.push({
        startedOn: at(drawn.contraception.start),
        declaredOn: at(drawn.contraception.start + drawn.contraception.declaredAfter),
        methods: ['implant'],
        abstinence: false,
      });
    }
    for (const form of drawn.forms) {
      facts.acknowledgements.push({ formVersion: form.version, signedOn: at(form.at), signedByPatient: form.patient, signedByPrescriber: form.prescriber });
    }
    for (const assessment of drawn.assessments) {
      facts.assessments.push({ kind: assessment.kind, on: at(assessment.at) });
    }
    if (drawn.second !== null) {
      facts.secondPrescriberAgreements.push({ prescriberId: drawn.second.prescriberId, agreedOn: at(drawn.second.at) });
    }
    if (drawn.exemption !== null) {
      facts.exemptions.push({
        decidedOn: at(drawn.exemption.at),
        prescriberId: 'lead',
        patientAgreed: drawn.exemption.patientAgreed,
        reasonCode: 'NOT_SEXUALLY_ACTIVE',
        justification: drawn.exemption.justification,
        reviewAt: null,
      });
    }
    drawn.tests.forEach((drawnTest, index) => {
      facts.pregnancyTests.push({
        id: `t-${index}`,
        specimenDate: at(drawnTest.at),
        result: drawnTest.result,
        setting: drawnTest.setting,
        sensitivityMiuPerMl: null,
        supervisorId: drawnTest.supervised ? 'nurse-1' : null,
        evidence: drawnTest.supervised ? 'video' : null,
      });
    });
    drawn.prescriptions.forEach((prescription, index) => {
      facts.prescriptions.push({
        id: `rx-${index}`,
        writtenOn: at(prescription.at),
        daysSupply: prescription.daysSupply,
        prescriberId: drawn.prescriber.id,
        certifiedOn: prescription.certifiedAt === null ? null : at(prescription.certifiedAt),
      });
    });
    if (drawn.earlierDispense !== null) {
      facts.prescriptions.push({ id: 'rx-old', writtenOn: at(drawn.earlierDispense), daysSupply: 30, prescriberId: drawn.prescriber.id, certifiedOn: null });
      facts.dispenses.push({ prescriptionId: 'rx-old', dispensedOn: at(drawn.earlierDispense), daysSupply: 30 });
    }
    facts.lastDoseOn = drawn.lastDose === null ? null : at(drawn.lastDose);
    return {
      jurisdiction: drawn.jurisdiction,
      on,
      facts,
      prescriber: drawn.prescriber,
      prescriptionIndex: Math.min(drawn.prescriptionIndex, drawn.prescriptions.length - 1),
      dispenseOffset: drawn.dispenseOffset,
    };
  });

const context = (scenario: Scenario): ProgramContext => ({ jurisdiction: scenario.jurisdiction, settings: [] });

function rulesOn(jurisdiction: Jurisdiction, on: IsoDate): ProgramRules | null {
  const choice = ruleSetFor(jurisdiction, on, []);
  return choice.kind === 'rules' ? choice.rules : null;
}

function requestOf(scenario: Scenario) {
  const prescription = scenario.facts.prescriptions[scenario.prescriptionIndex];
  assert.ok(prescription);
  return { prescription, dispensedOn: addDays(prescription.writtenOn, scenario.dispenseOffset) };
}

const isUk = (rules: ProgramRules) => rules.id === 'UK-2023' || rules.id === 'UK-2026';
const onOrBefore = (a: IsoDate, b: IsoDate) => !isAfter(a, b);

/** Childbearing potential restated: no fact that ends it by `on` (tubal sterilisation only in the UK). */
function canGetPregnant(rules: ProgramRules, facts: ProgramPatientFacts, on: IsoDate): boolean {
  return !facts.reproductive.some(
    (fact) =>
      onOrBefore(fact.recordedOn, on) &&
      (fact.kind === 'noUterusOrNoOvaries' || fact.kind === 'menopauseConfirmed' || (fact.kind === 'tubalSterilisationConfirmed' && isUk(rules))),
  );
}

/** A test that counts, restated: negative, medically supervised (never at home), a licensed lab in Canada, remote only in the UK from its day with a supervisor. */
function counts(rules: ProgramRules, test: ProgramPregnancyTest): boolean {
  if (test.result !== 'negative' || test.setting === 'home') {
    return false;
  }
  if (rules.parameters.TEST_SETTING_ALLOWED === 'licensedLab') {
    return test.setting === 'licensedLab';
  }
  if (test.setting === 'remoteSupervised') {
    const from = rules.parameters.UK_REMOTE_ALLOWANCES_FROM;
    return typeof from === 'string' && onOrBefore(from, test.specimenDate) && test.supervisorId !== null && test.evidence !== null;
  }
  return true;
}

function anyExemption(facts: ProgramPatientFacts, on: IsoDate): boolean {
  return facts.exemptions.some((record) => onOrBefore(record.decidedOn, on));
}

function shuffled(facts: ProgramPatientFacts, seed: number): ProgramPatientFacts {
  const turn = <T>(items: T[]): T[] => {
    const copy = [...items].reverse();
    const by = copy.length === 0 ? 0 : seed % copy.length;
    return [...copy.slice(by), ...copy.slice(0, by)];
  };
  return {
    ...facts,
    reproductive: turn(facts.reproductive),
    exemptions: turn(facts.exemptions),
    acknowledgements: turn(facts.acknowledgements),
    assessments: turn(facts.assessments),
    secondPrescriberAgreements: turn(facts.secondPrescriberAgreements),
    visits: turn(facts.visits),
    pregnancyTests: turn(facts.pregnancyTests),
    contraception: turn(facts.contraception),
    prescriptions: turn(facts.prescriptions),
    dispenses: turn(facts.dispenses),
  };
}

/** Every kind of fact, dated after `after`. */
function withLaterFacts(facts: ProgramPatientFacts, after: IsoDate, days: number): ProgramPatientFacts {
  const later = addDays(after, days);
  return {
    ...facts,
    reproductive: [...facts.reproductive, { kind: 'noUterusOrNoOvaries', recordedOn: later }, { kind: 'tubalSterilisationConfirmed', recordedOn: later }],
    exemptions: [
      ...facts.exemptions,
      { decidedOn: later, prescriberId: 'lead', patientAgreed: true, reasonCode: 'OTHER', justification: 'Later.', reviewAt: null },
    ],
    acknowledgements: [
      ...facts.acknowledgements,
      ...FORM_VERSIONS.map((formVersion) => ({ formVersion, signedOn: later, signedByPatient: true, signedByPrescriber: true })),
    ],
    assessments: [...facts.assessments, { kind: 'mentalHealth', on: later }, { kind: 'sexualFunction', on: later }],
    secondPrescriberAgreements: [...facts.secondPrescriberAgreements, { prescriberId: 'second', agreedOn: later }],
    visits: [...facts.visits, { on: later, mode: 'remote', patientAgreed: true }],
    pregnancyTests: [
      ...facts.pregnancyTests,
      { id: 'late-pos', specimenDate: later, result: 'positive', setting: 'lab', sensitivityMiuPerMl: null, supervisorId: null, evidence: null },
      { id: 'late-neg', specimenDate: later, result: 'negative', setting: 'licensedLab', sensitivityMiuPerMl: null, supervisorId: null, evidence: null },
    ],
    contraception: [...facts.contraception, { declaredOn: later, startedOn: addDays(after, -400), methods: ['implant'], abstinence: false }],
    prescriptions: [...facts.prescriptions, { id: 'late-rx', writtenOn: later, daysSupply: 30, prescriberId: 'lead', certifiedOn: later }],
    dispenses: [...facts.dispenses, { prescriptionId: 'late-rx', dispensedOn: later, daysSupply: 30 }],
    lastDoseOn: facts.lastDoseOn ?? later,
  };
}

describe('programs outside the US: safety properties over every rule set', () => {
  test('no dispense without what the program requires', () => {
    fc.assert(
      fc.property(scenarioArbitrary, (scenario) => {
        const { prescription, dispensedOn } = requestOf(scenario);
        const decision = decideProgramDispense(scenario.facts, { prescriptionId: prescription.id, dispensedOn }, context(scenario));
        const rules = rulesOn(scenario.jurisdiction, dispensedOn);
        if (!decision.decision.allowed) {
          return;
        }
        assert.ok(rules !== null, 'a rule set is in force');
        assert.equal(decision.key, rules.key);
        const facts = scenario.facts;
        const p = rules.parameters;
        assert.ok(onOrBefore(prescription.writtenOn, dispensedOn), 'the prescription precedes the dispense');
        assert.ok(
          !facts.dispenses.some((dispense) => dispense.prescriptionId === prescription.id && onOrBefore(dispense.dispensedOn, dispensedOn)),
          'never twice',
        );
        const cbp = canGetPregnant(rules, facts, dispensedOn);
        // PPP-DSP-1, PPP-NAT-IT-2, CA-RX-1: inside the window (day 0 = anchor); AU-RX-1: none.
        if (p.DISPENSE_ANCHOR === 'prescription' || (p.DISPENSE_ANCHOR === 'certification' && !cbp)) {
          assert.ok(daysBetween(prescription.writtenOn, dispensedOn) <= (p.DISPENSE_MAX_DAYS as number), 'within the window of the prescription');
        }
        if (p.DISPENSE_ANCHOR === 'certification' && cbp) {
          assert.ok(
            prescription.certifiedOn !== null && daysBetween(prescription.certifiedOn, dispensedOn) <= (p.DISPENSE_MAX_DAYS as number),
            'within the window of the certification',
          );
        }
        if (!cbp) {
          return;
        }
        // PPP-RX-1, CA-RX-1: the cap for a patient who can get pregnant.
        if (typeof p.MAX_DAYS_SUPPLY === 'number') {
          assert.ok(prescription.daysSupply <= p.MAX_DAYS_SUPPLY, 'supply within the cap');
        }
        const known = facts.pregnancyTests.filter((test) => onOrBefore(test.specimenDate, dispensedOn));
        const negatives = known.filter((test) => counts(rules, test));
        const firstDispense = !facts.dispenses.some(
          (dispense) =>
            onOrBefore(dispense.dispensedOn, dispensedOn) &&
            // A last dose dated after the dispense is not known on its day: it ends no course yet.
            (facts.lastDoseOn === null || isAfter(facts.lastDoseOn, dispensedOn) || isAfter(dispense.dispensedOn, facts.lastDoseOn)),
        );
        // PPP-PT-1/2, CA-PT-1/3, AU-PT-1: a counting negative test before the start and, where monthly tests are required, before each
        // dispense; in the EU and the UK within TEST_MAX_DAYS_BEFORE_RX of the prescription.
        if (firstDispense || p.MONTHLY_TEST_REQUIRED === true) {
          assert.ok(negatives.length > 0, 'a counting negative test');
        }
        if (typeof p.TEST_MAX_DAYS_BEFORE_RX === 'number') {
          const max = p.TEST_MAX_DAYS_BEFORE_RX;
          assert.ok(
            negatives.some((test) => onOrBefore(test.specimenDate, prescription.writtenOn) && daysBetween(test.specimenDate, prescription.writtenOn) <= max),
            'a test for this prescription',
          );
        }
        // PPP-PREG-1: no positive test without a later counting negative one.
        for (const positive of known.filter((test) => test.result === 'positive')) {
          assert.ok(
            negatives.some((test) => isAfter(test.specimenDate, positive.specimenDate)),
            'no dispense after a positive test',
          );
        }
        if (firstDispense && !anyExemption(facts, dispensedOn)) {
          // PPP-CON-1, UK-CON-1, CA-CON-1, AU-CON-1 (P-D4).
          assert.ok(
            facts.contraception.some(
              (start) => onOrBefore(start.declaredOn, dispensedOn) && daysBetween(start.startedOn, dispensedOn) >= (p.CONTRACEPTION_MIN_DAYS_BEFORE as number),
            ),
            'contraception long enough before the start',
          );
        }
        if (firstDispense && typeof p.PRESTART_SECOND_TEST_MAX_DAYS === 'number') {
          const days = new Set(negatives.map((test) => test.specimenDate));
          assert.ok(days.size >= (p.PRESTART_TEST_COUNT as number), 'Canada: two pre-start tests');
          const latest = [...days].sort().at(-1) as IsoDate;
          assert.ok(daysBetween(latest, dispensedOn) <= p.PRESTART_SECOND_TEST_MAX_DAYS, 'Canada: the last within 11 days');
        }
        if (firstDispense && typeof p.PRESTART_TEST_MAX_DAYS_BEFORE_START === 'number') {
          const max = p.PRESTART_TEST_MAX_DAYS_BEFORE_START;
          assert.ok(
            negatives.some((test) => daysBetween(test.specimenDate, dispensedOn) <= max),
            'Australia: within 14 days',
          );
        }
      }),
      { numRuns: RUNS },
    );
  });

  test('no prescription without what the program requires', () => {
    fc.assert(
      fc.property(scenarioArbitrary, (scenario) => {
        const { prescription } = requestOf(scenario);
        const decision = decideProgramPrescription(scenario.facts, { prescription, prescriber: scenario.prescriber }, context(scenario));
        if (!decision.decision.allowed) {
          return;
        }
        const on = prescription.writtenOn;
        const rules = rulesOn(scenario.jurisdiction, on);
        assert.ok(rules !== null);
        assert.equal(decision.key, rules.key);
        const facts = scenario.facts;
        assert.ok(ageInYears(facts.birthDate, on) >= 12, 'PPP-AGE-1');
        const first = !facts.prescriptions.some(
          (other) =>
            other.id !== prescription.id &&
            onOrBefore(other.writtenOn, on) &&
            (facts.lastDoseOn === null || isAfter(other.writtenOn, facts.lastDoseOn) || isAfter(facts.lastDoseOn, on)),
        );
        if (rules.id === 'AU') {
          assert.ok(scenario.prescriber.specialty === 'dermatology' || scenario.prescriber.recordedAuthority?.state === 'ACT', 'AU-PRESC-1');
        }
        if (isUk(rules)) {
          assert.ok(scenario.prescriber.leadRole !== null, 'UK-PRESC-1');
          for (const kind of ['mentalHealth', 'sexualFunction'] as const) {
            assert.ok(
              facts.assessments.some((assessment) => assessment.kind === kind && onOrBefore(assessment.on, on)),
              `UK-ASM: ${kind}`,
            );
          }
        }
        if (rules.id === 'EU-PPP-2018' || rules.id === 'CA') {
          assert.ok(scenario.prescriber.retinoidExperience, 'PPP-PRESC-1, CA-PRESC-1');
        }
        if (first && rules.id !== 'AU') {
          assert.ok(
            facts.acknowledgements.some((form) => form.signedByPatient && onOrBefore(form.signedOn, on)),
            'a signed acknowledgement form',
          );
        }
        if (first && rules.id === 'UK-2023' && ageInYears(facts.birthDate, on) < 18) {
          assert.ok(
            facts.secondPrescriberAgreements.some((agreement) => agreement.prescriberId !== scenario.prescriber.id && onOrBefore(agreement.agreedOn, on)),
            'UK-AGE-1',
          );
        }
        if (canGetPregnant(rules, facts, on)) {
          if (typeof rules.parameters.MAX_DAYS_SUPPLY === 'number') {
            assert.ok(prescription.daysSupply <= rules.parameters.MAX_DAYS_SUPPLY, 'supply within the cap');
          }
          if (!anyExemption(facts, on)) {
            assert.ok(
              facts.contraception.some((start) => onOrBefore(start.declaredOn, on)),
              'contraception on record',
            );
          }
          if (rules.id !== 'AU') {
            assert.ok(
              facts.pregnancyTests.some((test) => counts(rules, test) && onOrBefore(test.specimenDate, on)),
              'a counting negative test',
            );
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  test('the order in which facts were stored never changes a decision', () => {
    fc.assert(
      fc.property(scenarioArbitrary, offset(0, 7), (scenario, seed) => {
        const { prescription, dispensedOn } = requestOf(scenario);
        const reordered = shuffled(scenario.facts, seed);
        assert.deepEqual(
          decideProgramDispense(reordered, { prescriptionId: prescription.id, dispensedOn }, context(scenario)),
          decideProgramDispense(scenario.facts, { prescriptionId: prescription.id, dispensedOn }, context(scenario)),
        );
        assert.deepEqual(
          decideProgramPrescription(reordered, { prescription, prescriber: scenario.prescriber }, context(scenario)),
          decideProgramPrescription(scenario.facts, { prescription, prescriber: scenario.prescriber }, context(scenario)),
        );
      }),
      { numRuns: RUNS },
    );
  });

  test('facts dated after the event change nothing', () => {
    fc.assert(
      fc.property(scenarioArbitrary, offset(1, 40), (scenario, days) => {
        const { prescription, dispensedOn } = requestOf(scenario);
        const dispenseLater = withLaterFacts(scenario.facts, dispensedOn, days);
        assert.deepEqual(
          decideProgramDispense(dispenseLater, { prescriptionId: prescription.id, dispensedOn }, context(scenario)),
          decideProgramDispense(scenario.facts, { prescriptionId: prescription.id, dispensedOn }, context(scenario)),
        );
        const prescriptionLater = withLaterFacts(scenario.facts, prescription.writtenOn, days);
        assert.deepEqual(
          decideProgramPrescription(prescriptionLater, { prescription, prescriber: scenario.prescriber }, context(scenario)),
          decideProgramPrescription(scenario.facts, { prescription, prescriber: scenario.prescriber }, context(scenario)),
        );
      }),
      { numRuns: RUNS },
    );
  });

  test('the histories reach allowed prescriptions and dispenses under every rule set (the properties bite)', () => {
    const allowedBy = new Map<string, { prescriptions: number; dispenses: number }>();
    fc.assert(
      fc.property(scenarioArbitrary, (scenario) => {
        const { prescription, dispensedOn } = requestOf(scenario);
        const rx = decideProgramPrescription(scenario.facts, { prescription, prescriber: scenario.prescriber }, context(scenario));
        const fill = decideProgramDispense(scenario.facts, { prescriptionId: prescription.id, dispensedOn }, context(scenario));
        const counts = allowedBy.get(rx.ruleSet ?? 'none') ?? { prescriptions: 0, dispenses: 0 };
        counts.prescriptions += rx.decision.allowed ? 1 : 0;
        const fillCounts = allowedBy.get(fill.ruleSet ?? 'none') ?? { prescriptions: 0, dispenses: 0 };
        fillCounts.dispenses += fill.decision.allowed ? 1 : 0;
        allowedBy.set(rx.ruleSet ?? 'none', counts);
        allowedBy.set(fill.ruleSet ?? 'none', fillCounts);
      }),
      { numRuns: 6000, seed: 14 },
    );
    for (const id of ['EU-PPP-2018', 'UK-2023', 'UK-2026', 'CA', 'AU']) {
      const seen = allowedBy.get(id);
      assert.ok(seen !== undefined && seen.prescriptions >= 5 && seen.dispenses >= 5, `${id}: ${JSON.stringify(seen)}`);
    }
  });
});
