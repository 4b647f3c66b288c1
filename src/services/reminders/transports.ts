// How a reminder leaves the building. The in-app inbox needs nothing: delivering is making it
// visible. SMTP is used when SMTP_URL is configured (nodemailer; e.g. smtp://user:pass@host:587).
import nodemailer from 'nodemailer';

export interface MessageTransport {
  channel: 'inbox' | 'smtp';
  /** `id`, a reminder's outbox row: every copy of one reminder carries the same Message-ID. */
  send(message: { id?: string; to: string | null; subject: string; body: string }): Promise<void>;
}

export const inboxTransport: MessageTransport = {
  channel: 'inbox',
  send: async () => {},
};

/**
 * A silent mail server is given up on after this (nodemailer's own default is an hour): one
 * delivery must end well within a reminder's claim (REMINDER_CLAIM_MINUTES, deliverReminders.ts).
 */
export const SMTP_SOCKET_TIMEOUT_MS = 60_000;
const SMTP_CONNECT_TIMEOUT_MS = 15_000;

export function smtpTransport(smtpUrl: string, from: string): MessageTransport {
  // The URL's own query parameters (nodemailer reads options there) win over these defaults.
  const url = new URL(smtpUrl);
  for (const [name, value] of [
    ['connectionTimeout', SMTP_CONNECT_TIMEOUT_MS],
    ['greetingTimeout', SMTP_CONNECT_TIMEOUT_MS],
    ['socketTimeout', SMTP_SOCKET_TIMEOUT_MS],
  ] as const) {
    if (!url.searchParams.has(name)) {
      url.searchParams.set(name, String(value));
    }
  }
  const transporter = nodemailer.createTransport(url.toString());
  const domain = /@([^>\s]+)/.exec(from)?.[1] ?? 'isocourse.invalid';
  return {
    channel: 'smtp',
    async send(message) {
      if (message.to === null) {
        throw new Error('the recipient has no email address');
      }
      await transporter.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.body,
        ...(message.id === undefined ? {} : { messageId: `<reminder-${message.id}@${domain}>` }),
      });
    },
  };
}
