// The programs outside the US (issue 14, items 3 and 5): every reason the programs' engine
// (src/domain/programs) can put in a patient's status is either said in her words and language
// (web/src/pages/patient/stepCodes.ts STEP_META + step.CODE.title/.todo in the catalogues) or listed
// as the care team's only (STAFF_ONLY). Otherwise the to-do list falls back to the server's English
// staff text. The codes are read from the domain's source (the web does not import its runtime
// code), so a code added there later fails here until it is worded or ruled staff-only.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { en } from '../../web/src/i18n/messages/en.js';
import { es } from '../../web/src/i18n/messages/es.js';
import { CONTRACEPTION_STEP_CODES, hasPatientWording, isStaffOnly, TEST_STEP_CODES } from '../../web/src/pages/patient/stepCodes.js';

const PROGRAMS_DIR = join(import.meta.dirname, '../../src/domain/programs');

/**
 * The first arguments of `reason(` that are not a code literal, and where their codes are written
 * (`code: 'X'` in the same file). A new one fails the test below until it is read here too.
 */
const INDIRECT_CODES: Record<string, readonly string[]> = {
  'assessments.ts': ['code', 'CODES.mentalHealth.code'],
};

function sources(): { file: string; text: string }[] {
  return readdirSync(PROGRAMS_DIR)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .map((file) => ({ file, text: readFileSync(join(PROGRAMS_DIR, file), 'utf8') }));
}

/** Every reason code the programs' engine can give, from its source: `reason('CODE', …` and, where the code is a variable, `code: 'CODE'`. */
export function programReasonCodes(): { codes: Set<string>; unread: string[] } {
  const codes = new Set<string>();
  const unread: string[] = [];
  for (const { file, text } of sources()) {
    for (const match of text.matchAll(/\breason\(\s*([^,]+?)\s*,/g)) {
      const first = match[1] ?? '';
      const literal = /^'([A-Z][A-Z0-9_]*)'$/.exec(first);
      if (literal !== null) {
        codes.add(literal[1] ?? '');
      } else if (INDIRECT_CODES[file]?.includes(first) === true) {
        for (const written of text.matchAll(/\bcode: '([A-Z][A-Z0-9_]*)'/g)) {
          codes.add(written[1] ?? '');
        }
      } else {
        unread.push(`${file}: reason(${first}, …)`);
      }
    }
  }
  return { codes, unread };
}

describe("the programs' reasons in the patient's words", () => {
  const { codes, unread } = programReasonCodes();

  test('every reason code is read from the source (none hidden behind a variable this test does not know)', () => {
    assert.deepEqual(unread, [], 'add the new code variable to INDIRECT_CODES, with where its codes are written');
    // The reading itself works: codes of each kind (literal, conditional, through a variable) are found.
    for (const known of [
      'PREGNANCY_TEST_REQUIRED',
      'ACKNOWLEDGEMENT_FORM_OUTDATED',
      'MENTAL_HEALTH_ASSESSMENT_REQUIRED',
      'PROGRAM_NOT_CONFIGURED',
      'PRESCRIPTION_PENDING',
    ]) {
      assert.ok(codes.has(known), `${known} should be read from src/domain/programs`);
    }
    assert.ok(codes.size >= 45, `only ${codes.size} codes read`);
  });

  test('each code the engine can give a patient has patient wording or is staff-only', () => {
    const unworded = [...codes].filter((code) => !hasPatientWording(code) && !isStaffOnly(code)).sort();
    assert.deepEqual(unworded, [], 'word these in web/src/pages/patient/stepCodes.ts (STEP_META + step.CODE.* in en.ts and es.ts) or add them to STAFF_ONLY');
  });

  test('no code is both worded for the patient and hidden from her', () => {
    assert.deepEqual(
      [...codes].filter((code) => hasPatientWording(code) && isStaffOnly(code)),
      [],
    );
  });

  test('each worded code has its title and to-do in English and Spanish (patientStep reads them, not the server’s English staff text)', () => {
    for (const code of [...codes].filter(hasPatientWording)) {
      for (const [language, messages] of [
        ['en', en],
        ['es', es],
      ] as const) {
        for (const part of ['title', 'todo']) {
          const text = (messages as Readonly<Record<string, string>>)[`step.${code}.${part}`];
          assert.ok(typeof text === 'string' && text.trim() !== '', `step.${code}.${part}: no ${language} text`);
        }
      }
    }
  });

  // The to-do page lists "pregnancy test: done" and "birth control: done" unless a blocker says
  // otherwise: each program code about this fill's test or contraception must say otherwise.
  test('each program code about the pregnancy test or contraception of this fill keeps the to-do page from calling it done', () => {
    /** Test codes that are not this fill's test still to do: after the course, warnings, and the positive test (the hold card says it). */
    const notThisFillsTest = new Set([
      'END_TEST_OVERDUE',
      'END_TEST_TOO_EARLY',
      'MONTHLY_TEST_RECOMMENDED',
      'EXEMPTION_TESTS_CONTINUE',
      'PREGNANCY_TEST_POSITIVE',
    ]);
    const testCodes = [...codes].filter((code) => code.includes('TEST') && !notThisFillsTest.has(code));
    assert.ok(testCodes.includes('TEST_TOO_OLD_FOR_PRESCRIPTION'));
    assert.deepEqual(
      testCodes.filter((code) => !TEST_STEP_CODES.has(code)),
      [],
    );
    const contraceptionCodes = [...codes].filter((code) => code.startsWith('CONTRACEPTION_'));
    assert.ok(contraceptionCodes.includes('CONTRACEPTION_REQUIRED'));
    assert.deepEqual(
      contraceptionCodes.filter((code) => !CONTRACEPTION_STEP_CODES.has(code)),
      [],
    );
  });
});
