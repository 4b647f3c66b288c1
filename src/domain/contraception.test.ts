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

  test('T-44 R-CON-8: combined pill + condom + St John\'s wort → accepted with HORMONAL_METHOD_MAY_FAIL', () => {
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

describe('"Same methods as last month" (issue 10)', () => {
  const last: ContraceptionDeclaration = {
    declaredOn: '2026-02-01',
    methods: ['implant', 'maleCondom'],
    abstinence: false,
    startedOn: '2025-12-15',
    takesEnzymeInducer: false,
    enteredBy: 'delegate',
    recordedAt: '2026-02-01T10:00:00.000Z',
  };
  const pcgp = { declaredOn: '2026-03-03', category: 'PCGP' as const, categoryChangedOn: null };

  test('carries the methods forward with their original start date, declared on the visit day', () => {
    const carried = sameMethodsAsLastMonth(last, pcgp);
    assert.ok(carried.allowed);
    assert.deepEqual(carried.declaration, {
      declaredOn: '2026-03-03',
      methods: ['implant', 'maleCondom'],
      abstinence: false,
      startedOn: '2025-12-15',
      takesEnzymeInducer: false,
    });
  });

  test('no earlier declaration → NO_PREVIOUS_DECLARATION (the first month needs the full form)', () => {
    const carried = sameMethodsAsLastMonth(null, pcgp);
    assert.equal(carried.allowed, false);
    assert.deepEqual(codes(carried.allowed ? [] : carried.reasons), ['NO_PREVIOUS_DECLARATION']);
  });

  test('a patient who cannot get pregnant → CONTRACEPTION_NOT_REQUIRED', () => {
    const carried = sameMethodsAsLastMonth(last, { ...pcgp, category: 'PCNGP' });
    assert.deepEqual(codes(carried.allowed ? [] : carried.reasons), ['CONTRACEPTION_NOT_REQUIRED']);
  });

  test('a declaration made before a change of category → DECLARATION_BEFORE_CATEGORY_CHANGE', () => {
    const carried = sameMethodsAsLastMonth(last, { ...pcgp, categoryChangedOn: '2026-02-10' });
    assert.deepEqual(codes(carried.allowed ? [] : carried.reasons), ['DECLARATION_BEFORE_CATEGORY_CHANGE']);
    assert.ok(sameMethodsAsLastMonth(last, { ...pcgp, categoryChangedOn: '2026-02-01' }).allowed, 'declared on the day of the change: carried');
  });

  test('methods that do not meet the rules today are not carried → PREVIOUS_METHODS_NOT_ACCEPTED', () => {
    const carried = sameMethodsAsLastMonth({ ...last, methods: ['progestinOnlyPill', 'maleCondom'] }, pcgp);
    assert.equal(carried.allowed, false);
    assert.deepEqual(codes(carried.allowed ? [] : carried.reasons), ['PREVIOUS_METHODS_NOT_ACCEPTED']);
    assert.match(carried.allowed ? '' : (carried.reasons[0]?.message ?? ''), /mini-pill/);
  });

  test('an abstinence commitment is carried; the enzyme-inducer warning is kept', () => {
    assert.ok(sameMethodsAsLastMonth({ ...last, methods: [], abstinence: true }, pcgp).allowed);
    const carried = sameMethodsAsLastMonth({ ...last, methods: ['combinedOralContraceptive', 'maleCondom'], takesEnzymeInducer: true }, pcgp);
    assert.ok(carried.allowed);
    assert.deepEqual(codes(carried.warnings), ['HORMONAL_METHOD_MAY_FAIL']);
  });
});
