import assert from 'node:assert/strict';
import { test } from 'node:test';
import { uuidV7 } from './ids.js';

test('uuidV7: a version 7, variant 10 UUID whose first 48 bits are the milliseconds, in creation order', () => {
  const at = Date.UTC(2026, 11, 7, 15, 0, 0, 123);
  const id = uuidV7(at);
  assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(parseInt(id.replace(/-/g, '').slice(0, 12), 16), at);
  const ids = Array.from({ length: 50 }, (_, n) => uuidV7(at + n));
  assert.deepEqual([...ids].sort(), ids);
  assert.notEqual(uuidV7(at), uuidV7(at));
});
