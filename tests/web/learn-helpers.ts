/**
 * Helpers of the learner-space and sign-in page tests: a cookie-keeping page client that
 * posts forms with the CSRF field read from the last page, signed-in sessions, and badges
 * issued for real through the certification issuance use case.
 */
import { randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import { issueCertificationCredential } from '../../services/certification/issuance.usecases.ts';
import type { Deps } from '../../services/deps.ts';
import { ensureIssuerKey } from '../../services/issuer/issuer.usecases.ts';
import { signAccessToken } from '../../services/shared/auth.ts';
import { SESSION_COOKIE } from '../../web/pages/session.ts';
import { buildCohort, buildEnrolment } from '../helpers/factories.ts';

export const ORIGIN = 'https://brevet.test';

export interface PageResponse {
  res: Response;
  html: string;
}

/** A browser without JavaScript: keeps cookies, reads the CSRF field of the last page it got. */
export class PageClient {
  cookies = new Map<string, string>();
  csrf = '';

  constructor(private app: Hono<any>) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const [name = '', ...value] = pair.split('=');
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a));
      if (expired || value.join('=') === '') this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value.join('='));
    }
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<PageResponse> {
    const res = await this.app.request(path, { headers: { cookie: this.cookieHeader(), ...headers } });
    this.keep(res);
    const type = res.headers.get('content-type') ?? '';
    const html = type.startsWith('text/html') ? await res.text() : '';
    const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
    if (csrf) this.csrf = csrf;
    return { res, html };
  }

  /** Posts a form (urlencoded, or multipart when a Blob is among the fields) with our Origin and CSRF field unless told otherwise. */
  async post(path: string, fields: Record<string, string | string[] | Blob> = {}, options: { csrf?: string | false; origin?: string | false } = {}): Promise<PageResponse> {
    const entries: Array<[string, string | Blob]> = [];
    if (options.csrf !== false) entries.push(['csrf', options.csrf ?? this.csrf]);
    for (const [name, value] of Object.entries(fields)) for (const v of ([] as Array<string | Blob>).concat(value)) entries.push([name, v]);
    const multipart = entries.some(([, v]) => typeof v !== 'string');
    let body: FormData | URLSearchParams;
    if (multipart) {
      const form = new FormData();
      for (const [k, v] of entries) form.append(k, v);
      body = form;
    } else {
      body = new URLSearchParams(entries as Array<[string, string]>);
    }
    const headers: Record<string, string> = { cookie: this.cookieHeader() };
    if (options.origin !== false) headers.origin = options.origin ?? ORIGIN;
    const res = await this.app.request(path, { method: 'POST', body, headers });
    this.keep(res);
    const html = (res.headers.get('content-type') ?? '').startsWith('text/html') ? await res.text() : '';
    return { res, html };
  }

  /** Follows a 303 with a GET (as a browser does). */
  async follow(response: PageResponse): Promise<PageResponse> {
    const location = response.res.headers.get('location');
    if (response.res.status !== 303 || !location) throw new Error(`expected a 303, got ${response.res.status}: ${response.html.slice(0, 400)}`);
    return this.get(location);
  }
}

/** A client already signed in as this person (the page session cookie holding a session token). */
export async function signedInClient(app: Hono<any>, deps: Deps, person: { id: string; roles: string[]; organisation_id?: string | null }): Promise<PageClient> {
  const client = new PageClient(app);
  const token = await signAccessToken(deps.secrets.sessionKey, { kind: 'person', id: person.id, roles: person.roles as any, organisationId: person.organisation_id ?? null }, { ttlSeconds: 3600, now: new Date() });
  client.cookies.set(SESSION_COOKIE, token);
  return client;
}

/** A badge issued to a person for a programme version, as the issuance worker issues it (signed, stored, with its JWT). */
export async function issueBadgeTo(deps: Deps, input: { personId: string; programmeVersionId: string }): Promise<string> {
  await ensureIssuerKey(deps);
  const cohort = await buildCohort(deps.db, { programmeVersionId: input.programmeVersionId, startsOn: '2020-01-01', endsOn: '2020-03-01' });
  const enrolment = await buildEnrolment(deps.db, { cohortId: cohort.id, personId: input.personId, status: 'completed' });
  const certification = await deps.db
    .insertInto('certifications')
    .values({ enrolment_id: enrolment.id, score_percent: 90, evidence: JSON.stringify({ modules: [], webinars: [], attemptId: randomUUID() }) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { credentialId } = await issueCertificationCredential(deps, certification.id);
  return credentialId;
}

/** The text of a page without markup (for assertions on what a reader sees). */
export function visibleText(html: string): string {
  return html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}
