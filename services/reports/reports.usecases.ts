import { addDays, todayInBrussels } from '../cohorts/cohort-dates.ts';
import type { EnrolmentStatus } from '../db/schema/enrolments.ts';
import type { Deps } from '../deps.ts';
import { ADMITTED_STATUSES, reportsRepository, type CohortLearnerRow } from './reports.repository.ts';

/** Learners of a cohort ending within this many days, with requirements left, are at risk of lapsing. */
export const AT_RISK_DAYS = 14;

const STARTED: EnrolmentStatus[] = ['active', 'completed', 'certified', 'failed'];
const DONE: EnrolmentStatus[] = ['completed', 'certified'];

export interface EnrolmentCounts {
  requested: number;
  /** Let in: approved and beyond (failed and lapsed included). */
  admitted: number;
  /** Admitted learners who began (active or beyond). */
  started: number;
  completed: number;
  certified: number;
  /** completed / admitted, 0..1; null with nobody admitted. */
  completionRate: number | null;
  /** started / admitted, 0..1; null with nobody admitted. */
  responseRate: number | null;
}

/** Rates over the learners let in: who started (responded) and who completed (requirements met or certified). */
export function enrolmentCounts(byStatus: Partial<Record<EnrolmentStatus, number>>): EnrolmentCounts {
  const sum = (statuses: EnrolmentStatus[]) => statuses.reduce((total, s) => total + (byStatus[s] ?? 0), 0);
  const admitted = sum(ADMITTED_STATUSES);
  const started = sum(STARTED);
  const completed = sum(DONE);
  return {
    requested: byStatus.requested ?? 0,
    admitted,
    started,
    completed,
    certified: byStatus.certified ?? 0,
    completionRate: admitted ? completed / admitted : null,
    responseRate: admitted ? started / admitted : null,
  };
}

function requirementsLeft(row: Pick<CohortLearnerRow, 'modules_required' | 'modules_completed' | 'webinars_required' | 'webinars_attended'>) {
  return {
    modules: Math.max(0, row.modules_required - row.modules_completed),
    webinars: Math.max(0, row.webinars_required - row.webinars_attended),
  };
}

/** Days from `today` to `date` (both YYYY-MM-DD, Brussels calendar days). */
function daysBetween(today: string, date: string): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/**
 * One cohort's follow-up: every learner with modules done / required, webinars attended /
 * required, the latest assessment attempt and the enrolment status; the counts and rates;
 * and whether each open learner is at risk of lapsing (the cohort ends within
 * AT_RISK_DAYS and requirements are left).
 */
export async function cohortProgressReport({ db, clock }: Pick<Deps, 'db' | 'clock'>, cohortId: string) {
  const rows = await reportsRepository(db).cohortLearners(cohortId);
  const today = todayInBrussels(clock.now());
  const byStatus: Partial<Record<EnrolmentStatus, number>> = {};
  for (const row of rows) byStatus[row.status] = (byStatus[row.status] ?? 0) + 1;
  const learners = rows.map((row) => {
    const left = requirementsLeft(row);
    const daysLeft = daysBetween(today, row.ends_on);
    const open = row.status === 'approved' || row.status === 'active';
    const assessmentPassed = row.attempt_passed === true;
    return {
      enrolmentId: row.id,
      learner: { id: row.learner_id, displayName: row.learner_name, email: row.learner_email, organisation: row.organisation_name },
      status: row.status,
      requestedAt: row.requested_at,
      modules: { completed: row.modules_completed, required: row.modules_required },
      webinars: { attended: row.webinars_attended, required: row.webinars_required },
      assessment: row.attempt_status
        ? { status: row.attempt_status, passed: row.attempt_passed, scorePercent: row.attempt_score === null ? null : Number(row.attempt_score), attemptsUsed: row.attempts_used ?? 0 }
        : null,
      atRisk: open && daysLeft >= 0 && daysLeft <= AT_RISK_DAYS && (left.modules > 0 || left.webinars > 0 || !assessmentPassed),
      daysLeft,
    };
  });
  return { counts: enrolmentCounts(byStatus), learners };
}

/** Counts and rates for each of the given cohorts (a cohort with no enrolment has zeros). */
export async function cohortCounts({ db }: Pick<Deps, 'db'>, cohortIds: string[]): Promise<Map<string, EnrolmentCounts>> {
  const rows = await reportsRepository(db).statusCountsByCohort(cohortIds);
  const grouped = new Map<string, Partial<Record<EnrolmentStatus, number>>>();
  for (const row of rows) grouped.set(row.cohort_id, { ...grouped.get(row.cohort_id), [row.status]: row.count });
  return new Map(cohortIds.map((id) => [id, enrolmentCounts(grouped.get(id) ?? {})]));
}

/**
 * Results consolidated per organisation of the learners (municipalities and others), across
 * cohorts or for one programme, largest first; learners without an organisation last.
 */
export async function organisationReport({ db }: Pick<Deps, 'db'>, filters: { programmeCode?: string } = {}) {
  const rows = await reportsRepository(db).statusCountsByOrganisation(filters);
  const grouped = new Map<string | null, { id: string | null; name: string | null; kind: string | null; byStatus: Partial<Record<EnrolmentStatus, number>> }>();
  for (const row of rows) {
    const entry = grouped.get(row.organisation_id) ?? { id: row.organisation_id, name: row.organisation_name, kind: row.organisation_kind, byStatus: {} };
    entry.byStatus[row.status] = (entry.byStatus[row.status] ?? 0) + row.count;
    grouped.set(row.organisation_id, entry);
  }
  return [...grouped.values()]
    .map((entry) => ({ organisation: { id: entry.id, name: entry.name, kind: entry.kind }, counts: enrolmentCounts(entry.byStatus) }))
    .sort((a, b) => Number(a.organisation.id === null) - Number(b.organisation.id === null) || b.counts.admitted - a.counts.admitted || (a.organisation.name ?? '').localeCompare(b.organisation.name ?? ''));
}

/**
 * Open enrolments (approved or active) whose cohort ends within AT_RISK_DAYS and that still
 * have a module or webinar left: the learners to remind first.
 */
export async function learnersAtRisk({ db, clock }: Pick<Deps, 'db' | 'clock'>) {
  const today = todayInBrussels(clock.now());
  const rows = await reportsRepository(db).openEnrolmentsEndingBetween(today, addDays(today, AT_RISK_DAYS));
  return rows
    .map((row) => ({ row, left: requirementsLeft(row) }))
    .filter(({ left }) => left.modules > 0 || left.webinars > 0)
    .map(({ row, left }) => ({
      enrolmentId: row.id,
      cohortId: row.cohort_id,
      programmeCode: row.programme_code,
      learnerName: row.learner_name,
      organisationName: row.organisation_name,
      endsOn: row.ends_on,
      daysLeft: daysBetween(today, row.ends_on),
      modulesLeft: left.modules,
      webinarsLeft: left.webinars,
    }));
}

export type CohortProgressReport = Awaited<ReturnType<typeof cohortProgressReport>>;
export type OrganisationReport = Awaited<ReturnType<typeof organisationReport>>;
export type LearnerAtRisk = Awaited<ReturnType<typeof learnersAtRisk>>[number];
