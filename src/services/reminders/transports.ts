// How a reminder leaves the building. The in-app inbox needs nothing: delivering is making it
// visible. SMTP is used when SMTP_URL is configured (nodemailer; e.g. smtp://user:pass@host:587).
import nodemailer from 'nodemailer';

export interface MessageTransport {
  channel: 'inbox' | 'smtp';
  send(message: { to: string | null; subject: string; body: string }): Promise<void>;
}

export const inboxTransport: MessageTransport = {
  channel: 'inbox',
  send: async () => {},
};

export function smtpTransport(smtpUrl: string, from: string): MessageTransport {
  const transporter = nodemailer.createTransport(smtpUrl);
  return {
    channel: 'smtp',
    async send(message) {
      if (message.to === null) {
        throw new Error('the recipient has no email address');
      }
      await transporter.sendMail({ from, to: message.to, subject: message.subject, text: message.body });
    },
  };
}
