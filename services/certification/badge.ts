import { buildAchievementCredential, createRecipientSalt, type AchievementCredential, type StatusListEntry } from '../../credentials/index.ts';
import type { Config } from '../config.ts';
import type { CertificationEvidence } from '../db/schema/enrolments.ts';
import type { DigCompAlignment, LocalizedText } from '../db/schema/programmes.ts';
import type { Locale } from '../db/schema/foundation.ts';
import { publicBaseUrl } from '../shared/urls.ts';
import { achievementIdFor } from './achievement.ts';
import { criteriaNarrative, evidenceNames } from './criteria.ts';

export interface BadgeFacts {
  credentialUuid: string;
  issuerDid: string;
  issuerName: string;
  issuedAt: Date;
  validityMonths: number;
  learner: { email: string; locale: Locale };
  programme: {
    code: string;
    level: 'basic' | 'expert';
    title: LocalizedText;
    description: LocalizedText;
    modules: number;
    webinars: number;
    passMark: number;
    weeks: number | null;
    alignment: DigCompAlignment[];
  };
  scorePercent: number;
  evidence: CertificationEvidence;
  status: StatusListEntry;
  /** The salt of the hashed recipient email; a fresh random one when absent. */
  recipientSalt?: string;
}

function addMonths(date: Date, months: number): Date {
  const next = new Date(date);
  next.setUTCMonth(next.getUTCMonth() + months);
  return next;
}

/**
 * The Open Badges 3.0 credential of a certification, in the holder's language (the other
 * languages are linked as related achievements): what was assessed, the DigComp
 * competences, the score against the pass mark, the modules and webinars as evidence,
 * three years of validity, and one status entry (OB 3.0 allows one).
 */
export function buildCertificationBadge(config: Pick<Config, 'PUBLIC_URL' | 'HOST' | 'PORT' | 'TLS_CERT_FILE'>, facts: BadgeFacts): AchievementCredential {
  const base = publicBaseUrl(config);
  const achievementId = achievementIdFor(config, facts.programme.code);
  const locale = facts.learner.locale;
  const names = evidenceNames(locale);
  const scoreId = `${achievementId}/results/score`;
  return buildAchievementCredential({
    id: `urn:uuid:${facts.credentialUuid}`,
    name: facts.programme.title[locale],
    issuer: { id: facts.issuerDid, name: facts.issuerName, url: base },
    validFrom: facts.issuedAt,
    validUntil: addMonths(facts.issuedAt, facts.validityMonths),
    awardedDate: facts.issuedAt,
    recipient: { email: facts.learner.email, salt: facts.recipientSalt ?? createRecipientSalt() },
    achievement: {
      id: achievementId,
      name: facts.programme.title[locale],
      description: facts.programme.description[locale],
      criteria: { id: `${base}/catalogue/${facts.programme.code}`, narrative: criteriaNarrative(locale, facts.programme) },
      achievementType: 'Certification',
      inLanguage: locale,
      humanCode: facts.programme.code,
      alignment: facts.programme.alignment.map((a) => ({
        targetName: a.name,
        targetUrl: a.url,
        targetFramework: a.framework,
        targetCode: a.competence,
        targetDescription: `DigComp 2.2 ${a.competence}, proficiency level ${a.proficiencyLevel}`,
        targetType: 'CFItem' as const,
      })),
      resultDescription: [{ id: scoreId, name: names.assessment, resultType: 'Percent', valueMin: '0', valueMax: '100', requiredValue: String(facts.programme.passMark) }],
      related: (['fr', 'nl', 'de', 'en'] as const).filter((l) => l !== locale).map((l) => ({ id: `${achievementId}?lang=${l}`, inLanguage: l })),
    },
    result: [{ resultDescription: scoreId, value: String(facts.scorePercent) }],
    evidence: [
      { name: names.modules, narrative: facts.evidence.modules.map((m) => `${m.code} (${m.completedAt.slice(0, 10)})`).join(', ') || '-' },
      ...(facts.evidence.webinars.length
        ? [{ name: names.webinars, narrative: facts.evidence.webinars.map((w) => `${w.title} (${w.attendedOn.slice(0, 10)})`).join(', ') }]
        : []),
      // A renewed badge links to the one it replaces.
      ...(facts.evidence.renews ? [{ id: `${base}/credentials/${facts.evidence.renews}`, name: names.renews, narrative: `urn:uuid:${facts.evidence.renews}` }] : []),
    ],
    credentialStatus: facts.status,
  });
}
