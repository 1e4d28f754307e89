import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { Locale } from '../db/schema/foundation.ts';

const sessionColumns = [
  's.id', 's.cohort_id', 's.topic', 's.title', 's.language', 's.starts_at', 's.duration_minutes', 's.capacity', 's.seats_taken',
  's.facilitator_id', 's.join_url', 'f.display_name as facilitator_name',
] as const;

const bookingColumns = ['id', 'session_id', 'enrolment_id', 'booked_at', 'cancelled_at', 'attended'] as const;

/** Webinar sessions (with their seat counter) and bookings. */
export function webinarsRepository(db: Executor) {
  const sessions = () => db.selectFrom('webinar_sessions as s').innerJoin('people as f', 'f.id', 's.facilitator_id');

  return {
    async insertSession(values: {
      cohortId: string; topic: number; title: string; language: Locale; startsAt: Date;
      durationMinutes: number; capacity: number; facilitatorId: string; joinUrl: string | null;
    }) {
      return db
        .insertInto('webinar_sessions')
        .values({
          cohort_id: values.cohortId, topic: values.topic, title: values.title, language: values.language, starts_at: values.startsAt,
          duration_minutes: values.durationMinutes, capacity: values.capacity, facilitator_id: values.facilitatorId, join_url: values.joinUrl,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    },

    async findSession(id: string) {
      return sessions().select(sessionColumns).where('s.id', '=', id).executeTakeFirst();
    },

    async sessionsOfCohort(cohortId: string) {
      return sessions().select(sessionColumns).where('s.cohort_id', '=', cohortId).orderBy('s.starts_at').orderBy('s.id').execute();
    },

    /**
     * Takes one seat: one conditional UPDATE, so concurrent bookers wait on the
     * row lock and re-check the committed count; the last seat goes to one of them.
     * Undefined when the session is full. A rollback gives the seat back.
     */
    async takeSeat(sessionId: string) {
      return db
        .updateTable('webinar_sessions')
        .set((eb) => ({ seats_taken: eb('seats_taken', '+', 1) }))
        .where('id', '=', sessionId)
        .whereRef('seats_taken', '<', 'capacity')
        .returning(['id', 'seats_taken'])
        .executeTakeFirst();
    },

    async releaseSeat(sessionId: string) {
      await db
        .updateTable('webinar_sessions')
        .set((eb) => ({ seats_taken: eb('seats_taken', '-', 1) }))
        .where('id', '=', sessionId)
        .where('seats_taken', '>', 0)
        .execute();
    },

    async insertBooking(sessionId: string, enrolmentId: string) {
      return db.insertInto('webinar_bookings').values({ session_id: sessionId, enrolment_id: enrolmentId }).returning(bookingColumns).executeTakeFirstOrThrow();
    },

    /** Live bookings of the enrolment on the topic whose attendance is not recorded as absent (booked or attended). */
    async liveBookingsOnTopic(enrolmentId: string, cohortId: string, topic: number) {
      return db
        .selectFrom('webinar_bookings as b')
        .innerJoin('webinar_sessions as s', 's.id', 'b.session_id')
        .select(['b.id', 'b.session_id', 'b.attended'])
        .where('b.enrolment_id', '=', enrolmentId)
        .where('s.cohort_id', '=', cohortId)
        .where('s.topic', '=', topic)
        .where('b.cancelled_at', 'is', null)
        .where((eb) => eb.or([eb('b.attended', 'is', null), eb('b.attended', '=', true)]))
        .execute();
    },

    async findBooking(id: string) {
      return db
        .selectFrom('webinar_bookings as b')
        .innerJoin('enrolments as e', 'e.id', 'b.enrolment_id')
        .innerJoin('webinar_sessions as s', 's.id', 'b.session_id')
        .select(['b.id', 'b.session_id', 'b.enrolment_id', 'b.cancelled_at', 'e.person_id', 's.starts_at'])
        .where('b.id', '=', id)
        .executeTakeFirst();
    },

    /** Cancels a live booking; undefined when it was cancelled already (by a concurrent call too). */
    async cancelBooking(id: string) {
      return db
        .updateTable('webinar_bookings')
        .set({ cancelled_at: sql<Date>`now()` })
        .where('id', '=', id)
        .where('cancelled_at', 'is', null)
        .returning(bookingColumns)
        .executeTakeFirst();
    },

    async bookingsOfEnrolment(enrolmentId: string, sessionIds: string[]) {
      if (!sessionIds.length) return [];
      return db
        .selectFrom('webinar_bookings')
        .select(bookingColumns)
        .where('enrolment_id', '=', enrolmentId)
        .where('session_id', 'in', sessionIds)
        .where('cancelled_at', 'is', null)
        .execute();
    },

    /** The live bookings of a session with their learners' names. */
    async roster(sessionId: string) {
      return db
        .selectFrom('webinar_bookings as b')
        .innerJoin('enrolments as e', 'e.id', 'b.enrolment_id')
        .innerJoin('people as l', 'l.id', 'e.person_id')
        .select(['b.id', 'b.session_id', 'b.enrolment_id', 'b.booked_at', 'b.cancelled_at', 'b.attended', 'l.id as learner_id', 'l.display_name as learner_name'])
        .where('b.session_id', '=', sessionId)
        .where('b.cancelled_at', 'is', null)
        .orderBy('l.display_name')
        .execute();
    },

    /** Records attendance on live bookings of the session; returns the ids it changed. */
    async recordAttendance(sessionId: string, bookingIds: string[], attended: boolean, recordedBy: string) {
      if (!bookingIds.length) return [];
      const rows = await db
        .updateTable('webinar_bookings')
        .set({ attended, attendance_recorded_at: sql<Date>`now()`, attendance_recorded_by: recordedBy })
        .where('session_id', '=', sessionId)
        .where('id', 'in', bookingIds)
        .where('cancelled_at', 'is', null)
        .returning('id')
        .execute();
      return rows.map((r) => r.id);
    },

    async isCohortFacilitator(cohortId: string, personId: string): Promise<boolean> {
      const row = await db.selectFrom('cohort_facilitators').select('person_id').where('cohort_id', '=', cohortId).where('person_id', '=', personId).executeTakeFirst();
      return !!row;
    },

    /** The caller's enrolment in a cohort that is neither rejected nor withdrawn, locked for a booking. */
    async lockLiveEnrolment(cohortId: string, personId: string) {
      return db
        .selectFrom('enrolments')
        .select(['id', 'status'])
        .where('cohort_id', '=', cohortId)
        .where('person_id', '=', personId)
        .where('status', 'not in', ['rejected', 'withdrawn'])
        .forUpdate()
        .executeTakeFirst();
    },
  };
}

export type SessionRow = NonNullable<Awaited<ReturnType<ReturnType<typeof webinarsRepository>['findSession']>>>;
export type BookingRow = Awaited<ReturnType<ReturnType<typeof webinarsRepository>['insertBooking']>>;
export type RosterRow = Awaited<ReturnType<ReturnType<typeof webinarsRepository>['roster']>>[number];
