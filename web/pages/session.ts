import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { decodeJwt } from 'jose';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Role } from '../../services/db/schema/foundation.ts';
import { endSession, renewSession } from '../../services/identity/sign-in.usecases.ts';
import { verifyTokenDetails, type Principal } from '../../services/shared/auth.ts';
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

/**
 * Signs out: the cookie is cleared and the sign-in session is remembered as ended, so a copy of
 * its token is never renewed (endSession). Best effort: with Redis away the cookie still goes.
 */
export async function signOutPageSession(c: Context<AppEnv>): Promise<void> {
  const token = getCookie(c, SESSION_COOKIE);
  clearPageSession(c);
  if (!token) return;
  const deps = c.get('deps');
  try {
    const { session } = await verifyTokenDetails(deps.secrets.sessionKey, token, deps.clock.now());
    if (session) await endSession(deps, session);
  } catch (error) {
    c.get('logger').warn({ err: error instanceof Error ? error.message : String(error) }, 'sign-out: the session could not be marked ended');
  }
}

const resolved = new WeakMap<Context<AppEnv>, Promise<PagePerson | null>>();

/**
 * The signed-in person of a page request, or null (no cookie, or an expired or forged one).
 * A session with less than half an hour left is renewed on the way (renewSession): a learner
 * or an administrator at work stays signed in, an hour idle signs out, and no session outlives
 * twelve hours from its sign-in. Once per request.
 */
export function pagePerson(c: Context<AppEnv>): Promise<PagePerson | null> {
  let person = resolved.get(c);
  if (!person) {
    person = resolvePagePerson(c);
    resolved.set(c, person);
  }
  return person;
}

async function resolvePagePerson(c: Context<AppEnv>): Promise<PagePerson | null> {
  const token = getCookie(c, SESSION_COOKIE);
  if (!token) return null;
  const deps = c.get('deps');
  let details: Awaited<ReturnType<typeof verifyTokenDetails>>;
  try {
    details = await verifyTokenDetails(deps.secrets.sessionKey, token, deps.clock.now());
  } catch {
    clearPageSession(c);
    return null;
  }
  const { principal } = details;
  if (principal.kind !== 'person') return null;
  const renewed = await renewSession(deps, { personId: principal.id, expiresAt: details.expiresAt, ...(details.session ? { session: details.session } : {}) });
  if (renewed === 'not-due') return principal;
  if (renewed === 'ended') {
    clearPageSession(c);
    return null;
  }
  setPageSession(c, renewed.accessToken, renewed.expiresIn);
  return renewed.principal;
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

/**
 * The CSRF token of the current session: an HMAC of the sign-in session's id, so it changes
 * with each sign-in but not when the session is renewed (a form rendered before a renewal, in
 * this tab or another, still posts); of the whole token for a token without one.
 */
export function csrfToken(c: Context<AppEnv>): string {
  const token = getCookie(c, SESSION_COOKIE) ?? '';
  const sessionId = sessionIdOf(token);
  const subject = sessionId === undefined ? token : `sid:${sessionId}`;
  return createHmac('sha256', c.get('deps').secrets.sessionKey).update(`csrf:${subject}`).digest('base64url');
}

/**
 * The `sid` claim of a session token, read without checking the signature: only an input of the
 * HMAC above, as the raw token was (a forged cookie gets a token that matches no form of ours).
 */
function sessionIdOf(token: string): string | undefined {
  try {
    const { sid } = decodeJwt(token);
    return typeof sid === 'string' ? sid : undefined;
  } catch {
    return undefined;
  }
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
