import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../services/app.ts';
import { ensureIssuerKey, issuerDid } from '../../services/issuer/issuer.usecases.ts';
import { createTestDeps } from '../helpers/deps.ts';
import { readJson } from '../helpers/http.ts';
import { clientToken, personToken, postJson } from '../helpers/vc-api.ts';

function credentialFor(issuer: string) {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id: `urn:uuid:${randomUUID()}`,
    type: ['VerifiableCredential'],
    issuer,
    credentialSubject: { id: 'did:example:learner' },
  };
}

describe('issuer keys on did:web', () => {
  const deps = createTestDeps({ config: { PUBLIC_URL: 'https://brevet.test:8443' } });
  const app = createApp(deps);

  it('creates exactly one active key even when several processes start at once', async () => {
    await Promise.all(Array.from({ length: 5 }, () => ensureIssuerKey(deps)));
    const keys = await deps.db.selectFrom('issuer_keys').selectAll().execute();
    expect(keys.filter((k) => k.retired_at === null)).toHaveLength(1);
  });

  it('keeps private keys only sealed (AES-256-GCM), never in the clear', async () => {
    const [key] = await deps.db.selectFrom('issuer_keys').selectAll().execute();
    expect(key!.sealed_secret_key).toMatch(/^v1\./);
    expect(key!.sealed_secret_key).not.toMatch(/BEGIN|PRIVATE/);
  });

  it('publishes a did:web document with the port encoded, as Multikey and JWK', async () => {
    const res = await app.request('/.well-known/did.json');
    expect(res.status).toBe(200);
    const doc = await readJson(res);
    expect(doc.id).toBe('did:web:brevet.test%3A8443');
    expect(doc.verificationMethod.map((m: { type: string }) => m.type).sort()).toEqual(['JsonWebKey', 'Multikey']);
    expect(doc.assertionMethod).toHaveLength(2);
  });

  it('still verifies a credential signed before a rotation, and lists the retired key', async () => {
    const token = await clientToken(app, deps);
    const did = await issuerDid(deps);
    const before = (await readJson(await postJson(app, '/credentials/issue', { credential: credentialFor(did), options: { credentialStatus: { type: 'BitstringStatusListEntry' } } }, token))).verifiableCredential;
    const admin = await personToken(deps, ['admin']);
    expect((await postJson(app, '/api/v1/issuer/key-rotations', {}, await personToken(deps, ['learner']))).status).toBe(403);
    const rotation = await postJson(app, '/api/v1/issuer/key-rotations', {}, admin);
    expect(rotation.status).toBe(201);
    const { keyId } = await readJson(rotation);
    const after = (await readJson(await postJson(app, '/credentials/issue', { credential: credentialFor(did), options: { credentialStatus: { type: 'BitstringStatusListEntry' } } }, token))).verifiableCredential;
    expect(after.proof[0].verificationMethod).toBe(`${did}#${keyId}`);
    expect(before.proof[0].verificationMethod).not.toBe(after.proof[0].verificationMethod);
    for (const vc of [before, after]) {
      expect((await postJson(app, '/credentials/verify', { verifiableCredential: vc })).status).toBe(200);
    }
    const doc = await readJson(await app.request('/.well-known/did.json'));
    expect(doc.verificationMethod).toHaveLength(4);
    const keys = await deps.db.selectFrom('issuer_keys').selectAll().execute();
    expect(keys.filter((k) => k.retired_at !== null)).toHaveLength(1);
  });
});

describe('issuer keys on did:key (no public host)', () => {
  const deps = createTestDeps({ config: { PUBLIC_URL: '', HOST: '127.0.0.1', PORT: '3999' } });
  const app = createApp(deps);

  it('signs as did:key and keeps old badges and their status lists verifying after a rotation', async () => {
    const token = await clientToken(app, deps);
    const oldDid = await issuerDid(deps);
    expect(oldDid).toMatch(/^did:key:z6Mk/);
    const issue = async (did: string) =>
      (await readJson(await postJson(app, '/credentials/issue', { credential: credentialFor(did), options: { credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'suspension' } } }, token))).verifiableCredential;
    const before = await issue(oldDid);
    expect(before.credentialStatus.statusListCredential).toMatch(/^http:\/\/127\.0\.0\.1:3999\/status\/suspension-1\/key-/);
    await postJson(app, '/api/v1/issuer/key-rotations', {}, await personToken(deps, ['admin']));
    const newDid = await issuerDid(deps);
    expect(newDid).not.toBe(oldDid);
    const after = await issue(newDid);
    expect((await postJson(app, '/credentials/verify', { verifiableCredential: before })).status).toBe(200);
    expect((await postJson(app, '/credentials/verify', { verifiableCredential: after })).status).toBe(200);
    // the old key's list is signed by the old DID, so the old badge's status is still checked
    const list = await readJson(await app.request(new URL(before.credentialStatus.statusListCredential).pathname));
    expect(list.issuer).toBe(oldDid);
  });
});
