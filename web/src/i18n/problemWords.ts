// A refusal's or failure's heading (RFC 9457 problem+json) in the reader's language, chosen by the
// problem's type (src/api/problems.ts problemOf: a fixed set), with its detail where the server's is a
// fixed sentence (the database unavailable, our own error with its number). In English the server's
// words are shown as they are (staff pages, and a patient who reads English): nothing changes there.
// A detail the server writes for the case (a conflict's, a refusal's) stays the server's (English):
// it says what happened and is safer shown than dropped. (Read under Node by the tests.)
import type { MessageId } from './messages/en.js';

const PROBLEM_BASE = 'https://isocourse.dev/problems/';

interface ProblemLike {
  type: string;
  title: string;
  detail?: string;
  requestId?: string;
}

/** problem.title.TYPE for each type the server sends. */
const TITLED = new Set([
  'invalid-input',
  'refused-by-program-rules',
  'not-found',
  'forbidden',
  'unauthenticated',
  'too-many-attempts',
  'log-in-busy',
  'conflict',
  'bad-request',
  'idempotency-key-reused',
  'possible-duplicate-patient',
  'database-unavailable',
  'internal',
]);

type Translate = (id: MessageId, values?: Record<string, string>) => string;

/** The heading and detail to show; `english`: the reader's language is English (the server's words as they are). */
export function problemWords(problem: ProblemLike, t: Translate, english: boolean): { title: string; detail: string | undefined } {
  const type = problem.type.startsWith(PROBLEM_BASE) ? problem.type.slice(PROBLEM_BASE.length) : null;
  if (english || type === null || !TITLED.has(type)) {
    return { title: problem.title, detail: problem.detail };
  }
  const title = t(`problem.title.${type}` as MessageId);
  if (type === 'database-unavailable') {
    return { title, detail: t('problem.detail.databaseUnavailable') };
  }
  if (type === 'internal' && problem.requestId !== undefined) {
    return { title, detail: t('problem.detail.internal', { requestId: problem.requestId }) };
  }
  return { title, detail: problem.detail };
}
