import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../services/app.ts';
import { startSmtpSink } from '../../services/email/smtp-sink.ts';
import { hashSignInToken } from '../../services/identity/sign-in.usecases.ts';
import { dispatchOutbox } from '../../services/shared/outbox.ts';
import { startWorkers } from '../../workers/main.ts';
import { createTestDeps } from '../helpers/deps.ts';
import { readJson } from '../helpers/http.ts';
import { buildPerson, jsonRequest } from './factories.ts';

const sink = await startSmtpSink();
afterAll(() => sink.close());
const deps = createTestDeps({ config: { SMTP_URL: sink.url, PUBLIC_URL: 'https://brevet.example.be' } });
const app = createApp(deps);

/** Requests come from this socket address, so each test can have its own per-IP budget. */
function fromIp(ip: string) {
  return { incoming: { socket: { remoteAddress: ip, remotePort: 40000, remoteFamily: 'IPv4' } } };
}

function askForLink(body: unknown, ip = '198.51.100.1') {
  return app.request('/api/v1/auth/sign-in-links', jsonRequest('POST', body), fromIp(ip));
}

function exchange(token: string, target = app) {
  return target.request('/api/v1/auth/sessions', jsonRequest('POST', { token }));
}

/** A token stored as the sign-in use case stores it (hash only). */
async function storedToken(personId: string, expiresAt = new Date(Date.now() + 15 * 60_000)): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await deps.db.insertInto('sign_in_tokens').values({ person_id: personId, token_hash: hashSignInToken(token), expires_at: expiresAt }).execute();
  return token;
}

describe('passwordless sign-in', () => {
  it('emails a link through the real email worker, and the link signs the person in', async () => {
    const person = await buildPerson(deps, { locale: 'nl', displayName: 'Joke Janssens', roles: ['learner', 'manager'] });
    const running = await startWorkers(deps, ['email']);
    try {
      const res = await askForLink({ email: person.email.toUpperCase() }, '198.51.100.10');
      expect(res.status).toBe(202);
      await dispatchOutbox(deps.db, deps.queues);
      const mail = await sink.waitFor((m) => m.to.includes(person.email));
      expect(mail.subject).toBe('Uw aanmeldlink voor Brevet');
      const link = /https:\/\/brevet\.example\.be\/sign-in\/callback\?token=([A-Za-z0-9_-]+)/.exec(mail.text);
      expect(link).not.toBeNull();
      const token = link![1]!;
      const stored = await deps.db.selectFrom('sign_in_tokens').selectAll().where('person_id', '=', person.id).executeTakeFirstOrThrow();
      expect(stored.token_hash).toBe(hashSignInToken(token));
      expect(stored.token_hash).not.toContain(token);

      const session = await exchange(token);
      expect(session.status).toBe(201);
      const body = await readJson(session);
      expect(body).toMatchObject({ tokenType: 'Bearer', expiresIn: 3600, person: { id: person.id, roles: ['learner', 'manager'] } });
      const me = await app.request('/api/v1/me', { headers: { authorization: `Bearer ${body.accessToken}` } });
      expect(me.status).toBe(200);
      expect(await readJson(me)).toMatchObject({ id: person.id, email: person.email, displayName: 'Joke Janssens', locale: 'nl' });
    } finally {
      await running.close();
    }
  });

  it('gives an unknown address the same answer, and sends nothing', async () => {
    const known = await buildPerson(deps);
    const knownBody = await readJson(await askForLink({ email: known.email }, '198.51.100.20'));
    const res = await askForLink({ email: 'nobody@nowhere.example.be' }, '198.51.100.20');
    expect(res.status).toBe(202);
    expect(await readJson(res)).toEqual(knownBody);
    const emails = await deps.db.selectFrom('emails').select('id').where('to_address', '=', 'nobody@nowhere.example.be').execute();
    expect(emails).toEqual([]);
  });

  it('writes the link in the language asked for, when one is given', async () => {
    const person = await buildPerson(deps, { locale: 'fr' });
    await askForLink({ email: person.email, locale: 'de' }, '198.51.100.21');
    const email = await deps.db.selectFrom('emails').selectAll().where('person_id', '=', person.id).executeTakeFirstOrThrow();
    expect(email).toMatchObject({ locale: 'de', template: 'sign-in-link', status: 'queued' });
    expect(email.data).not.toHaveProperty('link');
  });

  it('accepts a token once, even when two exchanges race', async () => {
    const person = await buildPerson(deps);
    const token = await storedToken(person.id);
    const statuses = (await Promise.all([exchange(token), exchange(token)])).map((r) => r.status).sort();
    expect(statuses).toEqual([201, 401]);
    const again = await exchange(token);
    expect(again.status).toBe(401);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    expect(await readJson(again)).toMatchObject({ code: 'auth.invalid_sign_in_token' });
  });

  it('refuses an expired token and an unknown one with the same error', async () => {
    const person = await buildPerson(deps);
    const token = await storedToken(person.id);
    const later = createTestDeps({ config: { SMTP_URL: sink.url }, clock: { now: () => new Date(Date.now() + 16 * 60_000) } });
    const expired = await exchange(token, createApp(later));
    expect(expired.status).toBe(401);
    expect((await readJson(expired)).code).toBe('auth.invalid_sign_in_token');
    const unknown = await exchange(randomBytes(32).toString('base64url'));
    expect((await readJson(unknown)).code).toBe('auth.invalid_sign_in_token');
    // The expired token was not spent by the failed attempt either.
    const row = await deps.db.selectFrom('sign_in_tokens').select('used_at').where('token_hash', '=', hashSignInToken(token)).executeTakeFirstOrThrow();
    expect(row.used_at).toBeNull();
  });

  it('limits requests per address, known or not', async () => {
    const person = await buildPerson(deps);
    for (let i = 0; i < 5; i++) expect((await askForLink({ email: person.email }, `198.51.100.${100 + i}`)).status).toBe(202);
    const limited = await askForLink({ email: person.email }, '198.51.100.110');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toContain('application/problem+json');
    expect(await readJson(limited)).toMatchObject({ code: 'request.rate_limited', status: 429 });
    const emails = await deps.db.selectFrom('emails').select('id').where('person_id', '=', person.id).execute();
    expect(emails).toHaveLength(5);
  });

  it('limits requests per IP, whatever the address', async () => {
    for (let i = 0; i < 30; i++) expect((await askForLink({ email: `probe-${i}@example.be` }, '203.0.113.9')).status).toBe(202);
    expect((await askForLink({ email: 'probe-31@example.be' }, '203.0.113.9')).status).toBe(429);
    expect((await askForLink({ email: 'probe-31@example.be' }, '203.0.113.10')).status).toBe(202);
  });

  it('answers bad input with problem+json and changes nothing', async () => {
    const before = await deps.db.selectFrom('sign_in_tokens').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    for (const body of [{ email: 'not-an-address' }, { email: 'a@b.be', locale: 'es' }, { email: 'a@b.be', extra: true }, {}]) {
      const res = await askForLink(body, '198.51.100.200');
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect((await readJson(res)).code).toBe('request.invalid');
    }
    const bad = await app.request('/api/v1/auth/sessions', jsonRequest('POST', { token: 123 }));
    expect(bad.status).toBe(400);
    const malformed = await app.request('/api/v1/auth/sessions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect((await readJson(malformed)).code).toBe('request.malformed_json');
    const after = await deps.db.selectFrom('sign_in_tokens').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });
});
