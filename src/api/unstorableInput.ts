// Values JSON can carry but the database cannot keep as sent: a NUL character (PostgreSQL text
// and jsonb refuse it, so the request failed with a 500), an unpaired UTF-16 surrogate (not
// Unicode text: the driver silently stored U+FFFD instead of what was sent), and a subnormal
// number such as 5e-324 (float8 input refuses it as out of range, another 500). A request body
// holding one is refused 400, naming the field, before it reaches a schema or a use case.
import type { FieldError } from '../services/errors.js';

/** A NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
// eslint-disable-next-line no-control-regex -- finding NUL is the point: PostgreSQL cannot store it in text
const NOT_STORABLE_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The smallest positive normal double; PostgreSQL's float8 refuses anything nearer to zero. */
const MIN_NORMAL = 2.2250738585072014e-308;

function textProblem(field: string, text: string): FieldError | null {
  const match = NOT_STORABLE_TEXT.exec(text);
  if (match === null) {
    return null;
  }
  return {
    field,
    code: 'INVALID_CHARACTER',
    message: match[0] === '\u0000' ? 'must not contain a NUL character (U+0000).' : 'must be valid Unicode text: it holds an unpaired surrogate.',
  };
}

/**
 * Every field of a parsed JSON body holding a value the database cannot store, named like the
 * schema errors ('note', 'methods/1', 'account/email'; 'body' for the body itself). Walks without
 * recursion: a body may be nested tens of thousands of levels deep.
 */
export function unstorableFields(body: unknown): FieldError[] {
  const problems: FieldError[] = [];
  const pending: Array<{ path: string; value: unknown }> = [{ path: '', value: body }];
  while (pending.length > 0) {
    const { path, value } = pending.pop() as { path: string; value: unknown };
    const field = path === '' ? 'body' : path;
    if (typeof value === 'string') {
      const problem = textProblem(field, value);
      if (problem !== null) {
        problems.push(problem);
      }
    } else if (typeof value === 'number') {
      if (value !== 0 && Math.abs(value) < MIN_NORMAL) {
        problems.push({ field, code: 'OUT_OF_RANGE', message: `is too close to zero to be stored: send 0 or a number of magnitude ${MIN_NORMAL} or more.` });
      }
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        const childPath = path === '' ? key : `${path}/${key}`;
        const keyProblem = textProblem(childPath, key);
        if (keyProblem !== null) {
          problems.push(keyProblem);
        }
        pending.push({ path: childPath, value: child });
      }
    }
  }
  return problems;
}
