import type { Executor } from '../db/database.ts';
import { cohortErrors } from './cohorts.errors.ts';

export interface SeatCount {
  cohortId: string;
  capacity: number;
  seatsTaken: number;
}

async function explainNoRow(executor: Executor, cohortId: string, whenFound: () => Error): Promise<never> {
  const exists = await executor.selectFrom('cohorts').select('id').where('id', '=', cohortId).executeTakeFirst();
  throw exists ? whenFound() : cohortErrors.notFound(`No cohort ${cohortId}`);
}

/**
 * Takes one seat in a cohort, in the caller's transaction (the enrolment that
 * needs the seat). One conditional UPDATE: PostgreSQL locks the row, and a
 * concurrent taker waiting on that lock re-checks `seats_taken < capacity`
 * against the committed count, so the last seat goes to exactly one of them.
 * A rollback gives the seat back. The row stays locked until the caller's
 * transaction ends, so other takers of this cohort wait: keep it short.
 * Throws `cohorts.full` (409) when no seat is left, `cohorts.not_found` (404).
 */
export async function takeSeat(executor: Executor, cohortId: string): Promise<SeatCount> {
  const row = await executor
    .updateTable('cohorts')
    .set((eb) => ({ seats_taken: eb('seats_taken', '+', 1) }))
    .where('id', '=', cohortId)
    .whereRef('seats_taken', '<', 'capacity')
    .returning(['id', 'capacity', 'seats_taken'])
    .executeTakeFirst();
  if (!row) return explainNoRow(executor, cohortId, () => cohortErrors.full(`Cohort ${cohortId} has no seat left`));
  return { cohortId: row.id, capacity: row.capacity, seatsTaken: row.seats_taken };
}

/**
 * Gives a seat back (a withdrawn or rejected enrolment), in the caller's
 * transaction. Throws `cohorts.no_seat_taken` (409) when the count is already
 * zero: releasing twice is a bug in the caller, not something to hide.
 */
export async function releaseSeat(executor: Executor, cohortId: string): Promise<SeatCount> {
  const row = await executor
    .updateTable('cohorts')
    .set((eb) => ({ seats_taken: eb('seats_taken', '-', 1) }))
    .where('id', '=', cohortId)
    .where('seats_taken', '>', 0)
    .returning(['id', 'capacity', 'seats_taken'])
    .executeTakeFirst();
  if (!row) return explainNoRow(executor, cohortId, () => cohortErrors.noSeatTaken(`Cohort ${cohortId} has no taken seat`));
  return { cohortId: row.id, capacity: row.capacity, seatsTaken: row.seats_taken };
}
