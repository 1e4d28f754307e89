import type { Context, MiddlewareHandler } from 'hono';
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { publicBaseUrl } from '../../services/shared/urls.ts';
import type { AppEnv } from '../../services/shared/routes.ts';
import { messagesFor, type Locale, type Messages } from '../i18n/index.ts';
import { resolveLocale } from './locale.ts';

/** What every page needs to render: the language and its messages, where we are, the public origin. */
export interface PageContext {
  locale: Locale;
  m: Messages;
  /** The request URL (path and query drive the language switch). */
  url: URL;
  /** The public base URL (links shared outside: QR codes, og:url). */
  baseUrl: string;
  /** `?print=1`: the printable view (no navigation, no form controls). */
  print: boolean;
}

export function pageContext(c: Context<AppEnv>): PageContext {
  const locale = resolveLocale(c);
  return {
    locale,
    m: messagesFor(locale),
    url: new URL(c.req.url),
    baseUrl: publicBaseUrl(c.get('deps').config),
    print: c.req.query('print') === '1',
  };
}

/**
 * The Content-Security-Policy of every page: nothing inline, nothing from elsewhere;
 * styles and the one enhancement script come from our own /assets.
 */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Security and caching headers of server-rendered pages (set after the handler, so they always win). */
export const pageHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  c.header('Content-Security-Policy', PAGE_CSP);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'no-referrer');
  // A verification result is true now, not later: never served from a cache.
  c.header('Cache-Control', 'no-store');
  c.header('Vary', 'Cookie, Accept-Language');
};

/** Sends a page as a complete HTML document. */
export async function renderPage(c: Context<AppEnv>, page: HtmlEscapedString | Promise<HtmlEscapedString>, status: ContentfulStatusCode = 200): Promise<Response> {
  return c.html(html`<!DOCTYPE html>${page}`, status);
}
