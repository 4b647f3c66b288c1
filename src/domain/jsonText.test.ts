import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonText } from './jsonText.js';

test('jsonText: the JSON of a value, undefined for what has no JSON form', () => {
  assert.equal(jsonText('a"b'), '"a\\"b"');
  assert.equal(jsonText(null), 'null');
  assert.equal(jsonText({ b: [1, 2] }), '{"b":[1,2]}');
  assert.equal(jsonText(undefined), undefined);
  assert.equal(
    jsonText(() => 1),
    undefined,
  );
  assert.equal(jsonText(Symbol('s')), undefined);
});
