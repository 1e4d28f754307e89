import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import { enrolmentsWithProgramme } from '../db/joins.ts';
import type { EnrolmentStatus } from '../db/schema/enrolments.ts';

/**
 * Read-only queries behind the administrators' follow-up of campaigns: one row per
 * learner of a cohort with their progress counted in SQL (the same rules as
 * services/learning/progress.ts, in bulk), enrolment counts per cohort and per
 * organisation, credentials with their current status, and the audit log.
 */

/** Enrolments that were let in (everything but a pending, refused or withdrawn request). */
export const ADMITTED_STATUSES: EnrolmentStatus[] = ['approved', 'active', 'completed', 'certified', 'failed', 'lapsed'];

/** Modules of the cohort's version completed by the enrolment (progress.ts completedModules, counted). */
const modulesCompleted = sql<number>`(
  select count(distinct p.module_id)::int from module_progress p
  join programme_modules m on m.id = p.module_id
  where p.enrolment_id = e.id and p.completed_at is not null and m.programme_version_id = c.programme_version_id)`;

/** Distinct required webinar topics attended (progress.ts attendedWebinars, counted). */
const webinarsAttended = sql<number>`(
  select count(distinct s.topic)::int from webinar_bookings b
  join webinar_sessions s on s.id = b.session_id
  where b.enrolment_id = e.id and b.attended = true and b.cancelled_at is null
    and s.cohort_id = e.cohort_id and s.topic <= v.required_webinars)`;

const modulesRequired = sql<number>`(select count(*)::int from programme_modules pm where pm.programme_version_id = v.id)`;

export function reportsRepository(db: Executor) {
  return {
    /** Every enrolment of a cohort with its learner, organisation, progress and latest assessment attempt. */
    async cohortLearners(cohortId: string) {
      return db
        .selectFrom('enrolments as e')
        .innerJoin('cohorts as c', 'c.id', 'e.cohort_id')
        .innerJoin('programme_versions as v', 'v.id', 'c.programme_version_id')
        .innerJoin('people as l', 'l.id', 'e.person_id')
        .leftJoin('organisations as o', 'o.id', 'l.organisation_id')
        .leftJoinLateral(
          (eb) =>
            eb
              .selectFrom('attempts as a')
              .select(['a.status', 'a.passed', 'a.score_percent', 'a.number'])
              .whereRef('a.enrolment_id', '=', 'e.id')
              .orderBy('a.number', 'desc')
              .limit(1)
              .as('att'),
          (join) => join.onTrue(),
        )
        .select([
          'e.id', 'e.status', 'e.requested_at', 'e.updated_at', 'l.id as learner_id', 'l.display_name as learner_name', 'l.email as learner_email',
          'o.name as organisation_name', 'c.ends_on', 'v.required_webinars as webinars_required',
          'att.status as attempt_status', 'att.passed as attempt_passed', 'att.score_percent as attempt_score', 'att.number as attempts_used',
        ])
        .select([modulesRequired.as('modules_required'), modulesCompleted.as('modules_completed'), webinarsAttended.as('webinars_attended')])
        .where('e.cohort_id', '=', cohortId)
        .orderBy('l.display_name')
        .orderBy('e.id')
        .limit(5_000)
        .execute();
    },

    /** Enrolment counts by status for each cohort (cohorts without enrolments have no row). */
    async statusCountsByCohort(cohortIds: string[]) {
      if (!cohortIds.length) return [];
      return db
        .selectFrom('enrolments')
        .select(['cohort_id', 'status', (eb) => eb.fn.countAll<number>().as('count')])
        .where('cohort_id', 'in', cohortIds)
        .groupBy(['cohort_id', 'status'])
        .execute();
    },

    /**
     * Per organisation of the learners (null: learners without one): enrolments by status,
     * optionally for one programme.
     */
    async statusCountsByOrganisation(filters: { programmeCode?: string }) {
      let query = enrolmentsWithProgramme(db)
        .innerJoin('people as l', 'l.id', 'e.person_id')
        .leftJoin('organisations as o', 'o.id', 'l.organisation_id')
        .select(['o.id as organisation_id', 'o.name as organisation_name', 'o.kind as organisation_kind', 'e.status', (eb) => eb.fn.countAll<number>().as('count')]);
      if (filters.programmeCode) query = query.where('p.code', '=', filters.programmeCode);
      return query.groupBy(['o.id', 'o.name', 'o.kind', 'e.status']).execute();
    },

    /** Open enrolments (approved or active) of cohorts ending between the two dates, with their progress. */
    async openEnrolmentsEndingBetween(from: string, to: string) {
      return enrolmentsWithProgramme(db)
        .innerJoin('people as l', 'l.id', 'e.person_id')
        .leftJoin('organisations as o', 'o.id', 'l.organisation_id')
        .select([
          'e.id', 'e.status', 'e.cohort_id', 'c.ends_on', 'p.code as programme_code', 'l.display_name as learner_name', 'o.name as organisation_name',
          'v.required_webinars as webinars_required',
        ])
        .select([modulesRequired.as('modules_required'), modulesCompleted.as('modules_completed'), webinarsAttended.as('webinars_attended')])
        .where('e.status', 'in', ['approved', 'active'])
        .where('c.ends_on', '>=', from)
        .where('c.ends_on', '<=', to)
        .orderBy('c.ends_on')
        .orderBy('l.display_name')
        .limit(1_000)
        .execute();
    },

    /** Requested enrolments awaiting a decision; `managerId` keeps a manager's own agents only. */
    async requestedEnrolments(filters: { managerId?: string }) {
      let query = enrolmentsWithProgramme(db)
        .innerJoin('people as l', 'l.id', 'e.person_id')
        .leftJoin('organisations as o', 'o.id', 'l.organisation_id')
        .select([
          'e.id', 'e.requested_at', 'e.prerequisite', 'c.id as cohort_id', 'c.starts_on', 'c.ends_on', 'c.capacity', 'c.seats_taken',
          'p.code as programme_code', 'v.title as programme_title', 'l.display_name as learner_name', 'l.email as learner_email', 'o.name as organisation_name',
        ])
        .where('e.status', '=', 'requested');
      if (filters.managerId) query = query.where('l.manager_id', '=', filters.managerId);
      return query.orderBy('e.requested_at').orderBy('e.id').limit(500).execute();
    },

    /**
     * Issued credentials, newest first, with holder, achievement name and status flags;
     * `search` matches the holder's name (case-insensitive) or the credential's id.
     */
    async credentials(filters: { search?: string; limit: number; offset: number }) {
      let query = db
        .selectFrom('credentials as cr')
        .leftJoin('people as h', 'h.id', 'cr.holder_person_id')
        .leftJoin('credential_statuses as susp', (join) => join.onRef('susp.credential_id', '=', 'cr.id').on('susp.purpose', '=', 'suspension'))
        .leftJoin('credential_statuses as rev', (join) => join.onRef('rev.credential_id', '=', 'cr.id').on('rev.purpose', '=', 'revocation'))
        .select([
          'cr.id', 'cr.vc_id', 'cr.issued_at', 'cr.valid_from', 'cr.valid_until', 'cr.revoked_at', 'h.display_name as holder_name', 'h.email as holder_email',
          sql<string | null>`cr.document #>> '{credentialSubject,achievement,name}'`.as('achievement_name'),
          sql<boolean>`coalesce(susp.value, false)`.as('suspended'),
          sql<boolean>`susp.list_id is not null`.as('can_suspend'),
          sql<boolean>`(rev.list_id is not null or susp.list_id is not null)`.as('can_revoke'),
        ]);
      const search = filters.search?.trim();
      if (search) {
        const uuid = /^(urn:uuid:)?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(search);
        query = query.where((eb) =>
          eb.or([
            eb('h.display_name', 'ilike', `%${escapeLike(search)}%`),
            eb('cr.vc_id', '=', search),
            ...(uuid ? [eb('cr.id', '=', uuid[2]!.toLowerCase()), eb('cr.vc_id', '=', `urn:uuid:${uuid[2]!.toLowerCase()}`)] : []),
          ]),
        );
      }
      return query.orderBy('cr.issued_at', 'desc').orderBy('cr.id').limit(filters.limit).offset(filters.offset).execute();
    },

    /** The changes of status of one credential, newest first, with who made them. */
    async statusChanges(credentialId: string) {
      return db
        .selectFrom('status_changes as s')
        .leftJoin('people as a', (join) => join.on(sql<boolean>`a.id::text = s.actor_id and s.actor_kind = 'person'`))
        .select(['s.id', 's.action', 's.reason', 's.at', 's.actor_kind', 'a.display_name as actor_name'])
        .where('s.credential_id', '=', credentialId)
        .orderBy('s.at', 'desc')
        .orderBy('s.id', 'desc')
        .execute();
    },

    /** The audit log, newest first; `subject` matches a subject id or a subject type. */
    async auditEvents(filters: { subject?: string; limit: number; offset: number }) {
      let query = db
        .selectFrom('audit_events as a')
        .leftJoin('people as p', (join) => join.on(sql<boolean>`p.id::text = a.actor_id and a.actor_kind = 'person'`))
        .select(['a.id', 'a.at', 'a.actor_kind', 'a.actor_id', 'a.action', 'a.subject_type', 'a.subject_id', 'a.details', 'p.display_name as actor_name']);
      const subject = filters.subject?.trim();
      if (subject) query = query.where((eb) => eb.or([eb('a.subject_id', '=', subject), eb('a.subject_type', '=', subject)]));
      return query.orderBy('a.at', 'desc').orderBy('a.id', 'desc').limit(filters.limit).offset(filters.offset).execute();
    },

    /** People who may lead a webinar session (facilitator role, not erased), by name. */
    async facilitators() {
      return db
        .selectFrom('people')
        .select(['id', 'display_name'])
        .where('erased_at', 'is', null)
        .where(sql<boolean>`'facilitator' = any(roles)`)
        .orderBy('display_name')
        .limit(500)
        .execute();
    },

    /** Webinar sessions led by a facilitator (all sessions for `null`), most recent first. */
    async sessionsLedBy(facilitatorId: string | null, limit: number) {
      let query = db
        .selectFrom('webinar_sessions as s')
        .innerJoin('cohorts as c', 'c.id', 's.cohort_id')
        .innerJoin('programme_versions as v', 'v.id', 'c.programme_version_id')
        .innerJoin('programmes as p', 'p.id', 'v.programme_id')
        .innerJoin('people as f', 'f.id', 's.facilitator_id')
        .select(['s.id', 's.cohort_id', 's.topic', 's.title', 's.starts_at', 's.duration_minutes', 's.capacity', 's.seats_taken', 'f.display_name as facilitator_name', 'p.code as programme_code']);
      if (facilitatorId) query = query.where('s.facilitator_id', '=', facilitatorId);
      return query.orderBy('s.starts_at', 'desc').limit(limit).execute();
    },
  };
}

/** A LIKE pattern matches the text literally: %, _ and \ are escaped. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

export type CohortLearnerRow = Awaited<ReturnType<ReturnType<typeof reportsRepository>['cohortLearners']>>[number];
export type CredentialListRow = Awaited<ReturnType<ReturnType<typeof reportsRepository>['credentials']>>[number];
export type AuditEventRow = Awaited<ReturnType<ReturnType<typeof reportsRepository>['auditEvents']>>[number];
