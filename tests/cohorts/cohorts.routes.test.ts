import { describe, expect, it } from 'vitest';
import { createApp } from '../../services/app.ts';
import { seedProgrammes } from '../../services/programmes/programmes.seed.ts';
import { createTestDeps } from '../helpers/deps.ts';
import { buildCohort, buildOrganisation, buildPerson, buildProgramme, sessionHeaders } from '../helpers/factories.ts';
import { expectProblem, readJson } from '../helpers/http.ts';

const deps = createTestDeps();
const app = createApp(deps);
await seedProgrammes(deps);
const adminHeaders = await sessionHeaders(['admin']);
const facilitator = await buildPerson(deps.db, { roles: ['facilitator'], displayName: 'Fatima Facilitatrice' });
const learner = await buildPerson(deps.db, { roles: ['learner'] });

function send(method: string, path: string, body?: unknown, headers: Record<string, string> = adminHeaders) {
  return app.request(path, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function cohortCount() {
  const row = await deps.db.selectFrom('cohorts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return row.n;
}

describe('POST /api/v1/cohorts', () => {
  it('answers anonymous 401 and non-admins 403, creating nothing', async () => {
    const body = { programmeCode: 'connectoo-expert', startsOn: '2027-01-04', capacity: 12 };
    const before = await cohortCount();
    expect((await send('POST', '/api/v1/cohorts', body, {})).status).toBe(401);
    expect((await send('POST', '/api/v1/cohorts', body, await sessionHeaders(learner))).status).toBe(403);
    expect((await send('POST', '/api/v1/cohorts', body, await sessionHeaders(facilitator))).status).toBe(403);
    expect(await cohortCount()).toBe(before);
  });

  it('ends an expert cohort 11 weeks (77 days) after its start, with its facilitators, audited', async () => {
    const res = await send('POST', '/api/v1/cohorts', { programmeCode: 'connectoo-expert', startsOn: '2027-03-15', capacity: 12, facilitatorIds: [facilitator.id] });
    expect(res.status).toBe(201);
    const cohort = await readJson(res);
    expect(res.headers.get('location')).toBe(`/api/v1/cohorts/${cohort.id}`);
    expect(cohort).toMatchObject({
      programme: { code: 'connectoo-expert', version: 1, level: 'expert' },
      startsOn: '2027-03-15',
      endsOn: '2027-05-31',
      capacity: 12,
      seatsTaken: 0,
      seatsLeft: 12,
      organisationId: null,
      facilitators: [{ id: facilitator.id, displayName: 'Fatima Facilitatrice' }],
      requirements: { requiredWebinars: 3, fixedDurationWeeks: 11, prerequisiteProgrammeCode: 'connectoo-basic' },
    });
    expect((Date.parse(cohort.endsOn) - Date.parse(cohort.startsOn)) / 86_400_000).toBe(77);
    const audit = await deps.db.selectFrom('audit_events').select(['action', 'actor_kind']).where('subject_id', '=', cohort.id).execute();
    expect(audit).toEqual([{ action: 'cohort.created', actor_kind: 'person' }]);
  });

  it('accepts a given endsOn that matches the fixed duration and refuses one that does not', async () => {
    expect((await send('POST', '/api/v1/cohorts', { programmeCode: 'connectoo-expert', startsOn: '2027-01-04', endsOn: '2027-03-22', capacity: 5 })).status).toBe(201);
    const before = await cohortCount();
    const problem = await expectProblem(
      await send('POST', '/api/v1/cohorts', { programmeCode: 'connectoo-expert', startsOn: '2027-01-04', endsOn: '2027-03-01', capacity: 5 }),
      422,
      'cohorts.ends_on_mismatch',
    );
    expect(problem.expectedEndsOn).toBe('2027-03-22');
    expect(await cohortCount()).toBe(before);
  });

  it('needs an endsOn after startsOn for a programme without a fixed duration', async () => {
    await expectProblem(await send('POST', '/api/v1/cohorts', { programmeCode: 'connectoo-basic', startsOn: '2027-01-04', capacity: 50 }), 422, 'cohorts.ends_on_required');
    await expectProblem(
      await send('POST', '/api/v1/cohorts', { programmeCode: 'connectoo-basic', startsOn: '2027-01-04', endsOn: '2027-01-04', capacity: 50 }),
      422,
      'cohorts.ends_on_not_after_start',
    );
    const ok = await send('POST', '/api/v1/cohorts', { programmeCode: 'connectoo-basic', startsOn: '2027-01-04', endsOn: '2027-06-30', capacity: 50 });
    expect(ok.status).toBe(201);
    expect((await readJson(ok)).endsOn).toBe('2027-06-30');
  });

  it('lists invalid fields with their paths', async () => {
    const res = await send('POST', '/api/v1/cohorts', { programmeCode: 'connectoo-basic', programmeVersionId: crypto.randomUUID(), startsOn: '2027-02-30', capacity: 0, facilitatorIds: ['x'] });
    const problem = await expectProblem(res, 400, 'request.invalid');
    expect(problem.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['body.startsOn', 'body.capacity', 'body.facilitatorIds.0']),
    );
    const neither = await expectProblem(await send('POST', '/api/v1/cohorts', { startsOn: '2027-02-01', capacity: 3 }), 400, 'request.invalid');
    expect(neither.errors.map((e: { path: string }) => e.path)).toEqual(['body.programmeCode']);
  });

  it('refuses facilitators without the facilitator role, unknown organisations and unpublished programmes', async () => {
    const before = await cohortCount();
    const base = { programmeCode: 'connectoo-expert', startsOn: '2027-09-06', capacity: 10 };
    const bad = await expectProblem(await send('POST', '/api/v1/cohorts', { ...base, facilitatorIds: [facilitator.id, learner.id] }), 422, 'cohorts.invalid_facilitators');
    expect(bad.invalidIds).toEqual([learner.id]);
    await expectProblem(await send('POST', '/api/v1/cohorts', { ...base, organisationId: crypto.randomUUID() }), 422, 'cohorts.organisation_not_found');
    await expectProblem(await send('POST', '/api/v1/cohorts', { ...base, programmeCode: 'no-such-programme' }), 422, 'cohorts.programme_not_found');
    const draft = await buildProgramme(deps.db, { status: 'draft' });
    await expectProblem(await send('POST', '/api/v1/cohorts', { ...base, programmeCode: draft.programme.code }), 422, 'cohorts.programme_version_not_published');
    await expectProblem(
      await send('POST', '/api/v1/cohorts', { programmeVersionId: draft.version.id, startsOn: '2027-09-06', endsOn: '2027-10-06', capacity: 10 }),
      422,
      'cohorts.programme_version_not_published',
    );
    expect(await cohortCount()).toBe(before);
  });
});

// Cohorts of one programme: past, upcoming for Namur, upcoming for another organisation.
const org = await buildOrganisation(deps.db, { name: 'Commune de Namur' });
const otherOrg = await buildOrganisation(deps.db);
const { version } = await buildProgramme(deps.db, { code: 'listing-programme' });
const past = await buildCohort(deps.db, { programmeVersionId: version.id, startsOn: '2020-01-06', endsOn: '2020-03-01' });
const scoped = await buildCohort(deps.db, { programmeVersionId: version.id, startsOn: '2099-01-05', endsOn: '2099-03-01', organisationId: org.id, capacity: 8, seatsTaken: 3 });
const foreign = await buildCohort(deps.db, { programmeVersionId: version.id, startsOn: '2099-02-02', endsOn: '2099-03-01', organisationId: otherOrg.id });
const agent = await buildPerson(deps.db, { roles: ['learner'], organisationId: org.id });

describe('GET /api/v1/cohorts', () => {
  it('shows seats taken and left', async () => {
    const res = await send('GET', `/api/v1/cohorts/${scoped.id}`);
    expect(res.status).toBe(200);
    expect(await readJson(res)).toMatchObject({ capacity: 8, seatsTaken: 3, seatsLeft: 5, organisationId: org.id });
  });

  it('filters by programme, organisation and upcoming', async () => {
    const ids = async (query: string) => (await readJson(await send('GET', `/api/v1/cohorts?${query}`))).cohorts.map((c: { id: string }) => c.id);
    expect(await ids('programme=listing-programme')).toEqual([past.id, scoped.id, foreign.id]);
    expect(await ids('programme=listing-programme&upcoming=true')).toEqual([scoped.id, foreign.id]);
    expect(await ids(`organisation=${org.id}`)).toEqual([scoped.id]);
    const bad = await expectProblem(await send('GET', '/api/v1/cohorts?upcoming=maybe'), 400, 'request.invalid');
    expect(bad.errors[0].path).toBe('query.upcoming');
  });

  it('shows a learner the cohorts open to all and those of their organisation only', async () => {
    const headers = await sessionHeaders(agent);
    const listed = await readJson(await send('GET', '/api/v1/cohorts?programme=listing-programme', undefined, headers));
    expect(listed.cohorts.map((c: { id: string }) => c.id)).toEqual([past.id, scoped.id]);
    expect((await send('GET', `/api/v1/cohorts/${foreign.id}`, undefined, headers)).status).toBe(404);
    expect((await send('GET', '/api/v1/cohorts', undefined, {})).status).toBe(401);
  });
});

describe('PATCH /api/v1/cohorts/{cohortId}', () => {
  it('never lowers the capacity below the seats taken, and changes nothing when refused', async () => {
    const cohort = await buildCohort(deps.db, { capacity: 10, seatsTaken: 6 });
    const problem = await expectProblem(await send('PATCH', `/api/v1/cohorts/${cohort.id}`, { capacity: 5 }), 409, 'cohorts.capacity_below_seats_taken');
    expect(problem.seatsTaken).toBe(6);
    const ok = await send('PATCH', `/api/v1/cohorts/${cohort.id}`, { capacity: 6, facilitatorIds: [facilitator.id] });
    expect(ok.status).toBe(200);
    expect(await readJson(ok)).toMatchObject({ capacity: 6, seatsTaken: 6, seatsLeft: 0, facilitators: [{ id: facilitator.id }] });
    const audit = await deps.db.selectFrom('audit_events').select(['action', 'details']).where('subject_id', '=', cohort.id).execute();
    expect(audit).toEqual([{ action: 'cohort.updated', details: { capacity: { from: 10, to: 6 }, facilitatorIds: [facilitator.id] } }]);
  });

  it('is for admins only, and answers 404 for an unknown cohort and 400 for an empty change', async () => {
    const cohort = await buildCohort(deps.db);
    expect((await send('PATCH', `/api/v1/cohorts/${cohort.id}`, { capacity: 3 }, await sessionHeaders(facilitator))).status).toBe(403);
    await expectProblem(await send('PATCH', `/api/v1/cohorts/${crypto.randomUUID()}`, { capacity: 3 }), 404, 'cohorts.not_found');
    await expectProblem(await send('PATCH', `/api/v1/cohorts/${cohort.id}`, {}), 400, 'request.invalid');
  });
});

describe('programme versions and running cohorts', () => {
  it('a new published version does not change a running cohort\'s requirements; new cohorts get the new ones', async () => {
    const created = await readJson(await send('POST', '/api/v1/cohorts', { programmeCode: 'connectoo-expert', startsOn: '2026-11-02', capacity: 15 }));
    const before = (await readJson(await send('GET', `/api/v1/cohorts/${created.id}`))).requirements;

    const current = (await readJson(await send('GET', '/api/v1/programmes/connectoo-expert'))).published;
    const next = {
      level: current.level,
      title: current.title,
      description: current.description,
      modules: [...current.modules, { ...current.modules[0], code: 'E7' }].map((m: any) => ({ code: m.code, title: m.title, durationMinutes: m.durationMinutes })),
      requiredWebinars: 4,
      fixedDurationWeeks: 12,
      prerequisiteProgrammeCode: 'connectoo-basic',
      validityMonths: 24,
      learningOutcomes: current.learningOutcomes,
      digcompAlignment: current.digcompAlignment.map((a: any) => ({ competence: a.competence, proficiencyLevel: a.proficiencyLevel })),
      assessment: { passMarkPercent: 80, maxAttempts: 2 },
    };
    expect((await send('POST', '/api/v1/programmes/connectoo-expert/versions', next)).status).toBe(201);
    expect((await send('POST', '/api/v1/programmes/connectoo-expert/versions/2/publish')).status).toBe(200);

    const after = await readJson(await send('GET', `/api/v1/cohorts/${created.id}`));
    expect(after.requirements).toEqual(before);
    expect(after).toMatchObject({ programme: { version: 1 }, endsOn: created.endsOn });
    expect(after.requirements.modules).toHaveLength(6);

    const newer = await readJson(await send('POST', '/api/v1/cohorts', { programmeCode: 'connectoo-expert', startsOn: '2026-11-02', capacity: 15 }));
    expect(newer).toMatchObject({ programme: { version: 2 }, endsOn: '2027-01-25', requirements: { requiredWebinars: 4, fixedDurationWeeks: 12 } });
    expect(newer.requirements.modules).toHaveLength(7);
    // The retired version takes no new cohorts.
    await expectProblem(
      await send('POST', '/api/v1/cohorts', { programmeVersionId: created.programme.versionId, startsOn: '2026-11-02', capacity: 15 }),
      422,
      'cohorts.programme_version_not_published',
    );
  });
});
