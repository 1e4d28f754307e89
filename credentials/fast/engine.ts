/**
 * The fast eddsa-rdfc-2022 path: the same proof as @digitalbazaar/vc + data-integrity, byte for
 * byte, computed from shape templates instead of running jsonld.js on every credential. Every
 * guard that trips hands the credential to the stock path; so does any error.
 */
import { createPublicKey, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import jsigs from 'jsonld-signatures';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { _checkCredential, CredentialIssuancePurpose } from '@digitalbazaar/vc';
import { createDocumentLoader, type DocumentLoader } from '../contexts.ts';
import type { SigningKey } from '../keys.ts';
import { publicJwkFromMultibase } from '../keys.ts';
import { decodeBase58, encodeBase58 } from './base58.ts';
import { sha256 } from './canonize.ts';
import { cloneJson, ShapeCache } from './shape.ts';
import { TemplateStore } from './store.ts';
import { contextTermsLoader, contextsOf, proofConfig, w3cDate, isW3cDateStrict, type ProofValue } from './proof.ts';

export type CheckResult = { status: 'passed'; detail?: string } | { status: 'failed' | 'could_not_check'; detail: string };

export interface FastSignerOptions {
  /** Learned shapes beyond the registered ones (default 64); more go to the stock path. */
  maxShapes?: number;
  /** Templates across all shapes (default 256). */
  maxTemplates?: number;
  /** Share of fast results re-done on the stock path off the hot path (default 0.001). */
  sampleRate?: number;
  /**
   * At most one re-check started per this many milliseconds (default 1,000): a re-check costs a
   * stock signature or verification (~5-10 ms), so under a burst the sample stays below ~1 % of
   * a core instead of growing with the rate. 0 = no spacing.
   */
  sampleSpacingMs?: number;
  /** Called when a sampled re-check differs; the shape is then disabled. */
  onMismatch?: (report: { operation: 'sign' | 'verify'; shapeKey: string; fast: unknown; stock: unknown }) => void;
  random?: () => number;
}

export interface FastStats { fast: number; fallbacks: Record<string, number>; sampled: number; mismatches: number; shapes: number; templates: number }

/** The stock path, signing with this `created` date (the fast path's own, for a re-check). */
type StockSign<T> = (created: Date | undefined) => Promise<T>;
type StockVerify = () => Promise<CheckResult>;

/** Creates an engine with its own template cache and keys. See docs/performance.md. */
export function createFastSigner(options: FastSignerOptions = {}): FastSigner {
  return new FastSigner(options);
}

export class FastSigner {
  private readonly store: TemplateStore;
  private readonly ourKeys = new Map<string, { multibase: string; publicKey: KeyObject }>();
  private readonly checkedMethods = new Map<string, Promise<boolean>>();
  private readonly counters: FastStats = { fast: 0, fallbacks: {}, sampled: 0, mismatches: 0, shapes: 0, templates: 0 };
  private readonly staticLoader = jsigs.extendContextLoader(createDocumentLoader());
  private lastProof: ProofInput | undefined;
  private readonly ourContexts = new Map<string, Promise<unknown>>();
  private readonly shapes = new ShapeCache();
  private lastSample = Number.NEGATIVE_INFINITY;
  private readonly configShapes = new ShapeCache();
  private readonly methodDocuments = new WeakMap<object, Promise<boolean>>();

  constructor(private readonly options: FastSignerOptions) {
    this.store = new TemplateStore(this.staticLoader, contextTermsLoader(this.staticLoader), {
      maxShapes: options.maxShapes ?? 64,
      maxTemplates: options.maxTemplates ?? 256,
    });
  }

  stats(): FastStats {
    return { ...this.counters, fallbacks: { ...this.counters.fallbacks }, ...this.store.size };
  }

  /** Compiles the shape of a credential (signed or not) ahead of time. True if it can go fast. */
  async registerShape(credential: object): Promise<boolean> {
    const { proof: _proof, ...document } = credential as Record<string, unknown>;
    const shape = contextsOf(document) && this.shapes.of(document);
    if (!shape) return false;
    // The proof configuration of a proof by us (a stand-in when the credential is unsigned).
    const sample = singleProof(credential as Record<string, unknown>) ?? { ...STAND_IN_PROOF };
    const { proofValue: _value, ...unsigned } = sample;
    const config = proofConfig(document, unsigned);
    const configShape = this.configShapes.of(config);
    if (!configShape) return false;
    const results = await Promise.all([this.store.canonize(document, shape, true), this.store.canonize(config, configShape, true)]);
    return results.every((result) => typeof result === 'string');
  }

  /** Canonical N-Quads of a document (no proof) through its template, or why not (tests, tools). */
  async canonize(document: Record<string, unknown>): Promise<string | { fallback: string }> {
    const shape = contextsOf(document) && this.shapes.of(document);
    if (!shape) return { fallback: 'shape' };
    return this.store.canonize(document, shape, true);
  }

  /** A key of ours: its proofs may be verified on the fast path. Signing registers its key. */
  registerKey(verificationMethodId: string, publicKeyMultibase: string): void {
    const publicKey = createPublicKey({ key: { ...publicJwkFromMultibase(publicKeyMultibase) }, format: 'jwk' });
    this.ourKeys.set(verificationMethodId, { multibase: publicKeyMultibase, publicKey });
  }

  /** Signs on the fast path, or returns `stock()`'s result. `created` as for DataIntegrityProof. */
  async sign<T>(credential: object, key: SigningKey, options: { documentLoader: DocumentLoader; created?: Date }, stock: StockSign<T>): Promise<T> {
    // One date for both paths, so that a sampled re-check signs the very same proof.
    const created = options.created ?? new Date();
    let outcome: { signed: T; shapeKey: string } | string;
    try {
      outcome = await this.trySign<T>(credential as Record<string, unknown>, key, options.documentLoader, created);
    } catch (error) {
      outcome = `error: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (typeof outcome === 'string') {
      this.fallback(outcome);
      return stock(options.created);
    }
    this.counters.fast++;
    if (this.sampled()) this.recheck('sign', outcome.shapeKey, outcome.signed, () => stock(created));
    return outcome.signed;
  }

  private async trySign<T>(credential: Record<string, unknown>, key: SigningKey, loader: DocumentLoader, date: Date) {
    if ('proof' in credential) return 'already-signed';
    const contexts = contextsOf(credential);
    if (!contexts) return 'contexts';
    // DataIntegrityProof: new Date(date), refused when invalid.
    const created = new Date(date);
    if (Number.isNaN(created.getTime())) return 'created';
    const shape = this.shapes.of(credential);
    if (!shape) return 'not-plain-json';
    // An independent copy, as signCredentialDataIntegrityStock returns (it signs a structuredClone),
    // taken in the same turn as the leaves: what is signed is what is returned.
    const signed = cloneJson(credential) as Record<string, unknown>;
    _checkCredential({ credential, mode: 'issue' });
    if (!(await this.sameContexts(contexts, loader))) return 'context-documents';
    const proof: ProofValue = {
      type: 'DataIntegrityProof',
      created: w3cDate(created),
      verificationMethod: key.verificationMethodId,
      cryptosuite: 'eddsa-rdfc-2022',
      proofPurpose: 'assertionMethod',
    };
    const data = await this.verifyData(credential, shape, proof, true);
    if (typeof data === 'string') return data;
    proof.proofValue = `z${encodeBase58(key.sign(data))}`;
    if (!this.ourKeys.has(key.verificationMethodId)) this.registerKey(key.verificationMethodId, key.publicKeyMultibase);
    // `proof` was checked absent, so assigning it puts it last, where the stock path puts it.
    signed.proof = [proof];
    return { signed: signed as T, shapeKey: shape.key };
  }

  /** proofHash || documentHash, as DataIntegrityProof.createVerifyData; or a fallback reason. */
  private async verifyData(document: Record<string, unknown>, shape: { key: string; leaves: (string | number)[] }, proof: Record<string, unknown>, learn: boolean): Promise<Buffer | string> {
    const proofHash = await this.proofHash(document, proof, learn);
    if (typeof proofHash === 'string') return proofHash;
    const documentNQuads = await this.store.canonize(document, shape, learn);
    if (typeof documentNQuads !== 'string') return documentNQuads.fallback;
    return Buffer.concat([proofHash, sha256(documentNQuads)]);
  }

  /**
   * Hash of the canonical proof configuration. The last one is kept (a batch shares it, and so
   * do badges signed within one second): it is reused when the contexts and the proof's keys
   * (in order) and primitive values are the same, i.e. the very same configuration JSON.
   */
  private async proofHash(document: Record<string, unknown>, proof: Record<string, unknown>, learn: boolean): Promise<Buffer | string> {
    const last = this.lastProof;
    if (last && sameProofInput(last, document['@context'], proof)) return last.hash;
    const config = proofConfig(document, proof);
    const shape = this.configShapes.of(config);
    if (!shape) return 'proof-not-plain-json';
    const nquads = await this.store.canonize(config, shape, learn);
    if (typeof nquads !== 'string') return `proof: ${nquads.fallback}`;
    const hash = sha256(nquads);
    this.lastProof = proofInput(document['@context'], proof, hash);
    return hash;
  }

  /**
   * Verifies the one eddsa-rdfc-2022 proof of a credential of ours on the fast path when it
   * passes; anything else (a failure included, for its exact message) is `stock()`'s answer.
   */
  async verify(credential: Record<string, unknown>, loader: DocumentLoader, stock: StockVerify): Promise<CheckResult> {
    let outcome: { shapeKey: string } | string;
    try {
      outcome = await this.tryVerify(credential, loader);
    } catch (error) {
      outcome = `error: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (typeof outcome === 'string') {
      this.fallback(outcome);
      const result = await stock();
      // Learn a shape only from a badge the stock path verified under one of our keys.
      if (outcome === 'unknown-shape' && result.status === 'passed') void this.registerShape(credential).catch(() => undefined);
      return result;
    }
    this.counters.fast++;
    const passed: CheckResult = { status: 'passed', detail: '1 eddsa-rdfc-2022 proof(s) verified' };
    if (this.sampled()) this.recheck('verify', outcome.shapeKey, passed, stock);
    return passed;
  }

  private async tryVerify(credential: Record<string, unknown>, loader: DocumentLoader): Promise<{ shapeKey: string } | string> {
    const proof = singleProof(credential);
    if (!proof) return 'proof-form';
    const ours = this.ourKeys.get(proof.verificationMethod as string);
    if (!ours) return 'foreign-key';
    const { proof: _proof, ...document } = credential;
    const contexts = contextsOf(document);
    if (!contexts) return 'contexts';
    const shape = this.shapes.of(document);
    if (!shape) return 'not-plain-json';
    const validFrom = credential.validFrom ?? credential.issuanceDate;
    _checkCredential({ credential, now: typeof validFrom === 'string' ? validFrom : new Date(), maxClockSkew: 300 });
    const extended = jsigs.extendContextLoader(loader);
    if (!(await this.sameContexts(contexts, loader))) return 'context-documents';
    const { proofValue, ...unsigned } = proof;
    const data = await this.verifyData(document, shape, unsigned, false);
    if (typeof data === 'string') return data;
    const method = await this.ourMethod(proof.verificationMethod as string, ours.multibase, extended);
    if (!method) return 'verification-method';
    // decodeBase58 reads what base58-universal reads (tests/credentials/fast-codec.test.ts).
    const signature = decodeBase58((proofValue as string).slice(1));
    if (!signature || signature.length !== 64) return 'proof-value';
    if (!cryptoVerify(null, data, ours.publicKey, signature)) return 'signature';
    const withContext = { '@context': document['@context'], ...proof };
    const purpose = await new CredentialIssuancePurpose().validate(withContext, { document, verificationMethod: method, documentLoader: extended });
    if (!purpose.valid) return 'purpose';
    return { shapeKey: shape.key };
  }

  /** The verification method document, if it is our key as Ed25519Multikey accepts it. */
  private async ourMethod(id: string, multibase: string, loader: (url: string) => Promise<unknown>): Promise<Record<string, unknown> | undefined> {
    const loaded = (await loader(id)) as { document: unknown };
    const document = (typeof loaded.document === 'string' ? JSON.parse(loaded.document) : loaded.document) as Record<string, unknown>;
    if (document?.type !== 'Multikey' || document.publicKeyMultibase !== multibase) return undefined;
    // A loader that caches hands back the same object: checked once per object, else per content.
    let checked = this.methodDocuments.get(document);
    if (!checked) {
      const fingerprint = JSON.stringify(document);
      checked = this.checkedMethods.get(fingerprint);
      if (!checked) {
        if (this.checkedMethods.size > 256) this.checkedMethods.clear();
        checked = Ed25519Multikey.from(document).then(() => true, () => false);
        this.checkedMethods.set(fingerprint, checked);
      }
      this.methodDocuments.set(document, checked);
    }
    return (await checked) ? document : undefined;
  }

  /** The caller's loader must serve the very context documents the templates were built on. */
  private async sameContexts(contexts: string[], loader: DocumentLoader): Promise<boolean> {
    const extended = jsigs.extendContextLoader(loader);
    for (const url of contexts) {
      const theirs = await extended(url).catch(() => undefined);
      const ours = await this.ourContext(url);
      if (!theirs || ours === undefined || theirs.document !== ours) return false;
    }
    return true;
  }

  /** The context document the templates were compiled with (the static loader's, which never changes). */
  private ourContext(url: string): Promise<unknown> {
    let pending = this.ourContexts.get(url);
    if (!pending) {
      pending = this.staticLoader(url).then((loaded) => loaded.document, () => undefined);
      // Only URLs the static loader knows are kept: the map cannot grow with foreign input.
      void pending.then((document) => {
        if (document === undefined) this.ourContexts.delete(url);
      });
      this.ourContexts.set(url, pending);
    }
    return pending;
  }

  private fallback(reason: string): void {
    const name = reason.split(':')[0]!;
    this.counters.fallbacks[name] = (this.counters.fallbacks[name] ?? 0) + 1;
  }

  private sampled(): boolean {
    const rate = this.options.sampleRate ?? 0.001;
    if (rate <= 0 || (this.options.random ?? Math.random)() >= rate) return false;
    const now = performance.now();
    if (now - this.lastSample < (this.options.sampleSpacingMs ?? 1_000)) return false;
    this.lastSample = now;
    return true;
  }

  /** Re-does a fast result on the stock path after the current turn; reports and disables on a difference. */
  private recheck(operation: 'sign' | 'verify', shapeKey: string, fast: unknown, stock: () => Promise<unknown>): void {
    this.counters.sampled++;
    setImmediate(() => {
      stock().then((expected) => {
        if (JSON.stringify(expected) === JSON.stringify(fast)) return;
        this.counters.mismatches++;
        this.lastProof = undefined;
        this.store.disable(shapeKey, `sampled ${operation} differed from the stock path`);
        this.options.onMismatch?.({ operation, shapeKey, fast, stock: expected });
      }, () => undefined);
    });
  }
}

/** A proof configuration remembered by what it is made of: context URLs, proof keys and values. */
interface ProofInput { contexts: string[]; keys: string[]; values: unknown[]; hash: Buffer }

/** What proofHash remembers, or undefined when a value is not a string or number (not worth comparing). */
function proofInput(context: unknown, proof: Record<string, unknown>, hash: Buffer): ProofInput | undefined {
  if (!Array.isArray(context) || !context.every((entry) => typeof entry === 'string')) return undefined;
  const keys = Object.keys(proof);
  const values = keys.map((key) => proof[key]);
  if (!values.every((value) => typeof value === 'string' || typeof value === 'number')) return undefined;
  return { contexts: [...context], keys, values, hash };
}

function sameProofInput(last: ProofInput, context: unknown, proof: Record<string, unknown>): boolean {
  if (!Array.isArray(context) || context.length !== last.contexts.length) return false;
  for (let i = 0; i < context.length; i++) if (context[i] !== last.contexts[i]) return false;
  let i = 0;
  for (const key in proof) {
    if (key !== last.keys[i] || !Object.hasOwn(proof, key) || proof[key] !== last.values[i]) return false;
    i++;
  }
  return i === last.keys.length;
}

const STAND_IN_PROOF: ProofValue = {
  type: 'DataIntegrityProof',
  created: '2000-01-01T00:00:00Z',
  verificationMethod: 'did:example:brevet#stand-in',
  cryptosuite: 'eddsa-rdfc-2022',
  proofPurpose: 'assertionMethod',
};

/** The one proof, when it is a DataIntegrityProof eddsa-rdfc-2022 assertion with a base58 value. */
function singleProof(credential: Record<string, unknown>): Record<string, unknown> | undefined {
  const proofs = ([] as unknown[]).concat(credential.proof ?? []);
  const proof = proofs[0] as Record<string, unknown> | undefined;
  if (proofs.length !== 1 || typeof proof !== 'object' || proof === null || Array.isArray(proof) || '@context' in proof) return undefined;
  if (proof.type !== 'DataIntegrityProof' || proof.cryptosuite !== 'eddsa-rdfc-2022' || proof.proofPurpose !== 'assertionMethod') return undefined;
  if (typeof proof.verificationMethod !== 'string' || typeof proof.proofValue !== 'string' || !proof.proofValue.startsWith('z')) return undefined;
  if ('expires' in proof || (proof.created !== undefined && !isW3cDateStrict(proof.created))) return undefined;
  return proof;
}
