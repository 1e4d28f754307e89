import { describe, expect, it } from 'vitest';
import {
  buildDidDocument,
  createSigningKey,
  DidFormatError,
  didKeyFromPublicKey,
  didWebFromHost,
  didWebToUrl,
  generateEd25519PrivateKey,
} from '../../credentials/index.ts';

describe('did:web', () => {
  it.each([
    ['brevet.example', [], 'did:web:brevet.example', 'https://brevet.example/.well-known/did.json'],
    ['Brevet.Example:8443', [], 'did:web:brevet.example%3A8443', 'https://brevet.example:8443/.well-known/did.json'],
    ['localhost:3000', [], 'did:web:localhost%3A3000', 'https://localhost:3000/.well-known/did.json'],
    ['gov.example', ['issuers', 'brevet'], 'did:web:gov.example:issuers:brevet', 'https://gov.example/issuers/brevet/did.json'],
  ])('encodes %s (path %j) as %s', (host, path, did, url) => {
    expect(didWebFromHost(host, path)).toBe(did);
    expect(didWebToUrl(did)).toBe(url);
  });

  it.each(['https://brevet.example', 'bad_host!', '', 'host:port'])('refuses the host %j', (host) => {
    expect(() => didWebFromHost(host)).toThrow(DidFormatError);
  });

  it('refuses a DID that is not did:web', () => {
    expect(() => didWebToUrl('did:key:z6Mk')).toThrow(DidFormatError);
  });
});

describe('did:key', () => {
  it('is the multibase key, with the key id equal to it', () => {
    const key = createSigningKey({ did: 'did:web:x.example', keyId: 'k', privateKey: generateEd25519PrivateKey() });
    expect(didKeyFromPublicKey(key.publicKeyMultibase)).toEqual({ did: `did:key:${key.publicKeyMultibase}`, keyId: key.publicKeyMultibase });
  });
});

describe('buildDidDocument', () => {
  it('lists every key, active and retired, as Multikey and as JsonWebKey', () => {
    const did = didWebFromHost('brevet.example');
    const keys = ['key-2024', 'key-2025'].map((keyId) => createSigningKey({ did, keyId, privateKey: generateEd25519PrivateKey() }));
    const document = buildDidDocument({ did, keys });
    expect(document['@context']).toEqual(['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1', 'https://w3id.org/security/jwk/v1']);
    expect(document.id).toBe(did);
    expect(document.verificationMethod).toEqual([
      { id: `${did}#key-2024`, type: 'Multikey', controller: did, publicKeyMultibase: keys[0]?.publicKeyMultibase },
      { id: `${did}#key-2024-jwk`, type: 'JsonWebKey', controller: did, publicKeyJwk: keys[0]?.publicKeyJwk },
      { id: `${did}#key-2025`, type: 'Multikey', controller: did, publicKeyMultibase: keys[1]?.publicKeyMultibase },
      { id: `${did}#key-2025-jwk`, type: 'JsonWebKey', controller: did, publicKeyJwk: keys[1]?.publicKeyJwk },
    ]);
    const ids = document.verificationMethod?.map((method) => method.id);
    expect(document.assertionMethod).toEqual(ids);
    expect(document.authentication).toEqual(ids);
  });

  it('refuses two keys with the same id', () => {
    const did = 'did:web:brevet.example';
    const key = createSigningKey({ did, keyId: 'k', privateKey: generateEd25519PrivateKey() });
    expect(() => buildDidDocument({ did, keys: [key, key] })).toThrow(/duplicate key id/);
  });
});
