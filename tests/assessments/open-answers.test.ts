import { describe, expect, it } from 'vitest';
import { createApp } from '../../services/app.ts';
import { startAttempt, submitAttempt } from '../../services/assessments/attempts.usecases.ts';
import type { Principal } from '../../services/shared/auth.ts';
import { markAttemptJob } from '../../workers/marking/mark-attempt.job.ts';
import { createTestDeps } from '../helpers/deps.ts';
import { buildPerson, sessionHeaders } from '../helpers/factories.ts';
import { expectProblem, readJson } from '../helpers/http.ts';
import { answersFor, enrolledLearner, openQuestion, singleQuestion } from './helpers.ts';

const deps = createTestDeps();
const app = createApp(deps);
const assessor = await buildPerson(deps.db, { roles: ['assessor'], displayName: 'Anna Assessor' });
const assessorHeaders = await sessionHeaders(assessor);

function send(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  return app.request(path, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** Two single-choice questions (1 point) and two open ones (2 points): 6 points in all. */
async function awaitingAssessor(options: { answerOpen?: boolean } = {}) {
  const setup = await enrolledLearner(deps.db, { questions: [singleQuestion('a'), openQuestion(2), singleQuestion('b'), openQuestion(2)] });
  const principal: Principal = { kind: 'person', id: setup.learner.id, roles: ['learner'], organisationId: null };
  const attempt = await startAttempt(deps, { enrolmentId: setup.enrolment.id, kind: 'certification', principal });
  let answers = await answersFor(deps.db, attempt.questions.map((q) => q.id), 2);
  if (options.answerOpen === false) answers = answers.filter((a) => !('text' in a));
  await submitAttempt(deps, { enrolmentId: setup.enrolment.id, attemptId: attempt.id, answers, principal });
  const outcome = await markAttemptJob.process(deps, { attemptId: attempt.id });
  const open = attempt.questions.filter((q) => q.type === 'open').map((q) => q.id);
  return { ...setup, attemptId: attempt.id, outcome, open };
}

function mark(attemptId: string, marks: unknown, headers = assessorHeaders) {
  return send('POST', `/api/v1/attempts/${attemptId}/open-marks`, headers, { marks });
}

async function queueEntry(attemptId: string) {
  const res = await send('GET', '/api/v1/marking-queue', assessorHeaders);
  expect(res.status).toBe(200);
  return (await readJson(res)).attempts.find((a: { attemptId: string }) => a.attemptId === attemptId);
}

async function resultEmailCount(personId: string) {
  return (await deps.db.selectFrom('emails').select('id').where('person_id', '=', personId).where('template', '=', 'assessment-result').execute()).length;
}

describe('open answers', () => {
  it('wait for an assessor, then the last mark completes the score once', async () => {
    const setup = await awaitingAssessor();
    expect(setup.outcome).toEqual({ outcome: 'awaiting_assessor' });
    expect(await resultEmailCount(setup.learner.id)).toBe(0);

    const entry = await queueEntry(setup.attemptId);
    expect(entry).toMatchObject({ learnerDisplayName: 'Lotte Leerling', submittedAt: expect.any(String) });
    expect(entry.openAnswers.map((a: { questionId: string }) => a.questionId).sort()).toEqual([...setup.open].sort());
    expect(entry.openAnswers[0]).toMatchObject({ points: 2, text: expect.stringContaining('citizen'), prompt: { fr: expect.any(String) } });
    expect(JSON.stringify(entry)).not.toContain(setup.learner.email);

    const first = await mark(setup.attemptId, [{ questionId: setup.open[0], points: 2, comment: 'Clear steps' }]);
    expect(first.status).toBe(200);
    expect(await readJson(first)).toEqual({ attemptId: setup.attemptId, status: 'awaiting_assessor', result: null });
    expect((await queueEntry(setup.attemptId)).openAnswers.map((a: { questionId: string }) => a.questionId)).toEqual([setup.open[1]]);

    const last = await readJson(await mark(setup.attemptId, [{ questionId: setup.open[1], points: 1 }]));
    // 2 choice points + 2 + 1 open points out of 6.
    expect(last).toMatchObject({ status: 'marked', result: { scorePoints: 5, maxPoints: 6, scorePercent: 83.33, passed: true } });
    const row = await deps.db.selectFrom('attempts').select(['marked_by']).where('id', '=', setup.attemptId).executeTakeFirstOrThrow();
    expect(row.marked_by).toBe(assessor.id);
    expect(await queueEntry(setup.attemptId)).toBeUndefined();
    expect(await resultEmailCount(setup.learner.id)).toBe(1);
    const audit = await deps.db.selectFrom('audit_events').select(['action', 'actor_id']).where('subject_id', '=', setup.attemptId).execute();
    expect(audit).toEqual([
      { action: 'attempt.open_marked', actor_id: assessor.id },
      { action: 'attempt.open_marked', actor_id: assessor.id },
    ]);

    await expectProblem(await mark(setup.attemptId, [{ questionId: setup.open[1], points: 2 }]), 409, 'assessments.not_awaiting_assessor');
    expect(await markAttemptJob.process(deps, { attemptId: setup.attemptId })).toEqual({ outcome: 'already_marked' });
    expect(await resultEmailCount(setup.learner.id)).toBe(1);
  });

  it('scores a blank open answer 0 without waiting for an assessor', async () => {
    const setup = await awaitingAssessor({ answerOpen: false });
    expect(setup.outcome).toEqual({ outcome: 'marked' });
    const row = await deps.db.selectFrom('attempts').select(['score_points', 'max_points', 'passed']).where('id', '=', setup.attemptId).executeTakeFirstOrThrow();
    expect(row).toEqual({ score_points: 2, max_points: 6, passed: false });
  });

  it('refuses marks that do not fit the attempt, changing nothing', async () => {
    const setup = await awaitingAssessor();
    const choiceId = (await deps.db.selectFrom('attempts').select('question_ids').where('id', '=', setup.attemptId).executeTakeFirstOrThrow()).question_ids.find(
      (id) => !setup.open.includes(id),
    );
    for (const marks of [
      [{ questionId: setup.open[0], points: 3 }],
      [{ questionId: crypto.randomUUID(), points: 1 }],
      [{ questionId: choiceId, points: 1 }],
      [{ questionId: setup.open[0], points: 1 }, { questionId: setup.open[0], points: 1 }],
    ]) {
      await expectProblem(await mark(setup.attemptId, marks), 422, 'assessments.invalid_marks');
    }
    await expectProblem(await mark(setup.attemptId, [{ questionId: setup.open[0], points: -1 }]), 400, 'request.invalid');
    await expectProblem(await mark(setup.attemptId, []), 400, 'request.invalid');
    expect(await deps.db.selectFrom('open_answer_marks').select('question_id').where('attempt_id', '=', setup.attemptId).execute()).toEqual([]);

    expect((await mark(setup.attemptId, [{ questionId: setup.open[0], points: 1 }])).status).toBe(200);
    await expectProblem(await mark(setup.attemptId, [{ questionId: setup.open[0], points: 2 }]), 409, 'assessments.question_already_marked');
    await expectProblem(await mark(crypto.randomUUID(), [{ questionId: setup.open[0], points: 1 }]), 404, 'assessments.attempt_not_found');
  });

  it('records one result when two assessors finish the same attempt at once', async () => {
    const setup = await awaitingAssessor();
    const other = await sessionHeaders(await buildPerson(deps.db, { roles: ['assessor'] }));
    const marks = setup.open.map((questionId) => ({ questionId, points: 2 }));
    const [a, b] = await Promise.all([mark(setup.attemptId, marks), mark(setup.attemptId, marks, other)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect(await resultEmailCount(setup.learner.id)).toBe(1);
    expect(await deps.db.selectFrom('open_answer_marks').select('question_id').where('attempt_id', '=', setup.attemptId).execute()).toHaveLength(2);
  });

  it('keeps the queue and marking to assessors and admins, and an assessor off their own attempt', async () => {
    const setup = await awaitingAssessor();
    await expectProblem(await send('GET', '/api/v1/marking-queue', {}), 401, 'auth.unauthenticated');
    await expectProblem(await send('GET', '/api/v1/marking-queue', setup.headers), 403, 'auth.forbidden');
    await expectProblem(await send('GET', '/api/v1/marking-queue', await sessionHeaders(['facilitator'])), 403, 'auth.forbidden');
    expect((await send('GET', '/api/v1/marking-queue', await sessionHeaders(['admin']))).status).toBe(200);
    const marks = [{ questionId: setup.open[0], points: 1 }];
    await expectProblem(await mark(setup.attemptId, marks, {}), 401, 'auth.unauthenticated');
    await expectProblem(await mark(setup.attemptId, marks, setup.headers), 403, 'auth.forbidden');
    const self = await sessionHeaders({ id: setup.learner.id, roles: ['learner', 'assessor'] });
    await expectProblem(await mark(setup.attemptId, marks, self), 403, 'assessments.own_attempt');
    expect(await deps.db.selectFrom('open_answer_marks').select('question_id').where('attempt_id', '=', setup.attemptId).execute()).toEqual([]);
  });
});
