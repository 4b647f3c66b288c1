// The care team's home page: every patient who needs something, most urgent first (urgent alerts
// and pregnancy holds, then windows closing, overdue, warnings, due this week), each with what to
// do and by when. A delegate sees their prescriber's list.
import { Link } from 'react-router-dom';
import { api } from '../../api';
import type { Worklist, WorklistItem } from '../../apiTypes';
import { Await, useLoad } from '../../components/status';
import { daysBetween, formatDate } from '../../dates';
import { useMe } from '../../session';
import { STATE_WORDS, urgencyBadge } from './labels';
import './prescriber.css';

function dueText(dueOn: string | null, asOf: string): string {
  if (dueOn === null) {
    return 'Now';
  }
  const days = daysBetween(asOf, dueOn);
  if (days < 0) return `${formatDate(dueOn)} (${-days} ${-days === 1 ? 'day' : 'days'} ago)`;
  if (days === 0) return `${formatDate(dueOn)} (today)`;
  if (days === 1) return `${formatDate(dueOn)} (tomorrow)`;
  return `${formatDate(dueOn)} (in ${days} days)`;
}

function Item({ item, asOf }: { item: WorklistItem; asOf: string }) {
  const badge = urgencyBadge(item.urgency, item.code);
  return (
    <li className="rx-worklist-item" data-code={item.code}>
      <span className={`badge badge-${badge.tone}`}>{badge.label}</span>
      <div>
        <p className="rx-worklist-message">{item.message}</p>
        <p className="rx-worklist-action">{item.action}</p>
        <p className="rx-worklist-due">
          By: <strong>{dueText(item.dueOn, asOf)}</strong>
        </p>
      </div>
    </li>
  );
}

export function WorklistPage() {
  const me = useMe();
  const loaded = useLoad(() => api.get<Worklist>('/worklist'), []);
  return (
    <section aria-labelledby="worklist-title" className="rx-worklist-page">
      <div className="rx-page-head">
        <h1 id="worklist-title">Worklist</h1>
        <button type="button" onClick={loaded.reload} disabled={loaded.loading} aria-busy={loaded.loading}>
          {loaded.loading && loaded.data !== undefined ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      <p className="hint rx-lead">
        {me.role === 'delegate' ? "Your prescriber's patients" : 'Your patients'} who need something, the most urgent first: urgent alerts and pregnancy holds,
        then prescription windows closing, what is overdue, warnings, and what is due this week.
      </p>
      <Await loaded={loaded} what="the worklist">
        {(worklist) =>
          worklist.patients.length === 0 ? (
            <div className="card rx-empty-state">
              <p>
                <strong>Nothing needs doing today.</strong> No patient has an open alert, a closing window or anything due this week.
              </p>
              <p>
                <Link to="/patients">See all patients</Link>
              </p>
            </div>
          ) : (
            <>
              <p className="hint" role="status">
                {worklist.patients.length} {worklist.patients.length === 1 ? 'patient needs' : 'patients need'} something, as of {formatDate(worklist.asOf)}.
              </p>
              <ol className="rx-worklist">
                {worklist.patients.map((entry) => {
                  const badge = urgencyBadge(entry.urgency, entry.state === 'PREGNANCY_HOLD' ? 'PREGNANCY_HOLD' : undefined);
                  const items = [...entry.items].sort((a, b) => a.urgency - b.urgency);
                  return (
                    <li key={entry.patientId} className={`card rx-worklist-entry rx-worklist-${badge.tone}`}>
                      <div className="rx-worklist-head">
                        <h2>
                          <Link to={`/patients/${entry.patientId}`}>{entry.name}</Link>
                        </h2>
                        <span className={`badge badge-${badge.tone}`}>{badge.label}</span>
                      </div>
                      <p className="rx-worklist-meta">
                        <span>Program ID {entry.programId}</span>
                        <span>{STATE_WORDS[entry.state] ?? entry.state}</span>
                        <span>By: {dueText(entry.dueOn, worklist.asOf)}</span>
                      </p>
                      <ul className="rx-worklist-items" aria-label={`What ${entry.name} needs`}>
                        {items.map((item) => (
                          <Item key={`${item.code}-${item.message}`} item={item} asOf={worklist.asOf} />
                        ))}
                      </ul>
                    </li>
                  );
                })}
              </ol>
            </>
          )
        }
      </Await>
    </section>
  );
}
