import { describe, expect, it } from 'vitest';
import {
  buildStatusListEntry,
  createStatusListCache,
  signCredentialDataIntegrity,
  signCredentialJwt,
  verifyCredential,
  type CheckName,
  type VerificationReport,
} from '../../credentials/index.ts';
import { buildBadge, createWorld, DURING_VALIDITY, publishStatusList, REVOCATION_LIST, SUSPENSION_LIST } from './fixtures.ts';

function statusOf(report: VerificationReport, name: CheckName) {
  return report.checks.find((c) => c.name === name)?.status;
}

const INDEX = 42;

type Purpose = 'revocation' | 'suspension';
const LIST_OF: Record<Purpose, string> = { revocation: REVOCATION_LIST, suspension: SUSPENSION_LIST };

/** A signed badge with one status entry per purpose given (one keeps it OB-schema valid). */
async function setup(purposes: Purpose[] = ['revocation']) {
  const world = createWorld();
  const issuer = world.issuer();
  const key = issuer.addKey();
  const entries = purposes.map((statusPurpose) => buildStatusListEntry({ listUrl: LIST_OF[statusPurpose], index: INDEX, statusPurpose }));
  const badge = buildBadge(issuer.did, { credentialStatus: entries.length === 1 ? entries[0] : entries });
  const signed = await signCredentialDataIntegrity(badge, key, { documentLoader: world.documentLoader });
  const options = { documentLoader: world.documentLoader, loadStatusListCredential: world.loadStatusListCredential, now: DURING_VALIDITY };
  return { world, issuer, key, badge, signed, options };
}

describe('status lists in the verifier', () => {
  it('reads both entries of a two-entry badge (which the OB 3.0 schema rejects)', async () => {
    const { world, key, signed, options } = await setup(['revocation', 'suspension']);
    await publishStatusList(world, key, { url: REVOCATION_LIST, purpose: 'revocation', setBits: [INDEX + 1] });
    await publishStatusList(world, key, { url: SUSPENSION_LIST, purpose: 'suspension', setBits: [INDEX - 1] });
    const report = await verifyCredential(signed, options);
    expect(statusOf(report, 'not_revoked')).toBe('passed');
    expect(statusOf(report, 'not_suspended')).toBe('passed');
    // OB 3.0 allows a single credentialStatus object: an array fails the schema check.
    expect(report.checks.find((c) => c.name === 'schema')?.detail).toContain('/credentialStatus');
    expect(report.outcome).toBe('invalid');
  });

  it('is valid with one revocation entry whose bit is clear', async () => {
    const { world, key, signed, options } = await setup(['revocation']);
    await publishStatusList(world, key, { url: REVOCATION_LIST, purpose: 'revocation', setBits: [INDEX + 1, INDEX - 1] });
    const report = await verifyCredential(signed, options);
    expect(report.outcome).toBe('valid');
    expect(statusOf(report, 'not_suspended')).toBe('not_applicable');
  });

  it('fails not_revoked for a revoked badge (a set bit is never "verified")', async () => {
    const { world, key, signed, options } = await setup(['revocation']);
    await publishStatusList(world, key, { url: REVOCATION_LIST, purpose: 'revocation', setBits: [INDEX] });
    const report = await verifyCredential(signed, options);
    expect(report.outcome).toBe('invalid');
    expect(report.checks.find((c) => c.name === 'not_revoked')).toMatchObject({ status: 'failed', detail: 'revoked' });
  });

  it('fails not_suspended while suspended, and passes again once the bit is cleared', async () => {
    const { world, key, signed, options } = await setup(['suspension']);
    await publishStatusList(world, key, { url: SUSPENSION_LIST, purpose: 'suspension', setBits: [INDEX] });
    const suspended = await verifyCredential(signed, options);
    expect(suspended.outcome).toBe('invalid');
    expect(suspended.checks.find((c) => c.name === 'not_suspended')).toMatchObject({ status: 'failed', detail: 'suspended' });
    await publishStatusList(world, key, { url: SUSPENSION_LIST, purpose: 'suspension', setBits: [] });
    const unsuspended = await verifyCredential(signed, options);
    expect(statusOf(unsuspended, 'not_suspended')).toBe('passed');
    expect(unsuspended.outcome).toBe('valid');
  });

  it('checks the status of the JWT form too', async () => {
    const { world, key, badge, options } = await setup(['revocation']);
    await publishStatusList(world, key, { url: REVOCATION_LIST, purpose: 'revocation', setBits: [INDEX] });
    const report = await verifyCredential(await signCredentialJwt(badge, key), options);
    expect(statusOf(report, 'not_revoked')).toBe('failed');
    expect(report.outcome).toBe('invalid');
  });

  it('gives could_not_check, never valid, when the status list loader throws', async () => {
    const { issuer, key, world } = await setup();
    const single = await signCredentialDataIntegrity(buildBadge(issuer.did), key, { documentLoader: world.documentLoader });
    const report = await verifyCredential(single, {
      documentLoader: world.documentLoader,
      loadStatusListCredential: async () => { throw new Error('ECONNREFUSED'); },
      now: DURING_VALIDITY,
    });
    expect(report.outcome).toBe('could_not_check');
    expect(report.checks.find((c) => c.name === 'not_revoked')).toMatchObject({ status: 'could_not_check' });
    expect(report.checks.find((c) => c.name === 'not_revoked')?.detail).toContain('ECONNREFUSED');
  });

  it('gives could_not_check when the status list never answers', async () => {
    const { issuer, key, world } = await setup();
    const single = await signCredentialDataIntegrity(buildBadge(issuer.did), key, { documentLoader: world.documentLoader });
    const report = await verifyCredential(single, {
      documentLoader: world.documentLoader,
      loadStatusListCredential: () => new Promise(() => {}),
      statusListTimeoutMs: 100,
      now: DURING_VALIDITY,
    });
    expect(report.outcome).toBe('could_not_check');
    expect(report.checks.find((c) => c.name === 'not_revoked')?.detail).toMatch(/did not answer within 100 ms/);
  });

  it('gives could_not_check when no status list loader is configured', async () => {
    const { signed, world } = await setup();
    const report = await verifyCredential(signed, { documentLoader: world.documentLoader, now: DURING_VALIDITY });
    expect(report.outcome).toBe('could_not_check');
  });

  it('gives could_not_check when the status list proof does not verify', async () => {
    const { world, key, signed, options } = await setup();
    const list = await publishStatusList(world, key, { url: REVOCATION_LIST, purpose: 'revocation', setBits: [INDEX] });
    // An attacker serves a cleared list under the issuer's old proof.
    const cleared = await publishStatusList(createWorld(), key, { url: REVOCATION_LIST, purpose: 'revocation' });
    world.statusLists.set(REVOCATION_LIST, { ...list, credentialSubject: cleared.credentialSubject });
    const report = await verifyCredential(signed, options);
    expect(report.outcome).toBe('could_not_check');
    expect(report.checks.find((c) => c.name === 'not_revoked')?.detail).toContain('its proof does not verify');
  });

  it('gives could_not_check for a list signed by another issuer', async () => {
    const { world, signed, options } = await setup();
    const other = world.issuer('other.example');
    const otherKey = other.addKey();
    await publishStatusList(world, otherKey, { url: REVOCATION_LIST, purpose: 'revocation' });
    const report = await verifyCredential(signed, options);
    expect(statusOf(report, 'not_revoked')).toBe('could_not_check');
    expect(report.outcome).toBe('could_not_check');
  });

  it('gives could_not_check when a list of the wrong purpose is served', async () => {
    const { world, key, signed, options } = await setup();
    await publishStatusList(world, key, { url: REVOCATION_LIST, purpose: 'suspension' });
    const report = await verifyCredential(signed, options);
    expect(statusOf(report, 'not_revoked')).toBe('could_not_check');
    expect(report.outcome).toBe('could_not_check');
  });

  it('gives could_not_check for a status method it does not support', async () => {
    const { issuer, key, world, options } = await setup();
    const badge = buildBadge(issuer.did, { credentialStatus: undefined });
    const foreign = { ...badge, credentialStatus: { id: 'https://brevet.example/revocations', type: '1EdTechRevocationList' } };
    const signed = await signCredentialDataIntegrity(foreign, key, { documentLoader: world.documentLoader });
    const report = await verifyCredential(signed, options);
    expect(statusOf(report, 'not_revoked')).toBe('could_not_check');
    expect(report.outcome).toBe('could_not_check');
  });

  it('reuses a verified list from the cache until its TTL runs out', async () => {
    const { world, key, signed } = await setup();
    await publishStatusList(world, key, { url: REVOCATION_LIST, purpose: 'revocation' });
    let clock = new Date('2026-06-01T12:00:00Z');
    const cache = createStatusListCache({ ttlMs: 60_000, now: () => clock });
    let loads = 0;
    const options = {
      documentLoader: world.documentLoader,
      loadStatusListCredential: async (url: string) => { loads++; return world.loadStatusListCredential(url); },
      statusListCache: cache,
      now: () => clock,
    };
    expect((await verifyCredential(signed, options)).outcome).toBe('valid');
    await publishStatusList(world, key, { url: REVOCATION_LIST, purpose: 'revocation', setBits: [INDEX] });
    expect((await verifyCredential(signed, options)).outcome).toBe('valid');
    expect(loads).toBe(1);
    clock = new Date(clock.getTime() + 61_000);
    expect((await verifyCredential(signed, options)).outcome).toBe('invalid');
    expect(loads).toBe(2);
  });
});
