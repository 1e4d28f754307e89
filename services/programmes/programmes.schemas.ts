import { z } from 'zod';
import { DIGCOMP_CODES } from './digcomp.ts';

export const LOCALES = ['fr', 'nl', 'de', 'en'] as const;

/** Every text of a programme exists in French, Dutch, German and English (Belgium's three languages, plus English). */
export const localizedText = (max: number) =>
  z.strictObject({
    fr: z.string().trim().min(1).max(max),
    nl: z.string().trim().min(1).max(max),
    de: z.string().trim().min(1).max(max),
    en: z.string().trim().min(1).max(max),
  });

export const programmeCode = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'Lower-case letters, digits and dashes, 2 to 63 characters');

const moduleInput = z.strictObject({
  code: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, 'Letters, digits, dots, dashes, up to 40 characters'),
  title: localizedText(200),
  durationMinutes: z.number().int().min(1).max(1440),
});

const alignmentInput = z.strictObject({
  competence: z.enum(DIGCOMP_CODES),
  proficiencyLevel: z.number().int().min(1).max(8),
});

/** The building blocks of a programme version: what a learner must do, and what it certifies. */
export const programmeVersionInput = z
  .strictObject({
    level: z.enum(['basic', 'expert']),
    title: localizedText(200),
    description: localizedText(4000),
    modules: z.array(moduleInput).min(1).max(50),
    requiredWebinars: z.number().int().min(0).max(20),
    fixedDurationWeeks: z.number().int().min(1).max(104).nullable(),
    prerequisiteProgrammeCode: programmeCode.nullable(),
    validityMonths: z.number().int().min(1).max(120),
    learningOutcomes: z.array(localizedText(1000)).min(1).max(50),
    digcompAlignment: z.array(alignmentInput).max(21),
    assessment: z.strictObject({
      passMarkPercent: z.number().int().min(1).max(100),
      maxAttempts: z.number().int().min(1).max(10),
    }),
  })
  .superRefine((value, ctx) => {
    const seen = new Set<string>();
    value.modules.forEach((m, i) => {
      if (seen.has(m.code)) ctx.addIssue({ code: 'custom', path: ['modules', i, 'code'], message: `Module code "${m.code}" appears twice` });
      seen.add(m.code);
    });
    const competences = new Set<string>();
    value.digcompAlignment.forEach((a, i) => {
      if (competences.has(a.competence)) ctx.addIssue({ code: 'custom', path: ['digcompAlignment', i, 'competence'], message: `Competence ${a.competence} appears twice` });
      competences.add(a.competence);
    });
  });

export type ProgrammeVersionInput = z.infer<typeof programmeVersionInput>;

export const createProgrammeBody = z.strictObject({ code: programmeCode, version: programmeVersionInput });

/** The seed file: programmes as the admin API would create them, each published on insert. */
export const programmeSeedFile = z.strictObject({
  programmes: z.array(createProgrammeBody).min(1),
});

export const programmeCodeParams = z.strictObject({ code: programmeCode });
export const programmeVersionParams = z.strictObject({ code: programmeCode, version: z.coerce.number().int().min(1) });
export const catalogueQuery = z.strictObject({ lang: z.enum(LOCALES).optional() });

// Response shapes, for the OpenAPI document.
const localizedOut = z.object({ fr: z.string(), nl: z.string(), de: z.string(), en: z.string() });
const alignmentOut = z.object({
  framework: z.literal('DigComp 2.2'),
  competence: z.string(),
  name: z.string(),
  url: z.string(),
  proficiencyLevel: z.number().int(),
});
const assessmentOut = z.object({ passMarkPercent: z.number().int(), maxAttempts: z.number().int() });
const versionStatus = z.enum(['draft', 'published', 'retired']);

export const programmeVersionSchema = z.object({
  id: z.uuid(),
  version: z.number().int(),
  status: versionStatus,
  level: z.enum(['basic', 'expert']),
  title: localizedOut,
  description: localizedOut,
  modules: z.array(z.object({ id: z.uuid(), position: z.number().int(), code: z.string(), title: localizedOut, durationMinutes: z.number().int() })),
  requiredWebinars: z.number().int(),
  fixedDurationWeeks: z.number().int().nullable(),
  prerequisiteProgrammeCode: z.string().nullable(),
  validityMonths: z.number().int(),
  learningOutcomes: z.array(localizedOut),
  digcompAlignment: z.array(alignmentOut),
  assessment: assessmentOut,
  createdAt: z.iso.datetime(),
  publishedAt: z.iso.datetime().nullable(),
  retiredAt: z.iso.datetime().nullable(),
});

const versionSummary = z.object({
  id: z.uuid(),
  version: z.number().int(),
  status: versionStatus,
  title: localizedOut,
  publishedAt: z.iso.datetime().nullable(),
  retiredAt: z.iso.datetime().nullable(),
});

export const programmeListSchema = z.object({
  programmes: z.array(z.object({ code: z.string(), createdAt: z.iso.datetime(), published: versionSummary.nullable(), versions: z.array(versionSummary) })),
});

export const programmeDetailSchema = z.object({
  code: z.string(),
  createdAt: z.iso.datetime(),
  published: programmeVersionSchema.nullable(),
  versions: z.array(programmeVersionSchema),
});

export const catalogueEntrySchema = z.object({
  code: z.string(),
  versionId: z.uuid(),
  version: z.number().int(),
  level: z.enum(['basic', 'expert']),
  title: z.string(),
  description: z.string(),
  modules: z.array(z.object({ position: z.number().int(), code: z.string(), title: z.string(), durationMinutes: z.number().int() })),
  totalModuleMinutes: z.number().int(),
  requiredWebinars: z.number().int(),
  fixedDurationWeeks: z.number().int().nullable(),
  prerequisite: z.object({ code: z.string(), title: z.string().nullable() }).nullable(),
  validityMonths: z.number().int(),
  learningOutcomes: z.array(z.string()),
  digcompAlignment: z.array(alignmentOut),
  assessment: assessmentOut,
});

export const catalogueSchema = z.object({ lang: z.enum(LOCALES), programmes: z.array(catalogueEntrySchema) });
