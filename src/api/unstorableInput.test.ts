import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { unstorableFields } from './unstorableInput.js';

const fieldsAndCodes = (body: unknown): string[] =>
  unstorableFields(body)
    .map((problem) => `${problem.field} ${problem.code}`)
    .sort();

describe('values the database cannot store as sent', () => {
  test('a NUL character anywhere in a text, nested fields named by their path', () => {
    assert.deepEqual(fieldsAndCodes({ note: 'a\u0000b', account: { email: '\u0000' }, methods: ['implant', 'x\u0000'] }), [
      'account/email INVALID_CHARACTER',
      'methods/1 INVALID_CHARACTER',
      'note INVALID_CHARACTER',
    ]);
  });

  test('an unpaired surrogate, high or low, but not a pair (an emoji is text)', () => {
    assert.deepEqual(fieldsAndCodes({ a: 'x\ud800y', b: '\udfff', c: 'end\ud83d', d: '😀 x\ud83d\ude00y' }), [
      'a INVALID_CHARACTER',
      'b INVALID_CHARACTER',
      'c INVALID_CHARACTER',
    ]);
    assert.match(unstorableFields({ a: '\ud800' })[0]?.message ?? '', /unpaired surrogate/);
  });

  test('a key holding one, and the body itself when it is such a text', () => {
    assert.deepEqual(fieldsAndCodes({ 'a\u0000': 1 }), ['a\u0000 INVALID_CHARACTER']);
    assert.deepEqual(fieldsAndCodes('\u0000'), ['body INVALID_CHARACTER']);
  });

  test('a subnormal number (5e-324), but not 0, -0 or the smallest normal number', () => {
    assert.deepEqual(fieldsAndCodes({ value: 5e-324, low: -1e-310, zero: 0, negativeZero: -0, normal: 2.2250738585072014e-308, big: 1e308 }), [
      'low OUT_OF_RANGE',
      'value OUT_OF_RANGE',
    ]);
  });

  test('ordinary bodies, hostile but storable text included, pass untouched', () => {
    assert.deepEqual(
      unstorableFields({ reason: "'; DROP TABLE patients; --", note: '<script>alert(1)</script>\u202e', answers: [0, 1, 3], ok: true, none: null }),
      [],
    );
    assert.deepEqual(unstorableFields(undefined), []);
  });

  test('a body nested 100,000 levels deep is walked without exhausting the stack', () => {
    const deep: unknown = JSON.parse(`${'['.repeat(100_000)}"\\u0000"${']'.repeat(100_000)}`);
    assert.equal(unstorableFields(deep).length, 1);
  });
});
