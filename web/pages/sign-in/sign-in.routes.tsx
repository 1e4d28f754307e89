import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { exchangeSignInToken, requestSignInLink, SIGN_IN_TOKEN_TTL_MINUTES } from '../../../services/identity/sign-in.usecases.ts';
import { AppError } from '../../../services/shared/errors.ts';
import type { AppEnv } from '../../../services/shared/routes.ts';
import { pageContext, pageHeaders, renderPage } from '../page.ts';
import { csrfToken, isSameSiteForm, safeNext, setPageSession, signOutPageSession } from '../session.ts';
import { CallbackPage, CheckMailboxPage, InvalidLinkPage, SignInFormPage, StaleFormPage } from './sign-in.views.tsx';

/** Where to go after signing in, kept while the person fetches the link from their mailbox. */
const NEXT_COOKIE = 'brevet_next';
const DEFAULT_NEXT = '/learn';
const email = z.email().max(320);

/** A local path to come back to, or undefined (never another site). */
function localNext(value: unknown): string | undefined {
  return typeof value === 'string' && value.length <= 2000 && safeNext(value, '') !== '' ? value : undefined;
}

/** The socket's address (X-Forwarded-For is anyone's to set); 'unknown' in tests without a socket. */
function clientIp(c: Context<AppEnv>): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function field(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  return typeof value === 'string' ? value : undefined;
}

function stale(c: Context<AppEnv>) {
  return renderPage(c, <StaleFormPage ctx={pageContext(c)} />, 403);
}

/**
 * The sign-in pages: GET/POST /sign-in asks for a link by email (always the same answer),
 * GET /sign-in/callback shows a button, POST /sign-in/callback spends the token and opens
 * a page session, then goes back where the person was going.
 */
export function signInPages(): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();
  pages.use('*', pageHeaders);

  pages.get('/', (c) => {
    const ctx = pageContext(c);
    return renderPage(c, <SignInFormPage ctx={ctx} csrf={csrfToken(c)} next={localNext(c.req.query('next'))} signedOut={c.req.query('signed-out') === '1'} />);
  });

  pages.post('/', async (c) => {
    const body = await c.req.parseBody();
    if (!isSameSiteForm(c, body.csrf)) return stale(c);
    const ctx = pageContext(c);
    const next = localNext(body.next);
    const address = (field(body, 'email') ?? '').trim();
    const form = (error: string, status: 400 | 429) => renderPage(c, <SignInFormPage ctx={ctx} csrf={csrfToken(c)} next={next} email={address} error={error} />, status);
    if (!address) return form(ctx.m.pages.signIn.errors.emailMissing, 400);
    if (!email.safeParse(address).success) return form(ctx.m.pages.signIn.errors.emailInvalid, 400);
    try {
      await requestSignInLink(c.get('deps'), { email: address, locale: ctx.locale, ip: clientIp(c) });
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'request.rate_limited') throw error;
      const seconds = Number(error.extensions.retryAfterSeconds ?? 60);
      c.header('Retry-After', String(seconds));
      return form(ctx.m.pages.signIn.errors.rateLimited(Math.max(1, Math.ceil(seconds / 60))), 429);
    }
    if (next) setCookie(c, NEXT_COOKIE, next, { path: '/sign-in', httpOnly: true, sameSite: 'Lax', maxAge: SIGN_IN_TOKEN_TTL_MINUTES * 60, secure: new URL(c.req.url).protocol === 'https:' });
    return renderPage(c, <CheckMailboxPage ctx={ctx} email={address} next={next} minutes={SIGN_IN_TOKEN_TTL_MINUTES} />);
  });

  // Never spends the token: a mail scanner's GET must leave it usable.
  pages.get('/callback', (c) => {
    const ctx = pageContext(c);
    const next = localNext(getCookie(c, NEXT_COOKIE));
    const token = c.req.query('token') ?? '';
    if (!token || token.length > 200) return renderPage(c, <InvalidLinkPage ctx={ctx} next={next} />, 401);
    // The token is in this URL; pageHeaders sends Referrer-Policy: no-referrer, so it never leaks onward.
    return renderPage(c, <CallbackPage ctx={ctx} csrf={csrfToken(c)} token={token} next={next} />);
  });

  pages.post('/callback', async (c) => {
    const body = await c.req.parseBody();
    if (!isSameSiteForm(c, body.csrf)) return stale(c);
    const ctx = pageContext(c);
    const next = localNext(body.next) ?? localNext(getCookie(c, NEXT_COOKIE));
    const token = field(body, 'token') ?? '';
    let session;
    try {
      session = await exchangeSignInToken(c.get('deps'), { token });
    } catch (error) {
      if (error instanceof AppError && error.status === 401) return renderPage(c, <InvalidLinkPage ctx={ctx} next={next} />, 401);
      throw error;
    }
    setPageSession(c, session.accessToken, session.expiresIn);
    deleteCookie(c, NEXT_COOKIE, { path: '/sign-in' });
    return c.redirect(safeNext(next, DEFAULT_NEXT), 303);
  });

  return pages;
}

/** POST /sign-out: ends the page session (a form with the CSRF field, so no other site can sign anyone out). */
export function signOutPages(): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();
  pages.use('*', pageHeaders);
  pages.post('/', async (c) => {
    const body = await c.req.parseBody();
    if (!isSameSiteForm(c, body.csrf)) return stale(c);
    await signOutPageSession(c);
    return c.redirect('/sign-in?signed-out=1', 303);
  });
  return pages;
}
