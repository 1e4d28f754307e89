import { z } from 'zod';

/**
 * The data each email template needs, checked when the email is queued and
 * again when it is rendered. Links are absolute; dates are ISO 8601 strings
 * (rendered in the recipient's language and the Brussels time zone).
 */
const name = z.string().trim().min(1).max(200);
const isoDate = z.iso.datetime({ offset: true });

export const emailTemplateSchemas = {
  'sign-in-link': z.object({ displayName: name, link: z.url(), expiresInMinutes: z.number().int().positive() }).strict(),
  'enrolment-decision': z
    .object({
      displayName: name,
      programmeName: name,
      cohortName: name.optional(),
      decision: z.enum(['approved', 'rejected']),
      reason: z.string().trim().max(2000).optional(),
      link: z.url().optional(),
    })
    .strict(),
  'webinar-booked': z
    .object({ displayName: name, webinarTitle: name, startsAt: isoDate, durationMinutes: z.number().int().positive(), joinUrl: z.url().optional() })
    .strict(),
  'webinar-reminder': z
    .object({ displayName: name, webinarTitle: name, startsAt: isoDate, durationMinutes: z.number().int().positive(), joinUrl: z.url().optional() })
    .strict(),
  'assessment-result': z
    .object({
      displayName: name,
      programmeName: name,
      outcome: z.enum(['passed', 'failed']),
      score: z.number().min(0),
      maxScore: z.number().positive(),
      passMark: z.number().min(0),
      attemptsLeft: z.number().int().min(0).optional(),
    })
    .strict(),
  /** The verification link is built from the credential id and the public base URL at render time. */
  'badge-issued': z
    .object({ displayName: name, achievementName: name, credentialId: z.uuid(), validUntil: isoDate.optional() })
    .strict(),
  'expiry-notice': z
    .object({ displayName: name, achievementName: name, credentialId: z.uuid(), validUntil: isoDate, renewalLink: z.url() })
    .strict(),
} as const;

export type EmailTemplate = keyof typeof emailTemplateSchemas;
export type EmailTemplateData<T extends EmailTemplate> = z.infer<(typeof emailTemplateSchemas)[T]>;
export const EMAIL_TEMPLATES = Object.keys(emailTemplateSchemas) as EmailTemplate[];

export function isEmailTemplate(value: string): value is EmailTemplate {
  return Object.hasOwn(emailTemplateSchemas, value);
}
