// The money of the pages: whole cents shown as dollars, and a dollars amount typed in a form read
// into whole cents exactly — a third decimal, a sign or letters are refused, never rounded.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dollarsAmount, formatCents, parseDollars } from '../../web/src/money.js';

test('cents are shown as dollars with two decimals and thousands separators', () => {
  assert.equal(formatCents(13500), '$135.00');
  assert.equal(formatCents(5), '$0.05');
  assert.equal(formatCents(0), '$0.00');
  assert.equal(formatCents(113550), '$1,135.50');
  assert.equal(formatCents(10_000_000), '$100,000.00');
});

test('a typed dollars amount is read into whole cents, exactly', () => {
  const read: Array<[string, number]> = [
    ['135', 13500],
    ['135.5', 13550],
    ['135.50', 13550],
    [' 135.50 ', 13550],
    ['$135', 13500],
    ['1,135.50', 113550],
    ['0.05', 5],
    ['.5', 50],
    ['0.29', 29],
    ['4.35', 435],
  ];
  for (const [typed, cents] of read) {
    assert.equal(parseDollars(typed), cents, typed);
  }
});

test('more than two decimals, a sign, letters or nothing are refused', () => {
  for (const typed of ['135.555', '-1', '+1', 'abc', '', '.', '1e3', '1,13', '12.3.4', '$', '1 000']) {
    assert.equal(parseDollars(typed), null, typed);
  }
});

test('the form check says what is wrong: not an amount, zero, above the limit', () => {
  const check = dollarsAmount({ maxCents: 13500, over: 'At most what is due: $135.00.' });
  assert.equal(check(''), undefined, 'empty is for `required` to say');
  assert.equal(check('135'), undefined);
  assert.equal(check('135.01'), 'At most what is due: $135.00.');
  assert.match(check('1.234') ?? '', /at most two decimals/);
  assert.equal(check('0'), 'More than $0.00.');
  assert.equal(dollarsAmount({ allowZero: true })('0'), undefined);
});
