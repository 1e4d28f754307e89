import { UnrecoverableError } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { startAttempt, submitAttempt } from '../../services/assessments/attempts.usecases.ts';
import { latestPassedAttempt } from '../../services/assessments/marking.usecases.ts';
import type { Principal } from '../../services/shared/auth.ts';
import { markAttemptJob } from '../../workers/marking/mark-attempt.job.ts';
import { createTestDeps } from '../helpers/deps.ts';
import { answersFor, enrolledLearner, singleQuestion } from './helpers.ts';

const deps = createTestDeps();

type Setup = Awaited<ReturnType<typeof enrolledLearner>>;

function principalOf(setup: Setup): Principal {
  return { kind: 'person', id: setup.learner.id, roles: ['learner'], organisationId: null };
}

/** Starts and submits an attempt with `correct` right answers; returns its id. */
async function submitted(setup: Setup, correct: number): Promise<string> {
  const principal = principalOf(setup);
  const attempt = await startAttempt(deps, { enrolmentId: setup.enrolment.id, kind: 'certification', principal });
  const answers = await answersFor(deps.db, attempt.questions.map((q) => q.id), correct);
  await submitAttempt(deps, { enrolmentId: setup.enrolment.id, attemptId: attempt.id, answers, principal });
  return attempt.id;
}

async function resultEmails(personId: string) {
  return deps.db.selectFrom('emails').select(['template', 'locale', 'data']).where('person_id', '=', personId).where('template', '=', 'assessment-result').orderBy('created_at').execute();
}

async function attemptRow(id: string) {
  return deps.db.selectFrom('attempts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function enrolmentStatus(id: string) {
  return (await deps.db.selectFrom('enrolments').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
}

describe('the marking processor', () => {
  it('marks a passing attempt against the key and queues the result email in the learner\'s language', async () => {
    const setup = await enrolledLearner(deps.db);
    const attemptId = await submitted(setup, 4);
    expect(await markAttemptJob.process(deps, { attemptId })).toEqual({ outcome: 'marked' });
    expect(await attemptRow(attemptId)).toMatchObject({ status: 'marked', score_points: 4, max_points: 5, score_percent: '80.00', passed: true, marked_by: null });
    const emails = await resultEmails(setup.learner.id);
    expect(emails).toEqual([
      { template: 'assessment-result', locale: 'nl', data: expect.objectContaining({ displayName: 'Lotte Leerling', outcome: 'passed', score: 80, maxScore: 100, passMark: 70 }) },
    ]);
    expect(emails[0]!.data).not.toHaveProperty('attemptsLeft');
    expect(await enrolmentStatus(setup.enrolment.id)).toBe('approved');
    expect(await latestPassedAttempt(deps.db, setup.enrolment.id)).toEqual({ attemptId, scorePercent: 80, markedAt: expect.any(Date) });
    expect(await latestPassedAttempt(deps.db, setup.enrolment.id, 'renewal')).toBeUndefined();
  });

  it('fails an attempt below the pass mark and tells the learner how many attempts are left', async () => {
    const setup = await enrolledLearner(deps.db);
    const attemptId = await submitted(setup, 3);
    await markAttemptJob.process(deps, { attemptId });
    expect(await attemptRow(attemptId)).toMatchObject({ status: 'marked', score_percent: '60.00', passed: false });
    expect((await resultEmails(setup.learner.id))[0]!.data).toMatchObject({ outcome: 'failed', score: 60, attemptsLeft: 2 });
    expect(await enrolmentStatus(setup.enrolment.id)).toBe('approved');
    expect(await latestPassedAttempt(deps.db, setup.enrolment.id)).toBeUndefined();
  });

  it('moves the enrolment to failed, with its event, when the last attempt fails', async () => {
    const setup = await enrolledLearner(deps.db, { maxAttempts: 2 });
    await markAttemptJob.process(deps, { attemptId: await submitted(setup, 0) });
    expect(await enrolmentStatus(setup.enrolment.id)).toBe('approved');
    await markAttemptJob.process(deps, { attemptId: await submitted(setup, 2) });
    expect(await enrolmentStatus(setup.enrolment.id)).toBe('failed');
    const events = await deps.db.selectFrom('enrolment_events').selectAll().where('enrolment_id', '=', setup.enrolment.id).execute();
    expect(events).toEqual([expect.objectContaining({ from_status: 'approved', to_status: 'failed', actor_kind: 'system', actor_id: 'marking' })]);
    expect((await resultEmails(setup.learner.id)).map((e) => e.data.attemptsLeft)).toEqual([1, 0]);
    await expect(startAttempt(deps, { enrolmentId: setup.enrolment.id, kind: 'certification', principal: principalOf(setup) })).rejects.toMatchObject({
      code: 'assessments.enrolment_not_eligible',
    });
  });

  it('refuses a further attempt once every attempt is used, even on an enrolment still open', async () => {
    const setup = await enrolledLearner(deps.db, { maxAttempts: 1, status: 'completed' });
    await markAttemptJob.process(deps, { attemptId: await submitted(setup, 0) });
    // completed -> failed: the learner had done the modules but failed the test for good.
    expect(await enrolmentStatus(setup.enrolment.id)).toBe('failed');
    await deps.db.updateTable('enrolments').set({ status: 'active' }).where('id', '=', setup.enrolment.id).execute();
    await expect(startAttempt(deps, { enrolmentId: setup.enrolment.id, kind: 'certification', principal: principalOf(setup) })).rejects.toMatchObject({
      code: 'assessments.no_attempts_left',
      status: 409,
    });
  });

  it('marks an attempt once when the job runs twice', async () => {
    const setup = await enrolledLearner(deps.db);
    const attemptId = await submitted(setup, 5);
    expect(await markAttemptJob.process(deps, { attemptId })).toEqual({ outcome: 'marked' });
    const first = await attemptRow(attemptId);
    expect(await markAttemptJob.process(deps, { attemptId })).toEqual({ outcome: 'already_marked' });
    expect((await attemptRow(attemptId)).marked_at).toEqual(first.marked_at);
    expect(await resultEmails(setup.learner.id)).toHaveLength(1);
  });

  it('marks an attempt once when several processors run it at the same time', async () => {
    const setup = await enrolledLearner(deps.db, { maxAttempts: 1 });
    const attemptId = await submitted(setup, 0);
    const outcomes = await Promise.all(Array.from({ length: 4 }, () => markAttemptJob.process(deps, { attemptId })));
    expect(outcomes.filter((o) => (o as { outcome: string }).outcome === 'marked')).toHaveLength(1);
    expect(outcomes.filter((o) => (o as { outcome: string }).outcome === 'already_marked')).toHaveLength(3);
    expect(await resultEmails(setup.learner.id)).toHaveLength(1);
    expect(await deps.db.selectFrom('enrolment_events').select('id').where('enrolment_id', '=', setup.enrolment.id).execute()).toHaveLength(1);
  });

  it('refuses, for good, a job for an unknown or unsubmitted attempt', async () => {
    await expect(markAttemptJob.process(deps, { attemptId: crypto.randomUUID() })).rejects.toBeInstanceOf(UnrecoverableError);
    const setup = await enrolledLearner(deps.db, { questions: [singleQuestion()] });
    const attempt = await startAttempt(deps, { enrolmentId: setup.enrolment.id, kind: 'certification', principal: principalOf(setup) });
    await expect(markAttemptJob.process(deps, { attemptId: attempt.id })).rejects.toBeInstanceOf(UnrecoverableError);
    expect((await attemptRow(attempt.id)).status).toBe('started');
  });

  it('scores multiple choice on the exact set of correct options', async () => {
    const setup = await enrolledLearner(deps.db, { questions: [singleQuestion('a'), { ...singleQuestion(), type: 'multiple', correctOptionIds: ['a', 'c'] }] });
    const principal = principalOf(setup);
    const attempt = await startAttempt(deps, { enrolmentId: setup.enrolment.id, kind: 'certification', principal });
    const [single, multiple] = attempt.questions;
    // A subset of the correct options scores nothing.
    const answers = [{ questionId: single!.id, optionIds: ['a'] }, { questionId: multiple!.id, optionIds: ['a'] }];
    await submitAttempt(deps, { enrolmentId: setup.enrolment.id, attemptId: attempt.id, answers, principal });
    await markAttemptJob.process(deps, { attemptId: attempt.id });
    expect(await attemptRow(attempt.id)).toMatchObject({ score_points: 1, max_points: 2, score_percent: '50.00', passed: false });
  });
});
