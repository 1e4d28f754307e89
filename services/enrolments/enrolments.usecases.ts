import type { Actor } from '../audit/audit.repository.ts';
import { releaseWebinarBookings } from '../webinars/bookings.usecases.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { todayInBrussels } from '../cohorts/cohort-dates.ts';
import { releaseSeat, takeSeat } from '../cohorts/cohort-seats.ts';
import { isUniqueViolation, type Executor } from '../db/database.ts';
import type { Deps } from '../deps.ts';
import { queueEmail } from '../email/email.usecases.ts';
import type { Principal } from '../shared/auth.ts';
import { publicBaseUrl } from '../shared/urls.ts';
import { moveEnrolment } from './enrolment-states.ts';
import { enrolmentErrors } from './enrolments.errors.ts';
import { enrolmentsRepository, type EnrolmentRow } from './enrolments.repository.ts';
import { checkPrerequisite } from './prerequisite.ts';

type EnrolDeps = Pick<Deps, 'db' | 'config' | 'secrets' | 'clock'>;
type PersonPrincipal = Extract<Principal, { kind: 'person' }>;

/** The cohort and programme facts an enrolment request is checked against. */
export async function cohortForEnrolment(executor: Executor, cohortId: string) {
  const cohort = await executor
    .selectFrom('cohorts as c')
    .innerJoin('programme_versions as v', 'v.id', 'c.programme_version_id')
    .select(['c.id', 'c.ends_on', 'c.organisation_id', 'v.prerequisite_programme_code'])
    .where('c.id', '=', cohortId)
    .executeTakeFirst();
  if (!cohort) throw enrolmentErrors.cohortNotFound();
  return cohort;
}

async function learner(executor: Executor, personId: string) {
  const person = await executor.selectFrom('people').select(['id', 'email', 'roles', 'organisation_id']).where('id', '=', personId).where('erased_at', 'is', null).executeTakeFirst();
  if (!person?.roles.includes('learner')) throw enrolmentErrors.notALearner();
  return person;
}

/**
 * A learner asks for a place in a cohort. Open cohorts take anyone; a cohort scoped to
 * an organisation takes its agents only; an expert cohort needs a basic credential
 * that verifies now (held here or uploaded). The learner's manager, or an admin, decides.
 */
export async function requestEnrolment(deps: EnrolDeps, input: { cohortId: string; principal: PersonPrincipal; prerequisiteCredential?: unknown }) {
  const person = await learner(deps.db, input.principal.id);
  const cohort = await cohortForEnrolment(deps.db, input.cohortId);
  if (cohort.ends_on < todayInBrussels(deps.clock.now())) throw enrolmentErrors.cohortClosed();
  if (cohort.organisation_id && cohort.organisation_id !== person.organisation_id) throw enrolmentErrors.outOfScope();
  const prerequisite = cohort.prerequisite_programme_code
    ? await checkPrerequisite(deps, { personId: person.id, email: person.email, programmeCode: cohort.prerequisite_programme_code, uploaded: input.prerequisiteCredential })
    : null;
  const id = await deps.db.transaction().execute(async (trx) => {
    const row = await insertEnrolment(trx, { cohortId: cohort.id, personId: person.id, status: 'requested', holdsSeat: false, prerequisite });
    await trx.insertInto('enrolment_events').values({ enrolment_id: row.id, from_status: null, to_status: 'requested', actor_kind: 'person', actor_id: person.id }).execute();
    return row.id;
  });
  return (await enrolmentsRepository(deps.db).find(id))!;
}

/** Inserts an enrolment; a live one for the same learner and cohort is a 409. */
export async function insertEnrolment(executor: Executor, row: Parameters<ReturnType<typeof enrolmentsRepository>['insert']>[0]) {
  try {
    return await enrolmentsRepository(executor).insert(row);
  } catch (error) {
    if (isUniqueViolation(error, 'enrolments_one_live')) throw enrolmentErrors.alreadyEnrolled();
    throw error;
  }
}

function mayDecide(principal: PersonPrincipal, enrolment: EnrolmentRow): boolean {
  return principal.roles.includes('admin') || (principal.roles.includes('manager') && enrolment.learner_manager_id === principal.id);
}

/**
 * The learner's manager (or an admin) approves or rejects a request. Approval takes a
 * seat in the same transaction, so capacity holds under concurrent approvals. The
 * learner is told by email in their language.
 */
export async function decideEnrolment(
  deps: EnrolDeps,
  input: { enrolmentId: string; decision: 'approve' | 'reject'; reason?: string; principal: PersonPrincipal },
) {
  const enrolment = await enrolmentsRepository(deps.db).find(input.enrolmentId);
  if (!enrolment) throw enrolmentErrors.notFound();
  if (!mayDecide(input.principal, enrolment)) throw enrolmentErrors.notYourLearner();
  await deps.db.transaction().execute(async (trx) => {
    const locked = await enrolmentsRepository(trx).lock(enrolment.id);
    if (!locked) throw enrolmentErrors.notFound();
    if (input.decision === 'approve') {
      await moveEnrolment(trx, locked, 'approved', input.principal, input.reason);
      await takeSeat(trx, locked.cohort_id);
      await enrolmentsRepository(trx).setHoldsSeat(locked.id, true);
    } else {
      await moveEnrolment(trx, locked, 'rejected', input.principal, input.reason);
    }
    await recordAudit(trx, { actor: input.principal, action: `enrolment.${input.decision}d`, subjectType: 'enrolment', subjectId: locked.id, details: { reason: input.reason ?? null } });
    await queueEmail(trx, {
      to: enrolment.learner_email,
      locale: enrolment.learner_locale,
      personId: enrolment.person_id,
      template: 'enrolment-decision',
      data: {
        displayName: enrolment.learner_name,
        programmeName: enrolment.programme_title[enrolment.learner_locale],
        decision: input.decision === 'approve' ? 'approved' : 'rejected',
        ...(input.reason ? { reason: input.reason } : {}),
        link: `${publicBaseUrl(deps.config)}/learn`,
      },
    });
  });
  return (await enrolmentsRepository(deps.db).find(input.enrolmentId))!;
}

/** The learner (or an admin) withdraws; a held seat is given back. */
export async function withdrawEnrolment(deps: EnrolDeps, input: { enrolmentId: string; principal: PersonPrincipal; reason?: string }) {
  await deps.db.transaction().execute(async (trx) => {
    const locked = await enrolmentsRepository(trx).lock(input.enrolmentId);
    const own = locked?.person_id === input.principal.id;
    if (!locked || (!own && !input.principal.roles.includes('admin'))) throw enrolmentErrors.notFound();
    await moveEnrolment(trx, locked, 'withdrawn', input.principal, input.reason);
    await releaseHeldSeat(trx, locked);
    await releaseWebinarBookings(trx, locked.id, deps.clock.now());
  });
  return (await enrolmentsRepository(deps.db).find(input.enrolmentId))!;
}

async function releaseHeldSeat(executor: Executor, enrolment: { id: string; cohort_id: string; holds_seat: boolean }) {
  if (!enrolment.holds_seat) return;
  await releaseSeat(executor, enrolment.cohort_id);
  await enrolmentsRepository(executor).setHoldsSeat(enrolment.id, false);
}

/**
 * Scheduled: enrolments still open when their cohort has ended become lapsed (seats
 * are given back). Returns how many lapsed.
 */
export async function lapseEndedCohorts(deps: Pick<Deps, 'db' | 'clock'>): Promise<number> {
  const today = todayInBrussels(deps.clock.now());
  const due = await deps.db
    .selectFrom('enrolments as e')
    .innerJoin('cohorts as c', 'c.id', 'e.cohort_id')
    .select('e.id')
    .where('e.status', 'in', ['requested', 'approved', 'active'])
    .where('e.renews_credential_id', 'is', null)
    .where('c.ends_on', '<', today)
    .limit(5_000)
    .execute();
  const system: Actor = { kind: 'system', id: 'lapse-cohorts' };
  for (const { id } of due) {
    await deps.db.transaction().execute(async (trx) => {
      const locked = await enrolmentsRepository(trx).lock(id);
      if (!locked || !['requested', 'approved', 'active'].includes(locked.status)) return;
      await moveEnrolment(trx, locked, 'lapsed', system, 'the cohort ended before the certification');
      await releaseHeldSeat(trx, locked);
      await releaseWebinarBookings(trx, locked.id, deps.clock.now());
    });
  }
  return due.length;
}
