import type { ReactElement } from 'react';
import type { EmailTemplate, EmailTemplateData } from '../../services/email/email.schemas.ts';
import type { Locale, Messages } from '../i18n/index.ts';

/** What a template is rendered with besides its data. */
export interface EmailContext {
  locale: Locale;
  m: Messages;
  /** Public base URL, for links built at render time (verification pages). */
  baseUrl: string;
}

/** One email template: its subject line and its React tree, both in the context's language. */
export interface EmailDefinition<T extends EmailTemplate> {
  subject(data: EmailTemplateData<T>, context: EmailContext): string;
  element(data: EmailTemplateData<T>, context: EmailContext): ReactElement;
}

export function verificationUrl(baseUrl: string, credentialId: string): string {
  return `${baseUrl}/verify/${encodeURIComponent(credentialId)}`;
}
