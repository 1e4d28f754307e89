import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { OB_CONTEXT_3_0_3, OB_EXTENSIONS_CONTEXT, VC_CONTEXT_V2 } from './contexts.ts';
import { toDateTime } from './dates.ts';
import { OB_ACHIEVEMENT_CREDENTIAL_SCHEMA_URL, OB_SCHEMA_VALIDATOR_TYPE } from './schema.ts';

/** The contexts of every Brevet badge, in this order (DESIGN.md). */
export const OB_CREDENTIAL_CONTEXTS = [VC_CONTEXT_V2, OB_CONTEXT_3_0_3, OB_EXTENSIONS_CONTEXT] as const;

const uri = z.string().refine((value) => URL.canParse(value), 'must be an absolute URI');
// BCP 47 subset accepted by the OB 3.0 schema (LanguageCode).
const languageCode = z.string().regex(/^[a-z]{2,4}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$/, 'must be a language code such as "fr" or "nl-BE"');
const extensibleTerm = (values: readonly [string, ...string[]]) =>
  z.union([z.enum(values), z.string().regex(/^ext:[A-Za-z0-9.\-_]+$/)]);
const dateInput = z.union([z.date(), z.string()]);

// AchievementType vocabulary of the OB 3.0 schema (plus `ext:` extensions).
const ACHIEVEMENT_TYPES = [
  'Achievement', 'ApprenticeshipCertificate', 'Assessment', 'Assignment', 'AssociateDegree', 'Award', 'Badge',
  'BachelorDegree', 'Certificate', 'CertificateOfCompletion', 'Certification', 'CommunityService', 'Competency',
  'Course', 'CoCurricular', 'Degree', 'Diploma', 'DoctoralDegree', 'Fieldwork', 'GeneralEducationDevelopment',
  'JourneymanCertificate', 'LearningProgram', 'License', 'Membership', 'ProfessionalDoctorate',
  'QualityAssuranceCredential', 'MasterCertificate', 'MasterDegree', 'MicroCredential', 'ResearchDoctorate',
  'SecondarySchoolDiploma',
] as const;

const alignmentInput = z.object({
  targetName: z.string().min(1),
  targetUrl: uri,
  targetFramework: z.string().optional(),
  targetCode: z.string().optional(),
  targetDescription: z.string().optional(),
  targetType: extensibleTerm(['ceasn:Competency', 'ceterms:Credential', 'CFItem', 'CFRubric', 'CFRubricCriterion', 'CFRubricCriterionLevel', 'CTDL']).optional(),
});

const resultDescriptionInput = z.object({
  id: uri,
  name: z.string().min(1),
  resultType: extensibleTerm(['GradePointAverage', 'LetterGrade', 'Percent', 'PerformanceLevel', 'PredictedScore', 'RawScore', 'Result', 'RubricCriterion', 'RubricCriterionLevel', 'RubricScore', 'ScaledScore', 'Status']),
  valueMin: z.string().optional(),
  valueMax: z.string().optional(),
  requiredValue: z.string().optional(),
  allowedValue: z.array(z.string()).optional(),
});

const achievementInput = z.object({
  id: uri,
  name: z.string().min(1),
  description: z.string().min(1),
  criteria: z.object({ id: uri.optional(), narrative: z.string().min(1) }),
  achievementType: extensibleTerm(ACHIEVEMENT_TYPES),
  inLanguage: languageCode.optional(),
  alignment: z.array(alignmentInput).optional(),
  resultDescription: z.array(resultDescriptionInput).optional(),
  // OB 3.0 has no language maps (name/description must be strings in its schema and
  // context); other language editions of an achievement are linked through `related`.
  related: z.array(z.object({ id: uri, inLanguage: languageCode, version: z.string().optional() })).optional(),
  image: z.object({ id: uri, caption: z.string().optional() }).optional(),
  version: z.string().optional(),
  humanCode: z.string().optional(),
  fieldOfStudy: z.string().optional(),
  tag: z.array(z.string()).optional(),
});

const statusEntryInput = z.object({
  id: uri,
  type: z.literal('BitstringStatusListEntry'),
  statusPurpose: z.enum(['revocation', 'suspension']),
  statusListIndex: z.string().regex(/^\d+$/),
  statusListCredential: uri,
});

export const achievementCredentialInput = z.object({
  id: uri,
  name: z.string().optional(),
  description: z.string().optional(),
  issuer: z.object({ id: uri, name: z.string().min(1), url: uri, email: z.string().optional(), description: z.string().optional() }),
  validFrom: dateInput,
  validUntil: dateInput.optional(),
  awardedDate: dateInput.optional(),
  recipient: z.object({ email: z.string().min(3), salt: z.string().min(8) }),
  achievement: achievementInput,
  result: z.array(z.object({
    resultDescription: uri,
    value: z.string().optional(),
    status: z.enum(['Completed', 'Enrolled', 'Failed', 'InProgress', 'OnHold', 'Provisional', 'Withdrew']).optional(),
  })).optional(),
  evidence: z.array(z.object({
    id: uri.optional(),
    name: z.string().min(1),
    description: z.string().optional(),
    narrative: z.string().optional(),
    genre: z.string().optional(),
  })).optional(),
  credentialStatus: z.union([statusEntryInput, z.array(statusEntryInput).min(1)]).optional(),
  activityStartDate: dateInput.optional(),
  activityEndDate: dateInput.optional(),
  /** Extra credentialSubject properties; each must be a term the contexts define. */
  subjectExtras: z.record(z.string(), z.unknown()).optional(),
});

export type AchievementCredentialInput = z.input<typeof achievementCredentialInput>;

/** An unsigned OB 3.0 AchievementCredential as built here (open for extra properties). */
export interface AchievementCredential {
  '@context': string[];
  id: string;
  type: string[];
  issuer: { id: string; type: ['Profile']; name: string; url: string; [key: string]: unknown };
  validFrom: string;
  validUntil?: string;
  credentialSchema: Array<{ id: string; type: string }>;
  credentialSubject: Record<string, unknown> & { type: string[] };
  credentialStatus?: unknown;
  [key: string]: unknown;
}

/**
 * OB IdentityHash of an email: `sha256$<hex sha256(email + salt)>`. The email is hashed
 * exactly as given; callers pass the address as stored (normalised once, at sign-up).
 */
export function hashRecipientEmail(email: string, salt: string): string {
  return `sha256$${createHash('sha256').update(email + salt, 'utf8').digest('hex')}`;
}

/** A random salt for hashRecipientEmail (128 bits, base64url). */
export function createRecipientSalt(): string {
  return randomBytes(16).toString('base64url');
}

// `id` (a learner DID, when one exists) is allowed; these would clash with what the builder sets.
const SUBJECT_RESERVED = new Set(['type', 'identifier', 'achievement', 'result']);

/**
 * Builds an unsigned OB 3.0 AchievementCredential on VC 2.0, exactly per DESIGN.md. Throws
 * a ZodError on invalid input. Note: the OB 3.0 JSON schema allows ONE credentialStatus
 * object; passing two entries (revocation + suspension) yields an array the schema rejects.
 */
export function buildAchievementCredential(input: AchievementCredentialInput): AchievementCredential {
  const data = achievementCredentialInput.parse(input);
  const credential: AchievementCredential = {
    '@context': [...OB_CREDENTIAL_CONTEXTS],
    id: data.id,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    ...optional({ name: data.name, description: data.description }),
    issuer: { id: data.issuer.id, type: ['Profile'], name: data.issuer.name, url: data.issuer.url, ...optional({ email: data.issuer.email, description: data.issuer.description }) },
    validFrom: toDateTime(data.validFrom),
    ...optional({ validUntil: data.validUntil && toDateTime(data.validUntil), awardedDate: data.awardedDate && toDateTime(data.awardedDate) }),
    credentialSchema: [{ id: OB_ACHIEVEMENT_CREDENTIAL_SCHEMA_URL, type: OB_SCHEMA_VALIDATOR_TYPE }],
    credentialSubject: buildSubject(data),
  };
  if (data.evidence?.length) credential.evidence = data.evidence.map((item) => ({ ...optional(item), type: ['Evidence'] }));
  if (data.credentialStatus) {
    const entries = Array.isArray(data.credentialStatus) ? data.credentialStatus : [data.credentialStatus];
    credential.credentialStatus = entries.length === 1 ? { ...entries[0] } : entries.map((entry) => ({ ...entry }));
  }
  return credential;
}

type ParsedInput = z.output<typeof achievementCredentialInput>;

function buildSubject(data: ParsedInput): AchievementCredential['credentialSubject'] {
  const extras = data.subjectExtras ?? {};
  const clash = Object.keys(extras).find((key) => SUBJECT_RESERVED.has(key));
  if (clash) throw new Error(`subjectExtras must not set "${clash}"`);
  const { email, salt } = data.recipient;
  return {
    type: ['AchievementSubject'],
    identifier: [{ type: 'IdentityObject', identityHash: hashRecipientEmail(email, salt), identityType: 'emailAddress', hashed: true, salt }],
    achievement: buildAchievement(data.achievement),
    ...(data.result?.length ? { result: data.result.map((result) => ({ type: ['Result'], ...optional(result) })) } : {}),
    ...optional({
      activityStartDate: data.activityStartDate && toDateTime(data.activityStartDate),
      activityEndDate: data.activityEndDate && toDateTime(data.activityEndDate),
    }),
    ...extras,
  };
}

function buildAchievement(achievement: ParsedInput['achievement']): Record<string, unknown> {
  const { alignment, resultDescription, related, image, criteria, ...plain } = achievement;
  return {
    id: plain.id,
    type: ['Achievement'],
    ...optional({ ...plain, id: undefined }),
    criteria: optional(criteria),
    ...(alignment?.length ? { alignment: alignment.map((item) => ({ type: ['Alignment'], ...optional(item) })) } : {}),
    ...(resultDescription?.length ? { resultDescription: resultDescription.map((item) => ({ ...optional(item), type: ['ResultDescription'] })) } : {}),
    ...(related?.length ? { related: related.map((item) => ({ ...optional(item), type: ['Related'] })) } : {}),
    ...(image ? { image: { ...optional(image), type: 'Image' } } : {}),
  };
}

/** Drops undefined values so the JSON-LD carries no empty terms. */
function optional<T extends Record<string, unknown>>(values: T): Partial<T> {
  // A loop rather than fromEntries(entries().filter()): a badge calls this a dozen times (issuance bursts).
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(values)) {
    const value = values[key];
    if (value !== undefined) out[key] = value;
  }
  return out as Partial<T>;
}
