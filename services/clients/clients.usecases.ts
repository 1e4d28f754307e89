import { randomBytes } from 'node:crypto';
import type { Deps } from '../deps.ts';
import { recordAudit, type Actor } from '../audit/audit.repository.ts';
import { signAccessToken } from '../shared/auth.ts';
import { clientErrors } from './clients.errors.ts';
import { clientsRepository } from './clients.repository.ts';
import { hashSecret, verifySecret } from './secret-hash.ts';

/** What an API client may be granted: issuing credentials, changing their status, reporting learning (xAPI). */
export const CLIENT_SCOPES = ['credentials:issue', 'credentials:status', 'learning:report'] as const;
export type ClientScope = (typeof CLIENT_SCOPES)[number];

export const ACCESS_TOKEN_TTL_SECONDS = 3600;

/**
 * Creates an API client and returns its secret, which is shown once and
 * stored only as a hash.
 */
export async function createApiClient(
  { db }: Pick<Deps, 'db'>,
  input: { name: string; scopes?: readonly ClientScope[]; actor: Actor },
): Promise<{ clientId: string; clientSecret: string; scopes: ClientScope[] }> {
  const clientId = `brevet_${randomBytes(9).toString('base64url')}`;
  const clientSecret = randomBytes(32).toString('base64url');
  const scopes = [...(input.scopes ?? ['credentials:issue', 'credentials:status'])];
  const secretHash = await hashSecret(clientSecret);
  await db.transaction().execute(async (trx) => {
    await clientsRepository(trx).insert({ id: clientId, name: input.name, secretHash, scopes });
    await recordAudit(trx, { actor: input.actor, action: 'api_client.created', subjectType: 'api_client', subjectId: clientId, details: { name: input.name, scopes } });
  });
  return { clientId, clientSecret, scopes };
}

/**
 * The OAuth 2.0 client-credentials grant: a client proves its secret and gets
 * a short-lived bearer token carrying its scopes (all of them, or the requested subset).
 */
export async function exchangeClientCredentials(
  deps: Pick<Deps, 'db' | 'secrets' | 'clock'>,
  input: { grantType: string; clientId: string; clientSecret: string; scope?: string },
): Promise<{ access_token: string; token_type: 'Bearer'; expires_in: number; scope: string }> {
  if (input.grantType !== 'client_credentials') throw clientErrors.unsupportedGrantType(`grant_type "${input.grantType}" is not supported`);
  const client = await clientsRepository(deps.db).findActive(input.clientId);
  // The same answer for an unknown client and a wrong secret, so ids cannot be probed.
  if (!client || !(await verifySecret(input.clientSecret, client.secret_hash))) throw clientErrors.invalidClient();
  const requested = input.scope?.split(' ').filter(Boolean);
  const scopes = requested?.length ? requested : client.scopes;
  const notGranted = scopes.filter((s) => !client.scopes.includes(s));
  if (notGranted.length) throw clientErrors.invalidScope(`Not granted: ${notGranted.join(' ')}`);
  const accessToken = await signAccessToken(
    deps.secrets.sessionKey,
    { kind: 'client', id: client.id, scopes },
    { ttlSeconds: ACCESS_TOKEN_TTL_SECONDS, now: deps.clock.now() },
  );
  return { access_token: accessToken, token_type: 'Bearer', expires_in: ACCESS_TOKEN_TTL_SECONDS, scope: scopes.join(' ') };
}
