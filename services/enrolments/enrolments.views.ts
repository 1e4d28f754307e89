import type { EnrolmentRow } from './enrolments.repository.ts';

/** An enrolment as the API shows it: the learner by name only (no contact data). */
export function enrolmentView(row: EnrolmentRow) {
  return {
    id: row.id,
    status: row.status,
    cohort: { id: row.cohort_id, startsOn: row.starts_on, endsOn: row.ends_on },
    programme: { code: row.programme_code, level: row.level, title: row.programme_title },
    learner: { id: row.person_id, displayName: row.learner_name },
    prerequisite: row.prerequisite,
    requestedAt: new Date(row.requested_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
