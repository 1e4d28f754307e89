import { randomUUID } from 'node:crypto';
import type { Executor } from '../db/database.ts';
import type { Locale } from '../db/schema/foundation.ts';
import { addManyToOutbox } from '../shared/outbox.ts';
import { emailTemplateSchemas, isEmailTemplate, type EmailTemplate, type EmailTemplateData } from './email.schemas.ts';
import { emailsRepository, type StoredEmail } from './email.repository.ts';
import { sealEmailData, unsealEmailData } from './sealed-data.ts';

export interface QueueEmailInput<T extends EmailTemplate> {
  to: string;
  locale: Locale;
  template: T;
  data: EmailTemplateData<T>;
  personId?: string | null;
  /** Fields of `data` that must not be stored in clear (a sign-in link), sealed with the key-encryption key. */
  seal?: { keyEncryptionKey: Uint8Array; fields: ReadonlyArray<keyof EmailTemplateData<T> & string> };
}

/**
 * Stores an email and its `email.send` job in the caller's transaction, so the
 * email exists exactly when the change it reports does. Nothing is sent here:
 * after commit the caller may call dispatchOutbox for promptness, and the
 * periodic sweep dispatches it anyway.
 */
export async function queueEmail<T extends EmailTemplate>(executor: Executor, input: QueueEmailInput<T>): Promise<{ id: string }> {
  const [queued] = await queueEmails(executor, [input]);
  return queued!;
}

/**
 * queueEmail for many emails (a cohort's badges): every one validated before anything
 * is written, then one multi-row insert of the emails and one of their `email.send` jobs.
 * Returns their ids in the order given.
 */
export async function queueEmails<T extends EmailTemplate>(executor: Executor, inputs: ReadonlyArray<QueueEmailInput<T>>): Promise<Array<{ id: string }>> {
  const emails = inputs.map((input) => storableEmail(input));
  await emailsRepository(executor).insertMany(emails);
  await addManyToOutbox(executor, 'email.send', emails.map(({ id }) => ({ payload: { emailId: id }, key: id })));
  return emails.map(({ id }) => ({ id }));
}

/** The row of an email: data checked against its template, secret fields sealed. */
function storableEmail<T extends EmailTemplate>(input: QueueEmailInput<T>): StoredEmail {
  // Validated now, so a bad payload fails the caller's use case rather than the worker hours later.
  const data = emailTemplateSchemas[input.template].parse(input.data) as Record<string, unknown>;
  const sealed: Record<string, unknown> = {};
  for (const field of input.seal?.fields ?? []) {
    sealed[field] = data[field];
    delete data[field];
  }
  return {
    id: randomUUID(),
    to: input.to,
    locale: input.locale,
    template: input.template,
    data,
    sealedData: input.seal ? sealEmailData(input.seal.keyEncryptionKey, sealed) : null,
    personId: input.personId ?? null,
  };
}

/**
 * The template data of a stored email, sealed values included, checked against
 * the template's schema. Throws when the row cannot be rendered (unknown
 * template, data that no longer fits, a seal the current key cannot open):
 * no retry can fix that.
 */
export function storedEmailData(
  email: { template: string; data: Record<string, unknown>; sealed_data: string | null },
  keyEncryptionKey: Uint8Array,
): { template: EmailTemplate; data: EmailTemplateData<EmailTemplate> } {
  if (!isEmailTemplate(email.template)) throw new Error(`Unknown email template "${email.template}"`);
  const sealed = email.sealed_data ? unsealEmailData(keyEncryptionKey, email.sealed_data) : {};
  const data = emailTemplateSchemas[email.template].parse({ ...email.data, ...sealed });
  return { template: email.template, data };
}
