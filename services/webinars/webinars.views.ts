import type { BookingRow, RosterRow, SessionRow } from './webinars.repository.ts';

export function bookingView(b: BookingRow) {
  return {
    id: b.id,
    sessionId: b.session_id,
    enrolmentId: b.enrolment_id,
    bookedAt: b.booked_at.toISOString(),
    cancelledAt: b.cancelled_at?.toISOString() ?? null,
    attended: b.attended,
  };
}

/** A session with its seats and facilitator (name only); `myBooking` for a learner's own live booking. */
export function sessionView(s: SessionRow, myBooking?: BookingRow | null) {
  return {
    id: s.id,
    cohortId: s.cohort_id,
    topic: s.topic,
    title: s.title,
    language: s.language,
    startsAt: s.starts_at.toISOString(),
    durationMinutes: s.duration_minutes,
    capacity: s.capacity,
    seatsTaken: s.seats_taken,
    seatsLeft: s.capacity - s.seats_taken,
    facilitator: { id: s.facilitator_id, displayName: s.facilitator_name },
    joinUrl: s.join_url,
    ...(myBooking === undefined ? {} : { myBooking: myBooking ? bookingView(myBooking) : null }),
  };
}

export function rosterView(session: SessionRow, bookings: RosterRow[]) {
  return {
    session: sessionView(session),
    bookings: bookings.map((b) => ({ ...bookingView(b), learner: { id: b.learner_id, displayName: b.learner_name } })),
  };
}
