import { sql } from 'kysely';
import type { Db, Executor } from '../db/database.ts';
import { jobDefinitions, jobId, type JobName, type JobPayload, type Queues } from '../queues.ts';
import { withTimeout } from './timeout.ts';

/** How long Redis may take to accept a batch before the rows are released for a later try. */
const REDIS_ACCEPT_TIMEOUT_MS = 5_000;

/**
 * The outbox: a use case writes the job it needs in its own transaction, so a
 * job exists exactly when its data does. Rows are moved to Redis after commit
 * (dispatchOutbox), and again by the periodic sweep if Redis was away.
 */
export async function addToOutbox<N extends JobName>(
  executor: Executor,
  name: N,
  payload: JobPayload<N>,
  options: { key: string; delayMs?: number },
): Promise<void> {
  const definition = jobDefinitions[name];
  const data = definition.schema.parse(payload);
  await executor
    .insertInto('outbox')
    .values({
      queue: definition.queue,
      job_name: name,
      job_id: jobId(name, options.key),
      payload: JSON.stringify(data),
      delay_ms: options.delayMs ?? 0,
    })
    .onConflict((oc) => oc.column('job_id').doNothing())
    .execute();
}

/**
 * Dispatches pending outbox rows to their queues; returns how many moved.
 * Rows are locked (SKIP LOCKED) so concurrent dispatchers never double-send,
 * and a row is marked dispatched only once Redis has accepted its job.
 */
export async function dispatchOutbox(db: Db, queues: Queues, limit = 500): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('outbox')
      .select(['id', 'queue', 'job_name', 'job_id', 'payload', 'delay_ms'])
      .where('dispatched_at', 'is', null)
      .orderBy('id')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (rows.length === 0) return 0;
    const added = rows.map((row) => {
      const queue = queues[row.queue as keyof Queues];
      if (!queue) throw new Error(`Outbox row ${row.id} names unknown queue ${row.queue}`);
      return queue.add(row.job_name, row.payload, { jobId: row.job_id, delay: row.delay_ms || undefined });
    });
    // A job added late (after the time-out rolled this back) is harmless: its id deduplicates it.
    await withTimeout(Promise.all(added), REDIS_ACCEPT_TIMEOUT_MS, 'Redis did not accept the outbox jobs');
    await trx
      .updateTable('outbox')
      .set({ dispatched_at: sql<Date>`now()` })
      .where('id', 'in', rows.map((r) => r.id))
      .execute();
    return rows.length;
  });
}

const dispatching = new WeakMap<object, { running: boolean; again: boolean }>();

/**
 * Dispatches the outbox now, in the background, so a job written by a request or a
 * job that just committed starts at once rather than at the next periodic sweep.
 * One dispatch at a time per process; a call during one schedules one more. Errors are
 * left to the sweep, which retries.
 */
export function dispatchSoon(deps: { db: Db; queues: Queues }): void {
  let state = dispatching.get(deps.db);
  if (!state) dispatching.set(deps.db, (state = { running: false, again: false }));
  if (state.running) {
    state.again = true;
    return;
  }
  state.running = true;
  const run = async (): Promise<void> => {
    do {
      state.again = false;
      await dispatchOutbox(deps.db, deps.queues).catch(() => undefined);
    } while (state.again);
    state.running = false;
  };
  void run();
}
