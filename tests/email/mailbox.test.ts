import nodemailer from 'nodemailer';
import { afterAll, describe, expect, it } from 'vitest';
import { apiRoutes, createApp } from '../../services/app.ts';
import { mailboxRoutes } from '../../services/email/mailbox.routes.ts';
import { startSmtpSink } from '../../services/email/smtp-sink.ts';
import { createTestDeps } from '../helpers/deps.ts';
import { readJson } from '../helpers/http.ts';

const sink = await startSmtpSink({ limit: 2 });
afterAll(() => sink.close());
const deps = createTestDeps({ config: { SMTP_URL: sink.url } });

async function send(subject: string, text: string) {
  const transport = nodemailer.createTransport({ url: sink.url });
  try {
    await transport.sendMail({ from: 'a@example.be', to: 'b@example.be', subject, text });
  } finally {
    transport.close();
  }
}

describe('the local SMTP sink and mailbox', () => {
  it('keeps only the latest messages, in order', async () => {
    for (const n of [1, 2, 3]) await send(`message ${n}`, 'hello');
    expect(sink.messages().map((m) => m.subject)).toEqual(['message 2', 'message 3']);
  });

  it('shows received mail at /dev/mailbox with clickable, escaped links', async () => {
    await send('Sign in <now>', 'Open https://brevet.local/sign-in/callback?token=abc&x=1 to sign in');
    const app = createApp(deps, [...apiRoutes(), ...mailboxRoutes(sink)]);
    const page = await app.request('/dev/mailbox');
    expect(page.status).toBe(200);
    const body = await page.text();
    expect(body).toContain('Sign in &lt;now&gt;');
    expect(body).toContain('<a href="https://brevet.local/sign-in/callback?token=abc&amp;x=1">');
    const json = await readJson(await app.request('/dev/mailbox/messages'));
    expect(json.messages.at(-1)).toMatchObject({ subject: 'Sign in <now>', to: ['b@example.be'] });
  });

  it('is not mounted on the default app (a real mail server is in use)', async () => {
    expect((await createApp(deps).request('/dev/mailbox')).status).toBe(404);
  });
});
