// A support thread about an order (issue 6), as the patient and the pharmacy see it: the messages
// oldest first, each with who wrote it and when (in the clinic's time zone), and a form to write
// the next one (checked as you type; the server's field errors shown under the field).
import { useState } from 'react';
import { api } from '../api';
import type { SupportSide, SupportThread } from '../apiTypes';
import { formatMoment } from '../dates';
import { FormProblem, maxLength, SubmitButton, TextAreaField, useForm, type Validator } from './forms';

export const MESSAGE_MAX_LENGTH = 4000;

const notBlank: Validator = (value) => (value.trim() === '' ? 'Write your message before sending it.' : undefined);

/** Hours waited, in plain words: "less than an hour", "5 hours", "2 days and 3 hours". */
export function waitedWords(hours: number): string {
  if (hours < 1) {
    return 'less than an hour';
  }
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  if (hours < 48) {
    return plural(hours, 'hour');
  }
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  return rest === 0 ? plural(days, 'day') : `${plural(days, 'day')} and ${plural(rest, 'hour')}`;
}

/** What the order's state means, for the thread's heading. */
export function SupportMessages({ thread, viewer, timeZone }: { thread: SupportThread; viewer: SupportSide; timeZone: string }) {
  if (thread.messages.length === 0) {
    return <p className="notice">No messages yet.</p>;
  }
  return (
    <ol className="plain-list support-messages" aria-label="Messages, oldest first">
      {thread.messages.map((message) => (
        <li key={message.id} className={`card support-message support-from-${message.from}${message.from === viewer ? ' support-own' : ''}`}>
          <p className="support-meta">
            <strong>{message.from === viewer ? 'You' : message.authorName}</strong>
            {message.from === viewer ? null : <span className="visually-hidden"> ({message.from === 'patient' ? 'patient' : 'pharmacy'})</span>} ·{' '}
            <time dateTime={message.sentAt}>{formatMoment(message.sentAt, timeZone)}</time>
          </p>
          <p className="support-body">{message.body}</p>
        </li>
      ))}
    </ol>
  );
}

export function SupportReplyForm({
  postPath,
  label,
  submitText,
  onSent,
}: {
  postPath: string;
  label: string;
  submitText: string;
  onSent: (thread: SupportThread) => void;
}) {
  const [announcement, setAnnouncement] = useState('');
  const form = useForm<'body'>({ body: '' }, { body: [notBlank, maxLength(MESSAGE_MAX_LENGTH)] }, async (values, { reset }) => {
    const thread = await api.post<SupportThread>(postPath, { body: values.body });
    reset();
    onSent(thread);
    setAnnouncement('Message sent.');
  });
  const left = MESSAGE_MAX_LENGTH - form.values.body.length;
  return (
    <form onSubmit={(event) => void form.submit(event)} noValidate aria-label={label} className="support-form">
      <TextAreaField form={form} name="body" label={label} rows={5} hint={`Up to ${MESSAGE_MAX_LENGTH} characters.`} />
      <p className={`hint support-count${left < 0 ? ' support-count-over' : ''}`}>{left >= 0 ? `${left} characters left` : `${-left} characters too many`}</p>
      <FormProblem error={form.serverError} />
      <SubmitButton busy={form.busy} busyText="Sending…">
        {submitText}
      </SubmitButton>
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
    </form>
  );
}
