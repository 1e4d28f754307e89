// When the fast path must step aside, and what it costs to keep it bounded.
import { describe, expect, it, vi } from 'vitest';
import { buildAchievementCredential, createDocumentLoader, createFastSigner, signCredentialDataIntegrityStock, verifyDataIntegrityStock } from '../../credentials/index.ts';
import { isVerbatimIri } from '../../credentials/fast/index.ts';
import { badgeInput, createWorld } from './fixtures.ts';

const created = new Date('2025-03-01T09:00:00Z');

async function setup() {
  const world = createWorld();
  const issuer = world.issuer();
  const key = issuer.addKey();
  const fast = createFastSigner({ sampleRate: 0 });
  const sign = (credential: object) => fast.sign(credential, key, { documentLoader: world.documentLoader, created }, () => signCredentialDataIntegrityStock(credential, key, { documentLoader: world.documentLoader, created }));
  return { world, issuer, key, fast, sign };
}

describe('fast path guards', () => {
  it('keeps only IRIs jsonld would keep verbatim', () => {
    const terms = new Set(['xsd', 'Profile', 'name']);
    for (const iri of ['https://brevet.example/a', 'urn:uuid:1', 'did:web:brevet.example', 'mailto:a@b', 'xsd://x', 'tag:a,2020:b']) expect(isVerbatimIri(iri, terms)).toBe(true);
    for (const iri of ['xsd:string', '_:b0', 'Profile', 'name', 'relative/path', '', '@id', 'http://a b', 'urn:x\u00a0y', '1a:b']) expect(isVerbatimIri(iri, terms)).toBe(false);
  });

  it('signs a second proof, a VC 1.1 credential and an inline context on the stock path', async () => {
    const { issuer, fast, sign } = await setup();
    const once = await sign(buildAchievementCredential(badgeInput(issuer.did)));
    await sign(once);
    await sign({ '@context': ['https://www.w3.org/2018/credentials/v1'], type: ['VerifiableCredential'], issuer: issuer.did, credentialSubject: { id: 'did:example:x' } });
    await sign({ ...buildAchievementCredential(badgeInput(issuer.did)), '@context': ['https://www.w3.org/ns/credentials/v2', { extra: 'https://example.org/extra' }] }).catch(() => undefined);
    expect(fast.stats()).toMatchObject({ fast: 1, fallbacks: { 'already-signed': 1, contexts: 2 } });
  });

  it('falls back when two nodes would share an id or a property would repeat a value', async () => {
    const { issuer, fast, sign } = await setup();
    const badge = buildAchievementCredential(badgeInput(issuer.did));
    await sign(badge);
    const subject = badge.credentialSubject as unknown as { achievement: { id: string; alignment: Array<Record<string, unknown>> } };
    await sign({ ...badge, credentialSubject: { ...subject, achievement: { ...subject.achievement, id: badge.id } } });
    const [first, second] = subject.achievement.alignment;
    await sign({ ...badge, credentialSubject: { ...subject, achievement: { ...subject.achievement, tag: ['same', 'same'] } } }).catch(() => undefined);
    expect(fast.stats().fallbacks.guard).toBeGreaterThanOrEqual(1);
    expect(first).not.toEqual(second);
  });

  it('returns what it signed when the caller changes the credential while the signature is computed', async () => {
    const { world, issuer, fast, sign } = await setup();
    await sign(buildAchievementCredential(badgeInput(issuer.did))); // the shape is known: the next one goes fast
    const badge = buildAchievementCredential(badgeInput(issuer.did)) as unknown as Record<string, unknown> & { name: string };
    const original = structuredClone(badge);
    const pending = sign(badge);
    badge.name = 'Changed after the call';
    const signed = (await pending) as Record<string, unknown>;
    expect(fast.stats().fast).toBe(2);
    const { proof: _proof, ...body } = signed;
    expect(body).toEqual(original);
    expect(await verifyDataIntegrityStock(signed, world.documentLoader)).toMatchObject({ status: 'passed' });
  });

  it('reuses the proof-configuration hash only for the very same configuration: another created date is hashed anew', async () => {
    const { world, issuer, key, fast } = await setup();
    const badge = buildAchievementCredential(badgeInput(issuer.did));
    const signAt = (at: Date) => fast.sign(badge, key, { documentLoader: world.documentLoader, created: at }, () => Promise.reject(new Error('fell back')));
    const first = (await signAt(created)) as Record<string, unknown>;
    const later = (await signAt(new Date(created.getTime() + 1_000))) as Record<string, unknown>;
    const again = (await signAt(created)) as Record<string, unknown>;
    expect(fast.stats().fast).toBe(3);
    expect(JSON.stringify(again)).toBe(JSON.stringify(first));
    for (const signed of [first, later]) expect(await verifyDataIntegrityStock(signed, world.documentLoader)).toMatchObject({ status: 'passed' });
    expect(JSON.stringify(later)).toBe(JSON.stringify(await signCredentialDataIntegrityStock(badge, key, { documentLoader: world.documentLoader, created: new Date(created.getTime() + 1_000) })));
  });

  it('verifies on the fast path only with a key of ours and the very context documents', async () => {
    const { world, issuer, key, sign } = await setup();
    const stockSigned = await signCredentialDataIntegrityStock(buildAchievementCredential(badgeInput(issuer.did)), key, { documentLoader: world.documentLoader, created });
    const stranger = createFastSigner({ sampleRate: 0 });
    const viaStock = () => verifyDataIntegrityStock(stockSigned, world.documentLoader);
    expect(await stranger.verify(stockSigned, world.documentLoader, viaStock)).toMatchObject({ status: 'passed' });
    expect(stranger.stats().fallbacks['foreign-key']).toBe(1);
    const { fast } = { fast: stranger };
    await sign(buildAchievementCredential(badgeInput(issuer.did))); // the other engine learns
    fast.registerKey(key.verificationMethodId, key.publicKeyMultibase);
    await fast.registerShape(stockSigned);
    expect(await fast.verify(stockSigned, world.documentLoader, viaStock)).toMatchObject({ status: 'passed' });
    expect(fast.stats().fast).toBe(1);
    const otherContexts = createDocumentLoader({ extraDocuments: {} });
    const swapped = async (url: string) => (url.includes('ob/v3p0') ? { ...(await otherContexts(url)), document: structuredClone((await otherContexts(url)).document) } : world.documentLoader(url));
    await fast.verify(stockSigned, swapped, viaStock);
    expect(fast.stats().fallbacks['context-documents']).toBe(1);
  });

  it('stops learning shapes at its bound and leaves the rest to the stock path', async () => {
    const { issuer } = await setup();
    // One entry for the proof configuration, one for the first badge shape: then full.
    const bounded = createFastSigner({ sampleRate: 0, maxShapes: 2 });
    const evidence = (count: number) => Array.from({ length: count }, (_, i) => ({ name: `Evidence ${i}` }));
    const registered = [];
    for (let count = 1; count <= 4; count++) registered.push(await bounded.registerShape(buildAchievementCredential(badgeInput(issuer.did, { evidence: evidence(count) }))));
    expect(registered).toEqual([true, false, false, false]);
    expect(bounded.stats().shapes).toBe(2);
  });

  it('re-checks a sample on the stock path after the call, reports a difference and disables the shape', async () => {
    const { world, issuer, key } = await setup();
    const reports: Array<{ operation: string }> = [];
    const sampling = createFastSigner({ sampleRate: 1, sampleSpacingMs: 0, onMismatch: (report) => reports.push(report) });
    const badge = buildAchievementCredential(badgeInput(issuer.did));
    const stock = () => signCredentialDataIntegrityStock(badge, key, { documentLoader: world.documentLoader, created });
    let stockDone = 0;
    const counted = () => stock().then((result) => {
      stockDone++;
      return result;
    });
    const signed = await sampling.sign(badge, key, { documentLoader: world.documentLoader, created }, counted);
    await vi.waitFor(() => expect(stockDone).toBe(1), { timeout: 10_000 });
    await new Promise((resolve) => setImmediate(resolve)); // the comparison runs right after
    expect(sampling.stats()).toMatchObject({ fast: 1, sampled: 1, mismatches: 0 });
    // A stock path that disagrees (as a library upgrade could): reported, and the shape goes to the stock path.
    const disagreeing = async () => ({ ...(await stock()), proof: [{ proofValue: 'z-different' }] });
    await sampling.sign(badge, key, { documentLoader: world.documentLoader, created }, disagreeing);
    await vi.waitFor(() => expect(sampling.stats().mismatches).toBe(1), { timeout: 10_000 });
    expect(sampling.stats()).toMatchObject({ fast: 2, sampled: 2, mismatches: 1 });
    expect(reports).toHaveLength(1);
    expect(reports[0]!.operation).toBe('sign');
    expect(await sampling.sign(badge, key, { documentLoader: world.documentLoader, created }, stock)).toEqual(signed);
    expect(sampling.stats().fast).toBe(2);
    expect(sampling.stats().fallbacks['stock-only-shape']).toBe(1);
  });

  it('starts at most one re-check per spacing interval, whatever the rate', async () => {
    const { world, issuer, key } = await setup();
    const spaced = createFastSigner({ sampleRate: 1, sampleSpacingMs: 60_000 });
    const badge = buildAchievementCredential(badgeInput(issuer.did));
    const stock = () => signCredentialDataIntegrityStock(badge, key, { documentLoader: world.documentLoader, created });
    for (let i = 0; i < 20; i++) await spaced.sign(badge, key, { documentLoader: world.documentLoader, created }, stock);
    expect(spaced.stats()).toMatchObject({ fast: 20, sampled: 1 });
  });
});
