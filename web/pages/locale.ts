import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { LOCALES, type Locale } from '../i18n/index.ts';

/** The cookie that remembers the language a visitor picked with the switch. */
export const LANGUAGE_COOKIE = 'brevet_lang';
export const DEFAULT_LOCALE: Locale = 'fr';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * The best of our languages for an Accept-Language header: ranges by weight (q),
 * matched on their primary subtag (`nl-BE` -> nl); undefined when none matches.
 */
export function localeFromAcceptLanguage(header: string | undefined): Locale | undefined {
  if (!header) return undefined;
  const ranges = header
    .split(',')
    .map((part, order) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { primary: tag.trim().toLowerCase().split('-')[0], weight: Number.isFinite(weight) ? weight : 0, order };
    })
    .filter((range) => range.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.order - b.order);
  return ranges.map((range) => range.primary).find(isLocale);
}

/**
 * The page language: `?lang=` (then remembered in a cookie for a year), else the
 * cookie, else Accept-Language, else French.
 */
export function resolveLocale(c: Context): Locale {
  const asked = c.req.query('lang');
  if (isLocale(asked)) {
    setCookie(c, LANGUAGE_COOKIE, asked, {
      path: '/',
      maxAge: 365 * 24 * 3600,
      sameSite: 'Lax',
      httpOnly: true,
      secure: new URL(c.req.url).protocol === 'https:',
    });
    return asked;
  }
  const remembered = getCookie(c, LANGUAGE_COOKIE);
  if (isLocale(remembered)) return remembered;
  return localeFromAcceptLanguage(c.req.header('accept-language')) ?? DEFAULT_LOCALE;
}
