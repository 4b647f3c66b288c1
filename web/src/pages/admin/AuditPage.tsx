// The audit trail: who read or wrote what, when, from where and how it ended, newest first, by
// account and/or patient, a page at a time; and the verification of its hash chain. Times are
// shown in the clinic's time zone. The filters and the page live in the address, so a reload or a
// shared link shows the same rows.
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, ApiError } from '../../api';
import { FormProblem, SelectField, SubmitButton, TextField, useForm, type Validator } from '../../components/forms';
import { LoadFailed, Loading, useLoad } from '../../components/status';
import { formatMoment } from '../../dates';
import { useMe } from '../../session';
import { clinicTimeZone, UUID_PATTERN, type AuditEvent, type ChainReport, type User } from './adminTypes';
import './admin.css';

const PAGE_SIZE = 25;

const OUTCOME_BADGE: Record<AuditEvent['outcome'], string> = { ok: 'badge-ok', refused: 'badge-warning', denied: 'badge-urgent' };

export function AuditPage() {
  const me = useMe();
  const timeZone = clinicTimeZone(me);
  const [params, setParams] = useSearchParams();
  const actorId = params.get('actorId') ?? '';
  const patientId = params.get('patientId') ?? '';
  const page = Math.max(0, Number.parseInt(params.get('page') ?? '0', 10) || 0);
  const users = useLoad(() => api.get<User[]>('/users'), []);

  const show = (next: { actorId?: string; patientId?: string; page?: number }) => {
    const merged = { actorId, patientId, page: 0, ...next };
    const search = new URLSearchParams();
    if (merged.actorId !== '') {
      search.set('actorId', merged.actorId);
    }
    if (merged.patientId !== '') {
      search.set('patientId', merged.patientId);
    }
    if (merged.page > 0) {
      search.set('page', String(merged.page));
    }
    setParams(search);
  };

  return (
    <section className="admin-page" aria-labelledby="audit-title">
      <h1 id="audit-title">Audit trail</h1>
      <Verification />
      <Filters
        key={`${actorId}|${patientId}`}
        users={users.data ?? []}
        actorId={actorId}
        patientId={patientId}
        onShow={(filter) => {
          show(filter);
        }}
      />
      <Events timeZone={timeZone} users={users.data ?? []} actorId={actorId} patientId={patientId} page={page} show={show} />
    </section>
  );
}

function Verification() {
  const [running, setRunning] = useState(false);
  const [report, setReport] = useState<ChainReport | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const verify = async () => {
    setRunning(true);
    setReport(null);
    setFailure(null);
    try {
      setReport(await api.get<ChainReport>('/audit/verification'));
    } catch (error) {
      setFailure(error instanceof ApiError ? error : new ApiError({ type: 'about:blank', title: 'Something went wrong', status: 0 }));
    } finally {
      setRunning(false);
    }
  };
  return (
    <div className="card" aria-labelledby="verification-title">
      <h2 id="verification-title">Is the trail whole?</h2>
      <p className="hint">
        Every row is chained to the one before it by its hash. Verifying seals what was written since the last seal, then checks the whole chain from its first
        row: a row changed, removed or moved is named.
      </p>
      <button type="button" className="primary" onClick={() => void verify()} disabled={running} aria-busy={running}>
        {running ? 'Verifying…' : 'Verify the chain'}
      </button>
      <div aria-live="polite" className="admin-verification">
        {running ? (
          <p className="loading" role="status">
            <progress aria-label="Verifying the audit chain" /> Sealing new rows and checking every row of the chain…
          </p>
        ) : null}
        {report === null ? null : report.ok ? (
          <div className="success" role="status">
            <p className="admin-result-title">The audit trail is intact.</p>
            <p>
              {report.checkedRows.toLocaleString('en-US')} sealed rows checked
              {report.sealedNow > 0 ? ` (${report.sealedNow.toLocaleString('en-US')} sealed just now)` : ''}
              {report.unsealedRows > 0 ? `; ${report.unsealedRows.toLocaleString('en-US')} written since, not sealed yet` : ''}.
            </p>
            {report.head === null ? null : (
              <p>
                Head of the chain: <code className="admin-hash">{`${report.head.chainSeq}:${report.head.rowHash}`}</code>. Keep it outside the database to
                detect a rewritten chain later.
              </p>
            )}
          </div>
        ) : (
          <div className="problem" role="alert">
            <p className="problem-title">The audit trail is broken.</p>
            {report.firstProblem === null ? null : (
              <p>
                At position {report.firstProblem.chainSeq} ({report.firstProblem.kind}
                {report.firstProblem.auditEventId === null ? '' : `, audit event ${report.firstProblem.auditEventId}`}): {report.firstProblem.message}
              </p>
            )}
            <p>{report.checkedRows.toLocaleString('en-US')} rows before it are intact.</p>
          </div>
        )}
        {failure === null ? null : <LoadFailed error={failure} retry={() => void verify()} />}
      </div>
    </div>
  );
}

const uuid: Validator = (value) =>
  value.trim() === '' || UUID_PATTERN.test(value.trim()) ? undefined : 'A patient ID, like 3f2c…-…: 36 characters with dashes.';

function Filters({
  users,
  actorId,
  patientId,
  onShow,
}: {
  users: User[];
  actorId: string;
  patientId: string;
  onShow: (filter: { actorId: string; patientId: string }) => void;
}) {
  const form = useForm({ actorId, patientId }, { patientId: [uuid] }, (values) => {
    onShow({ actorId: values.actorId, patientId: values.patientId.trim().toLowerCase() });
  });
  const options: Array<readonly [string, string]> = [['', 'Anyone'], ...users.map((user) => [user.id, `${user.displayName} (${user.email})`] as const)];
  if (actorId !== '' && !users.some((user) => user.id === actorId)) {
    options.push([actorId, actorId]);
  }
  return (
    <form className="card admin-filters" onSubmit={(event) => void form.submit(event)} noValidate aria-label="Filter the audit trail">
      <h2>Which events</h2>
      <div className="admin-field-row">
        <SelectField form={form} name="actorId" label="Account" options={options} />
        <TextField form={form} name="patientId" label="Patient ID" autoComplete="off" spellCheck={false} hint="Optional: one patient's record." />
      </div>
      <FormProblem error={form.serverError} />
      <div className="admin-actions">
        <SubmitButton busy={form.busy}>Show events</SubmitButton>
        {actorId !== '' || patientId !== '' ? (
          <button
            type="button"
            onClick={() => {
              onShow({ actorId: '', patientId: '' });
            }}
          >
            Show all events
          </button>
        ) : null}
      </div>
    </form>
  );
}

function Events({
  timeZone,
  users,
  actorId,
  patientId,
  page,
  show,
}: {
  timeZone: string;
  users: User[];
  actorId: string;
  patientId: string;
  page: number;
  show: (next: { actorId?: string; patientId?: string; page?: number }) => void;
}) {
  // The rows are kept with the filter they answer: while another filter's rows load, the ones on
  // screen are marked as out of date rather than shown under the new heading as if they matched.
  const key = `${actorId}|${patientId}|${page}`;
  const events = useLoad(async () => {
    // One more than a page: whether there is an older page.
    const query = new URLSearchParams({ limit: String(PAGE_SIZE + 1), offset: String(page * PAGE_SIZE) });
    if (actorId !== '') {
      query.set('actorId', actorId);
    }
    if (patientId !== '') {
      query.set('patientId', patientId);
    }
    return { key, events: await api.get<AuditEvent[]>(`/audit-events?${query.toString()}`) };
  }, [actorId, patientId, page]);
  const current = events.data?.key === key && !events.loading;
  const names = new Map(users.map((user) => [user.id, user.displayName]));
  const filtered = [actorId === '' ? null : `by ${names.get(actorId) ?? actorId}`, patientId === '' ? null : `about patient ${patientId}`]
    .filter(Boolean)
    .join(', ');
  const rows = events.data?.events.slice(0, PAGE_SIZE) ?? [];
  const hasOlder = (events.data?.events.length ?? 0) > PAGE_SIZE;
  const first = page * PAGE_SIZE + 1;
  return (
    <div className="card" aria-labelledby="events-title">
      <h2 id="events-title">Events{filtered === '' ? '' : ` ${filtered}`}</h2>
      {events.error !== null ? <LoadFailed error={events.error} retry={events.reload} /> : null}
      {events.data === undefined && events.error === null ? <Loading what="audit events" /> : null}
      {events.data === undefined ? null : (
        <>
          <p className="hint" role="status">
            {!current
              ? 'Loading the events…'
              : rows.length === 0
                ? 'No events match.'
                : `Events ${first.toLocaleString('en-US')}–${(first + rows.length - 1).toLocaleString('en-US')}, newest first. Times in ${timeZone}.`}
          </p>
          {rows.length === 0 ? null : (
            <div className={`table-scroll${current ? '' : ' admin-stale'}`} role="region" aria-label="Audit events" aria-busy={!current} tabIndex={0}>
              <table className="admin-audit">
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Who</th>
                    <th scope="col">What</th>
                    <th scope="col">Patient</th>
                    <th scope="col">Outcome</th>
                    <th scope="col">From</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((event) => (
                    <tr key={event.id}>
                      <td className="admin-when">{formatMoment(event.occurredAt, timeZone)}</td>
                      <td>
                        {event.actor === null ? (
                          <span className="hint">System</span>
                        ) : (
                          <button
                            type="button"
                            className="link-button"
                            onClick={() => {
                              show({ actorId: event.actor?.id ?? '', patientId });
                            }}
                            title="Show only this account's events"
                          >
                            {event.actor.email ?? event.actor.id}
                          </button>
                        )}
                        {event.actor?.role ? <span className="admin-role"> {event.actor.role}</span> : null}
                      </td>
                      <td>
                        <code>{event.action}</code>
                        {event.entity === null ? null : (
                          <span className="admin-entity">
                            {' '}
                            {event.entity}
                            {event.entityId === null ? '' : ` ${event.entityId.slice(0, 8)}`}
                          </span>
                        )}
                        {event.detail === null ? null : <span className="admin-detail">{summarize(event.detail)}</span>}
                      </td>
                      <td>
                        {event.patientId === null ? (
                          '—'
                        ) : (
                          <button
                            type="button"
                            className="link-button admin-id"
                            onClick={() => {
                              show({ actorId, patientId: event.patientId ?? '' });
                            }}
                            title={event.patientId}
                          >
                            <span className="admin-visually-hidden">Show only patient </span>
                            {event.patientId.slice(0, 8)}
                          </button>
                        )}
                      </td>
                      <td>
                        <span className={`badge ${OUTCOME_BADGE[event.outcome]}`}>{event.outcome}</span>
                      </td>
                      <td className="admin-ip">{event.ip ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <nav className="admin-actions" aria-label="Audit pages">
            <button
              type="button"
              disabled={page === 0 || !current}
              onClick={() => {
                show({ page: page - 1 });
              }}
            >
              Newer events
            </button>
            <button
              type="button"
              disabled={!hasOlder || !current}
              onClick={() => {
                show({ page: page + 1 });
              }}
            >
              Older events
            </button>
          </nav>
        </>
      )}
    </div>
  );
}

/** A row's detail in one line: its fields as key=value, nested objects as JSON. */
function summarize(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .filter(([, value]) => value !== null && value !== undefined)
    .map(
      ([key, value]) =>
        `${key}=${typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value)}`,
    )
    .join(' · ');
}
