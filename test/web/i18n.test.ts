// The patient's languages (issue 14, item 5): every patient-facing message of the English source
// catalogue has its Spanish text, and the same placeholders — each argument with its kind (a plain
// value, a plural, a select, a date) and each plural or select with the same cases — so a Spanish
// message never drops a date or a count the English one shows, nor asks for one the page does not
// give. The web pages' catalogue (web/src/i18n/messages) and the server's reminders'
// (src/messages/patient) alike. A new language (French for Canada) joins CATALOGUES and is checked
// the same way.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { CATALOGUES as WEB_CATALOGUES, LOCALES as WEB_LOCALES } from '../../web/src/i18n/locales.js';
import type { MessageId } from '../../web/src/i18n/messages/en.js';
import { LANGUAGES as SERVER_LANGUAGES } from '../../src/messages/patient/locales.js';
import { PATIENT_CATALOGUES } from '../../src/messages/patient/reminderText.js';
import { comprehensionQuestions } from '../../web/src/pages/patient/comprehensionQuestions.js';
import { KEY_MESSAGES, TOPICS } from '../../web/src/pages/patient/education.js';
import { KEY_MESSAGES_ES, TOPICS_ES } from '../../web/src/pages/patient/education.es.js';
import { problemWords } from '../../web/src/i18n/problemWords.js';
import { METHOD_NAMES, methodsInWords } from '../../web/src/pages/patient/methodNames.js';
import { SOURCES, type InfoPage } from '../../web/src/pages/public/medicineContent.js';
import { MEDICINE_CONTENT } from '../../web/src/pages/public/medicineContents.js';

/** Messages that are rightly the same in both languages (names of languages and of programs, a pharmacy's name and price). */
const SAME_IN_EVERY_LANGUAGE = new Set(['language.en', 'language.es', 'list.analytes', 'newOrder.pharmacyOption']);

/** Each argument of a message as `name:kind`, with the cases of plurals and selects, sorted. */
function placeholders(elements: readonly MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const element of elements) {
    switch (element.type) {
      case TYPE.argument:
        into.add(`${element.value}:value`);
        break;
      case TYPE.number:
      case TYPE.date:
      case TYPE.time:
        into.add(`${element.value}:${TYPE[element.type]}`);
        break;
      case TYPE.plural:
      case TYPE.select:
        into.add(`${element.value}:${TYPE[element.type]}:${Object.keys(element.options).sort().join('|')}`);
        for (const option of Object.values(element.options)) {
          placeholders(option.value, into);
        }
        break;
      case TYPE.tag:
        into.add(`<${element.value}>`);
        placeholders(element.children, into);
        break;
      default:
        break;
    }
  }
  return into;
}

function sorted(set: Set<string>): string[] {
  return [...set].sort();
}

/** What a catalogue check finds wrong in `other` against the English `source`, one line each. */
export function catalogueProblems(source: Readonly<Record<string, string>>, other: Readonly<Record<string, string>>, language: string): string[] {
  const problems: string[] = [];
  for (const [id, english] of Object.entries(source)) {
    const translated = other[id];
    if (typeof translated !== 'string' || translated.trim() === '') {
      problems.push(`${id}: no ${language} text`);
      continue;
    }
    if (translated === english && !SAME_IN_EVERY_LANGUAGE.has(id)) {
      problems.push(`${id}: the ${language} text is the English one`);
    }
    let ours: Set<string>;
    let theirs: Set<string>;
    try {
      ours = placeholders(parse(english));
      theirs = placeholders(parse(translated));
    } catch (error) {
      problems.push(`${id}: not a valid ICU message (${String(error)})`);
      continue;
    }
    if (sorted(ours).join(', ') !== sorted(theirs).join(', ')) {
      problems.push(`${id}: placeholders differ — en {${sorted(ours).join(', ')}}, ${language} {${sorted(theirs).join(', ')}}`);
    }
  }
  for (const id of Object.keys(other)) {
    if (!(id in source)) {
      problems.push(`${id}: in ${language} but not in the English source`);
    }
  }
  return problems;
}

/** English a page writes itself: text right before a closing tag or a sentence between tags (not a type's generics), literal human-facing attributes, and sentences in quotes. */
function literalEnglish(source: string): string[] {
  const texts = [...source.matchAll(/>\s*([^<>{}=;()]*[A-Za-z]{2,}[^<>{}=;()]*?)\s*<\/|>\s*([A-Z][a-z]+(?: [a-z]+)+[^<>{}]*)</g)].map(
    (match) => `"${(match[1] ?? match[2] ?? '').trim()}"`,
  );
  const attributes = [...source.matchAll(/\b(label|hint|title|busyText|what|aria-label|legend|placeholder)="([^"]*[A-Za-z]{2,}[^"]*)"/g)].map(
    (match) => `${match[1] ?? ''}="${match[2] ?? ''}"`,
  );
  // A sentence in quotes in the code (a check's message, a status line): a capital, three words or more, and a full stop or question mark.
  const sentences = [...source.matchAll(/(['"`])([A-Z][a-z'’]*(?:[ ,]+[A-Za-z'’]+){2,}[.?!…])\1/g)].map((match) => `'${match[2] ?? ''}'`);
  return [...texts, ...attributes, ...sentences];
}

describe("the patient's pages in every language", () => {
  test('the web catalogues: every English message has its text in each language, with the same placeholders', () => {
    assert.ok(Object.keys(WEB_CATALOGUES.en).length > 100, 'the English catalogue is the source of the patient pages');
    for (const locale of WEB_LOCALES.filter((candidate) => candidate !== 'en')) {
      assert.deepEqual(catalogueProblems(WEB_CATALOGUES.en, WEB_CATALOGUES[locale], locale), [], `the ${locale} web catalogue`);
    }
  });

  test("the server's catalogue (reminders and notices): every English message has its text in each language, with the same placeholders", () => {
    assert.deepEqual([...SERVER_LANGUAGES], [...WEB_LOCALES], 'the pages and the reminders offer the same languages');
    for (const language of SERVER_LANGUAGES.filter((candidate) => candidate !== 'en')) {
      assert.deepEqual(catalogueProblems(PATIENT_CATALOGUES.en, PATIENT_CATALOGUES[language], language), [], `the ${language} reminders`);
    }
  });

  test('the texts the pages build from keys (the questions, the methods) exist in every language', () => {
    for (const locale of WEB_LOCALES) {
      const missing: string[] = [];
      const t = (id: MessageId) => {
        const text = (WEB_CATALOGUES[locale] as Readonly<Record<string, string | undefined>>)[id];
        if (text === undefined) {
          missing.push(id);
        }
        return text ?? id;
      };
      const questions = comprehensionQuestions(t);
      assert.equal(questions.length, 10);
      for (const code of Object.keys(METHOD_NAMES)) {
        methodsInWords({ methods: [code], abstinence: false }, t);
      }
      methodsInWords({ methods: [], abstinence: true }, t);
      assert.deepEqual(missing, [], locale);
    }
  });

  test('the key messages (prose, one module per language) are all in Spanish: same numbers, topics and paragraphs, each translated', () => {
    assert.deepEqual(
      TOPICS_ES.map(([topic]) => topic),
      TOPICS.map(([topic]) => topic),
    );
    assert.deepEqual(
      KEY_MESSAGES_ES.map((message) => [message.number, message.topic, message.body.length]),
      KEY_MESSAGES.map((message) => [message.number, message.topic, message.body.length]),
    );
    for (const [index, message] of KEY_MESSAGES_ES.entries()) {
      const english = KEY_MESSAGES[index];
      assert.notEqual(message.title, english?.title, `message ${message.number}`);
      message.body.forEach((paragraph, at) => {
        assert.ok(paragraph.trim() !== '' && paragraph !== english?.body[at], `message ${message.number}, paragraph ${at + 1}`);
      });
    }
  });

  test('the public medicine pages in every language: the same pages, sections, blocks and numbers, every text translated', () => {
    /** A page's shape: its address, each section's id and blocks' kinds (with the key messages and links they show), and the numbers its text states. */
    const shape = (page: InfoPage) => ({
      path: page.path,
      sections: page.sections.map((section) => ({
        id: section.id,
        blocks: section.blocks.map((block) =>
          block.kind === 'keyMessages'
            ? `keyMessages ${block.numbers.join(',')}`
            : block.kind === 'links'
              ? `links ${block.links.map(([to]) => to).join(',')}`
              : block.kind === 'list'
                ? `list of ${block.items.length}`
                : block.kind,
        ),
      })),
    });
    /** The numbers a text states, in order (so a translation cannot drop or change one). */
    const numbers = (text: string) => text.match(/\d+/g) ?? [];
    const texts = (page: InfoPage) => [
      page.title,
      page.summary,
      ...page.sections.flatMap((section) => [
        section.heading,
        ...section.blocks.flatMap((block) =>
          block.kind === 'text' ? [block.text] : block.kind === 'list' ? block.items : block.kind === 'links' ? block.links.map(([, text]) => text) : [],
        ),
      ]),
    ];
    const english = MEDICINE_CONTENT.en;
    for (const locale of WEB_LOCALES.filter((candidate) => candidate !== 'en')) {
      const other = MEDICINE_CONTENT[locale];
      assert.deepEqual(other.pages.map(shape), english.pages.map(shape), locale);
      assert.equal(other.sourceNames.length, SOURCES.length, `${locale}: a name for every source`);
      english.pages.forEach((page, at) => {
        const theirs = texts(other.pages[at] ?? page);
        texts(page).forEach((text, index) => {
          assert.notEqual(theirs[index], text, `${locale} ${page.path}: "${text}" translated`);
          assert.deepEqual(numbers(theirs[index] ?? ''), numbers(text), `${locale} ${page.path}: the numbers of "${text}"`);
        });
      });
      for (const key of ['title', 'emergency', 'crisis', 'label'] as const) {
        assert.notEqual(other.urgentHelp[key], english.urgentHelp[key], `${locale}: urgent help ${key}`);
      }
      assert.deepEqual(numbers(other.urgentHelp.emergency), ['911']);
      assert.deepEqual(numbers(other.urgentHelp.crisis), numbers(english.urgentHelp.crisis));
      for (const key of ['notAdvice', 'reviewedBy', 'lastReviewedLabel', 'reviewedByLabel', 'sourcesHeading'] as const) {
        assert.notEqual(other[key], english[key], `${locale}: ${key}`);
      }
    }
  });

  test('the translated pages write no English of their own: no literal text between tags, no literal label, hint, title or legend', () => {
    // The pages a patient reads that are translated (the rest: see the report of issue 14, item 5).
    const translated = [
      'web/src/components/Layout.tsx',
      'web/src/components/status.tsx',
      'web/src/pages/LogInPage.tsx',
      'web/src/pages/ActivatePage.tsx',
      'web/src/pages/public/PublicLayout.tsx',
      'web/src/pages/patient/NotLinked.tsx',
      'web/src/pages/patient/ToDoPage.tsx',
      'web/src/pages/patient/QuestionsPage.tsx',
      'web/src/pages/patient/WalletCardPage.tsx',
      'web/src/pages/patient/InboxPage.tsx',
      'web/src/pages/patient/LearnPage.tsx',
      'web/src/pages/patient/MoodPage.tsx',
      'web/src/pages/patient/CoursePage.tsx',
      'web/src/pages/patient/MissedDays.tsx',
      'web/src/pages/patient/SymptomsPage.tsx',
      'web/src/components/reasons.tsx',
      'web/src/pages/public/MedicinePage.tsx',
      'web/src/pages/NotFoundPage.tsx',
      'web/src/pages/public/ServiceRatingsPage.tsx',
      'web/src/components/ratings.tsx',
      'web/src/pages/patient/OrdersPage.tsx',
      'web/src/pages/patient/OrderPage.tsx',
      'web/src/pages/patient/OrderParts.tsx',
      'web/src/pages/patient/OrderExtras.tsx',
      'web/src/pages/patient/PaymentSummary.tsx',
      'web/src/pages/patient/OrderMessagesPage.tsx',
      'web/src/pages/patient/MessagesPage.tsx',
      'web/src/pages/patient/NewOrderPage.tsx',
      'web/src/components/PharmacyChoice.tsx',
      'web/src/pages/patient/FeedbackPage.tsx',
      'web/src/components/SupportThread.tsx',
      'web/src/components/charts/LineChart.tsx',
    ];
    const found = translated.flatMap((file) =>
      literalEnglish(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8')).map((text) => `${file}: ${text}`),
    );
    // The brand is a name, the same in every language.
    assert.deepEqual(
      found.filter((finding) => !/: "isocourse"$/.test(finding)),
      [],
    );
  });

  test("a refusal's or failure's heading: every problem type the server sends has its words in every language; English readers see the server's words as they are", () => {
    const server = readFileSync(new URL('../../src/api/problems.ts', import.meta.url), 'utf8');
    const types = [...new Set([...server.matchAll(/\$\{PROBLEM_BASE\}([a-z-]+)/g)].map((match) => match[1] ?? ''))].sort();
    assert.ok(types.length >= 10, types.join(', '));
    const base = 'https://isocourse.dev/problems/';
    assert.ok(server.includes(`'${base}'`), 'the problem types are under the base the page reads');
    for (const type of types) {
      const problem = { type: `${base}${type}`, title: 'The server title', detail: 'The server detail.', requestId: 'req-7' };
      assert.deepEqual(
        problemWords(problem, (id) => WEB_CATALOGUES.en[id], true),
        { title: 'The server title', detail: 'The server detail.' },
        type,
      );
      for (const locale of WEB_LOCALES.filter((candidate) => candidate !== 'en')) {
        const catalogue = WEB_CATALOGUES[locale] as Readonly<Record<string, string | undefined>>;
        const words = problemWords(problem, (id, values) => (catalogue[id] ?? `missing ${id}`).replace('{requestId}', values?.['requestId'] ?? ''), false);
        assert.ok(words.title !== 'The server title' && !words.title.startsWith('missing'), `${locale}: ${type} → ${words.title}`);
        assert.ok(words.detail !== undefined && !words.detail.startsWith('missing'), `${locale}: ${type}`);
      }
    }
    const esWords = problemWords(
      { type: `${base}internal`, title: 'x', detail: 'y', requestId: 'req-7' },
      (id, values) => WEB_CATALOGUES.es[id].replace('{requestId}', values?.['requestId'] ?? ''),
      false,
    );
    assert.match(esWords.detail ?? '', /req-7/, 'the error number is kept for support');
    assert.deepEqual(
      problemWords({ type: 'about:blank', title: 'Other', detail: 'd' }, () => 'never', false),
      { title: 'Other', detail: 'd' },
    );
  });

  test('the check itself: a missing Spanish text, an English one left, a dropped date and a changed plural are each found', () => {
    const source = { a: 'By {date}', b: '{count, plural, one {# day} other {# days}}', c: 'Hello', d: 'Left {when}' };
    assert.deepEqual(catalogueProblems(source, { a: 'Antes del {fecha}', b: '{count, plural, other {# días}}', c: 'Hola' }, 'es'), [
      'a: placeholders differ — en {date:value}, es {fecha:value}',
      'b: placeholders differ — en {count:plural:one|other}, es {count:plural:other}',
      'd: no es text',
    ]);
    assert.deepEqual(catalogueProblems({ c: 'Hello' }, { c: 'Hello' }, 'es'), ['c: the es text is the English one']);
    assert.deepEqual(
      literalEnglish('<h1>To do</h1><p className="lead">{t(\'x\')}</p><Loading what="your list" /><p>\n  Pick them up by <strong>{date}</strong></p>'),
      ['"To do"', '"Pick them up by"', 'what="your list"'],
    );
    assert.deepEqual(literalEnglish("const x: Record<Role, ReadonlyArray<string>> = {}; <h1>{t('todo.title')}</h1>"), []);
    assert.deepEqual(literalEnglish("const check = (value) => (value === '' ? 'Tick at least one symptom.' : undefined); t('symptoms.tickOne')"), [
      "'Tick at least one symptom.'",
    ]);
    assert.deepEqual(catalogueProblems({ c: 'Hello' }, { c: 'Hola', e: 'extra' }, 'es'), ['e: in es but not in the English source']);
    assert.match(catalogueProblems({ c: 'Hello {name}' }, { c: 'Hola {name' }, 'es')[0] ?? '', /not a valid ICU message/);
  });
});
