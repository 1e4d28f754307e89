import type { ProgrammeModuleRow, ProgrammeVersionRow } from '../programmes/programmes.repository.ts';
import type { CohortRow, FacilitatorRow } from './cohorts.repository.ts';

/** A cohort with its programme version, seats and facilitators (names only: no contact data). */
export function cohortView(cohort: CohortRow, facilitators: FacilitatorRow[]) {
  return {
    id: cohort.id,
    programme: { code: cohort.programme_code, versionId: cohort.programme_version_id, version: cohort.programme_version, level: cohort.programme_level },
    startsOn: cohort.starts_on,
    endsOn: cohort.ends_on,
    capacity: cohort.capacity,
    seatsTaken: cohort.seats_taken,
    seatsLeft: cohort.capacity - cohort.seats_taken,
    organisationId: cohort.organisation_id,
    facilitators: facilitators.filter((f) => f.cohort_id === cohort.id).map((f) => ({ id: f.id, displayName: f.display_name })),
    createdAt: cohort.created_at,
  };
}

/** What a learner of the cohort must do: its programme version's requirements, fixed when the cohort opened. */
export function requirementsView(version: ProgrammeVersionRow, modules: ProgrammeModuleRow[]) {
  return {
    modules: modules.map((m) => ({ id: m.id, position: m.position, code: m.code, title: m.title, durationMinutes: m.duration_minutes })),
    requiredWebinars: version.required_webinars,
    fixedDurationWeeks: version.fixed_duration_weeks,
    prerequisiteProgrammeCode: version.prerequisite_programme_code,
    validityMonths: version.validity_months,
    assessment: { passMarkPercent: version.pass_mark_percent, maxAttempts: version.max_attempts },
  };
}

export type CohortRequirements = ReturnType<typeof requirementsView>;
