// The one type for an answer's parsed JSON that a test reads without typing it: the tests assert
// on its shape field by field (deepEqual/equal), and test/api/openapi.test.ts validates every
// answer against the schema, so restating each answer's type here would add nothing. This is why
// eslint.config.js turns the no-unsafe-* rules off for test/**; everywhere else in the tests a
// value is typed or unknown.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the untyped JSON answer, on purpose (above)
export type UntypedJson = any;
