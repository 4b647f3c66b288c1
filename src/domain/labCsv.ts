// Lab results imported as CSV (domain.md §4.1, §4.2). csv-parse reads the RFC 4180 text (quoted
// fields, doubled quotes, CRLF/LF/CR line ends, a leading BOM); on top of it, one outcome per data
// row: a LabResult for a patient's program id, or every error found in that row. A bad row never
// hides the good ones. Pure: the text comes in, values go out (csv-parse's sync API does no I/O).
import { CsvError, parse } from 'csv-parse/sync';
import { isAfter, isIsoDate, type IsoDate } from './dates.js';
import { labResultProblems, type LabAnalyte, type LabResult, type LabUnit } from './labs.js';

// ---------------------------------------------------------------------------------------------
// Reading the CSV text

export type CsvEntry =
  /** A record; `line` is the 1-based line of the file it starts on. */
  | { kind: 'record'; line: number; fields: string[] }
  /** A record that could not be read; reading resumes on the line after the one it started on. */
  | { kind: 'error'; line: number; message: string };

const LINE_END = /\r\n|\r|\n/g;
const CR = 0x0d;
const LF = 0x0a;
/**
 * Unreadable records read before reading stops. Each one costs csv-parse a fresh start (and its
 * errors are dear, ~0.1 ms each), so a file of a hundred thousand broken quotes would hold the
 * server for many seconds; no lab export has a thousand, and every row before the stop is kept.
 */
export const MAX_UNREADABLE_RECORDS = 1000;

/** What a person is told about a record csv-parse refused; `column` is 1-based. */
function csvErrorMessage(error: CsvError): string {
  const column = typeof error['index'] === 'number' ? error['index'] + 1 : 1;
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return `A quoted field opened in column ${column} is never closed.`;
    case 'CSV_INVALID_CLOSING_QUOTE':
      return `Text after the closing quote of column ${column}; a quote inside a quoted field is written "".`;
    case 'INVALID_OPENING_QUOTE':
      return `A quote inside unquoted column ${column}; quote the whole field and write the quote as "".`;
    default:
      return `The row cannot be read as CSV (${error.message}).`;
  }
}

/**
 * Reads CSV text into records. Lines that are completely empty are skipped. A syntax error (an
 * unterminated quoted field, text after a closing quote, a quote inside an unquoted field) spoils
 * only the record it is in: reading starts again on the next line, so one stray quote does not
 * swallow the rest of the file. csv-parse stops at the first error; the resuming is ours. After
 * MAX_UNREADABLE_RECORDS such records, one more error says where reading stopped.
 */
export function readCsv(text: string): CsvEntry[] {
  // Bytes, as csv-parse reads them: resuming after an error hands it the rest of this one buffer
  // (a view, not a copy), so each fresh start costs only the lines it reads.
  const bytes = Buffer.from(text.startsWith('\uFEFF') ? text.slice(1) : text, 'utf8');
  // Where each line of the file starts, and whether it is empty: `lineStart[k - 1]` is line k.
  const lineStart = [0];
  const lineEmpty: boolean[] = [];
  for (let at = 0; at < bytes.length; at += 1) {
    const byte = bytes[at];
    if (byte === CR || byte === LF) {
      lineEmpty.push(at === lineStart[lineStart.length - 1]);
      if (byte === CR && bytes[at + 1] === LF) {
        at += 1;
      }
      lineStart.push(at + 1);
    }
  }
  lineEmpty.push(lineStart[lineStart.length - 1] === bytes.length);
  const lineCount = lineStart.length;
  /** The first non-empty line after `line`: where the next record starts. */
  const nextRecordLine = (line: number) => {
    let next = line + 1;
    while (next <= lineCount && lineEmpty[next - 1] === true) {
      next += 1;
    }
    return next;
  };

  const entries: CsvEntry[] = [];
  let unreadable = 0;
  let from = nextRecordLine(0);
  while (from <= lineCount) {
    const offset = from - 1;
    /** The last line of the file read into a record so far, in this pass. */
    let lastLine = offset;
    try {
      parse(bytes.subarray(lineStart[offset]), {
        relax_column_count: true,
        skip_empty_lines: true,
        record_delimiter: ['\r\n', '\n', '\r'],
        // A record ends as many lines after its first as its quoted fields hold line ends (csv-parse's
        // own line count takes a CRLF inside quotes for two).
        on_record: (fields: string[]) => {
          const line = nextRecordLine(lastLine);
          entries.push({ kind: 'record', line, fields });
          lastLine = fields.reduce((end, field) => end + (field.match(LINE_END)?.length ?? 0), line);
          return null;
        },
      });
      break;
    } catch (error) {
      if (!(error instanceof CsvError)) {
        throw error;
      }
      const line = nextRecordLine(lastLine);
      entries.push({ kind: 'error', line, message: csvErrorMessage(error) });
      unreadable += 1;
      from = nextRecordLine(line);
      if (unreadable === MAX_UNREADABLE_RECORDS && from <= lineCount) {
        entries.push({
          kind: 'error',
          line: from,
          message: `Reading stopped here: ${MAX_UNREADABLE_RECORDS} rows above cannot be read as CSV, so this line and the ones after it were not read. Fix the quoting and import them again.`,
        });
        break;
      }
    }
  }
  return entries;
}

// ---------------------------------------------------------------------------------------------
// Lab results

export interface LabCsvError {
  /** The 1-based line of the file the row starts on (the header is line 1 when nothing precedes it). */
  row: number;
  /** The column as named in the file format; null when the error concerns the whole row or file. */
  column: string | null;
  message: string;
}

export type LabCsvRow = { row: number; ok: true; programId: string; result: LabResult } | { row: number; ok: false; errors: LabCsvError[] };

export interface LabCsvReport {
  /** One outcome per data row, in file order (blank rows are skipped). */
  rows: LabCsvRow[];
  /** Problems with the file as a whole (no header, a missing column); then `rows` is empty. */
  fileErrors: LabCsvError[];
  /** Header columns the format does not know; their values are ignored. */
  ignoredColumns: string[];
}

export interface LabCsvOptions {
  /** When given, a collected date after it is an error (results are about the past). */
  today?: IsoDate;
}

type ColumnKey = 'programId' | 'collectedOn' | 'analyte' | 'value' | 'unit' | 'referenceLow' | 'referenceHigh' | 'fasting';

/** The file format: column names as documented, whether required, and accepted spellings. */
const COLUMNS: Record<ColumnKey, { label: string; required: boolean; names: string[] }> = {
  programId: { label: 'patient program id', required: true, names: ['patientprogramid', 'programid'] },
  collectedOn: { label: 'collected date', required: true, names: ['collecteddate', 'collectedon', 'collectiondate'] },
  analyte: { label: 'analyte', required: true, names: ['analyte', 'test'] },
  value: { label: 'value', required: true, names: ['value', 'result'] },
  unit: { label: 'unit', required: true, names: ['unit', 'units'] },
  referenceLow: { label: 'reference low', required: false, names: ['referencelow', 'reflow'] },
  referenceHigh: { label: 'reference high', required: false, names: ['referencehigh', 'refhigh'] },
  fasting: { label: 'fasting', required: false, names: ['fasting'] },
};

const COLUMN_KEYS = Object.keys(COLUMNS) as ColumnKey[];

/** Accepted analyte spellings, compared lower-case without spaces, hyphens or underscores. */
const ANALYTE_NAMES: Record<string, LabAnalyte> = {
  triglycerides: 'triglycerides',
  triglyceride: 'triglycerides',
  tg: 'triglycerides',
  totalcholesterol: 'totalCholesterol',
  cholesterol: 'totalCholesterol',
  tc: 'totalCholesterol',
  ldl: 'ldl',
  ldlc: 'ldl',
  ldlcholesterol: 'ldl',
  hdl: 'hdl',
  hdlc: 'hdl',
  hdlcholesterol: 'hdl',
  alt: 'alt',
  sgpt: 'alt',
  ast: 'ast',
  sgot: 'ast',
  glucose: 'glucose',
  ck: 'ck',
  cpk: 'ck',
  creatinekinase: 'ck',
};

const UNIT_NAMES: Record<string, LabUnit> = {
  'mg/dl': 'mg/dL',
  'mmol/l': 'mmol/L',
  'u/l': 'U/L',
  'iu/l': 'U/L',
};

const FASTING_NAMES: Record<string, boolean> = {
  yes: true,
  y: true,
  true: true,
  '1': true,
  no: false,
  n: false,
  false: false,
  '0': false,
};

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

function simplify(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The raw text as shown in a message: quoted, and cut short when someone pasted a novel. */
function quoted(raw: string): string {
  return JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}…` : raw);
}

/**
 * Parses a lab-results CSV: a header row naming the columns (any order; "patient program id",
 * "collected date", "analyte", "value" and "unit" are required, "reference low", "reference high"
 * and "fasting" optional), then one result per row. Each row becomes a LabResult with its program
 * id, or the list of everything wrong with it.
 */
export function parseLabCsv(text: string, options: LabCsvOptions = {}): LabCsvReport {
  const entries = readCsv(text);
  const header = entries[0];
  if (header === undefined) {
    return { rows: [], fileErrors: [{ row: 1, column: null, message: 'The file is empty: it needs a header row.' }], ignoredColumns: [] };
  }
  if (header.kind === 'error') {
    return { rows: [], fileErrors: [{ row: header.line, column: null, message: `The header row cannot be read: ${header.message}` }], ignoredColumns: [] };
  }

  const fileErrors: LabCsvError[] = [];
  const positions = new Map<ColumnKey, number>();
  const ignoredColumns: string[] = [];
  header.fields.forEach((name, index) => {
    const key = COLUMN_KEYS.find((candidate) => COLUMNS[candidate].names.includes(simplify(name)));
    if (key === undefined) {
      ignoredColumns.push(name);
    } else if (positions.has(key)) {
      fileErrors.push({ row: header.line, column: COLUMNS[key].label, message: `The column "${COLUMNS[key].label}" appears twice in the header.` });
    } else {
      positions.set(key, index);
    }
  });
  for (const key of COLUMN_KEYS) {
    if (COLUMNS[key].required && !positions.has(key)) {
      fileErrors.push({ row: header.line, column: COLUMNS[key].label, message: `The header has no "${COLUMNS[key].label}" column.` });
    }
  }
  if (fileErrors.length > 0) {
    return { rows: [], fileErrors, ignoredColumns };
  }

  const rows: LabCsvRow[] = [];
  for (const entry of entries.slice(1)) {
    if (entry.kind === 'error') {
      rows.push({ row: entry.line, ok: false, errors: [{ row: entry.line, column: null, message: entry.message }] });
      continue;
    }
    if (entry.fields.every((field) => field.trim() === '')) {
      continue;
    }
    if (entry.fields.length !== header.fields.length) {
      rows.push({
        row: entry.line,
        ok: false,
        errors: [
          {
            row: entry.line,
            column: null,
            message: `The row has ${entry.fields.length} fields; the header has ${header.fields.length}.`,
          },
        ],
      });
      continue;
    }
    rows.push(parseRow(entry.line, entry.fields, positions, options));
  }
  return { rows, fileErrors, ignoredColumns };
}

function parseRow(row: number, fields: string[], positions: Map<ColumnKey, number>, options: LabCsvOptions): LabCsvRow {
  const errors: LabCsvError[] = [];
  const fail = (key: ColumnKey, message: string) => errors.push({ row, column: COLUMNS[key].label, message });
  const raw = (key: ColumnKey): string => {
    const position = positions.get(key);
    return position === undefined ? '' : (fields[position] ?? '').trim();
  };
  const number = (key: ColumnKey, required: boolean): number | undefined => {
    const text = raw(key);
    if (text === '') {
      if (required) {
        fail(key, `The ${COLUMNS[key].label} is missing.`);
      }
      return undefined;
    }
    if (!DECIMAL.test(text)) {
      fail(key, `${quoted(text)} is not a number (write digits with a decimal point, e.g. 152 or 1.72).`);
      return undefined;
    }
    return Number(text);
  };

  const programId = raw('programId');
  if (programId === '') {
    fail('programId', 'The patient program id is missing.');
  }

  const collectedOn = raw('collectedOn');
  if (collectedOn === '') {
    fail('collectedOn', 'The collected date is missing.');
  } else if (!/^\d{4}-\d{2}-\d{2}$/.test(collectedOn)) {
    fail('collectedOn', `${quoted(collectedOn)} is not a date written YYYY-MM-DD.`);
  } else if (collectedOn.startsWith('0000')) {
    // isIsoDate refuses it too; named apart, as the database has no year 0000 (it failed the whole file).
    fail('collectedOn', `${quoted(collectedOn)} is not a date: there is no year 0000.`);
  } else if (!isIsoDate(collectedOn)) {
    fail('collectedOn', `${quoted(collectedOn)} is not a real calendar date.`);
  } else if (options.today !== undefined && isAfter(collectedOn, options.today)) {
    fail('collectedOn', `${collectedOn} is after today (${options.today}).`);
  }

  const analyteText = raw('analyte');
  const analyte = ANALYTE_NAMES[simplify(analyteText)];
  if (analyteText === '') {
    fail('analyte', 'The analyte is missing.');
  } else if (analyte === undefined) {
    fail('analyte', `${quoted(analyteText)} is not an analyte the app knows (triglycerides, total cholesterol, LDL, HDL, ALT, AST, glucose, CK).`);
  }

  const value = number('value', true);

  const unitText = raw('unit');
  const unit = UNIT_NAMES[unitText.toLowerCase().replace(/\s/g, '')];
  if (unitText === '') {
    fail('unit', 'The unit is missing.');
  } else if (unit === undefined) {
    fail('unit', `${quoted(unitText)} is not a unit the app knows (mg/dL, mmol/L, U/L).`);
  }

  const referenceLow = number('referenceLow', false);
  const referenceHigh = number('referenceHigh', false);

  const fastingText = raw('fasting');
  const fasting = fastingText === '' ? undefined : FASTING_NAMES[fastingText.toLowerCase()];
  if (fastingText !== '' && fasting === undefined) {
    fail('fasting', `${quoted(fastingText)} is not yes or no (leave it empty when unknown).`);
  }

  if (errors.length > 0 || analyte === undefined || unit === undefined || value === undefined) {
    return { row, ok: false, errors };
  }

  const result: LabResult = { analyte, value, unit, collectedOn };
  if (referenceLow !== undefined) {
    result.referenceLow = referenceLow;
  }
  if (referenceHigh !== undefined) {
    result.referenceHigh = referenceHigh;
  }
  if (fasting !== undefined) {
    result.fasting = fasting;
  }
  const problems = labResultProblems(result);
  if (problems.length > 0) {
    const fieldColumns: Record<string, ColumnKey> = {
      analyte: 'analyte',
      value: 'value',
      unit: 'unit',
      referenceLow: 'referenceLow',
      referenceHigh: 'referenceHigh',
      collectedOn: 'collectedOn',
      fasting: 'fasting',
    };
    return {
      row,
      ok: false,
      errors: problems.map((problem) => {
        const key = fieldColumns[problem.field];
        return { row, column: key === undefined ? null : COLUMNS[key].label, message: problem.message };
      }),
    };
  }
  return { row, ok: true, programId, result };
}

/** Every error of a report, file errors first, as the lines a person reads ("Line 4, value: …"). */
export function labCsvErrorLines(report: LabCsvReport): string[] {
  const errors = [...report.fileErrors, ...report.rows.flatMap((row) => (row.ok ? [] : row.errors))];
  return errors.map((error) => `Line ${error.row}${error.column === null ? '' : `, ${error.column}`}: ${error.message}`);
}
