import { de } from './de.ts';
import { en, type Messages } from './en.ts';
import { fr } from './fr.ts';
import { nl } from './nl.ts';

/**
 * The shared message catalogue: French, Dutch and German (Belgium's official
 * languages) and English. Every catalogue has the shape of `en` (Messages).
 */
export type { Messages };
export const LOCALES = ['fr', 'nl', 'de', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const catalogues: Record<Locale, Messages> = { fr, nl, de, en };

export function messagesFor(locale: Locale): Messages {
  return catalogues[locale];
}

/** The BCP 47 tag used for dates and numbers: Belgian variants, British English. */
export const LANGUAGE_TAGS: Record<Locale, string> = { fr: 'fr-BE', nl: 'nl-BE', de: 'de-BE', en: 'en-GB' };

/** A date and time in the reader's language, in Brussels time (where the programmes run). */
export function formatDateTime(locale: Locale, iso: string | Date): string {
  return new Intl.DateTimeFormat(LANGUAGE_TAGS[locale], { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Brussels' }).format(new Date(iso));
}

/** A calendar date in the reader's language. */
export function formatDate(locale: Locale, iso: string | Date): string {
  return new Intl.DateTimeFormat(LANGUAGE_TAGS[locale], { dateStyle: 'long', timeZone: 'Europe/Brussels' }).format(new Date(iso));
}

export function formatNumber(locale: Locale, value: number): string {
  return new Intl.NumberFormat(LANGUAGE_TAGS[locale], { maximumFractionDigits: 2 }).format(value);
}
