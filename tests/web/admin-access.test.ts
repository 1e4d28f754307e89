import { describe, expect, it } from 'vitest';
import { createApp } from '../../services/app.ts';
import type { Role } from '../../services/db/schema/foundation.ts';
import { createTestDeps } from '../helpers/deps.ts';
import { buildCohort, buildPerson, buildProgramme, buildWebinarSession } from '../helpers/factories.ts';
import { clientToken } from '../helpers/vc-api.ts';
import { getPage, pageSession, postForm } from './admin-support.ts';
import { issueBadge } from './badges.ts';

const deps = createTestDeps({ config: { PUBLIC_URL: 'https://brevet.test' } });
const app = createApp(deps);
const token = await clientToken(app, deps);

const people = Object.fromEntries(
  await Promise.all(
    (['admin', 'manager', 'assessor', 'facilitator', 'learner'] as Role[]).map(async (role) => [role, await buildPerson(deps.db, { roles: [role], displayName: `The ${role}` })] as const),
  ),
);
const sessions = Object.fromEntries(await Promise.all(Object.entries(people).map(async ([role, p]) => [role, await pageSession(p)] as const)));
const { version } = await buildProgramme(deps.db, { version: { requiredWebinars: 3 } });
const cohort = await buildCohort(deps.db, { programmeVersionId: version.id, facilitatorIds: [people.facilitator!.id] });
const webinar = await buildWebinarSession(deps.db, { cohortId: cohort.id, facilitatorId: people.facilitator!.id });
const badge = await issueBadge(app, deps, token);

/** Every console page and the roles that may open it. */
const PAGES: Array<{ path: string; allowed: Role[] }> = [
  { path: '/admin', allowed: ['admin'] },
  { path: '/admin/cohorts/new', allowed: ['admin'] },
  { path: `/admin/cohorts/${cohort.id}`, allowed: ['admin'] },
  { path: `/admin/cohorts/${cohort.id}/import`, allowed: ['admin'] },
  { path: `/admin/cohorts/${cohort.id}/enrolments.csv`, allowed: ['admin'] },
  { path: `/admin/cohorts/${cohort.id}/sessions`, allowed: ['admin', 'facilitator'] },
  { path: '/admin/sessions', allowed: ['admin', 'facilitator'] },
  { path: `/admin/sessions/${webinar.id}`, allowed: ['admin', 'facilitator'] },
  { path: '/admin/enrolments', allowed: ['admin', 'manager'] },
  { path: '/admin/marking', allowed: ['admin', 'assessor'] },
  { path: '/admin/credentials', allowed: ['admin'] },
  { path: '/admin/credentials.csv', allowed: ['admin'] },
  { path: `/admin/credentials/${badge.id}`, allowed: ['admin'] },
  { path: `/admin/credentials/${badge.id}/status?action=revoke`, allowed: ['admin'] },
  { path: '/admin/audit', allowed: ['admin'] },
  { path: '/admin/queues', allowed: ['admin'] },
];

describe('admin console access', () => {
  it.each(PAGES)('$path: anonymous visitors are sent to sign-in (303)', async ({ path }) => {
    const { res } = await getPage(app, path);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/sign-in?next=${encodeURIComponent(path)}`);
  });

  it.each(PAGES)('$path: people without the role get 403, those with it 200', async ({ path, allowed }) => {
    for (const [role, session] of Object.entries(sessions)) {
      const { res, html } = await getPage(app, path, session);
      if (allowed.includes(role as Role)) {
        expect(res.status, `${role} on ${path}`).toBe(200);
      } else {
        expect(res.status, `${role} on ${path}`).toBe(403);
        expect(html).toContain('Access denied');
        expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      }
    }
  });

  it('serves the console pages with the strict CSP, noindex and no-store', async () => {
    const { res, html } = await getPage(app, '/admin', sessions.admin);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(html).toContain('<meta name="robots" content="noindex"/>');
    expect(html).toMatch(/<nav class="admin-nav" aria-label="Administration">/);
    expect(html).toContain('aria-current="page"');
  });

  it('shows each person only the sections their roles open', async () => {
    const manager = (await getPage(app, '/admin/enrolments', sessions.manager)).html;
    expect(manager).toContain('href="/admin/enrolments"');
    expect(manager).not.toContain('href="/admin/credentials"');
    expect(manager).not.toContain('href="/admin/queues"');
    const admin = (await getPage(app, '/admin', sessions.admin)).html;
    for (const href of ['/admin/enrolments', '/admin/marking', '/admin/sessions', '/admin/credentials', '/admin/audit', '/admin/queues']) expect(admin).toContain(`href="${href}"`);
  });

  it('refuses a form post from someone without the role (403) and sends anonymous posts to sign-in', async () => {
    const forbidden = await postForm(app, `/admin/credentials/${badge.id}/status`, sessions.manager, { action: 'revoke', reason: 'no' });
    expect(forbidden.res.status).toBe(403);
    const anonymous = await postForm(app, `/admin/credentials/${badge.id}/status`, undefined, { action: 'revoke', reason: 'no' });
    expect(anonymous.res.status).toBe(303);
    const row = await deps.db.selectFrom('credentials').select('revoked_at').where('id', '=', badge.id).executeTakeFirstOrThrow();
    expect(row.revoked_at).toBeNull();
  });

  it('lets a facilitator open only the rosters of the sessions they lead', async () => {
    const other = await buildPerson(deps.db, { roles: ['facilitator'] });
    const { res, html } = await getPage(app, `/admin/sessions/${webinar.id}`, await pageSession(other));
    expect(res.status).toBe(403);
    expect(html).toContain('Only the session');
  });

  it('answers a 404 page for an unknown cohort or credential', async () => {
    for (const path of [`/admin/cohorts/${crypto.randomUUID()}`, `/admin/credentials/${crypto.randomUUID()}`]) {
      const { res, html } = await getPage(app, path, sessions.admin);
      expect(res.status).toBe(404);
      expect(html).toContain('Not found');
    }
  });

  it('speaks the reader\'s language', async () => {
    const expected = { fr: 'Certificats', nl: 'Certificaten', de: 'Zertifikate', en: 'Credentials' };
    for (const [lang, title] of Object.entries(expected)) {
      const { html } = await getPage(app, `/admin/credentials?lang=${lang}`, sessions.admin);
      expect(html).toContain(`<h1>${title}</h1>`);
    }
    const { html } = await getPage(app, '/admin/credentials?lang=fr', sessions.admin);
    expect(html).toContain('<html lang="fr-BE">');
  });
});
