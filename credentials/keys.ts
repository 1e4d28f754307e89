import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign as cryptoSign,
  type KeyObject,
} from 'node:crypto';
import { ed25519PublicKeyFromMultibase, ed25519PublicKeyToMultibase } from './multibase.ts';

/** An Ed25519 public key as a JWK (RFC 8037). */
export interface Ed25519PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
}

/** The public half of an issuer key, as published in the DID document. */
export interface IssuerPublicKey {
  /** Fragment of the verification method id (`<did>#<keyId>`). */
  keyId: string;
  publicKeyMultibase: string;
  publicKeyJwk: Ed25519PublicJwk;
}

/** A key ready to sign: the node KeyObject is imported once and reused for every signature. */
export interface SigningKey extends IssuerPublicKey {
  /** The DID that controls the key; becomes the credential issuer id. */
  controller: string;
  /** `<did>#<keyId>`, put in `proof.verificationMethod` / the JWT `kid`. */
  verificationMethodId: string;
  privateKey: KeyObject;
  /** Raw Ed25519 signature over `data`. */
  sign(data: Uint8Array): Uint8Array;
}

/** Thrown when a sealed private key cannot be opened (wrong KEK, tampered or unknown format). */
export class KeySealError extends Error {
  override readonly name = 'KeySealError';
}

const SEAL_VERSION = 'v1';
// Binds the ciphertext to its purpose, so a blob sealed for something else is refused.
const SEAL_AAD = Buffer.from('brevet:ed25519-private-key:v1');

/** Generates a fresh Ed25519 private key (node:crypto). */
export function generateEd25519PrivateKey(): KeyObject {
  return generateKeyPairSync('ed25519').privateKey;
}

/** Derives the published form (Multikey + JWK) of a private or public Ed25519 key. */
export function describePublicKey(key: KeyObject, keyId: string): IssuerPublicKey {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  if (publicKey.asymmetricKeyType !== 'ed25519') throw new Error('the key is not an Ed25519 key');
  const jwk = publicKey.export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new Error('the Ed25519 key has no public component');
  const publicKeyJwk: Ed25519PublicJwk = { kty: 'OKP', crv: 'Ed25519', x: jwk.x };
  const raw = Buffer.from(jwk.x, 'base64url');
  return { keyId, publicKeyMultibase: ed25519PublicKeyToMultibase(raw), publicKeyJwk };
}

/** Converts a `z6Mk…` publicKeyMultibase to its JWK form. */
export function publicJwkFromMultibase(publicKeyMultibase: string): Ed25519PublicJwk {
  const raw = ed25519PublicKeyFromMultibase(publicKeyMultibase);
  return { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') };
}

/** Converts an Ed25519 public JWK to its `z6Mk…` publicKeyMultibase form. */
export function multibaseFromPublicJwk(jwk: { kty?: unknown; crv?: unknown; x?: unknown }): string {
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') {
    throw new Error('the JWK is not an Ed25519 (OKP) public key');
  }
  return ed25519PublicKeyToMultibase(Buffer.from(jwk.x, 'base64url'));
}

/** Imports a public key object from an Ed25519 JWK (for verification with node:crypto / jose). */
export function publicKeyFromJwk(jwk: Ed25519PublicJwk): KeyObject {
  return createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: 'jwk' });
}

/** Parses a key-encryption key given as base64 or base64url text; it must be 32 bytes. */
export function kekFromBase64(text: string): Uint8Array {
  const kek = Buffer.from(text, 'base64');
  assertKek(kek);
  return kek;
}

function assertKek(kek: Uint8Array): void {
  if (kek.length !== 32) throw new KeySealError('the key-encryption key must be 32 bytes (AES-256)');
}

/**
 * Encrypts a private key at rest with AES-256-GCM under the caller's KEK. Output:
 * `v1.<iv>.<tag>.<ciphertext>` (base64url parts; fresh random 12-byte IV each time).
 */
export function sealPrivateKey(privateKey: KeyObject, kek: Uint8Array): string {
  assertKek(kek);
  if (privateKey.type !== 'private') throw new KeySealError('only a private key can be sealed');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  cipher.setAAD(SEAL_AAD);
  const plaintext = privateKey.export({ format: 'der', type: 'pkcs8' });
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const parts = [iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64url'));
  return [SEAL_VERSION, ...parts].join('.');
}

/** Opens a blob made by `sealPrivateKey`; a wrong KEK or any tampering throws KeySealError. */
export function unsealPrivateKey(sealed: string, kek: Uint8Array): KeyObject {
  assertKek(kek);
  const [version, iv, tag, ciphertext, ...rest] = sealed.split('.');
  if (version !== SEAL_VERSION || !iv || !tag || !ciphertext || rest.length > 0) {
    throw new KeySealError(`unknown sealed key format (expected ${SEAL_VERSION}.<iv>.<tag>.<ciphertext>)`);
  }
  let plaintext: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(iv, 'base64url'));
    decipher.setAAD(SEAL_AAD);
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    plaintext = Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]);
  } catch (cause) {
    throw new KeySealError('cannot unseal the private key: wrong key-encryption key or tampered data', { cause });
  }
  return createPrivateKey({ key: plaintext, format: 'der', type: 'pkcs8' });
}

/**
 * Builds a signing key for `<did>#<keyId>` around an already-imported KeyObject. Signing
 * with node:crypto directly is ~10x faster than the Ed25519Multikey signer, which
 * re-imports the key on every call.
 */
export function createSigningKey(options: { did: string; keyId: string; privateKey: KeyObject }): SigningKey {
  const { did, keyId, privateKey } = options;
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error('a signing key needs an Ed25519 private key');
  }
  return {
    ...describePublicKey(privateKey, keyId),
    controller: did,
    verificationMethodId: `${did}#${keyId}`,
    privateKey,
    sign: (data) => cryptoSign(null, data, privateKey),
  };
}
