// Page sessions: renewed while the person is active, ended by an hour idle or twelve hours after the sign-in.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../services/app.ts';
import { peopleRepository, signInTokensRepository } from '../../services/identity/identity.repository.ts';
import { hashSignInToken, renewSession } from '../../services/identity/sign-in.usecases.ts';
import { SESSION_COOKIE } from '../../web/pages/session.ts';
import { createTestDeps } from '../helpers/deps.ts';
import { buildPerson } from '../helpers/factories.ts';
import { PageClient } from './learn-helpers.ts';

const MINUTE = 60_000;
const clock = { at: Date.now(), now() { return new Date(this.at); } };
const deps = createTestDeps({ clock, config: { PUBLIC_URL: 'https://brevet.test' } });
const app = createApp(deps);

function claims(token: string): { sid?: string; auth_time?: number; exp: number } {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
}

/** A person signed in through the emailed link at the clock's current time. */
async function signedIn(): Promise<{ client: PageClient; personId: string }> {
  clock.at = Date.now();
  const person = await buildPerson(deps.db);
  const token = randomBytes(32).toString('base64url');
  await signInTokensRepository(deps.db).insert({ personId: person.id, tokenHash: hashSignInToken(token), expiresAt: new Date(clock.at + 15 * MINUTE) });
  const client = new PageClient(app);
  await client.get('/sign-in?lang=en');
  expect((await client.post('/sign-in/callback', { token })).res.status).toBe(303);
  return { client, personId: person.id };
}

const sessionCookieSet = (res: Response) => res.headers.getSetCookie().some((line) => line.startsWith(`${SESSION_COOKIE}=`));

describe('page sessions', () => {
  it('renews a session with less than half an hour left, as the same session: same id and sign-in time, same CSRF token', async () => {
    const { client } = await signedIn();
    const first = client.cookies.get(SESSION_COOKIE)!;
    expect(claims(first).sid).toMatch(/^[0-9a-f-]{36}$/);
    const early = await client.get('/learn?lang=en');
    expect(early.res.status).toBe(200);
    expect(sessionCookieSet(early.res)).toBe(false); // 50 minutes left: not due
    const csrf = client.csrf;
    clock.at += 40 * MINUTE;
    const later = await client.get('/learn?lang=en');
    expect(later.res.status).toBe(200);
    expect(sessionCookieSet(later.res)).toBe(true);
    const second = client.cookies.get(SESSION_COOKIE)!;
    expect(second).not.toBe(first);
    expect(claims(second)).toMatchObject({ sid: claims(first).sid, auth_time: claims(first).auth_time, exp: Math.floor(clock.at / 1000) + 3600 });
    expect(client.csrf).toBe(csrf);
    // A form rendered before the renewal (another tab) still posts.
    const out = await client.post('/sign-out', {}, { csrf });
    expect(out.res.status).toBe(303);
    expect(client.cookies.has(SESSION_COOKIE)).toBe(false);
  });

  it('ends after an hour without a page, and twelve hours after the sign-in however active', async () => {
    const idle = await signedIn();
    clock.at += 61 * MINUTE;
    expect((await idle.client.get('/learn')).res.headers.get('location')).toBe('/sign-in?next=%2Flearn');

    const active = await signedIn();
    const signedInAt = clock.at;
    let lastSignedIn = signedInAt;
    while (clock.at < signedInAt + 13 * 60 * MINUTE) {
      clock.at += 20 * MINUTE;
      const page = await active.client.get('/learn');
      if (page.res.status !== 200) break;
      lastSignedIn = clock.at;
    }
    expect(lastSignedIn).toBeGreaterThanOrEqual(signedInAt + 11 * 60 * MINUTE);
    expect(lastSignedIn).toBeLessThanOrEqual(signedInAt + 12 * 60 * MINUTE);
    expect((await active.client.get('/learn')).res.status).toBe(303);
  });

  it('never renews a copy of a signed-out session: the copy ends at its own expiry at the latest', async () => {
    const { client } = await signedIn();
    const copy = new PageClient(app);
    copy.cookies.set(SESSION_COOKIE, client.cookies.get(SESSION_COOKIE)!);
    await client.get('/learn?lang=en');
    expect((await client.post('/sign-out')).res.status).toBe(303);
    clock.at += 10 * MINUTE;
    expect((await copy.get('/learn')).res.status).toBe(200); // a stateless token: valid until it expires, as before
    clock.at += 30 * MINUTE;
    const due = await copy.get('/learn');
    expect(due.res.status).toBe(303);
    expect(copy.cookies.has(SESSION_COOKIE)).toBe(false);
  });

  it('renews with the person read again: changed roles apply, an erased person gets no new token', async () => {
    const person = await buildPerson(deps.db, { roles: ['learner'] });
    clock.at = Date.now();
    const now = Math.floor(clock.at / 1000);
    const session = { id: 'session-under-test', authTime: now - 3600 };
    expect(await renewSession(deps, { personId: person.id, expiresAt: now + 31 * 60, session })).toBe('not-due');
    expect(await renewSession(deps, { personId: person.id, expiresAt: now + 10 * 60 })).toBe('not-due'); // a token without a sign-in record
    expect(await renewSession(deps, { personId: person.id, expiresAt: now + 10 * 60, session: { ...session, authTime: now - 11 * 3600 - 1 } })).toBe('not-due');
    await deps.db.updateTable('people').set({ roles: ['learner', 'admin'] }).where('id', '=', person.id).execute();
    const renewed = await renewSession(deps, { personId: person.id, expiresAt: now + 10 * 60, session });
    if (typeof renewed === 'string') throw new Error(`expected a renewal, got ${renewed}`);
    expect(renewed.principal.roles).toEqual(['learner', 'admin']);
    expect(claims(renewed.accessToken)).toMatchObject({ sid: 'session-under-test', auth_time: session.authTime, exp: now + 3600 });
    await peopleRepository(deps.db).erase(person.id);
    expect(await renewSession(deps, { personId: person.id, expiresAt: now + 10 * 60, session })).toBe('ended');
  });
});
