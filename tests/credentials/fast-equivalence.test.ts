// The fast eddsa-rdfc-2022 path against the stock libraries, property by property: same
// canonical N-Quads, same signed JSON byte for byte, proofs that verify both ways, tampered
// copies rejected. Values are hostile on purpose. Rerun whenever jsonld, rdf-canonize,
// @digitalbazaar/data-integrity, @digitalbazaar/vc or the eddsa cryptosuite change version:
// FAST_EQUIVALENCE_RUNS=2000 npx vitest run --project credentials tests/credentials/fast-equivalence.test.ts
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import fc from 'fast-check';
import jsigs from 'jsonld-signatures';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildAchievementCredential,
  createFastSigner,
  signCredentialDataIntegrityStock,
  verifyDataIntegrityStock,
  type FastSigner,
} from '../../credentials/index.ts';
import { shapeOf } from '../../credentials/fast/index.ts';
import { replaceLeaves } from '../../credentials/fast/shape.ts';
import { badgeInput, createWorld } from './fixtures.ts';
import { hostileLeaf, registeredInputs } from './fast-arbitraries.ts';

const RUNS = Number(process.env.FAST_EQUIVALENCE_RUNS ?? 60);
const created = new Date('2025-03-01T09:00:00Z');
const world = createWorld();
const issuer = world.issuer();
const key = issuer.addKey();
const loader = world.documentLoader;
const stockCanonize = (cryptosuite as { canonize: (doc: unknown, options: object) => Promise<string> }).canonize;
const tally = { cases: 0, fastSigned: 0, fastFellBack: 0, fastVerified: 0, bothRejected: 0, tampered: 0 };

function fresh(): FastSigner {
  return createFastSigner({ sampleRate: 0 });
}

async function outcome<T>(run: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: string }> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** A registered shape's credential with some leaves replaced by hostile values or by each other. */
const mutatedCredential = fc.integer({ min: 0, max: registeredInputs(issuer.did).length - 1 }).chain((which) => {
  const base = buildAchievementCredential(registeredInputs(issuer.did)[which]!);
  const leaves = shapeOf(base)!.leaves;
  // About one leaf in eight replaced; never the issuer id (the signer refuses another issuer).
  const change = fc.oneof({ weight: 7, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: hostileLeaf(leaves) });
  return fc.array(change, { minLength: leaves.length, maxLength: leaves.length })
    .map((changes) => replaceLeaves(base, (i, original) => (typeof original === 'string' && original !== issuer.did && changes[i] != null ? changes[i]! : original)) as Record<string, unknown>);
});

async function checkEquivalence(fast: FastSigner, credential: Record<string, unknown>): Promise<void> {
  // A long run is one chain of promises: let vitest's own messages through now and then (its RPC times out after 60 s).
  if (++tally.cases % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
  const stock = await outcome(() => signCredentialDataIntegrityStock(credential, key, { documentLoader: loader, created }));
  const before = fast.stats().fast;
  const viaFast = await outcome(() => fast.sign(credential, key, { documentLoader: loader, created }, () => Promise.reject(new Error('fell back'))));
  if (!stock.ok) {
    // The stock path refuses it: the fast path must have handed it over, not signed it.
    expect(viaFast).toEqual({ ok: false, error: 'fell back' });
    tally.bothRejected++;
    return;
  }
  if (!viaFast.ok) {
    expect(viaFast.error).toBe('fell back');
    tally.fastFellBack++;
    return;
  }
  tally.fastSigned += fast.stats().fast - before;
  expect(JSON.stringify(viaFast.value)).toBe(JSON.stringify(stock.value));
  const nquads = await fast.canonize(credential);
  const canonical = await stockCanonize(credential, { documentLoader: jsigs.extendContextLoader(loader), base: null, safe: true });
  if (typeof nquads === 'string') expect(nquads).toBe(canonical);
  // Cross-verification: the stock verifier says of the fast proof what it says of its own, and
  // the fast verifier says the same of the stock proof (some signable credentials do not verify,
  // e.g. an empty validFrom; then both say so).
  const expected = await verifyDataIntegrityStock(stock.value, loader);
  expect(await verifyDataIntegrityStock(viaFast.value, loader)).toEqual(expected);
  const fastVerified = fast.stats().fast;
  expect(await fast.verify(stock.value, loader, () => verifyDataIntegrityStock(stock.value, loader))).toEqual(expected);
  tally.fastVerified += fast.stats().fast - fastVerified;
}

describe('fast eddsa-rdfc-2022 path, equivalence with the stock libraries', () => {
  afterAll(() => {
    console.info(`fast-equivalence: ${JSON.stringify(tally)}`);
  });

  it('signs every registered shape on the fast path, byte-identical to the stock path', async () => {
    const fast = fresh();
    for (const input of registeredInputs(issuer.did)) {
      const credential = buildAchievementCredential(input);
      expect(await fast.registerShape(credential)).toBe(true);
      const before = fast.stats().fast;
      await checkEquivalence(fast, credential);
      expect(fast.stats().fast - before).toBe(2); // one signature, one verification
    }
  });

  it('gives the same canonical N-Quads and signed JSON for hostile leaf values, or falls back', async () => {
    const fast = fresh();
    await fc.assert(fc.asyncProperty(mutatedCredential, (credential) => checkEquivalence(fast, credential)), { numRuns: RUNS * 4 });
    expect(tally.fastSigned).toBeGreaterThan(0);
  }, 30_000 + RUNS * 1_000);

  it('never accepts a tampered copy of a fast-signed badge', async () => {
    const fast = fresh();
    const signed = await fast.sign(buildAchievementCredential(badgeInput(issuer.did)), key, { documentLoader: loader, created }, () => Promise.reject(new Error('fell back')));
    const { proof, ...document } = signed as Record<string, unknown>;
    const leaves = shapeOf(document)!.leaves;
    const tamper = fc.record({ index: fc.integer({ min: 0, max: leaves.length - 1 }), value: hostileLeaf(leaves) })
      .filter(({ index, value }) => leaves[index] !== value && typeof leaves[index] === 'string');
    await fc.assert(fc.asyncProperty(tamper, async ({ index, value }) => {
      tally.tampered++;
      const copy = { ...(replaceLeaves(document, (i, original) => (i === index ? value : original)) as object), proof } as Record<string, unknown>;
      const result = await fast.verify(copy, loader, () => verifyDataIntegrityStock(copy, loader));
      expect(result.status).not.toBe('passed');
    }), { numRuns: RUNS });
  }, 30_000 + RUNS * 500);
});
