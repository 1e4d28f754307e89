import { Worker, QueueEvents } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { dispatchOutbox } from '../../services/shared/outbox.ts';
import { addToOutbox } from '../../services/shared/outbox.ts';
import { runJob, startWorkers } from '../../workers/main.ts';
import { assertEveryJobHasProcessor } from '../../workers/registry.ts';
import { createTestDeps } from '../helpers/deps.ts';

const deps = createTestDeps();

async function pendingRows() {
  return deps.db.selectFrom('outbox').selectAll().where('dispatched_at', 'is', null).execute();
}

describe('the job outbox', () => {
  it('writes nothing when the transaction that needed the job rolls back', async () => {
    await expect(
      deps.db.transaction().execute(async (trx) => {
        await addToOutbox(trx, 'maintenance.dispatch-outbox', {}, { key: 'rolled-back' });
        throw new Error('rule broken');
      }),
    ).rejects.toThrow('rule broken');
    expect(await deps.db.selectFrom('outbox').selectAll().where('job_id', 'like', '%rolled-back').execute()).toEqual([]);
  });

  it('dispatches a committed job once, with its deterministic id, however often it is dispatched', async () => {
    await deps.db.transaction().execute((trx) => addToOutbox(trx, 'maintenance.dispatch-outbox', {}, { key: 'committed' }));
    await addToOutbox(deps.db, 'maintenance.dispatch-outbox', {}, { key: 'committed' });
    expect((await pendingRows()).length).toBe(1);
    expect(await dispatchOutbox(deps.db, deps.queues)).toBe(1);
    expect(await dispatchOutbox(deps.db, deps.queues)).toBe(0);
    const job = await deps.queues.maintenance.getJob('maintenance.dispatch-outbox__committed');
    expect(job?.name).toBe('maintenance.dispatch-outbox');
  });

  it('keeps rows pending while Redis is unreachable, and dispatches them once it is back', async () => {
    const offline = createTestDeps({ redisUrl: 'redis://127.0.0.1:1' });
    await addToOutbox(offline.db, 'maintenance.dispatch-outbox', {}, { key: 'while-offline' });
    await expect(dispatchOutbox(offline.db, offline.queues)).rejects.toThrow();
    expect((await pendingRows()).map((r) => r.job_id)).toContain('maintenance.dispatch-outbox__while-offline');
    expect(await dispatchOutbox(deps.db, deps.queues)).toBe(1);
    expect(await pendingRows()).toEqual([]);
  }, 20_000);
});

describe('workers', () => {
  it('has a processor for every job name of the registry', () => {
    expect(() => assertEveryJobHasProcessor()).not.toThrow();
  });

  it('refuses a job whose payload does not match its schema, without retrying it', async () => {
    await expect(runJob(deps, { name: 'maintenance.dispatch-outbox', data: { unexpected: 1 }, id: 'x' })).rejects.toThrow(/invalid payload/);
    await expect(runJob(deps, { name: 'no.such-job', data: {}, id: 'y' })).rejects.toThrow(/No job named/);
  });

  it('runs the outbox dispatch through a real BullMQ worker on the maintenance queue', async () => {
    await addToOutbox(deps.db, 'maintenance.dispatch-outbox', {}, { key: 'via-worker' });
    const events = new QueueEvents('maintenance', { connection: deps.queueConnection.duplicate(), prefix: deps.config.QUEUE_PREFIX });
    await events.waitUntilReady();
    const running = await startWorkers(deps, ['maintenance']);
    try {
      const job = await deps.queues.maintenance.add('maintenance.dispatch-outbox', {}, { jobId: 'manual-dispatch' });
      // The row may already have been moved by the dispatch that follows every job; either way it is gone.
      await job.waitUntilFinished(events, 10_000);
      await expect.poll(async () => (await pendingRows()).length, { timeout: 10_000 }).toBe(0);
      expect(running.workers.every((w: Worker) => w.isRunning())).toBe(true);
    } finally {
      await running.close();
      await events.close();
    }
  }, 20_000);
});
