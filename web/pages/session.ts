import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Role } from '../../services/db/schema/foundation.ts';
import { verifyAccessToken, type Principal } from '../../services/shared/auth.ts';
import type { AppEnv } from '../../services/shared/routes.ts';
import { publicBaseUrl } from '../../services/shared/urls.ts';

/**
 * Sessions of the server-rendered pages: the same short-lived token the API hands out
 * (services/shared/auth.ts), kept in an HttpOnly, SameSite=Lax cookie. Forms that change
 * something carry a CSRF token derived from the session, and must come from our origin.
 */
export const SESSION_COOKIE = 'brevet_session';
export type PagePerson = Extract<Principal, { kind: 'person' }>;

export function setPageSession(c: Context<AppEnv>, accessToken: string, maxAgeSeconds: number): void {
  setCookie(c, SESSION_COOKIE, accessToken, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: new URL(c.req.url).protocol === 'https:',
    maxAge: maxAgeSeconds,
  });
}

export function clearPageSession(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}

/** The signed-in person of a page request, or null (no cookie, or an expired or forged one). */
export async function pagePerson(c: Context<AppEnv>): Promise<PagePerson | null> {
  const token = getCookie(c, SESSION_COOKIE);
  if (!token) return null;
  const deps = c.get('deps');
  try {
    const principal = await verifyAccessToken(deps.secrets.sessionKey, token, deps.clock.now());
    return principal.kind === 'person' ? principal : null;
  } catch {
    clearPageSession(c);
    return null;
  }
}

export type PageAccess = { person: PagePerson } | { redirect: Response } | { forbidden: true };

/**
 * A page for people holding one of `roles`: anonymous visitors are sent to the sign-in
 * page (coming back here afterwards), others get `forbidden` for the caller to render a 403.
 */
export async function requirePagePerson(c: Context<AppEnv>, roles: readonly Role[]): Promise<PageAccess> {
  const person = await pagePerson(c);
  if (!person) {
    const url = new URL(c.req.url);
    return { redirect: c.redirect(`/sign-in?next=${encodeURIComponent(url.pathname + url.search)}`, 303) };
  }
  if (!person.roles.some((r) => roles.includes(r))) return { forbidden: true };
  return { person };
}

/** The CSRF token of the current session: an HMAC of the session token, so it changes with it. */
export function csrfToken(c: Context<AppEnv>): string {
  const session = getCookie(c, SESSION_COOKIE) ?? '';
  return createHmac('sha256', c.get('deps').secrets.sessionKey).update(`csrf:${session}`).digest('base64url');
}

/**
 * True when a form post may be trusted: its CSRF field matches the session's, and it came
 * from our origin. Pages are served with `Referrer-Policy: no-referrer` (sign-in links
 * carry tokens), under which browsers send `Origin: null` with every form post; then the
 * browser's `Sec-Fetch-Site` must say the form came from this origin.
 */
export function isSameSiteForm(c: Context<AppEnv>, submitted: unknown): boolean {
  const origin = c.req.header('origin');
  // Behind a proxy that ends TLS, the public origin differs from the request's own.
  const ours = [new URL(c.req.url).origin, new URL(publicBaseUrl(c.get('deps').config)).origin];
  if (origin === 'null') {
    if (c.req.header('sec-fetch-site') !== 'same-origin') return false;
  } else if (origin && !ours.includes(origin)) return false;
  if (typeof submitted !== 'string') return false;
  const expected = Buffer.from(csrfToken(c));
  const actual = Buffer.from(submitted);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Only a local path (`/learn`, never `//evil.example` or a URL) may be a sign-in's `next`. */
export function safeNext(next: string | undefined, fallback: string): string {
  return next && /^\/(?![/\\])/.test(next) ? next : fallback;
}
