import { describe, expect, it } from 'vitest';
import { createApp } from '../../services/app.ts';
import { queueEmail } from '../../services/email/email.usecases.ts';
import { ensureBootstrapAdmin } from '../../services/identity/seed.ts';
import { createTestDeps, testConfig } from '../helpers/deps.ts';
import { readJson } from '../helpers/http.ts';
import { bearerFor, buildPerson, jsonRequest } from './factories.ts';
import { buildCohort } from '../helpers/factories.ts';

const deps = createTestDeps();
const app = createApp(deps);

describe('a learner and their data', () => {
  it('exports everything held about them as JSON', async () => {
    const person = await buildPerson(deps, { displayName: 'Sophie Lambert' });
    await queueEmail(deps.db, { to: person.email, locale: 'fr', template: 'badge-issued', personId: person.id, data: { displayName: 'Sophie Lambert', achievementName: 'Connectoo', credentialId: crypto.randomUUID() } });
    const enrolment = await deps.db.insertInto('enrolments').values({ cohort_id: (await buildCohort(deps.db)).id, person_id: person.id, status: 'requested' }).returning('id').executeTakeFirstOrThrow();
    const res = await app.request('/api/v1/me/export', { headers: await bearerFor(person) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const data = await readJson(res);
    expect(data.person).toMatchObject({ id: person.id, email: person.email, displayName: 'Sophie Lambert' });
    expect(data.organisation.id).toBe(person.organisation_id);
    expect(data.emails).toMatchObject([{ template: 'badge-issued', to_address: person.email }]);
    expect(data.credentials).toEqual([]);
    expect(data.enrolments.map((e: { id: string }) => e.id)).toEqual([enrolment.id]);
    expect(data).toHaveProperty('moduleProgress');
    expect(data).toHaveProperty('attempts');
  });

  it('erases them: placeholders instead of address and name, unsent mail cancelled, no more sign-in', async () => {
    const person = await buildPerson(deps, { displayName: 'Tom Peeters' });
    const headers = await bearerFor(person);
    await queueEmail(deps.db, { to: person.email, locale: 'nl', template: 'badge-issued', personId: person.id, data: { displayName: 'Tom Peeters', achievementName: 'Connectoo', credentialId: crypto.randomUUID() } });
    const res = await app.request('/api/v1/me', { method: 'DELETE', headers });
    expect(res.status).toBe(204);

    const row = await deps.db.selectFrom('people').selectAll().where('id', '=', person.id).executeTakeFirstOrThrow();
    expect(row.email).not.toBe(person.email);
    expect(row.display_name).toBe('Erased person');
    expect(row.erased_at).not.toBeNull();
    const emails = await deps.db.selectFrom('emails').selectAll().where('person_id', '=', person.id).execute();
    expect(emails).toMatchObject([{ status: 'failed', to_address: 'erased@erased.invalid', data: {} }]);
    const audit = await deps.db.selectFrom('audit_events').select('action').where('subject_id', '=', person.id).execute();
    expect(audit.map((a) => a.action)).toContain('person.erased');

    expect((await readJson(await app.request('/api/v1/me', { headers }))).code).toBe('auth.person_erased');
    const link = await app.request('/api/v1/auth/sign-in-links', jsonRequest('POST', { email: person.email }));
    expect(link.status).toBe(202);
    expect(await deps.db.selectFrom('sign_in_tokens').select('id').where('person_id', '=', person.id).execute()).toEqual([]);
  });

  it('needs a signed-in person to export or erase', async () => {
    expect((await app.request('/api/v1/me/export')).status).toBe(401);
    expect((await app.request('/api/v1/me', { method: 'DELETE' })).status).toBe(401);
  });
});

describe('the bootstrap administrator', () => {
  it('does nothing without BOOTSTRAP_ADMIN_EMAIL', async () => {
    expect(await ensureBootstrapAdmin({ db: deps.db, config: testConfig() })).toBe('disabled');
  });

  it('creates the administrator once, and promotes an existing person', async () => {
    const config = testConfig({ BOOTSTRAP_ADMIN_EMAIL: 'admin@brevet.example.be' });
    expect(await ensureBootstrapAdmin({ db: deps.db, config })).toBe('created');
    expect(await ensureBootstrapAdmin({ db: deps.db, config })).toBe('unchanged');
    const admin = await deps.db.selectFrom('people').selectAll().where('email', '=', 'admin@brevet.example.be').executeTakeFirstOrThrow();
    expect(admin.roles).toEqual(['admin']);

    const existing = await buildPerson(deps, { roles: ['learner'] });
    expect(await ensureBootstrapAdmin({ db: deps.db, config: testConfig({ BOOTSTRAP_ADMIN_EMAIL: existing.email }) })).toBe('promoted');
    const promoted = await deps.db.selectFrom('people').select('roles').where('id', '=', existing.id).executeTakeFirstOrThrow();
    expect(promoted.roles).toEqual(['learner', 'admin']);
  });
});
