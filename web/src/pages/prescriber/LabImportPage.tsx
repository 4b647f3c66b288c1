// Import lab results from a laboratory's CSV file (POST /lab-imports): good rows are stored, bad
// rows come back line by line. A large file takes a while, so each stage shows its progress:
// reading the file, sending it, then the server checking and storing the rows.
import { useId, useRef, useState, type SyntheticEvent } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, csrfToken, NO_CONNECTION, type Problem } from '../../api';
import type { LabImportReport } from '../../apiTypes';
import { describedBy, FieldFrame, FormProblem } from '../../components/forms';
import './prescriber.css';

const MAX_CHARACTERS = 900_000;
/** Problems listed on the page; a file of thousands of bad rows has one cause, seen in the first few. */
const SHOWN_ERRORS = 200;

type Stage = { step: 'idle' } | { step: 'reading' | 'sending'; percent: number | null } | { step: 'storing' };

function readText(file: File, onProgress: (percent: number | null) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onprogress = (event) => {
      onProgress(event.lengthComputable ? Math.round((event.loaded / event.total) * 100) : null);
    };
    reader.onload = () => {
      resolve(typeof reader.result === 'string' ? reader.result : '');
    };
    reader.onerror = () => {
      reject(reader.error ?? new Error('The file could not be read.'));
    };
    reader.readAsText(file);
  });
}

/** The one request whose upload progress matters; the rest of the app uses api.ts (fetch has no upload progress). */
function send(body: unknown, onUpload: (percent: number | null) => void, onSent: () => void): Promise<LabImportReport> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', '/api/v1/lab-imports');
    request.setRequestHeader('content-type', 'application/json');
    request.setRequestHeader('accept', 'application/json');
    const csrf = csrfToken();
    if (csrf !== undefined) {
      request.setRequestHeader('x-csrf-token', csrf);
    }
    request.upload.onprogress = (event) => {
      onUpload(event.lengthComputable ? Math.round((event.loaded / event.total) * 100) : null);
    };
    request.upload.onload = onSent;
    request.onload = () => {
      const parsed: unknown = request.responseText === '' ? null : JSON.parse(request.responseText);
      if (request.status >= 200 && request.status < 300) {
        resolve(parsed as LabImportReport);
        return;
      }
      if (request.status === 401) {
        window.dispatchEvent(new CustomEvent('isocourse:session-ended'));
      }
      reject(new ApiError((parsed ?? { type: 'about:blank', title: request.statusText, status: request.status }) as Problem));
    };
    request.onerror = () => {
      reject(new ApiError(NO_CONNECTION));
    };
    request.send(JSON.stringify(body));
  });
}

const STAGE_WORDS = { reading: 'Reading the file', sending: 'Sending it to the server', storing: 'Checking and storing the rows' } as const;

/** The stage in words (announced once per stage) and a bar (not announced at every percent). */
function StageProgress({ stage }: { stage: Stage }) {
  const label = stage.step === 'idle' ? null : STAGE_WORDS[stage.step];
  const percent = stage.step === 'reading' || stage.step === 'sending' ? stage.percent : null;
  return (
    <>
      <p className="visually-hidden" role="status">
        {label === null ? '' : `${label}…`}
      </p>
      {label === null ? null : (
        <div className="rx-import-progress" aria-hidden="true">
          <span>
            {label}
            {percent === null ? '…' : ` (${percent} %)`}
          </span>
          {/* Without a value the bar is indeterminate: the server does not report its progress. */}
          <progress max={100} {...(percent === null ? {} : { value: percent })} />
        </div>
      )}
    </>
  );
}

export function LabImportPage() {
  const fileId = useId();
  const input = useRef<HTMLInputElement | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [stage, setStage] = useState<Stage>({ step: 'idle' });
  const [problem, setProblem] = useState<ApiError | null>(null);
  const [report, setReport] = useState<LabImportReport | null>(null);
  const busy = stage.step !== 'idle';

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    setProblem(null);
    if (file === null) {
      setFileError('Choose a CSV file.');
      input.current?.focus();
      return;
    }
    setReport(null);
    try {
      setStage({ step: 'reading', percent: 0 });
      const csv = await readText(file, (percent) => {
        setStage({ step: 'reading', percent });
      });
      if (csv.trim() === '') {
        setFileError('The file is empty.');
        return;
      }
      if (csv.length > MAX_CHARACTERS) {
        setFileError(
          `The file is too large (${csv.length.toLocaleString('en-US')} characters; at most ${MAX_CHARACTERS.toLocaleString('en-US')}). Split it into smaller files.`,
        );
        return;
      }
      setStage({ step: 'sending', percent: 0 });
      const answer = await send(
        { fileName: file.name.slice(0, 255) || 'labs.csv', csv },
        (percent) => {
          setStage({ step: 'sending', percent });
        },
        () => {
          setStage({ step: 'storing' });
        },
      );
      setReport(answer);
      setFile(null);
      if (input.current !== null) {
        input.current.value = '';
      }
    } catch (caught) {
      if (caught instanceof ApiError) {
        setProblem(caught);
        const onFile = caught.fieldError('csv') ?? caught.fieldError('fileName');
        if (onFile !== undefined) {
          setFileError(`The file ${onFile}`);
        }
      } else {
        setFileError(caught instanceof Error ? caught.message : 'The file could not be read.');
      }
    } finally {
      setStage({ step: 'idle' });
    }
  };

  const errors = report === null ? [] : [...report.fileErrors, ...report.rowErrors];
  return (
    <section aria-labelledby="import-title">
      <h1 id="import-title">Import lab results</h1>
      <p className="hint rx-lead">
        A CSV file from the laboratory, with a header row naming the columns in any order: <code>patient program id</code>, <code>collected date</code>{' '}
        (YYYY-MM-DD), <code>analyte</code>, <code>value</code>, <code>unit</code>, and optionally <code>reference low</code>, <code>reference high</code>{' '}
        (needed for ALT, AST and CK) and <code>fasting</code> (yes/no). Good rows are stored; the others are listed with their line so you can fix them and
        import them again.
      </p>
      <form className="card" onSubmit={(event) => void submit(event)} noValidate aria-labelledby="import-title">
        <FieldFrame id={fileId} label="CSV file" error={fileError ?? undefined}>
          <input
            id={fileId}
            ref={input}
            type="file"
            accept=".csv,text/csv,text/plain"
            onChange={(event) => {
              setFile(event.target.files?.[0] ?? null);
              setFileError(null);
              setReport(null);
            }}
            aria-invalid={fileError === null ? undefined : true}
            aria-describedby={describedBy(fileId, undefined, fileError ?? undefined)}
          />
        </FieldFrame>
        <FormProblem error={problem} />
        <StageProgress stage={stage} />
        <div>
          <button type="submit" className="primary" disabled={busy} aria-busy={busy}>
            {busy ? 'Importing…' : 'Import'}
          </button>
        </div>
      </form>
      <div role="status">
        {report === null ? null : (
          <div className={report.rejected === 0 && report.fileErrors.length === 0 ? 'success' : 'notice'}>
            <p>
              <strong>{report.fileName}</strong>: {report.rows} {report.rows === 1 ? 'row' : 'rows'}, {report.accepted} stored, {report.rejected} not stored.
            </p>
            {report.ignoredColumns.length > 0 ? <p>Columns ignored (not part of the format): {report.ignoredColumns.join(', ')}.</p> : null}
            {report.accepted > 0 ? (
              <p>
                The stored results are on each patient's page and in the <Link to="/">worklist</Link>.
              </p>
            ) : null}
          </div>
        )}
      </div>
      {errors.length > 0 ? (
        <section className="card" aria-labelledby="import-errors-title">
          <h2 id="import-errors-title">What was not stored</h2>
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">Line</th>
                  <th scope="col">Column</th>
                  <th scope="col">Problem</th>
                </tr>
              </thead>
              <tbody>
                {errors.slice(0, SHOWN_ERRORS).map((error, index) => (
                  <tr key={`${error.row}-${error.column}-${index}`}>
                    <td>{error.row}</td>
                    <td>{error.column ?? 'the file'}</td>
                    <td>{error.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {errors.length > SHOWN_ERRORS ? (
            <p className="hint">
              The first {SHOWN_ERRORS} of {errors.length} problems are listed.
            </p>
          ) : null}
        </section>
      ) : null}
    </section>
  );
}
