import { describe, expect, it } from 'vitest';
import { createApp } from '../../services/app.ts';
import { verifyPresentedCredential } from '../../services/verification/verification.usecases.ts';
import { createTestDeps } from '../helpers/deps.ts';
import { buildPerson } from '../helpers/factories.ts';
import { clientToken } from '../helpers/vc-api.ts';
import { getPage, pageSession, postForm, visibleText } from './admin-support.ts';
import { issueBadge } from './badges.ts';

const deps = createTestDeps({ config: { PUBLIC_URL: 'https://brevet.test' } });
const app = createApp(deps);
const token = await clientToken(app, deps);
const admin = await buildPerson(deps.db, { roles: ['admin'], displayName: 'Ada Admin' });
const adminSession = await pageSession(admin);

async function heldBadge(holderName: string) {
  const badge = await issueBadge(app, deps, token);
  const holder = await buildPerson(deps.db, { displayName: holderName });
  await deps.db.updateTable('credentials').set({ holder_person_id: holder.id }).where('id', '=', badge.id).execute();
  return { ...badge, holder };
}

async function verdict(id: string) {
  const row = await deps.db.selectFrom('credentials').select('document').where('id', '=', id).executeTakeFirstOrThrow();
  const report = await verifyPresentedCredential(deps, row.document);
  return { outcome: report.outcome, failed: report.checks.filter((c) => c.status === 'failed').map((c) => c.name) };
}

describe('credentials', () => {
  it('finds credentials by holder name or by id and shows their status', async () => {
    const badge = await heldBadge('Zoë Vandenbroucke');
    const byName = await getPage(app, '/admin/credentials?q=vandenbrou', adminSession);
    expect(byName.res.status).toBe(200);
    expect(byName.html).toContain('Zoë Vandenbroucke');
    expect(byName.html).toContain(`href="/admin/credentials/${badge.id}"`);
    expect(visibleText(byName.html)).toContain('Valid');
    const byId = await getPage(app, `/admin/credentials?q=${badge.id}`, adminSession);
    expect(byId.html).toContain(`href="/admin/credentials/${badge.id}"`);
    const byVcId = await getPage(app, `/admin/credentials?q=${encodeURIComponent(badge.vc.id)}`, adminSession);
    expect(byVcId.html).toContain(`href="/admin/credentials/${badge.id}"`);
    const none = await getPage(app, '/admin/credentials?q=%25_nobody', adminSession);
    expect(none.html).toContain('No credential matches.');
  });

  it('revokes with a reason after a confirm step; the public verifier then reports it revoked', async () => {
    const badge = await heldBadge('Rik Revoked');
    expect(await verdict(badge.id)).toEqual({ outcome: 'valid', failed: [] });
    const detail = await getPage(app, `/admin/credentials/${badge.id}`, adminSession);
    expect(detail.html).toContain(`href="/admin/credentials/${badge.id}/status?action=revoke"`);
    const confirm = await getPage(app, `/admin/credentials/${badge.id}/status?action=revoke`, adminSession);
    expect(confirm.res.status).toBe(200);
    expect(confirm.html).toContain('Revocation is final');
    expect(confirm.html).toContain('name="_csrf"');

    const noReason = await postForm(app, `/admin/credentials/${badge.id}/status`, adminSession, { action: 'revoke', reason: '' });
    expect(noReason.res.status).toBe(422);
    expect(noReason.html).toContain('href="#status-reason"');
    const noCsrf = await postForm(app, `/admin/credentials/${badge.id}/status`, adminSession, { action: 'revoke', reason: 'fraud' }, { csrf: null });
    expect(noCsrf.res.status).toBe(403);
    const foreign = await postForm(app, `/admin/credentials/${badge.id}/status`, adminSession, { action: 'revoke', reason: 'fraud' }, { origin: 'https://evil.example' });
    expect(foreign.res.status).toBe(403);
    expect(await verdict(badge.id)).toEqual({ outcome: 'valid', failed: [] });

    const { res } = await postForm(app, `/admin/credentials/${badge.id}/status`, adminSession, { action: 'revoke', reason: 'Assessment fraud established' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/credentials/${badge.id}?changed=revoke`);
    const verified = await verdict(badge.id);
    expect(verified.outcome).toBe('invalid');
    expect(verified.failed.some((name) => name === 'not_revoked' || name === 'not_suspended')).toBe(true);
    const page = visibleText((await getPage(app, res.headers.get('location')!, adminSession)).html);
    expect(page).toContain('The credential is revoked.');
    expect(page).toContain('Assessment fraud established');
    expect(page).toContain('Ada Admin');
    expect(page).toContain('a revoked credential stays revoked');
    const public_ = await app.request(`/verify/${badge.id}`, { headers: { 'accept-language': 'en' } });
    expect(await public_.text()).toContain('The issuer has');

    const again = await postForm(app, `/admin/credentials/${badge.id}/status`, adminSession, { action: 'suspend', reason: 'again' });
    expect(again.res.status).toBe(409);
    expect(again.html).toContain('already revoked');
    const audit = await deps.db.selectFrom('audit_events').select(['action', 'actor_id', 'details']).where('subject_id', '=', badge.id).execute();
    expect(audit).toEqual([{ action: 'credential.revoke', actor_id: admin.id, details: { reason: 'Assessment fraud established' } }]);
  });

  it('suspends and lifts a suspension, each with a reason', async () => {
    const badge = await heldBadge('Sam Suspended');
    expect((await postForm(app, `/admin/credentials/${badge.id}/status`, adminSession, { action: 'suspend', reason: 'Under review' })).res.status).toBe(303);
    expect(await verdict(badge.id)).toEqual({ outcome: 'invalid', failed: ['not_suspended'] });
    const detail = await getPage(app, `/admin/credentials/${badge.id}`, adminSession);
    expect(detail.html).toContain('?action=unsuspend');
    expect(detail.html).not.toContain('?action=suspend"');
    expect((await postForm(app, `/admin/credentials/${badge.id}/status`, adminSession, { action: 'unsuspend', reason: 'Review closed' })).res.status).toBe(303);
    expect(await verdict(badge.id)).toEqual({ outcome: 'valid', failed: [] });
  });

  it('exports the credentials issued as CSV', async () => {
    const badge = await heldBadge('@Formula Holder');
    const res = await app.request('/admin/credentials.csv?q=Formula', { headers: { cookie: adminSession.cookie } });
    expect(res.status).toBe(200);
    const body = new TextDecoder().decode(await res.arrayBuffer());
    expect(body).toContain('"credential_id","vc_id","achievement","holder"');
    expect(body).toContain(`"${badge.id}"`);
    expect(body).toContain(`"'@Formula Holder"`);
  });
});

describe('audit log', () => {
  it('lists events newest first, filtered by subject, paged', async () => {
    const badge = await heldBadge('Audit Subject');
    for (const action of ['suspend', 'unsuspend', 'suspend'] as const) {
      await postForm(app, `/admin/credentials/${badge.id}/status`, adminSession, { action, reason: `reason ${action}` });
    }
    const { res, html } = await getPage(app, `/admin/audit?subject=${badge.id}`, adminSession);
    expect(res.status).toBe(200);
    const actions = [...html.matchAll(/<th scope="row" class="mono">([^<]+)<\/th>/g)].map((m) => m[1]);
    expect(actions).toEqual(['credential.suspend', 'credential.unsuspend', 'credential.suspend']);
    expect(html).toContain('Ada Admin');
    const all = await getPage(app, '/admin/audit', adminSession);
    expect(all.html).toContain('credential.suspend');
    const beyond = await getPage(app, '/admin/audit?page=999', adminSession);
    expect(beyond.html).toContain('No event matches.');
    expect(beyond.html).toContain('Newer entries');
  });
});

describe('job queues dashboard', () => {
  it('serves Bull Board to admins under its own CSP, with nothing loaded from elsewhere', async () => {
    const { res, html } = await getPage(app, '/admin/queues', adminSession);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(html).toContain('<base href="/admin/queues/"');
    expect(html).not.toContain('googleapis');
    const script = /<script defer src="(static\/js\/main[^"]+)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await app.request(`/admin/queues/${script}`, { headers: { cookie: adminSession.cookie } });
    expect(asset.status).toBe(200);
    const api = await app.request('/admin/queues/api/queues', { headers: { cookie: adminSession.cookie } });
    expect(api.status).toBe(200);
    const names = ((await api.json()) as { queues: Array<{ name: string }> }).queues.map((q: { name: string }) => q.name).sort();
    expect(names).toEqual(['email', 'issuance', 'maintenance', 'marking']);
  });

  it('refuses changes from another origin and anyone but admins', async () => {
    const foreign = await app.request('/admin/queues/api/queues/email/pause', { method: 'PUT', headers: { cookie: adminSession.cookie, origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    const learner = await pageSession(await buildPerson(deps.db));
    expect((await app.request('/admin/queues/api/queues', { headers: { cookie: learner.cookie } })).status).toBe(403);
    expect((await app.request('/admin/queues/api/queues')).status).toBe(303);
  });
});
