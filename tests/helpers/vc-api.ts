import type { Hono } from 'hono';
import { createApiClient, type ClientScope } from '../../services/clients/clients.usecases.ts';
import type { Deps } from '../../services/deps.ts';
import { signAccessToken } from '../../services/shared/auth.ts';
import { readJson } from './http.ts';

/** A real API client and its bearer token, obtained through the token endpoint. */
export async function clientToken(app: Hono<any>, deps: Deps, scopes?: ClientScope[]): Promise<string> {
  const client = await createApiClient(deps, { name: 'test client', scopes, actor: { kind: 'system' } });
  const res = await app.request('/oauth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret }).toString(),
  });
  if (res.status !== 200) throw new Error(`token endpoint answered ${res.status}`);
  return (await readJson(res)).access_token;
}

/** A session token for a person with the given roles (what the sign-in flow hands out). */
export function personToken(deps: Deps, roles: Array<'learner' | 'manager' | 'facilitator' | 'assessor' | 'admin'>, id = '00000000-0000-4000-8000-000000000001') {
  return signAccessToken(deps.secrets.sessionKey, { kind: 'person', id, roles, organisationId: null }, { ttlSeconds: 600, now: new Date() });
}

export function postJson(app: Hono<any>, path: string, body: unknown, token?: string) {
  return app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
}
