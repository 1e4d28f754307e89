import { latestPassedAttempt } from '../assessments/marking.usecases.ts';
import type { Executor } from '../db/database.ts';
import type { CertificationEvidence } from '../db/schema/enrolments.ts';
import { moveEnrolment, type EventActor } from '../enrolments/enrolment-states.ts';
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
export async function certifyIfComplete(trx: Executor, enrolmentId: string, actor: EventActor): Promise<string | null> {
  const enrolment = await trx
    .selectFrom('enrolments as e')
    .innerJoin('cohorts as c', 'c.id', 'e.cohort_id')
    .innerJoin('programme_versions as v', 'v.id', 'c.programme_version_id')
    .select((eb) => [
      'e.id', 'e.status', 'e.renews_credential_id', 'v.required_webinars',
      eb.selectFrom('programme_modules as m').select((m) => m.fn.countAll<number>().as('n')).whereRef('m.programme_version_id', '=', 'v.id').as('modules_required'),
    ])
    .where('e.id', '=', enrolmentId)
    .forUpdate('e')
    .executeTakeFirst();
  if (!enrolment || (enrolment.status !== 'approved' && enrolment.status !== 'active')) return null;
  const evidence = enrolment.renews_credential_id
    ? await renewalEvidence(trx, enrolmentId, enrolment.renews_credential_id)
    : await certificationEvidence(trx, enrolmentId, { modules: Number(enrolment.modules_required), webinars: enrolment.required_webinars });
  if (!evidence) return null;
  await moveEnrolment(trx, { id: enrolment.id, status: enrolment.status }, 'completed', actor, 'every requirement met');
  const certification = await trx
    .insertInto('certifications')
    .values({ enrolment_id: enrolment.id, score_percent: evidence.scorePercent, evidence: JSON.stringify(evidence.evidence), renews_credential_id: enrolment.renews_credential_id })
    .returning('id')
    .executeTakeFirstOrThrow();
  await addToOutbox(trx, 'issuance.issue-credential', { certificationId: certification.id }, { key: certification.id });
  return certification.id;
}

type Decision = { scorePercent: number; evidence: CertificationEvidence } | null;

/** A first certification: every module, every required webinar, the certification assessment passed. */
async function certificationEvidence(trx: Executor, enrolmentId: string, required: { modules: number; webinars: number }): Promise<Decision> {
  const [modules, webinars, passed] = await Promise.all([
    completedModules(trx, enrolmentId),
    attendedWebinars(trx, enrolmentId),
    latestPassedAttempt(trx, enrolmentId),
  ]);
  if (modules.length < required.modules || webinars.length < required.webinars || !passed) return null;
  return {
    scorePercent: passed.scorePercent,
    evidence: {
      modules: modules.map((m) => ({ code: m.code, completedAt: m.completedAt })),
      webinars: webinars.map((w) => ({ sessionId: w.sessionId, title: w.title, attendedOn: w.attendedOn })),
      attemptId: passed.attemptId,
    },
  };
}

/** A renewal: the renewal assessment passed; the evidence of the badge it replaces carries over. */
async function renewalEvidence(trx: Executor, enrolmentId: string, renewsCredentialId: string): Promise<Decision> {
  const passed = await latestPassedAttempt(trx, enrolmentId, 'renewal');
  if (!passed) return null;
  const previous = await trx
    .selectFrom('credentials as cr')
    .innerJoin('certifications as ce', 'ce.id', 'cr.certification_id')
    .select('ce.evidence')
    .where('cr.id', '=', renewsCredentialId)
    .executeTakeFirst();
  return {
    scorePercent: passed.scorePercent,
    evidence: { modules: previous?.evidence.modules ?? [], webinars: previous?.evidence.webinars ?? [], attemptId: passed.attemptId, renews: renewsCredentialId },
  };
}
