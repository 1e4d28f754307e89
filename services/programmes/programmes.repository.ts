import type { Executor } from '../db/database.ts';
import { isUniqueViolation } from '../db/database.ts';
import type { ProgrammeVersionStatus } from '../db/schema/programmes.ts';
import { digCompAlignment } from './digcomp.ts';
import { programmeErrors } from './programmes.errors.ts';
import type { ProgrammeVersionInput } from './programmes.schemas.ts';

const versionColumns = [
  'programme_versions.id',
  'programme_versions.programme_id',
  'programme_versions.version',
  'programme_versions.status',
  'programme_versions.level',
  'programme_versions.title',
  'programme_versions.description',
  'programme_versions.fixed_duration_weeks',
  'programme_versions.prerequisite_programme_code',
  'programme_versions.validity_months',
  'programme_versions.required_webinars',
  'programme_versions.learning_outcomes',
  'programme_versions.digcomp_alignment',
  'programme_versions.pass_mark_percent',
  'programme_versions.max_attempts',
  'programme_versions.created_at',
  'programme_versions.published_at',
  'programme_versions.retired_at',
] as const;

/** Programmes, their immutable versions and each version's modules. */
export function programmesRepository(db: Executor) {
  return {
    /** Inserts a programme; a taken code is `programmes.code_taken`. */
    async insertProgramme(code: string) {
      try {
        return await db.insertInto('programmes').values({ code }).returning(['id', 'code', 'created_at']).executeTakeFirstOrThrow();
      } catch (error) {
        if (isUniqueViolation(error, 'programmes_code_key')) throw programmeErrors.codeTaken(`"${code}" is taken`);
        throw error;
      }
    },

    /** Inserts a programme unless its code exists (concurrent seeds wait on the unique index, then skip). */
    async insertProgrammeIfMissing(code: string) {
      return db
        .insertInto('programmes')
        .values({ code })
        .onConflict((oc) => oc.column('code').doNothing())
        .returning(['id', 'code'])
        .executeTakeFirst();
    },

    /** A programme by code; `lock` holds its row until the transaction ends, serialising version changes. */
    async findProgramme(code: string, options: { lock?: boolean } = {}) {
      let query = db.selectFrom('programmes').select(['id', 'code', 'created_at']).where('code', '=', code);
      if (options.lock) query = query.forUpdate();
      return query.executeTakeFirst();
    },

    async listProgrammes() {
      return db.selectFrom('programmes').select(['id', 'code', 'created_at']).orderBy('code').execute();
    },

    async nextVersionNumber(programmeId: string): Promise<number> {
      const row = await db
        .selectFrom('programme_versions')
        .select((eb) => eb.fn.max('version').as('max'))
        .where('programme_id', '=', programmeId)
        .executeTakeFirst();
      return (row?.max ?? 0) + 1;
    },

    /** Writes a version and its modules; the content is frozen from here on (database trigger). */
    async insertVersion(programmeId: string, version: number, input: ProgrammeVersionInput, status: ProgrammeVersionStatus, now: Date) {
      const row = await db
        .insertInto('programme_versions')
        .values({
          programme_id: programmeId,
          version,
          status,
          level: input.level,
          title: JSON.stringify(input.title),
          description: JSON.stringify(input.description),
          fixed_duration_weeks: input.fixedDurationWeeks,
          prerequisite_programme_code: input.prerequisiteProgrammeCode,
          validity_months: input.validityMonths,
          required_webinars: input.requiredWebinars,
          learning_outcomes: JSON.stringify(input.learningOutcomes),
          digcomp_alignment: JSON.stringify(input.digcompAlignment.map((a) => digCompAlignment(a.competence, a.proficiencyLevel))),
          pass_mark_percent: input.assessment.passMarkPercent,
          max_attempts: input.assessment.maxAttempts,
          published_at: status === 'published' ? now : null,
        })
        .returning(versionColumns)
        .executeTakeFirstOrThrow();
      await db
        .insertInto('programme_modules')
        .values(
          input.modules.map((m, i) => ({
            programme_version_id: row.id,
            position: i + 1,
            code: m.code,
            title: JSON.stringify(m.title),
            duration_minutes: m.durationMinutes,
          })),
        )
        .execute();
      return row;
    },

    async versionsOf(programmeIds: string[]) {
      if (!programmeIds.length) return [];
      return db
        .selectFrom('programme_versions')
        .select(versionColumns)
        .where('programme_id', 'in', programmeIds)
        .orderBy('programme_id')
        .orderBy('version')
        .execute();
    },

    async findVersion(programmeId: string, version: number) {
      return db
        .selectFrom('programme_versions')
        .select(versionColumns)
        .where('programme_id', '=', programmeId)
        .where('version', '=', version)
        .executeTakeFirst();
    },

    /** A version with its programme's code, by id (cohorts hold version ids). */
    async findVersionById(id: string) {
      return db
        .selectFrom('programme_versions')
        .innerJoin('programmes', 'programmes.id', 'programme_versions.programme_id')
        .select([...versionColumns, 'programmes.code'])
        .where('programme_versions.id', '=', id)
        .executeTakeFirst();
    },

    /** Every published version (one per programme at most), with its programme's code. */
    async publishedVersions(codes?: string[]) {
      if (codes && !codes.length) return [];
      let query = db
        .selectFrom('programme_versions')
        .innerJoin('programmes', 'programmes.id', 'programme_versions.programme_id')
        .select([...versionColumns, 'programmes.code'])
        .where('programme_versions.status', '=', 'published');
      if (codes) query = query.where('programmes.code', 'in', codes);
      return query.orderBy('programmes.code').execute();
    },

    async modulesOf(versionIds: string[]) {
      if (!versionIds.length) return [];
      return db
        .selectFrom('programme_modules')
        .select(['id', 'programme_version_id', 'position', 'code', 'title', 'duration_minutes'])
        .where('programme_version_id', 'in', versionIds)
        .orderBy('programme_version_id')
        .orderBy('position')
        .execute();
    },

    /** Moves a version along its lifecycle; the trigger lets only these columns change. */
    async setStatus(versionId: string, status: ProgrammeVersionStatus, now: Date) {
      await db
        .updateTable('programme_versions')
        .set(status === 'published' ? { status, published_at: now } : { status, retired_at: now })
        .where('id', '=', versionId)
        .execute();
    },
  };
}

export type ProgrammeVersionRow = Awaited<ReturnType<ReturnType<typeof programmesRepository>['versionsOf']>>[number];
export type ProgrammeModuleRow = Awaited<ReturnType<ReturnType<typeof programmesRepository>['modulesOf']>>[number];
