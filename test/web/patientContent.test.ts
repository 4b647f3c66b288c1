// The patient pages' content that mirrors the server: the symptom list of the symptom log is the
// API's vocabulary, label for label (the page would otherwise offer a symptom the API refuses).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SYMPTOMS } from '../../src/domain/symptoms.js';
import { ALL_SYMPTOMS } from '../../web/src/pages/patient/symptomList.js';
import { COMPREHENSION_QUESTIONS } from '../../web/src/pages/patient/comprehensionQuestions.js';
import { KEY_MESSAGES } from '../../web/src/pages/patient/education.js';
import { METHOD_NAMES, methodsInWords } from '../../web/src/pages/patient/methodNames.js';
import { groupedProgramId } from '../../web/src/pages/patient/programId.js';
import { CONTRACEPTION_METHODS } from '../../src/domain/facts.js';

test("the symptom log offers exactly the API's symptoms, with the same labels and kinds", () => {
  const page = ALL_SYMPTOMS.map(({ code, label, expected }) => ({ code, label, expected })).sort((a, b) => a.code.localeCompare(b.code));
  const api = SYMPTOMS.map(({ code, label, expected }) => ({ code, label, expected })).sort((a, b) => a.code.localeCompare(b.code));
  assert.deepEqual(page, api);
});

test('the comprehension questions have one right answer among their options and point at a key message', () => {
  assert.ok(COMPREHENSION_QUESTIONS.length >= 8 && COMPREHENSION_QUESTIONS.length <= 10);
  assert.equal(new Set(COMPREHENSION_QUESTIONS.map((question) => question.id)).size, COMPREHENSION_QUESTIONS.length);
  for (const question of COMPREHENSION_QUESTIONS) {
    assert.ok(question.correct >= 0 && question.correct < question.options.length, question.id);
    assert.ok(
      KEY_MESSAGES.some((message) => message.number === question.message),
      question.id,
    );
  }
});

test('the education page has the 16 key messages of domain.md §6, each once', () => {
  assert.deepEqual(
    KEY_MESSAGES.map((message) => message.number).sort((a, b) => a - b),
    Array.from({ length: 16 }, (_, index) => index + 1),
  );
});

test("every contraception method the API knows has a name in the patient's words", () => {
  assert.deepEqual(Object.keys(METHOD_NAMES).sort(), [...CONTRACEPTION_METHODS].sort());
  assert.equal(methodsInWords({ methods: ['iudCopper', 'maleCondom'], abstinence: false }), 'Copper IUD + Male condom');
  assert.equal(methodsInWords({ methods: [], abstinence: true }), 'Not having sex at all (abstinence)');
});

test('the program identifier is grouped for reading, and nothing is lost or added but the spaces', () => {
  assert.equal(groupedProgramId('ABCDE23456'), 'ABCDE 23456');
  assert.equal(groupedProgramId('ABCD2345'), 'ABCD 2345');
  for (const id of ['A', 'ABCDEFGHJKL', 'ABCDE23456']) {
    assert.equal(groupedProgramId(id).replace(/ /g, ''), id);
  }
});
