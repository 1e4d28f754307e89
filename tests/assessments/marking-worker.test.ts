import { QueueEvents } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../services/app.ts';
import { dispatchOutbox } from '../../services/shared/outbox.ts';
import { startWorkers } from '../../workers/main.ts';
import { createTestDeps } from '../helpers/deps.ts';
import { readJson } from '../helpers/http.ts';
import { answersFor, enrolledLearner } from './helpers.ts';

// Its own file (so its own queue prefix): the worker must see only this file's marking jobs.
const deps = createTestDeps();
const app = createApp(deps);

function send(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  return app.request(path, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe('the marking queue with a real BullMQ worker', () => {
  it('marks a submitted attempt once, however often its job is delivered', async () => {
    const setup = await enrolledLearner(deps.db);
    const attempt = await readJson(await send('POST', `/api/v1/enrolments/${setup.enrolment.id}/attempts`, setup.headers));
    const answers = await answersFor(deps.db, attempt.questions.map((q: { id: string }) => q.id), 4);
    const submitted = await send('POST', `/api/v1/enrolments/${setup.enrolment.id}/attempts/${attempt.id}/submission`, setup.headers, { answers });
    expect(submitted.status).toBe(200);

    const events = new QueueEvents('marking', { connection: deps.queueConnection.duplicate(), prefix: deps.config.QUEUE_PREFIX });
    await events.waitUntilReady();
    const running = await startWorkers(deps, ['marking']);
    try {
      await dispatchOutbox(deps.db, deps.queues);
      const job = await deps.queues.marking.getJob(`marking.mark-attempt__${attempt.id}`);
      expect(job?.name).toBe('marking.mark-attempt');
      expect(await job!.waitUntilFinished(events, 10_000)).toEqual({ outcome: 'marked' });

      // A second delivery (another id, as after a lost acknowledgement) finds nothing to do.
      const again = await deps.queues.marking.add('marking.mark-attempt', { attemptId: attempt.id }, { jobId: `redelivery-${attempt.id}` });
      expect(await again.waitUntilFinished(events, 10_000)).toEqual({ outcome: 'already_marked' });
    } finally {
      await running.close();
      await events.close();
    }

    const result = await readJson(await send('GET', `/api/v1/enrolments/${setup.enrolment.id}/attempts/${attempt.id}`, setup.headers));
    expect(result).toMatchObject({ status: 'marked', result: { scorePercent: 80, passed: true } });
    const emails = await deps.db.selectFrom('emails').select('template').where('person_id', '=', setup.learner.id).execute();
    expect(emails).toEqual([{ template: 'assessment-result' }]);
  }, 30_000);
});
