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

/**
 * The recovery sweep: certifications without a credential, attempts submitted but not
 * marked, emails still queued, each older than a grace period, get their job back.
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
  for (const { id } of unissued) if (await ensureJob(deps, 'issuance.issue-credential', { certificationId: id }, id)) issuance++;
  for (const { id } of unmarked) if (await ensureJob(deps, 'marking.mark-attempt', { attemptId: id }, id)) marking++;
  for (const { id } of unsent) if (await ensureJob(deps, 'email.send', { emailId: id }, id)) email++;
  return { issuance, marking, email };
}
