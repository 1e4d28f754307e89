import { decodeJwt, decodeProtectedHeader } from 'jose';
import { createDocumentLoader, VC_CONTEXT_V1, VC_CONTEXT_V2, type DidWebResolver, type DocumentLoader } from './contexts.ts';
import { toNumericDate } from './dates.ts';
import { isOpenBadgeCredential, validateAchievementCredential } from './schema.ts';
import { issuerIdOf, setOwn } from './sign.ts';
import { checkStatus, type StatusListCache, type StatusListLoader } from './verify-status.ts';
import { memoiseLoader, proofsOf, resolveIssuerKey, verifyDataIntegrity, verifyJwtSignature, type CheckResult } from './verify-proof.ts';

export type CheckName =
  | 'parsed' | 'context_known' | 'schema' | 'signature' | 'issuer_known'
  | 'not_before' | 'not_expired' | 'not_revoked' | 'not_suspended';
export type CheckStatus = 'passed' | 'failed' | 'could_not_check' | 'not_applicable';
export interface Check { name: CheckName; status: CheckStatus; detail?: string }
export type Outcome = 'valid' | 'invalid' | 'could_not_check';

export interface VerificationReport {
  outcome: Outcome;
  checks: Check[];
  /** The credential as parsed (for a JWT: the payload without its JWT claims). */
  credential?: Record<string, unknown>;
  format?: 'data-integrity' | 'jwt';
}

export interface VerifyOptions {
  /** Contexts and DIDs; defaults to createDocumentLoader({ resolveDidWeb }). */
  documentLoader?: DocumentLoader;
  /** did:web resolution of foreign issuers, used when no documentLoader is given. */
  resolveDidWeb?: DidWebResolver;
  /** Bound on each did:web resolution, used when no documentLoader is given (default 5 s). */
  didWebTimeoutMs?: number;
  loadStatusListCredential?: StatusListLoader;
  statusListCache?: StatusListCache;
  /** The verifier's clock (injected so tests and replays are deterministic). */
  now?: () => Date;
  statusListTimeoutMs?: number;
  /** Tolerance on validFrom / validUntil, as @digitalbazaar/vc (default 300 s). */
  clockSkewSeconds?: number;
}

const CHECK_ORDER: CheckName[] = ['parsed', 'context_known', 'schema', 'signature', 'issuer_known', 'not_before', 'not_expired', 'not_revoked', 'not_suspended'];
const JWT_CLAIMS = ['iss', 'jti', 'nbf', 'exp', 'sub', 'iat', 'aud'];

interface Parsed {
  credential: Record<string, unknown>;
  jwt?: { compact: string; kid?: string; alg?: string; payload: Record<string, unknown>; canonical: boolean };
}

/**
 * The one verifier (public page, VC-API, expert prerequisite). Accepts a credential object, its
 * JSON text or an OB 3.0 JWT, and returns every named check plus an outcome that fails
 * closed: any failed check -> invalid; else anything unchecked -> could_not_check; else valid.
 */
export async function verifyCredential(input: unknown, options: VerifyOptions = {}): Promise<VerificationReport> {
  const checks = new Map<CheckName, Check>();
  const record = (name: CheckName, result: CheckResult | { status: CheckStatus; detail?: string }) => {
    checks.set(name, { name, status: result.status, ...(result.detail ? { detail: result.detail } : {}) });
  };
  const parsed = parse(input);
  if ('error' in parsed) {
    record('parsed', { status: 'failed', detail: parsed.error });
    return report(checks);
  }
  const { credential } = parsed;
  record('parsed', { status: 'passed', detail: parsed.jwt ? 'OB 3.0 JWT' : 'JSON-LD credential' });
  const loader = memoiseLoader(options.documentLoader ?? defaultLoader(options));
  record('context_known', await checkContexts(credential, loader));
  record('schema', checkSchema(credential));
  const proof = await checkProof(parsed, loader);
  record('issuer_known', proof.issuer);
  record('signature', proof.signature);
  const now = (options.now ?? (() => new Date()))();
  const skewMs = (options.clockSkewSeconds ?? 300) * 1000;
  record('not_before', checkNotBefore(credential, now, skewMs));
  record('not_expired', checkNotExpired(credential, now, skewMs));
  const [revocation, suspension] = await statusChecks(credential, proof, { loader, now, options });
  record('not_revoked', revocation);
  record('not_suspended', suspension);
  return report(checks, parsed);
}

type StatusCheck = Awaited<ReturnType<typeof checkStatus>>;

async function statusChecks(
  credential: Record<string, unknown>,
  proof: { issuer: CheckResult; signature: CheckResult },
  context: { loader: DocumentLoader; now: Date; options: VerifyOptions },
): Promise<[StatusCheck, StatusCheck]> {
  if (proof.signature.status !== 'passed' || proof.issuer.status !== 'passed') {
    // The status of an unauthenticated document means nothing: do not fetch for it.
    const skipped = { status: 'could_not_check' as const, detail: 'not checked: the proof did not verify' };
    return [skipped, skipped];
  }
  const { options } = context;
  const statusContext = {
    documentLoader: context.loader,
    now: context.now,
    timeoutMs: options.statusListTimeoutMs ?? 5_000,
    ...(options.loadStatusListCredential ? { loadStatusListCredential: options.loadStatusListCredential } : {}),
    ...(options.statusListCache ? { cache: options.statusListCache } : {}),
  };
  return Promise.all([checkStatus(credential, 'revocation', statusContext), checkStatus(credential, 'suspension', statusContext)]);
}

function defaultLoader(options: VerifyOptions): DocumentLoader {
  return createDocumentLoader({
    ...(options.resolveDidWeb ? { resolveDidWeb: options.resolveDidWeb } : {}),
    ...(options.didWebTimeoutMs === undefined ? {} : { didWebTimeoutMs: options.didWebTimeoutMs }),
  });
}

function report(checks: Map<CheckName, Check>, parsed?: Parsed): VerificationReport {
  const list = CHECK_ORDER.map((name) => checks.get(name) ?? { name, status: 'could_not_check' as const, detail: 'not checked: the credential could not be parsed' });
  const outcome: Outcome = list.some((c) => c.status === 'failed') ? 'invalid'
    : list.some((c) => c.status === 'could_not_check') ? 'could_not_check' : 'valid';
  return {
    outcome,
    checks: list,
    ...(parsed ? { credential: parsed.credential, format: parsed.jwt ? ('jwt' as const) : ('data-integrity' as const) } : {}),
  };
}

function parse(input: unknown): Parsed | { error: string } {
  let value = input;
  if (typeof value === 'string') {
    const text = value.trim();
    if (!text.startsWith('{')) return parseJwt(text);
    try {
      value = JSON.parse(text);
    } catch {
      return { error: 'not JSON and not a JWT' };
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'a credential must be a JSON object' };
  const credential = value as Record<string, unknown>;
  const problem = structuralProblem(credential);
  return problem ? { error: problem } : { credential };
}

function structuralProblem(credential: Record<string, unknown>): string | undefined {
  const contexts = ([] as unknown[]).concat(credential['@context'] ?? []);
  if (contexts[0] !== VC_CONTEXT_V2 && contexts[0] !== VC_CONTEXT_V1) return 'the first @context must be the VC v1 or v2 context';
  if (!([] as unknown[]).concat(credential.type ?? []).includes('VerifiableCredential')) return 'type must include VerifiableCredential';
  if (!issuerIdOf(credential)) return 'the issuer has no id';
  if (typeof credential.credentialSubject !== 'object' || credential.credentialSubject === null) return 'credentialSubject is missing';
  return undefined;
}

function parseJwt(compact: string): Parsed | { error: string } {
  let header: Record<string, unknown>;
  let payload: Record<string, unknown>;
  const parts = compact.split('.');
  const light = parts.length === 3 ? [plainJsonSegment(parts[0]!), plainJsonSegment(parts[1]!)] : [];
  if (light[0] && light[1]) [header, payload] = light as [Record<string, unknown>, Record<string, unknown>];
  else {
    try {
      header = decodeProtectedHeader(compact) as Record<string, unknown>;
      payload = decodeJwt(compact) as Record<string, unknown>;
    } catch (error) {
      return { error: `not a JWT: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
  // VC-JWT 1.1 wraps the credential in `vc`; the OB 3.0 form is the credential itself.
  const embedded = !payload['@context'] && typeof payload.vc === 'object' && payload.vc !== null ? (payload.vc as Record<string, unknown>) : payload;
  const credential: Record<string, unknown> = {};
  for (const key of Object.keys(embedded)) if (embedded !== payload || !JWT_CLAIMS.includes(key)) setOwn(credential, key, embedded[key]);
  const problem = structuralProblem(credential) ?? claimsMismatch(payload, credential);
  if (problem) return { error: problem };
  const jwt = {
    compact,
    payload,
    // Both segments read on the light path are canonical base64url: the signature check need not re-scan them.
    canonical: Boolean(light[0] && light[1]),
    ...(typeof header.kid === 'string' ? { kid: header.kid } : {}),
    ...(typeof header.alg === 'string' ? { alg: header.alg } : {}),
  };
  return { credential, jwt };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A JWS segment decoded as jose's decodeProtectedHeader / decodeJwt decode it (base64url,
 * strict UTF-8, JSON, a plain object), or undefined when it is not that simple case: then
 * jose decodes, so its message explains what is wrong. Only a canonical segment (its bytes
 * encode back to it: base64url characters, no '=', no whitespace, no stray bits) is read
 * here; Buffer and atob read such a segment the same.
 */
function plainJsonSegment(segment: string): Record<string, unknown> | undefined {
  if (segment.length === 0 || segment.length % 4 === 1) return undefined;
  const bytes = Buffer.from(segment, 'base64url');
  if (bytes.toString('base64url') !== segment) return undefined;
  try {
    const value: unknown = JSON.parse(strictUtf8.decode(bytes));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    return value as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** The JWT claims must say what the embedded credential says (OB 3.0, JWT proof format). */
function claimsMismatch(payload: Record<string, unknown>, credential: Record<string, unknown>): string | undefined {
  const subject = credential.credentialSubject as { id?: unknown };
  const dateClaim = (value: unknown) => (typeof value === 'string' ? toNumericDateOrNaN(value) : undefined);
  const expected: Record<string, unknown> = {
    iss: issuerIdOf(credential),
    jti: credential.id,
    sub: subject.id,
    nbf: dateClaim(credential.validFrom ?? credential.issuanceDate),
    exp: dateClaim(credential.validUntil ?? credential.expirationDate),
  };
  if (payload.iss === undefined) return 'the JWT has no iss claim';
  for (const [claim, value] of Object.entries(expected)) {
    if (payload[claim] !== undefined && payload[claim] !== value) return `JWT claim ${claim} does not match the credential`;
  }
  return undefined;
}

function toNumericDateOrNaN(value: string): number {
  try {
    return toNumericDate(value);
  } catch {
    return Number.NaN;
  }
}

async function checkContexts(credential: Record<string, unknown>, loader: DocumentLoader): Promise<CheckResult> {
  for (const context of ([] as unknown[]).concat(credential['@context'])) {
    if (typeof context === 'object' && context !== null) continue; // inline: nothing to fetch
    if (typeof context !== 'string' || context.startsWith('did:')) return { status: 'failed', detail: `invalid @context entry ${JSON.stringify(context)}` };
    try {
      await loader(context);
    } catch {
      return { status: 'failed', detail: `unknown context ${context} (remote contexts are never fetched)` };
    }
  }
  return { status: 'passed' };
}

function checkSchema(credential: Record<string, unknown>): CheckResult | { status: 'not_applicable'; detail: string } {
  if (!isOpenBadgeCredential(credential)) return { status: 'not_applicable', detail: 'not an Open Badge' };
  const errors = validateAchievementCredential(credential);
  if (errors.length === 0) return { status: 'passed', detail: 'OB 3.0 AchievementCredential schema' };
  return { status: 'failed', detail: errors.slice(0, 5).map((e) => `${e.path || '/'} ${e.message}`).join('; ') };
}

async function checkProof(parsed: Parsed, loader: DocumentLoader): Promise<{ issuer: CheckResult; signature: CheckResult }> {
  const notChecked: CheckResult = { status: 'could_not_check', detail: 'not checked: the issuer key is unknown' };
  const issuerId = issuerIdOf(parsed.credential);
  if (parsed.jwt) {
    const { kid, alg } = parsed.jwt;
    if (alg !== 'EdDSA' && alg !== 'Ed25519') return { issuer: notChecked, signature: { status: 'failed', detail: `unsupported JWT alg ${String(alg)}` } };
    if (!kid) return { issuer: { status: 'failed', detail: 'the JWT header has no kid' }, signature: notChecked };
    const key = await resolveIssuerKey(kid, issuerId, loader);
    if (key.status !== 'passed') return { issuer: key, signature: notChecked };
    return { issuer: key, signature: await verifyJwtSignature(parsed.jwt.compact, key.method, { canonicalSegments: parsed.jwt.canonical }) };
  }
  const proofs = proofsOf(parsed.credential);
  if (proofs.length === 0) return { issuer: notChecked, signature: { status: 'failed', detail: 'the credential has no proof' } };
  let issuer: CheckResult = { status: 'passed' };
  for (const proof of proofs) {
    const key = await resolveIssuerKey(String(proof.verificationMethod), issuerId, loader);
    if (key.status !== 'passed') return { issuer: key, signature: notChecked };
    issuer = key;
  }
  return { issuer, signature: await verifyDataIntegrity(parsed.credential, loader) };
}

function dateCheck(value: unknown, label: string, passes: (ms: number) => boolean, failure: string): CheckResult | { status: 'not_applicable'; detail: string } {
  if (value === undefined) return { status: 'not_applicable', detail: `no ${label}` };
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) return { status: 'failed', detail: `${label} is not a date` };
  return passes(ms) ? { status: 'passed', detail: `${label} ${String(value)}` } : { status: 'failed', detail: `${failure} (${label} ${String(value)})` };
}

function isVc1(credential: Record<string, unknown>): boolean {
  return ([] as unknown[]).concat(credential['@context'])[0] === VC_CONTEXT_V1;
}

function checkNotBefore(credential: Record<string, unknown>, now: Date, skewMs: number) {
  const label = isVc1(credential) ? 'issuanceDate' : 'validFrom';
  return dateCheck(credential[label], label, (ms) => ms <= now.getTime() + skewMs, 'not valid yet');
}

function checkNotExpired(credential: Record<string, unknown>, now: Date, skewMs: number) {
  const label = isVc1(credential) ? 'expirationDate' : 'validUntil';
  return dateCheck(credential[label], label, (ms) => ms >= now.getTime() - skewMs, 'expired');
}
