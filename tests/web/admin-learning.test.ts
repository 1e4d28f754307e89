import { describe, expect, it } from 'vitest';
import { createApp } from '../../services/app.ts';
import { startAttempt, submitAttempt } from '../../services/assessments/attempts.usecases.ts';
import { addDays, todayInBrussels } from '../../services/cohorts/cohort-dates.ts';
import type { Principal } from '../../services/shared/auth.ts';
import { csvCell, csvDocument } from '../../web/pages/admin/csv.ts';
import { brusselsInstant } from '../../web/pages/admin/sessions.tsx';
import { markAttemptJob } from '../../workers/marking/mark-attempt.job.ts';
import { answersFor, enrolledLearner, openQuestion, singleQuestion } from '../assessments/helpers.ts';
import { createTestDeps } from '../helpers/deps.ts';
import { buildCohort, buildEnrolment, buildOrganisation, buildPerson, buildProgramme, buildWebinarSession } from '../helpers/factories.ts';
import { getPage, pageSession, postForm, visibleText } from './admin-support.ts';

const deps = createTestDeps({ config: { PUBLIC_URL: 'https://brevet.test' } });
const app = createApp(deps);
const admin = await buildPerson(deps.db, { roles: ['admin'], displayName: 'Ada Admin' });
const adminSession = await pageSession(admin);
const facilitator = await buildPerson(deps.db, { roles: ['facilitator'], displayName: 'Fiona Facilitator' });
const facilitatorSession = await pageSession(facilitator);

async function book(sessionId: string, enrolmentId: string) {
  return deps.db.insertInto('webinar_bookings').values({ session_id: sessionId, enrolment_id: enrolmentId }).returningAll().executeTakeFirstOrThrow();
}

describe('webinar sessions and attendance', () => {
  it('schedules a session from the form (303) and lists it; a bad form comes back with its errors (422)', async () => {
    const { version } = await buildProgramme(deps.db, { version: { requiredWebinars: 3 } });
    const startsOn = addDays(todayInBrussels(new Date()), 1);
    const cohort = await buildCohort(deps.db, { programmeVersionId: version.id, startsOn, facilitatorIds: [facilitator.id] });
    const fields = { topic: '2', title: 'Helping with MyMinfin', language: 'fr', date: addDays(startsOn, 7), time: '14:30', duration: '90', capacity: '8', facilitator: facilitator.id, joinUrl: '' };
    const { res } = await postForm(app, `/admin/cohorts/${cohort.id}/sessions`, facilitatorSession, fields);
    expect(res.status).toBe(303);
    const session = await deps.db.selectFrom('webinar_sessions').selectAll().where('cohort_id', '=', cohort.id).executeTakeFirstOrThrow();
    expect(session).toMatchObject({ topic: 2, title: 'Helping with MyMinfin', capacity: 8, facilitator_id: facilitator.id });
    expect(session.starts_at.toISOString()).toBe(brusselsInstant(addDays(startsOn, 7), '14:30').toISOString());
    const { html } = await getPage(app, res.headers.get('location')!, facilitatorSession);
    expect(html).toContain('The session is scheduled.');
    expect(html).toContain(`href="/admin/sessions/${session.id}"`);

    const bad = await postForm(app, `/admin/cohorts/${cohort.id}/sessions`, facilitatorSession, { ...fields, topic: '7', capacity: '40', time: '25:00' });
    expect(bad.res.status).toBe(422);
    for (const id of ['session-topic', 'session-capacity', 'session-time']) expect(bad.html).toContain(`href="#${id}"`);
    const late = await postForm(app, `/admin/cohorts/${cohort.id}/sessions`, facilitatorSession, { ...fields, date: addDays(startsOn, 200) });
    expect(late.res.status).toBe(422);
    expect(late.html).toContain('between the cohort');
    expect((await deps.db.selectFrom('webinar_sessions').select('id').where('cohort_id', '=', cohort.id).execute()).length).toBe(1);
  });

  it('converts a Brussels wall-clock time to the instant in summer and in winter', () => {
    expect(brusselsInstant('2026-07-01', '14:30').toISOString()).toBe('2026-07-01T12:30:00.000Z');
    expect(brusselsInstant('2026-01-15', '09:00').toISOString()).toBe('2026-01-15T08:00:00.000Z');
  });

  it('records attendance from the checkboxes: ticked present, others absent; only after the start, by its facilitator', async () => {
    const { version } = await buildProgramme(deps.db, { version: { requiredWebinars: 3 } });
    const cohort = await buildCohort(deps.db, { programmeVersionId: version.id, startsOn: addDays(todayInBrussels(new Date()), -10) });
    const past = await buildWebinarSession(deps.db, { cohortId: cohort.id, facilitatorId: facilitator.id, startsAt: new Date(Date.now() - 2 * 3600_000) });
    const learners = await Promise.all(['Anouk', 'Bram', 'Chloé'].map((name) => buildPerson(deps.db, { displayName: name })));
    const enrolments = await Promise.all(learners.map((l) => buildEnrolment(deps.db, { cohortId: cohort.id, personId: l.id, status: 'active' })));
    const bookings = await Promise.all(enrolments.map((e) => book(past.id, e.id)));

    const roster = await getPage(app, `/admin/sessions/${past.id}`, facilitatorSession);
    expect(roster.res.status).toBe(200);
    for (const b of bookings) expect(roster.html).toContain(`id="present-${b.id}"`);
    expect(roster.html).toContain('<label class="checkbox" for="present-');

    const all = bookings.map((b) => b.id);
    const denied = await postForm(app, `/admin/sessions/${past.id}/attendance`, await pageSession(await buildPerson(deps.db, { roles: ['facilitator'] })), { booking: all, present: [all[0]!] });
    expect(denied.res.status).toBe(403);
    const noCsrf = await postForm(app, `/admin/sessions/${past.id}/attendance`, facilitatorSession, { booking: all, present: [all[0]!] }, { csrf: null });
    expect(noCsrf.res.status).toBe(403);
    expect((await deps.db.selectFrom('webinar_bookings').select('attended').where('session_id', '=', past.id).execute()).every((r) => r.attended === null)).toBe(true);

    const { res } = await postForm(app, `/admin/sessions/${past.id}/attendance`, facilitatorSession, { booking: all, present: [all[0]!, all[2]!] });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/sessions/${past.id}?recorded=1`);
    const rows = await deps.db.selectFrom('webinar_bookings').select(['id', 'attended', 'attendance_recorded_by']).where('session_id', '=', past.id).execute();
    expect(Object.fromEntries(rows.map((r) => [r.id, r.attended]))).toEqual({ [all[0]!]: true, [all[1]!]: false, [all[2]!]: true });
    expect(rows.every((r) => r.attendance_recorded_by === facilitator.id)).toBe(true);

    const future = await buildWebinarSession(deps.db, { cohortId: cohort.id, facilitatorId: facilitator.id, startsAt: new Date(Date.now() + 86_400_000) });
    const booking = await book(future.id, enrolments[0]!.id);
    const early = await getPage(app, `/admin/sessions/${future.id}`, adminSession);
    expect(early.html).toContain('Attendance can be recorded once the session has started.');
    const tooEarly = await postForm(app, `/admin/sessions/${future.id}/attendance`, adminSession, { booking: [booking.id], present: [booking.id] });
    expect(tooEarly.res.status).toBe(409);
    expect(tooEarly.html).toContain('class="error-summary"');
  });
});

describe('marking queue', () => {
  async function awaitingAssessor() {
    const setup = await enrolledLearner(deps.db, { questions: [singleQuestion('a'), openQuestion(2), openQuestion(3)] });
    const principal: Principal = { kind: 'person', id: setup.learner.id, roles: ['learner'], organisationId: null };
    const attempt = await startAttempt(deps, { enrolmentId: setup.enrolment.id, kind: 'certification', principal });
    const answers = (await answersFor(deps.db, attempt.questions.map((q) => q.id), 1)).map((a) => ('text' in a ? { ...a, text: '<b>Step 1</b>: "log in" with itsme & CSAM' } : a));
    await submitAttempt(deps, { enrolmentId: setup.enrolment.id, attemptId: attempt.id, answers, principal });
    await markAttemptJob.process(deps, { attemptId: attempt.id });
    return { ...setup, attemptId: attempt.id, open: attempt.questions.filter((q) => q.type === 'open').map((q) => q.id) };
  }

  it('shows the question and the answer as text, and records the points and comments (303)', async () => {
    const assessor = await buildPerson(deps.db, { roles: ['assessor'] });
    const session = await pageSession(assessor);
    const setup = await awaitingAssessor();
    const { html } = await getPage(app, '/admin/marking', session);
    expect(html).toContain('Lotte Leerling');
    expect(html).toContain('Open (en)');
    expect(html).toContain('&lt;b&gt;Step 1&lt;/b&gt;: &quot;log in&quot; with itsme &amp; CSAM');
    expect(html).not.toContain('<b>Step 1</b>');
    expect(html).not.toContain(setup.learner.email);
    const [first, second] = setup.open as [string, string];
    expect(html).toContain(`id="points-${setup.attemptId}-${first}"`);

    const tooMany = await postForm(app, `/admin/marking/${setup.attemptId}`, session, { [`points.${first}`]: '5', [`points.${second}`]: '1' });
    expect(tooMany.res.status).toBe(422);
    expect(tooMany.html).toContain('Give a whole number of points from 0 to 2.');
    expect(await deps.db.selectFrom('open_answer_marks').select('question_id').where('attempt_id', '=', setup.attemptId).execute()).toEqual([]);

    const { res } = await postForm(app, `/admin/marking/${setup.attemptId}`, session, { [`points.${first}`]: '2', [`comment.${first}`]: 'Clear and patient', [`points.${second}`]: '1' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/marking?marked=1');
    const marks = await deps.db.selectFrom('open_answer_marks').select(['question_id', 'points', 'comment', 'assessor_id']).where('attempt_id', '=', setup.attemptId).orderBy('points', 'desc').execute();
    expect(marks).toEqual([
      { question_id: first, points: 2, comment: 'Clear and patient', assessor_id: assessor.id },
      { question_id: second, points: 1, comment: null, assessor_id: assessor.id },
    ]);
    const attempt = await deps.db.selectFrom('attempts').select(['status', 'score_points']).where('id', '=', setup.attemptId).executeTakeFirstOrThrow();
    expect(attempt).toEqual({ status: 'marked', score_points: 4 });
    expect((await getPage(app, '/admin/marking?marked=1', session)).html).not.toContain(`/admin/marking/${setup.attemptId}`);
  });

  it('refuses marks without the CSRF token (403) or for an attempt no longer waiting (409)', async () => {
    const session = await pageSession(await buildPerson(deps.db, { roles: ['assessor'] }));
    const setup = await awaitingAssessor();
    const fields = { [`points.${setup.open[0]}`]: '1' };
    expect((await postForm(app, `/admin/marking/${setup.attemptId}`, session, fields, { csrf: null })).res.status).toBe(403);
    expect((await postForm(app, `/admin/marking/${crypto.randomUUID()}`, session, fields)).res.status).toBe(409);
  });
});

describe('cohort follow-up and export', () => {
  it('shows each learner\'s progress, the rates and who is at risk; exports it as escaped CSV', async () => {
    const { version } = await buildProgramme(deps.db, { version: { moduleCount: 2, requiredWebinars: 0 } });
    const today = todayInBrussels(new Date());
    const cohort = await buildCohort(deps.db, { programmeVersionId: version.id, startsOn: addDays(today, -30), endsOn: addDays(today, 5) });
    const organisation = await buildOrganisation(deps.db, { name: 'Commune de Namur' });
    const done = await buildPerson(deps.db, { displayName: 'Dora Done', organisationId: organisation.id });
    const risky = await buildPerson(deps.db, { displayName: '=HYPERLINK("http://evil.example","click")', organisationId: organisation.id });
    const doneEnrolment = await buildEnrolment(deps.db, { cohortId: cohort.id, personId: done.id, status: 'completed' });
    const riskyEnrolment = await buildEnrolment(deps.db, { cohortId: cohort.id, personId: risky.id, status: 'active' });
    const modules = await deps.db.selectFrom('programme_modules').select('id').where('programme_version_id', '=', version.id).execute();
    await deps.db.insertInto('module_progress').values([
      ...modules.map((m) => ({ enrolment_id: doneEnrolment.id, module_id: m.id, started_at: new Date(Date.now() - 3_600_000), completed_at: new Date(Date.now() - 60_000), source: 'learner' as const })),
      { enrolment_id: riskyEnrolment.id, module_id: modules[0]!.id, started_at: new Date(Date.now() - 3_600_000), completed_at: new Date(Date.now() - 60_000), source: 'learner' as const },
    ]).execute();

    const { res, html } = await getPage(app, `/admin/cohorts/${cohort.id}`, adminSession);
    expect(res.status).toBe(200);
    const text = visibleText(html);
    expect(text).toContain('Completion rate 50%');
    expect(text).toMatch(/Dora Done Commune de Namur Completed 2 \/ 2/);
    expect(text).toContain('Yes: 5 days left');
    expect(html).toContain('&quot;http://evil.example&quot;');

    const dashboard = visibleText((await getPage(app, '/admin', adminSession)).html);
    expect(dashboard).toContain('Commune de Namur');
    expect(dashboard).toContain('1 module');

    const csv = await app.request(`/admin/cohorts/${cohort.id}/enrolments.csv`, { headers: { cookie: adminSession.cookie } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="enrolments-/);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const body = new TextDecoder().decode(bytes);
    expect(body.startsWith('"enrolment_id","learner"')).toBe(true);
    expect(body).toContain(`"${riskyEnrolment.id}","'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(body).toContain('"Dora Done"');
    expect(body.split('\r\n').filter(Boolean)).toHaveLength(3);
  });

  it('quotes every CSV cell and neutralises spreadsheet formulas', () => {
    expect(csvCell('plain')).toBe('"plain"');
    expect(csvCell('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    for (const risky of ['=1+1', '+32 2 123', '-2', '@SUM(A1)', '\t=1', '\r=1']) expect(csvCell(risky).startsWith(`"'`)).toBe(true);
    expect(csvCell(null)).toBe('""');
    expect(csvCell(3)).toBe('"3"');
    expect(csvCell(new Date('2026-01-02T03:04:05Z'))).toBe('"2026-01-02T03:04:05.000Z"');
    expect(csvDocument(['a'], [['x']])).toBe('\uFEFF"a"\r\n"x"\r\n');
  });
});
