import { render } from '@react-email/render';
import type { EmailTemplate, EmailTemplateData } from '../../services/email/email.schemas.ts';
import { messagesFor, type Locale } from '../i18n/index.ts';
import { assessmentResultEmail } from './assessment-result.tsx';
import { badgeIssuedEmail, expiryNoticeEmail } from './badge.tsx';
import type { EmailDefinition } from './definition.ts';
import { enrolmentDecisionEmail } from './enrolment-decision.tsx';
import { signInLinkEmail } from './sign-in-link.tsx';
import { webinarBookedEmail, webinarReminderEmail } from './webinar.tsx';

/** Every template the email worker can send; a template of email.schemas.ts without one is a type error. */
export const emailDefinitions: { [T in EmailTemplate]: EmailDefinition<T> } = {
  'sign-in-link': signInLinkEmail,
  'enrolment-decision': enrolmentDecisionEmail,
  'webinar-booked': webinarBookedEmail,
  'webinar-reminder': webinarReminderEmail,
  'assessment-result': assessmentResultEmail,
  'badge-issued': badgeIssuedEmail,
  'expiry-notice': expiryNoticeEmail,
};

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** Renders one email in the given language: subject, accessible HTML and its plain-text alternative. */
export async function renderEmail<T extends EmailTemplate>(
  template: T,
  data: EmailTemplateData<T>,
  options: { locale: Locale; baseUrl: string },
): Promise<RenderedEmail> {
  const definition = emailDefinitions[template] as EmailDefinition<T>;
  const context = { locale: options.locale, m: messagesFor(options.locale), baseUrl: options.baseUrl.replace(/\/+$/, '') };
  const element = definition.element(data, context);
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject: definition.subject(data, context), html, text };
}
