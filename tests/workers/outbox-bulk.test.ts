import { randomUUID } from 'node:crypto';
import { UnrecoverableError, Worker } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { ISSUANCE_BATCH_SIZE, jobId } from '../../services/queues.ts';
import { addManyToOutbox, addToOutbox, dispatchOutbox, dispatchSoon } from '../../services/shared/outbox.ts';
import { recoverStuckWork } from '../../services/maintenance/recovery.usecases.ts';
import { startWorkers } from '../../workers/main.ts';
import { createTestDeps } from '../helpers/deps.ts';
import { buildCohort, buildEnrolment, buildPerson } from '../helpers/factories.ts';

const deps = createTestDeps();

async function pendingRows() {
  return deps.db.selectFrom('outbox').select(['id', 'job_id']).where('dispatched_at', 'is', null).execute();
}

/** Every job of the issuance queue, whatever its state, with the certifications it carries. */
async function issuanceJobs() {
  const jobs = await deps.queues.issuance.getJobs(['waiting', 'delayed', 'prioritized', 'active', 'completed', 'failed']);
  return jobs.map((job) => ({
    id: job.id!,
    name: job.name,
    certificationIds: (job.data.certificationIds as string[] | undefined) ?? [job.data.certificationId as string],
  }));
}

async function clearIssuanceQueue() {
  await deps.queues.issuance.obliterate({ force: true });
}

describe('outbox dispatch in bulk', () => {
  it('merges pending issue-credential rows into batch jobs, each row in exactly one job, once', async () => {
    await clearIssuanceQueue();
    const ids = Array.from({ length: 2 * ISSUANCE_BATCH_SIZE + 7 }, () => randomUUID());
    await addManyToOutbox(deps.db, 'issuance.issue-credential', ids.map((certificationId) => ({ payload: { certificationId }, key: certificationId })));
    expect(await dispatchOutbox(deps.db, deps.queues)).toBe(ids.length);
    expect(await pendingRows()).toEqual([]);
    const jobs = await issuanceJobs();
    expect(jobs.map((j) => j.name)).toEqual(Array(3).fill('issuance.issue-credentials'));
    expect(jobs.map((j) => j.certificationIds.length).sort((a, b) => a - b)).toEqual([7, ISSUANCE_BATCH_SIZE, ISSUANCE_BATCH_SIZE]);
    expect(jobs.flatMap((j) => j.certificationIds).sort()).toEqual([...ids].sort());
    expect(await dispatchOutbox(deps.db, deps.queues)).toBe(0);
    expect(await issuanceJobs()).toHaveLength(3);
  });

  it('adds nothing new when the same rows are dispatched again (Redis accepted, the marking commit was lost)', async () => {
    await clearIssuanceQueue();
    const ids = Array.from({ length: 5 }, () => randomUUID());
    await addManyToOutbox(deps.db, 'issuance.issue-credential', ids.map((certificationId) => ({ payload: { certificationId }, key: certificationId })));
    const rows = await pendingRows();
    await dispatchOutbox(deps.db, deps.queues);
    const before = await issuanceJobs();
    await deps.db.updateTable('outbox').set({ dispatched_at: null }).where('id', 'in', rows.map((r) => r.id)).execute();
    expect(await dispatchOutbox(deps.db, deps.queues)).toBe(5);
    expect(await issuanceJobs()).toEqual(before);
    expect(before).toHaveLength(1);
  });

  it('leaves a lone issue-credential row its own job, and a delayed one undelayed by merging', async () => {
    await clearIssuanceQueue();
    const [lone, delayed] = [randomUUID(), randomUUID()];
    await addToOutbox(deps.db, 'issuance.issue-credential', { certificationId: lone }, { key: lone });
    await addToOutbox(deps.db, 'issuance.issue-credential', { certificationId: delayed }, { key: delayed, delayMs: 60_000 });
    expect(await dispatchOutbox(deps.db, deps.queues)).toBe(2);
    const loneJob = await deps.queues.issuance.getJob(jobId('issuance.issue-credential', lone));
    expect(loneJob?.data).toEqual({ certificationId: lone });
    const delayedJob = await deps.queues.issuance.getJob(jobId('issuance.issue-credential', delayed));
    expect(await delayedJob?.isDelayed()).toBe(true);
  });

  it('adds the rows of every queue with their deterministic ids', async () => {
    const emails = Array.from({ length: 30 }, () => randomUUID());
    await addManyToOutbox(deps.db, 'email.send', emails.map((emailId) => ({ payload: { emailId }, key: emailId })));
    await addToOutbox(deps.db, 'marking.mark-attempt', { attemptId: emails[0]! }, { key: emails[0]! });
    expect(await dispatchOutbox(deps.db, deps.queues)).toBe(31);
    for (const emailId of emails) expect((await deps.queues.email.getJob(jobId('email.send', emailId)))?.data).toEqual({ emailId });
    expect(await deps.queues.marking.getJob(jobId('marking.mark-attempt', emails[0]!))).toBeDefined();
  });

  it('marks no row dispatched while Redis is unreachable, and each once when it is back', async () => {
    const offline = createTestDeps({ redisUrl: 'redis://127.0.0.1:1' });
    const ids = Array.from({ length: 4 }, () => randomUUID());
    await addManyToOutbox(deps.db, 'issuance.issue-credential', ids.map((certificationId) => ({ payload: { certificationId }, key: certificationId })));
    await addToOutbox(deps.db, 'email.send', { emailId: ids[0]! }, { key: ids[0]! });
    await expect(dispatchOutbox(offline.db, offline.queues)).rejects.toThrow();
    expect(await pendingRows()).toHaveLength(5);
    expect(await dispatchOutbox(deps.db, deps.queues)).toBe(5);
    expect(await pendingRows()).toEqual([]);
  }, 20_000);

  it('drains more than one dispatch worth of rows when asked to dispatch soon', async () => {
    const ids = Array.from({ length: 2_100 }, () => randomUUID());
    await addManyToOutbox(deps.db, 'email.send', ids.map((emailId) => ({ payload: { emailId }, key: emailId })));
    dispatchSoon(deps);
    await expect.poll(async () => (await pendingRows()).length, { timeout: 20_000 }).toBe(0);
    expect(await deps.queues.email.getJob(jobId('email.send', ids.at(-1)!))).toBeDefined();
  }, 30_000);
});

/** The recovery sweep as it runs two minutes from now: every certification made now is past its grace period. */
const recovering = createTestDeps({ clock: { now: () => new Date(Date.now() + 2 * 60_000) } });

/** `count` certifications just decided, each with its issuance row in the outbox (as certifyIfComplete leaves them). */
async function passedCertifications(count: number): Promise<string[]> {
  const cohort = await buildCohort(deps.db, { capacity: count });
  const certificationIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const enrolment = await buildEnrolment(deps.db, { cohortId: cohort.id, status: 'completed' });
    const { id } = await deps.db
      .insertInto('certifications')
      .values({ enrolment_id: enrolment.id, score_percent: 90, evidence: JSON.stringify({ modules: [], webinars: [], attemptId: randomUUID() }) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await addToOutbox(deps.db, 'issuance.issue-credential', { certificationId: id }, { key: id });
    certificationIds.push(id);
  }
  return certificationIds;
}

describe('recovery after Redis lost merged jobs', () => {
  it('gives every certification of a lost batch job its own job back, and none twice', async () => {
    await clearIssuanceQueue();
    const certificationIds = await passedCertifications(3);
    await dispatchOutbox(deps.db, deps.queues);
    expect((await issuanceJobs()).map((j) => j.name)).toEqual(['issuance.issue-credentials']);
    await clearIssuanceQueue(); // Redis lost the merged job; the outbox rows are marked dispatched.
    const recovered = await recoverStuckWork(recovering);
    expect(recovered.issuance).toBeGreaterThanOrEqual(3);
    for (const id of certificationIds) expect(await deps.queues.issuance.getJob(jobId('issuance.issue-credential', id))).toBeDefined();
    const again = await recoverStuckWork(recovering);
    expect(again.issuance).toBe(0);
  });

  it('leaves certifications waiting in a batch job alone, and gives those of a failed batch their own job', async () => {
    await clearIssuanceQueue();
    const certificationIds = await passedCertifications(4);
    await dispatchOutbox(deps.db, deps.queues);
    const [batch] = await deps.queues.issuance.getJobs(['waiting']);
    expect(batch?.name).toBe('issuance.issue-credentials');
    const ownJob = (id: string) => deps.queues.issuance.getJob(jobId('issuance.issue-credential', id));
    // A burst longer than the grace period: the batch is still waiting for a worker.
    await recoverStuckWork(recovering);
    for (const id of certificationIds) expect(await ownJob(id)).toBeUndefined();
    // A worker takes the batch and it fails for good (no attempt left).
    const worker = new Worker(deps.queues.issuance.name, null, { connection: deps.queueConnection, prefix: deps.config.QUEUE_PREFIX, autorun: false });
    try {
      const taken = await worker.getNextJob('test-token');
      expect(taken?.id).toBe(batch!.id);
      await taken!.moveToFailed(new UnrecoverableError('database went away'), 'test-token', false);
      expect(await deps.queues.issuance.getJobState(batch!.id!)).toBe('failed');
    } finally {
      await worker.close();
    }
    await recoverStuckWork(recovering);
    for (const id of certificationIds) expect(await ownJob(id)).toBeDefined();
  });
});

describe('a cohort through the real workers', () => {
  it('issues every certification once through merged jobs and queues one email job each', async () => {
    await clearIssuanceQueue();
    const cohort = await buildCohort(deps.db, { capacity: 50 });
    const certificationIds: string[] = [];
    for (let i = 0; i < 25; i++) {
      const person = await buildPerson(deps.db);
      const enrolment = await buildEnrolment(deps.db, { cohortId: cohort.id, personId: person.id, status: 'completed' });
      // As certifyIfComplete does: the certification and its issuance job in one transaction.
      await deps.db.transaction().execute(async (trx) => {
        const { id } = await trx
          .insertInto('certifications')
          .values({ enrolment_id: enrolment.id, score_percent: 90, evidence: JSON.stringify({ modules: [], webinars: [], attemptId: randomUUID() }) })
          .returning('id')
          .executeTakeFirstOrThrow();
        await addToOutbox(trx, 'issuance.issue-credential', { certificationId: id }, { key: id });
        certificationIds.push(id);
      });
    }
    const running = await startWorkers(deps, ['issuance']);
    try {
      dispatchSoon(deps);
      const issued = async () => (await deps.db.selectFrom('credentials').select('id').where('certification_id', 'in', certificationIds).execute()).length;
      await expect.poll(issued, { timeout: 20_000 }).toBe(25);
      const emails = await deps.db
        .selectFrom('emails as m')
        .innerJoin('enrolments as e', 'e.person_id', 'm.person_id')
        .select('m.id')
        .where('e.cohort_id', '=', cohort.id)
        .where('m.template', '=', 'badge-issued')
        .execute();
      expect(emails).toHaveLength(25);
      await expect.poll(async () => (await pendingRows()).length, { timeout: 10_000 }).toBe(0);
      for (const { id } of emails) expect(await deps.queues.email.getJob(jobId('email.send', id))).toBeDefined();
      expect((await issuanceJobs()).some((j) => j.name === 'issuance.issue-credentials')).toBe(true);
      const certified = await deps.db.selectFrom('enrolments').select('id').where('cohort_id', '=', cohort.id).where('status', '=', 'certified').execute();
      expect(certified).toHaveLength(25);
    } finally {
      await running.close();
    }
  }, 40_000);
});
