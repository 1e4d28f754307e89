import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Locale } from '../db/schema/foundation.ts';
import type { Deps } from '../deps.ts';
import { queueEmail } from '../email/email.usecases.ts';
import { signAccessToken, type Principal, type SignInSession } from '../shared/auth.ts';
import { publicBaseUrl } from '../shared/urls.ts';
import { identityErrors } from './identity.errors.ts';
import { peopleRepository, signInTokensRepository, type PersonRow } from './identity.repository.ts';
import { personView } from './identity.views.ts';
import { hitRateLimit, type RateLimit } from '../shared/rate-limit.ts';

export const SIGN_IN_TOKEN_TTL_MINUTES = 15;
export const SESSION_TTL_SECONDS = 3600;
/** A page session with less than this left is renewed by the next page (an hour idle ends it; activity keeps it). */
export const SESSION_RENEW_WITHIN_SECONDS = 30 * 60;
/** However active, a session ends this long after its sign-in: then a new sign-in link is needed. */
export const SESSION_MAX_SECONDS = 12 * 3600;
/** Per address: a person who lost a few links can ask again; a flood of mail to one inbox cannot happen. */
export const SIGN_IN_LIMIT_PER_ADDRESS: RateLimit = { name: 'sign-in-address', max: 5, windowSeconds: 15 * 60 };
/** Per IP: generous enough for a shared municipal network, low enough to stop address probing. */
export const SIGN_IN_LIMIT_PER_IP: RateLimit = { name: 'sign-in-ip', max: 30, windowSeconds: 15 * 60 };

export function hashSignInToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Emails a one-time sign-in link to a known, not erased person. The answer is
 * the same whether or not the address is known, so accounts cannot be
 * enumerated; both address and IP are rate limited either way. Only the
 * token's hash is stored; the link in the email row is sealed.
 */
export async function requestSignInLink(
  deps: Pick<Deps, 'db' | 'redis' | 'queues' | 'config' | 'secrets' | 'clock' | 'logger'>,
  input: { email: string; locale?: Locale; ip: string },
): Promise<void> {
  await hitRateLimit(deps.redis, deps.config.QUEUE_PREFIX, SIGN_IN_LIMIT_PER_IP, input.ip);
  await hitRateLimit(deps.redis, deps.config.QUEUE_PREFIX, SIGN_IN_LIMIT_PER_ADDRESS, input.email.toLowerCase());
  const person = await peopleRepository(deps.db).findActiveByEmail(input.email);
  if (!person) return;
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(deps.clock.now().getTime() + SIGN_IN_TOKEN_TTL_MINUTES * 60_000);
  const link = `${publicBaseUrl(deps.config)}/sign-in/callback?token=${token}`;
  await deps.db.transaction().execute(async (trx) => {
    await signInTokensRepository(trx).insert({ personId: person.id, tokenHash: hashSignInToken(token), expiresAt });
    await queueEmail(trx, {
      to: person.email,
      locale: input.locale ?? person.locale,
      template: 'sign-in-link',
      data: { displayName: person.display_name, link, expiresInMinutes: SIGN_IN_TOKEN_TTL_MINUTES },
      personId: person.id,
      seal: { keyEncryptionKey: deps.secrets.keyEncryptionKey, fields: ['link'] },
    });
  });
  // Not awaited: the answer must not wait on Redis (nor take longer for a known address); the sweep catches up.
}

/**
 * Exchanges a sign-in token for a session (a short-lived access token). The
 * token is spent in the statement that checks it, so it works exactly once,
 * even when two exchanges race.
 */
export async function exchangeSignInToken(deps: Pick<Deps, 'db' | 'secrets' | 'clock'>, input: { token: string }) {
  const now = deps.clock.now();
  const personId = await signInTokensRepository(deps.db).spend(hashSignInToken(input.token), now);
  if (!personId) throw identityErrors.invalidSignInToken();
  const person = await peopleRepository(deps.db).findById(personId);
  if (!person || person.erased_at) throw identityErrors.invalidSignInToken();
  const { accessToken } = await sessionToken(deps, person, { id: randomUUID(), authTime: Math.floor(now.getTime() / 1000) }, now);
  return { accessToken, tokenType: 'Bearer' as const, expiresIn: SESSION_TTL_SECONDS, person: personView(person) };
}

/** A session token of a person as stored now (roles, organisation), for a sign-in session. */
async function sessionToken(deps: Pick<Deps, 'secrets'>, person: PersonRow, session: SignInSession, now: Date) {
  const principal = { kind: 'person' as const, id: person.id, roles: person.roles, organisationId: person.organisation_id };
  return { principal, accessToken: await signAccessToken(deps.secrets.sessionKey, principal, { ttlSeconds: SESSION_TTL_SECONDS, now, session }) };
}

/**
 * A new token for the same sign-in session when the current one is close to its end: the
 * person read again (an erased person gets none; changed roles apply from now), the session id
 * and sign-in time kept. 'ended' for a session signed out (endSession) or an erased person;
 * 'not-due' when it is not due, has no sign-in record (tokens from before sessions were
 * renewable), would outlive SESSION_MAX_SECONDS, or Redis cannot say whether it was signed out.
 */
export async function renewSession(
  deps: Pick<Deps, 'db' | 'redis' | 'config' | 'secrets' | 'clock'>,
  current: { personId: string; expiresAt: number; session?: SignInSession },
): Promise<{ accessToken: string; expiresIn: number; principal: Extract<Principal, { kind: 'person' }> } | 'not-due' | 'ended'> {
  const now = deps.clock.now();
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const { session } = current;
  if (!session || current.expiresAt - nowSeconds > SESSION_RENEW_WITHIN_SECONDS) return 'not-due';
  if (nowSeconds + SESSION_TTL_SECONDS > session.authTime + SESSION_MAX_SECONDS) return 'not-due';
  let signedOut: boolean;
  try {
    signedOut = (await deps.redis.exists(endedSessionKey(deps.config.QUEUE_PREFIX, session.id))) === 1;
  } catch {
    // Redis away: no renewal now (the token still ends at its own expiry), a page is not refused for it.
    return 'not-due';
  }
  if (signedOut) return 'ended';
  const person = await peopleRepository(deps.db).findById(current.personId);
  if (!person || person.erased_at) return 'ended';
  return { ...(await sessionToken(deps, person, session, now)), expiresIn: SESSION_TTL_SECONDS };
}

function endedSessionKey(prefix: string, sessionId: string): string {
  return `${prefix}:session-ended:${sessionId}`;
}

/**
 * Signing out: the session's token may have been copied, and a copy must not be renewed. The
 * session id is remembered as ended until the session could have lived no longer; the copy then
 * dies at its own expiry (at most SESSION_TTL_SECONDS), as before renewal existed.
 */
export async function endSession(deps: Pick<Deps, 'redis' | 'config' | 'clock'>, session: SignInSession): Promise<void> {
  const remaining = session.authTime + SESSION_MAX_SECONDS - Math.floor(deps.clock.now().getTime() / 1000);
  if (remaining <= 0) return;
  await deps.redis.set(endedSessionKey(deps.config.QUEUE_PREFIX, session.id), '1', 'EX', remaining);
}
