import { describe, expect, it } from 'vitest';
import { createApp } from '../../services/app.ts';
import { createApiClient } from '../../services/clients/clients.usecases.ts';
import { verifyAccessToken } from '../../services/shared/auth.ts';
import { createTestDeps, testSecrets } from '../helpers/deps.ts';
import { readJson } from '../helpers/http.ts';

const deps = createTestDeps();
const app = createApp(deps);
const client = await createApiClient(deps, { name: 'Test LMS', actor: { kind: 'system' } });

function tokenRequest(fields: Record<string, string>, headers: Record<string, string> = {}) {
  return app.request('/oauth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

describe('POST /oauth/token (client credentials)', () => {
  it('exchanges a client id and secret sent as form fields for a bearer token', async () => {
    const res = await tokenRequest({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret, audience: 'undefined' });
    expect(res.status).toBe(200);
    const body = await readJson(res);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'credentials:issue credentials:status' });
    const principal = await verifyAccessToken(testSecrets.sessionKey, body.access_token, new Date());
    expect(principal).toEqual({ kind: 'client', id: client.clientId, scopes: ['credentials:issue', 'credentials:status'] });
  });

  it('accepts HTTP Basic client authentication and a narrower scope', async () => {
    const basic = Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64');
    const res = await tokenRequest({ grant_type: 'client_credentials', scope: 'credentials:issue' }, { authorization: `Basic ${basic}` });
    expect(res.status).toBe(200);
    expect((await readJson(res)).scope).toBe('credentials:issue');
  });

  it('refuses a wrong secret and an unknown client alike', async () => {
    for (const fields of [
      { client_id: client.clientId, client_secret: 'wrong' },
      { client_id: 'brevet_unknown', client_secret: client.clientSecret },
    ]) {
      const res = await tokenRequest({ grant_type: 'client_credentials', ...fields });
      expect(res.status).toBe(401);
      expect(await readJson(res)).toMatchObject({ code: 'oauth.invalid_client', error: 'invalid_client' });
    }
  });

  it('refuses other grants and scopes the client does not hold', async () => {
    const grant = await tokenRequest({ grant_type: 'password', client_id: client.clientId, client_secret: client.clientSecret });
    expect(grant.status).toBe(400);
    expect((await readJson(grant)).error).toBe('unsupported_grant_type');
    const scope = await tokenRequest({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret, scope: 'learning:report' });
    expect(scope.status).toBe(400);
    expect((await readJson(scope)).code).toBe('oauth.invalid_scope');
  });

  it('stores only a hash of the secret and audits the creation', async () => {
    const row = await deps.db.selectFrom('api_clients').selectAll().where('id', '=', client.clientId).executeTakeFirstOrThrow();
    expect(row.secret_hash).not.toContain(client.clientSecret);
    expect(row.secret_hash).toMatch(/^scrypt\$/);
    const audit = await deps.db.selectFrom('audit_events').selectAll().where('subject_id', '=', client.clientId).execute();
    expect(audit.map((a) => a.action)).toEqual(['api_client.created']);
  });
});
