import { createPublicKey } from 'node:crypto';
import fc from 'fast-check';
import { compactVerify, decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  createSigningKey,
  didKeyFromPublicKey,
  describePublicKey,
  generateEd25519PrivateKey,
  signCredentialDataIntegrity,
  signCredentialJwt,
  signCredentialJwtStock,
  verifyCredential,
} from '../../credentials/index.ts';
import { verifyJwtSignature } from '../../credentials/verify-proof.ts';
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

describe('signCredentialJwt assembles the same bytes as jose CompactSign', () => {
  const hostile = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom('', '"', '\\', '\u2028\u2029', '\ud800', '\udfff', '\u202e', '😀', '</script>', '\u0000\u001f', '~', '+/='),
  );

  it('for the fixture badge under did:web and did:key, and for hostile values', async () => {
    const { issuer, key } = await setup();
    const privateKey = generateEd25519PrivateKey();
    const didKey = createSigningKey({ ...didKeyFromPublicKey(describePublicKey(privateKey, 'k').publicKeyMultibase), privateKey });
    for (const signer of [key, didKey]) {
      const badge = buildBadge(signer.controller);
      expect(await signCredentialJwt(badge, signer)).toBe(await signCredentialJwtStock(badge, signer));
    }
    await fc.assert(
      fc.asyncProperty(hostile, hostile, fc.integer(), async (name, narrative, n) => {
        const badge = buildBadge(issuer.did) as Record<string, unknown>;
        badge.name = name;
        badge.extra = { narrative, n };
        expect(await signCredentialJwt(badge, key)).toBe(await signCredentialJwtStock(badge, key));
      }),
      { numRuns: 200 },
    );
  });

  it('verifyJwtSignature (direct node:crypto path) agrees with jose on tampered tokens', async () => {
    const { issuer, key } = await setup();
    const jwt = await signCredentialJwt(buildBadge(issuer.did), key);
    const method = { id: key.verificationMethodId, type: 'Multikey', controller: key.controller, publicKeyMultibase: key.publicKeyMultibase };
    const publicKey = createPublicKey(key.privateKey);
    const joseSays = async (token: string) => compactVerify(token, publicKey, { algorithms: ['EdDSA', 'Ed25519'] }).then(() => true, () => false);
    const [h, p, sig] = jwt.split('.') as [string, string, string];
    const header = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const variants = [
      jwt,
      `${h}.${p}.${sig.slice(0, -2)}AA`,
      `${h}.${p.slice(0, -1)}${p.endsWith('A') ? 'B' : 'A'}.${sig}`,
      `${header({ alg: 'EdDSA', kid: 'x', crit: ['b64'], b64: false })}.${p}.${sig}`,
      `${header({ alg: 'none' })}.${p}.${sig}`,
      `${h}.${p}`,
      `${h}.${p}.${sig}=`,
      `${h}=.${p}.${sig}`,
      `${h}.${p}.${sig}.x`,
      '..',
    ];
    for (const token of variants) {
      const ours = await verifyJwtSignature(token, method);
      expect(ours.status === 'passed', token).toBe(await joseSays(token));
    }
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: jwt.length - 1 }), fc.constantFrom('A', 'B', '_', '-', '.', '='), async (at, c) => {
        const token = jwt.slice(0, at) + c + jwt.slice(at + 1);
        const ours = await verifyJwtSignature(token, method);
        expect(ours.status === 'passed').toBe(await joseSays(token));
      }),
      { numRuns: 300 },
    );
  });
});
