import type { Executor } from './database.ts';

/**
 * Enrolments (`e`) with their cohort (`c`), programme version (`v`) and programme (`p`):
 * the chain most enrolment rules and reports read. Callers add the rest (the learner, their
 * organisation) and choose their columns.
 */
export function enrolmentsWithProgramme(db: Executor) {
  return db
    .selectFrom('enrolments as e')
    .innerJoin('cohorts as c', 'c.id', 'e.cohort_id')
    .innerJoin('programme_versions as v', 'v.id', 'c.programme_version_id')
    .innerJoin('programmes as p', 'p.id', 'v.programme_id');
}
