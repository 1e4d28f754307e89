/**
 * What a verification page shows of a credential, read defensively: a presented
 * credential is anyone's JSON, so every field is checked for its type, strings are
 * capped, and nothing is trusted to be markup (the JSX escapes every value anyway).
 */

const MAX_TEXT = 4_000;

export interface AlignmentView {
  name: string;
  code?: string;
  framework?: string;
  url?: string;
  /** The DigComp proficiency level, when the description states one. */
  proficiency?: string;
}

export interface ScoreView {
  name?: string;
  value: string;
  /** Percent scores are shown as percentages. */
  percent: boolean;
  passMark?: string;
}

export interface BadgeView {
  achievement: {
    name?: string;
    description?: string;
    criteria?: string;
    type?: string;
    level?: 'basic' | 'expert';
    language?: string;
    alignments: AlignmentView[];
  };
  issuer: { name?: string; url?: string; did?: string };
  issuedOn?: string;
  validUntil?: string;
  scores: ScoreView[];
}

type Json = Record<string, unknown>;

function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed ? trimmed.slice(0, MAX_TEXT) : undefined;
}

function object(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function list(value: unknown): Json[] {
  return ([] as unknown[]).concat(value ?? []).map(object).filter((item): item is Json => item !== undefined).slice(0, 50);
}

function date(value: unknown): string | undefined {
  const candidate = text(value);
  return candidate && !Number.isNaN(Date.parse(candidate)) ? candidate : undefined;
}

/** Our programmes end their code in their level (connectoo-basic, connectoo-expert). */
function levelOf(achievement: Json): 'basic' | 'expert' | undefined {
  const code = text(achievement.humanCode) ?? text(achievement.id) ?? '';
  const match = /(?:^|[-_/])(basic|expert)$/i.exec(code);
  return match ? (match[1]!.toLowerCase() as 'basic' | 'expert') : undefined;
}

function alignmentOf(item: Json): AlignmentView | undefined {
  const name = text(item.targetName);
  if (!name) return undefined;
  const proficiency = /proficiency level (\d+)/i.exec(text(item.targetDescription) ?? '')?.[1];
  return { name, code: text(item.targetCode), framework: text(item.targetFramework), url: text(item.targetUrl), proficiency };
}

function scoresOf(subject: Json, achievement: Json): ScoreView[] {
  const descriptions = new Map(list(achievement.resultDescription).map((d) => [text(d.id) ?? '', d]));
  return list(subject.result).flatMap((result) => {
    const value = text(result.value);
    if (!value) return [];
    const description = descriptions.get(text(result.resultDescription) ?? '');
    return [{
      name: text(description?.name),
      value,
      percent: text(description?.resultType) === 'Percent' && Number.isFinite(Number(value)),
      passMark: text(description?.requiredValue),
    }];
  });
}

export function badgeViewOf(credential: Json | undefined): BadgeView {
  const subject = list(credential?.credentialSubject)[0] ?? {};
  const achievement = object(subject.achievement) ?? {};
  const issuer = object(credential?.issuer);
  return {
    achievement: {
      name: text(achievement.name) ?? text(credential?.name),
      description: text(achievement.description),
      criteria: text(object(achievement.criteria)?.narrative),
      type: text(achievement.achievementType),
      level: levelOf(achievement),
      language: text(achievement.inLanguage),
      alignments: list(achievement.alignment).map(alignmentOf).filter((a): a is AlignmentView => a !== undefined),
    },
    issuer: {
      name: text(issuer?.name),
      url: text(issuer?.url),
      did: text(issuer?.id) ?? text(credential?.issuer),
    },
    issuedOn: date(credential?.validFrom) ?? date(credential?.issuanceDate) ?? date(credential?.awardedDate),
    validUntil: date(credential?.validUntil) ?? date(credential?.expirationDate),
    scores: scoresOf(subject, achievement),
  };
}
