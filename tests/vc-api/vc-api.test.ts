import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../services/app.ts';
import { issuerDid } from '../../services/issuer/issuer.usecases.ts';
import { createTestDeps } from '../helpers/deps.ts';
import { readJson } from '../helpers/http.ts';
import { clientToken, personToken, postJson } from '../helpers/vc-api.ts';

// did:web mode: a public host, so the issuer is did:web:brevet.test and our own DID and
// status lists are resolved from the store, never over the network.
const deps = createTestDeps({ config: { PUBLIC_URL: 'https://brevet.test' } });
const app = createApp(deps);
const token = await clientToken(app, deps);
const did = await issuerDid(deps);

function credential(extra: Record<string, unknown> = {}) {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/ns/credentials/examples/v2'],
    id: `urn:uuid:${randomUUID()}`,
    type: ['VerifiableCredential', 'ExampleCertificate'],
    issuer: did,
    validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: { id: 'did:example:learner', name: 'A learner' },
    ...extra,
  };
}

async function issue(body: unknown) {
  const res = await postJson(app, '/credentials/issue', body, token);
  return { res, body: await readJson(res) };
}

async function verify(vc: unknown) {
  const res = await postJson(app, '/credentials/verify', { verifiableCredential: vc });
  const body = await readJson(res);
  const checks = Object.fromEntries((body.checks ?? []).map((c: { name: string; status: string }) => [c.name, c.status]));
  return { status: res.status, body, checks };
}

describe('VC-API issue and verify', () => {
  it('issues with a did:web issuer and verifies the result', async () => {
    const { res, body } = await issue({ credential: credential() });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toMatch(/^\/credentials\/[0-9a-f-]{36}$/);
    const vc = body.verifiableCredential;
    expect(vc.proof[0]).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', proofPurpose: 'assertionMethod' });
    expect(vc.proof[0].verificationMethod).toMatch(/^did:web:brevet\.test#key-/);
    const result = await verify(vc);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ verified: true, outcome: 'valid', errors: [] });
    expect(result.checks.signature).toBe('passed');
  });

  it('refuses a credential naming another issuer', async () => {
    const { res, body } = await issue({ credential: credential({ issuer: 'did:example:someone-else' }) });
    expect(res.status).toBe(422);
    expect(body.code).toBe('credentials.issuer_mismatch');
  });

  it('refuses data-model violations that JSON-LD lets through, listing each', async () => {
    const { res, body } = await issue({
      credential: credential({ refreshService: { id: 'https://example.org/refresh' }, credentialSchema: [{ id: 'https://example.org/schema' }] }),
    });
    expect(res.status).toBe(422);
    expect(body.code).toBe('credentials.invalid');
    expect(body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['credential.refreshService[0].type', 'credential.credentialSchema[0].type']),
    );
  });

  it('refuses an undefined term (JSON-LD safe mode) with 422', async () => {
    const { res, body } = await issue({
      credential: { ...credential(), '@context': ['https://www.w3.org/ns/credentials/v2'], credentialSubject: { id: 'did:example:x', favouriteColour: 'blue' }, type: ['VerifiableCredential', 'Unmapped'] },
    });
    expect(res.status).toBe(422);
    expect(body.code).toBe('credentials.not_signable');
  });

  it('needs an API client with the issue scope', async () => {
    expect((await postJson(app, '/credentials/issue', { credential: credential() })).status).toBe(401);
    const statusOnly = await clientToken(app, deps, ['credentials:status']);
    expect((await postJson(app, '/credentials/issue', { credential: credential() }, statusOnly)).status).toBe(403);
    const learner = await personToken(deps, ['learner']);
    expect((await postJson(app, '/credentials/issue', { credential: credential() }, learner)).status).toBe(403);
  });

  it('reports a changed field as invalid with the signature check failed', async () => {
    const { body } = await issue({ credential: credential() });
    const tampered = structuredClone(body.verifiableCredential);
    tampered.credentialSubject.name = 'Someone else';
    const result = await verify(tampered);
    expect(result.status).toBe(400);
    expect(result.body).toMatchObject({ code: 'verification.invalid', verified: false, outcome: 'invalid' });
    expect(result.checks.signature).toBe('failed');
  });

  it('reports expired and not-yet-valid credentials as invalid with the date check named', async () => {
    const expired = (await issue({ credential: credential({ validFrom: '2020-01-01T00:00:00Z', validUntil: '2021-01-01T00:00:00Z' }) })).body.verifiableCredential;
    const early = (await issue({ credential: credential({ validFrom: '2099-01-01T00:00:00Z' }) })).body.verifiableCredential;
    const a = await verify(expired);
    expect(a.status).toBe(400);
    expect(a.checks.not_expired).toBe('failed');
    const b = await verify(early);
    expect(b.status).toBe(400);
    expect(b.checks.not_before).toBe('failed');
  });

  it('refuses a credential sent as JSON text in a string (only a compact JWT may be a string)', async () => {
    const { body } = await issue({ credential: credential() });
    const res = await postJson(app, '/credentials/verify', { verifiableCredential: JSON.stringify(body.verifiableCredential) });
    expect(res.status).toBe(400);
    expect((await readJson(res)).code).toBe('request.invalid');
  });
});

describe('status lists through the VC-API', () => {
  it('adds a BitstringStatusListEntry on request and reports revocation', async () => {
    const { body } = await issue({ credential: credential(), options: { credentialStatus: { type: 'BitstringStatusListEntry' } } });
    const vc = body.verifiableCredential;
    expect(vc.credentialStatus).toMatchObject({ type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListCredential: 'https://brevet.test/status/revocation-1' });
    expect(vc.credentialStatus.statusListIndex).toMatch(/^\d+$/);
    expect((await verify(vc)).checks.not_revoked).toBe('passed');

    const change = await postJson(app, '/credentials/status', { credentialId: vc.id, action: 'revoke', reason: 'issued in error' }, token);
    expect(change.status).toBe(200);
    const result = await verify(vc);
    expect(result.status).toBe(400);
    expect(result.checks.not_revoked).toBe('failed');

    const again = await postJson(app, '/credentials/status', { credentialId: vc.id, action: 'revoke', reason: 'twice' }, token);
    expect(again.status).toBe(409);
    expect((await readJson(again)).code).toBe('status.already_revoked');
  });

  it('keeps our verified list in memory while its version holds, and reloads it when a status changes', async () => {
    const { body } = await issue({ credential: credential(), options: { credentialStatus: { type: 'BitstringStatusListEntry' } } });
    const vc = body.verifiableCredential;
    expect((await verify(vc)).checks.not_revoked).toBe('passed');
    // Spoil the stored publication without changing its version: a verifier that re-read it would fail to verify it.
    const listId = String(vc.credentialStatus.statusListCredential).split('/').pop()!;
    await deps.db.updateTable('status_list_publications').set({ document: JSON.stringify({ spoiled: true }) }).where('list_id', '=', listId).execute();
    expect((await verify(vc)).checks.not_revoked).toBe('passed');
    // A revocation bumps the version: the list is published again, verified again, and the bit is seen at once.
    expect((await postJson(app, '/credentials/status', { credentialId: vc.id, action: 'revoke', reason: 'issued in error' }, token)).status).toBe(200);
    expect((await verify(vc)).checks.not_revoked).toBe('failed');
  });

  it('suspends and unsuspends, the verifier following each step', async () => {
    const { body } = await issue({
      credential: credential(),
      options: { credentialStatus: [{ type: 'BitstringStatusListEntry', statusPurpose: 'revocation' }, { type: 'BitstringStatusListEntry', statusPurpose: 'suspension' }] },
    });
    const vc = body.verifiableCredential;
    expect(vc.credentialStatus).toHaveLength(2);
    const admin = await personToken(deps, ['admin']);
    const id = (await deps.db.selectFrom('credentials').select('id').where('vc_id', '=', vc.id).executeTakeFirstOrThrow()).id;
    const path = `/api/v1/credentials/${id}/status-changes`;

    expect((await postJson(app, path, { action: 'suspend', reason: 'under review' }, admin)).status).toBe(200);
    const suspended = await verify(vc);
    expect(suspended.status).toBe(400);
    expect(suspended.checks.not_suspended).toBe('failed');
    expect(suspended.checks.not_revoked).toBe('passed');

    expect((await postJson(app, path, { action: 'unsuspend', reason: 'review closed' }, admin)).status).toBe(200);
    expect((await verify(vc)).status).toBe(200);
    expect((await postJson(app, path, { action: 'unsuspend', reason: 'again' }, admin)).status).toBe(409);

    const changes = await deps.db.selectFrom('status_changes').select(['action', 'reason', 'actor_kind']).where('credential_id', '=', id).orderBy('id').execute();
    expect(changes).toEqual([
      { action: 'suspend', reason: 'under review', actor_kind: 'person' },
      { action: 'unsuspend', reason: 'review closed', actor_kind: 'person' },
    ]);
  });

  it('lets only admins change a status through the API, and only with a reason', async () => {
    const path = `/api/v1/credentials/${randomUUID()}/status-changes`;
    expect((await postJson(app, path, { action: 'revoke', reason: 'x y z' })).status).toBe(401);
    expect((await postJson(app, path, { action: 'revoke', reason: 'x y z' }, await personToken(deps, ['assessor']))).status).toBe(403);
    const admin = await personToken(deps, ['admin']);
    expect((await postJson(app, path, { action: 'revoke' }, admin)).status).toBe(400);
    expect((await postJson(app, path, { action: 'revoke', reason: 'not ours' }, admin)).status).toBe(404);
  });

  it('gives could-not-check, never valid, when a status list cannot be read', async () => {
    const unreachable = {
      id: 'https://127.0.0.1:1/status/1#5',
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: '5',
      statusListCredential: 'https://127.0.0.1:1/status/1',
    };
    const { res, body } = await issue({ credential: credential({ credentialStatus: unreachable }) });
    expect(res.status).toBe(201);
    const result = await verify(body.verifiableCredential);
    expect(result.status).toBe(422);
    expect(result.body).toMatchObject({ code: 'verification.could_not_check', verified: false, outcome: 'could_not_check' });
    expect(result.checks.not_revoked).toBe('could_not_check');
  });

  it('serves the signed list publicly with cache headers and answers 304 to a matching ETag', async () => {
    await issue({ credential: credential(), options: { credentialStatus: { type: 'BitstringStatusListEntry' } } });
    const res = await app.request('/status/revocation-1');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/json/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
    const list = await readJson(res);
    expect(list).toMatchObject({ type: ['VerifiableCredential', 'BitstringStatusListCredential'], issuer: did, credentialSubject: { type: 'BitstringStatusList', statusPurpose: 'revocation' } });
    expect(list.proof[0].cryptosuite).toBe('eddsa-rdfc-2022');
    const etag = res.headers.get('etag')!;
    expect((await app.request('/status/revocation-1', { headers: { 'if-none-match': etag } })).status).toBe(304);
    expect((await app.request('/status/revocation-999')).status).toBe(404);
    expect((await app.request('/status/not-a-list')).status).toBe(400);
  });

  it('never hands out a status index twice', async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, () => issue({ credential: credential(), options: { credentialStatus: { type: 'BitstringStatusListEntry' } } })),
    );
    const indexes = results.map((r) => r.body.verifiableCredential.credentialStatus.statusListIndex);
    expect(new Set(indexes).size).toBe(12);
  });
});

describe('stored credentials', () => {
  it('returns a credential to the client that issued it and to nobody else', async () => {
    const { res } = await issue({ credential: credential() });
    const path = res.headers.get('location')!;
    const own = await app.request(path, { headers: { authorization: `Bearer ${token}` } });
    expect(own.status).toBe(200);
    expect((await readJson(own)).proof).toBeDefined();
    expect((await app.request(path)).status).toBe(404);
    const other = await clientToken(app, deps);
    expect((await app.request(path, { headers: { authorization: `Bearer ${other}` } })).status).toBe(404);
  });
});
