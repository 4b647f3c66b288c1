import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decideEnrollment, type EnrollmentRequest } from './enrollment.js';
import { CONFIG, codes, reasonWithCode } from '../../test/support/patientFacts.js';

const enrollment = (overrides: Partial<EnrollmentRequest>): EnrollmentRequest => ({
  birthDate: '2000-05-01',
  enrolledOn: '2025-02-01',
  prescriberCertified: true,
  category: 'PCGP',
  criterion: 'reproductivePotential',
  reason: null,
  ...overrides,
});

describe('enrollment (R-ENR-1, R-ENR-2, R-CAT-1)', () => {
  test('T-52 R-ENR-2: aged 11 years 364 days → AGE_BELOW_INDICATION, allowed from the 12th birthday', () => {
    const refused = decideEnrollment(enrollment({ birthDate: '2013-02-02', enrolledOn: '2025-02-01' }), CONFIG);
    assert.equal(refused.allowed, false);
    assert.deepEqual(codes(refused.reasons), ['AGE_BELOW_INDICATION']);
    assert.equal(reasonWithCode(refused.reasons, 'AGE_BELOW_INDICATION').earliestChangeDate, '2025-02-02');

    const onBirthday = decideEnrollment(enrollment({ birthDate: '2013-02-02', enrolledOn: '2025-02-02' }), CONFIG);
    assert.equal(onBirthday.allowed, true);
  });

  test('R-ENR-2: a patient born on Feb 29 turns 12 on Feb 29 of a leap year', () => {
    assert.equal(decideEnrollment(enrollment({ birthDate: '2012-02-29', enrolledOn: '2024-02-28' }), CONFIG).allowed, false);
    assert.equal(decideEnrollment(enrollment({ birthDate: '2012-02-29', enrolledOn: '2024-02-29' }), CONFIG).allowed, true);
  });

  test('T-28 R-CAT-1: tubal ligation as the only criterion for PCNGP → CATEGORY_CRITERION_INVALID', () => {
    const decision = decideEnrollment(enrollment({ category: 'PCNGP', criterion: 'tubalLigation' }), CONFIG);
    assert.equal(decision.allowed, false);
    assert.deepEqual(codes(decision.reasons), ['CATEGORY_CRITERION_INVALID']);
  });

  test('R-CON-6 / T-28: tubal ligation supports PCGP', () => {
    assert.equal(decideEnrollment(enrollment({ category: 'PCGP', criterion: 'tubalLigation' }), CONFIG).allowed, true);
  });

  test('R-CAT-1: a PCNGP criterion cannot support PCGP', () => {
    const decision = decideEnrollment(enrollment({ category: 'PCGP', criterion: 'assignedMaleAtBirth' }), CONFIG);
    assert.deepEqual(codes(decision.reasons), ['CATEGORY_CRITERION_INVALID']);
  });

  test('R-CAT-1 §1.2: a pre-menarchal exemption needs a written reason', () => {
    const withoutReason = decideEnrollment(enrollment({ category: 'PCNGP', criterion: 'premenarchalExemption', reason: '  ' }), CONFIG);
    assert.deepEqual(codes(withoutReason.reasons), ['CATEGORY_REASON_REQUIRED']);
    const withReason = decideEnrollment(enrollment({ category: 'PCNGP', criterion: 'premenarchalExemption', reason: 'Tanner stage 1, reviewed' }), CONFIG);
    assert.equal(withReason.allowed, true);
  });

  test('T-33 R-ENR-1: an uncertified prescriber cannot enroll → PRESCRIBER_NOT_CERTIFIED', () => {
    const decision = decideEnrollment(enrollment({ prescriberCertified: false }), CONFIG);
    assert.deepEqual(codes(decision.reasons), ['PRESCRIBER_NOT_CERTIFIED']);
  });
});
