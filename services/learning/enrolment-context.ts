import type { Executor } from '../db/database.ts';
import { enrolmentsWithProgramme } from '../db/joins.ts';
import type { EnrolmentStatus } from '../db/schema/enrolments.ts';
import type { Actor } from '../audit/audit.repository.ts';
import type { Principal } from '../shared/auth.ts';
import { moveEnrolment } from '../enrolments/enrolment-states.ts';
import { learningErrors } from './learning.errors.ts';

/** Enrolment statuses in which a learner may record progress and book webinars. */
export const PROGRESSING_STATUSES: readonly EnrolmentStatus[] = ['approved', 'active'];

/**
 * An enrolment with what learning rules need (its cohort's programme version
 * and dates, its learner), its row locked until the transaction ends so a
 * concurrent status change (withdrawal, lapse) waits for the progress being recorded.
 */
export async function lockEnrolment(trx: Executor, enrolmentId: string) {
  const locked = await trx.selectFrom('enrolments').select(['id', 'status']).where('id', '=', enrolmentId).forUpdate().executeTakeFirst();
  if (!locked) return undefined;
  return findEnrolment(trx, enrolmentId);
}

/** The same as lockEnrolment, without the lock (reads). */
export async function findEnrolment(db: Executor, enrolmentId: string) {
  return enrolmentsWithProgramme(db)
    .innerJoin('people as l', 'l.id', 'e.person_id')
    .select([
      'e.id', 'e.status', 'e.person_id', 'e.cohort_id', 'c.programme_version_id', 'c.starts_on', 'c.ends_on',
      'v.required_webinars', 'p.code as programme_code', 'l.manager_id as learner_manager_id',
    ])
    .where('e.id', '=', enrolmentId)
    .executeTakeFirst();
}

export type EnrolmentContext = NonNullable<Awaited<ReturnType<typeof findEnrolment>>>;

/** 404 for an unknown enrolment, 403 when it is not the caller's, 409 when it is not approved or active. */
export function assertLearnerMayProgress(enrolment: EnrolmentContext | undefined, enrolmentId: string, principal: Principal): EnrolmentContext {
  if (!enrolment) throw learningErrors.enrolmentNotFound(`No enrolment ${enrolmentId}`);
  if (principal.kind !== 'person' || principal.id !== enrolment.person_id) throw learningErrors.notYourEnrolment();
  assertProgressing(enrolment);
  return enrolment;
}

export function assertProgressing(enrolment: Pick<EnrolmentContext, 'id' | 'status'>): void {
  if (!PROGRESSING_STATUSES.includes(enrolment.status)) {
    throw learningErrors.enrolmentNotActive(`Enrolment ${enrolment.id} is ${enrolment.status}`, { extensions: { status: enrolment.status } });
  }
}

/**
 * The first progress on an approved enrolment makes it active, in the caller's
 * transaction (the enrolment row is locked), through the enrolments module's
 * one transition function, so the move is on record like every other. Any
 * other status is left alone: the caller has already refused those.
 */
export async function activateOnFirstProgress(trx: Executor, enrolment: Pick<EnrolmentContext, 'id' | 'status'>, actor: Actor): Promise<void> {
  if (enrolment.status !== 'approved') return;
  await moveEnrolment(trx, enrolment, 'active', actor, 'first progress recorded');
}

/** Who may follow an enrolment's progress: its learner, an administrator, the learner's manager, a facilitator of the cohort. */
export async function mayFollow(db: Executor, enrolment: EnrolmentContext, principal: Principal): Promise<boolean> {
  if (principal.kind !== 'person') return false;
  if (principal.id === enrolment.person_id || principal.roles.includes('admin')) return true;
  if (principal.roles.includes('manager') && enrolment.learner_manager_id === principal.id) return true;
  if (!principal.roles.includes('facilitator')) return false;
  const row = await db
    .selectFrom('cohort_facilitators')
    .select('person_id')
    .where('cohort_id', '=', enrolment.cohort_id)
    .where('person_id', '=', principal.id)
    .executeTakeFirst();
  return !!row;
}
