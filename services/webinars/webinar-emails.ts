import { sql } from 'kysely';
import type { Deps } from '../deps.ts';
import type { Executor } from '../db/database.ts';
import { queueEmail } from '../email/email.usecases.ts';
import { PROGRESSING_STATUSES } from '../learning/enrolment-context.ts';

/**
 * Queues the 'webinar-booked' or 'webinar-reminder' email of a booking, in the
 * caller's transaction, in the learner's language (people.locale).
 */
export async function queueWebinarEmail(trx: Executor, template: 'webinar-booked' | 'webinar-reminder', bookingId: string): Promise<void> {
  const row = await trx
    .selectFrom('webinar_bookings as b')
    .innerJoin('webinar_sessions as s', 's.id', 'b.session_id')
    .innerJoin('enrolments as e', 'e.id', 'b.enrolment_id')
    .innerJoin('people as l', 'l.id', 'e.person_id')
    .select(['l.id as person_id', 'l.email', 'l.display_name', 'l.locale', 'l.erased_at', 's.title', 's.starts_at', 's.duration_minutes', 's.join_url'])
    .where('b.id', '=', bookingId)
    .executeTakeFirstOrThrow();
  // An erased learner has no address left to write to.
  if (row.erased_at) return;
  await queueEmail(trx, {
    to: row.email,
    locale: row.locale,
    template,
    personId: row.person_id,
    data: {
      displayName: row.display_name,
      webinarTitle: row.title,
      startsAt: row.starts_at.toISOString(),
      durationMinutes: row.duration_minutes,
      ...(row.join_url ? { joinUrl: row.join_url } : {}),
    },
  });
}

/** How far ahead of a session its reminder goes out. */
export const REMINDER_LEAD_MS = 24 * 3_600_000;

/**
 * Queues the reminder of every live booking whose session starts within the
 * next 24 hours and has not started, once per booking: each booking is claimed
 * by a conditional UPDATE in the transaction that queues its email, so two
 * runs at once, or a run retried after a crash, never remind twice. A booking
 * cancelled before its claim gets none. Returns how many were queued.
 */
export async function queueWebinarReminders({ db, clock }: Pick<Deps, 'db' | 'clock'>, options: { limit?: number } = {}): Promise<number> {
  const now = clock.now();
  const due = await db
    .selectFrom('webinar_bookings as b')
    .innerJoin('webinar_sessions as s', 's.id', 'b.session_id')
    .innerJoin('enrolments as e', 'e.id', 'b.enrolment_id')
    .select('b.id')
    // A learner who withdrew or lapsed is not expected any more.
    .where('e.status', 'in', PROGRESSING_STATUSES)
    .where('b.cancelled_at', 'is', null)
    .where('b.reminder_queued_at', 'is', null)
    .where('s.starts_at', '>', now)
    .where('s.starts_at', '<=', new Date(now.getTime() + REMINDER_LEAD_MS))
    .orderBy('s.starts_at')
    .limit(options.limit ?? 1_000)
    .execute();
  let queued = 0;
  for (const { id } of due) {
    queued += await db.transaction().execute(async (trx) => {
      const claimed = await trx
        .updateTable('webinar_bookings')
        .set({ reminder_queued_at: sql<Date>`now()` })
        .where('id', '=', id)
        .where('reminder_queued_at', 'is', null)
        .where('cancelled_at', 'is', null)
        .returning('id')
        .executeTakeFirst();
      if (!claimed) return 0;
      await queueWebinarEmail(trx, 'webinar-reminder', id);
      return 1;
    });
  }
  return queued;
}
