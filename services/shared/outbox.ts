import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db, Executor } from '../db/database.ts';
import { coalescedJobs, jobDefinitions, jobId, type JobName, type JobPayload, type Queues } from '../queues.ts';
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
  await addManyToOutbox(executor, name, [{ payload, ...options }]);
}

/** addToOutbox for many jobs of one name, in one multi-row insert. */
export async function addManyToOutbox<N extends JobName>(
  executor: Executor,
  name: N,
  jobs: ReadonlyArray<{ payload: JobPayload<N>; key: string; delayMs?: number }>,
): Promise<void> {
  if (jobs.length === 0) return;
  const definition = jobDefinitions[name];
  await executor
    .insertInto('outbox')
    .values(jobs.map((job) => ({
      queue: definition.queue,
      job_name: name,
      job_id: jobId(name, job.key),
      payload: JSON.stringify(definition.schema.parse(job.payload)),
      delay_ms: job.delayMs ?? 0,
    })))
    .onConflict((oc) => oc.column('job_id').doNothing())
    .execute();
}

/** Rows one dispatch moves at most (one transaction, one Redis pipeline per queue). */
export const DISPATCH_LIMIT = 1_000;

interface OutboxRow { id: string; queue: string; job_name: string; job_id: string; payload: unknown; delay_ms: number }
interface OutgoingJob { queue: keyof Queues; name: string; data: unknown; opts: { jobId: string; delay?: number } }

/**
 * Dispatches pending outbox rows to their queues; returns how many rows moved.
 * Rows are locked (SKIP LOCKED) so concurrent dispatchers never double-send, and
 * a row is marked dispatched only once Redis has accepted its job. Rows of a
 * coalesced job name (services/queues.ts coalescedJobs) leave as merged jobs.
 */
export async function dispatchOutbox(db: Db, queues: Queues, limit = DISPATCH_LIMIT): Promise<number> {
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
    const jobs = outgoingJobs(rows);
    for (const job of jobs) {
      if (!queues[job.queue]) throw new Error(`Outbox job ${job.opts.jobId} names unknown queue ${job.queue}`);
    }
    // One pipeline per queue. A job added late (after the time-out rolled this back), or added
    // before another job of the pipeline failed, is harmless: its id deduplicates it next time.
    const byQueue = new Map<keyof Queues, OutgoingJob[]>();
    for (const job of jobs) {
      if (!byQueue.has(job.queue)) byQueue.set(job.queue, []);
      byQueue.get(job.queue)!.push(job);
    }
    const added = [...byQueue].map(([queue, ofQueue]) => queues[queue].addBulk(ofQueue.map(({ name, data, opts }) => ({ name, data, opts }))));
    await withTimeout(Promise.all(added), REDIS_ACCEPT_TIMEOUT_MS, 'Redis did not accept the outbox jobs');
    await trx
      .updateTable('outbox')
      .set({ dispatched_at: sql<Date>`now()` })
      .where('id', 'in', rows.map((r) => r.id))
      .execute();
    return rows.length;
  });
}

/** The jobs for a set of outbox rows: one per row, but rows of a coalesced name merged, up to its maximum per job. */
function outgoingJobs(rows: OutboxRow[]): OutgoingJob[] {
  const jobs: OutgoingJob[] = [];
  const merging = new Map<JobName, OutboxRow[]>();
  for (const row of rows) {
    const rule = coalescedJobs[row.job_name as JobName];
    if (rule && !row.delay_ms) {
      const group = merging.get(row.job_name as JobName) ?? [];
      merging.set(row.job_name as JobName, group);
      group.push(row);
    } else {
      jobs.push({ queue: row.queue as keyof Queues, name: row.job_name, data: row.payload, opts: { jobId: row.job_id, delay: row.delay_ms || undefined } });
    }
  }
  for (const [name, group] of merging) {
    const rule = coalescedJobs[name]!;
    const into = jobDefinitions[rule.into];
    for (let i = 0; i < group.length; i += rule.max) {
      const chunk = group.slice(i, i + rule.max);
      // A single row keeps its own job (and id), as if nothing were merged.
      if (chunk.length === 1) {
        const [row] = chunk as [OutboxRow];
        jobs.push({ queue: row.queue as keyof Queues, name: row.job_name, data: row.payload, opts: { jobId: row.job_id } });
        continue;
      }
      const data = into.schema.parse(rule.merge(chunk.map((row) => row.payload as never)));
      jobs.push({ queue: into.queue, name: rule.into, data, opts: { jobId: jobId(rule.into, mergedKey(chunk)) } });
    }
  }
  return jobs;
}

/**
 * A merged job's id comes from the rows it carries, so dispatching the same rows again
 * (Redis accepted, but the commit that marks them failed) adds nothing new.
 */
function mergedKey(rows: OutboxRow[]): string {
  const hash = createHash('sha256');
  for (const row of rows.map((r) => r.job_id).sort()) hash.update(row).update('\n');
  return hash.digest('hex').slice(0, 32);
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
      // A full dispatch means more rows may be waiting (a cohort's worth of jobs): drain them now.
      for (let moved = DISPATCH_LIMIT; moved >= DISPATCH_LIMIT; ) moved = await dispatchOutbox(deps.db, deps.queues).catch(() => 0);
    } while (state.again);
    state.running = false;
  };
  void run();
}
