import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { labCsvErrorLines, MAX_UNREADABLE_RECORDS, parseLabCsv, readCsv, type LabCsvReport } from './labCsv.js';

const HEADER = 'patient program id,collected date,analyte,value,unit,reference low,reference high,fasting';

function csv(...rows: string[]): string {
  return [HEADER, ...rows].join('\n') + '\n';
}

/** Each row as "line: ok programId analyte value" or "line: column → message". */
function summary(report: LabCsvReport): string[] {
  return report.rows.flatMap((row) =>
    row.ok
      ? [`${row.row}: ok ${row.programId} ${row.result.analyte} ${row.result.value} ${row.result.unit}`]
      : row.errors.map((error) => `${row.row}: ${error.column ?? '(row)'} → ${error.message}`),
  );
}

describe('readCsv (RFC 4180)', () => {
  test('quoted fields keep commas, doubled quotes and line breaks', () => {
    assert.deepEqual(readCsv('a,b\n"x,y","say ""hi"""\n"two\nlines",z\n'), [
      { kind: 'record', line: 1, fields: ['a', 'b'] },
      { kind: 'record', line: 2, fields: ['x,y', 'say "hi"'] },
      { kind: 'record', line: 3, fields: ['two\nlines', 'z'] },
    ]);
  });

  test('CRLF, LF and a lone CR all end a record; a leading BOM is dropped', () => {
    assert.deepEqual(readCsv('\uFEFFa,b\r\nc,d\re,f\ng,h'), [
      { kind: 'record', line: 1, fields: ['a', 'b'] },
      { kind: 'record', line: 2, fields: ['c', 'd'] },
      { kind: 'record', line: 3, fields: ['e', 'f'] },
      { kind: 'record', line: 4, fields: ['g', 'h'] },
    ]);
  });

  test('empty lines are skipped but still counted; a final line end adds no record', () => {
    assert.deepEqual(readCsv('a\r\n\r\n\nb\r\n'), [
      { kind: 'record', line: 1, fields: ['a'] },
      { kind: 'record', line: 4, fields: ['b'] },
    ]);
  });

  test('empty fields, a trailing comma and an empty quoted field are fields', () => {
    assert.deepEqual(readCsv(',,\n"",x,\n'), [
      { kind: 'record', line: 1, fields: ['', '', ''] },
      { kind: 'record', line: 2, fields: ['', 'x', ''] },
    ]);
  });

  test('an unterminated quote spoils only its own line: reading resumes on the next one', () => {
    const entries = readCsv('a,b\n1,"open\n2,3\n');
    assert.deepEqual(entries, [
      { kind: 'record', line: 1, fields: ['a', 'b'] },
      { kind: 'error', line: 2, message: 'A quoted field opened in column 2 is never closed.' },
      { kind: 'record', line: 3, fields: ['2', '3'] },
    ]);
  });

  test('a stray quote that pairs with a later line does not swallow the lines between', () => {
    const entries = readCsv('1,"open\n2,3\n4,"q"x\n5,6');
    assert.deepEqual(
      entries.map((entry) => (entry.kind === 'record' ? `${entry.line}: ${entry.fields.join('|')}` : `${entry.line}: error`)),
      ['1: error', '2: 2|3', '3: error', '4: 5|6'],
    );
  });

  test('text after a closing quote and a quote inside an unquoted field are errors', () => {
    assert.deepEqual(readCsv('"a"b,c\n'), [
      { kind: 'error', line: 1, message: 'Text after the closing quote of column 1; a quote inside a quoted field is written "".' },
    ]);
    assert.deepEqual(readCsv('a,b"c\n'), [
      { kind: 'error', line: 1, message: 'A quote inside unquoted column 2; quote the whole field and write the quote as "".' },
    ]);
  });

  test('a line end inside a quoted field, CRLF or lone CR, counts as one line for the records after it', () => {
    assert.deepEqual(readCsv('"a\r\n\r\nb",c\n\nd\n"x\re",f\r\ng\n"open'), [
      { kind: 'record', line: 1, fields: ['a\r\n\r\nb', 'c'] },
      { kind: 'record', line: 5, fields: ['d'] },
      { kind: 'record', line: 6, fields: ['x\re', 'f'] },
      { kind: 'record', line: 8, fields: ['g'] },
      { kind: 'error', line: 9, message: 'A quoted field opened in column 1 is never closed.' },
    ]);
  });

  test(`after ${MAX_UNREADABLE_RECORDS} unreadable records, reading stops with an error on the line where it stopped`, () => {
    const entries = readCsv(['a', ...Array.from({ length: MAX_UNREADABLE_RECORDS }, () => 'x,"q"z'), '', 'b', 'c'].join('\n'));
    assert.equal(entries.length, MAX_UNREADABLE_RECORDS + 2);
    assert.deepEqual(entries[0], { kind: 'record', line: 1, fields: ['a'] });
    assert.deepEqual(entries[MAX_UNREADABLE_RECORDS], {
      kind: 'error',
      line: MAX_UNREADABLE_RECORDS + 1,
      message: 'Text after the closing quote of column 2; a quote inside a quoted field is written "".',
    });
    assert.deepEqual(entries.at(-1), {
      kind: 'error',
      line: MAX_UNREADABLE_RECORDS + 3,
      message: `Reading stopped here: ${MAX_UNREADABLE_RECORDS} rows above cannot be read as CSV, so this line and the ones after it were not read. Fix the quoting and import them again.`,
    });
    // One fewer and every line is read.
    const below = readCsv(['a', ...Array.from({ length: MAX_UNREADABLE_RECORDS - 1 }, () => 'x,"q"z'), 'b'].join('\n'));
    assert.deepEqual(below.at(-1), { kind: 'record', line: MAX_UNREADABLE_RECORDS + 1, fields: ['b'] });
  });

  test('an empty text has no records', () => {
    assert.deepEqual(readCsv(''), []);
    assert.deepEqual(readCsv('\uFEFF'), []);
  });
});

describe('parseLabCsv', () => {
  test('a good file: every row becomes a LabResult with its program id', () => {
    const report = parseLabCsv(
      csv('P-001,2025-03-01,triglycerides,152,mg/dL,,150,yes', 'P-001,2025-03-01,ALT,48,U/L,7,40,', 'P-002,2025-03-02,HDL,1.04,mmol/L,,,no'),
    );
    assert.deepEqual(report.fileErrors, []);
    assert.deepEqual(report.rows, [
      {
        row: 2,
        ok: true,
        programId: 'P-001',
        result: { analyte: 'triglycerides', value: 152, unit: 'mg/dL', collectedOn: '2025-03-01', referenceHigh: 150, fasting: true },
      },
      {
        row: 3,
        ok: true,
        programId: 'P-001',
        result: { analyte: 'alt', value: 48, unit: 'U/L', collectedOn: '2025-03-01', referenceLow: 7, referenceHigh: 40 },
      },
      { row: 4, ok: true, programId: 'P-002', result: { analyte: 'hdl', value: 1.04, unit: 'mmol/L', collectedOn: '2025-03-02', fasting: false } },
    ]);
  });

  test('an Excel-style file: BOM, CRLF, quoted fields, columns in another order, usual spellings', () => {
    const text =
      '\uFEFF"Analyte","Value","Units","Collected_Date","Program ID","Ref High","Ref Low","Fasting"\r\n' +
      '"Total Cholesterol","6.21","mmol/l","2025-03-01","P, ""A"" 7","","","Y"\r\n' +
      '"SGPT","130","IU/L","2025-03-01","P-9","40","","N"\r\n';
    const report = parseLabCsv(text);
    assert.deepEqual(report.fileErrors, []);
    assert.deepEqual(summary(report), ['2: ok P, "A" 7 totalCholesterol 6.21 mmol/L', '3: ok P-9 alt 130 U/L']);
  });

  test('a file with some bad rows still yields the good ones, each bad row with all its errors', () => {
    const report = parseLabCsv(
      csv('P-1,2025-03-01,triglycerides,152,mg/dL,,,yes', 'P-1,2025-02-30,bilirubin,abc,mg/dL,,,yes', 'P-2,2025-03-01,alt,60,U/L,,40,'),
    );
    assert.deepEqual(summary(report), [
      '2: ok P-1 triglycerides 152 mg/dL',
      '3: collected date → "2025-02-30" is not a real calendar date.',
      '3: analyte → "bilirubin" is not an analyte the app knows (triglycerides, total cholesterol, LDL, HDL, ALT, AST, glucose, CK).',
      '3: value → "abc" is not a number (write digits with a decimal point, e.g. 152 or 1.72).',
      '4: ok P-2 alt 60 U/L',
    ]);
  });

  test('hostile: an unbalanced quote is reported on its line; the rows after it are still read', () => {
    const report = parseLabCsv(csv('P-1,2025-03-01,"triglycerides,152,mg/dL,,,yes', 'P-2,2025-03-01,tg,99,mg/dL,,,yes'));
    assert.deepEqual(summary(report), ['2: (row) → A quoted field opened in column 3 is never closed.', '3: ok P-2 triglycerides 99 mg/dL']);
  });

  test('a quoted field holding line breaks (CRLF) keeps the line numbers of the rows after it right', () => {
    const text =
      `${HEADER},comment\r\n` +
      'P-1,2025-03-01,tg,152,mg/dL,,,yes,"redrawn:\r\nhaemolysed,\r\nsee ""note"""\r\n' +
      'P-1,2025-03-01,tg,abc,mg/dL,,,yes,\r\n' +
      '"P-2",2025-03-01,alt,60,U/L,,40,,"one\rline"\r\n';
    assert.deepEqual(summary(parseLabCsv(text)), [
      '2: ok P-1 triglycerides 152 mg/dL',
      '5: value → "abc" is not a number (write digits with a decimal point, e.g. 152 or 1.72).',
      '6: ok P-2 alt 60 U/L',
    ]);
  });

  test('hostile: extra and missing columns are row errors', () => {
    const report = parseLabCsv(csv('P-1,2025-03-01,tg,152,mg/dL,,,yes,surprise', 'P-1,2025-03-01,tg,152'));
    assert.deepEqual(summary(report), ['2: (row) → The row has 9 fields; the header has 8.', '3: (row) → The row has 4 fields; the header has 8.']);
  });

  test('hostile: empty lines, blank rows and whitespace-only lines are skipped, line numbers kept', () => {
    const report = parseLabCsv(`${HEADER}\n\n,,,,,,,\n   \nP-1,2025-03-01,tg,152,mg/dL,,,yes\n\n`);
    assert.deepEqual(summary(report), ['5: ok P-1 triglycerides 152 mg/dL']);
  });

  test('dates: 2025-02-30 is not a date, 03/01/2025 is not YYYY-MM-DD, an empty date is missing', () => {
    const report = parseLabCsv(csv('P,2025-02-30,tg,1,mg/dL,,,', 'P,03/01/2025,tg,1,mg/dL,,,', 'P,,tg,1,mg/dL,,,'));
    assert.deepEqual(summary(report), [
      '2: collected date → "2025-02-30" is not a real calendar date.',
      '3: collected date → "03/01/2025" is not a date written YYYY-MM-DD.',
      '4: collected date → The collected date is missing.',
    ]);
  });

  test('dates: a row dated in year 0000 is reported on its line; the rows around it are read', () => {
    const report = parseLabCsv(csv('P,2025-03-01,tg,1,mg/dL,,,', 'P,0000-01-01,tg,1,mg/dL,,,', 'P,2025-03-01,tg,2,mg/dL,,,'), { today: '2025-03-01' });
    assert.deepEqual(summary(report), [
      '2: ok P triglycerides 1 mg/dL',
      '3: collected date → "0000-01-01" is not a date: there is no year 0000.',
      '4: ok P triglycerides 2 mg/dL',
    ]);
  });

  test('dates: with today given, a collected date after today is refused', () => {
    const report = parseLabCsv(csv('P,2025-03-02,tg,1,mg/dL,,,', 'P,2025-03-01,tg,1,mg/dL,,,'), { today: '2025-03-01' });
    assert.deepEqual(summary(report), ['2: collected date → 2025-03-02 is after today (2025-03-01).', '3: ok P triglycerides 1 mg/dL']);
  });

  test('values: "abc", "<5", "1e3", "1,5" and empty are refused; "-5" is refused as negative', () => {
    const report = parseLabCsv(
      csv(
        'P,2025-03-01,tg,abc,mg/dL,,,',
        'P,2025-03-01,alt,<5,U/L,,40,',
        'P,2025-03-01,tg,1e3,mg/dL,,,',
        'P,2025-03-01,tg,"1,5",mg/dL,,,',
        'P,2025-03-01,tg,,mg/dL,,,',
        'P,2025-03-01,tg,-5,mg/dL,,,',
      ),
    );
    assert.deepEqual(summary(report), [
      '2: value → "abc" is not a number (write digits with a decimal point, e.g. 152 or 1.72).',
      '3: value → "<5" is not a number (write digits with a decimal point, e.g. 152 or 1.72).',
      '4: value → "1e3" is not a number (write digits with a decimal point, e.g. 152 or 1.72).',
      '5: value → "1,5" is not a number (write digits with a decimal point, e.g. 152 or 1.72).',
      '6: value → The value is missing.',
      '7: value → Triglycerides cannot be negative (-5).',
    ]);
  });

  test('units: ALT in mmol/L, triglycerides in U/L and "g/L" are refused', () => {
    const report = parseLabCsv(csv('P,2025-03-01,alt,1,mmol/L,,40,', 'P,2025-03-01,tg,150,U/L,,,', 'P,2025-03-01,tg,1.5,g/L,,,'));
    assert.deepEqual(summary(report), [
      '2: unit → The unit of ALT is U/L, not mmol/L.',
      '3: unit → The unit of Triglycerides is mg/dL or mmol/L, not U/L.',
      '4: unit → "g/L" is not a unit the app knows (mg/dL, mmol/L, U/L).',
    ]);
  });

  test('ALT without a reference high is refused: it is judged as × ULN', () => {
    const report = parseLabCsv(csv('P,2025-03-01,alt,60,U/L,,,'));
    assert.deepEqual(summary(report), ["2: reference high → ALT is judged as a multiple of the lab's upper reference limit (ULN): enter the reference high."]);
  });

  test('references: "n/a" is not a number; a low above the high is refused', () => {
    const report = parseLabCsv(csv('P,2025-03-01,alt,60,U/L,n/a,40,', 'P,2025-03-01,alt,60,U/L,50,40,'));
    assert.deepEqual(summary(report), [
      '2: reference low → "n/a" is not a number (write digits with a decimal point, e.g. 152 or 1.72).',
      '3: reference low → The lower reference limit (50) is above the upper one (40).',
    ]);
  });

  test('fasting: yes/no/true/false/1/0/Y/N are read, empty is unknown, "maybe" is refused', () => {
    const report = parseLabCsv(
      csv('P,2025-03-01,tg,1,mg/dL,,,TRUE', 'P,2025-03-01,tg,1,mg/dL,,,0', 'P,2025-03-01,tg,1,mg/dL,,,', 'P,2025-03-01,tg,1,mg/dL,,,maybe'),
    );
    const fasting = report.rows.map((row) => (row.ok ? row.result.fasting : 'error'));
    assert.deepEqual(fasting, [true, false, undefined, 'error']);
    assert.deepEqual(summary(report).at(-1), '5: fasting → "maybe" is not yes or no (leave it empty when unknown).');
  });

  test('a missing program id is a row error', () => {
    assert.deepEqual(summary(parseLabCsv(csv(' ,2025-03-01,tg,1,mg/dL,,,'))), ['2: patient program id → The patient program id is missing.']);
  });

  test('a very long field is cut short in the message', () => {
    const report = parseLabCsv(csv(`P,2025-03-01,${'x'.repeat(10_000)},1,mg/dL,,,`));
    const message = summary(report)[0] ?? '';
    assert.ok(message.length < 200, message);
    assert.match(message, /"x{40}…" is not an analyte/);
  });

  test('the optional columns may be left out of the header', () => {
    const report = parseLabCsv('patient program id,collected date,analyte,value,unit\nP,2025-03-01,tg,120,mg/dL\n');
    assert.deepEqual(summary(report), ['2: ok P triglycerides 120 mg/dL']);
  });

  test('an unknown header column is ignored and named', () => {
    const report = parseLabCsv(`${HEADER},comment\nP,2025-03-01,tg,120,mg/dL,,,yes,"redrawn, haemolysed"\n`);
    assert.deepEqual(report.ignoredColumns, ['comment']);
    assert.deepEqual(summary(report), ['2: ok P triglycerides 120 mg/dL']);
  });

  test('file errors: empty file, header without "value", a column twice, an unreadable header', () => {
    assert.deepEqual(parseLabCsv('').fileErrors, [{ row: 1, column: null, message: 'The file is empty: it needs a header row.' }]);
    const noValue = parseLabCsv('patient program id,collected date,analyte,unit\nP,2025-03-01,tg,mg/dL\n');
    assert.deepEqual(noValue.fileErrors, [{ row: 1, column: 'value', message: 'The header has no "value" column.' }]);
    assert.deepEqual(noValue.rows, []);
    const twice = parseLabCsv(`${HEADER},Value\n`);
    assert.deepEqual(twice.fileErrors, [{ row: 1, column: 'value', message: 'The column "value" appears twice in the header.' }]);
    assert.equal(
      parseLabCsv('"analyte,value\nP,1\n').fileErrors[0]?.message,
      'The header row cannot be read: A quoted field opened in column 1 is never closed.',
    );
  });

  test('a header alone yields no rows and no errors', () => {
    assert.deepEqual(parseLabCsv(`${HEADER}\r\n`), { rows: [], fileErrors: [], ignoredColumns: [] });
  });

  test('labCsvErrorLines: one line a person can act on per error, file errors first', () => {
    const report = parseLabCsv(csv('P,2025-03-01,tg,abc,mg/dL,,,', 'P,2025-03-01,tg,1,mg/dL,,,yes,extra'));
    assert.deepEqual(labCsvErrorLines(report), [
      'Line 2, value: "abc" is not a number (write digits with a decimal point, e.g. 152 or 1.72).',
      'Line 3: The row has 9 fields; the header has 8.',
    ]);
  });
});
