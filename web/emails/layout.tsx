/** @jsxImportSource react */
import type { ReactNode } from 'react';
import { Body, Button, Container, Head, Heading, Hr, Html, Link, Preview, Section, Text } from '@react-email/components';
import type { Locale, Messages } from '../i18n/index.ts';

/**
 * The frame of every Brevet email: the recipient's language on <html lang>,
 * dark text on white and a dark blue button with white text (contrast above
 * 7:1), system fonts, and every link also written out for clients that block
 * buttons. The plain-text part is rendered from the same tree.
 */
const colors = { text: '#1a1a1a', muted: '#4a4a4a', accent: '#0b4f8a', background: '#ffffff', page: '#f2f4f7' };
const font = 'Arial, Helvetica, sans-serif';

export const textStyle = { color: colors.text, fontSize: '16px', lineHeight: '24px', margin: '0 0 16px' };
const mutedStyle = { ...textStyle, color: colors.muted, fontSize: '14px', lineHeight: '20px' };

export interface EmailLayoutProps {
  locale: Locale;
  m: Messages;
  /** The subject, repeated as the heading and the document title. */
  title: string;
  preview: string;
  displayName: string;
  action?: { label: string; href: string };
  children: ReactNode;
}

export function EmailLayout({ locale, m, title, preview, displayName, action, children }: EmailLayoutProps) {
  return (
    <Html lang={locale} dir="ltr">
      <Head>
        <title>{title}</title>
      </Head>
      <Preview>{preview}</Preview>
      <Body style={{ backgroundColor: colors.page, fontFamily: font, margin: 0, padding: '24px 0' }}>
        <Container style={{ backgroundColor: colors.background, maxWidth: '600px', padding: '32px', borderRadius: '8px' }}>
          <Text style={{ ...mutedStyle, fontWeight: 'bold', letterSpacing: '0.05em' }}>{m.common.brand}</Text>
          <Heading as="h1" style={{ color: colors.text, fontSize: '24px', lineHeight: '32px', margin: '0 0 24px' }}>
            {title}
          </Heading>
          <Text style={textStyle}>{m.common.greeting(displayName)}</Text>
          {children}
          {action ? <ActionButton {...action} fallback={m.common.linkFallback} /> : null}
          <Text style={textStyle}>{m.common.signature}</Text>
          <Hr style={{ borderColor: '#d0d5dd', margin: '24px 0' }} />
          <Text style={mutedStyle}>{m.common.footer}</Text>
        </Container>
      </Body>
    </Html>
  );
}

function ActionButton({ label, href, fallback }: { label: string; href: string; fallback: string }) {
  return (
    <Section style={{ margin: '8px 0 24px' }}>
      <Button
        href={href}
        style={{ backgroundColor: colors.accent, color: '#ffffff', fontSize: '16px', fontWeight: 'bold', padding: '12px 20px', borderRadius: '6px', textDecoration: 'none' }}
      >
        {label}
      </Button>
      <Text style={{ ...mutedStyle, margin: '16px 0 0' }}>
        {fallback}{' '}
        <Link href={href} style={{ color: colors.accent, textDecoration: 'underline', wordBreak: 'break-all' }}>
          {href}
        </Link>
      </Text>
    </Section>
  );
}
