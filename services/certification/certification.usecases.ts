import type { Actor } from '../audit/audit.repository.ts';
import { latestPassedAttempt } from '../assessments/marking.usecases.ts';
import type { Executor } from '../db/database.ts';
import type { CertificationEvidence } from '../db/schema/enrolments.ts';
import { moveEnrolment } from '../enrolments/enrolment-states.ts';
import { attendedWebinars, completedModules } from '../learning/progress.ts';
import { addToOutbox } from '../shared/outbox.ts';

/**
 * The certification decision, in the caller's transaction (the one that recorded the
 * last missing piece: a module, an attendance, a marked attempt). When every module is
 * done, every required webinar attended and the assessment passed, the enrolment
 * becomes completed, the certification is recorded with its evidence, and the
 * issuance job is written to the outbox, all or nothing. Returns the certification id,
 * or null while something is missing.
 */
export async function certifyIfComplete(trx: Executor, enrolmentId: string, actor: Actor): Promise<string | null> {
  const enrolment = await trx
    .selectFrom('enrolments as e')
    .innerJoin('cohorts as c', 'c.id', 'e.cohort_id')
    .innerJoin('programme_versions as v', 'v.id', 'c.programme_version_id')
    .select((eb) => [
      'e.id', 'e.status', 'v.required_webinars',
      eb.selectFrom('programme_modules as m').select((m) => m.fn.countAll<number>().as('n')).whereRef('m.programme_version_id', '=', 'v.id').as('modules_required'),
    ])
    .where('e.id', '=', enrolmentId)
    .forUpdate('e')
    .executeTakeFirst();
  if (!enrolment || (enrolment.status !== 'approved' && enrolment.status !== 'active')) return null;
  const [modules, webinars, passed] = await Promise.all([
    completedModules(trx, enrolmentId),
    attendedWebinars(trx, enrolmentId),
    latestPassedAttempt(trx, enrolmentId),
  ]);
  if (modules.length < Number(enrolment.modules_required) || webinars.length < enrolment.required_webinars || !passed) return null;
  const evidence: CertificationEvidence = {
    modules: modules.map((m) => ({ code: m.code, completedAt: m.completedAt })),
    webinars: webinars.map((w) => ({ sessionId: w.sessionId, title: w.title, attendedOn: w.attendedOn })),
    attemptId: passed.attemptId,
  };
  await moveEnrolment(trx, { id: enrolment.id, status: enrolment.status }, 'completed', actor, 'every requirement met');
  const certification = await trx
    .insertInto('certifications')
    .values({ enrolment_id: enrolment.id, score_percent: passed.scorePercent, evidence: JSON.stringify(evidence) })
    .returning('id')
    .executeTakeFirstOrThrow();
  await addToOutbox(trx, 'issuance.issue-credential', { certificationId: certification.id }, { key: certification.id });
  return certification.id;
}
