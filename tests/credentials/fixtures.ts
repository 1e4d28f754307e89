// Shared test fixtures: real keys, real DID documents, a did:web "internet" held in a Map
// (the only thing outside the system), and a typical Brevet badge input.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  buildAchievementCredential,
  buildDidDocument,
  buildStatusListCredential,
  buildStatusListEntry,
  createDocumentLoader,
  createSigningKey,
  createStatusBitstring,
  didWebFromHost,
  generateEd25519PrivateKey,
  setStatusBit,
  signCredentialDataIntegrity,
  type AchievementCredentialInput,
  type SigningKey,
  type StatusPurpose,
} from '../../credentials/index.ts';

export const SHARED_SPECS = path.resolve(import.meta.dirname, '../../../shared/specs/openbadges-3.0');

/** The OB 3.0 JSON schema from ../shared (test data, not the runtime copy). */
export function readSharedSchema(): object {
  return JSON.parse(readFileSync(path.join(SHARED_SPECS, 'achievementcredential.schema.json'), 'utf8')) as object;
}

/** A did:web issuer whose DID document lives in `web` (our stand-in for HTTPS). */
export class TestIssuer {
  readonly keys: SigningKey[] = [];
  constructor(
    readonly did: string,
    private readonly web: Map<string, unknown>,
  ) {}

  /** Adds a key (rotation never removes one) and republishes the DID document. */
  addKey(keyId = `key-${this.keys.length + 1}`): SigningKey {
    const key = createSigningKey({ did: this.did, keyId, privateKey: generateEd25519PrivateKey() });
    this.keys.push(key);
    this.web.set(this.did, buildDidDocument({ did: this.did, keys: this.keys }));
    return key;
  }

  get activeKey(): SigningKey {
    const key = this.keys.at(-1);
    if (!key) throw new Error('issuer has no key');
    return key;
  }
}

/** A small world: did:web documents and status list credentials, reachable by URL. */
export function createWorld() {
  const didDocuments = new Map<string, unknown>();
  const statusLists = new Map<string, unknown>();
  const resolveDidWeb = async (did: string) => {
    const document = didDocuments.get(did);
    if (!document) throw new Error(`404 for ${did}`);
    return structuredClone(document);
  };
  const documentLoader = createDocumentLoader({ resolveDidWeb, didWebTimeoutMs: 500 });
  const loadStatusListCredential = async (url: string) => {
    const list = statusLists.get(url);
    if (!list) throw new Error(`404 for ${url}`);
    return structuredClone(list);
  };
  const issuer = (host = 'brevet.example') => new TestIssuer(didWebFromHost(host), didDocuments);
  return { didDocuments, statusLists, resolveDidWeb, documentLoader, loadStatusListCredential, issuer };
}

export type World = ReturnType<typeof createWorld>;

/** Signs and publishes a status list with the given bits set. */
export async function publishStatusList(world: World, key: SigningKey, options: { url: string; purpose: StatusPurpose; setBits?: number[] }) {
  const bits = createStatusBitstring();
  for (const index of options.setBits ?? []) setStatusBit(bits, index, true);
  const unsigned = buildStatusListCredential({ id: options.url, issuer: key.controller, statusPurpose: options.purpose, bits, validFrom: new Date('2024-01-01T00:00:00Z') });
  const signed = await signCredentialDataIntegrity(unsigned, key, { documentLoader: world.documentLoader });
  world.statusLists.set(options.url, signed);
  return signed;
}

export const REVOCATION_LIST = 'https://brevet.example/status/revocation/1';
export const SUSPENSION_LIST = 'https://brevet.example/status/suspension/1';

/** A complete basic-programme badge input for `issuerId`. */
export function badgeInput(issuerId: string, overrides: Partial<AchievementCredentialInput> = {}): AchievementCredentialInput {
  return {
    id: 'urn:uuid:0b5c8f0e-4c1a-4a57-9b0e-2f7d7c1d3a01',
    name: 'Connectoo basic: digital skills for public servants',
    issuer: { id: issuerId, name: 'Brevet', url: 'https://brevet.example' },
    validFrom: '2025-03-01T09:00:00Z',
    validUntil: '2028-03-01T09:00:00Z',
    awardedDate: '2025-03-01T09:00:00Z',
    recipient: { email: 'agent@example.gov', salt: 'q4Rk2pLx9sWe' },
    achievement: {
      id: 'https://brevet.example/achievements/connectoo-basic',
      name: 'Connectoo basic',
      description: 'Digital skills for civil servants: information, communication, safety.',
      criteria: { narrative: 'Complete every module and pass the assessment with at least 70%.' },
      achievementType: 'Certification',
      inLanguage: 'fr',
      alignment: [
        { targetName: 'Browsing, searching and filtering data, information and digital content', targetUrl: 'https://joint-research-centre.ec.europa.eu/digcomp/digcomp-framework_en#1.1', targetFramework: 'DigComp 2.2', targetCode: '1.1', targetType: 'CFItem' },
        { targetName: 'Protecting personal data and privacy', targetUrl: 'https://joint-research-centre.ec.europa.eu/digcomp/digcomp-framework_en#4.2', targetFramework: 'DigComp 2.2', targetCode: '4.2', targetType: 'CFItem' },
      ],
      resultDescription: [{ id: 'https://brevet.example/achievements/connectoo-basic/results/score', name: 'Assessment score', resultType: 'Percent', valueMin: '0', valueMax: '100', requiredValue: '70' }],
      related: [{ id: 'https://brevet.example/achievements/connectoo-basic?lang=nl', inLanguage: 'nl' }],
    },
    result: [{ resultDescription: 'https://brevet.example/achievements/connectoo-basic/results/score', value: '86' }],
    evidence: [
      { name: 'Modules completed', description: 'All 6 modules', narrative: 'Modules 1-6 completed between January and February 2025.' },
      { id: 'https://brevet.example/evidence/webinars/42', name: 'Webinars attended', narrative: '3 distinct webinars attended.' },
    ],
    credentialStatus: buildStatusListEntry({ listUrl: REVOCATION_LIST, index: 42, statusPurpose: 'revocation' }),
    ...overrides,
  };
}

/** A built, unsigned badge. */
export function buildBadge(issuerId: string, overrides: Partial<AchievementCredentialInput> = {}) {
  return buildAchievementCredential(badgeInput(issuerId, overrides));
}

/** A moment inside the badge's validity window. */
export const DURING_VALIDITY = () => new Date('2026-06-01T12:00:00Z');
