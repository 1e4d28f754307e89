import nodemailer from 'nodemailer';

export interface OutgoingMessage {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Content-Language of the message (fr, nl, de, en). */
  language: string;
  /** Stable per stored email, so a receiving server or a person can tell a duplicate. */
  messageId?: string;
}

/** Sends mail over SMTP. Built once in deps; the email worker is its only user. */
export interface Mailer {
  /** Where mail goes, without credentials (for logs and the start-up banner). */
  readonly target: string;
  send(message: OutgoingMessage): Promise<{ messageId: string | null }>;
  close(): void;
}

export class MailerNotConfiguredError extends Error {
  override readonly name = 'MailerNotConfiguredError';
}

function describe(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  return `${url.protocol}//${url.host}`;
}

/**
 * A nodemailer SMTP transport on SMTP_URL. Without a URL every send fails, so
 * emails stay queued in PostgreSQL and are retried, never dropped.
 */
export function createMailer(smtpUrl: string | undefined, from: string): Mailer {
  if (!smtpUrl) {
    return {
      target: 'none (SMTP_URL is not set)',
      async send() {
        throw new MailerNotConfiguredError('No SMTP server: set SMTP_URL');
      },
      close() {},
    };
  }
  // Short time-outs: a stuck server should fail the attempt (and be retried), not hold a worker slot.
  const transport = nodemailer.createTransport(
    { url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 },
    { from },
  );
  return {
    target: describe(smtpUrl),
    async send(message) {
      const info = await transport.sendMail({
        to: message.to,
        subject: message.subject,
        html: message.html,
        text: message.text,
        messageId: message.messageId,
        headers: { 'Content-Language': message.language },
      });
      return { messageId: typeof info.messageId === 'string' ? info.messageId : null };
    },
    close() {
      transport.close();
    },
  };
}
