// The patient's reminders (GET /inbox), newest first; opening one marks it read
// (POST /inbox/{id}/read). A reminder whose task the facts say is done (the server's `done`, derived
// on every read) shows as done and needs nothing more. Moments are shown in the clinic's time zone.
import { useRef, useState } from 'react';
import { api, ApiError } from '../../api';
import type { InboxMessage } from '../../apiTypes';
import { FormProblem } from '../../components/forms';
import { Await, useLoad } from '../../components/status';
import { formatDate, formatMoment } from '../../dates';
import { useClinicTimeZone } from '../../session';
import './patient.css';

/** The reminders' texts carry dates as YYYY-MM-DD: written out for people. */
function readable(text: string): string {
  return text.replace(/\b(\d{4}-\d{2}-\d{2})\b/g, (date) => formatDate(date));
}

function Message({ message, timeZone, onRead }: { message: InboxMessage; timeZone: string; onRead: (id: string) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  async function markRead(): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      await api.post(`/inbox/${message.id}/read`);
      onRead(message.id);
      // The button goes away: keep the keyboard user's place on the message.
      requestAnimationFrame(() => heading.current?.focus());
    } catch (caught) {
      if (!(caught instanceof ApiError)) {
        throw caught;
      }
      setError(caught);
    } finally {
      setBusy(false);
    }
  }
  return (
    <li className={`card message${message.read || message.done ? ' message-read' : ''}`}>
      <h2 className="message-subject" ref={heading} tabIndex={-1}>
        {message.done ? <span className="badge badge-ok">Done</span> : message.read ? null : <span className="badge badge-warning">New</span>}{' '}
        {readable(message.subject)}
      </h2>
      <p className="message-meta">
        {message.deliveredAt === null ? null : <>Sent {formatMoment(message.deliveredAt, timeZone)} · </>}
        Due {formatDate(message.dueOn)}
      </p>
      <p>{readable(message.body)}</p>
      {message.done ? <p className="hint">Done: what this reminder asked for is recorded.</p> : null}
      {message.read || message.done ? null : (
        <button type="button" onClick={() => void markRead()} disabled={busy} aria-busy={busy}>
          {busy ? (
            'Marking as read…'
          ) : (
            <>
              Mark as read<span className="visually-hidden">: {readable(message.subject)}</span>
            </>
          )}
        </button>
      )}
      <FormProblem error={error} />
    </li>
  );
}

export function InboxPage() {
  const timeZone = useClinicTimeZone();
  const loaded = useLoad(() => api.get<InboxMessage[]>('/inbox'), []);
  const [readIds, setReadIds] = useState<ReadonlySet<string>>(new Set());
  const [announcement, setAnnouncement] = useState('');
  return (
    <section className="patient-page">
      <h1>Reminders</h1>
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      <Await loaded={loaded} what="your reminders">
        {(messages) => {
          const shown = messages.map((message) => (readIds.has(message.id) ? { ...message, read: true } : message));
          const unread = shown.filter((message) => !message.read && !message.done).length;
          if (shown.length === 0) {
            return <p className="notice">No reminders yet. Reminders about tests, pick-up dates and blood tests appear here.</p>;
          }
          return (
            <>
              <p>
                {unread === 0 ? 'Nothing new.' : `${unread} unread.`} Times are shown in your clinic&apos;s time zone ({timeZone.replace(/_/g, ' ')}).
              </p>
              <ul className="plain-list messages">
                {shown.map((message) => (
                  <Message
                    key={message.id}
                    message={message}
                    timeZone={timeZone}
                    onRead={(id) => {
                      setReadIds((current) => new Set([...current, id]));
                      setAnnouncement(`Marked as read: ${message.subject}`);
                    }}
                  />
                ))}
              </ul>
            </>
          );
        }}
      </Await>
    </section>
  );
}
