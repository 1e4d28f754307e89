/** @jsxImportSource react */
import { Link, Text } from '@react-email/components';
import { formatDate } from '../i18n/index.ts';
import { verificationUrl, type EmailDefinition } from './definition.ts';
import { EmailLayout, textStyle } from './layout.tsx';

const linkStyle = { color: '#0b4f8a', textDecoration: 'underline', wordBreak: 'break-all' as const };

/** The credential has been issued: where anyone can verify it. */
export const badgeIssuedEmail: EmailDefinition<'badge-issued'> = {
  subject: (data, { m }) => m.emails.badgeIssued.subject(data.achievementName),
  element: (data, { m, locale, baseUrl }) => {
    const t = m.emails.badgeIssued;
    const url = verificationUrl(baseUrl, data.credentialId);
    const intro = t.intro(data.achievementName);
    return (
      <EmailLayout locale={locale} m={m} title={t.subject(data.achievementName)} preview={intro} displayName={data.displayName} action={{ label: t.button, href: url }}>
        <Text style={textStyle}>{intro}</Text>
        {data.validUntil ? <Text style={textStyle}>{t.validUntil(formatDate(locale, data.validUntil))}</Text> : null}
        <Text style={textStyle}>
          {t.verifyHint}{' '}
          <Link href={url} style={linkStyle}>
            {url}
          </Link>
        </Text>
      </EmailLayout>
    );
  },
};

/** Sent 90 days before a credential's validUntil, with the renewal path. */
export const expiryNoticeEmail: EmailDefinition<'expiry-notice'> = {
  subject: (data, { m }) => m.emails.expiryNotice.subject(data.achievementName),
  element: (data, { m, locale, baseUrl }) => {
    const t = m.emails.expiryNotice;
    const url = verificationUrl(baseUrl, data.credentialId);
    const intro = t.intro(data.achievementName, formatDate(locale, data.validUntil));
    return (
      <EmailLayout locale={locale} m={m} title={t.subject(data.achievementName)} preview={intro} displayName={data.displayName} action={{ label: t.button, href: data.renewalLink }}>
        <Text style={textStyle}>{intro}</Text>
        <Text style={textStyle}>
          {t.verifyHint}{' '}
          <Link href={url} style={linkStyle}>
            {url}
          </Link>
        </Text>
      </EmailLayout>
    );
  },
};
