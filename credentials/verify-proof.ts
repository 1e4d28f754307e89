import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { compactVerify } from 'jose';
import { DocumentLoadError, type DocumentLoader } from './contexts.ts';
import { findVerificationMethod, isAssertionMethod, splitDidUrl, type DidDocument, type VerificationMethod } from './did.ts';
import { verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { multibaseFromPublicJwk, publicJwkFromMultibase, publicKeyFromJwk, type Ed25519PublicJwk } from './keys.ts';
import { currentFastSigner } from './fast/default.ts';

/** Outcome of one check before it is named: the verifier maps it onto its check list. */
export type CheckResult =
  | { status: 'passed'; detail?: string }
  | { status: 'failed' | 'could_not_check'; detail: string };

/** A verification method that the issuer's DID document authorises for assertions. */
export type KeyResolution = { status: 'passed'; method: VerificationMethod; detail?: string } | Exclude<CheckResult, { status: 'passed' }>;

/**
 * Memoises a loader for one verification, so a did:web document is fetched once even
 * though jsonld-signatures asks for it again (verification method, then controller).
 */
export function memoiseLoader(loader: DocumentLoader): DocumentLoader {
  const cache = new Map<string, ReturnType<DocumentLoader>>();
  return (url) => {
    let pending = cache.get(url);
    if (!pending) {
      pending = loader(url);
      cache.set(url, pending);
    }
    return pending;
  };
}

function loadFailure(error: unknown, what: string): Exclude<CheckResult, { status: 'passed' }> {
  const message = error instanceof Error ? error.message : String(error);
  // Only an unreachable host may recover: everything else is a permanent failure.
  const status = error instanceof DocumentLoadError && error.reason === 'unavailable' ? 'could_not_check' : 'failed';
  return { status, detail: `${what}: ${message}` };
}

/**
 * Resolves `methodId` and checks it belongs to the issuer: its DID is the issuer id, the DID
 * document lists it under assertionMethod and names the issuer as its controller.
 */
export async function resolveIssuerKey(methodId: string, issuerId: string | undefined, loader: DocumentLoader): Promise<KeyResolution> {
  let did: string;
  try {
    did = splitDidUrl(methodId).did;
  } catch (error) {
    return loadFailure(error, 'malformed key id');
  }
  if (!issuerId) return { status: 'failed', detail: 'the credential has no issuer id' };
  if (did !== issuerId) return { status: 'failed', detail: `key ${methodId} does not belong to issuer ${issuerId}` };
  let document: DidDocument;
  try {
    document = (await loader(did)).document as DidDocument;
  } catch (error) {
    return loadFailure(error, `cannot resolve ${did}`);
  }
  const method = findVerificationMethod(document, methodId);
  if (!method) return { status: 'failed', detail: `${did} does not list key ${methodId}` };
  if (!isAssertionMethod(document, methodId)) return { status: 'failed', detail: `${did} does not authorise ${methodId} for assertions` };
  if (method.controller !== did) return { status: 'failed', detail: `key ${methodId} is controlled by ${String(method.controller)}, not ${did}` };
  return { status: 'passed', method, detail: `signed by ${methodId}` };
}

function firstErrorMessage(error: unknown): string {
  const nested = (error as { errors?: unknown[] } | undefined)?.errors?.[0];
  const chosen = nested ?? error;
  return chosen instanceof Error ? chosen.message : String(chosen ?? 'unknown error');
}

/** Proofs of a credential as an array (a single object is allowed by VC). */
export function proofsOf(credential: Record<string, unknown>): Array<Record<string, unknown>> {
  return ([] as unknown[]).concat(credential.proof ?? []).filter((p): p is Record<string, unknown> => typeof p === 'object' && p !== null);
}

/**
 * Checks every eddsa-rdfc-2022 proof of a credential, with its key already known to belong
 * to the issuer. Dates and status are left to the caller: vc's own checks run at `validFrom`.
 * A badge of ours of a known shape is checked on the fast path (credentials/fast), which only
 * ever answers "passed"; every other credential and every failure comes from the stock path.
 */
export async function verifyDataIntegrity(credential: Record<string, unknown>, loader: DocumentLoader): Promise<CheckResult> {
  const fast = currentFastSigner();
  if (!fast) return verifyDataIntegrityStock(credential, loader);
  return fast.verify(credential, loader, () => verifyDataIntegrityStock(credential, loader));
}

/** verifyDataIntegrity through @digitalbazaar/vc only (the reference for the fast path). */
export async function verifyDataIntegrityStock(credential: Record<string, unknown>, loader: DocumentLoader): Promise<CheckResult> {
  const proofs = proofsOf(credential);
  if (proofs.length === 0) return { status: 'failed', detail: 'the credential has no proof' };
  const unsupported = proofs.find((proof) => proof.type !== 'DataIntegrityProof' || proof.cryptosuite !== 'eddsa-rdfc-2022');
  if (unsupported) return { status: 'failed', detail: `unsupported proof ${String(unsupported.type)}/${String(unsupported.cryptosuite)}` };
  const validFrom = credential.validFrom ?? credential.issuanceDate;
  const result = await vc.verifyCredential({
    credential,
    // A suite per call: DataIntegrityProof caches the last document hash on the instance.
    suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }),
    documentLoader: loader,
    now: typeof validFrom === 'string' ? validFrom : new Date(),
    // Status is checked by the caller, reading the bit itself (see verify-status.ts).
    checkStatus: async () => ({ verified: true }),
  });
  const results = (result.results ?? []) as Array<{ verified?: boolean }>;
  // jsonld-signatures accepts a proof set when ANY proof verifies; require all of them.
  if (result.verified && results.length === proofs.length && results.every((r) => r.verified === true)) {
    return { status: 'passed', detail: `${proofs.length} eddsa-rdfc-2022 proof(s) verified` };
  }
  const cause = result.error ?? results.find((r) => r.verified !== true);
  const message = firstErrorMessage((cause as { error?: unknown })?.error ?? cause);
  if (findLoadError(result.error)?.reason === 'unavailable') return { status: 'could_not_check', detail: message };
  return { status: 'failed', detail: message };
}

function findLoadError(error: unknown): DocumentLoadError | undefined {
  if (error instanceof DocumentLoadError) return error;
  const nested = (error as { errors?: unknown[]; cause?: unknown } | undefined);
  for (const inner of [...(nested?.errors ?? []), nested?.cause]) {
    if (inner && inner !== error) {
      const found = findLoadError(inner);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Verifies a compact JWS with the (Ed25519) key of a resolved verification method.
 * `canonicalSegments`: the caller already found header and payload to be canonical base64url
 * (verifyCredential's parse), so they are not scanned again.
 */
export async function verifyJwtSignature(jwt: string, method: VerificationMethod, options: { canonicalSegments?: boolean } = {}): Promise<CheckResult> {
  let jwk;
  try {
    if (method.publicKeyJwk) multibaseFromPublicJwk(method.publicKeyJwk); // asserts Ed25519
    jwk = method.publicKeyJwk ?? jwkOfMultibase(String(method.publicKeyMultibase));
  } catch (error) {
    return { status: 'failed', detail: `unsupported key: ${firstErrorMessage(error)}` };
  }
  let publicKey: KeyObject;
  try {
    publicKey = cachedPublicKey(jwk);
  } catch (error) {
    return { status: 'failed', detail: `JWT signature: ${firstErrorMessage(error)}` };
  }
  // Light path: only ever answers "passed"; anything else (and every failure, for jose's message) goes to jose.
  if (verifiesDirectly(jwt, publicKey, options.canonicalSegments === true)) return { status: 'passed', detail: `JWT signature verified with ${method.id}` };
  try {
    await compactVerify(jwt, publicKey, { algorithms: ['EdDSA', 'Ed25519'] });
    return { status: 'passed', detail: `JWT signature verified with ${method.id}` };
  } catch (error) {
    return { status: 'failed', detail: `JWT signature: ${firstErrorMessage(error)}` };
  }
}


const jwksByMultibase = new Map<string, Ed25519PublicJwk>();

/** publicJwkFromMultibase, remembered (bounded like the keys below); errors are not cached. */
function jwkOfMultibase(multibase: string): Ed25519PublicJwk {
  let jwk = jwksByMultibase.get(multibase);
  if (!jwk) {
    jwk = publicJwkFromMultibase(multibase);
    if (jwksByMultibase.size >= PUBLIC_KEY_CACHE_SIZE) jwksByMultibase.delete(jwksByMultibase.keys().next().value!);
    jwksByMultibase.set(multibase, jwk);
  }
  return jwk;
}

/** Imported public keys by their x coordinate (bounded; the oldest goes first). */
const publicKeys = new Map<string, KeyObject>();
const PUBLIC_KEY_CACHE_SIZE = 1_024;

function cachedPublicKey(jwk: Ed25519PublicJwk): KeyObject {
  let key = publicKeys.get(jwk.x);
  if (!key) {
    key = publicKeyFromJwk(jwk);
    if (publicKeys.size >= PUBLIC_KEY_CACHE_SIZE) publicKeys.delete(publicKeys.keys().next().value!);
    publicKeys.set(jwk.x, key);
  }
  return key;
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * A compact JWS jose would accept with `algorithms: ['EdDSA', 'Ed25519']` and an Ed25519 key,
 * checked with node:crypto directly: three base64url segments, a protected header that is a
 * JSON object with alg EdDSA or Ed25519 and neither `crit` nor `b64` (the only header
 * parameters that change how jose verifies), a 64-byte signature over `header.payload`.
 * False means "not decided here", never "invalid".
 */
function verifiesDirectly(jwt: string, publicKey: KeyObject, canonicalSegments: boolean): boolean {
  const parts = jwt.split('.');
  if (parts.length !== 3) return false;
  const [header, payload, signature] = parts as [string, string, string];
  if (!header || !BASE64URL.test(signature) || payload.length % 4 === 1) return false;
  if (!canonicalSegments && (!BASE64URL.test(header) || !BASE64URL.test(payload))) return false;
  const headerBytes = Buffer.from(header, 'base64url');
  if (headerBytes.toString('base64url') !== header) return false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(headerBytes.toString('utf8'));
  } catch {
    return false;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return false;
  const fields = parsed as Record<string, unknown>;
  if ((fields.alg !== 'EdDSA' && fields.alg !== 'Ed25519') || 'crit' in fields || 'b64' in fields) return false;
  const signatureBytes = Buffer.from(signature, 'base64url');
  if (signatureBytes.length !== 64 || signatureBytes.toString('base64url') !== signature) return false;
  return cryptoVerify(null, Buffer.from(`${header}.${payload}`, 'ascii'), publicKey, signatureBytes);
}
