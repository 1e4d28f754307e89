import { copyFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../services/app.ts';
import { freePort } from '../../services/embedded.ts';
import { decideEnrolment } from '../../services/enrolments/enrolments.usecases.ts';
import { startSmtpSink, type SmtpSink } from '../../services/email/smtp-sink.ts';
import { ensureIssuerKey } from '../../services/issuer/issuer.usecases.ts';
import { verifyPresentedCredential } from '../../services/verification/verification.usecases.ts';
import { startWorkers, type RunningWorkers } from '../../workers/main.ts';
import { buildAssessment } from '../assessments/helpers.ts';
import { createTestDeps } from '../helpers/deps.ts';
import { buildCohort, buildPerson, buildProgramme } from '../helpers/factories.ts';
import { launchChromium, screenshot, seriousAccessibilityViolations, type Browser } from './harness.ts';

// Browser globals, for the functions run inside the page by page.evaluate (this project has no DOM lib).
declare const document: any;
declare function getComputedStyle(element: unknown): any;

/**
 * A learner's way through the real pages in Chromium, with the real workers and a real
 * SMTP sink: the sign-in link read from the mail, enrolment (approved by an admin through
 * the use case), modules, the assessment (right answers read from the database), the
 * marking and issuance workers, and the badge downloaded from the badges page.
 */
const sink: SmtpSink = await startSmtpSink();
const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
const deps = createTestDeps({ config: { PUBLIC_URL: origin, SMTP_URL: sink.url } });
const server: ServerType = await new Promise((resolve) => {
  const s = serve({ fetch: createApp(deps).fetch, hostname: '127.0.0.1', port }, () => resolve(s));
});
let workers: RunningWorkers;
let browser: Browser;
let page: Page;

const admin = await buildPerson(deps.db, { roles: ['admin'] });
const learner = await buildPerson(deps.db, { roles: ['learner'], displayName: 'Amélie Dubois', email: `amelie.${Date.now()}@commune.example.be`, locale: 'en' });
const { version } = await buildProgramme(deps.db, { version: { moduleCount: 2 } });
await buildAssessment(deps.db, { programmeVersionId: version.id });
const cohort = await buildCohort(deps.db, { programmeVersionId: version.id, capacity: 12 });
const url = (p: string) => `${origin}${p}`;
const state: { enrolmentId?: string; attemptId?: string; credentialId?: string } = {};

beforeAll(async () => {
  await ensureIssuerKey(deps);
  workers = await startWorkers(deps, ['email', 'marking', 'issuance']);
  browser = await launchChromium();
  page = await browser.context.newPage();
});
afterAll(async () => {
  await browser?.close();
  await workers?.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await sink.close();
});

async function expectAccessible(name: string) {
  expect(await seriousAccessibilityViolations(page), name).toEqual([]);
  await screenshot(page, `learn-${name}`);
}

async function focusedId(): Promise<string> {
  return page.evaluate(() => document.activeElement?.id ?? '');
}

async function focusIsVisible(): Promise<boolean> {
  return page.evaluate(() => {
    const style = getComputedStyle(document.activeElement);
    return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none';
  });
}

/** Presses Tab until the element with this id has the focus (keyboard only), checking the focus shows. */
async function tabTo(id: string, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if ((await focusedId()) === id) {
      expect(await focusIsVisible()).toBe(true);
      return;
    }
  }
  throw new Error(`Tab never reached #${id}`);
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('a learner in the browser, from the emailed sign-in link to the downloaded badge', () => {
  it('signs in with the link from the mailbox, using the keyboard only', async () => {
    await page.goto(url('/learn?lang=en'));
    await page.goto(url('/learn'));
    expect(page.url()).toBe(url('/sign-in?next=%2Flearn'));
    await expectAccessible('sign-in');
    await tabTo('email');
    await page.keyboard.type(learner.email);
    await Promise.all([page.waitForURL(url('/sign-in')), page.keyboard.press('Enter')]);
    expect(await page.locator('h1').innerText()).toContain('Check your mailbox');
    await expectAccessible('check-mailbox');
    const mail = await sink.waitFor((m) => m.to.includes(learner.email), 20_000);
    const link = /https?:\/\/\S+\/sign-in\/callback\?token=[A-Za-z0-9_-]+/.exec(mail.text)![0];
    expect(link.startsWith(origin)).toBe(true);
    await page.goto(link);
    expect(await page.locator('h1').textContent()).toBe('Sign in to Brevet');
    await expectAccessible('sign-in-callback');
    await Promise.all([page.waitForURL(url('/learn')), page.getByRole('button', { name: 'Sign in', exact: true }).click()]);
    expect(await page.locator('.account__name').textContent()).toBe('Signed in as Amélie Dubois');
    await expectAccessible('home');
  });

  it('asks to enrol in a cohort from the catalogue', async () => {
    await page.getByRole('link', { name: 'Catalogue', exact: true }).click();
    await page.waitForURL(url('/learn/catalogue'));
    await expectAccessible('catalogue');
    await page.locator(`#enrol-${cohort.id}`).click();
    await page.waitForURL(/\/learn\/enrolments\/[0-9a-f-]{36}\?done=requested$/);
    state.enrolmentId = /enrolments\/([0-9a-f-]{36})/.exec(page.url())![1];
    expect(await page.getByRole('status').textContent()).toContain('Your request is sent.');
    await expectAccessible('enrolment-requested');
  });

  it('follows the modules once approved, completing them with the keyboard', async () => {
    await decideEnrolment(deps, { enrolmentId: state.enrolmentId!, decision: 'approve', principal: { kind: 'person', id: admin.id, roles: admin.roles, organisationId: null } });
    await page.goto(url(`/learn/enrolments/${state.enrolmentId}`));
    await expectAccessible('enrolment');
    const modules = await deps.db.selectFrom('programme_modules').select('id').where('programme_version_id', '=', version.id).orderBy('position').execute();
    for (const { id } of modules) {
      // From the page without ?done=…, so waiting for that URL waits for this module's answer.
      await page.goto(url(`/learn/enrolments/${state.enrolmentId}`));
      await page.locator('#main').focus();
      await tabTo(`minutes-${id}`);
      await page.keyboard.press('Control+A');
      await page.keyboard.type('110');
      await Promise.all([page.waitForURL(/done=moduleCompleted/), page.keyboard.press('Enter')]);
    }
    const text = await page.locator('main').innerText();
    expect(text).toContain('2 of 2');
    expect(text).toContain('Time spent: 110 minutes');
  });

  it('takes the assessment (answers chosen with the keyboard), submits once and sees the result once marked', async () => {
    await Promise.all([page.waitForURL(/\/attempts\/[0-9a-f-]{36}$/), page.getByRole('button', { name: 'Start the assessment' }).click()]);
    state.attemptId = /attempts\/([0-9a-f-]{36})$/.exec(page.url())![1];
    await expectAccessible('attempt');
    const attempt = await deps.db.selectFrom('attempts').select('question_ids').where('id', '=', state.attemptId!).executeTakeFirstOrThrow();
    const questions = await deps.db.selectFrom('questions').select(['id', 'correct_option_ids']).where('id', 'in', attempt.question_ids).execute();
    for (const q of questions) {
      for (const option of q.correct_option_ids) {
        await page.locator(`#q-${q.id}-${option}`).focus();
        await page.keyboard.press('Space');
        expect(await page.locator(`#q-${q.id}-${option}`).isChecked()).toBe(true);
      }
    }
    await page.getByRole('button', { name: 'Submit my answers' }).focus();
    expect(await focusIsVisible()).toBe(true);
    await Promise.all([page.waitForURL(/done=submitted$/), page.keyboard.press('Enter')]);
    await expectAccessible('attempt-submitted');
    await eventually('the marked result', async () => {
      await page.goto(url(`/learn/enrolments/${state.enrolmentId}/attempts/${state.attemptId}`));
      return (await page.locator('main').innerText()).includes('Your result: Passed') ? true : undefined;
    });
    await expectAccessible('attempt-result');
  });

  it('downloads the issued badge from the badges page (JSON-LD that verifies, and the PDF certificate)', async () => {
    state.credentialId = await eventually('the issued badge', async () => {
      const row = await deps.db.selectFrom('credentials').select('id').where('holder_person_id', '=', learner.id).executeTakeFirst();
      return row?.id;
    });
    await page.goto(url('/learn/badges'));
    expect(await page.locator('h2').first().textContent()).toBe('Programme (en)');
    await expectAccessible('badges');
    // The docs copy is refreshed on request only, so a test run never leaves the work tree changed.
    if (process.env.UPDATE_DOCS_SCREENSHOTS) {
      await mkdir(path.resolve('docs/screenshots'), { recursive: true });
      await copyFile(path.resolve('test-results/screenshots/learn-badges.png'), path.resolve('docs/screenshots/learn-badges.png'));
    }
    const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Badge file (JSON-LD)' }).click()]);
    expect(json.suggestedFilename()).toBe(`brevet-badge-${state.credentialId}.json`);
    const credential = JSON.parse(await readFile((await json.path())!, 'utf8'));
    expect((await verifyPresentedCredential(deps, credential)).outcome).toBe('valid');
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Certificate (PDF, with a QR code)' }).click()]);
    expect((await readFile((await pdf.path())!)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('shares the badge with the switch and sees the name on the public page', async () => {
    await Promise.all([page.waitForURL(/done=shared/), page.getByRole('button', { name: 'Show my name' }).click()]);
    expect(await page.getByRole('status').textContent()).toContain('Your name is now shown on the public page.');
    await Promise.all([page.waitForURL(url(`/verify/${state.credentialId}`)), page.getByRole('link', { name: 'Open its public verification page' }).click()]);
    expect(await page.locator('main').innerText()).toContain('Amélie Dubois');
  });
});
