import type { Executor } from '../db/database.ts';
import { enrolmentsWithProgramme } from '../db/joins.ts';
import type { EnrolmentStatus, PrerequisiteRecord } from '../db/schema/enrolments.ts';

/** Enrolments with what their rules need: the cohort, its programme and the learner. */
export function enrolmentsRepository(db: Executor) {
  const withContext = () =>
    enrolmentsWithProgramme(db)
      .innerJoin('people as l', 'l.id', 'e.person_id')
      .select([
        'e.id', 'e.cohort_id', 'e.person_id', 'e.status', 'e.holds_seat', 'e.prerequisite', 'e.requested_at', 'e.updated_at',
        'c.starts_on', 'c.ends_on', 'c.organisation_id as cohort_organisation_id',
        'v.id as programme_version_id', 'p.code as programme_code', 'v.title as programme_title', 'v.level',
        'l.display_name as learner_name', 'l.email as learner_email', 'l.locale as learner_locale', 'l.manager_id as learner_manager_id',
        'l.organisation_id as learner_organisation_id',
      ]);
  return {
    find(id: string) {
      return withContext().where('e.id', '=', id).executeTakeFirst();
    },
    /** Locks the enrolment row for a state change (the caller's transaction). */
    async lock(id: string) {
      return db.selectFrom('enrolments').select(['id', 'status', 'holds_seat', 'cohort_id', 'person_id']).where('id', '=', id).forUpdate().executeTakeFirst();
    },
    async insert(row: { cohortId: string; personId: string; status: EnrolmentStatus; holdsSeat: boolean; prerequisite: PrerequisiteRecord | null; renewsCredentialId?: string }) {
      return db
        .insertInto('enrolments')
        .values({
          cohort_id: row.cohortId,
          person_id: row.personId,
          status: row.status,
          holds_seat: row.holdsSeat,
          prerequisite: row.prerequisite ? JSON.stringify(row.prerequisite) : null,
          renews_credential_id: row.renewsCredentialId ?? null,
        })
        .returning(['id', 'status'])
        .executeTakeFirstOrThrow();
    },
    async setHoldsSeat(id: string, holdsSeat: boolean) {
      await db.updateTable('enrolments').set({ holds_seat: holdsSeat }).where('id', '=', id).execute();
    },
    list(filters: { personId?: string; cohortId?: string; managerId?: string; status?: EnrolmentStatus }) {
      let query = withContext();
      if (filters.personId) query = query.where('e.person_id', '=', filters.personId);
      if (filters.cohortId) query = query.where('e.cohort_id', '=', filters.cohortId);
      if (filters.managerId) query = query.where('l.manager_id', '=', filters.managerId);
      if (filters.status) query = query.where('e.status', '=', filters.status);
      return query.orderBy('e.requested_at', 'desc').limit(1000).execute();
    },
    events(id: string) {
      return db.selectFrom('enrolment_events').selectAll().where('enrolment_id', '=', id).orderBy('id').execute();
    },
  };
}

export type EnrolmentRow = NonNullable<Awaited<ReturnType<ReturnType<typeof enrolmentsRepository>['find']>>>;
