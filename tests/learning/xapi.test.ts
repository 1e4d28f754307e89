import { describe, expect, it } from 'vitest';
import { createApp } from '../../services/app.ts';
import { programmesRepository } from '../../services/programmes/programmes.repository.ts';
import { publicBaseUrl } from '../../services/shared/urls.ts';
import { createTestDeps } from '../helpers/deps.ts';
import { buildCohort, buildEnrolment, buildPerson, buildProgramme, sessionHeaders } from '../helpers/factories.ts';
import { expectProblem, readJson } from '../helpers/http.ts';
import { clientToken, postJson } from '../helpers/vc-api.ts';

const deps = createTestDeps();
const app = createApp(deps);
const baseUrl = publicBaseUrl(deps.config);
const { version } = await buildProgramme(deps.db, { version: { moduleCount: 3 } });
const modules = await programmesRepository(deps.db).modulesOf([version.id]);
const token = await clientToken(app, deps, ['learning:report']);
const clientId = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).sub as string;
const COMPLETED = 'http://adlnet.gov/expapi/verbs/completed';

async function enrolledLearner(status: 'approved' | 'active' | 'requested' = 'approved') {
  const learner = await buildPerson(deps.db, { email: `Agent.${crypto.randomUUID().slice(0, 8)}@Commune.example.be` });
  const cohort = await buildCohort(deps.db, { programmeVersionId: version.id });
  const enrolment = await buildEnrolment(deps.db, { cohortId: cohort.id, personId: learner.id, status });
  return { learner, enrolment };
}

function statement(email: string, moduleId: string, overrides: Record<string, unknown> = {}) {
  return {
    id: crypto.randomUUID(),
    actor: { objectType: 'Agent', name: 'An Peeters', mbox: `mailto:${email}` },
    verb: { id: COMPLETED, display: { 'en-US': 'completed' } },
    object: { objectType: 'Activity', id: `${baseUrl}/modules/${moduleId}`, definition: { name: { 'en-US': 'Module' } } },
    result: { completion: true, duration: 'PT2H' },
    context: { platform: 'Moodle' },
    ...overrides,
  };
}

const send = (body: unknown, bearer: string | undefined = token) => postJson(app, '/api/v1/xapi/statements', body, bearer);

async function progress(enrolmentId: string) {
  return deps.db.selectFrom('module_progress').selectAll().where('enrolment_id', '=', enrolmentId).orderBy('completed_at').execute();
}

describe('POST /api/v1/xapi/statements', () => {
  it('records a completed statement: the module is completed with its duration, and the approved enrolment becomes active', async () => {
    const { learner, enrolment } = await enrolledLearner();
    const s = statement(learner.email.toUpperCase(), modules[0]!.id);
    const res = await send(s);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-experience-api-version')).toBe('1.0.3');
    expect(await readJson(res)).toEqual([s.id]);
    expect(await progress(enrolment.id)).toMatchObject([{ module_id: modules[0]!.id, seconds_spent: 7_200, source: `lms:${clientId}` }]);
    const events = await deps.db.selectFrom('enrolment_events').select(['from_status', 'to_status', 'actor_kind', 'actor_id']).where('enrolment_id', '=', enrolment.id).execute();
    expect(events).toEqual([{ from_status: 'approved', to_status: 'active', actor_kind: 'client', actor_id: clientId }]);
  });

  it('counts the same statement sent twice once, and never counts a completed module twice', async () => {
    const { learner, enrolment } = await enrolledLearner('active');
    const s = statement(learner.email, modules[1]!.id, { result: { duration: 'PT1H30M' } });
    expect(await readJson(await send(s))).toEqual([s.id]);
    expect(await readJson(await send(s))).toEqual([s.id]);
    const other = statement(learner.email, modules[1]!.id, { result: { duration: 'PT3H' } });
    expect((await send(other)).status).toBe(200);
    expect(await progress(enrolment.id)).toMatchObject([{ seconds_spent: 5_400 }]);
    expect(await deps.db.selectFrom('xapi_statements').select('id').where('enrolment_id', '=', enrolment.id).execute()).toHaveLength(2);
  });

  it('takes a batch whole, and refuses it whole when one statement is not accepted', async () => {
    const { learner, enrolment } = await enrolledLearner();
    const good = [statement(learner.email, modules[0]!.id), statement(learner.email, modules[1]!.id, { result: { duration: 'PT45M10S' } })];
    const bad = statement(learner.email, modules[2]!.id, { verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' } });
    const problem = await expectProblem(await send([...good, bad]), 422, 'xapi.unsupported_verb');
    expect(problem.errors).toEqual([{ path: 'body.2.verb.id', message: expect.stringContaining('experienced') }]);
    expect(await progress(enrolment.id)).toEqual([]);
    expect((await deps.db.selectFrom('enrolments').select('status').where('id', '=', enrolment.id).executeTakeFirstOrThrow()).status).toBe('approved');
    expect(await readJson(await send(good))).toEqual(good.map((s) => s.id));
    expect((await progress(enrolment.id)).map((p) => p.seconds_spent).sort()).toEqual([2_710, 7_200]);
  });

  it('assigns an id to a statement sent without one', async () => {
    const { learner } = await enrolledLearner();
    const { id: _id, ...withoutId } = statement(learner.email, modules[0]!.id);
    const ids = await readJson(await send(withoutId));
    expect(ids).toEqual([expect.stringMatching(/^[0-9a-f-]{36}$/)]);
  });

  it('refuses unknown actors, modules and learners without an active enrolment, with 422 and a clear code', async () => {
    const { learner, enrolment } = await enrolledLearner();
    const waiting = await enrolledLearner('requested');
    const outsider = await buildPerson(deps.db);
    const foreignModule = (await programmesRepository(deps.db).modulesOf([(await buildProgramme(deps.db)).version.id]))[0]!;
    await expectProblem(await send(statement('nobody@example.be', modules[0]!.id)), 422, 'xapi.unknown_actor');
    await expectProblem(await send(statement(learner.email, modules[0]!.id, { actor: { account: { homePage: 'https://lms.example.be', name: '42' } } })), 422, 'xapi.unsupported_actor');
    await expectProblem(await send(statement(learner.email, crypto.randomUUID())), 422, 'xapi.unknown_module');
    await expectProblem(await send(statement(learner.email, modules[0]!.id, { object: { id: `https://elsewhere.example/modules/${modules[0]!.id}` } })), 422, 'xapi.unknown_module');
    await expectProblem(await send(statement(learner.email, foreignModule.id)), 422, 'xapi.no_active_enrolment');
    await expectProblem(await send(statement(waiting.learner.email, modules[0]!.id)), 422, 'xapi.no_active_enrolment');
    await expectProblem(await send(statement(outsider.email, modules[0]!.id)), 422, 'xapi.no_active_enrolment');
    await expectProblem(await send(statement(learner.email, modules[0]!.id, { verb: { id: 'http://adlnet.gov/expapi/verbs/attempted' } })), 422, 'xapi.unsupported_verb');
    expect(await progress(enrolment.id)).toEqual([]);
    expect(await progress(waiting.enrolment.id)).toEqual([]);
  });

  it('answers 409 when a statement id comes back with other content', async () => {
    const { learner, enrolment } = await enrolledLearner();
    const s = statement(learner.email, modules[0]!.id);
    await send(s);
    await expectProblem(await send({ ...s, object: { id: `${baseUrl}/modules/${modules[1]!.id}` } }), 409, 'xapi.statement_conflict');
    expect(await progress(enrolment.id)).toHaveLength(1);
  });

  it('answers 400 for a statement that is not xAPI', async () => {
    const { learner } = await enrolledLearner();
    await expectProblem(await send({ actor: { mbox: `mailto:${learner.email}` } }), 400, 'request.invalid');
    await expectProblem(await send(statement(learner.email, modules[0]!.id, { result: { duration: 'two hours' } })), 400, 'request.invalid');
    await expectProblem(await send(statement(learner.email, modules[0]!.id, { id: 'not-a-uuid' })), 400, 'request.invalid');
    await expectProblem(await send([]), 400, 'request.invalid');
  });

  it('needs an API client with the learning:report scope: 401 anonymous, 403 without the scope or for a person', async () => {
    const { learner, enrolment } = await enrolledLearner();
    const s = statement(learner.email, modules[0]!.id);
    await expectProblem(await send(s, ''), 401, 'auth.unauthenticated');
    await expectProblem(await send(s, await clientToken(app, deps, ['credentials:issue'])), 403, 'auth.forbidden');
    const admin = (await sessionHeaders(['admin'])).authorization!.slice('Bearer '.length);
    await expectProblem(await send(s, admin), 403, 'auth.forbidden');
    expect(await progress(enrolment.id)).toEqual([]);
  });
});
