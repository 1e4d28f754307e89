import { describe, expect, it } from 'vitest';
import { markSubmittedAttempt } from '../../services/assessments/marking.usecases.ts';
import { createApp } from '../../services/app.ts';
import { decideEnrolment } from '../../services/enrolments/enrolments.usecases.ts';
import { verifyPresentedCredential } from '../../services/verification/verification.usecases.ts';
import { formatDate } from '../../web/i18n/index.ts';
import { buildAssessment } from '../assessments/helpers.ts';
import { createTestDeps } from '../helpers/deps.ts';
import { buildCohort, buildPerson, buildProgramme, buildWebinarSession } from '../helpers/factories.ts';
import { issueBadgeTo, PageClient, signedInClient, visibleText } from './learn-helpers.ts';

const deps = createTestDeps({ config: { PUBLIC_URL: 'https://brevet.test' } });
const app = createApp(deps);
const db = deps.db;

const admin = await buildPerson(db, { roles: ['admin'] });
const adminPrincipal = { kind: 'person' as const, id: admin.id, roles: admin.roles, organisationId: null };
const { version } = await buildProgramme(db, { version: { requiredWebinars: 1, moduleCount: 2 } });
await buildAssessment(db, { programmeVersionId: version.id });

async function learnerWithClient(displayName = 'Amélie Dubois') {
  const person = await buildPerson(db, { roles: ['learner'], displayName, locale: 'fr' });
  return { person, client: await signedInClient(app, deps, person) };
}

/** Enrols through the catalogue form; returns the enrolment id from the redirect. */
async function enrolThroughPage(client: PageClient, cohortId: string): Promise<string> {
  await client.get('/learn/catalogue?lang=en');
  const posted = await client.post(`/learn/cohorts/${cohortId}/enrolment`);
  expect(posted.res.status).toBe(303);
  return /\/learn\/enrolments\/([0-9a-f-]{36})/.exec(posted.res.headers.get('location') ?? '')![1]!;
}

async function correctAnswers(attemptId: string): Promise<Record<string, string[]>> {
  const attempt = await db.selectFrom('attempts').select('question_ids').where('id', '=', attemptId).executeTakeFirstOrThrow();
  const questions = await db.selectFrom('questions').select(['id', 'correct_option_ids']).where('id', 'in', attempt.question_ids).execute();
  return Object.fromEntries(questions.map((q) => [`q-${q.id}`, q.correct_option_ids]));
}

describe('access to the learner space', () => {
  it('sends a visitor to the sign-in page (coming back afterwards) and shows others a 403 page', async () => {
    const visitor = await new PageClient(app).get('/learn/badges');
    expect(visitor.res.status).toBe(303);
    expect(visitor.res.headers.get('location')).toBe('/sign-in?next=%2Flearn%2Fbadges');
    const staff = await signedInClient(app, deps, admin);
    const refused = await staff.get('/learn?lang=en');
    expect(refused.res.status).toBe(403);
    expect(refused.html).toContain('Access refused');
  });
});

describe('catalogue and enrolment', () => {
  it('lists published programmes with their open cohorts; the enrol form leads (303) to the request', async () => {
    const cohort = await buildCohort(db, { programmeVersionId: version.id, capacity: 4 });
    const ended = await buildCohort(db, { programmeVersionId: version.id, startsOn: '2020-01-01', endsOn: '2020-02-01' });
    const { person, client } = await learnerWithClient();
    const { res, html } = await client.get('/learn/catalogue?lang=en');
    expect(res.status).toBe(200);
    expect(html).toContain('Programme (en)');
    expect(html).toContain(`action="/learn/cohorts/${cohort.id}/enrolment"`);
    expect(html).not.toContain(ended.id);
    expect(visibleText(html)).toContain('4 seats left');
    const posted = await client.post(`/learn/cohorts/${cohort.id}/enrolment`);
    const page = await client.follow(posted);
    expect(visibleText(page.html)).toContain('Your request is sent.');
    expect(visibleText(page.html)).toContain('Waiting for approval');
    const rows = await db.selectFrom('enrolments').select('status').where('person_id', '=', person.id).execute();
    expect(rows).toEqual([{ status: 'requested' }]);
    expect((await client.get('/learn/catalogue?lang=en')).html).toContain('You are enrolled in this cohort.');
    const again = await client.post(`/learn/cohorts/${cohort.id}/enrolment`);
    expect(again.res.status).toBe(409);
    expect(visibleText(again.html)).toContain('You are already enrolled in this cohort.');
  });

  it('explains the expert prerequisite and asks for a badge file when none is held here; a bad file is refused (400)', async () => {
    const basic = await buildProgramme(db, { code: `basic-${Date.now()}` });
    const expert = await buildProgramme(db, { version: { level: 'expert', prerequisiteProgrammeCode: basic.programme.code, requiredWebinars: 3, fixedDurationWeeks: 11 } });
    const cohort = await buildCohort(db, { programmeVersionId: expert.version.id });
    const { person, client } = await learnerWithClient();
    const { html } = await client.get('/learn/catalogue?lang=en');
    expect(visibleText(html)).toContain('This level is for agents already certified at the "Programme (en)" level.');
    expect(html).toContain('enctype="multipart/form-data"');
    expect(html).toContain(`id="file-${cohort.id}"`);
    const refused = await client.post(`/learn/cohorts/${cohort.id}/enrolment`, { prerequisite: new Blob(['not a badge'], { type: 'text/plain' }) });
    expect(refused.res.status).toBe(400);
    expect(refused.html).toContain(`href="#file-${cohort.id}"`);
    const none = await client.post(`/learn/cohorts/${cohort.id}/enrolment`);
    expect(none.res.status).toBe(422);
    expect(visibleText(none.html)).toContain('Your badge could not be accepted');
    expect(await db.selectFrom('enrolments').select('id').where('person_id', '=', person.id).execute()).toEqual([]);
    await issueBadgeTo(deps, { personId: person.id, programmeVersionId: basic.version.id });
    expect(visibleText((await client.get('/learn/catalogue?lang=en')).html)).toContain('You hold such a badge here');
    expect((await client.post(`/learn/cohorts/${cohort.id}/enrolment`)).res.status).toBe(303);
  });

  it('refuses a form post without the CSRF token or from another origin (403) and changes nothing', async () => {
    const cohort = await buildCohort(db, { programmeVersionId: version.id });
    const { person, client } = await learnerWithClient();
    await client.get('/learn/catalogue');
    for (const options of [{ csrf: false as const }, { csrf: 'forged' }, { origin: 'https://evil.example' }]) {
      const res = await client.post(`/learn/cohorts/${cohort.id}/enrolment`, {}, options);
      expect(res.res.status).toBe(403);
    }
    expect(await db.selectFrom('enrolments').select('id').where('person_id', '=', person.id).execute()).toEqual([]);
  });
});

describe('following an enrolment', () => {
  it('shows progress per requirement, the deadline, modules, webinars and the assessment, and records each step', async () => {
    const cohort = await buildCohort(db, { programmeVersionId: version.id });
    const session = await buildWebinarSession(db, { cohortId: cohort.id, capacity: 3, title: 'Inclusion & <accueil>' });
    const { person, client } = await learnerWithClient();
    const enrolmentId = await enrolThroughPage(client, cohort.id);
    await decideEnrolment(deps, { enrolmentId, decision: 'approve', principal: adminPrincipal });
    let page = await client.get(`/learn/enrolments/${enrolmentId}?lang=en`);
    expect(page.res.status).toBe(200);
    expect(visibleText(page.html)).toContain(formatDate('en', cohort.ends_on));
    expect(visibleText(page.html)).toContain('0 of 2');
    expect(page.html).toContain('Topic 1: Inclusion &amp; &lt;accueil&gt;');
    const modules = await db.selectFrom('programme_modules').select('id').where('programme_version_id', '=', version.id).orderBy('position').execute();
    const first = modules[0]!.id;
    page = await client.follow(await client.post(`/learn/enrolments/${enrolmentId}/modules/${first}/start`));
    expect(visibleText(page.html)).toContain('Module started.');
    const bad = await client.post(`/learn/enrolments/${enrolmentId}/modules/${first}/completion`, { minutes: 'abc' });
    expect(bad.res.status).toBe(400);
    expect(bad.html).toContain(`href="#minutes-${first}"`);
    page = await client.follow(await client.post(`/learn/enrolments/${enrolmentId}/modules/${first}/completion`, { minutes: '95' }));
    expect(visibleText(page.html)).toContain('1 of 2');
    expect(visibleText(page.html)).toContain('Time spent: 95 minutes');
    const progress = await db.selectFrom('module_progress').select('seconds_spent').where('enrolment_id', '=', enrolmentId).execute();
    expect(progress.map((p) => p.seconds_spent)).toEqual([95 * 60]);

    page = await client.follow(await client.post(`/learn/enrolments/${enrolmentId}/sessions/${session.id}/booking`));
    expect(visibleText(page.html)).toContain('You are booked.');
    expect(visibleText(page.html)).toContain('2 seats left');
    const booking = await db.selectFrom('webinar_bookings').select('id').where('enrolment_id', '=', enrolmentId).executeTakeFirstOrThrow();
    page = await client.follow(await client.post(`/learn/enrolments/${enrolmentId}/bookings/${booking.id}/cancellation`));
    expect(visibleText(page.html)).toContain('Your booking is cancelled.');
    expect(visibleText(page.html)).toContain('3 seats left');

    const started = await client.post(`/learn/enrolments/${enrolmentId}/attempts`);
    expect(started.res.status).toBe(303);
    const attemptId = /attempts\/([0-9a-f-]{36})$/.exec(started.res.headers.get('location') ?? '')![1]!;
    page = await client.follow(started);
    expect(page.html).toContain('type="radio"');
    expect(page.html).toContain('type="checkbox"');
    const empty = await client.post(`/learn/enrolments/${enrolmentId}/attempts/${attemptId}`);
    expect(empty.res.status).toBe(400);
    expect(empty.html).toContain('class="error-summary"');
    expect(visibleText(empty.html)).toContain('Answer question 1.');
    const submitted = await client.post(`/learn/enrolments/${enrolmentId}/attempts/${attemptId}`, await correctAnswers(attemptId));
    page = await client.follow(submitted);
    expect(visibleText(page.html)).toContain('Your answers are submitted');
    const twice = await client.post(`/learn/enrolments/${enrolmentId}/attempts/${attemptId}`, await correctAnswers(attemptId));
    expect(twice.res.status).toBe(409);
    await markSubmittedAttempt(deps, attemptId);
    page = await client.get(`/learn/enrolments/${enrolmentId}/attempts/${attemptId}?lang=en`);
    expect(visibleText(page.html)).toContain('Your result: Passed');
    expect(visibleText(page.html)).toContain('Score: 5 out of 5 (100%)');
    expect(person.id).toBeTruthy();
  });

  it('withdraws through a form (303) and shows the withdrawn status', async () => {
    const cohort = await buildCohort(db, { programmeVersionId: version.id });
    const { client } = await learnerWithClient();
    const enrolmentId = await enrolThroughPage(client, cohort.id);
    await client.get(`/learn/enrolments/${enrolmentId}?lang=fr`);
    const page = await client.follow(await client.post(`/learn/enrolments/${enrolmentId}/withdrawal`));
    expect(visibleText(page.html)).toContain('Vous vous êtes retiré de cette session.');
    expect(visibleText(page.html)).toContain('Retirée');
    expect(page.html).not.toContain(`/learn/enrolments/${enrolmentId}/withdrawal`);
    expect((await db.selectFrom('enrolments').select('status').where('id', '=', enrolmentId).executeTakeFirstOrThrow()).status).toBe('withdrawn');
  });

  it('shows a learner only their own enrolments: another learner gets 404 and changes nothing', async () => {
    const cohort = await buildCohort(db, { programmeVersionId: version.id });
    const owner = await learnerWithClient('Owner Person');
    const enrolmentId = await enrolThroughPage(owner.client, cohort.id);
    const stranger = await learnerWithClient('Stranger Person');
    await stranger.client.get('/learn');
    expect((await stranger.client.get(`/learn/enrolments/${enrolmentId}`)).res.status).toBe(404);
    expect((await stranger.client.get('/learn')).html).not.toContain(enrolmentId);
    expect((await stranger.client.post(`/learn/enrolments/${enrolmentId}/withdrawal`)).res.status).toBe(404);
    expect((await stranger.client.post(`/learn/enrolments/${enrolmentId}/attempts`)).res.status).toBe(404);
    expect((await db.selectFrom('enrolments').select('status').where('id', '=', enrolmentId).executeTakeFirstOrThrow()).status).toBe('requested');
  });
});

describe('badges', () => {
  it('lists a badge with its verification link, downloads, LinkedIn link and share switch', async () => {
    const { person, client } = await learnerWithClient();
    const id = await issueBadgeTo(deps, { personId: person.id, programmeVersionId: version.id });
    const { res, html } = await client.get('/learn/badges?lang=en');
    expect(res.status).toBe(200);
    for (const href of [`/verify/${id}`, `/learn/badges/${id}/credential.json`, `/learn/badges/${id}/credential.jwt`, `/learn/badges/${id}/certificate.pdf`]) {
      expect(html).toContain(`href="${href}"`);
    }
    const linkedIn = /href="(https:\/\/www\.linkedin\.com\/profile\/add\?[^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&');
    const params = new URL(linkedIn).searchParams;
    expect(params.get('startTask')).toBe('CERTIFICATION_NAME');
    expect(params.get('certUrl')).toBe(`https://brevet.test/verify/${id}`);
    expect(params.get('certId')).toBe(id);
    expect(params.get('name')).toBe('Programme (fr)');
    expect(params.get('issueYear')).toBe(String(new Date().getUTCFullYear()));
    expect(params.get('expirationYear')).toBe(String(new Date().getUTCFullYear() + 3));
    expect(params.get('organizationName')).toBeTruthy();
  });

  it('downloads the JSON-LD (which verifies), the JWT (which verifies) and a PDF certificate, as attachments', async () => {
    const { person, client } = await learnerWithClient();
    const id = await issueBadgeTo(deps, { personId: person.id, programmeVersionId: version.id });
    const json = await app.request(`/learn/badges/${id}/credential.json`, { headers: { cookie: `brevet_session=${client.cookies.get('brevet_session')}` } });
    expect(json.headers.get('content-type')).toBe('application/ld+json; charset=utf-8');
    expect(json.headers.get('content-disposition')).toBe(`attachment; filename="brevet-badge-${id}.json"`);
    const report = await verifyPresentedCredential(deps, await json.json());
    expect(report.outcome).toBe('valid');
    const jwt = await app.request(`/learn/badges/${id}/credential.jwt`, { headers: { cookie: `brevet_session=${client.cookies.get('brevet_session')}` } });
    expect(jwt.headers.get('content-type')).toBe('application/jwt');
    expect(jwt.headers.get('content-disposition')).toMatch(/^attachment; filename="brevet-badge-.+\.jwt"$/);
    expect((await verifyPresentedCredential(deps, await jwt.text())).outcome).toBe('valid');
    const pdf = await app.request(`/learn/badges/${id}/certificate.pdf?lang=de`, { headers: { cookie: `brevet_session=${client.cookies.get('brevet_session')}` } });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toMatch(/^attachment; filename="brevet-certificate-.+\.pdf"$/);
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.length).toBeGreaterThan(2000);
  });

  it('answers 404 for another person\'s badge, to its pages and downloads alike', async () => {
    const owner = await learnerWithClient();
    const id = await issueBadgeTo(deps, { personId: owner.person.id, programmeVersionId: version.id });
    const stranger = await learnerWithClient('Someone Else');
    for (const file of ['credential.json', 'credential.jwt', 'certificate.pdf']) {
      expect((await stranger.client.get(`/learn/badges/${id}/${file}`)).res.status).toBe(404);
    }
    expect((await stranger.client.get('/learn/badges')).html).not.toContain(id);
    expect((await stranger.client.post(`/learn/badges/${id}/sharing`, { shared: 'true' })).res.status).toBe(404);
    expect((await db.selectFrom('credentials').select('shared').where('id', '=', id).executeTakeFirstOrThrow()).shared).toBe(false);
  });

  it('switches sharing on and off: the public page shows the holder\'s name only while shared', async () => {
    const { person, client } = await learnerWithClient('Nadia Partage');
    const id = await issueBadgeTo(deps, { personId: person.id, programmeVersionId: version.id });
    await client.get('/learn/badges?lang=en');
    const on = await client.post(`/learn/badges/${id}/sharing`, { shared: 'true' });
    expect(on.res.headers.get('location')).toBe(`/learn/badges?done=shared#badge-${id}`);
    expect(visibleText((await client.follow(on)).html)).toContain('Your name is now shown on the public page.');
    expect((await new PageClient(app).get(`/verify/${id}`)).html).toContain('Nadia Partage');
    await client.post(`/learn/badges/${id}/sharing`, { shared: 'false' });
    expect((await new PageClient(app).get(`/verify/${id}`)).html).not.toContain('Nadia Partage');
    expect((await client.post(`/learn/badges/${id}/sharing`, { shared: 'true' }, { csrf: false })).res.status).toBe(403);
    expect((await db.selectFrom('credentials').select('shared').where('id', '=', id).executeTakeFirstOrThrow()).shared).toBe(false);
  });

  it('offers renewal within 90 days of expiry, opening a renewal enrolment whose page leads to the assessment', async () => {
    const { person, client } = await learnerWithClient();
    const id = await issueBadgeTo(deps, { personId: person.id, programmeVersionId: version.id });
    expect((await client.get('/learn/badges?lang=en')).html).not.toContain(`/learn/badges/${id}/renewal`);
    await db.updateTable('credentials').set({ valid_until: new Date(Date.now() + 30 * 86_400_000).toISOString() }).where('id', '=', id).execute();
    const badges = await client.get('/learn/badges?lang=en');
    expect(badges.html).toContain(`action="/learn/badges/${id}/renewal"`);
    const opened = await client.post(`/learn/badges/${id}/renewal`);
    expect(opened.res.status).toBe(303);
    const page = await client.follow(opened);
    expect(visibleText(page.html)).toContain('Renewal of your badge');
    expect(visibleText(page.html)).toContain('Your renewal is open');
    expect(page.html).toContain('id="assessment"');
    expect(visibleText((await client.get('/learn/badges?lang=en')).html)).toContain('Continue my renewal');
    const twice = await client.post(`/learn/badges/${id}/renewal`);
    expect(twice.res.status).toBe(409);
    expect(visibleText(twice.html)).toContain('A renewal of this badge is already open.');
  });
});

describe('languages', () => {
  it('shows the learner space in French, Dutch, German and English, dates in the language\'s format', async () => {
    const cohort = await buildCohort(db, { programmeVersionId: version.id });
    const { client } = await learnerWithClient();
    const enrolmentId = await enrolThroughPage(client, cohort.id);
    const expected = { fr: ['Mes inscriptions', 'fr-BE'], nl: ['Mijn inschrijvingen', 'nl-BE'], de: ['Meine Einschreibungen', 'de-BE'], en: ['My enrolments', 'en-GB'] } as const;
    for (const [lang, [title, tag]] of Object.entries(expected)) {
      const home = await client.get(`/learn?lang=${lang}`);
      expect(home.html).toContain(`<html lang="${tag}">`);
      expect(home.html).toContain(`<h1>${title}</h1>`);
      const page = await client.get(`/learn/enrolments/${enrolmentId}?lang=${lang}`);
      expect(visibleText(page.html)).toContain(formatDate(lang as 'fr', cohort.ends_on));
      expect(page.html).toContain(`Programme (${lang})`);
    }
  });
});
