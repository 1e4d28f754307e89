import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../services/app.ts';
import type { Role } from '../../services/db/schema/foundation.ts';
import { createTestDeps } from '../helpers/deps.ts';
import { readJson } from '../helpers/http.ts';
import { bearerFor, buildOrganisation, buildPerson, jsonRequest } from './factories.ts';

const deps = createTestDeps();
const app = createApp(deps);
const admin = await buildPerson(deps, { roles: ['admin'] });
const learner = await buildPerson(deps, { roles: ['learner'] });
const asAdmin = await bearerFor(admin);
const asLearner = await bearerFor(learner);

async function countPeople() {
  return (await deps.db.selectFrom('people').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
}

/** Every admin-only route with a valid request, so the only variable is who calls. */
const adminRoutes: Array<{ name: string; request: () => Promise<[string, RequestInit]>; status: number }> = [
  { name: 'POST /api/v1/organisations', status: 201, request: async () => ['/api/v1/organisations', jsonRequest('POST', { name: `Ville ${randomUUID()}`, kind: 'municipality' })] },
  { name: 'GET /api/v1/organisations', status: 200, request: async () => ['/api/v1/organisations', { method: 'GET' }] },
  {
    name: 'POST /api/v1/people',
    status: 201,
    request: async () => ['/api/v1/people', jsonRequest('POST', { email: `new-${randomUUID()}@example.be`, displayName: 'Nouvel Agent', locale: 'fr', roles: ['learner'] })],
  },
  {
    name: 'PATCH /api/v1/people/{id}',
    status: 200,
    request: async () => [`/api/v1/people/${(await buildPerson(deps)).id}`, jsonRequest('PATCH', { roles: ['learner', 'assessor'] })],
  },
];

describe('who may call the admin routes', () => {
  for (const route of adminRoutes) {
    it(`${route.name}: anonymous 401, learner 403, admin ${route.status}`, async () => {
      const [path, init] = await route.request();
      const anonymous = await app.request(path, init);
      expect(anonymous.status).toBe(401);
      expect((await readJson(anonymous)).code).toBe('auth.unauthenticated');
      for (const role of ['learner', 'manager', 'facilitator', 'assessor'] as Role[]) {
        const other = await buildPerson(deps, { roles: [role] });
        const [p, i] = await route.request();
        const res = await app.request(p, { ...i, headers: { ...(i.headers as Record<string, string>), ...(await bearerFor(other)) } });
        // GET /people lets managers in, scoped; every other admin route refuses every other role.
        expect(res.status, `${role} on ${route.name}`).toBe(403);
        expect((await readJson(res)).code).toBe('auth.forbidden');
      }
      const [p, i] = await route.request();
      const res = await app.request(p, { ...i, headers: { ...(i.headers as Record<string, string>), ...asAdmin } });
      expect(res.status).toBe(route.status);
    });
  }

  it('GET /api/v1/people: anonymous 401, learner 403, admin 200', async () => {
    expect((await app.request('/api/v1/people')).status).toBe(401);
    expect((await app.request('/api/v1/people', { headers: asLearner })).status).toBe(403);
    const res = await app.request('/api/v1/people', { headers: asAdmin });
    expect(res.status).toBe(200);
    expect((await readJson(res)).people.map((p: { id: string }) => p.id)).toContain(learner.id);
  });

  it('GET /api/v1/me: anonymous 401, every role 200', async () => {
    expect((await app.request('/api/v1/me')).status).toBe(401);
    for (const role of ['learner', 'manager', 'facilitator', 'assessor', 'admin'] as Role[]) {
      const person = await buildPerson(deps, { roles: [role] });
      const res = await app.request('/api/v1/me', { headers: await bearerFor(person) });
      expect(res.status).toBe(200);
      expect((await readJson(res)).roles).toEqual([role]);
    }
  });
});

describe('managers', () => {
  it('see the people of their own organisation only', async () => {
    const own = await buildOrganisation(deps);
    const other = await buildOrganisation(deps);
    const manager = await buildPerson(deps, { roles: ['manager'], organisationId: own.id });
    const colleague = await buildPerson(deps, { organisationId: own.id });
    const stranger = await buildPerson(deps, { organisationId: other.id });
    const asManager = await bearerFor(manager);

    const mine = await app.request(`/api/v1/people?organisation=${own.id}`, { headers: asManager });
    expect(mine.status).toBe(200);
    expect((await readJson(mine)).people.map((p: { id: string }) => p.id).sort()).toEqual([manager.id, colleague.id].sort());
    const implicit = await readJson(await app.request('/api/v1/people', { headers: asManager }));
    expect(implicit.people.map((p: { id: string }) => p.id)).not.toContain(stranger.id);

    const theirs = await app.request(`/api/v1/people?organisation=${other.id}`, { headers: asManager });
    expect(theirs.status).toBe(403);
    expect((await readJson(theirs)).code).toBe('identity.outside_organisation');
    const byAdmin = await readJson(await app.request(`/api/v1/people?organisation=${other.id}`, { headers: asAdmin }));
    expect(byAdmin.people.map((p: { id: string }) => p.id)).toEqual([stranger.id]);
  });

  it('without an organisation see no one', async () => {
    const loose = await buildPerson(deps, { roles: ['manager'], organisationId: null });
    expect((await app.request('/api/v1/people', { headers: await bearerFor(loose) })).status).toBe(403);
  });
});

describe('administering people and organisations', () => {
  it('creates a person in an organisation under a manager, and audits it', async () => {
    const organisation = await buildOrganisation(deps);
    const manager = await buildPerson(deps, { roles: ['manager'], organisationId: organisation.id });
    const res = await app.request(
      '/api/v1/people',
      jsonRequest('POST', { email: 'Els.Maes@Gemeente.example.be', displayName: 'Els Maes', locale: 'nl', organisationId: organisation.id, managerId: manager.id, roles: ['learner'] }, asAdmin),
    );
    expect(res.status).toBe(201);
    const created = await readJson(res);
    expect(created).toMatchObject({ displayName: 'Els Maes', locale: 'nl', organisationId: organisation.id, managerId: manager.id, roles: ['learner'] });
    const audit = await deps.db.selectFrom('audit_events').selectAll().where('subject_id', '=', created.id).execute();
    expect(audit).toMatchObject([{ action: 'person.created', actor_kind: 'person', actor_id: admin.id }]);

    const duplicate = await app.request('/api/v1/people', jsonRequest('POST', { email: 'els.maes@gemeente.example.be', displayName: 'Els Maes' }, asAdmin));
    expect(duplicate.status).toBe(409);
    expect((await readJson(duplicate)).code).toBe('identity.email_taken');
  });

  it('refuses bad input, unknown organisations and managers who are not managers, changing nothing', async () => {
    const before = await countPeople();
    const notManager = await buildPerson(deps, { roles: ['learner'] });
    const cases: Array<[unknown, number, string]> = [
      [{ email: 'x@example.be', displayName: 'X', roles: ['king'] }, 400, 'request.invalid'],
      [{ email: 'x@example.be', displayName: '' }, 400, 'request.invalid'],
      [{ email: 'x@example.be', displayName: 'X', organisationId: 'nope' }, 400, 'request.invalid'],
      [{ email: 'x@example.be', displayName: 'X', organisationId: randomUUID() }, 422, 'identity.unknown_organisation'],
      [{ email: 'x@example.be', displayName: 'X', managerId: notManager.id }, 422, 'identity.unknown_manager'],
    ];
    for (const [body, status, code] of cases) {
      const res = await app.request('/api/v1/people', jsonRequest('POST', body, asAdmin));
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect((await readJson(res)).code).toBe(code);
    }
    expect(await countPeople()).toBe(before + 1);
  });

  it('changes roles, manager and organisation, auditing the before and after', async () => {
    const person = await buildPerson(deps, { roles: ['learner'] });
    const organisation = await buildOrganisation(deps);
    const manager = await buildPerson(deps, { roles: ['manager'], organisationId: organisation.id });
    const res = await app.request(`/api/v1/people/${person.id}`, jsonRequest('PATCH', { roles: ['learner', 'facilitator'], managerId: manager.id, organisationId: organisation.id }, asAdmin));
    expect(res.status).toBe(200);
    expect(await readJson(res)).toMatchObject({ roles: ['learner', 'facilitator'], managerId: manager.id, organisationId: organisation.id });
    const [audit] = await deps.db.selectFrom('audit_events').selectAll().where('subject_id', '=', person.id).where('action', '=', 'person.updated').execute();
    expect(audit?.details).toMatchObject({ before: { roles: ['learner'], managerId: null }, after: { roles: ['learner', 'facilitator'], managerId: manager.id } });
  });

  it('answers 404, 400 and 422 for a missing person, a bad patch and a self-manager', async () => {
    expect((await app.request(`/api/v1/people/${randomUUID()}`, jsonRequest('PATCH', { roles: ['learner'] }, asAdmin))).status).toBe(404);
    expect((await app.request('/api/v1/people/not-a-uuid', jsonRequest('PATCH', { roles: ['learner'] }, asAdmin))).status).toBe(400);
    expect((await app.request(`/api/v1/people/${learner.id}`, jsonRequest('PATCH', {}, asAdmin))).status).toBe(400);
    expect((await app.request(`/api/v1/people/${learner.id}`, jsonRequest('PATCH', { roles: [] }, asAdmin))).status).toBe(400);
    const manager = await buildPerson(deps, { roles: ['manager'] });
    const self = await app.request(`/api/v1/people/${manager.id}`, jsonRequest('PATCH', { managerId: manager.id }, asAdmin));
    expect((await readJson(self)).code).toBe('identity.self_managed');
  });

  it('refuses a second organisation with the same name, whatever the case', async () => {
    const name = `Ville de Namur ${randomUUID().slice(0, 6)}`;
    expect((await app.request('/api/v1/organisations', jsonRequest('POST', { name, kind: 'municipality' }, asAdmin))).status).toBe(201);
    const again = await app.request('/api/v1/organisations', jsonRequest('POST', { name: name.toUpperCase(), kind: 'municipality' }, asAdmin));
    expect(again.status).toBe(409);
    expect((await readJson(again)).code).toBe('identity.organisation_exists');
    const list = await readJson(await app.request('/api/v1/organisations', { headers: asAdmin }));
    expect(list.organisations.filter((o: { name: string }) => o.name.toLowerCase() === name.toLowerCase())).toHaveLength(1);
  });
});
