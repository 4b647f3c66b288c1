import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { reason } from '../../domain/decision.js';
import { CASE_NOT_FOUND, denialOf, MAX_NOTE_LENGTH, reasonCodeOf } from './reasonCodes.js';

const r = (code: string, message = `${code} message.`, action = `${code} action.`) => reason(code, 'R-X', message, action);

describe("the engine's reasons as REMS reason codes", () => {
  test('each stakeholder its code: patient EM, prescriber ES, pharmacy EO, course ended EZ', () => {
    assert.equal(reasonCodeOf(r('MONTHLY_TEST_PENDING')), 'EM');
    assert.equal(reasonCodeOf(r('CONTRACEPTION_PENDING')), 'EM');
    assert.equal(reasonCodeOf(r('PATIENT_NOT_ENROLLED')), 'EM');
    assert.equal(reasonCodeOf(r('PRESCRIBER_NOT_CERTIFIED')), 'ES');
    assert.equal(reasonCodeOf(r('COUNSELING_PENDING')), 'ES');
    assert.equal(reasonCodeOf(r('PRESCRIPTION_FROM_EARLIER_MONTH')), 'ES');
    assert.equal(reasonCodeOf(r('PHARMACY_NOT_CERTIFIED')), 'EO');
    assert.equal(reasonCodeOf(r('ACTIVE_AUTHORIZATION_EXISTS')), 'EO');
    assert.equal(reasonCodeOf(r('COURSE_ENDED')), 'EZ');
  });

  test('a reason the table does not know is still a denial (EM), never an approval or an error', () => {
    assert.equal(reasonCodeOf(r('SOMETHING_NEW')), 'EM');
  });

  test('one code per answer: the patient before the prescriber before the pharmacy (as the reference answers)', () => {
    assert.equal(denialOf([r('PHARMACY_NOT_CERTIFIED'), r('COUNSELING_PENDING'), r('MONTHLY_TEST_PENDING')]).code, 'EM');
    assert.equal(denialOf([r('PHARMACY_NOT_CERTIFIED'), r('COUNSELING_PENDING')]).code, 'ES');
    assert.equal(denialOf([r('PHARMACY_NOT_CERTIFIED')]).code, 'EO');
    assert.equal(denialOf([r('MONTHLY_TEST_PENDING'), r('COURSE_ENDED')]).code, 'EZ');
  });

  test("the note says every reason in the engine's words, what is wrong then what fixes it", () => {
    const denial = denialOf([
      r('MONTHLY_TEST_PENDING', "This month's pregnancy test is missing.", 'Record a negative test.'),
      r('PHARMACY_NOT_CERTIFIED', 'The pharmacy is not certified in the program.', 'The pharmacy must be certified.'),
    ]);
    assert.equal(
      denial.note,
      "This month's pregnancy test is missing. Record a negative test. | The pharmacy is not certified in the program. The pharmacy must be certified.",
    );
    const long = denialOf(Array.from({ length: 50 }, (_, i) => r(`R${i}`, 'x'.repeat(100))));
    assert.equal(long.note.length, MAX_NOTE_LENGTH);
    assert.ok(long.note.endsWith('…'));
  });

  test('no reasons at all is a program error (ER), and case not found is EC', () => {
    assert.equal(denialOf([]).code, 'ER');
    assert.equal(CASE_NOT_FOUND.code, 'EC');
    assert.match(CASE_NOT_FOUND.note, /date of birth/);
  });
});
