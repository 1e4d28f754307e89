import { randomUUID } from 'node:crypto';
import {
  buildAchievementCredential,
  buildStatusListCredential,
  createDocumentLoader,
  createStatusBitstring,
  createStatusListCache,
  signCredentialDataIntegrity,
  type VerifyOptions,
  buildStatusListEntry,
  createSigningKey,
  describePublicKey,
  didKeyFromPublicKey,
  generateEd25519PrivateKey,
  type SigningKey,
} from '../credentials/index.ts';

/** A did:key issuer key for the benchmarks (no database, no network). */
export function benchKey(): SigningKey {
  const privateKey = generateEd25519PrivateKey();
  const identity = didKeyFromPublicKey(describePublicKey(privateKey, 'bench').publicKeyMultibase);
  return createSigningKey({ ...identity, privateKey });
}

const base = 'https://brevet.example';
const statusListUrl = `${base}/status/suspension-1`;

/**
 * Verifier options as a service verifying its own badges uses them: contexts and did:key
 * offline, and the badges' signed status list verified once, then kept in memory with a TTL.
 */
export async function benchVerifyOptions(key: SigningKey): Promise<VerifyOptions> {
  const documentLoader = createDocumentLoader();
  const list = await signCredentialDataIntegrity(
    buildStatusListCredential({ id: statusListUrl, issuer: key.controller, statusPurpose: 'suspension', bits: createStatusBitstring(), validFrom: new Date() }),
    key,
    { documentLoader },
  );
  return { documentLoader, loadStatusListCredential: async () => list, statusListCache: createStatusListCache({ ttlMs: 60_000 }) };
}

/** A badge of the shape Brevet issues: OB 3.0 Certification, DigComp alignment, score, evidence, status entry. */
export function benchBadge(issuerId: string, n: number) {
  return buildAchievementCredential({
    id: `urn:uuid:${randomUUID()}`,
    name: 'Connectoo basic',
    issuer: { id: issuerId, name: 'Brevet', url: base },
    validFrom: '2026-11-01T09:00:00Z',
    validUntil: '2029-11-01T09:00:00Z',
    awardedDate: '2026-11-01T09:00:00Z',
    recipient: { email: `agent${n}@example.gov`, salt: `salt-${n}-abcdef` },
    achievement: {
      id: `${base}/achievements/connectoo-basic`,
      name: 'Connectoo basic',
      description: 'Help citizens reach online public services.',
      criteria: { narrative: 'Complete the five modules and pass the certifying test with at least 70%.' },
      achievementType: 'Certification',
      inLanguage: 'fr',
      alignment: [
        { targetName: 'Engaging in citizenship through digital technologies', targetUrl: `${base}/digcomp/2.3`, targetFramework: 'DigComp 2.2', targetCode: '2.3', targetType: 'CFItem' },
        { targetName: 'Identifying needs and technological responses', targetUrl: `${base}/digcomp/5.2`, targetFramework: 'DigComp 2.2', targetCode: '5.2', targetType: 'CFItem' },
      ],
      resultDescription: [{ id: `${base}/achievements/connectoo-basic/score`, name: 'Score', resultType: 'Percent', valueMin: '0', valueMax: '100', requiredValue: '70' }],
    },
    result: [{ resultDescription: `${base}/achievements/connectoo-basic/score`, value: String(70 + (n % 30)) }],
    evidence: [{ name: 'Modules completed', narrative: '5 modules of 2 h completed.' }],
    credentialStatus: buildStatusListEntry({ listUrl: statusListUrl, index: n, statusPurpose: 'suspension' }),
  });
}
