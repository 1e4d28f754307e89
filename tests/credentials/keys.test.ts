import { randomBytes, verify as cryptoVerify } from 'node:crypto';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createSigningKey,
  describePublicKey,
  generateEd25519PrivateKey,
  kekFromBase64,
  KeySealError,
  multibaseFromPublicJwk,
  publicJwkFromMultibase,
  publicKeyFromJwk,
  sealPrivateKey,
  unsealPrivateKey,
} from '../../credentials/index.ts';
import { base58btcDecode, base58btcEncode } from '../../credentials/multibase.ts';

describe('issuer keys', () => {
  it('exports the public key as Multikey (z6Mk…) and as an OKP/Ed25519 JWK', () => {
    const described = describePublicKey(generateEd25519PrivateKey(), 'key-1');
    expect(described.keyId).toBe('key-1');
    expect(described.publicKeyMultibase).toMatch(/^z6Mk[1-9A-HJ-NP-Za-km-z]{44}$/);
    expect(described.publicKeyJwk).toEqual({ kty: 'OKP', crv: 'Ed25519', x: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    expect(publicJwkFromMultibase(described.publicKeyMultibase)).toEqual(described.publicKeyJwk);
    expect(multibaseFromPublicJwk(described.publicKeyJwk)).toBe(described.publicKeyMultibase);
  });

  it('agrees with @digitalbazaar/ed25519-multikey on the multibase encoding', async () => {
    const described = describePublicKey(generateEd25519PrivateKey(), 'key-1');
    const imported = (await Ed25519Multikey.from({ type: 'JsonWebKey', publicKeyJwk: described.publicKeyJwk })) as { publicKeyMultibase: string };
    expect(imported.publicKeyMultibase).toBe(described.publicKeyMultibase);
  });

  it('signs with the cached KeyObject; the published key verifies it', () => {
    const key = createSigningKey({ did: 'did:web:brevet.example', keyId: 'key-1', privateKey: generateEd25519PrivateKey() });
    expect(key.verificationMethodId).toBe('did:web:brevet.example#key-1');
    const data = Buffer.from('payload');
    expect(cryptoVerify(null, data, publicKeyFromJwk(key.publicKeyJwk), key.sign(data))).toBe(true);
  });

  it('round-trips base58btc for any bytes, leading zeros included', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      expect(Array.from(base58btcDecode(base58btcEncode(bytes)))).toEqual(Array.from(bytes));
    }));
  });

  it('refuses a multibase that is not an Ed25519 key', () => {
    expect(() => publicJwkFromMultibase('zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169')).toThrow(/not an Ed25519/);
    expect(() => publicJwkFromMultibase('u6Mk')).toThrow(/base58btc/);
  });
});

describe('sealing private keys at rest', () => {
  const kek = randomBytes(32);

  it('seals to a versioned string and unseals to the same key', () => {
    const privateKey = generateEd25519PrivateKey();
    const sealed = sealPrivateKey(privateKey, kek);
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toBe(sealPrivateKey(privateKey, kek)); // fresh IV each time
    const unsealed = unsealPrivateKey(sealed, kek);
    expect(describePublicKey(unsealed, 'k')).toEqual(describePublicKey(privateKey, 'k'));
  });

  it('fails clearly with a wrong key-encryption key', () => {
    const sealed = sealPrivateKey(generateEd25519PrivateKey(), kek);
    expect(() => unsealPrivateKey(sealed, randomBytes(32))).toThrow(KeySealError);
    expect(() => unsealPrivateKey(sealed, randomBytes(32))).toThrow(/wrong key-encryption key or tampered data/);
  });

  it('fails on any tampered part', () => {
    const sealed = sealPrivateKey(generateEd25519PrivateKey(), kek);
    const parts = sealed.split('.');
    for (const index of [1, 2, 3]) {
      const tampered = [...parts];
      const part = Buffer.from(tampered[index] ?? '', 'base64url');
      part[0] = (part[0] ?? 0) ^ 1;
      tampered[index] = part.toString('base64url');
      expect(() => unsealPrivateKey(tampered.join('.'), kek)).toThrow(KeySealError);
    }
    expect(() => unsealPrivateKey(`v2.${parts.slice(1).join('.')}`, kek)).toThrow(/unknown sealed key format/);
  });

  it('requires a 32-byte key-encryption key', () => {
    expect(() => sealPrivateKey(generateEd25519PrivateKey(), randomBytes(16))).toThrow(/32 bytes/);
    expect(Buffer.from(kekFromBase64(kek.toString('base64'))).equals(kek)).toBe(true);
    expect(() => kekFromBase64('c2hvcnQ=')).toThrow(KeySealError);
  });
});
