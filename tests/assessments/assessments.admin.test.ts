import { describe, expect, it } from 'vitest';
import { createApp } from '../../services/app.ts';
import { loadAssessmentSeed, seedAssessments } from '../../services/assessments/assessments.seed.ts';
import { startAttempt } from '../../services/assessments/attempts.usecases.ts';
import { findPublishedVersion } from '../../services/programmes/programmes.usecases.ts';
import { seedProgrammes } from '../../services/programmes/programmes.seed.ts';
import { createTestDeps } from '../helpers/deps.ts';
import { buildCohort, buildEnrolment, buildPerson, buildProgramme, sessionHeaders } from '../helpers/factories.ts';
import { expectProblem, readJson } from '../helpers/http.ts';
import { openQuestion, singleQuestion } from './helpers.ts';

const deps = createTestDeps();
const app = createApp(deps);
await seedProgrammes(deps);
const admin = await buildPerson(deps.db, { roles: ['admin'] });
const adminHeaders = await sessionHeaders(admin);

function send(method: string, path: string, body?: unknown, headers: Record<string, string> = adminHeaders) {
  return app.request(path, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function draft(kind: 'certification' | 'renewal' = 'certification', extra: Record<string, unknown> = {}) {
  const { version } = await buildProgramme(deps.db, { version: { assessment: { passMarkPercent: 75, maxAttempts: 2 } } });
  const res = await send('POST', '/api/v1/assessments', { programmeVersionId: version.id, kind, ...extra });
  expect(res.status).toBe(201);
  return readJson(res);
}

describe('the Connectoo assessment seed', () => {
  it('gives both programmes a certification and a renewal assessment at 70 % with 3 attempts, once', async () => {
    const first = await seedAssessments(deps);
    expect(first.sort()).toEqual(['connectoo-basic/certification', 'connectoo-basic/renewal', 'connectoo-expert/certification', 'connectoo-expert/renewal']);
    expect(await seedAssessments(deps)).toEqual([]);
    const rows = await deps.db
      .selectFrom('assessments')
      .innerJoin('programme_versions', 'programme_versions.id', 'assessments.programme_version_id')
      .innerJoin('programmes', 'programmes.id', 'programme_versions.programme_id')
      .select(['programmes.code', 'assessments.id', 'assessments.kind', 'assessments.status', 'assessments.pass_mark_percent', 'assessments.max_attempts', 'assessments.questions_per_attempt'])
      .where('programmes.code', 'like', 'connectoo-%')
      .execute();
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      expect(row).toMatchObject({ status: 'published', pass_mark_percent: 70, max_attempts: 3 });
      const questions = await deps.db.selectFrom('questions').select(['type', 'prompt', 'options']).where('assessment_id', '=', row.id).execute();
      for (const q of questions) {
        expect(Object.keys(q.prompt).sort()).toEqual(['de', 'en', 'fr', 'nl']);
        for (const option of q.options) expect(Object.values(option.text).every((t) => t.length > 0)).toBe(true);
      }
      const types = questions.map((q) => q.type);
      if (row.kind === 'renewal') expect(types).not.toContain('open');
      if (row.code === 'connectoo-basic' && row.kind === 'certification') expect(questions).toHaveLength(10);
      if (row.code === 'connectoo-expert' && row.kind === 'certification') expect(types.filter((t) => t === 'open')).toHaveLength(2);
    }
  });

  it('lets a Connectoo learner take the seeded test, and draws the renewal test from the choice questions', async () => {
    const version = (await findPublishedVersion(deps.db, 'connectoo-expert'))!;
    const learner = await buildPerson(deps.db);
    const enrolment = await buildEnrolment(deps.db, { cohortId: (await buildCohort(deps.db, { programmeVersionId: version.id })).id, personId: learner.id, status: 'active' });
    const principal = { kind: 'person' as const, id: learner.id, roles: ['learner' as const], organisationId: null };
    const certification = await startAttempt(deps, { enrolmentId: enrolment.id, kind: 'certification', principal });
    expect(certification.questions).toHaveLength(10);
    expect(JSON.stringify(certification)).not.toMatch(/correct_?option/i);
    const renewal = await startAttempt(deps, { enrolmentId: enrolment.id, kind: 'renewal', principal });
    expect(renewal.questions).toHaveLength(6);
    expect(renewal.questions.every((q) => q.type !== 'open')).toBe(true);
  });

  it('validates the seed file with the admin API\'s question rules', async () => {
    const entries = await loadAssessmentSeed();
    expect(entries.filter((e) => e.kind === 'certification').every((e) => (e.questions?.length ?? 0) >= 10)).toBe(true);
  });
});

describe('assessment administration', () => {
  it('answers anonymous 401 and non-admins 403, creating nothing', async () => {
    const { version } = await buildProgramme(deps.db);
    const body = { programmeVersionId: version.id, kind: 'certification' };
    await expectProblem(await send('POST', '/api/v1/assessments', body, {}), 401, 'auth.unauthenticated');
    for (const role of ['learner', 'assessor', 'facilitator'] as const) {
      await expectProblem(await send('POST', '/api/v1/assessments', body, await sessionHeaders([role])), 403, 'auth.forbidden');
      await expectProblem(await send('GET', '/api/v1/assessments', undefined, await sessionHeaders([role])), 403, 'auth.forbidden');
    }
    expect(await deps.db.selectFrom('assessments').select('id').where('programme_version_id', '=', version.id).execute()).toEqual([]);
  });

  it('creates a draft with the version\'s settings, adds questions, publishes it, audited', async () => {
    const created = await draft();
    expect(created).toMatchObject({ kind: 'certification', status: 'draft', passMarkPercent: 75, maxAttempts: 2, questionsPerAttempt: null, questionCount: 0, questions: [] });
    const added = await send('POST', `/api/v1/assessments/${created.id}/questions`, singleQuestion('b'));
    expect(added.status).toBe(201);
    expect(await readJson(added)).toMatchObject({ position: 1, type: 'single', correctOptionIds: ['b'], points: 1 });
    expect((await send('POST', `/api/v1/assessments/${created.id}/questions`, openQuestion(4))).status).toBe(201);
    const published = await readJson(await send('POST', `/api/v1/assessments/${created.id}/publish`));
    expect(published).toMatchObject({ status: 'published', questionCount: 2, publishedAt: expect.any(String) });
    expect(published.questions.map((q: { position: number }) => q.position)).toEqual([1, 2]);
    const list = await readJson(await send('GET', `/api/v1/assessments?programmeVersionId=${created.programmeVersionId}`));
    expect(list.assessments).toEqual([expect.objectContaining({ id: created.id, questionCount: 2 })]);
    const audit = await deps.db.selectFrom('audit_events').select('action').where('subject_id', '=', created.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['assessment.created', 'assessment.question_added', 'assessment.question_added', 'assessment.published']);
  });

  it('freezes the bank once published, in the API and in the database', async () => {
    const created = await draft();
    const question = await readJson(await send('POST', `/api/v1/assessments/${created.id}/questions`, singleQuestion()));
    await send('POST', `/api/v1/assessments/${created.id}/publish`);
    await expectProblem(await send('POST', `/api/v1/assessments/${created.id}/questions`, singleQuestion()), 409, 'assessments.not_draft');
    await expectProblem(await send('DELETE', `/api/v1/assessments/${created.id}/questions/${question.id}`), 409, 'assessments.not_draft');
    await expectProblem(await send('POST', `/api/v1/assessments/${created.id}/publish`), 409, 'assessments.not_draft');
    await expect(deps.db.updateTable('questions').set({ points: 9 }).where('id', '=', question.id).execute()).rejects.toThrow(/immutable/);
    await expect(deps.db.deleteFrom('questions').where('id', '=', question.id).execute()).rejects.toThrow(/immutable/);
  });

  it('removes a question from a draft, and refuses to publish an empty bank or one smaller than a draw', async () => {
    const created = await draft('renewal', { questionsPerAttempt: 2 });
    await expectProblem(await send('POST', `/api/v1/assessments/${created.id}/publish`), 409, 'assessments.cannot_publish');
    const question = await readJson(await send('POST', `/api/v1/assessments/${created.id}/questions`, singleQuestion()));
    await expectProblem(await send('POST', `/api/v1/assessments/${created.id}/publish`), 409, 'assessments.cannot_publish');
    expect((await send('DELETE', `/api/v1/assessments/${created.id}/questions/${question.id}`)).status).toBe(204);
    await expectProblem(await send('DELETE', `/api/v1/assessments/${created.id}/questions/${question.id}`), 404, 'assessments.question_not_found');
    expect((await readJson(await send('GET', `/api/v1/assessments/${created.id}`))).questions).toEqual([]);
  });

  it('refuses a second assessment of a kind, an unknown version, and inconsistent questions', async () => {
    const created = await draft();
    await expectProblem(await send('POST', '/api/v1/assessments', { programmeVersionId: created.programmeVersionId, kind: 'certification' }), 409, 'assessments.already_exists');
    expect((await send('POST', '/api/v1/assessments', { programmeVersionId: created.programmeVersionId, kind: 'renewal' })).status).toBe(201);
    await expectProblem(await send('POST', '/api/v1/assessments', { programmeVersionId: crypto.randomUUID(), kind: 'renewal' }), 422, 'assessments.programme_version_not_found');
    await expectProblem(await send('POST', '/api/v1/assessments', { programmeVersionId: created.programmeVersionId, kind: 'exam' }), 400, 'request.invalid');
    const bad = [
      { ...singleQuestion(), correctOptionIds: ['a', 'b'] },
      { ...singleQuestion(), correctOptionIds: ['z'] },
      { ...singleQuestion(), options: singleQuestion().options.slice(0, 1) },
      { ...openQuestion(), options: singleQuestion().options },
      { ...singleQuestion(), prompt: { fr: 'Seulement en français' } },
      { ...singleQuestion(), type: 'multiple', correctOptionIds: [] },
    ];
    for (const body of bad) await expectProblem(await send('POST', `/api/v1/assessments/${created.id}/questions`, body), 400, 'request.invalid');
    await expectProblem(await send('POST', `/api/v1/assessments/${crypto.randomUUID()}/questions`, singleQuestion()), 404, 'assessments.not_found');
    expect((await readJson(await send('GET', `/api/v1/assessments/${created.id}`))).questionCount).toBe(0);
  });
});
