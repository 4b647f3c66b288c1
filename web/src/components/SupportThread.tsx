// A support thread about an order (issue 6), as the patient and the pharmacy see it: the messages
// oldest first, each with who wrote it and when (in the clinic's time zone), and a form to write
// the next one (checked as you type; the server's field errors shown under the field).
import { useState } from 'react';
import { api } from '../api';
import type { SupportSide, SupportThread } from '../apiTypes';
import { formatMoment } from '../dates';
import { useWords } from '../i18n/I18n';
import { FormProblem, maxLength, SubmitButton, TextAreaField, useForm, type Validator } from './forms';

export const MESSAGE_MAX_LENGTH = 4000;

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
  const { t, locale } = useWords();
  if (thread.messages.length === 0) {
    return <p className="notice">{t('support.none')}</p>;
  }
  return (
    <ol className="plain-list support-messages" aria-label={t('support.list')}>
      {thread.messages.map((message) => (
        <li key={message.id} className={`card support-message support-from-${message.from}${message.from === viewer ? ' support-own' : ''}`}>
          <p className="support-meta">
            <strong>{message.from === viewer ? t('support.you') : message.authorName}</strong>
            {message.from === viewer ? null : (
              <span className="visually-hidden">{message.from === 'patient' ? t('support.fromPatient') : t('support.fromPharmacy')}</span>
            )}{' '}
            · <time dateTime={message.sentAt}>{formatMoment(message.sentAt, timeZone, locale)}</time>
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
  const { t } = useWords();
  const [announcement, setAnnouncement] = useState('');
  const notBlank: Validator = (value) => (value.trim() === '' ? t('support.writeFirst') : undefined);
  const form = useForm<'body'>({ body: '' }, { body: [notBlank, maxLength(MESSAGE_MAX_LENGTH)] }, async (values, { reset }) => {
    const thread = await api.post<SupportThread>(postPath, { body: values.body });
    reset();
    onSent(thread);
    setAnnouncement(t('support.sent'));
  });
  const left = MESSAGE_MAX_LENGTH - form.values.body.length;
  return (
    <form onSubmit={(event) => void form.submit(event)} noValidate aria-label={label} className="support-form">
      <TextAreaField form={form} name="body" label={label} rows={5} hint={t('support.upTo', { max: MESSAGE_MAX_LENGTH })} />
      <p className={`hint support-count${left < 0 ? ' support-count-over' : ''}`}>
        {left >= 0 ? t('support.left', { left }) : t('support.tooMany', { over: -left })}
      </p>
      <FormProblem error={form.serverError} />
      <SubmitButton busy={form.busy} busyText={t('support.sending')}>
        {submitText}
      </SubmitButton>
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
    </form>
  );
}
