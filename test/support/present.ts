// A value the test expects to be there (an element of a list it just checked, a row it just
// wrote): asserted, so a missing one fails the test with a message instead of a TypeError later,
// and typed as present from then on (in place of a non-null assertion, `!`).
import assert from 'node:assert/strict';

export function present<T>(value: T, what = 'the value'): NonNullable<T> {
  assert.ok(value !== undefined && value !== null, `${what} is missing`);
  return value;
}
