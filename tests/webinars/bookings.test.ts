import { describe, expect, it } from 'vitest';
import { createApp } from '../../services/app.ts';
import { attendedWebinars, learningProgress } from '../../services/learning/progress.ts';
import { releaseWebinarBookings } from '../../services/webinars/bookings.usecases.ts';
import { createTestDeps } from '../helpers/deps.ts';
import { buildCohort, buildEnrolment, buildPerson, buildProgramme, buildWebinarSession, sessionHeaders } from '../helpers/factories.ts';
import { expectProblem, readJson } from '../helpers/http.ts';

// A clock the tests move forward, to reach a session's start without waiting for it. Moves stay
// within the sessions' 10-minute token lifetime (tokens are checked against this clock too).
let offsetMs = 0;
const SOON_MS = 2 * 60_000;
const AFTER_SOON_MS = 5 * 60_000;
const deps = createTestDeps({ clock: { now: () => new Date(Date.now() + offsetMs) } });
const app = createApp(deps);
const { version } = await buildProgramme(deps.db, { version: { requiredWebinars: 3, moduleCount: 2 } });
const facilitator = await buildPerson(deps.db, { roles: ['facilitator'] });
const cohort = await buildCohort(deps.db, { programmeVersionId: version.id, facilitatorIds: [facilitator.id] });
const HOUR = 3_600_000;

function post(path: string, body: unknown, headers: Record<string, string>, method = 'POST') {
  return app.request(path, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function learnerOf(status: 'approved' | 'active' | 'requested' | 'withdrawn' = 'approved', locale: 'fr' | 'nl' | 'de' | 'en' = 'nl') {
  const learner = await buildPerson(deps.db, { locale });
  const enrolment = await buildEnrolment(deps.db, { cohortId: cohort.id, personId: learner.id, status });
  return { learner, enrolment, headers: await sessionHeaders(learner) };
}

const session = (overrides: { topic?: number; capacity?: number; startsAt?: Date } = {}) =>
  buildWebinarSession(deps.db, { cohortId: cohort.id, facilitatorId: facilitator.id, startsAt: new Date(Date.now() + 48 * HOUR), ...overrides });
const book = (sessionId: string, headers: Record<string, string>) => post(`/api/v1/webinar-sessions/${sessionId}/bookings`, undefined, headers);
const cancel = (bookingId: string, headers: Record<string, string>) => post(`/api/v1/webinar-bookings/${bookingId}/cancel`, undefined, headers);
const attendance = (sessionId: string, records: Array<{ bookingId: string; attended: boolean }>, headers: Record<string, string>) =>
  post(`/api/v1/webinar-sessions/${sessionId}/attendance`, { attendance: records }, headers, 'PUT');

async function seatsTaken(sessionId: string) {
  return (await deps.db.selectFrom('webinar_sessions').select('seats_taken').where('id', '=', sessionId).executeTakeFirstOrThrow()).seats_taken;
}

describe('booking a webinar session', () => {
  it("books a seat, queues the booked email in the learner's language and makes the approved enrolment active", async () => {
    const s = await session({ capacity: 4 });
    const { learner, enrolment, headers } = await learnerOf('approved', 'de');
    const res = await book(s.id, headers);
    expect(res.status).toBe(201);
    const booking = await readJson(res);
    expect(booking).toMatchObject({ sessionId: s.id, enrolmentId: enrolment.id, cancelledAt: null, attended: null });
    expect(await seatsTaken(s.id)).toBe(1);
    const emails = await deps.db.selectFrom('emails').select(['template', 'locale', 'data']).where('person_id', '=', learner.id).execute();
    expect(emails).toEqual([{ template: 'webinar-booked', locale: 'de', data: expect.objectContaining({ webinarTitle: s.title, durationMinutes: 90, startsAt: s.starts_at.toISOString() }) }]);
    expect((await deps.db.selectFrom('enrolments').select('status').where('id', '=', enrolment.id).executeTakeFirstOrThrow()).status).toBe('active');
    const listed = await readJson(await app.request(`/api/v1/cohorts/${cohort.id}/webinar-sessions`, { headers }));
    expect(listed.sessions.find((x: { id: string }) => x.id === s.id)).toMatchObject({ seatsLeft: 3, myBooking: { id: booking.id } });
  });

  it('never exceeds the capacity: 20 learners booking 3 seats at once get 3 bookings and 17 session_full answers', async () => {
    const s = await session({ capacity: 3 });
    const learners = await Promise.all(Array.from({ length: 20 }, () => learnerOf('active')));
    const responses = await Promise.all(learners.map((l) => book(s.id, l.headers)));
    const codes = await Promise.all(responses.map(async (r) => (r.status === 201 ? 'ok' : (await readJson(r)).code)));
    expect(codes.filter((c) => c === 'ok')).toHaveLength(3);
    expect(codes.filter((c) => c === 'webinars.session_full')).toHaveLength(17);
    expect(await seatsTaken(s.id)).toBe(3);
    const live = await deps.db.selectFrom('webinar_bookings').select('id').where('session_id', '=', s.id).where('cancelled_at', 'is', null).execute();
    expect(live).toHaveLength(3);
    const emails = await deps.db.selectFrom('emails').select('id').where('person_id', 'in', learners.map((l) => l.learner.id)).execute();
    expect(emails).toHaveLength(3);
  });

  it('refuses a second booking of the same session or of its topic; after cancelling, the learner may book again', async () => {
    const s = await session({ topic: 2 });
    const sameTopic = await session({ topic: 2, startsAt: new Date(Date.now() + 72 * HOUR) });
    const { headers } = await learnerOf();
    const booking = await readJson(await book(s.id, headers));
    await expectProblem(await book(s.id, headers), 409, 'webinars.already_booked');
    await expectProblem(await book(sameTopic.id, headers), 409, 'webinars.topic_already_booked');
    expect((await cancel(booking.id, headers)).status).toBe(200);
    expect((await book(sameTopic.id, headers)).status).toBe(201);
    expect(await seatsTaken(s.id)).toBe(0);
    expect(await seatsTaken(sameTopic.id)).toBe(1);
  });

  it('refuses started sessions, other cohorts, unapproved enrolments and unknown sessions; anonymous 401, staff 403', async () => {
    const { headers } = await learnerOf();
    const started = await session({ startsAt: new Date(Date.now() - HOUR) });
    await expectProblem(await book(started.id, headers), 409, 'webinars.session_started');
    const elsewhere = await buildWebinarSession(deps.db, { cohortId: (await buildCohort(deps.db, { programmeVersionId: version.id })).id });
    await expectProblem(await book(elsewhere.id, headers), 403, 'webinars.not_in_cohort');
    const s = await session();
    await expectProblem(await book(s.id, (await learnerOf('requested')).headers), 409, 'learning.enrolment_not_active');
    await expectProblem(await book(s.id, (await learnerOf('withdrawn')).headers), 403, 'webinars.not_in_cohort');
    await expectProblem(await book(crypto.randomUUID(), headers), 404, 'webinars.session_not_found');
    await expectProblem(await book(s.id, {}), 401, 'auth.unauthenticated');
    await expectProblem(await book(s.id, await sessionHeaders(facilitator)), 403, 'auth.forbidden');
    expect(await seatsTaken(s.id)).toBe(0);
  });
});

describe('cancelling a booking', () => {
  it("frees the seat before the start; twice is 409, another learner's 403, after the start 409", async () => {
    const s = await session({ capacity: 2, startsAt: new Date(Date.now() + SOON_MS) });
    const { headers } = await learnerOf();
    const booking = await readJson(await book(s.id, headers));
    await expectProblem(await cancel(booking.id, (await learnerOf()).headers), 403, 'webinars.not_your_booking');
    await expectProblem(await cancel(booking.id, {}), 401, 'auth.unauthenticated');
    await expectProblem(await cancel(booking.id, await sessionHeaders(facilitator)), 403, 'auth.forbidden');
    const res = await cancel(booking.id, headers);
    expect(res.status).toBe(200);
    expect((await readJson(res)).cancelledAt).toEqual(expect.any(String));
    expect(await seatsTaken(s.id)).toBe(0);
    await expectProblem(await cancel(booking.id, headers), 409, 'webinars.booking_cancelled');
    await expectProblem(await cancel(crypto.randomUUID(), headers), 404, 'webinars.booking_not_found');

    const kept = await readJson(await book(s.id, headers));
    offsetMs = AFTER_SOON_MS;
    try {
      await expectProblem(await cancel(kept.id, headers), 409, 'webinars.session_started');
      expect(await seatsTaken(s.id)).toBe(1);
    } finally {
      offsetMs = 0;
    }
  });

  it('lets an admin cancel any booking, audited', async () => {
    const s = await session();
    const booking = await readJson(await book(s.id, (await learnerOf()).headers));
    expect((await cancel(booking.id, await sessionHeaders(['admin']))).status).toBe(200);
    const audit = await deps.db.selectFrom('audit_events').select('action').where('subject_id', '=', booking.id).execute();
    expect(audit).toEqual([{ action: 'webinar_booking.cancelled' }]);
  });
});

describe('releaseWebinarBookings', () => {
  it("cancels an ending enrolment's bookings of sessions not yet started and frees their seats, keeping past ones", async () => {
    const { enrolment, headers } = await learnerOf();
    const upcoming = await session({ topic: 1 });
    const alsoUpcoming = await session({ topic: 2 });
    await book(upcoming.id, headers);
    await book(alsoUpcoming.id, headers);
    const past = await session({ topic: 3, startsAt: new Date(Date.now() - HOUR) });
    await deps.db.insertInto('webinar_bookings').values({ session_id: past.id, enrolment_id: enrolment.id, attended: true }).execute();
    expect(await deps.db.transaction().execute((trx) => releaseWebinarBookings(trx, enrolment.id, new Date()))).toBe(2);
    expect([await seatsTaken(upcoming.id), await seatsTaken(alsoUpcoming.id)]).toEqual([0, 0]);
    const live = await deps.db.selectFrom('webinar_bookings').select('session_id').where('enrolment_id', '=', enrolment.id).where('cancelled_at', 'is', null).execute();
    expect(live).toEqual([{ session_id: past.id }]);
    expect(await deps.db.transaction().execute((trx) => releaseWebinarBookings(trx, enrolment.id, new Date()))).toBe(0);
  });
});

describe('recording attendance', () => {
  it("is for the session's facilitator once it has started: another facilitator 403, before the start 409, audited", async () => {
    const s = await session({ startsAt: new Date(Date.now() + SOON_MS) });
    const a = await learnerOf();
    const b = await learnerOf();
    const bookingA = await readJson(await book(s.id, a.headers));
    const bookingB = await readJson(await book(s.id, b.headers));
    const records = [{ bookingId: bookingA.id, attended: true }, { bookingId: bookingB.id, attended: false }];
    const own = await sessionHeaders(facilitator);
    await expectProblem(await attendance(s.id, records, own), 409, 'webinars.session_not_started');
    offsetMs = AFTER_SOON_MS;
    try {
      await expectProblem(await attendance(s.id, records, await sessionHeaders(await buildPerson(deps.db, { roles: ['facilitator'] }))), 403, 'webinars.not_session_facilitator');
      await expectProblem(await attendance(s.id, records, a.headers), 403, 'auth.forbidden');
      await expectProblem(await attendance(s.id, records, {}), 401, 'auth.unauthenticated');
      const res = await attendance(s.id, records, own);
      expect(res.status).toBe(200);
      const roster = await readJson(res);
      expect(roster.bookings.map((x: { id: string; attended: boolean }) => [x.id, x.attended]).sort()).toEqual(
        [[bookingA.id, true], [bookingB.id, false]].sort(),
      );
      const audit = await deps.db.selectFrom('audit_events').select(['action', 'actor_id']).where('subject_id', '=', s.id).execute();
      expect(audit).toEqual([{ action: 'webinar.attendance_recorded', actor_id: facilitator.id }]);
      expect((await app.request(`/api/v1/webinar-sessions/${s.id}/bookings`, { headers: await sessionHeaders(['admin']) })).status).toBe(200);
    } finally {
      offsetMs = 0;
    }
  });

  it('changes nothing when one booking is not a live booking of the session (422)', async () => {
    const s = await session({ startsAt: new Date(Date.now() + SOON_MS) });
    const other = await session({ topic: 3 });
    const a = await learnerOf();
    const live = await readJson(await book(s.id, a.headers));
    const cancelled = await readJson(await book(s.id, (await learnerOf()).headers));
    await post(`/api/v1/webinar-bookings/${cancelled.id}/cancel`, undefined, await sessionHeaders(['admin']));
    const elsewhere = await readJson(await book(other.id, a.headers));
    offsetMs = AFTER_SOON_MS;
    try {
      const admin = await sessionHeaders(await buildPerson(deps.db, { roles: ['admin'] }));
      for (const wrong of [cancelled.id, elsewhere.id, crypto.randomUUID()]) {
        await expectProblem(await attendance(s.id, [{ bookingId: live.id, attended: true }, { bookingId: wrong, attended: true }], admin), 422, 'webinars.unknown_bookings');
      }
      await expectProblem(await attendance(s.id, [{ bookingId: live.id, attended: true }, { bookingId: live.id, attended: false }], admin), 400, 'request.invalid');
      const rows = await deps.db.selectFrom('webinar_bookings').select('attended').where('id', 'in', [live.id, cancelled.id, elsewhere.id]).execute();
      expect(rows.every((r) => r.attended === null)).toBe(true);
      // The same records without the wrong one go through, for an administrator too.
      expect((await attendance(s.id, [{ bookingId: live.id, attended: true }], admin)).status).toBe(200);
    } finally {
      offsetMs = 0;
    }
  });
});

describe('webinars attended', () => {
  it('counts distinct topics: a topic attended twice counts once; absences and other cohorts do not count', async () => {
    const learner = await buildPerson(deps.db);
    const enrolment = await buildEnrolment(deps.db, { cohortId: cohort.id, personId: learner.id, status: 'active' });
    const past = (daysAgo: number, topic: number) => session({ topic, startsAt: new Date(Date.now() - daysAgo * 24 * HOUR) });
    const attend = async (sessionId: string, attended: boolean | null) =>
      deps.db.insertInto('webinar_bookings').values({ session_id: sessionId, enrolment_id: enrolment.id, attended }).execute();
    const first = await past(10, 1);
    await attend(first.id, true);
    await attend((await past(8, 1)).id, true);
    await attend((await past(6, 2)).id, false);
    expect(await learningProgress(deps.db, enrolment.id)).toEqual({ modulesRequired: 2, modulesCompleted: 0, webinarsRequired: 3, webinarsAttended: 1 });
    const second = await past(4, 2);
    await attend(second.id, true);
    const third = await past(2, 3);
    await attend(third.id, true);
    const attended = await attendedWebinars(deps.db, enrolment.id);
    expect(attended.map((w) => [w.sessionId, w.topic])).toEqual([[first.id, 1], [second.id, 2], [third.id, 3]]);
    expect(attended[0]!.attendedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await learningProgress(deps.db, enrolment.id)).toMatchObject({ webinarsRequired: 3, webinarsAttended: 3 });
    await expect(learningProgress(deps.db, crypto.randomUUID())).rejects.toMatchObject({ code: 'learning.enrolment_not_found' });
  });
});
