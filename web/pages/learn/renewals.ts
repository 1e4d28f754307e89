import type { Executor } from '../../../services/db/database.ts';

/**
 * The learner's renewal enrolments (opened by openRenewal in the badge's own cohort): the
 * enrolments repository does not say which enrolment renews which badge, the pages need it
 * to tell a renewal from a cohort enrolment and to lead from a badge to its open renewal.
 */
export async function renewalsOf(db: Executor, personId: string) {
  return db
    .selectFrom('enrolments')
    .select(['id', 'status', 'renews_credential_id'])
    .where('person_id', '=', personId)
    .where('renews_credential_id', 'is not', null)
    .execute();
}
