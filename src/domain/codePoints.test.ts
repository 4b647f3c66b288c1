import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codePoints } from './codePoints.js';

test('codePoints: one per code point, as PostgreSQL counts characters', () => {
  assert.deepEqual(codePoints('abc'), ['a', 'b', 'c']);
  assert.equal(codePoints('😀').length, 1); // two UTF-16 units
  assert.equal('😀'.length, 2);
  assert.equal(codePoints('🇫🇷').length, 2); // a flag: two regional indicators
  assert.equal(codePoints('').length, 0);
});
