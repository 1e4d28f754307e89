import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { CompactSign } from 'jose';
import type { DocumentLoader } from './contexts.ts';
import { toNumericDate } from './dates.ts';
import { JWK_METHOD_SUFFIX } from './did.ts';
import type { SigningKey } from './keys.ts';
import { currentFastSigner } from './fast/default.ts';

export interface DataIntegrityProofValue {
  type: 'DataIntegrityProof';
  cryptosuite: 'eddsa-rdfc-2022';
  created?: string;
  verificationMethod: string;
  proofPurpose: 'assertionMethod';
  proofValue: string;
  [key: string]: unknown;
}

// An intersection, not Omit: Omit over an index signature would erase the known keys.
export type SignedCredential<T> = T & { proof: DataIntegrityProofValue[] };

/** The id of a credential's issuer, whether `issuer` is a URL or a Profile object. */
export function issuerIdOf(credential: object): string | undefined {
  const { issuer } = credential as { issuer?: unknown };
  if (typeof issuer === 'string') return issuer;
  if (typeof issuer === 'object' && issuer !== null && typeof (issuer as { id?: unknown }).id === 'string') {
    return (issuer as { id: string }).id;
  }
  return undefined;
}

function assertIssuerMatchesKey(credential: object, key: SigningKey): void {
  const issuer = issuerIdOf(credential);
  // Verifiers refuse a proof whose key is not controlled by the issuer; fail at issue time.
  if (issuer !== key.controller) {
    throw new Error(`credential issuer "${issuer ?? '(none)'}" is not the controller of key ${key.verificationMethodId}`);
  }
}

/** The signer shape @digitalbazaar/data-integrity expects, over the cached KeyObject. */
function dataIntegritySigner(key: SigningKey) {
  return {
    id: key.verificationMethodId,
    algorithm: 'Ed25519',
    sign: async ({ data }: { data: Uint8Array }) => key.sign(data),
  };
}

/**
 * Adds an eddsa-rdfc-2022 DataIntegrityProof to any VC (VC 2.0 or 1.1; a 1.1 credential
 * without issuanceDate gets one). The input is not modified. `proof` comes back as an array
 * (the OB 3.0 schema requires one; it verifies the same). Unknown terms fail (safe mode).
 * Credentials of a known shape take the fast path (credentials/fast, byte-identical output,
 * see docs/performance.md); anything its guards do not cover takes the stock libraries.
 */
export async function signCredentialDataIntegrity<T extends object>(
  credential: T,
  key: SigningKey,
  options: { documentLoader: DocumentLoader; created?: Date },
): Promise<SignedCredential<T>> {
  assertIssuerMatchesKey(credential, key);
  const fast = currentFastSigner();
  if (!fast) return signCredentialDataIntegrityStock(credential, key, options);
  return fast.sign(credential, key, options, (created) => signCredentialDataIntegrityStock(credential, key, { ...options, ...(created ? { created } : {}) }));
}

/** signCredentialDataIntegrity through @digitalbazaar/vc only (the reference for the fast path). */
export async function signCredentialDataIntegrityStock<T extends object>(
  credential: T,
  key: SigningKey,
  options: { documentLoader: DocumentLoader; created?: Date },
): Promise<SignedCredential<T>> {
  assertIssuerMatchesKey(credential, key);
  const suite = new DataIntegrityProof({
    signer: dataIntegritySigner(key),
    cryptosuite: eddsaRdfc2022,
    ...(options.created ? { date: options.created } : {}),
  });
  // vc.issue mutates what it is given (adds proof, maybe issuanceDate): hand it a copy.
  const copy = structuredClone(credential) as Record<string, unknown>;
  let signed: Record<string, unknown>;
  try {
    signed = await vc.issue({ credential: copy, suite, documentLoader: options.documentLoader });
  } catch (error) {
    throw new Error(`cannot sign the credential: ${explainJsonLdError(error)}`, { cause: error });
  }
  const proofs = ([] as unknown[]).concat(signed.proof ?? []) as DataIntegrityProofValue[];
  return { ...signed, proof: proofs } as SignedCredential<T>;
}

/**
 * jsonld.js reports a refused context or an undefined term (safe mode) as a generic
 * error with the reason buried in `details`; surface it.
 */
export function explainJsonLdError(error: unknown): string {
  const details = (error as { details?: { cause?: unknown; event?: { message?: string; details?: Record<string, unknown> } } })?.details;
  if (details?.cause instanceof Error) return details.cause.message;
  const event = details?.event;
  if (event?.message) {
    const property = event.details?.property ?? event.details?.type ?? event.details?.value;
    return `${event.message}${property === undefined ? '' : ` (${JSON.stringify(property)})`}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * `target[key] = value` as an own data property, as a spread or Object.fromEntries would copy it:
 * a `__proto__` key (JSON.parse makes it an own key) must not set the prototype instead.
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** JWT claims the OB 3.0 JWT form adds to the credential. */
export interface OpenBadgeJwtClaims {
  iss: string;
  jti?: string;
  nbf?: number;
  exp?: number;
  sub?: string;
}

/** The JWT payload for a credential: its properties (minus any proof) plus iss/jti/nbf/sub/exp. */
export function jwtPayloadFor(input: object): Record<string, unknown> & OpenBadgeJwtClaims {
  const credential = input as Record<string, unknown>;
  const iss = issuerIdOf(credential);
  if (!iss) throw new Error('the credential has no issuer id');
  const subject = credential.credentialSubject as { id?: unknown } | undefined;
  // Own keys copied one by one, as `{ ...rest, iss }` orders them: a spread result grown by the
  // claims below left V8 a slow object (~6 µs per badge, then a slower JSON.stringify).
  const payload = {} as Record<string, unknown> & OpenBadgeJwtClaims;
  for (const key of Object.keys(credential)) if (key !== 'proof') setOwn(payload, key, credential[key]);
  payload.iss = iss;
  if (typeof credential.id === 'string') payload.jti = credential.id;
  const validFrom = credential.validFrom ?? credential.issuanceDate;
  if (typeof validFrom === 'string') payload.nbf = toNumericDate(validFrom);
  const validUntil = credential.validUntil ?? credential.expirationDate;
  if (typeof validUntil === 'string') payload.exp = toNumericDate(validUntil);
  // OB 3.0: `sub` is credentialSubject.id; a subject known only by a hashed identifier has none.
  if (typeof subject?.id === 'string') payload.sub = subject.id;
  return payload;
}

/**
 * Signs the OB 3.0 JWT form (compact JWS). Header: `alg: EdDSA` and `kid` only (see jwtKeyId).
 */
export async function signCredentialJwt(credential: object, key: SigningKey): Promise<string> {
  assertIssuerMatchesKey(credential, key);
  // The compact JWS assembled here, with the cached KeyObject: the same bytes as
  // signCredentialJwtStock (jose's CompactSign) since Ed25519 is deterministic (tests/credentials/sign.test.ts).
  const signingInput = `${jwtHeaderSegment(key)}.${Buffer.from(JSON.stringify(jwtPayloadFor(credential)), 'utf8').toString('base64url')}`;
  return `${signingInput}.${Buffer.from(key.sign(Buffer.from(signingInput, 'ascii'))).toString('base64url')}`;
}

/** signCredentialJwt through jose's CompactSign (the reference for the direct assembly). */
export async function signCredentialJwtStock(credential: object, key: SigningKey): Promise<string> {
  assertIssuerMatchesKey(credential, key);
  const payload = new TextEncoder().encode(JSON.stringify(jwtPayloadFor(credential)));
  return new CompactSign(payload).setProtectedHeader({ alg: 'EdDSA', kid: jwtKeyId(key) }).sign(key.privateKey);
}

const headerSegments = new WeakMap<SigningKey, string>();

/** base64url of the protected header `{"alg":"EdDSA","kid":…}` (what CompactSign serialises), once per key. */
function jwtHeaderSegment(key: SigningKey): string {
  let segment = headerSegments.get(key);
  if (segment === undefined) {
    segment = Buffer.from(JSON.stringify({ alg: 'EdDSA', kid: jwtKeyId(key) }), 'utf8').toString('base64url');
    headerSegments.set(key, segment);
  }
  return segment;
}

/** The JWT `kid`: the JsonWebKey twin in our DID documents; did:key has only its Multikey. */
export function jwtKeyId(key: SigningKey): string {
  if (key.controller.startsWith('did:key:')) return key.verificationMethodId;
  return `${key.verificationMethodId}${JWK_METHOD_SUFFIX}`;
}
