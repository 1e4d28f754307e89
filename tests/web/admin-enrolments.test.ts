import { describe, expect, it } from 'vitest';
import { createApp } from '../../services/app.ts';
import { createTestDeps } from '../helpers/deps.ts';
import { buildCohort, buildEnrolment, buildOrganisation, buildPerson } from '../helpers/factories.ts';
import { getPage, pageSession, postForm, visibleText } from './admin-support.ts';

const deps = createTestDeps({ config: { PUBLIC_URL: 'https://brevet.test' } });
const app = createApp(deps);
const admin = await buildPerson(deps.db, { roles: ['admin'], displayName: 'Ada Admin' });
const adminSession = await pageSession(admin);
const manager = await buildPerson(deps.db, { roles: ['manager'], displayName: 'Marc Manager' });
const managerSession = await pageSession(manager);

async function requested(overrides: { managerId?: string; name?: string } = {}) {
  const cohort = await buildCohort(deps.db, { capacity: 5 });
  const learner = await buildPerson(deps.db, { managerId: overrides.managerId ?? manager.id, displayName: overrides.name ?? `Léa ${crypto.randomUUID().slice(0, 6)}` });
  const enrolment = await buildEnrolment(deps.db, { cohortId: cohort.id, personId: learner.id, status: 'requested' });
  return { cohort, learner, enrolment };
}

async function statusOf(enrolmentId: string) {
  return (await deps.db.selectFrom('enrolments').select(['status', 'holds_seat']).where('id', '=', enrolmentId).executeTakeFirstOrThrow());
}

const decide = (id: string, fields: Record<string, string>, session = managerSession, options = {}) => postForm(app, `/admin/enrolments/${id}/decision`, session, fields, options);

describe('enrolment requests', () => {
  it('shows a manager the requests of their own agents only', async () => {
    const mine = await requested({ name: 'Agent Mine' });
    await requested({ managerId: (await buildPerson(deps.db, { roles: ['manager'] })).id, name: 'Agent Elsewhere' });
    const { res, html } = await getPage(app, '/admin/enrolments', managerSession);
    expect(res.status).toBe(200);
    expect(html).toContain('Agent Mine');
    expect(html).not.toContain('Agent Elsewhere');
    expect(html).toContain(`action="/admin/enrolments/${mine.enrolment.id}/decision"`);
    const all = (await getPage(app, '/admin/enrolments', adminSession)).html;
    expect(all).toContain('Agent Elsewhere');
  });

  it('approves a request: 303 to the list with a notice, a seat taken, the learner told, audited', async () => {
    const { enrolment, cohort, learner } = await requested();
    const { res } = await decide(enrolment.id, { decision: 'approve', reason: '' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/enrolments?decided=${enrolment.id}`);
    expect(await statusOf(enrolment.id)).toEqual({ status: 'approved', holds_seat: true });
    const seats = await deps.db.selectFrom('cohorts').select('seats_taken').where('id', '=', cohort.id).executeTakeFirstOrThrow();
    expect(seats.seats_taken).toBe(1);
    const audit = await deps.db.selectFrom('audit_events').select(['action', 'actor_id']).where('subject_id', '=', enrolment.id).execute();
    expect(audit).toEqual([{ action: 'enrolment.approved', actor_id: manager.id }]);
    const emails = await deps.db.selectFrom('emails').select('template').where('person_id', '=', learner.id).execute();
    expect(emails.map((e) => e.template)).toContain('enrolment-decision');
    const { html } = await getPage(app, res.headers.get('location')!, managerSession);
    expect(html).toContain(`The enrolment of ${learner.display_name} is approved.`);
  });

  it('rejects only with a reason: without one the form comes back (422) with an error summary and nothing changes', async () => {
    const { enrolment } = await requested();
    const missing = await decide(enrolment.id, { decision: 'reject', reason: '  ' });
    expect(missing.res.status).toBe(422);
    expect(missing.html).toContain('class="error-summary"');
    expect(missing.html).toContain(`href="#reason-${enrolment.id}"`);
    expect(missing.html).toContain('aria-invalid="true"');
    expect((await statusOf(enrolment.id)).status).toBe('requested');

    const { res } = await decide(enrolment.id, { decision: 'reject', reason: 'No training budget left this year' });
    expect(res.status).toBe(303);
    expect((await statusOf(enrolment.id)).status).toBe('rejected');
    const event = await deps.db.selectFrom('enrolment_events').select(['to_status', 'reason']).where('enrolment_id', '=', enrolment.id).where('to_status', '=', 'rejected').executeTakeFirstOrThrow();
    expect(event.reason).toBe('No training budget left this year');
  });

  it('refuses a manager deciding for someone else\'s agent (403) and a second decision (409)', async () => {
    const other = await requested({ managerId: (await buildPerson(deps.db, { roles: ['manager'] })).id });
    expect((await decide(other.enrolment.id, { decision: 'approve' })).res.status).toBe(403);
    expect((await statusOf(other.enrolment.id)).status).toBe('requested');

    const { enrolment } = await requested();
    expect((await decide(enrolment.id, { decision: 'approve' })).res.status).toBe(303);
    const again = await decide(enrolment.id, { decision: 'reject', reason: 'changed my mind' });
    expect(again.res.status).toBe(409);
    expect(again.html).toContain('class="error-summary"');
    expect((await statusOf(enrolment.id)).status).toBe('approved');
  });

  it('refuses a post without the CSRF token or from a foreign origin (403) and changes nothing', async () => {
    const { enrolment } = await requested();
    const noToken = await decide(enrolment.id, { decision: 'approve' }, managerSession, { csrf: null });
    expect(noToken.res.status).toBe(403);
    expect(noToken.html).toContain('Form refused');
    const wrongToken = await decide(enrolment.id, { decision: 'approve' }, managerSession, { csrf: adminSession.csrf });
    expect(wrongToken.res.status).toBe(403);
    const foreign = await decide(enrolment.id, { decision: 'approve' }, managerSession, { origin: 'https://evil.example' });
    expect(foreign.res.status).toBe(403);
    // Chromium sends `Origin: null` under our no-referrer policy; Sec-Fetch-Site then decides.
    const nullCrossSite = await decide(enrolment.id, { decision: 'approve' }, managerSession, { origin: 'null', headers: { 'sec-fetch-site': 'cross-site' } });
    expect(nullCrossSite.res.status).toBe(403);
    const nullUnknown = await decide(enrolment.id, { decision: 'approve' }, managerSession, { origin: 'null' });
    expect(nullUnknown.res.status).toBe(403);
    expect(await statusOf(enrolment.id)).toEqual({ status: 'requested', holds_seat: false });
    const nullSameOrigin = await decide(enrolment.id, { decision: 'approve' }, managerSession, { csrf: null, origin: 'null', headers: { 'sec-fetch-site': 'same-origin' } });
    expect(nullSameOrigin.res.status).toBe(403);
    const sameOrigin = await decide(enrolment.id, { decision: 'approve' }, managerSession, { origin: 'null', headers: { 'sec-fetch-site': 'same-origin' } });
    expect(sameOrigin.res.status).toBe(303);
    const other = await requested();
    expect((await decide(other.enrolment.id, { decision: 'approve' }, managerSession, { origin: 'https://brevet.test' })).res.status).toBe(303);
  });
});

describe('CSV import', () => {
  it('enrols each line on its own and shows the per-line report after a 303', async () => {
    const organisation = await buildOrganisation(deps.db);
    const cohort = await buildCohort(deps.db, { organisationId: organisation.id, capacity: 10 });
    const known = await buildPerson(deps.db, { organisationId: organisation.id, email: `known-${crypto.randomUUID().slice(0, 6)}@commune.be` });
    const outsider = await buildPerson(deps.db, { email: `outsider-${crypto.randomUUID().slice(0, 6)}@elsewhere.be` });
    const csv = [
      'email;displayName;locale',
      `${known.email};;`,
      `new-agent-${crypto.randomUUID().slice(0, 6)}@commune.be;"Nouvel Agent";nl`,
      'not-an-email;Someone;fr',
      `${outsider.email};;`,
      `${known.email};;`,
    ].join('\n');
    const file = new File([csv], 'agents.csv', { type: 'text/csv' });
    const { res } = await postForm(app, `/admin/cohorts/${cohort.id}/import`, adminSession, { file });
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toMatch(new RegExp(`^/admin/cohorts/${cohort.id}/import/[0-9a-f-]{36}$`));

    const { res: page, html } = await getPage(app, location, adminSession);
    expect(page.status).toBe(200);
    const text = visibleText(html);
    expect(text).toContain('2 enrolled, 1 already enrolled, 2 not enrolled.');
    expect(html).toContain('<caption id="import-report-caption">Result of each line of the file</caption>');
    expect(text).toContain('This is not an email address.');
    expect(text).toContain('belongs to another organisation');
    expect(html.match(/<tr/g)?.length).toBe(6);
    const enrolled = await deps.db.selectFrom('enrolments').select('status').where('cohort_id', '=', cohort.id).execute();
    expect(enrolled.map((e) => e.status)).toEqual(['approved', 'approved']);

    // The report is the importer's own.
    const otherAdmin = await pageSession(await buildPerson(deps.db, { roles: ['admin'] }));
    expect(visibleText((await getPage(app, location, otherAdmin)).html)).toContain('no longer available');
  });

  it('answers the form again (400) for a missing file or a file that is not CSV, changing nothing', async () => {
    const cohort = await buildCohort(deps.db);
    const missing = await postForm(app, `/admin/cohorts/${cohort.id}/import`, adminSession, {});
    expect(missing.res.status).toBe(400);
    expect(missing.html).toContain('Choose a CSV file.');
    expect(missing.html).toContain('href="#csv-file"');
    const headerOnly = await postForm(app, `/admin/cohorts/${cohort.id}/import`, adminSession, { file: new File(['name\nJo'], 'x.csv') });
    expect(headerOnly.res.status).toBe(400);
    expect(headerOnly.html).toContain('The file could not be read as CSV.');
    const binary = await postForm(app, `/admin/cohorts/${cohort.id}/import`, adminSession, { file: new File([new Uint8Array([0xff, 0xfe, 0xfd])], 'x.csv') });
    expect(binary.res.status).toBe(400);
    expect((await deps.db.selectFrom('enrolments').select('id').where('cohort_id', '=', cohort.id).execute()).length).toBe(0);
  });

  it('refuses an import without the CSRF token (403)', async () => {
    const cohort = await buildCohort(deps.db);
    const file = new File([`email\nx-${crypto.randomUUID().slice(0, 6)}@a.be`], 'a.csv');
    const { res } = await postForm(app, `/admin/cohorts/${cohort.id}/import`, adminSession, { file }, { csrf: null });
    expect(res.status).toBe(403);
  });
});
