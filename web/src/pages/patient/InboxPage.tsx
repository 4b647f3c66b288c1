// The patient's reminders (GET /inbox), newest first; opening one marks it read
// (POST /inbox/{id}/read). A reminder whose task the facts say is done (the server's `done`, derived
// on every read) shows as done and needs nothing more. Moments are shown in the clinic's time zone.
import { useRef, useState } from 'react';
import { api, ApiError } from '../../api';
import type { InboxMessage } from '../../apiTypes';
import { FormProblem } from '../../components/forms';
import { Await, useLoad } from '../../components/status';
import { formatMoment } from '../../dates';
import { useWords, type Words } from '../../i18n/I18n';
import { useClinicTimeZone } from '../../session';
import './patient.css';

/** English reminders carry dates as YYYY-MM-DD: written out for people, in the reader's language. */
function readable(text: string, { date }: Words): string {
  return text.replace(/\b(\d{4}-\d{2}-\d{2})\b/g, (iso) => date(iso));
}

function Message({ message, timeZone, onRead }: { message: InboxMessage; timeZone: string; onRead: (id: string) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const words = useWords();
  const { t, date, locale } = words;
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
        {message.done ? (
          <span className="badge badge-ok">{t('inbox.done')}</span>
        ) : message.read ? null : (
          <span className="badge badge-warning">{t('inbox.new')}</span>
        )}{' '}
        {readable(message.subject, words)}
      </h2>
      <p className="message-meta">
        {message.deliveredAt === null ? null : <>{t('inbox.sent', { moment: formatMoment(message.deliveredAt, timeZone, locale) })} · </>}
        {t('inbox.due', { date: date(message.dueOn) })}
      </p>
      <p>{readable(message.body, words)}</p>
      {message.done ? <p className="hint">{t('inbox.doneHint')}</p> : null}
      {message.read || message.done ? null : (
        <button type="button" onClick={() => void markRead()} disabled={busy} aria-busy={busy}>
          {busy ? (
            t('inbox.marking')
          ) : (
            <>
              {t('inbox.markRead')}
              <span className="visually-hidden">: {readable(message.subject, words)}</span>
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
  const { t } = useWords();
  return (
    <section className="patient-page">
      <h1>{t('inbox.title')}</h1>
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      <Await loaded={loaded} what={t('inbox.loading')}>
        {(messages) => {
          const shown = messages.map((message) => (readIds.has(message.id) ? { ...message, read: true } : message));
          const unread = shown.filter((message) => !message.read && !message.done).length;
          if (shown.length === 0) {
            return <p className="notice">{t('inbox.none')}</p>;
          }
          return (
            <>
              <p>
                {unread === 0 ? t('inbox.nothingNew') : t('inbox.unread', { count: unread })} {t('inbox.timeZone', { zone: timeZone.replace(/_/g, ' ') })}
              </p>
              <ul className="plain-list messages">
                {shown.map((message) => (
                  <Message
                    key={message.id}
                    message={message}
                    timeZone={timeZone}
                    onRead={(id) => {
                      setReadIds((current) => new Set([...current, id]));
                      setAnnouncement(t('inbox.markedRead', { subject: message.subject }));
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
