import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../services/app.ts';
import { signInTokensRepository } from '../../services/identity/identity.repository.ts';
import { hashSignInToken } from '../../services/identity/sign-in.usecases.ts';
import { createTestDeps } from '../helpers/deps.ts';
import { buildPerson } from '../helpers/factories.ts';
import { PageClient, visibleText } from './learn-helpers.ts';

const deps = createTestDeps({ config: { PUBLIC_URL: 'https://brevet.test' } });
const app = createApp(deps);

/** A sign-in token stored as requestSignInLink stores one (its hash), for a person. */
async function tokenFor(personId: string, expiresInMs = 15 * 60_000): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await signInTokensRepository(deps.db).insert({ personId, tokenHash: hashSignInToken(token), expiresAt: new Date(Date.now() + expiresInMs) });
  return token;
}

async function signInEmails(address: string): Promise<number> {
  const rows = await deps.db.selectFrom('emails').select('id').where('to_address', '=', address).where('template', '=', 'sign-in-link').execute();
  return rows.length;
}

describe('GET/POST /sign-in', () => {
  it('shows a labelled email field, keeping a local next= and dropping an off-site one', async () => {
    const client = new PageClient(app);
    const { res, html } = await client.get('/sign-in?lang=en&next=%2Flearn%2Fbadges');
    expect(res.status).toBe(200);
    expect(html).toContain('<label for="email">Email address</label>');
    expect(html).toContain('name="next" value="/learn/badges"');
    for (const next of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
      const page = await client.get(`/sign-in?lang=en&next=${encodeURIComponent(next)}`);
      expect(page.html).not.toContain('name="next"');
    }
  });

  it('answers the same "check your mailbox" page for a known and an unknown address, and mails only the known one', async () => {
    const known = await buildPerson(deps.db, { email: `known-${Date.now()}@example.be` });
    const unknown = `nobody-${Date.now()}@example.be`;
    const client = new PageClient(app);
    await client.get('/sign-in?lang=en');
    const a = await client.post('/sign-in', { email: known.email });
    const b = await client.post('/sign-in', { email: unknown });
    expect(a.res.status).toBe(200);
    expect(b.res.status).toBe(200);
    expect(visibleText(a.html).replace(known.email, 'X')).toBe(visibleText(b.html).replace(unknown, 'X'));
    expect(visibleText(a.html)).toContain('Check your mailbox');
    expect(await signInEmails(known.email)).toBe(1);
    expect(await signInEmails(unknown)).toBe(0);
  });

  it('re-renders the form with an error summary for a missing or malformed address (400)', async () => {
    const client = new PageClient(app);
    await client.get('/sign-in?lang=en');
    const empty = await client.post('/sign-in', { email: '' });
    expect(empty.res.status).toBe(400);
    expect(empty.html).toContain('class="error-summary"');
    expect(empty.html).toContain('href="#email"');
    const bad = await client.post('/sign-in', { email: 'not an address' });
    expect(bad.res.status).toBe(400);
    expect(bad.html).toContain('aria-invalid="true"');
    expect(bad.html).toContain('value="not an address"');
  });

  it('says politely when too many links were asked for one address (429 with Retry-After)', async () => {
    const person = await buildPerson(deps.db, { email: `busy-${Date.now()}@example.be` });
    const client = new PageClient(app);
    await client.get('/sign-in?lang=en');
    for (let i = 0; i < 5; i++) expect((await client.post('/sign-in', { email: person.email })).res.status).toBe(200);
    const refused = await client.post('/sign-in', { email: person.email });
    expect(refused.res.status).toBe(429);
    expect(Number(refused.res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(visibleText(refused.html)).toMatch(/Too many sign-in links were asked for\. Please wait \d+ minutes/);
  });

  it('refuses a form post without the CSRF field or from another origin (403), sending nothing', async () => {
    const person = await buildPerson(deps.db, { email: `csrf-${Date.now()}@example.be` });
    const client = new PageClient(app);
    await client.get('/sign-in?lang=en');
    expect((await client.post('/sign-in', { email: person.email }, { csrf: false })).res.status).toBe(403);
    expect((await client.post('/sign-in', { email: person.email }, { origin: 'https://evil.example' })).res.status).toBe(403);
    expect(await signInEmails(person.email)).toBe(0);
  });
});

describe('GET/POST /sign-in/callback', () => {
  it('does not spend the token on GET (mail scanners prefetch links): it shows a one-click form', async () => {
    const person = await buildPerson(deps.db);
    const token = await tokenFor(person.id);
    const client = new PageClient(app);
    for (let i = 0; i < 3; i++) {
      const { res, html } = await client.get(`/sign-in/callback?token=${token}&lang=en`);
      expect(res.status).toBe(200);
      expect(html).toContain(`name="token" value="${token}"`);
      expect(html).toContain('<form method="post" action="/sign-in/callback">');
      expect(res.headers.get('set-cookie') ?? '').not.toContain('brevet_session');
    }
    const row = await deps.db.selectFrom('sign_in_tokens').select('used_at').where('token_hash', '=', hashSignInToken(token)).executeTakeFirstOrThrow();
    expect(row.used_at).toBeNull();
  });

  it('spends the token on POST, sets an HttpOnly SameSite session cookie and goes to /learn; the link then works no more (401)', async () => {
    const person = await buildPerson(deps.db);
    const token = await tokenFor(person.id);
    const client = new PageClient(app);
    await client.get(`/sign-in/callback?token=${token}&lang=en`);
    const res = (await client.post('/sign-in/callback', { token })).res;
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/learn');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('brevet_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    const learn = await client.get('/learn?lang=en');
    expect(learn.res.status).toBe(200);
    expect(learn.html).toContain(person.display_name);
    const again = await new PageClient(app).post('/sign-in/callback', { token }, { csrf: client.csrf });
    expect([401, 403]).toContain(again.res.status);
    const fresh = new PageClient(app);
    await fresh.get(`/sign-in/callback?token=${token}&lang=en`);
    const spent = await fresh.post('/sign-in/callback', { token });
    expect(spent.res.status).toBe(401);
    expect(visibleText(spent.html)).toContain('This sign-in link cannot be used');
    expect(spent.html).toContain('href="/sign-in"');
  });

  it('answers 401 with a way to a new link for an unknown, expired or missing token', async () => {
    const person = await buildPerson(deps.db);
    const expired = await tokenFor(person.id, -60_000);
    const client = new PageClient(app);
    await client.get('/sign-in?lang=en');
    for (const token of ['nonsense', expired]) {
      const { res, html } = await client.post('/sign-in/callback', { token });
      expect(res.status).toBe(401);
      expect(html).toContain('Get a new sign-in link');
      expect(res.headers.get('set-cookie') ?? '').not.toContain('brevet_session=ey');
    }
    expect((await client.get('/sign-in/callback?lang=en')).res.status).toBe(401);
  });

  it('goes back to a local next= only; an off-site next= lands on /learn', async () => {
    const person = await buildPerson(deps.db);
    const client = new PageClient(app);
    await client.get('/sign-in?lang=en');
    const local = await client.post('/sign-in/callback', { token: await tokenFor(person.id), next: '/learn/badges' });
    expect(local.res.headers.get('location')).toBe('/learn/badges');
    for (const next of ['https://evil.example/', '//evil.example', '/\\evil.example']) {
      // The CSRF token follows the session, which the last sign-in replaced.
      await client.get('/sign-in');
      const res = (await client.post('/sign-in/callback', { token: await tokenFor(person.id), next })).res;
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/learn');
    }
  });

  it('remembers next= from the sign-in form until the emailed link is used in the same browser', async () => {
    const person = await buildPerson(deps.db, { email: `next-${Date.now()}@example.be` });
    const client = new PageClient(app);
    await client.get('/sign-in?lang=en&next=%2Flearn%2Fcatalogue');
    await client.post('/sign-in', { email: person.email, next: '/learn/catalogue' });
    const token = await tokenFor(person.id);
    const page = await client.get(`/sign-in/callback?token=${token}`);
    expect(page.html).toContain('name="next" value="/learn/catalogue"');
    const res = (await client.post('/sign-in/callback', { token, next: '/learn/catalogue' })).res;
    expect(res.headers.get('location')).toBe('/learn/catalogue');
  });

  it('refuses the callback post without the CSRF field or from another origin, leaving the token usable', async () => {
    const person = await buildPerson(deps.db);
    const token = await tokenFor(person.id);
    const client = new PageClient(app);
    await client.get(`/sign-in/callback?token=${token}`);
    expect((await client.post('/sign-in/callback', { token }, { csrf: false })).res.status).toBe(403);
    expect((await client.post('/sign-in/callback', { token }, { origin: 'https://evil.example' })).res.status).toBe(403);
    expect((await client.post('/sign-in/callback', { token })).res.status).toBe(303);
  });
});

describe('forms from our no-referrer pages', () => {
  it('accepts the Origin: null a browser sends under no-referrer only when Sec-Fetch-Site says same-origin and the token matches', async () => {
    const person = await buildPerson(deps.db);
    const token = await tokenFor(person.id);
    const client = new PageClient(app);
    await client.get(`/sign-in/callback?token=${token}`);
    const post = (headers: Record<string, string>, csrf = client.csrf) =>
      app.request('/sign-in/callback', { method: 'POST', body: new URLSearchParams({ csrf, token }), headers: { origin: 'null', ...headers } });
    expect((await post({})).status).toBe(403);
    expect((await post({ 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await post({ 'sec-fetch-site': 'same-origin' }, 'forged')).status).toBe(403);
    expect((await post({ 'sec-fetch-site': 'same-origin' })).status).toBe(303);
  });
});

describe('POST /sign-out and the header', () => {
  it('shows who is signed in with a sign-out button; signing out clears the session', async () => {
    const person = await buildPerson(deps.db, { displayName: 'Élise <Martin>' });
    const client = new PageClient(app);
    await client.get('/sign-in?lang=en');
    await client.post('/sign-in/callback', { token: await tokenFor(person.id) });
    const learn = await client.get('/learn?lang=en');
    expect(learn.html).toContain('Signed in as Élise &lt;Martin&gt;');
    expect(learn.html).toContain('action="/sign-out"');
    expect((await client.post('/sign-out', {}, { csrf: false })).res.status).toBe(403);
    expect((await client.get('/learn')).res.status).toBe(200);
    const out = await client.post('/sign-out');
    expect(out.res.status).toBe(303);
    expect(out.res.headers.get('location')).toBe('/sign-in?signed-out=1');
    expect(client.cookies.has('brevet_session')).toBe(false);
    const after = await client.get('/learn');
    expect(after.res.status).toBe(303);
    expect(after.res.headers.get('location')).toBe('/sign-in?next=%2Flearn');
  });
});
