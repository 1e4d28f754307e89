import { describe, expect, it } from 'vitest';
import { createApp } from '../../services/app.ts';
import { programmesRepository } from '../../services/programmes/programmes.repository.ts';
import { createTestDeps } from '../helpers/deps.ts';
import { buildCohort, buildEnrolment, buildPerson, buildProgramme, buildWebinarSession, sessionHeaders } from '../helpers/factories.ts';
import { expectProblem, readJson } from '../helpers/http.ts';

const deps = createTestDeps();
const app = createApp(deps);
const { version } = await buildProgramme(deps.db, { version: { moduleCount: 3, requiredWebinars: 3 } });
const modules = await programmesRepository(deps.db).modulesOf([version.id]);
const otherModule = (await programmesRepository(deps.db).modulesOf([(await buildProgramme(deps.db)).version.id]))[0]!;

async function setup(status: 'approved' | 'active' | 'requested' | 'completed' | 'withdrawn' | 'lapsed' | 'certified' = 'approved') {
  const cohort = await buildCohort(deps.db, { programmeVersionId: version.id, startsOn: '2026-11-02', endsOn: '2027-01-18' });
  const learner = await buildPerson(deps.db);
  const enrolment = await buildEnrolment(deps.db, { cohortId: cohort.id, personId: learner.id, status });
  return { cohort, learner, enrolment, headers: await sessionHeaders(learner) };
}

function post(path: string, body: unknown, headers: Record<string, string>) {
  return app.request(path, {
    method: 'POST',
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const startPath = (enrolmentId: string, moduleId: string) => `/api/v1/enrolments/${enrolmentId}/modules/${moduleId}/start`;
const completePath = (enrolmentId: string, moduleId: string) => `/api/v1/enrolments/${enrolmentId}/modules/${moduleId}/complete`;

async function progressRows(enrolmentId: string) {
  return deps.db.selectFrom('module_progress').selectAll().where('enrolment_id', '=', enrolmentId).execute();
}

async function events(enrolmentId: string) {
  return deps.db.selectFrom('enrolment_events').select(['from_status', 'to_status', 'actor_kind', 'actor_id']).where('enrolment_id', '=', enrolmentId).execute();
}

describe('recording module progress', () => {
  it('answers an anonymous caller 401, another role 403 and another learner 403, recording nothing', async () => {
    const { enrolment } = await setup();
    const path = completePath(enrolment.id, modules[0]!.id);
    await expectProblem(await post(path, { secondsSpent: 60 }, {}), 401, 'auth.unauthenticated');
    await expectProblem(await post(path, { secondsSpent: 60 }, await sessionHeaders(['facilitator'])), 403, 'auth.forbidden');
    const stranger = await buildPerson(deps.db);
    await expectProblem(await post(path, { secondsSpent: 60 }, await sessionHeaders(stranger)), 403, 'learning.not_your_enrolment');
    await expectProblem(await post(startPath(enrolment.id, modules[0]!.id), undefined, await sessionHeaders(stranger)), 403, 'learning.not_your_enrolment');
    expect(await progressRows(enrolment.id)).toEqual([]);
    expect((await deps.db.selectFrom('enrolments').select('status').where('id', '=', enrolment.id).executeTakeFirstOrThrow()).status).toBe('approved');
  });

  it('starts a module and makes the approved enrolment active, with the move on record; starting again keeps the first start', async () => {
    const { enrolment, learner, headers } = await setup();
    const first = await post(startPath(enrolment.id, modules[0]!.id), undefined, headers);
    expect(first.status).toBe(200);
    const started = await readJson(first);
    expect(started).toMatchObject({ moduleId: modules[0]!.id, code: 'M1', state: 'started', completedAt: null, secondsSpent: 0, source: 'learner' });
    const again = await readJson(await post(startPath(enrolment.id, modules[0]!.id), undefined, headers));
    expect(again.startedAt).toBe(started.startedAt);
    expect((await deps.db.selectFrom('enrolments').select('status').where('id', '=', enrolment.id).executeTakeFirstOrThrow()).status).toBe('active');
    expect(await events(enrolment.id)).toEqual([{ from_status: 'approved', to_status: 'active', actor_kind: 'person', actor_id: learner.id }]);
  });

  it('completes a started module with the time spent, and counts the time once when completed again', async () => {
    const { enrolment, headers } = await setup('active');
    await post(startPath(enrolment.id, modules[1]!.id), undefined, headers);
    const res = await post(completePath(enrolment.id, modules[1]!.id), { secondsSpent: 7_200 }, headers);
    expect(res.status).toBe(200);
    const completed = await readJson(res);
    expect(completed).toMatchObject({ code: 'M2', state: 'completed', secondsSpent: 7_200, alreadyCompleted: false });
    const again = await readJson(await post(completePath(enrolment.id, modules[1]!.id), { secondsSpent: 3_600 }, headers));
    expect(again).toMatchObject({ secondsSpent: 7_200, completedAt: completed.completedAt, alreadyCompleted: true });
    const rows = await progressRows(enrolment.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ seconds_spent: 7_200, source: 'learner' });
    // Already active: no second move on record.
    expect(await events(enrolment.id)).toEqual([]);
  });

  it('completes a module never started, once, under 10 concurrent completions', async () => {
    const { enrolment, headers } = await setup();
    const results = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => readJson(await post(completePath(enrolment.id, modules[2]!.id), { secondsSpent: 1_000 + i }, headers))),
    );
    expect(results.filter((r) => r.alreadyCompleted === false)).toHaveLength(1);
    const rows = await progressRows(enrolment.id);
    expect(rows).toHaveLength(1);
    expect(new Set(results.map((r) => r.secondsSpent))).toEqual(new Set([rows[0]!.seconds_spent]));
    expect(await events(enrolment.id)).toHaveLength(1);
  });

  it('refuses a module of another programme, and an unknown one, with 422, recording nothing', async () => {
    const { enrolment, headers } = await setup();
    await expectProblem(await post(completePath(enrolment.id, otherModule.id), { secondsSpent: 60 }, headers), 422, 'learning.module_not_in_programme');
    await expectProblem(await post(startPath(enrolment.id, crypto.randomUUID()), undefined, headers), 422, 'learning.module_not_in_programme');
    expect(await progressRows(enrolment.id)).toEqual([]);
    expect(await events(enrolment.id)).toEqual([]);
  });

  it.each(['requested', 'completed', 'certified', 'withdrawn', 'lapsed'] as const)('refuses progress on a %s enrolment with 409', async (status) => {
    const { enrolment, headers } = await setup(status);
    await expectProblem(await post(completePath(enrolment.id, modules[0]!.id), { secondsSpent: 60 }, headers), 409, 'learning.enrolment_not_active');
    await expectProblem(await post(startPath(enrolment.id, modules[0]!.id), undefined, headers), 409, 'learning.enrolment_not_active');
    expect(await progressRows(enrolment.id)).toEqual([]);
  });

  it('answers 404 for an unknown enrolment and 400 for an invalid body or path', async () => {
    const { enrolment, headers } = await setup();
    await expectProblem(await post(completePath(crypto.randomUUID(), modules[0]!.id), { secondsSpent: 60 }, headers), 404, 'learning.enrolment_not_found');
    for (const body of [{ secondsSpent: -1 }, { secondsSpent: '60' }, { secondsSpent: 1.5 }, { secondsSpent: 60, extra: true }, {}]) {
      await expectProblem(await post(completePath(enrolment.id, modules[0]!.id), body, headers), 400, 'request.invalid');
    }
    await expectProblem(await post(completePath('not-a-uuid', modules[0]!.id), { secondsSpent: 60 }, headers), 400, 'request.invalid');
    expect(await progressRows(enrolment.id)).toEqual([]);
  });
});

describe('GET /api/v1/enrolments/{enrolmentId}/progress', () => {
  it('shows each requirement done and left, the time spent and the deadline', async () => {
    const { cohort, enrolment, headers } = await setup();
    await post(completePath(enrolment.id, modules[0]!.id), { secondsSpent: 7_000 }, headers);
    await post(startPath(enrolment.id, modules[1]!.id), undefined, headers);
    const session = await buildWebinarSession(deps.db, { cohortId: cohort.id, topic: 2, title: 'Itsme pas à pas', startsAt: new Date('2026-11-20T09:00:00Z') });
    await deps.db.insertInto('webinar_bookings').values({ session_id: session.id, enrolment_id: enrolment.id, attended: true }).execute();
    const res = await app.request(`/api/v1/enrolments/${enrolment.id}/progress`, { headers });
    expect(res.status).toBe(200);
    const progress = await readJson(res);
    expect(progress).toMatchObject({
      enrolmentId: enrolment.id,
      status: 'active',
      cohort: { id: cohort.id, startsOn: '2026-11-02', endsOn: '2027-01-18' },
      deadline: '2027-01-18',
      modules: { required: 3, completed: 1, left: [{ code: 'M2' }, { code: 'M3' }] },
      webinars: { required: 3, attended: 1, attendedTopics: [{ sessionId: session.id, topic: 2, title: 'Itsme pas à pas', attendedOn: '2026-11-20' }], topicsLeft: [1, 3] },
      timeSpentSeconds: 7_000,
      learningComplete: false,
    });
    expect(progress.modules.items.map((m: { state: string }) => m.state)).toEqual(['completed', 'started', 'not_started']);
  });

  it("lets the learner's manager and admins follow it; another learner 403, anonymous 401", async () => {
    const manager = await buildPerson(deps.db, { roles: ['manager'] });
    const cohort = await buildCohort(deps.db, { programmeVersionId: version.id });
    const learner = await buildPerson(deps.db, { managerId: manager.id });
    const enrolment = await buildEnrolment(deps.db, { cohortId: cohort.id, personId: learner.id });
    const path = `/api/v1/enrolments/${enrolment.id}/progress`;
    expect((await app.request(path, { headers: await sessionHeaders(manager) })).status).toBe(200);
    expect((await app.request(path, { headers: await sessionHeaders(['admin']) })).status).toBe(200);
    await expectProblem(await app.request(path, { headers: await sessionHeaders(await buildPerson(deps.db, { roles: ['manager'] })) }), 403, 'learning.not_your_enrolment');
    await expectProblem(await app.request(path, { headers: await sessionHeaders(await buildPerson(deps.db)) }), 403, 'learning.not_your_enrolment');
    await expectProblem(await app.request(path, { headers: await sessionHeaders(['assessor']) }), 403, 'auth.forbidden');
    await expectProblem(await app.request(path), 401, 'auth.unauthenticated');
  });
});
