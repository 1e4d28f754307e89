import type { DocumentLoader } from './contexts.ts';
import { decodeStatusList, getStatusBit, MIN_STATUS_LIST_LENGTH, type StatusPurpose } from './status-list.ts';
import { issuerIdOf } from './sign.ts';
import { withTimeout } from './timeout.ts';
import { memoiseLoader, proofsOf, resolveIssuerKey, verifyDataIntegrity, type CheckResult } from './verify-proof.ts';

/** Fetches a status list credential by URL (HTTP in production); may throw or hang. */
export type StatusListLoader = (url: string) => Promise<unknown>;

/** A status list whose proof has been verified, decoded once. */
export interface VerifiedStatusList {
  issuerId: string;
  statusPurpose: string;
  bits: Uint8Array;
}

/**
 * Verified status lists kept in memory. `get` may ask something first (a list's version, say)
 * and so may be async; `set` receives the loaded document the list was verified from, so a
 * cache can tie the list to what it knows of that document (its version).
 */
export interface StatusListCache {
  get(url: string): VerifiedStatusList | undefined | Promise<VerifiedStatusList | undefined>;
  set(url: string, list: VerifiedStatusList, document: Record<string, unknown>): void;
}

/**
 * In-memory cache of VERIFIED status lists for `ttlMs` (checking a bit in a cached list is
 * ~10x cheaper than re-verifying the list). A revocation shows after at most `ttlMs`.
 */
export function createStatusListCache(options: { ttlMs?: number; maxEntries?: number; now?: () => Date } = {}): StatusListCache {
  const ttlMs = options.ttlMs ?? 60_000;
  const maxEntries = options.maxEntries ?? 1_000;
  const now = options.now ?? (() => new Date());
  const entries = new Map<string, { list: VerifiedStatusList; expiresAt: number }>();
  return {
    get(url) {
      const entry = entries.get(url);
      if (!entry) return undefined;
      if (entry.expiresAt > now().getTime()) return entry.list;
      entries.delete(url);
      return undefined;
    },
    set(url, list) {
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(url, { list, expiresAt: now().getTime() + ttlMs });
    },
  };
}

export interface StatusContext {
  documentLoader: DocumentLoader;
  loadStatusListCredential?: StatusListLoader;
  now: Date;
  timeoutMs: number;
  cache?: StatusListCache;
}

class StatusUnavailable extends Error {}

/** Status entries of a credential, whatever their type. */
function statusEntries(credential: Record<string, unknown>): Array<Record<string, unknown>> {
  return ([] as unknown[]).concat(credential.credentialStatus ?? []).filter((s): s is Record<string, unknown> => typeof s === 'object' && s !== null);
}

/**
 * The not_revoked / not_suspended check. Fails closed: a set bit fails; a list that cannot be
 * loaded, verified or decoded, or a status method we do not support, is "could not check".
 */
export async function checkStatus(credential: Record<string, unknown>, purpose: StatusPurpose, context: StatusContext): Promise<CheckResult | { status: 'not_applicable'; detail: string }> {
  const entries = statusEntries(credential);
  // A status method we cannot read might be the revocation mechanism: never call it clear.
  const foreign = entries.find((entry) => entry.type !== 'BitstringStatusListEntry');
  if (foreign && purpose === 'revocation') return { status: 'could_not_check', detail: `unsupported status method ${String(foreign.type)}` };
  const relevant = entries.filter((entry) => entry.type === 'BitstringStatusListEntry' && entry.statusPurpose === purpose);
  if (relevant.length === 0) return { status: 'not_applicable', detail: `no ${purpose} status entry` };
  for (const entry of relevant) {
    const result = await checkEntry(credential, entry, purpose, context);
    if (result.status !== 'passed') return result;
  }
  return { status: 'passed', detail: `${purpose} bit clear` };
}

async function checkEntry(credential: Record<string, unknown>, entry: Record<string, unknown>, purpose: StatusPurpose, context: StatusContext): Promise<CheckResult> {
  const { statusListCredential: url } = entry;
  // The spec makes the index a string; some issuers write a number.
  const statusListIndex = typeof entry.statusListIndex === 'number' ? String(entry.statusListIndex) : entry.statusListIndex;
  if (typeof statusListIndex !== 'string' || !/^\d+$/.test(statusListIndex) || typeof url !== 'string') {
    return { status: 'failed', detail: 'malformed BitstringStatusListEntry' };
  }
  let list: VerifiedStatusList;
  try {
    list = await loadVerifiedList(url, context);
  } catch (error) {
    return { status: 'could_not_check', detail: `status list ${url}: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (list.statusPurpose !== purpose) return { status: 'could_not_check', detail: `status list ${url} is for "${list.statusPurpose}", not "${purpose}"` };
  if (list.issuerId !== issuerIdOf(credential)) return { status: 'could_not_check', detail: `status list ${url} has another issuer` };
  const index = Number(statusListIndex);
  if (index >= list.bits.length * 8) return { status: 'could_not_check', detail: `index ${index} is outside status list ${url}` };
  if (getStatusBit(list.bits, index)) return { status: 'failed', detail: purpose === 'revocation' ? 'revoked' : 'suspended' };
  return { status: 'passed', detail: `${purpose} bit clear` };
}

async function loadVerifiedList(url: string, context: StatusContext): Promise<VerifiedStatusList> {
  const cached = await context.cache?.get(url);
  if (cached) return cached;
  const { loadStatusListCredential: load } = context;
  if (!load) throw new StatusUnavailable('no status list loader configured');
  let document = await withTimeout(() => load(url), context.timeoutMs, `status list ${url}`);
  if (typeof document === 'string') document = JSON.parse(document) as unknown;
  if (typeof document !== 'object' || document === null) throw new StatusUnavailable('not a JSON object');
  const list = await verifyStatusListCredential(document as Record<string, unknown>, context);
  context.cache?.set(url, list, document as Record<string, unknown>);
  return list;
}

async function verifyStatusListCredential(credential: Record<string, unknown>, context: StatusContext): Promise<VerifiedStatusList> {
  const types = ([] as unknown[]).concat(credential.type ?? []);
  const subject = credential.credentialSubject as Record<string, unknown> | undefined;
  if (!types.includes('BitstringStatusListCredential') || subject?.type !== 'BitstringStatusList' || typeof subject.encodedList !== 'string') {
    throw new StatusUnavailable('not a BitstringStatusListCredential');
  }
  assertListCurrent(credential, context.now);
  const issuerId = issuerIdOf(credential);
  const loader = memoiseLoader(context.documentLoader);
  for (const proof of proofsOf(credential)) {
    const key = await resolveIssuerKey(String(proof.verificationMethod), issuerId, loader);
    if (key.status !== 'passed') throw new StatusUnavailable(`its key: ${key.detail}`);
  }
  const proof = await verifyDataIntegrity(credential, loader);
  if (proof.status !== 'passed') throw new StatusUnavailable(`its proof does not verify: ${proof.detail}`);
  const bits = decodeStatusList(subject.encodedList);
  if (bits.length * 8 < MIN_STATUS_LIST_LENGTH) throw new StatusUnavailable(`shorter than ${MIN_STATUS_LIST_LENGTH} entries`);
  return { issuerId: issuerId as string, statusPurpose: String(subject.statusPurpose), bits };
}

// A stale or future list says nothing about today.
function assertListCurrent(credential: Record<string, unknown>, now: Date): void {
  const { validFrom, validUntil } = credential;
  if (typeof validUntil === 'string' && Date.parse(validUntil) < now.getTime()) throw new StatusUnavailable('the status list has expired');
  if (typeof validFrom === 'string' && Date.parse(validFrom) > now.getTime() + 300_000) throw new StatusUnavailable('the status list is not valid yet');
}
