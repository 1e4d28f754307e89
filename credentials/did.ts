import type { Ed25519PublicJwk } from './keys.ts';
import { publicJwkFromMultibase } from './keys.ts';

export const DID_CONTEXT_V1 = 'https://www.w3.org/ns/did/v1';
export const MULTIKEY_CONTEXT_V1 = 'https://w3id.org/security/multikey/v1';
export const JWK_CONTEXT_V1 = 'https://w3id.org/security/jwk/v1';

/** Suffix of the JsonWebKey twin of each Multikey verification method. */
export const JWK_METHOD_SUFFIX = '-jwk';

/** A verification method as published in a DID document. */
export interface VerificationMethod {
  id: string;
  type: 'Multikey' | 'JsonWebKey' | string;
  controller: string;
  publicKeyMultibase?: string;
  publicKeyJwk?: Ed25519PublicJwk;
  [key: string]: unknown;
}

export interface DidDocument {
  '@context': string | Array<string | Record<string, unknown>>;
  id: string;
  verificationMethod?: VerificationMethod[];
  assertionMethod?: Array<string | VerificationMethod>;
  authentication?: Array<string | VerificationMethod>;
  [key: string]: unknown;
}

/** A malformed DID or DID URL: a permanent failure, unlike an unreachable host. */
export class DidFormatError extends Error {
  override readonly name = 'DidFormatError';
}

// RFC 1123 host name or IPv4, with an optional port.
const HOST_PATTERN = /^(?=.{1,253}(?::\d{1,5})?$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*(?::\d{1,5})?$/;

/**
 * did:web of a public host, e.g. `verify.example.be:8443` -> `did:web:verify.example.be%3A8443`.
 * Optional path segments give `did:web:host:a:b` (document at `https://host/a/b/did.json`).
 */
export function didWebFromHost(host: string, path: readonly string[] = []): string {
  const normalised = host.trim().toLowerCase();
  if (!HOST_PATTERN.test(normalised)) throw new DidFormatError(`"${host}" is not a host name (with optional port)`);
  const segments = path.map((segment) => {
    if (segment === '') throw new DidFormatError('did:web path segments must not be empty');
    return encodeURIComponent(segment);
  });
  return ['did:web', normalised.replace(':', '%3A'), ...segments].join(':');
}

/** The https URL where a did:web DID document lives (`/.well-known/did.json` without a path). */
export function didWebToUrl(did: string): string {
  const [scheme, method, host, ...path] = did.split(':');
  if (scheme !== 'did' || method !== 'web' || !host) throw new DidFormatError(`"${did}" is not a did:web DID`);
  const decodedHost = decodeURIComponent(host).toLowerCase();
  if (!HOST_PATTERN.test(decodedHost)) throw new DidFormatError(`"${did}" has an invalid host`);
  if (path.some((segment) => segment === '' || /[/?#]/.test(decodeURIComponent(segment)))) {
    throw new DidFormatError(`"${did}" has an invalid path`);
  }
  const pathPart = path.length === 0 ? '.well-known' : path.map((segment) => decodeURIComponent(segment)).join('/');
  return `https://${decodedHost}/${pathPart}/did.json`;
}

/** did:key of an Ed25519 key; its single key id is the multibase itself. */
export function didKeyFromPublicKey(publicKeyMultibase: string): { did: string; keyId: string } {
  publicJwkFromMultibase(publicKeyMultibase); // throws unless it is an Ed25519 Multikey
  return { did: `did:key:${publicKeyMultibase}`, keyId: publicKeyMultibase };
}

/** Splits a DID URL into the DID and its fragment (without `#`). */
export function splitDidUrl(url: string): { did: string; fragment?: string } {
  const hash = url.indexOf('#');
  const did = hash === -1 ? url : url.slice(0, hash);
  if (!/^did:[a-z0-9]+:[A-Za-z0-9._:%-]+$/.test(did)) throw new DidFormatError(`"${url}" is not a valid DID URL`);
  return hash === -1 ? { did } : { did, fragment: url.slice(hash + 1) };
}

/**
 * The issuer DID document. EVERY key ever used is listed, retired ones included, so badges
 * signed before a rotation keep verifying. Each key appears twice: as Multikey
 * (`<did>#<keyId>`, used by Data Integrity proofs) and as JsonWebKey (`<did>#<keyId>-jwk`,
 * the JWT `kid`), since one verification method may carry only one key format.
 */
export function buildDidDocument(options: {
  did: string;
  keys: ReadonlyArray<{ keyId: string; publicKeyMultibase: string; publicKeyJwk?: Ed25519PublicJwk }>;
}): DidDocument {
  const { did, keys } = options;
  splitDidUrl(did);
  const seen = new Set<string>();
  const methods: VerificationMethod[] = [];
  for (const key of keys) {
    if (seen.has(key.keyId)) throw new Error(`duplicate key id "${key.keyId}"`);
    seen.add(key.keyId);
    const publicKeyJwk = key.publicKeyJwk ?? publicJwkFromMultibase(key.publicKeyMultibase);
    methods.push(
      { id: `${did}#${key.keyId}`, type: 'Multikey', controller: did, publicKeyMultibase: key.publicKeyMultibase },
      { id: `${did}#${key.keyId}${JWK_METHOD_SUFFIX}`, type: 'JsonWebKey', controller: did, publicKeyJwk },
    );
  }
  const ids = methods.map((method) => method.id);
  return {
    '@context': [DID_CONTEXT_V1, MULTIKEY_CONTEXT_V1, JWK_CONTEXT_V1],
    id: did,
    verificationMethod: methods,
    assertionMethod: ids,
    authentication: ids,
  };
}

/** Finds a verification method (by absolute or relative id) in a DID document. */
export function findVerificationMethod(document: DidDocument, methodId: string): VerificationMethod | undefined {
  const candidates = [
    ...(document.verificationMethod ?? []),
    ...(document.assertionMethod ?? []),
    ...(document.authentication ?? []),
  ].filter((entry): entry is VerificationMethod => typeof entry === 'object' && entry !== null);
  return candidates.find((method) => absoluteId(document.id, method.id) === methodId);
}

/** Whether the DID document authorises `methodId` to assert credentials (assertionMethod). */
export function isAssertionMethod(document: DidDocument, methodId: string): boolean {
  return (document.assertionMethod ?? []).some((entry) => {
    const id = typeof entry === 'string' ? entry : entry.id;
    return absoluteId(document.id, id) === methodId;
  });
}

/**
 * Makes relative ids (`#key-1`) absolute in a resolved DID document. jsonld-signatures
 * compares assertionMethod entries with the proof's absolute verificationMethod as strings,
 * so a foreign document using relative references would otherwise never verify.
 */
export function normaliseDidDocument(document: DidDocument): DidDocument {
  const did = document.id;
  const method = (entry: VerificationMethod): VerificationMethod => ({ ...entry, id: absoluteId(did, entry.id) });
  const reference = (entry: string | VerificationMethod) => (typeof entry === 'string' ? absoluteId(did, entry) : method(entry));
  const relationships = ['assertionMethod', 'authentication', 'capabilityInvocation', 'capabilityDelegation', 'keyAgreement'];
  const normalised: DidDocument = { ...document };
  if (Array.isArray(document.verificationMethod)) normalised.verificationMethod = document.verificationMethod.map(method);
  for (const name of relationships) {
    const value = document[name];
    if (Array.isArray(value)) normalised[name] = (value as Array<string | VerificationMethod>).map(reference);
  }
  return normalised;
}

function absoluteId(did: string, id: string): string {
  return id.startsWith('#') ? `${did}${id}` : id;
}
