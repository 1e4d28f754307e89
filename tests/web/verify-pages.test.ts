import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { buildAchievementCredential, signCredentialJwt } from '../../credentials/index.ts';
import { createApp } from '../../services/app.ts';
import { activeSigningKey, issuerDid } from '../../services/issuer/issuer.usecases.ts';
import type { AppEnv } from '../../services/shared/routes.ts';
import { formatDate } from '../../web/i18n/index.ts';
import { verifyPages } from '../../web/pages/verify/verify.routes.tsx';
import { badgeInput } from '../credentials/fixtures.ts';
import { createTestDeps } from '../helpers/deps.ts';
import { buildPerson } from '../helpers/factories.ts';
import { clientToken, personToken, postJson } from '../helpers/vc-api.ts';
import { CRAFTED_MARKUP, issueBadge, revokeBadge } from './badges.ts';

// did:web mode: our own DID and status lists come from the store, never the network.
const deps = createTestDeps({ config: { PUBLIC_URL: 'https://brevet.test' } });
const app = createApp(deps);
const token = await clientToken(app, deps);

async function page(path: string, headers: Record<string, string> = {}) {
  const res = await app.request(path, { headers: { 'accept-language': 'en', ...headers } });
  return { res, html: await res.text() };
}

function postForm(fields: Record<string, string | Blob>, headers: Record<string, string> = { cookie: 'brevet_lang=en' }) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return app.request('/verify', { method: 'POST', body: form, headers });
}

/** The status a page shows for one named check. */
function checkStatus(html: string, name: string): string | undefined {
  return new RegExp(`data-check="${name}" data-status="([a-z_]+)"`).exec(html)?.[1];
}

describe('GET /verify/<id>', () => {
  it('shows a valid badge: the outcome first, then the achievement, issuer, dates, score, every check and a QR code', async () => {
    const badge = await issueBadge(app, deps, token);
    const { res, html } = await page(`/verify/${badge.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    const outcome = html.indexOf('<h1 class="outcome__title">');
    expect(outcome).toBeGreaterThan(0);
    expect(html.slice(outcome, outcome + 120)).toContain('Valid');
    expect(html.indexOf('Connectoo basic', html.indexOf('<main'))).toBeGreaterThan(outcome);
    for (const text of ['Digital skills for civil servants', 'Complete every module', 'Protecting personal data and privacy', '4.2', 'did:web:brevet.test', 'Basic', '86%', '70%']) {
      expect(html).toContain(text);
    }
    for (const name of ['parsed', 'context_known', 'schema', 'signature', 'issuer_known', 'not_before', 'not_expired', 'not_suspended']) {
      expect(checkStatus(html, name)).toBe('passed');
    }
    expect(html).toContain(formatDate('en', badge.vc.validUntil));
    expect(html).toMatch(/<div class="qr__code" role="img" aria-label="[^"]+"><svg /);
    expect(html).toContain(`<meta property="og:url" content="https://brevet.test/verify/${badge.id}"/>`);
    expect(html).toContain('<meta name="twitter:card" content="summary"/>');
  });

  it('answers a friendly 404 page for an unknown or malformed id', async () => {
    for (const id of [randomUUID(), 'not-a-uuid']) {
      const { res, html } = await page(`/verify/${id}`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(html).toContain('Badge not found');
      expect(html).toContain('<main id="main"');
      expect(html).toContain('href="/verify"');
    }
  });

  it('shows a revoked badge as not valid, saying it was revoked', async () => {
    const badge = await issueBadge(app, deps, token);
    await revokeBadge(app, token, badge);
    const { res, html } = await page(`/verify/${badge.id}`);
    expect(res.status).toBe(200);
    expect(html).toContain('Not valid');
    expect(html).toContain('The issuer has revoked it.');
    expect(checkStatus(html, 'not_revoked')).toBe('failed');
  });

  it('shows a suspended badge as not valid, then valid again once unsuspended', async () => {
    const badge = await issueBadge(app, deps, token);
    const admin = await personToken(deps, ['admin']);
    const path = `/api/v1/credentials/${badge.id}/status-changes`;
    expect((await postJson(app, path, { action: 'suspend', reason: 'under review' }, admin)).status).toBe(200);
    const suspended = await page(`/verify/${badge.id}`);
    expect(suspended.html).toContain('Not valid');
    expect(suspended.html).toContain('The issuer has suspended it.');
    expect(checkStatus(suspended.html, 'not_suspended')).toBe('failed');
    expect((await postJson(app, path, { action: 'unsuspend', reason: 'review closed' }, admin)).status).toBe(200);
    expect(checkStatus((await page(`/verify/${badge.id}`)).html, 'not_suspended')).toBe('passed');
  });

  it('shows an expired badge as not valid, saying it has expired', async () => {
    const badge = await issueBadge(app, deps, token, { validFrom: '2020-01-01T00:00:00Z', validUntil: '2023-01-01T00:00:00Z' });
    const { html } = await page(`/verify/${badge.id}`);
    expect(html).toContain('Not valid');
    expect(html).toContain('It has expired.');
    expect(checkStatus(html, 'not_expired')).toBe('failed');
    expect(html).toContain(formatDate('en', '2023-01-01T00:00:00Z'));
  });

  it('shows the holder name only when the holder shared the badge, and never in link previews', async () => {
    const person = await buildPerson(deps.db, { displayName: 'Amélie Dubois-Janssens' });
    const badge = await issueBadge(app, deps, token);
    await deps.db.updateTable('credentials').set({ holder_person_id: person.id, shared: false }).where('id', '=', badge.id).execute();
    const hidden = await page(`/verify/${badge.id}`);
    expect(hidden.html).not.toContain('Amélie');
    expect(hidden.html).toContain('The holder has not chosen to show their name.');

    await deps.db.updateTable('credentials').set({ shared: true }).where('id', '=', badge.id).execute();
    const shown = await page(`/verify/${badge.id}`);
    expect(shown.html).toContain('Amélie Dubois-Janssens');
    expect(shown.html).not.toContain('The holder has not chosen to show their name.');
    const head = shown.html.slice(0, shown.html.indexOf('</head>'));
    expect(head).not.toContain('Amélie');
  });

  it('escapes markup held in a stored credential', async () => {
    const did = await issuerDid(deps);
    const input = badgeInput(did);
    const badge = await issueBadge(app, deps, token, {
      issuer: { id: did, name: CRAFTED_MARKUP, url: 'https://brevet.example' },
      achievement: { ...input.achievement, name: CRAFTED_MARKUP, description: CRAFTED_MARKUP },
    });
    const { html } = await page(`/verify/${badge.id}`);
    expect(html).toContain('Valid');
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<b>bold</b>');
    expect(html).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;');
    // Inside attributes (og:title, description) too.
    expect(html).toMatch(/<meta property="og:title" content="[^"]*&lt;script&gt;[^"]*"\/>/);
  });

  it('says "could not be checked", never valid, when the status list cannot be read', async () => {
    const did = await issuerDid(deps);
    const unreachable = { id: 'https://127.0.0.1:1/status/1#5', type: 'BitstringStatusListEntry' as const, statusPurpose: 'revocation' as const, statusListIndex: '5', statusListCredential: 'https://127.0.0.1:1/status/1' };
    const credential = buildAchievementCredential(badgeInput(did, { id: `urn:uuid:${randomUUID()}`, validFrom: new Date(Date.now() - 3600_000), credentialStatus: unreachable }));
    const issued = await postJson(app, '/credentials/issue', { credential }, token);
    expect(issued.status).toBe(201);
    const id = issued.headers.get('location')!.split('/').pop();
    const { res, html } = await page(`/verify/${id}`);
    expect(res.status).toBe(200);
    expect(html).toContain('Could not be checked');
    expect(html).toContain('This does not mean the badge is valid.');
    expect(html).toContain('&quot;Not revoked&quot; could not be checked.');
    expect(checkStatus(html, 'not_revoked')).toBe('could_not_check');
    expect(html).not.toContain('notice--success');
  });

  it('offers a printable view', async () => {
    const badge = await issueBadge(app, deps, token);
    const { res, html } = await page(`/verify/${badge.id}?print=1`);
    expect(res.status).toBe(200);
    expect(html).toContain('<body class="print-view">');
  });
});

describe('security headers of the pages', () => {
  it('sends a strict Content-Security-Policy and no inline script or style', async () => {
    const badge = await issueBadge(app, deps, token);
    for (const path of ['/verify', `/verify/${badge.id}`, `/verify/${randomUUID()}`]) {
      const { res, html } = await page(path);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
      expect(html).not.toMatch(/\sstyle="/);
      expect(html).not.toMatch(/\son[a-z]+="/);
      expect(html).not.toMatch(/(href|src)="(https?:)?\/\/(?!brevet\.test|brevet\.example|joint-research-centre)/);
    }
  });

  it('serves its own stylesheet and script, cached for good under a content hash', async () => {
    const { html } = await page('/verify');
    const css = /href="(\/assets\/site\.[0-9a-f]+\.css)"/.exec(html)?.[1];
    const js = /src="(\/assets\/site\.[0-9a-f]+\.js)"/.exec(html)?.[1];
    expect(css).toBeDefined();
    expect(js).toBeDefined();
    const cssRes = await app.request(css!);
    expect(cssRes.status).toBe(200);
    expect(cssRes.headers.get('content-type')).toMatch(/^text\/css/);
    expect(cssRes.headers.get('cache-control')).toContain('immutable');
    expect(await cssRes.text()).toContain('@media print');
    expect((await app.request(js!)).headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await app.request('/assets/site.000000000000.css')).status).toBe(404);
  });

  it('leaves the JSON API as it was (problem+json, no page CSP)', async () => {
    const res = await app.request('/credentials/nope/nope');
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    expect(res.headers.get('content-security-policy')).toBeNull();
  });
});

describe('rate limit', () => {
  it('answers 429 with the page layout and Retry-After once a caller checks too many badges', async () => {
    const limited = new Hono<AppEnv>();
    limited.use(async (c, next) => {
      c.set('deps', deps);
      await next();
    });
    limited.route('/verify', verifyPages({ limit: { name: `verify-page-test-${randomUUID()}`, max: 2, windowSeconds: 60 } }));
    const badge = await issueBadge(app, deps, token);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await limited.request(`/verify/${badge.id}?lang=en`)).status);
    expect(statuses).toEqual([200, 200, 429]);
    const res = await limited.request(`/verify/${badge.id}?lang=en`);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    const html = await res.text();
    expect(html).toContain('<h1>Too many checks</h1>');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    // The form itself stays available; only verifications count.
    expect((await limited.request('/verify')).status).toBe(200);
  });
});

describe('languages', () => {
  it('defaults to French, follows Accept-Language, and prefers the remembered cookie, then ?lang=', async () => {
    const french = await app.request('/verify');
    expect(await french.text()).toContain('<html lang="fr-BE">');

    const dutch = await app.request('/verify', { headers: { 'accept-language': 'nl-BE,nl;q=0.9,en;q=0.5' } });
    expect(await dutch.text()).toContain('<html lang="nl-BE">');
    const weighted = await app.request('/verify', { headers: { 'accept-language': 'es, en;q=0.4, de;q=0.8' } });
    expect(await weighted.text()).toContain('<html lang="de-BE">');

    const remembered = await app.request('/verify', { headers: { 'accept-language': 'nl', cookie: 'brevet_lang=de' } });
    expect(await remembered.text()).toContain('<html lang="de-BE">');

    const asked = await app.request('/verify?lang=nl', { headers: { cookie: 'brevet_lang=de' } });
    const html = await asked.text();
    expect(html).toContain('<html lang="nl-BE">');
    expect(html).toContain('Een badge controleren');
    expect(asked.headers.get('set-cookie')).toMatch(/^brevet_lang=nl;.*Max-Age=31536000.*Path=\/.*HttpOnly.*SameSite=Lax/);

    const unknown = await app.request('/verify?lang=xx', { headers: { cookie: 'brevet_lang=en' } });
    expect(await unknown.text()).toContain('<html lang="en-GB">');
    expect(unknown.headers.get('set-cookie')).toBeNull();
  });

  it('shows the language switch with the current language marked, keeping the page', async () => {
    const badge = await issueBadge(app, deps, token);
    const { html } = await page(`/verify/${badge.id}?lang=de`);
    expect(html).toContain('Gültig');
    expect(html).toContain(`href="/verify/${badge.id}?lang=de" lang="de" hreflang="de" aria-current="true"`);
    expect(html).toContain(`href="/verify/${badge.id}?lang=fr"`);
    expect(html).toContain(formatDate('de', badge.vc.validFrom));
    expect(html).toContain('Nicht widerrufen');
  });

  it('translates the checks and outcome in each language', async () => {
    const badge = await issueBadge(app, deps, token);
    await revokeBadge(app, token, badge);
    const expected = { fr: ['Non valide', "L&#39;émetteur l&#39;a révoqué."], nl: ['Niet geldig', 'De uitgever heeft hem ingetrokken.'], de: ['Nicht gültig', 'Der Aussteller hat ihn widerrufen.'], en: ['Not valid', 'The issuer has revoked it.'] };
    for (const [lang, texts] of Object.entries(expected)) {
      const { html } = await page(`/verify/${badge.id}?lang=${lang}`);
      for (const text of texts) expect(html).toContain(text);
    }
  });
});

describe('GET and POST /verify', () => {
  it('shows the form with labelled fields', async () => {
    const { res, html } = await page('/verify');
    expect(res.status).toBe(200);
    expect(html).toContain('<form method="post" action="/verify" enctype="multipart/form-data"');
    expect(html).toContain('<label for="credential">');
    expect(html).toContain('<label for="file">');
    expect(html).toMatch(/<textarea id="credential" name="credential"[^>]*aria-describedby="credential-hint"/);
  });

  it('verifies a pasted JSON-LD credential without storing it and names no holder', async () => {
    const badge = await issueBadge(app, deps, token);
    const before = await deps.db.selectFrom('credentials').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    const res = await postForm({ credential: JSON.stringify(badge.vc, null, 2) });
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('Valid');
    expect(html).toContain('it is not stored by Brevet');
    expect(html).toContain('the holder is identified only by a hashed email address');
    expect(html).not.toContain('og:url');
    const after = await deps.db.selectFrom('credentials').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('verifies an uploaded file and a pasted OB 3.0 JWT', async () => {
    const badge = await issueBadge(app, deps, token);
    const file = await postForm({ credential: '', file: new File([JSON.stringify(badge.vc)], 'badge.json', { type: 'application/json' }) });
    expect(file.status).toBe(200);
    expect(await file.text()).toContain('Valid');

    const unsigned = buildAchievementCredential(badgeInput(await issuerDid(deps), { id: `urn:uuid:${randomUUID()}`, validFrom: new Date(Date.now() - 3600_000), credentialStatus: undefined }));
    const jwt = await signCredentialJwt(unsigned, (await activeSigningKey(deps)).key);
    const pasted = await postForm({ credential: `  ${jwt}\n` });
    const html = await pasted.text();
    expect(pasted.status).toBe(200);
    expect(html).toContain('Valid');
    expect(html).toContain('JWT (JSON Web Token)');
    expect(checkStatus(html, 'signature')).toBe('passed');
  });

  it('shows a tampered credential as not valid with the signature check failed', async () => {
    const badge = await issueBadge(app, deps, token);
    const tampered = structuredClone(badge.vc);
    tampered.credentialSubject.result[0].value = '100';
    const res = await postForm({ credential: JSON.stringify(tampered) });
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('Not valid');
    expect(html).toContain('Its signature does not match');
    expect(checkStatus(html, 'signature')).toBe('failed');
  });

  it('shows crafted markup in a presented credential as text', async () => {
    const did = await issuerDid(deps);
    const input = badgeInput(did);
    // Signed by us on a client's request: the issuer's url is a javascript: URL, which the page must not link.
    const badge = await issueBadge(app, deps, token, {
      issuer: { id: did, name: CRAFTED_MARKUP, url: 'javascript:alert(1)' },
      achievement: { ...input.achievement, name: CRAFTED_MARKUP },
    });
    const presented = badge.vc;
    const res = await postForm({ credential: JSON.stringify(presented) });
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;');
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain('javascript:alert(1)');
    expect(checkStatus(html, 'signature')).toBe('passed');
  });

  it('gives the form back with a clear error and 400 for input that is not a credential', async () => {
    const cases: Array<[Record<string, string | Blob>, string, number]> = [
      [{ credential: '' }, 'Paste the badge text or choose a file.', 400],
      [{ credential: '{"@context": oops' }, 'This text is not valid JSON.', 400],
      [{ credential: 'hello, I am a badge' }, 'This text is neither JSON nor a JWT.', 400],
      [{ credential: '{"name": "not a credential"}' }, 'This is JSON, but not a verifiable credential.', 400],
      [{ credential: '[1, 2, 3]' }, 'This is JSON, but not a verifiable credential.', 400],
      [{ credential: '', file: new File([new Uint8Array([0xff, 0xfe, 0x00, 0xc3])], 'badge.png') }, 'This file could not be read as text.', 400],
    ];
    for (const [fields, message, status] of cases) {
      const res = await postForm(fields);
      const html = await res.text();
      expect(res.status, message).toBe(status);
      expect(html).toContain(message);
      expect(html).toContain('There is a problem');
      expect(html).toContain('<form method="post"');
    }
    const kept = await (await postForm({ credential: '{"<b>kept</b>": oops' })).text();
    expect(kept).toContain('{&quot;&lt;b&gt;kept&lt;/b&gt;&quot;: oops</textarea>');
  });

  it('refuses a credential over 1 MB with the form and a clear message', async () => {
    const big = JSON.stringify({ padding: 'x'.repeat(1024 * 1024 + 10) });
    const pasted = await postForm({ credential: big });
    expect(pasted.status).toBe(413);
    const html = await pasted.text();
    expect(html).toContain('This is too large: a badge is at most 1 MB.');
    expect(html).not.toContain('xxxxxxxxxx');
    const file = await postForm({ credential: '', file: new File([big], 'big.json') });
    expect(file.status).toBe(413);
    const huge = await postForm({ credential: 'x'.repeat(2 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    expect(await huge.text()).toContain('This is too large');
  });
});
