// Our badges checked by an independent verifier, @digitalcredentials/verifier-core, run offline.
// It has no injectable document loader: its contexts are static (ours are all among them),
// did:key resolves locally, and the rest (did:web documents, status lists, the OB schema
// named in credentialSchema) goes through global fetch, which is replaced here by a stub
// serving our "world" and refusing anything else. Registries: none, so no registry fetch.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { verifyCredential as verifierCoreVerify } from '@digitalcredentials/verifier-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createSigningKey,
  describePublicKey,
  didKeyFromPublicKey,
  didWebToUrl,
  generateEd25519PrivateKey,
  signCredentialDataIntegrity,
  type SigningKey,
} from '../../credentials/index.ts';
import { buildBadge, createWorld, publishStatusList, REVOCATION_LIST, SHARED_SPECS, type World } from './fixtures.ts';

type LogEntry = { id: string; valid?: boolean; error?: unknown };
type VerifierCoreResult = { log?: LogEntry[]; errors?: Array<{ name: string; message: string }>; additionalInformation?: Array<{ id: string; results?: unknown }> };

const realFetch = globalThis.fetch;
let world: World;
const fetched: string[] = [];

function offlineFetch(input: string | URL | Request): Promise<Response> {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  fetched.push(url);
  const json = (body: unknown) => Promise.resolve(new Response(typeof body === 'string' ? body : JSON.stringify(body), { headers: { 'content-type': 'application/json' } }));
  if (url.endsWith('/ob_v3p0_achievementcredential_schema.json')) {
    return json(readFileSync(path.join(SHARED_SPECS, 'achievementcredential.schema.json'), 'utf8'));
  }
  const list = world.statusLists.get(url);
  if (list) return json(list);
  for (const [did, document] of world.didDocuments) if (didWebToUrl(did) === url) return json(document);
  return Promise.reject(new TypeError(`network disabled in tests: ${url}`));
}

beforeEach(() => {
  world = createWorld();
  fetched.length = 0;
  globalThis.fetch = offlineFetch as typeof fetch;
});

afterEach(() => {
  globalThis.fetch = realFetch;
});

function didKeySigner(): SigningKey {
  const privateKey = generateEd25519PrivateKey();
  const { did, keyId } = didKeyFromPublicKey(describePublicKey(privateKey, 'k').publicKeyMultibase);
  return createSigningKey({ did, keyId, privateKey });
}

async function verifyWithVerifierCore(credential: unknown): Promise<VerifierCoreResult> {
  return (await verifierCoreVerify({ credential: credential as never, knownDIDRegistries: [] })) as VerifierCoreResult;
}

function step(result: VerifierCoreResult, id: string): LogEntry | undefined {
  return result.log?.find((entry) => entry.id === id);
}

// verifier-core checks expiry against the real clock: dates around "now".
const NOW_WINDOW = () => ({ validFrom: new Date(Date.now() - 60_000), validUntil: new Date(Date.now() + 3 * 365 * 86_400_000) });

describe('@digitalcredentials/verifier-core (independent verifier, offline)', () => {
  it('verifies a did:key badge: signature, status, expiry, and the OB schema it names', async () => {
    const key = didKeySigner();
    await publishStatusList(world, key, { url: REVOCATION_LIST, purpose: 'revocation' });
    const signed = await signCredentialDataIntegrity(buildBadge(key.controller, NOW_WINDOW()), key, { documentLoader: world.documentLoader });
    const result = await verifyWithVerifierCore(signed);
    expect(result.errors).toBeUndefined();
    expect(step(result, 'valid_signature')?.valid).toBe(true);
    expect(step(result, 'revocation_status')?.valid).toBe(true);
    expect(step(result, 'expiration')?.valid).toBe(true);
    const schema = result.additionalInformation?.find((info) => info.id === 'schema_check');
    expect(schema?.results).toEqual([expect.objectContaining({ result: { valid: true } })]);
  });

  it('verifies a did:web badge against our DID document (Multikey + JsonWebKey entries)', async () => {
    const issuer = world.issuer();
    issuer.addKey();
    const key = issuer.addKey(); // a rotated issuer: two keys published
    await publishStatusList(world, key, { url: REVOCATION_LIST, purpose: 'revocation' });
    const signed = await signCredentialDataIntegrity(buildBadge(issuer.did, NOW_WINDOW()), key, { documentLoader: world.documentLoader });
    const result = await verifyWithVerifierCore(signed);
    expect(result.errors).toBeUndefined();
    expect(step(result, 'valid_signature')?.valid).toBe(true);
    expect(fetched).toContain('https://brevet.example/.well-known/did.json');
  });

  it('sees the revoked bit of our status list', async () => {
    const key = didKeySigner();
    await publishStatusList(world, key, { url: REVOCATION_LIST, purpose: 'revocation', setBits: [42] });
    const signed = await signCredentialDataIntegrity(buildBadge(key.controller, NOW_WINDOW()), key, { documentLoader: world.documentLoader });
    const result = await verifyWithVerifierCore(signed);
    expect(step(result, 'valid_signature')?.valid).toBe(true);
    expect(step(result, 'revocation_status')?.valid).toBe(false);
  });

  it('rejects the signature of a tampered badge', async () => {
    const key = didKeySigner();
    await publishStatusList(world, key, { url: REVOCATION_LIST, purpose: 'revocation' });
    const signed = await signCredentialDataIntegrity(buildBadge(key.controller, NOW_WINDOW()), key, { documentLoader: world.documentLoader });
    const tampered = structuredClone(signed) as Record<string, any>;
    tampered.credentialSubject.achievement.name = 'Connectoo expert';
    const result = await verifyWithVerifierCore(tampered);
    expect(result.errors?.[0]?.name).toBe('invalid_signature');
  });
});
