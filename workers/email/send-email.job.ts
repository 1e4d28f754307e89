import { UnrecoverableError } from 'bullmq';
import type { Deps } from '../../services/deps.ts';
import { emailsRepository } from '../../services/email/email.repository.ts';
import { storedEmailData } from '../../services/email/email.usecases.ts';
import { defaultJobOptions } from '../../services/queues.ts';
import { publicBaseUrl } from '../../services/shared/urls.ts';
import { renderEmail } from '../../web/emails/index.ts';
import type { JobProcessor } from '../job.ts';

/** Long enough for one SMTP conversation (the mailer's time-outs add up to less). */
const SENDING_LEASE_SECONDS = 120;
const LAST_ATTEMPT = defaultJobOptions.attempts ?? 1;

type StoredEmail = NonNullable<Awaited<ReturnType<ReturnType<typeof emailsRepository>['findById']>>>;

/** A 5xx SMTP reply (unknown mailbox, refused recipient) will not change on retry; a 4xx or a network error may. */
function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: number })?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

function messageIdFor(emailId: string, baseUrl: string): string {
  return `<${emailId}@${new URL(baseUrl).hostname}>`;
}

async function render(deps: Deps, email: StoredEmail) {
  const { template, data } = storedEmailData(email, deps.secrets.keyEncryptionKey);
  return renderEmail(template, data, { locale: email.locale, baseUrl: publicBaseUrl(deps.config) });
}

/**
 * Sends one stored email. Idempotent: an email already sent is left alone, and
 * a lease keeps two workers from sending it at once. An SMTP failure is recorded
 * on the row (attempts, last_error) and thrown, so BullMQ retries it with
 * back-off; the row stays in PostgreSQL whatever happens. An email that cannot
 * be rendered, or that the server refuses for good (5xx), is marked failed.
 */
export const sendEmailJob: JobProcessor<'email.send'> = {
  name: 'email.send',
  async process(deps, { emailId }) {
    const emails = emailsRepository(deps.db);
    const email = await emails.claimForSending(emailId, SENDING_LEASE_SECONDS);
    if (!email) return settledOrBusy(await emails.findById(emailId), emailId);
    let rendered;
    try {
      rendered = await render(deps, email);
    } catch (error) {
      await emails.recordFailure(emailId, `render: ${(error as Error).message}`, true);
      throw new UnrecoverableError(`Email ${emailId} cannot be rendered: ${(error as Error).message}`);
    }
    try {
      const baseUrl = publicBaseUrl(deps.config);
      const sent = await deps.mailer.send({ to: email.to_address, language: email.locale, messageId: messageIdFor(emailId, baseUrl), ...rendered });
      await emails.markSent(emailId, sent.messageId);
      return { status: 'sent' as const };
    } catch (error) {
      const permanent = isPermanent(error);
      await emails.recordFailure(emailId, (error as Error).message, permanent || email.attempts + 1 >= LAST_ATTEMPT);
      throw permanent ? new UnrecoverableError((error as Error).message) : error;
    }
  },
};

function settledOrBusy(email: StoredEmail | undefined, emailId: string) {
  if (!email) throw new UnrecoverableError(`No email ${emailId}`);
  if (email.status === 'sent') return { status: 'already-sent' as const };
  // Failed for good (refused, unrenderable, attempts used up) or cancelled by an erasure: nothing to send.
  if (email.status === 'failed') return { status: 'not-sent' as const };
  // Another worker holds the lease: retry later, by which time it is sent (or its lease has expired).
  throw new Error(`Email ${emailId} is being sent by another worker`);
}
