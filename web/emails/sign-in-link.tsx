/** @jsxImportSource react */
import { Text } from '@react-email/components';
import type { EmailDefinition } from './definition.ts';
import { EmailLayout, textStyle } from './layout.tsx';

/** The passwordless sign-in link (single use, short-lived). */
export const signInLinkEmail: EmailDefinition<'sign-in-link'> = {
  subject: (_data, { m }) => m.emails.signInLink.subject,
  element: (data, { m, locale }) => {
    const t = m.emails.signInLink;
    return (
      <EmailLayout locale={locale} m={m} title={t.subject} preview={t.preview} displayName={data.displayName} action={{ label: t.button, href: data.link }}>
        <Text style={textStyle}>{t.intro(data.expiresInMinutes)}</Text>
        <Text style={textStyle}>{t.ignore}</Text>
      </EmailLayout>
    );
  },
};
