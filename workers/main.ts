import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Deps } from '../services/deps.ts';
import { jobDefinitions, QUEUE_NAMES, type JobName, type QueueName } from '../services/queues.ts';
import { assertEveryJobHasProcessor, processors } from './registry.ts';
import { dispatchSoon } from '../services/shared/outbox.ts';
import { startSigningPool } from '../services/certification/signing-pool.ts';
import type { FastPathWarmUp } from '../services/certification/badge-signing.ts';

/**
 * How many jobs of each queue one process runs at once; email is I/O-bound. An issuance job is a
 * batch of up to 100 certifications (the outbox merges them) whose building and signing keep the
 * event loop busy between its statements: 4 at once overlap that with PostgreSQL's share of the work.
 * Cohort burst of 10,000 with batches of 100 (before the signing threads): 2 -> 15.9 s, 4 -> 12.3 s, 8 -> 13.8 s (noise ~15 %).
 */
const CONCURRENCY: Record<QueueName, number> = { marking: 4, issuance: 4, email: 10, maintenance: 1 };

/** Repeatable jobs: name, interval. */
const SCHEDULES: Array<{ id: string; name: JobName; everyMs: number }> = [
  { id: 'dispatch-outbox', name: 'maintenance.dispatch-outbox', everyMs: 5_000 },
  // A session enters the 24-hour window at most 5 minutes before its reminder goes out.
  { id: 'webinar-reminders', name: 'maintenance.webinar-reminders', everyMs: 300_000 },
  { id: 'recover-stuck', name: 'maintenance.recover-stuck', everyMs: 60_000 },
  { id: 'lapse-cohorts', name: 'maintenance.lapse-cohorts', everyMs: 3_600_000 },
  { id: 'expiry-notices', name: 'maintenance.expiry-notices', everyMs: 3_600_000 },
];

export interface RunningWorkers {
  workers: Worker[];
  close(): Promise<void>;
}

/** Runs one job: validates its payload against the registry, then calls the processor. */
export async function runJob(deps: Deps, job: Pick<Job, 'name' | 'data' | 'id'>): Promise<unknown> {
  const name = job.name as JobName;
  const definition = jobDefinitions[name];
  if (!definition) throw new UnrecoverableError(`No job named ${job.name}`);
  const payload = definition.schema.safeParse(job.data);
  if (!payload.success) throw new UnrecoverableError(`Job ${job.id} has an invalid payload: ${payload.error.message}`);
  return processors[name].process(deps, payload.data as never);
}

/**
 * Starts a BullMQ worker per queue (or only the given queues) and the repeatable schedules.
 * `fastPathWarmUp`: our keys and badge samples if the process already read them (services/main.ts).
 */
export async function startWorkers(deps: Deps, queues: readonly QueueName[] = QUEUE_NAMES, options: { fastPathWarmUp?: FastPathWarmUp } = {}): Promise<RunningWorkers> {
  assertEveryJobHasProcessor();
  const logger = deps.logger.child({ component: 'workers' });
  // Loaded and warmed before the first job is taken, not by the first batch (docs/batch-issuance.md).
  const closeSigningPool = queues.includes('issuance') ? await startIssuanceSigningPool(deps, logger, options.fastPathWarmUp) : async () => undefined;
  const workers = queues.map((queue) => {
    const worker = new Worker(queue, async (job) => {
      const result = await runJob(deps, job);
      // The next step of the workflow (issuance after marking, email after issuance) starts at once.
      dispatchSoon(deps);
      return result;
    }, {
      connection: deps.queueConnection,
      prefix: deps.config.QUEUE_PREFIX,
      concurrency: CONCURRENCY[queue],
    });
    worker.on('failed', (job, err) =>
      logger.warn({ queue, job: job?.name, jobId: job?.id, attempts: job?.attemptsMade, err: err.message }, 'job failed'),
    );
    worker.on('error', (err) => logger.debug({ queue, err: err.message }, 'worker connection error'));
    return worker;
  });
  if (queues.includes('maintenance')) {
    for (const schedule of SCHEDULES) {
      await deps.queues[jobDefinitions[schedule.name].queue].upsertJobScheduler(
        schedule.id,
        { every: schedule.everyMs },
        { name: schedule.name, data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } },
      );
    }
  }
  logger.info({ queues }, 'workers started');
  return {
    workers,
    async close() {
      // Lets running jobs finish; a job cut short by a hard stop is retried by BullMQ's stalled-job check.
      await Promise.all(workers.map((w) => w.close()));
      await closeSigningPool();
    },
  };
}

/** The signing threads of the issuance workers; without them (start-up failed) badges are signed in the event loop. */
async function startIssuanceSigningPool(deps: Deps, logger: Deps['logger'], warmUp: FastPathWarmUp | undefined): Promise<() => Promise<void>> {
  const started = Date.now();
  try {
    const close = await startSigningPool(deps, warmUp);
    if (deps.config.ISSUANCE_SIGNING_THREADS > 0) logger.info({ threads: deps.config.ISSUANCE_SIGNING_THREADS, ms: Date.now() - started }, 'signing threads warmed');
    return close;
  } catch (err) {
    logger.warn({ err }, 'starting the signing threads failed: badges are signed in the event loop');
    return async () => undefined;
  }
}
