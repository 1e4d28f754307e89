import { describe, expect, it } from 'vitest';
import { createApp } from '../../services/app.ts';
import { createTestDeps } from '../helpers/deps.ts';
import { buildCohort, buildEnrolment, buildPerson, buildProgramme, sessionHeaders } from '../helpers/factories.ts';
import { expectProblem, readJson } from '../helpers/http.ts';

const deps = createTestDeps();
const app = createApp(deps);
const { version } = await buildProgramme(deps.db, { version: { requiredWebinars: 3, level: 'expert', fixedDurationWeeks: 11 } });
const facilitator = await buildPerson(deps.db, { roles: ['facilitator'], displayName: 'Fatima Facilitatrice' });
const otherFacilitator = await buildPerson(deps.db, { roles: ['facilitator'] });
const today = new Date().toISOString().slice(0, 10);
const cohort = await buildCohort(deps.db, { programmeVersionId: version.id, startsOn: today, facilitatorIds: [facilitator.id] });
const inTwoDays = () => new Date(Date.now() + 2 * 86_400_000).toISOString();

function send(method: string, path: string, body: unknown, headers: Record<string, string>) {
  return app.request(path, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const sessionsPath = (cohortId = cohort.id) => `/api/v1/cohorts/${cohortId}/webinar-sessions`;
const body = (overrides: Record<string, unknown> = {}) => ({ topic: 1, title: 'CSAM et itsme', language: 'fr', startsAt: inTwoDays(), capacity: 8, ...overrides });

async function sessionCount() {
  return (await deps.db.selectFrom('webinar_sessions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
}

describe('POST /api/v1/cohorts/{cohortId}/webinar-sessions', () => {
  it('answers anonymous 401, learners 403 and a facilitator of another cohort 403, creating nothing', async () => {
    const before = await sessionCount();
    await expectProblem(await send('POST', sessionsPath(), body(), {}), 401, 'auth.unauthenticated');
    await expectProblem(await send('POST', sessionsPath(), body(), await sessionHeaders(['learner'])), 403, 'auth.forbidden');
    await expectProblem(await send('POST', sessionsPath(), body(), await sessionHeaders(['manager'])), 403, 'auth.forbidden');
    await expectProblem(await send('POST', sessionsPath(), body(), await sessionHeaders(otherFacilitator)), 403, 'webinars.not_cohort_facilitator');
    expect(await sessionCount()).toBe(before);
  });

  it('lets a facilitator of the cohort schedule a session they lead, audited', async () => {
    const res = await send('POST', sessionsPath(), body({ joinUrl: 'https://meet.example.be/csam' }), await sessionHeaders(facilitator));
    expect(res.status).toBe(201);
    const session = await readJson(res);
    expect(session).toMatchObject({
      cohortId: cohort.id,
      topic: 1,
      title: 'CSAM et itsme',
      language: 'fr',
      durationMinutes: 90,
      capacity: 8,
      seatsTaken: 0,
      seatsLeft: 8,
      facilitator: { id: facilitator.id, displayName: 'Fatima Facilitatrice' },
      joinUrl: 'https://meet.example.be/csam',
    });
    const audit = await deps.db.selectFrom('audit_events').select(['action', 'actor_id']).where('subject_id', '=', session.id).execute();
    expect(audit).toEqual([{ action: 'webinar_session.created', actor_id: facilitator.id }]);
  });

  it('lets an admin schedule a session for a named facilitator', async () => {
    const res = await send('POST', sessionsPath(), body({ topic: 3, facilitatorId: otherFacilitator.id, capacity: 12 }), await sessionHeaders(['admin']));
    expect(res.status).toBe(201);
    expect(await readJson(res)).toMatchObject({ topic: 3, capacity: 12, facilitator: { id: otherFacilitator.id } });
  });

  it('refuses a topic beyond the programme webinars, a past start, a day outside the cohort and a non-facilitator, with 422', async () => {
    const admin = await sessionHeaders(['admin']);
    const before = await sessionCount();
    await expectProblem(await send('POST', sessionsPath(), body({ topic: 4 }), admin), 422, 'webinars.invalid_topic');
    await expectProblem(await send('POST', sessionsPath(), body({ startsAt: new Date(Date.now() - 60_000).toISOString() }), admin), 422, 'webinars.starts_in_past');
    await expectProblem(await send('POST', sessionsPath(), body({ startsAt: new Date(Date.now() + 60 * 86_400_000).toISOString() }), admin), 422, 'webinars.outside_cohort_dates');
    await expectProblem(await send('POST', sessionsPath(), body({ facilitatorId: (await buildPerson(deps.db)).id }), admin), 422, 'webinars.invalid_facilitator');
    await expectProblem(await send('POST', sessionsPath(), body(), await sessionHeaders(['admin'])), 422, 'webinars.invalid_facilitator');
    const basic = await buildCohort(deps.db);
    await expectProblem(await send('POST', sessionsPath(basic.id), body(), admin), 422, 'webinars.invalid_topic');
    expect(await sessionCount()).toBe(before);
  });

  it('answers 400 for a group larger than 12, an http join link or unknown fields, and 404 for an unknown cohort', async () => {
    const admin = await sessionHeaders(['admin']);
    const before = await sessionCount();
    for (const bad of [body({ capacity: 13 }), body({ capacity: 0 }), body({ joinUrl: 'http://meet.example.be/x' }), body({ seats: 3 }), body({ startsAt: 'tomorrow' }), body({ language: 'es' })]) {
      await expectProblem(await send('POST', sessionsPath(), bad, admin), 400, 'request.invalid');
    }
    await expectProblem(await send('POST', sessionsPath(crypto.randomUUID()), body({ facilitatorId: facilitator.id }), admin), 404, 'webinars.cohort_not_found');
    expect(await sessionCount()).toBe(before);
  });
});

describe('GET /api/v1/cohorts/{cohortId}/webinar-sessions', () => {
  it('lists the sessions to a learner of the cohort with their booking, and to staff; others get 403, anonymous 401', async () => {
    const learner = await buildPerson(deps.db);
    await buildEnrolment(deps.db, { cohortId: cohort.id, personId: learner.id, status: 'active' });
    const res = await app.request(sessionsPath(), { headers: await sessionHeaders(learner) });
    expect(res.status).toBe(200);
    const { sessions } = await readJson(res);
    expect(sessions.length).toBeGreaterThanOrEqual(2);
    expect(sessions.every((s: { myBooking: unknown }) => s.myBooking === null)).toBe(true);
    const staff = await readJson(await app.request(sessionsPath(), { headers: await sessionHeaders(otherFacilitator) }));
    expect(staff.sessions.map((s: { id: string }) => s.id)).toEqual(sessions.map((s: { id: string }) => s.id));
    expect(staff.sessions[0]).not.toHaveProperty('myBooking');
    await expectProblem(await app.request(sessionsPath(), { headers: await sessionHeaders(await buildPerson(deps.db)) }), 403, 'webinars.not_in_cohort');
    const withdrawn = await buildPerson(deps.db);
    await buildEnrolment(deps.db, { cohortId: cohort.id, personId: withdrawn.id, status: 'withdrawn' });
    await expectProblem(await app.request(sessionsPath(), { headers: await sessionHeaders(withdrawn) }), 403, 'webinars.not_in_cohort');
    await expectProblem(await app.request(sessionsPath(), { headers: await sessionHeaders(['manager']) }), 403, 'auth.forbidden');
    await expectProblem(await app.request(sessionsPath()), 401, 'auth.unauthenticated');
  });
});
