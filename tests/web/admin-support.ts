/**
 * Helpers of the admin console tests: a page session as a cookie (what the sign-in pages
 * set), its CSRF token as the pages compute it, and form posts through createApp.
 */
import { createHmac } from 'node:crypto';
import type { Hono } from 'hono';
import type { Role } from '../../services/db/schema/foundation.ts';
import { signAccessToken } from '../../services/shared/auth.ts';
import { SESSION_COOKIE } from '../../web/pages/session.ts';
import { testSecrets } from '../helpers/deps.ts';

export interface PageSession {
  cookie: string;
  csrf: string;
}

/** A session cookie for a person, as the sign-in callback would set it, and the CSRF token of its forms. */
export async function pageSession(person: { id: string; roles: Role[]; organisation_id?: string | null }): Promise<PageSession> {
  const token = await signAccessToken(
    testSecrets.sessionKey,
    { kind: 'person', id: person.id, roles: person.roles, organisationId: person.organisation_id ?? null },
    { ttlSeconds: 3600, now: new Date() },
  );
  const csrf = createHmac('sha256', testSecrets.sessionKey).update(`csrf:${token}`).digest('base64url');
  return { cookie: `${SESSION_COOKIE}=${token}; brevet_lang=en`, csrf };
}

export async function getPage(app: Hono<any>, path: string, session?: PageSession) {
  const res = await app.request(path, { headers: session ? { cookie: session.cookie } : { cookie: 'brevet_lang=en' } });
  return { res, html: await res.text() };
}

/** A form post; the CSRF field is added unless `csrf: null`, and `origin` is sent when given. */
export async function postForm(
  app: Hono<any>,
  path: string,
  session: PageSession | undefined,
  fields: Record<string, string | string[] | Blob>,
  options: { csrf?: string | null; origin?: string; headers?: Record<string, string> } = {},
) {
  const form = new FormData();
  const csrf = options.csrf === undefined ? session?.csrf : options.csrf;
  if (csrf) form.append('_csrf', csrf);
  for (const [name, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) form.append(name, v);
  }
  const headers: Record<string, string> = { cookie: session?.cookie ?? 'brevet_lang=en' };
  if (options.origin) headers.origin = options.origin;
  Object.assign(headers, options.headers);
  const res = await app.request(path, { method: 'POST', body: form, headers });
  return { res, html: await res.text() };
}

/** The text of an HTML fragment without tags (for assertions on what a reader sees). */
export function visibleText(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}
