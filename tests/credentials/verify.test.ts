import { createPublicKey } from 'node:crypto';
import { compactVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  createSigningKey,
  didKeyFromPublicKey,
  describePublicKey,
  generateEd25519PrivateKey,
  signCredentialDataIntegrity,
  signCredentialJwt,
  verifyCredential,
  type Check,
  type CheckName,
  type VerificationReport,
} from '../../credentials/index.ts';
import { buildBadge, createWorld, DURING_VALIDITY, publishStatusList, REVOCATION_LIST } from './fixtures.ts';

function check(report: VerificationReport, name: CheckName): Check {
  const found = report.checks.find((c) => c.name === name);
  if (!found) throw new Error(`no check ${name}`);
  return found;
}

async function setup() {
  const world = createWorld();
  const issuer = world.issuer();
  const key = issuer.addKey();
  await publishStatusList(world, key, { url: REVOCATION_LIST, purpose: 'revocation' });
  const options = { documentLoader: world.documentLoader, loadStatusListCredential: world.loadStatusListCredential, now: DURING_VALIDITY };
  return { world, issuer, key, options };
}

describe('verifyCredential: round trips', () => {
  it('accepts a freshly signed Data Integrity badge with every check passed', async () => {
    const { issuer, key, options, world } = await setup();
    const signed = await signCredentialDataIntegrity(buildBadge(issuer.did), key, { documentLoader: world.documentLoader });
    const report = await verifyCredential(signed, options);
    expect(report.outcome).toBe('valid');
    expect(report.format).toBe('data-integrity');
    expect(report.checks.map((c) => [c.name, c.status])).toEqual([
      ['parsed', 'passed'], ['context_known', 'passed'], ['schema', 'passed'], ['signature', 'passed'],
      ['issuer_known', 'passed'], ['not_before', 'passed'], ['not_expired', 'passed'], ['not_revoked', 'passed'],
      ['not_suspended', 'not_applicable'],
    ]);
  });

  it('accepts the same badge pasted as JSON text', async () => {
    const { issuer, key, options, world } = await setup();
    const signed = await signCredentialDataIntegrity(buildBadge(issuer.did), key, { documentLoader: world.documentLoader });
    expect((await verifyCredential(JSON.stringify(signed), options)).outcome).toBe('valid');
  });

  it('accepts the OB 3.0 JWT form and returns the embedded credential', async () => {
    const { issuer, key, options } = await setup();
    const badge = buildBadge(issuer.did);
    const jwt = await signCredentialJwt(badge, key);
    const report = await verifyCredential(jwt, options);
    expect(report.outcome).toBe('valid');
    expect(report.format).toBe('jwt');
    expect(report.credential).toEqual(badge);
    expect(check(report, 'issuer_known').detail).toContain(`${key.verificationMethodId}-jwk`);
  });

  it('verifies a did:key issuer in both forms without any resolver', async () => {
    const privateKey = generateEd25519PrivateKey();
    const { did, keyId } = didKeyFromPublicKey(describePublicKey(privateKey, 'k').publicKeyMultibase);
    const key = createSigningKey({ did, keyId, privateKey });
    const world = createWorld();
    const badge = buildBadge(did, { credentialStatus: undefined });
    const signed = await signCredentialDataIntegrity(badge, key, { documentLoader: world.documentLoader });
    expect((await verifyCredential(signed, { now: DURING_VALIDITY })).outcome).toBe('valid');
    expect((await verifyCredential(await signCredentialJwt(badge, key), { now: DURING_VALIDITY })).outcome).toBe('valid');
  });
});

describe('verifyCredential: tampering and keys', () => {
  const leafEdits: Array<[string, (c: any) => void]> = [
    ['credentialSubject.achievement.name', (c) => { c.credentialSubject.achievement.name = 'Connectoo expert'; }],
    ['credentialSubject.identifier[0].identityHash', (c) => { c.credentialSubject.identifier[0].identityHash = `sha256$${'0'.repeat(64)}`; }],
    ['credentialSubject.result[0].value', (c) => { c.credentialSubject.result[0].value = '99'; }],
    ['credentialSubject.achievement.alignment[1].targetCode', (c) => { c.credentialSubject.achievement.alignment[1].targetCode = '5.4'; }],
    ['issuer.name', (c) => { c.issuer.name = 'Another issuer'; }],
    ['evidence[0].narrative', (c) => { c.evidence[0].narrative = 'Nothing done.'; }],
    ['credentialStatus.statusListIndex', (c) => { c.credentialStatus.statusListIndex = '43'; c.credentialStatus.id = `${REVOCATION_LIST}#43`; }],
    ['validUntil', (c) => { c.validUntil = '2030-03-01T09:00:00Z'; }],
    ['id', (c) => { c.id = 'urn:uuid:0b5c8f0e-4c1a-4a57-9b0e-2f7d7c1d3a02'; }],
    ['credentialSubject.achievement.criteria.narrative', (c) => { c.credentialSubject.achievement.criteria.narrative = 'Attend once.'; }],
  ];

  it.each(leafEdits)('rejects a Data Integrity badge whose %s was changed', async (_path, edit) => {
    const { issuer, key, options, world } = await setup();
    const signed = await signCredentialDataIntegrity(buildBadge(issuer.did), key, { documentLoader: world.documentLoader });
    const tampered = structuredClone(signed);
    edit(tampered);
    const report = await verifyCredential(tampered, options);
    expect(report.outcome).toBe('invalid');
    expect(check(report, 'signature').status).toBe('failed');
  });

  it.each(leafEdits)('rejects a JWT whose payload %s was changed', async (_path, edit) => {
    const { issuer, key, options } = await setup();
    const jwt = await signCredentialJwt(buildBadge(issuer.did), key);
    const [header, payload, signature] = jwt.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    edit(claims);
    const forged = [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
    const report = await verifyCredential(forged, options);
    expect(report.outcome).toBe('invalid');
  });

  it('rejects a change to ANY leaf of a signed badge (every string and boolean outside the proof)', async () => {
    const { issuer, key, options, world } = await setup();
    const signed = await signCredentialDataIntegrity(buildBadge(issuer.did), key, { documentLoader: world.documentLoader });
    const { proof: _proof, ...body } = signed;
    const leaves = leafPaths(body);
    expect(leaves.length).toBeGreaterThan(50);
    for (const path of leaves) {
      const tampered = structuredClone(signed) as Record<string, unknown>;
      mutateLeaf(tampered, path);
      const report = await verifyCredential(tampered, options);
      expect.soft(report.outcome, path.join('.')).toBe('invalid');
    }
  });

  it('rejects a badge signed with a key the issuer never published', async () => {
    const { issuer, options, world } = await setup();
    const rogue = createSigningKey({ did: issuer.did, keyId: 'key-1', privateKey: generateEd25519PrivateKey() });
    const signed = await signCredentialDataIntegrity(buildBadge(issuer.did), rogue, { documentLoader: world.documentLoader });
    const report = await verifyCredential(signed, options);
    expect(report.outcome).toBe('invalid');
    expect(check(report, 'signature')).toMatchObject({ status: 'failed', detail: 'Invalid signature.' });
    const jwtReport = await verifyCredential(await signCredentialJwt(buildBadge(issuer.did), rogue), options);
    expect(jwtReport.outcome).toBe('invalid');
    expect(check(jwtReport, 'signature').status).toBe('failed');
  });

  it('rejects a badge whose key belongs to another DID than its issuer', async () => {
    const { world, options } = await setup();
    const other = world.issuer('other.example');
    const otherKey = other.addKey();
    const badge = buildBadge('did:web:brevet.example');
    const signed = await signCredentialDataIntegrity({ ...badge, issuer: { ...badge.issuer, id: other.did } }, otherKey, { documentLoader: world.documentLoader });
    const forged = { ...signed, issuer: badge.issuer };
    const report = await verifyCredential(forged, options);
    expect(report.outcome).toBe('invalid');
    expect(check(report, 'issuer_known')).toMatchObject({ status: 'failed' });
  });

  it('keeps verifying a badge signed with an old key after rotation', async () => {
    const { issuer, key: oldKey, options, world } = await setup();
    const signedBefore = await signCredentialDataIntegrity(buildBadge(issuer.did), oldKey, { documentLoader: world.documentLoader });
    const jwtBefore = await signCredentialJwt(buildBadge(issuer.did), oldKey);
    const newKey = issuer.addKey();
    expect(newKey.verificationMethodId).not.toBe(oldKey.verificationMethodId);
    const signedAfter = await signCredentialDataIntegrity(buildBadge(issuer.did), newKey, { documentLoader: world.documentLoader });
    expect((await verifyCredential(signedBefore, options)).outcome).toBe('valid');
    expect((await verifyCredential(jwtBefore, options)).outcome).toBe('valid');
    expect((await verifyCredential(signedAfter, options)).outcome).toBe('valid');
  });

  it('refuses to sign for an issuer that does not control the key', async () => {
    const { key, world } = await setup();
    await expect(signCredentialDataIntegrity(buildBadge('did:web:someone.else'), key, { documentLoader: world.documentLoader })).rejects.toThrow(/not the controller/);
  });
});

describe('verifyCredential: dates', () => {
  it('reports an expired badge as invalid on not_expired', async () => {
    const { issuer, key, options, world } = await setup();
    const signed = await signCredentialDataIntegrity(buildBadge(issuer.did), key, { documentLoader: world.documentLoader });
    const report = await verifyCredential(signed, { ...options, now: () => new Date('2028-03-02T09:00:00Z') });
    expect(report.outcome).toBe('invalid');
    expect(check(report, 'not_expired').status).toBe('failed');
    expect(check(report, 'not_before').status).toBe('passed');
    expect(check(report, 'signature').status).toBe('passed');
  });

  it('reports a badge that is not valid yet as invalid on not_before', async () => {
    const { issuer, key, options, world } = await setup();
    const signed = await signCredentialDataIntegrity(buildBadge(issuer.did), key, { documentLoader: world.documentLoader });
    const report = await verifyCredential(signed, { ...options, now: () => new Date('2025-02-28T09:00:00Z') });
    expect(report.outcome).toBe('invalid');
    expect(check(report, 'not_before').status).toBe('failed');
    expect(check(report, 'not_expired').status).toBe('passed');
  });

  it('applies the same date checks to the JWT form', async () => {
    const { issuer, key, options } = await setup();
    const jwt = await signCredentialJwt(buildBadge(issuer.did), key);
    const expired = await verifyCredential(jwt, { ...options, now: () => new Date('2029-01-01T00:00:00Z') });
    expect(check(expired, 'not_expired').status).toBe('failed');
    const early = await verifyCredential(jwt, { ...options, now: () => new Date('2024-01-01T00:00:00Z') });
    expect(check(early, 'not_before').status).toBe('failed');
  });

  it('rejects a JWT whose exp claim disagrees with validUntil', async () => {
    const { issuer, key, options } = await setup();
    const badge = buildBadge(issuer.did);
    const { validUntil: _dropped, ...withoutExpiry } = badge;
    const jwt = await signCredentialJwt(withoutExpiry, key);
    expect((await verifyCredential(jwt, options)).outcome).toBe('valid');
    const [header, payload] = jwt.split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const forged = await signCredentialJwt({ ...claims, exp: 1 }, key);
    const report = await verifyCredential(forged, options);
    expect(header).toBeTruthy();
    expect(report.outcome).toBe('invalid');
    expect(check(report, 'parsed')).toMatchObject({ status: 'failed', detail: 'JWT claim exp does not match the credential' });
  });
});

describe('verifyCredential: contexts and parsing', () => {
  it('refuses an unknown remote context without fetching it', async () => {
    const { issuer, key, options, world } = await setup();
    const signed = await signCredentialDataIntegrity(buildBadge(issuer.did), key, { documentLoader: world.documentLoader });
    const withContext = { ...signed, '@context': [...signed['@context'], 'https://evil.example/context.jsonld'] };
    const report = await verifyCredential(withContext, options);
    expect(report.outcome).toBe('invalid');
    expect(check(report, 'context_known')).toMatchObject({ status: 'failed' });
    expect(check(report, 'context_known').detail).toContain('https://evil.example/context.jsonld');
  });

  it('cannot sign a credential with an unknown context', async () => {
    const { issuer, key, world } = await setup();
    const badge = buildBadge(issuer.did);
    const withContext = { ...badge, '@context': [...badge['@context'], 'https://evil.example/context.jsonld'] };
    await expect(signCredentialDataIntegrity(withContext, key, { documentLoader: world.documentLoader })).rejects.toThrow('cannot sign the credential: refusing to load "https://evil.example/context.jsonld"');
  });

  it('names the undefined term when signing fails in JSON-LD safe mode', async () => {
    const { issuer, key, world } = await setup();
    const badge = buildBadge(issuer.did, { subjectExtras: { favouriteColour: 'blue' } });
    await expect(signCredentialDataIntegrity(badge, key, { documentLoader: world.documentLoader })).rejects.toThrow(/"favouriteColour"/);
  });

  it.each([
    ['garbage text', 'hello'],
    ['a JSON array', '[]'],
    ['a credential without VC context', { '@context': ['https://schema.org'], type: ['VerifiableCredential'] }],
    ['a number', 42],
  ])('reports %s as not parsed', async (_label, input) => {
    const report = await verifyCredential(input, { now: DURING_VALIDITY });
    expect(report.outcome).toBe('invalid');
    expect(check(report, 'parsed').status).toBe('failed');
    expect(report.checks).toHaveLength(9);
  });

  it('reads a JWT whose payload segment is not canonical base64url as jose reads it', async () => {
    const { issuer, key, options } = await setup();
    const jwt = await signCredentialJwt(buildBadge(issuer.did), key);
    const [header, payload] = jwt.split('.') as [string, string, string];
    // Trailing spaces (still the same JSON) until the last base64url character carries 4 unused bits.
    let text = Buffer.from(payload, 'base64url').toString('utf8');
    while (Buffer.byteLength(text) % 3 !== 1) text += ' ';
    const canonical = Buffer.from(text).toString('base64url');
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const stray = canonical.slice(0, -1) + alphabet[alphabet.indexOf(canonical.at(-1)!) | 1];
    expect(stray).not.toBe(canonical);
    expect(Buffer.from(stray, 'base64url').equals(Buffer.from(canonical, 'base64url'))).toBe(true);
    const signatureOver = (segment: string) => Buffer.from(key.sign(Buffer.from(`${header}.${segment}`, 'ascii'))).toString('base64url');
    const publicKey = createPublicKey(key.privateKey);
    // Signed over the non-canonical text: jose accepts it, and so does the verifier.
    const token = `${header}.${stray}.${signatureOver(stray)}`;
    await expect(compactVerify(token, publicKey)).resolves.toBeDefined();
    const report = await verifyCredential(token, options);
    expect(report.outcome).toBe('valid');
    expect(report.credential?.id).toBe(buildBadge(issuer.did).id);
    // The canonical text's signature does not cover the non-canonical text, for jose nor for us.
    const swapped = `${header}.${stray}.${signatureOver(canonical)}`;
    await expect(compactVerify(swapped, publicKey)).rejects.toThrow();
    expect(check(await verifyCredential(swapped, options), 'signature').status).toBe('failed');
  });

  it('keeps a "__proto__" member of a JWT payload as a plain member, never as the prototype', async () => {
    const { issuer, key, options } = await setup();
    const jwt = await signCredentialJwt(buildBadge(issuer.did), key);
    const [header, payload] = jwt.split('.') as [string, string, string];
    const text = Buffer.from(payload, 'base64url').toString('utf8').replace(/^\{/, '{"__proto__":{"type":["Polluted"]},');
    const segment = Buffer.from(text).toString('base64url');
    const token = `${header}.${segment}.${Buffer.from(key.sign(Buffer.from(`${header}.${segment}`, 'ascii'))).toString('base64url')}`;
    const report = await verifyCredential(token, options);
    expect(check(report, 'signature').status).toBe('passed');
    expect(Object.getPrototypeOf(report.credential)).toBe(Object.prototype);
    expect(Object.hasOwn(report.credential!, '__proto__')).toBe(true);
    expect(report.credential!.type).toEqual(buildBadge(issuer.did).type);
  });

  it('reports an unsigned credential as invalid', async () => {
    const { issuer, options } = await setup();
    const report = await verifyCredential(buildBadge(issuer.did), options);
    expect(report.outcome).toBe('invalid');
    expect(check(report, 'signature')).toMatchObject({ status: 'failed', detail: 'the credential has no proof' });
  });

  it('fails the schema check of an OB credential missing a required field, even when signed', async () => {
    const { issuer, key, options, world } = await setup();
    const badge = buildBadge(issuer.did);
    const { criteria: _criteria, ...achievement } = badge.credentialSubject.achievement as Record<string, unknown>;
    const broken = { ...badge, credentialSubject: { ...badge.credentialSubject, achievement } };
    const signed = await signCredentialDataIntegrity(broken, key, { documentLoader: world.documentLoader });
    const report = await verifyCredential(signed, options);
    expect(check(report, 'signature').status).toBe('passed');
    expect(check(report, 'schema').status).toBe('failed');
    expect(report.outcome).toBe('invalid');
  });
});

describe('verifyCredential: foreign issuers', () => {
  it('verifies a did:web issuer whose DID document mixes absolute and relative key references', async () => {
    const { world, options } = await setup();
    const foreign = world.issuer('university.example');
    const key = foreign.addKey('signing');
    world.didDocuments.set(foreign.did, {
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
      id: foreign.did,
      verificationMethod: [{ id: `${foreign.did}#signing`, type: 'Multikey', controller: foreign.did, publicKeyMultibase: key.publicKeyMultibase }],
      assertionMethod: ['#signing'],
    });
    const signed = await signCredentialDataIntegrity(buildBadge(foreign.did, { credentialStatus: undefined }), key, { documentLoader: world.documentLoader });
    const report = await verifyCredential(signed, options);
    expect(report.outcome).toBe('valid');
  });

  it('rejects a key that the DID document lists but does not authorise for assertions', async () => {
    const { world, options } = await setup();
    const foreign = world.issuer('university.example');
    const key = foreign.addKey('auth-only');
    const published = world.didDocuments.get(foreign.did) as Record<string, unknown>;
    world.didDocuments.set(foreign.did, { ...published, assertionMethod: [] });
    const signed = await signCredentialDataIntegrity(buildBadge(foreign.did, { credentialStatus: undefined }), key, { documentLoader: world.documentLoader });
    const report = await verifyCredential(signed, options);
    expect(report.outcome).toBe('invalid');
    expect(check(report, 'issuer_known').detail).toContain('does not authorise');
  });
});

describe('verifyCredential: unreachable issuers', () => {
  it('reports could_not_check when a did:web host times out', async () => {
    const { issuer, key, world } = await setup();
    const signed = await signCredentialDataIntegrity(buildBadge(issuer.did), key, { documentLoader: world.documentLoader });
    const report = await verifyCredential(signed, {
      resolveDidWeb: () => new Promise(() => {}),
      didWebTimeoutMs: 200,
      loadStatusListCredential: world.loadStatusListCredential,
      now: DURING_VALIDITY,
    });
    expect(report.outcome).toBe('could_not_check');
    expect(check(report, 'issuer_known').status).toBe('could_not_check');
    expect(check(report, 'signature').status).toBe('could_not_check');
  });

  it('reports invalid for a malformed issuer DID', async () => {
    const { key, world, options } = await setup();
    const signed = await signCredentialDataIntegrity(buildBadge(key.controller), key, { documentLoader: world.documentLoader });
    const malformed = 'did:web:bad_host!';
    const forged = { ...signed, issuer: { ...signed.issuer, id: malformed }, proof: signed.proof.map((p) => ({ ...p, verificationMethod: `${malformed}#key-1` })) };
    const report = await verifyCredential(forged, options);
    expect(report.outcome).toBe('invalid');
    expect(check(report, 'issuer_known').status).toBe('failed');
  });
});

type Path = Array<string | number>;

function leafPaths(value: unknown, path: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => leafPaths(item, [...path, index]));
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([key, item]) => leafPaths(item, [...path, key]));
  return [path];
}

function mutateLeaf(root: Record<string, unknown>, path: Path): void {
  const parent = path.slice(0, -1).reduce<any>((node, key) => node[key], root);
  const last = path.at(-1) as string | number;
  const current = parent[last];
  parent[last] = typeof current === 'boolean' ? !current : `${String(current)}x`;
}
