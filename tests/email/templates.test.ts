import { describe, expect, it } from 'vitest';
import type { EmailTemplate, EmailTemplateData } from '../../services/email/email.schemas.ts';
import { EMAIL_TEMPLATES } from '../../services/email/email.schemas.ts';
import { renderEmail } from '../../web/emails/index.ts';
import { LOCALES } from '../../web/i18n/index.ts';

const baseUrl = 'https://brevet.example.be';
const credentialId = '0b1e7c3a-5d2f-4a8e-9c61-2f7d8e9a1b2c';
const hostile = 'Zoë <script>alert("x")</script> & Co';

/** Sample data per template, with markup in a free-text field, and what each rendering must show. */
const samples: { [T in EmailTemplate]: { data: EmailTemplateData<T>; mustShow: string[] } } = {
  'sign-in-link': {
    data: { displayName: hostile, link: `${baseUrl}/sign-in/callback?token=abc123`, expiresInMinutes: 15 },
    mustShow: ['sign-in/callback?token=abc123', '15'],
  },
  'enrolment-decision': {
    data: { displayName: hostile, programmeName: 'Connectoo+', cohortName: 'Autumn 2026', decision: 'rejected', reason: 'Basic <b>credential</b> missing' },
    mustShow: ['Connectoo+', 'Autumn 2026'],
  },
  'webinar-booked': {
    data: { displayName: hostile, webinarTitle: 'Guiding citizens on MyMinfin', startsAt: '2026-12-03T09:30:00Z', durationMinutes: 90, joinUrl: 'https://meet.example.be/w/1' },
    mustShow: ['Guiding citizens on MyMinfin', '10:30', '90', 'https://meet.example.be/w/1'],
  },
  'webinar-reminder': {
    data: { displayName: hostile, webinarTitle: 'itsme step by step', startsAt: '2026-12-04T13:00:00Z', durationMinutes: 60 },
    mustShow: ['itsme step by step', '14:00', '60'],
  },
  'assessment-result': {
    data: { displayName: hostile, programmeName: 'Connectoo', outcome: 'failed', score: 14, maxScore: 20, passMark: 15, attemptsLeft: 2 },
    mustShow: ['Connectoo', '14', '20', '15', '2'],
  },
  'badge-issued': {
    data: { displayName: hostile, achievementName: 'Connectoo basic', credentialId, validUntil: '2029-11-22T00:00:00Z' },
    mustShow: ['Connectoo basic', `${baseUrl}/verify/${credentialId}`, '2029'],
  },
  'expiry-notice': {
    data: { displayName: hostile, achievementName: 'Connectoo basic', credentialId, validUntil: '2027-02-20T00:00:00Z', renewalLink: `${baseUrl}/programmes/connectoo/renew` },
    mustShow: ['Connectoo basic', `${baseUrl}/programmes/connectoo/renew`, `${baseUrl}/verify/${credentialId}`, '2027'],
  },
};

describe('email templates', () => {
  for (const template of EMAIL_TEMPLATES) {
    it(`renders ${template} in French, Dutch, German and English, each with its own subject and body`, async () => {
      const { data, mustShow } = samples[template];
      const rendered = await Promise.all(LOCALES.map((locale) => renderEmail(template, data as never, { locale, baseUrl })));
      expect(new Set(rendered.map((r) => r.subject)).size).toBe(4);
      expect(new Set(rendered.map((r) => r.text)).size).toBe(4);
      rendered.forEach((r, i) => {
        expect(r.html).toContain(`lang="${LOCALES[i]}"`);
        for (const shown of mustShow) {
          expect(r.text).toContain(shown);
          expect(r.html).toContain(shown.replaceAll('&', '&amp;'));
        }
        expect(r.text).toContain('Zoë');
      });
    });

    it(`escapes markup found in the data of ${template}`, async () => {
      const { html } = await renderEmail(template, samples[template].data as never, { locale: 'fr', baseUrl });
      expect(html).not.toContain('<script>');
      expect(html).not.toContain('<b>credential</b>');
      expect(html).toContain('&lt;script&gt;');
    });
  }

  it('states the decision and its reason in an enrolment rejection', async () => {
    const { subject, text } = await renderEmail('enrolment-decision', samples['enrolment-decision'].data, { locale: 'fr', baseUrl });
    expect(subject).toBe("Votre inscription à Connectoo+ n'a pas été approuvée");
    expect(text).toContain('Motif indiqué');
    expect(text).toContain('Basic <b>credential</b> missing');
    const approved = await renderEmail('enrolment-decision', { ...samples['enrolment-decision'].data, decision: 'approved', reason: undefined }, { locale: 'nl', baseUrl });
    expect(approved.subject).toBe('Uw inschrijving voor Connectoo+ is goedgekeurd');
  });

  it('distinguishes a passed from a failed assessment', async () => {
    const passed = await renderEmail('assessment-result', { ...samples['assessment-result'].data, outcome: 'passed', score: 18 }, { locale: 'de', baseUrl });
    expect(passed.subject).toBe('Sie haben die Prüfung Connectoo bestanden');
    expect(passed.text).toContain('18 von 20');
    expect(passed.text).not.toContain('Versuch');
  });
});
