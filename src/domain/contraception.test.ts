import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assessContraception, sameMethodsAsLastMonth } from './contraception.js';
import { CONTRACEPTION_METHODS, PRIMARY_METHODS, SECONDARY_METHODS, type ContraceptionDeclaration, type ContraceptionMethod } from './facts.js';
import { codes } from '../../test/support/patientFacts.js';

const declare = (methods: ContraceptionMethod[], extra: { abstinence?: boolean; takesEnzymeInducer?: boolean } = {}) =>
  assessContraception({ methods, abstinence: extra.abstinence ?? false, takesEnzymeInducer: extra.takesEnzymeInducer ?? false });

describe('contraception (R-CON-1..R-CON-8)', () => {
  test('T-43 R-CON-4: norethindrone-only mini-pill + condom → NO_PRIMARY_METHOD', () => {
    const decision = declare(['progestinOnlyPill', 'maleCondom']);
    assert.equal(decision.allowed, false);
    assert.deepEqual(codes(decision.reasons), ['NO_PRIMARY_METHOD']);
  });

  test('T-43 R-CON-1: combined pill + condom → accepted', () => {
    const decision = declare(['combinedOralContraceptive', 'maleCondom']);
    assert.equal(decision.allowed, true);
    assert.deepEqual(decision.warnings, []);
  });

  test("T-44 R-CON-8: combined pill + condom + St John's wort → accepted with HORMONAL_METHOD_MAY_FAIL", () => {
    const decision = declare(['combinedOralContraceptive', 'maleCondom'], { takesEnzymeInducer: true });
    assert.equal(decision.allowed, true);
    assert.deepEqual(codes(decision.warnings), ['HORMONAL_METHOD_MAY_FAIL']);
  });

  test('R-CON-8: an enzyme inducer with non-hormonal methods only gives no warning', () => {
    const decision = declare(['iudCopper', 'maleCondom'], { takesEnzymeInducer: true });
    assert.equal(decision.allowed, true);
    assert.deepEqual(decision.warnings, []);
  });

  test('R-CON-1: one primary alone → SECOND_METHOD_REQUIRED; the same method twice counts once', () => {
    assert.deepEqual(codes(declare(['implant']).reasons), ['SECOND_METHOD_REQUIRED']);
    assert.deepEqual(codes(declare(['implant', 'implant']).reasons), ['SECOND_METHOD_REQUIRED']);
  });

  test('R-CON-1: two primaries are accepted', () => {
    assert.equal(declare(['tubalSterilization', 'iudHormonal']).allowed, true);
  });

  test('R-CON-4: unacceptable methods never count as the second method (female condom, withdrawal)', () => {
    assert.deepEqual(codes(declare(['combinedOralContraceptive', 'femaleCondom']).reasons), ['SECOND_METHOD_REQUIRED']);
    assert.deepEqual(codes(declare(['vaginalRing', 'withdrawal']).reasons), ['SECOND_METHOD_REQUIRED']);
  });

  test('R-CON-1: two secondary methods without a primary → NO_PRIMARY_METHOD', () => {
    assert.deepEqual(codes(declare(['maleCondom', 'diaphragmWithSpermicide']).reasons), ['NO_PRIMARY_METHOD']);
  });

  test('R-CON-1: an abstinence commitment is a valid choice on its own', () => {
    assert.equal(declare([], { abstinence: true }).allowed, true);
  });

  test('property R-CON-1: accepted exactly when abstinent or ≥ 1 primary and ≥ 2 distinct accepted methods', () => {
    const primary: readonly ContraceptionMethod[] = PRIMARY_METHODS;
    const secondary: readonly ContraceptionMethod[] = SECONDARY_METHODS;
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...CONTRACEPTION_METHODS), { maxLength: 5 }), fc.boolean(), (methods, abstinence) => {
        const distinct = new Set(methods);
        const primaries = [...distinct].filter((m) => primary.includes(m)).length;
        const accepted = [...distinct].filter((m) => primary.includes(m) || secondary.includes(m)).length;
        const expected = abstinence || (primaries >= 1 && accepted >= 2);
        assert.equal(declare(methods, { abstinence }).allowed, expected);
      }),
    );
  });
});

describe('same methods as last month (R-CON-1, R-CON-5, R-CMP-1)', () => {
  const declared = (declaredOn: string, methods: ContraceptionMethod[], extra: Partial<ContraceptionDeclaration> = {}): ContraceptionDeclaration => ({
    declaredOn,
    methods,
    abstinence: false,
    startedOn: '2026-01-10',
    takesEnzymeInducer: false,
    enteredBy: 'prescriber',
    recordedAt: `${declaredOn}T12:00:00Z`,
    ...extra,
  });

  test('carries the LAST declaration forward with its original start date, declared today', () => {
    const carried = sameMethodsAsLastMonth(
      [
        declared('2026-03-01', ['iudCopper', 'maleCondom'], { startedOn: '2026-01-10' }),
        declared('2026-02-01', ['implant', 'maleCondom'], { startedOn: '2025-12-01' }),
      ],
      '2026-03-30',
    );
    assert.equal(carried.allowed, true);
    assert.deepEqual(carried.declaration, {
      declaredOn: '2026-03-30',
      methods: ['iudCopper', 'maleCondom'],
      abstinence: false,
      startedOn: '2026-01-10',
      takesEnzymeInducer: false,
    });
  });

  test('a declaration dated after the day it is carried to is not "last month"', () => {
    const carried = sameMethodsAsLastMonth(
      [declared('2026-03-01', ['iudCopper', 'maleCondom']), declared('2026-04-02', ['implant', 'maleCondom'])],
      '2026-03-30',
    );
    assert.equal(carried.allowed && carried.declaration.methods[0], 'iudCopper');
  });

  test('the same day counts: a declaration made today is the last one', () => {
    const carried = sameMethodsAsLastMonth([declared('2026-03-30', ['implant', 'maleCondom'])], '2026-03-30');
    assert.equal(carried.allowed, true);
  });

  test('nothing to carry forward → NO_PREVIOUS_DECLARATION (the first month needs the full form)', () => {
    const carried = sameMethodsAsLastMonth([], '2026-03-30');
    assert.equal(carried.allowed, false);
    assert.deepEqual(codes(carried.reasons), ['NO_PREVIOUS_DECLARATION']);
  });

  test("methods no longer accepted under today's rules → LAST_METHODS_NOT_ACCEPTED with the rule's own reason", () => {
    const carried = sameMethodsAsLastMonth([declared('2026-03-01', ['progestinOnlyPill', 'maleCondom'])], '2026-03-30');
    assert.equal(carried.allowed, false);
    assert.deepEqual(codes(carried.reasons), ['LAST_METHODS_NOT_ACCEPTED', 'NO_PRIMARY_METHOD']);
  });

  test('an abstinence commitment carries forward as an abstinence commitment', () => {
    const carried = sameMethodsAsLastMonth([declared('2026-03-01', [], { abstinence: true, startedOn: '2026-02-01' })], '2026-03-30');
    assert.equal(carried.allowed && carried.declaration.abstinence, true);
    assert.equal(carried.allowed && carried.declaration.startedOn, '2026-02-01');
  });

  test('a declaration from before the current qualification episode (a change to PCGP, a restart) is not carried forward', () => {
    const carried = sameMethodsAsLastMonth([declared('2026-03-01', ['iudCopper', 'maleCondom'])], '2026-03-30', '2026-03-02');
    assert.equal(carried.allowed, false);
    assert.deepEqual(codes(carried.reasons), ['NO_PREVIOUS_DECLARATION']);
    assert.equal(
      sameMethodsAsLastMonth([declared('2026-03-02', ['iudCopper', 'maleCondom'])], '2026-03-30', '2026-03-02').allowed,
      true,
      'declared on the first day of the episode',
    );
  });

  test('the enzyme-inducer warning travels with the carried methods', () => {
    const carried = sameMethodsAsLastMonth([declared('2026-03-01', ['combinedOralContraceptive', 'maleCondom'], { takesEnzymeInducer: true })], '2026-03-30');
    assert.equal(carried.allowed, true);
    assert.deepEqual(codes(carried.warnings), ['HORMONAL_METHOD_MAY_FAIL']);
  });
});
