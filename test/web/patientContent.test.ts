// The patient pages' content that mirrors the server: the symptom list of the symptom log is the
// API's vocabulary, code for code and kind for kind (the page would otherwise offer a symptom the API
// refuses), each named in every language, and the advice the page words by code says in English
// exactly what the server says.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { patientAdvice } from '../../src/domain/alerts.js';
import { CONTRACEPTION_FAILURE_STEPS } from '../../src/domain/contraceptionFailure.js';
import { assessSymptoms, SYMPTOM_SEVERITIES, SYMPTOMS, type SymptomEntry } from '../../src/domain/symptoms.js';
import { CATALOGUES, LOCALES } from '../../web/src/i18n/locales.js';
import { en, type MessageId } from '../../web/src/i18n/messages/en.js';
import { adviceText, ALL_SYMPTOMS, groupTitle, SEVERITIES, severityWords, SYMPTOM_GROUPS, symptomName } from '../../web/src/pages/patient/symptomList.js';
import { COMPREHENSION_QUESTIONS } from '../../web/src/pages/patient/comprehensionQuestions.js';
import { KEY_MESSAGES } from '../../web/src/pages/patient/education.js';
import { METHOD_NAMES, methodsInWords } from '../../web/src/pages/patient/methodNames.js';
import { groupedProgramId } from '../../web/src/pages/patient/programId.js';
import { CONTRACEPTION_METHODS } from '../../src/domain/facts.js';

test("the symptom log offers exactly the API's symptoms and kinds, each named in every language (in English, the API's label)", () => {
  const page = ALL_SYMPTOMS.map(({ code, expected }) => ({ code, expected })).sort((a, b) => a.code.localeCompare(b.code));
  const api = SYMPTOMS.map(({ code, expected }) => ({ code, expected })).sort((a, b) => a.code.localeCompare(b.code));
  assert.deepEqual(page, api);
  assert.deepEqual([...SEVERITIES], [...SYMPTOM_SEVERITIES]);
  for (const locale of LOCALES) {
    const catalogue = CATALOGUES[locale] as Readonly<Record<string, string | undefined>>;
    const missing: string[] = [];
    const t = (id: MessageId) => catalogue[id] ?? (missing.push(id), id);
    for (const { code } of SYMPTOMS) {
      assert.notEqual(symptomName(code, t), code, `${locale}: a name for ${code}`);
    }
    SYMPTOM_GROUPS.forEach((group) => groupTitle(group, t));
    SEVERITIES.forEach((severity) => severityWords(severity, t));
    assert.deepEqual(missing, [], locale);
  }
  assert.deepEqual(
    SYMPTOMS.map(({ code }) => symptomName(code)),
    SYMPTOMS.map(({ label }) => label),
    "the English names are the API's labels (what the care team reads)",
  );
});

test("the symptoms' advice, worded by the page by code and symptom, is the server's word for word in English and translated in every other language — for every symptom at every severity, and every pair", () => {
  const logs: SymptomEntry[][] = [];
  for (const first of SYMPTOMS) {
    for (const severity of SYMPTOM_SEVERITIES) {
      logs.push([{ symptom: first.code, severity }]);
      for (const second of SYMPTOMS) {
        if (second.code > first.code) {
          logs.push([
            { symptom: first.code, severity },
            { symptom: second.code, severity },
          ]);
        }
      }
    }
  }
  const english = (id: MessageId) => en[id];
  const seen = new Set<string>();
  for (const entries of logs) {
    for (const advice of patientAdvice(assessSymptoms(entries))) {
      const where = `${advice.code} (${advice.severity}) for ${entries.map((entry) => `${entry.symptom} ${entry.severity}`).join(' + ')}`;
      seen.add(`${advice.code}:${advice.severity}`);
      assert.equal(adviceText(advice, english), advice.text, where);
      for (const locale of LOCALES.filter((candidate) => candidate !== 'en')) {
        const t = (id: MessageId) => CATALOGUES[locale][id];
        assert.notEqual(adviceText(advice, t), advice.text, `${locale}: ${where} is translated, not the server's English`);
      }
    }
  }
  // Every kind of advice a log can bring was met (a new alert would show in English until worded here).
  assert.ok(seen.size >= 25, [...seen].sort().join(', '));
  // Advice the page does not know is shown as the server wrote it rather than dropped.
  assert.equal(adviceText({ code: 'SOMETHING_NEW', severity: 'urgent', text: 'Call your prescriber.' }, english), 'Call your prescriber.');
});

test("the contraception-failure steps the patient's form words by key are the server's (R-CON-7), word for word in English", () => {
  // ContraceptionFailureForm shows a step by its key when the server's text is one of these; a changed step would show in English.
  assert.deepEqual(
    (['stop', 'call', 'emergencyContraception', 'test'] as const).map((step) => en[`contraceptionFailure.step.${step}`]),
    [...CONTRACEPTION_FAILURE_STEPS],
  );
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
