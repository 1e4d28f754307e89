import { sql } from 'kysely';
import { certifyIfComplete } from '../certification/certification.usecases.ts';
import type { Deps } from '../deps.ts';
import type { Executor } from '../db/database.ts';
import { isUniqueViolation } from '../db/database.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { activateOnFirstProgress, assertProgressing } from '../learning/enrolment-context.ts';
import { queueWebinarEmail } from './webinar-emails.ts';
import { webinarErrors } from './webinars.errors.ts';
import { webinarsRepository } from './webinars.repository.ts';
import { isAdmin, type Person } from './webinars.usecases.ts';
import { bookingView, rosterView } from './webinars.views.ts';

type BookingDeps = Pick<Deps, 'db' | 'clock' | 'queues' | 'logger'>;

/**
 * A learner books a seat in a webinar session of their cohort (approved or
 * active enrolment; the booking is progress, so an approved enrolment becomes
 * active). Never past the capacity, whatever the concurrency: the seat is taken
 * by one conditional UPDATE. One live booking per topic (a learner marked
 * absent may book the topic again). The 'webinar-booked' email is queued in the
 * same transaction.
 */
export async function bookSession(deps: BookingDeps, input: { sessionId: string; principal: Person }) {
  const booking = await deps.db.transaction().execute(async (trx) => {
    const repo = webinarsRepository(trx);
    const session = await repo.findSession(input.sessionId);
    if (!session) throw webinarErrors.sessionNotFound(`No session ${input.sessionId}`);
    // Locked first, so one learner's concurrent bookings are checked one after the other.
    const enrolment = await repo.lockLiveEnrolment(session.cohort_id, input.principal.id);
    if (!enrolment) throw webinarErrors.notInCohort();
    assertProgressing(enrolment);
    if (session.starts_at <= deps.clock.now()) throw webinarErrors.sessionStarted();
    const held = await repo.liveBookingsOnTopic(enrolment.id, session.cohort_id, session.topic);
    if (held.some((b) => b.session_id === session.id)) throw webinarErrors.alreadyBooked();
    if (held.length) throw webinarErrors.topicAlreadyBooked(`Topic ${session.topic} is booked or attended already`, { extensions: { bookingId: held[0]!.id } });
    if (!(await repo.takeSeat(session.id))) throw webinarErrors.sessionFull(`All ${session.capacity} seats are taken`);
    const booking = await repo.insertBooking(session.id, enrolment.id).catch((error: unknown) => {
      throw isUniqueViolation(error, 'webinar_bookings_one_live') ? webinarErrors.alreadyBooked() : error;
    });
    await activateOnFirstProgress(trx, enrolment, input.principal);
    await queueWebinarEmail(trx, 'webinar-booked', booking.id);
    return booking;
  });
  return bookingView(booking);
}

/**
 * Cancels a booking before its session starts and gives the seat back: the
 * learner's own, or any as an administrator (audited).
 */
export async function cancelBooking({ db, clock }: Pick<Deps, 'db' | 'clock'>, input: { bookingId: string; principal: Person }) {
  return db.transaction().execute(async (trx) => {
    const repo = webinarsRepository(trx);
    const booking = await repo.findBooking(input.bookingId);
    if (!booking) throw webinarErrors.bookingNotFound(`No booking ${input.bookingId}`);
    const own = booking.person_id === input.principal.id;
    if (!own && !isAdmin(input.principal)) throw webinarErrors.notYourBooking();
    // Same lock order as booking: enrolment, then session, then booking.
    await trx.selectFrom('enrolments').select('id').where('id', '=', booking.enrolment_id).forUpdate().execute();
    if (booking.starts_at <= clock.now()) throw webinarErrors.sessionStarted('A booking cannot be cancelled once its session has started');
    const cancelled = await repo.cancelBooking(booking.id);
    if (!cancelled) throw webinarErrors.bookingCancelled();
    await repo.releaseSeat(booking.session_id);
    if (!own) {
      await recordAudit(trx, { actor: input.principal, action: 'webinar_booking.cancelled', subjectType: 'webinar_booking', subjectId: booking.id, details: { sessionId: booking.session_id } });
    }
    return bookingView(cancelled);
  });
}

/**
 * The session's facilitator (or an administrator) records who attended, once
 * the session has started. Every booking id must be a live booking of the
 * session, or nothing is recorded (422). Recording again corrects. Audited.
 */
export async function recordAttendance(
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  input: { sessionId: string; attendance: Array<{ bookingId: string; attended: boolean }>; principal: Person },
) {
  return db.transaction().execute(async (trx) => {
    const repo = webinarsRepository(trx);
    const session = await repo.findSession(input.sessionId);
    if (!session) throw webinarErrors.sessionNotFound(`No session ${input.sessionId}`);
    if (!isAdmin(input.principal) && session.facilitator_id !== input.principal.id) throw webinarErrors.notSessionFacilitator();
    if (session.starts_at > clock.now()) throw webinarErrors.sessionNotStarted(`The session starts at ${session.starts_at.toISOString()}`);
    const present = input.attendance.filter((a) => a.attended).map((a) => a.bookingId);
    const absent = input.attendance.filter((a) => !a.attended).map((a) => a.bookingId);
    const changed = new Set([
      ...(await repo.recordAttendance(session.id, present, true, input.principal.id)),
      ...(await repo.recordAttendance(session.id, absent, false, input.principal.id)),
    ]);
    const unknown = input.attendance.map((a) => a.bookingId).filter((id) => !changed.has(id));
    // Thrown inside the transaction: the rows already updated roll back with it.
    if (unknown.length) throw webinarErrors.unknownBookings(`Not live bookings of this session: ${unknown.join(', ')}`, { extensions: { bookingIds: unknown } });
    await recordAudit(trx, { actor: input.principal, action: 'webinar.attendance_recorded', subjectType: 'webinar_session', subjectId: session.id, details: { present, absent } });
    // An attendance may be the last missing requirement of each present learner.
    if (present.length) {
      const enrolments = await trx.selectFrom('webinar_bookings').select('enrolment_id').where('id', 'in', present).execute();
      for (const { enrolment_id } of enrolments) await certifyIfComplete(trx, enrolment_id, input.principal);
    }
    return rosterView(session, await repo.roster(session.id));
  });
}

/**
 * Cancels an enrolment's bookings of sessions not yet started and gives their
 * seats back, in the caller's transaction: for the enrolment use cases that end
 * an enrolment (withdrawal, lapse), so a small group's seat is not held by
 * someone who will not come. Returns how many bookings were cancelled.
 */
export async function releaseWebinarBookings(executor: Executor, enrolmentId: string, now: Date): Promise<number> {
  const cancelled = await executor
    .updateTable('webinar_bookings as b')
    .from('webinar_sessions as s')
    .set({ cancelled_at: sql<Date>`now()` })
    .whereRef('s.id', '=', 'b.session_id')
    .where('b.enrolment_id', '=', enrolmentId)
    .where('b.cancelled_at', 'is', null)
    .where('s.starts_at', '>', now)
    .returning('b.session_id')
    .execute();
  const repo = webinarsRepository(executor);
  for (const { session_id } of cancelled) await repo.releaseSeat(session_id);
  return cancelled.length;
}
