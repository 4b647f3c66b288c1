// JSON.stringify as it behaves at run time: a value with no JSON form (undefined, a function, a
// symbol) gives undefined, though lib.d.ts types the result as string. Messages about input that
// arrived as anything at all use this to show it, and say something else when it has no JSON form.

/** The JSON text of a value, or undefined when it has none. */
export function jsonText(value: unknown): string | undefined {
  return JSON.stringify(value);
}
