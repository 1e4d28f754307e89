import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import { z } from 'zod';

/**
 * The queue registry: one queue per operating profile, every job named with
 * its payload schema. services/ enqueues through the outbox
 * (services/shared/outbox.ts addToOutbox, in the transaction that needs the
 * job) and never imports a processor; workers/ registers one processor per job name.
 */
export const QUEUE_NAMES = ['marking', 'issuance', 'email', 'maintenance'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export const jobDefinitions = {
  /** Moves outbox rows (written in the transaction that needed them) to their queues. */
  'maintenance.dispatch-outbox': {
    queue: 'maintenance',
    schema: z.object({}).strict(),
  },
  /** Renders and sends one stored email (table emails); the address never travels through Redis. */
  'email.send': {
    queue: 'email',
    schema: z.object({ emailId: z.uuid() }).strict(),
  },
  /** Queues the 'webinar-reminder' email of every live booking whose session starts within 24 h, once per booking. */
  'maintenance.webinar-reminders': {
    queue: 'maintenance',
    schema: z.object({}).strict(),
  },
  /** Scores a submitted attempt (choice answers against the key); open answers go to an assessor. Idempotent. */
  'marking.mark-attempt': {
    queue: 'marking',
    schema: z.object({ attemptId: z.uuid() }).strict(),
  },
  /** Builds, signs and stores the badge of a certification, once, and queues its email. */
  'issuance.issue-credential': {
    queue: 'issuance',
    schema: z.object({ certificationId: z.uuid() }).strict(),
  },
  /**
   * The same for many certifications in one transaction (a cohort passing at once). The outbox
   * dispatcher builds these from pending 'issuance.issue-credential' rows (see coalescedJobs).
   */
  'issuance.issue-credentials': {
    queue: 'issuance',
    schema: z.object({ certificationIds: z.array(z.uuid()).min(1).max(500) }).strict(),
  },
  /** Re-enqueues work stuck after a crash or a Redis loss (unissued certifications, unmarked attempts, unsent emails). */
  'maintenance.recover-stuck': {
    queue: 'maintenance',
    schema: z.object({}).strict(),
  },
  /** Enrolments still open when their cohort has ended become lapsed. */
  'maintenance.lapse-cohorts': {
    queue: 'maintenance',
    schema: z.object({}).strict(),
  },
  /** Tells holders 90 days before their badge expires, once per badge. */
  'maintenance.expiry-notices': {
    queue: 'maintenance',
    schema: z.object({}).strict(),
  },
} as const satisfies Record<string, { queue: QueueName; schema: z.ZodType }>;

export type JobName = keyof typeof jobDefinitions;
export type JobPayload<N extends JobName> = z.infer<(typeof jobDefinitions)[N]['schema']>;
export const JOB_NAMES = Object.keys(jobDefinitions) as JobName[];

export type Queues = Record<QueueName, Queue>;

/**
 * How many certifications one 'issuance.issue-credentials' job carries. Cohort burst of 10,000
 * (bench/burst.ts, 4 issuance jobs at once): 50 -> 13.8 s, 100 -> 12.3 s, 250 -> 14.0 s, within
 * this shared machine's noise; 100 keeps a batch's transaction (and its locks) short: ~0.1 s of work.
 */
export const ISSUANCE_BATCH_SIZE = 100;

/**
 * Jobs the outbox dispatcher merges: pending rows of `from` (without a delay) leave as
 * jobs of `into`, up to `max` rows each. Each row stays the record of its own work; the
 * merged job is only a cheaper way to carry it (one Redis job, one transaction).
 */
export const coalescedJobs: { [F in JobName]?: { into: JobName; max: number; merge(payloads: Array<JobPayload<F>>): JobPayload<JobName> } } = {
  'issuance.issue-credential': {
    into: 'issuance.issue-credentials',
    max: ISSUANCE_BATCH_SIZE,
    merge: (payloads) => ({ certificationIds: payloads.map((p) => p.certificationId) }),
  },
};

/** Retries with exponential back-off; the email worker marks an email failed after the last attempt. */
export const defaultJobOptions: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

/** One BullMQ Queue per name, all on the given connection and key prefix. */
export function createQueues(connection: ConnectionOptions, prefix: string, onError: (error: Error) => void): Queues {
  const entries = QUEUE_NAMES.map((name) => {
    const queue = new Queue(name, { connection, prefix, defaultJobOptions });
    // Connection errors surface in /health and in the failing enqueue; without a listener they are printed raw.
    queue.on('error', onError);
    return [name, queue];
  });
  return Object.fromEntries(entries) as Queues;
}

export async function closeQueues(queues: Queues): Promise<void> {
  await Promise.all(Object.values(queues).map((q) => q.close()));
}

/** BullMQ refuses ':' and bare integers in custom job ids, so name and key are joined by '__'. */
export function jobId(name: JobName | string, key: string): string {
  return `${name}__${key}`;
}
