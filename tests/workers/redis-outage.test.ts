import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { queueEmail } from '../../services/email/email.usecases.ts';
import { startSmtpSink } from '../../services/email/smtp-sink.ts';
import { findRedisServer, freePort } from '../../services/embedded.ts';
import { dispatchOutbox } from '../../services/shared/outbox.ts';
import { startWorkers } from '../../workers/main.ts';
import { createTestDeps } from '../helpers/deps.ts';

/** A private redis-server on a fixed port, so it can be stopped and started again at the same address. */
async function redisOn(port: number): Promise<ChildProcess> {
  const child = spawn(findRedisServer(), ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'ignore'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('Ready to accept connections') && resolve());
    child.once('exit', () => reject(new Error('redis-server exited')));
  });
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

const port = await freePort();
let redis = await redisOn(port);
const sink = await startSmtpSink();
const deps = createTestDeps({ redisUrl: `redis://127.0.0.1:${port}`, config: { SMTP_URL: sink.url } });

afterAll(async () => {
  await stop(redis).catch(() => undefined);
  await sink.close();
});

describe('a Redis outage', () => {
  it('loses no email: written while Redis is down, delivered once it is back', async () => {
    await stop(redis);
    // The use case only needs PostgreSQL: the email and its job are stored in one transaction.
    const { id } = await deps.db.transaction().execute((trx) =>
      queueEmail(trx, { to: 'agent@commune.be', locale: 'nl', template: 'sign-in-link', data: { displayName: 'Agent', link: 'https://brevet.test/sign-in/callback?token=x', expiresInMinutes: 15 } }),
    );
    await expect(dispatchOutbox(deps.db, deps.queues)).rejects.toThrow();
    const pending = await deps.db.selectFrom('outbox').select('job_id').where('dispatched_at', 'is', null).execute();
    expect(pending.map((p) => p.job_id)).toContain(`email.send__${id}`);

    redis = await redisOn(port);
    const workers = await startWorkers(deps, ['email', 'maintenance']);
    try {
      const message = await sink.waitFor((m) => m.to.includes('agent@commune.be'), 30_000);
      expect(message.language).toBe('nl');
      const status = async () => (await deps.db.selectFrom('emails').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
      await expect.poll(status, { timeout: 10_000 }).toBe('sent');
      expect(sink.messages().filter((m) => m.to.includes('agent@commune.be'))).toHaveLength(1);
    } finally {
      await workers.close();
    }
  }, 60_000);
});
