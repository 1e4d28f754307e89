import type { Deps } from '../deps.ts';
import { certifyIfComplete } from '../certification/certification.usecases.ts';
import type { Executor } from '../db/database.ts';
import type { Principal } from '../shared/auth.ts';
import { activateOnFirstProgress, assertLearnerMayProgress, findEnrolment, lockEnrolment, mayFollow, type EnrolmentContext } from './enrolment-context.ts';
import { learningErrors } from './learning.errors.ts';
import { learningRepository } from './learning.repository.ts';
import { moduleProgressView, progressView } from './learning.views.ts';
import { attendedWebinars } from './progress.ts';

async function moduleOf(trx: Executor, enrolment: EnrolmentContext, moduleId: string) {
  const module = await learningRepository(trx).moduleOfVersion(moduleId, enrolment.programme_version_id);
  if (!module) throw learningErrors.moduleNotInProgramme(`Module ${moduleId} is not part of ${enrolment.programme_code} as this cohort follows it`);
  return module;
}

/**
 * The learner starts a module of their enrolment. Starting twice keeps the
 * first start. The first progress on an approved enrolment makes it active.
 */
export async function startModule({ db }: Pick<Deps, 'db'>, input: { enrolmentId: string; moduleId: string; principal: Principal }) {
  return db.transaction().execute(async (trx) => {
    const enrolment = assertLearnerMayProgress(await lockEnrolment(trx, input.enrolmentId), input.enrolmentId, input.principal);
    const module = await moduleOf(trx, enrolment, input.moduleId);
    await activateOnFirstProgress(trx, enrolment, input.principal);
    const row = await learningRepository(trx).start(enrolment.id, module.id, 'learner');
    return moduleProgressView(module, row);
  });
}

/**
 * The learner completes a module with the time spent on it. Completing twice
 * is answered with the first completion: the time is never counted twice.
 */
export async function completeModule(
  { db }: Pick<Deps, 'db'>,
  input: { enrolmentId: string; moduleId: string; secondsSpent: number; principal: Principal },
) {
  return db.transaction().execute(async (trx) => {
    const enrolment = assertLearnerMayProgress(await lockEnrolment(trx, input.enrolmentId), input.enrolmentId, input.principal);
    const module = await moduleOf(trx, enrolment, input.moduleId);
    await activateOnFirstProgress(trx, enrolment, input.principal);
    const repo = learningRepository(trx);
    const completed = await repo.complete({ enrolmentId: enrolment.id, moduleId: module.id, secondsSpent: input.secondsSpent, source: 'learner' });
    // The last module may be the last missing requirement.
    if (completed) await certifyIfComplete(trx, enrolment.id, input.principal);
    return { ...moduleProgressView(module, completed ?? (await repo.find(enrolment.id, module.id))), alreadyCompleted: !completed };
  });
}

/**
 * Where an enrolment stands: each module, the webinar topics attended and
 * booked, what is left, and the cohort's deadline. For its learner, an
 * administrator, the learner's manager and the cohort's facilitators.
 */
export async function getProgress({ db, clock }: Pick<Deps, 'db' | 'clock'>, input: { enrolmentId: string; principal: Principal }) {
  const enrolment = await findEnrolment(db, input.enrolmentId);
  if (!enrolment) throw learningErrors.enrolmentNotFound(`No enrolment ${input.enrolmentId}`);
  if (!(await mayFollow(db, enrolment, input.principal))) throw learningErrors.notYourEnrolment('Only its learner, their manager, an administrator or a facilitator of the cohort may follow it');
  const modules = await learningRepository(db).modulesWithProgress(enrolment.id, enrolment.programme_version_id);
  const attended = await attendedWebinars(db, enrolment.id);
  const upcoming = await db
    .selectFrom('webinar_bookings as b')
    .innerJoin('webinar_sessions as s', 's.id', 'b.session_id')
    .select(['b.id', 's.id as session_id', 's.topic', 's.title', 's.starts_at'])
    .where('b.enrolment_id', '=', enrolment.id)
    .where('b.cancelled_at', 'is', null)
    .where('s.starts_at', '>', clock.now())
    .orderBy('s.starts_at')
    .execute();
  return progressView({ enrolment, modules, attended, upcoming, now: clock.now() });
}
