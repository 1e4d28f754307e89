import type { Deps } from '../deps.ts';
import type { Executor } from '../db/database.ts';
import type { Locale } from '../db/schema/foundation.ts';
import { recordAudit, type Actor } from '../audit/audit.repository.ts';
import { programmeErrors } from './programmes.errors.ts';
import { programmesRepository, type ProgrammeModuleRow } from './programmes.repository.ts';
import type { ProgrammeVersionInput } from './programmes.schemas.ts';
import { catalogueEntryView, programmeVersionView, versionSummaryView, type CatalogueEntryView, type ProgrammeVersionView } from './programmes.views.ts';

type Repo = ReturnType<typeof programmesRepository>;

async function checkPrerequisite(repo: Repo, code: string, prerequisite: string | null): Promise<void> {
  if (prerequisite === null) return;
  if (prerequisite === code) throw programmeErrors.selfPrerequisite(`"${code}" cannot require itself`);
  if (!(await repo.findProgramme(prerequisite))) throw programmeErrors.unknownPrerequisite(`No programme "${prerequisite}"`);
}

function modulesByVersion(modules: ProgrammeModuleRow[]): Map<string, ProgrammeModuleRow[]> {
  const map = new Map<string, ProgrammeModuleRow[]>();
  for (const m of modules) map.set(m.programme_version_id, [...(map.get(m.programme_version_id) ?? []), m]);
  return map;
}

/**
 * Creates a programme with its first version as a draft; nothing is offered
 * until an admin publishes it.
 */
export async function createProgramme(
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  input: { code: string; version: ProgrammeVersionInput; actor: Actor },
): Promise<{ code: string; version: ProgrammeVersionView }> {
  return db.transaction().execute(async (trx) => {
    const repo = programmesRepository(trx);
    await checkPrerequisite(repo, input.code, input.version.prerequisiteProgrammeCode);
    const programme = await repo.insertProgramme(input.code);
    const version = await repo.insertVersion(programme.id, 1, input.version, 'draft', clock.now());
    await recordAudit(trx, { actor: input.actor, action: 'programme.created', subjectType: 'programme', subjectId: programme.id, details: { code: input.code, version: 1 } });
    return { code: programme.code, version: programmeVersionView(version, await repo.modulesOf([version.id])) };
  });
}

/**
 * Adds the next version of a programme as a draft. Earlier versions, and the
 * cohorts bound to them, are untouched.
 */
export async function addProgrammeVersion(
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  input: { code: string; version: ProgrammeVersionInput; actor: Actor },
): Promise<ProgrammeVersionView> {
  return db.transaction().execute(async (trx) => {
    const repo = programmesRepository(trx);
    // The row lock serialises concurrent additions, so two drafts never race for one number.
    const programme = await repo.findProgramme(input.code, { lock: true });
    if (!programme) throw programmeErrors.notFound(`No programme "${input.code}"`);
    await checkPrerequisite(repo, input.code, input.version.prerequisiteProgrammeCode);
    const number = await repo.nextVersionNumber(programme.id);
    const version = await repo.insertVersion(programme.id, number, input.version, 'draft', clock.now());
    await recordAudit(trx, { actor: input.actor, action: 'programme_version.created', subjectType: 'programme_version', subjectId: version.id, details: { code: input.code, version: number } });
    return programmeVersionView(version, await repo.modulesOf([version.id]));
  });
}

/**
 * Publishes a draft: new cohorts open on it from now on. The version that was
 * published is retired for new cohorts only; cohorts already bound to it keep
 * their requirements, since they reference that version's row.
 */
export async function publishProgrammeVersion(
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  input: { code: string; version: number; actor: Actor },
): Promise<ProgrammeVersionView> {
  return db.transaction().execute(async (trx) => {
    const repo = programmesRepository(trx);
    const programme = await repo.findProgramme(input.code, { lock: true });
    if (!programme) throw programmeErrors.notFound(`No programme "${input.code}"`);
    const version = await repo.findVersion(programme.id, input.version);
    if (!version) throw programmeErrors.versionNotFound(`"${input.code}" has no version ${input.version}`);
    if (version.status !== 'draft') throw programmeErrors.versionNotDraft(`Version ${input.version} is ${version.status}`);
    const now = clock.now();
    const previous = (await repo.versionsOf([programme.id])).find((v) => v.status === 'published');
    if (previous) await repo.setStatus(previous.id, 'retired', now);
    await repo.setStatus(version.id, 'published', now);
    await recordAudit(trx, {
      actor: input.actor,
      action: 'programme_version.published',
      subjectType: 'programme_version',
      subjectId: version.id,
      details: { code: input.code, version: input.version, retiredVersion: previous?.version ?? null },
    });
    const published = (await repo.findVersion(programme.id, input.version))!;
    return programmeVersionView(published, await repo.modulesOf([version.id]));
  });
}

/** Every programme with its current published version (if any) and a line per version, for admins. */
export async function listProgrammes({ db }: Pick<Deps, 'db'>) {
  const repo = programmesRepository(db);
  const programmes = await repo.listProgrammes();
  const versions = await repo.versionsOf(programmes.map((p) => p.id));
  return programmes.map((p) => {
    const own = versions.filter((v) => v.programme_id === p.id);
    const published = own.find((v) => v.status === 'published');
    return { code: p.code, createdAt: p.created_at, published: published ? versionSummaryView(published) : null, versions: own.map(versionSummaryView) };
  });
}

/** One programme with every version in full (modules included), for admins. */
export async function getProgramme({ db }: Pick<Deps, 'db'>, code: string) {
  const repo = programmesRepository(db);
  const programme = await repo.findProgramme(code);
  if (!programme) throw programmeErrors.notFound(`No programme "${code}"`);
  const versions = await repo.versionsOf([programme.id]);
  const modules = modulesByVersion(await repo.modulesOf(versions.map((v) => v.id)));
  const views = versions.map((v) => programmeVersionView(v, modules.get(v.id) ?? []));
  return { code: programme.code, createdAt: programme.created_at, published: views.find((v) => v.status === 'published') ?? null, versions: views };
}

/** The published programmes in one language: what anyone can enrol in. */
export async function listCatalogue({ db }: Pick<Deps, 'db'>, input: { lang: Locale; codes?: string[] }): Promise<CatalogueEntryView[]> {
  const repo = programmesRepository(db);
  const versions = await repo.publishedVersions(input.codes);
  const modules = modulesByVersion(await repo.modulesOf(versions.map((v) => v.id)));
  const prerequisiteCodes = [...new Set(versions.map((v) => v.prerequisite_programme_code).filter((c): c is string => c !== null))];
  const prerequisites = await repo.publishedVersions(prerequisiteCodes);
  return versions.map((v) => {
    const prerequisite = prerequisites.find((p) => p.code === v.prerequisite_programme_code);
    return catalogueEntryView(v.code, v, modules.get(v.id) ?? [], input.lang, prerequisite?.title ?? null);
  });
}

/** One published programme in one language; 404 when it does not exist or has nothing published. */
export async function getCatalogueEntry(deps: Pick<Deps, 'db'>, input: { code: string; lang: Locale }): Promise<CatalogueEntryView> {
  const [entry] = await listCatalogue(deps, { lang: input.lang, codes: [input.code] });
  if (!entry) throw programmeErrors.notFound(`No published programme "${input.code}"`);
  return entry;
}

/** The version new cohorts of a programme open on, or null when none is published. */
export async function findPublishedVersion(db: Executor, code: string) {
  const [version] = await programmesRepository(db).publishedVersions([code]);
  return version ?? null;
}
