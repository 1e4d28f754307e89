import type { Locale } from '../db/schema/foundation.ts';
import type { LocalizedText } from '../db/schema/programmes.ts';
import type { ProgrammeModuleRow, ProgrammeVersionRow } from './programmes.repository.ts';
import { LOCALES } from './programmes.schemas.ts';

/** Everything a version requires of a learner, in every language: what admins see and edit from. */
export function programmeVersionView(version: ProgrammeVersionRow, modules: ProgrammeModuleRow[]) {
  return {
    id: version.id,
    version: version.version,
    status: version.status,
    level: version.level,
    title: version.title,
    description: version.description,
    modules: modules.map((m) => ({ id: m.id, position: m.position, code: m.code, title: m.title, durationMinutes: m.duration_minutes })),
    requiredWebinars: version.required_webinars,
    fixedDurationWeeks: version.fixed_duration_weeks,
    prerequisiteProgrammeCode: version.prerequisite_programme_code,
    validityMonths: version.validity_months,
    learningOutcomes: version.learning_outcomes,
    digcompAlignment: version.digcomp_alignment,
    assessment: { passMarkPercent: version.pass_mark_percent, maxAttempts: version.max_attempts },
    createdAt: version.created_at,
    publishedAt: version.published_at,
    retiredAt: version.retired_at,
  };
}

export type ProgrammeVersionView = ReturnType<typeof programmeVersionView>;

/** A short line per version for the admin list. */
export function versionSummaryView(version: ProgrammeVersionRow) {
  return { id: version.id, version: version.version, status: version.status, title: version.title, publishedAt: version.published_at, retiredAt: version.retired_at };
}

/** A published programme as the catalogue shows it, in one language. */
export function catalogueEntryView(
  code: string,
  version: ProgrammeVersionRow,
  modules: ProgrammeModuleRow[],
  lang: Locale,
  prerequisiteTitle: LocalizedText | null,
) {
  return {
    code,
    versionId: version.id,
    version: version.version,
    level: version.level,
    title: version.title[lang],
    description: version.description[lang],
    modules: modules.map((m) => ({ position: m.position, code: m.code, title: m.title[lang], durationMinutes: m.duration_minutes })),
    totalModuleMinutes: modules.reduce((sum, m) => sum + m.duration_minutes, 0),
    requiredWebinars: version.required_webinars,
    fixedDurationWeeks: version.fixed_duration_weeks,
    prerequisite: version.prerequisite_programme_code
      ? { code: version.prerequisite_programme_code, title: prerequisiteTitle?.[lang] ?? null }
      : null,
    validityMonths: version.validity_months,
    learningOutcomes: version.learning_outcomes.map((o) => o[lang]),
    digcompAlignment: version.digcomp_alignment,
    assessment: { passMarkPercent: version.pass_mark_percent, maxAttempts: version.max_attempts },
  };
}

export type CatalogueEntryView = ReturnType<typeof catalogueEntryView>;

/**
 * The language to answer in: `?lang=` wins, then the best Accept-Language match, then French
 * (the people table's default locale too).
 */
export function negotiateLocale(lang: Locale | undefined, acceptLanguage: string | undefined): Locale {
  if (lang) return lang;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { base: tag.toLowerCase().split('-')[0] ?? '', q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((entry) => entry.q > 0 && (LOCALES as readonly string[]).includes(entry.base))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return (ranked[0]?.base as Locale | undefined) ?? 'fr';
}
