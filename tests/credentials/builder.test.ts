import { Ajv2019 } from 'ajv/dist/2019.js';
import ajvFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import {
  buildAchievementCredential,
  buildStatusListEntry,
  createRecipientSalt,
  hashRecipientEmail,
  signCredentialDataIntegrity,
  validateAchievementCredential,
} from '../../credentials/index.ts';
import { badgeInput, buildBadge, createWorld, readSharedSchema, REVOCATION_LIST, SUSPENSION_LIST } from './fixtures.ts';

// The schema from ../shared/specs (test data), compiled independently of the runtime copy.
const addFormats = ((ajvFormats as unknown as { default?: unknown }).default ?? ajvFormats) as (ajv: Ajv2019) => void;
const ajv = new Ajv2019({ strict: false, allErrors: true });
addFormats(ajv);
const sharedSchema = ajv.compile(readSharedSchema());

function expectSharedSchemaValid(credential: unknown) {
  const valid = sharedSchema(credential);
  expect(sharedSchema.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
}

describe('buildAchievementCredential', () => {
  it('builds the DESIGN.md shape: contexts in order, types, issuer Profile, schema', () => {
    const credential = buildBadge('did:web:brevet.example');
    expect(credential['@context']).toEqual([
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
      'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json',
    ]);
    expect(credential.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(credential.issuer).toEqual({ id: 'did:web:brevet.example', type: ['Profile'], name: 'Brevet', url: 'https://brevet.example' });
    expect(credential.validFrom).toBe('2025-03-01T09:00:00Z');
    expect(credential.credentialSchema).toEqual([{ id: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json', type: '1EdTechJsonSchemaValidator2019' }]);
    expect(credential.credentialStatus).toEqual({ id: `${REVOCATION_LIST}#42`, type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '42', statusListCredential: REVOCATION_LIST });
  });

  it('identifies the learner by a salted sha256 of the email, never the email itself', () => {
    const credential = buildBadge('did:web:brevet.example');
    const subject = credential.credentialSubject as Record<string, any>;
    expect(subject.type).toEqual(['AchievementSubject']);
    expect(subject.identifier).toEqual([{ type: 'IdentityObject', identityHash: hashRecipientEmail('agent@example.gov', 'q4Rk2pLx9sWe'), identityType: 'emailAddress', hashed: true, salt: 'q4Rk2pLx9sWe' }]);
    expect(JSON.stringify(credential)).not.toContain('agent@example.gov');
  });

  it('hashes as the OB 3.0 spec example (a@example.com salted with Kosher)', () => {
    expect(hashRecipientEmail('a@example.com', 'Kosher')).toBe('sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399');
    expect(createRecipientSalt()).not.toBe(createRecipientSalt());
  });

  it('types every nested object (achievement, alignment, results, evidence, related)', () => {
    const subject = buildBadge('did:web:brevet.example').credentialSubject as Record<string, any>;
    expect(subject.achievement.type).toEqual(['Achievement']);
    expect(subject.achievement.alignment[0]).toMatchObject({ type: ['Alignment'], targetFramework: 'DigComp 2.2', targetCode: '1.1', targetType: 'CFItem' });
    expect(subject.achievement.resultDescription[0].type).toEqual(['ResultDescription']);
    expect(subject.achievement.related[0]).toEqual({ id: 'https://brevet.example/achievements/connectoo-basic?lang=nl', inLanguage: 'nl', type: ['Related'] });
    expect(subject.result[0]).toEqual({ type: ['Result'], resultDescription: 'https://brevet.example/achievements/connectoo-basic/results/score', value: '86' });
  });

  it('passes the OB 3.0 schema from ../shared, unsigned and signed', async () => {
    const world = createWorld();
    const issuer = world.issuer();
    const key = issuer.addKey();
    const credential = buildBadge(issuer.did);
    expectSharedSchemaValid(credential);
    expect(validateAchievementCredential(credential)).toEqual([]);
    const signed = await signCredentialDataIntegrity(credential, key, { documentLoader: world.documentLoader });
    expect(Array.isArray(signed.proof)).toBe(true);
    expectSharedSchemaValid(signed);
  });

  it.each([
    ['minimal (no optional parts)', { result: undefined, evidence: undefined, credentialStatus: undefined, validUntil: undefined, awardedDate: undefined, name: undefined }],
    ['a suspension entry', { credentialStatus: buildStatusListEntry({ listUrl: SUSPENSION_LIST, index: 7, statusPurpose: 'suspension' }) }],
    ['a status result', { result: [{ resultDescription: 'https://brevet.example/achievements/connectoo-basic/results/score', status: 'Completed' as const }] }],
    ['subject extras', { activityStartDate: '2025-01-06T08:00:00Z', subjectExtras: { role: 'Policy officer', term: '2025 spring' } }],
  ])('passes the shared OB 3.0 schema with %s', (_label, overrides) => {
    expectSharedSchemaValid(buildAchievementCredential(badgeInput('did:web:brevet.example', overrides)));
  });

  it('builds a two-entry credentialStatus array, which the OB 3.0 schema rejects', () => {
    const credential = buildBadge('did:web:brevet.example', {
      credentialStatus: [
        buildStatusListEntry({ listUrl: REVOCATION_LIST, index: 1, statusPurpose: 'revocation' }),
        buildStatusListEntry({ listUrl: SUSPENSION_LIST, index: 1, statusPurpose: 'suspension' }),
      ],
    });
    expect(Array.isArray(credential.credentialStatus)).toBe(true);
    expect(sharedSchema(credential)).toBe(false);
    expect(validateAchievementCredential(credential)).toContainEqual({ path: '/credentialStatus', message: 'must be object' });
  });

  it.each([
    ['a relative achievement id', { achievement: { ...badgeInput('did:web:x').achievement, id: 'basic' } }, ZodError],
    ['an unknown achievementType', { achievement: { ...badgeInput('did:web:x').achievement, achievementType: 'Trophy' } }, ZodError],
    ['an invalid language code', { achievement: { ...badgeInput('did:web:x').achievement, inLanguage: 'French' } }, ZodError],
    ['an invalid date', { validFrom: 'yesterday' }, RangeError],
  ])('refuses %s', (_label, overrides, errorType) => {
    expect(() => buildAchievementCredential(badgeInput('did:web:brevet.example', overrides as never))).toThrow(errorType);
  });

  it('refuses subject extras that would overwrite the recipient or the achievement', () => {
    expect(() => buildBadge('did:web:brevet.example', { subjectExtras: { identifier: [] } })).toThrow(/must not set "identifier"/);
  });
});

describe('validateAchievementCredential', () => {
  it('reports the path and reason of each violation', () => {
    const credential = buildBadge('did:web:brevet.example') as Record<string, any>;
    delete credential.validFrom;
    credential.credentialSubject.achievement.criteria = 'none';
    const errors = validateAchievementCredential(credential);
    expect(errors).toContainEqual({ path: '', message: "must have required property 'validFrom'" });
    expect(errors).toContainEqual({ path: '/credentialSubject/achievement/criteria', message: 'must be object' });
  });
});
