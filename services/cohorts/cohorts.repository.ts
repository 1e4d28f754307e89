import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';

const cohortColumns = [
  'cohorts.id',
  'cohorts.programme_version_id',
  'cohorts.starts_on',
  'cohorts.ends_on',
  'cohorts.capacity',
  'cohorts.seats_taken',
  'cohorts.organisation_id',
  'cohorts.created_at',
  'programmes.code as programme_code',
  'programme_versions.version as programme_version',
  'programme_versions.level as programme_level',
] as const;

export interface CohortFilters {
  programmeCode?: string;
  organisationId?: string;
  startsOnOrAfter?: string;
  /** Only cohorts open to everyone or scoped to this organisation (null: open ones only). */
  visibleTo?: { organisationId: string | null };
}

/** Cohorts, their facilitators, and the lookups creating one needs. */
export function cohortsRepository(db: Executor) {
  const withProgramme = () =>
    db
      .selectFrom('cohorts')
      .innerJoin('programme_versions', 'programme_versions.id', 'cohorts.programme_version_id')
      .innerJoin('programmes', 'programmes.id', 'programme_versions.programme_id');

  return {
    async insert(values: { programmeVersionId: string; startsOn: string; endsOn: string; capacity: number; organisationId: string | null }) {
      return db
        .insertInto('cohorts')
        .values({
          programme_version_id: values.programmeVersionId,
          starts_on: values.startsOn,
          ends_on: values.endsOn,
          capacity: values.capacity,
          organisation_id: values.organisationId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    },

    async find(id: string) {
      return withProgramme().select(cohortColumns).where('cohorts.id', '=', id).executeTakeFirst();
    },

    /** Locks the cohort row until the transaction ends (seat changes wait behind it). */
    async lock(id: string) {
      return db.selectFrom('cohorts').select(['id', 'capacity', 'seats_taken']).where('id', '=', id).forUpdate().executeTakeFirst();
    },

    async list(filters: CohortFilters) {
      let query = withProgramme().select(cohortColumns);
      if (filters.programmeCode) query = query.where('programmes.code', '=', filters.programmeCode);
      if (filters.organisationId) query = query.where('cohorts.organisation_id', '=', filters.organisationId);
      if (filters.startsOnOrAfter) query = query.where('cohorts.starts_on', '>=', filters.startsOnOrAfter);
      const visibleTo = filters.visibleTo;
      if (visibleTo) {
        query = query.where((eb) =>
          eb.or([
            eb('cohorts.organisation_id', 'is', null),
            ...(visibleTo.organisationId ? [eb('cohorts.organisation_id', '=', visibleTo.organisationId)] : []),
          ]),
        );
      }
      return query.orderBy('cohorts.starts_on').orderBy('cohorts.id').limit(500).execute();
    },

    async setCapacity(id: string, capacity: number) {
      await db.updateTable('cohorts').set({ capacity }).where('id', '=', id).execute();
    },

    async facilitatorsOf(cohortIds: string[]) {
      if (!cohortIds.length) return [];
      return db
        .selectFrom('cohort_facilitators')
        .innerJoin('people', 'people.id', 'cohort_facilitators.person_id')
        .select(['cohort_facilitators.cohort_id', 'people.id', 'people.display_name'])
        .where('cohort_facilitators.cohort_id', 'in', cohortIds)
        .orderBy('people.display_name')
        .execute();
    },

    async replaceFacilitators(cohortId: string, personIds: string[]) {
      await db.deleteFrom('cohort_facilitators').where('cohort_id', '=', cohortId).execute();
      if (personIds.length) {
        await db.insertInto('cohort_facilitators').values(personIds.map((person_id) => ({ cohort_id: cohortId, person_id }))).execute();
      }
    },

    /** Of the given ids, those that are people holding the facilitator role and not erased. */
    async facilitatorIdsAmong(ids: string[]): Promise<string[]> {
      if (!ids.length) return [];
      const rows = await db
        .selectFrom('people')
        .select('id')
        .where('id', 'in', ids)
        .where('erased_at', 'is', null)
        .where(sql<boolean>`'facilitator' = any(roles)`)
        .execute();
      return rows.map((r) => r.id);
    },

    async organisationExists(id: string): Promise<boolean> {
      return !!(await db.selectFrom('organisations').select('id').where('id', '=', id).executeTakeFirst());
    },

    /**
     * Holds a share lock on a programme version and returns its status, so a publish that would
     * retire it waits until the cohort bound to it is committed.
     */
    async lockVersionForCohort(versionId: string) {
      return db.selectFrom('programme_versions').select(['id', 'status']).where('id', '=', versionId).forShare().executeTakeFirst();
    },
  };
}

export type CohortRow = NonNullable<Awaited<ReturnType<ReturnType<typeof cohortsRepository>['find']>>>;
export type FacilitatorRow = Awaited<ReturnType<ReturnType<typeof cohortsRepository>['facilitatorsOf']>>[number];
