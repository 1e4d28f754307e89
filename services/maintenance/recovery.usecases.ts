import { sql } from 'kysely';
import type { Deps } from '../deps.ts';
import { jobDefinitions, jobId, type JobName, type JobPayload } from '../queues.ts';

const MINUTE = 60_000;

/**
 * Makes sure a job exists in Redis for work PostgreSQL says is pending: added when
 * missing (Redis lost it, or a crash came between commit and dispatch), retried when
 * it failed for good, left alone while waiting or running. Returns true when it acted.
 */
async function ensureJob<N extends JobName>(deps: Pick<Deps, 'queues'>, name: N, payload: JobPayload<N>, key: string): Promise<boolean> {
  const queue = deps.queues[jobDefinitions[name].queue];
  const id = jobId(name, key);
  const job = await queue.getJob(id);
  if (!job) {
    await queue.add(name, payload, { jobId: id });
    return true;
  }
  if (await job.isFailed()) {
    await job.retry('failed');
    return true;
  }
  return false;
}

/** Most batch jobs read to find the certifications already waiting in one (1,000 x 100 badges). */
const MAX_LIVE_BATCHES = 1_000;

/**
 * Certifications carried by a batch issuance job that is still to run or running: during a
 * cohort burst longer than the grace period they are waiting their turn, not lost. A failed
 * batch is not live: its certifications get their own job back.
 */
async function certificationsInLiveBatches(deps: Pick<Deps, 'queues'>): Promise<Set<string>> {
  const queue = deps.queues[jobDefinitions['issuance.issue-credentials'].queue];
  const jobs = await queue.getJobs(['waiting', 'active', 'delayed', 'prioritized'], 0, MAX_LIVE_BATCHES - 1);
  const live = new Set<string>();
  for (const job of jobs) {
    if (job?.name !== 'issuance.issue-credentials') continue;
    for (const id of (job.data as JobPayload<'issuance.issue-credentials'>).certificationIds) live.add(id);
  }
  return live;
}

/**
 * The recovery sweep: certifications without a credential, attempts submitted but not
 * marked, emails still queued, each older than a grace period, get their job back, unless a
 * job holding them is still to run (its own, or a batch).
 */
export async function recoverStuckWork(deps: Pick<Deps, 'db' | 'queues' | 'clock'>): Promise<{ issuance: number; marking: number; email: number }> {
  const now = deps.clock.now().getTime();
  const unissued = await deps.db
    .selectFrom('certifications as ce')
    .leftJoin('credentials as cr', 'cr.certification_id', 'ce.id')
    .select('ce.id')
    .where('cr.id', 'is', null)
    .where('ce.decided_at', '<', new Date(now - MINUTE))
    .limit(1_000)
    .execute();
  const unmarked = await deps.db
    .selectFrom('attempts')
    .select('id')
    .where('status', '=', 'submitted')
    .where('submitted_at', '<', new Date(now - 2 * MINUTE))
    .limit(1_000)
    .execute();
  const unsent = await deps.db
    .selectFrom('emails')
    .select('id')
    .where('status', '=', 'queued')
    .where(sql<boolean>`created_at < ${new Date(now - 5 * MINUTE)}`)
    .limit(1_000)
    .execute();
  let issuance = 0;
  let marking = 0;
  let email = 0;
  const batched = unissued.length > 0 ? await certificationsInLiveBatches(deps) : new Set<string>();
  for (const { id } of unissued) {
    if (!batched.has(id) && (await ensureJob(deps, 'issuance.issue-credential', { certificationId: id }, id))) issuance++;
  }
  for (const { id } of unmarked) if (await ensureJob(deps, 'marking.mark-attempt', { attemptId: id }, id)) marking++;
  for (const { id } of unsent) if (await ensureJob(deps, 'email.send', { emailId: id }, id)) email++;
  return { issuance, marking, email };
}
