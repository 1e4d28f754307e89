import { describe, expect, it } from 'vitest';
import { createApp } from '../../services/app.ts';
import { markSubmittedAttempt } from '../../services/assessments/marking.usecases.ts';
import { createTestDeps } from '../helpers/deps.ts';
import { buildPerson, sessionHeaders } from '../helpers/factories.ts';
import { expectProblem, readJson } from '../helpers/http.ts';
import { answersFor, buildAssessment, enrolledLearner, openQuestion, singleQuestion } from './helpers.ts';

const deps = createTestDeps();
const app = createApp(deps);

function send(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  return app.request(path, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function start(setup: Awaited<ReturnType<typeof enrolledLearner>>) {
  const res = await send('POST', `/api/v1/enrolments/${setup.enrolment.id}/attempts`, setup.headers);
  expect(res.status).toBe(201);
  return readJson(res);
}

function submit(setup: Awaited<ReturnType<typeof enrolledLearner>>, attemptId: string, answers: unknown) {
  return send('POST', `/api/v1/enrolments/${setup.enrolment.id}/attempts/${attemptId}/submission`, setup.headers, { answers });
}

async function attemptRow(id: string) {
  return deps.db.selectFrom('attempts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

describe('starting an attempt', () => {
  it('returns the questions in four languages without the answer key', async () => {
    const setup = await enrolledLearner(deps.db);
    const res = await send('POST', `/api/v1/enrolments/${setup.enrolment.id}/attempts`, setup.headers);
    expect(res.status).toBe(201);
    const attempt = await readJson(res);
    expect(res.headers.get('location')).toBe(`/api/v1/enrolments/${setup.enrolment.id}/attempts/${attempt.id}`);
    expect(attempt).toMatchObject({ number: 1, status: 'started', kind: 'certification', result: null, attemptsLeft: 2, answers: null });
    expect(attempt.questions).toHaveLength(5);
    expect(Object.keys(attempt.questions[0].prompt).sort()).toEqual(['de', 'en', 'fr', 'nl']);
    const raw = JSON.stringify(attempt);
    expect(raw).not.toMatch(/correct_?option/i);
    // The GET of the same attempt is just as keyless.
    const again = await readJson(await send('GET', `/api/v1/enrolments/${setup.enrolment.id}/attempts/${attempt.id}`, setup.headers));
    expect(JSON.stringify(again)).not.toMatch(/correct_?option/i);
    expect(again.questions.map((q: { id: string }) => q.id)).toEqual(attempt.questions.map((q: { id: string }) => q.id));
  });

  it('answers anonymous 401, an assessor 403, and another learner 403, starting nothing', async () => {
    const setup = await enrolledLearner(deps.db);
    const path = `/api/v1/enrolments/${setup.enrolment.id}/attempts`;
    await expectProblem(await send('POST', path, {}), 401, 'auth.unauthenticated');
    await expectProblem(await send('POST', path, await sessionHeaders(['assessor'])), 403, 'auth.forbidden');
    const other = await buildPerson(deps.db, { roles: ['learner'] });
    await expectProblem(await send('POST', path, await sessionHeaders(other)), 403, 'assessments.not_your_enrolment');
    await expectProblem(await send('GET', path, await sessionHeaders(other)), 403, 'assessments.not_your_enrolment');
    expect(await deps.db.selectFrom('attempts').select('id').where('enrolment_id', '=', setup.enrolment.id).execute()).toEqual([]);
  });

  it('refuses a second attempt while one is open, and while the last one is not marked', async () => {
    const setup = await enrolledLearner(deps.db);
    const first = await start(setup);
    const open = await expectProblem(await send('POST', `/api/v1/enrolments/${setup.enrolment.id}/attempts`, setup.headers), 409, 'assessments.attempt_open');
    expect(open.attemptId).toBe(first.id);
    expect((await submit(setup, first.id, await answersFor(deps.db, first.questions.map((q: { id: string }) => q.id), 5))).status).toBe(200);
    await expectProblem(await send('POST', `/api/v1/enrolments/${setup.enrolment.id}/attempts`, setup.headers), 409, 'assessments.result_pending');
    await markSubmittedAttempt(deps, first.id);
    await expectProblem(await send('POST', `/api/v1/enrolments/${setup.enrolment.id}/attempts`, setup.headers), 409, 'assessments.already_passed');
  });

  it('starts the renewal test on a renewal enrolment', async () => {
    const setup = await enrolledLearner(deps.db, { status: 'active' });
    await buildAssessment(deps.db, { programmeVersionId: setup.assessment.programmeVersionId, kind: 'renewal', questions: [singleQuestion(), singleQuestion('b')] });
    // A bare credential row to renew: the renewal rules themselves belong to the certification module.
    const keyId = `did:key:z${crypto.randomUUID()}#key`;
    await deps.db.insertInto('issuer_keys').values({ id: keyId, public_key_multibase: 'z', sealed_secret_key: 'sealed' }).execute();
    const credential = await deps.db.insertInto('credentials').values({ id: crypto.randomUUID(), issuer_key_id: keyId, document: '{}', holder_person_id: setup.learner.id }).returning('id').executeTakeFirstOrThrow();
    await deps.db.updateTable('enrolments').set({ renews_credential_id: credential.id }).where('id', '=', setup.enrolment.id).execute();
    const attempt = await start(setup);
    expect(attempt).toMatchObject({ kind: 'renewal', number: 1 });
    expect(attempt.questions).toHaveLength(2);
  });

  it('refuses enrolments that are not approved, active or completed', async () => {
    for (const status of ['requested', 'withdrawn', 'failed', 'certified'] as const) {
      const setup = await enrolledLearner(deps.db, { status });
      const problem = await expectProblem(await send('POST', `/api/v1/enrolments/${setup.enrolment.id}/attempts`, setup.headers), 409, 'assessments.enrolment_not_eligible');
      expect(problem.enrolmentStatus).toBe(status);
    }
  });

  it('refuses a programme version without a published assessment, and an unknown enrolment', async () => {
    const setup = await enrolledLearner(deps.db);
    const other = await enrolledLearner(deps.db, { questions: [singleQuestion()] });
    await deps.db.updateTable('assessments').set({ status: 'draft' }).where('id', '=', other.assessment.id).execute();
    await expectProblem(await send('POST', `/api/v1/enrolments/${other.enrolment.id}/attempts`, other.headers), 409, 'assessments.no_assessment');
    await expectProblem(await send('POST', `/api/v1/enrolments/${crypto.randomUUID()}/attempts`, setup.headers), 404, 'assessments.enrolment_not_found');
    await expectProblem(await send('POST', '/api/v1/enrolments/not-a-uuid/attempts', setup.headers), 400, 'request.invalid');
  });
});

describe('submitting an attempt', () => {
  it('stores the answers once and writes the marking job to the outbox in the same transaction', async () => {
    const setup = await enrolledLearner(deps.db);
    const attempt = await start(setup);
    const answers = await answersFor(deps.db, attempt.questions.map((q: { id: string }) => q.id), 4);
    const res = await submit(setup, attempt.id, answers);
    expect(res.status).toBe(200);
    const body = await readJson(res);
    expect(body).toMatchObject({ status: 'submitted', result: null });
    expect(body.answers).toEqual(answers);
    const outbox = await deps.db.selectFrom('outbox').select(['queue', 'job_name', 'payload']).where('job_id', '=', `marking.mark-attempt__${attempt.id}`).execute();
    expect(outbox).toEqual([{ queue: 'marking', job_name: 'marking.mark-attempt', payload: { attemptId: attempt.id } }]);
    await expectProblem(await submit(setup, attempt.id, answers), 409, 'assessments.already_submitted');
  });

  it('lets exactly one of two concurrent submissions through', async () => {
    const setup = await enrolledLearner(deps.db);
    const attempt = await start(setup);
    const ids = attempt.questions.map((q: { id: string }) => q.id);
    const [a, b] = await Promise.all([submit(setup, attempt.id, await answersFor(deps.db, ids, 5)), submit(setup, attempt.id, await answersFor(deps.db, ids, 0))]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect((await readJson(loser)).code).toBe('assessments.already_submitted');
    const outbox = await deps.db.selectFrom('outbox').select('id').where('job_id', '=', `marking.mark-attempt__${attempt.id}`).execute();
    expect(outbox).toHaveLength(1);
  });

  it('refuses unknown questions, unknown options and mismatched answer kinds with 422, storing nothing', async () => {
    const setup = await enrolledLearner(deps.db, { questions: [singleQuestion(), openQuestion()] });
    const attempt = await start(setup);
    const [choice, open] = attempt.questions as Array<{ id: string }>;
    const cases = [
      [{ questionId: crypto.randomUUID(), optionIds: ['a'] }],
      [{ questionId: choice!.id, optionIds: ['z'] }],
      [{ questionId: choice!.id, optionIds: ['a', 'b'] }],
      [{ questionId: choice!.id, text: 'words' }],
      [{ questionId: open!.id, optionIds: ['a'] }],
      [{ questionId: choice!.id, optionIds: ['a'] }, { questionId: choice!.id, optionIds: ['b'] }],
    ];
    for (const answers of cases) {
      const problem = await expectProblem(await submit(setup, attempt.id, answers), 422, 'assessments.invalid_answers');
      expect(problem.errors.length).toBeGreaterThan(0);
    }
    await expectProblem(await submit(setup, attempt.id, [{ questionId: choice!.id }]), 400, 'request.invalid');
    await expectProblem(await submit(setup, attempt.id, [{ questionId: choice!.id, optionIds: ['a'], extra: 1 }]), 400, 'request.invalid');
    expect(await attemptRow(attempt.id)).toMatchObject({ status: 'started', answers: null, submitted_at: null });
  });

  it('refuses another learner 403 and an attempt of another enrolment 404', async () => {
    const setup = await enrolledLearner(deps.db);
    const attempt = await start(setup);
    const other = await enrolledLearner(deps.db);
    const answers = [{ questionId: attempt.questions[0].id, optionIds: ['a'] }];
    await expectProblem(await send('POST', `/api/v1/enrolments/${setup.enrolment.id}/attempts/${attempt.id}/submission`, other.headers, { answers }), 403, 'assessments.not_your_enrolment');
    await expectProblem(await send('POST', `/api/v1/enrolments/${other.enrolment.id}/attempts/${attempt.id}/submission`, other.headers, { answers }), 404, 'assessments.attempt_not_found');
    await expectProblem(await send('POST', `/api/v1/enrolments/${setup.enrolment.id}/attempts/${attempt.id}/submission`, {}, { answers }), 401, 'auth.unauthenticated');
    expect((await attemptRow(attempt.id)).status).toBe('started');
  });
});

describe('reading results', () => {
  it('shows the result once marked, never a partial score, and lists attempts with attempts left', async () => {
    const setup = await enrolledLearner(deps.db);
    const attempt = await start(setup);
    await submit(setup, attempt.id, await answersFor(deps.db, attempt.questions.map((q: { id: string }) => q.id), 3));
    const path = `/api/v1/enrolments/${setup.enrolment.id}/attempts/${attempt.id}`;
    expect((await readJson(await send('GET', path, setup.headers))).result).toBeNull();
    await markSubmittedAttempt(deps, attempt.id);
    const marked = await readJson(await send('GET', path, setup.headers));
    expect(marked).toMatchObject({ status: 'marked', attemptsLeft: 2, result: { scorePoints: 3, maxPoints: 5, scorePercent: 60, passMarkPercent: 70, passed: false } });
    expect(JSON.stringify(marked)).not.toMatch(/correct_?option/i);
    const list = await readJson(await send('GET', `/api/v1/enrolments/${setup.enrolment.id}/attempts`, setup.headers));
    expect(list.attempts).toHaveLength(1);
    expect(list.attempts[0]).toMatchObject({ id: attempt.id, number: 1, status: 'marked', attemptsLeft: 2 });
  });
});
