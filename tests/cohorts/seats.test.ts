import { describe, expect, it } from 'vitest';
import { releaseSeat, takeSeat } from '../../services/cohorts/cohort-seats.ts';
import { createDatabase } from '../../services/db/database.ts';
import { AppError } from '../../services/shared/errors.ts';
import { testContext } from '../helpers/context.ts';
import { createTestDeps } from '../helpers/deps.ts';
import { buildCohort } from '../helpers/factories.ts';

const deps = createTestDeps();

async function seats(cohortId: string) {
  return deps.db.selectFrom('cohorts').select(['capacity', 'seats_taken']).where('id', '=', cohortId).executeTakeFirstOrThrow();
}

function codeOf(result: PromiseSettledResult<unknown>): string {
  if (result.status === 'fulfilled') return 'ok';
  return result.reason instanceof AppError ? result.reason.code : String(result.reason);
}

describe('takeSeat', () => {
  it('gives exactly 5 of 20 concurrent enrolment transactions the last 5 seats', async () => {
    const cohort = await buildCohort(deps.db, { capacity: 30, seatsTaken: 25 });
    // A pool as wide as the race, so all 20 transactions are open at the same time.
    const { db, pool } = createDatabase(testContext.databaseUrl, { max: 20 });
    try {
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, () =>
          db.transaction().execute(async (trx) => {
            const taken = await takeSeat(trx, cohort.id);
            // The enrolment would write its row here; hold the transaction open meanwhile.
            await new Promise((r) => setTimeout(r, 20));
            return taken;
          }),
        ),
      );
      const codes = results.map(codeOf);
      expect(codes.filter((c) => c === 'ok')).toHaveLength(5);
      expect(codes.filter((c) => c === 'cohorts.full')).toHaveLength(15);
      const counts = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.seatsTaken] : [])).sort((a, b) => a - b);
      expect(counts).toEqual([26, 27, 28, 29, 30]);
    } finally {
      await db.destroy();
      void pool;
    }
    expect(await seats(cohort.id)).toEqual({ capacity: 30, seats_taken: 30 });
  });

  it('answers cohorts.full with 409 when the cohort is full, and cohorts.not_found for an unknown cohort', async () => {
    const cohort = await buildCohort(deps.db, { capacity: 1, seatsTaken: 1 });
    await expect(takeSeat(deps.db, cohort.id)).rejects.toMatchObject({ code: 'cohorts.full', status: 409 });
    await expect(takeSeat(deps.db, crypto.randomUUID())).rejects.toMatchObject({ code: 'cohorts.not_found', status: 404 });
  });

  it('gives the seat back when the enrolment transaction rolls back', async () => {
    const cohort = await buildCohort(deps.db, { capacity: 1 });
    await expect(
      deps.db.transaction().execute(async (trx) => {
        await takeSeat(trx, cohort.id);
        throw new Error('enrolment failed after taking the seat');
      }),
    ).rejects.toThrow(/enrolment failed/);
    expect((await seats(cohort.id)).seats_taken).toBe(0);
    expect(await takeSeat(deps.db, cohort.id)).toEqual({ cohortId: cohort.id, capacity: 1, seatsTaken: 1 });
  });
});

describe('releaseSeat', () => {
  it('frees a seat for the next taker, and refuses to release more seats than were taken', async () => {
    const cohort = await buildCohort(deps.db, { capacity: 2, seatsTaken: 2 });
    expect(await releaseSeat(deps.db, cohort.id)).toEqual({ cohortId: cohort.id, capacity: 2, seatsTaken: 1 });
    await takeSeat(deps.db, cohort.id);
    await releaseSeat(deps.db, cohort.id);
    await releaseSeat(deps.db, cohort.id);
    await expect(releaseSeat(deps.db, cohort.id)).rejects.toMatchObject({ code: 'cohorts.no_seat_taken', status: 409 });
    expect((await seats(cohort.id)).seats_taken).toBe(0);
    await expect(releaseSeat(deps.db, crypto.randomUUID())).rejects.toMatchObject({ code: 'cohorts.not_found' });
  });
});
