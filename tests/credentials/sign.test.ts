import { decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  signCredentialDataIntegrity,
  signCredentialJwt,
  verifyCredential,
} from '../../credentials/index.ts';
import { buildBadge, createWorld, DURING_VALIDITY } from './fixtures.ts';

async function setup() {
  const world = createWorld();
  const issuer = world.issuer();
  const key = issuer.addKey();
  return { world, issuer, key };
}

describe('signCredentialDataIntegrity', () => {
  it('adds one eddsa-rdfc-2022 DataIntegrityProof, as an array, without touching the input', async () => {
    const { world, issuer, key } = await setup();
    const badge = buildBadge(issuer.did);
    const before = structuredClone(badge);
    const signed = await signCredentialDataIntegrity(badge, key, { documentLoader: world.documentLoader, created: new Date('2025-03-01T09:00:00Z') });
    expect(badge).toEqual(before);
    expect(signed.proof).toEqual([{
      type: 'DataIntegrityProof',
      created: '2025-03-01T09:00:00Z',
      verificationMethod: 'did:web:brevet.example#key-1',
      cryptosuite: 'eddsa-rdfc-2022',
      proofPurpose: 'assertionMethod',
      proofValue: expect.stringMatching(/^z[1-9A-HJ-NP-Za-km-z]{80,90}$/),
    }]);
  });

  it('signs a VC 1.1 credential (as the W3C eddsa suite sends) that then verifies', async () => {
    const { world, issuer, key } = await setup();
    const credential = {
      '@context': ['https://www.w3.org/2018/credentials/v1'],
      id: 'urn:uuid:3f4c2a1e-0000-4000-8000-000000000011',
      type: ['VerifiableCredential'],
      issuer: issuer.did,
      credentialSubject: { id: 'did:example:learner' },
    };
    const signed = await signCredentialDataIntegrity(credential, key, { documentLoader: world.documentLoader });
    expect((signed as Record<string, unknown>).issuanceDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    // The v1 context lacks DataIntegrityProof, so the suite context is appended.
    expect(signed['@context']).toEqual(['https://www.w3.org/2018/credentials/v1', 'https://w3id.org/security/data-integrity/v2']);
    const report = await verifyCredential(signed, { documentLoader: world.documentLoader });
    expect(report.outcome).toBe('valid');
    expect(report.checks.find((c) => c.name === 'schema')?.status).toBe('not_applicable');
    expect(report.checks.find((c) => c.name === 'not_before')?.detail).toContain('issuanceDate');
  });

  it('adds a second proof to an already signed credential; both must verify', async () => {
    const { world, issuer, key } = await setup();
    const second = issuer.addKey();
    const once = await signCredentialDataIntegrity(buildBadge(issuer.did), key, { documentLoader: world.documentLoader });
    const twice = await signCredentialDataIntegrity(once, second, { documentLoader: world.documentLoader });
    expect(twice.proof).toHaveLength(2);
    const options = { documentLoader: world.documentLoader, now: DURING_VALIDITY, loadStatusListCredential: world.loadStatusListCredential };
    const report = await verifyCredential(twice, options);
    expect(report.checks.find((c) => c.name === 'signature')).toMatchObject({ status: 'passed', detail: '2 eddsa-rdfc-2022 proof(s) verified' });
    const broken = { ...twice, proof: [twice.proof[0], { ...twice.proof[1], proofValue: twice.proof[0]?.proofValue }] };
    expect((await verifyCredential(broken, options)).checks.find((c) => c.name === 'signature')?.status).toBe('failed');
  });
});

describe('signCredentialJwt', () => {
  it('uses the OB 3.0 JWT form: header alg + kid only, payload = credential + iss/jti/nbf/exp', async () => {
    const { issuer, key } = await setup();
    const badge = buildBadge(issuer.did);
    const jwt = await signCredentialJwt(badge, key);
    expect(decodeProtectedHeader(jwt)).toEqual({ alg: 'EdDSA', kid: 'did:web:brevet.example#key-1-jwk' });
    const payload = decodeJwt(jwt);
    expect(payload).toEqual({
      ...badge,
      iss: issuer.did,
      jti: badge.id,
      nbf: Date.parse('2025-03-01T09:00:00Z') / 1000,
      exp: Date.parse('2028-03-01T09:00:00Z') / 1000,
    });
    // The learner has no DID, only a hashed identifier: there is no `sub` to give.
    expect(payload.sub).toBeUndefined();
  });

  it('sets sub when the subject has an id, and never carries a proof', async () => {
    const { world, issuer, key } = await setup();
    const badge = buildBadge(issuer.did, { subjectExtras: { id: 'did:example:learner' } });
    const signed = await signCredentialDataIntegrity(badge, key, { documentLoader: world.documentLoader });
    const payload = decodeJwt(await signCredentialJwt(signed, key));
    expect(payload.sub).toBe('did:example:learner');
    expect(payload).not.toHaveProperty('proof');
  });
});
