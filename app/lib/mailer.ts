// The way out to an SMTP server (nodemailer), built from config. Plain-text UTF-8 mail; the
// Message-ID is ours (stored in the outbox before the first try) so every retry carries the same.
import nodemailer from 'nodemailer';
import type { SmtpConfig } from '../config.js';

export type OutgoingMail = { to: string[]; subject: string; text: string; messageId: string };
/** `rejected`: recipients the server refused while accepting the mail for the others. */
export type Mailer = { send(mail: OutgoingMail): Promise<{ response: string; rejected: string[] }>; close(): void };

export function createMailer(smtp: SmtpConfig): Mailer {
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.security === 'tls',
    requireTLS: smtp.security === 'starttls',
    ignoreTLS: smtp.security === 'none',
    auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? '' } : undefined,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  return {
    async send(mail) {
      const info = await transport.sendMail({
        from: smtp.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        messageId: `<${mail.messageId}>`,
        textEncoding: 'base64',
      });
      return {
        response: String(info.response ?? ''),
        rejected: ((info.rejected ?? []) as Array<string | { address: string }>).map((r) =>
          typeof r === 'string' ? r : r.address,
        ),
      };
    },
    close: () => transport.close(),
  };
}
