// Opening a cohort from the admin console.
import { describe, expect, it } from 'vitest';
import { createApp } from '../../services/app.ts';
import { addDays, todayInBrussels } from '../../services/cohorts/cohort-dates.ts';
import { createTestDeps } from '../helpers/deps.ts';
import { buildOrganisation, buildPerson, buildProgramme } from '../helpers/factories.ts';
import { getPage, pageSession, postForm, visibleText } from './admin-support.ts';

const deps = createTestDeps({ config: { PUBLIC_URL: 'https://brevet.test' } });
const app = createApp(deps);
const admin = await buildPerson(deps.db, { roles: ['admin'], displayName: 'Ada Admin' });
const adminSession = await pageSession(admin);
const facilitator = await buildPerson(deps.db, { roles: ['facilitator'], displayName: 'Fiona Facilitator' });
const other = await buildPerson(deps.db, { roles: ['facilitator'], displayName: 'Frans Facilitator' });
const startsOn = addDays(todayInBrussels(new Date()), 14);

async function cohortsOf(programmeVersionId: string) {
  return deps.db.selectFrom('cohorts').selectAll().where('programme_version_id', '=', programmeVersionId).execute();
}

describe('GET/POST /admin/cohorts/new', () => {
  it('opens a cohort of a published programme from the form (303 to its page), with its facilitators and scope', async () => {
    const { programme, version } = await buildProgramme(deps.db);
    const organisation = await buildOrganisation(deps.db, { name: 'Commune de Namur' });
    const form = await getPage(app, '/admin/cohorts/new', adminSession);
    expect(form.res.status).toBe(200);
    expect(form.html).toContain(`<option value="${programme.code}"`);
    expect(form.html).toContain('Commune de Namur');
    expect(form.html).toContain(`id="cohort-facilitators-${facilitator.id}"`);
    const { res } = await postForm(app, '/admin/cohorts/new', adminSession, {
      programme: programme.code, startsOn, endsOn: addDays(startsOn, 60), capacity: '24', organisation: organisation.id, facilitators: [facilitator.id, other.id],
    });
    expect(res.status).toBe(303);
    const [cohort] = await cohortsOf(version.id);
    expect(cohort).toMatchObject({ capacity: 24, organisation_id: organisation.id });
    expect(res.headers.get('location')).toBe(`/admin/cohorts/${cohort!.id}?created=1`);
    const facilitators = await deps.db.selectFrom('cohort_facilitators').select('person_id').where('cohort_id', '=', cohort!.id).execute();
    expect(facilitators.map((f) => f.person_id).sort()).toEqual([facilitator.id, other.id].sort());
    const page = await getPage(app, res.headers.get('location')!, adminSession);
    expect(visibleText(page.html)).toContain('The cohort is open.');
    const audit = await deps.db.selectFrom('audit_events').select('action').where('subject_id', '=', cohort!.id).execute();
    expect(audit.map((a) => a.action)).toContain('cohort.created');
  });

  it('computes the end of a fixed-duration programme and says which field is wrong otherwise (422), creating nothing', async () => {
    const fixed = await buildProgramme(deps.db, { version: { level: 'expert', fixedDurationWeeks: 11 } });
    const ok = await postForm(app, '/admin/cohorts/new', adminSession, { programme: fixed.programme.code, startsOn, endsOn: '', capacity: '12', organisation: '' });
    expect(ok.res.status).toBe(303);
    const [cohort] = await cohortsOf(fixed.version.id);
    expect(cohort!.organisation_id).toBeNull();
    expect(cohort!.ends_on).toBe(addDays(startsOn, 11 * 7));

    const open = await buildProgramme(deps.db);
    const bad = await postForm(app, '/admin/cohorts/new', adminSession, { programme: open.programme.code, startsOn: 'soon', endsOn: '', capacity: '0', organisation: '' });
    expect(bad.res.status).toBe(422);
    expect(bad.html).toContain('class="error-summary"');
    expect(bad.html).toContain('href="#cohort-starts-on"');
    expect(bad.html).toContain('href="#cohort-capacity"');
    const noEnd = await postForm(app, '/admin/cohorts/new', adminSession, { programme: open.programme.code, startsOn, endsOn: '', capacity: '10', organisation: '' });
    expect(noEnd.res.status).toBe(422);
    expect(noEnd.html).toContain('href="#cohort-ends-on"');
    const notFacilitator = await postForm(app, '/admin/cohorts/new', adminSession, { programme: open.programme.code, startsOn, endsOn: addDays(startsOn, 30), capacity: '10', organisation: '', facilitators: admin.id });
    expect(notFacilitator.res.status).toBe(422);
    expect(notFacilitator.html).toContain('href="#cohort-facilitators"');
    expect(await cohortsOf(open.version.id)).toEqual([]);
  });

  it('is for administrators only, and refuses a form without the CSRF token (403), creating nothing', async () => {
    const { programme, version } = await buildProgramme(deps.db);
    const facilitatorSession = await pageSession(facilitator);
    expect((await getPage(app, '/admin/cohorts/new', facilitatorSession)).res.status).toBe(403);
    const fields = { programme: programme.code, startsOn, endsOn: addDays(startsOn, 30), capacity: '10', organisation: '' };
    expect((await postForm(app, '/admin/cohorts/new', facilitatorSession, fields)).res.status).toBe(403);
    expect((await postForm(app, '/admin/cohorts/new', adminSession, fields, { csrf: null })).res.status).toBe(403);
    expect((await getPage(app, '/admin/cohorts/new')).res.status).toBe(303);
    expect(await cohortsOf(version.id)).toEqual([]);
  });
});
