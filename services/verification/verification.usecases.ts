import {
  createStatusListCache,
  issuerIdOf,
  verifyCredential,
  verifyPresentationProof,
  type StatusListCache,
  type VerificationReport,
  type VerifiedStatusList,
} from '../../credentials/index.ts';
import type { Deps } from '../deps.ts';
import { documentLoaderFor } from '../credentials/document-loader.ts';
import { credentialsRepository } from '../credentials/credentials.repository.ts';
import { statusRepository } from '../status/status.repository.ts';
import { publishedStatusList } from '../status/status.usecases.ts';
import { fetchForeignJson } from '../shared/fetch-json.ts';
import { publicBaseUrl } from '../shared/urls.ts';

type VerifyDeps = Pick<Deps, 'db' | 'config' | 'secrets' | 'clock'>;

/** The version each of our published list documents was signed at (set by the loader, read by the cache). */
const publishedVersions = new WeakMap<object, number>();

/**
 * Other issuers' lists are cached 5 minutes. Ours are kept verified in memory per version: a
 * check reads only the list's current version (one small query) and re-loads and re-verifies
 * the list when it changed, so a revocation or suspension shows at once.
 */
function statusCacheFor(deps: VerifyDeps): StatusListCache {
  const foreign = createStatusListCache({ ttlMs: 5 * 60_000, now: () => deps.clock.now() });
  const own = `${publicBaseUrl(deps.config)}/status/`;
  const verified = new Map<string, { version: number; list: VerifiedStatusList }>();
  return {
    async get(url) {
      if (!url.startsWith(own)) return foreign.get(url);
      const kept = verified.get(url);
      if (!kept) return undefined;
      const current = await statusRepository(deps.db).list(ownList(url, own).listId);
      return current?.version === kept.version ? kept.list : undefined;
    },
    set(url, list, document) {
      if (!url.startsWith(own)) return foreign.set(url, list, document);
      const version = publishedVersions.get(document);
      if (version === undefined) return;
      // Lists are few (one per purpose and 131,072 badges): no bound needed beyond the URL check.
      if ((verified.get(url)?.version ?? -1) <= version) verified.set(url, { version, list });
    },
  };
}
const caches = new WeakMap<object, StatusListCache>();

/** `<own>/status/<list>` (did:web) or `<own>/status/<list>/<key>` (did:key, one list per key). */
function ownList(url: string, own: string): { listId: string; storedKeyId?: string } {
  const [listId, storedKeyId, extra] = url.slice(own.length).split('/');
  if (!listId || extra !== undefined || storedKeyId === '') throw new Error(`no status list at ${url}`);
  return storedKeyId === undefined ? { listId } : { listId, storedKeyId };
}

/** Resolves a status list URL: ours from the store (no network), others over https with a time limit. */
async function loadStatusList(deps: VerifyDeps, url: string): Promise<unknown> {
  const own = `${publicBaseUrl(deps.config)}/status/`;
  if (!url.startsWith(own)) return fetchForeignJson(url);
  const published = await publishedStatusList(deps, ownList(url, own));
  publishedVersions.set(published.document, published.version);
  return published.document;
}

/**
 * The one verifier of this service (public page, VC-API, expert prerequisite): the
 * credentials library's checks with this deployment's loaders, plus what only the
 * issuer knows: a badge of ours revoked through its single suspension entry (Open
 * Badges 3.0 allows one credentialStatus) is reported as revoked, not suspended.
 */
export async function verifyPresentedCredential(deps: VerifyDeps, input: unknown): Promise<VerificationReport> {
  let cache = caches.get(deps.db);
  if (!cache) caches.set(deps.db, (cache = statusCacheFor(deps)));
  const report = await verifyCredential(input, {
    documentLoader: documentLoaderFor(deps),
    loadStatusListCredential: (url) => loadStatusList(deps, url),
    statusListCache: cache,
    now: () => deps.clock.now(),
  });
  return withIssuerRecord(deps, report);
}

async function withIssuerRecord(deps: VerifyDeps, report: VerificationReport): Promise<VerificationReport> {
  const signature = report.checks.find((c) => c.name === 'signature');
  const vcId = report.credential?.id;
  if (signature?.status !== 'passed' || typeof vcId !== 'string') return report;
  const row = await credentialsRepository(deps.db).byVcId(vcId);
  if (!row?.revoked_at || issuerIdOf(row.document) !== issuerIdOf(report.credential ?? {})) return report;
  const revokedOn = new Date(row.revoked_at).toISOString().slice(0, 10);
  const checks = report.checks.map((check) => {
    if (check.name === 'not_revoked') return { ...check, status: 'failed' as const, detail: `revoked by the issuer on ${revokedOn}` };
    if (check.name === 'not_suspended' && check.status === 'failed' && !hasRevocationEntry(report.credential)) {
      return { ...check, status: 'not_applicable' as const, detail: 'revoked (recorded on its only status entry)' };
    }
    return check;
  });
  return { ...report, outcome: 'invalid', checks };
}

function hasRevocationEntry(credential: Record<string, unknown> | undefined): boolean {
  const entries = ([] as unknown[]).concat(credential?.credentialStatus ?? []);
  return entries.some((e) => typeof e === 'object' && e !== null && (e as { statusPurpose?: unknown }).statusPurpose === 'revocation');
}

/**
 * Verifies a presentation: its own proof (challenge and domain), then every credential
 * in it with the full credential verifier. Valid only when all of them are.
 */
export async function verifyPresentation(
  deps: VerifyDeps,
  input: { presentation: Record<string, unknown>; challenge?: string; domain?: string },
): Promise<{ verified: boolean; presentation: { verified: boolean; detail: string }; credentials: VerificationReport[] }> {
  const presentation = await verifyPresentationProof(input.presentation, { documentLoader: documentLoaderFor(deps), challenge: input.challenge, domain: input.domain });
  const embedded = ([] as unknown[]).concat(input.presentation.verifiableCredential ?? []);
  const credentials = await Promise.all(embedded.map((credential) => verifyPresentedCredential(deps, credential)));
  return { verified: presentation.verified && credentials.every((r) => r.outcome === 'valid'), presentation, credentials };
}
