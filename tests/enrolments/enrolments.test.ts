import { describe, expect, it } from 'vitest';
import { createApp } from '../../services/app.ts';
import { lapseEndedCohorts } from '../../services/enrolments/enrolments.usecases.ts';
import { createTestDeps } from '../helpers/deps.ts';
import { buildCohort, buildOrganisation, buildPerson, buildProgramme, sessionHeaders } from '../helpers/factories.ts';
import { readJson } from '../helpers/http.ts';

const deps = createTestDeps();
const app = createApp(deps);

async function call(method: string, path: string, headers: Record<string, string>, body?: unknown, type = 'application/json') {
  const res = await app.request(path, { method, headers: { ...headers, ...(body === undefined ? {} : { 'content-type': type }) }, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, body: await readJson(res) };
}

async function team() {
  const organisation = await buildOrganisation(deps.db);
  const manager = await buildPerson(deps.db, { roles: ['manager'], organisationId: organisation.id });
  const learner = await buildPerson(deps.db, { roles: ['learner'], organisationId: organisation.id, managerId: manager.id });
  return { organisation, manager, learner };
}

describe('enrolment requests and decisions', () => {
  it('takes a request, lets the learner\'s manager approve it, and takes a seat', async () => {
    const { manager, learner } = await team();
    const cohort = await buildCohort(deps.db, { capacity: 5 });
    const requested = await call('POST', `/api/v1/cohorts/${cohort.id}/enrolments`, await sessionHeaders(learner), {});
    expect(requested.status).toBe(201);
    expect(requested.body.status).toBe('requested');
    expect(requested.body.learner).toEqual({ id: learner.id, displayName: learner.display_name });

    const decided = await call('POST', `/api/v1/enrolments/${requested.body.id}/decision`, await sessionHeaders(manager), { decision: 'approve' });
    expect(decided.status).toBe(200);
    expect(decided.body.status).toBe('approved');
    const seats = await deps.db.selectFrom('cohorts').select('seats_taken').where('id', '=', cohort.id).executeTakeFirstOrThrow();
    expect(seats.seats_taken).toBe(1);
    const email = await deps.db.selectFrom('emails').select(['template', 'to_address', 'locale']).where('person_id', '=', learner.id).executeTakeFirstOrThrow();
    expect(email).toMatchObject({ template: 'enrolment-decision', to_address: learner.email });

    const history = await call('GET', `/api/v1/enrolments/${requested.body.id}`, await sessionHeaders(learner));
    expect(history.body.history.map((h: { to: string }) => h.to)).toEqual(['requested', 'approved']);
  });

  it('refuses a second live enrolment in the same cohort and an illegal move with 409', async () => {
    const { manager, learner } = await team();
    const cohort = await buildCohort(deps.db);
    const first = await call('POST', `/api/v1/cohorts/${cohort.id}/enrolments`, await sessionHeaders(learner), {});
    const again = await call('POST', `/api/v1/cohorts/${cohort.id}/enrolments`, await sessionHeaders(learner), {});
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('enrolments.already_enrolled');
    await call('POST', `/api/v1/enrolments/${first.body.id}/decision`, await sessionHeaders(manager), { decision: 'reject', reason: 'not this term' });
    const twice = await call('POST', `/api/v1/enrolments/${first.body.id}/decision`, await sessionHeaders(manager), { decision: 'approve' });
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ code: 'enrolments.illegal_transition', from: 'rejected', to: 'approved' });
    // after a rejection, a new request is possible
    expect((await call('POST', `/api/v1/cohorts/${cohort.id}/enrolments`, await sessionHeaders(learner), {})).status).toBe(201);
  });

  it('lets only the learner\'s own manager or an admin decide', async () => {
    const { learner } = await team();
    const otherManager = await buildPerson(deps.db, { roles: ['manager'] });
    const cohort = await buildCohort(deps.db);
    const requested = await call('POST', `/api/v1/cohorts/${cohort.id}/enrolments`, await sessionHeaders(learner), {});
    const path = `/api/v1/enrolments/${requested.body.id}/decision`;
    expect((await call('POST', path, {}, { decision: 'approve' })).status).toBe(401);
    expect((await call('POST', path, await sessionHeaders(learner), { decision: 'approve' })).status).toBe(403);
    expect((await call('POST', path, await sessionHeaders(otherManager), { decision: 'approve' })).body.code).toBe('enrolments.not_your_learner');
    expect((await call('POST', path, await sessionHeaders(['admin']), { decision: 'approve' })).status).toBe(200);
  });

  it('never exceeds capacity when approvals race for the last seat', async () => {
    const cohort = await buildCohort(deps.db, { capacity: 3 });
    const admin = await sessionHeaders(['admin']);
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const { learner } = await team();
      ids.push((await call('POST', `/api/v1/cohorts/${cohort.id}/enrolments`, await sessionHeaders(learner), {})).body.id);
    }
    const results = await Promise.all(ids.map((id) => call('POST', `/api/v1/enrolments/${id}/decision`, admin, { decision: 'approve' })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(3);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'cohorts.full')).toBe(true);
    const row = await deps.db.selectFrom('cohorts').select('seats_taken').where('id', '=', cohort.id).executeTakeFirstOrThrow();
    expect(row.seats_taken).toBe(3);
    const approved = await deps.db.selectFrom('enrolments').select('id').where('cohort_id', '=', cohort.id).where('status', '=', 'approved').execute();
    expect(approved).toHaveLength(3);
  });

  it('keeps organisation-scoped cohorts for their own agents', async () => {
    const { learner } = await team();
    const elsewhere = await buildOrganisation(deps.db);
    const cohort = await buildCohort(deps.db, { organisationId: elsewhere.id });
    const res = await call('POST', `/api/v1/cohorts/${cohort.id}/enrolments`, await sessionHeaders(learner), {});
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('enrolments.out_of_scope');
  });

  it('gives the seat back on withdrawal and lapses open enrolments of ended cohorts', async () => {
    const { learner } = await team();
    const cohort = await buildCohort(deps.db, { capacity: 2 });
    const admin = await sessionHeaders(['admin']);
    const requested = await call('POST', `/api/v1/cohorts/${cohort.id}/enrolments`, await sessionHeaders(learner), {});
    await call('POST', `/api/v1/enrolments/${requested.body.id}/decision`, admin, { decision: 'approve' });
    const withdrawn = await call('POST', `/api/v1/enrolments/${requested.body.id}/withdrawal`, await sessionHeaders(learner), { reason: 'moved to another service' });
    expect(withdrawn.body.status).toBe('withdrawn');
    expect((await deps.db.selectFrom('cohorts').select('seats_taken').where('id', '=', cohort.id).executeTakeFirstOrThrow()).seats_taken).toBe(0);

    const ended = await buildCohort(deps.db, { startsOn: '2026-01-01', endsOn: '2026-03-01', capacity: 2 });
    const other = (await team()).learner;
    const enrolment = await deps.db.insertInto('enrolments').values({ cohort_id: ended.id, person_id: other.id, status: 'active' }).returning('id').executeTakeFirstOrThrow();
    expect(await lapseEndedCohorts(deps)).toBeGreaterThanOrEqual(1);
    const lapsed = await deps.db.selectFrom('enrolments').select('status').where('id', '=', enrolment.id).executeTakeFirstOrThrow();
    expect(lapsed.status).toBe('lapsed');
  });
});

describe('expert prerequisite', () => {
  it('refuses expert enrolment without a valid basic credential, naming the failing check', async () => {
    const basic = await buildProgramme(deps.db);
    const expert = await buildProgramme(deps.db, { version: { level: 'expert', prerequisiteProgrammeCode: basic.programme.code, fixedDurationWeeks: 11, requiredWebinars: 3 } });
    const cohort = await buildCohort(deps.db, { programmeVersionId: expert.version.id });
    const { learner } = await team();
    const none = await call('POST', `/api/v1/cohorts/${cohort.id}/enrolments`, await sessionHeaders(learner), {});
    expect(none.status).toBe(422);
    expect(none.body.code).toBe('enrolments.prerequisite_not_met');
    expect(none.body.errors[0].path).toBe('credential');
    const forged = await call('POST', `/api/v1/cohorts/${cohort.id}/enrolments`, await sessionHeaders(learner), {
      prerequisiteCredential: { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'], issuer: 'did:example:x', credentialSubject: {} },
    });
    expect(forged.status).toBe(422);
    expect(forged.body.errors.map((e: { path: string }) => e.path)).toContain('signature');
    const count = await deps.db.selectFrom('enrolments').select('id').where('cohort_id', '=', cohort.id).execute();
    expect(count).toHaveLength(0);
  });
});

describe('CSV import', () => {
  it('enrols the good rows and reports every row, a bad row blocking nothing', async () => {
    const organisation = await buildOrganisation(deps.db);
    const cohort = await buildCohort(deps.db, { capacity: 3, organisationId: organisation.id });
    const existing = await buildPerson(deps.db, { organisationId: organisation.id });
    const csv = [
      'email;displayName;locale',
      `${existing.email};;`,
      'new.agent@commune.be;Nouvel Agent;fr',
      'not-an-email;X;fr',
      'unknown@commune.be;;nl',
      `${existing.email};;`,
      'third@commune.be;"Agent, Third";xx',
    ].join('\r\n');
    const res = await call('POST', `/api/v1/cohorts/${cohort.id}/enrolments/csv`, await sessionHeaders(['admin']), csv, 'text/csv');
    expect(res.status).toBe(200);
    expect(res.body.summary).toEqual({ enrolled: 2, alreadyEnrolled: 1, invalid: 3 });
    expect(res.body.rows.map((r: { line: number; result: string }) => [r.line, r.result])).toEqual([
      [2, 'enrolled'], [3, 'enrolled'], [4, 'invalid'], [5, 'invalid'], [6, 'already_enrolled'], [7, 'invalid'],
    ]);
    expect(res.body.rows[3].reason).toMatch(/unknown person/);
    expect((await deps.db.selectFrom('cohorts').select('seats_taken').where('id', '=', cohort.id).executeTakeFirstOrThrow()).seats_taken).toBe(2);
  });

  it('is for admins only and refuses an unreadable file', async () => {
    const cohort = await buildCohort(deps.db);
    const path = `/api/v1/cohorts/${cohort.id}/enrolments/csv`;
    expect((await call('POST', path, await sessionHeaders(['manager']), 'email\na@b.be', 'text/csv')).status).toBe(403);
    const bad = await call('POST', path, await sessionHeaders(['admin']), 'name\nX', 'text/csv');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('enrolments.csv_invalid');
  });
});
