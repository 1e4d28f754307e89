/**
 * What @digitalbazaar/data-integrity does around the canonicalisation, restated for the fast
 * path: the proof configuration it hashes, its date format, and the contexts it accepts.
 */
import { VC_CONTEXT_V2 } from '../contexts.ts';

export interface ProofValue {
  type: 'DataIntegrityProof';
  created?: string;
  verificationMethod: string;
  cryptosuite: 'eddsa-rdfc-2022';
  proofPurpose: 'assertionMethod';
  proofValue?: string;
  [key: string]: unknown;
}

/**
 * The contexts of a VC 2.0 credential given as URLs, or undefined (VC 1.1, inline contexts):
 * with VC 2.0 present, DataIntegrityProof adds no suite context to document or proof.
 */
export function contextsOf(document: Record<string, unknown>): string[] | undefined {
  const contexts = ([] as unknown[]).concat(document['@context'] ?? []);
  if (contexts[0] !== VC_CONTEXT_V2 || !contexts.every((context) => typeof context === 'string')) return undefined;
  return contexts as string[];
}

/**
 * The proof configuration DataIntegrityProof.canonizeProof canonises: the document's
 * `@context` first, then the proof without `proofValue` (the caller passes it without).
 */
export function proofConfig(document: Record<string, unknown>, proof: Record<string, unknown>): Record<string, unknown> {
  return { '@context': document['@context'], ...proof };
}

/** data-integrity's w3cDate: ISO 8601 without milliseconds. */
export function w3cDate(date: Date): string {
  const text = date.toISOString();
  return `${text.slice(0, -5)}Z`;
}

// data-integrity's XMLDateTimeRegExp, anchored: whatever passes here passes its unanchored test.
const XML_DATE_TIME = new RegExp(
  '^-?([1-9][0-9]{3,}|0[0-9]{3})' +
  '-(0[1-9]|1[0-2])' +
  '-(0[1-9]|[12][0-9]|3[01])' +
  'T(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]+)?|(24:00:00(\\.0+)?))' +
  '(Z|(\\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?$');

export function isW3cDateStrict(value: unknown): boolean {
  return typeof value === 'string' && XML_DATE_TIME.test(value);
}

type Loader = (url: string) => Promise<{ document: unknown }>;

/**
 * Every key of the context documents (scoped contexts and referenced contexts included): a
 * superset of the terms and prefixes jsonld could expand a value with.
 */
export function contextTermsLoader(loader: Loader): (contexts: string[]) => Promise<ReadonlySet<string>> {
  const cache = new Map<string, Promise<ReadonlySet<string>>>();
  return (contexts) => {
    const key = JSON.stringify(contexts);
    let pending = cache.get(key);
    if (!pending) {
      pending = collectTerms(contexts, loader);
      cache.set(key, pending);
    }
    return pending;
  };
}

async function collectTerms(contexts: string[], loader: Loader): Promise<ReadonlySet<string>> {
  const terms = new Set<string>();
  const seen = new Set<string>();
  const queue = [...contexts];
  while (queue.length > 0) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    collectKeys((await loader(url)).document, terms, queue);
  }
  return terms;
}

function collectKeys(value: unknown, terms: Set<string>, queue: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collectKeys(item, terms, queue);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      terms.add(key);
      if ((key === '@context' || key === '@import') && typeof inner === 'string') queue.push(inner);
      if (key === '@context' && Array.isArray(inner)) for (const item of inner) if (typeof item === 'string') queue.push(item);
      collectKeys(inner, terms, queue);
    }
  }
}
