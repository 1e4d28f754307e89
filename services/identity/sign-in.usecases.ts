import { createHash, randomBytes } from 'node:crypto';
import type { Locale } from '../db/schema/foundation.ts';
import type { Deps } from '../deps.ts';
import { queueEmail } from '../email/email.usecases.ts';
import { signAccessToken } from '../shared/auth.ts';
import { publicBaseUrl } from '../shared/urls.ts';
import { identityErrors } from './identity.errors.ts';
import { peopleRepository, signInTokensRepository } from './identity.repository.ts';
import { personView } from './identity.views.ts';
import { hitRateLimit, type RateLimit } from '../shared/rate-limit.ts';

export const SIGN_IN_TOKEN_TTL_MINUTES = 15;
export const SESSION_TTL_SECONDS = 3600;
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
  const accessToken = await signAccessToken(
    deps.secrets.sessionKey,
    { kind: 'person', id: person.id, roles: person.roles, organisationId: person.organisation_id },
    { ttlSeconds: SESSION_TTL_SECONDS, now },
  );
  return { accessToken, tokenType: 'Bearer' as const, expiresIn: SESSION_TTL_SECONDS, person: personView(person) };
}
