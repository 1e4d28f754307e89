import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../services/embedded.ts';
import { queueEmail } from '../../services/email/email.usecases.ts';
import { startSmtpSink } from '../../services/email/smtp-sink.ts';
import { dispatchOutbox } from '../../services/shared/outbox.ts';
import { sendEmailJob } from '../../workers/email/send-email.job.ts';
import { startWorkers } from '../../workers/main.ts';
import { createTestDeps, testSecrets } from '../helpers/deps.ts';

const sink = await startSmtpSink();
afterAll(() => sink.close());
const deps = createTestDeps({ config: { SMTP_URL: sink.url } });

const address = () => `agent-${randomUUID().slice(0, 8)}@commune.example.be`;

function badgeEmail(to: string) {
  return {
    to,
    locale: 'nl' as const,
    template: 'badge-issued' as const,
    data: { displayName: 'An Peeters', achievementName: 'Connectoo basic', credentialId: randomUUID() },
  };
}

async function row(id: string) {
  return deps.db.selectFrom('emails').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

describe('queueEmail', () => {
  it('stores nothing and sends nothing when the transaction that reported the change rolls back', async () => {
    const to = address();
    let id = '';
    await expect(
      deps.db.transaction().execute(async (trx) => {
        id = (await queueEmail(trx, badgeEmail(to))).id;
        throw new Error('rule broken');
      }),
    ).rejects.toThrow('rule broken');
    expect(await deps.db.selectFrom('emails').select('id').where('to_address', '=', to).execute()).toEqual([]);
    expect(await deps.db.selectFrom('outbox').select('id').where('job_id', '=', `email.send__${id}`).execute()).toEqual([]);
    await dispatchOutbox(deps.db, deps.queues);
    expect(sink.messages().filter((m) => m.to.includes(to))).toEqual([]);
  });

  it('refuses data that does not fit the template, before anything is stored', async () => {
    const bad = { ...badgeEmail(address()), data: { displayName: 'X', achievementName: 'Y', credentialId: 'not-a-uuid' } };
    await expect(queueEmail(deps.db, bad)).rejects.toThrow();
  });

  it('keeps sealed fields (a sign-in link) out of the stored data, and wipes them once sent', async () => {
    const link = 'https://brevet.example.be/sign-in/callback?token=very-secret-token';
    const { id } = await queueEmail(deps.db, {
      to: address(),
      locale: 'fr',
      template: 'sign-in-link',
      data: { displayName: 'Marie Dupont', link, expiresInMinutes: 15 },
      seal: { keyEncryptionKey: testSecrets.keyEncryptionKey, fields: ['link'] },
    });
    const stored = await row(id);
    expect(JSON.stringify(stored.data)).not.toContain('very-secret-token');
    expect(stored.sealed_data).not.toContain('very-secret-token');
    await sendEmailJob.process(deps, { emailId: id });
    const received = await sink.waitFor((m) => m.to.includes(stored.to_address));
    expect(received.text).toContain(link);
    expect((await row(id)).sealed_data).toBeNull();
  });
});

describe('the email worker', () => {
  it('delivers a queued email through a real BullMQ worker to the SMTP server', async () => {
    const to = address();
    const { id } = await deps.db.transaction().execute((trx) => queueEmail(trx, badgeEmail(to)));
    expect(await dispatchOutbox(deps.db, deps.queues)).toBeGreaterThanOrEqual(1);
    const running = await startWorkers(deps, ['email']);
    try {
      const received = await sink.waitFor((m) => m.to.includes(to));
      expect(received.subject).toBe('Uw badge "Connectoo basic" is uitgereikt');
      expect(received.language).toBe('nl');
      expect(received.html).toContain('lang="nl"');
      expect(received.text).toContain('/verify/');
      await expect.poll(async () => (await row(id)).status).toBe('sent');
      expect((await row(id)).attempts).toBe(1);
    } finally {
      await running.close();
    }
  });

  it('retries when the SMTP server refuses for a while, then delivers the message once', async () => {
    const to = address();
    const { id } = await queueEmail(deps.db, badgeEmail(to));
    sink.refuseNext(2);
    await dispatchOutbox(deps.db, deps.queues);
    const running = await startWorkers(deps, ['email']);
    try {
      await sink.waitFor((m) => m.to.includes(to), 20_000);
      await expect.poll(async () => (await row(id)).status, { timeout: 5_000 }).toBe('sent');
      const sent = await row(id);
      expect(sent.attempts).toBe(3);
      expect(sink.messages().filter((m) => m.to.includes(to))).toHaveLength(1);
    } finally {
      await running.close();
    }
  }, 30_000);

  it('records a failed attempt when no SMTP server answers, and delivers once one does', async () => {
    const port = await freePort();
    const offline = createTestDeps({ config: { SMTP_URL: `smtp://127.0.0.1:${port}` } });
    const to = address();
    const { id } = await queueEmail(offline.db, badgeEmail(to));
    await expect(sendEmailJob.process(offline, { emailId: id })).rejects.toThrow(/ECONNREFUSED|connect/i);
    const failed = await row(id);
    expect(failed).toMatchObject({ status: 'queued', attempts: 1, sent_at: null });
    expect(failed.last_error).toMatch(/ECONNREFUSED|connect/i);

    const late = await startSmtpSink({ port });
    try {
      await expect(sendEmailJob.process(offline, { emailId: id })).resolves.toEqual({ status: 'sent' });
      expect((await late.waitFor((m) => m.to.includes(to))).subject).toContain('Connectoo basic');
      expect(await row(id)).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
    } finally {
      await late.close();
    }
  });

  it('delivers once when the same email is sent twice, one after the other or at the same time', async () => {
    const to = address();
    const { id } = await queueEmail(deps.db, badgeEmail(to));
    const outcomes = await Promise.allSettled([sendEmailJob.process(deps, { emailId: id }), sendEmailJob.process(deps, { emailId: id })]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    await expect(sendEmailJob.process(deps, { emailId: id })).resolves.toEqual({ status: 'already-sent' });
    await sink.waitFor((m) => m.to.includes(to));
    await new Promise((r) => setTimeout(r, 200));
    expect(sink.messages().filter((m) => m.to.includes(to))).toHaveLength(1);
  });

  it('gives up without retrying on an email id that does not exist', async () => {
    await expect(sendEmailJob.process(deps, { emailId: randomUUID() })).rejects.toThrow(/No email/);
  });
});
