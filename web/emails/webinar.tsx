/** @jsxImportSource react */
import { Text } from '@react-email/components';
import type { EmailTemplateData } from '../../services/email/email.schemas.ts';
import { formatDateTime } from '../i18n/index.ts';
import type { EmailContext, EmailDefinition } from './definition.ts';
import { EmailLayout, textStyle } from './layout.tsx';

type WebinarData = EmailTemplateData<'webinar-booked'>;
type WebinarTexts = EmailContext['m']['emails']['webinarBooked'];

function webinarElement(data: WebinarData, { m, locale }: EmailContext, t: WebinarTexts) {
  const intro = t.intro(data.webinarTitle);
  return (
    <EmailLayout
      locale={locale}
      m={m}
      title={t.subject(data.webinarTitle)}
      preview={intro}
      displayName={data.displayName}
      action={data.joinUrl ? { label: t.button, href: data.joinUrl } : undefined}
    >
      <Text style={textStyle}>{intro}</Text>
      <Text style={textStyle}>{t.when(formatDateTime(locale, data.startsAt), data.durationMinutes)}</Text>
    </EmailLayout>
  );
}

/** A learner's place in a webinar session is booked. */
export const webinarBookedEmail: EmailDefinition<'webinar-booked'> = {
  subject: (data, { m }) => m.emails.webinarBooked.subject(data.webinarTitle),
  element: (data, context) => webinarElement(data, context, context.m.emails.webinarBooked),
};

/** Sent about 24 hours before a booked webinar session. */
export const webinarReminderEmail: EmailDefinition<'webinar-reminder'> = {
  subject: (data, { m }) => m.emails.webinarReminder.subject(data.webinarTitle),
  element: (data, context) => webinarElement(data, context, context.m.emails.webinarReminder),
};
