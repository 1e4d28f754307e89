// Inputs for the fast-path equivalence suite: the badge shapes Brevet issues, and hostile
// values for their leaves.
import fc from 'fast-check';
import { buildStatusListEntry, type AchievementCredentialInput } from '../../credentials/index.ts';
import type { Leaf } from '../../credentials/fast/index.ts';
import { badgeInput, REVOCATION_LIST, SUSPENSION_LIST } from './fixtures.ts';

const BASE = 'https://brevet.example';
const ACHIEVEMENT = `${BASE}/achievements/connectoo-basic`;

/** The shapes to register at start-up: the fixture badge and the certification badge's variants. */
export function registeredInputs(issuerDid: string): AchievementCredentialInput[] {
  const certification = (evidence: NonNullable<AchievementCredentialInput['evidence']>, locale: 'fr' | 'nl'): AchievementCredentialInput => ({
    ...badgeInput(issuerDid),
    id: 'urn:uuid:7f1f8d0e-8a4b-4c1e-9d5e-000000000001',
    description: undefined,
    achievement: {
      id: ACHIEVEMENT,
      name: 'Connectoo basic',
      description: 'Aider les citoyens.',
      criteria: { id: `${BASE}/catalogue/connectoo-basic`, narrative: 'Six modules, deux webinaires, 70 %.' },
      achievementType: 'Certification',
      inLanguage: locale,
      humanCode: 'connectoo-basic',
      alignment: [{ targetName: 'Browsing', targetUrl: 'https://joint-research-centre.ec.europa.eu/digcomp#1.1', targetFramework: 'DigComp 2.2', targetCode: '1.1', targetDescription: 'DigComp 2.2 1.1, proficiency level 4', targetType: 'CFItem' }],
      resultDescription: [{ id: `${ACHIEVEMENT}/results/score`, name: 'Évaluation', resultType: 'Percent', valueMin: '0', valueMax: '100', requiredValue: '70' }],
      related: (['fr', 'nl', 'de', 'en'] as const).filter((l) => l !== locale).map((l) => ({ id: `${ACHIEVEMENT}?lang=${l}`, inLanguage: l })),
    },
    result: [{ resultDescription: `${ACHIEVEMENT}/results/score`, value: '86' }],
    evidence,
    credentialStatus: buildStatusListEntry({ listUrl: SUSPENSION_LIST, index: 7, statusPurpose: 'suspension' }),
  });
  const modules = { name: 'Modules', narrative: 'M1 (2025-01-10), M2 (2025-01-20)' };
  const webinars = { name: 'Webinaires', narrative: 'Sécurité (2025-02-01)' };
  const renews = { id: `${BASE}/credentials/0b5c8f0e-4c1a-4a57-9b0e-2f7d7c1d3a01`, name: 'Renouvelle', narrative: 'urn:uuid:0b5c8f0e-4c1a-4a57-9b0e-2f7d7c1d3a01' };
  return [
    badgeInput(issuerDid),
    badgeInput(issuerDid, { evidence: undefined, result: undefined, subjectExtras: { id: 'did:example:learner' } }),
    badgeInput(issuerDid, { credentialStatus: buildStatusListEntry({ listUrl: REVOCATION_LIST, index: 3, statusPurpose: 'revocation' }), validUntil: undefined }),
    certification([modules], 'fr'),
    certification([modules, webinars], 'nl'),
    certification([modules, webinars, renews], 'fr'),
  ];
}

const HOSTILE = [
  '"', '\\', '\\"', 'a\nb', 'a\r\nb\t', '\u0000', '\u0008\u000c', '\u007f', '\u202eevil\u202c', 'مرحبا', '😀', '\ud83d', '\ude00x', 'x\ud800',
  '', ' ', 'xsd:string', 'xsd:dateTime', 'cred:issuer', 'sec:proof', 'schema:name', '_:b0', '_:c14n0', 'Profile', 'Achievement',
  'id', 'type', 'name', '@id', '@type', '@vocab', 'relative/path', '../up', '#frag', '//host/path', 'xsd://x', 'http://a b',
  'https://example.org/ok', 'HTTPS://EXAMPLE.ORG/X', 'urn:uuid:0b5c8f0e-4c1a-4a57-9b0e-2f7d7c1d3a01', 'did:web:brevet.example',
  'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK', 'mailto:agent@example.gov', 'a:b', 'tag:brevet.example,2025:x',
  'https://x/<>"{}|^`\\', 'urn:x\u0085y', 'urn:x\u00a0y', 'https://x\u2028y', 'urn:\ud800', 'https://purl.imsglobal.org/spec/vc/ob/vocab.html#Achievement',
  'https://www.w3.org/ns/credentials/v2', 'urn:x-brevet-leaf-000000000000-1-z', '2025-03-01T09:00:00Z', '70', '1e3',
];

const loneSurrogates = fc.string({ unit: fc.integer({ min: 0xd7f0, max: 0xe010 }).map((code) => String.fromCharCode(code)), maxLength: 6 });

/** A replacement for a leaf: hostile text, an odd IRI, or another leaf's value (duplicates). */
export function hostileLeaf(leaves: Leaf[]): fc.Arbitrary<string> {
  const strings = leaves.filter((leaf): leaf is string => typeof leaf === 'string');
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...HOSTILE) },
    { weight: 3, arbitrary: fc.constantFrom(...strings) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
    { weight: 1, arbitrary: loneSurrogates },
    { weight: 2, arbitrary: fc.webUrl({ withFragments: true, withQueryParameters: true }) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('urn:', 'did:web:', 'https://brevet.example/', 'xsd:', '_:'), fc.string({ unit: 'binary-ascii', maxLength: 12 })).map(([a, b]) => a + b) },
  );
}
