/**
 * What an enrolment has done toward certification, read in the caller's
 * executor (a certification decision reads it in the transaction that records
 * the decision). Only the modules of the cohort's programme version count, and
 * a webinar topic counts once however many of its sessions were attended.
 */
import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import { findEnrolment } from './enrolment-context.ts';
import { learningErrors } from './learning.errors.ts';

export interface CompletedModule {
  moduleId: string;
  code: string;
  /** ISO 8601 instant. */
  completedAt: string;
}

export interface AttendedWebinar {
  sessionId: string;
  topic: number;
  title: string;
  /** The session's calendar day in Brussels, YYYY-MM-DD. */
  attendedOn: string;
}

export interface LearningProgress {
  modulesRequired: number;
  modulesCompleted: number;
  webinarsRequired: number;
  webinarsAttended: number;
}

/** The completed modules of the enrolment's programme version, in programme order. */
export async function completedModules(executor: Executor, enrolmentId: string): Promise<CompletedModule[]> {
  const rows = await executor
    .selectFrom('module_progress as p')
    .innerJoin('programme_modules as m', 'm.id', 'p.module_id')
    .innerJoin('enrolments as e', 'e.id', 'p.enrolment_id')
    .innerJoin('cohorts as c', 'c.id', 'e.cohort_id')
    .select(['m.id', 'm.code', 'p.completed_at'])
    .where('p.enrolment_id', '=', enrolmentId)
    .where('p.completed_at', 'is not', null)
    .whereRef('m.programme_version_id', '=', 'c.programme_version_id')
    .orderBy('m.position')
    .execute();
  return rows.map((r) => ({ moduleId: r.id, code: r.code, completedAt: r.completed_at!.toISOString() }));
}

/**
 * One entry per distinct webinar topic attended (its earliest attended
 * session), among the topics the programme version requires.
 */
export async function attendedWebinars(executor: Executor, enrolmentId: string): Promise<AttendedWebinar[]> {
  const rows = await executor
    .selectFrom('webinar_bookings as b')
    .innerJoin('webinar_sessions as s', 's.id', 'b.session_id')
    .innerJoin('enrolments as e', 'e.id', 'b.enrolment_id')
    .innerJoin('cohorts as c', 'c.id', 'e.cohort_id')
    .innerJoin('programme_versions as v', 'v.id', 'c.programme_version_id')
    .distinctOn('s.topic')
    .select([
      's.id',
      's.topic',
      's.title',
      sql<string>`to_char(s.starts_at at time zone 'Europe/Brussels', 'YYYY-MM-DD')`.as('attended_on'),
    ])
    .where('b.enrolment_id', '=', enrolmentId)
    .where('b.attended', '=', true)
    .where('b.cancelled_at', 'is', null)
    .whereRef('s.cohort_id', '=', 'e.cohort_id')
    .whereRef('s.topic', '<=', 'v.required_webinars')
    .orderBy('s.topic')
    .orderBy('s.starts_at')
    .execute();
  return rows.map((r) => ({ sessionId: r.id, topic: r.topic, title: r.title, attendedOn: r.attended_on }));
}

/** Counts of what is required and done; throws learning.enrolment_not_found (404) for an unknown enrolment. */
export async function learningProgress(executor: Executor, enrolmentId: string): Promise<LearningProgress> {
  const enrolment = await findEnrolment(executor, enrolmentId);
  if (!enrolment) throw learningErrors.enrolmentNotFound(`No enrolment ${enrolmentId}`);
  const { required } = await executor
    .selectFrom('programme_modules')
    .select((eb) => eb.fn.countAll<number>().as('required'))
    .where('programme_version_id', '=', enrolment.programme_version_id)
    .executeTakeFirstOrThrow();
  return {
    modulesRequired: required,
    modulesCompleted: (await completedModules(executor, enrolmentId)).length,
    webinarsRequired: enrolment.required_webinars,
    webinarsAttended: (await attendedWebinars(executor, enrolmentId)).length,
  };
}
