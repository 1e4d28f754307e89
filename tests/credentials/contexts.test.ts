import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildDidDocument,
  createDocumentLoader,
  createSigningKey,
  didKeyFromPublicKey,
  DocumentLoadError,
  generateEd25519PrivateKey,
  KNOWN_CONTEXT_URLS,
} from '../../credentials/index.ts';
import { SHARED_SPECS } from './fixtures.ts';

const REQUIRED_CONTEXTS = [
  'https://www.w3.org/2018/credentials/v1',
  'https://www.w3.org/ns/credentials/v2',
  'https://purl.imsglobal.org/spec/ob/v3p0/context.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json',
  'https://w3id.org/security/data-integrity/v1',
  'https://w3id.org/security/data-integrity/v2',
  'https://w3id.org/security/multikey/v1',
  'https://www.w3.org/ns/did/v1',
  'https://www.w3.org/ns/credentials/status/v1',
];

async function reasonOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return error instanceof DocumentLoadError ? error.reason : `not a DocumentLoadError: ${String(error)}`;
  }
  return undefined;
}

describe('createDocumentLoader', () => {
  const loader = createDocumentLoader();

  it.each(REQUIRED_CONTEXTS)('serves %s from memory with tag static', async (url) => {
    const result = await loader(url);
    expect(result).toMatchObject({ contextUrl: null, documentUrl: url, tag: 'static' });
    expect(result.document).toHaveProperty('@context');
  });

  it('serves the same OB 3.0.3 context as ../shared/specs', async () => {
    const shared = JSON.parse(readFileSync(path.join(SHARED_SPECS, 'context-3.0.3.json'), 'utf8'));
    expect((await loader('https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json')).document).toEqual(shared);
  });

  it('does not serve the pre-final OB beta contexts', () => {
    expect(KNOWN_CONTEXT_URLS.has('https://imsglobal.github.io/openbadges-specification/ob_v3p0.html')).toBe(false);
  });

  it('refuses an unknown URL without fetching it', async () => {
    expect(await reasonOf(loader('https://example.com/contexts/v1'))).toBe('refused');
    expect(await reasonOf(loader('did:example:123'))).toBe('malformed_did');
  });

  it('serves extra documents given by the caller', async () => {
    const custom = createDocumentLoader({ extraDocuments: { 'https://brevet.example/ctx': { '@context': {} } } });
    expect((await custom('https://brevet.example/ctx')).tag).toBe('static');
  });

  it('resolves did:key documents and their verification methods offline', async () => {
    const key = createSigningKey({ did: 'did:web:x', keyId: 'k', privateKey: generateEd25519PrivateKey() });
    const { did, keyId } = didKeyFromPublicKey(key.publicKeyMultibase);
    const document = (await loader(did)).document as { assertionMethod: string[] };
    expect(document.assertionMethod).toEqual([`${did}#${keyId}`]);
    expect((await loader(`${did}#${keyId}`)).document).toMatchObject({ type: 'Multikey', publicKeyMultibase: key.publicKeyMultibase });
  });

  it('resolves did:web through the injected resolver, by DID and by key id', async () => {
    const did = 'did:web:brevet.example';
    const key = createSigningKey({ did, keyId: 'key-1', privateKey: generateEd25519PrivateKey() });
    const asked: string[] = [];
    const web = createDocumentLoader({ resolveDidWeb: async (requested) => { asked.push(requested); return buildDidDocument({ did, keys: [key] }); } });
    expect((await web(did)).document).toMatchObject({ id: did });
    expect((await web(`${did}#key-1`)).document).toMatchObject({ '@context': 'https://w3id.org/security/multikey/v1', type: 'Multikey', controller: did });
    expect((await web(`${did}#key-1-jwk`)).document).toMatchObject({ type: 'JsonWebKey', publicKeyJwk: key.publicKeyJwk });
    expect(asked).toEqual([did, did, did]);
    expect(await reasonOf(web(`${did}#key-9`))).toBe('not_found');
  });

  it('classifies did:web failures: timeout -> unavailable, wrong document -> not_found, malformed -> malformed_did', async () => {
    const hanging = createDocumentLoader({ resolveDidWeb: () => new Promise(() => {}), didWebTimeoutMs: 50 });
    expect(await reasonOf(hanging('did:web:slow.example'))).toBe('unavailable');
    const lying = createDocumentLoader({ resolveDidWeb: async () => ({ id: 'did:web:someone.else' }) });
    expect(await reasonOf(lying('did:web:brevet.example'))).toBe('not_found');
    expect(await reasonOf(lying('did:web:bad_host!'))).toBe('malformed_did');
    expect(await reasonOf(loader('did:web:brevet.example'))).toBe('unavailable'); // no resolver configured
  });
});
